//! GitLab's REST API (v4): the projects of a group and its subgroups
//! (`GET /api/v4/groups/{id}/projects`, `include_subgroups=true`, `with_shared=false`),
//! 100 a page in id order, in the shape GitLab documents (`path_with_namespace`,
//! `http_url_to_repo`, `default_branch`, `archived`, `forked_from_project` present for a
//! fork). Archived projects are left out by the server (`archived=false`) unless included.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT};
use reqwest::Url;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::http::{Forge, Pager, WaitBudget};
use super::{address, EnumerateError, RemoteRepo};
use crate::secret::Secret;

/// One project as GitLab lists it; fields not read are ignored.
#[derive(Debug, Deserialize)]
struct Project {
    path_with_namespace: String,
    http_url_to_repo: String,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    archived: bool,
    /// Present (an object) only for a fork.
    #[serde(default)]
    forked_from_project: Option<IgnoredAny>,
}

/// A client for the instance at `gitlab_url`, sending `token` as `PRIVATE-TOKEN` when given.
pub(super) fn pager(gitlab_url: &str, token: Option<&Secret>) -> Result<Pager, EnumerateError> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(token) = token {
        let mut private = HeaderValue::from_str(token.expose())
            .map_err(|_| EnumerateError::Setup("the GitLab token cannot go in a header".into()))?;
        private.set_sensitive(true);
        headers.insert(HeaderName::from_static("private-token"), private);
    }
    let forge = Forge {
        name: "GitLab",
        headers,
        rate_limit_statuses: &[429],
        remaining_header: "ratelimit-remaining",
        reset_header: "ratelimit-reset",
    };
    Pager::new(forge, gitlab_url)
}

/// The first page's URL for the group `group` (a full path or a numeric id).
pub(super) fn first_page(base: &Url, group: &str, include_archived: bool) -> Result<Url, String> {
    let mut url = format!(
        "{}/api/v4/groups/{}/projects?include_subgroups=true&with_shared=false&per_page=100&order_by=id&sort=asc",
        base.as_str().trim_end_matches('/'),
        address::path_segment(group)?
    );
    if !include_archived {
        url.push_str("&archived=false");
    }
    Url::parse(&url).map_err(|e| format!("cannot build the API URL ({e})"))
}

/// Every project listed from `first` on, unfiltered.
pub(super) async fn repos(
    pager: &Pager,
    first: Url,
    target: &str,
    budget: &mut WaitBudget,
) -> Result<Vec<RemoteRepo>, EnumerateError> {
    let listed: Vec<Project> = pager.list(first, target, budget).await?;
    Ok(listed
        .into_iter()
        .map(|project| RemoteRepo {
            clone_url: project.http_url_to_repo,
            full_name: project.path_with_namespace,
            default_branch: project.default_branch,
            fork: project.forked_from_project.is_some(),
            archived: project.archived,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_pages() {
        let base = Url::parse("https://gitlab.com").unwrap();
        assert_eq!(
            first_page(&base, "acme/platform", false).unwrap().as_str(),
            "https://gitlab.com/api/v4/groups/acme%2Fplatform/projects?include_subgroups=true\
             &with_shared=false&per_page=100&order_by=id&sort=asc&archived=false"
        );
        assert!(!first_page(&base, "42", true)
            .unwrap()
            .as_str()
            .contains("archived"));
    }

    #[test]
    fn forks_are_projects_forked_from_another() {
        let page = r#"[
            {"path_with_namespace":"a/b","http_url_to_repo":"https://gitlab.com/a/b.git","default_branch":"main","archived":false,"forked_from_project":{"id":1}},
            {"path_with_namespace":"a/c","http_url_to_repo":"https://gitlab.com/a/c.git","default_branch":null,"archived":true,"forked_from_project":null},
            {"path_with_namespace":"a/d","http_url_to_repo":"https://gitlab.com/a/d.git"}
        ]"#;
        let projects: Vec<Project> = serde_json::from_str(page).unwrap();
        let forks: Vec<bool> = projects
            .iter()
            .map(|p| p.forked_from_project.is_some())
            .collect();
        assert_eq!(forks, [true, false, false]);
        assert!(projects[1].archived && projects[1].default_branch.is_none());
    }
}
