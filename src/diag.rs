//! Messages on stderr (always redacted and escaped), the panic hook and the progress spinner.
//!
//! Every message goes through [`note`] (errors through [`error`]), so lines never interleave
//! and none carries a token. The spinner draws only when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::secret::{redact_credentials, redact_tokens};
use crate::terminal::escape_controls;

/// Prints `oktaleaks: error: <message>` on stderr. Whoever reports an error also counts it
/// where the run's outcome is decided (the scan's `Stats::errors`).
pub fn error(message: impl std::fmt::Display) {
    note(format_args!("error: {message}"));
}

/// Prints `oktaleaks: <message>` on stderr without marking the run as failed. Anything
/// shaped like a token and the credentials in URLs are redacted first: no message may carry
/// them. Control characters are escaped, so a file name or a server's answer cannot drive
/// the terminal.
pub fn note(message: impl std::fmt::Display) {
    let message = message.to_string();
    let stderr = std::io::stderr();
    let mut lock = stderr.lock();
    let _ = writeln!(lock, "oktaleaks: {}", printable(&message));
}

/// One line as a terminal may show it (stderr, and the commands that print for people):
/// tokens and URL credentials redacted, control characters escaped.
pub fn printable(message: &str) -> String {
    let message = redact_tokens(message);
    let message = redact_credentials(&message);
    escape_controls(&message).into_owned()
}

/// Makes a panic print one redacted line (a bug report, without a token in it) instead of
/// Rust's default message.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        note(format_args!(
            "internal error (a bug; please report it): {info}"
        ));
    }));
}

/// A spinner with a one-line status, drawn only on a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner when `enabled` and stderr is a terminal; otherwise nothing is drawn.
    pub fn new(enabled: bool) -> Self {
        Progress::within(enabled, None)
    }

    /// A spinner as [`Progress::new`] makes, drawn as one line of `group` when given (so that
    /// it shares the terminal with the group's other bars).
    pub fn within(enabled: bool, group: Option<&MultiProgress>) -> Self {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            let bar = match group {
                Some(group) => group.add(bar),
                None => bar,
            };
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    /// Replaces the status line.
    pub fn set(&self, message: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
