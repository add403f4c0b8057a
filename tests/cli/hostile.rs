//! Hostile and broken input: odd files, odd text, broken repositories, bad settings. The tool
//! must never crash or hang, must say what it could not read, and must still find what it can.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{findings, redacted, str_of, token, TestEnv};
use crate::history::{commit_all, git, repo};

fn sh(dir: &std::path::Path, script: &str) {
    let status = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .status()
        .expect("bash");
    assert!(status.success(), "{script}");
}

/// `scan <args> --format json`: the report, the exit code and stderr.
fn scan(env: &TestEnv, args: &[&str]) -> (Value, i32, String) {
    let out = env
        .cmd()
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (
        json,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fifos_devices_loops_and_links_out_of_the_root_are_not_read() {
    let env = TestEnv::new();
    let t = token(500);
    env.write("app/.env", format!("OKTA_API_TOKEN={t}\n"));
    sh(
        env.path(),
        "mkfifo app/pipe && ln -s ../app app/loop && ln -s / app/root && ln -s /dev/zero app/zero",
    );
    let started = Instant::now();
    let (json, code, stderr) = scan(&env, &["app"]);
    assert!(started.elapsed() < crate::common::HANG_BUDGET);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(findings(&json).len(), 1);
    assert_eq!(json["stats"]["skipped_not_regular"], 4);
    // A FIFO named as the root is not opened either (opening blocks until a writer comes).
    let (json, code, _) = scan(&env, &["app/pipe"]);
    assert_eq!(
        (code, json["stats"]["skipped_not_regular"].as_u64()),
        (0, Some(1))
    );
}

#[test]
fn file_names_that_are_not_utf8_are_scanned_and_shown() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let t = token(501);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.env");
    std::fs::write(env.path().join(name), format!("OKTA_API_TOKEN={t}\n")).expect("write");
    let (json, code, _) = scan(&env, &["."]);
    assert_eq!(code, 1);
    let path = str_of(&findings(&json)[0], "path");
    assert!(path.starts_with("caf") && path.ends_with(".env"), "{path}");
    let (stdout, _, _) = env.run(&["scan", ".", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout).expect("sarif");
    let uri = str_of(
        &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
        "uri",
    );
    assert!(uri.starts_with("caf%EF%BF%BD"), "{uri}");
}

#[test]
fn huge_sparse_zero_and_minified_files() {
    let env = TestEnv::new();
    let t = token(502);
    sh(env.path(), "truncate -s 4G sparse.bin");
    env.write("zeros.txt", vec![b'0'; 8 << 20]);
    // A 50 MB minified line with the token in the middle, and an Okta org before it.
    let mut line = "var a={b:1,c:[2,3]};".repeat((25 << 20) / 20);
    line.push_str(&format!(
        "o.url=\"https://acme.okta.com\";o.h={{Authorization:\"SSWS {t}\"}};"
    ));
    let column = line.find(&t).expect("token") + 1;
    line.push_str(&"var a={b:1,c:[2,3]};".repeat((25 << 20) / 20));
    env.write("dist/app.min.js", &line);
    let started = Instant::now();
    let (json, code, _) = scan(&env, &["."]);
    assert!(
        started.elapsed() < crate::common::HANG_BUDGET,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 1);
    assert_eq!(json["stats"]["skipped_too_large"], 1, "the 4 GB file");
    let found = findings(&json);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["line"], 1);
    assert_eq!(found[0]["column"], column);
    assert!(str_of(&found[0], "snippet").chars().count() <= 160);
}

#[test]
fn many_tokens_on_one_long_line_stay_linear() {
    let env = TestEnv::new();
    // (Generated tokens with five equal characters in a row are rightly not tokens.)
    let tokens: Vec<String> = (0..3100)
        .map(|n| token(10_000 + n))
        .filter(|t| {
            !t.as_bytes()
                .windows(5)
                .any(|w| w.iter().all(|&b| b == w[0]))
        })
        .take(3000)
        .collect();
    let body: String = tokens
        .iter()
        .map(|t| {
            format!(
                "\"okta_api_token\":\"{t}\",\"pad\":\"{}\",",
                "x".repeat(1000)
            )
        })
        .collect();
    env.write("bundle.json", format!("{{{body}}}"));
    let started = Instant::now();
    let (json, _, _) = scan(&env, &["."]);
    assert!(
        started.elapsed() < crate::common::HANG_BUDGET,
        "{:?}",
        started.elapsed()
    );
    // At most 1,000 matches are kept per file; the rest are counted, not lost in silence.
    assert_eq!(findings(&json).len(), 1000);
    assert_eq!(json["stats"]["not_kept"], 2000);
}

#[test]
fn odd_text_invalid_utf8_odd_utf16_mixed_endings_and_buffer_edges() {
    let env = TestEnv::new();
    let t: Vec<String> = (510..516).map(token).collect();
    // Invalid UTF-8 right before and after the token.
    let mut bad = b"OKTA_API_TOKEN=".to_vec();
    bad.extend_from_slice(t[0].as_bytes());
    bad.extend_from_slice(b"\xff\xfe\xc3\n");
    env.write("bad-utf8.env", &bad);
    // UTF-16LE with a BOM and an odd trailing byte.
    let mut utf16: Vec<u8> = vec![0xff, 0xfe];
    for unit in format!("OKTA_API_TOKEN={}\r\n", t[1]).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    utf16.push(0x41);
    env.write("odd.utf16.env", &utf16);
    // Mixed line endings: the token is on line 4 whichever ending came before.
    env.write(
        "mixed.env",
        format!("a=1\r\nb=2\nc=3\r\nOKTA_API_TOKEN={}\n", t[2]),
    );
    // Tokens straddling 64 KiB and 4 MiB.
    let mut big = vec![b'x'; (4 << 20) + 100];
    for (at, tok) in [(65_536 - 20, &t[3]), ((4 << 20) - 20, &t[4])] {
        let line = format!("\nOKTA_API_TOKEN={tok}\n");
        let start = at - "\nOKTA_API_TOKEN=".len();
        big[start..start + line.len()].copy_from_slice(line.as_bytes());
    }
    env.write("big.env", &big);
    let (json, code, stderr) = scan(&env, &["--show-secrets", "."]);
    assert_eq!(code, 1, "{stderr}");
    let mut got: Vec<(String, String, u64)> = findings(&json)
        .iter()
        .map(|f| {
            (
                str_of(f, "path"),
                str_of(f, "token"),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        ("bad-utf8.env".to_string(), t[0].clone(), 1),
        ("big.env".to_string(), t[3].clone(), 2),
        ("big.env".to_string(), t[4].clone(), 4),
        ("mixed.env".to_string(), t[2].clone(), 4),
        ("odd.utf16.env".to_string(), t[1].clone(), 1),
    ];
    want.sort();
    assert_eq!(got, want);
}

/// Builds (`down`) or removes (`up`) a chain of `levels` directories named `d` under `dir`
/// with `*at` calls, one level at a time: paths past the OS limit need them.
fn deep_chain(dir: &std::path::Path, levels: usize, direction: &str) {
    let script = r#"
import os, sys
root, levels, direction = sys.argv[1], int(sys.argv[2]), sys.argv[3]
fd = os.open(root, os.O_RDONLY)
if direction == "down":
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nxt
    with open(os.open("t.env", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as f:
        f.write("OKTA_API_TOKEN=x\n")
else:
    depth = 0
    while "d" in os.listdir(fd):
        nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nxt
        depth += 1
    for name in os.listdir(fd):
        os.unlink(name, dir_fd=fd)
    for _ in range(depth):
        up = os.open("..", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = up
        os.rmdir("d", dir_fd=fd)
"#;
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(dir)
        .arg(levels.to_string())
        .arg(direction)
        .status()
        .expect("python3");
    assert!(status.success());
}

#[test]
fn deep_directories_end_with_a_clear_error_not_a_crash() {
    let env = TestEnv::new();
    let deep = env.path().join("deep");
    std::fs::create_dir(&deep).expect("mkdir");
    deep_chain(&deep, 10_000, "down");
    env.write("top.env", format!("OKTA_API_TOKEN={}\n", token(520)));
    let (json, code, stderr) = scan(&env, &["."]);
    deep_chain(&deep, 0, "up");
    // The top file is found; what cannot be opened (paths past the OS limit) is reported.
    assert_eq!(code, 1);
    assert_eq!(findings(&json).len(), 1);
    assert!(json["stats"]["unreadable"].as_u64() >= Some(1), "{stderr}");
    assert!(
        stderr.contains("error:") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn broken_repositories_are_scanned_as_far_as_they_can_be() {
    let env = TestEnv::new();
    let dir = repo(&env, "r");
    let t = token(530);
    // Files that do not compress away, so that the pack is large enough to damage.
    for i in 0..30u64 {
        let words: String = (0..400)
            .map(|w| token(i * 1000 + w)[2..10].to_string() + " ")
            .collect();
        std::fs::write(dir.join(format!("f{i}.txt")), words).expect("write");
    }
    std::fs::write(dir.join("z.env"), format!("OKTA_API_TOKEN={t}\n")).expect("write");
    std::fs::write(dir.join("loose.txt"), "loose\n").expect("write");
    commit_all(&dir, "one");
    let loose = git(&dir, &["rev-parse", "HEAD:loose.txt"]);
    git(&dir, &["gc", "-q"]);
    // A loose copy of one object that is corrupt, a pack with garbage in its middle, and a
    // ref to an object that does not exist.
    std::fs::create_dir_all(dir.join(format!(".git/objects/{}", &loose[..2]))).expect("mkdir");
    let pack = std::fs::read_dir(dir.join(".git/objects/pack"))
        .expect("pack dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("a pack");
    let mut bytes = std::fs::read(&pack).expect("read pack");
    let (third, tenth) = (bytes.len() / 3, bytes.len() / 10);
    bytes[third..third + tenth].fill(0x55);
    sh(&dir, "chmod -R u+w .git/objects");
    std::fs::write(&pack, bytes).expect("write pack");
    std::fs::write(
        dir.join(".git/refs/heads/ghost"),
        "0123456789012345678901234567890123456789\n",
    )
    .expect("write ref");
    let (json, code, stderr) = scan(&env, &["--git", "r"]);
    assert_eq!(code, 1, "the token is still found: {stderr}");
    assert_eq!(str_of(&findings(&json)[0], "token"), redacted(&t));
    assert!(stderr.contains("refs/heads/ghost"), "{stderr}");
    assert!(json["stats"]["unreadable"].as_u64() >= Some(2), "{stderr}");
    assert!(stderr.contains("scan incomplete"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_long_linear_history_and_a_1_gb_blob() {
    let env = TestEnv::new();
    let dir = repo(&env, "long");
    let t = token(540);
    let mut stream = String::new();
    for i in 0..100_000u32 {
        let mut body = format!("counter = {i}\n");
        if i == 50_000 {
            body.push_str(&format!("OKTA_API_TOKEN={t}\n"));
        }
        let msg = format!("c{i}");
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{}\ncommitter A <a@example.com> {} +0000\ndata {}\n{msg}\n",
            i + 1,
            1_700_000_000 + i,
            msg.len()
        ));
        if i > 0 {
            stream.push_str(&format!("from :{i}\n"));
        }
        stream.push_str(&format!(
            "M 100644 inline f.txt\ndata {}\n{body}\n",
            body.len()
        ));
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("git fast-import");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stream.as_bytes())
        .expect("feed");
    assert!(child.wait().expect("wait").success());
    git(&dir, &["checkout", "-q", "main"]);
    // A 1 GB blob (zeros compress to almost nothing).
    sh(
        &dir,
        "truncate -s 1G big.bin && git -c core.looseCompression=1 add big.bin && rm big.bin",
    );
    git(&dir, &["commit", "-q", "-m", "big"]);
    let (json, code, stderr) = scan(&env, &["--git", "long"]);
    assert_eq!(code, 1, "{stderr}");
    let found = findings(&json);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["source"]["commit"]["summary"], "c50000");
    assert_eq!(json["stats"]["skipped_too_large"], 1);
}

#[test]
fn bad_settings_are_one_line_errors() {
    let env = TestEnv::new();
    env.write("a.txt", "x\n");
    // A user regex that would compile to a huge automaton.
    env.write(
        "huge.toml",
        "[[rule]]\nid = \"u.huge\"\nname = \"x\"\nconfidence = \"likely\"\nprecision = \"low\"\nsecurity_severity = 1.0\nbefore = '(?:\\w{100}){100}$'\nnearby_okta = \"none\"\n",
    );
    let (_, stderr, code) = env.run(&["scan", ".", "--rules", "huge.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("huge.toml"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    for args in [
        vec!["scan", "--git", "--staged"],
        vec!["scan", "--since-commit", "HEAD"],
        vec!["scan", "--revoke-live"],
        vec!["scan", "--max-file-size", "12Q"],
        vec!["scan", "--verify", "--verify-timeout", "-1"],
    ] {
        let (_, stderr, code) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn ctrl_c_stops_promptly_and_leaves_no_partial_report() {
    use crate::okta::{Behaviour, StandIn};
    let env = TestEnv::new();
    env.write(
        "app/.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            token(550)
        ),
    );
    // An org that never answers keeps the run busy until it is interrupted.
    let okta = StandIn::start(vec![], Behaviour::Silent);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oktaleaks"))
        .args(["scan", ".", "-f", "json", "-o", "report.json", "--verify"])
        .arg("--okta-endpoint")
        .arg(format!("acme.okta.com={}", okta.url()))
        .current_dir(env.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    while okta.seen().is_empty() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let interrupted = Instant::now();
    sh(env.path(), &format!("kill -INT {}", child.id()));
    let status = child.wait().expect("wait");
    // The stand-in never answers (60 s): well under that proves Ctrl-C did not wait for it.
    assert!(interrupted.elapsed() < Duration::from_secs(30));
    assert_eq!(status.code(), Some(130));
    let left: Vec<String> = std::fs::read_dir(env.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("report"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn files_truncated_or_deleted_while_scanned_do_not_crash_the_scan() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let env = TestEnv::new();
    let t = token(560);
    env.write("keep.env", format!("OKTA_API_TOKEN={t}\n"));
    let big = format!(
        "{}OKTA_API_TOKEN={}\n",
        "let x = 1;\n".repeat(1 << 20),
        token(561)
    );
    let stop = Arc::new(AtomicBool::new(false));
    // Another process rewrites, truncates and deletes 16 files under the scan, over and over.
    let churn = {
        let (dir, stop, big) = (env.path().to_path_buf(), Arc::clone(&stop), big.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                for i in 0..16 {
                    let path = dir.join(format!("churn{i}.js"));
                    let _ = std::fs::write(&path, &big);
                    let _ = std::fs::OpenOptions::new()
                        .write(true)
                        .open(&path)
                        .map(|f| f.set_len(10));
                    if i % 2 == 0 {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
        })
    };
    for _ in 0..10 {
        let out = env
            .cmd()
            .args(["scan", ".", "-q", "-f", "json"])
            .output()
            .expect("run");
        // An exit code, not a signal; the steady file found every time.
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(&redacted(&t)));
    }
    stop.store(true, Ordering::Relaxed);
    churn.join().expect("churn thread");
}

#[test]
fn adversarial_encodings_stay_fast_and_nesting_is_capped() {
    use crate::common::b64;
    let env = TestEnv::new();
    let t = token(570);
    let json = format!("{{\"okta_api_token\":\"{t}\"}}");
    // JSON in base64 inside JSON in base64 (as in a .dockerconfigjson) is decoded ...
    let wrap = |inner: &str| b64(format!("{{\"auth\":\"{}\"}}", b64(inner.as_bytes())).as_bytes());
    env.write("two.txt", format!("config: {}\n", wrap(&json)));
    // ... one level more is not: decoding depth is capped.
    let u = token(571);
    let json3 = format!("{{\"okta_api_token\":\"{u}\"}}");
    let three = b64(format!("{{\"outer\":\"{}\"}}", wrap(&json3)).as_bytes());
    env.write("three.txt", format!("config: {three}\n"));
    // Megabytes of what every decoder triggers on: base64 of `0`s, nested percent escapes,
    // backslashes, and a JSON opener in base64 over and over.
    env.write("zeros.b64", b64(&vec![b'0'; 12 << 20]));
    env.write("percent.txt", "%2525".repeat(2 << 20));
    env.write("slashes.txt", "\\\\u0030".repeat(1 << 20));
    env.write("openers.txt", "eyJ".repeat(4 << 20));
    let started = Instant::now();
    let (json, _, stderr) = scan(&env, &["--show-secrets", "."]);
    assert!(
        started.elapsed() < crate::common::HANG_BUDGET,
        "{:?}",
        started.elapsed()
    );
    let tokens: Vec<String> = findings(&json).iter().map(|f| str_of(f, "token")).collect();
    assert_eq!(tokens, vec![t], "{stderr}");
}

#[test]
fn a_real_token_after_a_thousand_decoys_is_still_found_or_the_run_is_not_clean() {
    let env = TestEnv::new();
    let real = token(530);
    // 1,200 decoys allowed in place, then a real header: the allowed ones do not use up the
    // matches kept for the rest.
    let decoys: String = (0..1_200)
        .map(|i| format!("SSWS {} ", token(10_000 + i)))
        .collect();
    env.write(
        "client.js",
        format!("// fixtures oktaleaks:allow {decoys}\nfetch(u, {{headers: {{Authorization: \"SSWS {real}\"}}}})\n"),
    );
    let (json, code, stderr) = scan(&env, &["--show-secrets", "."]);
    assert_eq!(code, 1, "{stderr}");
    let found: Vec<String> = findings(&json).iter().map(|f| str_of(f, "token")).collect();
    assert_eq!(found, vec![real.clone()]);
    // 1,200 decoys waiting on a mention of Okta that never comes, then a token that stands
    // (in a file of its own, so the decoys cannot lend it context): past the cap nothing is
    // lost in silence, and the exit status is never clean.
    let env = TestEnv::new();
    // (A random token spells "okta" once in ~30,000: such would mention Okta.)
    let waiting: String = (20_000..)
        .map(token)
        .filter(|t| !t.to_ascii_lowercase().contains("okta"))
        .take(1_200)
        .map(|t| format!("{t}\n"))
        .collect();
    env.write("ids.txt", waiting);
    let (json, code, stderr) = scan(&env, &["."]);
    assert!(findings(&json).is_empty(), "{json}");
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(json["stats"]["not_kept"], 200);
    assert!(
        stderr.contains("ids.txt") && stderr.contains("not examined whole"),
        "{stderr}"
    );
}
