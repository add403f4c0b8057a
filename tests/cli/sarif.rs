//! SARIF that GitHub ingests: every shape the tool writes is checked by the OASIS schema,
//! GitHub's upload schema and Microsoft's SARIF multitool (GitHub rules); GitHub's limits.

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
    // Not verified: a warning (live is an error, inactive a note).
    assert_eq!(r["level"], "warning");
    assert_eq!(r["properties"]["verification"]["status"], "not_checked");
    assert_eq!(r["properties"]["detected_by"], "okta.ssws");
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
    check_sarif(&env, &sarif);
    assert_eq!(sarif["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn copies_of_one_secret_are_one_result_worst_first() {
    let env = TestEnv::new();
    let (shared, likely) = (token(300), token(301));
    for dir in ["b", "a", "c"] {
        env.write(&format!("{dir}/.env"), format!("OKTA_API_TOKEN={shared}\n"));
    }
    env.write("0-notes.txt", format!("okta notes\n{likely}\n"));
    let sarif = sarif_of(&env, &[]);
    check_sarif(&env, &sarif);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "okta.keyed", "certain before likely");
    let uris: Vec<&str> = results[0]["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(uris, vec!["a/.env", "b/.env", "c/.env"]);
    assert_eq!(results[0]["properties"]["occurrences"], 3);
    assert_eq!(results[1]["ruleId"], "okta.bare");
    assert_eq!(results[1]["level"], "warning");
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

#[test]
fn more_than_1000_locations_are_cut_to_1000() {
    let env = TestEnv::new();
    let t = token(305);
    // 1,005 places in two files (a file keeps at most 1,000 matches).
    let lines = |n: usize| -> String { (0..n).map(|_| format!("OKTA_API_TOKEN={t}\n")).collect() };
    env.write("many.env", lines(600));
    env.write("more.env", lines(405));
    let (stdout, stderr, code) = env.run(&["scan", "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&stdout).expect("json");
    check_sarif(&env, &sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["locations"].as_array().map(Vec::len), Some(1_000));
    assert_eq!(result["properties"]["omitted_locations"], 5);
    assert!(stderr.contains("more than 1000 locations"), "{stderr}");
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
