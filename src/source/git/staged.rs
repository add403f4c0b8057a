//! The index: what `git commit` would record now, for pre-commit.

use std::collections::HashMap;

use gix::bstr::{BString, ByteSlice};
use gix::ObjectId;

use crate::error::SourceError;

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
