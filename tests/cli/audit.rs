//! `oktaleaks audit`, `report` and `triage`: many repositories into one datastore, resumed
//! after a kill, scanned again only where something is new, triage kept across audits.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::common::{outcome, token, TestEnv};

/// An `.env` naming the org `acme.okta.com` and holding `token`.
fn acme_env(token: &str) -> String {
    format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={token}\n")
}

/// A super admin of the stand-in org, whose token is live.
fn super_admin(login: &'static str) -> crate::okta::Account {
    crate::okta::Account {
        id: "00ub0oNGTSWTBKOLGLNR",
        login,
        roles: crate::okta::Roles::List(vec![("SUPER_ADMIN", "Super Organization Administrator")]),
    }
}

/// A repository `name` under the tree with `files` (path, contents) in one commit.
fn repo(env: &TestEnv, name: &str, files: &[(&str, String)]) -> PathBuf {
    env.git_init(name);
    let dir = env.path().join(name);
    for (path, contents) in files {
        env.write(&format!("{name}/{path}"), contents);
    }
    env.git(name, &["add", "-A"]);
    env.git(name, &["commit", "-q", "-m", "first"]);
    dir
}

/// `oktaleaks <args>` in the tree: (stdout, stderr, exit code).
fn run(env: &TestEnv, args: &[&str]) -> (String, String, i32) {
    outcome(&env.cmd().args(args).output().expect("run"))
}

/// The datastore's JSON report, with the times that differ from run to run left out.
fn report_json(env: &TestEnv, db: &str) -> Value {
    let (stdout, stderr, code) = run(env, &["report", "--datastore", db, "--format", "json"]);
    assert!([0, 1, 3].contains(&code), "{stderr}");
    let mut json: Value = serde_json::from_str(&stdout).expect("JSON report");
    json["generated_at"] = Value::Null;
    for repo in json["repositories"].as_array_mut().expect("repositories") {
        repo["scanned_at"] = Value::Null;
    }
    json
}

#[test]
fn one_token_in_two_repositories_is_one_secret_with_both() {
    let env = TestEnv::new();
    let shared = token(501);
    let other = token(502);
    repo(&env, "svc-a", &[(".env", acme_env(&shared))]);
    repo(
        &env,
        "svc-b",
        &[(
            "deploy/okta.yml",
            format!("okta:\n  apiToken: {shared}\n  other: {other}\n"),
        )],
    );
    repo(&env, "docs", &[("README.md", "nothing here\n".to_string())]);
    let (_, stderr, code) = run(
        &env,
        &["audit", "svc-a", "svc-b", "docs", "--datastore", "a.db"],
    );
    assert_eq!(code, 1, "open secrets: exit 1; {stderr}");
    assert!(
        stderr.contains("3 scanned, 0 unchanged, 0 failed"),
        "{stderr}"
    );
    let json = report_json(&env, "a.db");
    let secrets = json["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 2, "{json}");
    let both = secrets
        .iter()
        .find(|s| s["repositories"].as_array().is_some_and(|r| r.len() == 2))
        .expect("the shared token has both repositories");
    assert_eq!(both["locations"].as_array().map(Vec::len), Some(2));
    assert_eq!(both["org"], "https://acme.okta.com");
    assert_eq!(json["summary"]["repositories"], 3);
    assert_eq!(json["summary"]["repositories_affected"], 2);
    // No full token in the datastore or any report without --store-secrets.
    let stored = std::fs::read(env.path().join("a.db")).expect("datastore");
    let (text, _, _) = run(&env, &["report", "--datastore", "a.db"]);
    for t in [&shared, &other] {
        assert!(
            !stored.windows(t.len()).any(|w| w == t.as_bytes()),
            "token in the datastore"
        );
        assert!(!json.to_string().contains(t.as_str()) && !text.contains(t.as_str()));
    }
}

#[test]
fn a_second_audit_scans_only_what_is_new_and_triage_survives_it() {
    let env = TestEnv::new();
    let first = token(511);
    let a = repo(
        &env,
        "a",
        &[(
            "config.env",
            format!("OKTA_API_TOKEN={first}\nOKTA_ORG_URL=https://acme.okta.com\n"),
        )],
    );
    repo(&env, "b", &[("x.txt", "x\n".to_string())]);
    let (_, stderr, _) = run(&env, &["audit", "a", "b", "--datastore", "s.db"]);
    assert!(stderr.contains("2 scanned, 0 unchanged"), "{stderr}");
    // Nothing new: nothing scanned.
    let (_, stderr, _) = run(&env, &["audit", "a", "b", "--datastore", "s.db"]);
    assert!(
        stderr.contains("0 scanned, 2 unchanged") && stderr.contains(": 0 blobs"),
        "{stderr}"
    );
    // Triage the secret by the id the report shows.
    let json = report_json(&env, "s.db");
    let id = json["secrets"][0]["id"].as_str().expect("id").to_string();
    let (_, stderr, code) = run(
        &env,
        &[
            "triage",
            &id[..12],
            "--status",
            "accepted-risk",
            "--note",
            "test org",
            "--datastore",
            "s.db",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // A new commit in one repository: only its new blob is scanned.
    let second = token(512);
    std::fs::write(
        a.join("more.env"),
        format!("OKTA_API_TOKEN={second}\nOKTA_ORG_URL=https://acme.okta.com\n"),
    )
    .expect("write");
    env.git("a", &["add", "-A"]);
    env.git("a", &["commit", "-q", "-m", "second"]);
    let (_, stderr, _) = run(&env, &["audit", "a", "b", "--datastore", "s.db"]);
    assert!(
        stderr.contains("1 scanned, 1 unchanged") && stderr.contains(": 1 blobs"),
        "{stderr}"
    );
    let json = report_json(&env, "s.db");
    let secrets = json["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 2);
    let triaged = secrets
        .iter()
        .find(|s| s["id"] == id.as_str())
        .expect("first");
    assert_eq!(triaged["triage"]["status"], "accepted-risk");
    assert_eq!(triaged["triage"]["note"], "test org");
    assert_eq!(json["summary"]["open"], 1);
    // Ids that name nothing, or too little, change nothing and say why.
    let (_, stderr, code) = run(
        &env,
        &[
            "triage",
            "ffffffffffff",
            "--status",
            "revoked",
            "--datastore",
            "s.db",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no secret with this id"), "{stderr}");
    let (_, stderr, code) = run(
        &env,
        &[
            "triage",
            "abc",
            "--status",
            "revoked",
            "--datastore",
            "nope.db",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
}

/// Repositories for the kill test: enough that an audit takes a while, each with a token.
fn many_repositories(env: &TestEnv, count: u64) -> Vec<String> {
    (0..count)
        .map(|i| {
            let name = format!("r{i:02}");
            let mut files: Vec<(&str, String)> = vec![("app.env", acme_env(&token(600 + i % 7)))];
            let filler: Vec<String> = (0..150)
                .map(|j| format!("fn f{j}() {{ {i} + {j} }}\n"))
                .collect();
            let names: Vec<String> = (0..150).map(|j| format!("src/f{j}.rs")).collect();
            for (n, f) in names.iter().zip(filler) {
                files.push((n.as_str(), f));
            }
            // `files` borrows `names`: build the repository before they go.
            repo(env, &name, &files);
            name
        })
        .collect()
}

/// Repositories recorded complete in a datastore (read while an audit may be writing it).
fn complete(db: &Path) -> usize {
    let Ok(conn) = rusqlite::Connection::open(db) else {
        return 0;
    };
    let _ = conn.busy_timeout(Duration::from_secs(5));
    conn.query_row(
        "SELECT COUNT(*) FROM repositories WHERE status = 'complete'",
        [],
        |row| row.get::<_, i64>(0),
    )
    .map_or(0, |n| n as usize)
}

#[test]
fn an_audit_killed_midway_and_resumed_gives_the_same_datastore() {
    let env = TestEnv::new();
    let names = many_repositories(&env, 16);
    let mut args: Vec<&str> = vec!["audit", "-q", "-j", "1"];
    args.extend(names.iter().map(String::as_str));
    // Uninterrupted.
    let (_, stderr, _) = run(
        &env,
        &[args.as_slice(), &["--datastore", "whole.db"]].concat(),
    );
    assert!(stderr.is_empty(), "{stderr}");
    // Killed (SIGKILL) once the first repository is recorded, then resumed.
    let killed = env.path().join("killed.db");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("oktaleaks"))
        .current_dir(env.path())
        .args(&args)
        .args(["--datastore", "killed.db"])
        .spawn()
        .expect("audit");
    while complete(&killed) == 0 {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let done_before = complete(&killed);
    assert!(
        done_before > 0 && done_before < names.len(),
        "killed after {done_before} of {} repositories",
        names.len()
    );
    let (_, stderr, _) = run(
        &env,
        &[args.as_slice(), &["--datastore", "killed.db"]].concat(),
    );
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(complete(&killed), names.len());
    let (whole, resumed) = (
        report_json(&env, "whole.db"),
        report_json(&env, "killed.db"),
    );
    assert_eq!(whole["secrets"], resumed["secrets"]);
    assert_eq!(whole["summary"], resumed["summary"]);
    let blobs = |j: &Value| -> Vec<Value> {
        j["repositories"]
            .as_array()
            .expect("repositories")
            .iter()
            .map(|r| r["blobs_scanned"].clone())
            .collect()
    };
    // Each repository's blobs counted once in all, as if never interrupted.
    assert_eq!(blobs(&whole), blobs(&resumed));
}

#[test]
fn store_secrets_keeps_the_token_and_report_shows_it_only_when_asked() {
    let env = TestEnv::new();
    let t = token(520);
    repo(&env, "a", &[(".env", acme_env(&t))]);
    let (_, stderr, _) = run(
        &env,
        &["audit", "a", "--store-secrets", "--datastore", "k.db"],
    );
    assert!(stderr.contains("1 secret"), "{stderr}");
    let (hidden, _, _) = run(&env, &["report", "--datastore", "k.db"]);
    assert!(!hidden.contains(&t), "{hidden}");
    let (shown, _, code) = run(&env, &["report", "--datastore", "k.db", "--show-secrets"]);
    assert_eq!(code, 1);
    assert!(shown.contains(&t), "{shown}");
    // A format that contradicts the output file's extension is refused.
    let (_, stderr, code) = run(
        &env,
        &["report", "--datastore", "k.db", "-f", "json", "-o", "r.txt"],
    );
    assert_eq!(code, 2, "{stderr}");
    let (_, stderr, code) = run(&env, &["report", "--datastore", "k.db", "-o", "r.json"]);
    assert_eq!(code, 1, "{stderr}");
    let written: Value =
        serde_json::from_slice(&std::fs::read(env.path().join("r.json")).expect("r.json"))
            .expect("JSON by extension");
    assert_eq!(written["summary"]["secrets"], 1);
}

#[test]
fn audit_verify_checks_each_secret_once_across_repositories_and_flags_a_revoked_one_live() {
    use crate::okta::{Behaviour, StandIn};
    let env = TestEnv::new();
    let (live, dead) = (token(530), token(531));
    let okta = StandIn::start(
        vec![(live.clone(), super_admin("ops@example.com"))],
        Behaviour::Okta,
    );
    let names = ["a", "b", "c"];
    for name in names {
        repo(
            &env,
            name,
            &[(
                ".env",
                format!(
                    "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={live}\nOKTA_OLD={dead}\n"
                ),
            )],
        );
    }
    let route = format!("acme.okta.com={}", okta.url());
    let audit = |extra: &[&str]| {
        let mut args = vec![
            "audit",
            "a",
            "b",
            "c",
            "--datastore",
            "v.db",
            "--verify",
            "--okta-endpoint",
            &route,
        ];
        args.extend_from_slice(extra);
        run(&env, &args)
    };
    let (_, stderr, code) = audit(&[]);
    assert_eq!(code, 3, "a live token: exit 3; {stderr}");
    assert!(stderr.contains("checked 2 secrets: 1 live"), "{stderr}");
    // Once per secret, whatever the number of repositories.
    let me = okta.calls("GET", "/api/v1/users/me");
    for t in [&live, &dead] {
        let sent = me
            .iter()
            .filter(|s| s.authorization == format!("SSWS {t}"))
            .count();
        assert_eq!(sent, 1, "checks of one secret");
    }
    let json = report_json(&env, "v.db");
    let secret = &json["secrets"][0];
    assert_eq!(secret["verdict"]["state"], "live", "live first: {json}");
    assert_eq!(secret["verdict"]["owner"], "ops@example.com");
    assert_eq!(secret["repositories"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["secrets"][1]["verdict"]["state"], "inactive");
    // Marked revoked, then found again in a new commit and still live: flagged loudly.
    let id = secret["id"].as_str().expect("id").to_string();
    let (_, stderr, code) = run(
        &env,
        &["triage", &id, "--status", "revoked", "--datastore", "v.db"],
    );
    assert_eq!(code, 0, "{stderr}");
    let a = env.path().join("a");
    std::fs::write(
        a.join("again.env"),
        format!("OKTA_ORG_URL=https://acme.okta.com\nTOKEN={live}\n"),
    )
    .expect("write");
    env.git("a", &["add", "-A"]);
    env.git("a", &["commit", "-q", "-m", "again"]);
    let (_, stderr, code) = audit(&[]);
    assert_eq!(code, 3, "{stderr}");
    let json = report_json(&env, "v.db");
    assert_eq!(json["secrets"][0]["triage"]["revoked_but_live"], true);
    let (text, _, _) = run(&env, &["report", "--datastore", "v.db"]);
    assert!(text.contains("MARKED REVOKED, BUT LIVE"), "{text}");
    assert!(!text.contains(&live) && !json.to_string().contains(&live));
}

#[test]
fn an_audit_report_in_sarif_validates_with_one_result_per_place() {
    let env = TestEnv::new();
    let shared = token(540);
    for name in ["x", "y"] {
        repo(&env, name, &[("cfg/okta.env", acme_env(&shared))]);
    }
    let (_, stderr, _) = run(&env, &["audit", "x", "y", "--datastore", "s.db"]);
    assert!(stderr.contains("2 scanned"), "{stderr}");
    let (stdout, stderr, code) = run(
        &env,
        &["report", "--datastore", "s.db", "-o", "-", "-f", "sarif"],
    );
    assert_eq!(code, 1, "{stderr}");
    let sarif: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    crate::sarif::check_sarif(&env, &sarif);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "one per place");
    let bases: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(bases, ["REPO0", "REPO1"]);
    assert_eq!(
        results[0]["relatedLocations"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(!stdout.contains(&shared));
}

#[test]
fn an_audit_on_a_terminal_shows_its_repositories_and_blobs() {
    let env = TestEnv::new();
    let files: Vec<(String, String)> = (0..1_100)
        .map(|i| (format!("f{i}.txt"), format!("{i}\n")))
        .collect();
    let files: Vec<(&str, String)> = files.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
    repo(&env, "big", &files);
    repo(&env, "small", &[("a.txt", "a\n".to_string())]);
    let binary = assert_cmd::cargo::cargo_bin("oktaleaks");
    let out = Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!(
            "{} audit big small --datastore t.db",
            binary.display()
        ))
        .arg("/dev/null")
        .current_dir(env.path())
        .output()
        .expect("script (util-linux) runs the binary on a terminal");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("/2 repositories"), "{shown}");
    assert!(shown.contains("of 1100 blobs"), "{shown}");
    let (_, piped, _) = run(&env, &["audit", "big", "small", "--datastore", "p.db"]);
    assert!(!piped.contains("/2 repositories"), "{piped}");
}

#[test]
fn report_verify_checks_kept_tokens_again_once_they_are_old_enough() {
    use crate::okta::{Behaviour, StandIn};
    let env = TestEnv::new();
    let t = token(550);
    let okta = StandIn::start(Vec::new(), Behaviour::Okta);
    repo(&env, "a", &[(".env", acme_env(&t))]);
    let route = format!("acme.okta.com={}", okta.url());
    let (_, stderr, _) = run(&env, &["audit", "a", "--datastore", "h.db"]);
    assert!(stderr.contains("1 secret"), "{stderr}");
    // Only hashes kept: nothing to send, and it says so.
    let (_, stderr, code) = run(
        &env,
        &[
            "report",
            "--datastore",
            "h.db",
            "--verify",
            "--okta-endpoint",
            &route,
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("--store-secrets"), "{stderr}");
    let (_, stderr, _) = run(
        &env,
        &["audit", "a", "--store-secrets", "--datastore", "k.db"],
    );
    assert!(stderr.contains("1 secret"), "{stderr}");
    let check = |age: &str| {
        run(
            &env,
            &[
                "report",
                "--datastore",
                "k.db",
                "-f",
                "json",
                "--verify",
                "--okta-endpoint",
                &route,
                "--max-age",
                age,
            ],
        )
    };
    let (stdout, stderr, _) = check("7d");
    assert!(
        stderr.contains("checked 1 secret again: 0 live, 1 inactive"),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["secrets"][0]["verdict"]["state"], "inactive");
    // Checked a moment ago: not due under 7 days, due under 0.
    let (_, stderr, _) = check("7d");
    assert!(stderr.contains("checked 0 secrets again"), "{stderr}");
    let (_, stderr, _) = check("0");
    assert!(stderr.contains("checked 1 secret again"), "{stderr}");
    let sent = okta
        .calls("GET", "/api/v1/users/me")
        .iter()
        .filter(|s| s.authorization == format!("SSWS {t}"))
        .count();
    assert_eq!(sent, 2);
}

/// The report with every time left out (checks and triage changes carry theirs).
fn timeless(mut json: Value) -> Value {
    for secret in json["secrets"].as_array_mut().expect("secrets") {
        secret["verdict"]["checked_at"] = Value::Null;
        secret["triage"]["changed_at"] = Value::Null;
    }
    json
}

#[test]
fn four_shards_merged_give_the_report_of_one_audit_and_each_secret_is_checked_once() {
    use crate::okta::{Behaviour, StandIn};
    let env = TestEnv::new();
    let live = token(560);
    let names: Vec<String> = (0..12)
        .map(|i| {
            let name = format!("repo{i:02}");
            let t = if i % 3 == 0 {
                live.clone()
            } else {
                token(561 + i % 4)
            };
            repo(&env, &name, &[(".env", acme_env(&t))]);
            name
        })
        .collect();
    let mut base: Vec<&str> = vec!["audit", "-q", "--store-secrets"];
    base.extend(names.iter().map(String::as_str));
    let (_, stderr, _) = run(
        &env,
        &[base.as_slice(), &["--datastore", "whole.db"]].concat(),
    );
    assert!(stderr.is_empty(), "{stderr}");
    // Four shard processes at once.
    let binary = assert_cmd::cargo::cargo_bin("oktaleaks");
    let shards: Vec<_> = (0..4)
        .map(|k| {
            Command::new(&binary)
                .current_dir(env.path())
                .args(&base)
                .args([
                    "--shard",
                    &format!("{k}/4"),
                    "--datastore",
                    &format!("shard{k}.db"),
                ])
                .spawn()
                .expect("shard")
        })
        .collect();
    for mut shard in shards {
        assert!(shard.wait().expect("shard ran").code().is_some());
    }
    // Each repository in exactly one shard.
    let mut seen: Vec<String> = Vec::new();
    for k in 0..4 {
        let json = report_json(&env, &format!("shard{k}.db"));
        for repo in json["repositories"].as_array().expect("repositories") {
            seen.push(repo["url"].as_str().expect("url").to_string());
        }
    }
    seen.sort();
    let before = seen.len();
    seen.dedup();
    assert_eq!((before, seen.len()), (12, 12), "{seen:?}");
    let merge = |out: &str, inputs: &[&str]| {
        let mut args = vec!["datastore", "merge"];
        args.extend_from_slice(inputs);
        args.extend_from_slice(&["-o", out]);
        let (_, stderr, code) = run(&env, &args);
        assert_eq!(code, 0, "{stderr}");
    };
    merge(
        "all.db",
        &["shard0.db", "shard1.db", "shard2.db", "shard3.db"],
    );
    merge(
        "reversed.db",
        &["shard3.db", "shard2.db", "shard1.db", "shard0.db"],
    );
    let whole = report_json(&env, "whole.db");
    let all = report_json(&env, "all.db");
    assert_eq!(whole["secrets"], all["secrets"]);
    assert_eq!(whole["repositories"], all["repositories"]);
    assert_eq!(all, report_json(&env, "reversed.db"), "order-independent");
    merge("all.db", &["all.db", "shard2.db"]);
    assert_eq!(all, report_json(&env, "all.db"), "idempotent");
    // Shards did not verify; the merged datastore is checked once per secret.
    let account = super_admin("ops@example.com");
    let okta = StandIn::start(vec![(live.clone(), account.clone())], Behaviour::Okta);
    let route = format!("acme.okta.com={}", okta.url());
    let (_, stderr, code) = run(
        &env,
        &["verify", "--datastore", "all.db", "--okta-endpoint", &route],
    );
    assert_eq!(code, 3, "{stderr}");
    let me = okta.calls("GET", "/api/v1/users/me");
    let secrets = all["secrets"].as_array().expect("secrets").len();
    assert_eq!(me.len(), secrets, "one check per secret");
    let mut tokens: Vec<&str> = me.iter().map(|s| s.authorization.as_str()).collect();
    tokens.dedup();
    assert_eq!(tokens.len(), secrets);
    // The same check of the single audit gives the same report, verdicts included.
    let okta_whole = StandIn::start(vec![(live.clone(), account)], Behaviour::Okta);
    let route = format!("acme.okta.com={}", okta_whole.url());
    run(
        &env,
        &[
            "verify",
            "--datastore",
            "whole.db",
            "--okta-endpoint",
            &route,
        ],
    );
    assert_eq!(
        timeless(report_json(&env, "whole.db"))["secrets"],
        timeless(report_json(&env, "all.db"))["secrets"]
    );
}

#[test]
fn an_organisation_listed_by_a_github_stand_in_is_cloned_audited_and_fetched_next_time() {
    use crate::forge::{github_repo, Reply, StandIn};
    let env = TestEnv::new();
    let t = token(570);
    let api = repo(&env, "origin/api", &[(".env", acme_env(&t))]);
    let web = repo(
        &env,
        "origin/web",
        &[("index.html", "<p>hi</p>\n".to_string())],
    );
    let fork = repo(&env, "origin/fork", &[("x", "x\n".to_string())]);
    let url = |p: &Path| format!("file://{}", p.display());
    let forge = StandIn::start();
    let page = serde_json::json!([
        github_repo("acme/api", &url(&api), false, false),
        github_repo("acme/web", &url(&web), false, true),
        github_repo("acme/fork", &url(&fork), true, false),
    ]);
    let listing = "/orgs/acme/repos?per_page=100&type=all";
    let audit = || {
        env.cmd()
            .args([
                "audit",
                "--github-org",
                "acme",
                "--github-api-url",
                &forge.url(),
            ])
            .args(["--cache-dir", "cache", "--datastore", "o.db"])
            .env("GITHUB_TOKEN", "gh-test-token-not-real")
            .output()
            .expect("run")
    };
    forge.route(listing, vec![Reply::json(&page)]);
    let (_, stderr, code) = outcome(&audit());
    assert_eq!(code, 1, "{stderr}");
    // The archived repository and the fork are left out.
    assert!(
        stderr.contains("1 repositories") && stderr.contains("1 scanned"),
        "{stderr}"
    );
    assert_eq!(
        forge.seen()[0].header("authorization"),
        Some("Bearer gh-test-token-not-real")
    );
    let json = report_json(&env, "o.db");
    assert_eq!(json["secrets"][0]["repositories"][0], url(&api));
    let cached: Vec<PathBuf> = std::fs::read_dir(env.path().join("cache"))
        .expect("cache")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    // Next time: fetched into the same clone, nothing new, nothing scanned.
    std::fs::write(cached[0].join("marker"), "kept").expect("marker");
    forge.route(listing, vec![Reply::json(&page)]);
    let (_, stderr, _) = outcome(&audit());
    assert!(stderr.contains("0 scanned, 1 unchanged"), "{stderr}");
    assert!(cached[0].join("marker").exists(), "cloned again");
    // The stand-in's listing failing is an error the run says, not a clean audit.
    forge.route(listing, vec![Reply::error(404, "Not Found")]);
    let (_, stderr, code) = outcome(&audit());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("GitHub organization acme: GitHub answered HTTP 404"),
        "{stderr}"
    );
}

#[test]
fn the_html_report_of_a_real_audit_renders_in_chromium_with_hostile_names_kept_as_text() {
    use crate::okta::{Behaviour, StandIn};
    let env = TestEnv::new();
    let (live, other) = (token(580), token(581));
    let okta = StandIn::start(
        vec![(
            live.clone(),
            super_admin("<img src=x onerror=alert(1)>@example.com"),
        )],
        Behaviour::Okta,
    );
    // A path and an author a hostile repository could choose.
    let hostile_path = "</script><script>alert(2)</script>.env";
    repo(&env, "api", &[(hostile_path, acme_env(&live))]);
    env.git_init("web");
    env.write("web/.env", acme_env(&other));
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args([
                "-c",
                "user.name=<b onmouseover=alert(3)>Mallory</b>",
                "-c",
                "user.email=m@example.com",
            ])
            .args(args)
            .current_dir(env.path().join("web"))
            .status()
            .expect("git")
            .success();
        assert!(ok);
    };
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "<script>alert(4)</script>"]);
    let route = format!("acme.okta.com={}", okta.url());
    let (_, stderr, code) = run(
        &env,
        &[
            "audit",
            "api",
            "web",
            "--datastore",
            "h.db",
            "--verify",
            "--okta-endpoint",
            &route,
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    let (_, stderr, code) = run(&env, &["report", "--datastore", "h.db", "-o", "audit.html"]);
    assert_eq!(code, 3, "{stderr}");
    let page = env.path().join("audit.html");
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(
        !html.contains(&live) && !html.contains(&other),
        "a full token in the page"
    );
    let shown = crate::chromium::render_in_chromium(&page);
    assert!(
        shown.console_errors.is_empty(),
        "{:?}",
        shown.console_errors
    );
    assert!(shown.requests.is_empty(), "{:?}", shown.requests);
    assert!(
        shown.dialogs.is_empty(),
        "injected script ran: {:?}",
        shown.dialogs
    );
    for expected in ["Mallory", "acme.okta.com"] {
        assert!(
            shown.text.contains(expected),
            "{expected} not shown as text"
        );
    }
    // The path sits in a closed row: in the page as escaped text.
    assert!(
        html.contains("&lt;/script&gt;&lt;script&gt;alert(2)"),
        "path not escaped"
    );
    let png = std::fs::read(&shown.screenshot_png_path).expect("a screenshot");
    assert!(crate::chromium::png_size(&png).is_some(), "not a PNG");
}

#[test]
fn a_bare_token_in_a_new_commit_stands_on_the_okta_context_of_the_history_already_audited() {
    let env = TestEnv::new();
    let dir = repo(
        &env,
        "svc",
        &[(
            "okta.yaml",
            "okta:\n  orgUrl: https://acme.okta.com\n".to_string(),
        )],
    );
    let (_, stderr, code) = run(&env, &["audit", "svc", "--datastore", "c.db"]);
    assert_eq!(code, 0, "{stderr}");
    // A bare token: only the repository's mention of Okta makes it a finding.
    let t = token(590);
    std::fs::write(dir.join("deploy.env"), format!("TOKEN={t}\n")).expect("write");
    env.git("svc", &["add", "-A"]);
    env.git("svc", &["commit", "-q", "-m", "deploy"]);
    let (_, stderr, code) = run(&env, &["audit", "svc", "--datastore", "c.db"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("1 scanned") && stderr.contains(": 1 blobs"),
        "{stderr}"
    );
    let json = report_json(&env, "c.db");
    assert_eq!(json["secrets"][0]["org"], "https://acme.okta.com", "{json}");
    // The same finding as a whole scan of the history gives.
    let (scan, _) = env.scan_json(&["--git", "svc"]);
    assert_eq!(scan["findings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn datastores_a_scanned_repository_could_supply_and_urls_with_credentials_are_refused() {
    let env = TestEnv::new();
    repo(&env, "r", &[("a.txt", "a\n".to_string())]);
    let (_, stderr, code) = run(&env, &["audit", "r", "--datastore", "r/oktaleaks.db"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("a repository being audited"), "{stderr}");
    assert!(!env.path().join("r/oktaleaks.db").exists());
    let (_, stderr, code) = run(
        &env,
        &[
            "audit",
            "https://ci:ghp_notreal@github.com/acme/api.git",
            "--datastore",
            "x.db",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("credentials is refused") && !stderr.contains("ghp_notreal"),
        "{stderr}"
    );
    assert!(!env.path().join("x.db").exists(), "nothing recorded");
    // A new datastore is its owner's alone; a symlink is not followed.
    let (_, stderr, _) = run(&env, &["audit", "r", "--datastore", "own.db"]);
    assert!(stderr.contains("1 scanned"), "{stderr}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(env.path().join("own.db"))
        .expect("db")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "{mode:o}");
    std::os::unix::fs::symlink(env.path().join("own.db"), env.path().join("link.db"))
        .expect("link");
    let (_, stderr, code) = run(&env, &["audit", "r", "--datastore", "link.db"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("symlink"), "{stderr}");
}

#[test]
fn a_later_check_tries_every_org_named_beside_a_secret() {
    use crate::okta::{Behaviour, StandIn};
    let env = TestEnv::new();
    let t = token(596);
    // Named beside acme in one repository and beta in another; live only at beta.
    let (acme, beta) = (
        StandIn::start(Vec::new(), Behaviour::Okta),
        StandIn::start(
            vec![(t.clone(), super_admin("ops@example.com"))],
            Behaviour::Okta,
        ),
    );
    for (name, org) in [("one", "acme"), ("two", "beta")] {
        repo(
            &env,
            name,
            &[(
                ".env",
                format!("OKTA_ORG_URL=https://{org}.okta.com\nOKTA_API_TOKEN={t}\n"),
            )],
        );
    }
    let (_, stderr, _) = run(
        &env,
        &[
            "audit",
            "one",
            "two",
            "--store-secrets",
            "--datastore",
            "m.db",
        ],
    );
    assert!(stderr.contains("1 secret"), "{stderr}");
    let (acme_route, beta_route) = (
        format!("acme.okta.com={}", acme.url()),
        format!("beta.okta.com={}", beta.url()),
    );
    let (_, stderr, code) = run(
        &env,
        &[
            "verify",
            "--datastore",
            "m.db",
            "--okta-endpoint",
            &acme_route,
            "--okta-endpoint",
            &beta_route,
        ],
    );
    assert_eq!(code, 3, "live at beta: {stderr}");
    assert_eq!(
        report_json(&env, "m.db")["secrets"][0]["verdict"]["state"],
        "live"
    );
}

#[test]
fn a_gitlab_group_listed_by_a_stand_in_is_audited_with_its_token() {
    use crate::forge::{gitlab_project, Reply, StandIn};
    let env = TestEnv::new();
    let t = token(597);
    let infra = repo(
        &env,
        "origin/infra",
        &[(
            "main.tf",
            format!("provider \"okta\" {{\n  org_name = \"acme\"\n  api_token = \"{t}\"\n}}\n"),
        )],
    );
    let forge = StandIn::start();
    forge.route(
        "/api/v4/groups/acme%2Fplatform/projects?include_subgroups=true&with_shared=false\
         &per_page=100&order_by=id&sort=asc&archived=false",
        vec![Reply::json(&serde_json::json!([gitlab_project(
            "acme/platform/infra",
            &format!("file://{}", infra.display()),
            false
        )]))],
    );
    let out = env
        .cmd()
        .args([
            "audit",
            "--gitlab-group",
            "acme/platform",
            "--gitlab-url",
            &forge.url(),
        ])
        .args(["--cache-dir", "cache", "--datastore", "g.db"])
        .env("GITLAB_TOKEN", "glpat-test-not-real")
        .output()
        .expect("run");
    let (_, stderr, code) = outcome(&out);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("1 scanned"), "{stderr}");
    let seen = forge.seen();
    assert_eq!(seen[0].header("private-token"), Some("glpat-test-not-real"));
    let json = report_json(&env, "g.db");
    assert_eq!(json["summary"]["secrets"], 1, "{json}");
}
