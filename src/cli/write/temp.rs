//! The new text's file before it takes the config's name: created
//! exclusively in the config's folder, so no planted file or symlink is
//! ever opened, and with a name nobody can guess.
//!
//! On Linux it is anonymous (O_TMPFILE) until the very end: a run killed
//! at any moment leaves nothing behind. Elsewhere, or on filesystems
//! without O_TMPFILE, it is `.NAME.halint-RANDOM.tmp` from the start.

use super::signals;
use rustix::fs::{linkat, openat, renameat, unlinkat, AtFlags, Mode, OFlags};
use rustix::io::Errno;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

/// A temporary file in the config's folder.
pub struct Temp {
    file: File,
    /// Its name and path while it has one, removed unless installed.
    named: Option<(OsString, PathBuf)>,
}

/// Only the owner may read it until the original's mode is copied.
const PRIVATE: u32 = 0o600;

impl Temp {
    /// A new, empty temporary file in `dir` (the folder `folder`) for `target`.
    pub fn create(dir: &OwnedFd, folder: &Path, target: &OsStr) -> std::io::Result<Temp> {
        #[cfg(target_os = "linux")]
        match openat(dir, ".", OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC, Mode::from_raw_mode(PRIVATE)) {
            Ok(fd) => return Ok(Temp { file: fd.into(), named: None }),
            // How kernels and filesystems without O_TMPFILE refuse it.
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL) => {}
            Err(e) => return Err(e.into()),
        }
        for _ in 0..16 {
            let name = random_name(target)?;
            let path = folder.join(&name);
            let mut named = signals::hold();
            named.push(path.clone());
            // O_EXCL: never a file that exists, never through a symlink.
            let flags = OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::RDWR | OFlags::CLOEXEC;
            match openat(dir, &name, flags, Mode::from_raw_mode(PRIVATE)) {
                Ok(fd) => return Ok(Temp { file: fd.into(), named: Some((name, path)) }),
                Err(e) => {
                    named.retain(|p| *p != path);
                    if e != Errno::EXIST {
                        return Err(e.into());
                    }
                }
            }
        }
        Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temporary name"))
    }

    /// The open file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Gives the file `target`'s name in `dir` in one rename. `named` is
    /// the signal handler's list, held by the caller for the duration.
    pub fn install(
        mut self,
        dir: &OwnedFd,
        folder: &Path,
        target: &OsStr,
        named: &mut Vec<PathBuf>,
    ) -> std::io::Result<()> {
        let (name, path) = match self.named.take() {
            Some(n) => n,
            None => link_anonymous(&self.file, dir, folder, target, named)?,
        };
        let renamed = renameat(dir, &name, dir, target);
        if renamed.is_err() {
            let _ = unlinkat(dir, &name, AtFlags::empty());
        }
        named.retain(|p| *p != path);
        Ok(renamed?)
    }
}

/// Gives an O_TMPFILE file a random name (linkat cannot replace a file, so
/// the config's name comes from a rename after it).
fn link_anonymous(
    file: &File,
    dir: &OwnedFd,
    folder: &Path,
    target: &OsStr,
    named: &mut Vec<PathBuf>,
) -> std::io::Result<(OsString, PathBuf)> {
    for _ in 0..16 {
        let name = random_name(target)?;
        let path = folder.join(&name);
        named.push(path.clone());
        let linked = match linkat(file, "", dir, &name, AtFlags::EMPTY_PATH) {
            // Before Linux 6.10 AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH;
            // the /proc link of the descriptor does not.
            Err(Errno::NOENT | Errno::PERM) => {
                use std::os::fd::AsRawFd;
                let proc_link = format!("/proc/self/fd/{}", file.as_raw_fd());
                linkat(rustix::fs::CWD, proc_link.as_str(), dir, &name, AtFlags::SYMLINK_FOLLOW)
            }
            other => other,
        };
        match linked {
            Ok(()) => return Ok((name, path)),
            Err(e) => {
                named.retain(|p| *p != path);
                if e != Errno::EXIST {
                    return Err(e.into());
                }
            }
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temporary name"))
}

/// `.NAME.halint-<16 random hex digits>.tmp`.
fn random_name(target: &OsStr) -> std::io::Result<OsString> {
    let mut random = [0u8; 8];
    rustix::rand::getrandom(&mut random, rustix::rand::GetRandomFlags::empty())?;
    let mut name = OsString::from(".");
    name.push(target);
    name.push(format!(".halint-{:016x}.tmp", u64::from_le_bytes(random)));
    Ok(name)
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some((_, path)) = self.named.take() {
            let mut named = signals::hold();
            let _ = std::fs::remove_file(&path);
            named.retain(|p| *p != path);
        }
    }
}
