//! The text report: one block per secret (however many places hold it), live tokens first,
//! then what to do, once, with where to revoke once per org.
//!
//! Every line is written through `Lines`: what came from the scanned data or a server
//! (paths, commit metadata, owner logins, role labels, snippets) has its tokens redacted
//! unless `--show-secrets`, and URL credentials removed and control characters escaped
//! always, as this report is read on terminals. Colour, when on, is added after escaping, so
//! scanned text can never carry an escape sequence of its own. Prose is wrapped to the
//! report's width; lines quoting scanned data are not (a path or a line must stay whole).

use std::fmt;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{remediation, shown_text, shown_token, Report};
use crate::blob::Provenance;
use crate::finding::Finding;
use crate::secret::redact_credentials;
use crate::terminal::escape_controls;
use crate::verdict::Verification;

/// Other places of a secret named in its block; past this many, a count.
const PLACES_NAMED: usize = 3;

/// Writes one report line at a time, made safe for a terminal.
pub(super) struct Lines<'w> {
    out: &'w mut dyn Write,
    show_secrets: bool,
    color: bool,
}

impl<'w> Lines<'w> {
    pub(super) fn new(out: &'w mut dyn Write, show_secrets: bool) -> Self {
        Lines {
            out,
            show_secrets,
            color: false,
        }
    }

    /// The finding's line, its token in full only with `--show-secrets`.
    pub(super) fn snippet(&self, f: &Finding) -> String {
        super::shown_snippet(f, self.show_secrets)
    }

    fn safe(&self, text: &str) -> String {
        let shown = shown_text(text, self.show_secrets);
        let shown = redact_credentials(&shown);
        escape_controls(&shown).into_owned()
    }

    pub(super) fn line(&mut self, text: fmt::Arguments<'_>) -> io::Result<()> {
        let safe = self.safe(&text.to_string());
        writeln!(self.out, "{safe}")
    }

    /// A line in `style` when colour is on.
    fn styled(&mut self, style: Style, text: fmt::Arguments<'_>) -> io::Result<()> {
        let safe = self.safe(&text.to_string());
        if self.color {
            writeln!(self.out, "{}{safe}{}", style.render(), style.render_reset())
        } else {
            writeln!(self.out, "{safe}")
        }
    }

    /// `text` word-wrapped to `width`, the first line after `first`, the rest after `rest`.
    fn wrapped(&mut self, first: &str, rest: &str, text: &str, width: usize) -> io::Result<()> {
        for (i, line) in wrap(text, width.saturating_sub(rest.len()).max(20))
            .iter()
            .enumerate()
        {
            let lead = if i == 0 { first } else { rest };
            self.line(format_args!("{lead}{line}"))?;
        }
        Ok(())
    }
}

/// Splits `text` into lines of at most `width` characters at spaces (a longer word, such
/// as a URL, stands alone on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// The findings of one secret, the first (in report order) leading.
struct Group<'f> {
    findings: Vec<&'f Finding>,
}

impl Group<'_> {
    fn lead(&self) -> &Finding {
        self.findings[0]
    }

    /// Later commits that hold the same blobs (history scans; a lower bound).
    fn later_commits(&self) -> usize {
        self.findings
            .iter()
            .map(|f| match &f.provenance {
                Provenance::GitBlob { other_places, .. } => *other_places,
                _ => 0,
            })
            .sum()
    }
}

/// Groups findings by secret (and by whether they are allowed), live ones first, then path
/// order; within a group, path order.
fn groups(findings: &[Finding]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for f in findings {
        let same = groups.iter_mut().find(|g| {
            g.lead().secret == f.secret && g.lead().suppression.is_some() == f.suppression.is_some()
        });
        match same {
            Some(group) => group.findings.push(f),
            None => groups.push(Group { findings: vec![f] }),
        }
    }
    // Stable: within a verdict, groups keep their path order.
    groups.sort_by_key(|g| g.lead().verification.rank());
    groups
}

fn verdict_style(v: &Verification) -> Style {
    let color = match v {
        Verification::Live(_) => AnsiColor::Red,
        Verification::Inactive { .. } => AnsiColor::Green,
        Verification::Unknown { .. } | Verification::NotChecked { .. } => AnsiColor::Yellow,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

/// Writes the text report.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = Lines {
        out,
        show_secrets: report.show_secrets,
        color: report.color,
    };
    let groups = groups(report.findings);
    for group in &groups {
        write_group(report, group, &mut out)?;
    }
    write_what_to_do(report, &groups, &mut out)
}

/// A finding's first line: `path:line:column: rule (confidence)`.
pub(super) fn heading(f: &Finding) -> String {
    format!(
        "{}:{}:{}: {} ({})",
        f.provenance.path().display(),
        f.location.start.line,
        f.location.start.column,
        f.rule_id,
        f.confidence.as_str(),
    )
}

/// The token (redacted unless asked otherwise) and, when allowed, why.
pub(super) fn write_token(report: &Report<'_>, f: &Finding, out: &mut Lines<'_>) -> io::Result<()> {
    out.line(format_args!(
        "    token: {}",
        shown_token(f, report.show_secrets)
    ))?;
    if let Some(s) = &f.suppression {
        out.line(format_args!("    allowed: {}", s.reason))?;
    }
    Ok(())
}

fn write_group(report: &Report<'_>, group: &Group<'_>, out: &mut Lines<'_>) -> io::Result<()> {
    let f = group.lead();
    out.styled(Style::new().bold(), format_args!("{}", heading(f)))?;
    write_token(report, f, out)?;
    if report.verified {
        out.styled(
            verdict_style(&f.verification),
            format_args!("    verified: {}", f.verification.describe()),
        )?;
        if let Some(live) = f.verification.live() {
            out.line(format_args!("    note:  {}", live.note))?;
        }
    }
    if let Some(c) = f.provenance.commit() {
        let short = c.id.get(..12).unwrap_or(&c.id);
        out.line(format_args!(
            "    commit: {short} {} {} <{}> \"{}\"",
            c.date, c.author_name, c.author_email, c.summary
        ))?;
    }
    if let Some(org) = &f.org {
        out.line(format_args!("    org:   {org}"))?;
    }
    if let Some(enc) = f.encoding.or(f.text_encoding) {
        out.line(format_args!("    found: {enc}-encoded"))?;
    }
    out.line(format_args!("    line:  {}", out.snippet(f)))?;
    if let Some(also) = also(group) {
        out.wrapped("    also:  ", "           ", &also, report.width)?;
    }
    // The revoke advice is printed once, below; a block says only what differs from it.
    if !matches!(
        f.verification,
        Verification::Live(_) | Verification::NotChecked { .. }
    ) {
        let fix = remediation::fix_line(
            &f.kind,
            f.org.as_deref(),
            f.client_id.as_deref(),
            &f.verification,
        );
        out.wrapped("    fix:   ", "           ", &fix, report.width)?;
    }
    out.line(format_args!(""))
}

/// "in 2 more places: a.sh:1:30, b.sh:4:2; and 12 later commits"
fn also(group: &Group<'_>) -> Option<String> {
    let others = &group.findings[1..];
    let mut parts = Vec::new();
    if !others.is_empty() {
        let mut named: Vec<String> = others
            .iter()
            .take(PLACES_NAMED)
            .map(|f| {
                format!(
                    "{}:{}:{}",
                    f.provenance.path().display(),
                    f.location.start.line,
                    f.location.start.column
                )
            })
            .collect();
        if others.len() > PLACES_NAMED {
            named.push(format!("and {} more", others.len() - PLACES_NAMED));
        }
        parts.push(format!(
            "in {} more place{}: {}",
            others.len(),
            if others.len() == 1 { "" } else { "s" },
            named.join(", ")
        ));
    }
    let later = group.later_commits();
    if later > 0 {
        parts.push(format!(
            "in {later} later commit{}",
            if later == 1 { "" } else { "s" }
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The steps once (made specific to the org when there is one), then, when the tokens
/// belong to several orgs, where to revoke at each.
fn write_what_to_do(
    report: &Report<'_>,
    groups: &[Group<'_>],
    out: &mut Lines<'_>,
) -> io::Result<()> {
    // Advice per kind of credential, in the order the report met them.
    let mut kinds: Vec<&crate::rules::Kind> = Vec::new();
    for g in groups {
        if !kinds.iter().any(|k| k.id == g.lead().kind.id) {
            kinds.push(&g.lead().kind);
        }
    }
    for kind in kinds {
        let of_kind: Vec<&Group<'_>> = groups
            .iter()
            .filter(|g| g.lead().kind.id == kind.id)
            .collect();
        write_kind_advice(report, kind, &of_kind, out)?;
    }
    Ok(())
}

/// The steps for one kind of credential, and where to act in each org.
fn write_kind_advice(
    report: &Report<'_>,
    kind: &crate::rules::Kind,
    groups: &[&Group<'_>],
    out: &mut Lines<'_>,
) -> io::Result<()> {
    let Some(first) = groups.first() else {
        return Ok(());
    };
    let mut orgs: Vec<(Option<&str>, usize)> = Vec::new();
    for g in groups {
        let org = g.lead().org.as_deref();
        match orgs.iter_mut().find(|(o, _)| *o == org) {
            Some((_, n)) => *n += 1,
            None => orgs.push((org, 1)),
        }
    }
    let single = (orgs.len() == 1)
        .then_some(first.lead().org.as_deref())
        .flatten();
    let client_id = (groups.len() == 1)
        .then_some(first.lead().client_id.as_deref())
        .flatten();
    let all_inactive = groups
        .iter()
        .all(|g| matches!(g.lead().verification, Verification::Inactive { .. }));
    let steps = if all_inactive {
        remediation::steps_for(kind, single, client_id, &first.lead().verification)
    } else {
        remediation::steps(kind, single, client_id)
    };
    let noun = &kind.report.noun;
    out.line(format_args!("What to do for each leaked {noun}:"))?;
    for (i, step) in steps.iter().enumerate() {
        let text = format!("{}: {}", step.title, step.detail);
        out.wrapped(&format!("  {}. ", i + 1), "     ", &text, report.width)?;
    }
    if orgs.len() > 1 && !all_inactive {
        out.line(format_args!("Where to revoke:"))?;
        for (org, n) in orgs {
            let page = remediation::where_to(kind, org);
            let tokens = format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
            let line = match org {
                Some(org) => format!("{org} ({tokens}): {page}"),
                None => format!("no org known ({tokens}): {page}"),
            };
            out.wrapped("  ", "    ", &line, report.width)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_table() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(
            wrap("averyverylongword x", 5),
            vec!["averyverylongword", "x"]
        );
        assert_eq!(wrap("", 5), vec![""]);
    }
}
