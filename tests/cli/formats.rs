//! Report formats: text, JSON fields, SARIF validity, redaction, `--output`.

use serde_json::Value;

use crate::common::{findings, redacted, str_of, token, TestEnv};

fn leaky_tree() -> (TestEnv, Vec<String>) {
    let env = TestEnv::new();
    let tokens = vec![token(100), token(101)];
    env.write(
        "app/.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            tokens[0]
        ),
    );
    env.write(
        "scripts/users sync.sh",
        format!(
            "curl -H \"Authorization: SSWS {}\" https://acme.okta.com/api/v1/users\n",
            tokens[1]
        ),
    );
    (env, tokens)
}

fn run(env: &TestEnv, args: &[&str]) -> (String, String, i32) {
    let out = env.cmd().args(args).output().expect("run");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn text_report_blocks() {
    let (env, tokens) = leaky_tree();
    let (stdout, stderr, code) = run(&env, &["scan"]);
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

/// GitHub's upload schema puts some `anyOf` lists inside `properties`, where they are not
/// valid JSON Schema; move each up to its object, which is what the schema means (and is
/// stricter than ignoring them).
fn repair_misplaced_any_of(schema: &mut Value) {
    if let Some(obj) = schema.as_object_mut() {
        let moved = obj
            .get_mut("properties")
            .and_then(Value::as_object_mut)
            .and_then(|props| props.remove("anyOf").filter(Value::is_array));
        if let Some(any_of) = moved {
            obj.insert("anyOf".to_string(), any_of);
        }
        obj.values_mut().for_each(repair_misplaced_any_of);
    } else if let Some(list) = schema.as_array_mut() {
        list.iter_mut().for_each(repair_misplaced_any_of);
    }
}

fn validate(schema_file: &str, instance: &Value) {
    let path = format!("{}/tests/data/{schema_file}", env!("CARGO_MANIFEST_DIR"));
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    repair_misplaced_any_of(&mut schema);
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}

fn sarif_of(env: &TestEnv, args: &[&str]) -> Value {
    let (stdout, stderr, _) = run(env, &[&["scan", "--format", "sarif"], args].concat());
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"))
}

#[test]
fn sarif_validates_and_carries_rule_metadata() {
    let (env, tokens) = leaky_tree();
    let sarif = sarif_of(&env, &[]);
    validate("sarif-schema-2.1.0.json", &sarif);
    validate("codeql-action-sarif-schema-2.1.0.json", &sarif);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["tool"]["driver"]["name"], "oktaleaks");
    assert!(run["tool"]["driver"]["semanticVersion"].is_string());
    for rule in run["tool"]["driver"]["rules"].as_array().expect("rules") {
        let tags = rule["properties"]["tags"].as_array().expect("tags");
        assert!(tags.contains(&Value::from("security")) && tags.contains(&Value::from("secret")));
        let sev: f64 = rule["properties"]["security-severity"]
            .as_str()
            .expect("string")
            .parse()
            .expect("number");
        assert!((0.0..=10.0).contains(&sev));
        assert!(rule["properties"]["precision"].is_string());
        assert!(str_of(&rule["help"], "markdown").contains("Revoke"));
        assert!(rule["fullDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let r = &results[1];
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "scripts/users%20sync.sh");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 1);
    assert_eq!(loc["region"]["startColumn"], 30);
    assert_eq!(loc["region"]["endColumn"], 72);
    assert_eq!(r["level"], "error");
    assert!(str_of(&r["message"], "text").contains("Revoke it now"));
    assert!(
        str_of(&r["partialFingerprints"], "oktaleaks/rule-secret/v1").starts_with("okta.ssws:")
    );
    let text = sarif.to_string();
    assert!(
        !tokens.iter().any(|t| text.contains(t.as_str())),
        "a full token leaked into SARIF"
    );
}

#[test]
fn sarif_with_no_findings_still_has_results() {
    let env = TestEnv::new();
    env.write("clean.txt", "nothing here\n");
    let sarif = sarif_of(&env, &[]);
    validate("sarif-schema-2.1.0.json", &sarif);
    validate("codeql-action-sarif-schema-2.1.0.json", &sarif);
    assert_eq!(sarif["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn no_full_token_anywhere_unless_show_secrets() {
    let (env, tokens) = leaky_tree();
    for format in ["text", "json", "sarif"] {
        let (stdout, stderr, _) = run(&env, &["scan", "--format", format]);
        for t in &tokens {
            assert!(
                !stdout.contains(t.as_str()) && !stderr.contains(t.as_str()),
                "{format} leaked {t}"
            );
        }
        let (stdout, _, _) = run(&env, &["scan", "--format", format, "--show-secrets"]);
        assert!(
            tokens.iter().all(|t| stdout.contains(t.as_str())),
            "{format} --show-secrets hid a token"
        );
    }
}

#[test]
fn output_file_is_written() {
    let (env, _) = leaky_tree();
    let (stdout, _, code) = run(
        &env,
        &[
            "scan",
            "--format",
            "sarif",
            "--output",
            "out/leaks.sarif",
            "app",
        ],
    );
    assert_eq!(code, 2, "the output directory does not exist: an error");
    assert!(stdout.is_empty());
    std::fs::create_dir(env.path().join("out")).expect("mkdir");
    let (stdout, _, code) = run(
        &env,
        &[
            "scan",
            "--format",
            "sarif",
            "--output",
            "out/leaks.sarif",
            "app",
        ],
    );
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
