//! Wiring for git scans. History: list a repository's blobs once (`source::git`), scan them
//! in parallel with a thread-local repository handle and matcher each, then settle the
//! findings that depend on the rest of the repository, as a tree scan does. Staged: the same
//! for the blobs a commit would record now (the pre-commit check).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::scope::{search_dir, ScopeContext, Unsettled};
use super::{
    bump, findings_in, outcome, scannable_text, BlobFindings, Counters, ScanOptions, ScanOutcome,
};
use crate::blob::Provenance;
use crate::diag::{self, Progress};
use crate::error::SourceError;
use crate::finding::Finding;
use crate::matcher::Matcher;
use crate::rules::RuleSet;
use crate::source::git::{self, BlobEntry, Inventory};

/// How many blobs between two updates of the progress line.
const PROGRESS_BLOBS: u64 = 512;

/// Options of a history scan.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    /// Scan only blobs brought in by commits not reachable from this revision.
    pub since_commit: Option<String>,
}

/// Scans the history of every repository in `repos`. A path that is not a repository, or a
/// `--since-commit` that does not resolve, is an error before anything is scanned.
pub fn scan_history(
    repos: &[PathBuf],
    rules: Arc<RuleSet>,
    options: &ScanOptions,
    history: &HistoryOptions,
) -> Result<ScanOutcome, SourceError> {
    let started = Instant::now();
    // Clones live in temporary directories until the scan ends.
    let mut clones = Vec::new();
    let mut opened = Vec::new();
    for arg in repos {
        let name = arg.to_string_lossy();
        if git::is_url(&name) {
            let (dir, repo) = git::clone_bare(&name)?;
            clones.push(dir);
            opened.push((arg.clone(), repo));
        } else {
            for path in git::repositories(arg)? {
                let repo = git::open(&path)?;
                opened.push((path, repo));
            }
        }
    }
    let counters = Counters::default();
    let mut findings = Vec::new();
    let mut repositories = Vec::new();
    if let Some(rev) = &history.since_commit {
        // `git log REV..` on one branch is what people expect; every ref is what is scanned.
        diag::note(format!(
            "--since-commit {rev}: the commits of every branch, tag and remote ref that {rev} cannot reach are scanned, not only the current branch's"
        ));
    }
    for (path, repo) in opened {
        if crate::quit::requested() {
            break;
        }
        repositories.push(git::repo_info(&repo, &path));
        let inventory = git::inventory(&repo, history.since_commit.as_deref())?;
        report_gaps(&path, &inventory, &counters);
        let (found, _) = scan_repository(
            &path,
            repo,
            &inventory,
            &rules,
            options,
            &counters,
            ScopeContext::default(),
        );
        findings.extend(found);
    }
    drop(clones);
    Ok(outcome(findings, &counters, started, repositories))
}

/// One repository's history as an audit sees it.
#[derive(Debug)]
pub struct AuditedHistory {
    /// Findings of the commits scanned, sorted.
    pub findings: Vec<Finding>,
    /// Counts.
    pub stats: super::Stats,
    /// Its tips now, and what its history says about Okta: what the next audit starts from.
    pub known: KnownHistory,
    /// Every object was read and the history is not shallow: the next audit may skip what
    /// this one saw.
    pub complete: bool,
    /// HEAD's branch.
    pub default_branch: Option<String>,
}

/// What earlier audits learnt of a repository, for one that scans only its new commits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownHistory {
    /// The ref tips (name, commit id) of its last complete audit.
    pub tips: Vec<(String, String)>,
    /// Its history, as far as scanned, mentions Okta (a bare token in a new commit stands on
    /// that).
    pub mentions_okta: bool,
    /// The org its history names first.
    pub org: Option<String>,
}

/// Scans the history of the repository at `path` that commits not reachable from the tips of
/// `known` bring in (the tips of its last complete audit, whatever of them the repository
/// still holds), with what that older history said about Okta as context. `None` when its
/// tips are exactly the known ones: nothing is new.
pub fn audit_history(
    path: &Path,
    known: Option<&KnownHistory>,
    rules: &Arc<RuleSet>,
    options: &ScanOptions,
) -> Result<Option<AuditedHistory>, SourceError> {
    let known_tips = known.map(|k| k.tips.as_slice()).filter(|t| !t.is_empty());
    let started = Instant::now();
    let repo = git::open(path)?;
    let mut errors = Vec::new();
    let mut tips: Vec<(String, String)> = git::named_tips(&repo, &mut errors)
        .into_iter()
        .map(|(name, id)| (name, id.to_string()))
        .collect();
    // Two names that read alike once made text (invalid UTF-8 in a hostile ref) are one.
    tips.dedup_by(|a, b| a.0 == b.0);
    if known_tips.is_some_and(|known| known == tips.as_slice()) {
        return Ok(None);
    }
    // Commits an earlier audit scanned; after a force-push some are gone.
    let hidden: Vec<gix::ObjectId> = known_tips
        .unwrap_or_default()
        .iter()
        .filter_map(|(_, id)| gix::ObjectId::from_hex(id.as_bytes()).ok())
        .filter(|id| repo.find_commit(*id).is_ok())
        .collect();
    let default_branch = git::repo_info(&repo, path).branch;
    let mut inventory = git::inventory_hiding(&repo, &hidden);
    inventory.errors.extend(errors);
    let counters = Counters::default();
    report_gaps(path, &inventory, &counters);
    let earlier = known.map_or_else(ScopeContext::default, |k| ScopeContext {
        mentions_okta: k.mentions_okta,
        org: k.org.clone(),
    });
    let (findings, context) =
        scan_repository(path, repo, &inventory, rules, options, &counters, earlier);
    let scanned = outcome(findings, &counters, started, Vec::new());
    Ok(Some(AuditedHistory {
        findings: scanned.findings,
        stats: scanned.stats,
        complete: inventory.errors.is_empty() && !inventory.shallow,
        known: KnownHistory {
            tips,
            mentions_okta: context.mentions_okta,
            org: context.org,
        },
        default_branch,
    }))
}

/// Says what the history scan could not see: unreadable objects (errors), shallow history
/// and submodules (notes).
fn report_gaps(path: &Path, inventory: &Inventory, counters: &Counters) {
    for error in &inventory.errors {
        bump(&counters.unreadable, 1);
        diag::error(format!("{}: {error}", path.display()));
    }
    if inventory.shallow {
        diag::note(format!(
            "{}: shallow clone: commits before the shallow boundary are not in the repository and were not scanned",
            path.display()
        ));
    }
    if !inventory.submodules.is_empty() {
        diag::note(format!(
            "{}: submodules not scanned (scan each as a repository of its own): {}",
            path.display(),
            inventory.submodules.join(", ")
        ));
    }
}

/// Scans one repository's blobs in parallel and settles its pending findings. Every blob of
/// the repository is read here, so what they say about Okta is all there is to know.
fn scan_repository(
    path: &Path,
    repo: gix::Repository,
    inventory: &Inventory,
    rules: &Arc<RuleSet>,
    options: &ScanOptions,
    counters: &Counters,
    known: ScopeContext,
) -> (Vec<Finding>, ScopeContext) {
    let shared = repo.into_sync();
    let progress = Progress::within(options.progress, options.progress_group.as_ref());
    let (done, total) = (AtomicU64::new(0), inventory.blobs.len());
    // Built once: rayon calls the init closure per split, and a clone shares the searchers.
    let built = Matcher::new(Arc::clone(rules));
    // Collected in history order, so that the repository's org is the one named first.
    let scanned: Vec<BlobFindings> = inventory
        .blobs
        .par_iter()
        .map_init(
            || (shared.to_thread_local(), built.clone()),
            |(repo, matcher), entry| {
                // After an interrupt the remaining blobs are skipped; the run reports nothing.
                if crate::quit::requested() {
                    return None;
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n % PROGRESS_BLOBS == 0 {
                    progress.set(format!("{}: {n} of {total} blobs", path.display()));
                }
                scan_blob(repo, matcher, path, inventory, entry, options, counters)
            },
        )
        .flatten()
        .collect();
    progress.finish();
    let mut repository = Unsettled {
        known,
        ..Unsettled::default()
    };
    scanned.into_iter().for_each(|found| repository.add(found));
    let context = repository.known.clone();
    (repository.settle(), context)
}

/// Reads one blob of history and finds its tokens.
fn scan_blob(
    repo: &gix::Repository,
    matcher: &mut Matcher,
    path: &Path,
    inventory: &Inventory,
    entry: &BlobEntry,
    options: &ScanOptions,
    counters: &Counters,
) -> Option<BlobFindings> {
    let relative = PathBuf::from(entry.origin.path.to_string());
    scan_object(
        repo,
        matcher,
        path,
        entry.id,
        &relative,
        options,
        counters,
        || provenance(repo, path, inventory, entry, counters),
    )
}

/// Reads one blob and finds its tokens, counting what was skipped (too large, binary) or
/// could not be read.
#[allow(clippy::too_many_arguments)]
fn scan_object(
    repo: &gix::Repository,
    matcher: &mut Matcher,
    path: &Path,
    id: gix::ObjectId,
    relative: &Path,
    options: &ScanOptions,
    counters: &Counters,
    provenance: impl FnOnce() -> Provenance,
) -> Option<BlobFindings> {
    let too_large = repo
        .find_header(id)
        .is_ok_and(|h| h.size() > options.max_file_size);
    if too_large {
        bump(&counters.too_large, 1);
        return None;
    }
    let blob = match repo.find_blob(id) {
        Ok(blob) => blob,
        Err(e) => {
            bump(&counters.unreadable, 1);
            diag::error(format!(
                "{}: blob {id} ({}): {e}",
                path.display(),
                relative.display()
            ));
            return None;
        }
    };
    let (text, encoding) = scannable_text(&blob.data, counters)?;
    let context_path = relative.as_os_str().as_encoded_bytes();
    findings_in(matcher, &text, encoding, context_path, counters, provenance)
}

/// Where a finding in history is. A commit that cannot be read at all is reported and
/// counted: the finding then lacks its author and message, and the report must not look
/// complete. (One that reads but does not decode strictly is shown as git shows it.)
fn provenance(
    repo: &gix::Repository,
    path: &Path,
    inventory: &Inventory,
    entry: &BlobEntry,
    counters: &Counters,
) -> Provenance {
    let commit_id = inventory.commits[entry.origin.commit];
    let relative = PathBuf::from(entry.origin.path.to_string());
    let commit = git::commit_info(repo, commit_id).unwrap_or_else(|e| {
        bump(&counters.unreadable, 1);
        diag::error(format!(
            "{}: {e}; the finding in {} is reported without its author and message",
            path.display(),
            relative.display()
        ));
        git::CommitInfo {
            id: commit_id.to_string(),
            ..git::CommitInfo::default()
        }
    });
    let shown = git::display_path(path);
    // A cloned URL is no directory of the user's: show paths inside the repository.
    let joined = if shown == Path::new(".") || git::is_url(&shown.to_string_lossy()) {
        relative.clone()
    } else {
        shown.join(&relative)
    };
    Provenance::GitBlob {
        path: joined,
        repo: shown,
        relative,
        blob: entry.id.to_string(),
        commit,
        other_places: entry.other_places,
    }
}

/// Scans what `git commit` would record in each repository (the index's changes against
/// HEAD, or the index entries at `only`, paths relative to the work tree). Only findings
/// that need an Okta mention elsewhere look through the work tree.
pub fn scan_staged(
    repos: &[PathBuf],
    only: &[PathBuf],
    rules: Arc<RuleSet>,
    options: &ScanOptions,
) -> Result<ScanOutcome, SourceError> {
    let only: Vec<gix::bstr::BString> = only
        .iter()
        .map(|p| {
            let p = p.strip_prefix("./").unwrap_or(p);
            p.to_string_lossy()
                .trim_end_matches('/')
                .replace('\\', "/")
                .into()
        })
        .collect();
    let started = Instant::now();
    let counters = Counters::default();
    let mut findings = Vec::new();
    for path in repos {
        let repo = git::open(path)?;
        let staged = git::staged(&repo, &only)?;
        let head = repo.head_tree().ok().map(|t| t.detach());
        let shared = repo.into_sync();
        let built = Matcher::new(Arc::clone(&rules));
        let scanned: Vec<BlobFindings> = staged
            .par_iter()
            .map_init(
                || (shared.to_thread_local(), built.clone()),
                |(repo, matcher), (rel, id)| {
                    let relative = PathBuf::from(rel.to_string());
                    let provenance = || {
                        let shown = git::display_path(path);
                        let committed = head.as_ref().is_some_and(|tree| {
                            repo.find_tree(tree.id).ok().is_some_and(|tree| {
                                tree.lookup_entry_by_path(&relative)
                                    .ok()
                                    .flatten()
                                    .is_some_and(|e| e.object_id() == *id)
                            })
                        });
                        Provenance::Staged {
                            path: if shown == Path::new(".") {
                                relative.clone()
                            } else {
                                shown.join(&relative)
                            },
                            repo: shown,
                            relative: relative.clone(),
                            blob: id.to_string(),
                            committed,
                        }
                    };
                    scan_object(
                        repo, matcher, path, *id, &relative, options, &counters, provenance,
                    )
                },
            )
            .flatten()
            .collect();
        let mut staged = Unsettled::default();
        scanned.into_iter().for_each(|found| staged.add(found));
        // Only findings that stand or fall on it pay for reading the work tree: a pre-commit
        // check must stay instant, so a missing org URL is left missing here.
        let found = staged.settle_searching(|| {
            let workdir = shared.to_thread_local().workdir().map(Path::to_path_buf);
            workdir
                .map(|dir| search_dir(&dir, &rules, options))
                .unwrap_or_default()
        });
        findings.extend(found);
    }
    Ok(outcome(findings, &counters, started, Vec::new()))
}
