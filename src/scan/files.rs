//! Tree scans: the parallel walk of the roots, one matcher per worker, one collector that
//! gathers findings, and the settling of findings that depend on their git work tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::Instant;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};

use super::{
    bump, findings_in, outcome, scannable_text, search_scope, Counters, ScanOptions, ScanOutcome,
    ScopeContext, CHANNEL_BOUND, PROGRESS_EVERY,
};
use crate::blob::Provenance;
use crate::diag::{self, Progress};
use crate::finding::Finding;
use crate::matcher::Matcher;
use crate::rules::RuleSet;
use crate::source::fs::{self, FileReader, Skip};

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
        if crate::quit::requested() {
            return WalkState::Quit;
        }
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
