//! JSON Pointers (RFC 6901): building them, and showing them to people as `actions[0].libPath`.

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The unescaped reference tokens of a pointer.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// The pointer of the parent value (`/a/b` → `/a`; the root has none).
pub fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

/// The last token, unescaped (`/actions/0/libPath` → `libPath`).
pub fn last_token(pointer: &str) -> Option<String> {
    tokens(pointer).last()
}

/// How a pointer is named in messages: `actions[0].libPath`; the root is `the top level`.
pub fn display(pointer: &str) -> String {
    let mut out = String::new();
    for token in tokens(pointer) {
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) && !out.is_empty() {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else if is_identifier(&token) {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        } else {
            out.push('[');
            out.push_str(&serde_json::Value::String(token).to_string());
            out.push(']');
        }
    }
    if out.is_empty() {
        "the top level".to_owned()
    } else {
        out
    }
}

fn is_identifier(token: &str) -> bool {
    let mut chars = token.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_tokens() {
        let p = push(&push("", "a/b"), "c~d");
        assert_eq!(p, "/a~1b/c~0d");
        assert_eq!(tokens(&p).collect::<Vec<_>>(), ["a/b", "c~d"]);
        assert_eq!(parent(&p), Some("/a~1b"));
        assert_eq!(parent(""), None);
    }

    #[test]
    fn displays_pointers_like_code() {
        assert_eq!(display(""), "the top level");
        assert_eq!(display("/version"), "version");
        assert_eq!(display("/actions/0/libPath"), "actions[0].libPath");
        assert_eq!(display("/a b"), "[\"a b\"]");
        assert_eq!(display("/schema/properties/$ref"), "schema.properties.$ref");
    }
}
