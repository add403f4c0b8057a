//! The pre-commit report: what a developer in the middle of `git commit` needs, and no more.
//!
//! One headline saying the commit was blocked and where, one short block per finding, then
//! the ways forward: unstage, mark a fake, and why not to bypass. The token was never
//! committed, so there is no history to rewrite; the revoke step is printed only for a token
//! that HEAD already holds, which may have left the machine with a push. Written to stdout
//! with the report, so `--quiet` (which the hook uses) keeps it.

use std::io::{self, Write};

use super::text::{heading, write_token, Lines};
use super::{remediation, Report};
use crate::blob::Provenance;
use crate::finding::Finding;

/// Where the README explains the hook and its ways forward.
const READ_MORE: &str = "https://github.com/oktaleaks/oktaleaks#pre-commit";
/// Files named in the headline; past this many, a count.
const HEADLINE_FILES: usize = 3;

/// Writes the pre-commit report.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = Lines::new(out, report.show_secrets);
    let blocking: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .collect();
    if !blocking.is_empty() {
        out.line(format_args!("{}", headline(&blocking)))?;
        out.line(format_args!(""))?;
    }
    for f in report.findings {
        out.line(format_args!("{}", heading(f)))?;
        write_token(report, f, &mut out)?;
        out.line(format_args!("    line:  {}", out.snippet(f)))?;
        out.line(format_args!(""))?;
    }
    if blocking.is_empty() {
        return Ok(());
    }
    ways_forward(&blocking, &mut out)
}

/// "commit blocked: 2 Okta API tokens staged in app/.env and ci/sync.sh"
fn headline(blocking: &[&Finding]) -> String {
    let mut tokens: Vec<&str> = blocking.iter().map(|f| f.secret.expose()).collect();
    tokens.sort_unstable();
    tokens.dedup();
    let files = distinct_paths(blocking);
    let mut named: Vec<String> = files
        .iter()
        .take(HEADLINE_FILES)
        .map(|p| p.display().to_string())
        .collect();
    if files.len() > HEADLINE_FILES {
        named.push(format!("{} more files", files.len() - HEADLINE_FILES));
    }
    let where_ = match named.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    // What is staged, by its kind's name when there is one kind ("Okta API token").
    let first = blocking.first().map(|f| f.kind.name.as_str());
    let what = match first {
        Some(name) if blocking.iter().all(|f| f.kind.name == name) => name,
        _ => "Okta credential",
    };
    format!(
        "commit blocked: {} {what}{} staged in {where_}",
        tokens.len(),
        if tokens.len() == 1 { "" } else { "s" },
    )
}

fn distinct_paths<'f>(findings: &[&'f Finding]) -> Vec<&'f std::path::Path> {
    let mut paths: Vec<&std::path::Path> = findings.iter().map(|f| f.provenance.path()).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

fn ways_forward(blocking: &[&Finding], out: &mut Lines<'_>) -> io::Result<()> {
    let files = distinct_paths(blocking);
    let quoted: Vec<String> = files
        .iter()
        .map(|p| shell_quote(&p.display().to_string()))
        .collect();
    out.line(format_args!("Ways forward:"))?;
    out.line(format_args!(
        "  1. Unstage it: git restore --staged {}",
        quoted.join(" ")
    ))?;
    out.line(format_args!(
        "     then load the token from the environment or a secret store, and list the file in .gitignore."
    ))?;
    out.line(format_args!(
        "  2. A fake or a test fixture? Put oktaleaks:allow in a comment on its line, stage it again, commit."
    ))?;
    out.line(format_args!(
        "  3. git commit --no-verify skips this check. Don't: the token would enter the history, every"
    ))?;
    out.line(format_args!(
        "     clone and every push, and stays valid until someone revokes it."
    ))?;
    let committed: Vec<&&Finding> = blocking
        .iter()
        .filter(|f| {
            matches!(
                f.provenance,
                Provenance::Staged {
                    committed: true,
                    ..
                }
            )
        })
        .collect();
    if let Some(first) = committed.first() {
        let page = remediation::where_to(&first.kind, first.org.as_deref());
        out.line(format_args!(
            "  4. Revoke it: HEAD already holds {}, so it may have left this machine: revoke it in",
            first.provenance.path().display()
        ))?;
        out.line(format_args!("     {page}, then check the System Log."))?;
    }
    out.line(format_args!("More: {READ_MORE}"))
}

/// A path as a shell reads it: bare when it is plain, else in single quotes.
fn shell_quote(path: &str) -> String {
    let plain = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+@%=:,".contains(&b));
    if plain && !path.is_empty() {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}
