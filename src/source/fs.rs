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

/// A reused read buffer that grew past this is shrunk back to it, to keep memory flat.
const BUFFER_KEEP: usize = 8 << 20;
/// The read buffer's first size: most source files fit it (ripgrep reads in blocks of the
/// same size).
const FIRST_READ: usize = 64 << 10;

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
    /// Binary, as its first bytes showed: the rest was not read.
    Binary,
}

/// How to tell a binary file from its first bytes, so that the rest of it is never read.
#[derive(Debug, Clone, Copy)]
pub struct BinarySniff {
    /// How many leading bytes the test looks at.
    pub len: usize,
    /// Whether bytes of that length (or a whole shorter file) are binary.
    pub is_binary: fn(&[u8]) -> bool,
}

/// Reads files, reusing one buffer.
#[derive(Debug)]
pub struct FileReader {
    /// Always initialized up to its length; only `..filled` of it is the file.
    buffer: Vec<u8>,
    sniff: BinarySniff,
}

impl FileReader {
    /// A reader that stops at the first bytes of a binary file.
    pub fn new(sniff: BinarySniff) -> Self {
        FileReader {
            buffer: Vec::new(),
            sniff,
        }
    }

    /// Reads `path` unless it is over `max_size` bytes, binary, or not a regular file. The
    /// caller has seen a regular file at `path` (the walk's entry type); one replaced since
    /// by something else is still told apart once it fills the buffer. A binary file shorter
    /// than the sniff is read whole, for the caller to decide.
    pub fn read(&mut self, path: &Path, max_size: u64) -> Result<Result<&[u8], Skip>, SourceError> {
        let io = |source| SourceError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(io)?;
        if self.buffer.len() > BUFFER_KEEP {
            self.buffer.truncate(BUFFER_KEEP);
            self.buffer.shrink_to_fit();
        }
        if self.buffer.len() < FIRST_READ {
            self.buffer.resize(FIRST_READ, 0);
        }
        // One byte past the limit tells a file over it.
        let limit = usize::try_from(max_size.saturating_add(1)).unwrap_or(usize::MAX);
        let mut filled = 0;
        let (mut size_asked, mut size, mut sniffed) = (false, None, false);
        loop {
            let window = filled..self.buffer.len().min(limit);
            match file.read(&mut self.buffer[window]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(io(err)),
            }
            if filled == limit {
                return Ok(Err(Skip::TooLarge));
            }
            let full = filled == self.buffer.len();
            if full && !size_asked {
                size_asked = true;
                // Most files fit the buffer and are read with no `stat`: its cost showed in
                // a tree scan of many small files. One that fills it is asked its size.
                let meta = file.metadata().map_err(io)?;
                if !meta.is_file() {
                    return Ok(Err(Skip::NotRegular));
                }
                if meta.len() > max_size {
                    return Ok(Err(Skip::TooLarge));
                }
                // Room for the whole file and the read that finds its end.
                size =
                    Some(usize::try_from(meta.len()).map_or(usize::MAX, |n| n.saturating_add(1)));
            }
            if !sniffed && filled >= self.sniff.len {
                sniffed = true;
                if (self.sniff.is_binary)(&self.buffer[..self.sniff.len]) {
                    return Ok(Err(Skip::Binary));
                }
            }
            if full {
                // The size once, then doubling: a file that grows meanwhile is read as it is
                // now, up to the limit.
                let wanted = size.take().unwrap_or(filled.saturating_mul(2));
                self.buffer.resize(wanted.max(filled + 1).min(limit), 0);
            }
        }
        Ok(Ok(&self.buffer[..filled]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Binary when the head holds a NUL: enough for the reader's part of the decision.
    const SNIFF: BinarySniff = BinarySniff {
        len: 8,
        is_binary: |head| head.contains(&0),
    };

    #[test]
    fn files_around_every_buffer_edge_read_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut reader = FileReader::new(SNIFF);
        let max = 3 * FIRST_READ as u64;
        for len in [
            0,
            1,
            7,
            8,
            FIRST_READ - 1,
            FIRST_READ,
            FIRST_READ + 1,
            2 * FIRST_READ + 3,
        ] {
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let path = dir.path().join(format!("f{len}"));
            std::fs::write(&path, &bytes).expect("write");
            let read = reader.read(&path, max).expect("readable");
            assert_eq!(read.map(<[u8]>::len), Ok(len), "{len} bytes");
            assert!(read == Ok(&bytes[..]), "{len} bytes: contents differ");
        }
    }

    #[test]
    fn size_limit_binary_heads_and_a_shrinking_buffer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut reader = FileReader::new(SNIFF);
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'x'; 100]).expect("write");
        assert_eq!(
            reader.read(&path, 100).expect("readable").map(<[u8]>::len),
            Ok(100)
        );
        assert_eq!(
            reader.read(&path, 99).expect("readable"),
            Err(Skip::TooLarge)
        );
        // A binary head stops the read; the limit still comes first for a large file.
        let mut binary = vec![0u8; 4 * FIRST_READ];
        binary[0] = 0x7f;
        std::fs::write(&path, &binary).expect("write");
        assert_eq!(
            reader.read(&path, 1 << 30).expect("readable"),
            Err(Skip::Binary)
        );
        assert_eq!(
            reader.read(&path, 1000).expect("readable"),
            Err(Skip::TooLarge)
        );
        // A short binary file is read whole: the caller decides.
        std::fs::write(&path, b"ab\0").expect("write");
        assert_eq!(reader.read(&path, 100).expect("readable"), Ok(&b"ab\0"[..]));
        // Past BUFFER_KEEP the buffer shrinks back before the next file.
        std::fs::write(&path, vec![b'y'; BUFFER_KEEP + 10]).expect("write");
        assert!(reader.read(&path, 1 << 30).expect("readable").is_ok());
        std::fs::write(&path, b"small").expect("write");
        assert_eq!(
            reader.read(&path, 100).expect("readable"),
            Ok(&b"small"[..])
        );
        assert!(reader.buffer.len() <= BUFFER_KEEP);
    }
}
