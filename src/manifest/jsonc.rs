//! The two things people write in extension.json that strict JSON refuses and that can be
//! removed without changing what the file means: comments (`//`, `/* */`) and trailing commas
//! before `}` or `]`. Found by one linear scan that knows strings; the edits that remove them
//! keep every other byte (indentation, line endings) as it is.

use std::ops::Range;

/// What [`strict_json_edits`] found to remove.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removals {
    /// Byte ranges to delete, sorted, not overlapping.
    pub ranges: Vec<Range<usize>>,
    pub trailing_commas: usize,
    pub comments: usize,
}

impl Removals {
    /// "remove the trailing comma", "remove 2 trailing commas and 1 comment", …
    pub fn title(&self) -> String {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("the {one}")),
            n => Some(format!("{n} {many}")),
        };
        let parts: Vec<String> = [
            count(self.trailing_commas, "trailing comma", "trailing commas"),
            count(self.comments, "comment", "comments"),
        ]
        .into_iter()
        .flatten()
        .collect();
        format!("remove {}", parts.join(" and "))
    }

    /// `text` with the ranges removed.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in &self.ranges {
            out.push_str(text.get(at..r.start).unwrap_or(""));
            at = r.end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        out
    }
}

/// The comments and trailing commas of a JSON text, as ranges to delete. A comment alone on
/// its line(s) takes its whole line(s) with it; a comment after a value takes the spaces
/// before it.
pub fn strict_json_edits(text: &str) -> Removals {
    let bytes = text.as_bytes();
    let mut removals = Removals::default();
    let mut pending_comma: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                pending_comma = None;
                i = string_end(bytes, i);
            }
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                let end = if bytes.get(i + 1) == Some(&b'/') {
                    line_end(bytes, i)
                } else {
                    match text.get(i + 2..).and_then(|rest| rest.find("*/")) {
                        Some(close) => i + 2 + close + 2,
                        // Unclosed: the text is broken beyond what removal can repair.
                        None => return Removals::default(),
                    }
                };
                removals.ranges.push(comment_range(bytes, i, end));
                removals.comments += 1;
                i = end;
            }
            b',' => {
                pending_comma = Some(i);
                i += 1;
            }
            b'}' | b']' => {
                if let Some(comma) = pending_comma.take() {
                    removals.ranges.push(comma..comma + 1);
                    removals.trailing_commas += 1;
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => {
                pending_comma = None;
                i += 1;
            }
        }
    }
    removals.ranges.sort_by_key(|r| r.start);
    // A comma inside a removed whole line cannot happen (the line holds only the comment),
    // but keep the ranges disjoint whatever the input.
    let mut disjoint: Vec<Range<usize>> = Vec::with_capacity(removals.ranges.len());
    for r in removals.ranges.drain(..) {
        match disjoint.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => disjoint.push(r),
        }
    }
    removals.ranges = disjoint;
    removals
}

/// The offset just past the string that starts at `start` (its closing quote), or the end.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset of the line terminator at or after `from` (`\r\n` or `\n`), or the end.
fn line_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// What to delete for the comment at `start..end`.
fn comment_range(bytes: &[u8], start: usize, end: usize) -> Range<usize> {
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let line_start = bytes[..start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let before_blank = bytes[line_start..start].iter().all(is_blank);
    let eol = line_end(bytes, end);
    let after_blank = bytes[end..eol].iter().all(is_blank);
    if before_blank && after_blank {
        // Alone on its line(s): the whole lines go, with one line terminator.
        let terminator = match bytes.get(eol) {
            Some(b'\r') => 2,
            Some(b'\n') => 1,
            _ => 0,
        };
        if terminator > 0 {
            return line_start..eol + terminator;
        }
        // The last line of the file without a final newline: take the newline before it.
        let previous = if line_start >= 2 && bytes[line_start - 2] == b'\r' {
            line_start - 2
        } else {
            line_start.saturating_sub(1)
        };
        return previous..eol;
    }
    if after_blank {
        // After a value: the spaces before it go too, the line terminator stays.
        let first_blank = bytes[line_start..start]
            .iter()
            .rposition(|b| !is_blank(b))
            .map_or(line_start, |p| line_start + p + 1);
        return first_blank..eol;
    }
    // Inside a line, before more text: the spaces after it go.
    let mut after = end;
    while bytes.get(after).is_some_and(is_blank) {
        after += 1;
    }
    start..after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(text: &str) -> String {
        strict_json_edits(text).apply(text)
    }

    #[test]
    fn removes_trailing_commas_and_keeps_the_layout() {
        let text = "{\r\n  \"a\": [1, 2,],\r\n  \"b\": {\"c\": 1,\r\n  },\r\n}\r\n";
        assert_eq!(
            strict(text),
            "{\r\n  \"a\": [1, 2],\r\n  \"b\": {\"c\": 1\r\n  }\r\n}\r\n"
        );
        assert_eq!(strict_json_edits(text).trailing_commas, 3);
        assert_eq!(strict_json_edits(text).title(), "remove 3 trailing commas");
    }

    #[test]
    fn removes_comments_with_their_lines_or_their_spaces() {
        let text = "// header\n{\n  // alone\n  \"a\": 1, // after\n  /* in */ \"b\": \"//not\",\n  /* block\n     lines */\n  \"c\": \"/*x*/\"\n}";
        assert_eq!(
            strict(text),
            "{\n  \"a\": 1,\n  \"b\": \"//not\",\n  \"c\": \"/*x*/\"\n}"
        );
        let r = strict_json_edits(text);
        assert_eq!(r.comments, 5);
        assert_eq!(r.title(), "remove 5 comments");
    }

    #[test]
    fn a_comment_on_the_last_line_takes_the_newline_before_it() {
        assert_eq!(strict("{}\n// end"), "{}");
        assert_eq!(strict("{}\r\n// end"), "{}");
        assert_eq!(strict("{\"a\": 1,} // x"), "{\"a\": 1}");
    }

    #[test]
    fn strings_hide_commas_and_slashes() {
        let text = r#"{"a": ",]", "b": "x\"//y"}"#;
        assert_eq!(strict_json_edits(text), Removals::default());
        assert_eq!(
            strict_json_edits("[1, 2,]").title(),
            "remove the trailing comma"
        );
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in ["", "/", "/*", "\"", "{,", "//", "\r", "[\"\\", ",}"] {
            let _ = strict(text);
        }
    }
}
