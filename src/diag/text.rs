//! Small helpers for the wording of findings, shared by every stage so that lists and
//! shortened values read the same everywhere.

use std::borrow::Cow;

use serde_json::Value;

/// How long a JSON value quoted in a message may be, in characters, before it is cut.
pub const COMPACT_LIMIT: usize = 60;

/// How long a text quoted from a user's file (a require() argument, a path) may be in a
/// message, in characters, before it is cut.
pub const QUOTE_LIMIT: usize = 80;

/// `text` cut to at most `max` characters: the first `max - 1` and `…` when it is longer.
/// Looks at no more than `max + 1` characters, so cutting a huge text is cheap.
pub fn shorten(text: &str, max: usize) -> String {
    if text.char_indices().nth(max).is_none() {
        return text.to_owned();
    }
    let end = text
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    format!("{}…", &text[..end])
}

/// A value as compact JSON, cut at [`COMPACT_LIMIT`] characters.
pub fn compact(value: &Value) -> String {
    shorten(&value.to_string(), COMPACT_LIMIT)
}

/// `` `a`, `b`, `c` ``.
pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `` `a`, `b` or `c` ``.
pub fn quoted_alternatives(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A count with its noun: `1 item`, `2 items` (never `item(s)`).
pub fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A count with a noun whose plural takes an `s`: `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    counted(n as u64, word, &format!("{word}s"))
}

/// The Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

/// Whether a character must not reach a terminal as it is: a control character other than
/// tab and newline (ESC, BEL, a lone CR, C1 controls), or a bidirectional-text control that
/// would reorder what is shown.
fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character a terminal would act on written as a Rust-style escape
/// (`\u{1b}`): for every user-controlled string shown in a human-facing format.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert!(matches!(escape_controls("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(escape_controls("a\u{1b}[2Jb\u{7}"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(escape_controls("x\ry"), "x\\u{d}y");
        assert_eq!(escape_controls("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(escape_controls("\u{9b}"), "\\u{9b}");
    }

    #[test]
    fn shortens_by_characters_with_an_ellipsis() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten("ééééé", 4), "ééé…");
        let long = Value::String("x".repeat(100));
        assert_eq!(compact(&long).chars().count(), COMPACT_LIMIT);
    }

    #[test]
    fn counts_name_their_noun_in_the_right_number() {
        assert_eq!(counted(1, "item", "items"), "1 item");
        assert_eq!(counted(2, "item", "items"), "2 items");
        assert_eq!(counted(0, "byte", "bytes"), "0 bytes");
    }

    #[test]
    fn edit_distances_count_characters() {
        assert_eq!(edit_distance("action", "actions"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(quoted_list(&["a", "b"]), "`a`, `b`");
        assert_eq!(quoted_alternatives(&["a"]), "`a`");
        assert_eq!(quoted_alternatives(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(quoted_alternatives(&[]), "");
    }
}
