//! GitHub's REST API: the repositories of an organization (`GET /orgs/{org}/repos`,
//! `type=all`) or owned by a user (`GET /users/{user}/repos`, `type=owner`), 100 a page,
//! in the shape GitHub documents (`full_name`, `clone_url`, `default_branch`, `fork`,
//! `archived`). Paging, rate limits and address checks are `http`'s and `address`'s.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::Url;
use serde::Deserialize;

use super::http::{Forge, Pager, WaitBudget};
use super::{address, EnumerateError, RemoteRepo, Target};
use crate::secret::Secret;

/// The REST API version these calls are written against.
const API_VERSION: &str = "2022-11-28";

/// One repository as GitHub lists it; fields not read are ignored.
#[derive(Debug, Deserialize)]
struct Repository {
    full_name: String,
    clone_url: String,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    fork: bool,
    #[serde(default)]
    archived: bool,
}

/// A client for the API at `api_url`, sending `token` as a bearer token when given.
pub(super) fn pager(api_url: &str, token: Option<&Secret>) -> Result<Pager, EnumerateError> {
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("application/vnd.github+json"),
    );
    headers.insert(
        HeaderName::from_static("x-github-api-version"),
        HeaderValue::from_static(API_VERSION),
    );
    if let Some(token) = token {
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| EnumerateError::Setup("the GitHub token cannot go in a header".into()))?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
    }
    let forge = Forge {
        name: "GitHub",
        headers,
        rate_limit_statuses: &[403, 429],
        remaining_header: "x-ratelimit-remaining",
        reset_header: "x-ratelimit-reset",
    };
    Pager::new(forge, api_url)
}

/// The first page's URL for an organization or a user named `name`.
pub(super) fn first_page(base: &Url, target: &Target, name: &str) -> Result<Url, String> {
    let (collection, kind) = match target {
        Target::GithubUser(_) => ("users", "owner"),
        _ => ("orgs", "all"),
    };
    let url = format!(
        "{}/{collection}/{}/repos?per_page=100&type={kind}",
        base.as_str().trim_end_matches('/'),
        address::path_segment(name)?
    );
    Url::parse(&url).map_err(|e| format!("cannot build the API URL ({e})"))
}

/// Every repository listed from `first` on, unfiltered.
pub(super) async fn repos(
    pager: &Pager,
    first: Url,
    target: &str,
    budget: &mut WaitBudget,
) -> Result<Vec<RemoteRepo>, EnumerateError> {
    let listed: Vec<Repository> = pager.list(first, target, budget).await?;
    Ok(listed
        .into_iter()
        .map(|repo| RemoteRepo {
            clone_url: repo.clone_url,
            full_name: repo.full_name,
            default_branch: repo.default_branch,
            fork: repo.fork,
            archived: repo.archived,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_pages() {
        let api = Url::parse("https://ghe.example/api/v3/").unwrap();
        let org = Target::GithubOrg("acme".into());
        assert_eq!(
            first_page(&api, &org, "acme").unwrap().as_str(),
            "https://ghe.example/api/v3/orgs/acme/repos?per_page=100&type=all"
        );
        let user = Target::GithubUser("ann".into());
        let public = Url::parse("https://api.github.com").unwrap();
        assert_eq!(
            first_page(&public, &user, "ann").unwrap().as_str(),
            "https://api.github.com/users/ann/repos?per_page=100&type=owner"
        );
        assert_eq!(
            first_page(&public, &org, "../admin").unwrap().as_str(),
            "https://api.github.com/orgs/..%2Fadmin/repos?per_page=100&type=all"
        );
        assert!(first_page(&public, &org, "..").is_err());
    }
}
