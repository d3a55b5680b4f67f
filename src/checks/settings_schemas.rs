//! Every embedded settings `schema` (of the configuration and of each feature) is a valid JSON
//! Schema of the draft its `$schema` names (draft-04 when absent). An invalid one passes the
//! upload but breaks the extension's views in the UI later.
//!
//! Patterns in settings schemas are ECMAScript regular expressions run by the browser: they are
//! not compiled here (a pattern such as `^{{([^}]+)}}$` is valid JavaScript but not valid for
//! Rust's engines), so no pattern is ever reported as invalid.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::{Check, Context};
use crate::diag::text::compact;
use crate::diag::{Diagnostic, Rule, codes};
use crate::manifest::{Manifest, json_type_phrase, pointer};
use crate::references::FEATURE_TYPES;

/// Meta-validates the embedded settings schemas.
pub struct SettingsSchemasCheck;

impl Check for SettingsSchemasCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP309, &codes::EP310];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let m = cx.manifest;
        let mut owners = vec!["/configuration".to_owned()];
        for feature_type in FEATURE_TYPES {
            if let Some(Value::Array(features)) = m.get(&format!("/{feature_type}")) {
                owners.extend((0..features.len()).map(|i| format!("/{feature_type}/{i}")));
            }
        }
        let mut out = Vec::new();
        for owner in owners {
            let at = format!("{owner}/schema");
            if let Some(schema @ Value::Object(_)) = m.get(&at) {
                check_schema(m, &at, schema, &mut out);
            }
        }
        out
    }
}

/// The JSON Schema drafts a settings schema may declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Draft {
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
    Draft202012,
}

impl Draft {
    fn from_uri(uri: &str) -> Option<Draft> {
        let uri = uri.trim_end_matches('#');
        let uri = uri
            .strip_prefix("http://")
            .or_else(|| uri.strip_prefix("https://"))?;
        Some(match uri {
            "json-schema.org/draft-04/schema" => Draft::Draft4,
            "json-schema.org/draft-06/schema" => Draft::Draft6,
            "json-schema.org/draft-07/schema" => Draft::Draft7,
            "json-schema.org/draft/2019-09/schema" => Draft::Draft201909,
            "json-schema.org/draft/2020-12/schema" => Draft::Draft202012,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Draft::Draft4 => "draft-04",
            Draft::Draft6 => "draft-06",
            Draft::Draft7 => "draft-07",
            Draft::Draft201909 => "2019-09",
            Draft::Draft202012 => "2020-12",
        }
    }

    fn errors<'a>(self, schema: &'a Value) -> Vec<ValidationError<'a>> {
        match self {
            Draft::Draft4 => jsonschema::draft4::meta::validator()
                .iter_errors(schema)
                .map(ValidationError::to_owned)
                .collect(),
            Draft::Draft6 => jsonschema::draft6::meta::validator()
                .iter_errors(schema)
                .map(ValidationError::to_owned)
                .collect(),
            Draft::Draft7 => jsonschema::draft7::meta::validator()
                .iter_errors(schema)
                .map(ValidationError::to_owned)
                .collect(),
            Draft::Draft201909 => jsonschema::draft201909::meta::validator()
                .iter_errors(schema)
                .map(ValidationError::to_owned)
                .collect(),
            Draft::Draft202012 => jsonschema::draft202012::meta::validator()
                .iter_errors(schema)
                .map(ValidationError::to_owned)
                .collect(),
        }
    }
}

fn check_schema(m: &Manifest, at: &str, schema: &Value, out: &mut Vec<Diagnostic>) {
    let owner = pointer::display(pointer::parent(at).unwrap_or(""));
    let draft = match schema.get("$schema") {
        None => Draft::Draft4,
        Some(Value::String(uri)) => match Draft::from_uri(uri) {
            Some(d) => d,
            None => {
                let schema_at = format!("{at}/$schema");
                out.push(
                    Diagnostic::new(
                        &codes::EP310,
                        m.file.name(),
                        format!("the settings schema of `{owner}` declares an unknown draft `{uri}`, so it was not checked"),
                    )
                    .at_pointer(m, &schema_at, "unknown JSON Schema draft")
                    .help("use `http://json-schema.org/draft-04/schema#` (the platform's examples use draft-04), or another published draft: draft-06, draft-07, 2019-09, 2020-12"),
                );
                return;
            }
        },
        // Not a string: the meta-schema reports it.
        Some(_) => Draft::Draft4,
    };
    for error in draft.errors(schema) {
        if matches!(error.kind(), ValidationErrorKind::Format { format } if format == "regex") {
            continue;
        }
        let inner = error.instance_path().as_str().to_owned();
        let full = format!("{at}{inner}");
        let value = m.get(&full).unwrap_or(&Value::Null);
        let where_ = if inner.is_empty() {
            "the schema itself".to_owned()
        } else {
            format!("`{}`", pointer::display(&inner))
        };
        let what = explain(&error, value);
        out.push(
            Diagnostic::new(
                &codes::EP309,
                m.file.name(),
                format!(
                    "the settings schema of `{owner}` is not a valid {} JSON Schema: {where_} {what}",
                    draft.name()
                ),
            )
            .at_pointer(m, &full, what.clone())
            .help("an error although the platform accepts the upload: the views validate settings with this schema in the browser, so the extension breaks there. See the JSON Schema specification of that draft (json-schema.org)"),
        );
    }
}

/// What a meta-schema error means, in words.
fn explain(error: &ValidationError<'_>, value: &Value) -> String {
    let found = || format!("found {} `{}`", json_type_phrase(value), compact(value));
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            format!("must be {}; {}", type_words(&format!("{kind:?}")), found())
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::Enum { .. }
            if pointer::last_token(error.instance_path().as_str()).as_deref() == Some("type") =>
        {
            format!(
                "must be a JSON type name (`string`, `number`, `integer`, `boolean`, `object`, `array`, `null`) or a list of them; {}",
                found()
            )
        }
        ValidationErrorKind::Enum { options } => format!("must be one of {options}; {}", found()),
        ValidationErrorKind::MinItems { limit } => {
            format!(
                "must have at least {}; {}",
                crate::diag::text::counted(*limit, "item", "items"),
                found()
            )
        }
        ValidationErrorKind::UniqueItems => format!("must not repeat items; {}", found()),
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}; {}", found()),
        ValidationErrorKind::Required { property } => format!("lacks the required key {property}"),
        ValidationErrorKind::Format { format } => format!("must be a valid {format}; {}", found()),
        other => format!(
            "does not satisfy the meta-schema's `{}` rule; {}",
            other.keyword(),
            found()
        ),
    }
}

fn type_words(debug: &str) -> String {
    let names: Vec<&str> = [
        "string", "number", "integer", "boolean", "object", "array", "null",
    ]
    .into_iter()
    .filter(|t| debug.to_ascii_lowercase().contains(t))
    .collect();
    match names.as_slice() {
        [] => "another type".to_owned(),
        [one] => format!("of type {one}"),
        many => format!("of type {}", many.join(" or ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_published_drafts() {
        assert_eq!(
            Draft::from_uri("http://json-schema.org/draft-04/schema#"),
            Some(Draft::Draft4)
        );
        assert_eq!(
            Draft::from_uri("https://json-schema.org/draft/2020-12/schema"),
            Some(Draft::Draft202012)
        );
        assert_eq!(
            Draft::from_uri("http://json-schema.org/draft-05/schema#"),
            None
        );
        assert_eq!(Draft::from_uri("http://example.com/schema"), None);
    }
}
