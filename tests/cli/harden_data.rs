//! Issue 12, hostile data: no full token in any string that came from the scanned data or a
//! server (commit metadata, file names, remote URLs, owner logins, role labels), no org
//! guessed from the tail of a placeholder, a history scan that survives undecodable commits,
//! and no terminal escape printed raw.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{findings, redacted, str_of, token, TestEnv};
use crate::history::{git, repo};
use crate::okta::{Account, Behaviour, Roles, StandIn};

/// Asserts that no text holds any of `tokens` in full (also once percent-decoded).
fn assert_no_full_token(what: &str, text: &str, tokens: &[String]) {
    let decoded = percent_decode(text);
    for t in tokens {
        assert!(
            !text.contains(t.as_str()) && !decoded.contains(t.as_str()),
            "{what}: full token {} in:\n{text}",
            redacted(t)
        );
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Commits everything in `dir` as `author` (name, email) with `message`.
fn commit_as(dir: &Path, author: (&str, &str), message: &str) {
    git(dir, &["add", "-A"]);
    let out = Command::new("git")
        .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", message])
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_COMMITTER_NAME", "Ann Dev")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// stdout, stderr and the files a run wrote, as one text.
fn everything(env: &TestEnv, args: &[&str], files: &[&str]) -> String {
    let (stdout, stderr, _) = env.run(args);
    let mut all = format!("{stdout}\n{stderr}");
    for f in files {
        all.push_str(&std::fs::read_to_string(env.path().join(f)).unwrap_or_default());
    }
    all
}

#[test]
fn issue_12_commit_metadata_names_and_remotes_show_no_full_token() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let tokens: Vec<String> = (1200..1208).map(token).collect();
    let [in_summary, in_name, in_email, in_file, in_dir, in_content, in_password, in_remote_path] =
        <[String; 8]>::try_from(tokens.clone()).expect("eight");
    env.write(
        &format!("r/{in_dir}/{in_file}.env"),
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={in_content}\n"),
    );
    git(
        &dir,
        &[
            "remote",
            "add",
            "origin",
            &format!("https://ci:{in_password}@example.com/{in_remote_path}/r.git"),
        ],
    );
    let email = format!("{in_email}@example.com");
    let summary = format!("rotate {in_summary}");
    commit_as(&dir, (&format!("Ann {in_name}"), &email), &summary);

    // The commit really is reported, with its metadata, when secrets may be shown.
    let (shown, _) = env.scan_json(&["--git", "--show-secrets", "r"]);
    let commit = &findings(&shown)[0]["source"]["commit"];
    assert_eq!(commit["summary"], summary.as_str());
    assert_eq!(commit["author_email"], email.as_str());

    let (json, _) = env.scan_json(&["--git", "r"]);
    let commit = &findings(&json)[0]["source"]["commit"];
    assert_eq!(
        commit["summary"],
        format!("rotate {}", redacted(&in_summary))
    );
    assert_eq!(
        commit["author_email"],
        format!("{}@example.com", redacted(&in_email))
    );

    for format in ["text", "json", "sarif"] {
        for mode in [&["--git", "r"][..], &["r"][..]] {
            let args = [&["scan", "-f", format][..], mode].concat();
            assert_no_full_token(&args.join(" "), &everything(&env, &args, &[]), &tokens);
        }
    }
    for mode in [&["--git", "r"][..], &["r"][..]] {
        let args = [&["baseline", "create", "-o", "base.json"][..], mode].concat();
        assert_no_full_token(
            &args.join(" "),
            &everything(&env, &args, &["base.json"]),
            &tokens,
        );
    }
}

#[test]
fn issue_12_a_percent_encoded_copy_is_not_readable_in_a_snippet() {
    let env = TestEnv::new();
    let t = token(1210);
    let encoded = format!("{}%{:02X}{}", &t[..20], t.as_bytes()[20], &t[21..]);
    env.write(
        "deploy.env",
        format!("OKTA_API_TOKEN={t} # was {encoded}\nOKTA_TOKEN_URL=x?okta_token={encoded}\n"),
    );
    for format in ["text", "json", "sarif"] {
        let all = everything(&env, &["scan", ".", "-f", format], &[]);
        assert!(all.contains(&redacted(&t)), "{all}");
        assert_no_full_token(format, &all, std::slice::from_ref(&t));
    }
}

#[test]
fn issue_12_clone_errors_show_no_credentials() {
    let env = TestEnv::new();
    let t = token(1220);
    for url in [
        format!("https://ci:hunter2secret@127.0.0.1:9/{t}/r.git"),
        format!("https://ci:{t}@127.0.0.1:9/r.git"),
    ] {
        let (stdout, stderr, code) = env.run(&["scan", "--git", &url, "-f", "sarif"]);
        assert_eq!(code, 2, "{stderr}");
        let all = format!("{stdout}{stderr}");
        assert!(all.contains("cannot clone"), "{all}");
        assert!(!all.contains("hunter2secret"), "{all}");
        assert_no_full_token(&url, &all, std::slice::from_ref(&t));
    }
}

/// Control characters (but newline and tab) and bidi overrides that must never reach a
/// terminal raw.
fn has_terminal_control(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[test]
fn issue_12_server_strings_show_no_token_and_no_escape() {
    let tokens: Vec<String> = (1230..1233).map(token).collect();
    let [live, in_login, in_label] = <[String; 3]>::try_from(tokens.clone()).expect("three");
    // JSON escapes in the stand-in's body: the client decodes them to raw control
    // characters.
    let login: &'static str = format!("\\u001b]0;pwned\\u0007{in_login}\\u202e@example.com").leak();
    let label: &'static str = format!("Admin {in_label} \\u001b[2J\\u009b").leak();
    let okta = StandIn::start(
        vec![(
            live.clone(),
            Account {
                id: "00ub0oNGTSWTBKOLGLNR",
                login,
                roles: Roles::List(vec![("SUPER_ADMIN", label)]),
            },
        )],
        Behaviour::Okta,
    );
    for (format, stdout, stderr, code) in verified_in_every_format(&okta, &live) {
        assert_eq!(code, 3, "{stderr}");
        assert_no_full_token(format, &format!("{stdout}{stderr}"), &tokens);
        if format == "text" {
            assert!(stdout.contains("pwned"), "{stdout}");
            assert!(!has_terminal_control(&stdout), "{stdout:?}");
            assert!(!has_terminal_control(&stderr), "{stderr:?}");
        }
    }
}

#[test]
fn issue_12_terminal_escapes_in_names_and_commits_are_escaped_for_terminals() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let t = token(1240);
    let file = "a\x1b]0;pwned\x07\u{202e}b.env";
    let folder = "\x1b[2J\x1b]8;;http://evil.example/\x1b\\x";
    env.write(
        &format!("r/{folder}/{file}"),
        format!("OKTA_API_TOKEN={t}\n"),
    );
    commit_as(
        &dir,
        ("Ann\x1b[31m", "ann@example.com"),
        "fix \x1b]8;;http://evil.example/\x07link\x1b]8;;\x07 \u{9b}2J",
    );
    for mode in [&["--git", "r"][..], &["r"][..]] {
        let args = [&["scan", "-f", "text"][..], mode].concat();
        let (stdout, stderr, code) = env.run(&args);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.contains("pwned"), "{stdout}");
        assert!(!has_terminal_control(&stdout), "{args:?}: {stdout:?}");
        assert!(!has_terminal_control(&stderr), "{args:?}: {stderr:?}");
    }
    // Diagnostics on stderr quote paths as given.
    for args in [
        &["scan", "no\x1b]0;pwned\x07such"][..],
        &["scan", "--git", "no\x1b[2Jsuch"][..],
    ] {
        let (_, stderr, code) = env.run(args);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("such"), "{stderr}");
        assert!(!has_terminal_control(&stderr), "{stderr:?}");
    }
    // JSON stays faithful: it escapes control characters itself.
    let (json, _) = env.scan_json(&["--git", "r"]);
    let f = &findings(&json)[0];
    assert!(str_of(f, "path").ends_with(file), "{f}");
    assert!(str_of(&f["source"]["commit"], "summary").contains('\x1b'));
}

#[test]
fn issue_12_placeholder_hosts_are_no_org_and_receive_nothing() {
    let okta = StandIn::start(vec![], Behaviour::Okta);
    let env = TestEnv::new();
    let placeholders = [
        ("tenant.okta.com", "https://$TENANT.okta.com"),
        ("s.okta.com", "https://%s.okta.com"),
        ("name.okta.com", "$ORG_NAME.okta.com"),
        ("corp.okta.com", "acme_corp.okta.com"),
        ("cher.okta.com", "bücher.okta.com"),
        ("acme.oktapreview.com", "${ENV}-acme.oktapreview.com"),
        ("1.okta.com", "127.0.0.1.okta.com"),
    ];
    let mut args: Vec<String> = ["scan", ".", "-f", "json", "--verify"]
        .map(String::from)
        .to_vec();
    for (i, (tail, written)) in placeholders.iter().enumerate() {
        let t = token(1250 + i as u64);
        write_org_and_token(&env, i, written, &t);
        args.push("--okta-endpoint".to_string());
        args.push(format!("{tail}={}", okta.url()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, stderr, code) = env.run(&args);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(findings(&json).len(), placeholders.len(), "{stdout}");
    for f in findings(&json) {
        assert!(f["org_url"].is_null(), "{f}");
        assert_eq!(f["verification"]["status"], "not_checked", "{f}");
    }
    assert!(okta.seen().is_empty(), "an org received {:?}", okta.seen());
}

/// Writes `conf/<i>.env` naming the org as `written` beside token `t`.
fn write_org_and_token(env: &TestEnv, i: usize, written: &str, t: &str) {
    env.write(
        &format!("conf/{i}.env"),
        format!("OKTA_ORG_URL={written}\nOKTA_API_TOKEN={t}\n"),
    );
}

/// Runs git in `dir` with `input` on its standard input; its output, trimmed.
fn git_with_input(dir: &Path, args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("git");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("git");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Writes an object of `kind` with `body` as is (`--literally`: git's own checks would
/// refuse a malformed commit) and returns its id.
fn write_object(dir: &Path, kind: &str, body: &str) -> String {
    git_with_input(
        dir,
        &["hash-object", "-t", kind, "--literally", "-w", "--stdin"],
        body,
    )
}

/// A tree holding one file `name` with `contents` (trees are binary: `git mktree` makes
/// one from text).
fn tree_with(dir: &Path, name: &str, contents: &str) -> String {
    let blob = write_object(dir, "blob", contents);
    git_with_input(dir, &["mktree"], &format!("100644 blob {blob}\t{name}\n"))
}

/// Branch tips that are malformed: a commit without an author line and one whose author has
/// no `<email>` (both add `broken.env` holding `t`), one whose tree is missing, and one
/// without a tree line whose parent, reachable only through it, adds `behind.env` holding
/// `t_behind`.
fn add_malformed_tips(dir: &Path, t: &str, t_behind: &str) -> [String; 4] {
    let head = git(dir, &["rev-parse", "HEAD"]);
    let tree = tree_with(dir, "broken.env", &format!("OKTA_API_TOKEN={t}\n"));
    let committer = "committer Ann Dev <ann@example.com> 1767323045 +0000";
    let no_author = write_object(
        dir,
        "commit",
        &format!("tree {tree}\nparent {head}\n{committer}\n\nno author\n"),
    );
    let bad_author = write_object(
        dir,
        "commit",
        &format!(
            "tree {tree}\nparent {head}\nauthor Nobody 1767323045 +0000\n{committer}\n\nno email\n"
        ),
    );
    // Its tree is missing: the commit reads, what it holds cannot.
    let missing_tree = write_object(
        dir,
        "commit",
        &format!(
            "tree 0123456789012345678901234567890123456789\nparent {head}\nauthor A <a@example.com> 1767323045 +0000\n{committer}\n\nmissing tree\n"
        ),
    );
    git(dir, &["update-ref", "refs/heads/no-author", &no_author]);
    git(dir, &["update-ref", "refs/heads/bad-author", &bad_author]);
    git(
        dir,
        &["update-ref", "refs/heads/missing-tree", &missing_tree],
    );
    // git itself reads all three.
    git(dir, &["log", "--all", "--format=%H %an"]);
    // No tree at all: nothing of it can be scanned, its parent still can.
    let behind_tree = tree_with(dir, "behind.env", &format!("OKTA_API_TOKEN={t_behind}\n"));
    let behind = git(
        dir,
        &["commit-tree", &behind_tree, "-p", &head, "-m", "behind"],
    );
    let no_tree = write_object(
        dir,
        "commit",
        &format!("parent {behind}\n{committer}\n\nno tree\n"),
    );
    // `git update-ref` refuses to point at it: write the ref file.
    std::fs::write(dir.join(".git/refs/heads/no-tree"), format!("{no_tree}\n")).expect("ref");
    [no_author, bad_author, missing_tree, no_tree]
}

#[test]
fn issue_12_malformed_commits_at_branch_tips_do_not_stop_the_history_scan() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let (kept, in_broken, behind) = (token(1260), token(1261), token(1262));
    env.write("r/app.env", format!("OKTA_API_TOKEN={kept}\n"));
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "app"]);
    let broken = add_malformed_tips(&dir, &in_broken, &behind);
    let (json, out) = env.scan_json(&["--git", "--show-secrets", "r"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut found: Vec<String> = findings(&json).iter().map(|f| str_of(f, "token")).collect();
    found.sort();
    let mut expected = vec![kept, in_broken.clone(), behind];
    expected.sort();
    assert_eq!(found, expected, "what git reads is scanned: {stderr}");
    // A commit git reads without an author is shown as git shows it: its message, no error.
    let in_commit = findings(&json)
        .into_iter()
        .find(|f| str_of(f, "token") == in_broken)
        .expect("finding");
    let summary = str_of(&in_commit["source"]["commit"], "summary");
    assert!(
        summary == "no author" || summary == "no email",
        "{in_commit}"
    );
    assert!(!stderr.contains("without its author"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(json["stats"]["unreadable"].as_u64() >= Some(2), "{stderr}");
    for id in &broken[2..] {
        assert!(stderr.contains(id.as_str()), "{id} not reported: {stderr}");
    }

    // Nothing found but something failed: exit 2, and the SARIF says the run failed.
    let env = TestEnv::new();
    let dir = repo(&env, "q");
    env.write("q/README.md", "# q\n");
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "readme"]);
    add_malformed_tips(&dir, "nothing here", "nor here");
    let (stdout, stderr, code) = env.run(&["scan", "--git", "q", "-f", "sarif"]);
    assert_eq!(code, 2, "{stderr}");
    let sarif: Value = serde_json::from_str(&stdout).expect("sarif");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false, "{invocation}");
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(notes.iter().any(|n| n["level"] == "error"), "{invocation}");
}

#[test]
fn issue_12_location_headers_show_no_token() {
    let (leaked, in_location) = (token(1270), token(1271));
    let okta = StandIn::start(
        vec![],
        Behaviour::Redirect(format!("https://elsewhere.example/{in_location}?next=1")),
    );
    for (format, stdout, stderr, _) in verified_in_every_format(&okta, &leaked) {
        assert!(stdout.contains("redirect"), "{format}: {stdout}");
        assert_no_full_token(
            format,
            &format!("{stdout}{stderr}"),
            &[leaked.clone(), in_location.clone()],
        );
    }
}

#[test]
fn issue_12_rules_check_and_list_show_no_token_and_no_escape() {
    let env = TestEnv::new();
    let (in_name, in_example) = (token(1280), token(1281));
    env.write(
        "mine.toml",
        format!(
            r#"[[rule]]
id = "acme.idp"
name = "Acme key {in_name} \u001b]0;pwned\u0007"
confidence = "certain"
security_severity = 9.0
nearby_okta = "none"
before = 'IDP_ADMIN_CREDENTIAL_X9\s*:=\s*$'
examples = ['no key here {in_example}']
"#
        ),
    );
    for command in ["check", "list"] {
        let (stdout, stderr, _) = env.run(&["rules", command, "--rules", "mine.toml"]);
        let all = format!("{stdout}{stderr}");
        assert!(all.contains("acme.idp"), "{all}");
        assert_no_full_token(command, &all, &[in_name.clone(), in_example.clone()]);
        assert!(!has_terminal_control(&all), "{all:?}");
    }
}

#[test]
fn issue_12_verify_shows_no_token_from_the_server_and_no_escape() {
    let (live, in_login) = (token(1290), token(1291));
    let login: &'static str = format!("\\u001b]0;pwned\\u0007{in_login}@example.com").leak();
    let okta = StandIn::start(
        vec![(
            live.clone(),
            Account {
                id: "00ub0oNGTSWTBKOLGLNR",
                login,
                roles: Roles::List(vec![("SUPER_ADMIN", "Super Organization Administrator")]),
            },
        )],
        Behaviour::Okta,
    );
    let env = TestEnv::new();
    let org = okta.url();
    for json in [true, false] {
        let mut args = vec!["verify", "--okta-org", &org];
        if json {
            args.push("--json");
        }
        let (stdout, stderr, code) = env.run_with_stdin(&args, &format!("{live}\n"));
        assert_eq!(code, 3, "{stderr}");
        assert!(stdout.contains("pwned"), "{stdout}");
        assert_no_full_token(
            &args.join(" "),
            &format!("{stdout}{stderr}"),
            &[live.clone(), in_login.clone()],
        );
        if !json {
            assert!(!has_terminal_control(&stdout), "{stdout:?}");
        }
    }
}

/// Scans a tree whose `deploy/.env` leaks `token` for acme.okta.com, verified against the
/// stand-in, in each format: (format, stdout, stderr, exit code).
fn verified_in_every_format(
    okta: &StandIn,
    token: &str,
) -> Vec<(&'static str, String, String, i32)> {
    let env = TestEnv::new();
    env.write(
        "deploy/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={token}\n"),
    );
    let route = format!("acme.okta.com={}", okta.url());
    ["text", "json", "sarif"]
        .into_iter()
        .map(|format| {
            let args = [
                "scan",
                ".",
                "-f",
                format,
                "--verify",
                "--okta-endpoint",
                &route,
            ];
            let (stdout, stderr, code) = env.run(&args);
            (format, stdout, stderr, code)
        })
        .collect()
}
