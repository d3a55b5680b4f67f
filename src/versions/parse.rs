//! Reading one list file: the form is detected from the text, then every entry is parsed with
//! the place it was written, or the file is refused with the place of the first problem.
//!
//! Detection: a text whose first non-blank character is `{` or `[` is JSON (an API document
//! or an array of version strings), anything else is the plain-text form. No text is both:
//! a plain-text line starts with a version or `#`.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::error::ListError;
use super::jsonapi;
use super::model::{Availability, Entry, Form, ListFile};
use super::number::VersionNumber;
use crate::diag::text::quoted_alternatives;
use crate::diag::{Location, SourceFile};
use crate::manifest::{SpanIndex, json_type_phrase, pointer};

/// Parses the bytes of the list named `name` (the `file_index`-th list given).
pub fn parse(name: &str, bytes: &[u8], file_index: usize) -> Result<ListFile, ListError> {
    let file = source_file(name, bytes)?;
    match file.text().trim_start().chars().next() {
        Some('{' | '[') => parse_json(file, file_index),
        _ => parse_plain_text(file, file_index),
    }
}

/// The text of a file (a UTF-8 byte order mark dropped), or why it is not UTF-8.
pub fn source_file(name: &str, bytes: &[u8]) -> Result<Arc<SourceFile>, ListError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ListError::file(
            Path::new(name),
            format!(
                "it is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
        .help("save the list as UTF-8: the API's responses are UTF-8 JSON")
    })?;
    Ok(Arc::new(SourceFile::new(name, text)))
}

/// A saved Reactor API document (a lookup or a listing page) whose top level is `top`: its
/// form, pagination and packages, each with the place it is written.
pub fn api_document(
    json: &JsonText,
    top: &serde_json::Map<String, Value>,
    file_index: usize,
) -> Result<ListFile, ListError> {
    jsonapi::parse_document(json, top, file_index)
}

/// A parsed JSON text with the span of every value, to point at entries.
#[derive(Debug)]
pub struct JsonText {
    pub file: Arc<SourceFile>,
    pub spans: SpanIndex,
}

impl JsonText {
    /// Parses `file` as JSON: its value and the span of every value in it, or the place where
    /// it stops being JSON.
    pub fn parse(file: Arc<SourceFile>) -> Result<(JsonText, Value), ListError> {
        let value: Value =
            serde_json::from_str(file.text()).map_err(|e| invalid_json(&file, &e))?;
        let (spans, _duplicates) = SpanIndex::build(file.text());
        Ok((JsonText { file, spans }, value))
    }

    /// The span of the value at `pointer`, or of its nearest ancestor that exists.
    pub fn range(&self, at: &str) -> Range<usize> {
        let mut current = at;
        loop {
            if let Some(node) = self.spans.get(current) {
                return node.value.clone();
            }
            match pointer::parent(current) {
                Some(p) => current = p,
                None => return 0..0,
            }
        }
    }

    pub fn location(&self, at: &str) -> Location {
        Location::new(&self.file, self.range(at))
    }

    /// A problem with the value at `at`; big values are marked on their first line only.
    pub fn error(&self, at: &str, problem: impl Into<String>, label: &str) -> ListError {
        let range = self.location(at).first_line().range;
        ListError::at(&self.file, range, Some(at), problem, label)
    }
}

fn parse_json(file: Arc<SourceFile>, file_index: usize) -> Result<ListFile, ListError> {
    let (json, value) = JsonText::parse(file).map_err(|e| {
        e.help("save the API's response unchanged (curl -o FILE), or write one version per line in a plain-text file")
    })?;
    match &value {
        Value::Array(items) => parse_json_array(&json, items, file_index),
        Value::Object(top) => jsonapi::parse_document(&json, top, file_index),
        other => Err(json.error(
            "",
            format!(
                "a versions list must be a Reactor API document or an array of versions; found {}",
                json_type_phrase(other)
            ),
            "expected `{\"data\": …}` or `[\"1.0.0\", …]`",
        )),
    }
}

fn invalid_json(file: &Arc<SourceFile>, error: &serde_json::Error) -> ListError {
    let line_start = file.line_start(error.line().max(1)).unwrap_or(0);
    let mut offset = (line_start + error.column().max(1) - 1).min(file.text().len());
    while !file.text().is_char_boundary(offset) {
        offset -= 1;
    }
    let raw = error.to_string();
    let what = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(what, _)| what)
        .to_owned();
    ListError::at(
        file,
        offset..offset,
        None,
        format!("it is not valid JSON: {what}"),
        what,
    )
}

fn parse_json_array(
    json: &JsonText,
    items: &[Value],
    file_index: usize,
) -> Result<ListFile, ListError> {
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("/{i}");
        let Some(text) = item.as_str() else {
            return Err(json
                .error(
                    &at,
                    format!(
                        "an array of versions holds only version strings; found {}",
                        json_type_phrase(item)
                    ),
                    "expected a string such as \"1.2.3\"",
                )
                .help("write each version as a string: `[\"1.0.0\", \"1.1.0\"]`"));
        };
        let version =
            VersionNumber::parse(text).map_err(|reason| not_semver(json, &at, text, &reason))?;
        entries.push(Entry {
            id: None,
            package: None,
            version,
            availability: Availability::Released,
            status: None,
            discontinued: false,
            updated_at: None,
            location: json.location(&at),
            item: None,
            file_index,
        });
    }
    Ok(ListFile {
        head: json.location("").first_line(),
        file: Arc::clone(&json.file),
        form: Form::JsonArray,
        listing_url: None,
        pagination: None,
        entries,
    })
}

/// A version string (at `at` in a JSON text) that is not a semantic version.
pub(super) fn not_semver(json: &JsonText, at: &str, text: &str, reason: &str) -> ListError {
    json.error(
        at,
        format!("`{text}` is not a semantic version ({reason})"),
        "expected MAJOR.MINOR.PATCH",
    )
    .help(NOT_SEMVER_HELP)
}

const NOT_SEMVER_HELP: &str = "versions are MAJOR.MINOR.PATCH with an optional leading `v`, `-prerelease` and `+build`: `1.2.3`, `v2.0.0-beta.1`; correct the entry or delete it";

fn parse_plain_text(file: Arc<SourceFile>, file_index: usize) -> Result<ListFile, ListError> {
    let mut entries = Vec::new();
    let mut line_start = 0;
    for line in file.text().split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("");
        let words = words(content);
        let at = |word: &(usize, &str)| line_start + word.0..line_start + word.0 + word.1.len();
        match words.as_slice() {
            [] => {}
            [version, rest @ ..] => {
                if let Some(extra) = rest.get(1) {
                    return Err(ListError::at(
                        &file,
                        at(extra),
                        None,
                        format!("unexpected `{}` after the availability", extra.1),
                        "unexpected word",
                    )
                    .help(PLAIN_TEXT_HELP));
                }
                let parsed = VersionNumber::parse(version.1).map_err(|reason| {
                    ListError::at(
                        &file,
                        at(version),
                        None,
                        format!("`{}` is not a semantic version ({reason})", version.1),
                        "expected MAJOR.MINOR.PATCH",
                    )
                    .help(NOT_SEMVER_HELP)
                })?;
                let availability = match rest.first() {
                    None => Availability::Released,
                    Some(word) => Availability::from_word(word.1)
                        .ok_or_else(|| unknown_availability_word(&file, at(word), word.1))?,
                };
                entries.push(Entry {
                    id: None,
                    package: None,
                    version: parsed,
                    availability,
                    status: None,
                    discontinued: false,
                    updated_at: None,
                    location: Location::new(&file, at(version)),
                    item: None,
                    file_index,
                });
            }
        }
        line_start += line.len();
    }
    let first_line = file.text().lines().next().map_or(0, str::len);
    Ok(ListFile {
        head: Location::new(&file, 0..first_line),
        file,
        form: Form::PlainText,
        listing_url: None,
        pagination: None,
        entries,
    })
}

const PLAIN_TEXT_HELP: &str = "a plain-text list holds one version per line, optionally followed by `development`, `private` or `public` (`1.4.0 public`); `#` starts a comment";

fn unknown_availability_word(file: &Arc<SourceFile>, range: Range<usize>, word: &str) -> ListError {
    let mut help = format!(
        "the availability is one of {}; a bare version counts as released",
        quoted_alternatives(&Availability::WORDS)
    );
    if let Some(a) = Availability::from_word(&word.to_ascii_lowercase()) {
        help = format!(
            "did you mean `{}`? Availability words are lowercase",
            a.as_str()
        );
    }
    ListError::at(
        file,
        range,
        None,
        format!("unknown availability `{word}`"),
        "expected development, private or public",
    )
    .help(help)
}

/// The whitespace-separated words of a line with their byte offsets in it.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &line[s..]));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: &str, text: &str) -> ListFile {
        parse(name, text.as_bytes(), 0).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> ListError {
        match parse("list", text.as_bytes(), 0) {
            Ok(list) => panic!("accepted: {:?}", list.form),
            Err(e) => e,
        }
    }

    fn versions(list: &ListFile) -> Vec<(&str, &str)> {
        list.entries
            .iter()
            .map(|e| (e.version.written(), e.availability.as_str()))
            .collect()
    }

    #[test]
    fn plain_text_has_comments_words_and_bare_versions() {
        let text = "# released so far\n1.0.0 public\n\n  v1.1.0   private # the good one\r\n1.2.0-rc.1\n1.3.0 development\n";
        let list = ok("list.txt", text);
        assert_eq!(list.form, Form::PlainText);
        assert_eq!(
            versions(&list),
            [
                ("1.0.0", "public"),
                ("v1.1.0", "private"),
                ("1.2.0-rc.1", "released"),
                ("1.3.0", "development")
            ]
        );
        let second = &list.entries[1].location;
        assert_eq!(&text[second.range.clone()], "v1.1.0");
        assert_eq!(second.file.position(second.range.start).line, 4);
    }

    #[test]
    fn plain_text_problems_name_the_line() {
        let e = err("1.0.0\n1.1\n");
        assert_eq!(e.line(), Some(2));
        assert!(
            e.to_string().contains("`1.1` is not a semantic version"),
            "{e}"
        );
        let e = err("1.0.0 released\n");
        assert!(
            e.to_string().contains("unknown availability `released`"),
            "{e}"
        );
        let e = err("1.0.0 Public\n");
        assert_eq!(
            e.help_text(),
            Some("did you mean `public`? Availability words are lowercase")
        );
        let e = err("1.0.0 public yes\n");
        assert!(e.to_string().contains("unexpected `yes`"), "{e}");
    }

    #[test]
    fn an_empty_plain_text_list_has_no_entries() {
        assert!(ok("l", "# nothing released yet\n\n").entries.is_empty());
        assert!(ok("l", "").entries.is_empty());
    }

    #[test]
    fn json_arrays_hold_version_strings() {
        let list = ok("a.json", "[\"1.0.0\", \"v1.1.0+b\"]");
        assert_eq!(list.form, Form::JsonArray);
        assert_eq!(
            versions(&list),
            [("1.0.0", "released"), ("v1.1.0+b", "released")]
        );
        let e = err("[\"1.0.0\",\n 2]");
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().contains("at /1"), "{e}");
        assert!(e.to_string().contains("found a number"), "{e}");
        let e = err("[\"1.0.0\",\n \"1.0\"]");
        assert!(e.to_string().contains("line 2 at /1: `1.0` is not"), "{e}");
    }

    #[test]
    fn invalid_json_names_line_and_reason() {
        let e = err("{\n  \"data\": [\n}\n");
        assert_eq!(e.line(), Some(3));
        assert!(e.to_string().contains("is not valid JSON"), "{e}");
    }

    #[test]
    fn other_json_and_bytes_are_refused() {
        assert!(err("[1").to_string().contains("not valid JSON"));
        let e = parse("l", b"1.0.0 \xE9\n", 0).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("not UTF-8")));
        assert!(ok("l", "\u{feff}[\"1.0.0\"]").entries.len() == 1);
    }
}
