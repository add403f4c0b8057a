//! Per-root allow rules: `.oktaleaksignore` (gitignore syntax) and the `[allow]` section of
//! `oktaleaks.toml`, both read from the scan root, or a config file named with `--config`.
//!
//! ```toml
//! [allow]
//! paths = ["tests/fixtures/", "*.example"]   # gitignore syntax, relative to the root
//! secrets = ['^00TESTONLY']                   # regexes on the token
//! ```

use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use regex::Regex;
use serde::Deserialize;

use crate::error::{regex_problem, AllowError};
use crate::finding::Finding;

/// The config file looked for at each scan root.
pub const CONFIG_NAME: &str = "oktaleaks.toml";
/// The ignore file looked for at each scan root.
pub const IGNORE_NAME: &str = ".oktaleaksignore";
/// Size limit for compiled secret regexes.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allow: AllowSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowSection {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    secrets: Vec<String>,
}

/// Largest `.oktaleaksignore` or `oktaleaks.toml` read: a repository under scan may be hostile,
/// and its allow files must not cost the scan more than a little memory.
const MAX_ALLOW_FILE: u64 = 1 << 20;
/// Most patterns read from one `.oktaleaksignore`.
const MAX_IGNORE_PATTERNS: usize = 10_000;

/// Reads an allow file as UTF-8 text, refusing one over [`MAX_ALLOW_FILE`].
fn read_allow_file(path: &Path) -> Result<String, AllowError> {
    let read_error = |source| AllowError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_ALLOW_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_ALLOW_FILE {
        return Err(AllowError::Parse {
            path: path.to_path_buf(),
            line: 0,
            message: format!("larger than {} KiB", MAX_ALLOW_FILE >> 10),
        });
    }
    String::from_utf8(bytes).map_err(|e| AllowError::Parse {
        path: path.to_path_buf(),
        line: 0,
        message: format!("not UTF-8 text: {e}"),
    })
}

/// The allow rules that apply under one scan root (or to every root, for `--config`).
#[derive(Debug)]
pub struct RootRules {
    /// The root they apply to; `None` for a `--config` file, which applies everywhere.
    root: Option<PathBuf>,
    /// The scan root's path inside the directory the rules were read from (empty when they
    /// were read at the scan root itself): their paths are relative to that directory.
    prefix: PathBuf,
    paths: Vec<(Gitignore, String)>,
    secrets: Vec<(Regex, String)>,
}

impl RootRules {
    /// Reads `.oktaleaksignore` and (when `with_config`) `oktaleaks.toml` at `root`, if
    /// present.
    pub fn discover(root: &Path, with_config: bool) -> Result<Option<RootRules>, AllowError> {
        if !root.is_dir() {
            return Ok(None);
        }
        let mut rules = RootRules {
            root: Some(root.to_path_buf()),
            prefix: PathBuf::new(),
            paths: Vec::new(),
            secrets: Vec::new(),
        };
        let config = root.join(CONFIG_NAME);
        if with_config && config.is_file() {
            rules.add_config(&config, root)?;
        }
        let ignore = root.join(IGNORE_NAME);
        if ignore.is_file() {
            let text = read_allow_file(&ignore)?;
            let patterns = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count();
            if patterns > MAX_IGNORE_PATTERNS {
                return Err(AllowError::Parse {
                    path: ignore,
                    line: 0,
                    message: format!(
                        "{patterns} patterns; at most {MAX_IGNORE_PATTERNS} are read (each is compiled, and a scan should not spend its memory on them)"
                    ),
                });
            }
            let mut builder = GitignoreBuilder::new(root);
            for (n, line) in text.lines().enumerate() {
                // A finding's fingerprint pasted here is read as a file name and never matches.
                let trimmed = line.trim();
                if trimmed.len() == 32 && trimmed.bytes().all(|b| b.is_ascii_hexdigit()) {
                    crate::diag::note(format!(
                        "{}:{}: {trimmed} looks like a finding's fingerprint; this file takes paths (gitignore syntax): record fingerprints with `oktaleaks baseline create`",
                        ignore.display(),
                        n + 1
                    ));
                }
                if let Err(err) = builder.add_line(None, line) {
                    return Err(AllowError::Parse {
                        path: ignore,
                        line: n + 1,
                        message: err.to_string(),
                    });
                }
            }
            let matcher = builder.build().map_err(|e| AllowError::Parse {
                path: ignore.clone(),
                line: 0,
                message: e.to_string(),
            })?;
            rules.paths.push((matcher, format!("{}", ignore.display())));
        }
        let empty = rules.paths.is_empty() && rules.secrets.is_empty();
        Ok((!empty).then_some(rules))
    }

    /// For a scan root inside a git work tree (not its top), the rules at the top, applied
    /// to that root's findings with their paths taken from the top: a repository's
    /// `oktaleaks.toml` and `.oktaleaksignore` hold wherever in it a scan starts, as git's
    /// own files do.
    pub fn discover_above(root: &Path, with_config: bool) -> Result<Option<RootRules>, AllowError> {
        if !root.is_dir() || root.join(".git").exists() {
            return Ok(None);
        }
        let Some(top) = crate::source::git::work_tree_above(root) else {
            return Ok(None);
        };
        let Some(mut rules) = Self::discover(&top.shown, with_config)? else {
            return Ok(None);
        };
        rules.root = Some(root.to_path_buf());
        rules.prefix = top.path_inside;
        Ok(Some(rules))
    }

    /// Reads a config file named on the command line; its paths are relative to the root of
    /// each finding.
    pub fn from_config(path: &Path) -> Result<RootRules, AllowError> {
        let mut rules = RootRules {
            root: None,
            prefix: PathBuf::new(),
            paths: Vec::new(),
            secrets: Vec::new(),
        };
        rules.add_config(path, Path::new(""))?;
        Ok(rules)
    }

    fn add_config(&mut self, path: &Path, root: &Path) -> Result<(), AllowError> {
        let text = read_allow_file(path)?;
        let parse_error = |line: usize, message: String| AllowError::Parse {
            path: path.to_path_buf(),
            line,
            message,
        };
        let file: ConfigFile = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                1 + text[..s.start.min(text.len())].matches('\n').count()
            });
            parse_error(line, e.message().trim().to_string())
        })?;
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map_or(0, |i| i + 1)
        };
        if !file.allow.paths.is_empty() {
            let mut builder = GitignoreBuilder::new(root);
            for glob in &file.allow.paths {
                builder
                    .add_line(None, glob)
                    .map_err(|e| parse_error(line_of(glob), format!("allow.paths: {e}")))?;
            }
            let matcher = builder
                .build()
                .map_err(|e| parse_error(0, format!("allow.paths: {e}")))?;
            self.paths
                .push((matcher, format!("{} [allow] paths", path.display())));
        }
        for pattern in &file.allow.secrets {
            // A redacted token (`00QCjA…vbGua`, as reports show it) never matches a token.
            if pattern.contains('…') {
                crate::diag::note(format!(
                    "{}:{}: allow.secrets entry {pattern:?} holds `…`, as a redacted token does: it can never match a token (use the token's start, or a baseline)",
                    path.display(),
                    line_of(pattern)
                ));
            }
            let re = regex::RegexBuilder::new(pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| {
                    let problem = regex_problem(&e);
                    parse_error(
                        line_of(pattern),
                        format!("allow.secrets: invalid regex: {problem}"),
                    )
                })?;
            self.secrets
                .push((re, format!("{} [allow] secrets", path.display())));
        }
        Ok(())
    }

    /// Whether these rules cover findings under `root`.
    pub fn applies_to(&self, root: &Path) -> bool {
        self.root.as_deref().is_none_or(|r| r == root)
    }

    /// Why these rules allow `finding`, if they do.
    pub fn reason(&self, finding: &Finding) -> Option<String> {
        let relative = self.prefix.join(finding.provenance.relative());
        let by_path = self.paths.iter().find(|(matcher, _)| {
            matcher
                .matched_path_or_any_parents(&relative, false)
                .is_ignore()
        });
        if let Some((_, why)) = by_path {
            return Some(why.clone());
        }
        let token = finding.secret.expose();
        self.secrets
            .iter()
            .find(|(re, _)| re.is_match(token))
            .map(|(_, why)| why.clone())
    }
}
