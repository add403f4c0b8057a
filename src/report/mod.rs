//! Reports: text for terminals, JSON for scripts, SARIF 2.1.0 for GitHub code scanning, and
//! for an audit (`audit`), one HTML page (`html`).
//!
//! Every reporter reads the same sorted findings and stats, and writes to any `io::Write`.
//! None prints a full token unless `show_secrets` is set: not the finding's own, and not one
//! in a string that came from the scanned data or a server (a path, a commit message, an
//! owner's login), which are redacted as they are written ([`shown_text`], [`redact_json`]).

pub mod audit;
pub mod html;
pub mod json;
pub mod remediation;
pub mod sarif;
pub mod staged;
pub mod text;

use std::borrow::Cow;
use std::io::{self, Write};

use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scan::Stats;
use crate::secret::{redact_credentials, redact_tokens};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One block per finding, for people.
    Text,
    /// One JSON document (schema in README).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// Everything a reporter needs.
pub struct Report<'a> {
    /// Findings, sorted.
    pub findings: &'a [Finding],
    /// Counts.
    pub stats: &'a Stats,
    /// The rules in force (SARIF describes each).
    pub rules: &'a RuleSet,
    /// Print full tokens.
    pub show_secrets: bool,
    /// SARIF `automationDetails.id` category, when the user gave one.
    pub sarif_category: Option<&'a str>,
    /// Repositories whose history was scanned (SARIF `versionControlProvenance`).
    pub repositories: &'a [crate::source::git::RepoInfo],
    /// Whether verification ran (the text report then shows each verdict).
    pub verified: bool,
    /// A pre-commit (`--staged`) scan: the text report is written for someone mid-commit.
    pub staged: bool,
    /// Colour the text report (`--color`).
    pub color: bool,
    /// Wrap the text report's prose to this many columns.
    pub width: usize,
}

/// Writes the report in `format`.
pub fn write(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text if report.staged => staged::write(report, out),
        Format::Text => text::write(report, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}

/// The token as a report shows it.
pub fn shown_token(finding: &Finding, show_secrets: bool) -> String {
    if show_secrets {
        finding.secret.expose().to_string()
    } else {
        finding.secret.redacted()
    }
}

/// The finding's line as a report shows it: its token in full only with `show_secrets` (the
/// stored snippet is redacted when the finding is made). Every format calls this one.
pub fn shown_snippet(finding: &Finding, show_secrets: bool) -> String {
    if show_secrets {
        finding
            .location
            .snippet
            .replace(&finding.secret.redacted(), finding.secret.expose())
    } else {
        finding.location.snippet.clone()
    }
}

/// A string from the scanned data or a server as a report shows it: token-shaped text
/// redacted unless `show_secrets`.
pub fn shown_text(text: &str, show_secrets: bool) -> Cow<'_, str> {
    if show_secrets {
        Cow::Borrowed(text)
    } else {
        redact_tokens(text)
    }
}

/// A serialized JSON or SARIF document with [`shown_text`] applied to every string in it,
/// and the credentials of every URL in it removed (always: a password is never what a
/// report is about). One pass over the whole document, so that no field can be missed, and
/// the order of its fields is kept.
///
/// Working on the serialized text is safe: a run of token characters never crosses a `"`,
/// so it stays inside one string, and a redacted run keeps its first six characters, so an
/// escape just before a token (`\n`, `\u001b`) stays whole.
pub fn redact_json(json: &str, show_secrets: bool) -> String {
    let shown = shown_text(json, show_secrets);
    redact_credentials(&shown).into_owned()
}
