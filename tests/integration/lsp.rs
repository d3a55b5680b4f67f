//! `extpack lsp`: a whole conversation with the binary over standard input and output, as an
//! editor holds it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{copy_dir, root};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A language client speaking to `extpack lsp`.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("extpack"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .messages
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no answer to {method}"));
            if message["id"] == json!(id) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(is_it) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .messages
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no diagnostics for {uri}; got {:?}", self.pending));
            if is_it(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.pending.push(message);
        }
    }

    fn exit_code(mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// The position (line, UTF-16 column) of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].encode_utf16().count())
}

fn range(text: &str, needle: &str) -> Value {
    let (line, start) = position(text, needle);
    json!({
        "start": {"line": line, "character": start},
        "end": {"line": line, "character": start + needle.encode_utf16().count()}
    })
}

fn open(client: &mut Client, path: &Path, text: &str, version: i32) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(path), "languageId": "json", "version": version, "text": text}}),
    );
}

fn change(client: &mut Client, path: &Path, text: &str, version: i32) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[cfg(unix)]
#[test]
fn a_whole_editing_session_over_stdio() {
    // A monorepo of two extensions.
    let workspace = tempfile::tempdir().unwrap();
    let workspace = workspace.path().canonicalize().unwrap();
    let a = workspace.join("ext a");
    let b = workspace.join("ext-b");
    copy_dir(&root().join("testdata/fixes/EP101/after"), &a);
    copy_dir(&root().join("testdata/fixes/EP101/after"), &b);
    std::fs::write(
        b.join("src/lib/actions/sendBeacon.js"),
        "var x = require('./missing');\nmodule.exports = x;\n",
    )
    .unwrap();
    let manifest_a = a.join("extension.json");
    let on_disk = std::fs::read_to_string(&manifest_a).unwrap();

    let mut client = Client::start();
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&workspace), "capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
        }}),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["hoverProvider"], true, "{init}");
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["codeActionProvider"], true);
    assert!(caps["completionProvider"].is_object());
    client.notify("initialized", json!({}));
    // The server asks to hear of changes to the extensions' files.
    let deadline = Instant::now() + TIMEOUT;
    let registration = loop {
        if let Some(i) = client
            .pending
            .iter()
            .position(|m| m["method"] == "client/registerCapability")
        {
            break client.pending.remove(i);
        }
        let m = client
            .messages
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("no client/registerCapability");
        client.pending.push(m);
    };
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let registration_id = registration["id"].clone();
    client.send(&json!({"jsonrpc": "2.0", "id": registration_id, "result": null}));

    // The unsaved buffer has an error the file on disk does not have; an emoji before it on
    // its line makes UTF-16 columns differ from characters and bytes.
    let broken = on_disk.replace(
        "\"platform\": \"web\",",
        "\"description\": \"é😀\", \"platform\": \"Web\",",
    );
    let broken = broken.replace(
        "  \"description\": \"An extension used as a test fixture.\",\n",
        "",
    );
    open(&mut client, &manifest_a, &broken, 1);
    let found = client.diagnostics_for(&uri(&manifest_a));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EP101");
    assert_eq!(found[0]["source"], "extpack");
    assert_eq!(found[0]["severity"], 1);
    assert_eq!(found[0]["range"], range(&broken, "\"Web\""));

    // The quick fix is a workspace edit of that range.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&manifest_a)}, "range": found[0]["range"],
               "context": {"diagnostics": found}}),
    );
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(
        actions[0]["edit"]["changes"][uri(&manifest_a)],
        json!([{"range": range(&broken, "\"Web\""), "newText": "\"web\""}])
    );

    // Hover on a key: the schema's description; on the finding: its code.
    let (line, character) = position(&broken, "\"version\"");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&manifest_a)}, "position": {"line": line, "character": character + 2}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("`version`: a semantic version"), "{text}");
    let (line, character) = position(&broken, "\"Web\"");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&manifest_a)}, "position": {"line": line, "character": character + 1}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**EP101** unknown-platform"), "{text}");

    // Go to definition on a libPath opens the file.
    let (line, character) = position(&broken, "src/lib/actions/sendBeacon.js");
    let target = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&manifest_a)}, "position": {"line": line, "character": character + 3}}),
    );
    assert_eq!(target["uri"], uri(&a.join("src/lib/actions/sendBeacon.js")));

    // Completion of the keys the object lacks, from the schema.
    let (line, _) = position(&broken, "\"name\": \"fixture-extension\"");
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&manifest_a)}, "position": {"line": line, "character": 0}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"iconPath"), "{labels:?}");
    assert!(!labels.contains(&"name"), "{labels:?}");

    // A change that fixes it clears the diagnostics.
    change(&mut client, &manifest_a, &on_disk, 2);
    assert_eq!(
        client.diagnostics_for(&uri(&manifest_a)),
        Vec::<Value>::new()
    );

    // Half-typed JSON: the parse finding, and the server keeps serving.
    change(&mut client, &manifest_a, "{\n  \"name\": ", 3);
    let found = client.diagnostics_for(&uri(&manifest_a));
    assert_eq!(found[0]["code"], "EP002", "{found:?}");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&manifest_a)}, "position": {"line": 1, "character": 4}}),
    );
    assert!(hover.is_null() || hover["contents"].is_object(), "{hover}");

    // The second extension of the workspace is its own: its library file's require finding
    // is published for the JavaScript file.
    let manifest_b = b.join("extension.json");
    let text_b = std::fs::read_to_string(&manifest_b).unwrap();
    open(&mut client, &manifest_b, &text_b, 1);
    let js = client.diagnostics_for(&uri(&b.join("src/lib/actions/sendBeacon.js")));
    assert_eq!(js.len(), 1, "{js:?}");
    assert_eq!(js[0]["code"], "EP301");
    assert_eq!(
        js[0]["range"],
        range("var x = require('./missing');\n", "require('./missing')")
    );
    assert_eq!(
        client.diagnostics_for(&uri(&manifest_b)),
        Vec::<Value>::new()
    );

    // Saving a fixed library file re-checks its extension.
    std::fs::write(
        b.join("src/lib/actions/sendBeacon.js"),
        "module.exports = 1;\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&b.join("src/lib/actions/sendBeacon.js"))}}),
    );
    assert_eq!(
        client.diagnostics_for(&uri(&b.join("src/lib/actions/sendBeacon.js"))),
        Vec::<Value>::new()
    );

    // A library file changed outside the editor (a build): the watched-files notification
    // checks its extension again.
    std::fs::write(
        b.join("src/lib/actions/sendBeacon.js"),
        "module.exports = require('./gone');\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&b.join("src/lib/actions/sendBeacon.js")), "type": 2}]}),
    );
    let js = client.diagnostics_for(&uri(&b.join("src/lib/actions/sendBeacon.js")));
    assert_eq!(js.len(), 1, "{js:?}");
    assert_eq!(js[0]["code"], "EP301");

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown, Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), Some(1));
}
