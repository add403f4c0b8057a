//! Which addresses a listing may call and which clone URLs it may hand on.
//!
//! A forge base URL is `https://`, or `http://` on a loopback host (a stand-in or a tunnel on
//! this machine), never with credentials in it. A clone URL from a forge is `https://`
//! without credentials; `http://` on loopback and `file://` only when the forge itself is on
//! loopback (whoever runs it can read this machine's files anyway). Anything else, ssh and
//! `git://` included, is refused: a hostile forge must not point a clone at a local
//! repository, a transport with options, or an internal host over plain text.

use reqwest::Url;

/// Largest clone URL kept; real ones are under 300 bytes.
const MAX_CLONE_URL: usize = 2048;

/// Largest target name sent (a GitLab full path: 20 levels of 255 characters at most).
const MAX_TARGET_NAME: usize = 5120;

/// The base URL of a forge's API, refused when it may not be called.
pub(super) fn check_api_base(value: &str) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|e| format!("not a URL ({e})"))?;
    if url.host_str().is_none() {
        return Err("has no host".to_string());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not hold credentials (tokens go in GITHUB_TOKEN or GITLAB_TOKEN)".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must be a base URL, without a query or fragment".to_string());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err("plain http is allowed only for loopback addresses; use https".into()),
        other => Err(format!("unsupported scheme {other}; use https")),
    }
}

/// Whether `url`'s host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
pub(super) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Refuses a clone URL a forge may not hand on (see the module doc); `forge_is_local` says
/// whether the forge that listed it is on loopback.
pub(super) fn check_clone_url(value: &str, forge_is_local: bool) -> Result<(), String> {
    check_text("clone URL", value, MAX_CLONE_URL)?;
    if value.chars().any(char::is_whitespace) {
        return Err("clone URL holds white space".to_string());
    }
    let url = Url::parse(value).map_err(|_| "clone URL is not a URL".to_string())?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("clone URL holds credentials".to_string());
    }
    let allowed = match url.scheme() {
        "https" => url.host_str().is_some(),
        "http" => is_loopback(&url) && forge_is_local,
        "file" => forge_is_local && url.host_str().is_none_or(|h| h.is_empty()),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(format!(
            "clone URL refused: only https is cloned{}",
            if forge_is_local {
                " (and http or file:// from a loopback forge)"
            } else {
                ""
            }
        ))
    }
}

/// Refuses a forge's string that is longer than `max` bytes or holds control characters
/// (no forge allows them in names; a terminal would act on them).
pub(super) fn check_text(what: &str, value: &str, max: usize) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("empty {what}"));
    }
    if value.len() > max {
        return Err(format!("{what} over {max} bytes"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{what} holds control characters"));
    }
    Ok(())
}

/// A target name as one percent-encoded path segment: `acme/platform` becomes
/// `acme%2Fplatform` (GitLab's form for a full path). `.` and `..` are refused: URL parsing
/// would treat them, even encoded, as moves up the API's path.
pub(super) fn path_segment(name: &str) -> Result<String, String> {
    check_text("name", name, MAX_TARGET_NAME)?;
    if name == "." || name == ".." {
        return Err("not a name".to_string());
    }
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_bases() {
        let cases: &[(&str, bool)] = &[
            ("https://api.github.com", true),
            ("https://ghe.example/api/v3", true),
            ("http://127.0.0.1:8080", true),
            ("http://[::1]:8080/api", true),
            ("http://localhost:3000", true),
            ("http://api.github.com", false),
            ("http://10.0.0.1", false),
            ("https://me:ghp_x@api.github.com", false),
            ("https://api.github.com?x=1", false),
            ("ftp://api.github.com", false),
            ("api.github.com", false),
        ];
        for (value, ok) in cases {
            assert_eq!(check_api_base(value).is_ok(), *ok, "{value}");
        }
        let refused = check_api_base("http://gitlab.example").unwrap_err();
        assert!(refused.contains("loopback"), "{refused}");
    }

    #[test]
    fn clone_urls() {
        // (URL, from a remote forge, from a loopback forge)
        let cases: &[(&str, bool, bool)] = &[
            ("https://github.com/acme/api.git", true, true),
            ("http://127.0.0.1:9/acme/api.git", false, true),
            ("http://github.com/acme/api.git", false, false),
            ("file:///srv/git/api", false, true),
            ("file://host/srv/git/api", false, false),
            ("ssh://git@github.com/acme/api.git", false, false),
            ("git@github.com:acme/api.git", false, false),
            ("git://github.com/acme/api.git", false, false),
            ("ext::sh -c touch% /tmp/pwned", false, false),
            ("/srv/git/api", false, false),
            ("../../x", false, false),
            ("https://x-access-token:ghp_x@github.com/a/b", false, false),
            ("https://github.com/a/b\n", false, false),
        ];
        for (value, remote, local) in cases {
            assert_eq!(check_clone_url(value, false).is_ok(), *remote, "{value}");
            assert_eq!(check_clone_url(value, true).is_ok(), *local, "{value}");
        }
        let long = format!("https://github.com/{}", "a".repeat(MAX_CLONE_URL));
        assert!(check_clone_url(&long, false).is_err());
    }

    #[test]
    fn names_become_one_segment() {
        assert_eq!(path_segment("acme").as_deref(), Ok("acme"));
        assert_eq!(
            path_segment("acme/platform team").as_deref(),
            Ok("acme%2Fplatform%20team")
        );
        assert_eq!(path_segment("../x").as_deref(), Ok("..%2Fx"));
        assert!(path_segment("..").is_err());
        assert!(path_segment(".").is_err());
        assert!(path_segment("").is_err());
        assert!(path_segment("a\nb").is_err());
    }
}
