//! `--fix`'s writes. A config is replaced whole or not at all: the new text
//! goes to a temporary file in the config's folder (see `temp.rs`) that gets
//! the config's owner, mode and extended attributes before its first byte,
//! is synced, and takes the config's name in one rename, after which the
//! folder is synced. Symlinks are written through, and a config that
//! changed on disk since halint read it is left alone.

mod attributes;
mod signals;
mod temp;

pub use signals::clean_up_on_signals;

use rustix::fs::{openat, Mode, OFlags, CWD};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Refuses, before anything is read, a path `--fix` must not rewrite: a
/// FIFO, device or socket (the read consumes it, a rename would replace
/// it), or a link into /dev or /proc (`/dev/stdin`: the fix would land in
/// whatever file the shell redirected). Missing files and folders are left
/// to the read, which names them.
pub fn check_rewritable(path: &str) -> Result<(), String> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    if meta.is_dir() {
        return Ok(());
    }
    if !meta.is_file() || reaches_special_files(Path::new(path)) {
        return Err(format!(
            "'{path}' is not a regular file (a FIFO, device, socket or /dev or /proc link): \
             --fix rewrites regular files only (`-` fixes standard input)"
        ));
    }
    Ok(())
}

/// Whether `path`, or a symlink it leads through, is in /dev or /proc.
fn reaches_special_files(path: &Path) -> bool {
    let Ok(mut hop) = std::path::absolute(path) else { return false };
    // The kernel's own limit of links followed in one lookup.
    for _ in 0..40 {
        if hop.starts_with("/dev") || hop.starts_with("/proc") {
            return true;
        }
        match std::fs::read_link(&hop) {
            Ok(next) => hop = hop.parent().map_or(next.clone(), |p| p.join(&next)),
            Err(_) => return false,
        }
    }
    false
}

/// Replaces the file at `path` (through symlinks), read as `original`,
/// with `fixed`. The error says what happened and that it was not written.
pub fn replace(path: &Path, original: &[u8], fixed: &[u8]) -> Result<(), String> {
    let shown = path.display();
    // Through symlinks to the file itself, as ruff and prettier do: a link stays a link.
    let real = std::fs::canonicalize(path).map_err(|e| format!("cannot write '{shown}': {e}"))?;
    let (Some(folder), Some(name)) = (real.parent(), real.file_name()) else {
        return Err(format!("cannot write '{shown}': not a file name"));
    };
    let in_folder =
        |e: std::io::Error| format!("cannot write '{shown}' in folder '{}': {e}", folder.display());
    let dir = openat(CWD, folder, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
        .map_err(|e| in_folder(e.into()))?;
    // NONBLOCK: opening a FIFO that replaced the file must not hang.
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let mut current = File::from(openat(&dir, name, flags, Mode::empty()).map_err(|e| in_folder(e.into()))?);
    let meta = current.metadata().map_err(in_folder)?;
    if !meta.is_file() {
        return Err(format!("'{shown}' is no longer a regular file; not written"));
    }
    if meta.mode() & 0o222 == 0 {
        return Err(format!(
            "'{shown}' is read-only (mode {:04o}); not written (make it writable to let --fix change it)",
            meta.mode() & 0o7777
        ));
    }
    let temp = temp::Temp::create(&dir, folder, name).map_err(|e| {
        format!("cannot create a temporary file in folder '{}': {e}; '{shown}' not written", folder.display())
    })?;
    // Before the first byte: the text is never readable by more users than the original.
    attributes::copy(&current, &meta, temp.file()).map_err(|e| {
        format!("cannot give the new '{shown}' the original's owner, mode and attributes: {e}; not written")
    })?;
    let mut file = temp.file();
    file.write_all(fixed).and_then(|()| file.sync_all()).map_err(|e| {
        format!("cannot write a temporary file in folder '{}': {e}; '{shown}' not written", folder.display())
    })?;
    let mut named = signals::hold();
    match changed_since_read(&real, &meta, &mut current, original) {
        Ok(false) => {}
        Ok(true) => return Err(format!("'{shown}' changed on disk while halint ran; not written")),
        Err(e) => return Err(format!("cannot read '{shown}' again before replacing it: {e}; not written")),
    }
    temp.install(&dir, folder, name, &mut named)
        .map_err(|e| format!("cannot replace '{shown}': {e}; not written"))?;
    drop(named);
    // The rename is on disk only once the folder is (some filesystems cannot sync one: EINVAL).
    match rustix::fs::fsync(&dir) {
        Err(e) if e != rustix::io::Errno::INVAL => {
            Err(format!("'{shown}' was written, but its folder could not be synced: {e}"))
        }
        _ => Ok(()),
    }
}

/// Whether the file at `real` is no longer the text halint read: another
/// file took its name, or its bytes differ.
fn changed_since_read(
    real: &PathBuf,
    meta: &std::fs::Metadata,
    current: &mut File,
    original: &[u8],
) -> std::io::Result<bool> {
    let now = match std::fs::symlink_metadata(real) {
        Ok(now) => now,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e),
    };
    if (now.dev(), now.ino()) != (meta.dev(), meta.ino()) || now.len() != original.len() as u64 {
        return Ok(true);
    }
    let mut bytes = Vec::with_capacity(original.len());
    current.rewind()?;
    current.read_to_end(&mut bytes)?;
    Ok(bytes != original)
}
