//! Reports: text for terminals, JSON for scripts, SARIF 2.1.0 for GitHub code scanning.
//!
//! Every reporter reads the same sorted findings and stats, and writes to any `io::Write`.
//! None prints a full token unless `show_secrets` is set.

pub mod json;
pub mod remediation;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scan::Stats;

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
}

/// Writes the report in `format`.
pub fn write(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
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
