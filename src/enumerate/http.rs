//! One forge's paged lists over HTTP, guarded: the forge's headers (its token among them,
//! marked sensitive) go with every request, and requests go only to the API base's own
//! origin, so a next-page link elsewhere is an error, never a request. Redirects are not
//! followed, bodies are read up to a cap, pages are counted, and rate limits are waited
//! out as the forge asks, within one budget for the whole listing.
//!
//! What varies between forges (headers, which statuses may mean "rate limited", the
//! rate-limit header names) is data in [`Forge`]; `github` and `gitlab` fill it in.

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, CONTENT_LENGTH, RETRY_AFTER};
use reqwest::{redirect, Client, Url};
use serde::de::DeserializeOwned;

use super::address;
use super::link::next_page;
use super::EnumerateError;

/// Longest total wait for rate limits in one listing: long enough for GitHub's secondary
/// limits and a good part of an hourly window, short enough that a stuck run says so.
pub const MAX_TOTAL_WAIT: Duration = Duration::from_secs(15 * 60);

/// Retries of one request after rate limits or gateway errors; GitHub's guidance is to
/// "throw an error after a specific number of retries".
const MAX_RETRIES: u32 = 5;

/// Pages followed for one target (100 repositories a page): a forge that keeps linking to a
/// next page is cut off.
const MAX_PAGES: usize = 1000;

/// Largest page body read: 100 repositories are a few hundred KiB on both forges.
const MAX_BODY: usize = 8 << 20;

/// Each request, body included, ends within this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// Sent with every request, as GitHub requires a `User-Agent`.
const USER_AGENT: &str = concat!("oktaleaks/", env!("CARGO_PKG_VERSION"));

/// The wait after a rate-limited answer that says nothing of when to come back: GitHub's
/// "wait for at least one minute", doubled on each retry.
const UNTIMED_WAIT: Duration = Duration::from_secs(60);

/// What differs between forges.
pub(super) struct Forge {
    /// "GitHub" or "GitLab", for messages.
    pub name: &'static str,
    /// Sent with every request (the token's marked sensitive).
    pub headers: HeaderMap,
    /// Statuses that may mean "rate limited" (GitHub: 403 and 429; GitLab: 429).
    pub rate_limit_statuses: &'static [u16],
    /// The header holding the calls left in the window.
    pub remaining_header: &'static str,
    /// The header holding when the window resets, in epoch seconds.
    pub reset_header: &'static str,
}

/// The time spent waiting for rate limits, across every target of one listing.
#[derive(Debug, Default)]
pub(super) struct WaitBudget {
    waited: Duration,
}

/// A forge's API at one base URL.
pub(super) struct Pager {
    forge: Forge,
    base: Url,
    client: Client,
}

/// One answer.
struct Page {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Pager {
    /// A client for the API at `base` (checked: https, or http on loopback).
    pub fn new(forge: Forge, base: &str) -> Result<Pager, EnumerateError> {
        let base = address::check_api_base(base).map_err(|problem| EnumerateError::Address {
            url: crate::secret::redact_credentials(base).into_owned(),
            problem,
        })?;
        let mut builder = Client::builder()
            .user_agent(USER_AGENT)
            .redirect(redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT);
        // A proxy from the environment serves remote forges; this machine is reached directly.
        if address::is_loopback(&base) {
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| EnumerateError::Setup(describe(&e)))?;
        Ok(Pager {
            forge,
            base,
            client,
        })
    }

    /// The API's base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// Every item of every page from `first` on, following `rel="next"` links (or GitLab's
    /// `x-next-page`), each page a JSON array of `T`.
    pub async fn list<T: DeserializeOwned>(
        &self,
        first: Url,
        target: &str,
        budget: &mut WaitBudget,
    ) -> Result<Vec<T>, EnumerateError> {
        let fail = |problem: String| EnumerateError::Listing {
            target: target.to_string(),
            problem,
        };
        let mut items = Vec::new();
        let mut visited = HashSet::new();
        let mut url = first;
        for _ in 0..MAX_PAGES {
            let page = self.get(&url, target, budget).await?;
            let batch: Vec<T> = serde_json::from_slice(&page.body)
                .map_err(|e| fail(format!("{} answered {}", self.forge.name, json_problem(&e))))?;
            items.extend(batch);
            visited.insert(url.clone());
            let Some(next) = next_page(&page.headers, &url) else {
                return Ok(items);
            };
            let next = next.map_err(fail)?;
            if next.origin() != self.base.origin() {
                return Err(fail(format!(
                    "{}'s next-page link points at another origin ({}), not followed",
                    self.forge.name,
                    next.origin().ascii_serialization()
                )));
            }
            if visited.contains(&next) {
                return Err(fail(format!(
                    "{}'s next-page link goes back to a page already read",
                    self.forge.name
                )));
            }
            url = next;
        }
        Err(fail(format!(
            "more than {MAX_PAGES} pages, not read further"
        )))
    }

    /// One page, retried after rate limits and gateway errors; an error for any other
    /// status than 200.
    async fn get(
        &self,
        url: &Url,
        target: &str,
        budget: &mut WaitBudget,
    ) -> Result<Page, EnumerateError> {
        let fail = |problem: String| EnumerateError::Listing {
            target: target.to_string(),
            problem,
        };
        let mut retries = 0;
        loop {
            let page = self.exchange(url.clone()).await.map_err(fail)?;
            if page.status == 200 {
                return Ok(page);
            }
            let Some((wait, why)) = self.wait_before_retry(&page, retries) else {
                return Err(fail(status_problem(self.forge.name, page.status)));
            };
            if retries == MAX_RETRIES {
                return Err(fail(format!(
                    "{} still refused ({why}) after {MAX_RETRIES} retries",
                    self.forge.name
                )));
            }
            if wait > MAX_TOTAL_WAIT.saturating_sub(budget.waited) {
                return Err(EnumerateError::RateLimited {
                    target: target.to_string(),
                    wait,
                    why,
                });
            }
            tokio::time::sleep(wait).await;
            budget.waited += wait;
            retries += 1;
        }
    }

    /// How long to wait before asking again, and why; `None` when the answer is final.
    /// Follows GitHub's documented order: `retry-after` seconds, else the window's reset
    /// when no calls are left, else at least a minute, growing with each retry.
    fn wait_before_retry(&self, page: &Page, retries: u32) -> Option<(Duration, String)> {
        let status = page.status;
        if matches!(status, 502..=504) {
            return Some((Duration::from_secs(1 << retries), format!("HTTP {status}")));
        }
        if !self.forge.rate_limit_statuses.contains(&status) {
            return None;
        }
        let header = |name: &str| {
            page.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        if let Some(seconds) = header(RETRY_AFTER.as_str()) {
            return Some((
                Duration::from_secs(seconds),
                format!("HTTP {status}, retry-after {seconds}s"),
            ));
        }
        let spent = header(self.forge.remaining_header) == Some(0);
        if let Some(reset) = header(self.forge.reset_header).filter(|_| spent) {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            // One second past the reset, so that a clock slightly behind the forge's still
            // lands in the new window.
            let wait = Duration::from_secs(reset.saturating_sub(now).saturating_add(1));
            return Some((
                wait,
                format!("HTTP {status}, no calls left until the window resets"),
            ));
        }
        // A 403 is a rate limit only when the forge says so in its headers or its message.
        let says_rate_limit = String::from_utf8_lossy(&page.body)
            .to_ascii_lowercase()
            .contains("rate limit");
        (status == 429 || spent || says_rate_limit).then(|| {
            (
                UNTIMED_WAIT * 2u32.pow(retries),
                format!("HTTP {status}, rate limited without a time to wait"),
            )
        })
    }

    /// One GET with the forge's headers; the body read up to [`MAX_BODY`].
    async fn exchange(&self, url: Url) -> Result<Page, String> {
        let mut response = self
            .client
            .get(url)
            .headers(self.forge.headers.clone())
            .send()
            .await
            .map_err(|e| describe(&e))?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            return Err(format!(
                "HTTP {status} redirect, not followed (a renamed name, or a moved API?)"
            ));
        }
        let too_large = || {
            format!(
                "HTTP {status} with a body over {} MiB, not read",
                MAX_BODY >> 20
            )
        };
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY as u64) {
            return Err(too_large());
        }
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Page {
            status,
            headers,
            body,
        })
    }
}

/// What an error status means, without the body (it may echo the token).
fn status_problem(forge: &str, status: u16) -> String {
    let meaning = match status {
        401 => "the token was refused, or this needs one",
        403 => "forbidden: the token lacks access (or SSO has not authorized it)",
        404 => "not found, or not visible without a token that can see it",
        _ => "an error",
    };
    format!("{forge} answered HTTP {status} ({meaning})")
}

/// Where a body stopped being a list of the forge's items, without quoting it.
fn json_problem(err: &serde_json::Error) -> String {
    let kind = match err.classify() {
        serde_json::error::Category::Data => "an item not shaped as expected",
        serde_json::error::Category::Syntax => "malformed JSON",
        serde_json::error::Category::Eof => "truncated JSON",
        serde_json::error::Category::Io => "an unreadable body",
    };
    format!(
        "something other than a list of repositories ({kind} at line {}, column {})",
        err.line(),
        err.column()
    )
}

/// A client error with its causes, on one line.
fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return format!(
            "no answer within {}s (timed out)",
            REQUEST_TIMEOUT.as_secs()
        );
    }
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn pager(statuses: &'static [u16]) -> Pager {
        let forge = Forge {
            name: "GitHub",
            headers: HeaderMap::new(),
            rate_limit_statuses: statuses,
            remaining_header: "x-ratelimit-remaining",
            reset_header: "x-ratelimit-reset",
        };
        Pager::new(forge, "https://api.github.com").unwrap()
    }

    fn page(status: u16, headers: &[(&'static str, &str)], body: &str) -> Page {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        Page {
            status,
            headers: map,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn rate_limits_are_waited_as_github_documents() {
        let github = pager(&[403, 429]);
        let wait = |p: &Page, retries| github.wait_before_retry(p, retries).map(|(w, _)| w);
        let secs = Duration::from_secs;
        // Secondary, with retry-after.
        assert_eq!(
            wait(&page(403, &[("retry-after", "7")], ""), 0),
            Some(secs(7))
        );
        // Primary: no calls left; the reset is in the past here, so one second.
        let spent = page(
            403,
            &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1")],
            "",
        );
        assert_eq!(wait(&spent, 0), Some(secs(1)));
        // Secondary without a time: a minute, doubling.
        let secondary = page(
            403,
            &[],
            r#"{"message":"You have exceeded a secondary rate limit."}"#,
        );
        assert_eq!(wait(&secondary, 0), Some(secs(60)));
        assert_eq!(wait(&secondary, 2), Some(secs(240)));
        // A plain 403 is final.
        assert_eq!(
            wait(&page(403, &[("x-ratelimit-remaining", "4999")], "{}"), 0),
            None
        );
        assert_eq!(wait(&page(404, &[("retry-after", "1")], ""), 0), None);
        // Gateway errors are retried soon.
        assert_eq!(wait(&page(502, &[], ""), 1), Some(secs(2)));
        // GitLab: a 403 never means rate limited.
        let gitlab = pager(&[429]);
        assert!(gitlab
            .wait_before_retry(&page(403, &[("retry-after", "1")], ""), 0)
            .is_none());
        assert!(gitlab.wait_before_retry(&page(429, &[], ""), 0).is_some());
    }
}
