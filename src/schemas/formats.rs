//! The `format` keywords of the manifest schemas, judged as the platform judges them.
//!
//! The platform validates manifests with ajv and ajv-formats in its default ("full") mode. Its
//! `email` is stricter than the JSON Schema validator's own (a dotted domain is required, no
//! quoted local parts) and its `uri` rejects a scheme with nothing after it (`mailto:`). These
//! expressions restate the formats ajv-formats accepts (MIT licence), so that extpack passes
//! exactly the addresses and URLs the platform passes.

use std::sync::LazyLock;

use regex::Regex;

const EMAIL: &str = r"(?i-u)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";

// An absolute URI (RFC 3986): scheme, then authority and path, or a path; query; fragment.
// The IP-literal host (`[v6]`) is a large expression that takes milliseconds to compile, so it
// lives in its own expression, compiled only for the rare URI that has a `[`.
macro_rules! uri_pattern {
    ($ip_literal:expr) => {
        concat!(
            r"(?i-u)^(?:[a-z][a-z0-9+\-.]*:)(?:/?/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:",
            $ip_literal,
            r"(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)",
            r"|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::[0-9]*)?(?:/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*",
            r"|/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?",
            r"|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)",
            r"(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$",
        )
    };
}

const URI: &str = uri_pattern!("");

const URI_WITH_IP_LITERAL: &str = uri_pattern!(concat!(
    r"\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}",
    r"|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:",
    r"|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)",
    r"(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?))",
    r"|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)",
    r"|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|",
));

#[expect(
    clippy::expect_used,
    reason = "constant expressions; the unit tests compile both"
)]
static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(EMAIL).expect("email regex"));
#[expect(
    clippy::expect_used,
    reason = "constant expressions; the unit tests compile both"
)]
static URI_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(URI).expect("uri regex"));
#[expect(
    clippy::expect_used,
    reason = "constant expressions; the unit tests compile both"
)]
static URI_WITH_IP_LITERAL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(URI_WITH_IP_LITERAL).expect("uri regex with IP literals"));

/// `format: email` as the platform checks it.
pub fn is_email(s: &str) -> bool {
    EMAIL_RE.is_match(s)
}

/// `format: uri` as the platform checks it: absolute, with a scheme.
pub fn is_uri(s: &str) -> bool {
    (s.contains('/') || s.contains(':'))
        && if s.contains('[') {
            URI_WITH_IP_LITERAL_RE.is_match(s)
        } else {
            URI_RE.is_match(s)
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_like_the_platform() {
        for ok in ["a@b.c", "jane.doe+tags@example.co.uk", "X@EXAMPLE.COM"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "a@b",
            "user@localhost",
            "\"x y\"@z.com",
            "nope",
            "a@-b.com",
            "a@b.c ",
            "é@b.c",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn uris_like_the_platform() {
        for ok in [
            "https://example.com",
            "http://x",
            "mailto:a@b.c",
            "urn:isbn:1",
            "https://[::1]:8080/p?q#f",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "mailto:",
            "example.com",
            "//host/path",
            "/path",
            "http://exa mple.com",
            "",
            "https://é.com",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
    }
}
