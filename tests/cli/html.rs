//! The audit's HTML report in headless Chromium (`chromium.rs`): it loads nothing, logs no
//! error, shows the headline counts, sorts and filters, runs none of the hostile strings it
//! shows, and never holds a full token. Reports are built by hand through the library, so
//! these tests need no datastore; a CLI test can feed `report --format html` output to the
//! same `render_in_chromium`.

use std::path::{Path, PathBuf};

use oktaleaks::report::audit::{
    AuditLeak, AuditLocation, AuditReport, AuditRepository, AuditSecret, AuditStep, AuditSummary,
    AuditTriage, AuditVerdict,
};
use oktaleaks::secret::redact;
use serde_json::Value;

use crate::chromium::{png_size, render_in_chromium, ChromiumPage, VIEWPORT};

/// Made-up tokens shaped like Okta's (`00` and 40 more), one per sample secret.
const TOKENS: [&str; 8] = [
    "00Xq4vR8tN2mK6pL0sD3fG7hJ1kZ5cV9bN3mQ7wE1r",
    "00Lp9oK8iJ7uH6yG5tF4rD3eS2wA1qZ0xC9vB8nM7m",
    "00aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3a",
    "00Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7z",
    "00Mn4Bv5Cx6Zl7Kj8Hg9Fd0Sa1Qw2Er3Ty4Ui5Op6p",
    "00Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8Vb7Nm6q",
    "00Pl1Ok2Ij3Uh4Yg5Tf6Rd7Es8Wa9Qz0Xs1Cd2Vf3b",
    "00Ht5Gr4Fe3Dw2Cs1Ba0Zq9Yp8Xo7Wn6Vm5Ul4Tk3c",
];
/// A token in a path, not one of the secrets: the page must redact it too.
const TOKEN_IN_A_PATH: &str = "00Rf7Tg6Yh5Uj4Ik3Ol2Pm1Nb0Vc9Xz8As7Dq6We5r";

const REPOS: [&str; 6] = [
    "https://git.example/acme/payments-api",
    "https://git.example/acme/infra-terraform",
    "https://git.example/acme/mobile-app",
    "https://git.example/acme/data-pipelines",
    "https://git.example/acme/website",
    "https://git.example/acme/legacy-sso",
];

const SCRIPT_PATH: &str = "</script><script>alert(1)</script>";
const IMG_AUTHOR: &str = "<img src=x onerror=alert(1)>";
const QUOTED_NOTE: &str = "Rotated by \"ops\" & 'sec' <b>team</b>\u{2028}done";
const SCRIPT_ORG: &str = "evil.okta.com\"><script>alert(2)</script>";

/// One place: (repository index, path, line, author, date).
type Place = (usize, &'static str, u64, &'static str, &'static str);

/// A secret of the sample: its verdict, owner, triage and places; the first leak is its
/// earliest place.
fn secret(
    index: usize,
    state: &str,
    owner: Option<(&str, &str, &str)>,
    triage: (&str, bool),
    places: &[Place],
) -> AuditSecret {
    let locations: Vec<AuditLocation> = places
        .iter()
        .map(|&(repo, path, line, author, date)| AuditLocation {
            repository: REPOS[repo].into(),
            path: path.into(),
            line,
            column: 17,
            blob: format!("b{index}{line}"),
            commit: format!("{index:x}e{line:04x}c0ffee42d00dfeedbeef1234567890abcdef"),
            author: author.into(),
            date: format!("{date}T10:20:30Z"),
        })
        .collect();
    let first = locations.iter().min_by(|a, b| a.date.cmp(&b.date));
    let mut repositories: Vec<String> = locations.iter().map(|l| l.repository.clone()).collect();
    repositories.sort();
    repositories.dedup();
    let (owner, roles, impact) = match owner {
        Some((login, role, impact)) => (Some(login.into()), vec![role.into()], Some(impact.into())),
        None => (None, Vec::new(), None),
    };
    AuditSecret {
        id: format!("{index:032x}"),
        redacted: redact(TOKENS[index]),
        secret: None,
        rule_id: "okta.ssws".into(),
        org: Some("acme.okta.com".into()),
        verdict: AuditVerdict {
            state: state.into(),
            checked_at: (state != "not_checked").then(|| "2024-04-30T08:00:00Z".into()),
            detail: (state == "unknown").then(|| "rate limited (429); try later".into()),
            owner,
            roles,
            impact,
        },
        triage: AuditTriage {
            status: triage.0.into(),
            note: None,
            changed_at: (triage.0 != "open").then(|| "2024-02-01T12:00:00Z".into()),
            revoked_but_live: triage.1,
        },
        first_leak: first.map(|l| AuditLeak {
            repository: l.repository.clone(),
            commit: l.commit.clone(),
            author: l.author.clone(),
            date: l.date.clone(),
        }),
        repositories,
        locations,
        remediation: vec![
            AuditStep {
                title: "Revoke the token".into(),
                detail:
                    "Security > API > Tokens: https://acme-admin.okta.com/admin/access/api/tokens"
                        .into(),
            },
            AuditStep {
                title: "Look for its use".into(),
                detail: "Search the System Log (https://acme-admin.okta.com/report/system_log_2) \
                         for the token's requests since the first leak."
                    .into(),
            },
        ],
    }
}

/// A realistic audit: 8 secrets over 6 repositories, 3 of them live.
fn sample_report() -> AuditReport {
    let dev = "Dana Dev <dana@acme.example>";
    let ops = "Olu Ops <olu@acme.example>";
    let secrets = vec![
        secret(
            0,
            "live",
            Some(("svc-terraform@acme.example", "SUPER_ADMIN", "critical")),
            ("open", false),
            &[
                (1, "modules/okta/provider.tf", 12, ops, "2019-04-02"),
                (1, "envs/prod/terraform.tfvars", 3, ops, "2020-01-15"),
                (0, "deploy/okta.env", 1, dev, "2021-07-08"),
            ],
        ),
        secret(
            1,
            "live",
            Some(("jdoe@acme.example", "ORG_ADMIN", "high")),
            ("revoked", true),
            &[(
                2,
                "android/app/src/main/res/values/okta.xml",
                9,
                dev,
                "2022-11-15",
            )],
        ),
        secret(
            2,
            "live",
            Some(("ci-bot@acme.example", "APP_ADMIN", "medium")),
            ("open", false),
            &[
                (0, "scripts/sync_users.py", 44, dev, "2023-06-07"),
                (0, "scripts/sync_groups.py", 40, dev, "2023-06-09"),
            ],
        ),
        secret(
            3,
            "inactive",
            None,
            ("revoked", false),
            &[
                (3, "airflow/dags/okta_export.py", 27, ops, "2020-06-01"),
                (3, "airflow/.env.example", 5, ops, "2020-06-03"),
            ],
        ),
        secret(
            4,
            "inactive",
            None,
            ("false-positive", false),
            &[(1, "docs/okta-setup.md", 88, ops, "2021-02-10")],
        ),
        secret(
            5,
            "inactive",
            None,
            ("revoked", false),
            &[(0, "config/settings.yaml", 19, dev, "2021-09-30")],
        ),
        secret(
            6,
            "unknown",
            None,
            ("open", false),
            &[
                (3, "jobs/nightly.sh", 7, ops, "2023-08-20"),
                (0, "k8s/secret.yaml", 11, ops, "2023-09-02"),
            ],
        ),
        secret(
            7,
            "not_checked",
            None,
            ("open", false),
            &[(2, "ios/Config.xcconfig", 4, dev, "2024-01-10")],
        ),
    ];
    let repositories = REPOS
        .iter()
        .enumerate()
        .map(|(i, url)| {
            let failed = i == 5;
            AuditRepository {
                url: url.to_string(),
                status: if failed { "failed" } else { "complete" }.into(),
                scanned_at: (!failed).then(|| "2024-05-01T08:55:00Z".into()),
                blobs_scanned: 1000 * (i as u64 + 1),
                secrets: secrets
                    .iter()
                    .filter(|s| s.repositories.iter().any(|r| r == url))
                    .count() as u64,
                error: failed.then(|| "clone failed: repository not found".into()),
            }
        })
        .collect();
    AuditReport {
        generated_at: "2024-05-01T09:00:00Z".into(),
        summary: AuditSummary {
            secrets: 8,
            live: 3,
            inactive: 3,
            unknown: 1,
            not_checked: 1,
            open: 4,
            repositories: 6,
            repositories_affected: 4,
            repositories_failed: 1,
            oldest_open_leak: Some("2019-04-02T10:20:30Z".into()),
        },
        secrets,
        repositories,
    }
}

/// The sample with hostile strings where scanned repositories and servers put text.
fn hostile_report() -> AuditReport {
    let mut report = sample_report();
    let first = &mut report.secrets[0];
    first.locations[0].path = SCRIPT_PATH.into();
    first.locations[0].author = IMG_AUTHOR.into();
    if let Some(leak) = first.first_leak.as_mut() {
        leak.author = IMG_AUTHOR.into();
    }
    report.secrets[1].triage.note = Some(QUOTED_NOTE.into());
    report.secrets[6].org = Some(SCRIPT_ORG.into());
    report.secrets[3].locations[1].path = format!("config/{TOKEN_IN_A_PATH}.env");
    report.secrets[2].remediation[0].detail =
        "https://acme-admin.okta.com/admin/access/api/tokens or javascript:alert(3)".into();
    report.repositories[5].error = Some("clone failed: <script>alert(4)</script>".into());
    report
}

/// Writes `report` as `audit.html` in a fresh directory (kept alive by the returned guard).
fn write_page(report: &AuditReport) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("audit.html");
    let mut file = std::fs::File::create(&path).expect("create the page");
    oktaleaks::report::html::write(&mut file, report).expect("write the page");
    (dir, path)
}

/// Whitespace collapsed to single spaces, so tests need not know the page's line breaks.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn audit_page_renders_offline_without_errors() {
    let (_dir, path) = write_page(&hostile_report());
    let run = render_in_chromium(&path);

    assert_eq!(run.console_errors, Vec::<String>::new(), "console errors");
    assert_eq!(
        run.requests,
        Vec::<String>::new(),
        "the page must load nothing"
    );
    assert_eq!(
        run.dialogs,
        Vec::<String>::new(),
        "a hostile string ran as script"
    );
    let text = words(&run.text);
    for headline in [
        "Secrets 8",
        "Live 3",
        "Revoked but live 1",
        "Inactive 3",
        "Unknown 1",
        "Not checked 1",
        "Open 4",
        "Repositories affected 4 / 6",
        "Failed repositories 1",
        "Oldest open leak 2019-04-02 5.1 years old",
        "3 live secrets are usable right now.",
        "1 secret marked revoked is still live.",
        "Showing 8 of 8 secrets",
    ] {
        assert!(
            text.contains(headline),
            "{headline:?} not shown in:\n{text}"
        );
    }
    // Hostile strings are shown as the text they are.
    assert!(text.contains(IMG_AUTHOR), "{text}");
    assert!(text.contains(SCRIPT_ORG), "{text}");

    let png = std::fs::read(&run.screenshot_png_path).expect("a screenshot");
    assert_eq!(png_size(&png), Some(VIEWPORT), "a PNG of the viewport");
}

#[test]
fn audit_page_reads_without_script() {
    let (_dir, path) = write_page(&sample_report());
    let mut page = ChromiumPage::open_without_script(&path);
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");
    let run = page.finish();
    assert_eq!(run.console_errors, Vec::<String>::new());
    let text = words(&run.text);
    for shown in [
        "Live 3",
        "Oldest open leak 2019-04-02",
        "Token Org Verdict",
        "00Xq4v…7wE1r okta.ssws acme.okta.com live",
        "modules/okta/provider.tf:12:17",
        "Revoke the token Security > API > Tokens: https://acme-admin.okta.com/admin/access/api/tokens",
        "2022-11-15 Dana Dev <dana@acme.example>",
    ] {
        assert!(text.contains(shown), "{shown:?} not shown in:\n{text}");
    }
    for script_only in ["Showing 8 of 8", "Triage any revoked but live"] {
        assert!(
            !text.contains(script_only),
            "{script_only:?} shown without script"
        );
    }
}

#[test]
fn audit_page_never_holds_a_full_token() {
    let report = hostile_report();
    let (_dir, path) = write_page(&report);
    let page = std::fs::read_to_string(path).expect("the page");
    for token in TOKENS.iter().chain([&TOKEN_IN_A_PATH]) {
        assert!(!page.contains(token), "{token} in the page");
    }
    assert!(page.contains(&format!("config/{}.env", redact(TOKEN_IN_A_PATH))));
}

/// Visible secret rows, in table order.
const VISIBLE_ROWS: &str = "Array.from(document.querySelectorAll('#secrets tbody.secret'))\
     .filter(t => !t.hidden).map(t => t.id)";

fn ids(value: Value) -> Vec<String> {
    serde_json::from_value(value).expect("a list of ids")
}

/// The row ids of `report`'s secrets ordered by `key`, ties kept in report order.
fn expected_order(report: &AuditReport, key: impl Fn(&AuditSecret) -> String) -> Vec<String> {
    let mut indexed: Vec<(usize, &AuditSecret)> = report.secrets.iter().enumerate().collect();
    indexed.sort_by_key(|(_, s)| key(s));
    indexed.iter().map(|(i, _)| format!("secret-{i}")).collect()
}

#[test]
fn audit_page_sorts_and_filters() {
    let report = hostile_report();
    let (_dir, path) = write_page(&report);
    let mut page = ChromiumPage::open(&path);
    let in_report_order = expected_order(&report, |_| String::new());
    assert_eq!(ids(page.evaluate(VISIBLE_ROWS)), in_report_order);

    let click = |key: &str| format!("document.querySelector('th[data-sort={key}] button').click()");
    page.evaluate(&click("places"));
    let most_places_first = expected_order(&report, |s| format!("{:04}", 9999 - s.locations.len()));
    assert_eq!(ids(page.evaluate(VISIBLE_ROWS)), most_places_first);
    page.evaluate(&click("first"));
    let oldest_first = expected_order(&report, |s| {
        s.first_leak
            .as_ref()
            .map(|l| l.date.clone())
            .unwrap_or_default()
    });
    assert_eq!(ids(page.evaluate(VISIBLE_ROWS)), oldest_first);
    page.evaluate(&click("first"));
    let newest_first: Vec<String> = oldest_first.iter().rev().cloned().collect();
    assert_eq!(ids(page.evaluate(VISIBLE_ROWS)), newest_first);
    let sorted =
        page.evaluate("document.querySelector('th[data-sort=first]').getAttribute('aria-sort')");
    assert_eq!(sorted, "descending");

    let set = |id: &str, value: &str| {
        format!(
            "(() => {{ const c = document.getElementById('{id}'); c.value = {value:?}; \
             c.dispatchEvent(new Event('input')); return document.getElementById('filter-status').textContent; }})()"
        )
    };
    assert_eq!(
        page.evaluate(&set("filter-text", "ONERROR")),
        "Showing 1 of 8 secrets"
    );
    assert_eq!(ids(page.evaluate(VISIBLE_ROWS)), ["secret-0"]);
    page.evaluate(&set("filter-text", ""));
    assert_eq!(
        page.evaluate(&set("filter-verdict", "live")),
        "Showing 3 of 8 secrets"
    );
    assert_eq!(
        page.evaluate(&set("filter-triage", "alarm")),
        "Showing 1 of 8 secrets"
    );
    assert_eq!(ids(page.evaluate(VISIBLE_ROWS)), ["secret-1"]);
    page.evaluate(&set("filter-verdict", ""));
    assert_eq!(
        page.evaluate(&set("filter-triage", "")),
        "Showing 8 of 8 secrets"
    );
}

#[test]
fn audit_page_runs_none_of_its_hostile_strings() {
    let (_dir, path) = write_page(&hostile_report());
    let mut page = ChromiumPage::open(&path);
    let dom = page.evaluate(
        "({ images: document.images.length, scripts: document.scripts.length,
            handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length,
            bold: document.querySelectorAll('b').length,
            links: Array.from(document.links).map(a => a.href),
            places: document.getElementById('secrets').textContent })",
    );
    assert_eq!(dom["images"], 0);
    assert_eq!(dom["scripts"], 2, "the data block and the page's script");
    assert_eq!(dom["handlers"], 0);
    assert_eq!(dom["bold"], 0);
    let links: Vec<String> = serde_json::from_value(dom["links"].clone()).expect("links");
    assert!(!links.is_empty());
    assert!(
        links
            .iter()
            .all(|l| l.starts_with("https://acme-admin.okta.com/")),
        "{links:?}"
    );
    let places = dom["places"].as_str().expect("text");
    assert!(
        places.contains(&format!("{SCRIPT_PATH}:12:17")),
        "path shown as text"
    );
    assert!(
        places.contains("Rotated by \"ops\" & 'sec' <b>team</b>"),
        "note shown as text"
    );
    let run = page.finish();
    assert_eq!(run.dialogs, Vec::<String>::new());
    assert_eq!(run.console_errors, Vec::<String>::new());
}

/// The harness sees what it claims to: a page that logs an error, opens a dialog, breaks
/// its own policy and fetches from the loopback (a closed port) is caught at each.
#[test]
fn chromium_harness_reports_errors_requests_and_dialogs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("probe.html");
    std::fs::write(
        &path,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" \
         content=\"default-src 'none'; script-src 'unsafe-inline'; img-src http://127.0.0.1:9\">\
         <link rel=\"stylesheet\" href=\"http://127.0.0.1:9/blocked.css\"></head><body>\
         <p>probe text</p><img src=\"http://127.0.0.1:9/probe.png\" alt=\"\">\
         <script>console.error('probe error'); alert('probe dialog');</script></body></html>",
    )
    .expect("write the probe");
    let run = render_in_chromium(&path);
    let errors = run.console_errors.join("\n");
    assert!(errors.contains("probe error"), "{errors}");
    assert!(errors.contains("Content Security Policy"), "{errors}");
    assert!(
        run.requests
            .contains(&"http://127.0.0.1:9/probe.png".to_string()),
        "{:?}",
        run.requests
    );
    assert_eq!(run.dialogs, ["probe dialog"]);
    assert!(run.text.contains("probe text"));
}

/// Regenerates `docs/audit-report.png` from the sample report (run by hand:
/// `cargo test --test cli docs_screenshot -- --ignored`).
#[test]
#[ignore = "writes docs/audit-report.png"]
fn docs_screenshot() {
    let (_dir, path) = write_page(&sample_report());
    let mut page = ChromiumPage::open(&path);
    page.set_viewport(VIEWPORT.0, 1600);
    // One row opened, to show its places and steps.
    page.evaluate("document.querySelector('#secret-0 details').open = true");
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    std::fs::create_dir_all(&docs).expect("docs/");
    let shot = docs.join("audit-report.png");
    page.screenshot(&shot);
    let size = std::fs::metadata(&shot).expect("the screenshot").len();
    assert!(
        size < 300_000,
        "{size} bytes: keep the README's picture small"
    );
}
