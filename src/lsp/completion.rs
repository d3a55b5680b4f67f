//! Completion in extension.json from the bundled schema of the manifest's platform: the keys
//! an object allows (those it has already left out) and the values an enum allows. The text
//! is usually half-typed, so the place of the cursor comes from a lenient scan of the text
//! before it, not from a parser.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse};
use serde_json::Value;

use super::features::{is_manifest, parse, platform_of};
use super::position::{LineIndex, uri_to_path};
use super::workspace::Workspace;
use crate::manifest::pointer;
use crate::platform::Platform;
use crate::schemas;

pub fn completion(workspace: &Workspace, params: &CompletionParams) -> Option<CompletionResponse> {
    let at = &params.text_document_position;
    let path = uri_to_path(&at.text_document.uri)?;
    if !is_manifest(&path) {
        return None;
    }
    let text = workspace.text_of(&path)?;
    let offset = LineIndex::new(&text).offset(at.position);
    let manifest = parse(&path, &text);
    let platform = match &manifest {
        Some(manifest) => platform_of(manifest),
        None => platform_in(&text),
    };
    let items = items(&text, offset, platform, manifest.as_ref().map(|m| &m.value));
    Some(CompletionResponse::Array(items))
}

/// The completion items at `offset` of a (possibly half-typed) manifest; `parsed` is its
/// value when it parses, whose objects tell which keys are there after the cursor too.
pub fn items(
    text: &str,
    offset: usize,
    platform: Platform,
    parsed: Option<&Value>,
) -> Vec<CompletionItem> {
    let mut place = Place::of(text.get(..offset).unwrap_or(text));
    if let (Expecting::Key { present }, Some(object)) = (
        &mut place.expecting,
        parsed
            .and_then(|v| v.pointer(&place.container))
            .and_then(Value::as_object),
    ) {
        present.extend(object.keys().cloned());
    }
    let document = &schemas::get(platform).document;
    let quote = |s: &str| {
        if place.in_string {
            s.to_owned()
        } else {
            format!("\"{s}\"")
        }
    };
    match place.expecting {
        Expecting::Key { present } => {
            let Some(node) = schemas::node_at(document, &place.container) else {
                return Vec::new();
            };
            schemas::properties(document, node)
                .into_iter()
                .filter(|(key, _)| !present.iter().any(|p| p == key))
                .map(|(key, node)| CompletionItem {
                    label: key.to_owned(),
                    kind: Some(CompletionItemKind::PROPERTY),
                    detail: schemas::description(document, node).map(str::to_owned),
                    insert_text: Some(if place.in_string {
                        key.to_owned()
                    } else {
                        format!("{}: ", quote(key))
                    }),
                    ..CompletionItem::default()
                })
                .collect()
        }
        Expecting::Value(value_pointer) => {
            let values: Vec<String> = if value_pointer == "/platform" {
                Platform::ALL
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .collect()
            } else {
                let mut values: Vec<String> = Vec::new();
                for node in schemas::nodes_at(document, &value_pointer) {
                    let node = schemas::resolve(document, node);
                    for v in node
                        .get("enum")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(v) = v.as_str()
                            && !values.iter().any(|known| known == v)
                        {
                            values.push(v.to_owned());
                        }
                    }
                }
                values
            };
            values
                .into_iter()
                .map(|v| CompletionItem {
                    insert_text: Some(quote(&v)),
                    label: v,
                    kind: Some(CompletionItemKind::ENUM_MEMBER),
                    ..CompletionItem::default()
                })
                .collect()
        }
    }
}

/// The platform a half-typed manifest names (`"platform": "edge"`), web when none.
fn platform_in(text: &str) -> Platform {
    let Some(at) = text.find("\"platform\"") else {
        return Platform::Web;
    };
    let rest = text[at + "\"platform\"".len()..].trim_start();
    rest.strip_prefix(':')
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('"'))
        .and_then(|r| r.split('"').next())
        .and_then(Platform::from_name)
        .unwrap_or(Platform::Web)
}

#[derive(Debug, PartialEq)]
enum Expecting {
    /// A key of the container, which already has `present`.
    Key { present: Vec<String> },
    /// The value at this pointer.
    Value(String),
}

/// Where the cursor is: in which object or array, expecting what.
#[derive(Debug)]
struct Place {
    container: String,
    expecting: Expecting,
    in_string: bool,
}

enum Frame {
    Object {
        key: Option<String>,
        after_colon: bool,
        keys: Vec<String>,
    },
    Array {
        index: usize,
    },
}

impl Place {
    /// Scans `before` (the text up to the cursor), never panicking on any text.
    fn of(before: &str) -> Place {
        let bytes = before.as_bytes();
        let mut stack: Vec<Frame> = Vec::new();
        let mut in_string = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'"' => {
                    let start = i + 1;
                    let mut end = start;
                    let mut closed = false;
                    while let Some(&c) = bytes.get(end) {
                        match c {
                            b'\\' => end += 2,
                            b'"' => {
                                closed = true;
                                break;
                            }
                            _ => end += 1,
                        }
                    }
                    if !closed {
                        in_string = true;
                        break;
                    }
                    if let Some(Frame::Object {
                        key,
                        after_colon: false,
                        keys,
                    }) = stack.last_mut()
                    {
                        let raw = before.get(i..=end).unwrap_or("\"\"");
                        let decoded: String = serde_json::from_str(raw)
                            .unwrap_or_else(|_| raw.trim_matches('"').to_owned());
                        keys.push(decoded.clone());
                        *key = Some(decoded);
                    }
                    i = end + 1;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = before[i..].find('\n').map_or(bytes.len(), |n| i + n);
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = before[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |n| i + 2 + n + 2);
                }
                b'{' => {
                    stack.push(Frame::Object {
                        key: None,
                        after_colon: false,
                        keys: Vec::new(),
                    });
                    i += 1;
                }
                b'[' => {
                    stack.push(Frame::Array { index: 0 });
                    i += 1;
                }
                b'}' | b']' => {
                    stack.pop();
                    i += 1;
                }
                b':' => {
                    if let Some(Frame::Object { after_colon, .. }) = stack.last_mut() {
                        *after_colon = true;
                    }
                    i += 1;
                }
                b',' => {
                    match stack.last_mut() {
                        Some(Frame::Object {
                            key, after_colon, ..
                        }) => {
                            *key = None;
                            *after_colon = false;
                        }
                        Some(Frame::Array { index }) => *index += 1,
                        None => {}
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        let mut container = String::new();
        if let Some((_, outer)) = stack.split_last() {
            for frame in outer {
                match frame {
                    Frame::Object { key, .. } => {
                        container = pointer::push(&container, key.as_deref().unwrap_or(""));
                    }
                    Frame::Array { index } => {
                        container = pointer::push(&container, &index.to_string());
                    }
                }
            }
        }
        let expecting = match stack.last() {
            Some(Frame::Object {
                key: Some(key),
                after_colon: true,
                ..
            }) => Expecting::Value(pointer::push(&container, key)),
            Some(Frame::Object { keys, .. }) => Expecting::Key {
                present: keys.clone(),
            },
            Some(Frame::Array { index }) => {
                Expecting::Value(pointer::push(&container, &index.to_string()))
            }
            None => Expecting::Key {
                present: Vec::new(),
            },
        };
        Place {
            container,
            expecting,
            in_string,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        items(&text, offset, Platform::Web, None)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn keys_of_the_object_under_the_cursor_that_it_lacks() {
        let top = labels("{\n  \"name\": \"x\",\n  \"|\n}");
        assert!(top.contains(&"version".to_owned()), "{top:?}");
        assert!(!top.contains(&"name".to_owned()));
        let action = labels("{\"actions\": [{\"name\": \"a\"}, {\"name\": \"b\", |}]}");
        assert!(action.contains(&"libPath".to_owned()), "{action:?}");
        assert!(!action.contains(&"name".to_owned()));
    }

    #[test]
    fn values_of_an_enum_and_the_platforms() {
        assert_eq!(labels("{\"platform\": \"|"), ["web", "edge", "mobile"]);
        let author = labels("{\"actions\": [{\"transforms\": [{\"type\": |");
        assert!(author.contains(&"function".to_owned()), "{author:?}");
    }

    #[test]
    fn the_platform_of_a_half_typed_manifest() {
        assert_eq!(platform_in("{\"platform\" : \"edge\", \"x"), Platform::Edge);
        assert_eq!(platform_in("{\"platform\": 1"), Platform::Web);
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in ["", "\"", "}}]]", "{\"a\\", "[,,,", "{/*", "{//"] {
            let _ = Place::of(text);
        }
    }
}
