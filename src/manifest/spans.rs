//! Byte spans of every key and value in a JSON text, by JSON Pointer, and the duplicate keys
//! found on the way.
//!
//! `serde_json` is the judge of whether the text is valid JSON; this walker runs only on texts
//! it accepted, but never panics on any input (it stops where the text stops making sense).

use std::collections::HashMap;
use std::ops::Range;

use super::pointer;

/// Where a value (and the key that names it, inside an object) is in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A key that appears twice in one object. JSON parsers, the platform's included, silently
/// keep the last one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The pointer of the (kept) duplicated member.
    pub pointer: String,
    pub key: String,
    pub first: Range<usize>,
    pub second: Range<usize>,
    /// The whole first member, from its key to the end of its value.
    pub first_member: Range<usize>,
}

/// Every key and value of a JSON text by JSON Pointer.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: HashMap<String, NodeSpan>,
}

impl SpanIndex {
    /// Indexes `text` and reports duplicate keys in text order.
    pub fn build(text: &str) -> (SpanIndex, Vec<DuplicateKey>) {
        let mut walker = Walker {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            index: SpanIndex::default(),
            duplicates: Vec::new(),
        };
        walker.value(String::new(), None);
        (walker.index, walker.duplicates)
    }

    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.nodes.get(pointer)
    }

    /// Every pointer and its spans, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeSpan)> {
        self.nodes.iter().map(|(p, n)| (p.as_str(), n))
    }
}

/// An index built from spans found elsewhere: a manifest mapped from another document (a saved
/// API response) points into that document.
impl FromIterator<(String, NodeSpan)> for SpanIndex {
    fn from_iter<I: IntoIterator<Item = (String, NodeSpan)>>(nodes: I) -> SpanIndex {
        SpanIndex {
            nodes: nodes.into_iter().collect(),
        }
    }
}

struct Walker<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    index: SpanIndex,
    duplicates: Vec<DuplicateKey>,
}

impl Walker<'_> {
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Reads one value and records it under `pointer`. Returns false where the text is not
    /// JSON, so the caller stops.
    fn value(&mut self, pointer: String, key: Option<Range<usize>>) -> bool {
        self.skip_whitespace();
        let start = self.pos;
        let ok = match self.peek() {
            Some(b'{') => self.object(&pointer),
            Some(b'[') => self.array(&pointer),
            Some(b'"') => self.string().is_some(),
            Some(_) => self.scalar(),
            None => false,
        };
        if ok {
            self.index.nodes.insert(
                pointer,
                NodeSpan {
                    key,
                    value: start..self.pos,
                },
            );
        }
        ok
    }

    fn object(&mut self, pointer: &str) -> bool {
        self.pos += 1;
        // Each key's key span and whole member span.
        let mut seen: HashMap<String, (Range<usize>, Range<usize>)> = HashMap::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return true;
        }
        loop {
            self.skip_whitespace();
            let Some(key_range) = self.string() else {
                return false;
            };
            let key = decode_string(&self.text[key_range.clone()]);
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return false;
            }
            self.pos += 1;
            let child = pointer::push(pointer, &key);
            if let Some((first, first_member)) = seen.get(&key).cloned() {
                self.duplicates.push(DuplicateKey {
                    pointer: child.clone(),
                    key: key.clone(),
                    first,
                    second: key_range.clone(),
                    first_member,
                });
            }
            if !self.value(child, Some(key_range.clone())) {
                return false;
            }
            let member = key_range.start..self.pos;
            seen.insert(key, (key_range, member));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, pointer: &str) -> bool {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return true;
        }
        let mut index = 0usize;
        loop {
            if !self.value(format!("{pointer}/{index}"), None) {
                return false;
            }
            index += 1;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    /// A string token, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(start..self.pos);
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// A number, `true`, `false` or `null`.
    fn scalar(&mut self) -> bool {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.pos += 1;
        }
        self.pos > start
    }
}

/// The value of a JSON string token (quotes included); the raw text if it does not decode.
fn decode_string(token: &str) -> String {
    let inner = token
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(token);
    if inner.contains('\\') {
        serde_json::from_str(token).unwrap_or_else(|_| inner.to_owned())
    } else {
        inner.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
        &text[r.clone()]
    }

    #[test]
    fn indexes_keys_and_values() {
        let text = r#"{ "a": [1, {"b/c": "x\"y"}], "n": null }"#;
        let (index, dups) = SpanIndex::build(text);
        assert!(dups.is_empty());
        assert_eq!(
            slice(
                text,
                &index.get("").map(|n| n.value.clone()).unwrap_or_default()
            ),
            text
        );
        let a = index.get("/a").cloned().unwrap_or_else(|| panic!("no /a"));
        assert_eq!(slice(text, &a.value), r#"[1, {"b/c": "x\"y"}]"#);
        assert_eq!(a.key.as_ref().map(|k| slice(text, k)), Some("\"a\""));
        let bc = index
            .get("/a/1/b~1c")
            .cloned()
            .unwrap_or_else(|| panic!("no b/c"));
        assert_eq!(slice(text, &bc.value), r#""x\"y""#);
        assert_eq!(index.get("/a/0").map(|n| slice(text, &n.value)), Some("1"));
        assert_eq!(index.get("/n").map(|n| slice(text, &n.value)), Some("null"));
    }

    #[test]
    fn reports_duplicates_with_both_places_and_keeps_the_last() {
        let text = r#"{"k": 1, "o": {"k": 2}, "k": 3}"#;
        let (index, dups) = SpanIndex::build(text);
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].pointer, "/k");
        assert_eq!(slice(text, &dups[0].first), "\"k\"");
        assert_eq!(dups[0].first.start, 1);
        assert_eq!(dups[0].second.start, 24);
        assert_eq!(slice(text, &dups[0].first_member), "\"k\": 1");
        assert_eq!(index.get("/k").map(|n| slice(text, &n.value)), Some("3"));
    }

    #[test]
    fn escaped_keys_are_compared_decoded() {
        let (_, dups) = SpanIndex::build(r#"{"a": 1, "\u0061": 2}"#);
        assert_eq!(dups.len(), 1);
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "", "{", "{\"a\"", "[1,", "\"abc", "{\"a\":}", "{\"a\\", "[", "}",
        ] {
            let _ = SpanIndex::build(text);
        }
    }
}
