//! Detection, case by case, through the binary: what must be found, with which rule, and
//! what must not be found.

use crate::common::{b64, token, TestEnv};

/// Scans a one-file tree and returns (token, rule id) pairs.
fn scan_one(name: &str, contents: impl AsRef<[u8]>) -> Vec<(String, String)> {
    let env = TestEnv::new();
    env.write(name, contents);
    env.found()
}

fn assert_found(name: &str, contents: impl AsRef<[u8]>, token: &str, rule: &str) {
    let found = scan_one(name, contents);
    assert!(
        found.iter().any(|(t, r)| t == token && r == rule),
        "{name}: expected {token} as {rule}, got {found:?}"
    );
}

fn assert_none(name: &str, contents: impl AsRef<[u8]>) {
    let found = scan_one(name, contents);
    assert!(found.is_empty(), "{name}: expected nothing, got {found:?}");
}

#[test]
fn ssws_header_any_case_any_spacing() {
    let t = token(1);
    for header in ["SSWS ", "ssws ", "Ssws\t", "SSWS    "] {
        let text =
            format!("curl -H \"Authorization: {header}{t}\" https://acme.okta.com/api/v1/users\n");
        assert_found("call.sh", text, &t, "okta.ssws");
    }
}

#[test]
fn ssws_needs_no_okta_mention() {
    let t = token(2);
    assert_found(
        "req.http",
        format!("GET /api/v1/users\nAuthorization: SSWS {t}\n"),
        &t,
        "okta.ssws",
    );
}

#[test]
fn keyed_assignments() {
    let t = token(3);
    let cases = [
        ("a.env", format!("OKTA_API_TOKEN={t}\n")),
        ("b.properties", format!("okta.client.token={t}\n")),
        ("c.json", format!("{{\"oktaApiToken\": \"{t}\"}}\n")),
        ("d.sh", format!("export OKTA_CLIENT_TOKEN=\"{t}\"\n")),
        ("e.yml", format!("okta:\n  client:\n    orgUrl: https://acme.okta.com\n    token: {t}\n")),
        (
            "f.tf",
            format!("provider \"okta\" {{\n  org_name  = \"acme\"\n  base_url  = \"okta.com\"\n  api_token = \"{t}\"\n}}\n"),
        ),
        ("g.sh", format!("okta-admin --okta-api-token {t} list-users\n")),
    ];
    for (name, text) in cases {
        assert_found(name, text, &t, "okta.keyed");
    }
}

#[test]
fn trailing_dash_is_part_of_the_token() {
    let t = format!("{}-", &token(4)[..41]);
    assert_found("a.env", format!("OKTA_API_TOKEN={t}\n"), &t, "okta.keyed");
    let t = format!("{}-", &token(5)[..41]);
    assert_found(
        "b.sh",
        format!("curl -H 'Authorization: SSWS {t}' x"),
        &t,
        "okta.ssws",
    );
}

#[test]
fn bare_token_with_org_in_file_is_likely() {
    let t = token(6);
    let text = format!("Okta prod: https://acme.okta.com\nthe admin one:\n{t}\n");
    let found = scan_one("notes.txt", text);
    assert_eq!(found, vec![(t, "okta.bare".to_string())]);
}

#[test]
fn bare_token_without_any_okta_context_is_not_reported() {
    assert_none(
        "ids.txt",
        format!("build {}\nbuild {}\n", token(7), token(8)),
    );
    assert_none("app.env", format!("GITHUB_TOKEN={}\n", token(9)));
}

#[test]
fn okta_mention_elsewhere_in_the_repository_counts() {
    let env = TestEnv::new();
    env.git_init("repo");
    let t = token(10);
    env.write("repo/config.yml", "idp: okta\ndomain: globex.okta.com\n");
    env.write("repo/creds/keys.txt", format!("{t}\n"));
    // Two projects outside git share nothing (tests/cli/projects.rs has the rest).
    env.write("site/package.json", "{}\n");
    env.write("site/config.yml", "idp: okta\ndomain: globex.okta.com\n");
    env.write("batch/go.mod", "module batch\n");
    env.write("batch/keys.txt", format!("{}\n", token(11)));
    let found = env.found();
    assert_eq!(found, vec![(t, "okta.bare".to_string())]);
    let (json, _) = env.scan_json(&["repo"]);
    assert_eq!(json["findings"][0]["org_url"], "https://globex.okta.com");
    // A certain finding with no org in its own file takes the repository's.
    env.write(
        "repo/deploy/.env",
        format!("OKTA_API_TOKEN={}\n", token(25)),
    );
    let (json, _) = env.scan_json(&["repo"]);
    let orgs: Vec<&str> = json["findings"]
        .as_array()
        .expect("list")
        .iter()
        .map(|f| f["org_url"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(orgs, vec!["https://globex.okta.com"; 2]);
}

#[test]
fn placeholders_docs_examples_and_low_randomness_are_not_tokens() {
    let cases = [
        "OKTA_API_TOKEN=${OKTA_API_TOKEN}",
        "OKTA_API_TOKEN=<YOUR_TOKEN>",
        "OKTA_API_TOKEN=00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Authorization: SSWS 00QCjAl4MlV-WPXM...0HmjFx-vbGua",
        "Authorization: SSWS 00igKrTNyNLHCw0wYSIsoDF28cN4B3KZPETBz9pqz0",
        "OKTA_API_TOKEN=000000000000000000000000000000000000000000",
        "OKTA_API_TOKEN=00ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn",
        "OKTA_API_TOKEN=00aBcD00aBcD00aBcD00aBcD00aBcD00aBcD00aBcD",
        "OKTA_API_TOKEN=00ThisIsNotARealTokenJustForTestingIt1234",
    ];
    for text in cases {
        assert_none("x.env", format!("# okta\n{text}\n"));
    }
}

#[test]
fn wrong_lengths_and_object_ids_are_not_tokens() {
    let t = token(12);
    assert_none("a.env", format!("OKTA_API_TOKEN={t}Z\n"));
    assert_none("b.env", format!("OKTA_API_TOKEN={}\n", &t[..41]));
    assert_none("c.json", "{\"okta_user\": \"00u1ab2cd3EF4gh5ij6k\", \"group\": \"00g1ab2cd3EF4gh5ij6k\", \"tokenId\": \"00T1ab2cd3EF4gh5ij6k\"}\n");
}

#[test]
fn windows_inside_longer_blobs_are_not_tokens() {
    let t = token(13);
    assert_none(
        "a.txt",
        format!("okta MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA/{t}+xyz==\n"),
    );
    assert_none("b.txt", format!("okta integrity sha512-{t}abc/def==\n"));
    assert_none("c.txt", format!("okta {t}{}\n", token(14)));
    assert_none(
        "d.txt",
        format!("okta checksum = \"{}{}\"\n", "00", "a1b2c3d4e5f6".repeat(5)),
    );
}

#[test]
fn login_flow_tokens_are_not_api_tokens() {
    let t = token(15);
    for key in ["stateToken", "sessionToken", "recoveryToken"] {
        assert_none("authn.json", format!("{{\"{key}\": \"{t}\", \"_links\": {{\"next\": {{\"href\": \"https://acme.okta.com/api/v1/authn\"}}}}}}\n"));
    }
    assert_none(
        "cb.log",
        format!("GET https://acme.okta.com/login/sessionCookieRedirect?sessionToken={t}\n"),
    );
}

#[test]
fn kubernetes_secret_base64() {
    let t = token(16);
    let text = format!(
        "apiVersion: v1\nkind: Secret\ndata:\n  OKTA_API_TOKEN: {}\n",
        b64(t.as_bytes())
    );
    assert_found("secret.yaml", text, &t, "okta.keyed");
}

#[test]
fn dockerconfigjson_nested_base64() {
    let t = token(17);
    let auth = b64(format!("okta-bot:{t}").as_bytes());
    let json = format!("{{\"auths\":{{\"registry.example.com\":{{\"auth\":\"{auth}\"}}}}}}");
    let text = format!(
        "kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {}\n",
        b64(json.as_bytes())
    );
    let found = scan_one("regcred.yaml", text);
    assert!(found.iter().any(|(tok, _)| *tok == t), "{found:?}");
}

#[test]
fn url_encoding_and_string_escapes() {
    let t = token(18);
    assert_found(
        "form.txt",
        format!("x=1&Authorization=SSWS%20{t}\n"),
        &t,
        "okta.ssws",
    );
    let full: String = t.bytes().map(|b| format!("%{b:02X}")).collect();
    assert_found(
        "q.log",
        format!("GET /cb?okta_api_token={full}\n"),
        &t,
        "okta.keyed",
    );
    let escaped: String = t.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    assert_found(
        "c.js",
        format!("const c = {{\"oktaToken\": \"{escaped}\"}};\n"),
        &t,
        "okta.keyed",
    );
    let nested = format!("{{\"payload\": \"{{\\\"OKTA_API_TOKEN\\\": \\\"{t}\\\"}}\"}}\n");
    assert_found("n.json", nested, &t, "okta.keyed");
    assert_found(
        "tab.json",
        format!("{{\"h\": \"Authorization: SSWS\\t{t}\"}}"),
        &t,
        "okta.ssws",
    );
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = (bom.then_some(0xFEFF_u16))
        .into_iter()
        .chain(text.encode_utf16());
    for u in units {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_files() {
    let t = token(19);
    let text = format!("# okta\r\n$env:OKTA_API_TOKEN = \"{t}\"\r\n");
    for (be, bom) in [(false, true), (true, true), (false, false)] {
        let env = TestEnv::new();
        env.write("profile.ps1", utf16(&text, be, bom));
        let (json, _) = env.scan_json(&["--show-secrets", "."]);
        let f = &json["findings"][0];
        assert_eq!(f["token"], t.as_str(), "be={be} bom={bom}: {json}");
        assert_eq!(f["line"], 2);
        assert_eq!(f["column"], 24);
        assert_eq!(f["text_encoding"], if be { "utf-16be" } else { "utf-16le" });
    }
}

#[test]
fn crlf_and_end_of_file() {
    let t = token(20);
    assert_found(
        "a.env",
        format!("OKTA_ORG=https://acme.okta.com\r\nOKTA_API_TOKEN={t}\r\n"),
        &t,
        "okta.keyed",
    );
    assert_found("b.env", format!("OKTA_API_TOKEN={t}"), &t, "okta.keyed");
}

#[test]
fn jupyter_cells_and_outputs() {
    let (t1, t2) = (token(21), token(22));
    let nb = serde_json::json!({
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [],
             "source": ["import os\n", format!("os.environ[\"OKTA_API_TOKEN\"] = \"{t1}\"\n")]},
            {"cell_type": "code", "metadata": {},
             "outputs": [{"name": "stdout", "output_type": "stream", "text": [format!("using {t2}\n")]}],
             "source": ["print(token)"]}
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5
    });
    let found = scan_one("audit.ipynb", serde_json::to_string_pretty(&nb).unwrap());
    assert!(found.contains(&(t1, "okta.keyed".to_string())), "{found:?}");
    assert!(found.contains(&(t2, "okta.bare".to_string())), "{found:?}");
}

#[test]
fn org_url_nearest_to_the_token_is_recorded() {
    let env = TestEnv::new();
    let (t1, t2) = (token(23), token(24));
    env.write(
        "orgs.sh",
        format!(
            "curl -H 'Authorization: SSWS {t1}' https://acme-admin.okta.com/api/v1/users\n\n\n\n\n\n\n\n\
             curl -H 'Authorization: SSWS {t2}' https://globex.oktapreview.com/api/v1/users\n"
        ),
    );
    let (json, _) = env.scan_json(&["."]);
    assert_eq!(json["findings"][0]["org_url"], "https://acme.okta.com");
    assert_eq!(
        json["findings"][1]["org_url"],
        "https://globex.oktapreview.com"
    );
}

#[test]
fn form_encoded_ssws_header_is_found() {
    let t = token(640);
    assert_found(
        "vault.sh",
        format!("curl -d \"name=ci&value=SSWS+{t}&ttl=1h\" https://vault.example/kv\n"),
        &t,
        "okta.ssws",
    );
    // A base64 blob that merely holds a token-shaped window after `+` is still no token.
    assert_none("blob.txt", format!("okta data:AAAB+{t}/more==\n"));
}

#[test]
fn identifiers_in_bundles_are_not_tokens_but_string_literals_are() {
    let (ident, literal) = (token(641), token(642));
    let bundle = format!(
        "/*! okta */var ${ident}=n(63716);t.${ident}=function(e){{return(0,${ident}.jsx)(e)}};var c={{k:\"{literal}\"}};\n"
    );
    let found = scan_one("main.4f1c.min.js", bundle);
    assert_eq!(found, vec![(literal, "okta.bare".to_string())]);
}

#[test]
fn login_flow_tokens_behind_markup_are_not_api_tokens() {
    let t = token(643);
    for text in [
        format!("<!-- okta --><input type=\"hidden\" name=\"stateToken\" value='{t}'>\n"),
        format!("<okta><stateToken>{t}</stateToken></okta>\n"),
        format!("{{\"okta\": [\n  {{\n    \"name\": \"stateToken\",\n    \"value\": \"{t}\"\n  }}\n]}}\n"),
        format!("okta:\n  stateToken: |\n    {t}\n"),
    ] {
        assert_none("flow.txt", text);
    }
}

#[test]
fn hand_made_alphabet_walks_are_placeholders() {
    assert_none(
        "README.md",
        "Okta: curl -H \"Authorization: SSWS 00aBCdE0FGHijklmNO1pQ2RStuvWx34Y5z67ABCDEf\"\n",
    );
}

#[test]
fn the_readme_sample_gives_the_five_findings_the_readme_promises() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/leaky-repo");
    let env = TestEnv::new();
    let (json, _) = env.scan_json(&[sample.to_str().expect("utf-8 path")]);
    let mut rules: Vec<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap_or("").to_string())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "okta.bare",
            "okta.client_secret",
            "okta.keyed",
            "okta.keyed",
            "okta.ssws"
        ]
    );
}
