//! Org-wide audits: the history of many repositories into one datastore, resumable.
//!
//! Each repository is scanned on its own and recorded in one transaction (`store`): a run
//! killed at any moment loses at most the repository in progress. A repository whose ref
//! tips are those of its last complete audit is not scanned again; one with new commits has
//! only those scanned. With verification, each distinct secret found in the run is checked
//! once (at every org named beside it), after every repository is scanned.

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

/// Audits `targets` in order into `store`.
pub fn audit(
    store: &mut Datastore,
    targets: &[AuditTarget],
    rules: &Arc<RuleSet>,
    options: &AuditOptions,
    on_repository: OnRepository<'_>,
) -> Result<AuditRun, StoreError> {
    let mut run = AuditRun::default();
    // Kept only to check them at the end: the secrets of this run's findings.
    let mut to_check: Vec<Finding> = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        if crate::quit::requested() {
            break;
        }
        on_repository(index, targets.len(), &target.name);
        let known = store.repository(&target.name)?;
        let known_tips = known
            .as_ref()
            .map(|k| k.tips.as_slice())
            .filter(|t| !t.is_empty());
        store.start(&target.name)?;
        let history = match &target.local {
            Some(local) => Ok(local.clone()),
            None => crate::source::git::cache::cached_clone(&options.cache_dir, &target.name),
        }
        .and_then(|local| scan::audit_history(&local, known_tips, rules, &options.scan));
        match history {
            Ok(None) => {
                run.unchanged += 1;
                let tips = known_tips.unwrap_or_default();
                let nothing = RepoScan {
                    default_branch: None,
                    tips,
                    findings: &[],
                    blobs: 0,
                };
                store.finish(&target.name, &nothing, options.store_secrets)?;
            }
            Ok(Some(history)) => {
                if crate::quit::requested() {
                    // Cut short: not recorded as complete, scanned again next time.
                    break;
                }
                run.scanned += 1;
                run.blobs += history.stats.files_scanned;
                run.findings += history.findings.len();
                let scan = RepoScan {
                    default_branch: history.default_branch.as_deref(),
                    tips: &history.tips,
                    findings: &history.findings,
                    blobs: history.stats.files_scanned,
                };
                store.finish(&target.name, &scan, options.store_secrets)?;
                if options.verify.is_some() {
                    to_check.extend(history.findings);
                }
            }
            Err(err) => {
                run.failed += 1;
                let why = err.to_string();
                diag::error(format!("{}: {why}", shown(&target.name)));
                store.fail(&target.name, &why)?;
            }
        }
    }
    if let Some(verify) = &options.verify {
        if !to_check.is_empty() && !crate::quit::requested() {
            let (checked, live) = check(store, verify, to_check)?;
            run.checked = checked;
            run.live = live;
        }
    }
    Ok(run)
}

/// Checks each distinct secret of `findings` once and records the verdicts.
fn check(
    store: &mut Datastore,
    options: &VerifyOptions,
    mut findings: Vec<Finding>,
) -> Result<(usize, usize), StoreError> {
    let verifier = match Verifier::new(options.clone()) {
        Ok(verifier) => verifier,
        Err(err) => {
            diag::error(format!("verification not possible: {err}"));
            return Ok((0, 0));
        }
    };
    verifier.verify_findings(findings.iter_mut().collect());
    // Every finding of a secret carries the same verdict: one per secret is recorded.
    let mut by_secret = std::collections::BTreeMap::new();
    for finding in findings {
        by_secret
            .entry(finding.secret.hash())
            .or_insert(finding.verification);
    }
    let checks: Vec<(String, crate::verdict::Verification)> = by_secret.into_iter().collect();
    let live = checks.iter().filter(|(_, v)| v.live().is_some()).count();
    store.record_checks(&checks)?;
    Ok((checks.len(), live))
}

/// The shard (of `shards`) a repository belongs to: the first 8 bytes of the SHA-256 of its
/// normalised name, big-endian, modulo `shards`. The name is normalised so that spellings of
/// one repository agree: credentials left out, a trailing `/` and `.git` dropped, and a URL
/// lower-cased (forges' paths are case-insensitive); a local path is kept as it is.
pub fn shard_of(name: &str, shards: u64) -> u64 {
    use sha2::{Digest, Sha256};
    let normalised = match crate::source::git::remote_uri(name) {
        Some(uri) if crate::source::git::is_url(name) => uri.to_ascii_lowercase(),
        _ => name.to_string(),
    };
    let trimmed = normalised.trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
    let digest = Sha256::digest(trimmed.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % shards.max(1)
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
