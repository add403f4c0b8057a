//! Where bytes come from: files and directories (`fs`), git history (`git`).
//!
//! A source hands out blobs one at a time and reports what it skipped and why; it never
//! looks inside the bytes beyond deciding whether to read them.

pub mod fs;
pub mod git;
pub mod ignored;
