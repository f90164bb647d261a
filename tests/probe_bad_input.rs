//! `halint probe` against endpoints that are not a runtime API: each gives
//! a clear error naming the instance, exit status 2, within the timeout,
//! and no panic. Loopback only; every listener is this test's own thread.

#[allow(dead_code)] // shared with other tests; this one uses only the runner
#[path = "common/run.rs"]
mod run;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::time::{Duration, Instant};

const CONFIG: &str = "\
peers mesh
    peer h1 127.0.0.1:10001
    peer h2 127.0.0.1:10002
";

/// Runs the probe with h1 at `endpoint` and h2 at a refused port, `--timeout 1`.
fn probe(dir: &std::path::Path, endpoint: &str) -> (Output, Duration) {
    std::fs::write(dir.join("haproxy.cfg"), CONFIG).expect("write config");
    let refused = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
        // Dropped here: nothing listens there any more.
    };
    let args = [
        "probe".to_owned(),
        "--isolated".to_owned(),
        "haproxy.cfg".to_owned(),
        format!("--socket=h1={endpoint}"),
        format!("--socket=h2={refused}"),
        "--timeout=1".to_owned(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t = Instant::now();
    let out = run::halint_in(&args, Some(dir), None, Duration::from_secs(20));
    (out, t.elapsed())
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-probe-bad-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Asserts exit 2, an error naming h1 that contains `why`, h2's refusal,
/// no panic, and a bounded time.
fn assert_clear_error(out: &Output, took: Duration, why: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("halint: error: instance 'h1'") && why.iter().any(|w| stderr.contains(w)),
        "stderr: {stderr}"
    );
    assert!(stderr.contains("instance 'h2'") && stderr.contains("Connection refused"), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    // Both instances are asked at once: one timeout (1 s) plus start-up.
    assert!(took < Duration::from_secs(4), "took {took:?}");
}

/// A loopback server that answers every connection with `answer(request)`.
fn serve(answer: fn(&mut TcpStream)) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            std::thread::spawn(move || answer(&mut conn));
        }
    });
    addr
}

#[test]
fn a_path_that_is_not_a_socket() {
    let dir = scratch("file");
    let (out, took) = probe(&dir, "haproxy.cfg");
    assert_clear_error(&out, took, &["instance 'h1' (haproxy.cfg): not a socket"]);
    let (out, took) = probe(&dir, "no-such.sock");
    assert_clear_error(&out, took, &["instance 'h1' (no-such.sock): cannot connect: No such file"]);
}

#[test]
fn a_tcp_port_that_never_answers() {
    // Accepted by the kernel's backlog, never read or written.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let (out, took) = probe(&scratch("silent"), &silent.local_addr().expect("addr").to_string());
    assert_clear_error(&out, took, &["no answer to `show peers` within 1s"]);
    drop(silent);
}

#[test]
fn a_server_that_prints_garbage() {
    let addr = serve(|conn| {
        let _ = conn.read(&mut [0u8; 256]);
        let _ = conn.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n\xff\xfe\x00garbage\n");
    });
    let (out, took) = probe(&scratch("garbage"), &addr.to_string());
    assert_clear_error(&out, took, &["the answer to `show peers` is not HAProxy's"]);
}

#[test]
fn a_server_that_never_stops_talking() {
    let addr = serve(|conn| {
        let line = [b'x'; 4096];
        while conn.write_all(&line).is_ok() {}
    });
    let (out, took) = probe(&scratch("endless"), &addr.to_string());
    // Whichever comes first on this machine: the deadline or the size bound.
    assert_clear_error(&out, took, &["no answer to `show peers` within 1s", "is larger than 67108864 bytes"]);
}

#[test]
fn usage_errors_name_what_is_missing() {
    let dir = scratch("usage");
    std::fs::write(dir.join("haproxy.cfg"), CONFIG).expect("write config");
    let cases: [(&[&str], &str); 5] = [
        (&["probe", "--isolated"], "no instance to probe"),
        (&["probe", "--isolated", "haproxy.cfg", "--socket=h1=a.sock"], "no runtime API for instance 'h2'"),
        (
            &["probe", "--isolated", "haproxy.cfg", "--socket=h3=a.sock", "--socket=h1=a", "--socket=h2=b"],
            "'h3' is not an instance",
        ),
        (&["probe", "--isolated", "haproxy.cfg", "--socket=h1=a", "--socket=h2=b", "--watch=0"], "--watch 0"),
        (
            &["probe", "--isolated", "haproxy.cfg", "--socket=h1=a", "--socket=h2=b", "--timeout=-1"],
            "--timeout -1",
        ),
    ];
    for (args, why) in cases {
        let out = run::halint_in(args, Some(&dir), None, Duration::from_secs(20));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    }
}
