//! Hardening of what the run touches outside the scan itself: the report file (symlinks
//! planted by a hostile repository, modes, devices and FIFOs, long names, interrupts), the
//! temporary clone of `--git URL`, `--okta-endpoint` routes for every org, a slow roles
//! call, settings that must be refused, and the exit-code table of every subcommand.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::{findings, leaky_tree, str_of, token, TestEnv};
use crate::okta::{Account, Behaviour, Roles, StandIn};

/// A bound on runs that must end quickly; only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// A pid the system handed out just now: new processes get the next ones.
fn recent_pid() -> u32 {
    let child = Process::new("true").spawn().expect("spawn true");
    let pid = child.id();
    let _ = child.wait_with_output();
    pid
}

fn signal(child: &Child, sig: libc::c_int) {
    // SAFETY: kill(2) on a child we spawned and have not reaped yet.
    let pid = i32::try_from(child.id()).expect("pid");
    unsafe {
        libc::kill(pid, sig);
    }
}

fn super_admin() -> Account {
    Account {
        id: "00ub0oNGTSWTBKOLGLNR",
        login: "isaac.brock@example.com",
        roles: Roles::List(vec![("SUPER_ADMIN", "Super Organization Administrator")]),
    }
}

/// Names in `dir` that look like a temporary report.
fn temp_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp") || n.ends_with(".tmp"))
        .collect()
}

#[test]
fn planted_temp_report_symlinks_never_redirect_the_report() {
    let outside = TestEnv::new();
    let victim = outside.write("victim.sh", "#!/bin/sh\necho untouched\n");
    let victim_bytes = std::fs::read(&victim).expect("victim");
    let env = TestEnv::new();
    env.git_init(".");
    env.write(
        "app/.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(900)
        ),
    );
    // The old temporary names were `.<NAME>.<pid>.tmp`: plant them for the pids to come, for
    // the SARIF report the Action writes and for the default baseline, plus the report name
    // itself.
    let first = recent_pid();
    for pid in first..first + 4000 {
        for name in ["oktaleaks.sarif", ".oktaleaks-baseline.json", "out.json"] {
            std::os::unix::fs::symlink(&victim, env.path().join(format!(".{name}.{pid}.tmp")))
                .expect("symlink");
        }
    }
    std::os::unix::fs::symlink(&victim, env.path().join("oktaleaks.sarif")).expect("symlink");
    git(env.path(), &["add", "-A"]);
    git(env.path(), &["commit", "-q", "-m", "plant"]);

    let (_, stderr, code) = env.run(&["scan", ".", "-q", "-f", "sarif", "-o", "oktaleaks.sarif"]);
    assert_eq!(code, 1, "{stderr}");
    let (_, stderr, code) = env.run(&["scan", "--git", ".", "-q", "-f", "json", "-o", "out.json"]);
    assert_eq!(code, 1, "{stderr}");
    let (_, stderr, code) = env.run(&["baseline", "create", "-q", "."]);
    assert_eq!(code, 0, "{stderr}");

    assert_eq!(std::fs::read(&victim).expect("victim"), victim_bytes);
    for report in ["oktaleaks.sarif", "out.json", ".oktaleaks-baseline.json"] {
        let meta = std::fs::symlink_metadata(env.path().join(report)).expect(report);
        assert!(meta.file_type().is_file(), "{report} is not a regular file");
    }
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(env.path().join("oktaleaks.sarif")).expect("sarif"))
            .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn a_replaced_report_keeps_its_mode() {
    let (env, _) = leaky_tree();
    for mode in [0o600, 0o640] {
        let report = env.write("report.json", "{}");
        std::fs::set_permissions(&report, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let (_, stderr, code) = env.run(&["scan", "app", "-q", "-f", "json", "-o", "report.json"]);
        assert_eq!(code, 1, "{stderr}");
        let meta = std::fs::metadata(&report).expect("report");
        assert_eq!(meta.permissions().mode() & 0o777, mode);
        assert!(meta.len() > 2);
    }
}

#[test]
fn a_report_onto_a_device_or_fifo_is_written_in_place() {
    let (env, _) = leaky_tree();
    // A private null device (mknod works only for root, and only root could replace a
    // device): the real /dev/null is never put at risk by a regression.
    let made = Process::new("mknod")
        .args(["-m", "666", "null", "c", "1", "3"])
        .current_dir(env.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let (_, stderr, code) = env.run(&["scan", "app", "-q", "-f", "json", "-o", "null"]);
        assert_eq!(code, 1, "{stderr}");
        let null = std::fs::symlink_metadata(env.path().join("null")).expect("null");
        assert!(null.file_type().is_char_device(), "the device was replaced");
    }

    let fifo = env.path().join("report.fifo");
    let made = Process::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read fifo"))
    };
    let (_, stderr, code) = run_bounded(
        &env,
        &["scan", "app", "-q", "-f", "json", "-o", "report.fifo"],
    );
    assert_eq!(code, 1, "{stderr}");
    let text = reader.join().expect("reader");
    let json: Value = serde_json::from_str(&text).expect("report through the FIFO");
    assert_eq!(findings(&json).len(), 1);
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
}

#[test]
fn a_planted_link_to_a_device_or_fifo_is_replaced_not_written_through() {
    let (env, _) = leaky_tree();
    // A FIFO outside the checkout that no one reads: written through, the scan would block.
    let outside = TestEnv::new();
    let fifo = outside.path().join("victim.fifo");
    assert!(Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    std::os::unix::fs::symlink(&fifo, env.path().join("oktaleaks.sarif")).expect("symlink");
    let (_, stderr, code) = run_bounded(
        &env,
        &["scan", "app", "-q", "-f", "sarif", "-o", "oktaleaks.sarif"],
    );
    assert_eq!(code, 1, "{stderr}");
    let report = std::fs::symlink_metadata(env.path().join("oktaleaks.sarif")).expect("report");
    assert!(
        report.is_file(),
        "the planted link was not replaced by the report"
    );
    let victim = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(victim.file_type().is_fifo());
    // A descriptor name still reaches the descriptor.
    let (stdout, _, _) = run_bounded(
        &env,
        &["scan", "app", "-q", "-f", "json", "-o", "/dev/stdout"],
    );
    let json: Value = serde_json::from_str(&stdout).expect("report on stdout");
    assert_eq!(findings(&json).len(), 1);
}

#[test]
fn report_names_near_the_length_limit_work() {
    let (env, _) = leaky_tree();
    let name = format!("{}.json", "r".repeat(250));
    let (_, stderr, code) = env.run(&["scan", "app", "-q", "-f", "json", "-o", &name]);
    assert_eq!(code, 1, "{stderr}");
    assert!(env.path().join(&name).is_file());
    assert!(temp_leftovers(env.path()).is_empty());
}

#[test]
fn an_interrupt_while_the_report_is_written_leaves_no_temporary_file() {
    let env = TestEnv::new();
    // Enough findings that writing the report takes a while.
    for file in 0..60 {
        let lines: String = (0..100)
            .map(|i| format!("OKTA_API_TOKEN_{i}={}\n", token(10_000 + file * 100 + i)))
            .collect();
        env.write(
            &format!("f{file}.env"),
            format!("OKTA_ORG_URL=https://acme.okta.com\n{lines}"),
        );
    }
    let spawn = || {
        Process::new(assert_cmd::cargo::cargo_bin("oktaleaks"))
            .args(["scan", ".", "-q", "-f", "sarif", "-o", "report.sarif"])
            .current_dir(env.path())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let started = std::time::Instant::now();
    let whole = spawn().wait().expect("wait");
    assert_eq!(whole.code(), Some(1));
    let took = started.elapsed();
    std::fs::remove_file(env.path().join("report.sarif")).expect("report");
    for tenths in [3, 5, 7, 8, 9] {
        let mut child = spawn();
        std::thread::sleep(took * tenths / 10);
        signal(&child, libc::SIGINT);
        let status = child.wait().expect("wait");
        assert!(matches!(status.code(), Some(1 | 130)), "{status:?}");
        assert!(
            temp_leftovers(env.path()).is_empty(),
            "{:?}",
            temp_leftovers(env.path())
        );
        let _ = std::fs::remove_file(env.path().join("report.sarif"));
    }
}

/// Runs `oktaleaks <args>` in the tree, ended if it hangs: (stdout, stderr, exit code).
fn run_bounded(env: &TestEnv, args: &[&str]) -> (String, String, i32) {
    let out = env.cmd().args(args).timeout(HANG).output().expect("run");
    crate::common::outcome(&out)
}

/// A verify run against `org` with `route`, the token on standard input.
fn token_command(env: &TestEnv, args: &[&str], token: &str) -> (String, String, i32) {
    let out = env
        .cmd()
        .args(args)
        .write_stdin(token)
        .timeout(HANG)
        .output()
        .expect("run");
    crate::common::outcome(&out)
}

#[test]
fn endpoint_routes_apply_to_named_orgs_in_scan_verify_and_revoke() {
    let live = token(910);
    let okta = StandIn::start(vec![(live.clone(), super_admin())], Behaviour::Okta);
    // `.invalid` never resolves: without the route nothing could answer.
    let org = "https://login.example.invalid";
    let route = format!("login.example.invalid={}", okta.url());
    let env = TestEnv::new();
    env.write("deploy.sh", format!("export OKTA_API_TOKEN={live}\n"));

    let (json, out) = env.scan_json(&[
        ".",
        "--verify",
        "--okta-org",
        org,
        "--okta-endpoint",
        &route,
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdict = &findings(&json)[0]["verification"];
    assert_eq!(verdict["status"], "live");
    assert_eq!(verdict["org"], org);

    let org_args = ["--okta-org", org, "--okta-endpoint", &route];
    let verify: Vec<&str> = ["verify"].iter().chain(&org_args).copied().collect();
    let (stdout, stderr, code) = token_command(&env, &verify, &live);
    assert_eq!(code, 3, "{stdout}{stderr}");

    let revoke: Vec<&str> = ["revoke", "--yes"]
        .iter()
        .chain(&org_args)
        .copied()
        .collect();
    let (stdout, stderr, code) = token_command(&env, &revoke, &live);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(okta.calls("DELETE", "/api/v1/api-tokens/current").len(), 1);
}

#[test]
fn a_live_token_stays_live_when_its_roles_never_answer() {
    let live = token(920);
    let okta = StandIn::start(vec![(live.clone(), super_admin())], Behaviour::SilentRoles);
    let env = TestEnv::new();
    env.write(
        "app/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={live}\n"),
    );
    let route = format!("acme.okta.com={}", okta.url());
    let budget = ["--verify-timeout", "2"];
    let mut args = vec![".", "--verify", "--okta-endpoint", &route];
    args.extend(budget);
    for only_live in [false, true] {
        let mut args = args.clone();
        if only_live {
            args.push("--only-live");
        }
        let (json, out) = env.scan_json(&args);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found = findings(&json);
        assert_eq!(found.len(), 1, "--only-live={only_live}");
        let verdict = &found[0]["verification"];
        assert_eq!(verdict["status"], "live");
        assert_eq!(verdict["owner"]["login"], "isaac.brock@example.com");
        assert!(verdict["roles"].is_null());
        assert!(
            str_of(verdict, "roles_unknown").contains("timed out"),
            "{verdict}"
        );
    }
    let org = okta.url();
    let (stdout, stderr, code) = token_command(
        &env,
        &["revoke", "--yes", "--okta-org", &org, budget[0], budget[1]],
        &live,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(okta.calls("DELETE", "/api/v1/api-tokens/current").len(), 1);
}

/// A repository of `files` files of random base64 text, 100 KiB each.
fn sizeable_repo(env: &TestEnv, files: u64) {
    env.git_init("origin");
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    for n in 0..files {
        let text: String = (0..100 * 1024)
            .map(|i| {
                if i % 77 == 76 {
                    return '\n';
                }
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    [(state % 64) as usize] as char
            })
            .collect();
        env.write(&format!("origin/data/{n}.txt"), text);
    }
    git(&env.path().join("origin"), &["add", "-A"]);
    git(&env.path().join("origin"), &["commit", "-q", "-m", "data"]);
}

#[test]
fn an_interrupted_clone_leaves_no_temporary_directory() {
    let env = TestEnv::new();
    sizeable_repo(&env, 300);
    let url = format!("file://{}", env.path().join("origin").display());
    let tmp = env.path().join("tmp");
    let mut interrupted = 0;
    for (delay_ms, sig) in [
        (150, libc::SIGTERM),
        (400, libc::SIGINT),
        (900, libc::SIGTERM),
        (2000, libc::SIGTERM),
    ] {
        std::fs::create_dir_all(&tmp).expect("mkdir");
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("oktaleaks"))
            .args(["scan", "--git", &url, "-q", "-f", "json"])
            .env("TMPDIR", &tmp)
            .current_dir(env.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        signal(&child, sig);
        let status = child.wait().expect("wait");
        if status.code() == Some(130) {
            interrupted += 1;
        }
        let left: Vec<String> = std::fs::read_dir(&tmp)
            .expect("tmp")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(left.is_empty(), "after {delay_ms} ms: {left:?} left");
    }
    assert!(interrupted > 0, "no run was interrupted");
}

#[test]
fn a_huge_thread_count_is_a_one_line_error() {
    let (env, _) = leaky_tree();
    let (_, stderr, code) = run_bounded(&env, &["scan", "-j", "100000", "."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--threads"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn a_rule_regex_too_big_to_run_fast_is_refused_naming_the_rule() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        format!("{}\nOKTA_API_TOKEN={}\n", "10".repeat(50_000), token(935)),
    );
    env.write(
        "slow.toml",
        "[[rule]]\nid = \"u.slow\"\nname = \"x\"\nconfidence = \"likely\"\nprecision = \"low\"\nsecurity_severity = 1.0\nbefore = '1[01]{20000}[2-9]'\nnearby_okta = \"none\"\n",
    );
    let (_, stderr, code) = run_bounded(&env, &["scan", ".", "--rules", "slow.toml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("u.slow") && stderr.contains("slow.toml"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn verify_asks_each_org_once_after_normalising_its_url() {
    let okta = StandIn::start(vec![], Behaviour::Okta);
    let env = TestEnv::new();
    let plain = okta.url();
    let slash = format!("{plain}/");
    let upper = plain.replacen("http", "HTTP", 1);
    let (_, stderr, code) = token_command(
        &env,
        &[
            "verify",
            "--okta-org",
            &plain,
            "--okta-org",
            &slash,
            "--okta-org",
            &upper,
        ],
        &token(930),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(okta.seen().len(), 1);
}

#[test]
fn encoded_findings_end_after_the_last_encoded_byte() {
    // Every character encoded, the last one too: the finding must cover the whole encoding.
    let t = token(940);
    let env = TestEnv::new();
    let percent: String = t.bytes().map(|b| format!("%{b:02X}")).collect();
    let escaped: String = t.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    env.write("url.txt", format!("GET /cb?okta_api_token={percent}&a=1\n"));
    env.write(
        "doc.json",
        format!("const c = {{\"oktaToken\": \"{escaped}\"}};\n"),
    );
    let (json, _) = env.scan_json(&["--show-secrets", "."]);
    let found = findings(&json);
    for (file, encoded) in [("url.txt", &percent), ("doc.json", &escaped)] {
        let f = found
            .iter()
            .find(|f| str_of(f, "token") == t && str_of(f, "path").ends_with(file))
            .unwrap_or_else(|| panic!("{file} not found: {json}"));
        let line = std::fs::read_to_string(env.path().join(file)).expect("read");
        let start = line.find(encoded.as_str()).expect("in text") + 1;
        assert_eq!(f["column"].as_u64(), Some(start as u64), "{f}");
        assert_eq!(
            f["end_column"].as_u64(),
            Some((start + encoded.len()) as u64),
            "{file}: {f}"
        );
    }
}

/// Every subcommand's outcomes, through the real binary: one table.
#[test]
fn exit_codes_of_every_subcommand() {
    let live = token(950);
    let dead = token(951);
    let okta = StandIn::start(vec![(live.clone(), super_admin())], Behaviour::Okta);
    let silent = StandIn::start(vec![], Behaviour::Silent);
    let (env, _) = leaky_tree();
    env.write("clean/a.txt", "nothing here\n");
    env.write(
        "failing.toml",
        "[[rule]]\nid = \"u.fail\"\nname = \"x\"\nconfidence = \"likely\"\nprecision = \"low\"\nsecurity_severity = 1.0\nbefore = 'MYKEY='\nnearby_okta = \"none\"\nexamples = [\"nothing to find\"]\n",
    );
    let org = okta.url();
    let quiet_org = silent.url();
    let route = format!("acme.okta.com={org}");
    let cases: Vec<(Vec<&str>, &str, i32)> = vec![
        (vec!["scan", "-q", "clean"], "", 0),
        (vec!["scan", "-q", "app"], "", 1),
        (vec!["scan", "-q", "missing"], "", 2),
        (vec!["scan", "--no-such-flag"], "", 2),
        (vec!["--help"], "", 0),
        (vec!["--version"], "", 0),
        (vec!["verify", "--okta-org", &org], &live, 3),
        (vec!["verify", "--okta-org", &org], &dead, 0),
        (
            vec!["verify", "--okta-org", &quiet_org, "--verify-timeout", "1"],
            &dead,
            2,
        ),
        (vec!["verify", "--okta-org", &org], "not a token", 2),
        (vec!["revoke", "--okta-org", &org], &live, 2),
        (vec!["revoke", "--yes", "--okta-org", &org], &dead, 0),
        (
            vec![
                "revoke",
                "--yes",
                "--okta-org",
                &quiet_org,
                "--verify-timeout",
                "1",
            ],
            &dead,
            2,
        ),
        (vec!["baseline", "create", "-q", "app"], "", 0),
        (vec!["baseline", "create", "-q", "missing"], "", 2),
        (vec!["rules", "check"], "", 0),
        (vec!["rules", "check", "--rules", "failing.toml"], "", 2),
        (vec!["rules", "list"], "", 0),
    ];
    for (args, stdin, expected) in &cases {
        let (stdout, stderr, code) = token_command(&env, args, stdin);
        assert_eq!(code, *expected, "{args:?}\n{stdout}\n{stderr}");
    }
    // Live through scan, then interrupted (130).
    env.write(
        "live/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={live}\n"),
    );
    let (_, stderr, code) = token_command(
        &env,
        &["scan", "-q", "live", "--verify", "--okta-endpoint", &route],
        "",
    );
    assert_eq!(code, 3, "{stderr}");
    let hang_route = format!("acme.okta.com={quiet_org}");
    // The silent org has seen requests from the cases above: wait for this run's own.
    let before = silent.seen().len();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("oktaleaks"))
        .args([
            "scan",
            "-q",
            "live",
            "--verify",
            "--okta-endpoint",
            &hang_route,
        ])
        .current_dir(env.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    while silent.seen().len() == before {
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, libc::SIGINT);
    assert_eq!(child.wait().expect("wait").code(), Some(130));
}
