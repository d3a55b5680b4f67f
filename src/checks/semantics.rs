//! Platform rules the schema cannot express: unique names, hosted file names, transforms the
//! platform's processing rejects (two on one property: an error; `customCode`: a warning,
//! since the platform's own core extension uses it), and the `exchangeUrl` a public release
//! needs.

use std::collections::HashMap;

use serde_json::Value;

use super::{Check, Context};
use crate::diag::{Diagnostic, Rule, Severity, codes};
use crate::manifest::{Manifest, pointer};
use crate::paths;
use crate::references::FEATURE_TYPES;

/// Checks the rules the schema cannot express.
pub struct SemanticsCheck;

impl Check for SemanticsCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[
            &codes::EP304,
            &codes::EP305,
            &codes::EP306,
            &codes::EP307,
            &codes::EP308,
        ];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let m = cx.manifest;
        let mut out = Vec::new();
        for feature_type in FEATURE_TYPES {
            duplicate_names(m, feature_type, "name", &mut out);
        }
        duplicate_names(m, "sharedModules", "name", &mut out);
        hosted_collisions(m, &mut out);
        transforms(m, "/configuration", &mut out);
        for feature_type in FEATURE_TYPES {
            for (i, _) in items(m, feature_type).iter().enumerate() {
                transforms(m, &format!("/{feature_type}/{i}"), &mut out);
            }
        }
        if m.get("/exchangeUrl").is_none() {
            out.push(missing_exchange_url(m, cx.options.public_release));
        }
        out
    }
}

fn items<'a>(m: &'a Manifest, key: &str) -> &'a [Value] {
    m.value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Two items of one array with the same `name`.
fn duplicate_names(m: &Manifest, array: &str, key: &str, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items(m, array).iter().enumerate() {
        let Some(name) = item.get(key).and_then(Value::as_str) else {
            continue;
        };
        if let Some(first) = seen.get(name) {
            let at = format!("/{array}/{i}/{key}");
            let first_at = format!("/{array}/{first}/{key}");
            let what = if array == "sharedModules" {
                "shared modules".to_owned()
            } else {
                format!("{array} entries")
            };
            let why = if array == "sharedModules" {
                "other extensions load a shared module by its name, so the name must be unique"
            } else {
                "the platform identifies a feature as `<extension>::<type>::<name>`, so names must be unique within a type"
            };
            out.push(
                Diagnostic::new(
                    &codes::EP304,
                    m.file.name(),
                    format!(
                        "two {what} are named `{name}` (`{}` and `{}`)",
                        pointer::display(&first_at),
                        pointer::display(&at)
                    ),
                )
                .at_pointer(m, &at, "same name again")
                .related(m.value_location(&first_at).with_label("first used here"))
                .help(format!("{why}; rename one of them")),
            );
        } else {
            seen.insert(name, i);
        }
    }
}

/// `hostedLibFiles` are served by file name alone.
fn hosted_collisions(m: &Manifest, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items(m, "hostedLibFiles").iter().enumerate() {
        let Some(path) = item.as_str() else { continue };
        let name = paths::file_name(path);
        if let Some(first) = seen.get(name) {
            let at = format!("/hostedLibFiles/{i}");
            let first_at = format!("/hostedLibFiles/{first}");
            out.push(
                Diagnostic::new(
                    &codes::EP305,
                    m.file.name(),
                    format!("two hosted library files are named `{name}`; the platform serves them by file name alone, so one would replace the other"),
                )
                .at_pointer(m, &at, "same file name again")
                .related(m.value_location(&first_at).with_label("first used here"))
                .help("rename one of the files so that every hosted file has its own name"),
            );
        } else {
            seen.insert(name, i);
        }
    }
}

/// The transforms of one owner (`/configuration` or a feature).
fn transforms(m: &Manifest, owner: &str, out: &mut Vec<Diagnostic>) {
    let list = format!("{owner}/transforms");
    let Some(Value::Array(transforms)) = m.get(&list) else {
        return;
    };
    let mut paths_seen: HashMap<&str, usize> = HashMap::new();
    for (i, transform) in transforms.iter().enumerate() {
        let at = format!("{list}/{i}");
        if transform.get("type").and_then(Value::as_str) == Some("customCode") {
            out.push(
                Diagnostic::new(
                    &codes::EP306,
                    m.file.name(),
                    format!("`{}` is a `customCode` transform", pointer::display(&at)),
                )
                .at(m.value_location(&format!("{at}/type")).with_label("customCode"))
                .pointer(at.clone())
                .help("the platform's package processing reports `illegal-custom-code-transform` for these unless the extension is allowed to use them; use a `function` transform where you can"),
            );
        }
        let Some(property) = transform.get("propertyPath").and_then(Value::as_str) else {
            continue;
        };
        if let Some(first) = paths_seen.get(property) {
            out.push(duplicate_transform(m, &list, *first, i, property));
        } else {
            paths_seen.insert(property, i);
        }
    }
}

/// EP307: the transforms `first` and `second` of `list` apply to one `property`.
fn duplicate_transform(
    m: &Manifest,
    list: &str,
    first: usize,
    second: usize,
    property: &str,
) -> Diagnostic {
    let first_at = format!("{list}/{first}");
    let second_at = format!("{list}/{second}");
    let kind = |at: &str| {
        m.get(&format!("{at}/type"))
            .and_then(Value::as_str)
            .map_or_else(String::new, |t| format!(" (`{t}`)"))
    };
    Diagnostic::new(
        &codes::EP307,
        m.file.name(),
        format!(
            "`{}`{} and `{}`{} both transform `propertyPath` `{property}`",
            pointer::display(&first_at),
            kind(&first_at),
            pointer::display(&second_at),
            kind(&second_at),
        ),
    )
    .at_pointer(m, &format!("{second_at}/propertyPath"), "same propertyPath again")
    .related(
        m.value_location(&format!("{first_at}/propertyPath"))
            .with_label("first transform of this property"),
    )
    .help("the platform fails the package with `extension-package-transform-definition-error` (\"Each object property can have one transform defined and it must be a file transform or a function transform\"); keep one transform per property")
}

fn missing_exchange_url(m: &Manifest, public_release: bool) -> Diagnostic {
    let listing =
        "`\"exchangeUrl\": \"https://www.adobeexchange.com/experiencecloud.details.100000.html\"`";
    let (message, help) = if public_release {
        (
            "no `exchangeUrl`, which the public release this extension is meant for needs"
                .to_owned(),
            format!("add the extension's Adobe Exchange listing: {listing}"),
        )
    } else {
        (
            "no `exchangeUrl`: a public release would need the extension's Adobe Exchange listing"
                .to_owned(),
            format!(
                "a private extension needs none. For a public release, add the listing ({listing}) and set `release = \"public\"` in extpack.toml (or pass `--public`): this note then becomes a warning"
            ),
        )
    };
    let mut d = Diagnostic::new(&codes::EP308, m.file.name(), message)
        .at(m
            .value_location("")
            .first_line()
            .with_label("no `exchangeUrl` in this object"))
        .pointer("/exchangeUrl")
        .help(help);
    if public_release {
        d.severity = Severity::Warning;
    }
    d
}
