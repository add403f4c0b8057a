//! Tree scans: the parallel walk of the roots, one matcher per worker, one collector that
//! gathers findings and Okta mentions by scope, and the settling of each scope's findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::Instant;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};

use super::scope::{settle_tree, Scope, ScopeCache, ScopeTally, Unsettled};
use super::{
    bump, findings_in, outcome, scannable_text, BlobFindings, Counters, ScanOptions, ScanOutcome,
    CHANNEL_BOUND, PROGRESS_EVERY,
};
use crate::blob::Provenance;
use crate::diag::{self, Progress};
use crate::finding::Finding;
use crate::matcher::{Matcher, PathMention};
use crate::rules::RuleSet;
use crate::source::fs::{self, FileReader, Skip};

/// The results of one file, sent from a worker to the collector: its findings, or only the
/// fact that it mentions Okta.
struct FileResult {
    path: PathBuf,
    found: BlobFindings,
}

/// How standard input is named as a root (`-`, or `/dev/stdin` as a shell's `cat x |`
/// gives it), and shown in reports.
pub const STDIN_NAMES: &[&str] = &["-", "/dev/stdin"];
const STDIN_SHOWN: &str = "<stdin>";

/// Whether a root names standard input.
pub fn is_stdin(root: &Path) -> bool {
    STDIN_NAMES.iter().any(|name| root == Path::new(name))
}

/// Ignored credential files named one by one on stderr; past this many, a count.
const NAMED_IGNORED_FILES: usize = 10;

/// Scans every file under `roots` (standard input for `-` or `/dev/stdin`).
pub fn scan_paths(roots: &[PathBuf], rules: Arc<RuleSet>, options: &ScanOptions) -> ScanOutcome {
    let started = Instant::now();
    let counters = Arc::new(Counters::default());
    let mut findings = Vec::new();
    if roots.iter().any(|r| is_stdin(r)) {
        findings.extend(scan_stdin(&rules, options, &counters));
    }
    let roots: Vec<PathBuf> = roots.iter().filter(|r| !is_stdin(r)).cloned().collect();
    let mut ignored = (0, Vec::new());
    if !roots.is_empty() {
        let (walked, log) = walk(&roots, &rules, options, &counters);
        findings.extend(walked);
        ignored = (log.skipped(), log.credential_files());
    }
    let (skipped_ignored, credential_files) = ignored;
    name_ignored_credential_files(&credential_files);
    let mut outcome = outcome(findings, &counters, started, Vec::new());
    outcome.stats.skipped_ignored = skipped_ignored;
    outcome.stats.ignored_scanned = credential_files.len() as u64;
    outcome
}

/// Walks the roots in parallel and settles the findings of each scope.
fn walk(
    roots: &[PathBuf],
    rules: &Arc<RuleSet>,
    options: &ScanOptions,
    counters: &Arc<Counters>,
) -> (Vec<Finding>, Arc<fs::IgnoredLog>) {
    let (tx, rx) = sync_channel::<FileResult>(CHANNEL_BOUND);
    let progress = Progress::new(options.progress);
    let collector = {
        let counters = Arc::clone(counters);
        let roots = roots.to_vec();
        std::thread::spawn(move || collect(rx, &roots, &counters, &progress))
    };
    let mut builder = VisitorBuilder {
        roots: Arc::new(roots.to_vec()),
        matcher: Matcher::new(Arc::clone(rules)),
        counters: Arc::clone(counters),
        tx,
        max_file_size: options.max_file_size,
    };
    let (walker, log) = fs::walker(roots, &options.walk);
    walker.visit(&mut builder);
    drop(builder);
    // A collector that panicked lost findings: the run fails with the panic, never as clean.
    let scopes = collector
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    (settle_tree(scopes), log)
}

/// Says which ignored files were scanned because their names say credentials: the user
/// may have expected the ignore rules to leave them out.
fn name_ignored_credential_files(files: &[PathBuf]) {
    for file in files.iter().take(NAMED_IGNORED_FILES) {
        let shown = file.strip_prefix("./").unwrap_or(file);
        diag::note(format!(
            "{}: ignored by .gitignore or .ignore, scanned anyway: its name says credentials",
            shown.display()
        ));
    }
    if files.len() > NAMED_IGNORED_FILES {
        diag::note(format!(
            "and {} more ignored credential files, scanned anyway",
            files.len() - NAMED_IGNORED_FILES
        ));
    }
}

/// Reads standard input whole (up to the size limit) and scans it as one file of its own.
fn scan_stdin(rules: &Arc<RuleSet>, options: &ScanOptions, counters: &Counters) -> Vec<Finding> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(options.max_file_size + 1)
        .read_to_end(&mut bytes);
    if let Err(err) = read {
        bump(&counters.unreadable, 1);
        diag::error(format!("{STDIN_SHOWN}: {err}"));
        return Vec::new();
    }
    if bytes.len() as u64 > options.max_file_size {
        bump(&counters.too_large, 1);
        return Vec::new();
    }
    let Some((text, encoding)) = scannable_text(&bytes, counters) else {
        return Vec::new();
    };
    let shown = Path::new(STDIN_SHOWN);
    let mut matcher = Matcher::new(Arc::clone(rules));
    let found = findings_in(&mut matcher, &text, encoding, b"", counters, || {
        Provenance::file(shown, shown)
    });
    let mut scope = Unsettled::default();
    found.into_iter().for_each(|f| scope.add(f));
    scope.settle()
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
            reader: FileReader::new(super::BINARY_SNIFF),
            scopes: ScopeCache::default(),
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
    /// Scopes of the files whose path names Okta (their path is context relative to it).
    scopes: ScopeCache,
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
        let root = root_of(path, roots);
        // A path is context relative to its repository or project, a part of the path
        // relative to the root: only a path that names Okta from the root needs its scope.
        let mut context_path = below(path, root)
            .or_else(|| path.strip_prefix(root).ok())
            .unwrap_or(path);
        if context_path.as_os_str().is_empty()
            || PathMention::of(
                context_path.as_os_str().as_encoded_bytes(),
                &self.matcher.rules().context,
            )
            .mentions_okta
        {
            context_path = self.scopes.scope_of(path, root).path_within(path);
        }
        let context_path = context_path.as_os_str().as_encoded_bytes();
        let found = findings_in(
            &mut self.matcher,
            &text,
            encoding,
            context_path,
            &self.counters,
            || Provenance::file(path, root_of(path, roots)),
        );
        let Some(found) = found else {
            return Ok(());
        };
        let result = FileResult {
            path: path.to_path_buf(),
            found,
        };
        self.tx.send(result).map_err(|_| ())
    }

    fn skip_counter(&self, skip: Skip) -> &AtomicU64 {
        match skip {
            Skip::TooLarge => &self.counters.too_large,
            Skip::NotRegular => &self.counters.not_regular,
            Skip::Binary => &self.counters.binary,
        }
    }
}

/// Gathers every file's results by scope.
fn collect(
    rx: Receiver<FileResult>,
    roots: &[PathBuf],
    counters: &Counters,
    progress: &Progress,
) -> HashMap<Scope, ScopeTally> {
    let mut by_scope: HashMap<Scope, ScopeTally> = HashMap::new();
    let mut scopes = ScopeCache::default();
    let mut found = 0;
    loop {
        let result = match rx.recv_timeout(PROGRESS_EVERY) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                let s = counters.snapshot();
                progress.set(format!("{} files, {found} findings", s.files_scanned));
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        found += result.found.findings.len();
        let scope = scopes.scope_of(&result.path, root_of(&result.path, roots));
        by_scope
            .entry(scope)
            .or_default()
            .add(result.path, result.found);
    }
    progress.finish();
    by_scope
}

/// The scan root a walked path came from: the longest root it starts with.
fn root_of<'r>(path: &'r Path, roots: &'r [PathBuf]) -> &'r Path {
    if let [root] = roots {
        // One root (the usual case): the walk's paths start with it as written.
        if below(path, root).is_some() {
            return root;
        }
    }
    roots
        .iter()
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.as_os_str().len())
        .map_or(path, PathBuf::as_path)
}

/// `path` relative to `root`, for a walked path that starts with its root as written
/// (`root/a/b`, or `root` itself); `None` otherwise. Comparing bytes, not components, showed
/// in a tree scan's profile.
fn below<'p>(path: &'p Path, root: &Path) -> Option<&'p Path> {
    use std::os::unix::ffi::OsStrExt;
    let (bytes, prefix) = (
        path.as_os_str().as_encoded_bytes(),
        root.as_os_str().as_encoded_bytes(),
    );
    let rest = bytes.strip_prefix(prefix)?;
    let rest = if rest.is_empty() || prefix.ends_with(b"/") {
        rest
    } else {
        rest.strip_prefix(b"/")?
    };
    Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_below_its_root_as_written() {
        for (path, root, below_it) in [
            ("dir/a/b", "dir", Some("a/b")),
            ("dir/a", "dir/", Some("a")),
            ("./a", ".", Some("a")),
            ("dir", "dir", Some("")),
            ("/abs/x", "/abs", Some("x")),
            ("/x", "/", Some("x")),
            ("dirx/a", "dir", None),
            ("other/a", "dir", None),
        ] {
            let got = below(Path::new(path), Path::new(root));
            assert_eq!(got, below_it.map(Path::new), "{path} under {root}");
            if let Some(rest) = got {
                assert_eq!(Path::new(path).strip_prefix(root).ok(), Some(rest));
            }
        }
    }
}
