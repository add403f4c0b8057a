//! The run's quit flag, shared by everything that runs long: the directory walker, the rayon
//! workers of a history scan, and the clone of `--git URL` (gitoxide polls it). The signal
//! handler at the binary's edge raises it, waits briefly for the work to wind down, removes
//! what is still registered here, and exits.
//!
//! Temporary directories are registered while they exist, so that they are removed on every
//! exit path: dropped normally, or removed by the handler when the work does not stop in time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Raised once the run must stop; never lowered.
pub static QUIT: AtomicBool = AtomicBool::new(false);

/// Temporary directories that exist now.
static SCRATCH: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Whether the run must stop.
pub fn requested() -> bool {
    QUIT.load(Ordering::Relaxed)
}

/// Asks every part of the run to stop.
pub fn request() {
    QUIT.store(true, Ordering::SeqCst);
}

/// A temporary directory removed when dropped, or by the signal handler on an interrupt.
#[derive(Debug)]
pub struct ScratchDir {
    dir: Option<tempfile::TempDir>,
}

impl ScratchDir {
    /// Registers `dir` until this is dropped.
    pub fn new(dir: tempfile::TempDir) -> Self {
        if let Ok(mut scratch) = SCRATCH.lock() {
            scratch.push(dir.path().to_path_buf());
        }
        ScratchDir { dir: Some(dir) }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new(""), |d| d.path())
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let path = dir.path().to_path_buf();
            let _ = dir.close();
            if let Ok(mut scratch) = SCRATCH.lock() {
                scratch.retain(|p| *p != path);
            }
        }
    }
}

/// Whether no temporary directory is left.
pub fn scratch_is_empty() -> bool {
    SCRATCH.lock().map_or(true, |s| s.is_empty())
}

/// Removes every temporary directory still registered (the work did not stop in time).
pub fn remove_scratch() {
    let left = SCRATCH
        .lock()
        .map(|mut s| std::mem::take(&mut *s))
        .unwrap_or_default();
    for dir in left {
        let _ = std::fs::remove_dir_all(dir);
    }
}
