//! The rules of `shared/spec/manifest.md` as a table (`testdata/schema-rules/cases.json`):
//! each case changes one value of a complete valid manifest and says whether the platform
//! accepts the result. The verdicts were cross-checked against the platform's own schemas.

use std::collections::HashMap;

use extpack::source::{ExtensionSource, Lookup, SourceError};
use serde_json::Value;

use crate::common::root;

/// An extension that exists only in memory: just its manifest.
struct ManifestOnly(Vec<u8>);

impl ExtensionSource for ManifestOnly {
    fn display_root(&self) -> &str {
        "case"
    }
    fn display_path(&self, relative: &str) -> String {
        format!("case/{relative}")
    }
    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        if relative == "extension.json" {
            Ok(self.0.clone())
        } else {
            Err(SourceError::NotFound(relative.to_owned()))
        }
    }
    fn lookup(&self, relative: &str) -> Lookup {
        match relative {
            "extension.json" => Lookup::File,
            "" => Lookup::Dir,
            _ => Lookup::Missing { case_variant: None },
        }
    }
    fn files_under(&self, _dir: &str, _skip_dirs: &[&str]) -> Vec<String> {
        Vec::new()
    }
    fn nested_manifests(&self) -> Vec<String> {
        Vec::new()
    }
}

fn read_json(relative: &str) -> Value {
    let text = std::fs::read_to_string(root().join(relative)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Sets (or, with `None`, removes) the value at a JSON Pointer, creating it if absent.
fn apply(document: &mut Value, pointer: &str, value: Option<Value>) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let last = last.replace("~1", "/").replace("~0", "~");
    let target = document
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent for {pointer}"));
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(last, v);
        }
        (Value::Object(map), None) => {
            map.shift_remove(&last);
        }
        (Value::Array(items), Some(v)) => {
            let i: usize = last.parse().unwrap();
            if i < items.len() {
                items[i] = v;
            } else {
                items.push(v);
            }
        }
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().unwrap());
        }
        (other, _) => panic!("{pointer}: parent is {other}"),
    }
}

/// The manifest and schema codes (EP0xx, EP1xx) reported for a manifest. The extension exists
/// only in memory, so the checks of referenced files are left out.
fn codes_for(manifest: &Value) -> Vec<&'static str> {
    let bytes = serde_json::to_vec_pretty(manifest).unwrap();
    let report = extpack::check_source(&ManifestOnly(bytes)).unwrap();
    report
        .diagnostics
        .iter()
        .map(|d| d.code())
        .filter(|c| c.starts_with("EP0") || c.starts_with("EP1"))
        .collect()
}

#[test]
fn base_manifests_are_valid() {
    for platform in ["web", "edge", "mobile"] {
        let base = read_json(&format!("testdata/schema-rules/base-{platform}.json"));
        assert_eq!(codes_for(&base), Vec::<&str>::new(), "base-{platform}.json");
    }
}

#[test]
fn every_rule_of_the_spec_accepts_and_rejects_like_the_platform() {
    let cases = read_json("testdata/schema-rules/cases.json");
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut bases: HashMap<String, Value> = HashMap::new();
    let mut failures = Vec::new();
    let mut seen = HashMap::<(String, bool), usize>::new();
    for case in cases {
        let platform = case["platform"].as_str().unwrap().to_owned();
        let pointer = case["pointer"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        let base = bases
            .entry(platform.clone())
            .or_insert_with(|| read_json(&format!("testdata/schema-rules/base-{platform}.json")));
        let mut manifest = base.clone();
        let value = if case["remove"] == Value::Bool(true) {
            None
        } else {
            Some(case["value"].clone())
        };
        apply(&mut manifest, pointer, value);
        let codes = codes_for(&manifest);
        *seen.entry((platform.clone(), valid)).or_default() += 1;
        if codes.is_empty() != valid {
            failures.push(format!(
                "{platform} {pointer} = {} ({}): expected {}, got {codes:?}",
                case.get("value")
                    .map_or("<removed>".to_owned(), Value::to_string),
                case["rule"].as_str().unwrap_or(""),
                if valid { "accepted" } else { "rejected" },
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for platform in ["web", "edge", "mobile"] {
        for valid in [true, false] {
            assert!(
                seen.get(&(platform.to_owned(), valid))
                    .copied()
                    .unwrap_or(0)
                    >= 10,
                "too few {platform} cases with valid={valid}"
            );
        }
    }
}
