//! How long `halint lsp` takes from an edit to the diagnostics of the
//! edited text: the server runs in process on an in-memory connection (the
//! protocol's JSON included, stdio excluded), one character of a `server`
//! line changes per round, and the clock stops when `publishDiagnostics`
//! for that version arrives.
//!
//! `cargo bench --bench lsp_latency` (a release build). Budgets: 150 ms on
//! the 10,000-backend (5 MB) config of `benches/run.sh`, 20 ms on a
//! 1,000-line one; exits 1 when a median is over its budget.

#[path = "../examples/gen_config.rs"]
mod gen_config;

use halint::lsp::{serve, Connection};
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ROUNDS: usize = 30;

fn main() {
    let mut over = false;
    println!("| config | lines | size | median | p95 | max | budget |");
    println!("|---|---|---|---|---|---|---|");
    for (label, backends, lines, budget) in [
        ("10,000 backends", 10_000, None, Duration::from_millis(150)),
        ("1,000 lines", 200, Some(1_000), Duration::from_millis(20)),
    ] {
        let mut text = Vec::new();
        gen_config::write_config(backends, &mut text).expect("generated");
        let mut text = String::from_utf8(text).expect("utf-8");
        if let Some(lines) = lines {
            let cut: usize = text.split_inclusive('\n').take(lines).map(str::len).sum();
            text.truncate(cut);
        }
        let mut times = measure(&text);
        times.sort();
        let median = times[times.len() / 2];
        over |= median > budget;
        println!(
            "| {label} | {} | {:.1} MB | {:.1} ms | {:.1} ms | {:.1} ms | {} ms |",
            text.lines().count(),
            text.len() as f64 / 1e6,
            ms(median),
            ms(times[times.len() * 95 / 100]),
            ms(times[times.len() - 1]),
            budget.as_millis()
        );
    }
    if over {
        eprintln!("a median is over its budget");
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The time from each edit to its diagnostics.
fn measure(text: &str) -> Vec<Duration> {
    let (server_side, client) = Connection::memory();
    let server = std::thread::spawn(move || serve(server_side).expect("server"));
    let send = |m: Message| client.sender.send(m).expect("send");
    send(Request::new(RequestId::from(1), "initialize".into(), json!({ "capabilities": {} })).into());
    wait(&client, |m| matches!(m, Message::Response(_)));
    send(Notification::new("initialized".into(), json!({})).into());
    let uri = "file:///nonexistent/halint-bench/haproxy.cfg";
    let doc = json!({ "uri": uri, "languageId": "haproxy", "version": 1, "text": text });
    send(Notification::new("textDocument/didOpen".into(), json!({ "textDocument": doc })).into());
    wait(&client, |m| is_diagnostics(m, 1));
    // The last `server` line's port: `:8080` -> `:8081` -> `:8080` ...
    let at = text.rfind(":8080 check").expect("a server line") + 4;
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut times = Vec::new();
    for version in 2..2 + ROUNDS as i32 {
        let digit = if version % 2 == 0 { "1" } else { "0" };
        let range = json!({ "start": { "line": line, "character": character }, "end": { "line": line, "character": character + 1 } });
        let change = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": digit }] });
        let start = Instant::now();
        send(Notification::new("textDocument/didChange".into(), change).into());
        wait(&client, |m| is_diagnostics(m, version));
        times.push(start.elapsed());
    }
    send(Request::new(RequestId::from(2), "shutdown".into(), Value::Null).into());
    wait(&client, |m| matches!(m, Message::Response(_)));
    send(Notification::new("exit".into(), Value::Null).into());
    server.join().expect("server thread");
    times
}

fn is_diagnostics(m: &Message, version: i32) -> bool {
    matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics" && n.params["version"] == version)
}

fn wait(client: &Connection, done: impl Fn(&Message) -> bool) {
    loop {
        let m = client.receiver.recv_timeout(Duration::from_secs(60)).expect("the server answers");
        if done(&m) {
            return;
        }
    }
}
