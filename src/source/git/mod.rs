//! Git repositories: finding and opening them (work trees, bare repositories, mirrors,
//! directories of repositories, URLs cloned to a temporary directory), and describing them
//! for reports. What is read from them lives in `history` (every blob of every ref) and
//! `staged` (what `git commit` would record); `cache` keeps bare mirrors of remotes between
//! runs.

pub mod cache;
mod history;
mod staged;

pub use history::{
    commit_info, inventory, inventory_hiding, named_tips, BlobEntry, CommitInfo, Inventory, Origin,
};
pub use staged::staged;

use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;

use crate::error::SourceError;

/// Opens the repository at `path` (a work tree, a linked worktree, a `.git` directory, or a
/// bare repository or mirror).
pub fn open(path: &Path) -> Result<gix::Repository, SourceError> {
    gix::open(path).map_err(|e| SourceError::NotARepository {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Whether a `--git` argument is a remote to clone rather than a local path.
pub fn is_url(arg: &str) -> bool {
    arg.contains("://") || (arg.contains('@') && arg.contains(':') && !Path::new(arg).exists())
}

/// A bare clone of `url` in a temporary directory, removed when the returned guard drops
/// (or by the signal handler: the clone stops when the run's quit flag is raised).
pub fn clone_bare(url: &str) -> Result<(crate::quit::ScratchDir, gix::Repository), SourceError> {
    // The URL as errors show it: without the credentials it may carry.
    let shown = remote_uri(url).unwrap_or_else(|| url.to_string());
    let err = |reason: String| SourceError::Clone {
        url: shown.clone(),
        reason,
    };
    let dir = tempfile::Builder::new()
        .prefix("oktaleaks-clone-")
        .tempdir()
        .map(crate::quit::ScratchDir::new)
        .map_err(|e| err(e.to_string()))?;
    let mut prepare = gix::prepare_clone_bare(url, dir.path()).map_err(|e| err(e.to_string()))?;
    let (repo, _) = prepare
        .fetch_only(gix::progress::Discard, &crate::quit::QUIT)
        .map_err(|e| err(e.to_string()))?;
    Ok((dir, repo))
}

/// How deep under a directory to look for repositories (`--git ~/src`).
const FIND_DEPTH: usize = 4;

/// The repositories a path names: itself when it is one, else every repository found below
/// it (work trees and bare repositories, not descending into them); an error when neither.
pub fn repositories(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let not_a_repo = match gix::open(path) {
        Ok(_) => return Ok(vec![path.to_path_buf()]),
        Err(e) => e,
    };
    let mut found = Vec::new();
    if path.is_dir() {
        let mut walk = walkdir_repos(path, FIND_DEPTH);
        found.append(&mut walk);
    }
    if found.is_empty() {
        return Err(SourceError::NotARepository {
            path: path.to_path_buf(),
            reason: not_a_repo.to_string(),
        });
    }
    found.sort();
    Ok(found)
}

/// Directories below `root` (to `depth` levels) that are repositories: holding `.git`, or
/// shaped like a bare repository (`HEAD`, `objects/`, `refs/`).
fn walkdir_repos(root: &Path, depth: usize) -> Vec<PathBuf> {
    let is_bare = |d: &Path| {
        d.join("HEAD").is_file() && d.join("objects").is_dir() && d.join("refs").is_dir()
    };
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0)];
    while let Some((dir, level)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if !kind.is_dir() || entry.file_name() == ".git" {
                continue;
            }
            let child = entry.path();
            if child.join(".git").exists() || is_bare(&child) {
                found.push(child);
            } else if level + 1 < depth {
                stack.push((child, level + 1));
            }
        }
    }
    found
}

/// A display name for the repository at `path`: the path as given, without a leading `./`
/// (`.` stays `.`).
pub fn display_path(path: &Path) -> PathBuf {
    match path.strip_prefix("./") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// The work tree strictly above `path` that holds it, as git finds it from a subdirectory
/// (the nearest ancestor with a `.git`), and where the working directory sits inside it.
/// The top is given relative to the working directory when that lies inside it (`..`),
/// so that reports show paths as `git status` would.
pub fn work_tree_above(path: &Path) -> Option<WorkTree> {
    let abs = std::fs::canonicalize(path).ok()?;
    let top = abs.ancestors().skip(1).find(|a| a.join(".git").exists())?;
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .ok()?;
    let shown = match cwd.strip_prefix(top) {
        Ok(below) if below.as_os_str().is_empty() => PathBuf::from("."),
        Ok(below) => below.components().map(|_| "..").collect(),
        Err(_) => top.to_path_buf(),
    };
    Some(WorkTree {
        shown,
        cwd_inside: cwd.strip_prefix(top).ok().map(Path::to_path_buf),
        path_inside: abs.strip_prefix(top).unwrap_or(Path::new("")).to_path_buf(),
    })
}

/// A work tree found above a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTree {
    /// Its top, as reports show it.
    pub shown: PathBuf,
    /// The working directory's path inside it, when it is inside.
    pub cwd_inside: Option<PathBuf>,
    /// The searched path's own path inside it.
    pub path_inside: PathBuf,
}

/// A scanned repository, for SARIF's `versionControlProvenance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoInfo {
    /// The origin remote's URL (credentials removed), else the repository's `file://` URI.
    pub uri: String,
    /// HEAD's commit id, when HEAD is born.
    pub revision: Option<String>,
    /// HEAD's branch name, when HEAD is on a branch.
    pub branch: Option<String>,
}

/// Describes the repository at `path` for reports.
pub fn repo_info(repo: &gix::Repository, path: &Path) -> RepoInfo {
    let given = path.to_string_lossy();
    let origin = if is_url(&given) {
        Some(given.into_owned())
    } else {
        repo.config_snapshot()
            .string("remote.origin.url")
            .map(|u| u.to_str_lossy().into_owned())
    };
    let uri = origin.and_then(|u| remote_uri(&u)).unwrap_or_else(|| {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        format!("file://{}", absolute.display())
    });
    let head = repo.head().ok();
    RepoInfo {
        uri,
        revision: repo.head_id().ok().map(|id| id.to_string()),
        branch: head.and_then(|h| {
            h.referent_name()
                .map(|n| n.shorten().to_str_lossy().into_owned())
        }),
    }
}

/// A remote URL as a URI, without credentials: `https://user:token@host/x` becomes
/// `https://host/x`; scp-like `git@host:org/repo.git` becomes `ssh://git@host/org/repo.git`.
///
/// ```
/// use oktaleaks::source::git::remote_uri;
/// assert_eq!(remote_uri("https://me:ghp_x@github.com/o/r.git").as_deref(), Some("https://github.com/o/r.git"));
/// assert_eq!(remote_uri("git@github.com:o/r.git").as_deref(), Some("ssh://git@github.com/o/r.git"));
/// assert_eq!(remote_uri("ci:hunter2@github.com:o/r.git").as_deref(), Some("ssh://github.com/o/r.git"));
/// ```
pub fn remote_uri(url: &str) -> Option<String> {
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let keep_user = scheme == "ssh" && authority.contains('@') && !authority.contains(':');
        let user = if keep_user {
            authority
                .split_once('@')
                .map(|(u, _)| format!("{u}@"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        return Some(format!("{scheme}://{user}{host}/{path}"));
    }
    // scp-like `[user@]host:path`; a `user:password@` (not git's syntax, but typed) loses
    // its user information entirely.
    let before_path = url.find('/').map_or(url, |slash| &url[..slash]);
    let at = before_path.rfind('@');
    let (host, path) = url[at.map_or(0, |a| a + 1)..].split_once(':')?;
    let user = at
        .map(|a| &url[..a])
        .filter(|user| !user.contains(':'))
        .map(|user| format!("{user}@"))
        .unwrap_or_default();
    (!host.contains('/')).then(|| format!("ssh://{user}{host}/{path}"))
}
