//! `oktaleaks audit`, `report` and `triage`: the command-line side of org-wide audits.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::args::{AuditArgs, AuditFormatArg, MergeArgs, OrgArgs, ReportArgs, TriageArgs};
use super::config;
use super::report_file::write_atomically;
use crate::audit::{self, AuditOptions, AuditTarget};
use crate::diag;
use crate::exit::ExitCode;
use crate::report::audit::{short, AuditReport};
use crate::scan::ScanOptions;
use crate::source::fs::WalkOptions;
use crate::source::git;
use crate::store::Datastore;

/// Runs `oktaleaks audit`.
pub fn run_audit(args: AuditArgs) -> Result<ExitCode> {
    if args.verify.only_live {
        bail!("--only-live is for scan; an audit records every secret (report shows verdicts)");
    }
    let rules = Arc::new(config::load_rules(&args.engine.rules)?);
    let verify = config::verify_options(&args.verify)?;
    let threads = config::thread_count(args.engine.threads)?;
    let mut named = args.repositories.clone();
    if let Some(file) = &args.repos_file {
        named.extend(read_repos_file(file)?);
    }
    let (listed, listing_failed) = enumerate(&args);
    named.extend(listed);
    if named.is_empty() {
        if listing_failed {
            bail!("nothing to audit: no forge could be listed");
        }
        bail!("nothing to audit: name repositories (paths or URLs), --repos-file, or a GitHub or GitLab org, user or group");
    }
    let Some(cache_dir) = args
        .cache_dir
        .clone()
        .or_else(git::cache::default_cache_dir)
    else {
        bail!("no cache directory for clones: set HOME or XDG_CACHE_HOME, or pass --cache-dir");
    };
    let mut targets = targets(&named)?;
    if let Some(spec) = &args.shard {
        let (shard, shards) = parse_shard(spec)?;
        let all = targets.len();
        targets.retain(|t| audit::shard_of(&t.name, shards) == shard);
        if !args.engine.quiet {
            diag::note(format!(
                "shard {shard}/{shards}: {} of {all} repositories",
                targets.len()
            ));
        }
    }
    refuse_datastore_inside(&args.datastore.datastore, &targets)?;
    let mut store = Datastore::open(&args.datastore.datastore)?;
    // One bar for the repositories, and under it each repository's blobs.
    let group = MultiProgress::new();
    let bar = progress_bar(args.engine.quiet, targets.len()).map(|bar| group.add(bar));
    let options = AuditOptions {
        scan: ScanOptions {
            walk: WalkOptions {
                no_ignore: true,
                threads,
            },
            max_file_size: args.engine.max_file_size,
            progress: bar.is_some(),
            progress_group: Some(group.clone()),
        },
        cache_dir,
        store_secrets: args.store_secrets,
        verify,
    };
    let on_repository = |index: usize, _total: usize, name: &str| {
        if let Some(bar) = &bar {
            bar.set_position(index as u64);
            bar.set_message(diag::printable(&crate::secret::redact_credentials(name)));
        }
    };
    let run = audit::audit(&mut store, &targets, &rules, &options, &on_repository)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if crate::quit::requested() {
        return Ok(ExitCode::Interrupted);
    }
    let report = store.report(false)?;
    if !args.engine.quiet {
        let mut line = format!(
            "audited {} repositor{} ({} scanned, {} unchanged, {} failed): {} blobs, {} places found",
            targets.len(),
            if targets.len() == 1 { "y" } else { "ies" },
            run.scanned,
            run.unchanged,
            run.failed,
            run.blobs,
            run.findings
        );
        if options.verify.is_some() {
            line.push_str(&format!(
                "; checked {} secret{}: {} live",
                run.checked,
                if run.checked == 1 { "" } else { "s" },
                run.live
            ));
        }
        line.push_str(&format!(
            "; {} holds {} secret{} ({} open): oktaleaks report --datastore {}",
            args.datastore.datastore.display(),
            report.summary.secrets,
            if report.summary.secrets == 1 { "" } else { "s" },
            report.summary.open,
            args.datastore.datastore.display()
        ));
        diag::note(line);
    }
    Ok(if run.live > 0 {
        ExitCode::Live
    } else if report.summary.open > 0 {
        ExitCode::Findings
    } else if run.failed > 0 || listing_failed {
        ExitCode::Error
    } else {
        ExitCode::Clean
    })
}

/// `K/N`, or `auto/N` with K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job).
fn parse_shard(spec: &str) -> Result<(u64, u64)> {
    let bad = || anyhow::anyhow!("--shard {spec:?}: expected K/N with 0 <= K < N, or auto/N");
    let (k, n) = spec.split_once('/').ok_or_else(bad)?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    let k: u64 = if k.trim() == "auto" {
        let index = std::env::var("JOB_COMPLETION_INDEX").map_err(|_| {
            anyhow::anyhow!("--shard auto/{n}: JOB_COMPLETION_INDEX is not set (a Kubernetes Indexed Job sets it)")
        })?;
        index.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "--shard auto/{n}: JOB_COMPLETION_INDEX {:?} is not a number",
                diag::printable(&index)
            )
        })?
    } else {
        k.trim().parse().map_err(|_| bad())?
    };
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

/// Runs `oktaleaks datastore merge`.
pub fn run_merge(args: MergeArgs) -> Result<ExitCode> {
    let mut out = Datastore::open(&args.output)?;
    for input in &args.inputs {
        for conflict in out.merge_from(input)? {
            diag::note(format!("triage conflict: {conflict}"));
        }
    }
    let report = out.report(false)?;
    diag::note(format!(
        "{} holds {} secret{} from {} repositor{}",
        args.output.display(),
        report.summary.secrets,
        if report.summary.secrets == 1 { "" } else { "s" },
        report.summary.repositories,
        if report.summary.repositories == 1 {
            "y"
        } else {
            "ies"
        },
    ));
    Ok(ExitCode::Clean)
}

/// Runs `oktaleaks verify --datastore FILE`: every kept token checked once per org.
pub fn verify_datastore(path: &Path, orgs: &OrgArgs) -> Result<ExitCode> {
    let mut store = Datastore::open_existing(path)?;
    let (named_orgs, routes, timeout) = config::org_options(orgs)?;
    let options = crate::verify::VerifyOptions {
        named_orgs,
        routes,
        max_orgs_per_token: 3,
        concurrency: 8,
        timeout,
        revoke_live: false,
    };
    check_again(&mut store, options, 0, path)?;
    let report = store.report(false)?;
    Ok(if report.summary.live > 0 {
        ExitCode::Live
    } else {
        ExitCode::Clean
    })
}

/// A bar for the repositories (done of total, ETA, the current one), on a terminal only.
fn progress_bar(quiet: bool, total: usize) -> Option<ProgressBar> {
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} repositories, {eta} left: {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// The repositories a file lists: one path or URL per line; blank lines and `#` comments
/// skipped.
fn read_repos_file(path: &Path) -> Result<Vec<String>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("--repos-file {}: cannot open", path.display()))?;
    let mut out = Vec::new();
    for (number, line) in io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| {
            format!(
                "--repos-file {}: line {}: not text",
                path.display(),
                number + 1
            )
        })?;
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            out.push(line.to_string());
        }
    }
    Ok(out)
}

/// The repositories the forges list for `--github-org`, `--github-user` and
/// `--gitlab-group`, and whether a listing failed (each failure said on stderr; the others
/// are still audited).
fn enumerate(args: &AuditArgs) -> (Vec<String>, bool) {
    use crate::enumerate::{ForgeOptions, Target};
    let token = |var: &str| {
        std::env::var(var)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .map(|t| crate::secret::Secret::new(t.trim().to_string()))
    };
    let options = ForgeOptions {
        github_api_url: args.github_api_url.clone(),
        github_token: token("GITHUB_TOKEN"),
        gitlab_url: args.gitlab_url.clone(),
        gitlab_token: token("GITLAB_TOKEN"),
        include_forks: args.include_forks,
        include_archived: args.include_archived,
    };
    let forge_targets = args
        .github_org
        .iter()
        .map(|o| Target::GithubOrg(o.clone()))
        .chain(
            args.github_user
                .iter()
                .map(|u| Target::GithubUser(u.clone())),
        )
        .chain(
            args.gitlab_group
                .iter()
                .map(|g| Target::GitlabGroup(g.clone())),
        );
    let (mut urls, mut failed) = (Vec::new(), false);
    for target in forge_targets {
        match crate::enumerate::enumerate(std::slice::from_ref(&target), &options) {
            Ok(repos) => {
                if !args.engine.quiet {
                    diag::note(format!("{target}: {} repositories", repos.len()));
                }
                urls.extend(repos.into_iter().map(|r| r.clone_url));
            }
            Err(err) => {
                failed = true;
                diag::error(err);
            }
        }
    }
    (urls, failed)
}

/// Where each named repository's history is: a URL is cloned when its turn comes; a local
/// repository is used as it is (each one under a directory of them), keyed by its absolute
/// path. Each repository once.
fn targets(named: &[String]) -> Result<Vec<AuditTarget>> {
    let mut out: Vec<AuditTarget> = Vec::new();
    let mut add = |target: AuditTarget| {
        let key = audit::normalised_name(&target.name);
        if !out.iter().any(|t| audit::normalised_name(&t.name) == key) {
            out.push(target);
        }
    };
    for name in named {
        if git::is_url(name) {
            if has_credentials(name) {
                bail!(
                    "{}: a URL with credentials is refused (they would be kept in the datastore and the clone cache); use GITHUB_TOKEN, GITLAB_TOKEN or a git credential helper",
                    diag::printable(name)
                );
            }
            add(AuditTarget {
                name: name.clone(),
                local: None,
            });
            continue;
        }
        for path in git::repositories(Path::new(name))? {
            let absolute = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            add(AuditTarget {
                name: absolute.to_string_lossy().into_owned(),
                local: Some(absolute),
            });
        }
    }
    Ok(out)
}

/// Whether a URL carries a user name with a password, or a token as its user name
/// (`https://ghp_x@github.com/...`); `git@host:path` and `ssh://git@host/...` carry none.
fn has_credentials(name: &str) -> bool {
    url::Url::parse(name).is_ok_and(|url| {
        url.password().is_some()
            || (!url.username().is_empty() && matches!(url.scheme(), "http" | "https"))
    })
}

/// Refuses a datastore inside a repository being audited: the repository could supply one
/// (`oktaleaks.db` committed beside the code) whose recorded tips hide its history.
fn refuse_datastore_inside(datastore: &Path, targets: &[AuditTarget]) -> Result<()> {
    let parent = datastore
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(parent) = std::fs::canonicalize(parent) else {
        return Ok(());
    };
    for target in targets {
        if let Some(local) = target.local.as_deref().filter(|l| parent.starts_with(l)) {
            bail!(
                "the datastore {} is inside {}, a repository being audited: a repository could supply its own datastore; pass --datastore outside it",
                datastore.display(),
                local.display()
            );
        }
    }
    Ok(())
}

/// Runs `oktaleaks report`.
pub fn run_report(args: ReportArgs) -> Result<ExitCode> {
    let mut store = Datastore::open_existing(&args.datastore.datastore)?;
    if args.verify.only_live || args.verify.revoke_live {
        bail!("--only-live and --revoke-live are for scan; report shows every verdict");
    }
    if let Some(verify) = config::verify_options(&args.verify)? {
        check_again(&mut store, verify, args.max_age, &args.datastore.datastore)?;
    }
    let report = store.report(args.show_secrets)?;
    let output = args.output.filter(|p| p.as_os_str() != "-");
    let format = report_format(args.format, output.as_deref())?;
    let write = |out: &mut dyn Write| write_report(format, &report, args.show_secrets, out);
    match &output {
        Some(path) => write_atomically(path, write)?,
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other.context("writing the report to standard output")?,
            }
        }
    }
    let s = &report.summary;
    Ok(if s.live > 0 {
        ExitCode::Live
    } else if s.open > 0 {
        ExitCode::Findings
    } else {
        ExitCode::Clean
    })
}

/// Checks the kept tokens whose latest check is older than `max_age`, and records the
/// verdicts.
fn check_again(
    store: &mut Datastore,
    options: crate::verify::VerifyOptions,
    max_age: u64,
    path: &Path,
) -> Result<()> {
    if !store.holds_tokens()? {
        bail!(
            "{} holds no tokens to check (only their hashes): audit with --store-secrets to check them again later",
            path.display()
        );
    }
    let verifier = crate::verify::Verifier::new(options)?;
    // A datastore names each secret's rule; the built-in rules say which kind of check it
    // gets (a rule of the user's own finds the first kind, an API token).
    let rules = crate::rules::load_builtin()?;
    let counts = audit::check_kept(store, &rules, &verifier, max_age)?;
    diag::note(format!(
        "checked {} secret{} again: {} live, {} inactive, {} unknown, {} not checked",
        counts.tokens,
        if counts.tokens == 1 { "" } else { "s" },
        counts.live,
        counts.inactive,
        counts.unknown,
        counts.not_checked
    ));
    Ok(())
}

fn write_report(
    format: AuditFormatArg,
    report: &AuditReport,
    show_secrets: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        AuditFormatArg::Text => crate::report::audit::write_text(report, show_secrets, out),
        AuditFormatArg::Json => crate::report::audit::write_json(report, show_secrets, out),
        AuditFormatArg::Sarif => {
            let rules = crate::rules::load_builtin().map_err(io::Error::other)?;
            crate::report::sarif::write_audit(report, &rules, show_secrets, out)
        }
        AuditFormatArg::Html => crate::report::html::write(out, report),
    }
}

/// The format asked for, else the one the output file's extension names, else text; a
/// format that contradicts the extension is refused.
fn report_format(asked: Option<AuditFormatArg>, output: Option<&Path>) -> Result<AuditFormatArg> {
    let by_extension = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(|e| match e.to_ascii_lowercase().as_str() {
            "json" => Some(AuditFormatArg::Json),
            "sarif" => Some(AuditFormatArg::Sarif),
            "html" | "htm" => Some(AuditFormatArg::Html),
            "txt" => Some(AuditFormatArg::Text),
            _ => None,
        });
    match (asked, by_extension) {
        (Some(a), Some(e)) if a != e => bail!(
            "--format {a:?} does not match the output file's extension (.{})",
            output
                .and_then(|p| p.extension())
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        (Some(a), _) => Ok(a),
        (None, Some(e)) => Ok(e),
        (None, None) => Ok(AuditFormatArg::Text),
    }
}

/// Runs `oktaleaks triage`.
pub fn run_triage(args: TriageArgs) -> Result<ExitCode> {
    let mut store = Datastore::open_existing(&args.datastore.datastore)?;
    let status = args.status.as_str();
    let marked = store.triage(&args.ids, status, args.note.as_deref())?;
    for id in &marked {
        diag::note(format!("{}: {status}", short(id)));
    }
    Ok(ExitCode::Clean)
}
