//! Wiring: the parts every scan shares (options, counts, turning a blob's text into findings,
//! looking through a repository for Okta mentions, the scan's ending). `files` walks trees,
//! `git` reads history and the index.
//!
//! No matching logic lives here. Memory stays flat: a worker holds one file at a time, and
//! only findings (never file contents) cross to the collector.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ignore::WalkState;
use serde::Serialize;

mod files;
mod git;

pub use files::scan_paths;
pub use git::{scan_history, scan_staged, HistoryOptions};

use crate::allow;
use crate::blob::Provenance;
use crate::decode;
use crate::finding::{Finding, Locator};
use crate::matcher::{okta_mention, Matcher};
use crate::rules::RuleSet;
use crate::source::fs::{self, FileReader, WalkOptions};

/// How many per-file results may wait for the collector before workers block.
const CHANNEL_BOUND: usize = 256;
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
    /// Files or directories that could not be read (each also reported on stderr).
    pub unreadable: u64,
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
struct Counters {
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    too_large: AtomicU64,
    not_regular: AtomicU64,
    unreadable: AtomicU64,
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

/// The findings of one blob.
pub(crate) struct BlobFindings {
    /// Findings that stand on their own.
    pub findings: Vec<Finding>,
    /// Findings that stand only if the blob's repository mentions Okta.
    pub pending: Vec<Finding>,
    /// Whether the blob mentions Okta.
    pub mentions_okta: bool,
    /// The first org URL in the blob.
    pub org: Option<String>,
}

/// Matches one blob's text and turns the matches into findings, inline allows applied;
/// `None` when nothing matched. The provenance is built only when something did.
pub(crate) fn findings_in(
    matcher: &mut Matcher,
    text: &[u8],
    encoding: Option<&'static str>,
    provenance: impl FnOnce() -> Provenance,
) -> Option<BlobFindings> {
    let found = matcher.scan(text);
    if found.matches.is_empty() {
        return None;
    }
    let provenance = provenance();
    let mut locator = Locator::new(text);
    let inline_allows = allow::InlineAllows::new(text);
    let mut out = BlobFindings {
        findings: Vec::new(),
        pending: Vec::new(),
        mentions_okta: found.mentions_okta,
        org: found.org,
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
        finding.suppression = inline_allows.check(&finding.location.bytes);
        if needs_repo_context {
            out.pending.push(finding);
        } else {
            out.findings.push(finding);
        }
    }
    Some(out)
}

/// What a repository says about Okta.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScopeContext {
    pub mentions_okta: bool,
    pub org: Option<String>,
}

/// Looks through a repository for Okta mentions, stopping at the first org URL.
pub(crate) fn search_scope(dir: &Path, rules: &RuleSet, options: &ScanOptions) -> ScopeContext {
    let found = std::sync::Mutex::new(ScopeContext::default());
    let look = |text: &[u8]| -> WalkState {
        let Some(org) = okta_mention(text, &rules.context) else {
            return WalkState::Continue;
        };
        let Ok(mut found) = found.lock() else {
            return WalkState::Quit;
        };
        found.mentions_okta = true;
        if found.org.is_none() && org.is_some() {
            found.org = org;
        }
        if found.org.is_some() {
            WalkState::Quit
        } else {
            WalkState::Continue
        }
    };
    fs::walker(&[dir.to_path_buf()], &options.walk).run(|| {
        let mut reader = FileReader::default();
        let look = &look;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let Ok(Ok(contents)) = reader.read(entry.path(), options.max_file_size) else {
                return WalkState::Continue;
            };
            match decode::text_of(contents).into_scannable() {
                Some((text, _)) => look(&text),
                None => WalkState::Continue,
            }
        })
    });
    found.into_inner().unwrap_or_default()
}
