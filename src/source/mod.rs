//! Where bytes come from. Today: files and directories (`fs`); git history comes later.
//!
//! A source hands out blobs one at a time and reports what it skipped and why; it never
//! looks inside the bytes beyond deciding whether to read them.

pub mod fs;
