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

/// A repository whose `.gitignore` lists `.env` and a build directory.
fn repo_with_ignored_env() -> (TestEnv, String) {
    let env = TestEnv::new();
    env.git_init(".");
    let secret = token(1810);
    env.write(".gitignore", ".env\nbuild/\n*.log\n");
    env.write(
        ".env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={secret}\n"),
    );
    env.write("build/out.txt", "built\n");
    env.write("debug.log", "log\n");
    env.write("main.rs", "fn main() {}\n");
    (env, secret)
}

/// Ignored files are counted with the flag that includes them, and an ignored file whose
/// name says credentials is scanned by default and named on stderr.
#[test]
fn issue_18_ignored_files_are_counted_and_credential_files_scanned() {
    let (env, secret) = repo_with_ignored_env();
    let (stdout, stderr, code) = env.run(&["scan", "."]);
    assert_eq!(
        code, 1,
        "the ignored .env holds a token\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(".env:2:16: okta.keyed"), "{stdout}");
    assert!(
        stderr.contains(".env: ignored by .gitignore or .ignore, scanned anyway"),
        "{stderr}"
    );
    // build/ (one path, not entered) and debug.log.
    assert!(
        stderr.contains("skipped 2 ignored (--no-ignore scans them)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scanned 1 ignored credential file"),
        "{stderr}"
    );

    let (json, _) = env.scan_json(&["--show-secrets", "."]);
    assert_eq!(json["stats"]["skipped_ignored"], 2);
    assert_eq!(json["stats"]["ignored_scanned"], 1);
    assert_eq!(json["findings"][0]["token"], secret.as_str());

    // --no-ignore scans everything and skips nothing.
    let (_, stderr, code) = env.run(&["scan", ".", "--no-ignore"]);
    assert_eq!(code, 1);
    assert!(!stderr.contains("ignored"), "{stderr}");
}

/// `-` and `/dev/stdin` read standard input.
#[test]
fn issue_18_dash_and_dev_stdin_read_standard_input() {
    let env = TestEnv::new();
    let input = format!(
        "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
        token(1811)
    );
    for root in ["-", "/dev/stdin"] {
        let (stdout, stderr, code) = env.run_with_stdin(&["scan", root], &input);
        assert_eq!(code, 1, "{root}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("<stdin>:2:16: okta.keyed"),
            "{root}: {stdout}"
        );
        assert!(stderr.contains("scanned 1 file ("), "{root}: {stderr}");
    }
    // With a directory too: both are scanned.
    env.write("ok.txt", "nothing\n");
    let (_, stderr, code) = env.run_with_stdin(&["scan", "-", "."], &input);
    assert_eq!(code, 1);
    assert!(stderr.contains("scanned 2 files ("), "{stderr}");
}

/// Runs `git <args>` in `dir`, with an identity for commits.
fn git(dir: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ann Dev")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann Dev")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// Runs `oktaleaks <args>` with the working directory `rel` inside the tree.
fn run_in(env: &TestEnv, rel: &str, args: &[&str]) -> (String, String, i32) {
    let out = env
        .cmd()
        .current_dir(env.path().join(rel))
        .args(args)
        .output()
        .expect("run");
    crate::common::outcome(&out)
}

/// `scan --staged` and `scan --git .` work from a subdirectory, finding the repository
/// upward as git does, and the repository's own allow files apply to a subdirectory scan.
#[test]
fn issue_18_repository_found_from_a_subdirectory() {
    let env = TestEnv::new();
    env.git_init(".");
    env.write("README.md", "app\n");
    git(env.path(), &["add", "."]);
    git(env.path(), &["commit", "-q", "-m", "init"]);
    env.write(
        "app/.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(1820)
        ),
    );
    env.write("app/src/main.rs", "fn main() {}\n");
    git(env.path(), &["add", "app/.env"]);

    let (stdout, stderr, code) = run_in(&env, "app/src", &["scan", "--staged"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("app/.env"), "{stdout}");
    // PATHs are relative to the working directory, as git's are.
    let (stdout, _, code) = run_in(&env, "app", &["scan", "--staged", ".env"]);
    assert_eq!(code, 1, "{stdout}");

    git(env.path(), &["commit", "-q", "-m", "oops"]);
    let (stdout, stderr, code) = run_in(&env, "app/src", &["scan", "--git", "."]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("app/.env"), "{stdout}");

    // The repository's .oktaleaksignore and oktaleaks.toml hold for a subdirectory scan.
    env.write(".oktaleaksignore", "app/.env\n");
    let (stdout, stderr, code) = run_in(&env, "app", &["scan", "."]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stderr.contains("1 suppressed"), "{stderr}");
    std::fs::remove_file(env.path().join(".oktaleaksignore")).expect("rm");
    env.write("oktaleaks.toml", "[allow]\npaths = [\"app/\"]\n");
    let (_, stderr, code) = run_in(&env, "app", &["scan", "."]);
    assert_eq!(code, 0, "{stderr}");
}

/// The pre-commit message, through the real framework and `git commit` (the hook runs
/// with `--quiet`): one headline, the ways forward, no history rewriting for a token that
/// was never committed, and no revoke step unless HEAD already holds it.
#[test]
fn issue_18_pre_commit_message_for_a_developer_mid_commit() {
    use crate::precommit::{hooked_repo, run, text};
    let env = hooked_repo();
    let dir = env.path();
    env.write(
        ".env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(1830)
        ),
    );
    run(dir, "git", &["add", "-f", ".env"]);
    let out = run(dir, "git", &["commit", "-m", "config"]);
    let shown = text(&out);
    println!("{shown}");
    assert!(!out.status.success(), "{shown}");
    assert!(
        shown.contains("commit blocked: 1 Okta API token staged in .env"),
        "{shown}"
    );
    assert!(shown.contains("git restore --staged .env"), "{shown}");
    assert!(shown.contains("oktaleaks:allow"), "{shown}");
    assert!(shown.contains("--no-verify"), "{shown}");
    assert!(!shown.contains("filter-repo"), "{shown}");
    assert!(!shown.contains("Revoke it"), "{shown}");

    // Already committed (the hook bypassed once): now it may have left the machine.
    run(dir, "git", &["commit", "-q", "--no-verify", "-m", "sneak"]);
    let out = run(dir, "pre-commit", &["run", "--files", ".env"]);
    let shown = text(&out);
    assert!(!out.status.success(), "{shown}");
    assert!(
        shown.contains("Revoke it: HEAD already holds .env"),
        "{shown}"
    );
    assert!(
        shown.contains("https://acme-admin.okta.com/admin/access/api/tokens"),
        "{shown}"
    );
}

/// Remediation follows the verdict: a token its org rejects is not told to be revoked now.
#[test]
fn issue_18_inactive_token_is_not_told_to_revoke_now() {
    use crate::okta::{Behaviour, StandIn};
    let okta = StandIn::start(vec![], Behaviour::Okta);
    let env = TestEnv::new();
    env.write(
        ".env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(1840)
        ),
    );
    let route = format!("acme.okta.com={}", okta.url());
    let (stdout, stderr, code) = env.run(&["scan", ".", "--verify", "--okta-endpoint", &route]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("verified: inactive"), "{stdout}");
    assert!(stdout.contains("Nothing to revoke"), "{stdout}");
    assert!(!stdout.to_lowercase().contains("revoke it now"), "{stdout}");
    assert!(!stdout.contains("Revoke the token now"), "{stdout}");
}

/// Placeholder orgs from docs are no org: not shown, not verified.
#[test]
fn issue_18_placeholder_orgs_are_no_org() {
    for host in [
        "your-subdomain.okta.com",
        "targetorg.okta.com",
        "your-org.okta.com",
        "yourOktaDomain.okta.com",
        "example.okta.com",
    ] {
        let env = TestEnv::new();
        env.write(
            "app.sh",
            format!(
                "curl -H \"Authorization: SSWS {}\" https://{host}/api/v1/users\n",
                token(1850)
            ),
        );
        let (json, _) = env.scan_json(&["."]);
        assert_eq!(
            json["findings"][0]["org_url"],
            serde_json::Value::Null,
            "{host}"
        );
        let (stdout, stderr, _) = env.run(&["scan", ".", "--verify"]);
        let host_label = host.split('.').next().unwrap_or_default().to_lowercase();
        // Only the quoted line may name it: no `org:` or fix line does.
        let named = stdout
            .lines()
            .filter(|l| !l.starts_with("    line:"))
            .any(|l| l.to_lowercase().contains(&format!("//{host_label}.")));
        assert!(!named, "{host}: {stdout}");
        assert!(stderr.contains("1 not checked"), "{host}: {stderr}");
    }
}

/// One block per secret, the steps once, prose wrapped, colour on request only.
#[test]
fn issue_18_text_report_scales() {
    let env = TestEnv::new();
    let secret = token(1860);
    for i in 0..6 {
        env.write(
            &format!("svc{i}/deploy.sh"),
            format!(
                "curl -H \"Authorization: SSWS {secret}\" https://acme.okta.com/api/v1/users\n"
            ),
        );
    }
    let (stdout, _, code) = env.run(&["scan", "."]);
    assert_eq!(code, 1);
    assert_eq!(stdout.matches("okta.ssws (certain)").count(), 1, "{stdout}");
    assert!(
        stdout.contains("also:  in 5 more places: svc1/deploy.sh:1:30"),
        "{stdout}"
    );
    assert!(stdout.contains("and 2"), "{stdout}");
    assert_eq!(stdout.matches("What to do").count(), 1);
    for line in stdout.lines().filter(|l| !l.starts_with("    line:")) {
        assert!(line.chars().count() <= 100, "not wrapped: {line}");
    }
    assert!(!stdout.contains('\x1b'), "colour into a pipe: {stdout}");
    let (stdout, _, _) = env.run(&["scan", ".", "--color", "always"]);
    assert!(stdout.contains("\x1b["), "{stdout}");
    let (stdout, _, _) = env.run(&["scan", ".", "--color", "never"]);
    assert!(!stdout.contains('\x1b'));
}

/// A missing root is reported and the other roots are still scanned (exit 2 at the end when
/// nothing was found).
#[test]
fn issue_18_missing_root_does_not_stop_the_others() {
    let env = TestEnv::new();
    env.write("good.env", "NOTHING=here\n");
    let (_, stderr, code) = env.run(&["scan", "nope", "good.env"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("nope: No such file"), "{stderr}");
    assert!(stderr.contains("scanned 1 file ("), "{stderr}");
    // A finding in the rest still wins.
    env.write(
        "bad.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(1870)
        ),
    );
    let (stdout, _, code) = env.run(&["scan", "nope", "bad.env"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("bad.env:2:16"), "{stdout}");
}

/// `-o` names the format, or a mismatch with `-f` is refused.
#[test]
fn issue_18_output_name_picks_the_format() {
    let env = TestEnv::new();
    env.write(
        ".env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(1871)
        ),
    );
    let (_, stderr, code) = env.run(&["scan", ".", "-o", "out.sarif"]);
    assert_eq!(code, 1, "{stderr}");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path().join("out.sarif")).expect("read"))
            .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    env.run(&["scan", ".", "-o", "out.json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path().join("out.json")).expect("read"))
            .expect("JSON");
    assert_eq!(json["version"], 1);
    let (_, stderr, code) = env.run(&["scan", ".", "-o", "x.sarif", "-f", "text"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("does not match the --output name"),
        "{stderr}"
    );
    assert!(!env.path().join("x.sarif").exists());
}

/// `verify` sends nothing for input that is not token-shaped.
#[test]
fn issue_18_verify_refuses_what_is_not_a_token() {
    use crate::okta::{Behaviour, StandIn};
    let okta = StandIn::start(vec![], Behaviour::Okta);
    let env = TestEnv::new();
    let (_, stderr, code) = env.run_with_stdin(&["verify", "--okta-org", &okta.url()], "hello\n");
    assert_eq!(code, 2);
    assert!(stderr.contains("not an Okta API token"), "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert!(okta.seen().is_empty());
}

/// `baseline create` keeps an existing baseline unless told `--force`.
#[test]
fn issue_18_baseline_create_does_not_overwrite() {
    let env = TestEnv::new();
    env.write(".oktaleaks-baseline.json", "{\"keep\": true}\n");
    let (_, stderr, code) = env.run(&["baseline", "create"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("pass --force"), "{stderr}");
    let kept = std::fs::read_to_string(env.path().join(".oktaleaks-baseline.json")).expect("read");
    assert_eq!(kept, "{\"keep\": true}\n");
    let (_, stderr, code) = env.run(&["baseline", "create", "--force"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn allow_entries_that_can_never_match_are_named() {
    let (env, _) = crate::common::leaky_tree();
    env.write(".oktaleaksignore", "1d9a9b53451481cddc64eece09e9cfa3\n");
    env.write("oktaleaks.toml", "[allow]\nsecrets = ['00QCjA…vbGua']\n");
    let (_, stderr, code) = env.run(&["scan", "-q"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(".oktaleaksignore:1") && stderr.contains("fingerprint"),
        "{stderr}"
    );
    assert!(
        stderr.contains("oktaleaks.toml:2") && stderr.contains("redacted"),
        "{stderr}"
    );
}

#[test]
fn since_commit_says_that_every_ref_is_scanned() {
    let env = TestEnv::new();
    env.git_init(".");
    env.write("a.txt", "a\n");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(env.path())
            .status()
            .expect("git")
            .success();
        assert!(ok, "{args:?}");
    };
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "a"]);
    let (_, stderr, code) = env.run(&["scan", "--git", "--since-commit", "HEAD", "."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("every branch, tag and remote ref"),
        "{stderr}"
    );
}

#[test]
fn the_text_report_wraps_to_the_terminal_it_is_printed_on() {
    let (env, _) = crate::common::leaky_tree();
    let binary = assert_cmd::cargo::cargo_bin("oktaleaks");
    // `script` gives the run a terminal of a set width, as a person's would be (shells seldom
    // export COLUMNS to programs).
    let longest = |cols: u32| -> usize {
        let out = std::process::Command::new("script")
            .args(["-q", "-e", "-c"])
            .arg(format!(
                "stty cols {cols} rows 50; {} scan -q --color never .",
                binary.display()
            ))
            .arg("/dev/null")
            .env_remove("COLUMNS")
            .current_dir(env.path())
            .output()
            .expect("script (util-linux) runs the binary on a terminal");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.contains("token:") && !l.contains("line:"))
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    let (narrow, wide) = (longest(60), longest(140));
    assert!(
        narrow > 0 && narrow <= 60,
        "a 60-column terminal got {narrow}"
    );
    assert!(wide > 60, "a 140-column terminal got at most {wide}");
}

#[test]
fn baseline_create_shows_and_takes_only_its_own_options() {
    let (env, _) = crate::common::leaky_tree();
    let (help, _, code) = env.run(&["baseline", "create", "--help"]);
    assert_eq!(code, 0);
    for scan_only in [
        "--format",
        "--sarif-category",
        "--staged",
        "--show-secrets",
        "--color",
    ] {
        assert!(!help.contains(scan_only), "{scan_only} in: {help}");
    }
    assert!(help.contains("--force") && help.contains("--git"), "{help}");
    let (_, stderr, code) = env.run(&["baseline", "create", "-f", "sarif"]);
    assert_eq!(code, 2, "{stderr}");
    let (_, stderr, code) = env.run(&["baseline", "create", "-q", "-o", "b.json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(env.path().join("b.json").is_file());
}

#[test]
fn a_history_scan_on_a_terminal_shows_its_progress_and_a_piped_one_does_not() {
    let env = crate::common::TestEnv::new();
    env.git_init(".");
    // More blobs than one progress step, each file distinct.
    for i in 0..1_100 {
        env.write(&format!("src/f{i}.txt"), format!("line {i}\n"));
    }
    env.git(".", &["add", "-A"]);
    env.git(".", &["commit", "-q", "-m", "many files"]);
    let binary = assert_cmd::cargo::cargo_bin("oktaleaks");
    let out = std::process::Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!("{} scan --git --color never .", binary.display()))
        .arg("/dev/null")
        .current_dir(env.path())
        .output()
        .expect("script (util-linux) runs the binary on a terminal");
    let on_terminal = String::from_utf8_lossy(&out.stdout);
    assert!(
        on_terminal.contains("of 1100 blobs"),
        "no progress line on a terminal: {on_terminal}"
    );
    let (_, piped, code) = env.run(&["scan", "--git", "."]);
    assert_eq!(code, 0, "{piped}");
    assert!(
        !piped.contains("of 1100 blobs"),
        "progress drawn into a pipe: {piped}"
    );
}

#[test]
fn an_org_that_does_not_resolve_is_said_in_one_plain_sentence() {
    // An empty network namespace (util-linux `unshare -n`, as root: CI's user): name
    // resolution fails at once and nothing leaves the machine.
    let binary = assert_cmd::cargo::cargo_bin("oktaleaks");
    let out = std::process::Command::new("unshare")
        .arg("-n")
        .arg(&binary)
        .args(["verify", "--okta-org", "https://acme-nowhere.okta.com"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(crate::common::token(595).as_bytes())?;
            }
            child.wait_with_output()
        })
        .expect("unshare (util-linux) runs the binary without a network");
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("acme-nowhere.okta.com does not resolve ("),
        "{shown}"
    );
    assert!(
        !shown.contains("error sending request") && !shown.contains("client error"),
        "a raw error chain: {shown}"
    );
    assert_eq!(shown.trim().lines().count(), 1, "{shown}");
}
