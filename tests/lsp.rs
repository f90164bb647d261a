//! The language server driven in process by a small client over in-memory
//! channels: the handshake, diagnostics pushed on open and change, code
//! actions applied (the client applies their edits itself, in UTF-16 as an
//! editor would), hover, definition, references, symbols, completion,
//! formatting, and positions on a line with `é` and an emoji.
#![cfg(feature = "lsp")]

use halint::lsp::{serve, Connection};
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long any answer may take (the test fails instead of hanging).
const WAIT: Duration = Duration::from_secs(20);

struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<()>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
}

impl Client {
    fn start(capabilities: Value) -> (Client, Value) {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || serve(server_side).expect("server ends cleanly"));
        let mut client =
            Client { connection: client_side, server: Some(server), next_id: 0, pending: Vec::new() };
        let result = client.request("initialize", json!({ "capabilities": capabilities }));
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_owned(), params);
        self.connection.sender.send(Message::Request(request)).expect("send");
        loop {
            match self
                .connection
                .receiver
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("no answer to {method}"))
            {
                Message::Response(r) if r.id == id => {
                    return r.response_result.unwrap_or_else(|e| panic!("{method}: {e:?}"));
                }
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_owned(), params);
        self.connection.sender.send(Message::Notification(n)).expect("send");
    }

    /// Sends `changes` (`{ range, text }` each) as version `version` of the
    /// document at `uri`.
    fn change(&self, uri: &str, version: i32, changes: Vec<Value>) {
        let versioned = json!({ "uri": uri, "version": version });
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": versioned, "contentChanges": changes }),
        );
    }

    /// Sends text edits (`{ range, newText }` each) as incremental changes,
    /// as an editor that applied them does.
    fn change_by_edits(&self, uri: &str, version: i32, edits: &Value) {
        let changes = edits
            .as_array()
            .expect("edits")
            .iter()
            .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
            .collect();
        self.change(uri, version, changes);
    }

    /// Opens `text` as version 1 of the document at `uri`.
    fn open(&self, uri: &str, language: &str, text: &str) {
        let doc = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    /// The next `publishDiagnostics` for `version`.
    fn diagnostics(&mut self, version: i32) -> Value {
        loop {
            let n = match self.pending.iter().position(|n| n.method == "textDocument/publishDiagnostics") {
                Some(i) => self.pending.remove(i),
                None => match self.connection.receiver.recv_timeout(WAIT).expect("diagnostics arrive") {
                    Message::Notification(n) => n,
                    other => panic!("unexpected {other:?}"),
                },
            };
            if n.method == "textDocument/publishDiagnostics" && n.params["version"] == version {
                return n.params["diagnostics"].clone();
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().expect("server").join().expect("server thread");
    }

    /// Stops the server and removes the test's temp folder.
    fn finish(self, dir: &Path) {
        self.stop();
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// An empty temp folder of this test run named after `name`.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp")
}

/// The fixture folder copied to a fresh temp folder (the server finds its halint.toml).
fn workspace(name: &str) -> (PathBuf, String) {
    let dir = fresh_dir(name);
    for file in ["cluster.cfg", "halint.toml"] {
        std::fs::copy(fixtures().join(file), dir.join(file)).expect("copy");
    }
    let text = std::fs::read_to_string(dir.join("cluster.cfg")).expect("read");
    (dir, text)
}

/// A server (no client capabilities) on the workspace `name` with its
/// cluster.cfg open and the first diagnostics read: the folder, the text,
/// the client and the document's URI.
fn opened_workspace(name: &str) -> (PathBuf, String, Client, String) {
    let (dir, text) = workspace(name);
    let (mut client, _) = Client::start(json!({}));
    let uri = uri(&dir);
    client.open(&uri, "haproxy", &text);
    client.diagnostics(1);
    (dir, text, client, uri)
}

fn uri(dir: &Path) -> String {
    format!("file://{}/cluster.cfg", dir.display())
}

/// `value` with the temp folder replaced, for snapshots.
fn redact(value: &Value, dir: &Path) -> Value {
    let text = value.to_string().replace(&format!("file://{}", dir.display()), "file://<dir>");
    serde_json::from_str(&text).expect("json")
}

/// The byte offset of an LSP position counted in UTF-16 units, independently of the server's code.
fn utf16_offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies text edits (non-overlapping) the way an editor does.
fn apply(text: &str, edits: &Value) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| {
            let start = utf16_offset(text, &e["range"]["start"]);
            let end = utf16_offset(text, &e["range"]["end"]);
            (start, end, e["newText"].as_str().expect("newText").to_owned())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// The UTF-16 position of the `nth` occurrence of `needle` (plus `shift` characters).
fn position_of(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let at = text.match_indices(needle).nth(nth).expect("needle").0;
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let prefix: usize = text[line_start..at].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": prefix + shift })
}

fn rules(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["data"]["rule"].as_str().expect("rule").to_owned())
        .collect()
}

#[test]
fn open_diagnose_fix_all_and_diagnose_again() {
    let (dir, text) = workspace("fix");
    let (mut client, init) = Client::start(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16", "no encoding offered: UTF-16");
    let mut shown = init.clone();
    shown["serverInfo"]["version"] = json!("[version]");
    insta::assert_json_snapshot!("initialize", shown);
    let uri = uri(&dir);
    client.open(&uri, "haproxy", &text);
    let diagnostics = client.diagnostics(1);
    insta::assert_json_snapshot!("diagnostics_on_open", redact(&diagnostics, &dir));
    assert_eq!(rules(&diagnostics), ["unused-suppression", "stick-table-not-shared", "invalid-proxy-name"]);

    // The suppression's name sits after `é😀` on its line: 2 + 1 UTF-16 units before it.
    let unused = &diagnostics[0]["range"];
    assert_eq!(unused["start"], position_of(&text, "no-such-rule", 0, 0));
    assert_eq!(
        &text[utf16_offset(&text, &unused["start"])..utf16_offset(&text, &unused["end"])],
        "no-such-rule"
    );

    // The quick fixes at the stick-table, then fix-all.
    let table = position_of(&text, "stick-table", 0, 0);
    let range = json!({ "start": table, "end": table });
    let context = json!({ "diagnostics": [] });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    );
    let titles: Vec<&str> =
        actions.as_array().expect("actions").iter().map(|a| a["title"].as_str().expect("title")).collect();
    assert_eq!(
        titles,
        [
            "add `peers mesh`",
            "Ignore stick-table-not-shared on this line",
            "Fix all safely fixable halint findings"
        ]
    );
    let only = json!({ "diagnostics": [], "only": ["source.fixAll"] });
    let whole = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    let fix_all = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": whole, "context": only }),
    );
    assert_eq!(fix_all.as_array().map(Vec::len), Some(1), "{fix_all}");
    assert_eq!(fix_all[0]["kind"], "source.fixAll.halint");
    let edits = &fix_all[0]["edit"]["changes"][&uri];
    insta::assert_json_snapshot!("fix_all_edits", edits);
    let fixed = apply(&text, edits);
    assert!(fixed.contains("stick-table type ip size 20k peers mesh\n"), "{fixed}");

    // The editor sends its edits as incremental changes; the server applies them in memory.
    client.change_by_edits(&uri, 2, edits);
    let after = client.diagnostics(2);
    assert_eq!(rules(&after), ["unused-suppression", "invalid-proxy-name"]);
    // Formatting the fixed text in the server gives the same as the library on the client's copy.
    let format_edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(format_edits, json!([]), "the fixture is formatted");
    client.finish(&dir);
}

#[test]
fn hover_definition_references_symbols_and_completion() {
    let (dir, text, mut client, uri) = opened_workspace("nav");
    let at = |position: Value| json!({ "textDocument": { "uri": uri }, "position": position });

    let hover = client.request("textDocument/hover", at(position_of(&text, "balance", 0, 2)));
    insta::assert_json_snapshot!("hover_keyword", hover);
    let hover = client.request("textDocument/hover", at(position_of(&text, "stick-table", 0, 1)));
    let markdown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        markdown.starts_with("**HA408 stick-table-not-shared** (error)")
            && markdown.contains("## What it does"),
        "{markdown}"
    );
    assert_eq!(hover["range"]["start"], position_of(&text, "stick-table", 0, 0));
    // Names inside a line: an action, an ACL keyword in an anonymous ACL, a fetch.
    for (needle, shift, heading, width) in [
        ("set-header", 4, "**`set-header`** (action)", 10),
        ("path_beg", 2, "**`path_beg`** (ACL keyword)", 8),
        ("src\n", 1, "**`src`** (sample fetch)", 3),
    ] {
        let hover = client.request("textDocument/hover", at(position_of(&text, needle, 0, shift)));
        let markdown = hover["contents"]["value"].as_str().expect("markdown");
        assert!(markdown.starts_with(heading) && markdown.contains("HAProxy 1.8 and later"), "{markdown}");
        let start = position_of(&text, needle, 0, 0);
        let end = json!({ "line": start["line"], "character": start["character"].as_u64().unwrap() + width });
        assert_eq!(hover["range"], json!({ "start": start, "end": end }), "{needle}");
    }
    let hover = client.request("textDocument/hover", at(position_of(&text, "127.0.0.1:9001", 0, 3)));
    assert_eq!(hover, Value::Null, "an address is no schema name");

    // `use_backend é😀`: from the reference (cursor after the emoji) to the header's name.
    let definition = client.request("textDocument/definition", at(position_of(&text, "é😀 if", 0, 3)));
    let header = position_of(&text, "é😀\n", 0, 0);
    let end = json!({ "line": header["line"], "character": header["character"].as_u64().unwrap() + 3 });
    assert_eq!(definition, json!([{ "uri": uri, "range": { "start": header, "end": end } }]));
    let definition = client.request("textDocument/definition", at(position_of(&text, "app\n", 0, 1)));
    assert_eq!(
        definition[0]["range"]["start"],
        position_of(&text, "app\n", 1, 0),
        "default_backend app -> backend app"
    );
    let references = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": position_of(&text, "app\n", 1, 0), "context": { "includeDeclaration": false } }),
    );
    assert_eq!(
        references,
        json!([{ "uri": uri, "range": { "start": position_of(&text, "app\n", 0, 0), "end": position_of(&text, "app\n", 0, 3) } }])
    );
    let peers = client.request("textDocument/definition", at(position_of(&text, "lb1", 1, 0)));
    assert_eq!(peers, Value::Null, "a peer name is no reference");

    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    let names: Vec<&str> =
        symbols.as_array().expect("symbols").iter().map(|s| s["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["global", "peers mesh", "defaults", "frontend web", "backend app", "backend é😀"]);

    let completion = client.request("textDocument/completion", at(position_of(&text, "app\n", 0, 0)));
    let labels: Vec<&str> =
        completion.as_array().expect("items").iter().map(|i| i["label"].as_str().expect("label")).collect();
    assert_eq!(labels, ["app", "é😀"], "backends after default_backend");
    let completion = client.request("textDocument/completion", at(position_of(&text, "    balance", 0, 4)));
    let labels: Vec<&str> =
        completion.as_array().expect("items").iter().map(|i| i["label"].as_str().expect("label")).collect();
    assert!(
        labels.contains(&"balance") && labels.contains(&"stick-table") && labels.contains(&"backend"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"localpeer"), "global keywords are not offered in a backend");
    client.finish(&dir);
}

#[test]
fn utf8_positions_when_the_client_offers_them_and_ignore_on_this_line() {
    let (dir, text) = workspace("utf8");
    let (mut client, init) =
        Client::start(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = uri(&dir);
    client.open(&uri, "haproxy", &text);
    let diagnostics = client.diagnostics(1);
    let line_start = text[..text.find("no-such-rule").unwrap()].rfind('\n').unwrap() + 1;
    let bytes_in = text.find("no-such-rule").unwrap() - line_start;
    assert_eq!(diagnostics[0]["range"]["start"]["character"], bytes_in, "UTF-8: bytes");

    let proxy = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["data"]["rule"] == "invalid-proxy-name")
        .expect("finding");
    let context = json!({ "diagnostics": [], "only": ["quickfix"] });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": proxy["range"], "context": context }),
    );
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore invalid-proxy-name on this line")
        .expect("action");
    let edits = &ignore["edit"]["changes"][&uri];
    let inserted = edits[0]["newText"].as_str().unwrap();
    assert_eq!(inserted, " # halint: ignore[invalid-proxy-name]");
    // Applied by byte positions (UTF-8), the finding goes away.
    let line = edits[0]["range"]["start"]["line"].as_u64().unwrap() as usize;
    let character = edits[0]["range"]["start"]["character"].as_u64().unwrap() as usize;
    let offset: usize = text.split_inclusive('\n').take(line).map(str::len).sum::<usize>() + character;
    let mut fixed = text.clone();
    fixed.insert_str(offset, inserted);
    assert!(fixed.contains("backend é😀 # halint: ignore[invalid-proxy-name]\n"), "{fixed}");
    client.change(&uri, 2, vec![json!({ "range": edits[0]["range"], "text": inserted })]);
    assert_eq!(rules(&client.diagnostics(2)), ["unused-suppression", "stick-table-not-shared"]);
    client.finish(&dir);
}

#[test]
fn pulled_diagnostics_and_formatting_with_the_halint_toml_indent() {
    let (dir, _) = workspace("pull");
    std::fs::write(dir.join("halint.toml"), "[format]\nindent = 2\n").expect("write");
    let messy = "global\n    daemon   \n\n\n\nbackend b\n        server s1 10.0.0.1:80\n";
    let (mut client, init) = Client::start(json!({ "textDocument": { "diagnostic": {} } }));
    assert_eq!(init["capabilities"]["diagnosticProvider"]["identifier"], "halint");
    let uri = uri(&dir);
    client.open(&uri, "haproxy", messy);
    let report = client.request("textDocument/diagnostic", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"], json!([]), "a tidy-enough config has no finding");
    let options = json!({ "tabSize": 8, "insertSpaces": true });
    let edits = client
        .request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": options }));
    assert_eq!(
        apply(messy, &edits),
        "global\n  daemon\n\nbackend b\n  server s1 10.0.0.1:80\n",
        "indent 2 from halint.toml"
    );
    // Range formatting of the last line only.
    let range = json!({ "start": { "line": 6, "character": 0 }, "end": { "line": 6, "character": 3 } });
    let edits = client.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": { "uri": uri }, "range": range, "options": options }),
    );
    assert_eq!(apply(messy, &edits), "global\n    daemon   \n\n\n\nbackend b\n  server s1 10.0.0.1:80\n");
    assert!(
        client.pending.iter().all(|n| n.method != "textDocument/publishDiagnostics"),
        "pulled, not pushed"
    );
    client.finish(&dir);
}

#[test]
fn incremental_changes_give_the_findings_of_the_same_text_opened_whole() {
    let (dir, text, mut client, edited_uri) = opened_workspace("incremental");
    // Edits after the emoji, across lines, adding lines and replacing words.
    let mut expected = text.clone();
    let edits = [
        (position_of(&text, "é😀\"", 0, 3), position_of(&text, "é😀\"", 0, 3), "ü"),
        (position_of(&text, "    default_backend app", 0, 0), position_of(&text, "backend app\n", 1, 0), ""),
        (
            position_of(&text, "backend é😀", 0, 0),
            position_of(&text, "backend é😀", 0, 0),
            "backend added\n    balance first\n\n",
        ),
        (
            position_of(&text, "stick on src", 0, 4),
            position_of(&text, "stick on src", 0, 12),
            "stick match src",
        ),
    ];
    // Each edit's positions are taken on the original text; apply them last to first.
    for (version, (start, end, new)) in edits.iter().rev().enumerate() {
        let range = json!({ "start": start, "end": end });
        let (a, b) = (utf16_offset(&expected, start), utf16_offset(&expected, end));
        expected.replace_range(a..b, new);
        client.change(&edited_uri, version as i32 + 2, vec![json!({ "range": range, "text": new })]);
    }
    let edited = client.diagnostics(edits.len() as i32 + 1);
    let fresh_uri = format!("file://{}/fresh.cfg", dir.display());
    client.open(&fresh_uri, "haproxy", &expected);
    let fresh = client.diagnostics(1);
    // The edits broke things (a header glued to a line, a keyword cut), and each copy sees the same.
    assert!(rules(&edited).contains(&"duplicate-proxy-name".to_owned()), "{edited}");
    let ranges = |d: &Value| d.as_array().unwrap().iter().map(|d| d["range"].clone()).collect::<Vec<_>>();
    assert_eq!(ranges(&edited), ranges(&fresh));
    assert_eq!(rules(&edited), rules(&fresh));
    client.finish(&dir);
}

/// The byte span of an LSP range counted in UTF-16 units.
fn utf16_span(text: &str, range: &Value) -> (usize, usize) {
    (utf16_offset(text, &range["start"]), utf16_offset(text, &range["end"]))
}

#[test]
fn a_manifest_gets_the_findings_and_fixes_of_halint_check_at_its_yaml_positions() {
    let dir = fresh_dir("manifest");
    let text = std::fs::read_to_string(fixtures().join("manifest.yaml")).expect("read");
    // What `halint check` and `halint check --fix` make of the same text (no halint.toml: none above /tmp).
    let linter = halint::Linter::new(halint::Settings::default());
    let expected = linter.check_manifest(&text).diagnostics;
    let fixed_by_check = linter.fix_manifest(&text, false).output;

    let (mut client, _) = Client::start(json!({}));
    let uri = format!("file://{}/haproxy.yaml", dir.display());
    client.open(&uri, "yaml", &text);
    let diagnostics = client.diagnostics(1);
    assert_eq!(
        rules(&diagnostics),
        ["invalid-proxy-name", "stick-table-not-shared", "missing-final-newline"]
    );
    let shown = diagnostics.as_array().expect("array");
    assert_eq!(shown.len(), expected.len());
    for (d, e) in shown.iter().zip(&expected) {
        assert_eq!(d["data"]["rule"], e.rule);
        assert_eq!(utf16_span(&text, &d["range"]), (e.span.start as usize, e.span.end as usize), "{d}");
    }
    // The backend's name, after which UTF-16 and bytes differ, is found in the YAML.
    let (start, end) = utf16_span(&text, &diagnostics[0]["range"]);
    assert_eq!(&text[start..end], "é😀");
    assert_eq!(diagnostics[0]["range"]["end"]["character"], 15, "`    backend é😀`: 12 + 1 + 2 UTF-16 units");
    // The peers section, named in the related information, is a YAML line too.
    let related = &diagnostics[1]["relatedInformation"][0]["location"]["range"];
    let (start, end) = utf16_span(&text, related);
    assert_eq!(&text[start..end], "mesh");

    // The fix of the stick-table edits the block in place; no "ignore" comment is offered in YAML.
    let at = |position: Value| json!({ "textDocument": { "uri": uri }, "position": position });
    let table = position_of(&text, "stick-table", 0, 0);
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": table, "end": table }, "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> =
        actions.as_array().expect("actions").iter().map(|a| a["title"].as_str().expect("title")).collect();
    assert_eq!(titles, ["add `peers mesh`", "Fix all safely fixable halint findings"]);
    let quick = apply(&text, &actions[0]["edit"]["changes"][&uri]);
    assert_eq!(quick, text.replace("size 20k\n", "size 20k peers mesh\n"));
    // Fix all gives what `halint check --fix` writes.
    let fix_all = &actions[1]["edit"]["changes"][&uri];
    assert_eq!(apply(&text, fix_all), fixed_by_check);
    assert!(fixed_by_check.contains("haproxy.cfg: |\n") && fixed_by_check.contains("20k peers mesh\n"));

    let hover = client.request("textDocument/hover", at(position_of(&text, "stick-table", 0, 1)));
    let markdown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(markdown.starts_with("**HA408 stick-table-not-shared** (error)"), "{markdown}");
    let hover = client.request("textDocument/hover", at(position_of(&text, "balance", 0, 1)));
    assert_eq!(hover, Value::Null, "keyword hover reads haproxy.cfg, not YAML");
    let formatting = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(formatting, Value::Null, "halint fmt does not format YAML");

    // The fix-all edits sent back as changes: only the finding without a fix is left.
    client.change_by_edits(&uri, 2, fix_all);
    assert_eq!(rules(&client.diagnostics(2)), ["invalid-proxy-name"]);

    // YAML that carries no HAProxy gets nothing, even with a key written twice (a walk skips it).
    let other = format!("file://{}/workflow.yml", dir.display());
    client.open(&other, "yaml", "on: push\non: pull_request\n");
    assert_eq!(client.diagnostics(1), json!([]));
    client.finish(&dir);
}
