//! Ctrl-C and SIGTERM: the process stops at once (exit 130), and a report being written is
//! not left half-written: its temporary file is removed, so the report is whole or absent.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary report file being written, if any.
static PARTIAL_REPORT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The exit status after an interrupt (128 + SIGINT), as shells report it.
const INTERRUPTED: i32 = 130;

/// Installs the handler; without one (another handler already set) the default applies.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let partial = PARTIAL_REPORT.lock().ok().and_then(|mut p| p.take());
        if let Some(path) = partial {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("oktaleaks: interrupted");
        std::process::exit(INTERRUPTED);
    });
}

/// Marks `path` for removal on an interrupt until the guard is dropped.
pub fn remove_on_interrupt(path: &Path) -> Guard {
    if let Ok(mut partial) = PARTIAL_REPORT.lock() {
        *partial = Some(path.to_path_buf());
    }
    Guard
}

/// Ends the marking when dropped (the file was renamed into place or removed).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut partial) = PARTIAL_REPORT.lock() {
            *partial = None;
        }
    }
}
