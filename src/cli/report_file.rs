//! Writing a report or baseline file whole or not at all, safely inside a checkout that an
//! attacker may have filled with symlinks.
//!
//! A regular file (or a name not yet taken) gets a temporary file beside it with a random
//! name, created exclusively (`O_EXCL`, so a planted symlink is never followed), then renamed
//! over the name: the name is replaced, never what a symlink there points to. A replaced file
//! keeps its mode. A character device or FIFO named directly or through a descriptor name
//! (`/dev/null`, `/dev/stdout`, a shell's `>(…)`) is written in place and never replaced by
//! a regular file; a symlink to any other device or FIFO is itself replaced; anything else
//! is refused.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::interrupt;

/// Writes `path` with `write`, as the module doc says.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let context = || format!("{}: cannot write report", path.display());
    // What the name finally points at: a device or FIFO named directly, or through one of the
    // descriptor names (`/dev/stdout`, `/dev/fd/63` from a shell's `>(…)`), is written in
    // place. Any other symlink is replaced itself: a checkout may plant
    // `oktaleaks.sarif -> /dev/mem`, and the report must not go there.
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match std::fs::metadata(path) {
        Ok(meta)
            if (meta.file_type().is_char_device() || meta.file_type().is_fifo())
                && (!is_link || names_a_descriptor(path)) =>
        {
            return write_in_place(path, write).with_context(context);
        }
        Ok(_) if is_link => {}
        Ok(meta) if !meta.is_file() => {
            bail!(
                "{}: not a regular file, character device or FIFO; refusing to replace it",
                path.display()
            )
        }
        _ => {}
    }
    replace(path, write).with_context(context)
}

/// Whether `path` is one of the names by which a process reaches its own descriptors.
fn names_a_descriptor(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr"]
        .iter()
        .any(|n| path == Path::new(n))
        || ["/dev/fd", "/proc/self/fd", "/proc/thread-self/fd"]
            .iter()
            .any(|dir| path.parent() == Some(Path::new(dir)))
}

fn write_in_place(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = BufWriter::new(OpenOptions::new().write(true).open(path)?);
    write(&mut out)?;
    out.flush()
}

fn replace(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The mode of the file being replaced (not of a symlink's target); a new file gets the
    // usual 0666 less the umask, as `File::create` would.
    let mode = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Some(meta.permissions().mode() & 0o7777),
        _ => None,
    };
    let tmp = tempfile::Builder::new()
        .prefix(".oktaleaks-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o666)))
        .tempfile_in(dir)?;
    let _cleanup = interrupt::remove_on_interrupt(tmp.path());
    if let Some(mode) = mode {
        // The umask applied at creation; the old file's mode is restored exactly.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    let mut out = BufWriter::new(tmp.as_file());
    write(&mut out)?;
    out.flush()?;
    drop(out);
    tmp.as_file().sync_all()?;
    // On failure the temporary file is dropped, which removes it.
    tmp.persist(path).map(drop::<File>).map_err(|e| e.error)
}
