//! History scans (`--git`) on real repositories built with the git CLI: every blob of every
//! ref once, attributed to the commit that brought it in.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{sorted_tokens, token, TestEnv};

/// Runs git in `dir` with a fixed identity and clock, and asserts it worked.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Ann Dev",
            "-c",
            "user.email=ann@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(["-c", "init.defaultBranch=main", "-c", "tag.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub fn commit_all(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

pub fn repo(env: &TestEnv, name: &str) -> std::path::PathBuf {
    let dir = env.path().join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    git(&dir, &["init", "-q"]);
    dir
}

fn history(env: &TestEnv, args: &[&str]) -> (Value, i32) {
    let (json, out) = env.scan_json(&[&["--git", "--show-secrets"], args].concat());
    (json, out.status.code().unwrap_or(-1))
}

#[test]
fn token_added_then_deleted_is_found_with_its_commit() {
    let env = TestEnv::new();
    let dir = repo(&env, "app");
    let t = token(500);
    env.write("app/README.md", "# app\n");
    commit_all(&dir, "initial");
    env.write(
        "app/config/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={t}\n"),
    );
    let leaked = commit_all(&dir, "Add Okta config");
    std::fs::remove_file(dir.join("config/.env")).expect("rm");
    commit_all(&dir, "Remove secret");
    assert!(env.found().is_empty(), "the work tree no longer holds it");
    let (json, code) = history(&env, &["app"]);
    assert_eq!(code, 1);
    assert_eq!(sorted_tokens(&json), vec![t]);
    let f = &json["findings"][0];
    assert_eq!(f["path"], "app/config/.env");
    assert_eq!(f["line"], 2);
    assert_eq!(f["org_url"], "https://acme.okta.com");
    let source = &f["source"];
    assert_eq!(source["kind"], "git");
    assert_eq!(source["path"], "config/.env");
    assert_eq!(source["commit"]["id"], leaked.as_str());
    assert_eq!(source["commit"]["author_name"], "Ann Dev");
    assert_eq!(source["commit"]["author_email"], "ann@example.com");
    assert_eq!(source["commit"]["summary"], "Add Okta config");
    assert!(source["commit"]["date"]
        .as_str()
        .unwrap_or("")
        .starts_with("2026-01-02T03:04:05"));
    let (stdout, _, _) = env.run(&["scan", "--git", "app"]);
    assert!(
        stdout.contains(&format!("commit: {} ", &leaked[..12])),
        "{stdout}"
    );
    assert!(
        stdout.contains("Ann Dev <ann@example.com> \"Add Okta config\""),
        "{stdout}"
    );
}

#[test]
fn every_ref_is_scanned_branches_tags_and_stash() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    env.write("r/a.txt", "base\n");
    commit_all(&dir, "base");
    let (on_branch, on_tag, on_annotated, in_stash) =
        (token(501), token(502), token(503), token(504));
    git(&dir, &["checkout", "-q", "-b", "side"]);
    env.write("r/side.env", format!("OKTA_API_TOKEN={on_branch}\n"));
    commit_all(&dir, "side work");
    git(&dir, &["checkout", "-q", "main"]);
    git(&dir, &["checkout", "-q", "--detach"]);
    env.write("r/tagged.env", format!("OKTA_API_TOKEN={on_tag}\n"));
    commit_all(&dir, "tagged only");
    git(&dir, &["tag", "v1"]);
    env.write(
        "r/annotated.env",
        format!("OKTA_API_TOKEN={on_annotated}\n"),
    );
    commit_all(&dir, "annotated only");
    git(&dir, &["tag", "-a", "v2", "-m", "release"]);
    git(&dir, &["checkout", "-q", "main"]);
    env.write("r/a.txt", format!("base\nOKTA_API_TOKEN={in_stash}\n"));
    git(&dir, &["stash", "-q"]);
    let (json, _) = history(&env, &["r"]);
    let mut expected = vec![on_branch, on_tag, on_annotated, in_stash];
    expected.sort();
    assert_eq!(sorted_tokens(&json), expected);
}

#[test]
fn one_blob_in_many_commits_and_paths_is_one_finding() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let t = token(505);
    env.write("r/okta.env", format!("OKTA_API_TOKEN={t}\n"));
    commit_all(&dir, "add");
    for i in 0..50 {
        env.write("r/counter.txt", format!("{i}\n"));
        commit_all(&dir, &format!("bump {i}"));
    }
    git(&dir, &["mv", "okta.env", "renamed.env"]);
    commit_all(&dir, "rename");
    let (json, _) = history(&env, &["r"]);
    let list = json["findings"].as_array().expect("findings");
    assert_eq!(list.len(), 1, "{json}");
    assert_eq!(list[0]["source"]["path"], "okta.env", "the earliest path");
    let again = list[0]["source"]["other_places"].as_u64().unwrap_or(0);
    assert!(
        (1..=51).contains(&again),
        "later commits and renamed.env hold it: {again}"
    );
    assert_eq!(list[0]["source"]["commit"]["summary"], "add");
}

#[test]
fn merge_commit_resolution_is_scanned() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    env.write("r/conf.env", "OKTA_ORG_URL=https://acme.okta.com\n");
    commit_all(&dir, "base");
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    env.write("r/conf.env", "OKTA_ORG_URL=https://acme.okta.com\nA=1\n");
    commit_all(&dir, "feature");
    git(&dir, &["checkout", "-q", "main"]);
    env.write("r/conf.env", "OKTA_ORG_URL=https://acme.okta.com\nB=2\n");
    commit_all(&dir, "main change");
    let t = token(506);
    let merge = Command::new("git")
        .args(["merge", "-q", "feature"])
        .current_dir(&dir)
        .output()
        .expect("git");
    assert!(!merge.status.success(), "expected a conflict");
    env.write(
        "r/conf.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={t}\n"),
    );
    git(&dir, &["add", "conf.env"]);
    git(&dir, &["commit", "-q", "-m", "Merge feature"]);
    let (json, _) = history(&env, &["r"]);
    assert_eq!(sorted_tokens(&json), vec![t]);
    assert_eq!(
        json["findings"][0]["source"]["commit"]["summary"],
        "Merge feature"
    );
}

#[test]
fn bare_mirror_and_since_commit() {
    let env = TestEnv::new();
    let dir = repo(&env, "src");
    let (old, new) = (token(507), token(508));
    env.write("src/old.env", format!("OKTA_API_TOKEN={old}\n"));
    let base = commit_all(&dir, "old");
    env.write("src/new.env", format!("OKTA_API_TOKEN={new}\n"));
    env.write("src/old-copy.env", format!("OKTA_API_TOKEN={old}\n"));
    commit_all(&dir, "new");
    git(
        env.path(),
        &["clone", "-q", "--mirror", "src", "mirror.git"],
    );
    let (json, _) = history(&env, &["mirror.git"]);
    let mut both = vec![old.clone(), new.clone()];
    both.sort();
    assert_eq!(sorted_tokens(&json), both);
    let (json, code) = history(&env, &["--since-commit", &base, "mirror.git"]);
    assert_eq!(code, 1);
    assert_eq!(
        sorted_tokens(&json),
        vec![new],
        "only what the new commit brings in; old-copy.env is the old blob"
    );
    let (_, stderr, code) = env.run(&["scan", "--git", "--since-commit", "no-such-rev", "src"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-rev"), "{stderr}");
}

#[test]
fn a_path_that_is_not_a_repository_is_a_clear_error() {
    let env = TestEnv::new();
    env.write("plain/file.txt", "x\n");
    let (_, stderr, code) = env.run(&["scan", "--git", "plain"]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("plain") && stderr.contains("not a git repository"),
        "{stderr}"
    );
}

#[test]
fn history_sarif_and_baseline() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let t = token(509);
    env.write("r/.env", format!("OKTA_API_TOKEN={t}\n"));
    commit_all(&dir, "leak");
    std::fs::remove_file(dir.join(".env")).expect("rm");
    commit_all(&dir, "unleak");
    let sarif = crate::sarif::sarif_of(&env, &["--git", "r"]);
    crate::sarif::check_sarif(&env, &sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["commit"]["summary"], "leak");
    let vcp = &sarif["runs"][0]["versionControlProvenance"][0];
    assert!(
        vcp["repositoryUri"]
            .as_str()
            .unwrap_or("")
            .starts_with("file:///"),
        "{vcp}"
    );
    assert_eq!(
        vcp["revisionId"],
        git(&dir, &["rev-parse", "HEAD"]).as_str()
    );
    assert_eq!(vcp["branch"], "main");
    git(
        &dir,
        &[
            "remote",
            "add",
            "origin",
            "https://bot:ghp_secret@github.com/acme/app.git",
        ],
    );
    let sarif = crate::sarif::sarif_of(&env, &["--git", "r"]);
    let uri = &sarif["runs"][0]["versionControlProvenance"][0]["repositoryUri"];
    assert_eq!(
        uri, "https://github.com/acme/app.git",
        "credentials never reach a report"
    );
    let (_, _, code) = env.run(&["baseline", "create", "--git", "-o", "base.json", "r"]);
    assert_eq!(code, 0);
    let (json, code) = history(&env, &["--baseline", "base.json", "r"]);
    assert_eq!(code, 0);
    assert_eq!(json["stats"]["suppressed"], 1);
}

#[test]
fn staged_scans_the_index_not_the_work_tree() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let (committed, staged, unstaged) = (token(510), token(511), token(512));
    env.write(
        "r/deep/a/b/old.env",
        format!("OKTA_API_TOKEN={committed}\n"),
    );
    env.write("r/other/x.txt", "x\n");
    commit_all(&dir, "old leak");
    env.write("r/deep/a/new.env", format!("OKTA_API_TOKEN={staged}\n"));
    git(&dir, &["add", "deep/a/new.env"]);
    env.write("r/deep/a/new.env", "clean now\n");
    env.write("r/other/x.txt", format!("OKTA_API_TOKEN={unstaged}\n"));
    let scan = |args: &[&str]| {
        let out = env
            .cmd()
            .current_dir(&dir)
            .args(
                [
                    &[
                        "scan",
                        "--staged",
                        "--show-secrets",
                        "--format",
                        "json",
                        "--quiet",
                    ],
                    args,
                ]
                .concat(),
            )
            .output()
            .expect("run");
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        (sorted_tokens(&json), out.status.code(), json)
    };
    let (found, code, json) = scan(&[]);
    assert_eq!(
        found,
        vec![staged.clone()],
        "only the staged change; not HEAD, not the work tree"
    );
    assert_eq!(code, Some(1));
    assert_eq!(json["findings"][0]["source"]["kind"], "staged");
    assert_eq!(json["findings"][0]["path"], "deep/a/new.env");
    // With paths (as pre-commit passes them), the index content of those entries, changed or not.
    let (found, _, _) = scan(&["deep/a/b/old.env"]);
    assert_eq!(found, vec![committed.clone()]);
    let (found, _, _) = scan(&["deep"]);
    let mut both = vec![committed, staged];
    both.sort();
    assert_eq!(found, both);
    // Nothing staged: nothing to report.
    git(&dir, &["reset", "-q"]);
    let (found, code, _) = scan(&[]);
    assert!(found.is_empty());
    assert_eq!(code, Some(0));
}

#[test]
fn a_directory_of_repositories_scans_each() {
    let env = TestEnv::new();
    let (a, b) = (token(513), token(514));
    let ra = repo(&env, "src/team/a");
    env.write("src/team/a/.env", format!("OKTA_API_TOKEN={a}\n"));
    commit_all(&ra, "a");
    let rb = repo(&env, "staging/b");
    env.write("staging/b/.env", format!("OKTA_API_TOKEN={b}\n"));
    commit_all(&rb, "b");
    git(
        env.path(),
        &["clone", "-q", "--bare", "staging/b", "src/b-mirror.git"],
    );
    let (json, _) = history(&env, &["src"]);
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(sorted_tokens(&json), expected);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(2));
}

#[test]
fn shallow_clones_and_linked_worktrees() {
    let env = TestEnv::new();
    let dir = repo(&env, "src");
    let (old, new) = (token(515), token(516));
    env.write("src/old.env", format!("OKTA_API_TOKEN={old}\n"));
    commit_all(&dir, "old");
    std::fs::remove_file(dir.join("old.env")).expect("rm");
    env.write("src/new.env", format!("OKTA_API_TOKEN={new}\n"));
    commit_all(&dir, "new");
    let url = format!("file://{}", dir.display());
    git(
        env.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let out = env
        .cmd()
        .args([
            "scan",
            "--git",
            "--show-secrets",
            "--format",
            "json",
            "shallow",
        ])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shallow clone"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        sorted_tokens(&json),
        vec![new.clone()],
        "only what the shallow clone holds"
    );

    git(&dir, &["worktree", "add", "-q", "../linked"]);
    let (json, _) = history(&env, &["linked"]);
    let mut both = vec![old, new];
    both.sort();
    assert_eq!(
        sorted_tokens(&json),
        both,
        "a linked worktree (a .git file) sees the whole history"
    );
}

#[test]
fn a_missing_object_is_reported_and_the_rest_still_scanned() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let (kept, lost) = (token(517), token(518));
    env.write("r/kept.env", format!("OKTA_API_TOKEN={kept}\n"));
    env.write("r/lost.env", format!("OKTA_API_TOKEN={lost}\n"));
    commit_all(&dir, "two");
    let loose = |blob: &str| dir.join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    let blob = git(&dir, &["rev-parse", "HEAD:lost.env"]);
    let kept_blob = git(&dir, &["rev-parse", "HEAD:kept.env"]);
    std::fs::remove_file(loose(&blob)).expect("remove the loose object");
    let out = env
        .cmd()
        .args(["scan", "--git", "--show-secrets", "--format", "json", "r"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the surviving finding decides: {stderr}"
    );
    assert!(
        stderr.contains(&blob) && stderr.contains("lost.env"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(sorted_tokens(&json), vec![kept]);
    assert_eq!(json["stats"]["unreadable"], 1);
    // With nothing found, the partial scan is an error.
    std::fs::remove_file(loose(&kept_blob)).expect("rm");
    let out = env
        .cmd()
        .args(["scan", "--git", "r"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_url_is_cloned_scanned_and_cleaned_up() {
    let env = TestEnv::new();
    let dir = repo(&env, "origin");
    let t = token(519);
    env.write("origin/okta.env", format!("OKTA_API_TOKEN={t}\n"));
    commit_all(&dir, "leak");
    let url = format!("file://{}", dir.display());
    let tmp = std::env::temp_dir();
    let clones_before = std::fs::read_dir(&tmp)
        .expect("tmp")
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("oktaleaks-clone-")
        })
        .count();
    let (json, code) = history(&env, &[&url]);
    assert_eq!(code, 1);
    assert_eq!(sorted_tokens(&json), vec![t]);
    assert_eq!(json["findings"][0]["path"], "okta.env");
    assert_eq!(json["findings"][0]["source"]["repository"], url.as_str());
    let clones_after = std::fs::read_dir(&tmp)
        .expect("tmp")
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("oktaleaks-clone-")
        })
        .count();
    assert_eq!(
        clones_before, clones_after,
        "the temporary clone was removed"
    );
    let (_, stderr, code) = env.run(&["scan", "--git", "file:///no/such/repo"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot clone"), "{stderr}");
}

#[test]
fn allows_work_the_same_in_file_staged_and_history_scans() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let (known, inline) = (token(520), token(521));
    env.write("r/a.env", format!("OKTA_API_TOKEN={known}\n"));
    env.write(
        "r/b.env",
        format!("OKTA_API_TOKEN={inline} # oktaleaks:allow fixture\n"),
    );
    let in_repo = |args: &[&str]| {
        let out = env
            .cmd()
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("run");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code(), json)
    };
    // A baseline made by a plain file scan at the repository root...
    let (code, _) = in_repo(&["baseline", "create", "-o", "base.json", "--quiet"]);
    assert_eq!(code, Some(0));
    git(&dir, &["add", "a.env", "b.env"]);
    // ...allows the same findings when staged, and in history.
    for mode in [&["--staged"][..], &["--git", "."][..]] {
        if mode[0] == "--git" {
            git(&dir, &["commit", "-q", "-m", "add"]);
        }
        let (code, json) = in_repo(
            &[
                &[
                    "scan",
                    "--format",
                    "json",
                    "--quiet",
                    "--baseline",
                    "base.json",
                ],
                mode,
            ]
            .concat(),
        );
        assert_eq!(code, Some(0), "{mode:?}: {json}");
        assert_eq!(json["stats"]["suppressed"], 2, "{mode:?}");
        let (code, json) = in_repo(&[&["scan", "--format", "json", "--quiet"], mode].concat());
        assert_eq!(code, Some(1), "{mode:?}");
        assert_eq!(
            json["stats"]["suppressed"], 1,
            "{mode:?}: the inline allow alone"
        );
    }
}

#[test]
fn submodules_are_named_not_scanned_and_big_or_binary_blobs_skipped() {
    let env = TestEnv::new();
    let sub = repo(&env, "lib");
    env.write("lib/lib.env", format!("OKTA_API_TOKEN={}\n", token(522)));
    commit_all(&sub, "lib");
    let dir = repo(&env, "app");
    let url = format!("file://{}", sub.display());
    git(
        &dir,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &url,
            "vendor/lib",
        ],
    );
    let mut binary = b"\x00\x01PNG".to_vec();
    binary.extend(format!("OKTA_API_TOKEN={}\n", token(523)).as_bytes());
    env.write("app/logo.png", binary);
    env.write(
        "app/big.env",
        format!("OKTA_API_TOKEN={}\n{}", token(524), "#".repeat(4096)),
    );
    commit_all(&dir, "app");
    let out = env
        .cmd()
        .args([
            "scan",
            "--git",
            "--format",
            "json",
            "--max-file-size",
            "1K",
            "app",
        ])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("submodules not scanned") && stderr.contains("vendor/lib"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(0), "{json}");
    assert_eq!(json["stats"]["skipped_binary"], 1);
    assert_eq!(json["stats"]["skipped_too_large"], 1);
}
