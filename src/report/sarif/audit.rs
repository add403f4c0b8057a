//! SARIF for an audit's datastore: one run, one result per place a secret was found, each
//! place's repository as its own `uriBaseId` (and in `versionControlProvenance`), the secret's
//! other places as related locations, the same rules and fingerprint scheme as a scan's SARIF.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, PhysicalLocation, PropertyBag, Region,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, VersionControlDetails,
};

use super::{LIVE_RULE_ID, MAX_RELATED_LOCATIONS};
use crate::report::audit::{AuditLocation, AuditReport, AuditSecret};
use crate::rules::RuleSet;

/// The `uriBaseId` of the `index`th repository.
fn base_id(index: usize) -> String {
    format!("REPO{index}")
}

/// A repository as a base URI: a URL as it is (credentials left out), a path as `file://`.
fn base_uri(repository: &str) -> String {
    let mut uri = crate::source::git::remote_uri(repository).unwrap_or_else(|| {
        url::Url::from_file_path(repository).map_or_else(|()| repository.to_string(), String::from)
    });
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn level(secret: &AuditSecret) -> ResultLevel {
    match secret.verdict.state.as_str() {
        "live" => ResultLevel::Error,
        "inactive" => ResultLevel::Note,
        _ => ResultLevel::Warning,
    }
}

fn location(place: &AuditLocation, bases: &BTreeMap<&str, String>) -> Location {
    let uri = place
        .path
        .split('/')
        .map(|part| {
            part.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/");
    let mut artifact = ArtifactLocation::builder().uri(uri).build();
    artifact.uri_base_id = bases.get(place.repository.as_str()).cloned();
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact)
                .region(
                    Region::builder()
                        .start_line(place.line as i64)
                        .start_column(place.column as i64)
                        .build(),
                )
                .build(),
        )
        .build()
}

/// Builds the SARIF log of `report`; strings pass the caller's redaction afterwards.
pub fn build(report: &AuditReport, rules: &RuleSet) -> Sarif {
    let repositories: Vec<&str> = report.repositories.iter().map(|r| r.url.as_str()).collect();
    let bases: BTreeMap<&str, String> = repositories
        .iter()
        .enumerate()
        .map(|(i, r)| (*r, base_id(i)))
        .collect();
    let mut results = Vec::new();
    for secret in &report.secrets {
        // A live secret goes under its kind's live rule (the API token's for a rule these
        // rules do not know).
        let rule_id = if secret.verdict.state == "live" {
            rules
                .kind_of_rule_id(&secret.rule_id)
                .map_or_else(|| LIVE_RULE_ID.to_string(), |k| super::live_rule_id(k))
        } else {
            secret.rule_id.clone()
        };
        let rule_index = super::rule_index(rules, &rule_id);
        let token = secret.secret.as_deref().unwrap_or(&secret.redacted);
        for (this, place) in secret.locations.iter().enumerate() {
            let related: Vec<Location> = secret
                .locations
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != this)
                .take(MAX_RELATED_LOCATIONS)
                .map(|(_, p)| location(p, &bases))
                .collect();
            let message = format!(
                "Okta API token {token} leaked in {} place{} across {} repositor{} (first by {} on {}). Verdict: {}. Triage: {}. Revoke it at its org, check the System Log, and replace it.",
                secret.locations.len(),
                if secret.locations.len() == 1 { "" } else { "s" },
                secret.repositories.len(),
                if secret.repositories.len() == 1 { "y" } else { "ies" },
                secret.first_leak.as_ref().map_or("?", |l| l.author.as_str()),
                secret.first_leak.as_ref().map_or("?", |l| l.date.as_str()),
                secret.verdict.detail.as_deref().unwrap_or(&secret.verdict.state),
                secret.triage.status,
            );
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert(
                super::FINGERPRINT_KEY.to_string(),
                crate::secret::hex_digest(&[
                    rule_id.as_bytes(),
                    b"\0",
                    secret.id.as_bytes(),
                    b"\0",
                    place.repository.as_bytes(),
                    b"\0",
                    place.path.as_bytes(),
                ]),
            );
            let mut props = BTreeMap::new();
            props.insert("secret_hash".to_string(), json!(secret.id));
            props.insert("repository".to_string(), json!(place.repository));
            props.insert("commit".to_string(), json!(place.commit));
            props.insert("author".to_string(), json!(place.author));
            props.insert("date".to_string(), json!(place.date));
            props.insert("blob".to_string(), json!(place.blob));
            props.insert("org_url".to_string(), json!(secret.org));
            props.insert("verdict".to_string(), json!(secret.verdict));
            props.insert("triage".to_string(), json!(secret.triage));
            let mut result = SarifResult::builder()
                .rule_id(rule_id.to_string())
                .rule_index(rule_index as i64)
                .level(level(secret))
                .message(Message::builder().text(message).build())
                .locations(vec![location(place, &bases)])
                .partial_fingerprints(fingerprints)
                .properties(PropertyBag::builder().additional_properties(props).build())
                .build();
            if !related.is_empty() {
                result.related_locations = Some(related);
            }
            results.push(result);
        }
    }
    let driver = super::driver(rules);
    let original: BTreeMap<String, ArtifactLocation> = repositories
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                base_id(i),
                ArtifactLocation::builder().uri(base_uri(r)).build(),
            )
        })
        .collect();
    let failed = report.summary.repositories_failed;
    let invocation = Invocation::builder()
        .execution_successful(failed == 0)
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("utf16CodeUnits"))
        .original_uri_base_ids(original)
        .invocations(vec![invocation])
        .build();
    if !repositories.is_empty() {
        run.version_control_provenance = Some(
            repositories
                .iter()
                .map(|r| {
                    VersionControlDetails::builder()
                        .repository_uri(base_uri(r))
                        .build()
                })
                .collect(),
        );
    }
    Sarif::builder()
        .schema(super::SCHEMA_URI.to_string())
        .version(serde_json::Value::String("2.1.0".to_string()))
        .runs(vec![run])
        .build()
}
