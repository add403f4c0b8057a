//! Name resolution for verification: a host found in scanned content may only be reached at
//! public addresses. A name that resolves to loopback, private, link-local or otherwise
//! reserved addresses is refused before any connection, and the client connects only to the
//! addresses checked here (no second lookup that DNS could answer differently).

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// A host the resolver gave no address to call; the verifier reports it as it is, not as the
/// HTTP client's chain of wrapped errors.
#[derive(Debug, thiserror::Error)]
pub enum Unresolved {
    /// The name did not resolve at all.
    #[error("{host} does not resolve ({reason}): a mistyped or deleted org, or no DNS here")]
    NoAddress {
        /// The host name.
        host: String,
        /// What the system resolver said.
        reason: String,
    },
    /// Only to addresses a host found in scanned content may not be sent a token.
    #[error(
        "{host} resolves to no public address (loopback, private or reserved addresses are \
         refused for hosts found in scanned content)"
    )]
    NotPublic {
        /// The host name.
        host: String,
    },
}

impl Unresolved {
    fn no_address(host: String, err: &std::io::Error) -> Unresolved {
        let said = err.to_string();
        // getaddrinfo's text comes after std's own preamble.
        let reason = said
            .strip_prefix("failed to lookup address information: ")
            .unwrap_or(&said)
            .to_string();
        Unresolved::NoAddress { host, reason }
    }
}

/// Resolves with the system resolver; drops non-public addresses unless the user named the
/// host.
#[derive(Debug, Default)]
pub struct GuardedResolver {
    named_hosts: HashSet<String>,
}

impl GuardedResolver {
    /// A resolver that trusts the hosts the user named (`--okta-org`, `--okta-endpoint`).
    pub fn new(named_hosts: impl IntoIterator<Item = String>) -> Self {
        GuardedResolver {
            named_hosts: named_hosts
                .into_iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let trusted = self.named_hosts.contains(&host);
        Box::pin(async move {
            let looked_up = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map(|found| found.collect::<Vec<SocketAddr>>());
            let found = match looked_up {
                Ok(found) => found,
                Err(err) => return Err(Unresolved::no_address(host, &err).into()),
            };
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| trusted || is_public(a.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Unresolved::NotPublic { host }.into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether `ip` is a globally routable unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`, deprecated) or IPv4-translated (`::ffff:0:a.b.c.d`, RFC 2765) address: each
/// may reach that IPv4 host, so it is judged as that host.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s[..6] {
        [0, 0, 0, 0, 0, 0xffff] | [0, 0, 0, 0, 0xffff, 0] => Some(v4),
        // `::` and `::1` are their own classes (unspecified, loopback).
        [0, 0, 0, 0, 0, 0] if !ip.is_unspecified() && !ip.is_loopback() => Some(v4),
        _ => None,
    }
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated, still routed inside sites)
        || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
        || first == 0x0064 // NAT64 (may reach private IPv4)
        || first == 0x2002) // 6to4 (may reach private IPv4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resolvers_reason_is_kept_without_its_preamble() {
        let err = std::io::Error::other(
            "failed to lookup address information: Name or service not known",
        );
        let u = Unresolved::no_address("acme.okta.com".into(), &err);
        assert_eq!(
            u.to_string(),
            "acme.okta.com does not resolve (Name or service not known): a mistyped or deleted \
             org, or no DNS here"
        );
    }

    #[test]
    fn address_classes() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::7f00:1",
            "::ffff:0:7f00:1",
            "::ffff:0:a00:1",
            "::a00:1",
            "fec0::1",
            "::",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["8.8.8.8", "104.16.0.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn a_found_host_resolving_to_loopback_is_refused() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let name: Name = "localhost".parse().unwrap();
        let refused = runtime.block_on(GuardedResolver::default().resolve(name));
        let err = refused
            .err()
            .expect("localhost must be refused")
            .to_string();
        assert!(err.contains("no public address"), "{err}");

        let name: Name = "localhost".parse().unwrap();
        let named = GuardedResolver::new(["localhost".to_string()]);
        let addrs: Vec<SocketAddr> = runtime.block_on(named.resolve(name)).unwrap().collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()) && !addrs.is_empty());
    }
}
