//! The start tags of an HTML document and their attributes, as a browser's tokenizer reads
//! them, in one linear pass.
//!
//! Comments (`<!-- … -->`), doctypes and other `<!…>` / `<?…>` markup are skipped; so is the
//! content of the raw-text elements (`script`, `style`, `textarea`, `title`, `xmp`, `iframe`,
//! `noembed`, `noframes`), up to their end tag, so that `"<img src=x>"` inside a script is not
//! a tag. Attribute values may be double-quoted, single-quoted or unquoted; character
//! references (`&amp;`, `&#47;`, `&#x2F;`, …) in them are decoded. A tag cut off by the end
//! of the document is dropped, as browsers drop it. Every byte is looked at a bounded number
//! of times, and nothing panics: all indexing is checked.

use std::borrow::Cow;
use std::ops::Range;

/// One start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The name as written (`SCRIPT`, `img`).
    pub name: &'a str,
    /// The byte offset of its `<`.
    pub start: usize,
    pub attributes: Vec<Attribute<'a>>,
}

/// One attribute of a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The value with character references decoded; empty for an attribute without one.
    pub value: Cow<'a, str>,
    /// Where the value is written, without its quotes (empty, after the name, when there is
    /// no value).
    pub range: Range<usize>,
}

impl<'a> Tag<'a> {
    /// Whether this is a `name` element (ASCII case-insensitive, as HTML's names are).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The first attribute of that name (ASCII case-insensitive), as browsers take it.
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Every start tag of `html`, in document order.
pub fn start_tags(html: &str) -> Vec<Tag<'_>> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(lt) = find_byte(b, i, b'<') {
        let next = b.get(lt + 1).copied();
        i = match next {
            Some(b'!') if b.get(lt + 2..lt + 4) == Some(b"--") => {
                find(b, lt + 4, b"-->").map_or(b.len(), |end| end + 3)
            }
            Some(b'!' | b'?' | b'/') => find_byte(b, lt + 2, b'>').map_or(b.len(), |end| end + 1),
            Some(c) if c.is_ascii_alphabetic() => match read_tag(html, lt) {
                Some((tag, end)) => {
                    let raw = RAW_TEXT.iter().find(|name| tag.is(name)).copied();
                    tags.push(tag);
                    match raw {
                        Some(name) => end_of_raw_text(b, end, name),
                        None => end,
                    }
                }
                None => b.len(),
            },
            _ => lt + 1,
        };
    }
    tags
}

/// Reads the start tag whose `<` is at `lt`: the tag and the position after its `>`, or
/// `None` when the document ends inside it.
fn read_tag(html: &str, lt: usize) -> Option<(Tag<'_>, usize)> {
    let b = html.as_bytes();
    let name_end = skip_while(b, lt + 1, |c| !is_space(c) && c != b'/' && c != b'>');
    let mut tag = Tag {
        name: html.get(lt + 1..name_end)?,
        start: lt,
        attributes: Vec::new(),
    };
    let mut i = name_end;
    loop {
        i = skip_while(b, i, |c| is_space(c) || c == b'/');
        match b.get(i)? {
            b'>' => return Some((tag, i + 1)),
            _ => {
                // The name runs to a space, `/`, `>` or `=` (a leading `=` belongs to it).
                let name_start = i;
                i = skip_while(b, i + 1, |c| {
                    !is_space(c) && c != b'/' && c != b'>' && c != b'='
                });
                let name = html.get(name_start..i)?;
                let after_name = skip_while(b, i, is_space);
                if b.get(after_name) != Some(&b'=') {
                    tag.attributes.push(Attribute {
                        name,
                        value: Cow::Borrowed(""),
                        range: i..i,
                    });
                    continue;
                }
                let value_start = skip_while(b, after_name + 1, is_space);
                let (range, end) = match b.get(value_start)? {
                    q @ (b'"' | b'\'') => {
                        let close = find_byte(b, value_start + 1, *q)?;
                        (value_start + 1..close, close + 1)
                    }
                    b'>' => (value_start..value_start, value_start),
                    _ => {
                        let end = skip_while(b, value_start, |c| !is_space(c) && c != b'>');
                        (value_start..end, end)
                    }
                };
                tag.attributes.push(Attribute {
                    name,
                    value: decode_references(html.get(range.clone())?),
                    range,
                });
                i = end;
            }
        }
    }
}

/// The position after the end tag `</name` (and its `>`) that closes a raw-text element
/// whose content starts at `i`; the end of the document when there is none.
fn end_of_raw_text(b: &[u8], mut i: usize, name: &str) -> usize {
    while let Some(lt) = find(b, i, b"</") {
        let after = lt + 2 + name.len();
        let matches = b
            .get(lt + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        if matches
            && b.get(after)
                .is_none_or(|c| is_space(*c) || *c == b'>' || *c == b'/')
        {
            return find_byte(b, after, b'>').map_or(b.len(), |end| end + 1);
        }
        i = lt + 2;
    }
    b.len()
}

/// Decodes the character references of an attribute value: the five named ones of XML
/// (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`) and numeric ones; others stay as written.
fn decode_references(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let body = rest.get(1..semi)?;
            let c = match body {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = body.strip_prefix('#')?;
                    let value = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(value)?
                }
            };
            Some((c, semi + 1))
        });
        match reference {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// HTML's ASCII white space.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

fn skip_while(b: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while b.get(i).is_some_and(|c| keep(*c)) {
        i += 1;
    }
    i
}

fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|c| *c == byte)
        .map(|p| from + p)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(at) = find_byte(b, i, first) {
        if b.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        start_tags(html)
            .iter()
            .map(|t| {
                (
                    t.name.to_owned(),
                    t.attributes
                        .iter()
                        .map(|a| (a.name.to_owned(), a.value.clone().into_owned()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn tags_and_attributes_as_a_browser_reads_them() {
        let html = r#"<!DOCTYPE html><HTML lang=en><head>
<!-- <script src="commented.js"></script> -->
<SCRIPT SRC='a.js?v=1&amp;x=2' defer></script>
<link rel=stylesheet href=b.css/><img src = "c&#x2F;d.png" alt=""></head>"#;
        assert_eq!(
            summary(html),
            [
                (
                    "HTML".to_owned(),
                    vec![("lang".to_owned(), "en".to_owned())]
                ),
                ("head".to_owned(), vec![]),
                (
                    "SCRIPT".to_owned(),
                    vec![
                        ("SRC".to_owned(), "a.js?v=1&x=2".to_owned()),
                        ("defer".to_owned(), String::new())
                    ]
                ),
                (
                    "link".to_owned(),
                    vec![
                        ("rel".to_owned(), "stylesheet".to_owned()),
                        ("href".to_owned(), "b.css/".to_owned())
                    ]
                ),
                (
                    "img".to_owned(),
                    vec![
                        ("src".to_owned(), "c/d.png".to_owned()),
                        ("alt".to_owned(), String::new())
                    ]
                ),
            ]
        );
        let tags = start_tags(html);
        let script = tags.iter().find(|t| t.is("script")).unwrap();
        let src = script.attribute("src").unwrap();
        assert_eq!(&html[src.range.clone()], "a.js?v=1&amp;x=2");
    }

    #[test]
    fn raw_text_is_not_markup() {
        let html = "<script>var s = '<img src=no.png>'; if (a </b) {}</script ><img src=yes.png>\
                    <style>a::before{content:'<link href=no.css>'}</style>\
                    <textarea><script src=no.js></script></textarea><title><img src=no></title>";
        let names: Vec<(&str, Option<String>)> = start_tags(html)
            .iter()
            .map(|t| (t.name, t.attribute("src").map(|a| a.value.to_string())))
            .collect();
        assert_eq!(
            names,
            [
                ("script", None),
                ("img", Some("yes.png".to_owned())),
                ("style", None),
                ("textarea", None),
                ("title", None)
            ]
        );
    }

    #[test]
    fn hostile_markup_never_panics() {
        for html in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<a b=\"x",
            "<!--",
            "<!",
            "<script>",
            "</",
            "<a &#xFFFFFFFF;>",
            "<a b='&#xD800;&#99999999;&;&amp'>",
            "<é à=ü>",
            "<<<<>>>>",
            "\u{0}<\u{0}",
        ] {
            let _ = start_tags(html);
        }
        let many = "<a b=c ".repeat(100_000);
        assert!(start_tags(&many).is_empty());
        let nested = "<div>".repeat(100_000);
        assert_eq!(start_tags(&nested).len(), 100_000);
        let scripts = "<script></scrip".repeat(50_000);
        assert_eq!(start_tags(&scripts).len(), 1);
    }

    #[test]
    fn unknown_references_stay_as_written() {
        assert_eq!(decode_references("a&nbsp;b&#65;&#x42;&"), "a&nbsp;bAB&");
    }
}
