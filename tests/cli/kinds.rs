//! Credential kinds are data: a kind defined in a rules file alone (no code, no other file) is
//! found in plain sight and base64-encoded (its decoder triggers derived from its shape),
//! redacted wherever it could show (reports in every format, a path, stderr), reported with its
//! own texts and remediation, and left unchecked by `--verify` (no check is named for it).

use serde_json::Value;

use crate::common::{b64, findings, str_of, TestEnv};
use crate::okta::{Behaviour, StandIn};
use crate::sarif::{check_sarif, sarif_of};

/// The only file this kind needs.
const ACME_KIND: &str = r#"version = 2

[[kind]]
id = "test.acme_key"
name = "Acme vault key"
pattern = 'AKV9[A-Za-z0-9]{32}'
alphabet = 'A-Za-z0-9'
lengths = [36]
check = "none"

[kind.randomness]
min_entropy_bits = 3.0
max_repeat = 4
max_sequence = 4

[kind.report]
about = "An Acme vault key opens the team's vault."
help = "An Acme vault key was found in the source."
console_path = "/vault/keys"
console_fallback = "the Acme console"
fix_live = "revoke it in {page}"
fix_unknown = "revoke it in {page}"
fix_inactive = "nothing to revoke"
inactive = "Acme rejects it."
noun = "Acme key"
act = "Revoke it in {page}."
tags = ["acme"]

[[kind.report.step]]
title = "Revoke the Acme key"
detail = "In {console}, revoke it, then read the vault's audit log."

[[rule]]
id = "test.acme_key"
kind = "test.acme_key"
name = "Acme vault key next to Okta configuration"
confidence = "certain"
security_severity = 7.0
nearby_okta = "lines"
examples = ['OKTA_ORG_URL=https://acme.okta.com ACME=AKV9Xq7Lp2Zr8Tn4Wb6Yc1Vd3Hs5Jg0Kf9Mq']
negative_examples = ['ACME=AKV9Xq7Lp2Zr8Tn4Wb6Yc1Vd3Hs5Jg0Kf9Mq']
"#;

const KEY: &str = "AKV9Xq7Lp2Zr8Tn4Wb6Yc1Vd3Hs5Jg0Kf9Mq";
const KEY2: &str = "AKV9bN3xQ8rT5wY2zL7kP4mJ9hG6fD1sA0cE";
/// A third, only ever in a file name.
const KEY3: &str = "AKV9Rt5Yu8Io2Pa4Sd7Fg1Hj3Kl6Zx9Cv0Bn";

fn acme_tree() -> TestEnv {
    let env = TestEnv::new();
    // The rules file sits beside the project, not in it: its examples hold a key.
    env.write("acme.toml", ACME_KIND);
    env.write(
        "project/app/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nACME_KEY={KEY}\n"),
    );
    // Base64 of a line that holds the key: found through the base64 decoder, whose trigger
    // (the key's `AKV9` prefix, encoded) comes from the kind's pattern.
    let encoded = b64(format!("okta vault: acme_key={KEY2} (rotate monthly)\n").as_bytes());
    env.write(
        "project/deploy/secret.yaml",
        format!("data:\n  acme: {encoded}\n"),
    );
    env.write(
        &format!("project/keys/{KEY3}.txt"),
        format!("okta: https://acme.okta.com\nkey={KEY}\n"),
    );
    env
}

fn no_full_key(what: &str, text: &str) {
    for key in [KEY, KEY2, KEY3] {
        assert!(
            !text.contains(key),
            "{what} shows a full key ({}…)",
            &key[..6]
        );
    }
}

#[test]
fn a_kind_from_a_rules_file_alone_is_found_redacted_and_reported() {
    let env = acme_tree();
    let rules = ["--rules", "acme.toml", "--no-ignore"];
    // The examples it carries pass.
    let (stdout, stderr, code) = env.run(&["rules", "check", "--rules", "acme.toml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // JSON: found in plain sight and decoded, under its kind and rule, redacted.
    let (json, out) = env.scan_json(&[&rules[..], &["project"]].concat());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    no_full_key("the JSON report", &text);
    let mut found: Vec<(String, String, String)> = findings(&json)
        .iter()
        .filter(|f| f["kind"] == "test.acme_key")
        .map(|f| {
            assert_eq!(f["rule_id"], "test.acme_key");
            assert_eq!(str_of(&f["remediation"][0], "title"), "Revoke the Acme key");
            (str_of(f, "path"), str_of(f, "token"), str_of(f, "encoding"))
        })
        .collect();
    found.sort();
    let redacted = |k: &str| format!("{}…{}", &k[..6], &k[k.len() - 5..]);
    assert_eq!(
        found,
        vec![
            ("project/app/.env".into(), redacted(KEY), String::new()),
            (
                "project/deploy/secret.yaml".into(),
                redacted(KEY2),
                "base64".into()
            ),
            (
                format!("project/keys/{}.txt", redacted(KEY3)),
                redacted(KEY),
                String::new()
            ),
        ]
    );
    // --show-secrets shows them, so the redaction above is the report's, not a miss.
    let (shown, _) = env.scan_json(&[&rules[..], &["--show-secrets", "project"]].concat());
    assert!(shown.to_string().contains(KEY2));
    // Text: the kind's own advice.
    let (stdout, stderr, code) = env.run(&[&["scan"], &rules[..], &["project"]].concat());
    assert_eq!(code, 1, "{stderr}");
    no_full_key("the text report", &(stdout.clone() + &stderr));
    assert!(
        stdout.contains("What to do for each leaked Acme key:"),
        "{stdout}"
    );
    assert!(stdout.contains("Revoke the Acme key"), "{stdout}");
    // SARIF: valid, the rule described by the kind's texts.
    let sarif = sarif_of(&env, &[&rules[..], &["project"]].concat());
    check_sarif(&env, &sarif);
    no_full_key("the SARIF report", &sarif.to_string());
    let rule: &Value = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "test.acme_key")
        .expect("the kind's rule is described");
    assert!(str_of(&rule["fullDescription"], "text").contains("opens the team's vault"));
    assert!(str_of(&rule["help"], "markdown").contains("**Revoke the Acme key.**"));
    assert!(rule["properties"]["tags"]
        .as_array()
        .expect("tags")
        .contains(&"acme".into()));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results
        .iter()
        .any(|r| str_of(&r["message"], "text").starts_with("Acme vault key AKV9")));
    // stderr: a message naming a path that holds a key shows it redacted.
    let missing = format!("conf/{KEY3}.toml");
    let (_, stderr, code) = env.run(
        &[
            &["scan"],
            &rules[..],
            &["--config", missing.as_str(), "project"],
        ]
        .concat(),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&redacted(KEY3)), "{stderr}");
    no_full_key("stderr", &stderr);
}

#[test]
fn a_kind_with_no_check_is_never_sent() {
    let env = acme_tree();
    let okta = StandIn::start(Vec::new(), Behaviour::Okta);
    let (json, out) = env.scan_json(&[
        "--rules",
        "acme.toml",
        "--no-ignore",
        "--verify",
        "--okta-endpoint",
        &format!("acme.okta.com={}", okta.url()),
        "project",
    ]);
    assert_eq!(out.status.code(), Some(1));
    for f in findings(&json)
        .iter()
        .filter(|f| f["kind"] == "test.acme_key")
    {
        assert_eq!(f["verification"]["status"], "not_checked", "{f}");
        assert!(str_of(&f["verification"], "reason").contains("no live check"));
    }
    assert!(okta.seen().is_empty(), "{:#?}", okta.seen());
}

#[test]
fn a_private_key_base64_encoded_in_a_kubernetes_secret_is_found() {
    let env = TestEnv::new();
    let body: String = (0..6)
        .map(|i| {
            let line: String = (0..64)
                .map(|j| {
                    let n = (i * 64 + j) * 7919 % 64;
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[n] as char
                })
                .collect();
            line + "\n"
        })
        .collect();
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{body}-----END PRIVATE KEY-----\n");
    env.write(
        "k8s/secret.yaml",
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: okta-service-app\ndata:\n  okta.pem: {}\n",
            b64(pem.as_bytes())
        ),
    );
    let (json, _) = env.scan_json(&["--no-ignore", "--show-secrets", "."]);
    let found = findings(&json);
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["kind"], "okta.private_key");
    assert_eq!(found[0]["encoding"], "base64");
    assert!(str_of(&found[0], "token").contains(body.lines().next().expect("line")));
}
