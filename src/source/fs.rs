//! Files and directory trees: the parallel walk and reading one file.
//!
//! The walk honours `.gitignore` (unless told not to; `ignored` counts what it skips and
//! lets credential files through), scans hidden files such as `.env`,
//! never enters `.git/` (history is the git source's job), and does not follow symlinks.
//! Files are read into a per-thread buffer that is reused. Nothing is memory-mapped: a mapped
//! file truncated while it is scanned kills the process with SIGBUS, and ripgrep, too, reads
//! rather than maps when it walks a tree.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};

pub use super::ignored::IgnoredLog;
use super::ignored::{is_credential_name, IgnoreRules};
use crate::error::SourceError;
use ignore::{WalkBuilder, WalkParallel};

/// A reused read buffer that grew past this is released after use, to keep memory flat.
const BUFFER_KEEP: usize = 8 << 20;

/// How to walk the roots.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Ignore `.gitignore`, `.ignore` and git's exclude files.
    pub no_ignore: bool,
    /// Worker threads.
    pub threads: usize,
}

/// A parallel walker over `roots`, and the log of what ignore rules skipped. Unless told
/// not to, ignore rules are applied here (see [`super::ignored`]): every path they skip is
/// counted, and an ignored file whose name says credentials is walked all the same.
pub fn walker(roots: &[PathBuf], options: &WalkOptions) -> (WalkParallel, Arc<IgnoredLog>) {
    let log = Arc::new(IgnoredLog::default());
    let mut builder = walker_builder(
        roots,
        &WalkOptions {
            no_ignore: true,
            ..options.clone()
        },
    );
    let rules = (!options.no_ignore).then(IgnoreRules::default);
    let seen = Arc::clone(&log);
    builder.filter_entry(move |entry| {
        if entry.file_name() == ".git" {
            return false;
        }
        // A root named by the user is scanned whatever the rules say, as ripgrep does.
        let Some(rules) = rules.as_ref().filter(|_| entry.depth() > 0) else {
            return true;
        };
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if !rules.is_ignored(entry.path(), is_dir) {
            return true;
        }
        if !is_dir && is_credential_name(&entry.file_name().to_string_lossy()) {
            seen.credential_files
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(entry.path().to_path_buf());
            return true;
        }
        seen.skipped.fetch_add(1, Ordering::Relaxed);
        false
    });
    (builder.build_parallel(), log)
}

/// The walker's settings, for a caller that adds its own entry filter (which must leave out
/// `.git/` too).
pub fn walker_builder(roots: &[PathBuf], options: &WalkOptions) -> WalkBuilder {
    let mut builder = WalkBuilder::new(&roots[0]);
    roots[1..].iter().for_each(|r| {
        builder.add(r);
    });
    builder
        .hidden(false)
        .follow_links(false)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .threads(options.threads);
    builder
}

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Larger than `--max-file-size`.
    TooLarge,
    /// Not a regular file (FIFO, socket, device).
    NotRegular,
}

/// Reads files, reusing one buffer.
#[derive(Debug, Default)]
pub struct FileReader {
    buffer: Vec<u8>,
}

impl FileReader {
    /// Reads `path` unless it is over `max_size` bytes or not a regular file.
    pub fn read(&mut self, path: &Path, max_size: u64) -> Result<Result<&[u8], Skip>, SourceError> {
        let io = |source| SourceError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Ok(Err(Skip::NotRegular));
        }
        if meta.len() > max_size {
            return Ok(Err(Skip::TooLarge));
        }
        if self.buffer.capacity() > BUFFER_KEEP {
            self.buffer = Vec::new();
        }
        self.buffer.clear();
        // A file that grows or shrinks meanwhile is read as it is now, up to the limit.
        self.buffer.reserve(meta.len() as usize);
        file.by_ref()
            .take(max_size + 1)
            .read_to_end(&mut self.buffer)
            .map_err(io)?;
        if self.buffer.len() as u64 > max_size {
            return Ok(Err(Skip::TooLarge));
        }
        Ok(Ok(&self.buffer))
    }
}
