//! Ctrl-C or `kill` during `--fix`: the named temporary file goes away and
//! the exit status is the shell's 128 + signal (130, 143).
//!
//! A handler thread (signal-hook) rather than a signal handler: it may take
//! the lock the writer holds between linking a temporary name and renaming
//! it, so it never removes a file the writer is about to rename, and it
//! exits while holding the lock, so the writer never renames a removed one.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// Temporary files that have a name in some folder right now.
static NAMED_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list of named temporary files, locked: a signal waits for its release.
pub fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    NAMED_TEMPS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// From now on SIGINT and SIGTERM remove the named temporary files and
/// exit 130 or 143.
pub fn clean_up_on_signals() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        // Without the thread the signals keep their default action: the
        // process ends, and only a fallback temporary name could remain.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
        let spawned = std::thread::Builder::new().name("halint-signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let named = hold();
                for path in named.iter() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
        drop(spawned);
    });
}
