//! The memory bound of a tree scan: peak memory does not grow with the number of files.
//! Alone in its own test binary, because it reads the peak of all the children this process
//! has waited for.

use std::path::Path;
use std::process::Command;

/// The largest peak resident set of any child waited for so far, in KiB.
fn children_peak_kib() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_CHILDREN is always valid.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    usage.ru_maxrss
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

fn scan(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_oktaleaks"))
        .args(["scan", "--quiet", "--format", "json", "-j", "2"])
        .arg(root)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn peak_memory_is_flat_from_1000_to_100000_files() {
    let small = tempfile::tempdir().expect("tmp");
    let large = tempfile::tempdir().expect("tmp");
    tree(small.path(), 1_000);
    tree(large.path(), 100_000);
    scan(small.path());
    let peak_small = children_peak_kib();
    scan(large.path());
    // The peak over both runs: if the large run had needed more, it would show here.
    let peak_both = children_peak_kib();
    eprintln!("peak RSS: 1,000 files {peak_small} KiB; 100,000 files {peak_both} KiB");
    assert!(
        peak_both <= peak_small + peak_small / 4 + 4096,
        "1,000 files: {peak_small} KiB, 100,000 files: {peak_both} KiB"
    );
}
