//! The new text's file before it takes the config's name: created
//! exclusively in the config's folder, so no planted file or symlink is
//! ever opened, and with a name nobody can guess.
//!
//! On Linux it is anonymous (O_TMPFILE) until the very end: a run killed
//! at any moment leaves nothing behind. Elsewhere, or on filesystems
//! without O_TMPFILE, it is `.NAME.halint-RANDOM.tmp` from the start.

use super::signals;
use rustix::fs::{openat, renameat, unlinkat, AtFlags, Mode, OFlags};
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
        match openat(dir, ".", OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC, Mode::from_raw_mode(PRIVATE))
        {
            Ok(fd) => return Ok(Temp { file: fd.into(), named: None }),
            // How kernels and filesystems without O_TMPFILE refuse it.
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL) => {}
            Err(e) => return Err(e.into()),
        }
        Temp::create_named(dir, folder, target)
    }

    /// The fallback: a file with a random name from the start.
    fn create_named(dir: &OwnedFd, folder: &Path, target: &OsStr) -> std::io::Result<Temp> {
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
            #[cfg(target_os = "linux")]
            None => link_anonymous(&self.file, dir, folder, target, named)?,
            #[cfg(not(target_os = "linux"))]
            None => unreachable!("only Linux has anonymous temporary files"),
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
#[cfg(target_os = "linux")]
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
        let linked = match rustix::fs::linkat(file, "", dir, &name, AtFlags::EMPTY_PATH) {
            // Before Linux 6.10 AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH;
            // the /proc link of the descriptor does not.
            Err(Errno::NOENT | Errno::PERM) => {
                use std::os::fd::AsRawFd;
                let proc_link = format!("/proc/self/fd/{}", file.as_raw_fd());
                rustix::fs::linkat(rustix::fs::CWD, proc_link.as_str(), dir, &name, AtFlags::SYMLINK_FOLLOW)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    fn folder(test: &str) -> (PathBuf, OwnedFd) {
        let path = std::env::temp_dir().join(format!("halint-temp-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("dir");
        let fd =
            openat(rustix::fs::CWD, &path, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()).expect("open");
        (path, fd)
    }

    fn names(path: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Both kinds: private, replace the target in one rename, leave nothing.
    #[test]
    fn anonymous_and_named_temporary_files_replace_the_target() {
        for named in [false, true] {
            let (path, dir) = folder(if named { "named" } else { "anonymous" });
            std::fs::write(path.join("x.cfg"), "old\n").expect("write");
            let target = OsStr::new("x.cfg");
            let temp = if named {
                Temp::create_named(&dir, &path, target)
            } else {
                Temp::create(&dir, &path, target)
            }
            .expect("temp");
            assert_eq!(temp.file().metadata().expect("meta").permissions().mode() & 0o777, PRIVATE);
            let listed = names(&path);
            if named {
                assert_eq!(listed.len(), 2, "{listed:?}");
                let name = listed.iter().find(|n| *n != "x.cfg").expect("the temporary name");
                let random = name.strip_prefix(".x.cfg.halint-").and_then(|r| r.strip_suffix(".tmp"));
                assert!(
                    random.is_some_and(|r| r.len() == 16 && r.bytes().all(|b| b.is_ascii_hexdigit())),
                    "{name}"
                );
            } else {
                assert_eq!(listed, ["x.cfg"], "O_TMPFILE has no name");
            }
            temp.file().write_all(b"new\n").expect("write");
            temp.install(&dir, &path, target, &mut signals::hold()).expect("install");
            assert_eq!(std::fs::read_to_string(path.join("x.cfg")).expect("read"), "new\n");
            assert_eq!(names(&path), ["x.cfg"]);
            assert!(
                !signals::hold().iter().any(|p| p.starts_with(&path)),
                "no name left for the signal handler"
            );
        }
    }

    /// A named temporary file that is not installed is removed.
    #[test]
    fn a_dropped_named_temporary_file_is_removed() {
        let (path, dir) = folder("dropped");
        let temp = Temp::create_named(&dir, &path, OsStr::new("x.cfg")).expect("temp");
        assert_eq!(names(&path).len(), 1);
        assert!(signals::hold().iter().any(|p| p.starts_with(&path)), "the signal handler would remove it");
        drop(temp);
        assert_eq!(names(&path), Vec::<String>::new());
        assert!(!signals::hold().iter().any(|p| p.starts_with(&path)));
    }
}
