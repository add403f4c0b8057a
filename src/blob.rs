//! A blob: bytes to scan and where they came from.
//!
//! Sources produce blobs; the matcher sees only the bytes; findings carry the provenance.

use std::path::PathBuf;

/// Where a blob came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    /// A file on disk.
    File {
        /// The path as the user will read it (the scan root joined with the relative path).
        path: PathBuf,
    },
}

impl Provenance {
    /// The path reports show.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Provenance::File { path, .. } => path,
        }
    }
}

/// Bytes plus provenance.
#[derive(Debug)]
pub struct Blob<'a> {
    /// The raw bytes.
    pub bytes: &'a [u8],
    /// Where they came from.
    pub provenance: Provenance,
}
