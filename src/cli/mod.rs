//! The binary's edge: parse arguments, run a command, turn the outcome into an exit code.
//! Errors here are `anyhow` errors, printed as one line.

pub mod args;
mod audit;
pub mod config;
mod generate;
mod interrupt;
mod report_file;
mod token;

use std::io::{self, BufWriter, Write};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Parser;

use crate::diag;
use crate::exit::ExitCode;
use crate::finding::Finding;
use crate::matcher::check_examples;
use crate::quit;
use crate::report::{self, Report};
use crate::scan::{self, Stats};
use crate::verify::{Revocation, Verifier, VerifyOptions};
use args::{BaselineCommand, Cli, Command, DatastoreCommand, RulesCommand, ScanArgs};
use config::{Mode, ScanConfig};
use report_file::write_atomically;

/// Runs the command line and returns the process exit code.
pub fn main() -> std::process::ExitCode {
    diag::install_panic_hook();
    interrupt::install();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Usage errors echo what was typed, which may be a token pasted by mistake.
            let rendered = err.render().to_string();
            let code = if err.use_stderr() {
                for line in rendered.lines() {
                    eprintln!("{}", diag::printable(line));
                }
                ExitCode::Error
            } else {
                print!("{rendered}");
                ExitCode::Clean
            };
            return std::process::ExitCode::from(code as u8);
        }
    };
    let code = match run(cli) {
        // Whatever the work said after an interrupt, the run was cut short (the signal
        // handler has said so).
        _ if quit::requested() => ExitCode::Interrupted,
        Ok(code) => code,
        Err(err) => {
            diag::error(format!("{err:#}"));
            ExitCode::Error
        }
    };
    std::process::ExitCode::from(code as u8)
}

/// Writes generated text to standard output; a reader that went away (`| head`) is normal.
fn write_stdout(bytes: &[u8]) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(e).context("writing to standard output")
        }
        _ => Ok(ExitCode::Clean),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan(command) => run_scan(ScanConfig::from_command(command)?),
        Command::Verify(args) => match &args.datastore {
            Some(path) => audit::verify_datastore(path, &args.token.orgs),
            None => token::run_verify(&args.token),
        },
        Command::Datastore(DatastoreCommand::Merge(args)) => audit::run_merge(args),
        Command::Audit(args) => audit::run_audit(args),
        Command::Report(args) => audit::run_report(args),
        Command::Triage(args) => audit::run_triage(args),
        Command::Revoke(args) => token::run_revoke(&args),
        Command::Baseline(BaselineCommand::Create(args)) => {
            let (force, output) = (args.force, args.output);
            let mut config = ScanConfig::from_args(ScanArgs::for_baseline(args.walk))?;
            config.output = output;
            run_baseline_create(config, force)
        }
        Command::Rules(RulesCommand::Check(source)) => {
            let rules = Arc::new(config::load_rules(&source)?);
            let failures = check_examples(&rules);
            for f in &failures {
                let line = format!("FAIL {}: {:?}: {}", f.rule_id, f.example, f.problem);
                println!("{}", diag::printable(&line));
            }
            let examples: usize = rules
                .rules
                .iter()
                .map(|r| r.examples.len() + r.negative_examples.len())
                .sum();
            println!(
                "{} rules, {} examples: {} passed, {} failed",
                rules.rules.len(),
                examples,
                examples - failures.len(),
                failures.len()
            );
            Ok(ExitCode::of_rules_check(failures.len()))
        }
        Command::Completions(args) => {
            let mut script = Vec::new();
            generate::write_completions(args.shell, &mut script);
            write_stdout(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            generate::write_man(&mut page).context("rendering the man page")?;
            write_stdout(&page)
        }
        Command::Rules(RulesCommand::List(source)) => {
            let rules = config::load_rules(&source)?;
            for r in &rules.rules {
                let line = format!("{}\t{}\t{}", r.id, r.confidence.as_str(), r.name);
                println!("{}", diag::printable(&line));
            }
            Ok(ExitCode::Clean)
        }
    }
}

/// Scans, applies the allow rules, and counts what they suppressed.
fn scan_and_allow(config: &ScanConfig) -> Result<scan::ScanOutcome> {
    let rules = Arc::clone(&config.rules);
    let mut outcome = match &config.mode {
        Mode::History(history) => {
            scan::scan_history(&config.roots, rules, &config.options, history)?
        }
        Mode::Staged(only) => scan::scan_staged(&config.roots, only, rules, &config.options)?,
        Mode::Files => scan::scan_paths(&config.roots, rules, &config.options),
    };
    config.allowlist.apply(&mut outcome.findings);
    let suppressed = outcome
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count();
    outcome.stats.suppressed = suppressed as u64;
    outcome.stats.findings = (outcome.findings.len() - suppressed) as u64;
    outcome.stats.errors += config.missing_roots;
    Ok(outcome)
}

fn run_scan(config: ScanConfig) -> Result<ExitCode> {
    let mut outcome = scan_and_allow(&config)?;
    // A scan cut short must not leave a report that looks complete.
    if quit::requested() {
        return Ok(ExitCode::Interrupted);
    }
    if !config.include_suppressed {
        outcome.findings.retain(|f| f.suppression.is_none());
    }
    if let Some(options) = &config.verify {
        verify_findings(options, &mut outcome)?;
    }
    // Tokens --only-live leaves out because their check could not be made.
    let unchecked = if config.only_live {
        outcome
            .stats
            .verification
            .as_ref()
            .map_or(0, |v| v.unknown + v.not_checked)
    } else {
        0
    };
    if config.only_live {
        outcome.findings.retain(|f| f.verification.live().is_some());
        outcome.stats.findings = outcome
            .findings
            .iter()
            .filter(|f| f.suppression.is_none())
            .count() as u64;
    }
    let (findings, stats) = (&outcome.findings, &outcome.stats);
    let report = Report {
        findings,
        stats,
        rules: &config.rules,
        show_secrets: config.show_secrets,
        sarif_category: config.sarif_category.as_deref(),
        repositories: &outcome.repositories,
        verified: config.verify.is_some(),
        staged: matches!(config.mode, Mode::Staged(_)),
        color: config.color,
        width: config.width,
    };
    match &config.output {
        Some(path) => write_atomically(path, |out| report::write(config.format, &report, out))?,
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let written =
                report::write(config.format, &report, &mut out).and_then(|()| out.flush());
            match written {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other.context("writing the report to standard output")?,
            }
        }
    }
    if !config.quiet {
        diag::note(summary(stats, !matches!(config.mode, Mode::Files)));
    }
    // Only reported (never allowed) findings are verified, so the counts say it.
    let live = stats.verification.as_ref().is_some_and(|v| v.live > 0);
    if config.only_live {
        if unchecked > 0 {
            // Said even with --quiet: it is why the exit status is not 0.
            diag::note(format!(
                "--only-live: {unchecked} token{} could not be checked (unknown or not checked) and {} not reported; run without --only-live to see {}",
                plural(unchecked),
                if unchecked == 1 { "is" } else { "are" },
                if unchecked == 1 { "it" } else { "them" },
            ));
        }
        return Ok(ExitCode::of_only_live(live, unchecked, stats.errors > 0));
    }
    Ok(ExitCode::of_scan(
        stats.findings as usize,
        live,
        stats.errors > 0,
    ))
}

/// Verifies the reported (not the allowed) findings, and says what `--revoke-live` did.
fn verify_findings(options: &VerifyOptions, outcome: &mut scan::ScanOutcome) -> Result<()> {
    let verifier = Verifier::new(options.clone())?;
    // Allowed findings are not sent anywhere.
    let reported: Vec<&mut Finding> = outcome
        .findings
        .iter_mut()
        .filter(|f| f.suppression.is_none())
        .collect();
    let counts = verifier.verify_findings(reported);
    // What --revoke-live did is always said, --quiet or not.
    let mut seen = std::collections::HashSet::new();
    for f in &outcome.findings {
        let Some(live) = f.verification.live() else {
            continue;
        };
        if let (Some(revocation), true) = (&live.revocation, seen.insert(&f.secret)) {
            let line = format!(
                "token {} at {} (owner {}): {}",
                f.secret.redacted(),
                live.org,
                live.owner.login,
                revocation.describe()
            );
            match revocation {
                Revocation::Revoked => diag::note(line),
                Revocation::Failed { .. } => {
                    outcome.stats.errors += 1;
                    diag::error(line)
                }
            }
        }
    }
    outcome.stats.verification = Some(counts);
    Ok(())
}

/// Default baseline file name.
pub const DEFAULT_BASELINE: &str = ".oktaleaks-baseline.json";

fn run_baseline_create(config: ScanConfig, force: bool) -> Result<ExitCode> {
    let path = config
        .output
        .clone()
        .unwrap_or_else(|| DEFAULT_BASELINE.into());
    // Checked before scanning, so a refusal costs nothing.
    if !force && path.exists() {
        anyhow::bail!(
            "{} exists; pass --force to replace it (the new baseline would allow every finding in the tree today)",
            path.display()
        );
    }
    let outcome = scan_and_allow(&config)?;
    if quit::requested() {
        return Ok(ExitCode::Interrupted);
    }
    let stats = &outcome.stats;
    let current: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .collect();
    let text = crate::allow::baseline::render(current.iter().copied());
    write_atomically(&path, |out| out.write_all(text.as_bytes()))?;
    if !config.quiet {
        diag::note(format!(
            "baseline {} records {} finding{}",
            path.display(),
            current.len(),
            if current.len() == 1 { "" } else { "s" }
        ));
        diag::note(summary(stats, !matches!(config.mode, Mode::Files)));
    }
    Ok(ExitCode::of_baseline(stats.errors > 0))
}

/// The plural ending for `n` things.
fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The one-line summary printed on stderr at the end of a scan (of files, or of history's
/// blobs).
pub fn summary(s: &Stats, history: bool) -> String {
    let mut line = format!(
        "scanned {} {}{} ({}) in {:.2}s: {} finding{}",
        s.files_scanned,
        if history { "blob" } else { "file" },
        plural(s.files_scanned),
        human_bytes(s.bytes_scanned),
        s.elapsed_ms as f64 / 1000.0,
        s.findings,
        if s.findings == 1 { "" } else { "s" },
    );
    // Each kind of skip names the flag that would include it: nothing is skipped in silence.
    let skipped = [
        (s.skipped_ignored, "ignored (--no-ignore scans them)"),
        (s.skipped_binary, "binary"),
        (s.skipped_too_large, "too large (--max-file-size)"),
        (s.skipped_not_regular, "not regular files"),
    ];
    let parts: Vec<String> = skipped
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if !parts.is_empty() {
        line.push_str(&format!("; skipped {}", parts.join(", ")));
    }
    if s.ignored_scanned > 0 {
        line.push_str(&format!(
            "; scanned {} ignored credential file{}",
            s.ignored_scanned,
            plural(s.ignored_scanned)
        ));
    }
    if s.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", s.suppressed));
    }
    if s.not_kept > 0 {
        line.push_str(&format!(
            "; {} token-shaped string{} not kept (files with more matches than are kept)",
            s.not_kept,
            plural(s.not_kept)
        ));
    }
    if let Some(v) = &s.verification {
        line.push_str(&format!(
            "; verified {} credential{}: {} live, {} inactive, {} unknown, {} not checked",
            v.tokens,
            if v.tokens == 1 { "" } else { "s" },
            v.live,
            v.inactive,
            v.unknown,
            v.not_checked
        ));
        if v.revoked > 0 {
            line.push_str(&format!(", {} revoked", v.revoked));
        }
    }
    if s.unreadable > 0 {
        line.push_str(&format!("; {} unreadable (scan incomplete)", s.unreadable));
    }
    line
}
