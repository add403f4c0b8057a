//! Verification: asks Okta whether each found credential is live; for an API token, whose it
//! is and what it can do, and on request revokes it.
//!
//! Opt-in only. Each distinct credential is tried against at most a few orgs, most likely
//! first (the org named next to it, then the orgs the user named, then other orgs of its
//! repository), and each (org, credential) pair is checked once per run. Checks run
//! concurrently up to a bound on one thread, each within a hard time budget. The check a
//! credential gets is its kind's (`rules::CheckKind`): an API token's (`okta`) resets its
//! 30-day idle expiry, and reports say so; a client secret (`client_secret`) and a private
//! key (`private_key`) are checked at the token endpoint, and the key never leaves the
//! process.

mod client_secret;
mod http;
mod oauth;
mod okta;
mod org;
mod private_key;
mod ratelimit;
mod resolve;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::Semaphore;

pub use crate::verdict::{Impact, Live, Owner, Revocation, Role, Verification, EXTENDED_LIFE};
pub use http::USER_AGENT;
pub use org::{okta_org_host, Org, Routes, OKTA_DOMAINS};
pub use resolve::is_public;

use crate::error::{CallError, VerifyError};
use crate::finding::Finding;
use crate::rules::CheckKind;
use crate::secret::Secret;
use okta::Me;

/// How verification runs.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Orgs every token is tried against (`--okta-org`).
    pub named_orgs: Vec<Org>,
    /// Endpoints the user routed orgs to (`--okta-endpoint`).
    pub routes: Routes,
    /// Most orgs one token is sent to.
    pub max_orgs_per_token: usize,
    /// Most checks in flight at once.
    pub concurrency: usize,
    /// Budget for checking one token at one org, every call and wait included.
    pub timeout: Duration,
    /// Revoke every live token found.
    pub revoke_live: bool,
}

/// Tallies of one verification run, per distinct token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerifyCounts {
    /// Distinct tokens.
    pub tokens: u64,
    /// Live ones.
    pub live: u64,
    /// Rejected by every org tried.
    pub inactive: u64,
    /// No clear answer.
    pub unknown: u64,
    /// Not sent anywhere (no org known).
    pub not_checked: u64,
    /// Revoked by `--revoke-live`, confirmed.
    pub revoked: u64,
}

/// Runs checks: an HTTP client and a small runtime of its own.
pub struct Verifier {
    runtime: tokio::runtime::Runtime,
    http: Arc<http::Http>,
    options: VerifyOptions,
}

impl Verifier {
    /// Sets up the client; fails on a runtime or TLS set-up error.
    pub fn new(options: VerifyOptions) -> Result<Verifier, VerifyError> {
        let named_hosts: Vec<String> = options
            .named_orgs
            .iter()
            .filter_map(|o| o.endpoint.host_str().map(str::to_string))
            .chain(options.routes.hosts().map(str::to_string))
            .collect();
        let http = http::Http::new(named_hosts, options.timeout)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| VerifyError::Setup(e.to_string()))?;
        Ok(Verifier {
            runtime,
            http: Arc::new(http),
            options,
        })
    }

    /// Checks one token against `orgs`, in order, stopping at the first that says live.
    pub fn check(&self, token: &Secret, orgs: &[Org]) -> Verification {
        let job = Job {
            http: Arc::clone(&self.http),
            limit: Arc::new(Semaphore::new(1)),
            timeout: self.options.timeout,
            revoke: false,
        };
        let check = Check::ApiToken;
        self.runtime
            .block_on(job.credential(token.clone(), check, orgs.to_vec()))
    }

    /// Revokes a token at `org` and confirms that the org now rejects it.
    pub fn revoke(&self, token: &Secret, org: &Org) -> Revocation {
        let deadline = Instant::now() + self.options.timeout;
        self.runtime
            .block_on(revoke_and_confirm(&self.http, org, token, deadline))
    }

    /// Sets `verification` on every finding: each distinct token is checked once, against
    /// its candidate orgs, with at most `concurrency` checks in flight.
    pub fn verify_findings(&self, mut findings: Vec<&mut Finding>) -> VerifyCounts {
        let plans = self.plan(&findings);
        let job = Job {
            http: Arc::clone(&self.http),
            limit: Arc::new(Semaphore::new(self.options.concurrency.max(1))),
            timeout: self.options.timeout,
            revoke: self.options.revoke_live,
        };
        let verdicts: HashMap<Secret, Verification> = self.runtime.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for plan in plans {
                let job = job.clone();
                tasks.spawn(async move {
                    let verdict = match (plan.orgs.is_empty(), plan.check) {
                        (true, _) => Verification::NotChecked {
                            reason: Some(plan.why_none),
                        },
                        (false, Err(why)) => Verification::NotChecked { reason: Some(why) },
                        (false, Ok(check)) => {
                            job.credential(plan.secret.clone(), check, plan.orgs).await
                        }
                    };
                    (plan.secret, verdict)
                });
            }
            let mut verdicts = HashMap::new();
            while let Some(done) = tasks.join_next().await {
                if let Ok((secret, verdict)) = done {
                    verdicts.insert(secret, verdict);
                }
            }
            verdicts
        });
        let mut counts = VerifyCounts {
            tokens: verdicts.len() as u64,
            ..VerifyCounts::default()
        };
        for verdict in verdicts.values() {
            match verdict {
                Verification::Live(live) => {
                    counts.live += 1;
                    if live.revocation == Some(Revocation::Revoked) {
                        counts.revoked += 1;
                    }
                }
                Verification::Inactive { .. } => counts.inactive += 1,
                Verification::Unknown { .. } => counts.unknown += 1,
                Verification::NotChecked { .. } => counts.not_checked += 1,
            }
        }
        for f in findings.iter_mut() {
            f.verification =
                verdicts
                    .get(&f.secret)
                    .cloned()
                    .unwrap_or_else(|| Verification::Unknown {
                        reason: "the check did not finish".to_string(),
                        orgs_tried: Vec::new(),
                    });
        }
        counts
    }

    /// For each distinct token, the orgs to try, most likely first.
    fn plan(&self, findings: &[&mut Finding]) -> Vec<Plan> {
        // Outside git each file is its own context (as in the matcher): a directory of
        // unrelated files lends no orgs across files.
        let mut repo_orgs: HashMap<&Path, Vec<&str>> = HashMap::new();
        let mut by_secret: BTreeMap<&Secret, Vec<&Finding>> = BTreeMap::new();
        for f in findings.iter().map(|f| &**f) {
            by_secret.entry(&f.secret).or_default().push(f);
            if let (Some(org), Some(repo)) = (&f.org, f.provenance.repository()) {
                let orgs = repo_orgs.entry(repo).or_default();
                if !orgs.contains(&org.as_str()) {
                    orgs.push(org);
                }
            }
        }
        by_secret
            .into_iter()
            .map(|(secret, found)| {
                // The orgs named next to its copies, most named first.
                let mut near: Vec<(&str, usize)> = Vec::new();
                for org in found.iter().filter_map(|f| f.org.as_deref()) {
                    match near.iter_mut().find(|(o, _)| *o == org) {
                        Some((_, n)) => *n += 1,
                        None => near.push((org, 1)),
                    }
                }
                near.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
                let same_repo = found.iter().flat_map(|f| {
                    f.provenance
                        .repository()
                        .and_then(|r| repo_orgs.get(r))
                        .into_iter()
                        .flatten()
                });
                let mut orgs: Vec<Org> = Vec::new();
                let mut refused: Vec<String> = Vec::new();
                let mut add = |org: Org| {
                    if !orgs.iter().any(|o| o.url == org.url) {
                        orgs.push(org);
                    }
                };
                for url in near.iter().map(|(o, _)| *o) {
                    match Org::discovered(url, &self.options.routes) {
                        Ok(org) => add(org),
                        Err(e) => refused.push(e.to_string()),
                    }
                }
                self.options.named_orgs.iter().cloned().for_each(&mut add);
                for url in same_repo {
                    if let Ok(org) = Org::discovered(url, &self.options.routes) {
                        add(org);
                    }
                }
                orgs.truncate(self.options.max_orgs_per_token);
                let why_none = if refused.is_empty() {
                    "no Okta org known for this credential; name one with --okta-org".to_string()
                } else {
                    refused.join("; ")
                };
                Plan {
                    secret: secret.clone(),
                    check: Check::of(&found),
                    orgs,
                    why_none,
                }
            })
            .collect()
    }
}

/// One credential and the orgs to try it at.
struct Plan {
    secret: Secret,
    /// How to check it, or why it cannot be.
    check: Result<Check, String>,
    orgs: Vec<Org>,
    why_none: String,
}

/// The live check of one credential, by its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Check {
    /// `users/me` with `SSWS`, then the owner's roles.
    ApiToken,
    /// The token endpoint, with the app's id and this secret.
    ClientSecret { client_id: String },
    /// The token endpoint, with an assertion this key signs for the app.
    PrivateKey { client_id: String },
}

impl Check {
    /// The check for a credential found at these places (its kind is the same at each; the
    /// first client id named beside it is the app's).
    fn of(found: &[&Finding]) -> Result<Check, String> {
        let Some(first) = found.first() else {
            return Err("nothing found".to_string());
        };
        let client_id = found.iter().find_map(|f| f.client_id.clone());
        let needs_id = || {
            format!(
                "no client id (0oa…) next to this {}: the check needs the app's",
                first.kind.report.noun
            )
        };
        match first.kind.check {
            CheckKind::Ssws => Ok(Check::ApiToken),
            CheckKind::ClientSecret => client_id
                .map(|client_id| Check::ClientSecret { client_id })
                .ok_or_else(needs_id),
            CheckKind::PrivateKey => client_id
                .map(|client_id| Check::PrivateKey { client_id })
                .ok_or_else(needs_id),
            CheckKind::None => Err(format!("no live check for this {}", first.kind.report.noun)),
        }
    }
}

/// What each spawned check shares.
#[derive(Clone)]
struct Job {
    http: Arc<http::Http>,
    limit: Arc<Semaphore>,
    timeout: Duration,
    revoke: bool,
}

/// One org's verdict on one token.
enum AtOrg {
    Live(Box<Live>),
    Inactive,
    Unknown(String),
}

impl Job {
    /// Tries the credential at each org in turn; live at any org wins, inactive needs every
    /// org.
    async fn credential(&self, secret: Secret, check: Check, orgs: Vec<Org>) -> Verification {
        let mut tried = Vec::new();
        let mut unknown = Vec::new();
        for org in &orgs {
            tried.push(org.url.clone());
            let Ok(_permit) = self.limit.acquire().await else {
                break;
            };
            // The budget is kept inside: a live answer must survive a slow roles call.
            let verdict = match &check {
                Check::ApiToken => self.at_org(&secret, org).await,
                Check::ClientSecret { client_id } | Check::PrivateKey { client_id } => {
                    self.app_at_org(&secret, &check, client_id, org).await
                }
            };
            match verdict {
                AtOrg::Live(mut live) => {
                    // Only an API token revokes itself; an app's secret or key is rotated in
                    // the app (the remediation says how), never sent anywhere else.
                    if self.revoke && check == Check::ApiToken {
                        let deadline = Instant::now() + self.timeout;
                        live.revocation =
                            Some(revoke_and_confirm(&self.http, org, &secret, deadline).await);
                    }
                    return Verification::Live(live);
                }
                AtOrg::Inactive => {}
                AtOrg::Unknown(reason) => unknown.push(format!("{}: {reason}", org.url)),
            }
        }
        if unknown.is_empty() {
            Verification::Inactive { orgs_tried: tried }
        } else {
            Verification::Unknown {
                reason: unknown.join("; "),
                orgs_tried: tried,
            }
        }
    }

    /// One org's verdict on an app's credential, within the per-check budget.
    async fn app_at_org(
        &self,
        secret: &Secret,
        check: &Check,
        client_id: &str,
        org: &Org,
    ) -> AtOrg {
        let deadline = Instant::now() + self.timeout;
        let budget_end = tokio::time::Instant::from_std(deadline);
        let asked = match check {
            Check::PrivateKey { .. } => {
                tokio::time::timeout_at(
                    budget_end,
                    private_key::check(&self.http, org, client_id, secret, deadline),
                )
                .await
            }
            Check::ClientSecret { .. } => {
                tokio::time::timeout_at(
                    budget_end,
                    client_secret::check(&self.http, org, client_id, secret, deadline),
                )
                .await
            }
            Check::ApiToken => return AtOrg::Unknown("not an app's credential".to_string()),
        };
        match asked {
            Ok(oauth::Grant::Accepted(why)) => {
                AtOrg::Live(Box::new(oauth::live_app(&org.url, client_id, &why)))
            }
            Ok(oauth::Grant::Rejected(_)) => AtOrg::Inactive,
            Ok(oauth::Grant::Unknown(why)) => AtOrg::Unknown(why),
            Ok(oauth::Grant::KeyOnly) => {
                AtOrg::Unknown("the org takes only private_key_jwt".to_string())
            }
            Err(_) => AtOrg::Unknown(format!(
                "no verdict within the {}s budget",
                self.timeout.as_secs_f32()
            )),
        }
    }

    /// One org's verdict within the per-check budget: `users/me` decides live or not; the
    /// roles get what is left of the budget, and a live token stays live without them.
    async fn at_org(&self, token: &Secret, org: &Org) -> AtOrg {
        let deadline = Instant::now() + self.timeout;
        let budget_end = tokio::time::Instant::from_std(deadline);
        let me =
            tokio::time::timeout_at(budget_end, okta::users_me(&self.http, org, token, deadline))
                .await;
        let owner = match me {
            Ok(Me::Live(owner)) => owner,
            Ok(Me::Inactive) => return AtOrg::Inactive,
            Ok(Me::Unknown(reason)) => return AtOrg::Unknown(reason),
            Err(_) => {
                return AtOrg::Unknown(format!(
                    "no verdict within the {}s budget",
                    self.timeout.as_secs_f32()
                ))
            }
        };
        let roles = tokio::time::timeout_at(
            budget_end,
            okta::roles(&self.http, org, token, &owner.id, deadline),
        )
        .await
        .unwrap_or(Err(CallError::Timeout));
        let (roles, roles_unknown) = match roles {
            Ok(roles) => (Some(roles), None),
            Err(CallError::Timeout) => (
                None,
                Some("roles timed out (no answer within the time budget)".to_string()),
            ),
            Err(err) => (None, Some(err.to_string())),
        };
        AtOrg::Live(Box::new(Live {
            org: org.url.clone(),
            impact: Impact::of(roles.as_deref()),
            owner,
            roles,
            roles_unknown,
            revocation: None,
            note: EXTENDED_LIFE,
        }))
    }
}

/// `DELETE api-tokens/current`, then `users/me` again: revoked only once the org rejects it.
async fn revoke_and_confirm(
    http: &http::Http,
    org: &Org,
    token: &Secret,
    deadline: Instant,
) -> Revocation {
    if let Err(err) = okta::revoke_current(http, org, token, deadline).await {
        return Revocation::Failed {
            reason: err.to_string(),
        };
    }
    match okta::users_me(http, org, token, deadline).await {
        Me::Inactive => Revocation::Revoked,
        Me::Live(_) => Revocation::Failed {
            reason: "the org accepted the revocation but still accepts the token".to_string(),
        },
        Me::Unknown(reason) => Revocation::Failed {
            reason: format!("the org accepted the revocation; confirming it failed: {reason}"),
        },
    }
}
