//! The manifest schemas bundled in the binary (`schemas/*.json`), one per platform, each
//! compiled at most once per process and only when an extension of that platform is checked.

use std::sync::LazyLock;

use jsonschema::{PatternOptions, Validator};
use serde_json::Value;

pub mod formats;

use crate::platform::Platform;

/// A bundled schema: its text, parsed document and compiled validator.
pub struct BundledSchema {
    pub text: &'static str,
    pub document: Value,
    pub validator: Validator,
}

/// How many backtracking steps a schema pattern may take on one value: a guard against
/// pathological patterns, far above what the bundled patterns need.
pub const BACKTRACK_LIMIT: usize = 100_000;

const WEB: &str = include_str!("../../schemas/extension-package-web.json");
const EDGE: &str = include_str!("../../schemas/extension-package-edge.json");
const MOBILE: &str = include_str!("../../schemas/extension-package-mobile.json");

static WEB_SCHEMA: LazyLock<BundledSchema> = LazyLock::new(|| compile(WEB));
static EDGE_SCHEMA: LazyLock<BundledSchema> = LazyLock::new(|| compile(EDGE));
static MOBILE_SCHEMA: LazyLock<BundledSchema> = LazyLock::new(|| compile(MOBILE));

/// The text of a platform's schema, as printed by `extpack schema`.
pub fn text(platform: Platform) -> &'static str {
    match platform {
        Platform::Web => WEB,
        Platform::Edge => EDGE,
        Platform::Mobile => MOBILE,
    }
}

/// The compiled schema of a platform.
pub fn get(platform: Platform) -> &'static BundledSchema {
    match platform {
        Platform::Web => &WEB_SCHEMA,
        Platform::Edge => &EDGE_SCHEMA,
        Platform::Mobile => &MOBILE_SCHEMA,
    }
}

#[expect(
    clippy::expect_used,
    reason = "the bundled schemas are constants of the binary; the unit tests compile each one"
)]
fn compile(text: &'static str) -> BundledSchema {
    let document: Value = serde_json::from_str(text).expect("bundled schema is valid JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("email", formats::is_email)
        .with_format("uri", formats::is_uri)
        .with_pattern_options(PatternOptions::fancy_regex().backtrack_limit(BACKTRACK_LIMIT))
        .build(&document)
        .expect("bundled schema compiles");
    BundledSchema {
        text,
        document,
        validator,
    }
}

/// Follows local `$ref`s (`#/definitions/x`) from a schema node to the node that defines it.
pub fn resolve<'a>(document: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| document.pointer(p))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// The schema node that describes the value at a JSON Pointer of a manifest (the first of
/// [`nodes_at`]). `None` where the schema says nothing.
pub fn node_at<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    nodes_at(document, pointer).into_iter().next()
}

/// Every schema node that may describe the value at a JSON Pointer: through `properties`,
/// `additionalProperties`, `items` and each alternative of `oneOf`, `anyOf` and `allOf`,
/// `$ref`s followed.
pub fn nodes_at<'a>(document: &'a Value, pointer: &str) -> Vec<&'a Value> {
    let mut nodes = vec![document];
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let mut next = Vec::new();
        for node in nodes {
            children(document, node, &token, 0, &mut next);
        }
        nodes = next;
    }
    nodes
}

fn children<'a>(
    document: &'a Value,
    node: &'a Value,
    token: &str,
    depth: usize,
    out: &mut Vec<&'a Value>,
) {
    let node = resolve(document, node);
    if depth > 8 {
        return;
    }
    let before = out.len();
    if let Some(found) = node.get("properties").and_then(|p| p.get(token)) {
        out.push(found);
    }
    if let Some(items) = node.get("items").filter(|i| i.is_object())
        && token.bytes().all(|b| b.is_ascii_digit())
    {
        out.push(items);
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        for branch in node
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            children(document, branch, token, depth + 1, out);
        }
    }
    if out.len() == before
        && let Some(additional) = node.get("additionalProperties").filter(|a| a.is_object())
    {
        out.push(additional);
    }
}

/// The keys an object node allows, each with its node, in the schema's order (alternatives'
/// keys merged, the first of a name kept).
pub fn properties<'a>(document: &'a Value, node: &'a Value) -> Vec<(&'a str, &'a Value)> {
    let mut out: Vec<(&str, &Value)> = Vec::new();
    collect_properties(document, node, &mut out, 0);
    out
}

fn collect_properties<'a>(
    document: &'a Value,
    node: &'a Value,
    out: &mut Vec<(&'a str, &'a Value)>,
    depth: usize,
) {
    let node = resolve(document, node);
    if depth > 8 {
        return;
    }
    for (key, value) in node
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if !out.iter().any(|(k, _)| k == key) {
            out.push((key.as_str(), value));
        }
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        for branch in node
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_properties(document, branch, out, depth + 1);
        }
    }
}

/// A node's `description`, its own or that of the node its `$ref` names.
pub fn description<'a>(document: &'a Value, node: &'a Value) -> Option<&'a str> {
    node.get("description")
        .or_else(|| resolve(document, node).get("description"))
        .and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_found_by_pointer_through_refs_and_arrays() {
        let document = &get(Platform::Web).document;
        let version = node_at(document, "/version").unwrap();
        assert!(
            description(document, version)
                .unwrap()
                .starts_with("a semantic version")
        );
        let lib = node_at(document, "/actions/0/libPath").unwrap();
        assert!(description(document, lib).is_some());
        assert!(node_at(document, "/nope").is_none());
        let feature = node_at(document, "/actions/3").unwrap();
        let keys: Vec<&str> = properties(document, feature)
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert!(
            keys.contains(&"libPath") && keys.contains(&"viewPath"),
            "{keys:?}"
        );
    }

    #[test]
    fn every_bundled_schema_compiles_and_is_draft_04() {
        for platform in Platform::ALL {
            let schema = get(platform);
            assert_eq!(
                schema.document["$schema"], "http://json-schema.org/draft-04/schema#",
                "{platform}"
            );
            assert!(
                jsonschema::draft4::meta::is_valid(&schema.document),
                "{platform}"
            );
        }
    }
}
