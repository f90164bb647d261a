//! Running the `halint` binary from a test: in a folder, with standard
//! input, and never for longer than a bound (the child is killed past it).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long a run may take unless a test says otherwise (debug build, busy machine).
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(120);

/// Runs halint with `args` in `dir` (the test's own folder when `None`),
/// feeding `stdin` (nothing: an empty standard input); kills it and fails
/// the test past `limit`.
pub fn halint_in(args: &[&str], dir: Option<&Path>, stdin: Option<&[u8]>, limit: Duration) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_halint"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("halint starts");
    let start = Instant::now();
    // Feed and drain on threads, so a big input or output cannot block the child.
    let input = stdin.map(<[u8]>::to_vec).unwrap_or_default();
    let mut in_pipe = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        // A child that exits without reading closes the pipe: not a failure.
        let _ = std::io::Write::write_all(&mut in_pipe, &input);
    });
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out_pipe, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err_pipe, &mut v).map(|_| v)
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("halint {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = feeder.join();
    let stdout = out.join().expect("joins").expect("reads");
    let stderr = err.join().expect("joins").expect("reads");
    Output { status, stdout, stderr }
}
