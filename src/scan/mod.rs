//! Wiring: the parts every scan shares (options, counts, turning a blob's text into findings,
//! the scan's ending). `files` walks trees, `git` reads history and the index, `scope` settles
//! the findings that depend on the rest of their repository or project.
//!
//! No matching logic lives here. Memory stays flat: a worker holds one file at a time, and
//! only findings (never file contents) cross to the collector.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

mod files;
mod git;
mod scope;

pub use files::{is_stdin, scan_paths};
pub use git::{
    audit_history, scan_history, scan_staged, AuditedHistory, HistoryOptions, KnownHistory,
};

use crate::allow;
use crate::blob::Provenance;
use crate::decode;
use crate::finding::{Finding, Locator};
use crate::matcher::Matcher;
use crate::source::fs::WalkOptions;
use scope::ScopeContext;

/// How many per-file results may wait for the collector before workers block.
const CHANNEL_BOUND: usize = 256;
/// How a file reader tells a binary file from its first bytes.
const BINARY_SNIFF: crate::source::fs::BinarySniff = crate::source::fs::BinarySniff {
    len: decode::BINARY_SNIFF_LEN,
    is_binary: decode::is_binary,
};
/// How often the spinner's status line is refreshed.
const PROGRESS_EVERY: Duration = Duration::from_millis(150);

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Walk settings.
    pub walk: WalkOptions,
    /// Files above this many bytes are skipped and counted.
    pub max_file_size: u64,
    /// Draw a spinner on a terminal.
    pub progress: bool,
    /// Draw it as one line of this group of bars (an audit's).
    pub progress_group: Option<indicatif::MultiProgress>,
}

/// Counts for the summary line and the reports.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Files whose contents were scanned.
    pub files_scanned: u64,
    /// Bytes scanned.
    pub bytes_scanned: u64,
    /// Findings reported.
    pub findings: u64,
    /// Files skipped as binary.
    pub skipped_binary: u64,
    /// Files skipped for size.
    pub skipped_too_large: u64,
    /// Symlinks, FIFOs, sockets and devices, not followed or read.
    pub skipped_not_regular: u64,
    /// Paths skipped by ignore rules (`.gitignore`, `.ignore`, git's excludes); an ignored
    /// directory counts once. `--no-ignore` scans them.
    pub skipped_ignored: u64,
    /// Ignored files scanned all the same because their names say credentials.
    pub ignored_scanned: u64,
    /// Files or directories that could not be read (each also reported on stderr).
    pub unreadable: u64,
    /// Errors of the run, each also reported on stderr: unreadable files, directories,
    /// objects and commits, files with more matches than are kept, and revocations that
    /// failed. A run with errors is incomplete and never exits as clean.
    pub errors: u64,
    /// Token-shaped strings not kept because their file already had the most matches kept
    /// per file (each such file is named on stderr).
    pub not_kept: u64,
    /// Findings allowed by an inline comment, a baseline or an allow rule (not reported
    /// unless asked for).
    pub suppressed: u64,
    /// Wall time of the scan in milliseconds.
    pub elapsed_ms: u64,
    /// Verification tallies, per distinct token, with `--verify`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<crate::verify::VerifyCounts>,
}

#[derive(Default)]
pub(crate) struct Counters {
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    too_large: AtomicU64,
    not_regular: AtomicU64,
    unreadable: AtomicU64,
    not_kept: AtomicU64,
    /// Files with more matches than are kept: errors of the run.
    capped_files: AtomicU64,
}

fn bump(counter: &AtomicU64, by: u64) {
    counter.fetch_add(by, Ordering::Relaxed);
}

impl Counters {
    fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            files_scanned: get(&self.files),
            bytes_scanned: get(&self.bytes),
            skipped_binary: get(&self.binary),
            skipped_too_large: get(&self.too_large),
            skipped_not_regular: get(&self.not_regular),
            unreadable: get(&self.unreadable),
            not_kept: get(&self.not_kept),
            ..Stats::default()
        }
    }
}

/// What a scan produced.
#[derive(Debug)]
pub struct ScanOutcome {
    /// Findings, sorted by path, line, column and rule.
    pub findings: Vec<Finding>,
    /// Counts.
    pub stats: Stats,
    /// The repositories whose history was scanned (empty for other scans).
    pub repositories: Vec<crate::source::git::RepoInfo>,
}

/// Sorts the findings (dropping exact repeats) and freezes the counts: the end of every scan.
fn outcome(
    mut findings: Vec<Finding>,
    counters: &Counters,
    started: Instant,
    repositories: Vec<crate::source::git::RepoInfo>,
) -> ScanOutcome {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.secret == b.secret);
    let mut stats = counters.snapshot();
    stats.findings = findings.len() as u64;
    stats.errors = stats.unreadable + counters.capped_files.load(Ordering::Relaxed);
    stats.elapsed_ms = started.elapsed().as_millis() as u64;
    ScanOutcome {
        findings,
        stats,
        repositories,
    }
}

/// Counts a blob's bytes as scanned and returns its text, or counts it as binary.
fn scannable_text<'b>(
    bytes: &'b [u8],
    counters: &Counters,
) -> Option<(std::borrow::Cow<'b, [u8]>, Option<&'static str>)> {
    let Some(text) = decode::text_of(bytes).into_scannable() else {
        bump(&counters.binary, 1);
        return None;
    };
    bump(&counters.files, 1);
    bump(&counters.bytes, bytes.len() as u64);
    Some(text)
}

/// The findings of one blob, and what it says about Okta.
#[derive(Debug, Default)]
pub(crate) struct BlobFindings {
    /// Findings that stand on their own.
    pub findings: Vec<Finding>,
    /// Findings that stand only if the blob's repository or project mentions Okta.
    pub pending: Vec<Finding>,
    /// Whether the blob (its text or its path) mentions Okta.
    pub mentions_okta: bool,
    /// The first org URL in the blob (or its path).
    pub org: Option<String>,
}

/// Matches one blob's text and turns the matches into findings, inline allows applied.
/// `path` is the blob's path inside its scan root or repository (context: a path can name
/// Okta). `None` when the blob neither holds a token nor mentions Okta; a blob that only
/// mentions Okta is returned with no findings, as context for the rest of its scope. The
/// provenance is built only when something matched.
pub(crate) fn findings_in(
    matcher: &mut Matcher,
    text: &[u8],
    encoding: Option<&'static str>,
    path: &[u8],
    counters: &Counters,
    provenance: impl FnOnce() -> Provenance,
) -> Option<BlobFindings> {
    // Looked for only once a match needs it: most blobs have none.
    let inline_allows = std::cell::OnceCell::new();
    let allows = || inline_allows.get_or_init(|| allow::InlineAllows::new(text));
    let found = matcher.scan_at(text, path, &|span| allows().check(span).is_some());
    if found.matches.is_empty() {
        let text = found.text_may_mention.then_some(text);
        let context = ScopeContext::of_path_and(text, path, matcher.rules());
        return context.mentions_okta.then(|| BlobFindings {
            mentions_okta: true,
            org: context.org,
            ..BlobFindings::default()
        });
    }
    let provenance = provenance();
    if found.not_kept > 0 {
        // The file was not examined whole: the run must not pass as clean.
        bump(&counters.not_kept, found.not_kept as u64);
        bump(&counters.capped_files, 1);
        crate::diag::error(format!(
            "{}: {} more token-shaped strings not kept: at most {} matches are kept per file, so this file was not examined whole",
            provenance.path().display(),
            found.not_kept,
            crate::matcher::MAX_MATCHES_PER_BLOB
        ));
    }
    let mut locator = Locator::new(text);
    let mut out = BlobFindings {
        mentions_okta: found.mentions_okta,
        org: found.org,
        ..BlobFindings::default()
    };
    for m in found.matches {
        let needs_repo_context = m.needs_repo_context;
        let mut finding = Finding::from_match(
            matcher.rules(),
            m,
            &mut locator,
            provenance.clone(),
            encoding,
        );
        finding.suppression = allows().check(&finding.location.bytes);
        if needs_repo_context {
            out.pending.push(finding);
        } else {
            out.findings.push(finding);
        }
    }
    Some(out)
}
