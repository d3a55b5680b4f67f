//! The value of a JavaScript string literal or substitution-free template, decoded from its
//! source text: what `require('…')` asks for.

/// Decodes the body of a string literal (or, with `template`, of a template literal, whose
/// CR and CRLF line breaks read as LF). Invalid escapes decode leniently.
pub(super) fn decode(raw: &str, template: bool) -> String {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut run = 0;
    let mut j = 0;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => {
                out.push_str(raw.get(run..j).unwrap_or(""));
                j = decode_escape(raw, j + 1, &mut out);
                run = j;
            }
            b'\r' if template => {
                out.push_str(raw.get(run..j).unwrap_or(""));
                out.push('\n');
                j += if b.get(j + 1) == Some(&b'\n') { 2 } else { 1 };
                run = j;
            }
            _ => j += 1,
        }
    }
    out.push_str(raw.get(run..).unwrap_or(""));
    out
}

/// The value of `n` ASCII hex digits at `at`.
fn hex_at(raw: &str, at: usize, n: usize) -> Option<u32> {
    let digits = raw.get(at..at.checked_add(n)?)?;
    if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// Decodes the escape whose character is at `k` (after the backslash) into `out`; returns
/// the position after it.
fn decode_escape(raw: &str, k: usize, out: &mut String) -> usize {
    let Some(ch) = raw.get(k..).and_then(|s| s.chars().next()) else {
        return k;
    };
    let next = k + ch.len_utf8();
    let simple = match ch {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'v' => '\u{b}',
        // Line continuations.
        '\r' => {
            return if raw.as_bytes().get(next) == Some(&b'\n') {
                next + 1
            } else {
                next
            };
        }
        '\n' | '\u{2028}' | '\u{2029}' => return next,
        'x' => match hex_at(raw, next, 2).and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                return next + 2;
            }
            None => 'x',
        },
        'u' => return decode_unicode_escape(raw, next, out),
        '0'..='7' => {
            // Legacy octal: up to three digits, value at most 0o377.
            let max_len = if ch <= '3' { 3 } else { 2 };
            let mut value = 0;
            let mut end = k;
            while end < k + max_len {
                match raw.as_bytes().get(end) {
                    Some(d @ b'0'..=b'7') => {
                        value = value * 8 + u32::from(d - b'0');
                        end += 1;
                    }
                    _ => break,
                }
            }
            out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            return end;
        }
        other => other,
    };
    out.push(simple);
    next
}

/// Decodes `\u` escapes; `at` is after the `u`. Lone surrogates become U+FFFD, and an
/// invalid escape decodes as a plain `u`.
fn decode_unicode_escape(raw: &str, at: usize, out: &mut String) -> usize {
    let b = raw.as_bytes();
    if b.get(at) == Some(&b'{') {
        let mut end = at + 1;
        while b.get(end).is_some_and(u8::is_ascii_hexdigit) {
            end += 1;
        }
        if b.get(end) == Some(&b'}') && end > at + 1 {
            let value = raw
                .get(at + 1..end)
                .and_then(|d| u32::from_str_radix(d, 16).ok());
            out.push(value.and_then(char::from_u32).unwrap_or('\u{FFFD}'));
            return end + 1;
        }
        out.push('u');
        return at;
    }
    let Some(unit) = hex_at(raw, at, 4) else {
        out.push('u');
        return at;
    };
    if (0xD800..0xDC00).contains(&unit)
        && b.get(at + 4) == Some(&b'\\')
        && b.get(at + 5) == Some(&b'u')
        && let Some(low @ 0xDC00..0xE000) = hex_at(raw, at + 6, 4)
    {
        let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
        return at + 10;
    }
    out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
    at + 4
}
