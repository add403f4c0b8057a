//! The Okta orgs a token may be sent to, and the rules that keep it from going anywhere else.
//!
//! Two kinds. Orgs *discovered* in scanned content must be `<name>.<Okta domain>` (the list
//! below, fixed in the code so that no rules file or scanned repository can widen it) and
//! are reached over HTTPS on port 443, at addresses that must be public. Orgs the user
//! *names* (`--okta-org`, `--okta-endpoint`) may be custom domains at any address; plain
//! http is allowed there only for loopback addresses.

use reqwest::Url;

use crate::error::VerifyError;

/// The domains Okta serves orgs from.
pub const OKTA_DOMAINS: &[&str] = &[
    "okta.com",
    "oktapreview.com",
    "okta-emea.com",
    "okta-gov.com",
    "okta.mil",
    "okta-miltest.com",
    "trex-gov.com",
    "trex-govcloud.com",
];

/// One org to ask.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Org {
    /// The org as reports name it: `https://acme.okta.com`.
    pub url: String,
    /// Where requests go: the org, or the endpoint the user routed it to.
    pub endpoint: Url,
    /// The user named it or its endpoint: its host may resolve to a private address.
    pub named: bool,
}

/// User-given routes: requests for an org go to another endpoint (`--okta-endpoint`).
#[derive(Debug, Clone, Default)]
pub struct Routes(Vec<(String, Url)>);

impl Routes {
    /// Parses `ORG=URL` values, such as `acme.okta.com=http://127.0.0.1:8080`.
    pub fn parse(values: &[String]) -> Result<Routes, VerifyError> {
        let mut routes = Vec::new();
        for value in values {
            let (org, url) = value.split_once('=').ok_or_else(|| VerifyError::Org {
                value: value.clone(),
                problem: "expected ORG=URL, such as acme.okta.com=http://127.0.0.1:8080".into(),
            })?;
            let org = Org::named(org)?;
            let endpoint = Org::named(url)?;
            routes.push((org.url, endpoint.endpoint));
        }
        Ok(Routes(routes))
    }

    /// `org` with its requests sent where the user routed them, if anywhere: routes apply
    /// to every org, named or discovered.
    pub fn apply(&self, org: Org) -> Org {
        match self.route(&org.url) {
            Some(endpoint) => Org {
                endpoint: endpoint.clone(),
                named: true,
                ..org
            },
            None => org,
        }
    }

    fn route(&self, org_url: &str) -> Option<&Url> {
        self.0.iter().find(|(o, _)| o == org_url).map(|(_, u)| u)
    }

    /// Hosts the user named as endpoints.
    pub fn hosts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|(_, u)| u.host_str())
    }
}

impl Org {
    /// An org URL found in scanned content (`https://acme.okta.com`). Refused unless its host
    /// is one name under an Okta domain.
    pub fn discovered(url: &str, routes: &Routes) -> Result<Org, VerifyError> {
        let refuse = |problem: &str| VerifyError::Org {
            value: url.to_string(),
            problem: format!("{problem}; not contacted"),
        };
        let parsed = Url::parse(url).map_err(|e| refuse(&e.to_string()))?;
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        if parsed.scheme() != "https"
            || parsed.port().is_some()
            || !parsed.username().is_empty()
            || parsed.password().is_some()
            || parsed.path() != "/"
            || parsed.query().is_some()
        {
            return Err(refuse("not a plain https://<org> URL"));
        }
        let org_host = okta_org_host(&host).ok_or_else(|| refuse("not an Okta org host"))?;
        let org_url = format!("https://{org_host}");
        let endpoint = Url::parse(&org_url).map_err(|e| refuse(&e.to_string()))?;
        Ok(routes.apply(Org {
            url: org_url,
            endpoint,
            named: false,
        }))
    }

    /// An org the user named: `https://acme.okta.com`, `acme.okta.com`, a custom domain, or
    /// `http://127.0.0.1:PORT` (plain http only on loopback).
    pub fn named(value: &str) -> Result<Org, VerifyError> {
        let refuse = |problem: &str| VerifyError::Org {
            value: value.to_string(),
            problem: problem.to_string(),
        };
        let with_scheme = if value.contains("://") {
            value.to_string()
        } else {
            format!("https://{value}")
        };
        let mut url = Url::parse(&with_scheme).map_err(|e| refuse(&e.to_string()))?;
        let host = url
            .host_str()
            .ok_or_else(|| refuse("has no host"))?
            .to_ascii_lowercase();
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("must not hold credentials"));
        }
        if url.query().is_some() || url.fragment().is_some() || url.path() != "/" {
            return Err(refuse("must be an org's base URL, without a path"));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback_host(&host) => {}
            "http" => {
                return Err(refuse(
                    "plain http is allowed only for loopback addresses; use https",
                ))
            }
            other => return Err(refuse(&format!("unsupported scheme {other}"))),
        }
        // The API lives on the org host, not on its admin console.
        if let Some(org_host) = okta_org_host(&host) {
            url.set_host(Some(&org_host))
                .map_err(|e| refuse(&e.to_string()))?;
        }
        let shown = url.as_str().trim_end_matches('/').to_string();
        Ok(Org {
            url: shown,
            endpoint: url,
            named: true,
        })
    }
}

/// `acme.okta.com` and `acme-admin.okta.com` give `acme.okta.com`; anything that is not one
/// DNS label under an Okta domain gives `None`. (Okta's own sites, `www.okta.com` and the
/// like, pass: they are Okta's; the rules keep them from being found as orgs.)
pub fn okta_org_host(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let (label, domain) = host.split_once('.')?;
    if !OKTA_DOMAINS.contains(&domain) {
        return None;
    }
    let label = label.strip_suffix("-admin").unwrap_or(label);
    let valid = !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| format!("{label}.{domain}"))
}

fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovered_orgs_must_be_okta_hosts() {
        let none = Routes::default();
        let org = Org::discovered("https://acme-admin.okta.com", &none).unwrap();
        assert_eq!(org.url, "https://acme.okta.com");
        assert_eq!(org.endpoint.as_str(), "https://acme.okta.com/");
        assert!(!org.named);
        for bad in [
            "https://attacker.example",
            "https://acme.okta.com.attacker.example",
            "https://a.b.okta.com",
            "http://acme.okta.com",
            "https://acme.okta.com:8443",
            "https://user@acme.okta.com",
            "https://127.0.0.1",
            "https://localhost",
            "https://oktacdn.com",
        ] {
            assert!(Org::discovered(bad, &none).is_err(), "{bad}");
        }
    }

    #[test]
    fn routes_send_a_discovered_org_elsewhere() {
        let routes = Routes::parse(&["acme.okta.com=http://127.0.0.1:9".into()]).unwrap();
        let org = Org::discovered("https://acme.okta.com", &routes).unwrap();
        assert_eq!(org.endpoint.as_str(), "http://127.0.0.1:9/");
        assert_eq!(org.url, "https://acme.okta.com");
        assert!(org.named);
        assert!(Routes::parse(&["acme.okta.com".into()]).is_err());
        assert!(Routes::parse(&["acme.okta.com=http://example.com".into()]).is_err());
    }

    #[test]
    fn named_orgs() {
        assert_eq!(
            Org::named("acme-admin.oktapreview.com").unwrap().url,
            "https://acme.oktapreview.com"
        );
        assert_eq!(
            Org::named("https://login.example.com/").unwrap().url,
            "https://login.example.com"
        );
        assert_eq!(
            Org::named("http://127.0.0.1:8080").unwrap().url,
            "http://127.0.0.1:8080"
        );
        assert!(Org::named("http://[::1]:8080").is_ok());
        assert!(Org::named("http://login.example.com").is_err());
        assert!(Org::named("https://acme.okta.com/api/v1").is_err());
        assert!(Org::named("https://u:p@acme.okta.com").is_err());
        assert!(Org::named("ftp://acme.okta.com").is_err());
    }
}
