//! Library error types.
//!
//! Each enum names the thing a caller must act on: a broken rules file stops the run before
//! any scanning starts; a source error concerns one file or root and never stops a scan
//! (the scan reports it through `diag` and carries on).

use std::path::PathBuf;

/// A rules file that cannot be used. Names the file and, where known, the line.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file could not be read.
    #[error("{path}: cannot read rules file: {source}")]
    Read {
        /// The rules file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the rules schema.
    #[error("{path}:{line}: malformed rules file: {message}")]
    Parse {
        /// The rules file (`<built-in>` for the embedded one).
        path: PathBuf,
        /// 1-based line of the problem, 0 when unknown.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A field is present but unusable (a regex that does not compile, a bad threshold).
    #[error("{path}: rule `{rule}`: {message}")]
    Invalid {
        /// The rules file.
        path: PathBuf,
        /// The rule id, or the section name.
        rule: String,
        /// What is wrong.
        message: String,
    },
}

/// A problem with one scan root or one file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Reading failed (permission denied, vanished, I/O error).
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The directory walker reported a problem (broken symlink, loop, unreadable dir).
    #[error("{0}")]
    Walk(String),
    /// A path given for a history scan is not a git repository.
    #[error("{path}: not a git repository ({reason})")]
    NotARepository {
        /// The path.
        path: PathBuf,
        /// What gitoxide said.
        reason: String,
    },
    /// A `--git` URL could not be cloned.
    #[error("{url}: cannot clone: {reason}")]
    Clone {
        /// The URL as given.
        url: String,
        /// What gitoxide said.
        reason: String,
    },
    /// A revision (such as `--since-commit`) does not name a commit.
    #[error("{rev}: not a revision in this repository ({reason})")]
    Revision {
        /// The revision as given.
        rev: String,
        /// What gitoxide said.
        reason: String,
    },
}

/// A baseline or allow-rule file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AllowError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is malformed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// A regex error in one line: the regex crate's message is a multi-line picture of the
/// pattern; its last line says what is wrong.
pub fn regex_problem(err: &regex::Error) -> String {
    err.to_string()
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Verification that cannot start: a bad `--okta-org` or `--okta-endpoint`, or an HTTP
/// client that cannot be built. (What an org answers is a verdict, never an error.)
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// An org URL that may not be contacted, or cannot be parsed.
    #[error("{value}: {problem}")]
    Org {
        /// The org as given or found.
        value: String,
        /// Why it is refused.
        problem: String,
    },
    /// The HTTP client or its runtime could not be set up.
    #[error("cannot set up verification: {0}")]
    Setup(String),
}

/// Why one verification call brought no usable answer. Each kind is a verdict of "unknown"
/// for the org; the kind says what happened, and callers act on it (a timed-out roles call
/// leaves a live token live, with its roles unknown).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// No answer within the time budget.
    #[error("no answer within the time budget (timed out)")]
    Timeout,
    /// The org asked to wait (429, or its rate-limit window spent) past the time budget.
    #[error("the org asked to wait {}s ({why}), past the time budget", retry_after.as_secs())]
    RateLimited {
        /// How long it asked to wait.
        retry_after: std::time::Duration,
        /// What it said: "it answered 429 (rate limited)", or a window about to reset.
        why: &'static str,
    },
    /// A redirect, never followed (it could send the token elsewhere).
    #[error("HTTP {status} redirect to {location}, not followed")]
    Redirect {
        /// HTTP status.
        status: u16,
        /// The `Location` header, or "nowhere".
        location: String,
    },
    /// A body over the size cap, not read.
    #[error("HTTP {status} with a body over {limit_kib} KiB, not read")]
    TooLarge {
        /// HTTP status.
        status: u16,
        /// The cap.
        limit_kib: usize,
    },
    /// The TLS handshake failed (a certificate not trusted, a protocol mismatch).
    #[error("TLS: {0}")]
    Tls(String),
    /// The org's host gave no address to call (no such name, or only addresses refused).
    #[error("{0}")]
    Unresolved(String),
    /// Connecting or talking to the org failed (refused, reset).
    #[error("{0}")]
    Transport(String),
    /// The request could not be made (an API path or a token that cannot go in a header).
    #[error("{0}")]
    Request(String),
    /// An answer, but not the one expected: `HTTP 403 E0000006`, or a body of the wrong shape.
    #[error("{0}")]
    Unexpected(String),
}

/// A datastore that cannot be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("datastore {path}: {source}")]
    Sqlite {
        /// The datastore.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The datastore file cannot be made or is not one to use.
    #[error("datastore {path}: {source}")]
    Io {
        /// The datastore.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A report or triage named a datastore that is not there.
    #[error(
        "datastore {0} does not exist (an audit creates it: oktaleaks audit --datastore FILE ...)"
    )]
    Missing(PathBuf),
    /// Written by a newer oktaleaks.
    #[error("datastore {path} has schema version {found}; this oktaleaks knows up to {known}: use a newer oktaleaks")]
    TooNew {
        /// The datastore.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        known: usize,
    },
    /// A triage id that names no secret, or more than one.
    #[error("{0}")]
    Triage(String),
}
