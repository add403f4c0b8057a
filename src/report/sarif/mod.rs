//! The SARIF 2.1.0 report, shaped for GitHub code scanning: full rule metadata with
//! remediation help, `security-severity` on the rule (where GitHub reads it), paths relative
//! to `%SRCROOT%` (the working directory), UTF-16 columns, and one result per place a secret
//! is in (GitHub reads only a result's first location; `place` decides what a place is), with
//! the secret's other places as related locations and a partial fingerprint per place, so an
//! alert survives its line moving and each copy opens and closes on its own.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif,
    Suppression as SarifSuppression, Tool, ToolComponent, VersionControlDetails,
};

pub mod audit;
mod place;

use place::Secret;

use super::{redact_json, remediation, shown_snippet, shown_text, shown_token, Report};
use crate::diag;
use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::rules::{CheckKind, Confidence, Kind, Rule};
use crate::verdict::Verification;

/// The schema URI written into `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where to read about the tool.
pub const INFORMATION_URI: &str = "https://github.com/oktaleaks/oktaleaks";
/// The `partialFingerprints` key: rule id, secret hash, path and the copy's ordinal in its
/// file (one alert per place; v1 was one per secret).
pub const FINGERPRINT_KEY: &str = "oktaleaks/place/v1";
const SRCROOT: &str = "%SRCROOT%";

/// The rule a verified-live token is reported under. GitHub ranks alerts by the rule's
/// `security-severity`, not the result's level, so live tokens get a rule of their own.
pub const LIVE_RULE_ID: &str = "okta.live";
const LIVE_SEVERITY: &str = "10.0";

/// The rule a finding is reported under: its own, or its kind's live rule once verified live.
fn rule_id(f: &Finding) -> String {
    match f.verification.live() {
        Some(_) => live_rule_id(&f.kind),
        None => f.rule_id.clone(),
    }
}

/// The rule live credentials of `kind` are reported under: [`LIVE_RULE_ID`] for API tokens
/// (its established id), `<kind>.live` for the others.
pub fn live_rule_id(kind: &Kind) -> String {
    match kind.check {
        CheckKind::Ssws => LIVE_RULE_ID.to_string(),
        _ => format!("{}.live", kind.id),
    }
}

/// The kinds that can be found live, each once, in rule-set order: their live rules follow
/// the rules in force.
fn live_kinds(rules: &crate::rules::RuleSet) -> Vec<&Kind> {
    let mut kinds: Vec<&Kind> = Vec::new();
    for kind in rules.kinds.iter().filter(|k| k.check != CheckKind::None) {
        if !kinds.iter().any(|k| live_rule_id(k) == live_rule_id(kind)) {
            kinds.push(kind);
        }
    }
    kinds
}

/// The index of rule `id` among the driver's rules (the rules in force, then the live ones).
fn rule_index(rules: &crate::rules::RuleSet, id: &str) -> usize {
    rules
        .rules
        .iter()
        .map(|r| r.id.clone())
        .chain(live_kinds(rules).into_iter().map(live_rule_id))
        .position(|r| r == id)
        .unwrap_or(rules.rules.len())
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

fn describe(rule: &Rule, kind: &Kind) -> ReportingDescriptor {
    descriptor(
        kind,
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

/// The rule of credentials of `kind` that Okta confirmed live: the most severe.
fn describe_live(kind: &Kind) -> ReportingDescriptor {
    descriptor(
        kind,
        &live_rule_id(kind),
        &format!("Live {} (Okta accepted it during verification)", kind.name),
        "very-high",
        LIVE_SEVERITY,
        "error",
    )
}

fn descriptor(
    kind: &Kind,
    id: &str,
    name: &str,
    precision: &str,
    severity: &str,
    level: &str,
) -> ReportingDescriptor {
    let full = format!("{name}. {}", kind.report.about);
    let help = MultiformatMessageString::builder()
        .text(remediation::as_text(kind, None))
        .markdown(format!(
            "{}\n\n{}",
            kind.report.help,
            remediation::as_markdown(kind, None)
        ))
        .build();
    let mut extra = BTreeMap::new();
    extra.insert("precision".to_string(), json!(precision));
    extra.insert("security-severity".to_string(), json!(severity));
    extra.insert("problem.severity".to_string(), json!("error"));
    let properties = PropertyBag::builder()
        .tags(
            ["security", "secret", "okta", "external/cwe/cwe-798"]
                .into_iter()
                .map(str::to_string)
                .chain(kind.report.tags.iter().cloned())
                .collect::<Vec<_>>(),
        )
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

/// A `file://` URI for an absolute path, keeping a Windows drive letter (`file:///C:/…`);
/// a path the `url` crate cannot take (not absolute) keeps its normal components.
fn file_uri(path: &Path) -> String {
    url::Url::from_file_path(path).map_or_else(
        |()| {
            let encoded: Vec<String> = path
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(p) => Some(percent_encode(&p.to_string_lossy())),
                    _ => None,
                })
                .collect();
            format!("file:///{}", encoded.join("/"))
        },
        String::from,
    )
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
/// Related locations written per result. GitHub keeps up to 1,000, but every one of a
/// secret's n places lists the others, n × (n − 1) in all: a secret pasted into 1,000 files
/// would make a million. The message gives the full count.
pub const MAX_RELATED_LOCATIONS: usize = 100;
/// Other places named (and linked) in a result's message.
const NAMED_IN_MESSAGE: usize = 3;
/// GitHub rejects a SARIF file larger than this once gzip-compressed.
pub const MAX_GZIP_BYTES: usize = 10_000_000;

fn location(f: &Finding, show_secrets: bool, cwd: Option<&Path>) -> Location {
    let snippet = shown_snippet(f, show_secrets);
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

/// The secret's other places as related locations (at most [`MAX_RELATED_LOCATIONS`]), ids
/// from 1, each at the first finding of its place.
fn related(
    secret: &Secret<'_>,
    this: usize,
    show_secrets: bool,
    cwd: Option<&Path>,
) -> Vec<Location> {
    secret
        .places
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != this)
        .take(MAX_RELATED_LOCATIONS)
        .zip(1..)
        .map(|((_, place), id)| {
            let mut related = location(place.lead(), show_secrets, cwd);
            related.id = Some(id);
            related
        })
        .collect()
}

/// "Also in 2 other places: [a/.env](1), [c/.env](2)." with links to related locations
/// (GitHub shows related locations only through such links), the first few by name.
fn also_in(related: &[Location], others: usize) -> String {
    if others == 0 {
        return String::new();
    }
    let links: Vec<String> = related
        .iter()
        .take(NAMED_IN_MESSAGE)
        .filter_map(|l| {
            let uri = l
                .physical_location
                .as_ref()?
                .artifact_location
                .as_ref()?
                .uri
                .as_ref()?;
            Some(format!("[{uri}]({})", l.id?))
        })
        .collect();
    let more = others.saturating_sub(links.len());
    format!(
        " Also in {others} other place{}: {}{}.",
        if others == 1 { "" } else { "s" },
        links.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// The result for one place of a secret.
fn result(
    secret: &Secret<'_>,
    this: usize,
    rule_index: usize,
    show_secrets: bool,
    cwd: Option<&Path>,
) -> SarifResult {
    let place = &secret.places[this];
    let f = place.lead();
    let token = shown_token(f, show_secrets);
    let act = remediation::act_line(&f.kind, f.org.as_deref(), f.client_id.as_deref());
    let others = secret.places.len() - 1;
    let related = related(secret, this, show_secrets, cwd);
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
        "{} {token} leaked ({} match{}).{}{verdict} {act}",
        f.kind.name,
        f.confidence.as_str(),
        f.org
            .as_deref()
            .map(|o| format!(", org {o}"))
            .unwrap_or_default(),
        also_in(&related, others),
    );
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), place.fingerprint(&rule_id(f)));
    let mut props = BTreeMap::new();
    props.insert("confidence".to_string(), json!(f.confidence.as_str()));
    props.insert("fingerprint".to_string(), json!(f.fingerprint()));
    props.insert("secret_hash".to_string(), json!(f.secret.hash()));
    props.insert("org_url".to_string(), json!(f.org));
    props.insert("occurrences".to_string(), json!(secret.occurrences()));
    props.insert("places".to_string(), json!(secret.places.len()));
    props.insert("detected_by".to_string(), json!(f.rule_id));
    props.insert("verification".to_string(), json!(f.verification));
    if let Some(commit) = f.provenance.commit() {
        props.insert("commit".to_string(), json!(commit));
    }
    if others > related.len() {
        props.insert(
            "omitted_related_locations".to_string(),
            json!(others - related.len()),
        );
    }
    if let Some(enc) = f.encoding.or(f.text_encoding) {
        props.insert("encoding".to_string(), json!(enc));
    }
    if show_secrets {
        props.insert("token".to_string(), json!(f.secret.expose()));
    }
    let mut result = SarifResult::builder()
        .rule_id(rule_id(f))
        .rule_index(rule_index as i64)
        .level(level(f))
        .message(Message::builder().text(message).build())
        .locations(vec![location(f, show_secrets, cwd)])
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build();
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if let Some(s) = &f.suppression {
        result.suppressions = Some(vec![suppression(s)]);
    }
    result
}

fn cuts_for(secrets: &[Secret<'_>], max_results: usize) -> Vec<String> {
    let mut cuts = Vec::new();
    let results: usize = secrets.iter().map(|s| s.places.len()).sum();
    if results > max_results {
        cuts.push(format!(
            "SARIF: kept the {max_results} most severe of {results} results (GitHub's upload limits); \
             --format json has all of them"
        ));
    }
    let crowded = secrets
        .iter()
        .filter(|s| s.places.len() > MAX_RELATED_LOCATIONS + 1)
        .count();
    if crowded > 0 {
        cuts.push(format!(
            "SARIF: {crowded} secret(s) are in more than {} places; each of their results \
             lists {MAX_RELATED_LOCATIONS} of the other places (relatedLocations) and counts \
             the rest",
            MAX_RELATED_LOCATIONS + 1
        ));
    }
    cuts
}

/// The tool: oktaleaks, with every rule in force and the live rule after them.
fn driver(rules: &crate::rules::RuleSet) -> ToolComponent {
    ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME").to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .semantic_version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri(INFORMATION_URI.to_string())
        .rules(
            rules
                .rules
                .iter()
                .map(|rule| describe(rule, rules.kind_of(rule)))
                .chain(live_kinds(rules).into_iter().map(describe_live))
                .collect::<Vec<_>>(),
        )
        .build()
}

fn run_of(report: &Report<'_>, results: Vec<SarifResult>, cuts: &[String]) -> Run {
    let cwd = std::env::current_dir().ok();
    let driver = driver(report.rules);
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

/// Writes an audit's SARIF log (`audit`), redacted as every report is.
pub fn write_audit(
    report: &crate::report::audit::AuditReport,
    rules: &crate::rules::RuleSet,
    show_secrets: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sarif = audit::build(report, rules);
    let json = serde_json::to_string_pretty(&sarif).map_err(io::Error::other)?;
    out.write_all(redact_json(&json, show_secrets).as_bytes())?;
    out.write_all(b"\n")
}

/// Builds the SARIF log with at most `max_results` results, and says what was cut.
fn build_with(report: &Report<'_>, max_results: usize) -> (Sarif, Vec<String>) {
    let cwd = std::env::current_dir().ok();
    let secrets = place::secrets(report.findings);
    let cuts = cuts_for(&secrets, max_results);
    let results: Vec<SarifResult> = secrets
        .iter()
        .flat_map(|s| (0..s.places.len()).map(move |i| (s, i)))
        .take(max_results)
        .map(|(secret, this)| {
            // The live rules come after the rules in force.
            let index = rule_index(report.rules, &rule_id(secret.places[this].lead()));
            result(secret, this, index, report.show_secrets, cwd.as_deref())
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

    #[cfg(windows)]
    #[test]
    fn file_uris_keep_the_drive_letter() {
        assert_eq!(
            file_uri(Path::new(r"C:\work\x y\a.env")),
            "file:///C:/work/x%20y/a.env"
        );
    }
}
