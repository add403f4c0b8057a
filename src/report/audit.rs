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

/// Writes `report` as JSON; every string passes [`super::redact_json`] (tokens in paths or
/// commit data redacted unless `show_secrets`, credentials in URLs always).
pub fn write_json(
    report: &AuditReport,
    show_secrets: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(report).map_err(std::io::Error::other)?;
    out.write_all(super::redact_json(&json, show_secrets).as_bytes())?;
    out.write_all(b"\n")
}

/// How many characters of a secret's id (or a commit's) reports show (enough to be unique in
/// practice; `triage` takes any unique prefix of 8 or more).
pub const SHORT_ID: usize = 12;

/// The first [`SHORT_ID`] characters of an id (whole characters: a datastore from elsewhere
/// may hold anything).
pub fn short(id: &str) -> &str {
    id.char_indices()
        .nth(SHORT_ID)
        .map_or(id, |(at, _)| &id[..at])
}

/// Writes `report` for people: the headline counts, then one block per secret.
pub fn write_text(
    report: &AuditReport,
    show_secrets: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Every string from a scanned repository or a server: tokens redacted (unless asked
    // for), URL credentials removed, control characters escaped.
    let shown = |s: &str| {
        let text = super::shown_text(s, show_secrets);
        crate::terminal::escape_controls(&crate::secret::redact_credentials(&text)).into_owned()
    };
    let s = &report.summary;
    writeln!(
        out,
        "{} secret{} ({} live, {} inactive, {} unknown, {} not checked), {} open; {} of {} repositories affected, {} failed{}",
        s.secrets,
        if s.secrets == 1 { "" } else { "s" },
        s.live,
        s.inactive,
        s.unknown,
        s.not_checked,
        s.open,
        s.repositories_affected,
        s.repositories,
        s.repositories_failed,
        s.oldest_open_leak
            .as_deref()
            .map(|d| format!("; oldest open leak {}", shown(d)))
            .unwrap_or_default(),
    )?;
    for secret in &report.secrets {
        writeln!(out)?;
        let token = secret.secret.as_deref().unwrap_or(&secret.redacted);
        writeln!(
            out,
            "{}  {}  {}{}",
            short(&secret.id),
            shown(token),
            shown(&secret.rule_id),
            secret
                .org
                .as_deref()
                .map(|o| format!("  {}", shown(o)))
                .unwrap_or_default()
        )?;
        let v = &secret.verdict;
        writeln!(
            out,
            "  verdict: {}{}",
            v.detail
                .as_deref()
                .map_or(v.state.replace('_', " "), &shown),
            v.checked_at
                .as_deref()
                .map(|at| format!(" (checked {})", shown(at)))
                .unwrap_or_default()
        )?;
        let t = &secret.triage;
        writeln!(
            out,
            "  triage:  {}{}{}",
            shown(&t.status),
            t.note
                .as_deref()
                .map(|n| format!(": {}", shown(n)))
                .unwrap_or_default(),
            if t.revoked_but_live {
                "  (MARKED REVOKED, BUT LIVE AT ITS LATEST CHECK)"
            } else {
                ""
            }
        )?;
        if let Some(leak) = &secret.first_leak {
            writeln!(
                out,
                "  first leaked {} by {} in {} ({})",
                shown(&leak.date),
                shown(&leak.author),
                shown(&leak.repository),
                short(&leak.commit)
            )?;
        }
        writeln!(
            out,
            "  {} place{} in {} repositor{}:",
            secret.locations.len(),
            if secret.locations.len() == 1 { "" } else { "s" },
            secret.repositories.len(),
            if secret.repositories.len() == 1 {
                "y"
            } else {
                "ies"
            }
        )?;
        for l in &secret.locations {
            writeln!(
                out,
                "    {} {}:{}  {} {}",
                shown(&l.repository),
                shown(&l.path),
                l.line,
                short(&l.commit),
                shown(&l.date)
            )?;
        }
        if let Some(first) = secret.remediation.first() {
            writeln!(out, "  fix: {}: {}", first.title, shown(&first.detail))?;
        }
    }
    Ok(())
}
