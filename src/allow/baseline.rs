//! The baseline file: findings known and accepted when it was made, by fingerprint.
//!
//! A fingerprint hashes the rule id, a hash of the secret and the path relative to its scan
//! root, so the file holds no secret, and moving a line changes nothing. The file is sorted
//! and has no timestamp: making it again on an unchanged tree gives the same bytes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::AllowError;
use crate::finding::Finding;
use crate::secret::redact_tokens;

/// The baseline format version.
pub const VERSION: u32 = 1;

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    /// Where it was read from (named in suppression reasons).
    pub path: PathBuf,
    fingerprints: BTreeSet<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule_id: String,
    fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[serde(default)]
    about: Option<String>,
    findings: Vec<Entry>,
}

const ABOUT: &str = "oktaleaks baseline: `oktaleaks scan --baseline FILE` does not report these \
                     findings. Each fingerprint hashes the rule, the secret and the path; no \
                     secret is stored.";

impl Baseline {
    /// Reads a baseline; a malformed one is an error naming the file and line.
    pub fn load(path: &Path) -> Result<Baseline, AllowError> {
        let text = std::fs::read_to_string(path).map_err(|source| AllowError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let parsed: File = serde_json::from_str(&text).map_err(|e| AllowError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            message: e.to_string(),
        })?;
        if parsed.version != VERSION {
            return Err(AllowError::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: format!("unsupported baseline version {}", parsed.version),
            });
        }
        Ok(Baseline {
            path: path.to_path_buf(),
            fingerprints: parsed.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Whether the baseline holds this fingerprint.
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}

/// The baseline text for `findings`: sorted, deduplicated, pretty-printed, newline-terminated.
pub fn render<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> String {
    let entries: BTreeSet<Entry> = findings
        .into_iter()
        .map(|f| Entry {
            // For people only (the fingerprint is what counts), and committed: a token in a
            // file or directory name is redacted.
            path: redact_tokens(&f.provenance.relative().to_string_lossy()).replace('\\', "/"),
            rule_id: f.rule_id.clone(),
            fingerprint: f.fingerprint(),
        })
        .collect();
    let file = File {
        version: VERSION,
        about: Some(ABOUT.to_string()),
        findings: entries.into_iter().collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("plain data serialises");
    text.push('\n');
    text
}
