//! The server's state and its message handlers.

use super::actions::{code_actions, FIX_ALL};
use super::convert::{diagnostic, text_edits};
use super::document::Document;
use super::position::Encoding;
use super::symbols::{sections, Names};
use super::workspace::Workspace;
use super::Error;
use crate::format::{format_edits, format_range_edits};
use crate::model::Model;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use std::collections::{BTreeSet, HashMap};

/// The server: open documents, settings, what the client can do.
pub struct Server {
    documents: HashMap<String, Document>,
    workspace: Workspace,
    encoding: Encoding,
    /// The client asks for diagnostics (`textDocument/diagnostic`); else they are pushed.
    pull: bool,
    /// Documents whose findings are to be pushed once no message waits.
    dirty: BTreeSet<String>,
}

type Reply = Result<serde_json::Value, (ErrorCode, String)>;

impl Server {
    /// A server for the client that sent `params`.
    pub fn new(params: &InitializeParams) -> Server {
        let caps = &params.capabilities;
        let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_deref());
        let pull = caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
        Server {
            documents: HashMap::new(),
            workspace: Workspace::default(),
            encoding: Encoding::negotiate(offered),
            pull,
            dirty: BTreeSet::new(),
        }
    }

    /// What the server offers.
    pub fn capabilities(&self) -> ServerCapabilities {
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        };
        let actions = CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::from(FIX_ALL)]),
            ..Default::default()
        };
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![" ".to_owned()]),
                ..Default::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(actions)),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_range_formatting_provider: Some(OneOf::Left(true)),
            diagnostic_provider: self.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("halint".to_owned()),
                    ..Default::default()
                })
            }),
            ..Default::default()
        }
    }

    /// Handles messages until `shutdown`.
    pub fn run(&mut self, connection: &Connection) -> Result<(), Error> {
        for message in &connection.receiver {
            match message {
                Message::Request(request) => {
                    match connection.handle_shutdown(&request) {
                        Ok(true) => return Ok(()),
                        Ok(false) => {}
                        // The client hung up after `shutdown` without sending `exit`
                        // (editors quitting do): the session ended all the same.
                        Err(_) if request.method == "shutdown" => return Ok(()),
                        Err(e) => return Err(e.into()),
                    }
                    let id = request.id.clone();
                    let response = match self.request(request) {
                        Ok(value) => Response::new_ok(id, value),
                        Err((code, message)) => Response::new_err(id, code as i32, message),
                    };
                    connection.sender.send(response.into())?;
                }
                Message::Notification(n) => self.notification(n, connection)?,
                Message::Response(_) => {}
            }
            // A burst of keystrokes is linted once, when it is over.
            if connection.receiver.is_empty() {
                self.publish(connection)?;
            }
        }
        Ok(())
    }

    fn notification(&mut self, n: Notification, connection: &Connection) -> Result<(), Error> {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let key = p.text_document.uri.as_str().to_owned();
                let item = p.text_document;
                let doc = Document::new(item.uri, &item.language_id, item.version, item.text);
                self.documents.insert(key.clone(), doc);
                self.dirty.insert(key);
            }
            notif::DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                let key = p.text_document.uri.as_str().to_owned();
                if let Some(doc) = self.documents.get_mut(&key) {
                    let start = std::time::Instant::now();
                    doc.apply_changes(p.text_document.version, p.content_changes, self.encoding);
                    crate::profile::step("lsp: apply changes", start);
                    self.dirty.insert(key);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.documents.remove(p.text_document.uri.as_str());
                self.dirty.remove(p.text_document.uri.as_str());
                if !self.pull {
                    let clear = PublishDiagnosticsParams {
                        uri: p.text_document.uri,
                        diagnostics: vec![],
                        version: None,
                    };
                    send_notification::<notif::PublishDiagnostics>(connection, clear)?;
                }
            }
            // halint.toml may have changed: its modification time is checked on next use.
            _ => {}
        }
        Ok(())
    }

    /// Pushes the findings of changed documents (when the client does not pull them).
    fn publish(&mut self, connection: &Connection) -> Result<(), Error> {
        for key in std::mem::take(&mut self.dirty) {
            if self.pull {
                continue;
            }
            let Some(items) = self.lsp_diagnostics(&key, connection)? else { continue };
            let doc = &self.documents[&key];
            let params = PublishDiagnosticsParams {
                uri: doc.uri.clone(),
                diagnostics: items,
                version: Some(doc.version),
            };
            let start = std::time::Instant::now();
            send_notification::<notif::PublishDiagnostics>(connection, params)?;
            crate::profile::step("lsp: send", start);
        }
        Ok(())
    }

    /// The findings of a document in the protocol's terms.
    fn lsp_diagnostics(
        &mut self,
        key: &str,
        connection: &Connection,
    ) -> Result<Option<Vec<Diagnostic>>, Error> {
        let Some(linter) = self.linter(key, Some(connection))? else { return Ok(None) };
        let encoding = self.encoding;
        let doc = self.documents.get_mut(key).ok_or("document vanished")?;
        let start = std::time::Instant::now();
        let findings = doc.findings(&linter).to_vec();
        crate::profile::step("lsp: lint", start);
        let start = std::time::Instant::now();
        let items =
            findings.iter().map(|d| diagnostic(d, &doc.uri, doc.text(), doc.lines(), encoding)).collect();
        crate::profile::step("lsp: convert", start);
        Ok(Some(items))
    }

    /// The linter for a document, from the halint.toml above it. When that
    /// file changed, every document's findings are recomputed; when it cannot
    /// be read, the user is told (once per change) and defaults apply.
    fn linter(
        &mut self,
        key: &str,
        connection: Option<&Connection>,
    ) -> Result<Option<std::sync::Arc<crate::Linter>>, Error> {
        let Some(doc) = self.documents.get(key) else { return Ok(None) };
        let settings = self.workspace.settings_for(doc.path.as_deref());
        if settings.reloaded {
            for (other, doc) in self.documents.iter_mut() {
                doc.forget_findings();
                if other != key {
                    self.dirty.insert(other.clone());
                }
            }
            if let (Some(error), Some(connection)) = (&settings.error, connection) {
                let message =
                    ShowMessageParams { typ: MessageType::ERROR, message: format!("halint: {error}") };
                send_notification::<notif::ShowMessage>(connection, message)?;
            }
        }
        Ok(Some(settings.linter))
    }

    fn request(&mut self, request: Request) -> Reply {
        let Request { method, params, .. } = request;
        let bad = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        let out = |v: serde_json::Result<serde_json::Value>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match method.as_str() {
            req::DocumentDiagnosticRequest::METHOD => {
                let p: DocumentDiagnosticParams = serde_json::from_value(params).map_err(bad)?;
                let items = self.lsp_diagnostics(p.text_document.uri.as_str(), &dummy()).ok().flatten();
                let report =
                    FullDocumentDiagnosticReport { result_id: None, items: items.unwrap_or_default() };
                let full = RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: report,
                };
                out(serde_json::to_value(DocumentDiagnosticReportResult::Report(
                    DocumentDiagnosticReport::Full(full),
                )))
            }
            req::CodeActionRequest::METHOD => {
                let p: CodeActionParams = serde_json::from_value(params).map_err(bad)?;
                let key = p.text_document.uri.as_str().to_owned();
                let linter = self.linter(&key, None).ok().flatten().ok_or_else(unknown)?;
                let encoding = self.encoding;
                let doc = self.documents.get_mut(&key).ok_or_else(unknown)?;
                let range = doc.lines().span(doc.text(), p.range, encoding);
                out(serde_json::to_value(code_actions(
                    doc,
                    &linter,
                    range,
                    p.context.only.as_deref(),
                    encoding,
                )))
            }
            req::HoverRequest::METHOD => {
                let p: HoverParams = serde_json::from_value(params).map_err(bad)?;
                let at = p.text_document_position_params;
                let encoding = self.encoding;
                let (doc, offset, linter) = self.locate(&at)?;
                let findings = doc.findings(&linter).to_vec();
                let found = match doc.parse() {
                    Some(parse) => super::hover::hover(parse, &findings, offset),
                    None => super::hover::finding_hover(&findings, offset),
                };
                let hover = found.map(|(markdown, span)| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(doc.lines().range(doc.text(), span, encoding)),
                });
                out(serde_json::to_value(hover))
            }
            req::GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = serde_json::from_value(params).map_err(bad)?;
                let at = p.text_document_position_params;
                let encoding = self.encoding;
                let (doc, offset, _) = self.locate(&at)?;
                let spans = names(doc).map(|n| n.definitions(offset)).unwrap_or_default();
                let locations = locations(doc, &spans, encoding);
                out(serde_json::to_value(
                    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)),
                ))
            }
            req::References::METHOD => {
                let p: ReferenceParams = serde_json::from_value(params).map_err(bad)?;
                let encoding = self.encoding;
                let (doc, offset, _) = self.locate(&p.text_document_position)?;
                let spans = names(doc)
                    .map(|n| n.references(offset, p.context.include_declaration))
                    .unwrap_or_default();
                out(serde_json::to_value(locations(doc, &spans, encoding)))
            }
            req::DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = serde_json::from_value(params).map_err(bad)?;
                let encoding = self.encoding;
                let doc = self.documents.get_mut(p.text_document.uri.as_str()).ok_or_else(unknown)?;
                let symbols = document_symbols(doc, encoding);
                out(serde_json::to_value(DocumentSymbolResponse::Nested(symbols)))
            }
            req::Completion::METHOD => {
                let p: CompletionParams = serde_json::from_value(params).map_err(bad)?;
                let (doc, offset, _) = self.locate(&p.text_document_position)?;
                let items = doc.parse().map_or_else(Vec::new, |parse| {
                    let model = Model::build(parse);
                    let names = Names::collect(parse, &model);
                    super::completion::complete(parse, &model, &names, offset)
                });
                out(serde_json::to_value(CompletionResponse::Array(items)))
            }
            req::Formatting::METHOD => {
                let p: DocumentFormattingParams = serde_json::from_value(params).map_err(bad)?;
                self.format(p.text_document.uri.as_str(), None)
            }
            req::RangeFormatting::METHOD => {
                let p: DocumentRangeFormattingParams = serde_json::from_value(params).map_err(bad)?;
                self.format(p.text_document.uri.as_str(), Some(p.range))
            }
            _ => Err((ErrorCode::MethodNotFound, format!("halint does not handle {method}"))),
        }
    }

    /// A document, the byte offset of a position in it, and its linter.
    fn locate(
        &mut self,
        at: &TextDocumentPositionParams,
    ) -> Result<(&mut Document, u32, std::sync::Arc<crate::Linter>), (ErrorCode, String)> {
        let key = at.text_document.uri.as_str();
        let linter = self.linter(key, None).ok().flatten().ok_or_else(unknown)?;
        let encoding = self.encoding;
        let doc = self.documents.get_mut(key).ok_or_else(unknown)?;
        let offset = doc.lines().offset(doc.text(), at.position, encoding);
        Ok((doc, offset, linter))
    }

    /// Document or range formatting; a text with syntax errors gets no
    /// edits but for its other lines, as `halint fmt --force` does.
    fn format(&mut self, key: &str, range: Option<Range>) -> Reply {
        let doc = self.documents.get(key).ok_or_else(unknown)?;
        let options = self.workspace.settings_for(doc.path.as_deref()).format;
        let encoding = self.encoding;
        let doc = self.documents.get_mut(key).ok_or_else(unknown)?;
        let span = range.map(|r| doc.lines().span(doc.text(), r, encoding));
        // A manifest is YAML: `halint fmt` formats haproxy.cfg only.
        let Some(parse) = doc.parse() else { return Ok(serde_json::Value::Null) };
        let edits = match span {
            Some(span) => format_range_edits(parse, &options, span),
            None => format_edits(parse, &options),
        };
        let edits = text_edits(&edits, doc.text(), doc.lines(), encoding);
        serde_json::to_value(edits).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }
}

fn unknown() -> (ErrorCode, String) {
    (ErrorCode::InvalidParams, "document not open".to_owned())
}

/// A connection nobody listens to: pull requests answer in the response,
/// so a notification about halint.toml made on the way is dropped.
fn dummy() -> Connection {
    Connection::memory().0
}

/// The names of a config (`None` for a manifest).
fn names(doc: &mut Document) -> Option<Names> {
    let parse = doc.parse()?;
    Some(Names::collect(parse, &Model::build(parse)))
}

fn locations(doc: &Document, spans: &[crate::span::Span], encoding: Encoding) -> Vec<Location> {
    spans
        .iter()
        .map(|&s| Location { uri: doc.uri.clone(), range: doc.lines().range(doc.text(), s, encoding) })
        .collect()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be named to build one.
fn document_symbols(doc: &mut Document, encoding: Encoding) -> Vec<DocumentSymbol> {
    let symbols = doc.parse().map(sections).unwrap_or_default();
    symbols
        .into_iter()
        .map(|s| DocumentSymbol {
            name: s.title,
            detail: None,
            kind: if s.kind.is_proxy() { SymbolKind::CLASS } else { SymbolKind::NAMESPACE },
            tags: None,
            deprecated: None,
            range: doc.lines().range(doc.text(), s.span, encoding),
            selection_range: doc.lines().range(doc.text(), s.name_span, encoding),
            children: None,
        })
        .collect()
}

fn send_notification<N: lsp_types::notification::Notification>(
    connection: &Connection,
    params: N::Params,
) -> Result<(), Error> {
    connection.sender.send(Message::Notification(Notification::new(N::METHOD.to_owned(), params)))?;
    Ok(())
}
