//! Which repositories to audit: lists the repositories of GitHub organizations and users and
//! of GitLab groups (subgroups included) through the forges' REST APIs.
//!
//! This module owns the listing and its policy: which forge addresses may be called (https,
//! or plain http on loopback only), which clone URLs a forge may hand back (see
//! `address.rs`), and which repositories are kept (forks and archived ones only when asked).
//! Cloning lives in `source::git::cache`; scanning and storing results are the caller's.
//! Every answer is hostile until checked: bodies and pages are capped, next-page links are
//! followed only on the API's own origin, and tokens never appear in an error.

mod address;
mod github;
mod gitlab;
mod http;
mod link;

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use crate::secret::Secret;

/// GitHub's REST API (GitHub Enterprise Server: `https://HOST/api/v3`).
pub const DEFAULT_GITHUB_API_URL: &str = "https://api.github.com";

/// GitLab.com; a self-managed instance is its own base URL (the API is under `/api/v4`).
pub const DEFAULT_GITLAB_URL: &str = "https://gitlab.com";

/// What to list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// Every repository of a GitHub organization (`type=all`: public, private, forks).
    GithubOrg(String),
    /// The public repositories a GitHub user owns (`type=owner`): GitHub lists only public
    /// ones here, even to the user's own token.
    GithubUser(String),
    /// Every project of a GitLab group and of its subgroups (not projects shared with it),
    /// by full path (`group/subgroup`) or numeric id.
    GitlabGroup(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::GithubOrg(name) => write!(f, "GitHub organization {name}"),
            Target::GithubUser(name) => write!(f, "GitHub user {name}"),
            Target::GitlabGroup(name) => write!(f, "GitLab group {name}"),
        }
    }
}

/// Where the forges are, how to authenticate, and what to keep.
#[derive(Debug, Clone)]
pub struct ForgeOptions {
    /// GitHub's API base URL ([`DEFAULT_GITHUB_API_URL`]).
    pub github_api_url: String,
    /// A GitHub token (the CLI reads `GITHUB_TOKEN`); without one, only public repositories
    /// are listed, at 60 calls an hour.
    pub github_token: Option<Secret>,
    /// GitLab's base URL ([`DEFAULT_GITLAB_URL`]).
    pub gitlab_url: String,
    /// A GitLab token (the CLI reads `GITLAB_TOKEN`), sent as `PRIVATE-TOKEN`.
    pub gitlab_token: Option<Secret>,
    /// Keep forks (off by default: their history is mostly their parent's).
    pub include_forks: bool,
    /// Keep archived repositories (off by default: read-only, usually abandoned).
    pub include_archived: bool,
}

impl Default for ForgeOptions {
    fn default() -> Self {
        ForgeOptions {
            github_api_url: DEFAULT_GITHUB_API_URL.to_string(),
            github_token: None,
            gitlab_url: DEFAULT_GITLAB_URL.to_string(),
            gitlab_token: None,
            include_forks: false,
            include_archived: false,
        }
    }
}

/// One repository as its forge lists it, its strings checked: sizes bounded, no control
/// characters, a clone URL this module allows (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteRepo {
    /// Where to clone it from (`https://…`; `http://` or `file://` only from a loopback forge).
    pub clone_url: String,
    /// `owner/name` (GitHub) or the full project path `group/sub/name` (GitLab).
    pub full_name: String,
    /// Its default branch; `None` for an empty repository.
    pub default_branch: Option<String>,
    /// Whether it is a fork.
    pub fork: bool,
    /// Whether it is archived.
    pub archived: bool,
}

/// Why a listing failed. Each message is one line and never holds a token or a body.
#[derive(Debug, thiserror::Error)]
pub enum EnumerateError {
    /// A forge base URL that may not be called, or cannot be parsed.
    #[error("{url}: {problem}")]
    Address {
        /// The URL as given.
        url: String,
        /// Why it is refused.
        problem: String,
    },
    /// The forge asked to wait past the budget for waiting, or kept refusing after retries.
    #[error("{target}: rate limited ({why}); waiting {}s more would pass the {}s budget for waiting", wait.as_secs(), http::MAX_TOTAL_WAIT.as_secs())]
    RateLimited {
        /// What was being listed.
        target: String,
        /// How long the forge asked to wait.
        wait: Duration,
        /// Which limit: "primary", "secondary", or "429".
        why: String,
    },
    /// Listing one target failed: a transport error, an HTTP error status, an answer not
    /// shaped like the forge's, a next-page link to another origin, a clone URL refused.
    #[error("{target}: {problem}")]
    Listing {
        /// What was being listed.
        target: String,
        /// What went wrong.
        problem: String,
    },
    /// The HTTP client or its runtime could not be set up, or a token cannot be sent.
    #[error("cannot set up the forge client: {0}")]
    Setup(String),
}

/// The repositories of every target, in the order the targets and the forges give them,
/// each clone URL once, with forks and archived repositories left out unless included.
///
/// Stops at the first target that fails; to carry on past one, call once per target.
/// Blocks the calling thread (it runs its own small runtime, as verification does).
pub fn enumerate(
    targets: &[Target],
    options: &ForgeOptions,
) -> Result<Vec<RemoteRepo>, EnumerateError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| EnumerateError::Setup(e.to_string()))?;
    let mut budget = http::WaitBudget::default();
    let mut seen = HashSet::new();
    let mut repos = Vec::new();
    for target in targets {
        let listed = runtime.block_on(list(target, options, &mut budget))?;
        let kept = listed.into_iter().filter(|repo| {
            (options.include_forks || !repo.fork) && (options.include_archived || !repo.archived)
        });
        for repo in kept {
            if seen.insert(repo.clone_url.clone()) {
                repos.push(repo);
            }
        }
    }
    Ok(repos)
}

/// Every repository of one target, unfiltered, each checked.
async fn list(
    target: &Target,
    options: &ForgeOptions,
    budget: &mut http::WaitBudget,
) -> Result<Vec<RemoteRepo>, EnumerateError> {
    let shown = target.to_string();
    let (listed, forge_is_local) = match target {
        Target::GithubOrg(name) | Target::GithubUser(name) => {
            let pager = github::pager(&options.github_api_url, options.github_token.as_ref())?;
            let first = github::first_page(pager.base(), target, name)
                .map_err(|problem| listing(&shown, problem))?;
            let listed = github::repos(&pager, first, &shown, budget).await?;
            (listed, address::is_loopback(pager.base()))
        }
        Target::GitlabGroup(group) => {
            let pager = gitlab::pager(&options.gitlab_url, options.gitlab_token.as_ref())?;
            let first = gitlab::first_page(pager.base(), group, options.include_archived)
                .map_err(|problem| listing(&shown, problem))?;
            let listed = gitlab::repos(&pager, first, &shown, budget).await?;
            (listed, address::is_loopback(pager.base()))
        }
    };
    listed
        .into_iter()
        .map(|repo| check_repo(repo, forge_is_local).map_err(|problem| listing(&shown, problem)))
        .collect()
}

/// Largest `full_name` kept (GitLab allows 255 characters a path segment and 20 levels).
const MAX_NAME: usize = 2048;

/// Largest default branch name kept (git allows longer, no forge does).
const MAX_BRANCH: usize = 1024;

/// Checks what a forge said about one repository: sizes, control characters, clone URL.
fn check_repo(repo: RemoteRepo, forge_is_local: bool) -> Result<RemoteRepo, String> {
    address::check_text("repository name", &repo.full_name, MAX_NAME)?;
    let name = &repo.full_name;
    if let Some(branch) = &repo.default_branch {
        address::check_text("default branch", branch, MAX_BRANCH)
            .map_err(|problem| format!("{name}: {problem}"))?;
    }
    address::check_clone_url(&repo.clone_url, forge_is_local)
        .map_err(|problem| format!("{name}: {problem}"))?;
    Ok(repo)
}

fn listing(target: &str, problem: String) -> EnumerateError {
    EnumerateError::Listing {
        target: target.to_string(),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(clone_url: &str) -> RemoteRepo {
        RemoteRepo {
            clone_url: clone_url.to_string(),
            full_name: "acme/api".to_string(),
            default_branch: Some("main".to_string()),
            fork: false,
            archived: false,
        }
    }

    #[test]
    fn a_repository_is_checked_before_it_is_kept() {
        assert!(check_repo(repo("https://github.com/acme/api.git"), false).is_ok());
        assert!(check_repo(repo("file:///srv/git/api"), true).is_ok());
        let refused = check_repo(repo("file:///home/me/.ssh"), false).unwrap_err();
        assert!(refused.starts_with("acme/api: "), "{refused}");
        let mut bad_name = repo("https://github.com/acme/api.git");
        bad_name.full_name = "acme/\x1b[2Japi".to_string();
        assert!(check_repo(bad_name, false).is_err());
        let mut long_branch = repo("https://github.com/acme/api.git");
        long_branch.default_branch = Some("b".repeat(MAX_BRANCH + 1));
        assert!(check_repo(long_branch, false).is_err());
    }

    #[test]
    fn targets_name_their_forge() {
        assert_eq!(
            Target::GitlabGroup("acme/platform".into()).to_string(),
            "GitLab group acme/platform"
        );
        assert_eq!(
            Target::GithubOrg("acme".into()).to_string(),
            "GitHub organization acme"
        );
    }
}
