//! Org-wide audits: the history of many repositories into one datastore, resumable.
//!
//! Each repository is scanned on its own and recorded in one transaction (`store`): a run
//! killed at any moment loses at most the repository in progress. A repository whose ref
//! tips are those of its last complete audit is not scanned again; one with new commits has
//! only those scanned. With verification, each distinct secret found in the run is checked
//! once (at every org named beside it), after every repository is scanned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag;
use crate::error::StoreError;
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scan::{self, ScanOptions};
use crate::store::{Datastore, RepoScan};
use crate::verify::{Verifier, VerifyOptions};

/// A repository to audit: its name in the datastore and where its history is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTarget {
    /// The clone URL, or the repository's absolute path: its key in the datastore.
    pub name: String,
    /// The repository on disk; `None` for a URL, cloned (or fetched) into the cache when its
    /// turn comes.
    pub local: Option<PathBuf>,
}

/// How to audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// How each history is scanned.
    pub scan: ScanOptions,
    /// Where URLs are cloned (and fetched by later audits).
    pub cache_dir: PathBuf,
    /// Keep the tokens themselves in the datastore (for later checks).
    pub store_secrets: bool,
    /// Check each secret found, with these settings.
    pub verify: Option<VerifyOptions>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditRun {
    /// Repositories whose new commits were scanned.
    pub scanned: usize,
    /// Repositories with nothing new since their last complete audit.
    pub unchanged: usize,
    /// Repositories that could not be audited (each said on stderr and recorded).
    pub failed: usize,
    /// Blobs scanned, in all.
    pub blobs: u64,
    /// Findings recorded (places, not distinct secrets).
    pub findings: usize,
    /// Distinct secrets checked, and how many of them were live.
    pub checked: usize,
    /// Of those, live.
    pub live: usize,
}

/// Called before each repository with its index, the total, and its name.
pub type OnRepository<'a> = &'a dyn Fn(usize, usize, &str);

/// Audits `targets` in order into `store`. With verification, each repository's secrets not
/// yet checked in this run are checked before it is recorded, and recorded with it: a run
/// cut short leaves no recorded secret unchecked.
pub fn audit(
    store: &mut Datastore,
    targets: &[AuditTarget],
    rules: &Arc<RuleSet>,
    options: &AuditOptions,
    on_repository: OnRepository<'_>,
) -> Result<AuditRun, StoreError> {
    let mut run = AuditRun::default();
    let settings = settings_of(rules, options);
    let verifier = match &options.verify {
        Some(verify) => match Verifier::new(verify.clone()) {
            Ok(verifier) => Some(verifier),
            Err(err) => {
                diag::error(format!("verification not possible: {err}"));
                run.failed += 1;
                None
            }
        },
        None => None,
    };
    // Secrets checked in this run, by hash: each once, whatever the repositories holding it.
    let mut checked: BTreeMap<String, bool> = BTreeMap::new();
    for (index, target) in targets.iter().enumerate() {
        if crate::quit::requested() {
            break;
        }
        on_repository(index, targets.len(), &target.name);
        // History scanned with other rules or limits is scanned whole again.
        let known = store
            .repository(&target.name)?
            .filter(|state| state.settings.as_deref() == Some(settings.as_str()))
            .map(|state| state.known);
        store.start(&target.name)?;
        let history = match &target.local {
            Some(local) => Ok(local.clone()),
            None => crate::source::git::cache::cached_clone(&options.cache_dir, &target.name),
        }
        .and_then(|local| scan::audit_history(&local, known.as_ref(), rules, &options.scan));
        let recorded = match history {
            Ok(None) => {
                run.unchanged += 1;
                let unchanged = known.unwrap_or_default();
                store.finish(
                    &target.name,
                    &RepoScan {
                        default_branch: None,
                        known: &unchanged,
                        complete: true,
                        settings: &settings,
                        findings: &[],
                        checks: &[],
                        blobs: 0,
                    },
                    options.store_secrets,
                )
            }
            Ok(Some(mut history)) => {
                if crate::quit::requested() {
                    // Cut short: not recorded as complete, scanned again next time.
                    break;
                }
                run.scanned += 1;
                run.blobs += history.stats.files_scanned;
                run.findings += history.findings.len();
                let checks = match &verifier {
                    Some(verifier) => check(verifier, &mut history.findings, &mut checked),
                    None => Vec::new(),
                };
                store.finish(
                    &target.name,
                    &RepoScan {
                        default_branch: history.default_branch.as_deref(),
                        known: &history.known,
                        complete: history.complete,
                        settings: &settings,
                        findings: &history.findings,
                        checks: &checks,
                        blobs: history.stats.files_scanned,
                    },
                    options.store_secrets,
                )
            }
            Err(err) => {
                run.failed += 1;
                let why = err.to_string();
                diag::error(format!("{}: {why}", shown(&target.name)));
                store.fail(&target.name, &why)?;
                Ok(())
            }
        };
        // One repository the datastore refuses (a constraint its hostile data breaks) is that
        // repository's failure, not the audit's.
        if let Err(err) = recorded {
            run.failed += 1;
            let why = err.to_string();
            diag::error(format!("{}: not recorded: {why}", shown(&target.name)));
            store.fail(&target.name, &why)?;
        }
    }
    run.checked = checked.len();
    run.live = checked.values().filter(|live| **live).count();
    Ok(run)
}

/// What the scan ran with, as one string: history scanned with other settings is scanned
/// again. The rules as compiled (their patterns and thresholds), the size limit and this
/// version (a new version may find what an old one missed).
fn settings_of(rules: &RuleSet, options: &AuditOptions) -> String {
    crate::secret::hex_digest(&[
        format!("{rules:?}").as_bytes(),
        b"\0",
        options.scan.max_file_size.to_string().as_bytes(),
        b"\0",
        env!("CARGO_PKG_VERSION").as_bytes(),
    ])
}

/// Checks the secrets of `findings` not checked yet in this run (`checked`: hash to live),
/// sets every finding's verdict, and returns the new checks to record, one per secret.
fn check(
    verifier: &Verifier,
    findings: &mut [Finding],
    checked: &mut BTreeMap<String, bool>,
) -> Vec<(String, crate::verdict::Verification)> {
    let mut fresh: Vec<&mut Finding> = findings
        .iter_mut()
        .filter(|f| !checked.contains_key(&f.secret.hash()))
        .collect();
    if fresh.is_empty() {
        return Vec::new();
    }
    verifier.verify_findings(std::mem::take(&mut fresh));
    let checks = one_check_per_secret(
        findings
            .iter()
            .filter(|f| !checked.contains_key(&f.secret.hash())),
    );
    for (hash, verdict) in &checks {
        checked.insert(hash.clone(), verdict.live().is_some());
    }
    checks
}

/// Every finding of a secret carries the secret's one verdict: one check per secret (by
/// hash, first seen) is what gets recorded.
fn one_check_per_secret<'f>(
    findings: impl Iterator<Item = &'f Finding>,
) -> Vec<(String, crate::verdict::Verification)> {
    let mut seen = std::collections::HashSet::new();
    findings
        .filter_map(|f| {
            let hash = f.secret.hash();
            seen.insert(hash.clone())
                .then(|| (hash, f.verification.clone()))
        })
        .collect()
}

/// Checks again the tokens kept in `store` (`--store-secrets`) whose latest check is older
/// than `max_age` seconds, each at every org named beside it (and the orgs the verifier was
/// given), and records the verdicts.
pub fn check_kept(
    store: &mut Datastore,
    rules: &RuleSet,
    verifier: &Verifier,
    max_age: u64,
) -> Result<crate::verify::VerifyCounts, StoreError> {
    // One finding per org named beside a secret: the check tries each.
    let mut findings: Vec<Finding> = store
        .secrets_due(max_age)?
        .into_iter()
        .flat_map(|s| {
            // A rule these rules do not know found it: its kind, and so its check, is unknown,
            // and it is sent nowhere.
            let Some(kind) = rules.kind_of_rule_id(&s.rule_id) else {
                return Vec::new();
            };
            let orgs: Vec<Option<String>> = if s.orgs.is_empty() {
                vec![None]
            } else {
                s.orgs.into_iter().map(Some).collect()
            };
            orgs.into_iter()
                .map(|org| {
                    Finding::for_check(
                        s.secret.clone(),
                        s.rule_id.clone(),
                        Arc::clone(kind),
                        s.client_id.clone(),
                        org,
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let counts = verifier.verify_findings(findings.iter_mut().collect());
    store.record_checks(&one_check_per_secret(findings.iter()))?;
    Ok(counts)
}

/// The shard (of `shards`) a repository belongs to: the first 8 bytes of the SHA-256 of its
/// normalised name, big-endian, modulo `shards`. The name is normalised so that spellings of
/// one repository agree: credentials left out, a trailing `/` and `.git` dropped, and a URL
/// lower-cased (forges' paths are case-insensitive); a local path is kept as it is.
pub fn shard_of(name: &str, shards: u64) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(normalised_name(name).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % shards.max(1)
}

/// A repository's name as shards and de-duplication compare it: credentials left out, a
/// trailing `/` and `.git` dropped, a URL lower-cased (forges' paths are case-insensitive); a
/// local path as it is.
pub fn normalised_name(name: &str) -> String {
    let normalised = match crate::source::git::remote_uri(name) {
        Some(uri) if crate::source::git::is_url(name) => uri.to_ascii_lowercase(),
        _ => name.to_string(),
    };
    let trimmed = normalised.trim_end_matches('/');
    trimmed.strip_suffix(".git").unwrap_or(trimmed).to_string()
}

/// A repository's name as stderr shows it: credentials in a URL left out.
fn shown(name: &str) -> String {
    crate::source::git::remote_uri(name).unwrap_or_else(|| Path::new(name).display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_repository_land_in_one_shard() {
        let spellings = [
            "https://github.com/Acme/Api.git",
            "https://github.com/acme/api",
            "https://ci:ghp_secret@github.com/acme/api.git/",
        ];
        for n in [2, 3, 7, 64] {
            let shards: Vec<u64> = spellings.iter().map(|s| shard_of(s, n)).collect();
            assert!(
                shards.iter().all(|&s| s == shards[0] && s < n),
                "{shards:?}"
            );
        }
        // The documented hash, pinned (Python: int.from_bytes(sha256(name).digest()[:8],
        // "big") % n): shards must not move between releases.
        assert_eq!(shard_of("https://github.com/acme/api", 1_000_003), 607_369);
        assert_eq!(
            shard_of("HTTPS://GITHUB.COM/ACME/API.git", 1_000_003),
            607_369
        );
        let spread: std::collections::BTreeSet<u64> = (0..200)
            .map(|i| shard_of(&format!("https://github.com/acme/r{i}"), 4))
            .collect();
        assert_eq!(spread.len(), 4);
    }
}
