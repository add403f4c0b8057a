//! What an audit's reports show: every secret once, with every repository and place it
//! leaked in, its latest verdict and its triage state. Built from the datastore (`store`);
//! rendered as text, JSON, SARIF and HTML. It holds no full token unless the user asked for
//! secrets to be shown (`secret`).

use serde::{Deserialize, Serialize};

/// A whole audit, as of one datastore.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// When the report was made (RFC 3339, UTC).
    pub generated_at: String,
    /// Headline counts.
    pub summary: AuditSummary,
    /// Every secret found, live ones first, then by first leak (oldest first).
    pub secrets: Vec<AuditSecret>,
    /// Every repository audited, by URL or path.
    pub repositories: Vec<AuditRepository>,
}

/// Headline counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditSummary {
    /// Distinct secrets.
    pub secrets: u64,
    /// Secrets whose latest check found them live.
    pub live: u64,
    /// Secrets every org rejected at their latest check.
    pub inactive: u64,
    /// Secrets whose latest check gave no clear answer.
    pub unknown: u64,
    /// Secrets never checked.
    pub not_checked: u64,
    /// Secrets whose triage status is still `open`.
    pub open: u64,
    /// Repositories audited.
    pub repositories: u64,
    /// Repositories holding at least one secret.
    pub repositories_affected: u64,
    /// Repositories whose last audit failed.
    pub repositories_failed: u64,
    /// First-commit date of the oldest secret still open (RFC 3339), if any.
    pub oldest_open_leak: Option<String>,
}

/// One secret, wherever it leaked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditSecret {
    /// The secret's one-way hash: its id in the datastore and for `triage`.
    pub id: String,
    /// The token with most of it hidden (`00abcd…wxyz`).
    pub redacted: String,
    /// The token itself, only when secrets were stored and shown on request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// The rule that found it first (`okta.ssws`).
    pub rule_id: String,
    /// The Okta org it belongs to, when one was named beside it.
    pub org: Option<String>,
    /// The latest check.
    pub verdict: AuditVerdict,
    /// What people decided about it.
    pub triage: AuditTriage,
    /// The earliest commit that brought it in, across every repository.
    pub first_leak: Option<AuditLeak>,
    /// The repositories that hold it (URL or path), sorted.
    pub repositories: Vec<String>,
    /// Every place it was found.
    pub locations: Vec<AuditLocation>,
    /// What to do, for its org and verdict.
    pub remediation: Vec<AuditStep>,
}

/// A secret's latest check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditVerdict {
    /// `live`, `inactive`, `unknown` or `not_checked`.
    pub state: String,
    /// When it was checked (RFC 3339), if it was.
    pub checked_at: Option<String>,
    /// One line on what the org said.
    pub detail: Option<String>,
    /// The owner's login, for a live token.
    pub owner: Option<String>,
    /// The owner's admin roles, for a live token.
    pub roles: Vec<String>,
    /// `critical`, `high`, `medium`, `low` or `unknown`, for a live token.
    pub impact: Option<String>,
}

/// What people decided about a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTriage {
    /// `open`, `revoked`, `false-positive` or `accepted-risk`.
    pub status: String,
    /// Their note.
    pub note: Option<String>,
    /// When it was last changed (RFC 3339).
    pub changed_at: Option<String>,
    /// Marked `revoked`, yet its latest check found it live: flagged loudly.
    pub revoked_but_live: bool,
}

/// The commit that brought a secret in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLeak {
    /// The repository (URL or path).
    pub repository: String,
    /// The commit id.
    pub commit: String,
    /// Its author (`Name <email>`).
    pub author: String,
    /// Its date (RFC 3339).
    pub date: String,
}

/// One place a secret was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLocation {
    /// The repository (URL or path).
    pub repository: String,
    /// The path in the commit's tree.
    pub path: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// The blob id.
    pub blob: String,
    /// The commit that introduced the blob at this path.
    pub commit: String,
    /// That commit's author.
    pub author: String,
    /// That commit's date (RFC 3339).
    pub date: String,
}

/// One remediation step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditStep {
    /// Short imperative title.
    pub title: String,
    /// Plain-text detail (URLs inline).
    pub detail: String,
}

/// One repository of the audit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRepository {
    /// The clone URL or the local path, as the audit named it.
    pub url: String,
    /// `complete`, `failed` or `in-progress`.
    pub status: String,
    /// When its last complete audit ended (RFC 3339).
    pub scanned_at: Option<String>,
    /// Blobs its audits scanned, in all.
    pub blobs_scanned: u64,
    /// Distinct secrets it holds.
    pub secrets: u64,
    /// Why its last audit failed.
    pub error: Option<String>,
}
