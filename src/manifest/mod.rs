//! Loading `extension.json`: bytes → text → JSON value, with the byte span of every key and
//! value so that every finding can point at the exact spot.

pub mod jsonc;
pub mod pointer;
mod spans;

use std::sync::Arc;

use serde_json::Value;

use crate::diag::{Diagnostic, Edit, Fix, Location, PointerSpans, Rule, SourceFile, codes};
use crate::source::{ExtensionSource, MANIFEST_NAME, SourceError};
pub use spans::{DuplicateKey, NodeSpan, SpanIndex};

/// A code of another stage that loading also reports: EP203 for an extension.json that is a
/// link leaving the extension (the files check owns EP203 for every other path).
pub static ALSO_REPORTS: &[&Rule] = &[&codes::EP203];

/// The codes of loading and parsing the manifest.
pub static CODES: &[&Rule] = &[
    &codes::EP001,
    &codes::EP002,
    &codes::EP003,
    &codes::EP004,
    &codes::EP005,
];

/// A parsed extension.json whose top level is an object.
#[derive(Debug)]
pub struct Manifest {
    pub file: Arc<SourceFile>,
    pub value: Value,
    pub spans: SpanIndex,
}

/// The outcome of loading: the manifest when it could be parsed, and what was found on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub manifest: Option<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Manifest {
    /// A string at the top level (`name`, `version`, `platform`), if it is one.
    pub fn top_level_str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// The value at `pointer`, if present.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.value.pointer(pointer)
    }

    /// The span of the value at `pointer`, or of its nearest ancestor that exists.
    pub fn value_location(&self, pointer: &str) -> Location {
        let mut current = pointer;
        loop {
            if let Some(node) = self.spans.get(current) {
                return Location::new(&self.file, node.value.clone());
            }
            match pointer::parent(current) {
                Some(p) => current = p,
                None => return Location::new(&self.file, 0..0),
            }
        }
    }

    /// The span of the key that names the value at `pointer` (the value itself for array
    /// items and the root).
    pub fn key_location(&self, pointer: &str) -> Location {
        match self.spans.get(pointer).and_then(|n| n.key.clone()) {
            Some(key) => Location::new(&self.file, key),
            None => self.value_location(pointer),
        }
    }
}

impl PointerSpans for Manifest {
    fn value_location(&self, pointer: &str) -> Location {
        Manifest::value_location(self, pointer)
    }

    fn key_location(&self, pointer: &str) -> Location {
        Manifest::key_location(self, pointer)
    }
}

/// Reads and parses the extension's manifest. I/O failures other than a missing file are
/// fatal; everything wrong with the manifest itself is a diagnostic.
pub fn load(source: &dyn ExtensionSource) -> Result<Loaded, SourceError> {
    let display = source.display_path(MANIFEST_NAME);
    let bytes = match source.read(MANIFEST_NAME) {
        Ok(bytes) => bytes,
        Err(SourceError::NotFound(_)) => {
            return Ok(Loaded {
                manifest: None,
                diagnostics: vec![not_found(source, display)],
            });
        }
        // The source has recorded why (an archive entry whose data does not match its header).
        Err(SourceError::Unreadable(_)) => return Ok(Loaded::default()),
        // Held to the rule of every path of the manifest, and never read: no snippet of a file
        // outside the extension is ever shown.
        Err(SourceError::Outside(_)) => {
            return Ok(Loaded {
                manifest: None,
                diagnostics: vec![outside(display)],
            });
        }
        Err(e) => return Err(e),
    };
    Ok(parse(display, &bytes))
}

/// EP203 for extension.json itself: a link to a file outside the extension.
fn outside(display: String) -> Diagnostic {
    Diagnostic::new(
        &codes::EP203,
        display,
        "extension.json is a link to a file outside the extension folder, so it was not read",
    )
    .help("the platform reads extension.json from the package: put the file itself in the extension folder, not a link to it")
}

/// Parses manifest bytes (the part of loading that needs no source; fuzzed and unit-tested).
pub fn parse(display: String, bytes: &[u8]) -> Loaded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) => return Loaded::failed(not_utf8(display, bytes, &e)),
    };
    let file = Arc::new(SourceFile::new(display, text));
    let value: Value = match serde_json::from_str(file.text()) {
        Ok(value) => value,
        Err(e) => return Loaded::failed(invalid_json(&file, &e)),
    };
    let (spans, duplicates) = SpanIndex::build(file.text());
    let mut diagnostics: Vec<Diagnostic> =
        duplicates.iter().map(|d| duplicate_key(&file, d)).collect();
    if !value.is_object() {
        let end = file.text().trim_end().len();
        let start = file.text().len() - file.text().trim_start().len();
        diagnostics.push(
            Diagnostic::new(
                &codes::EP005,
                file.name(),
                format!(
                    "the top level of extension.json must be an object; found {}",
                    json_type_phrase(&value)
                ),
            )
            .at(Location::new(&file, start..end.max(start)).with_label("expected `{ … }`"))
            .pointer("")
            .help("extension.json is one JSON object: `{\"name\": \"my-extension\", \"version\": \"1.0.0\", …}`"),
        );
        return Loaded {
            manifest: None,
            diagnostics,
        };
    }
    Loaded {
        manifest: Some(Manifest { file, value, spans }),
        diagnostics,
    }
}

impl Loaded {
    fn failed(diagnostic: Diagnostic) -> Loaded {
        Loaded {
            manifest: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// "a string", "an array", … for messages.
pub fn json_type_phrase(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn not_found(source: &dyn ExtensionSource, display: String) -> Diagnostic {
    let nested = source.nested_manifests();
    let help = match nested.as_slice() {
        [] => "run extpack in the folder that holds extension.json, or pass that folder: `extpack check path/to/extension`".to_owned(),
        [one] => format!(
            "did you mean `{}`? It holds an extension.json",
            source.display_path(one)
        ),
        many => format!(
            "did you mean one of these folders? {}",
            many.iter()
                .map(|m| format!("`{}`", source.display_path(m)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::new(
        &codes::EP001,
        display.clone(),
        format!(
            "no extension.json in `{}` (looked for `{display}`)",
            source.display_root()
        ),
    )
    .help(help)
}

fn not_utf8(display: String, bytes: &[u8], error: &std::str::Utf8Error) -> Diagnostic {
    let valid = error.valid_up_to();
    let bad_len = error.error_len().unwrap_or(bytes.len() - valid).max(1);
    let shown = String::from_utf8_lossy(bytes).into_owned();
    let file = Arc::new(SourceFile::new(display, shown));
    let byte = bytes.get(valid).copied().unwrap_or(0);
    // The replacement character is three bytes in the lossy text.
    let location = Location::new(&file, valid..valid + 3)
        .with_label(format!("byte 0x{byte:02X} is not UTF-8"));
    Diagnostic::new(
        &codes::EP004,
        file.name(),
        format!(
            "extension.json is not UTF-8 text: {} at byte offset {valid}",
            crate::diag::text::counted(bad_len as u64, "invalid byte", "invalid bytes")
        ),
    )
    .at(location)
    .help("save extension.json as UTF-8 (the platform reads it as UTF-8): files saved as Latin-1, Windows-1252 or UTF-16 are rejected")
}

fn invalid_json(file: &Arc<SourceFile>, error: &serde_json::Error) -> Diagnostic {
    // serde_json counts columns in bytes, 1-based, and reports 0 at the start of a line.
    let range = file.char_at(error.line(), error.column());
    let raw = error.to_string();
    let what = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(what, _)| what);
    let (offset, end) = (range.start, range.end);
    let rest = &file.text()[offset..];
    let is_comment = rest.starts_with("//") || rest.starts_with("/*");
    let (message, help) = if is_comment {
        comment_error()
    } else {
        explain_json_error(what, error.classify())
    };
    // A comment is underlined whole, to the end of its line.
    let (range, label) = if is_comment {
        (
            offset..offset + rest.find('\n').unwrap_or(rest.len()),
            "a comment".to_owned(),
        )
    } else {
        (offset..end, what.to_owned())
    };
    let d = Diagnostic::new(&codes::EP002, file.name(), message)
        .at(Location::new(file, range).with_label(label))
        .help(help);
    match strict_json_fix(file.text()) {
        Some(fix) => d.fix(fix),
        None => d,
    }
}

/// Removing every comment and trailing comma, when that is all that keeps the text from being
/// JSON (safe: neither carries a value).
fn strict_json_fix(text: &str) -> Option<Fix> {
    let removals = jsonc::strict_json_edits(text);
    if removals.ranges.is_empty()
        || serde_json::from_str::<serde::de::IgnoredAny>(&removals.apply(text)).is_err()
    {
        return None;
    }
    let edits = removals
        .ranges
        .iter()
        .map(|r| Edit::new(MANIFEST_NAME, r.clone(), ""))
        .collect();
    Some(Fix::safe(removals.title(), edits))
}

/// The wording of a syntax error at a comment, which serde_json calls by what it expected
/// there instead ("key must be a string").
fn comment_error() -> (String, String) {
    (
        "extension.json is not valid JSON: comments are not allowed in JSON".to_owned(),
        "remove the comment: the platform parses extension.json as strict JSON (a `description` key can hold text for people); `extpack check --fix` removes every comment and trailing comma".to_owned(),
    )
}

fn explain_json_error(what: &str, category: serde_json::error::Category) -> (String, String) {
    use serde_json::error::Category;
    let help = if what.contains("trailing comma") {
        "JSON allows no comma after the last item of an object or array: remove it"
    } else if what.contains("key must be a string") {
        "object keys must be in double quotes: `\"name\": …`"
    } else if what.contains("comment") || what.starts_with("expected value") {
        "JSON has no comments, single quotes or unquoted words: only strings in double quotes, numbers, true, false, null, objects and arrays"
    } else if category == Category::Eof {
        "the file ends before every `{` and `[` is closed: look for a missing `}` or `]`"
    } else {
        "fix the JSON syntax at the marked spot (a missing comma or quote is the usual cause)"
    };
    (
        format!("extension.json is not valid JSON: {what}"),
        help.to_owned(),
    )
}

fn duplicate_key(file: &Arc<SourceFile>, d: &DuplicateKey) -> Diagnostic {
    let first = file.position(d.first.start);
    Diagnostic::new(
        &codes::EP003,
        file.name(),
        format!(
            "`{}` is defined twice (first at line {}); the platform silently keeps only this last one",
            pointer::display(&d.pointer),
            first.line
        ),
    )
    .at(Location::new(file, d.second.clone()).with_label("defined again here"))
    .related(Location::new(file, d.first.clone()).with_label("first defined here"))
    .pointer(d.pointer.clone())
    .help(format!(
        "keep one `{}` and delete the other",
        d.key
    ))
    .fix(Fix::unsafe_(
        format!("remove the first `{}`, keeping the last as the platform does", d.key),
        vec![Edit::new(MANIFEST_NAME, member_removal(file.text(), &d.first_member), "")],
    ))
}

/// What to delete to remove an object member that a comma follows: its whole lines when it
/// has them to itself, else the member, the comma and the spaces up to the next member.
fn member_removal(text: &str, member: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let blank = |b: &u8| matches!(b, b' ' | b'\t');
    let mut comma = member.end;
    while bytes.get(comma).is_some_and(|b| b.is_ascii_whitespace()) {
        comma += 1;
    }
    if bytes.get(comma) != Some(&b',') {
        return member.clone();
    }
    let line_start = bytes[..member.start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let mut eol = comma + 1;
    while bytes.get(eol).is_some_and(blank) {
        eol += 1;
    }
    let own_lines = bytes[line_start..member.start].iter().all(blank);
    match bytes.get(eol) {
        Some(b'\n') if own_lines => line_start..eol + 1,
        Some(b'\r') if own_lines && bytes.get(eol + 1) == Some(&b'\n') => line_start..eol + 2,
        _ => {
            let mut next = comma + 1;
            while bytes.get(next).is_some_and(|b| b.is_ascii_whitespace()) {
                next += 1;
            }
            member.start..next
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(loaded: &Loaded) -> Vec<&str> {
        loaded.diagnostics.iter().map(|d| d.code()).collect()
    }

    #[test]
    fn accepts_a_bom() {
        let loaded = parse("extension.json".into(), b"\xEF\xBB\xBF{\"a\": 1}");
        assert!(loaded.diagnostics.is_empty());
        let m = loaded.manifest.unwrap();
        assert_eq!(m.value_location("/a").range, 6..7);
    }

    #[test]
    fn reports_invalid_json_at_the_spot() {
        let loaded = parse("e.json".into(), b"{\n  \"a\": 1,\n}\n");
        assert_eq!(codes(&loaded), ["EP002"]);
        let d = &loaded.diagnostics[0];
        assert!(d.message.contains("trailing comma"), "{}", d.message);
        let at = d.primary.as_ref().unwrap();
        assert_eq!(at.file.position(at.range.start).line, 3);
    }

    #[test]
    fn reports_non_utf8_bytes() {
        let loaded = parse("e.json".into(), b"{\"a\": \"caf\xE9\"}");
        assert_eq!(codes(&loaded), ["EP004"]);
        assert!(loaded.diagnostics[0].message.contains("offset 10"));
    }

    #[test]
    fn reports_a_top_level_that_is_not_an_object() {
        let loaded = parse("e.json".into(), b"  [1, 2]\n");
        assert_eq!(codes(&loaded), ["EP005"]);
        assert!(loaded.manifest.is_none());
    }

    #[test]
    fn reports_duplicates_and_keeps_the_manifest() {
        let loaded = parse("e.json".into(), b"{\"a\": 1, \"a\": 2}");
        assert_eq!(codes(&loaded), ["EP003"]);
        assert_eq!(loaded.manifest.unwrap().value["a"], 2);
    }

    fn fixed(loaded: &Loaded, text: &str) -> String {
        let fix = loaded.diagnostics[0].fix.as_ref().unwrap();
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        crate::diag::fix::apply_edits(text, &edits).unwrap()
    }

    #[test]
    fn trailing_commas_and_comments_are_fixed_when_that_makes_json() {
        let text = "{\n  // the name\n  \"a\": [1,],\n}\n";
        let loaded = parse("e.json".into(), text.as_bytes());
        assert_eq!(codes(&loaded), ["EP002"]);
        assert_eq!(fixed(&loaded, text), "{\n  \"a\": [1]\n}\n");
        // Another syntax error besides: no fix, rather than one that leaves broken JSON.
        let loaded = parse("e.json".into(), b"{\"a\": 1,, // x\n}");
        assert!(loaded.diagnostics[0].fix.is_none());
        let loaded = parse("e.json".into(), b"{\"a\" 1}");
        assert!(loaded.diagnostics[0].fix.is_none());
    }

    #[test]
    fn a_comment_is_named_as_one() {
        for text in ["{ // x\n\"a\": 1}", "{\"a\": /* x */ 1}", "// x\n{}"] {
            let loaded = parse("e.json".into(), text.as_bytes());
            assert!(
                loaded.diagnostics[0]
                    .message
                    .contains("comments are not allowed in JSON"),
                "{text}: {}",
                loaded.diagnostics[0].message
            );
        }
    }

    #[test]
    fn a_duplicate_is_fixed_by_removing_the_first() {
        let text = "{\r\n  \"a\": {\r\n    \"x\": 1\r\n  },\r\n  \"b\": 2,\r\n  \"a\": 3\r\n}";
        let loaded = parse("e.json".into(), text.as_bytes());
        assert_eq!(fixed(&loaded, text), "{\r\n  \"b\": 2,\r\n  \"a\": 3\r\n}");
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let loaded = parse("e.json".into(), text.as_bytes());
        assert_eq!(fixed(&loaded, text), r#"{"b": 2, "a": 3}"#);
        assert_eq!(
            loaded.diagnostics[0].fix.as_ref().unwrap().safety,
            crate::diag::Safety::Unsafe
        );
    }

    #[test]
    fn error_at_column_zero_or_end_of_file_never_panics() {
        for text in ["", "{", "{\"a\":", "\n\n", "{\"é\": ]}", "\"\u{e9}"] {
            let _ = parse("e.json".into(), text.as_bytes());
        }
    }
}
