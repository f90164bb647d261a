//! What the new file keeps of the old one besides its text: owner, group,
//! permission bits and extended attributes (ACLs, SELinux labels, user.*).

use rustix::fs::{fchmod, fchown, fgetxattr, flistxattr, fsetxattr, Gid, Mode, Uid, XattrFlags};
use rustix::io::Errno;
use std::ffi::OsStr;
use std::fs::{File, Metadata};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;

/// Gives `to` the owner, mode and extended attributes of `from`.
/// Owner first: a change of owner clears the set-id bits that chmod sets.
pub fn copy(from: &File, meta: &Metadata, to: &File) -> std::io::Result<()> {
    keep_owner(meta, to)?;
    fchmod(to, Mode::from_raw_mode(meta.mode() & 0o7777))?;
    copy_xattrs(from, to)
}

fn keep_owner(meta: &Metadata, to: &File) -> std::io::Result<()> {
    let own = to.metadata()?;
    if (own.uid(), own.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    let (uid, gid) = (Uid::from_raw(meta.uid()), Gid::from_raw(meta.gid()));
    match fchown(to, Some(uid), Some(gid)) {
        // Not root: the file becomes the user's, as with any editor; the
        // group is kept when the user is one of its members.
        Err(Errno::PERM) if !rustix::process::geteuid().is_root() => {
            let _ = fchown(to, None, Some(gid));
            Ok(())
        }
        result => Ok(result?),
    }
}

/// Where the filesystem has no extended attributes, there is nothing to keep.
fn unsupported(e: Errno) -> bool {
    e == Errno::NOTSUP || e == Errno::OPNOTSUPP
}

fn copy_xattrs(from: &File, to: &File) -> std::io::Result<()> {
    let mut names = vec![0u8; 4096];
    let len = loop {
        match flistxattr(from, &mut names[..]) {
            Ok(len) => break len,
            Err(Errno::RANGE) => names.resize(names.len() * 4, 0),
            Err(e) if unsupported(e) => return Ok(()),
            Err(e) => return Err(e.into()),
        }
    };
    let mut value = vec![0u8; 4096];
    for name in names[..len].split(|&b| b == 0).filter(|n| !n.is_empty()).map(OsStr::from_bytes) {
        let size = loop {
            match fgetxattr(from, name, &mut value[..]) {
                Ok(size) => break size,
                Err(Errno::RANGE) => value.resize(value.len() * 4, 0),
                Err(e) => return Err(attribute_error(name, e)),
            }
        };
        match fsetxattr(to, name, &value[..size], XattrFlags::empty()) {
            Err(e) if !unsupported(e) => return Err(attribute_error(name, e)),
            _ => {}
        }
    }
    Ok(())
}

fn attribute_error(name: &OsStr, e: Errno) -> std::io::Error {
    std::io::Error::new(
        std::io::Error::from(e).kind(),
        format!("extended attribute {}: {e}", name.to_string_lossy()),
    )
}
