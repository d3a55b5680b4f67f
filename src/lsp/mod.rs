//! `extpack lsp`: a language server over standard input and output (`lsp-server`, the
//! synchronous scaffold rust-analyzer is built on, and `lsp-types`).
//!
//! - `workspace.rs`: the open documents, the extensions they belong to, and checking one
//!   extension from the unsaved buffers and the disk;
//! - `publish.rs`: findings as the protocol's diagnostics (UTF-16 ranges), per file;
//! - `features.rs`: quick fixes (the findings' fixes), hover, go to definition;
//! - `completion.rs`: keys and enum values from the bundled schema;
//! - `position.rs`: byte offsets ↔ positions, `file:` URIs ↔ paths.
//!
//! The loop takes every message that is waiting before it checks: a burst of keystrokes is
//! one check of the extension, not one per keystroke. Requests are answered from a check of
//! the buffers as they are when the request comes.

mod completion;
mod features;
mod position;
mod publish;
mod workspace;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, HoverProviderCapability, OneOf, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use position::uri_to_path;
use workspace::{Document, Workspace};

/// The language server could not go on.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("the language client broke the protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("cannot talk to the language client: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot encode a message: {0}")]
    Json(#[from] serde_json::Error),
}

/// Serves one client over standard input and output until it exits. Returns the exit code:
/// 0 after `shutdown` and `exit`, 1 when the client exits without `shutdown` or goes away.
pub fn run() -> Result<u8, LspError> {
    let (connection, io_threads) = Connection::stdio();
    let code = serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(code)
}

/// What the server offers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), ":".to_owned()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The session on an open connection.
pub fn serve(connection: &Connection) -> Result<u8, LspError> {
    let client = connection.initialize(serde_json::to_value(capabilities())?)?;
    let mut server = Server {
        connection,
        workspace: Workspace::default(),
        dirty: BTreeSet::new(),
    };
    if client
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(serde_json::Value::as_bool)
        == Some(true)
    {
        server.watch_files();
    }
    while let Ok(message) = connection.receiver.recv() {
        let mut next = Some(message);
        while let Some(message) = next.take() {
            if let Some(code) = server.handle(message)? {
                return Ok(code);
            }
            next = connection.receiver.try_recv().ok();
        }
        server.check_dirty()?;
    }
    // The client went away without `exit`.
    Ok(1)
}

struct Server<'a> {
    connection: &'a Connection,
    workspace: Workspace,
    /// Extensions to check before the next answer or when no message is waiting.
    dirty: BTreeSet<PathBuf>,
}

impl Server<'_> {
    /// Handles one message; `Some(code)` when the session is over.
    fn handle(&mut self, message: Message) -> Result<Option<u8>, LspError> {
        match message {
            Message::Request(request) => {
                if self.connection.handle_shutdown(&request)? {
                    return Ok(Some(0));
                }
                self.check_dirty()?;
                let response = self.answer(request);
                self.connection.sender.send(response.into()).ok();
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(Some(1));
                }
                self.notified(notification);
            }
            Message::Response(_) => {}
        }
        Ok(None)
    }

    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        let ws = &self.workspace;
        let result = match request.method.as_str() {
            "textDocument/hover" => parse(request).map(|p| json(features::hover(ws, &p))),
            "textDocument/definition" => parse(request).map(|p| json(features::definition(ws, &p))),
            "textDocument/completion" => {
                parse(request).map(|p| json(completion::completion(ws, &p)))
            }
            "textDocument/codeAction" => {
                parse(request).map(|p| json(features::code_actions(ws, &p)))
            }
            other => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("extpack does not answer `{other}`"),
                );
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    fn notified(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        match method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params) {
                    let doc = p.text_document;
                    if let Some(path) = uri_to_path(&doc.uri) {
                        self.workspace.documents.insert(
                            path.clone(),
                            Document {
                                uri: doc.uri,
                                version: doc.version,
                                text: doc.text,
                            },
                        );
                        self.touch(&path);
                    }
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                    && let Some(doc) = self.workspace.documents.get_mut(&path)
                    // Full synchronisation: the last change holds the whole text.
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                    self.touch(&path);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(params)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    self.touch(&path);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    self.workspace.documents.remove(&path);
                    self.touch(&path);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(params) {
                    for change in p.changes {
                        if let Some(path) = uri_to_path(&change.uri)
                            && let Some(root) = self.workspace.extension_of(&path)
                            && self.workspace.extensions.contains_key(&root)
                        {
                            self.dirty.insert(root);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Asks the client to report changes to the files an extension is made of, saved by the
    /// editor or not (a build, a checkout): each checks its extension again.
    fn watch_files(&self) {
        let registration = lsp_types::Registration {
            id: "extpack-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(
                lsp_types::DidChangeWatchedFilesRegistrationOptions {
                    watchers: vec![lsp_types::FileSystemWatcher {
                        glob_pattern: lsp_types::GlobPattern::String(
                            "**/*.{js,json,html,toml}".to_owned(),
                        ),
                        kind: None,
                    }],
                },
            )
            .ok(),
        };
        let request = Request::new(
            lsp_server::RequestId::from("extpack-watch".to_owned()),
            "client/registerCapability".to_owned(),
            lsp_types::RegistrationParams {
                registrations: vec![registration],
            },
        );
        self.connection.sender.send(request.into()).ok();
    }

    /// Marks the extension a file belongs to for checking.
    fn touch(&mut self, path: &std::path::Path) {
        if let Some(root) = self.workspace.extension_of(path) {
            self.dirty.insert(root);
        }
    }

    /// Checks every extension marked, and publishes what changed.
    fn check_dirty(&mut self) -> Result<(), LspError> {
        for root in std::mem::take(&mut self.dirty) {
            let diagnostics = match self.workspace.check(&root) {
                Ok(diagnostics) => diagnostics,
                Err(e) => {
                    log(&format!("cannot check `{}`: {e}", root.display()));
                    Vec::new()
                }
            };
            let previously = self
                .workspace
                .extensions
                .get(&root)
                .map(|c| c.published.clone())
                .unwrap_or_default();
            let (params, published) =
                publish::publications(&self.workspace, &root, &diagnostics, &previously);
            for p in params {
                let n = Notification::new("textDocument/publishDiagnostics".to_owned(), p);
                self.connection.sender.send(n.into()).ok();
            }
            let checked = self.workspace.extensions.entry(root).or_default();
            checked.diagnostics = diagnostics;
            checked.published = published;
        }
        Ok(())
    }
}

fn parse<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, String> {
    serde_json::from_value(request.params).map_err(|e| format!("invalid parameters: {e}"))
}

fn json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A line on standard error, which editors show in the server's log.
fn log(text: &str) {
    let _ = writeln!(std::io::stderr(), "extpack lsp: {text}");
}
