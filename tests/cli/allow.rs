//! Baselines and allow rules: each suppresses exactly what it should, is counted, and can be
//! shown; broken files are clear errors.

use serde_json::Value;

use crate::common::{leaky_tree, sorted_tokens, token, TestEnv};

#[test]
fn baseline_is_byte_stable_and_holds_no_secret() {
    let (env, tokens) = leaky_tree();
    let (_, stderr, code) = env.run(&["baseline", "create", "-o", "base.json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("records 2 findings"), "{stderr}");
    let first = std::fs::read(env.path().join("base.json")).expect("read");
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.run(&["baseline", "create", "-o", "base.json"]);
    let second = std::fs::read(env.path().join("base.json")).expect("read");
    assert_eq!(first, second, "re-creating the baseline changed its bytes");
    let text = String::from_utf8(first).expect("utf-8");
    for t in &tokens {
        assert!(
            !text.contains(t.as_str()) && !text.contains(&t[..12]),
            "secret in baseline"
        );
    }
    let parsed: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(parsed["findings"].as_array().map(Vec::len), Some(2));
    assert_eq!(parsed["findings"][0]["path"], "app/.env");
    // The same tree, scanned from elsewhere, gives the same fingerprints.
    let (_, _, code) = env.run(&[
        "baseline",
        "create",
        "-o",
        "abs.json",
        env.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code, 0);
    let abs = std::fs::read(env.path().join("abs.json")).expect("read");
    assert_eq!(abs, text.as_bytes());
}

#[test]
fn baseline_suppresses_exactly_what_it_records() {
    let (env, tokens) = leaky_tree();
    env.run(&["baseline", "create", "-o", "base.json"]);
    let (json, out) = env.scan_json(&["--baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(0), "everything is in the baseline");
    assert_eq!(json["stats"]["suppressed"], 2);
    assert_eq!(json["stats"]["findings"], 0);
    let (_, stderr, _) = env.run(&["scan", "--baseline", "base.json"]);
    assert!(stderr.contains("2 suppressed"), "{stderr}");

    // A new secret on the old line is reported.
    let fresh = token(400);
    env.write(
        "app/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={fresh}\n"),
    );
    // The old secret in a new file is reported.
    env.write("deploy/.env", format!("OKTA_API_TOKEN={}\n", tokens[1]));
    // The old secret at another line of its old file stays suppressed.
    env.write(
        "scripts/users sync.sh",
        format!(
            "# moved down\n\ncurl -H \"Authorization: SSWS {}\" https://acme.okta.com\n",
            tokens[1]
        ),
    );
    let (json, out) = env.scan_json(&["--baseline", "base.json", "--show-secrets"]);
    assert_eq!(out.status.code(), Some(1));
    let mut expected = vec![fresh, tokens[1].clone()];
    expected.sort();
    assert_eq!(sorted_tokens(&json), expected);
    assert_eq!(json["stats"]["suppressed"], 1);
}

#[test]
fn inline_allow_covers_its_line_only() {
    let env = TestEnv::new();
    let (a, b) = (token(401), token(402));
    env.write(
        "ci.yml",
        format!("env:\n  OKTA_API_TOKEN: {a}  # oktaleaks:allow test fixture\n  OKTA_CLIENT_TOKEN: {b}\n"),
    );
    let (json, out) = env.scan_json(&["--show-secrets"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(sorted_tokens(&json), vec![b]);
    assert_eq!(json["stats"]["suppressed"], 1);
    let (json, _) = env.scan_json(&["--show-secrets", "--include-suppressed"]);
    let allowed: Vec<&Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !f["suppression"].is_null())
        .collect();
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0]["token"], a.as_str());
    assert_eq!(allowed[0]["suppression"]["kind"], "inSource");
}

#[test]
fn ignore_file_and_config_allow_paths_and_secrets() {
    let env = TestEnv::new();
    let (kept, by_ignore, by_path, by_secret) = (token(403), token(404), token(405), token(406));
    env.write("src/.env", format!("OKTA_API_TOKEN={kept}\n"));
    env.write(
        "fixtures/okta/.env",
        format!("OKTA_API_TOKEN={by_ignore}\n"),
    );
    env.write("docs/example.env", format!("OKTA_API_TOKEN={by_path}\n"));
    env.write(
        "src/test.env",
        format!("OKTA_API_TOKEN=00Zq8Fx{}\n", &by_secret[7..]),
    );
    env.write(".oktaleaksignore", "# fixtures are fake\nfixtures/\n");
    env.write(
        "oktaleaks.toml",
        "[allow]\npaths = [\"docs/*.env\"]\nsecrets = ['^00Zq8Fx']\n",
    );
    let (json, out) = env.scan_json(&["--show-secrets", "--include-suppressed"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json["stats"]["suppressed"], 3);
    assert_eq!(json["stats"]["findings"], 1);
    for f in json["findings"].as_array().expect("findings") {
        let reason = f["suppression"]["reason"].as_str().unwrap_or("");
        let path = f["path"].as_str().unwrap_or("");
        match path {
            "src/.env" => assert!(f["suppression"].is_null()),
            "fixtures/okta/.env" => assert!(reason.contains(".oktaleaksignore"), "{reason}"),
            "docs/example.env" => assert!(reason.contains("[allow] paths"), "{reason}"),
            "src/test.env" => assert!(reason.contains("[allow] secrets"), "{reason}"),
            other => panic!("unexpected finding in {other}"),
        }
        if !f["suppression"].is_null() {
            assert_eq!(f["suppression"]["kind"], "external");
        }
    }
    let (json, _) = env.scan_json(&["--show-secrets"]);
    assert_eq!(sorted_tokens(&json), vec![kept.clone()]);

    // --config replaces the root's oktaleaks.toml (the ignore file still applies).
    env.write("other.toml", "[allow]\nsecrets = ['^00NOTHING']\n");
    let (json, _) = env.scan_json(&["--show-secrets", "--config", "other.toml"]);
    assert_eq!(json["stats"]["findings"], 3);
}

#[test]
fn broken_baseline_and_config_are_clear_errors() {
    let (env, _) = leaky_tree();
    env.write(
        "bad.json",
        "{\n  \"version\": 1,\n  \"findings\": [\n    {\"path\": 3}\n  ]\n}\n",
    );
    let (_, stderr, code) = env.run(&["scan", "--baseline", "bad.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.json:4"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    env.write(
        "oktaleaks.toml",
        "[allow]\npaths = [\"a\"]\nsecret = ['x']\n",
    );
    let (_, stderr, code) = env.run(&["scan"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("oktaleaks.toml:3"), "{stderr}");

    env.write(
        "oktaleaks.toml",
        "[allow]\nsecrets = [\n  '(unclosed',\n]\n",
    );
    let (_, stderr, code) = env.run(&["scan"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("oktaleaks.toml:3") && stderr.contains("allow.secrets"),
        "{stderr}"
    );

    let (_, stderr, code) = env.run(&["scan", "--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");
}

#[test]
fn oversized_allow_files_from_a_hostile_repository_are_refused() {
    let (env, _) = leaky_tree();
    // 200,000 globs (5.5 MB) once took 2 GB to compile; now the file is refused unread.
    let globs: String = (0..200_000).map(|i| format!("dir{i}/**/*.tmp\n")).collect();
    env.write(".oktaleaksignore", &globs);
    let (_, stderr, code) = env.run(&["scan"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(".oktaleaksignore") && stderr.contains("larger than 1024 KiB"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // Under the size cap but over the pattern cap.
    let globs: String = (0..20_000).map(|i| format!("d{i}\n")).collect();
    env.write(".oktaleaksignore", &globs);
    let (_, stderr, code) = env.run(&["scan"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("20000 patterns"), "{stderr}");
    // The same for oktaleaks.toml.
    std::fs::remove_file(env.path().join(".oktaleaksignore")).expect("rm");
    env.write(
        "oktaleaks.toml",
        format!("# {}\n[allow]\n", "x".repeat(2 << 20)),
    );
    let (_, stderr, code) = env.run(&["scan"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("oktaleaks.toml"), "{stderr}");
}
