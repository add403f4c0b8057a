//! Shared helpers: a temporary tree, the binary, and token makers.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary directory to build a tree in and scan.
pub struct TestEnv {
    pub dir: TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` at `rel`, creating parent directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write");
        path
    }

    /// `oktaleaks` with the working directory set to the tree.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("oktaleaks").expect("binary");
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Runs `oktaleaks scan <args> --format json -q` in the tree and parses the report.
    pub fn scan_json(&self, args: &[&str]) -> (Value, Output) {
        let out = self
            .cmd()
            .arg("scan")
            .args(args)
            .args(["--format", "json", "--quiet"])
            .output()
            .expect("run");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (json, out)
    }

    /// The tokens (full, via --show-secrets) found in the tree, with their rule ids.
    pub fn found(&self) -> Vec<(String, String)> {
        let (json, _) = self.scan_json(&["--show-secrets", "."]);
        findings(&json)
            .iter()
            .map(|f| (str_of(f, "token"), str_of(f, "rule_id")))
            .collect()
    }

    /// Runs `oktaleaks <args>` in the tree: (stdout, stderr, exit code).
    pub fn run(&self, args: &[&str]) -> (String, String, i32) {
        self.run_with_stdin(args, "")
    }

    /// Runs `oktaleaks <args>` in the tree with `stdin` as its standard input (then end of
    /// input): (stdout, stderr, exit code).
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> (String, String, i32) {
        let out = self
            .cmd()
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("run");
        outcome(&out)
    }

    /// Runs git with `args` in the tree's `rel` directory, with an author set.
    pub fn git(&self, rel: &str, args: &[&str]) {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=Dev", "-c", "user.email=dev@example.com"])
            .args(args)
            .current_dir(self.dir.path().join(rel))
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    }

    /// Initialises a git work tree at `rel` (git CLI).
    pub fn git_init(&self, rel: &str) {
        let dir = self.dir.path().join(rel);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let status = std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(&dir)
            .status()
            .expect("git");
        assert!(status.success());
    }
}

/// A finished run as (stdout, stderr, exit code; -1 when killed by a signal).
pub fn outcome(out: &Output) -> (String, String, i32) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

pub fn findings(json: &Value) -> Vec<Value> {
    json["findings"].as_array().cloned().unwrap_or_default()
}

/// The `token` of every finding in a JSON report, sorted.
pub fn sorted_tokens(json: &Value) -> Vec<String> {
    let mut tokens: Vec<String> = findings(json).iter().map(|f| str_of(f, "token")).collect();
    tokens.sort();
    tokens
}

pub fn str_of(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

/// A deterministic random token (`00` + 40 characters); `n` picks which.
pub fn token(n: u64) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    let mut state = 0x2545_F491_4F6C_DD1D_u64 ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let body: String = (0..40)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ABC[(state % 64) as usize] as char
        })
        .collect();
    format!("00{body}")
}

/// Standard base64, for building encoded fixtures.
pub fn b64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The redacted form reports must show.
pub fn redacted(token: &str) -> String {
    format!("{}…{}", &token[..6], &token[token.len() - 5..])
}

/// A tree with two certain findings: `app/.env` (keyed) and `scripts/users sync.sh` (SSWS).
pub fn leaky_tree() -> (TestEnv, Vec<String>) {
    let env = TestEnv::new();
    let tokens = vec![token(100), token(101)];
    env.write(
        "app/.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            tokens[0]
        ),
    );
    env.write(
        "scripts/users sync.sh",
        format!(
            "curl -H \"Authorization: SSWS {}\" https://acme.okta.com/api/v1/users\n",
            tokens[1]
        ),
    );
    (env, tokens)
}

/// How long a test about a hang (a FIFO opened, a quadratic loop) lets the binary run: far
/// beyond a normal run, which takes seconds, so that a loaded machine does not fail it, and
/// far below forever (issue 17: the 20 s and 30 s bounds broke under load).
pub const HANG_BUDGET: std::time::Duration = std::time::Duration::from_secs(120);
