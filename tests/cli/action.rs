//! The GitHub Action and the example workflow: valid per GitHub's schemas (check-jsonschema's
//! vendored copies), inputs passed through `env:` only, and the scan step's script run for real.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::leaky_tree;

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// check-jsonschema, as a command or (when pip put no script on PATH) as a Python module.
fn check_jsonschema_command() -> Command {
    let on_path = Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Command::new("check-jsonschema");
    }
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "check_jsonschema"]);
    cmd
}

fn check_jsonschema(schema: &str, file: &Path) {
    let out = check_jsonschema_command()
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .expect("run check-jsonschema (installed by .ci/install-test-tools)");
    assert!(
        out.status.success(),
        "{}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn action_and_example_workflow_are_valid() {
    check_jsonschema("vendor.github-actions", &repo_file("action.yml"));
    check_jsonschema(
        "vendor.github-workflows",
        &repo_file("examples/github/oktaleaks.yml"),
    );
}

/// The `run:` blocks of a YAML file, by indentation (enough for our own files).
fn run_blocks(yaml: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("run:") {
            let indent = line.len() - trimmed.len();
            let mut block = rest.trim().trim_start_matches('|').to_string();
            while let Some(next) = lines.peek() {
                let next_indent = next.len() - next.trim_start().len();
                if !next.trim().is_empty() && next_indent <= indent {
                    break;
                }
                block.push('\n');
                block.push_str(next.get(indent + 2..).unwrap_or("").trim_end());
                lines.next();
            }
            blocks.push(block);
        }
    }
    blocks
}

#[test]
fn inputs_never_inlined_into_scripts() {
    for file in ["action.yml", "examples/github/oktaleaks.yml"] {
        let text = std::fs::read_to_string(repo_file(file)).expect("read");
        for block in run_blocks(&text) {
            assert!(
                !block.contains("${{"),
                "{file}: expression inside run:\n{block}"
            );
        }
    }
    let action = std::fs::read_to_string(repo_file("action.yml")).expect("read");
    assert_eq!(run_blocks(&action).len(), 2);
}

/// Runs the action's scan step as GitHub would: the inputs as INPUT_* variables, a
/// GITHUB_OUTPUT file, the binary on PATH.
fn run_scan_step(
    env: &crate::common::TestEnv,
    fail: &str,
    inputs: &[(&str, &str)],
) -> (i32, String) {
    let action = std::fs::read_to_string(repo_file("action.yml")).expect("read");
    let script = run_blocks(&action).pop().expect("scan step");
    let bin_dir = assert_cmd::cargo::cargo_bin("oktaleaks")
        .parent()
        .expect("dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output_file = env.path().join("github_output");
    std::fs::write(&output_file, "").expect("write");
    let mut step = Command::new("bash");
    step.arg("-c").arg(&script);
    let out = step
        .current_dir(env.path())
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &output_file)
        .env("INPUT_PATHS", "app scripts")
        .env("INPUT_GIT", "false")
        .env("INPUT_SINCE_COMMIT", "")
        .env("INPUT_VERIFY", "false")
        .env("INPUT_OKTA_ORG", "")
        .env("INPUT_BASELINE", "")
        .env("INPUT_SARIF_FILE", "out.sarif")
        .env("INPUT_FAIL", fail)
        .envs(inputs.iter().copied())
        .output()
        .expect("bash");
    (
        out.status.code().unwrap_or(-1),
        std::fs::read_to_string(&output_file).expect("read"),
    )
}

#[test]
fn the_scan_step_writes_sarif_and_reports_its_status() {
    let (env, _) = leaky_tree();
    let (code, outputs) = run_scan_step(&env, "false", &[]);
    assert_eq!(code, 0, "findings do not fail the step unless asked");
    assert!(
        outputs.contains("exit-code=1") && outputs.contains("sarif-file=out.sarif"),
        "{outputs}"
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(env.path().join("out.sarif")).expect("sarif"),
    )
    .expect("json");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(2)
    );
    let (code, _) = run_scan_step(&env, "true", &[]);
    assert_eq!(code, 1);
}

#[test]
fn the_scan_step_verifies_against_the_named_org() {
    use crate::okta::{Account, Behaviour, Roles, StandIn};
    let env = crate::common::TestEnv::new();
    let live = crate::common::token(430);
    // No org URL in the files: only the named org (the stand-in) is asked.
    env.write("app/settings.env", format!("OKTA_API_TOKEN={live}\n"));
    let okta = StandIn::start(
        vec![(
            live,
            Account {
                id: "00ub0oNGTSWTBKOLGLNR",
                login: "ci-bot@example.com",
                roles: Roles::List(vec![("ORG_ADMIN", "Organization Administrator")]),
            },
        )],
        Behaviour::Okta,
    );
    let org = okta.url();
    let inputs = [
        ("INPUT_PATHS", "app"),
        ("INPUT_VERIFY", "true"),
        ("INPUT_OKTA_ORG", org.as_str()),
    ];
    let (code, outputs) = run_scan_step(&env, "false", &inputs);
    assert_eq!(code, 0, "a live token fails the step only when asked");
    assert!(outputs.contains("exit-code=3"), "{outputs}");
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(env.path().join("out.sarif")).expect("sarif"),
    )
    .expect("json");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "okta.live");
    assert_eq!(okta.calls("GET", "/api/v1/users/me").len(), 1);
    let (code, _) = run_scan_step(&env, "true", &inputs);
    assert_eq!(code, 3);
}

#[test]
fn org_audit_examples_are_valid_workflow_and_kubernetes_objects() {
    check_jsonschema(
        "vendor.github-workflows",
        &repo_file("examples/github/org-audit.yml"),
    );
    // kubernetes-validate (PyPI) carries the Kubernetes schemas: no cluster, no network.
    let file = repo_file("examples/k8s/org-audit.yaml");
    let out = Command::new("kubernetes-validate")
        .args(["--strict", "--quiet"])
        .arg(&file)
        .output()
        .or_else(|_| {
            Command::new("python3")
                .args(["-m", "kubernetes_validate", "--strict", "--quiet"])
                .arg(&file)
                .output()
        })
        .expect("kubernetes-validate (installed by .ci/install-test-tools)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = std::fs::read_to_string(&file).expect("example");
    for needed in [
        "completionMode: Indexed",
        "--shard auto/4",
        "completions: 4",
        "datastore merge",
    ] {
        assert!(yaml.contains(needed), "{needed}");
    }
    let workflow =
        std::fs::read_to_string(repo_file("examples/github/org-audit.yml")).expect("example");
    for needed in [
        "matrix:",
        "--shard \"$SHARD/$SHARDS\"",
        "datastore merge",
        "verify --datastore",
    ] {
        assert!(workflow.contains(needed), "{needed}");
    }
}
