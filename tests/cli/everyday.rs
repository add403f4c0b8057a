//! The CLI as people use it every day (issue 18): nothing skipped in silence, checks that
//! could not be made never read as clean, repositories found from a subdirectory, the
//! pre-commit message, remediation that follows the verdict, and the smaller paths.

use crate::common::{token, TestEnv};

/// `--only-live` leaves out every token that is not live; one whose check could not be made
/// (no org known, or no answer) must not turn into a silent exit 0.
#[test]
fn issue_18_only_live_with_unchecked_tokens_is_not_clean() {
    let env = TestEnv::new();
    // No org anywhere: the token cannot be sent anywhere (not checked).
    env.write(".env", format!("OKTA_API_TOKEN={}\n", token(1800)));
    let (stdout, stderr, code) = env.run(&["scan", ".", "--verify", "--only-live"]);
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("1 token could not be checked"), "{stderr}");
    // Said with --quiet too: it is why the exit status is 2.
    let (_, stderr, code) = env.run(&["scan", ".", "--verify", "--only-live", "--quiet"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("could not be checked"), "{stderr}");

    // An org that does not answer (nothing listens on port 1): unknown.
    let env = TestEnv::new();
    env.write(
        ".env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(1801)
        ),
    );
    let (_, stderr, code) = env.run(&[
        "scan",
        ".",
        "--verify",
        "--only-live",
        "--okta-endpoint",
        "acme.okta.com=http://127.0.0.1:1",
        "--verify-timeout",
        "5",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("0 live, 0 inactive, 1 unknown"), "{stderr}");
    assert!(stderr.contains("1 token could not be checked"), "{stderr}");
}

/// `1 files` reads as `1 file`.
#[test]
fn issue_18_summary_counts_read_as_english() {
    let env = TestEnv::new();
    env.write("a.txt", "nothing here\n");
    let (_, stderr, code) = env.run(&["scan", "."]);
    assert_eq!(code, 0);
    assert!(stderr.contains("scanned 1 file ("), "{stderr}");
}
