//! Where a forge's next page is: the `Link` header's `rel="next"` target (RFC 8288, as
//! GitHub and GitLab send it), else GitLab's `x-next-page` number. Only parsing lives here;
//! whether a link may be followed (same origin as the API) is `http`'s decision.

use reqwest::header::{HeaderMap, LINK};
use reqwest::Url;

/// The next page's URL from the `Link` headers' `rel="next"`, else from GitLab's
/// `x-next-page` (a page number for the same query); `None` on the last page.
pub(super) fn next_page(headers: &HeaderMap, current: &Url) -> Option<Result<Url, String>> {
    let linked = headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(next_link);
    if let Some(target) = linked {
        return Some(
            current
                .join(target)
                .map_err(|_| "the next-page link is not a URL".to_string()),
        );
    }
    let page = headers
        .get("x-next-page")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())?;
    let Ok(page) = page.parse::<u64>() else {
        return Some(Err("x-next-page is not a page number".to_string()));
    };
    let mut next = current.clone();
    let kept: Vec<(String, String)> = current
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("page", &page.to_string());
    Some(Ok(next))
}

/// The target of the link whose `rel` includes `next` in one `Link` header value
/// (RFC 8288: `<url>; rel="next", <url>; rel="last"`).
fn next_link(value: &str) -> Option<&str> {
    let mut rest = value;
    loop {
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        let after = &rest[close + 1..];
        let params_end = after.find('<').unwrap_or(after.len());
        let is_next = after[..params_end].split([';', ',']).any(|param| {
            param.split_once('=').is_some_and(|(name, relations)| {
                name.trim().eq_ignore_ascii_case("rel")
                    && relations
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
            })
        });
        if is_next {
            return Some(target);
        }
        rest = &after[params_end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn next_links() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"<https://api.github.com/organizations/1/repos?page=2>; rel="next", <https://api.github.com/organizations/1/repos?page=9>; rel="last""#,
                Some("https://api.github.com/organizations/1/repos?page=2"),
            ),
            (
                r#"<https://x/?page=1>; rel="prev", <https://x/?page=3>; rel="next""#,
                Some("https://x/?page=3"),
            ),
            (
                r#"<https://x/?a=1,2>; rel="next""#,
                Some("https://x/?a=1,2"),
            ),
            (r#"<https://x/?p=2>; REL=next"#, Some("https://x/?p=2")),
            (
                r#"<https://x/?p=2>; rel="prev next""#,
                Some("https://x/?p=2"),
            ),
            (r#"<https://x/?p=9>; rel="last""#, None),
            (r#"<https://x/?p=9>; title="next""#, None),
            ("", None),
            ("<unterminated; rel=next", None),
        ];
        for (value, expected) in cases {
            assert_eq!(next_link(value), *expected, "{value}");
        }
    }

    #[test]
    fn gitlab_next_page_numbers() {
        let current =
            Url::parse("https://gitlab.com/api/v4/groups/a/projects?per_page=100&page=1").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-next-page", HeaderValue::from_static("2"));
        let next = next_page(&headers, &current).unwrap().unwrap();
        assert_eq!(
            next.as_str(),
            "https://gitlab.com/api/v4/groups/a/projects?per_page=100&page=2"
        );
        headers.insert("x-next-page", HeaderValue::from_static(""));
        assert!(next_page(&headers, &current).is_none());
        headers.insert("x-next-page", HeaderValue::from_static("two"));
        assert!(next_page(&headers, &current).unwrap().is_err());
    }
}
