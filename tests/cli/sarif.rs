//! SARIF that GitHub ingests: every shape the tool writes is checked by the OASIS schema,
//! GitHub's upload schema and Microsoft's SARIF multitool (GitHub rules); one result per
//! place a secret is in; GitHub's limits.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{leaky_tree, str_of, token, TestEnv};

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

/// Microsoft's SARIF multitool, as `.ci/run` installs it (or `$SARIF_MULTITOOL`).
fn multitool() -> PathBuf {
    if let Some(path) = std::env::var_os("SARIF_MULTITOOL") {
        return PathBuf::from(path);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    assert!(
        path.exists(),
        "SARIF multitool missing: run `npm install --prefix target/tools @microsoft/sarif-multitool` \
         (as .ci/run does) or set SARIF_MULTITOOL"
    );
    path
}

/// Runs the multitool's SARIF and GitHub (GHAS) rules; it exits 0 whatever it finds, so
/// any `: error ` line fails the test.
fn multitool_validate(env: &TestEnv, sarif: &Value) {
    let file = env.path().join("check.sarif");
    std::fs::write(&file, serde_json::to_vec_pretty(sarif).expect("json")).expect("write");
    let out = Command::new(multitool())
        .arg("validate")
        .arg(&file)
        .args(["--rule-kind", "Sarif;Ghas"])
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("run the SARIF multitool");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Analysis completed"),
        "multitool did not run: {text}"
    );
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error ")).collect();
    assert!(errors.is_empty(), "multitool: {errors:#?}");
    std::fs::remove_file(&file).expect("rm");
}

/// The three validators: OASIS schema, GitHub's upload schema, the multitool's GitHub rules.
pub fn check_sarif(env: &TestEnv, sarif: &Value) {
    validate("sarif-schema-2.1.0.json", sarif);
    validate("codeql-action-sarif-schema-2.1.0.json", sarif);
    multitool_validate(env, sarif);
}

pub fn sarif_of(env: &TestEnv, args: &[&str]) -> Value {
    let (stdout, stderr, _) = env.run(&[&["scan", "--format", "sarif"], args].concat());
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"))
}

#[test]
fn sarif_validates_and_carries_rule_metadata() {
    let (env, tokens) = leaky_tree();
    let sarif = sarif_of(&env, &[]);
    check_sarif(&env, &sarif);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0].get("automationDetails").is_none());
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
        let help = str_of(&rule["help"], "markdown");
        assert!(help.contains("Revoke") || help.contains("Rotate"), "{help}");
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
    // Not verified: a warning (live is an error, inactive a note).
    assert_eq!(r["level"], "warning");
    assert_eq!(r["properties"]["verification"]["status"], "not_checked");
    assert_eq!(r["properties"]["detected_by"], "okta.ssws");
    assert!(str_of(&r["message"], "text").contains("Revoke it now"));
    assert!(str_of(&r["partialFingerprints"], "oktaleaks/place/v1").starts_with("okta.ssws:"));
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
    check_sarif(&env, &sarif);
    assert_eq!(sarif["runs"][0]["results"], Value::Array(vec![]));
}

fn uri_of(location: &Value) -> &str {
    location["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap_or("")
}

fn fingerprint_of(result: &Value) -> String {
    str_of(&result["partialFingerprints"], "oktaleaks/place/v1")
}

/// GitHub annotates only a result's first location (issue 17): each copy is its own result,
/// naming the others as related locations, worst secret first.
#[test]
fn copies_of_one_secret_are_one_result_per_place_worst_first() {
    let env = TestEnv::new();
    let (shared, likely) = (token(300), token(301));
    for dir in ["b", "a", "c"] {
        env.write(
            &format!("{dir}/.env"),
            format!(
                "OKTA_API_TOKEN={shared}
"
            ),
        );
    }
    env.write("0-notes.txt", format!("okta notes\n{likely}\n"));
    let sarif = sarif_of(&env, &[]);
    check_sarif(&env, &sarif);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            assert_eq!(r["locations"].as_array().map(Vec::len), Some(1));
            uri_of(&r["locations"][0])
        })
        .collect();
    assert_eq!(uris, vec!["a/.env", "b/.env", "c/.env", "0-notes.txt"]);
    for r in &results[..3] {
        assert_eq!(r["ruleId"], "okta.keyed", "certain before likely");
        assert_eq!(r["properties"]["occurrences"], 3);
        let related: Vec<&str> = r["relatedLocations"]
            .as_array()
            .expect("related")
            .iter()
            .map(uri_of)
            .collect();
        let this = uri_of(&r["locations"][0]);
        let others: Vec<&str> = ["a/.env", "b/.env", "c/.env"]
            .into_iter()
            .filter(|u| *u != this)
            .collect();
        assert_eq!(related, others);
        let message = str_of(&r["message"], "text");
        assert!(
            message.contains(&format!(
                "Also in 2 other places: [{}](1), [{}](2).",
                others[0], others[1]
            )),
            "{message}"
        );
    }
    let mut fingerprints: Vec<String> = results.iter().map(fingerprint_of).collect();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 4, "one alert per place");
    assert_eq!(results[3]["ruleId"], "okta.bare");
    assert_eq!(results[3]["level"], "warning");
    assert!(results[3].get("relatedLocations").is_none());
    assert!(!str_of(&results[3]["message"], "text").contains("Also in"));
}

/// Moving one copy to another file changes that copy's fingerprint only; moving a line
/// within its file changes none; two copies in one file are two places.
#[test]
fn place_fingerprints_are_stable_when_a_copy_moves() {
    let env = TestEnv::new();
    let t = token(306);
    env.write("a.env", format!("OKTA_API_TOKEN={t}\n"));
    env.write("b.env", format!("OKTA_API_TOKEN={t}\n"));
    env.write(
        "c.env",
        format!("OKTA_API_TOKEN={t}\nX=1\nOKTA_API_TOKEN={t}\n"),
    );
    let by_uri = |sarif: &Value| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| (uri_of(&r["locations"][0]).to_string(), fingerprint_of(r)))
            .collect();
        v.sort();
        v
    };
    let before = by_uri(&sarif_of(&env, &[]));
    assert_eq!(before.len(), 4);
    assert_ne!(before[2].1, before[3].1, "two copies in c.env, two alerts");
    std::fs::remove_file(env.path().join("a.env")).expect("rm");
    env.write("d.env", format!("# moved\nOKTA_API_TOKEN={t}\n"));
    env.write(
        "c.env",
        format!("X=1\nX=2\nOKTA_API_TOKEN={t}\nOKTA_API_TOKEN={t}\n"),
    );
    let after = by_uri(&sarif_of(&env, &[]));
    assert_eq!(after.len(), 4);
    assert_eq!(after[0], before[1], "b.env untouched");
    assert_eq!(
        after[1..3],
        before[2..4],
        "c.env's lines moved, its alerts stay"
    );
    assert!(
        !before.iter().any(|(_, fp)| *fp == after[3].1),
        "d.env is new"
    );
}

/// The pull-request case of issue 17: a token already committed in one file, pasted by a PR
/// into a new file. The new line must be a result of its own (GitHub annotates only a
/// result's first location), in a scan of the PR's commits and in a full scan.
#[test]
fn a_pull_request_pasting_a_leaked_token_into_a_new_file_gets_its_own_result() {
    use crate::history::{commit_all, repo};
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let t = token(307);
    env.write("r/a-old.env", format!("OKTA_API_TOKEN={t}\n"));
    let base = commit_all(&dir, "leak");
    env.write(
        "r/z-new.sh",
        format!("#!/bin/sh\ncurl -H \"Authorization: SSWS {t}\" \"$OKTA/api/v1/users\"\n"),
    );
    commit_all(&dir, "pr: sync users");
    let new_line = |sarif: &Value| -> Vec<Value> {
        sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .filter(|r| uri_of(&r["locations"][0]).ends_with("z-new.sh"))
            .cloned()
            .collect()
    };
    let pr = sarif_of(&env, &["--git", "--since-commit", &base, "r"]);
    check_sarif(&env, &pr);
    let found = new_line(&pr);
    assert_eq!(found.len(), 1, "{pr:#}");
    assert_eq!(
        found[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(
        found[0]["properties"]["commit"]["summary"],
        "pr: sync users"
    );
    for args in [&["--git", "r"][..], &["r"][..]] {
        let full = sarif_of(&env, args);
        check_sarif(&env, &full);
        let results = full["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 2, "{args:?}");
        let found = new_line(&full);
        assert_eq!(found.len(), 1, "{args:?}");
        assert_eq!(
            found[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
        let related = found[0]["relatedLocations"].as_array().expect("related");
        assert!(uri_of(&related[0]).ends_with("a-old.env"), "{related:?}");
        assert!(str_of(&found[0]["message"], "text").contains("Also in 1 other place"));
    }
}

#[test]
fn category_only_when_asked() {
    let (env, _) = leaky_tree();
    let sarif = sarif_of(&env, &["--sarif-category", "oktaleaks-history"]);
    check_sarif(&env, &sarif);
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        "oktaleaks-history/"
    );
}

#[test]
fn suppressed_results_carry_suppressions() {
    let env = TestEnv::new();
    env.write(
        "inline.env",
        format!("OKTA_API_TOKEN={} # oktaleaks:allow\n", token(302)),
    );
    env.write("fixtures/a.env", format!("OKTA_API_TOKEN={}\n", token(303)));
    env.write(".oktaleaksignore", "fixtures/\n");
    env.write("live.env", format!("OKTA_API_TOKEN={}\n", token(304)));
    let sarif = sarif_of(&env, &["--include-suppressed"]);
    check_sarif(&env, &sarif);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    assert!(
        results[0].get("suppressions").is_none(),
        "reported ones first"
    );
    let kinds: Vec<&str> = results[1..]
        .iter()
        .map(|r| r["suppressions"][0]["kind"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["external", "inSource"]);
    let without = sarif_of(&env, &[]);
    assert_eq!(
        without["runs"][0]["results"].as_array().map(Vec::len),
        Some(1)
    );
}

/// Every place of a secret lists the others, so related locations are capped well below
/// GitHub's 1,000 (they would grow as places squared), with the full count kept.
#[test]
fn a_secret_in_more_than_101_places_lists_100_related_locations() {
    let env = TestEnv::new();
    let t = token(305);
    let lines = |n: usize| -> String { (0..n).map(|_| format!("OKTA_API_TOKEN={t}\n")).collect() };
    env.write("many.env", lines(60));
    env.write("more.env", lines(45));
    let (stdout, stderr, code) = env.run(&["scan", "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&stdout).expect("json");
    check_sarif(&env, &sarif);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 105);
    for r in results {
        assert_eq!(r["relatedLocations"].as_array().map(Vec::len), Some(100));
        assert_eq!(r["properties"]["omitted_related_locations"], 4);
        assert!(str_of(&r["message"], "text").contains("Also in 104 other places"));
    }
    assert!(stderr.contains("more than 101 places"), "{stderr}");
}

#[test]
fn more_than_25000_results_keep_the_worst_and_say_so() {
    let env = TestEnv::new();
    // 25,003 distinct likely tokens (1,000 a file, the most kept per file), and one certain
    // one that must survive the cut.
    for (part, first) in (0..25_003u64).step_by(1_000).enumerate() {
        let mut text = String::from("okta export\n");
        for i in first..(first + 1_000).min(25_003) {
            text.push_str(&token(10_000 + i));
            text.push('\n');
        }
        env.write(&format!("dump-{part:02}.txt"), text);
    }
    let certain = token(999);
    env.write("zz.env", format!("OKTA_API_TOKEN={certain}\n"));
    let (stdout, stderr, code) = env.run(&["scan", "--format", "sarif", "--quiet"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("kept the 25000 most severe of 2500"),
        "{stderr}"
    );
    let sarif: Value = serde_json::from_str(&stdout).expect("json");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 25_000);
    assert_eq!(
        results[0]["ruleId"], "okta.keyed",
        "the certain finding is kept, first"
    );
    let note = str_of(
        &run["invocations"][0]["toolExecutionNotifications"][0]["message"],
        "text",
    );
    assert!(note.contains("25000"), "{note}");
    validate("sarif-schema-2.1.0.json", &sarif);
    validate("codeql-action-sarif-schema-2.1.0.json", &sarif);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, stdout.as_bytes()).expect("gzip");
    assert!(gz.finish().expect("gzip").len() < 10_000_000);
}
