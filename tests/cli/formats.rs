//! Report formats: text, JSON fields, SARIF validity, redaction, `--output`.

use serde_json::Value;

use crate::common::{findings, leaky_tree, redacted, str_of, token, TestEnv};

#[test]
fn text_report_blocks() {
    let (env, tokens) = leaky_tree();
    let (stdout, stderr, code) = env.run(&["scan"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("app/.env:2:16: okta.keyed (certain)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("scripts/users sync.sh:1:30: okta.ssws (certain)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("token: {}", redacted(&tokens[0]))),
        "{stdout}"
    );
    assert!(stdout.contains("org:   https://acme.okta.com"));
    assert!(stdout.contains("https://acme-admin.okta.com/admin/access/api/tokens"));
    assert!(stdout.contains("System Log"));
    assert!(stdout.contains("network zone"));
    assert!(
        stderr.contains("scanned 2 files") && stderr.contains("2 findings"),
        "{stderr}"
    );
}

#[test]
fn json_report_fields() {
    let (env, tokens) = leaky_tree();
    let (json, out) = env.scan_json(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "oktaleaks");
    assert_eq!(json["stats"]["files_scanned"], 2);
    assert_eq!(json["stats"]["findings"], 2);
    let list = findings(&json);
    assert_eq!(list.len(), 2);
    let f = &list[0];
    assert_eq!(str_of(f, "path"), "app/.env");
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 16);
    assert_eq!(f["end_line"], 2);
    assert_eq!(f["end_column"], 58);
    assert_eq!(str_of(f, "rule_id"), "okta.keyed");
    assert_eq!(str_of(f, "confidence"), "certain");
    assert_eq!(str_of(f, "token"), redacted(&tokens[0]));
    assert_eq!(f["token_redacted"], true);
    assert_eq!(str_of(f, "org_url"), "https://acme.okta.com");
    assert_eq!(f["source"]["kind"], "file");
    assert_eq!(str_of(f, "fingerprint").len(), 32);
    assert_eq!(str_of(f, "secret_hash").len(), 32);
    assert!(f["remediation"].as_array().is_some_and(|r| r.len() == 4));
    assert!(str_of(&f["remediation"][0], "detail").contains("api-tokens/current"));
}

#[test]
fn fingerprints_do_not_move_with_the_line() {
    let env = TestEnv::new();
    let t = token(102);
    env.write("a.env", format!("OKTA_API_TOKEN={t}\n"));
    let (before, _) = env.scan_json(&[]);
    env.write("a.env", format!("# moved\n\n\nOKTA_API_TOKEN={t}\n"));
    let (after, _) = env.scan_json(&[]);
    assert_eq!(
        before["findings"][0]["fingerprint"],
        after["findings"][0]["fingerprint"]
    );
    assert_ne!(before["findings"][0]["line"], after["findings"][0]["line"]);
}

#[test]
fn no_full_token_anywhere_unless_show_secrets() {
    let (env, tokens) = leaky_tree();
    for format in ["text", "json", "sarif"] {
        let (stdout, stderr, _) = env.run(&["scan", "--format", format]);
        for t in &tokens {
            assert!(
                !stdout.contains(t.as_str()) && !stderr.contains(t.as_str()),
                "{format} leaked {t}"
            );
        }
        let (stdout, _, _) = env.run(&["scan", "--format", format, "--show-secrets"]);
        assert!(
            tokens.iter().all(|t| stdout.contains(t.as_str())),
            "{format} --show-secrets hid a token"
        );
    }
}

#[test]
fn output_file_is_written() {
    let (env, _) = leaky_tree();
    let (stdout, _, code) = env.run(&[
        "scan",
        "--format",
        "sarif",
        "--output",
        "out/leaks.sarif",
        "app",
    ]);
    assert_eq!(code, 2, "the output directory does not exist: an error");
    assert!(stdout.is_empty());
    std::fs::create_dir(env.path().join("out")).expect("mkdir");
    let (stdout, _, code) = env.run(&[
        "scan",
        "--format",
        "sarif",
        "--output",
        "out/leaks.sarif",
        "app",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(env.path().join("out/leaks.sarif")).expect("read"),
    )
    .expect("json");
    assert_eq!(
        written["runs"][0]["results"].as_array().map(Vec::len),
        Some(1)
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.path().join("out"))
        .expect("ls")
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary file left behind");
}

#[test]
fn output_dash_is_standard_output() {
    let (env, _) = crate::common::leaky_tree();
    let (stdout, stderr, code) = env.run(&["scan", "-q", "-f", "json", "-o", "-"]);
    assert_eq!(code, 1, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("report on stdout");
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(2));
    assert!(!env.path().join("-").exists());
}

/// `--show-secrets` shows the token in the snippet too, in every format : a JSON
/// snippet stayed redacted beside the full `token`.
#[test]
fn show_secrets_shows_the_token_in_snippets_of_every_format() {
    let (env, tokens) = leaky_tree();
    let (json, _) = env.scan_json(&["--show-secrets"]);
    for f in crate::common::findings(&json) {
        let token = crate::common::str_of(&f, "token");
        assert!(tokens.contains(&token), "{f}");
        assert!(
            crate::common::str_of(&f, "snippet").contains(&token),
            "JSON snippet redacted: {f}"
        );
    }
    let (stdout, _, _) = env.run(&["scan", "--format", "sarif", "--show-secrets"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).expect("sarif");
    for r in sarif["runs"][0]["results"].as_array().expect("results") {
        let snippet = &r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"];
        assert!(
            tokens
                .iter()
                .any(|t| snippet.as_str().unwrap_or("").contains(t.as_str())),
            "SARIF snippet redacted: {snippet}"
        );
    }
}
