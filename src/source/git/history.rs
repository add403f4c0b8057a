//! Git history: every blob reachable from any ref (branches, tags, remotes, stash), each
//! listed once, with the commit and path that first brought it in.
//!
//! The object database is read with gitoxide (`gix`), never by parsing `git log` output.
//! Commits are visited oldest first and each tree is descended into once, so a blob's first
//! origin is the earliest commit that holds it, and the work is proportional to the number of
//! distinct trees, not commits times files. Reading the blobs is left to the caller (in
//! parallel, one thread-local repository handle per thread).

use std::collections::{HashMap, HashSet};

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

/// Commit ids of every ref, peeled through tags; refs to trees or blobs are skipped.
fn tips(repo: &gix::Repository, errors: &mut Vec<String>) -> Vec<ObjectId> {
    let mut tips: Vec<ObjectId> = named_tips(repo, errors)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    tips.sort();
    tips.dedup();
    tips
}

/// Every ref that leads to a commit, by name (peeled through tags), sorted by name: what an
/// audit compares with the last one to tell whether anything is new.
pub fn named_tips(repo: &gix::Repository, errors: &mut Vec<String>) -> Vec<(String, ObjectId)> {
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
                Ok(h) if h.kind() == gix::object::Kind::Commit => tips.push((name, id.detach())),
                Ok(_) => {}
                Err(e) => errors.push(format!("{name}: points to a missing object: {e}")),
            },
            Err(e) => errors.push(format!("{name}: cannot resolve: {e}")),
        }
    }
    tips.sort();
    tips
}

/// A commit as the walk needs it: read from its raw header lines, as git itself reads them.
/// Git accepts commits that a strict decoder refuses (no author line, an author without
/// `<email>`): one of them must not stop the walk or hide the history behind it.
struct CommitHeader {
    /// `None` when there is no tree line: nothing of the commit can be scanned, but its
    /// parents still can.
    tree: Option<ObjectId>,
    parents: Vec<ObjectId>,
    /// Committer time (seconds since the epoch), 0 when it cannot be read.
    time: i64,
}

fn read_header(repo: &gix::Repository, id: ObjectId) -> Result<CommitHeader, String> {
    let object = repo.find_object(id).map_err(|e| e.to_string())?;
    if object.kind != gix::object::Kind::Commit {
        return Err(format!("a {}, not a commit", object.kind));
    }
    parse_header(&object.data)
}

/// The tree, parents and committer time of a raw commit; an error only when a tree or
/// parent line holds no object id.
fn parse_header(data: &[u8]) -> Result<CommitHeader, String> {
    let id = |hex: &[u8]| {
        ObjectId::from_hex(hex).map_err(|e| format!("bad object id {:?}: {e}", hex.as_bstr()))
    };
    let (mut tree, mut parents, mut time) = (None, Vec::new(), 0);
    // Headers end at the first empty line; continuation lines (signatures) start with a
    // space and match no prefix.
    for line in data.split(|&b| b == b'\n').take_while(|l| !l.is_empty()) {
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = Some(id(hex)?);
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            parents.push(id(hex)?);
        } else if let Some(signature) = line.strip_prefix(b"committer ") {
            time = signature_time(signature).unwrap_or(0);
        }
    }
    Ok(CommitHeader {
        tree,
        parents,
        time,
    })
}

/// The time of a signature, `Name <email> 1700000000 +0000`: the next to last field.
fn signature_time(signature: &[u8]) -> Option<i64> {
    let mut fields = signature.rsplit(|&b| b == b' ');
    let _zone = fields.next()?;
    std::str::from_utf8(fields.next()?).ok()?.parse().ok()
}

/// Commits reachable from `from`, not entering `stop` nor going past the shallow boundary:
/// (commit, tree, committer time, parents). A commit that cannot be read, or has no tree,
/// is reported and left out; the parents of one without a tree are still walked.
fn reachable(
    repo: &gix::Repository,
    from: &[ObjectId],
    stop: &HashSet<ObjectId>,
    errors: &mut Vec<String>,
) -> Vec<(ObjectId, ObjectId, i64, Vec<ObjectId>)> {
    let shallow: HashSet<ObjectId> = repo
        .shallow_commits()
        .ok()
        .flatten()
        .map(|commits| commits.iter().copied().collect())
        .unwrap_or_default();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack = from.to_vec();
    let mut found = Vec::new();
    while let Some(id) = stack.pop() {
        if stop.contains(&id) || !seen.insert(id) {
            continue;
        }
        let header = match read_header(repo, id) {
            Ok(header) => header,
            Err(e) => {
                errors.push(format!("commit {id}: cannot be decoded, not scanned: {e}"));
                continue;
            }
        };
        if !shallow.contains(&id) {
            stack.extend(header.parents.iter().copied());
        }
        match header.tree {
            Some(tree) => found.push((id, tree, header.time, header.parents)),
            None => errors.push(format!(
                "commit {id}: cannot be decoded (no tree line), not scanned; its parents are"
            )),
        }
    }
    found
}

/// Commits reachable from `tips` but not from `hidden`, oldest first, with their trees.
fn commits(
    repo: &gix::Repository,
    tips: &[ObjectId],
    hidden: &[ObjectId],
    errors: &mut Vec<String>,
) -> Vec<(ObjectId, ObjectId)> {
    let hidden: HashSet<ObjectId> = reachable(repo, hidden, &HashSet::new(), errors)
        .into_iter()
        .map(|(id, ..)| id)
        .collect();
    let found = reachable(repo, tips, &hidden, errors);
    let trees: HashMap<ObjectId, ObjectId> = found.iter().map(|c| (c.0, c.1)).collect();
    let order = oldest_first(
        found
            .into_iter()
            .map(|(id, _, time, parents)| (id, time, parents))
            .collect(),
    );
    order
        .into_iter()
        .filter_map(|id| trees.get(&id).map(|&tree| (id, tree)))
        .collect()
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
    let hidden = match since {
        Some(rev) => vec![repo
            .rev_parse_single(rev)
            .map_err(|e| SourceError::Revision {
                rev: rev.to_string(),
                reason: e.to_string(),
            })?
            .detach()],
        None => Vec::new(),
    };
    Ok(inventory_hiding(repo, &hidden))
}

/// Lists the blobs that commits not reachable from any of `hidden` bring in (all of them when
/// `hidden` is empty).
pub fn inventory_hiding(repo: &gix::Repository, hidden: &[ObjectId]) -> Inventory {
    let mut inv = Inventory {
        shallow: repo.is_shallow().unwrap_or(false),
        ..Inventory::default()
    };
    let tips = tips(repo, &mut inv.errors);
    let mut seen_trees: HashSet<ObjectId> = HashSet::new();
    let mut seen_blobs: HashMap<ObjectId, usize> = HashMap::new();
    if !hidden.is_empty() {
        // Everything the old history holds is already known: mark it seen.
        let old = commits(repo, hidden, &[], &mut inv.errors);
        let mut ignored = Inventory::default();
        for commit in old {
            walk_tree(
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
    }
    let commits = commits(repo, &tips, hidden, &mut inv.errors);
    inv.commits = commits.iter().map(|&(commit, _)| commit).collect();
    for (index, commit) in commits.into_iter().enumerate() {
        walk_tree(
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
    inv
}

/// Descends into one commit's tree, skipping trees already seen, and records new blobs.
fn walk_tree(
    repo: &gix::Repository,
    (commit, tree): (ObjectId, ObjectId),
    index: usize,
    seen_trees: &mut HashSet<ObjectId>,
    seen_blobs: &mut HashMap<ObjectId, usize>,
    inv: &mut Inventory,
) {
    let mut stack: Vec<(ObjectId, BString)> = vec![(tree, BString::default())];
    while let Some((tree_id, prefix)) = stack.pop() {
        if !seen_trees.insert(tree_id) {
            continue;
        }
        let tree = match repo.find_tree(tree_id) {
            Ok(t) => t,
            Err(e) => {
                inv.errors.push(format!(
                    "commit {commit}: tree {tree_id} ({}): {e}",
                    prefix.to_str_lossy()
                ));
                continue;
            }
        };
        let decoded = match tree.decode() {
            Ok(d) => d,
            Err(e) => {
                inv.errors
                    .push(format!("commit {commit}: tree {tree_id}: {e}"));
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
    let strict = commit.decode().ok().and_then(|decoded| {
        let author = decoded.author().ok()?;
        let time = author.time().ok()?;
        Some(CommitInfo {
            id: id.to_string(),
            author_name: author.name.to_str_lossy().into_owned(),
            author_email: author.email.to_str_lossy().into_owned(),
            date: time.format_or_unix(gix::date::time::format::ISO8601_STRICT),
            summary: decoded.message_summary().to_str_lossy().into_owned(),
        })
    });
    Ok(strict.unwrap_or_else(|| lenient_commit_info(id, &commit.data)))
}

/// What `git log` would show of a commit that does not decode strictly (no author line, an
/// author without `<email>`): the author line as far as it reads, and the message's first line.
fn lenient_commit_info(id: ObjectId, raw: &[u8]) -> CommitInfo {
    let text = String::from_utf8_lossy(raw);
    let (headers, message) = text.split_once("\n\n").unwrap_or((&text, ""));
    let author = headers
        .lines()
        .find_map(|l| l.strip_prefix("author "))
        .unwrap_or("");
    let (name, email) = match author.split_once('<') {
        Some((name, rest)) => (name.trim(), rest.split('>').next().unwrap_or("").trim()),
        None => (author.trim(), ""),
    };
    CommitInfo {
        id: id.to_string(),
        author_name: name.to_string(),
        author_email: email.to_string(),
        date: String::new(),
        summary: message.lines().next().unwrap_or("").trim().to_string(),
    }
}
