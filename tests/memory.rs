//! Memory bounds, measured as the peak resident set of each run of the binary (its own
//! rusage from wait4): peak memory does not grow with the number of files, and hostile
//! content (half a million tokens in one file, many megabytes of token-shaped strings that
//! wait on an Okta mention) stays under 256 MiB.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run printed, how it ended, and its peak resident set in KiB.
struct Run {
    stdout: Vec<u8>,
    stderr: String,
    code: i32,
    peak_kib: i64,
}

/// Runs `oktaleaks scan --quiet --format json -j 2 <args>` and measures it. The output goes
/// to files, so a large report cannot fill a pipe while the child is waited for.
fn scan(args: &[&Path]) -> Run {
    let out = tempfile::tempdir().expect("tmp");
    let stdout_path = out.path().join("stdout");
    let stderr_path = out.path().join("stderr");
    // Reaped by wait4 below, which also gives its rusage (std's wait does not).
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_oktaleaks"))
        .args(["scan", "--quiet", "--format", "json", "-j", "2"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("create"))
        .stderr(std::fs::File::create(&stderr_path).expect("create"))
        .spawn()
        .expect("run");
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: wait4 on our own child fills `status` and `usage`, both valid for writes.
    let usage = unsafe {
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    let read = |path: &Path| {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .expect("read output");
        bytes
    };
    Run {
        stdout: read(&stdout_path),
        stderr: String::from_utf8_lossy(&read(&stderr_path)).into_owned(),
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        peak_kib: usage.ru_maxrss,
    }
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stderr))
}

/// A tree of `files` small files (about 1 KiB each, 100 to a directory), one with a token.
fn tree(root: &Path, files: usize) {
    let text = "let x = compute(a, b); // nothing secret here\n".repeat(24);
    for i in 0..files {
        let dir = root.join(format!("d{}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&dir).expect("mkdir");
        }
        std::fs::write(dir.join(format!("f{i}.rs")), &text).expect("write");
    }
    std::fs::write(
        root.join("d0/.env"),
        "OKTA_API_TOKEN=00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl\n",
    )
    .expect("write");
}

fn scan_tree(root: &Path) -> i64 {
    let run = scan(&[root]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(json(&run)["findings"].as_array().map(Vec::len), Some(1));
    run.peak_kib
}

#[test]
fn peak_memory_is_flat_from_1000_to_100000_files() {
    let small = tempfile::tempdir().expect("tmp");
    let large = tempfile::tempdir().expect("tmp");
    tree(small.path(), 1_000);
    tree(large.path(), 100_000);
    let peak_small = scan_tree(small.path());
    let peak_large = scan_tree(large.path());
    eprintln!("peak RSS: 1,000 files {peak_small} KiB; 100,000 files {peak_large} KiB");
    assert!(
        peak_large <= peak_small + peak_small / 4 + 4096,
        "1,000 files: {peak_small} KiB, 100,000 files: {peak_large} KiB"
    );
}

/// Writes `head`, then `count` distinct random tokens (xorshift; no extra crate) one a line,
/// to `path`, streamed: the measured peak of a child includes this process's own peak (Linux
/// keeps the pre-exec high-water mark), so this process must stay small. A random body spells
/// "okta" once in ~30,000: such tokens are left out, as they would mention Okta.
fn write_tokens(path: &Path, head: &str, seed: u64, count: usize) {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    out.write_all(head.as_bytes()).expect("write");
    let mut state = seed | 1;
    let mut written = 0;
    let mut line = [0u8; 43];
    line[..2].copy_from_slice(b"00");
    line[42] = b'\n';
    while written < count {
        for b in &mut line[2..42] {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = ABC[(state % 64) as usize];
        }
        if !line.to_ascii_lowercase().windows(4).any(|w| w == b"okta") {
            out.write_all(&line).expect("write");
            written += 1;
        }
    }
    out.flush().expect("flush");
}

const HOSTILE_PEAK_KIB: i64 = 256 * 1024;

#[test]
fn half_a_million_tokens_in_one_file_stay_under_256_mib() {
    let dir = tempfile::tempdir().expect("tmp");
    // 21.5 MB: a file Okta names, holding 500,000 tokens.
    write_tokens(
        &dir.path().join("tokens.txt"),
        "# okta tokens\n",
        7,
        500_000,
    );
    let run = scan(&[dir.path()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    eprintln!(
        "500,000 tokens in one 21.5 MB file: peak {} KiB",
        run.peak_kib
    );
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(1000));
    assert_eq!(report["stats"]["not_kept"], 499_000);
    assert!(run.peak_kib < HOSTILE_PEAK_KIB, "{} KiB", run.peak_kib);
}

#[test]
fn token_shaped_strings_waiting_on_an_okta_mention_stay_under_256_mib() {
    let dir = tempfile::tempdir().expect("tmp");
    // Three 10 MB files of token-shaped strings in a git work tree that never names Okta:
    // every candidate waits on the rest of the repository, and none is reported.
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    for n in 0..3u64 {
        let path = dir.path().join(format!("ids{n}.txt"));
        write_tokens(&path, "", 11 + n, 240_000);
    }
    let run = scan(&[dir.path()]);
    // Nothing reported, but each file was not examined whole: never a clean exit.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not examined whole"), "{}", run.stderr);
    eprintln!(
        "3 x 10 MB of token-shaped strings, no Okta mention: peak {} KiB",
        run.peak_kib
    );
    assert_eq!(json(&run)["findings"].as_array().map(Vec::len), Some(0));
    assert!(run.peak_kib < HOSTILE_PEAK_KIB, "{} KiB", run.peak_kib);
}
