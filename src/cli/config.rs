//! Resolved, validated settings: clap's arguments turned once into the objects the run uses.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use super::args::{ColorArg, FormatArg, OrgArgs, RuleSource, ScanArgs, ScanCommand, VerifyArgs};
use crate::allow::{Allowlist, Baseline, RootRules};
use crate::report::Format;
use crate::rules::{self, RuleSet};
use crate::scan::{HistoryOptions, ScanOptions};
use crate::source::fs::WalkOptions;
use crate::source::git;
use crate::verify::{Org, Routes, VerifyOptions};

/// Most worker threads: each is a real thread (walker and history workers), and far more
/// than there are cores only costs memory and start-up time.
const MAX_THREADS: usize = 1024;

/// Everything `scan` needs.
pub struct ScanConfig {
    /// Roots to scan, each checked to exist and be readable.
    pub roots: Vec<PathBuf>,
    /// Roots named but missing or unreadable (each reported): errors of the run.
    pub missing_roots: u64,
    /// The rules.
    pub rules: Arc<RuleSet>,
    /// Scan settings.
    pub options: ScanOptions,
    /// Report format.
    pub format: Format,
    /// Report destination (`None`: standard output).
    pub output: Option<PathBuf>,
    /// Print full tokens.
    pub show_secrets: bool,
    /// No summary line.
    pub quiet: bool,
    /// External allow rules (baseline, per-root config).
    pub allowlist: Allowlist,
    /// Report suppressed findings too.
    pub include_suppressed: bool,
    /// SARIF `automationDetails.id` category.
    pub sarif_category: Option<String>,
    /// What to read: files, git history, or the index.
    pub mode: Mode,
    /// Verification settings, with `--verify`.
    pub verify: Option<VerifyOptions>,
    /// Report only tokens verified live.
    pub only_live: bool,
    /// Colour the text report.
    pub color: bool,
    /// Wrap the text report's prose to this many columns.
    pub width: usize,
}

/// What a scan reads.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Files and directories.
    Files,
    /// Every blob of every ref of each repository.
    History(HistoryOptions),
    /// What `git commit` would record now, in the repository at the working directory; only
    /// the index entries at these paths when any are given (pre-commit passes them).
    Staged(Vec<PathBuf>),
}

impl ScanConfig {
    /// `scan`'s settings: the scan's, then verification's.
    pub fn from_command(command: ScanCommand) -> Result<Self> {
        let verify = verify_options(&command.verify)?;
        let mut config = ScanConfig::from_args(command.scan)?;
        config.verify = verify;
        config.only_live = command.verify.only_live;
        Ok(config)
    }

    /// Validates the arguments: rules load, roots exist and can be read.
    pub fn from_args(args: ScanArgs) -> Result<Self> {
        let rules = Arc::new(load_rules(&args.walk.engine.rules)?);
        let (roots, mut staged_paths) = if args.staged {
            (vec![PathBuf::from(".")], args.walk.paths)
        } else if args.walk.paths.is_empty() {
            (vec![PathBuf::from(".")], Vec::new())
        } else {
            (args.walk.paths, Vec::new())
        };
        let mut readable = Vec::with_capacity(roots.len());
        let mut missing = Vec::new();
        for root in roots {
            let is_url = args.walk.git && git::is_url(&root.to_string_lossy());
            let is_stdin = !args.walk.git && crate::scan::is_stdin(&root);
            if is_url || is_stdin {
                readable.push(root);
                continue;
            }
            match check_root(&root) {
                Ok(()) => readable.push(root),
                // A tree scan reports a missing or unreadable root and scans the rest, as
                // ripgrep does; the exit status still says the scan was incomplete.
                Err(err) if !args.walk.git && !args.staged => missing.push(err),
                Err(err) => return Err(err),
            }
        }
        // When no root is left, the last error is the run's; the others are said first.
        let last = if readable.is_empty() {
            missing.pop()
        } else {
            None
        };
        missing
            .iter()
            .for_each(|e| crate::diag::error(format!("{e:#}")));
        if let Some(last) = last {
            return Err(last);
        }
        let mut roots = readable;
        if args.staged {
            (roots, staged_paths) = staged_repository(staged_paths);
        } else if args.walk.git {
            roots = roots.into_iter().map(repository_upward).collect();
        }
        let allowlist = load_allowlist(
            &roots,
            args.baseline.as_deref(),
            args.walk.config.as_deref(),
        )?;
        let threads = thread_count(args.walk.engine.threads)?;
        // `-o -` is standard output, as for most tools that take an output file.
        let output = args.output.filter(|p| p.as_os_str() != "-");
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                output.is_none()
                    && anstream::AutoStream::choice(&std::io::stdout())
                        != anstream::ColorChoice::Never
            }
        };
        Ok(ScanConfig {
            roots,
            missing_roots: missing.len() as u64,
            rules,
            options: ScanOptions {
                walk: WalkOptions {
                    no_ignore: args.walk.no_ignore,
                    threads,
                },
                max_file_size: args.walk.engine.max_file_size,
                progress: !args.walk.engine.quiet,
                progress_group: None,
            },
            format: report_format(args.format, output.as_deref())?,
            output,
            show_secrets: args.show_secrets,
            quiet: args.walk.engine.quiet,
            allowlist,
            include_suppressed: args.include_suppressed,
            sarif_category: args.sarif_category,
            mode: if args.walk.git {
                Mode::History(HistoryOptions {
                    since_commit: args.walk.since_commit,
                })
            } else if args.staged {
                Mode::Staged(staged_paths)
            } else {
                Mode::Files
            },
            verify: None,
            only_live: false,
            color,
            width: report_width(),
        })
    }
}

/// `--staged` from a subdirectory reads the index of the work tree above, as git does;
/// PATHs are relative to the working directory, so they are made relative to the top.
fn staged_repository(paths: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let here = Path::new(".");
    if here.join(".git").exists() {
        return (vec![here.to_path_buf()], paths);
    }
    let Some(top) = git::work_tree_above(here) else {
        // Not in a repository: the scan says so, naming the directory.
        return (vec![here.to_path_buf()], paths);
    };
    let inside = top.cwd_inside.unwrap_or_default();
    let paths = paths
        .into_iter()
        .map(|p| {
            if p.is_relative() {
                inside.join(p.strip_prefix("./").unwrap_or(&p))
            } else {
                p
            }
        })
        .collect();
    (vec![top.shown], paths)
}

/// A `--git` path that is neither a repository nor holds any, but lies inside a work tree,
/// means that work tree (`scan --git .` from a subdirectory, as `git log` works there).
fn repository_upward(root: PathBuf) -> PathBuf {
    if git::is_url(&root.to_string_lossy()) || git::repositories(&root).is_ok() {
        return root;
    }
    git::work_tree_above(&root).map_or(root, |top| top.shown)
}

/// The report format: `-f`, else the one the `--output` name says (`.json`, `.sarif`),
/// else text. A `-f` that contradicts the name is refused: `-o leaks.sarif -f text` would
/// write a file that every SARIF consumer rejects.
fn report_format(format: Option<FormatArg>, output: Option<&Path>) -> Result<Format> {
    let named = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .and_then(|e| match e.as_str() {
            "json" => Some(FormatArg::Json),
            "sarif" => Some(FormatArg::Sarif),
            _ => None,
        });
    let chosen = match (format, named) {
        (Some(f), Some(n)) if f != n => bail!(
            "--format {} does not match the --output name {} (drop --format, or rename the file)",
            format_name(f),
            output.map_or_else(String::new, |p| p.display().to_string())
        ),
        (Some(f), _) => f,
        (None, Some(n)) => n,
        (None, None) => FormatArg::Text,
    };
    Ok(match chosen {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
    })
}

fn format_name(f: FormatArg) -> &'static str {
    match f {
        FormatArg::Text => "text",
        FormatArg::Json => "json",
        FormatArg::Sarif => "sarif",
    }
}

/// Columns the text report's prose is wrapped to when `COLUMNS` does not say: what most
/// terminals and code review tools show without wrapping again.
const DEFAULT_WIDTH: usize = 100;

/// The text report's width: `COLUMNS` when set, else the terminal's when standard output is
/// one (shells seldom export `COLUMNS`), else [`DEFAULT_WIDTH`].
fn report_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let terminal = || {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| usize::from(w))
    };
    columns
        .or_else(terminal)
        .map_or(DEFAULT_WIDTH, |c| c.clamp(40, 400))
}

/// The worker threads asked for, else one per CPU; refused past [`MAX_THREADS`].
pub fn thread_count(asked: Option<usize>) -> Result<usize> {
    let threads = asked.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    if !(1..=MAX_THREADS).contains(&threads) {
        bail!("--threads must be between 1 and {MAX_THREADS}");
    }
    Ok(threads)
}

/// The verification settings `--verify` and its flags ask for; `None` without `--verify`.
pub fn verify_options(args: &VerifyArgs) -> Result<Option<VerifyOptions>> {
    if !args.verify {
        if !args.orgs.okta_orgs.is_empty() || !args.orgs.okta_endpoints.is_empty() {
            bail!("--okta-org and --okta-endpoint need --verify");
        }
        return Ok(None);
    }
    if args.max_orgs_per_token == 0 || args.verify_concurrency == 0 {
        bail!("--max-orgs-per-token and --verify-concurrency must be at least 1");
    }
    let (named_orgs, routes, timeout) = org_options(&args.orgs)?;
    Ok(Some(VerifyOptions {
        named_orgs,
        routes,
        max_orgs_per_token: args.max_orgs_per_token,
        concurrency: args.verify_concurrency,
        timeout,
        revoke_live: args.revoke_live,
    }))
}

/// The orgs the user named (each once, compared after normalising, and routed where the
/// user routed it), the endpoints they routed orgs to, and the time budget.
pub fn org_options(args: &OrgArgs) -> Result<(Vec<Org>, Routes, std::time::Duration)> {
    let routes = Routes::parse(&args.okta_endpoints).context("--okta-endpoint")?;
    let mut orgs: Vec<Org> = Vec::new();
    for value in &args.okta_orgs {
        let org = routes.apply(Org::named(value).context("--okta-org")?);
        if !orgs.iter().any(|o| o.url == org.url) {
            orgs.push(org);
        }
    }
    let secs = args.verify_timeout;
    if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
        bail!("--verify-timeout must be between 0 and 3600 seconds");
    }
    Ok((orgs, routes, std::time::Duration::from_secs_f64(secs)))
}

/// The baseline, each root's `.oktaleaksignore`, and the `--config` file or else each
/// root's `oktaleaks.toml`.
fn load_allowlist(
    roots: &[PathBuf],
    baseline: Option<&Path>,
    config: Option<&Path>,
) -> Result<Allowlist> {
    let baseline = baseline.map(Baseline::load).transpose()?;
    let with_config = config.is_none();
    let mut rules = roots
        .iter()
        .flat_map(|r| {
            [
                RootRules::discover(r, with_config),
                RootRules::discover_above(r, with_config),
            ]
        })
        .filter_map(Result::transpose)
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(path) = config {
        rules.push(RootRules::from_config(path)?);
    }
    Ok(Allowlist {
        baseline,
        roots: rules,
    })
}

/// Loads the built-in rules and/or the user's files.
pub fn load_rules(source: &RuleSource) -> Result<RuleSet> {
    if source.no_builtin_rules && source.rules.is_empty() {
        bail!("--no-builtin-rules needs at least one --rules FILE");
    }
    let files = source
        .rules
        .iter()
        .map(|p| rules::load_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rules::merge(!source.no_builtin_rules, files)?)
}

fn check_root(root: &PathBuf) -> Result<()> {
    let meta = std::fs::metadata(root).with_context(|| format!("{}", root.display()))?;
    if meta.is_dir() {
        std::fs::read_dir(root)
            .with_context(|| format!("{}: cannot read directory", root.display()))?;
    } else if meta.is_file() {
        std::fs::File::open(root)
            .with_context(|| format!("{}: cannot read file", root.display()))?;
    }
    // Anything else (a FIFO, a device) is never opened: opening a FIFO blocks until a
    // writer comes. The walk skips and counts it.
    Ok(())
}
