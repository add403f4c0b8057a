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
