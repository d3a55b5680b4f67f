//! Whether a file is SVG content: its first element, after an optional byte order mark, XML
//! declaration, processing instructions, comments and doctype, is `<svg`. When it is not,
//! what it looks like instead, so that a finding can say it.

/// What the start of a file looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Svg,
    /// No bytes, or only white space.
    Empty,
    /// A binary format known by its first bytes (`PNG`, `JPEG`, `GIF`, `WebP`, `gzip`).
    Binary(&'static str),
    /// An HTML document (a web page saved in place of the icon).
    Html,
    /// Something else: its first characters.
    Other(String),
}

/// Binary formats an icon file is found to be, by their magic numbers.
const MAGIC: [(&[u8], &str); 6] = [
    (b"\x89PNG", "PNG"),
    (b"\xFF\xD8\xFF", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1F\x8B", "gzip-compressed (an `.svgz`)"),
    (b"RIFF", "RIFF (WebP)"),
    (b"\x00\x00\x01\x00", "ICO"),
];

/// Sniffs the first element of `bytes`.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Sniffed::Binary(name);
    }
    let text = String::from_utf8_lossy(bytes);
    let mut rest = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    loop {
        rest = rest.trim_start();
        let skipped = if rest.starts_with("<?") {
            after(rest, "?>")
        } else if rest.starts_with("<!--") {
            after(rest, "-->")
        } else if starts_with_ignore_case(rest, "<!doctype html") {
            return Sniffed::Html;
        } else if starts_with_ignore_case(rest, "<!doctype") {
            Some(after_doctype(rest))
        } else {
            None
        };
        match skipped {
            Some(next) => rest = next,
            None => break,
        }
    }
    if rest.is_empty() {
        return Sniffed::Empty;
    }
    if let Some(after_name) = rest.strip_prefix("<svg")
        && after_name
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
    {
        return Sniffed::Svg;
    }
    if starts_with_ignore_case(rest, "<html") || starts_with_ignore_case(rest, "<head") {
        return Sniffed::Html;
    }
    Sniffed::Other(
        rest.chars()
            .take(24)
            .map(|c| if c.is_control() { '·' } else { c })
            .collect(),
    )
}

/// The text after the first `end`, or nothing (an unterminated construct runs to the end).
fn after<'a>(text: &'a str, end: &str) -> Option<&'a str> {
    Some(text.find(end).map_or("", |i| &text[i + end.len()..]))
}

/// The text after a doctype, whose internal subset (`[ … ]`) may hold `>`.
fn after_doctype(text: &str) -> &str {
    let close = text.find('>').unwrap_or(text.len());
    match text.find('[') {
        Some(open) if open < close => text[open..]
            .find(']')
            .and_then(|end| {
                text[open + end..]
                    .find('>')
                    .map(|gt| &text[open + end + gt + 1..])
            })
            .unwrap_or(""),
        _ => text.get(close + 1..).unwrap_or(""),
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_after_a_prologue() {
        for svg in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Generator: Illustrator -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg version=\"1.1\">",
            "<!DOCTYPE svg [ <!ENTITY a \"<b>\"> ]>\n<svg>",
            "<?xml-stylesheet href=\"a.css\"?><svg\n>",
        ] {
            assert_eq!(sniff(svg.as_bytes()), Sniffed::Svg, "{svg}");
        }
    }

    #[test]
    fn other_content_is_named() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Sniffed::Binary("PNG"));
        assert_eq!(
            sniff(b"\x1f\x8b\x08\x00"),
            Sniffed::Binary("gzip-compressed (an `.svgz`)")
        );
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b"  \n <!-- only a comment -->"), Sniffed::Empty);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Sniffed::Html);
        assert_eq!(sniff(b"<html><body>404</body></html>"), Sniffed::Html);
        assert_eq!(sniff(b"<svgx>"), Sniffed::Other("<svgx>".to_owned()));
        assert_eq!(sniff(b"<SVG>"), Sniffed::Other("<SVG>".to_owned()));
        assert_eq!(
            sniff(b"{\"not\": \"an icon\"}\x00\x01"),
            Sniffed::Other("{\"not\": \"an icon\"}··".to_owned())
        );
    }

    #[test]
    fn broken_prologues_never_panic() {
        for text in [
            "<?",
            "<!--",
            "<!DOCTYPE",
            "<!DOCTYPE [",
            "<!DOCTYPE [ ]",
            "\u{FEFF}",
            "<",
            "é",
        ] {
            let _ = sniff(text.as_bytes());
        }
    }
}
