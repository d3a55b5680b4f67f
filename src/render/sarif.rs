//! SARIF 2.1.0, as GitHub code scanning takes it: one run whose `tool.driver.rules` is the
//! whole code registry (so `ruleIndex` is stable across runs) and one result per finding.
//! Paths are relative to the current folder — the repository root in CI — under the
//! `%SRCROOT%` base. Nothing depends on the time or the machine, so the same findings give
//! the same bytes.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::message_and_help;
use crate::diag::ExtensionReport;
use crate::diag::{Diagnostic, Location, RULES, Rule, Severity};

/// The schema the output follows (the OASIS standard's, with its errata).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base of every relative artifact URI: the folder extpack ran in.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    /// Our columns count Unicode scalar values, not SARIF's default UTF-16 code units.
    column_kind: &'static str,
    /// Whether every path could be checked; those that could not are notifications.
    invocations: [Invocation; 1],
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

/// A path that could not be checked.
#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text<String>,
    locations: [NotificationLocation; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: String,
    short_description: Text<&'static str>,
    full_description: Text<String>,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct BaseUri {
    description: Text<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<String>,
    locations: [SarifLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    /// SARIF's end column is the one just past the region, as ours is.
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Properties<'a> {
    /// The JSON Pointer of the manifest value.
    pointer: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `require-not-found` → `RequireNotFound`.
fn pascal_case(kebab: &str) -> String {
    kebab
        .split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

fn descriptor(rule: &'static Rule) -> Descriptor {
    Descriptor {
        id: rule.code,
        name: pascal_case(rule.name),
        short_description: Text { text: rule.summary },
        full_description: Text {
            text: unwrap_lines(rule.section("What it checks").unwrap_or(rule.summary)),
        },
        help: Help {
            text: rule.docs,
            markdown: rule.docs,
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

/// Prose whose lines were wrapped for the docs page, as paragraphs that viewers wrap
/// themselves.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn region(location: &Location) -> Region {
    let (start, end) = location.positions();
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn result<'a>(d: &'a Diagnostic, cwd: Option<&Path>) -> SarifResult<'a> {
    let related_locations = d
        .related
        .iter()
        .enumerate()
        .map(|(i, l)| SarifLocation {
            id: Some(i + 1),
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(l.file.name(), cwd),
                region: Some(region(l)),
            },
            message: l.label.as_deref().map(|text| Text { text }),
        })
        .collect();
    SarifResult {
        rule_id: d.code(),
        rule_index: RULES.iter().position(|r| r.code == d.code()),
        level: level(d.severity),
        message: Text {
            text: message_and_help(d),
        },
        locations: [SarifLocation {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(&d.file, cwd),
                region: d.primary.as_ref().map(region),
            },
            message: None,
        }],
        related_locations,
        properties: d.pointer.as_deref().map(|pointer| Properties { pointer }),
    }
}

pub fn render(reports: &[ExtensionReport], out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "extpack",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: crate::diag::REPOSITORY,
                    rules: RULES.iter().copied().map(descriptor).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseUri {
                    description: Text {
                        text: "The folder extpack ran in: the root of the repository.",
                    },
                },
            )]),
            column_kind: "unicodeCodePoints",
            invocations: [invocation(reports, cwd.as_deref())],
            results: reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .map(|d| result(d, cwd.as_deref()))
                .collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

/// The run's invocation: successful when every path was checked, else a notification per
/// path that could not be.
fn invocation(reports: &[ExtensionReport], cwd: Option<&Path>) -> Invocation {
    let notifications: Vec<Notification> = reports
        .iter()
        .filter_map(|r| {
            let reason = r.unchecked.as_ref()?;
            Some(Notification {
                level: "error",
                message: Text {
                    text: format!("could not be checked: {reason}"),
                },
                locations: [NotificationLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location(&r.path, cwd),
                        region: None,
                    },
                }],
            })
        })
        .collect();
    Invocation {
        execution_successful: notifications.is_empty(),
        tool_execution_notifications: notifications,
    }
}

/// Where a file is, as SARIF wants it: relative to the current folder under `%SRCROOT%`, or
/// an absolute `file:` URI when it is outside that folder.
fn artifact_location(file: &str, cwd: Option<&Path>) -> ArtifactLocation {
    let path = Path::new(file);
    let leaves = path.components().any(|c| c == Component::ParentDir);
    let path = match cwd {
        Some(cwd) if path.is_absolute() || leaves => lexical(&cwd.join(path)),
        _ => lexical(path),
    };
    match cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(relative) => relative_location(relative),
        None if path.is_absolute() => ArtifactLocation {
            uri: format!("file://{}", encode_path(&path)),
            uri_base_id: None,
        },
        None => relative_location(&path),
    }
}

fn relative_location(path: &Path) -> ArtifactLocation {
    ArtifactLocation {
        uri: encode_path(path),
        uri_base_id: Some(SRCROOT),
    }
}

/// The path without `.` segments and with `..` applied where a segment precedes it.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `/`-separated segments, each percent-encoded (RFC 3986): everything but unreserved
/// characters and the sub-delimiters that are safe in a path segment. `:` is encoded too,
/// so that a first segment never reads as a scheme.
fn encode_path(path: &Path) -> String {
    let mut uri = String::new();
    for component in path.components() {
        let segment = match component {
            Component::RootDir => continue,
            Component::Prefix(p) => p.as_os_str().to_string_lossy(),
            Component::CurDir => ".".into(),
            Component::ParentDir => "..".into(),
            Component::Normal(s) => s.to_string_lossy(),
        };
        if !uri.is_empty() || path.has_root() {
            uri.push('/');
        }
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
                uri.push(char::from(byte));
            } else {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(file: &str, cwd: Option<&str>) -> (String, Option<&'static str>) {
        let l = artifact_location(file, cwd.map(Path::new));
        (l.uri, l.uri_base_id)
    }

    #[test]
    fn uris_are_relative_to_the_current_folder() {
        let root = Some(SRCROOT);
        let cwd = Some("/repo");
        assert_eq!(
            location("ext/extension.json", cwd),
            ("ext/extension.json".into(), root)
        );
        assert_eq!(
            location("./ext/./src/x.js", cwd),
            ("ext/src/x.js".into(), root)
        );
        assert_eq!(
            location("/repo/ext/extension.json", cwd),
            ("ext/extension.json".into(), root)
        );
        assert_eq!(
            location("extension.json", None),
            ("extension.json".into(), root)
        );
    }

    #[test]
    fn files_outside_the_current_folder_get_absolute_uris() {
        assert_eq!(
            location("../other/extension.json", Some("/repo/sub")),
            ("file:///repo/other/extension.json".into(), None)
        );
        assert_eq!(
            location("../sub/ext/extension.json", Some("/repo/sub")),
            ("ext/extension.json".into(), Some(SRCROOT))
        );
        assert_eq!(
            location("/elsewhere/extension.json", Some("/repo")),
            ("file:///elsewhere/extension.json".into(), None)
        );
        assert_eq!(
            location("../x/extension.json", None),
            ("../x/extension.json".into(), Some(SRCROOT))
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            location("my ext/ü%#?:[x].json", Some("/repo")).0,
            "my%20ext/%C3%BC%25%23%3F%3A%5Bx%5D.json"
        );
        assert_eq!(location("<stdin>", None).0, "%3Cstdin%3E");
    }

    #[test]
    fn wrapped_prose_becomes_paragraphs() {
        assert_eq!(unwrap_lines("a b\nc\n\nd\n e"), "a b c\n\nd e");
        assert_eq!(unwrap_lines("one line"), "one line");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("require-not-found"), "RequireNotFound");
        assert_eq!(pascal_case("not-utf8"), "NotUtf8");
    }

    #[test]
    fn every_severity_has_its_sarif_level() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Note), "note");
    }
}
