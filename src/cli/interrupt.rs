//! Ctrl-C and SIGTERM: the run stops (exit 130), a report being written is not left
//! half-written (its temporary file is removed, so the report is whole or absent), and no
//! temporary clone is left behind.
//!
//! The handler raises the shared quit flag ([`crate::quit`]): the walker, the history
//! workers and a clone in progress stop and drop their temporary directories. It waits a
//! short while for that, removes whatever is still registered, and exits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::exit::ExitCode;
use crate::quit;

/// The temporary report file being written, if any.
static PARTIAL_REPORT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// How long the work gets to remove its own temporary directories before the handler
/// removes them under it.
const GRACE: Duration = Duration::from_secs(3);

/// Installs the handler; without one (another handler already set) the default applies.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        quit::request();
        let until = Instant::now() + GRACE;
        while !quit::scratch_is_empty() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        quit::remove_scratch();
        let partial = PARTIAL_REPORT.lock().ok().and_then(|mut p| p.take());
        if let Some(path) = partial {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("oktaleaks: interrupted");
        std::process::exit(ExitCode::Interrupted as i32);
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
