//! The manifest against the platform's bundled schema (`schemas/`), every violation at once,
//! each translated into plain language and placed on the exact key or value.
//!
//! Wording comes from the schema itself: each constraining node has a `description` ("a
//! semantic version …") and `examples`, so messages read "`version` must be a semantic
//! version …; found `1.0`" without a table of phrases to keep in step with the schemas.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::{Check, Context};
use crate::diag::text::{edit_distance, quoted_list, shorten};
use crate::diag::{Diagnostic, Edit, Fix, Rule, codes};
use crate::manifest::{Manifest, json_type_phrase, pointer};
use crate::platform::Platform;
use crate::schemas;

/// Runs the platform's bundled schema.
pub struct SchemaCheck;

impl Check for SchemaCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[
            &codes::EP102,
            &codes::EP103,
            &codes::EP104,
            &codes::EP105,
            &codes::EP106,
            &codes::EP107,
            &codes::EP108,
        ];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let bundled = schemas::get(cx.platform);
        let translator = Translator {
            manifest: cx.manifest,
            platform: cx.platform,
            document: &bundled.document,
        };
        let mut out = Vec::new();
        for error in bundled.validator.iter_errors(&cx.manifest.value) {
            translator.translate(&error, None, &mut out);
        }
        out
    }
}

struct Translator<'a> {
    manifest: &'a Manifest,
    platform: Platform,
    document: &'a Value,
}

/// What the schema says a value must be.
struct Expectation<'a> {
    description: Option<&'a str>,
    example: Option<&'a Value>,
}

impl Translator<'_> {
    /// The schema node that holds the keyword an error is about.
    fn keyword_node(&self, error: &ValidationError<'_>) -> &Value {
        let path = error.schema_path().as_str();
        let node_path = pointer::parent(path).unwrap_or("");
        self.document.pointer(node_path).unwrap_or(&Value::Null)
    }

    fn expectation<'s>(&'s self, node: &'s Value) -> Expectation<'s> {
        let node = schemas::resolve(self.document, node);
        Expectation {
            description: node.get("description").and_then(Value::as_str),
            example: node
                .get("examples")
                .and_then(Value::as_array)
                .and_then(|e| e.first()),
        }
    }

    fn translate(
        &self,
        error: &ValidationError<'_>,
        shape: Option<&str>,
        out: &mut Vec<Diagnostic>,
    ) {
        let at = error.instance_path().as_str();
        let node = self.keyword_node(error);
        let value = self.manifest.get(at).unwrap_or(&Value::Null);
        let mut found: Vec<Diagnostic> = match error.kind() {
            ValidationErrorKind::Required { property } => {
                let key = property.as_str().unwrap_or_default();
                let property_node = node
                    .get("properties")
                    .and_then(|p| p.get(key))
                    .unwrap_or(&Value::Null);
                vec![self.missing_key(at, key, &self.expectation(property_node))]
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
                .iter()
                .map(|key| self.unknown_key(at, key, node))
                .collect(),
            ValidationErrorKind::Type { .. } => {
                vec![self.wrong_type(at, value, node)]
            }
            ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
                let definition = definition_of(error.schema_path().as_str());
                vec![self.malformed(at, value, node, definition)]
            }
            ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MinItems { limit } => {
                vec![self.too_short(at, value, *limit, node)]
            }
            ValidationErrorKind::MaxLength { limit } | ValidationErrorKind::MaxItems { limit } => {
                vec![self.too_long(at, value, *limit, node)]
            }
            ValidationErrorKind::Enum { options } => {
                vec![self.not_allowed(at, value, options, node)]
            }
            ValidationErrorKind::OneOfNotValid { context }
            | ValidationErrorKind::AnyOf { context } => {
                self.closest_branch(at, node, error, context, out);
                Vec::new()
            }
            _ => vec![self.malformed(at, value, node, None)],
        };
        if let Some(shape) = shape {
            for d in &mut found {
                let help = d.help.take().map_or(String::new(), |h| format!("{h}; "));
                d.help = Some(format!("{help}{shape}"));
            }
        }
        out.append(&mut found);
    }

    /// A `oneOf`: report the problems of the alternative the value is closest to, not of
    /// every alternative.
    fn closest_branch(
        &self,
        at: &str,
        node: &Value,
        error: &ValidationError<'_>,
        branches: &[Vec<ValidationError<'static>>],
        out: &mut Vec<Diagnostic>,
    ) {
        let keyword = error.kind().keyword();
        let alternatives = node
            .get(keyword)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let title = |i: usize| {
            alternatives
                .get(i)
                .map(|b| schemas::resolve(self.document, b))
                .and_then(|b| b.get("title"))
                .and_then(Value::as_str)
                .unwrap_or("another shape")
        };
        // A discriminator (`type` of a transform) that no alternative accepts is the one
        // problem to report: its allowed values are the union of the alternatives'.
        let discriminator_errors: Vec<Option<&ValidationError<'static>>> = branches
            .iter()
            .map(|errors| {
                errors.iter().find(|e| {
                    matches!(e.kind(), ValidationErrorKind::Enum { .. })
                        && pointer::parent(e.instance_path().as_str()) == Some(at)
                })
            })
            .collect();
        if !branches.is_empty() && discriminator_errors.iter().all(Option::is_some) {
            let key_pointers: Vec<&str> = discriminator_errors
                .iter()
                .flatten()
                .map(|e| e.instance_path().as_str())
                .collect();
            if key_pointers.windows(2).all(|w| w[0] == w[1]) {
                let mut allowed: Vec<Value> = Vec::new();
                for e in discriminator_errors.iter().flatten() {
                    if let ValidationErrorKind::Enum { options } = e.kind() {
                        for o in options.as_array().into_iter().flatten() {
                            if !allowed.contains(o) {
                                allowed.push(o.clone());
                            }
                        }
                    }
                }
                let key_at = key_pointers.first().copied().unwrap_or(at);
                let value = self.manifest.get(key_at).unwrap_or(&Value::Null);
                out.push(self.not_allowed(key_at, value, &Value::Array(allowed), &Value::Null));
                return;
            }
        }
        let Some(best) = (0..branches.len())
            .filter(|&i| discriminator_errors[i].is_none())
            .chain(0..branches.len())
            .min_by_key(|&i| {
                (
                    discriminator_errors[i].is_some(),
                    branches[i].iter().map(weight).sum::<usize>(),
                )
            })
        else {
            out.push(self.malformed(
                at,
                self.manifest.get(at).unwrap_or(&Value::Null),
                node,
                None,
            ));
            return;
        };
        let chosen_by_discriminator = discriminator_errors.iter().any(Option::is_some);
        let others: Vec<&str> = (0..alternatives.len())
            .filter(|&i| i != best)
            .map(title)
            .collect();
        let shape = if chosen_by_discriminator || others.is_empty() {
            format!("expected {}", title(best))
        } else {
            format!(
                "closest allowed shape: {}; the others: {}",
                title(best),
                others.join("; ")
            )
        };
        for e in &branches[best] {
            self.translate(e, Some(&shape), out);
        }
    }

    fn missing_key(&self, at: &str, key: &str, expected: &Expectation<'_>) -> Diagnostic {
        let whole = if at.is_empty() {
            "extension.json".to_owned()
        } else {
            format!("`{}`", pointer::display(at))
        };
        let mut help = format!("add `\"{key}\": {}`", example_json(expected));
        if let Some(description) = expected.description {
            help.push_str(&format!(" ({description})"));
        }
        Diagnostic::new(
            &codes::EP102,
            self.manifest.file.name(),
            format!("{whole} is missing the required key `{key}`"),
        )
        .at(self
            .manifest
            .value_location(at)
            .first_line()
            .with_label(format!("`{key}` is missing in this object")))
        .pointer(pointer::push(at, key))
        .help(help)
    }

    fn unknown_key(&self, at: &str, key: &str, node: &Value) -> Diagnostic {
        let allowed: Vec<&str> = node
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let child = pointer::push(at, key);
        let place = if at.is_empty() {
            format!(
                "the top level of {} extension.json",
                self.platform.with_article()
            )
        } else {
            format!("`{}`", pointer::display(at))
        };
        let other_platforms: Vec<Platform> = if at.is_empty() {
            Platform::ALL
                .into_iter()
                .filter(|p| *p != self.platform)
                .filter(|p| schemas::get(*p).document["properties"].get(key).is_some())
                .collect()
        } else {
            Vec::new()
        };
        let help = if let Some(suggestion) = closest(key, &allowed) {
            format!("did you mean `{suggestion}`? Keys are case-sensitive")
        } else if !other_platforms.is_empty() {
            let names: Vec<&str> = other_platforms.iter().map(|p| p.as_str()).collect();
            format!(
                "`{key}` exists only in {} extensions; remove it from this {} extension",
                names.join(" and "),
                self.platform
            )
        } else if allowed.is_empty() {
            "remove it".to_owned()
        } else {
            format!("remove it; the allowed keys are {}", quoted_list(&allowed))
        };
        let d = Diagnostic::new(
            &codes::EP103,
            self.manifest.file.name(),
            format!("`{key}` is not an allowed key in {place}"),
        )
        .at_key(self.manifest, &child, "unknown key")
        .help(help);
        match self.rename_fix(at, key, &allowed) {
            Some(fix) => d.fix(fix),
            None => d,
        }
    }

    /// Renaming an unknown key to the one allowed key a single edit away (unsafe: a guess),
    /// unless the object has that key already.
    fn rename_fix(&self, at: &str, key: &str, allowed: &[&str]) -> Option<Fix> {
        let mut near = allowed.iter().filter(|a| edit_distance(key, a) == 1);
        let target = near.next()?;
        if near.next().is_some() || self.manifest.get(&pointer::push(at, target)).is_some() {
            return None;
        }
        let range = self.manifest.key_location(&pointer::push(at, key)).range;
        Some(Fix::unsafe_(
            format!("rename `{key}` to `{target}`"),
            vec![Edit::new(
                crate::source::MANIFEST_NAME,
                range,
                Value::String((*target).to_owned()).to_string(),
            )],
        ))
    }

    fn wrong_type(&self, at: &str, value: &Value, node: &Value) -> Diagnostic {
        let wanted = match node.get("type") {
            Some(Value::String(t)) => type_phrase(t).to_owned(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(type_phrase)
                .collect::<Vec<_>>()
                .join(" or "),
            _ => "another type".to_owned(),
        };
        let expected = self.expectation(node);
        Diagnostic::new(
            &codes::EP104,
            self.manifest.file.name(),
            format!(
                "`{}` must be {wanted}; found {} `{}`",
                pointer::display(at),
                json_type_phrase(value),
                snippet(value)
            ),
        )
        .at_pointer(self.manifest, at, format!("expected {wanted}"))
        .help(describe(&expected))
    }

    fn malformed(
        &self,
        at: &str,
        value: &Value,
        node: &Value,
        definition: Option<&str>,
    ) -> Diagnostic {
        let expected = self.expectation(node);
        let what = expected.description.map_or(
            "of the form the platform requires".to_owned(),
            str::to_owned,
        );
        let mut help = hint(definition, value).unwrap_or_default();
        if let Some(example) = expected.example {
            if !help.is_empty() {
                help.push_str("; ");
            }
            help.push_str(&format!("for example `{}`", snippet(example)));
        }
        let mut d = Diagnostic::new(
            &codes::EP105,
            self.manifest.file.name(),
            format!(
                "`{}` must be {what}; found `{}`",
                pointer::display(at),
                snippet(value)
            ),
        )
        .at_pointer(
            self.manifest,
            at,
            match expected.example {
                Some(example) => format!("expected something like `{}`", snippet(example)),
                None => "not of the required form".to_owned(),
            },
        );
        if !help.is_empty() {
            d = d.help(help);
        }
        if definition == Some("semver")
            && let Some(fixed) = value.as_str().and_then(lowercase_semver)
        {
            d = d.fix(Fix::safe(
                format!("write `{fixed}`"),
                vec![Edit::new(
                    crate::source::MANIFEST_NAME,
                    self.manifest.value_location(at).range,
                    Value::String(fixed).to_string(),
                )],
            ));
        }
        d
    }

    fn too_short(&self, at: &str, value: &Value, limit: u64, node: &Value) -> Diagnostic {
        let name = pointer::display(at);
        let message = match (value, limit) {
            (Value::String(_), 1) => format!("`{name}` must not be empty"),
            (Value::String(s), _) => format!(
                "`{name}` must be at least {limit} characters long; found {}",
                s.chars().count()
            ),
            (Value::Array(_), 1) => format!("`{name}` must have at least one item"),
            (Value::Array(a), _) => format!(
                "`{name}` must have at least {limit} items; found {}",
                a.len()
            ),
            _ => format!("`{name}` is too short"),
        };
        Diagnostic::new(&codes::EP106, self.manifest.file.name(), message)
            .at_pointer(self.manifest, at, "empty")
            .help(describe(&self.expectation(node)))
    }

    fn too_long(&self, at: &str, value: &Value, limit: u64, node: &Value) -> Diagnostic {
        let name = pointer::display(at);
        let (message, label) = match value {
            Value::String(s) => (
                format!(
                    "`{name}` is {} characters long; at most {limit} are allowed",
                    s.chars().count()
                ),
                format!("longer than {limit} characters"),
            ),
            Value::Array(a) => (
                format!(
                    "`{name}` has {} items; at most {limit} are allowed",
                    a.len()
                ),
                format!("more than {limit} items"),
            ),
            _ => (format!("`{name}` is too long"), "too long".to_owned()),
        };
        Diagnostic::new(&codes::EP107, self.manifest.file.name(), message)
            .at_pointer(self.manifest, at, label)
            .help(describe(&self.expectation(node)))
    }

    fn not_allowed(&self, at: &str, value: &Value, options: &Value, node: &Value) -> Diagnostic {
        let options: Vec<&Value> = options
            .as_array()
            .map(|o| o.iter().collect())
            .unwrap_or_default();
        let listed: Vec<String> = options
            .iter()
            .map(|o| format!("`{}`", snippet(o)))
            .collect();
        let wanted = match listed.as_slice() {
            [one] => one.clone(),
            many => format!("one of {}", many.join(", ")),
        };
        let mut help = describe(&self.expectation(node));
        if let Some(s) = value.as_str()
            && let Some(o) = options
                .iter()
                .filter_map(|o| o.as_str())
                .find(|o| o.eq_ignore_ascii_case(s.trim()))
        {
            help = format!("did you mean `{o}`? Values are case-sensitive");
        }
        let mut d = Diagnostic::new(
            &codes::EP108,
            self.manifest.file.name(),
            format!(
                "`{}` must be {wanted}; found `{}`",
                pointer::display(at),
                snippet(value)
            ),
        )
        .at_pointer(self.manifest, at, format!("expected {wanted}"));
        if !help.is_empty() {
            d = d.help(help);
        }
        d
    }
}

/// How heavy a branch's error is when choosing the closest `oneOf` alternative: a nested
/// `oneOf` counts as its own closest alternative.
fn weight(error: &ValidationError<'_>) -> usize {
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            context
                .iter()
                .map(|branch| branch.iter().map(weight).sum::<usize>())
                .min()
                .unwrap_or(1)
        }
        _ => 1,
    }
}

/// The building block an error's keyword belongs to: the name after the last `definitions`
/// in its schema path (`/definitions/semver/pattern` → `semver`).
fn definition_of(schema_path: &str) -> Option<&str> {
    let (_, rest) = schema_path.rsplit_once("/definitions/")?;
    rest.split('/').next()
}

/// Advice beyond the schema's description for the mistakes people actually make.
fn hint(definition: Option<&str>, value: &Value) -> Option<String> {
    let s = value.as_str()?;
    match definition? {
        "semver" => {
            if s != s.to_ascii_lowercase() && is_semver_ignoring_case(s) {
                Some("prerelease and build parts must be lowercase on this platform (`1.0.0-beta.1`, not `1.0.0-Beta.1`)".to_owned())
            } else if s.ends_with('-') || s.ends_with('.') || s.ends_with('+') {
                Some("a version must end with a letter or digit".to_owned())
            } else {
                None
            }
        }
        "name" => {
            if s.starts_with('_') || s.starts_with('.') {
                Some("a name must not start with `_` or `.`".to_owned())
            } else if s != s.to_ascii_lowercase() {
                Some(format!("names are lowercase: `{}`", s.to_ascii_lowercase()))
            } else if s.contains(' ') {
                Some(format!("names have no spaces: `{}`", s.replace(' ', "-")))
            } else {
                None
            }
        }
        "basePath" | "libPath" | "viewPath" | "iconPath" => {
            if s.starts_with('/') {
                Some("paths are relative to the folder that holds extension.json: remove the leading `/`".to_owned())
            } else if s.contains('\\') {
                Some("separate folders with `/`, not `\\`".to_owned())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A version whose only fault is uppercase letters in its prerelease or build parts, in
/// lowercase; `None` for any other version. Mirrors the schema's `semver` pattern (a unit test
/// holds the two together).
fn lowercase_semver(s: &str) -> Option<String> {
    static SEMVER: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9a-z-]+(\.[0-9a-z-]+)*)?(\+[0-9a-z-]+(\.[0-9a-z-]+)*)?$",
        )
        .ok()
    });
    let lower = s.to_ascii_lowercase();
    let pattern = SEMVER.as_ref()?;
    (lower != s && !s.starts_with('V') && pattern.is_match(&lower) && !lower.ends_with('-'))
        .then_some(lower)
}

fn is_semver_ignoring_case(s: &str) -> bool {
    let lower = s.trim_start_matches('v').to_ascii_lowercase();
    let core = lower.split(['-', '+']).next().unwrap_or("");
    core.split('.').count() == 3
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn describe(expected: &Expectation<'_>) -> String {
    match (expected.description, expected.example) {
        (Some(d), Some(e)) => format!("expected {d}, for example `{}`", snippet(e)),
        (Some(d), None) => format!("expected {d}"),
        (None, Some(e)) => format!("for example `{}`", snippet(e)),
        (None, None) => String::new(),
    }
}

fn example_json(expected: &Expectation<'_>) -> String {
    match expected.example {
        Some(e) => shorten(&e.to_string(), 60),
        None => "…".to_owned(),
    }
}

fn type_phrase(t: &str) -> &str {
    match t {
        "string" => "a string",
        "object" => "an object",
        "array" => "an array",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "a boolean",
        "null" => "null",
        other => other,
    }
}

/// A value as quoted in a message: strings without their JSON quotes, long values cut.
fn snippet(value: &Value) -> String {
    match value {
        Value::String(s) => shorten(s, 80),
        other => shorten(&other.to_string(), 80),
    }
}

/// The allowed key a mistyped one most likely meant: same letters in another case, or at most
/// two edits away.
fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    if let Some(same) = allowed.iter().find(|a| a.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    allowed
        .iter()
        .map(|a| {
            (
                edit_distance(&key.to_ascii_lowercase(), &a.to_ascii_lowercase()),
                *a,
            )
        })
        .filter(|(d, a)| *d <= 2 && *d < a.len() / 2 + 1)
        .min()
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys() {
        let allowed = ["displayName", "description", "name"];
        assert_eq!(closest("displayname", &allowed), Some("displayName"));
        assert_eq!(closest("descripton", &allowed), Some("description"));
        assert_eq!(closest("events", &allowed), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn uppercase_prereleases_are_lowercased_into_what_the_schema_accepts() {
        let schema = &schemas::get(Platform::Web).document;
        for (given, expected) in [
            ("1.0.0-Beta", Some("1.0.0-beta")),
            ("v2.0.0-RC.1+Build.5", Some("v2.0.0-rc.1+build.5")),
            ("1.0.0-beta", None),
            ("1.0", None),
            ("1.0.0-Beta-", None),
            ("V1.0.0-Beta", None),
        ] {
            assert_eq!(lowercase_semver(given).as_deref(), expected, "{given}");
            if let Some(fixed) = expected {
                let semver = &schema["definitions"]["semver"];
                let validator = jsonschema::validator_for(semver).unwrap();
                assert!(validator.is_valid(&Value::String(fixed.into())), "{fixed}");
            }
        }
    }

    #[test]
    fn recognises_uppercase_prereleases() {
        assert!(is_semver_ignoring_case("1.0.0-Beta"));
        assert!(!is_semver_ignoring_case("1.0"));
    }
}
