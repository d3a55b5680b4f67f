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

#[cfg(test)]
mod tests {
    use super::*;

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
