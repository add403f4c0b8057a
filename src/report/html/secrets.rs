//! The HTML report's table of secrets and the numbers behind its repository chart.
//!
//! Each secret is one `<tbody>`: a summary row, then a row whose `<details>` holds every
//! place it was found and the steps to take, so the page reads and prints without script.
//! [`script_data`] gives the page's script each row's sort keys and the text its filter
//! searches, in the same redacted form the page shows; the script only moves and hides rows.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::chart::Day;
use super::escape::{html, lines, linked, shown, text};
use super::State;
use crate::report::audit::{AuditLocation, AuditReport, AuditSecret, AuditStep};

/// The table's columns: heading and the script's sort key (`data-sort`).
const COLUMNS: [(&str, &str); 8] = [
    ("Token", "token"),
    ("Org", "org"),
    ("Verdict", "verdict"),
    ("Owner, roles, impact", "impact"),
    ("Triage", "triage"),
    ("First leak", "first"),
    ("Repositories", "repos"),
    ("Places", "places"),
];

/// The section with the filter controls (hidden until the script shows them) and the table.
pub(super) fn table(secrets: &[AuditSecret]) -> String {
    let mut out = String::from(
        "<section aria-labelledby=\"secrets-heading\"><h2 id=\"secrets-heading\">Secrets</h2>\n\
         <div id=\"secret-controls\" class=\"controls\" hidden>\
         <label>Search <input type=\"search\" id=\"filter-text\" \
         placeholder=\"token, org, owner, path, author, repository\"></label> \
         <label>Verdict <select id=\"filter-verdict\"><option value=\"\">any</option>",
    );
    for state in State::ALL {
        out.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            state.class(),
            state.label()
        ));
    }
    out.push_str(
        "</select></label> <label>Triage <select id=\"filter-triage\">\
         <option value=\"\">any</option><option value=\"alarm\">revoked but live</option>\
         <option value=\"open\">open</option><option value=\"revoked\">revoked</option>\
         <option value=\"false-positive\">false positive</option>\
         <option value=\"accepted-risk\">accepted risk</option></select></label> \
         <span id=\"filter-status\" role=\"status\" aria-live=\"polite\"></span></div>\n",
    );
    out.push_str(&format!(
        "<table id=\"secrets\"><caption>{} secrets, live first, then by first leak. Open a \
         row's details for every place and what to do.</caption>\n<thead><tr>",
        secrets.len()
    ));
    for (heading, key) in COLUMNS {
        out.push_str(&format!(
            "<th scope=\"col\" data-sort=\"{key}\">{heading}</th>"
        ));
    }
    out.push_str("</tr></thead>\n");
    for (index, secret) in secrets.iter().enumerate() {
        out.push_str(&secret_rows(index, secret));
    }
    out.push_str("</table></section>\n");
    out
}

/// One secret's `<tbody>`.
fn secret_rows(index: usize, secret: &AuditSecret) -> String {
    let state = State::of(&secret.verdict.state);
    let alarm = if secret.triage.revoked_but_live {
        " alarm"
    } else {
        ""
    };
    let mut out = format!(
        "<tbody id=\"secret-{index}\" class=\"secret s-{}{alarm}\"><tr>",
        state.class()
    );
    out.push_str(&format!(
        "<th scope=\"row\"><code>{}</code>",
        text(&secret.redacted)
    ));
    if let Some(full) = &secret.secret {
        out.push_str(&format!(
            "<div class=\"full\">full token <code>{}</code></div>",
            html(full)
        ));
    }
    out.push_str(&format!(
        "<div class=\"sub\">{}</div></th><td>{}</td>",
        text(&secret.rule_id),
        secret.org.as_deref().map_or_else(|| "—".to_string(), text)
    ));
    out.push_str(&verdict_cell(secret, state));
    out.push_str(&owner_cell(secret));
    out.push_str(&triage_cell(secret));
    out.push_str(&first_leak_cell(secret));
    out.push_str(&format!(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        secret.repositories.len(),
        secret.locations.len()
    ));
    out.push_str(&details_row(secret));
    out.push_str("</tbody>\n");
    out
}

fn verdict_cell(secret: &AuditSecret, state: State) -> String {
    let verdict = &secret.verdict;
    let label = match state {
        State::Other => text(&verdict.state),
        known => known.label().to_string(),
    };
    let mut cell = format!(
        "<td><span class=\"badge s-{}\">{label}</span>",
        state.class()
    );
    if let Some(checked) = &verdict.checked_at {
        cell.push_str(&format!(
            "<div class=\"sub\">checked {}</div>",
            day(checked)
        ));
    }
    if let Some(detail) = &verdict.detail {
        cell.push_str(&format!("<div class=\"sub\">{}</div>", text(detail)));
    }
    cell.push_str("</td>");
    cell
}

fn owner_cell(secret: &AuditSecret) -> String {
    let verdict = &secret.verdict;
    let mut parts = Vec::new();
    if let Some(owner) = &verdict.owner {
        parts.push(text(owner));
    }
    if !verdict.roles.is_empty() {
        let roles: Vec<String> = verdict.roles.iter().map(|r| text(r)).collect();
        parts.push(format!("<div class=\"sub\">{}</div>", roles.join(", ")));
    }
    if let Some(impact) = &verdict.impact {
        parts.push(format!(
            "<span class=\"badge i-{}\">{} impact</span>",
            impact_class(impact),
            text(impact)
        ));
    }
    if parts.is_empty() {
        return "<td>—</td>".to_string();
    }
    format!("<td>{}</td>", parts.join(""))
}

fn triage_cell(secret: &AuditSecret) -> String {
    let triage = &secret.triage;
    let mut cell = format!(
        "<td><span class=\"badge t-{}\">{}</span>",
        triage_class(&triage.status),
        text(&triage.status)
    );
    if triage.revoked_but_live {
        cell.push_str(" <strong class=\"badge alarm\">revoked but live</strong>");
    }
    if let Some(note) = &triage.note {
        cell.push_str(&format!("<div class=\"note\">{}</div>", lines(note)));
    }
    if let Some(changed) = &triage.changed_at {
        cell.push_str(&format!(
            "<div class=\"sub\">changed {}</div>",
            day(changed)
        ));
    }
    cell.push_str("</td>");
    cell
}

fn first_leak_cell(secret: &AuditSecret) -> String {
    match &secret.first_leak {
        Some(leak) => format!(
            "<td>{}<div class=\"sub\">{}</div><div class=\"sub\"><code>{}</code></div></td>",
            day(&leak.date),
            text(&leak.author),
            text(&leak.repository)
        ),
        None => "<td>—</td>".to_string(),
    }
}

/// The folded row: every place, then the steps.
fn details_row(secret: &AuditSecret) -> String {
    let places = secret.locations.len();
    let repositories = secret.repositories.len();
    let steps = secret.remediation.len();
    let mut out = format!(
        "<tr class=\"more\"><td colspan=\"{}\"><details><summary>{places} {} in {repositories} \
         {}, {steps} {} to take</summary><div class=\"more-body\">",
        COLUMNS.len(),
        plural(places, "place", "places"),
        plural(repositories, "repository", "repositories"),
        plural(steps, "step", "steps"),
    );
    out.push_str(&places_table(secret));
    out.push_str(&steps_list(&secret.remediation));
    out.push_str("</div></details></td></tr>\n");
    out
}

fn places_table(secret: &AuditSecret) -> String {
    let mut out = format!(
        "<table class=\"places\"><caption>Where {} was found</caption><thead><tr>\
         <th scope=\"col\">Repository</th><th scope=\"col\">Path:line:column</th>\
         <th scope=\"col\">Commit</th><th scope=\"col\">Author</th><th scope=\"col\">Date</th>\
         </tr></thead><tbody>\n",
        text(&secret.redacted)
    );
    for place in &secret.locations {
        out.push_str(&place_row(place));
    }
    out.push_str("</tbody></table>\n");
    out
}

fn place_row(place: &AuditLocation) -> String {
    let short_commit: String = place.commit.chars().take(12).collect();
    format!(
        "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code title=\"{}\">{}</code>\
         </td><td>{}</td><td>{}</td></tr>\n",
        text(&place.repository),
        text(&format!("{}:{}:{}", place.path, place.line, place.column)),
        text(&place.commit),
        text(&short_commit),
        text(&place.author),
        day(&place.date)
    )
}

fn steps_list(steps: &[AuditStep]) -> String {
    if steps.is_empty() {
        return String::new();
    }
    let mut out = String::from("<h3>What to do</h3><ol class=\"steps\">\n");
    for step in steps {
        out.push_str(&format!(
            "<li><strong>{}</strong><div class=\"note\">{}</div></li>\n",
            text(&step.title),
            linked(&step.detail)
        ));
    }
    out.push_str("</ol>\n");
    out
}

/// A timestamp as its day, or the whole text (escaped) when it is no date.
fn day(timestamp: &str) -> String {
    Day::parse(timestamp).map_or_else(|| text(timestamp), |d| d.html())
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// The impact's class; only these fixed names reach the page's markup.
fn impact_class(impact: &str) -> &'static str {
    match impact {
        "critical" => "critical",
        "high" => "high",
        "medium" => "medium",
        "low" => "low",
        _ => "unknown",
    }
}

fn impact_rank(impact: Option<&str>) -> u8 {
    match impact {
        Some("critical") => 0,
        Some("high") => 1,
        Some("medium") => 2,
        Some("low") => 3,
        Some(_) => 4,
        None => 5,
    }
}

/// The triage status's class and the script's filter value.
fn triage_class(status: &str) -> &'static str {
    match status {
        "open" => "open",
        "revoked" => "revoked",
        "false-positive" => "false-positive",
        "accepted-risk" => "accepted-risk",
        _ => "other",
    }
}

/// Most in need of a person first: a revocation that did not take, then open ones.
fn triage_rank(secret: &AuditSecret) -> u8 {
    if secret.triage.revoked_but_live {
        return 0;
    }
    match secret.triage.status.as_str() {
        "open" => 1,
        "accepted-risk" => 2,
        "revoked" => 4,
        "false-positive" => 5,
        _ => 3,
    }
}

/// Each row's sort keys and search text, for the page's script (written with
/// `escape::script_json`). Text is as the page shows it: redacted, controls escaped.
pub(super) fn script_data(secrets: &[AuditSecret]) -> Value {
    let rows: Vec<Value> = secrets
        .iter()
        .enumerate()
        .map(|(index, secret)| {
            let state = State::of(&secret.verdict.state);
            let first = secret.first_leak.as_ref();
            json!({
                "id": format!("secret-{index}"),
                "token": shown(&secret.redacted),
                "org": secret.org.as_deref().map(shown).unwrap_or_default(),
                "verdict": state.index(),
                "state": state.class(),
                "impact": impact_rank(secret.verdict.impact.as_deref()),
                "triage": triage_rank(secret),
                "status": triage_class(&secret.triage.status),
                "alarm": secret.triage.revoked_but_live,
                "first": first.and_then(|l| Day::parse(&l.date)).map(|d| d.to_string()),
                "repos": secret.repositories.len(),
                "places": secret.locations.len(),
                "search": search_text(secret),
            })
        })
        .collect();
    json!({ "rows": rows })
}

/// What the filter box searches: the row's visible text and every place, lower-cased.
fn search_text(secret: &AuditSecret) -> String {
    let verdict = &secret.verdict;
    let mut words: Vec<&str> = vec![
        &secret.redacted,
        &secret.rule_id,
        &verdict.state,
        &secret.triage.status,
    ];
    words.extend(secret.org.as_deref());
    words.extend(verdict.owner.as_deref());
    words.extend(verdict.roles.iter().map(String::as_str));
    words.extend(verdict.impact.as_deref());
    words.extend(secret.triage.note.as_deref());
    words.extend(secret.repositories.iter().map(String::as_str));
    for place in &secret.locations {
        words.extend([place.path.as_str(), &place.author, &place.commit]);
    }
    words.extend(secret.first_leak.as_ref().map(|l| l.author.as_str()));
    shown(&words.join("\n")).to_lowercase()
}

/// One row of the repository chart: secrets counted from the report's secrets, so the
/// chart and the table of secrets agree.
pub(super) struct RepositoryRow<'a> {
    pub(super) url: &'a str,
    pub(super) secrets: u64,
    pub(super) live: u64,
    pub(super) status: &'a str,
}

/// Every repository of the audit or of a secret, most secrets first (then most live, then
/// by name).
pub(super) fn per_repository(report: &AuditReport) -> Vec<RepositoryRow<'_>> {
    let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for repo in &report.repositories {
        counts.entry(&repo.url).or_default();
    }
    for secret in &report.secrets {
        let is_live = State::of(&secret.verdict.state) == State::Live;
        for url in &secret.repositories {
            let entry = counts.entry(url).or_default();
            entry.0 += 1;
            entry.1 += u64::from(is_live);
        }
    }
    let statuses: BTreeMap<&str, &str> = report
        .repositories
        .iter()
        .map(|r| (r.url.as_str(), r.status.as_str()))
        .collect();
    let status_of = |url: &str| statuses.get(url).copied().unwrap_or("not audited");
    let mut rows: Vec<RepositoryRow<'_>> = counts
        .into_iter()
        .map(|(url, (secrets, live))| RepositoryRow {
            url,
            secrets,
            live,
            status: status_of(url),
        })
        .collect();
    rows.sort_by(|a, b| {
        (b.secrets, b.live)
            .cmp(&(a.secrets, a.live))
            .then_with(|| a.url.cmp(b.url))
    });
    rows
}
