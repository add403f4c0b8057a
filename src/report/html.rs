//! The audit's HTML report: one self-contained page for people who decide what to revoke.
//!
//! It owns the page: headline counts, the timeline and per-repository charts (inline SVG
//! drawn here, `chart`), the table of secrets with every place and remediation step, and
//! the small script that sorts and filters that table. It reads an [`AuditReport`] and
//! nothing else; what the report holds is the datastore's business.
//!
//! Callers can rely on this: the page loads nothing (a Content-Security-Policy of
//! `default-src 'none'` that allows only this page's own style and script, by hash); it reads
//! whole without script; every string from the report is escaped (`escape`) and has its
//! tokens redacted, so the only full token on the page is an `AuditSecret::secret` the
//! caller chose to fill.

mod chart;
mod escape;
mod secrets;

use std::io::{self, Write};

use super::audit::AuditReport;
use chart::Day;
use escape::{csp_source, lines, script_json, text};

/// The page's style sheet and script, kept in files of their own so they read as CSS and
/// JavaScript; their hashes go into the page's policy at render time.
const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Writes the report as one HTML page.
pub fn write(out: &mut dyn Write, report: &AuditReport) -> io::Result<()> {
    out.write_all(render(report).as_bytes())?;
    out.flush()
}

/// The whole page.
fn render(report: &AuditReport) -> String {
    let mut page = head(report);
    page.push_str("<body>\n<header><h1>Okta credential audit</h1>\n");
    page.push_str(&format!(
        "<p class=\"meta\">{} · {} repositories audited · oktaleaks {}</p></header>\n<main>\n",
        generated(&report.generated_at),
        report.summary.repositories,
        env!("CARGO_PKG_VERSION"),
    ));
    page.push_str(&alerts(report));
    page.push_str(&summary(report));
    page.push_str(&charts(report));
    page.push_str(&secrets::table(&report.secrets));
    page.push_str(&repositories(report));
    page.push_str("</main>\n<footer><p>Tokens are shown redacted");
    if report.secrets.iter().any(|s| s.secret.is_some()) {
        page.push_str(", except where this report was asked to show them: keep it private");
    }
    page.push_str(
        ". Every name, path and message on this page comes from the audited repositories \
         and is shown as text.</p></footer>\n",
    );
    page.push_str(&format!(
        "<script type=\"application/json\" id=\"audit-data\">{}</script>\n",
        script_json(&secrets::script_data(&report.secrets))
    ));
    page.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    page
}

/// The document head. The policy comes first, before anything it governs.
fn head(report: &AuditReport) -> String {
    let policy = format!(
        "default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'",
        csp_source(STYLE),
        csp_source(SCRIPT)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Okta credential audit: {} secrets, {} live</title>\n<style>{STYLE}</style>\n\
         </head>\n",
        report.summary.secrets, report.summary.live
    )
}

/// `Generated 2024-05-01` (or the raw timestamp, escaped, when it is no date).
fn generated(timestamp: &str) -> String {
    match Day::parse(timestamp) {
        Some(day) => format!("Generated {}", day.html()),
        None if timestamp.is_empty() => "Generation date unknown".to_string(),
        None => format!("Generated {}", text(timestamp)),
    }
}

/// Secrets marked `revoked` whose latest check found them live.
fn revoked_but_live(report: &AuditReport) -> usize {
    report
        .secrets
        .iter()
        .filter(|s| s.triage.revoked_but_live)
        .count()
}

/// The loud part: live secrets and revocations that did not take, first thing on the page.
fn alerts(report: &AuditReport) -> String {
    let mut alerts = String::new();
    let live = report.summary.live;
    if live > 0 {
        let (noun, verb) = if live == 1 {
            ("secret is", "it")
        } else {
            ("secrets are", "them")
        };
        alerts.push_str(&format!(
            "<p class=\"alert\" role=\"alert\"><strong>{live} live {noun} usable right \
             now.</strong> Revoke {verb} first; the table below starts with the live ones.</p>\n"
        ));
    }
    let undone = revoked_but_live(report);
    if undone > 0 {
        let noun = if undone == 1 {
            "secret marked revoked is"
        } else {
            "secrets marked revoked are"
        };
        alerts.push_str(&format!(
            "<p class=\"alert\" role=\"alert\"><strong>{undone} {noun} still live.</strong> \
             The revocation did not take: revoke again and check the token's owner.</p>\n"
        ));
    }
    alerts
}

/// The headline counts, as cards.
fn summary(report: &AuditReport) -> String {
    let s = &report.summary;
    let undone = revoked_but_live(report) as u64;
    let cards = [
        ("Secrets", s.secrets.to_string(), ""),
        ("Live", s.live.to_string(), alarm_if(s.live)),
        ("Revoked but live", undone.to_string(), alarm_if(undone)),
        ("Inactive", s.inactive.to_string(), ""),
        ("Unknown", s.unknown.to_string(), ""),
        ("Not checked", s.not_checked.to_string(), ""),
        ("Open", s.open.to_string(), ""),
        (
            "Repositories affected",
            format!("{} / {}", s.repositories_affected, s.repositories),
            "",
        ),
        (
            "Failed repositories",
            s.repositories_failed.to_string(),
            if s.repositories_failed > 0 {
                "warn"
            } else {
                ""
            },
        ),
        ("Oldest open leak", oldest_open_leak(report), ""),
    ];
    let mut out = String::from(
        "<section aria-labelledby=\"summary-heading\"><h2 id=\"summary-heading\">Summary</h2>\
         \n<dl class=\"cards\">\n",
    );
    for (label, value, class) in cards {
        out.push_str(&format!(
            "<div class=\"card {class}\"><dt>{label}</dt><dd>{value}</dd></div>\n"
        ));
    }
    out.push_str("</dl></section>\n");
    out
}

fn alarm_if(count: u64) -> &'static str {
    if count > 0 {
        "alarm"
    } else {
        ""
    }
}

/// `2019-04-02` and its age at the report's date, or `none`.
fn oldest_open_leak(report: &AuditReport) -> String {
    let Some(oldest) = report.summary.oldest_open_leak.as_deref() else {
        return "none".to_string();
    };
    let Some(day) = Day::parse(oldest) else {
        return text(oldest);
    };
    match Day::parse(&report.generated_at) {
        Some(now) => format!(
            "{} <span class=\"sub\">{}</span>",
            day.html(),
            chart::age(day.days_until(now))
        ),
        None => day.html(),
    }
}

/// The timeline and the per-repository chart.
fn charts(report: &AuditReport) -> String {
    let dated: Vec<(Day, State)> = report
        .secrets
        .iter()
        .filter_map(|s| {
            let day = Day::parse(&s.first_leak.as_ref()?.date)?;
            Some((day, State::of(&s.verdict.state)))
        })
        .collect();
    let undated = report.secrets.len() - dated.len();
    let mut out = String::from(
        "<section aria-labelledby=\"timeline-heading\"><h2 id=\"timeline-heading\">When they \
         leaked</h2>\n<p>Each bar counts the secrets whose first commit falls in that period, \
         coloured by their latest check.</p>\n",
    );
    out.push_str(&legend());
    out.push_str(&chart::timeline(&dated));
    if undated > 0 {
        out.push_str(&format!(
            "<p class=\"sub\">{undated} secrets have no dated first commit and are not \
             charted.</p>\n"
        ));
    }
    out.push_str("</section>\n");
    out
}

fn legend() -> String {
    let mut out = String::from("<ul class=\"legend\" aria-label=\"Colours\">");
    for state in State::ALL {
        out.push_str(&format!(
            "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\"s-{}\" \
             width=\"12\" height=\"12\"/></svg> {}</li>",
            state.class(),
            state.title()
        ));
    }
    out.push_str("</ul>\n");
    out
}

/// Secrets per repository (a sorted table with bars), failed repositories with their
/// errors, and the clean ones folded away.
fn repositories(report: &AuditReport) -> String {
    let rows = secrets::per_repository(report);
    let largest = rows.first().map_or(0, |r| r.secrets);
    let mut out = String::from(
        "<section aria-labelledby=\"repositories-heading\"><h2 id=\"repositories-heading\">\
         Repositories</h2>\n<table class=\"repositories\"><caption>Secrets per repository, \
         most first</caption><thead><tr><th scope=\"col\">Repository</th><th scope=\"col\">\
         Secrets</th><th scope=\"col\">Live</th><th scope=\"col\">Audit</th></tr></thead>\
         <tbody>\n",
    );
    for row in rows.iter().filter(|r| r.secrets > 0) {
        out.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td class=\"num\">{} {}</td>\
             <td class=\"num\">{}</td><td>{}</td></tr>\n",
            text(row.url),
            chart::bar(row.secrets, row.live, largest),
            row.secrets,
            row.live,
            text(row.status)
        ));
    }
    out.push_str("</tbody></table>\n");
    let failed: Vec<_> = report
        .repositories
        .iter()
        .filter(|r| r.status == "failed")
        .collect();
    if !failed.is_empty() {
        out.push_str("<h3>Failed audits</h3>\n<ul class=\"failed\">\n");
        for repo in failed {
            let error = repo.error.as_deref().unwrap_or("no reason recorded");
            out.push_str(&format!(
                "<li><code>{}</code>: <span class=\"note\">{}</span></li>\n",
                text(&repo.url),
                lines(error)
            ));
        }
        out.push_str("</ul>\n");
    }
    let clean: Vec<_> = rows.iter().filter(|r| r.secrets == 0).collect();
    if !clean.is_empty() {
        out.push_str(&format!(
            "<details><summary>{} repositories without secrets</summary><ul>\n",
            clean.len()
        ));
        for row in clean {
            out.push_str(&format!("<li><code>{}</code></li>\n", text(row.url)));
        }
        out.push_str("</ul></details>\n");
    }
    out.push_str("</section>\n");
    out
}

/// A secret's latest check, as the page groups and colours it. Only these fixed names reach
/// class names and the script's filter; a state the page does not know is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Live,
    Unknown,
    NotChecked,
    Inactive,
    Other,
}

impl State {
    /// In the order the timeline stacks them and the table sorts them: most urgent first.
    const ALL: [State; 5] = [
        State::Live,
        State::Unknown,
        State::NotChecked,
        State::Inactive,
        State::Other,
    ];

    fn of(state: &str) -> State {
        match state {
            "live" => State::Live,
            "unknown" => State::Unknown,
            "not_checked" => State::NotChecked,
            "inactive" => State::Inactive,
            _ => State::Other,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The CSS class suffix and the filter's value.
    fn class(self) -> &'static str {
        match self {
            State::Live => "live",
            State::Unknown => "unknown",
            State::NotChecked => "not-checked",
            State::Inactive => "inactive",
            State::Other => "other",
        }
    }

    fn label(self) -> &'static str {
        match self {
            State::NotChecked => "not checked",
            State::Other => "other",
            state => state.class(),
        }
    }

    fn title(self) -> &'static str {
        match self {
            State::Live => "Live",
            State::Unknown => "Unknown",
            State::NotChecked => "Not checked",
            State::Inactive => "Inactive",
            State::Other => "Other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::audit::{
        AuditLeak, AuditLocation, AuditRepository, AuditSecret, AuditStep, AuditSummary,
        AuditTriage, AuditVerdict,
    };

    const TOKEN: &str = "00QCjAl4MlV-WPXM0HmjFx-vbGua0HmjFx-vbGua12";
    const SCRIPT_PATH: &str = "</script><script>alert(1)</script>";
    const IMG_AUTHOR: &str = "<img src=x onerror=alert(1)>";
    const QUOTED_NOTE: &str = "said \"no\" & 'yes'";

    fn hostile_report() -> AuditReport {
        let place = AuditLocation {
            repository: "https://git.example/<b>r</b>".into(),
            path: SCRIPT_PATH.into(),
            line: 3,
            column: 7,
            blob: "b1".into(),
            commit: "c0ffee\"><script>".into(),
            author: IMG_AUTHOR.into(),
            date: "2021-03-04T05:06:07Z".into(),
        };
        let secret = AuditSecret {
            id: "h1".into(),
            redacted: crate::secret::redact(TOKEN),
            rule_id: "okta.ssws".into(),
            org: Some("acme.okta.com\"><svg onload=alert(2)>".into()),
            verdict: AuditVerdict {
                state: "live\"><i>".into(),
                owner: Some(format!("bot {TOKEN}")),
                ..AuditVerdict::default()
            },
            triage: AuditTriage {
                status: "open".into(),
                note: Some(QUOTED_NOTE.into()),
                ..AuditTriage::default()
            },
            first_leak: Some(AuditLeak {
                repository: place.repository.clone(),
                commit: place.commit.clone(),
                author: IMG_AUTHOR.into(),
                date: place.date.clone(),
            }),
            repositories: vec![place.repository.clone()],
            locations: vec![place],
            remediation: vec![AuditStep {
                title: "Revoke <it>".into(),
                detail: "At https://acme-admin.okta.com/admin/access/api/tokens, not \
                         javascript:alert(3)."
                    .into(),
            }],
            ..AuditSecret::default()
        };
        AuditReport {
            generated_at: "2024-05-01T00:00:00Z".into(),
            summary: AuditSummary {
                secrets: 1,
                oldest_open_leak: Some("2021-03-04T05:06:07Z".into()),
                ..AuditSummary::default()
            },
            secrets: vec![secret],
            repositories: vec![AuditRepository {
                url: "https://git.example/</table>".into(),
                status: "failed".into(),
                error: Some("refused <script>".into()),
                ..AuditRepository::default()
            }],
        }
    }

    fn page_of(report: &AuditReport) -> String {
        let mut out = Vec::new();
        write(&mut out, report).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn hostile_strings_are_text_only() {
        let page = page_of(&hostile_report());
        for raw in [
            SCRIPT_PATH,
            IMG_AUTHOR,
            QUOTED_NOTE,
            "<svg onload",
            "<b>r</b>",
            "c0ffee\">",
            "<it>",
            "example/</table>",
            "refused <script>",
            "\"><i>",
        ] {
            assert!(!page.contains(raw), "{raw:?} reached the page raw");
        }
        for escaped in [
            "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;:3:7",
            "&lt;img src=x onerror=alert(1)&gt;",
            "said &quot;no&quot; &amp; &#39;yes&#39;",
            "title=\"c0ffee&quot;&gt;&lt;script&gt;\"",
        ] {
            assert!(page.contains(escaped), "{escaped:?} missing");
        }
        assert_eq!(
            page.matches("<script").count(),
            2,
            "only the page's own scripts"
        );
        assert!(!page.contains("javascript:alert(3)</a>"));
        assert!(page.contains(
            "<a href=\"https://acme-admin.okta.com/admin/access/api/tokens\" rel=\"noreferrer\">"
        ));
    }

    #[test]
    fn script_data_cannot_end_its_element() {
        let page = page_of(&hostile_report());
        let start = page.find("id=\"audit-data\">").expect("data block") + 16;
        let end = start + page[start..].find("</script>").expect("block ends");
        let data = &page[start..end];
        assert!(!data.contains('<') && !data.contains('>') && !data.contains('&'));
        let value: serde_json::Value = serde_json::from_str(data).expect("JSON");
        let search = value["rows"][0]["search"].as_str().expect("search text");
        assert!(search.contains(&SCRIPT_PATH.to_lowercase()), "{search}");
    }

    #[test]
    fn no_full_token_unless_the_caller_put_it_in() {
        let mut report = hostile_report();
        let page = page_of(&report);
        assert!(!page.contains(TOKEN));
        assert!(page.contains("bot 00QCjA…Gua12"));

        report.secrets[0].secret = Some(TOKEN.into());
        let page = page_of(&report);
        assert_eq!(
            page.matches(TOKEN).count(),
            1,
            "only the secret field shows it"
        );
    }

    #[test]
    fn policy_allows_exactly_the_inline_style_and_script() {
        let page = page_of(&hostile_report());
        let policy = format!(
            "content=\"default-src 'none'; style-src {}; script-src {}; base-uri 'none'; \
             form-action 'none'\"",
            csp_source(STYLE),
            csp_source(SCRIPT)
        );
        assert!(page.contains(&policy), "policy missing");
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(page.find("Content-Security-Policy") < page.find("<style>"));
        assert!(
            !page.contains(" style=\""),
            "inline style attributes need 'unsafe-inline'"
        );
    }

    #[test]
    fn headline_counts_and_unknown_verdicts() {
        let mut report = hostile_report();
        report.summary.live = 2;
        report.secrets[0].triage.revoked_but_live = true;
        let page = page_of(&report);
        assert!(page.contains("<strong>2 live secrets are usable right now.</strong>"));
        assert!(page.contains("<strong>1 secret marked revoked is still live.</strong>"));
        assert!(page.contains(
            "<dt>Oldest open leak</dt><dd><time datetime=\"2021-03-04\">2021-03-04</time> <span class=\"sub\">3.2 years old</span></dd>"
        ));
        // An unknown verdict state is shown as text and styled as `other`.
        assert!(page.contains("<span class=\"badge s-other\">live&quot;&gt;&lt;i&gt;</span>"));
    }
}
