//! `oktaleaks verify` and `oktaleaks revoke`: one token, read from standard input or an
//! environment variable (never from the command line, where `ps` and shell history would
//! show it).

use std::io::{self, BufRead, IsTerminal, Read, Write};

use anyhow::{bail, Context, Result};

use super::args::{RevokeArgs, TokenArgs};
use super::config::org_options;
use crate::diag;
use crate::exit::ExitCode;
use crate::secret::Secret;
use crate::verify::{Org, Revocation, Verification, Verifier, VerifyOptions};

/// Longest input read as a token; Okta's are 42 characters.
const MAX_TOKEN_INPUT: u64 = 4096;

/// `verify`: prints the verdict; the exit code says which ([`ExitCode::of_verdict`]).
pub fn run_verify(args: &TokenArgs) -> Result<ExitCode> {
    let (verifier, orgs) = set_up(args)?;
    let token = read_token(args.token_env.as_deref())?;
    let verdict = verifier.check(&token, &orgs);
    if args.json {
        let doc = serde_json::json!({
            "token": token.redacted(),
            "secret_hash": token.hash(),
            "verification": verdict,
        });
        // The owner's login and role labels come from the server: redacted like reports.
        let json = serde_json::to_string_pretty(&doc)?;
        println!("{}", crate::report::redact_json(&json, false));
    } else {
        let line = format!("{}: {}", token.redacted(), verdict.describe());
        println!("{}", diag::printable(&line));
        if let Some(live) = verdict.live() {
            println!("{}", live.note);
        }
    }
    Ok(ExitCode::of_verdict(&verdict))
}

/// `revoke`: checks, confirms, revokes, confirms again; exit 0 when the token is dead.
pub fn run_revoke(args: &RevokeArgs) -> Result<ExitCode> {
    let (verifier, orgs) = set_up(&args.token)?;
    let [org] = &orgs[..] else {
        bail!("revoke needs exactly one --okta-org: the org the token belongs to");
    };
    let token = read_token(args.token.token_env.as_deref())?;
    let live = match verifier.check(&token, std::slice::from_ref(org)) {
        Verification::Live(live) => live,
        Verification::Inactive { .. } => {
            diag::note(format!(
                "{} is already rejected by {}: nothing to revoke",
                token.redacted(),
                org.url
            ));
            return Ok(ExitCode::Clean);
        }
        other => bail!("{}: {}; not revoked", token.redacted(), other.describe()),
    };
    let question = format!(
        "Revoke token {} of {} at {}? Whatever uses it stops working. [y/N] ",
        token.redacted(),
        live.owner.login,
        org.url
    );
    if !args.yes && !confirm(&question)? {
        diag::note("not revoked");
        return Ok(ExitCode::Error);
    }
    match verifier.revoke(&token, org) {
        Revocation::Revoked => {
            let line = format!(
                "{}: revoked at {} (owner {}); the org now rejects it. Check the System Log \
                 for what it did.",
                token.redacted(),
                org.url,
                live.owner.login
            );
            println!("{}", diag::printable(&line));
            Ok(ExitCode::Clean)
        }
        Revocation::Failed { reason } => bail!("{}: not revoked: {reason}", token.redacted()),
    }
}

fn set_up(args: &TokenArgs) -> Result<(Verifier, Vec<Org>)> {
    let (orgs, routes, timeout) = org_options(&args.orgs)?;
    if orgs.is_empty() {
        bail!("name the token's org with --okta-org URL");
    }
    let verifier = Verifier::new(VerifyOptions {
        named_orgs: orgs.clone(),
        routes,
        max_orgs_per_token: orgs.len(),
        concurrency: 1,
        timeout,
        revoke_live: false,
    })?;
    Ok((verifier, orgs))
}

/// The token from `env_var`, or else standard input; an optional `SSWS ` prefix and
/// surrounding whitespace are dropped. Errors never show the input.
fn read_token(env_var: Option<&str>) -> Result<Secret> {
    let raw = match env_var {
        Some(var) => std::env::var(var)
            .with_context(|| format!("environment variable {var} is not set or not UTF-8"))?,
        None => {
            if io::stdin().is_terminal() {
                diag::note("reading the token from standard input (paste it, then Ctrl-D)");
            }
            let mut raw = String::new();
            io::stdin()
                .take(MAX_TOKEN_INPUT)
                .read_to_string(&mut raw)
                .context("reading the token from standard input (UTF-8 expected)")?;
            raw
        }
    };
    let token = raw.trim();
    let token = token.strip_prefix("SSWS ").unwrap_or(token).trim();
    if token.is_empty() {
        bail!("no token given: pipe it on standard input or name a variable with --token-env");
    }
    if token.len() > 256 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        bail!("the input is not one token (expected one line of printable ASCII, like 00…)");
    }
    // Nothing that is not token-shaped is sent to an org: a stray word or a password typed
    // into the wrong pipe must not leave the machine.
    if !is_token_shaped(token) {
        bail!(
            "the input is not an Okta API token ({} characters; expected 00 followed by 40 of A-Z a-z 0-9 _ -): nothing was sent",
            token.chars().count()
        );
    }
    Ok(Secret::new(token.to_string()))
}

/// `00` and 40 URL-safe base64 characters: the shape of every Okta API token.
fn is_token_shaped(token: &str) -> bool {
    token.len() == 42
        && token.starts_with("00")
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Asks on the terminal (standard input holds the token, so the question goes to the
/// controlling terminal).
fn confirm(question: &str) -> Result<bool> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()
        .filter(|t| t.is_terminal());
    let Some(mut tty) = tty else {
        bail!("no terminal to ask for confirmation on; pass --yes to revoke");
    };
    tty.write_all(diag::printable(question).as_bytes())?;
    tty.flush()?;
    let mut answer = String::new();
    io::BufReader::new(tty).read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
