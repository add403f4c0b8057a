//! The command line (clap derive). The first doc line of each flag is its short help; the
//! rest is long help stating the default and why.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Finds leaked Okta API tokens in files and repositories, and says how to revoke them.
#[derive(Debug, Parser)]
#[command(name = "oktaleaks", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for Okta API tokens.
    ///
    /// Exit status: 0 when nothing is reported, 1 when at least one finding is reported
    /// (none verified live), 3 when --verify found a live token, 2 on an error (bad usage, an
    /// unreadable root, a malformed rules file, or, when nothing was found, a file that could
    /// not be read).
    Scan(ScanCommand),
    /// Ask Okta whether one token, read from standard input, is live, whose it is and what
    /// it can do.
    ///
    /// The token is read from standard input (or --token-env), never from the command line,
    /// where `ps` and shell history would show it. The check is an API call with the token,
    /// which restarts its 30-day idle expiry.
    ///
    /// Exit status: 3 live, 0 inactive (rejected by every org), 1 unknown (no clear answer),
    /// 2 on an error.
    Verify(VerifyCommandArgs),
    /// Revoke one token, read from standard input, at its org, and confirm it is dead.
    ///
    /// Checks the token first, asks for confirmation on the terminal unless --yes, then calls
    /// DELETE /api/v1/api-tokens/current with it and checks that the org now rejects it.
    ///
    /// Exit status: 0 revoked (or already inactive), 2 when it could not be revoked or
    /// confirmed.
    Revoke(RevokeArgs),
    /// Audit the full history of many repositories into a datastore (resumable).
    ///
    /// Repositories come from PATHs and URLs, --repos-file, and GitHub or GitLab. Each is
    /// recorded in the datastore as soon as it is scanned: an audit cut short resumes where it
    /// stopped, and one run again scans only commits that are new since the last. The same
    /// secret in many repositories is one secret with many places. Read the results with
    /// `oktaleaks report`, mark them with `oktaleaks triage`.
    ///
    /// Exit status: 0 when the datastore holds no open secret, 1 when it does, 3 when this
    /// run verified a live one, 2 on an error (a repository that could not be audited too).
    Audit(AuditArgs),
    /// Report what an audit's datastore holds: one entry per secret, with every repository and
    /// place, its latest verdict, its triage state and what to do.
    ///
    /// Exit status: 0 when no secret is open, 1 when one is, 3 when one is live, 2 on an error.
    Report(ReportArgs),
    /// Work with audit datastores.
    #[command(subcommand)]
    Datastore(DatastoreCommand),
    /// Mark secrets in an audit's datastore: revoked, false-positive, accepted-risk or open.
    ///
    /// The state is kept across audits; a secret marked revoked that a later check finds
    /// live is flagged in every report.
    Triage(TriageArgs),
    /// Work with rules files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Record today's findings so that later scans report only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Print a shell completion script to standard output.
    ///
    /// bash: `oktaleaks completions bash > ~/.local/share/bash-completion/completions/oktaleaks`;
    /// zsh: into a directory on $fpath as `_oktaleaks`; fish: into
    /// ~/.config/fish/completions/oktaleaks.fish; PowerShell and elvish: load it from the
    /// profile or rc file.
    Completions(CompletionsArgs),
    /// Print the man page (roff) to standard output.
    ///
    /// `oktaleaks man > oktaleaks.1; man -l oktaleaks.1`, or install it as
    /// /usr/local/share/man/man1/oktaleaks.1. It covers every subcommand and flag.
    Man,
}

/// Where the audit datastore is.
#[derive(Debug, Args)]
pub struct DatastoreArg {
    /// The datastore (SQLite) file.
    #[arg(long, value_name = "FILE", default_value = "oktaleaks.db")]
    pub datastore: PathBuf,
}

/// `oktaleaks audit …`
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Repositories to audit: paths (work trees, bare repositories) or clone URLs.
    #[arg(value_name = "PATH|URL")]
    pub repositories: Vec<String>,

    /// Also audit the repositories listed in FILE, one path or URL per line (`#` comments).
    #[arg(long, value_name = "FILE")]
    pub repos_file: Option<PathBuf>,

    /// Also audit every repository of this GitHub organization (repeatable). GITHUB_TOKEN,
    /// when set, is sent as a bearer token (private repositories need it).
    #[arg(long, value_name = "ORG", help_heading = "Repositories from forges")]
    pub github_org: Vec<String>,

    /// Also audit the public repositories this GitHub user owns (repeatable).
    #[arg(long, value_name = "USER", help_heading = "Repositories from forges")]
    pub github_user: Vec<String>,

    /// Also audit every project of this GitLab group and its subgroups (repeatable; a path
    /// such as acme/platform, or a numeric id). GITLAB_TOKEN, when set, is sent.
    #[arg(long, value_name = "GROUP", help_heading = "Repositories from forges")]
    pub gitlab_group: Vec<String>,

    /// GitHub's API (GitHub Enterprise Server: https://HOST/api/v3).
    #[arg(long, value_name = "URL", default_value = crate::enumerate::DEFAULT_GITHUB_API_URL, help_heading = "Repositories from forges")]
    pub github_api_url: String,

    /// GitLab's address (self-managed GitLab: https://HOST).
    #[arg(long, value_name = "URL", default_value = crate::enumerate::DEFAULT_GITLAB_URL, help_heading = "Repositories from forges")]
    pub gitlab_url: String,

    /// Audit forks too (left out by default: their history is mostly their parent's).
    #[arg(long, help_heading = "Repositories from forges")]
    pub include_forks: bool,

    /// Audit archived repositories too.
    #[arg(long, help_heading = "Repositories from forges")]
    pub include_archived: bool,

    /// Keep bare clones of URLs here, fetched (not cloned again) by the next audit
    /// [default: $XDG_CACHE_HOME/oktaleaks/repos or ~/.cache/oktaleaks/repos].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// The datastore.
    #[command(flatten)]
    pub datastore: DatastoreArg,

    /// Keep the tokens themselves in the datastore, so that `report --verify` can check
    /// them again later. Off by default: the datastore then holds only one-way hashes and
    /// redacted forms, and is not itself a leak.
    #[arg(long)]
    pub store_secrets: bool,

    /// Rules, size limit, threads, quiet.
    #[command(flatten)]
    pub engine: EngineArgs,

    /// Audit only shard K of N (0 <= K < N): the repositories whose normalised name hashes to
    /// K (SHA-256, first 8 bytes, modulo N), the same on every machine and run. `auto/N`
    /// takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). Merge the shards'
    /// datastores with `oktaleaks datastore merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// Verification.
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// `oktaleaks datastore …`
#[derive(Debug, Subcommand)]
pub enum DatastoreCommand {
    /// Merge audit datastores (one per shard) into one, as if one machine had done the whole
    /// audit: secrets de-duplicated across them, places unioned, every check kept, triage
    /// merged (newest change wins; conflicts listed). Idempotent; the order does not matter.
    Merge(MergeArgs),
}

/// `oktaleaks datastore merge …`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The datastores to merge.
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,

    /// The merged datastore: created, or merged into when it exists.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Report formats of `oktaleaks report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormatArg {
    /// One block per secret, for people.
    Text,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, one result per place.
    Sarif,
    /// One self-contained HTML page (no network, no external resources).
    Html,
}

/// `oktaleaks report …`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The datastore.
    #[command(flatten)]
    pub datastore: DatastoreArg,

    /// Report format [default: text, or the one FILE's extension names].
    #[arg(short, long, value_enum)]
    pub format: Option<AuditFormatArg>,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show the tokens kept with `audit --store-secrets` (hidden by default).
    #[arg(long)]
    pub show_secrets: bool,

    /// With --verify: check again only secrets whose latest check is older than AGE (such as
    /// 7d, 12h, 30m; 0 checks every one). Needs tokens kept with `audit --store-secrets`.
    #[arg(long, value_name = "AGE", default_value = "7d", value_parser = parse_age, requires = "verify")]
    pub max_age: u64,

    /// Verification.
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// Parses an age: `7d`, `12h`, `30m`, `45s` or plain seconds.
pub fn parse_age(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not an age (try 7d)"))?;
    let scale = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{s:?} has an unknown unit (use s, m, h or d)")),
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("{s:?} is too long"))
}

/// `oktaleaks triage …`
#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Secret ids as reports show them (or a unique prefix of 8 or more hex digits).
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// The new state.
    #[arg(long, value_enum)]
    pub status: TriageStatusArg,

    /// Why (kept with the state; shown in reports).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The datastore.
    #[command(flatten)]
    pub datastore: DatastoreArg,
}

/// Triage states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriageStatusArg {
    /// Still to be dealt with.
    Open,
    /// Revoked at its org.
    Revoked,
    /// Not a real token.
    FalsePositive,
    /// Known, and left as it is on purpose.
    AcceptedRisk,
}

impl TriageStatusArg {
    /// The name the datastore keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            TriageStatusArg::Open => "open",
            TriageStatusArg::Revoked => "revoked",
            TriageStatusArg::FalsePositive => "false-positive",
            TriageStatusArg::AcceptedRisk => "accepted-risk",
        }
    }
}

/// `oktaleaks completions …`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `oktaleaks baseline …`
#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan and write every current finding's fingerprint (never the secret) to a baseline.
    Create(BaselineArgs),
}

/// `oktaleaks baseline create …`
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// What to scan and how.
    #[command(flatten)]
    pub walk: WalkArgs,

    /// Write the baseline to FILE [default: .oktaleaks-baseline.json].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace an existing baseline file (without it, an existing one is kept and the run
    /// fails: a baseline silently rewritten would allow whatever is in the tree today).
    #[arg(long)]
    pub force: bool,
}

/// `oktaleaks rules …`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check that every rule's examples match and its negative examples do not.
    Check(RuleSource),
    /// List the rules in force.
    List(RuleSource),
}

/// Which rules to use.
#[derive(Debug, Clone, Args)]
pub struct RuleSource {
    /// Load rules from FILE, beside the built-in ones (repeatable).
    ///
    /// A file may add `[[rule]]` and `[[kind]]` entries, and may replace a built-in kind (by
    /// its id) or the `[context]` section. The format is described in README.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,

    /// Leave out the built-in rules (then --rules must give every section).
    #[arg(long)]
    pub no_builtin_rules: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One block per finding, for people.
    Text,
    /// One JSON document; schema in README.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always (also into a file or a pipe).
    Always,
    /// Never.
    Never,
}

/// `oktaleaks scan …`: what to scan and report, then whether to verify.
#[derive(Debug, Args)]
pub struct ScanCommand {
    /// Scan options.
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Verification options.
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// `--verify` and its settings.
#[derive(Debug, Args)]
#[command(next_help_heading = "Verification")]
pub struct VerifyArgs {
    /// Ask Okta whether each token is live, whose it is and what it can do.
    ///
    /// Off by default: it sends each token to an Okta org. A token goes only to orgs found
    /// next to it or in its repository whose host is on one of Okta's own domains (over
    /// HTTPS, at public addresses), and to orgs named with --okta-org. Every check is an API
    /// call with the token, which restarts its 30-day idle expiry: revoke every live token
    /// it finds.
    #[arg(long)]
    pub verify: bool,

    /// Which orgs, and how long to wait.
    #[command(flatten)]
    pub orgs: OrgArgs,

    /// Send each token to at most N orgs (most likely first).
    #[arg(long, value_name = "N", default_value_t = 3, requires = "verify")]
    pub max_orgs_per_token: usize,

    /// Run at most N checks at once.
    #[arg(long, value_name = "N", default_value_t = 8, requires = "verify")]
    pub verify_concurrency: usize,

    /// Report only tokens verified live.
    #[arg(long, requires = "verify")]
    pub only_live: bool,

    /// Revoke every token verified live, and confirm that its org now rejects it.
    ///
    /// Calls DELETE /api/v1/api-tokens/current with each live token, then checks it again.
    /// Prints what it revoked. Irreversible: whatever uses the token stops working.
    #[arg(long, requires = "verify")]
    pub revoke_live: bool,
}

/// The orgs to ask and the time budget, shared by `scan --verify`, `verify` and `revoke`.
#[derive(Debug, Args)]
pub struct OrgArgs {
    /// Try tokens at this org too (repeatable): https://acme.okta.com or a custom domain.
    ///
    /// Plain http is accepted only for loopback addresses (a local stand-in).
    #[arg(long = "okta-org", value_name = "URL")]
    pub okta_orgs: Vec<String>,

    /// Send requests meant for org ORG to URL instead (repeatable), such as
    /// acme.okta.com=https://okta-gateway.internal.
    #[arg(long = "okta-endpoint", value_name = "ORG=URL")]
    pub okta_endpoints: Vec<String>,

    /// Give up on a token at one org after SECS seconds, every call and wait included.
    #[arg(long, value_name = "SECS", default_value_t = 20.0)]
    pub verify_timeout: f64,
}

/// `oktaleaks verify`: one token from standard input.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Read the token from the environment variable VAR instead of standard input.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,

    /// Which orgs, and how long to wait.
    #[command(flatten)]
    pub orgs: OrgArgs,

    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `oktaleaks verify`.
#[derive(Debug, Args)]
pub struct VerifyCommandArgs {
    /// The token and its orgs.
    #[command(flatten)]
    pub token: TokenArgs,

    /// Check every token kept in this audit datastore (`audit --store-secrets`), once per
    /// org, and record the verdicts, instead of one token from standard input: the step after
    /// merging shards that did not verify.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["token_env", "json"])]
    pub datastore: Option<PathBuf>,
}

/// `oktaleaks revoke`.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The token and its org.
    #[command(flatten)]
    pub token: TokenArgs,

    /// Revoke without asking for confirmation.
    #[arg(long)]
    pub yes: bool,
}

/// `oktaleaks scan …`
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// What to scan and how.
    #[command(flatten)]
    pub walk: WalkArgs,

    /// Report format [default: from the --output name (.json, .sarif), else text].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write the report to FILE instead of standard output.
    ///
    /// The file is written whole or not at all (a temporary file is renamed into place).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print full tokens in the report. Without it every token is redacted.
    #[arg(long)]
    pub show_secrets: bool,

    /// Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Do not report findings recorded in this baseline (see `oktaleaks baseline create`).
    ///
    /// A baseline keys each finding by rule, secret hash and path: a new secret on an old
    /// line, or an old secret in a new file, is still reported.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Scan what `git commit` would record: the index's changes against HEAD (pre-commit).
    ///
    /// Reads the staged blobs from the index of the repository at the working directory, so
    /// an unstaged edit can neither hide nor fake a leak. PATHs, when given (pre-commit passes
    /// them), pick the index entries to scan, changed or not.
    #[arg(long, conflicts_with = "git")]
    pub staged: bool,

    /// Report allowed (suppressed) findings too, marked as such.
    ///
    /// Without it they are only counted in the summary and the stats.
    #[arg(long)]
    pub include_suppressed: bool,

    /// SARIF only: set the run's automationDetails.id to CATEGORY/ (GitHub's category).
    ///
    /// Without it the SARIF has no automationDetails, so that the category given to GitHub's
    /// upload action wins.
    #[arg(long, value_name = "CATEGORY")]
    pub sarif_category: Option<String>,
}

/// How the scan engine runs: the options `scan`, `baseline create` and `audit` share.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Rules to use.
    #[command(flatten)]
    pub rules: RuleSource,

    /// Skip files (and blobs) larger than SIZE (bytes, or with a K, M or G suffix).
    ///
    /// Default 100M: large enough for any source or config file, small enough that a stray
    /// disk image or database dump does not dominate the run. Skipped files are counted.
    #[arg(long, value_name = "SIZE", default_value = "100M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Worker threads [default: the number of CPUs].
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Print no summary line and no progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What to scan and how: the options `scan` and `baseline create` share.
#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Files or directories to scan [default: the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Rules, size limit, threads, quiet.
    #[command(flatten)]
    pub engine: EngineArgs,

    /// Scan files that .gitignore, .ignore and git's excludes would skip.
    #[arg(long)]
    pub no_ignore: bool,

    /// Read allow rules from FILE instead of each root's oktaleaks.toml (each root's
    /// .oktaleaksignore still applies).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Scan the git history of each PATH (every blob of every ref, once) instead of its files.
    ///
    /// Each PATH must be a git repository: a work tree, a bare repository or a mirror.
    /// Findings name the earliest commit that holds the blob at that path.
    #[arg(long)]
    pub git: bool,

    /// With --git: scan only what commits not reachable from REV bring in (CI on pull
    /// requests: the base branch).
    #[arg(long, value_name = "REV", requires = "git")]
    pub since_commit: Option<String>,
}

impl ScanArgs {
    /// The scan that `baseline create` runs: its walk, nothing reported but to the baseline.
    pub fn for_baseline(walk: WalkArgs) -> ScanArgs {
        ScanArgs {
            walk,
            format: None,
            output: None,
            show_secrets: false,
            color: ColorArg::Never,
            baseline: None,
            staged: false,
            include_suppressed: false,
            sarif_category: None,
        }
    }
}

/// Parses `123`, `64K`, `100M`, `2G` (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size (try 100M)"))?;
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("{s:?} has an unknown unit (use K, M or G)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100M"), Ok(100 << 20));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("12"), Ok(12));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("10X").is_err());
        assert!(parse_size("M").is_err());
    }

    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
