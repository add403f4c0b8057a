//! The JSON report: one document with the findings and the counts. Field names and meanings
//! are documented in README ("JSON output") and covered by semver.

use std::io::{self, Write};

use serde::Serialize;

use super::{redact_json, remediation, shown_snippet, shown_token, Report};
use crate::blob::{CommitInfo, Provenance};
use crate::finding::{Finding, Suppression};
use crate::scan::Stats;
use crate::verdict::Verification;

/// The schema version; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding>,
    stats: &'a Stats,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding {
    rule_id: String,
    rule_name: String,
    /// The kind of credential (`okta.api_token`, `okta.client_secret`, `okta.private_key`).
    kind: String,
    /// The client id found next to a client secret or private key.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    confidence: &'static str,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    token: String,
    token_redacted: bool,
    secret_hash: String,
    fingerprint: String,
    org_url: Option<String>,
    encoding: Option<&'static str>,
    text_encoding: Option<&'static str>,
    snippet: String,
    source: Source,
    suppression: Option<Suppression>,
    verification: Verification,
    remediation: Vec<Step>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Source {
    File {
        path: String,
    },
    Staged {
        repository: String,
        path: String,
        blob: String,
    },
    Git {
        repository: String,
        path: String,
        blob: String,
        commit: CommitInfo,
        other_places: usize,
    },
}

#[derive(Serialize)]
struct Step {
    title: String,
    detail: String,
}

fn to_json(f: &Finding, show_secrets: bool) -> JsonFinding {
    let path = f.provenance.path().to_string_lossy().into_owned();
    let source = match &f.provenance {
        Provenance::File { path, .. } => Source::File {
            path: path.to_string_lossy().into_owned(),
        },
        Provenance::Staged {
            repo,
            relative,
            blob,
            ..
        } => Source::Staged {
            repository: repo.to_string_lossy().into_owned(),
            path: relative.to_string_lossy().into_owned(),
            blob: blob.clone(),
        },
        Provenance::GitBlob {
            repo,
            relative,
            blob,
            commit,
            other_places,
            ..
        } => Source::Git {
            repository: repo.to_string_lossy().into_owned(),
            path: relative.to_string_lossy().into_owned(),
            blob: blob.clone(),
            commit: commit.clone(),
            other_places: *other_places,
        },
    };
    JsonFinding {
        rule_id: f.rule_id.clone(),
        rule_name: f.rule_name.clone(),
        kind: f.kind.id.clone(),
        client_id: f.client_id.clone(),
        confidence: f.confidence.as_str(),
        path,
        line: f.location.start.line,
        column: f.location.start.column,
        end_line: f.location.end.line,
        end_column: f.location.end.column,
        token: shown_token(f, show_secrets),
        token_redacted: !show_secrets,
        secret_hash: f.secret.hash(),
        fingerprint: f.fingerprint(),
        org_url: f.org.clone(),
        encoding: f.encoding,
        text_encoding: f.text_encoding,
        snippet: shown_snippet(f, show_secrets),
        source,
        suppression: f.suppression.clone(),
        verification: f.verification.clone(),
        remediation: remediation::steps_for(
            &f.kind,
            f.org.as_deref(),
            f.client_id.as_deref(),
            &f.verification,
        )
        .into_iter()
        .map(|s| Step {
            title: s.title,
            detail: s.detail,
        })
        .collect(),
    }
}

/// Writes the JSON report, pretty-printed, with a trailing newline.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: report
            .findings
            .iter()
            .map(|f| to_json(f, report.show_secrets))
            .collect(),
        stats: report.stats,
    };
    let json = serde_json::to_string_pretty(&doc)?;
    writeln!(out, "{}", redact_json(&json, report.show_secrets))
}
