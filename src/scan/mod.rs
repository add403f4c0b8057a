//! Wiring: walks the roots in parallel, runs a matcher per thread, collects findings on one
//! thread, and settles the findings that depend on the rest of their repository.
//!
//! No matching logic lives here. Memory stays flat: a worker holds one file at a time, and
//! only findings (never file contents) cross to the collector.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};
use serde::Serialize;

mod git;

pub use git::{scan_history, scan_staged, HistoryOptions};

use crate::allow;
use crate::blob::Provenance;
use crate::decode;
use crate::diag::{self, Progress};
use crate::finding::{Finding, Locator};
use crate::matcher::{okta_mention, Matcher};
use crate::rules::RuleSet;
use crate::source::fs::{self, FileReader, Skip, WalkOptions};

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

/// The results of one file, sent from a worker to the collector.
struct FileResult {
    path: PathBuf,
    findings: Vec<Finding>,
    /// Findings that stand only if the file's repository mentions Okta.
    pending: Vec<Finding>,
    mentions_okta: bool,
    org: Option<String>,
}

/// Scans every file under `roots`.
pub fn scan_paths(roots: &[PathBuf], rules: Arc<RuleSet>, options: &ScanOptions) -> ScanOutcome {
    let started = Instant::now();
    let counters = Arc::new(Counters::default());
    let (tx, rx) = sync_channel::<FileResult>(CHANNEL_BOUND);
    let progress = Progress::new(options.progress);
    let collector = {
        let counters = Arc::clone(&counters);
        let roots = roots.to_vec();
        std::thread::spawn(move || collect(rx, &roots, &counters, &progress))
    };
    let mut builder = VisitorBuilder {
        roots: Arc::new(roots.to_vec()),
        matcher: Matcher::new(Arc::clone(&rules)),
        counters: Arc::clone(&counters),
        tx,
        max_file_size: options.max_file_size,
    };
    fs::walker(roots, &options.walk).visit(&mut builder);
    drop(builder);
    let collected = collector.join().unwrap_or_else(|_| Collected::default());
    let findings = settle(collected, &rules, options);
    outcome(findings, &counters, started, Vec::new())
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

/// Decides what depended on the rest of a repository: pending findings stand if the
/// repository mentions Okta, and findings with no org nearby take the repository's org.
/// Repositories are searched only when such findings exist.
fn settle(collected: Collected, rules: &RuleSet, options: &ScanOptions) -> Vec<Finding> {
    let Collected {
        mut findings,
        pending,
        orgless,
        okta_scopes,
    } = collected;
    let mut searched: HashMap<Scope, ScopeContext> = HashMap::new();
    let mut context_of = |scope: &Scope| -> ScopeContext {
        let known = okta_scopes.get(scope).cloned();
        if let Some(Some(org)) = &known {
            return ScopeContext {
                mentions_okta: true,
                org: Some(org.clone()),
            };
        }
        let mut found = match scope {
            Scope::Tree(dir) => searched
                .entry(scope.clone())
                .or_insert_with(|| search_scope(dir, rules, options))
                .clone(),
            Scope::File => ScopeContext::default(),
        };
        found.mentions_okta |= known.is_some();
        found
    };
    for (scope, index) in orgless {
        if let Some(org) = context_of(&scope).org {
            findings[index].org = Some(org);
        }
    }
    for (scope, waiting) in pending {
        let context = context_of(&scope);
        if context.mentions_okta {
            findings.extend(waiting.into_iter().map(|mut f| {
                f.org = f.org.or_else(|| context.org.clone());
                f
            }));
        }
    }
    findings
}

struct VisitorBuilder {
    roots: Arc<Vec<PathBuf>>,
    matcher: Matcher,
    counters: Arc<Counters>,
    tx: SyncSender<FileResult>,
    max_file_size: u64,
}

impl<'s> ParallelVisitorBuilder<'s> for VisitorBuilder {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(FileVisitor {
            roots: Arc::clone(&self.roots),
            matcher: self.matcher.clone(),
            reader: FileReader::default(),
            counters: Arc::clone(&self.counters),
            tx: self.tx.clone(),
            max_file_size: self.max_file_size,
        })
    }
}

struct FileVisitor {
    roots: Arc<Vec<PathBuf>>,
    matcher: Matcher,
    reader: FileReader,
    counters: Arc<Counters>,
    tx: SyncSender<FileResult>,
    max_file_size: u64,
}

impl ParallelVisitor for FileVisitor {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                bump(&self.counters.unreadable, 1);
                diag::error(err);
                return WalkState::Continue;
            }
        };
        match entry.file_type() {
            Some(t) if t.is_dir() => return WalkState::Continue,
            Some(t) if t.is_file() => {}
            _ => {
                bump(&self.counters.not_regular, 1);
                return WalkState::Continue;
            }
        }
        match self.scan_file(entry.path()) {
            Ok(()) => WalkState::Continue,
            Err(()) => WalkState::Quit,
        }
    }
}

impl FileVisitor {
    /// Scans one file; `Err` only when the collector is gone.
    fn scan_file(&mut self, path: &Path) -> Result<(), ()> {
        let contents = match self.reader.read(path, self.max_file_size) {
            Err(err) => {
                bump(&self.counters.unreadable, 1);
                diag::error(err);
                return Ok(());
            }
            Ok(Err(skip)) => {
                bump(self.skip_counter(skip), 1);
                return Ok(());
            }
            Ok(Ok(contents)) => contents,
        };
        let Some((text, encoding)) = scannable_text(contents, &self.counters) else {
            return Ok(());
        };
        let roots = &self.roots;
        let found = findings_in(&mut self.matcher, &text, encoding, || {
            Provenance::file(path, root_of(path, roots))
        });
        let Some(found) = found else {
            return Ok(());
        };
        let result = FileResult {
            path: path.to_path_buf(),
            findings: found.findings,
            pending: found.pending,
            mentions_okta: found.mentions_okta,
            org: found.org,
        };
        self.tx.send(result).map_err(|_| ())
    }

    fn skip_counter(&self, skip: Skip) -> &AtomicU64 {
        match skip {
            Skip::TooLarge => &self.counters.too_large,
            Skip::NotRegular => &self.counters.not_regular,
        }
    }
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

#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    /// Findings waiting on an Okta mention in their scope.
    pending: HashMap<Scope, Vec<Finding>>,
    /// Findings (indices into `findings`) with no org URL nearby, and their scope.
    orgless: Vec<(Scope, usize)>,
    /// Scopes known to mention Okta, with the first org URL seen there.
    okta_scopes: HashMap<Scope, Option<String>>,
}

fn collect(
    rx: Receiver<FileResult>,
    roots: &[PathBuf],
    counters: &Counters,
    progress: &Progress,
) -> Collected {
    let mut out = Collected::default();
    let mut scopes = ScopeCache::default();
    loop {
        let result = match rx.recv_timeout(PROGRESS_EVERY) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                let s = counters.snapshot();
                progress.set(format!(
                    "{} files, {} findings",
                    s.files_scanned,
                    out.findings.len()
                ));
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let has_orgless = result.findings.iter().any(|f| f.org.is_none());
        if !(result.mentions_okta || has_orgless || !result.pending.is_empty()) {
            out.findings.extend(result.findings);
            continue;
        }
        // A file-only scope has no other files: its own mentions were already weighed.
        let scope = scopes.scope_of(&result.path, roots);
        if scope == Scope::File {
            out.findings.extend(result.findings);
            continue;
        }
        for finding in result.findings {
            if finding.org.is_none() {
                out.orgless.push((scope.clone(), out.findings.len()));
            }
            out.findings.push(finding);
        }
        if result.mentions_okta {
            let known = out.okta_scopes.entry(scope.clone()).or_default();
            if known.is_none() {
                *known = result.org;
            }
        }
        if !result.pending.is_empty() {
            out.pending.entry(scope).or_default().extend(result.pending);
        }
    }
    progress.finish();
    out
}

/// The scan root a walked path came from: the longest root it starts with.
fn root_of<'r>(path: &'r Path, roots: &'r [PathBuf]) -> &'r Path {
    roots
        .iter()
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.as_os_str().len())
        .map_or(path, PathBuf::as_path)
}

/// Maps files to their scope, the files whose Okta mentions count for each other: the
/// nearest enclosing git work tree inside the scan root. Outside git, each file stands
/// alone: a folder of unrelated files says nothing about each other.
#[derive(Default)]
struct ScopeCache {
    by_dir: HashMap<PathBuf, Scope>,
}

/// Where an Okta mention elsewhere counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Scope {
    /// This git work tree.
    Tree(PathBuf),
    /// Only the file itself.
    File,
}

impl ScopeCache {
    fn scope_of(&mut self, file: &Path, roots: &[PathBuf]) -> Scope {
        let dir = file.parent().unwrap_or(file).to_path_buf();
        if let Some(scope) = self.by_dir.get(&dir) {
            return scope.clone();
        }
        let root = root_of(file, roots).to_path_buf();
        let repo = dir
            .ancestors()
            .take_while(|a| a.starts_with(&root))
            .find(|a| a.join(".git").exists());
        let scope = match repo {
            Some(repo) => Scope::Tree(repo.to_path_buf()),
            None => Scope::File,
        };
        self.by_dir.insert(dir, scope.clone());
        scope
    }
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
