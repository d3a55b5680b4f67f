//! A package record of the Reactor API mapped onto the manifest model, so that
//! `diff::compare` reads it as it reads an extension.json.
//!
//! The API writes the top-level attributes in snake_case (`display_name`, `view_base_path`,
//! `data_elements`, `shared_modules`, …) and the delegates (features, the configuration, shared
//! modules) as the manifest gave them (`libPath`, `displayName`), with an `id` of its own. The
//! mapping renames every key outside the settings schemas to camelCase (a camelCase key stays
//! as it is), keeps the top-level keys extension.json has and drops what the API adds (`id`,
//! `cdn_path`, `status`, `availability`, `created_at`, …) and every `null` (the API writes
//! `"configuration": null` for an extension without one). Settings schemas are copied as they
//! are. Every mapped value keeps the span of the value it came from, so findings point into
//! the response.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::manifest::{Manifest, NodeSpan, SpanIndex, pointer};
use crate::references::FEATURE_TYPES;
use crate::versions::parse::JsonText;

/// The top-level keys of extension.json on any platform: the `properties` of the bundled
/// schemas (a unit test keeps the two equal).
const MANIFEST_KEYS: [&str; 20] = [
    "actions",
    "author",
    "conditions",
    "configuration",
    "dataElements",
    "description",
    "displayName",
    "events",
    "exchangeUrl",
    "hostedLibFiles",
    "iconPath",
    "main",
    "name",
    "platform",
    "preprocessingVariables",
    "releaseNotesUrl",
    "repositories",
    "sharedModules",
    "version",
    "viewBasePath",
];

/// The package at `item` (`/data`, `/data/3`) of a response, as a manifest, with where each of
/// its pointers is in the response.
pub(super) fn manifest(
    json: &JsonText,
    document: &Value,
    item: &str,
) -> (Manifest, HashMap<String, String>) {
    let at = pointer::push(item, "attributes");
    let mut mapper = Mapper {
        json,
        spans: Vec::new(),
        file_pointers: HashMap::new(),
    };
    let empty = Map::new();
    let attributes = document
        .pointer(&at)
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let value = mapper.record(attributes, &at);
    let manifest = Manifest {
        file: std::sync::Arc::clone(&json.file),
        value,
        spans: mapper.spans.into_iter().collect::<SpanIndex>(),
    };
    (manifest, mapper.file_pointers)
}

/// `display_name` → `displayName`; a key without `_` is kept.
fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

struct Mapper<'a> {
    json: &'a JsonText,
    spans: Vec<(String, NodeSpan)>,
    file_pointers: HashMap<String, String>,
}

impl Mapper<'_> {
    /// Records that the value at `to` in the manifest is the one at `from` in the response.
    fn note(&mut self, to: &str, from: &str) {
        if let Some(span) = self.json.spans.get(from) {
            self.spans.push((to.to_owned(), span.clone()));
        }
        self.file_pointers.insert(to.to_owned(), from.to_owned());
    }

    /// The top level: the manifest's keys, renamed; the API's own keys dropped.
    fn record(&mut self, attributes: &Map<String, Value>, at: &str) -> Value {
        self.note("", at);
        let mut out = Map::new();
        for (key, value) in attributes {
            let name = camel_case(key);
            if value.is_null() || !MANIFEST_KEYS.contains(&name.as_str()) {
                continue;
            }
            let (from, to) = (pointer::push(at, key), pointer::push("", &name));
            let mapped = if FEATURE_TYPES.contains(&name.as_str()) || name == "sharedModules" {
                self.items(value, &from, &to, Self::delegate)
            } else if name == "configuration" {
                self.delegate(value, &from, &to)
            } else {
                self.verbatim(value, &from, &to)
            };
            out.insert(name, mapped);
        }
        Value::Object(out)
    }

    /// Each item of an array mapped by `map`; anything else as it is.
    fn items(
        &mut self,
        value: &Value,
        from: &str,
        to: &str,
        map: fn(&mut Self, &Value, &str, &str) -> Value,
    ) -> Value {
        let Value::Array(items) = value else {
            return self.verbatim(value, from, to);
        };
        self.note(to, from);
        let mapped = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let index = i.to_string();
                map(
                    self,
                    item,
                    &pointer::push(from, &index),
                    &pointer::push(to, &index),
                )
            })
            .collect();
        Value::Array(mapped)
    }

    /// A feature, the configuration or a shared module: keys renamed, `id` dropped, the
    /// settings schema as it is, each transform's keys renamed.
    fn delegate(&mut self, value: &Value, from: &str, to: &str) -> Value {
        let Value::Object(members) = value else {
            return self.verbatim(value, from, to);
        };
        self.note(to, from);
        let mut out = Map::new();
        for (key, member) in members {
            if member.is_null() || key == "id" {
                continue;
            }
            let name = camel_case(key);
            let (member_from, member_to) = (pointer::push(from, key), pointer::push(to, &name));
            let mapped = if name == "transforms" {
                self.items(member, &member_from, &member_to, Self::renamed_keys)
            } else {
                self.verbatim(member, &member_from, &member_to)
            };
            out.insert(name, mapped);
        }
        Value::Object(out)
    }

    /// An object whose keys are renamed and whose values are kept (a transform).
    fn renamed_keys(&mut self, value: &Value, from: &str, to: &str) -> Value {
        let Value::Object(members) = value else {
            return self.verbatim(value, from, to);
        };
        self.note(to, from);
        let mut out = Map::new();
        for (key, member) in members {
            let name = camel_case(key);
            let mapped =
                self.verbatim(member, &pointer::push(from, key), &pointer::push(to, &name));
            out.insert(name, mapped);
        }
        Value::Object(out)
    }

    /// A value copied as it is, with the place of everything inside it.
    fn verbatim(&mut self, value: &Value, from: &str, to: &str) -> Value {
        self.note(to, from);
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    self.verbatim(member, &pointer::push(from, key), &pointer::push(to, key));
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let index = i.to_string();
                    self.verbatim(
                        item,
                        &pointer::push(from, &index),
                        &pointer::push(to, &index),
                    );
                }
            }
            _ => {}
        }
        value.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Platform;

    fn mapped(text: &str) -> (Manifest, HashMap<String, String>) {
        let file = std::sync::Arc::new(crate::diag::SourceFile::new("r.json", text));
        let (json, value) = JsonText::parse(file).unwrap_or_else(|e| panic!("{e}"));
        manifest(&json, &value, "/data")
    }

    #[test]
    fn the_manifest_keys_are_those_of_the_bundled_schemas() {
        let mut keys = std::collections::BTreeSet::new();
        for platform in Platform::ALL {
            let schema: Value = serde_json::from_str(crate::schemas::text(platform))
                .unwrap_or_else(|e| panic!("{e}"));
            if let Some(properties) = schema["properties"].as_object() {
                keys.extend(properties.keys().cloned());
            }
        }
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), MANIFEST_KEYS);
    }

    #[test]
    fn keys_become_camel_case() {
        assert_eq!(camel_case("display_name"), "displayName");
        assert_eq!(camel_case("hosted_lib_files"), "hostedLibFiles");
        assert_eq!(camel_case("libPath"), "libPath");
        assert_eq!(camel_case("_private"), "_private");
    }

    #[test]
    fn maps_the_record_and_drops_what_the_api_adds() {
        let text = r#"{"data": {"id": "EP1", "attributes": {
  "name": "kessel-test", "version": "1.2.0", "platform": "web",
  "display_name": "Kessel Test", "view_base_path": "dist/", "cdn_path": "https://x",
  "status": "succeeded", "availability": "private", "configuration": null,
  "shared_modules": [{"name": "m", "lib_path": "m.js"}],
  "data_elements": [{"id": "kessel-test::dataElements::cookie", "name": "cookie",
    "displayName": "Cookie", "schema": {"properties": {"max_age": {"type": "integer"}}},
    "transforms": [{"type": "function", "property_path": "code", "parameters": ["event"]}]}]
}}}"#;
        let (m, pointers) = mapped(text);
        let expected: Value = serde_json::json!({
            "name": "kessel-test", "version": "1.2.0", "platform": "web",
            "displayName": "Kessel Test", "viewBasePath": "dist/",
            "sharedModules": [{"name": "m", "libPath": "m.js"}],
            "dataElements": [{"name": "cookie", "displayName": "Cookie",
                "schema": {"properties": {"max_age": {"type": "integer"}}},
                "transforms": [{"type": "function", "propertyPath": "code", "parameters": ["event"]}]}]
        });
        assert_eq!(m.value, expected);
        let at = |p: &str| {
            let l = m.value_location(p);
            (&text[l.range.clone()], l.file.position(l.range.start).line)
        };
        assert_eq!(at("/displayName"), ("\"Kessel Test\"", 3));
        assert_eq!(
            at("/dataElements/0/schema/properties/max_age/type"),
            ("\"integer\"", 7)
        );
        assert_eq!(
            &text[m.key_location("/viewBasePath").range],
            "\"view_base_path\""
        );
        assert_eq!(
            pointers
                .get("/dataElements/0/transforms/0/propertyPath")
                .map(String::as_str),
            Some("/data/attributes/data_elements/0/transforms/0/property_path")
        );
        assert_eq!(
            pointers.get("").map(String::as_str),
            Some("/data/attributes")
        );
    }
}
