//! Which files `halint check DIR` takes: a walk of each folder given
//! (`.gitignore` respected, hidden files skipped, by the `ignore` crate),
//! keeping HAProxy configs and the Kubernetes manifests that carry them.
//!
//! - `haproxy*.cfg`: always a config;
//! - any other `*.cfg`: a config when the first line that is neither blank
//!   nor a comment (nor a `.if`-style directive) opens a known section
//!   (`global`, `defaults`, `backend`, ...): an INI file's `[section]` is not;
//! - `*.yaml`/`*.yml`: when the text names HAProxy (`haproxy`, any case) and
//!   the manifest then carries HAProxy config or runs HAProxy;
//! - files matching an `--include` glob (or `[files] include`), whatever
//!   their content; no file matching an `--exclude` glob (or
//!   `[files] exclude`), folders included.
//!
//! A file named on the command line is always checked. Paths are printed
//! relative to the working folder when they are inside it.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The globs that choose files in a walk.
#[derive(Default)]
pub struct Selection {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

fn glob_set(globs: &[String], what: &str) -> Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        // A glob without a folder matches at any depth (as .gitignore does).
        let pattern = if g.contains('/') { g.trim_start_matches("./").to_owned() } else { format!("**/{g}") };
        builder.add(Glob::new(&pattern).map_err(|e| format!("{what} '{g}': {e}"))?);
    }
    builder.build().map(Some).map_err(|e| format!("{what}: {e}"))
}

impl Selection {
    /// From the globs of the command line and of `halint.toml`.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, String> {
        Ok(Selection { include: glob_set(include, "--include")?, exclude: glob_set(exclude, "--exclude")? })
    }

    fn excluded(&self, relative: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|s| s.is_match(relative))
    }

    fn included(&self, relative: &Path) -> bool {
        self.include.as_ref().is_some_and(|s| s.is_match(relative))
    }
}

/// The paths to check: each argument that is not a folder as it is, each
/// folder replaced by the files of its walk (sorted). Only the walk opens
/// files to decide.
///
/// With `force`, a file named is kept only when a walk would take it: not
/// excluded, and a HAProxy config or manifest by name or content.
pub fn expand(paths: &[String], selection: &Selection, force: bool) -> Result<Vec<String>, String> {
    let cwd = std::env::current_dir().ok();
    let mut out = Vec::new();
    for path in paths {
        if path == "-" || !Path::new(path).is_dir() {
            let p = Path::new(path);
            let relative = p.strip_prefix("./").unwrap_or(p);
            let skipped = force
                && path != "-"
                && p.is_file()
                && (relative.ancestors().any(|a| !a.as_os_str().is_empty() && selection.excluded(a))
                    || !wanted(p, relative, selection));
            if !skipped {
                out.push(path.clone());
            }
            continue;
        }
        let mut found = walk(Path::new(path), selection)?;
        found.sort();
        out.extend(found.into_iter().map(|p| shown(&p, cwd.as_deref())));
    }
    // A file reached twice (`halint check . conf`) is checked once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

/// `path` as printed: relative to the working folder when inside it.
fn shown(path: &Path, cwd: Option<&Path>) -> String {
    let relative = match cwd {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path.strip_prefix(".").unwrap_or(path),
    };
    relative.to_string_lossy().into_owned()
}

fn walk(root: &Path, selection: &Selection) -> Result<Vec<PathBuf>, String> {
    let found = std::sync::Mutex::new(Vec::new());
    let errors = std::sync::Mutex::new(Vec::new());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        // A .gitignore counts outside a git repository too (a tarball, a CI cache).
        .require_git(false)
        .threads(std::thread::available_parallelism().map_or(1, |n| n.get()))
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            use ignore::WalkState;
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.lock().expect("lock").push(e.to_string());
                    return WalkState::Continue;
                }
            };
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap_or(path);
            if entry.depth() > 0 && selection.excluded(relative) {
                return WalkState::Skip;
            }
            if entry.file_type().is_some_and(|t| t.is_file()) && wanted(path, relative, selection) {
                found.lock().expect("lock").push(path.to_path_buf());
            }
            WalkState::Continue
        })
    });
    let errors = errors.into_inner().expect("lock");
    if let Some(first) = errors.first() {
        return Err(format!("walking '{}': {first}", root.display()));
    }
    Ok(found.into_inner().expect("lock"))
}

/// Whether a file met in a walk is checked.
fn wanted(path: &Path, relative: &Path, selection: &Selection) -> bool {
    if selection.included(relative) {
        return true;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "cfg" if name.to_ascii_lowercase().starts_with("haproxy") => true,
        "cfg" => head(path).is_some_and(|h| looks_like_haproxy(&h)),
        "yaml" | "yml" => std::fs::read_to_string(path).is_ok_and(|t| carries_haproxy(&t)),
        _ => false,
    }
}

/// The first 64 KiB of a file, as text (bytes that are not UTF-8 replaced).
fn head(path: &Path) -> Option<String> {
    let mut buf = Vec::with_capacity(4096);
    std::fs::File::open(path).ok()?.take(64 << 10).read_to_end(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Whether a text is HAProxy config: the first line that is not blank, a
/// comment or a conditional (`.if`) opens a known section.
pub fn looks_like_haproxy(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('.') {
            continue;
        }
        let word = line.split_whitespace().next().unwrap_or_default();
        return crate::ast::SectionKind::from_keyword(word).is_some();
    }
    false
}

/// Whether a YAML text is a manifest that carries HAProxy config or runs
/// HAProxy. The cheap test first: most YAML of a repository never names it.
pub fn carries_haproxy(text: &str) -> bool {
    let names_it = text.as_bytes().windows(7).any(|w| w.eq_ignore_ascii_case(b"haproxy"));
    if !names_it {
        return false;
    }
    let manifest = crate::input::k8s::read_manifest(text);
    !manifest.embedded.is_empty() || manifest.haproxy_workloads().next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haproxy_config_is_told_from_ini() {
        assert!(looks_like_haproxy("# comment\n\nglobal\n    maxconn 10\n"));
        assert!(looks_like_haproxy("\u{feff}backend app\n"));
        assert!(looks_like_haproxy(".if defined(X)\nfrontend f\n"));
        assert!(!looks_like_haproxy("[section]\nkey = value\n"));
        assert!(!looks_like_haproxy("# only comments\n"));
        assert!(!looks_like_haproxy("maxconn 10\nglobal\n"));
    }

    #[test]
    fn globs_without_a_folder_match_at_any_depth() {
        let s = Selection::new(&["*.conf".into()], &["vendor".into(), "a/b/*.cfg".into()]).unwrap();
        assert!(s.included(Path::new("x/y/z.conf")));
        assert!(s.excluded(Path::new("deep/vendor")));
        assert!(s.excluded(Path::new("a/b/c.cfg")));
        assert!(!s.excluded(Path::new("a/c.cfg")));
    }
}
