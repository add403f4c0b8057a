//! Where a blob (bytes to scan) came from: a file, a git history blob, or a staged blob.
//!
//! Sources produce blobs; the matcher sees only the bytes; findings carry the provenance.
//! (`CommitInfo` is plain data defined beside the git source that fills it.)

use std::path::{Path, PathBuf};

pub use crate::source::git::CommitInfo;

/// Where a blob came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    /// A file on disk.
    File {
        /// The path as the user will read it (the scan root joined with the relative path).
        path: PathBuf,
        /// The scan root it was found under.
        root: PathBuf,
        /// The path relative to that root (for a root that is a file: its name). Fingerprints
        /// and allow rules use it, so they do not depend on how the root was spelled.
        relative: PathBuf,
    },
    /// A blob in a git repository's index, about to be committed.
    Staged {
        /// The repository as given, joined with the path (for display).
        path: PathBuf,
        /// The repository as given.
        repo: PathBuf,
        /// The path in the index.
        relative: PathBuf,
        /// The blob id (hex).
        blob: String,
        /// HEAD already holds this blob at this path: the token was committed before, and
        /// may have left the machine with a push.
        committed: bool,
    },
    /// A blob in a git repository's history.
    GitBlob {
        /// The repository as given, joined with the path in the commit's tree (for display).
        path: PathBuf,
        /// The repository as given.
        repo: PathBuf,
        /// The path in the commit's tree.
        relative: PathBuf,
        /// The blob id (hex).
        blob: String,
        /// The earliest commit that holds the blob at that path.
        commit: CommitInfo,
        /// Further (commit, path) places that hold the same blob.
        other_places: usize,
    },
}

impl Provenance {
    /// A file found at `path` while walking `root`.
    pub fn file(path: &Path, root: &Path) -> Provenance {
        let relative = match path.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => path
                .file_name()
                .map_or_else(|| path.to_path_buf(), PathBuf::from),
        };
        // Like ripgrep, show `a/b` rather than `./a/b`.
        let shown = path.strip_prefix("./").unwrap_or(path);
        Provenance::File {
            path: shown.to_path_buf(),
            root: root.to_path_buf(),
            relative,
        }
    }

    /// The path reports show.
    pub fn path(&self) -> &Path {
        match self {
            Provenance::File { path, .. }
            | Provenance::GitBlob { path, .. }
            | Provenance::Staged { path, .. } => path,
        }
    }

    /// The path relative to its scan root (for history: the path in the commit's tree).
    pub fn relative(&self) -> &Path {
        match self {
            Provenance::File { relative, .. }
            | Provenance::GitBlob { relative, .. }
            | Provenance::Staged { relative, .. } => relative,
        }
    }

    /// The scan root (for history: the repository).
    pub fn root(&self) -> &Path {
        match self {
            Provenance::File { root, .. } => root,
            Provenance::GitBlob { repo, .. } | Provenance::Staged { repo, .. } => repo,
        }
    }

    /// The git repository, for a blob from history or the index.
    pub fn repository(&self) -> Option<&Path> {
        match self {
            Provenance::File { .. } => None,
            Provenance::GitBlob { repo, .. } | Provenance::Staged { repo, .. } => Some(repo),
        }
    }

    /// The commit, for a blob from history.
    pub fn commit(&self) -> Option<&CommitInfo> {
        match self {
            Provenance::File { .. } | Provenance::Staged { .. } => None,
            Provenance::GitBlob { commit, .. } => Some(commit),
        }
    }
}
