//! Verification of an app's credentials against the stand-in org's token endpoint: client
//! secrets (live, rotated, an app the org does not know, a web app that may not use client
//! credentials, a service app that takes only keys) and private keys (PEM and JWK, the app's
//! and a stranger's), each checked once per (org, credential), no key ever sent, no full
//! secret in any output.

use aws_lc_rs::encoding::{AsBigEndian, AsDer, EcPrivateKeyBin, Pkcs8V1Der};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair as _, ECDSA_P256_SHA256_FIXED_SIGNING};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::Value;

use crate::common::{findings, str_of, TestEnv};
use crate::okta::{Behaviour, Client, StandIn};

/// A fresh 64-character client secret, as Okta makes them since 2023.
fn client_secret() -> String {
    let mut bytes = [0u8; 48];
    SystemRandom::new().fill(&mut bytes).expect("random");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `0oa` + 17 letters and digits.
fn client_id(n: u8) -> String {
    format!("0oa{:0>17}", format!("Test{n}Ab9"))
}

/// `scan . --verify` with `acme.okta.com` routed to the stand-in: JSON report, exit code,
/// stderr.
fn verify_scan(env: &TestEnv, okta: &StandIn) -> (Value, i32, String) {
    crate::verify::verify_scan(env, okta, &[])
}

/// An app of the stand-in org.
fn app(secret: Option<&str>, service: bool, keys: Vec<(&'static str, Vec<u8>)>) -> Client {
    Client {
        secret: secret.map(str::to_string),
        service,
        keys,
    }
}

/// The verification status of each finding, by the client id beside it.
fn statuses(json: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = findings(json)
        .iter()
        .map(|f| {
            (
                str_of(f, "path"),
                str_of(f, "client_id"),
                str_of(&f["verification"], "status"),
            )
        })
        .collect();
    out.sort();
    out
}

fn no_secret_in(texts: &[&str], secrets: &[&str]) {
    for text in texts {
        for s in secrets {
            assert!(
                !text.contains(s),
                "a full secret ({}…) in the output",
                &s[..6]
            );
        }
    }
}

#[test]
fn client_secrets_are_checked_once_at_the_token_endpoint() {
    let (live, old, web, service, stranger) = (
        client_secret(),
        client_secret(),
        client_secret(),
        client_secret(),
        client_secret(),
    );
    let okta = StandIn::start(Vec::new(), Behaviour::Okta).with_clients(vec![
        (client_id(1), app(Some(&live), true, Vec::new())),
        (client_id(2), app(Some(&web), false, Vec::new())),
        (client_id(3), app(Some(&service), true, Vec::new())),
    ]);
    let env = TestEnv::new();
    let issuer = "OKTA_OAUTH2_ISSUER=https://acme.okta.com/oauth2/default";
    // The live secret twice (two files), a rotated one, a web app's, and an app the org does
    // not know.
    for (path, id, secret) in [
        ("svc/.env", 1, &live),
        ("svc/copy.env", 1, &live),
        ("old/.env", 3, &old),
        ("web/.env", 2, &web),
        ("other/.env", 9, &stranger),
    ] {
        env.write(
            path,
            format!(
                "{issuer}\nOKTA_OAUTH2_CLIENT_ID={}\nOKTA_OAUTH2_CLIENT_SECRET={secret}\n",
                client_id(id)
            ),
        );
    }
    let (json, code, stderr) = verify_scan(&env, &okta);
    assert_eq!(code, 3, "live credentials: {stderr}");
    assert_eq!(
        statuses(&json),
        vec![
            ("old/.env".into(), client_id(3), "inactive".into()),
            ("other/.env".into(), client_id(9), "unknown".into()),
            ("svc/.env".into(), client_id(1), "live".into()),
            ("svc/copy.env".into(), client_id(1), "live".into()),
            ("web/.env".into(), client_id(2), "live".into()),
        ]
    );
    for f in findings(&json) {
        assert_eq!(f["kind"], "okta.client_secret");
        assert_eq!(f["rule_id"], "okta.client_secret");
        let steps = f["remediation"].to_string();
        assert!(
            steps.contains(&str_of(&f, "client_id")),
            "the advice names the app: {steps}"
        );
    }
    // Once per (org, secret): the live secret found twice is sent once to the token
    // endpoint (then to introspection: the org authorization server takes only keys for
    // client credentials from a service app). No secret goes as an SSWS token.
    let token_calls = okta.calls("POST", "/oauth2/v1/token");
    let by_secret = |s: &str| {
        let basic = format!("Basic {}", STANDARD.encode(format!("{}:{s}", client_id(1))));
        token_calls
            .iter()
            .filter(|c| c.authorization == basic)
            .count()
    };
    assert_eq!(by_secret(&live), 1);
    assert_eq!(token_calls.len(), 4, "{token_calls:#?}");
    assert_eq!(okta.calls("POST", "/oauth2/v1/introspect").len(), 2);
    assert!(okta
        .seen()
        .iter()
        .all(|s| !s.authorization.starts_with("SSWS")));
    for call in okta.seen() {
        assert!(call.body.contains("scope=oktaleaks.verify") || call.path.ends_with("introspect"));
        no_secret_in(&[&call.body], &[&live, &old, &web, &stranger]);
    }
    let report = json.to_string();
    no_secret_in(&[&report, &stderr], &[&live, &old, &web, &stranger]);
}

/// A fresh P-256 key: its PKCS#8 PEM, as a private JWK, and its public key.
fn ec_key() -> (String, String, Vec<u8>) {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
    let key =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).expect("parse");
    let public = key.public_key().as_ref().to_vec();
    let d: EcPrivateKeyBin = key.private_key().as_be_bytes().expect("d");
    let jwk = format!(
        r#"{{"kty":"EC","crv":"P-256","kid":"k1","x":"{}","y":"{}","d":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(&public[1..33]),
        URL_SAFE_NO_PAD.encode(&public[33..]),
        URL_SAFE_NO_PAD.encode(d.as_ref())
    );
    (pem(pkcs8.as_ref()), jwk, public)
}

/// A fresh RSA 2048 key: its PKCS#8 PEM and its public key.
fn rsa_key() -> (String, Vec<u8>) {
    let key = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("key");
    let der: Pkcs8V1Der = key.as_der().expect("der");
    (pem(der.as_ref()), key.public_key().as_ref().to_vec())
}

fn pem(der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<String> = body
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
        lines.join("\n")
    )
}

#[test]
fn private_keys_sign_an_assertion_and_never_leave() {
    let (rsa_pem, rsa_public) = rsa_key();
    let (ec_pem, ec_jwk, ec_public) = ec_key();
    let (stranger_pem, _) = rsa_key();
    let okta = StandIn::start(Vec::new(), Behaviour::Okta).with_clients(vec![
        (client_id(1), app(None, true, vec![("RS256", rsa_public)])),
        (client_id(2), app(None, true, vec![("ES256", ec_public)])),
    ]);
    let env = TestEnv::new();
    let yaml = |id: u8, key: &str| {
        format!(
            "okta:\n  client:\n    orgUrl: https://acme.okta.com\n    authorizationMode: PrivateKey\n    clientId: {}\n    scopes: [okta.users.read]\n    privateKey: |\n      {}\n",
            client_id(id),
            key.replace('\n', "\n      ")
        )
    };
    // The RSA key in a YAML block and again as a one-line string; the EC key as PEM and as a
    // JWK; a key the app never registered.
    env.write("rsa/okta.yaml", yaml(1, &rsa_pem));
    env.write(
        "rsa/env.sh",
        format!(
            "export OKTA_CLIENT_ORGURL=https://acme.okta.com\nexport OKTA_CLIENT_CLIENTID={}\nexport OKTA_CLIENT_PRIVATEKEY=\"{}\"\n",
            client_id(1),
            rsa_pem.replace('\n', "\\n")
        ),
    );
    env.write("ec/okta.yaml", yaml(2, &ec_pem));
    env.write(
        "ec/.env",
        format!(
            "OKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_CLIENT_CLIENTID={}\nOKTA_CLIENT_PRIVATEKEY={ec_jwk}\n",
            client_id(2)
        ),
    );
    env.write("old/okta.yaml", yaml(1, &stranger_pem));
    let (json, code, stderr) = verify_scan(&env, &okta);
    assert_eq!(code, 3, "live credentials: {stderr}");
    assert_eq!(
        statuses(&json),
        vec![
            ("ec/.env".into(), client_id(2), "live".into()),
            ("ec/okta.yaml".into(), client_id(2), "live".into()),
            ("old/okta.yaml".into(), client_id(1), "inactive".into()),
            ("rsa/env.sh".into(), client_id(1), "live".into()),
            ("rsa/okta.yaml".into(), client_id(1), "live".into()),
        ]
    );
    assert!(findings(&json)
        .iter()
        .all(|f| f["kind"] == "okta.private_key"));
    // Each distinct key text is checked once: five texts (the RSA key's YAML block and
    // escaped string differ as text), one assertion each, at the token endpoint only.
    let calls = okta.seen();
    assert_eq!(calls.len(), 5, "{calls:#?}");
    assert!(calls
        .iter()
        .all(|c| c.path == "/oauth2/v1/token" && c.authorization.is_empty()));
    // No key leaves the process: no request holds a line of any key's body, or the JWK's `d`.
    let d = ec_jwk
        .split("\"d\":\"")
        .nth(1)
        .expect("d")
        .trim_end_matches("\"}");
    for key in [&rsa_pem, &ec_pem, &stranger_pem] {
        for line in key.lines().filter(|l| !l.starts_with("-----")) {
            for call in &calls {
                assert!(!call.body.contains(line) && !call.authorization.contains(line));
            }
            assert!(!json.to_string().contains(line) && !stderr.contains(line));
        }
    }
    assert!(calls.iter().all(|c| !c.body.contains(d)));
    assert!(!json.to_string().contains(d));
}

#[test]
fn an_audit_keeps_a_secrets_client_id_and_checks_it_again_later() {
    let secret = client_secret();
    let okta = StandIn::start(Vec::new(), Behaviour::Okta)
        .with_clients(vec![(client_id(4), app(Some(&secret), false, Vec::new()))]);
    let env = TestEnv::new();
    env.git_init("app");
    env.write(
        "app/src/main/resources/application.properties",
        format!(
            "okta.oauth2.issuer=https://acme.okta.com/oauth2/default\nokta.oauth2.client-id={}\nokta.oauth2.client-secret={secret}\n",
            client_id(4)
        ),
    );
    env.git("app", &["add", "-A"]);
    env.git("app", &["commit", "-q", "-m", "config"]);
    let run = |args: &[&str]| crate::common::outcome(&env.cmd().args(args).output().expect("run"));
    let (_, stderr, code) = run(&["audit", "app", "--store-secrets", "--datastore", "a.db"]);
    assert_eq!(code, 1, "{stderr}");
    // Checked later from the datastore: the client id kept beside the secret is the app's.
    let (stdout, stderr, code) = run(&[
        "report",
        "--datastore",
        "a.db",
        "-f",
        "json",
        "--verify",
        "--okta-endpoint",
        &format!("acme.okta.com={}", okta.url()),
    ]);
    assert_eq!(code, 3, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let kept = &json["secrets"][0];
    assert_eq!(kept["rule_id"], "okta.client_secret");
    assert_eq!(kept["verdict"]["state"], "live", "{kept}");
    assert!(
        kept["remediation"].to_string().contains(&client_id(4)),
        "{kept}"
    );
    let basic = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{secret}", client_id(4)))
    );
    let calls = okta.calls("POST", "/oauth2/v1/token");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].authorization, basic);
    no_secret_in(&[&stdout, &stderr], &[&secret]);
}

#[test]
fn each_secret_is_paired_with_the_client_id_of_its_own_block() {
    let (web, svc) = (client_secret(), client_secret());
    let okta = StandIn::start(Vec::new(), Behaviour::Okta).with_clients(vec![
        (client_id(5), app(Some(&web), false, Vec::new())),
        (client_id(6), app(Some(&svc), false, Vec::new())),
    ]);
    let env = TestEnv::new();
    env.write(
        ".env",
        format!(
            "OKTA_ISSUER=https://acme.okta.com/oauth2/default\nWEB_CLIENT_ID={}\nWEB_CLIENT_SECRET={web}\nSVC_CLIENT_ID={}\nSVC_CLIENT_SECRET={svc}\n",
            client_id(5),
            client_id(6)
        ),
    );
    let (json, code, stderr) = verify_scan(&env, &okta);
    assert_eq!(code, 3, "{stderr}");
    let pairs: Vec<(String, String)> = findings(&json)
        .iter()
        .map(|f| (str_of(f, "client_id"), str_of(&f["verification"], "status")))
        .collect();
    assert_eq!(
        pairs,
        vec![(client_id(5), "live".into()), (client_id(6), "live".into())]
    );
    // SARIF: live secrets under their kind's live rule, described by the kind's texts.
    let out = env
        .cmd()
        .args([
            "scan",
            ".",
            "--format",
            "sarif",
            "--verify",
            "--okta-endpoint",
        ])
        .arg(format!("acme.okta.com={}", okta.url()))
        .output()
        .expect("run");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    crate::sarif::check_sarif(&env, &sarif);
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert!(results
        .iter()
        .all(|r| r["ruleId"] == "okta.client_secret.live"));
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let index = results[0]["ruleIndex"].as_u64().expect("index") as usize;
    assert_eq!(rules[index]["id"], "okta.client_secret.live");
    assert!(str_of(&rules[index]["help"], "markdown").contains("Rotate the client secret"));
    no_secret_in(&[&sarif.to_string()], &[&web, &svc]);
}
