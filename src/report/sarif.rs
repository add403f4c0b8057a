//! The SARIF 2.1.0 report, shaped for GitHub code scanning: full rule metadata with
//! remediation help, `security-severity` on the rule (where GitHub reads it), paths relative
//! to `%SRCROOT%` (the working directory), UTF-16 columns, and partial fingerprints built
//! from the rule and a hash of the token, so an alert survives the line moving.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{remediation, shown_token, Report};
use crate::finding::Finding;
use crate::rules::{Confidence, Rule};

/// The schema URI written into `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where to read about the tool.
pub const INFORMATION_URI: &str = "https://github.com/oktaleaks/oktaleaks";
/// The `partialFingerprints` key: rule id and secret hash.
pub const FINGERPRINT_KEY: &str = "oktaleaks/rule-secret/v1";
const SRCROOT: &str = "%SRCROOT%";

fn level(confidence: Confidence) -> ResultLevel {
    match confidence {
        Confidence::Certain => ResultLevel::Error,
        Confidence::Likely => ResultLevel::Warning,
    }
}

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

fn describe(rule: &Rule) -> ReportingDescriptor {
    let full = format!(
        "{}. Okta API tokens carry the admin rights of the user who made them and stay valid \
         until revoked; every use extends their 30-day life.",
        rule.name
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
    extra.insert("precision".to_string(), json!(rule.precision));
    extra.insert(
        "security-severity".to_string(),
        json!(format!("{:.1}", rule.security_severity)),
    );
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
        .id(rule.id.clone())
        .name(pascal_case(&rule.id))
        .short_description(text(rule.name.clone()))
        .full_description(text(full))
        .help(help)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(match rule.confidence {
                    Confidence::Certain => "error",
                    Confidence::Likely => "warning",
                }))
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

fn result(f: &Finding, rule_index: usize, show_secrets: bool, cwd: Option<&Path>) -> SarifResult {
    let token = shown_token(f, show_secrets);
    let where_to = f
        .org
        .as_deref()
        .and_then(remediation::tokens_page)
        .unwrap_or_else(|| "the org's Admin Console (Security > API > Tokens)".to_string());
    let message = format!(
        "Okta API token {token} leaked ({} match{}). Revoke it now in {where_to}, check the \
         System Log for what it did, and replace it; deleting it from the code does not revoke it.",
        f.confidence.as_str(),
        f.org
            .as_deref()
            .map(|o| format!(", org {o}"))
            .unwrap_or_default(),
    );
    let snippet = if show_secrets {
        f.location
            .snippet
            .replace(&f.secret.redacted(), f.secret.expose())
    } else {
        f.location.snippet.clone()
    };
    let region = Region::builder()
        .start_line(f.location.start.line as i64)
        .start_column(f.location.start.column as i64)
        .end_line(f.location.end.line as i64)
        .end_column(f.location.end.column as i64)
        .snippet(ArtifactContent::builder().text(snippet).build())
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact(f.provenance.path(), cwd))
                .region(region)
                .build(),
        )
        .build();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        FINGERPRINT_KEY.to_string(),
        format!("{}:{}", f.rule_id, f.secret.hash()),
    );
    let mut props = BTreeMap::new();
    props.insert("confidence".to_string(), json!(f.confidence.as_str()));
    props.insert("fingerprint".to_string(), json!(f.fingerprint()));
    props.insert("secret_hash".to_string(), json!(f.secret.hash()));
    props.insert("org_url".to_string(), json!(f.org));
    if let Some(enc) = f.encoding.or(f.text_encoding) {
        props.insert("encoding".to_string(), json!(enc));
    }
    if show_secrets {
        props.insert("token".to_string(), json!(f.secret.expose()));
    }
    SarifResult::builder()
        .rule_id(f.rule_id.clone())
        .rule_index(rule_index as i64)
        .level(level(f.confidence))
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build()
}

/// Builds the SARIF log.
pub fn build(report: &Report<'_>) -> Sarif {
    let cwd = std::env::current_dir().ok();
    let rules: Vec<ReportingDescriptor> = report.rules.rules.iter().map(describe).collect();
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| {
            let index = report
                .rules
                .rules
                .iter()
                .position(|r| r.id == f.rule_id)
                .unwrap_or(0);
            result(f, index, report.show_secrets, cwd.as_deref())
        })
        .collect();
    let driver = ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME").to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .semantic_version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri(INFORMATION_URI.to_string())
        .rules(rules)
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
    let invocation = Invocation::builder()
        .execution_successful(report.stats.unreadable == 0)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("utf16CodeUnits"))
        .original_uri_base_ids(bases)
        .invocations(vec![invocation])
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI.to_string())
        .version(Value::String("2.1.0".to_string()))
        .runs(vec![run])
        .build()
}

/// Writes the SARIF log, pretty-printed.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &build(report))?;
    writeln!(out)
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
