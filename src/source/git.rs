//! Git history: every blob reachable from any ref (branches, tags, remotes, stash), each
//! listed once, with the commit and path that first brought it in.
//!
//! The object database is read with gitoxide (`gix`), never by parsing `git log` output.
//! Commits are visited oldest first and each tree is descended into once, so a blob's first
//! origin is the earliest commit that holds it, and the work is proportional to the number of
//! distinct trees, not commits times files. Reading the blobs is left to the caller (in
//! parallel, one thread-local repository handle per thread).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use gix::bstr::{BString, ByteSlice};
use gix::ObjectId;

use crate::error::SourceError;

/// Where a blob was found: the earliest commit holding it at a path.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Index into [`Inventory::commits`].
    pub commit: usize,
    /// Path in that commit's tree.
    pub path: BString,
}

/// A blob to scan, its first origin, and how many more times it turns up in later commits.
#[derive(Debug, Clone)]
pub struct BlobEntry {
    /// The blob.
    pub id: ObjectId,
    /// The earliest place it appears.
    pub origin: Origin,
    /// How many more times later commits' trees hold it (at the same or another path).
    /// Counted per directory tree not seen before, so a lower bound on the commits.
    pub other_places: usize,
}

/// What a repository's history holds.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Commits visited, oldest first.
    pub commits: Vec<ObjectId>,
    /// Distinct blobs, in the order first seen.
    pub blobs: Vec<BlobEntry>,
    /// Submodule paths met in trees (their contents are another repository's).
    pub submodules: Vec<String>,
    /// Whether the repository is a shallow clone (history before the graft is missing).
    pub shallow: bool,
    /// Objects that could not be read (path or id, and why); the rest is still listed.
    pub errors: Vec<String>,
}

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

/// A bare clone of `url` in a temporary directory, removed when the returned guard drops.
pub fn clone_bare(url: &str) -> Result<(tempfile::TempDir, gix::Repository), SourceError> {
    let err = |reason: String| SourceError::Clone {
        url: url.to_string(),
        reason,
    };
    let dir = tempfile::Builder::new()
        .prefix("oktaleaks-clone-")
        .tempdir()
        .map_err(|e| err(e.to_string()))?;
    let interrupt = std::sync::atomic::AtomicBool::new(false);
    let mut prepare = gix::prepare_clone_bare(url, dir.path()).map_err(|e| err(e.to_string()))?;
    let (repo, _) = prepare
        .fetch_only(gix::progress::Discard, &interrupt)
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

/// Commit ids of every ref, peeled through tags; refs to trees or blobs are skipped.
fn tips(repo: &gix::Repository, errors: &mut Vec<String>) -> Vec<ObjectId> {
    let mut tips = Vec::new();
    let platform = match repo.references() {
        Ok(p) => p,
        Err(e) => {
            errors.push(format!("cannot list refs: {e}"));
            return tips;
        }
    };
    let all = match platform.all() {
        Ok(all) => all,
        Err(e) => {
            errors.push(format!("cannot list refs: {e}"));
            return tips;
        }
    };
    for reference in all {
        let mut reference = match reference {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("unreadable ref: {e}"));
                continue;
            }
        };
        let name = reference.name().as_bstr().to_string();
        match reference.peel_to_id() {
            Ok(id) => match repo.find_header(id.detach()) {
                Ok(h) if h.kind() == gix::object::Kind::Commit => tips.push(id.detach()),
                Ok(_) => {}
                Err(e) => errors.push(format!("{name}: points to a missing object: {e}")),
            },
            Err(e) => errors.push(format!("{name}: cannot resolve: {e}")),
        }
    }
    tips.sort();
    tips.dedup();
    tips
}

/// Commits reachable from `tips` but not from `hidden`, oldest first.
fn commits(
    repo: &gix::Repository,
    tips: &[ObjectId],
    hidden: &[ObjectId],
    errors: &mut Vec<String>,
) -> Vec<ObjectId> {
    use gix::revision::walk::Sorting;
    if tips.is_empty() {
        return Vec::new();
    }
    let walk = repo
        .rev_walk(tips.iter().copied())
        .sorting(Sorting::ByCommitTime(Default::default()))
        .with_hidden(hidden.iter().copied())
        .all();
    let walk = match walk {
        Ok(w) => w,
        Err(e) => {
            errors.push(format!("cannot walk history: {e}"));
            return Vec::new();
        }
    };
    let mut found: Vec<(ObjectId, i64, Vec<ObjectId>)> = Vec::new();
    for info in walk {
        match info {
            Ok(info) => found.push((
                info.id,
                info.commit_time.unwrap_or(0),
                info.parent_ids.iter().copied().collect(),
            )),
            Err(e) => errors.push(format!("history walk stopped early: {e}")),
        }
    }
    oldest_first(found)
}

/// Orders commits so that every parent comes before its children (a clock can lie or tie),
/// and otherwise by commit time: Kahn's algorithm with a min-heap on (time, id).
fn oldest_first(commits: Vec<(ObjectId, i64, Vec<ObjectId>)>) -> Vec<ObjectId> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let index: HashMap<ObjectId, usize> =
        commits.iter().enumerate().map(|(i, c)| (c.0, i)).collect();
    let mut waiting_on = vec![0usize; commits.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); commits.len()];
    for (i, (_, _, parents)) in commits.iter().enumerate() {
        for parent in parents {
            if let Some(&p) = index.get(parent) {
                waiting_on[i] += 1;
                children[p].push(i);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(i64, ObjectId, usize)>> = commits
        .iter()
        .enumerate()
        .filter(|(i, _)| waiting_on[*i] == 0)
        .map(|(i, c)| Reverse((c.1, c.0, i)))
        .collect();
    let mut order = Vec::with_capacity(commits.len());
    while let Some(Reverse((_, id, i))) = ready.pop() {
        order.push(id);
        for &child in &children[i] {
            waiting_on[child] -= 1;
            if waiting_on[child] == 0 {
                ready.push(Reverse((commits[child].1, commits[child].0, child)));
            }
        }
    }
    order
}

/// Lists the blobs of a repository's history. With `since`, only blobs that commits not
/// reachable from that revision bring in.
pub fn inventory(repo: &gix::Repository, since: Option<&str>) -> Result<Inventory, SourceError> {
    let mut inv = Inventory {
        shallow: repo.is_shallow().unwrap_or(false),
        ..Inventory::default()
    };
    let tips = tips(repo, &mut inv.errors);
    let mut seen_trees: HashSet<ObjectId> = HashSet::new();
    let mut seen_blobs: HashMap<ObjectId, usize> = HashMap::new();
    let hidden: Vec<ObjectId> = match since {
        Some(rev) => {
            let id = repo
                .rev_parse_single(rev)
                .map_err(|e| SourceError::Revision {
                    rev: rev.to_string(),
                    reason: e.to_string(),
                })?
                .detach();
            // Everything the old history holds is already known: mark it seen.
            let old = commits(repo, &[id], &[], &mut inv.errors);
            let mut ignored = Inventory::default();
            for commit in old {
                walk_commit(
                    repo,
                    commit,
                    usize::MAX,
                    &mut seen_trees,
                    &mut seen_blobs,
                    &mut ignored,
                );
            }
            seen_blobs.values_mut().for_each(|i| *i = usize::MAX);
            inv.errors.append(&mut ignored.errors);
            vec![id]
        }
        None => Vec::new(),
    };
    inv.commits = commits(repo, &tips, &hidden, &mut inv.errors);
    for index in 0..inv.commits.len() {
        let commit = inv.commits[index];
        walk_commit(
            repo,
            commit,
            index,
            &mut seen_trees,
            &mut seen_blobs,
            &mut inv,
        );
    }
    inv.submodules.sort();
    inv.submodules.dedup();
    Ok(inv)
}

/// Descends into one commit's tree, skipping trees already seen, and records new blobs.
fn walk_commit(
    repo: &gix::Repository,
    commit: ObjectId,
    index: usize,
    seen_trees: &mut HashSet<ObjectId>,
    seen_blobs: &mut HashMap<ObjectId, usize>,
    inv: &mut Inventory,
) {
    let tree = match repo
        .find_commit(commit)
        .and_then(|c| Ok(c.tree_id()?.detach()))
    {
        Ok(tree) => tree,
        Err(e) => {
            inv.errors.push(format!("commit {commit}: {e}"));
            return;
        }
    };
    let mut stack: Vec<(ObjectId, BString)> = vec![(tree, BString::default())];
    while let Some((tree_id, prefix)) = stack.pop() {
        if !seen_trees.insert(tree_id) {
            continue;
        }
        let tree = match repo.find_tree(tree_id) {
            Ok(t) => t,
            Err(e) => {
                inv.errors
                    .push(format!("tree {tree_id} ({}): {e}", prefix.to_str_lossy()));
                continue;
            }
        };
        let decoded = match tree.decode() {
            Ok(d) => d,
            Err(e) => {
                inv.errors.push(format!("tree {tree_id}: {e}"));
                continue;
            }
        };
        for entry in &decoded.entries {
            let mut path = prefix.clone();
            if !path.is_empty() {
                path.push(b'/');
            }
            path.extend_from_slice(entry.filename);
            let id = entry.oid.to_owned();
            if entry.mode.is_tree() {
                stack.push((id, path));
            } else if entry.mode.is_commit() {
                inv.submodules.push(path.to_str_lossy().into_owned());
            } else if entry.mode.is_blob() {
                record_blob(id, index, path, seen_blobs, inv);
            }
            // Symlinks are blobs holding a path: nothing to find there.
        }
    }
}

fn record_blob(
    id: ObjectId,
    commit: usize,
    path: BString,
    seen_blobs: &mut HashMap<ObjectId, usize>,
    inv: &mut Inventory,
) {
    match seen_blobs.get(&id) {
        Some(&usize::MAX) => {}
        Some(&i) => inv.blobs[i].other_places += 1,
        None if commit == usize::MAX => {
            seen_blobs.insert(id, usize::MAX);
        }
        None => {
            seen_blobs.insert(id, inv.blobs.len());
            inv.blobs.push(BlobEntry {
                id,
                origin: Origin { commit, path },
                other_places: 0,
            });
        }
    }
}

/// Who made a commit and why, for reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct CommitInfo {
    /// Full commit id (hex).
    pub id: String,
    /// Author name.
    pub author_name: String,
    /// Author email.
    pub author_email: String,
    /// Author date, RFC 3339.
    pub date: String,
    /// First line of the message.
    pub summary: String,
}

/// Reads a commit's metadata.
pub fn commit_info(repo: &gix::Repository, id: ObjectId) -> Result<CommitInfo, SourceError> {
    let err = |e: &dyn std::fmt::Display| SourceError::Walk(format!("commit {id}: {e}"));
    let commit = repo.find_commit(id).map_err(|e| err(&e))?;
    let decoded = commit.decode().map_err(|e| err(&e))?;
    let author = decoded.author().map_err(|e| err(&e))?;
    let time = author.time().map_err(|e| err(&e))?;
    Ok(CommitInfo {
        id: id.to_string(),
        author_name: author.name.to_str_lossy().into_owned(),
        author_email: author.email.to_str_lossy().into_owned(),
        date: time.format_or_unix(gix::date::time::format::ISO8601_STRICT),
        summary: decoded.message_summary().to_str_lossy().into_owned(),
    })
}

/// A display name for the repository at `path`: the path as given, without a leading `./`
/// (`.` stays `.`).
pub fn display_path(path: &Path) -> PathBuf {
    match path.strip_prefix("./") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// What `git commit` would record now: index entries (stage 0) whose blob differs from the
/// same path in HEAD, or that HEAD lacks; or, when `only` names paths (as pre-commit passes
/// them), the index entries at or under those paths, changed or not. Gitlinks (submodules)
/// and symlinks are left out. The blobs come from the index, so an unstaged edit in the work
/// tree can neither hide nor fake a leak.
///
/// Fast in big repositories: directories whose cached tree id (the index's cache-tree
/// extension, which `git add` invalidates along each changed path) equals HEAD's are skipped
/// whole, as git itself does, so a one-file commit decodes a handful of trees.
pub fn staged(
    repo: &gix::Repository,
    only: &[BString],
) -> Result<Vec<(BString, ObjectId)>, SourceError> {
    let err =
        |e: &dyn std::fmt::Display| SourceError::Walk(format!("{}: {e}", repo.git_dir().display()));
    let index = repo.index_or_empty().map_err(|e| err(&e))?;
    let entries = index.entries();
    if !only.is_empty() {
        let selected = |path: &gix::bstr::BStr| {
            only.iter().any(|p| {
                path == p.as_bstr()
                    || (path.starts_with(p.as_slice()) && path.get(p.len()) == Some(&b'/'))
            })
        };
        return Ok(entries
            .iter()
            .filter(|e| scannable(e) && selected(e.path(&index)))
            .map(|e| (e.path(&index).to_owned(), e.id))
            .collect());
    }
    let head = repo.head_tree_id_or_empty().map_err(|e| err(&e))?.detach();
    let mut changed = Vec::new();
    let mut diff = IndexDiff {
        repo,
        index: &index,
        changed: &mut changed,
    };
    diff.directory(0..entries.len(), 0, index.tree(), Some(head))
        .map_err(|e| err(&e))?;
    Ok(changed)
}

/// Index entries worth scanning: merged (not conflict stages), and not gitlinks, sparse
/// directories or symlinks.
fn scannable(e: &gix::index::Entry) -> bool {
    e.stage() == gix::index::entry::Stage::Unconflicted
        && !e.mode.is_submodule()
        && !e.mode.is_sparse()
        && e.mode != gix::index::entry::Mode::SYMLINK
}

/// Compares index entries with HEAD's trees, one directory at a time.
struct IndexDiff<'a> {
    repo: &'a gix::Repository,
    index: &'a gix::index::File,
    changed: &'a mut Vec<(BString, ObjectId)>,
}

type DiffResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

impl IndexDiff<'_> {
    /// Index entries `range` all lie under one directory whose path is `depth` bytes long
    /// (with its trailing slash); `cached` is its cache-tree node, `head` its tree in HEAD.
    fn directory(
        &mut self,
        range: std::ops::Range<usize>,
        depth: usize,
        cached: Option<&gix::index::extension::Tree>,
        head: Option<ObjectId>,
    ) -> DiffResult {
        if let (Some(c), Some(h)) = (cached, head) {
            if c.num_entries.is_some() && c.id == h {
                return Ok(());
            }
        }
        let head_entries: HashMap<BString, (bool, ObjectId)> = match head {
            Some(id) => {
                let tree = self.repo.find_tree(id)?;
                let decoded = tree.decode()?;
                decoded
                    .entries
                    .iter()
                    .map(|e| (e.filename.to_owned(), (e.mode.is_tree(), e.oid.to_owned())))
                    .collect()
            }
            None => HashMap::new(),
        };
        let entries = self.index.entries();
        let mut i = range.start;
        while i < range.end {
            let path = entries[i].path(self.index);
            let rest = &path[depth..];
            match rest.find_byte(b'/') {
                None => {
                    let same = head_entries
                        .get(rest)
                        .is_some_and(|&(is_tree, id)| !is_tree && id == entries[i].id);
                    if !same && scannable(&entries[i]) {
                        self.changed.push((path.to_owned(), entries[i].id));
                    }
                    i += 1;
                }
                Some(slash) => {
                    let name = &rest[..slash];
                    let prefix_len = depth + slash + 1;
                    let end = i + entries[i..range.end].partition_point(|e| {
                        e.path(self.index).get(..prefix_len) == Some(&path[..prefix_len])
                    });
                    let child_cache =
                        cached.and_then(|c| c.children.iter().find(|t| t.name.as_slice() == name));
                    let child_head = head_entries
                        .get(name)
                        .filter(|(is_tree, _)| *is_tree)
                        .map(|&(_, id)| id);
                    self.directory(i..end, prefix_len, child_cache, child_head)?;
                    i = end;
                }
            }
        }
        Ok(())
    }
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
    let (authority, path) = url.split_once(':')?;
    (!authority.contains('/')).then(|| format!("ssh://{authority}/{path}"))
}
