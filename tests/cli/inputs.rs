//! Roots, walking and bad input: exit codes, clear one-line errors, nothing lost silently.

use std::process::Command as Process;

use crate::common::{sorted_tokens, token, TestEnv};

fn code_and_stderr(env: &TestEnv, args: &[&str]) -> (i32, String) {
    let out = env.cmd().args(args).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_codes() {
    let env = TestEnv::new();
    env.write("clean/readme.md", "hello\n");
    env.write("leaky/.env", format!("OKTA_API_TOKEN={}\n", token(200)));
    assert_eq!(code_and_stderr(&env, &["scan", "clean"]).0, 0);
    assert_eq!(code_and_stderr(&env, &["scan", "leaky"]).0, 1);
    assert_eq!(code_and_stderr(&env, &["scan", "clean", "leaky"]).0, 1);
    assert_eq!(code_and_stderr(&env, &["scan", "--format", "yaml"]).0, 2);
    assert_eq!(code_and_stderr(&env, &["frobnicate"]).0, 2);
    assert_eq!(code_and_stderr(&env, &["--version"]).0, 0);
}

#[test]
fn nonexistent_root_is_a_clear_error() {
    let env = TestEnv::new();
    let (code, stderr) = code_and_stderr(&env, &["scan", "no/such/dir"]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no/such/dir") && stderr.contains("No such file"),
        "{stderr}"
    );
}

#[test]
fn malformed_rules_file_names_file_and_line() {
    let env = TestEnv::new();
    env.write(
        "bad.toml",
        "version = 1\n\n[[rule]]\nid = \"x\"\nname = 3\n",
    );
    let (code, stderr) = code_and_stderr(&env, &["scan", "--rules", "bad.toml", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.toml:5"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    env.write("badre.toml", "[[rule]]\nid = \"my.rule\"\nname = \"x\"\nconfidence = \"certain\"\nsecurity_severity = 5.0\nnearby_okta = \"none\"\nbefore = '(unclosed'\n");
    let (code, stderr) = code_and_stderr(&env, &["scan", "--rules", "badre.toml", "."]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("badre.toml") && stderr.contains("my.rule") && stderr.contains("before"),
        "{stderr}"
    );

    let (code, stderr) = code_and_stderr(&env, &["scan", "--rules", "missing.toml", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.toml"), "{stderr}");
}

#[test]
fn user_rules_add_to_the_builtin_ones() {
    let env = TestEnv::new();
    let t = token(201);
    env.write("deploy.cfg", format!("IDP_ADMIN_CREDENTIAL_X9 := {t}\n"));
    env.write(
        "mine.toml",
        r#"[[rule]]
id = "acme.idp"
name = "Okta token under Acme's own key name"
confidence = "certain"
security_severity = 9.0
nearby_okta = "none"
before = 'IDP_ADMIN_CREDENTIAL_X9\s*:=\s*$'
examples = ['IDP_ADMIN_CREDENTIAL_X9 := 00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl']
"#,
    );
    let (json, _) = env.scan_json(&["deploy.cfg"]);
    assert!(
        json["findings"].as_array().is_some_and(Vec::is_empty),
        "no Okta context: not found by built-ins"
    );
    let (json, _) = env.scan_json(&["--rules", "mine.toml", "deploy.cfg"]);
    assert_eq!(json["findings"][0]["rule_id"], "acme.idp");
    let out = env
        .cmd()
        .args(["rules", "check", "--rules", "mine.toml"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (code, stderr) = code_and_stderr(
        &env,
        &[
            "scan",
            "--no-builtin-rules",
            "--rules",
            "mine.toml",
            "deploy.cfg",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[[kind]]") && stderr.contains("missing"),
        "{stderr}"
    );
}

#[test]
fn builtin_rules_check_passes() {
    let env = TestEnv::new();
    let out = env.cmd().args(["rules", "check"]).output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

#[test]
fn binary_and_large_files_are_skipped_and_counted() {
    let env = TestEnv::new();
    let t = token(202);
    let mut binary = b"\x7fELF\x02\x01\x01\0\0\0".to_vec();
    binary.extend(format!("OKTA_API_TOKEN={t}\n").as_bytes());
    env.write("app.bin", binary);
    env.write(
        "big.env",
        format!("OKTA_API_TOKEN={}\n{}", token(203), "#".repeat(4096)),
    );
    env.write("ok.env", "nothing\n");
    let (json, out) = env.scan_json(&["--max-file-size", "1K", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json["stats"]["skipped_binary"], 1);
    assert_eq!(json["stats"]["skipped_too_large"], 1);
    assert_eq!(json["stats"]["files_scanned"], 1);
    let out = env
        .cmd()
        .args(["scan", "--max-file-size", "1K", "."])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped 1 binary, 1 too large"), "{stderr}");
}

#[test]
fn gitignore_hidden_files_and_git_internals() {
    let env = TestEnv::new();
    env.git_init(".");
    let (a, b, c) = (token(204), token(205), token(206));
    env.write(".gitignore", "ignored/\n");
    env.write("ignored/.env", format!("OKTA_API_TOKEN={a}\n"));
    env.write(".env", format!("OKTA_API_TOKEN={b}\n"));
    env.write(".git/leftover", format!("OKTA_API_TOKEN={c}\n"));
    let tokens: Vec<String> = env.found().into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        tokens,
        vec![b.clone()],
        "hidden .env scanned, ignored/ and .git/ not"
    );
    let (json, _) = env.scan_json(&["--no-ignore", "--show-secrets", "."]);
    let all = sorted_tokens(&json);
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(
        all, expected,
        "--no-ignore scans ignored files, never .git/"
    );
}

#[test]
fn symlinks_are_not_followed_and_broken_ones_do_not_stop_the_scan() {
    let env = TestEnv::new();
    let t = token(207);
    env.write("outside/.env", format!("OKTA_API_TOKEN={t}\n"));
    env.write("tree/ok.txt", "fine\n");
    std::os::unix::fs::symlink(
        env.path().join("outside/.env"),
        env.path().join("tree/link.env"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(env.path().join("nowhere"), env.path().join("tree/broken"))
        .expect("symlink");
    let (json, out) = env.scan_json(&["tree"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json["stats"]["files_scanned"], 1);
    assert_eq!(json["stats"]["skipped_not_regular"], 2);
    let (code, stderr) = code_and_stderr(&env, &["scan", "tree/broken"]);
    assert_eq!(code, 2, "a broken symlink as a root is an error");
    assert!(stderr.contains("tree/broken"), "{stderr}");
}

/// Runs the binary as an unprivileged user when the tests run as root (as CI does), so that
/// permission bits are enforced. The binary is copied into the (world-readable) tree first,
/// since the build directory may sit under a home that user cannot enter.
fn unprivileged(env: &TestEnv, args: &[&str]) -> std::process::Output {
    use std::os::unix::fs::PermissionsExt;
    let bin = env.path().join(".bin-oktaleaks");
    if !bin.exists() {
        std::fs::copy(assert_cmd::cargo::cargo_bin("oktaleaks"), &bin).expect("copy binary");
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let is_root = Process::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false);
    let mut cmd = if is_root {
        let mut c = Process::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin);
        c
    } else {
        Process::new(bin)
    };
    cmd.args(args)
        .current_dir(env.path())
        .output()
        .expect("run")
}

#[test]
fn unreadable_file_is_reported_and_counted() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    std::fs::set_permissions(env.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let t = token(208);
    env.write("tree/readable.env", format!("OKTA_API_TOKEN={t}\n"));
    let secret = env.write("tree/secret.env", "OKTA_API_TOKEN=whatever\n");
    env.write("clean/a.txt", "fine\n");
    let locked = env.write("clean/locked.txt", "x\n");
    for p in [&secret, &locked] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    }
    let out = unprivileged(&env, &["scan", "--format", "json", "tree"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the finding wins: {stderr}");
    assert!(
        stderr.contains("secret.env") && stderr.contains("ermission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("1 unreadable"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["stats"]["unreadable"], 1);
    assert_eq!(
        json["stats"]["errors"], 1,
        "the error count travels in the report"
    );
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(1));

    let out = unprivileged(&env, &["scan", "clean"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "nothing found but the scan was incomplete"
    );
}

#[test]
fn default_root_is_the_working_directory() {
    let env = TestEnv::new();
    env.write("sub/.env", format!("OKTA_API_TOKEN={}\n", token(209)));
    let (json, out) = env.scan_json(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json["findings"][0]["path"], "sub/.env");
}
