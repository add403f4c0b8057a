//! The text report: one block per finding, live tokens first, then what to do, once.
//!
//! Every line is written through `Lines`: what came from the scanned data or a server
//! (paths, commit metadata, owner logins, role labels, snippets) has its tokens redacted
//! unless `--show-secrets`, and URL credentials removed and control characters escaped
//! always, as this report is read on terminals.

use std::fmt;
use std::io::{self, Write};

use super::{remediation, shown_text, shown_token, Report};
use crate::secret::redact_credentials;
use crate::terminal::escape_controls;

/// Writes one report line at a time, made safe for a terminal.
pub(super) struct Lines<'w> {
    out: &'w mut dyn Write,
    show_secrets: bool,
}

impl<'w> Lines<'w> {
    pub(super) fn new(out: &'w mut dyn Write, show_secrets: bool) -> Self {
        Lines { out, show_secrets }
    }

    /// The finding's line, its token in full only with `--show-secrets`.
    pub(super) fn snippet(&self, f: &crate::finding::Finding) -> String {
        if self.show_secrets {
            f.location
                .snippet
                .replace(&f.secret.redacted(), f.secret.expose())
        } else {
            f.location.snippet.clone()
        }
    }

    pub(super) fn line(&mut self, text: fmt::Arguments<'_>) -> io::Result<()> {
        let text = text.to_string();
        let shown = shown_text(&text, self.show_secrets);
        let shown = redact_credentials(&shown);
        writeln!(self.out, "{}", escape_controls(&shown))
    }
}

/// Writes the text report.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = Lines {
        out,
        show_secrets: report.show_secrets,
    };
    let mut findings: Vec<&crate::finding::Finding> = report.findings.iter().collect();
    // Stable: within a verdict, findings keep their path order.
    findings.sort_by_key(|f| f.verification.rank());
    for f in findings {
        out.line(format_args!(
            "{}:{}:{}: {} ({})",
            f.provenance.path().display(),
            f.location.start.line,
            f.location.start.column,
            f.rule_id,
            f.confidence.as_str(),
        ))?;
        out.line(format_args!(
            "    token: {}",
            shown_token(f, report.show_secrets)
        ))?;
        if let Some(s) = &f.suppression {
            out.line(format_args!("    allowed: {}", s.reason))?;
        }
        if report.verified {
            out.line(format_args!("    verified: {}", f.verification.describe()))?;
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
        let snippet = if report.show_secrets {
            f.location
                .snippet
                .replace(&f.secret.redacted(), f.secret.expose())
        } else {
            f.location.snippet.clone()
        };
        out.line(format_args!("    line:  {snippet}"))?;
        let revoke = f
            .org
            .as_deref()
            .and_then(remediation::tokens_page)
            .unwrap_or_else(|| "the org's Admin Console, Security > API > Tokens".to_string());
        out.line(format_args!(
            "    fix:   revoke it now in {revoke}, then check the System Log"
        ))?;
        out.line(format_args!(""))?;
    }
    if let Some(first) = report.findings.first() {
        out.line(format_args!("What to do for each leaked token:"))?;
        let org = first
            .org
            .as_deref()
            .filter(|o| report.findings.iter().all(|f| f.org.as_deref() == Some(o)));
        for line in remediation::as_text(org).lines() {
            out.line(format_args!("  {line}"))?;
        }
    }
    Ok(())
}
