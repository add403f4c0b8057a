//! Okta's rate limits, per org: every answer says how many calls are left
//! (`X-Rate-Limit-Remaining`) and when the window resets (`X-Rate-Limit-Reset`, epoch
//! seconds). Verification shares that budget with the org's real workloads, so it pauses
//! while an org is near its limit instead of spending the last calls.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, DATE};

/// Longest wait for a rate-limit window, whatever the org says.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// The last known budget of each org.
#[derive(Debug, Default)]
pub struct RateGates {
    orgs: Mutex<HashMap<String, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    remaining: u64,
    limit: u64,
    resets_at: Instant,
}

impl RateGates {
    /// How long to wait before the next call to `org`: until its window resets when fewer
    /// than a tenth of its calls (at least one) are left.
    pub fn wait_for(&self, org: &str, now: Instant) -> Duration {
        let orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        match orgs.get(org) {
            Some(w) if w.remaining <= (w.limit / 10).max(1) => {
                w.resets_at.saturating_duration_since(now).min(MAX_WAIT)
            }
            _ => Duration::ZERO,
        }
    }

    /// Records what an answer from `org` said about its budget.
    pub fn record(&self, org: &str, headers: &HeaderMap, now: Instant) {
        let (Some(remaining), Some(wait)) = (
            header_u64(headers, "x-rate-limit-remaining"),
            until_reset(headers, SystemTime::now()),
        ) else {
            return;
        };
        let limit = header_u64(headers, "x-rate-limit-limit").unwrap_or(0);
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        orgs.insert(
            org.to_string(),
            Window {
                remaining,
                limit,
                resets_at: now + wait,
            },
        );
    }
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// How long until the window in `headers` resets: reset − the server's `Date` + 1 s, as
/// Okta's SDKs compute it (immune to clock skew); against our clock when `Date` is missing.
/// Capped at [`MAX_WAIT`].
pub fn until_reset(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let reset = header_u64(headers, "x-rate-limit-reset")?;
    let server_now = headers
        .get(DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(parse_http_date)
        .or_else(|| now.duration_since(UNIX_EPOCH).ok().map(|d| d.as_secs()))?;
    let secs = reset.saturating_sub(server_now) + 1;
    Some(Duration::from_secs(secs).min(MAX_WAIT))
}

/// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) into epoch seconds.
pub fn parse_http_date(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, sec] = hms[..] else {
        return None;
    };
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + m * 60 + sec).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn waits_from_the_servers_clock() {
        let h = headers(&[
            ("date", "Thu, 01 Jan 1970 00:00:10 GMT"),
            ("x-rate-limit-reset", "14"),
        ]);
        assert_eq!(until_reset(&h, UNIX_EPOCH), Some(Duration::from_secs(5)));
        let far = headers(&[("x-rate-limit-reset", "999999")]);
        assert_eq!(until_reset(&far, UNIX_EPOCH), Some(MAX_WAIT));
    }

    #[test]
    fn pauses_near_the_limit() {
        let gates = RateGates::default();
        let now = Instant::now();
        let reset = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3;
        let reset = reset.to_string();
        gates.record(
            "a",
            &headers(&[
                ("x-rate-limit-limit", "100"),
                ("x-rate-limit-remaining", "50"),
                ("x-rate-limit-reset", &reset),
            ]),
            now,
        );
        assert_eq!(gates.wait_for("a", now), Duration::ZERO);
        gates.record(
            "a",
            &headers(&[
                ("x-rate-limit-limit", "100"),
                ("x-rate-limit-remaining", "10"),
                ("x-rate-limit-reset", &reset),
            ]),
            now,
        );
        let wait = gates.wait_for("a", now);
        assert!(wait >= Duration::from_secs(2) && wait <= Duration::from_secs(5));
        assert_eq!(gates.wait_for("b", now), Duration::ZERO);
    }
}
