//! The SARIF 2.1.0 report, shaped for GitHub code scanning: full rule metadata with
//! remediation help, `security-severity` on the rule (where GitHub reads it), paths relative
//! to `%SRCROOT%` (the working directory), UTF-16 columns, and partial fingerprints built
//! from the rule and a hash of the token, so an alert survives the line moving.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif,
    Suppression as SarifSuppression, Tool, ToolComponent, VersionControlDetails,
};

use super::{redact_json, remediation, shown_text, shown_token, Report};
use crate::diag;
use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::rules::{Confidence, Rule};
use crate::verdict::Verification;

/// The schema URI written into `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where to read about the tool.
pub const INFORMATION_URI: &str = "https://github.com/oktaleaks/oktaleaks";
/// The `partialFingerprints` key: rule id and secret hash.
pub const FINGERPRINT_KEY: &str = "oktaleaks/rule-secret/v1";
const SRCROOT: &str = "%SRCROOT%";

/// The rule a verified-live token is reported under. GitHub ranks alerts by the rule's
/// `security-severity`, not the result's level, so live tokens get a rule of their own.
pub const LIVE_RULE_ID: &str = "okta.live";
const LIVE_SEVERITY: &str = "10.0";

/// The rule a finding is reported under: its own, or [`LIVE_RULE_ID`] once verified live.
fn rule_id(f: &Finding) -> &str {
    match f.verification.live() {
        Some(_) => LIVE_RULE_ID,
        None => &f.rule_id,
    }
}

/// Live: error; inactive: note (the history still holds it); unknown or not checked:
/// warning.
fn level(f: &Finding) -> ResultLevel {
    match &f.verification {
        Verification::Live(_) => ResultLevel::Error,
        Verification::Inactive { .. } => ResultLevel::Note,
        Verification::Unknown { .. } | Verification::NotChecked { .. } => ResultLevel::Warning,
    }
}

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

fn describe(rule: &Rule) -> ReportingDescriptor {
    descriptor(
        &rule.id,
        &rule.name,
        &rule.precision,
        &format!("{:.1}", rule.security_severity),
        match rule.confidence {
            Confidence::Certain => "error",
            Confidence::Likely => "warning",
        },
    )
}

/// The rule of tokens that Okta confirmed live: the most severe.
fn describe_live() -> ReportingDescriptor {
    descriptor(
        LIVE_RULE_ID,
        "Live Okta API token (Okta accepted it during verification)",
        "very-high",
        LIVE_SEVERITY,
        "error",
    )
}

fn descriptor(
    id: &str,
    name: &str,
    precision: &str,
    severity: &str,
    level: &str,
) -> ReportingDescriptor {
    let full = format!(
        "{name}. Okta API tokens carry the admin rights of the user who made them and stay \
         valid until revoked; every use extends their 30-day life."
    );
    let help = MultiformatMessageString::builder()
        .text(remediation::as_text(None))
        .markdown(format!(
            "An Okta API token (`SSWS` token) was found in the source. It acts with the admin \
             rights of the user who created it until it is revoked.\n\n{}",
            remediation::as_markdown(None)
        ))
        .build();
    let mut extra = BTreeMap::new();
    extra.insert("precision".to_string(), json!(precision));
    extra.insert("security-severity".to_string(), json!(severity));
    extra.insert("problem.severity".to_string(), json!("error"));
    let properties = PropertyBag::builder()
        .tags(vec![
            "security".into(),
            "secret".into(),
            "okta".into(),
            "external/cwe/cwe-798".into(),
        ])
        .additional_properties(extra)
        .build();
    ReportingDescriptor::builder()
        .id(id.to_string())
        .name(pascal_case(id))
        .short_description(text(name))
        .full_description(text(full))
        .help(help)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level))
                .build(),
        )
        .properties(properties)
        .build()
}

/// `okta.ssws` -> `OktaSsws`.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + cs.as_str()
            })
        })
        .collect()
}

/// A relative, `/`-separated, percent-encoded URI for `path` under `base`; `None` when the
/// path is not under it.
fn relative_uri(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| percent_encode(&c.as_os_str().to_string_lossy()))
        .collect();
    Some(parts.join("/"))
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn file_uri(path: &Path) -> String {
    let encoded: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(p) => Some(percent_encode(&p.to_string_lossy())),
            _ => None,
        })
        .collect();
    format!("file:///{}", encoded.join("/"))
}

fn artifact(path: &Path, cwd: Option<&Path>) -> ArtifactLocation {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.map_or_else(|| path.to_path_buf(), |c| c.join(path))
    };
    match cwd.and_then(|c| relative_uri(&absolute, c)) {
        Some(uri) => ArtifactLocation::builder()
            .uri(uri)
            .uri_base_id(SRCROOT.to_string())
            .build(),
        None => ArtifactLocation::builder().uri(file_uri(&absolute)).build(),
    }
}

/// GitHub's limits for one upload (docs: "SARIF support for code scanning").
pub const MAX_RESULTS: usize = 25_000;
/// Locations GitHub keeps per result.
pub const MAX_LOCATIONS: usize = 1_000;
/// GitHub rejects a SARIF file larger than this once gzip-compressed.
pub const MAX_GZIP_BYTES: usize = 10_000_000;

/// All copies of one secret under one rule (and one suppression state): one SARIF result.
struct Group<'f> {
    findings: Vec<&'f Finding>,
}

impl Group<'_> {
    fn first(&self) -> &Finding {
        self.findings[0]
    }
}

/// Groups findings (already sorted by path and line) by rule and secret, and orders the
/// groups worst first: reported before suppressed, live before the rest, inactive last,
/// certain before likely, then by where they first appear, so that the results GitHub shows
/// (the first 5,000) are the ones that matter.
fn group(findings: &[Finding]) -> Vec<Group<'_>> {
    let mut index: HashMap<(&str, &str, bool), usize> = HashMap::new();
    let mut groups: Vec<Group<'_>> = Vec::new();
    for f in findings {
        let key = (rule_id(f), f.secret.expose(), f.suppression.is_some());
        match index.get(&key) {
            Some(&i) => groups[i].findings.push(f),
            None => {
                index.insert(key, groups.len());
                groups.push(Group { findings: vec![f] });
            }
        }
    }
    let rank = |g: &Group<'_>| {
        let f = g.first();
        (
            f.suppression.is_some(),
            f.verification.rank(),
            std::cmp::Reverse(f.confidence),
        )
    };
    groups.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.first().sort_key().cmp(&b.first().sort_key()))
    });
    groups
}

fn location(f: &Finding, show_secrets: bool, cwd: Option<&Path>) -> Location {
    let snippet = if show_secrets {
        f.location
            .snippet
            .replace(&f.secret.redacted(), f.secret.expose())
    } else {
        f.location.snippet.clone()
    };
    // Redacted before it is percent-encoded, so that the URI stays one.
    let shown_path = PathBuf::from(
        shown_text(&f.provenance.path().to_string_lossy(), show_secrets).into_owned(),
    );
    let region = Region::builder()
        .start_line(f.location.start.line as i64)
        .start_column(f.location.start.column as i64)
        .end_line(f.location.end.line as i64)
        .end_column(f.location.end.column as i64)
        .snippet(ArtifactContent::builder().text(snippet).build())
        .build();
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact(&shown_path, cwd))
                .region(region)
                .build(),
        )
        .build()
}

fn suppression(s: &Suppression) -> SarifSuppression {
    let kind = match s.kind {
        SuppressionKind::InSource => "inSource",
        SuppressionKind::External => "external",
    };
    SarifSuppression::builder()
        .kind(json!(kind))
        .status(json!("accepted"))
        .justification(s.reason.clone())
        .build()
}

fn result(
    group: &Group<'_>,
    rule_index: usize,
    show_secrets: bool,
    cwd: Option<&Path>,
) -> SarifResult {
    let f = group.first();
    let token = shown_token(f, show_secrets);
    let where_to = f
        .org
        .as_deref()
        .and_then(remediation::tokens_page)
        .unwrap_or_else(|| "the org's Admin Console (Security > API > Tokens)".to_string());
    let copies = group.findings.len();
    let verdict = match &f.verification {
        Verification::NotChecked { reason: None } => String::new(),
        Verification::Live(live) => format!(
            " Verification: {}. {}.",
            f.verification.describe(),
            live.note
        ),
        v => format!(" Verification: {}.", v.describe()),
    };
    let message = format!(
        "Okta API token {token} leaked ({} match{}{}).{verdict} Revoke it now in {where_to}, \
         check the System Log for what it did, and replace it; deleting it from the code does \
         not revoke it.",
        f.confidence.as_str(),
        f.org
            .as_deref()
            .map(|o| format!(", org {o}"))
            .unwrap_or_default(),
        if copies > 1 {
            format!(", {copies} places")
        } else {
            String::new()
        },
    );
    let locations: Vec<Location> = group
        .findings
        .iter()
        .take(MAX_LOCATIONS)
        .map(|f| location(f, show_secrets, cwd))
        .collect();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        FINGERPRINT_KEY.to_string(),
        format!("{}:{}", rule_id(f), f.secret.hash()),
    );
    let mut props = BTreeMap::new();
    props.insert("confidence".to_string(), json!(f.confidence.as_str()));
    props.insert("fingerprint".to_string(), json!(f.fingerprint()));
    props.insert("secret_hash".to_string(), json!(f.secret.hash()));
    props.insert("org_url".to_string(), json!(f.org));
    props.insert("occurrences".to_string(), json!(copies));
    props.insert("detected_by".to_string(), json!(f.rule_id));
    props.insert("verification".to_string(), json!(f.verification));
    if let Some(commit) = f.provenance.commit() {
        props.insert("commit".to_string(), json!(commit));
    }
    if copies > MAX_LOCATIONS {
        props.insert(
            "omitted_locations".to_string(),
            json!(copies - MAX_LOCATIONS),
        );
    }
    if let Some(enc) = f.encoding.or(f.text_encoding) {
        props.insert("encoding".to_string(), json!(enc));
    }
    if show_secrets {
        props.insert("token".to_string(), json!(f.secret.expose()));
    }
    let result = SarifResult::builder()
        .rule_id(rule_id(f).to_string())
        .rule_index(rule_index as i64)
        .level(level(f))
        .message(Message::builder().text(message).build())
        .locations(locations)
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build());
    match &f.suppression {
        Some(s) => result.suppressions(vec![suppression(s)]).build(),
        None => result.build(),
    }
}

fn cuts_for(groups: &[Group<'_>], max_results: usize) -> Vec<String> {
    let mut cuts = Vec::new();
    if groups.len() > max_results {
        cuts.push(format!(
            "SARIF: kept the {max_results} most severe of {} results (GitHub's upload limits); \
             --format json has all of them",
            groups.len()
        ));
    }
    let crowded = groups
        .iter()
        .filter(|g| g.findings.len() > MAX_LOCATIONS)
        .count();
    if crowded > 0 {
        cuts.push(format!(
            "SARIF: {crowded} result(s) have more than {MAX_LOCATIONS} locations; the first \
             {MAX_LOCATIONS} of each are kept (GitHub's limit)"
        ));
    }
    cuts
}

fn run_of(report: &Report<'_>, results: Vec<SarifResult>, cuts: &[String]) -> Run {
    let cwd = std::env::current_dir().ok();
    let driver = ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME").to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .semantic_version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri(INFORMATION_URI.to_string())
        .rules(
            report
                .rules
                .rules
                .iter()
                .map(describe)
                .chain(std::iter::once(describe_live()))
                .collect::<Vec<_>>(),
        )
        .build();
    let mut bases = BTreeMap::new();
    if let Some(cwd) = &cwd {
        let mut uri = file_uri(cwd);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        bases.insert(
            SRCROOT.to_string(),
            ArtifactLocation::builder().uri(uri).build(),
        );
    }
    let mut notifications: Vec<Notification> = cuts
        .iter()
        .map(|c| {
            Notification::builder()
                .level(json!("warning"))
                .message(Message::builder().text(c.clone()).build())
                .build()
        })
        .collect();
    // An upload of an incomplete run would close the alerts it lacks: say that it failed.
    if report.stats.errors > 0 {
        let failed = format!(
            "the run is incomplete: {} error(s): {} file(s), object(s) or commit(s) could not \
             be read, {} token-shaped string(s) were not kept past the matches kept per file, \
             or a revocation failed (the messages on stderr say which); a result missing from \
             this run is not fixed",
            report.stats.errors, report.stats.unreadable, report.stats.not_kept
        );
        notifications.insert(
            0,
            Notification::builder()
                .level(json!("error"))
                .message(Message::builder().text(failed).build())
                .build(),
        );
    }
    let invocation = Invocation::builder()
        .execution_successful(report.stats.errors == 0)
        .tool_execution_notifications(notifications)
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("utf16CodeUnits"))
        .original_uri_base_ids(bases)
        .invocations(vec![invocation])
        .build();
    if !report.repositories.is_empty() {
        let provenance = report
            .repositories
            .iter()
            .map(|r| {
                let details = VersionControlDetails::builder().repository_uri(r.uri.clone());
                match (&r.revision, &r.branch) {
                    (Some(rev), Some(branch)) => details
                        .revision_id(rev.clone())
                        .branch(branch.clone())
                        .build(),
                    (Some(rev), None) => details.revision_id(rev.clone()).build(),
                    _ => details.build(),
                }
            })
            .collect();
        run.version_control_provenance = Some(provenance);
    }
    if let Some(category) = report.sarif_category {
        let id = if category.ends_with('/') {
            category.to_string()
        } else {
            format!("{category}/")
        };
        run.automation_details = Some(RunAutomationDetails::builder().id(id).build());
    }
    run
}

/// Builds the SARIF log with at most `max_results` results, and says what was cut.
fn build_with(report: &Report<'_>, max_results: usize) -> (Sarif, Vec<String>) {
    let cwd = std::env::current_dir().ok();
    let groups = group(report.findings);
    let cuts = cuts_for(&groups, max_results);
    let results: Vec<SarifResult> = groups
        .iter()
        .take(max_results)
        .map(|g| {
            // The live rule comes after the rules in force.
            let id = rule_id(g.first());
            let index = report
                .rules
                .rules
                .iter()
                .position(|r| r.id == id)
                .unwrap_or(report.rules.rules.len());
            result(g, index, report.show_secrets, cwd.as_deref())
        })
        .collect();
    let run = run_of(report, results, &cuts);
    let sarif = Sarif::builder()
        .schema(SCHEMA_URI.to_string())
        .version(Value::String("2.1.0".to_string()))
        .runs(vec![run])
        .build();
    (sarif, cuts)
}

/// The SARIF log as bytes, within GitHub's limits on result count and compressed size, and
/// one line per cut made to fit them.
pub fn build(report: &Report<'_>) -> Result<(Vec<u8>, Vec<String>), serde_json::Error> {
    let mut max_results = MAX_RESULTS;
    loop {
        let (sarif, cuts) = build_with(report, max_results);
        let json = serde_json::to_string_pretty(&sarif)?;
        let mut bytes = redact_json(&json, report.show_secrets).into_bytes();
        bytes.push(b'\n');
        let compressed = gzip_len(&bytes);
        let kept = sarif.runs[0].results.as_ref().map_or(0, Vec::len);
        if compressed <= MAX_GZIP_BYTES || kept == 0 {
            return Ok((bytes, cuts));
        }
        // Shrink in proportion, with a margin, and try again.
        max_results = (kept as f64 * MAX_GZIP_BYTES as f64 / compressed as f64 * 0.9) as usize;
    }
}

fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if encoder.write_all(bytes).is_err() {
        return usize::MAX;
    }
    encoder.finish().map_or(usize::MAX, |v| v.len())
}

/// Writes the SARIF log; says on stderr what was cut to fit GitHub's limits.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (bytes, cuts) = build(report)?;
    cuts.iter().for_each(diag::note);
    out.write_all(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(pascal_case("okta.ssws"), "OktaSsws");
        assert_eq!(
            relative_uri(Path::new("/w/a b/c.env"), Path::new("/w")).as_deref(),
            Some("a%20b/c.env")
        );
        assert_eq!(file_uri(Path::new("/w/x y")), "file:///w/x%20y");
    }
}
