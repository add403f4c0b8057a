//! The text report: one block per finding, live tokens first, then what to do, once.

use std::io::{self, Write};

use super::{remediation, shown_token, Report};

/// Writes the text report.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut findings: Vec<&crate::finding::Finding> = report.findings.iter().collect();
    // Stable: within a verdict, findings keep their path order.
    findings.sort_by_key(|f| f.verification.rank());
    for f in findings {
        writeln!(
            out,
            "{}:{}:{}: {} ({})",
            f.provenance.path().display(),
            f.location.start.line,
            f.location.start.column,
            f.rule_id,
            f.confidence.as_str(),
        )?;
        writeln!(out, "    token: {}", shown_token(f, report.show_secrets))?;
        if let Some(s) = &f.suppression {
            writeln!(out, "    allowed: {}", s.reason)?;
        }
        if report.verified {
            writeln!(out, "    verified: {}", f.verification.describe())?;
            if let Some(live) = f.verification.live() {
                writeln!(out, "    note:  {}", live.note)?;
            }
        }
        if let Some(c) = f.provenance.commit() {
            let short = c.id.get(..12).unwrap_or(&c.id);
            writeln!(
                out,
                "    commit: {short} {} {} <{}> \"{}\"",
                c.date, c.author_name, c.author_email, c.summary
            )?;
        }
        if let Some(org) = &f.org {
            writeln!(out, "    org:   {org}")?;
        }
        if let Some(enc) = f.encoding.or(f.text_encoding) {
            writeln!(out, "    found: {enc}-encoded")?;
        }
        let snippet = if report.show_secrets {
            f.location
                .snippet
                .replace(&f.secret.redacted(), f.secret.expose())
        } else {
            f.location.snippet.clone()
        };
        writeln!(out, "    line:  {snippet}")?;
        let revoke = f
            .org
            .as_deref()
            .and_then(remediation::tokens_page)
            .unwrap_or_else(|| "the org's Admin Console, Security > API > Tokens".to_string());
        writeln!(
            out,
            "    fix:   revoke it now in {revoke}, then check the System Log"
        )?;
        writeln!(out)?;
    }
    if let Some(first) = report.findings.first() {
        writeln!(out, "What to do for each leaked token:")?;
        let org = first
            .org
            .as_deref()
            .filter(|o| report.findings.iter().all(|f| f.org.as_deref() == Some(o)));
        for line in remediation::as_text(org).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}
