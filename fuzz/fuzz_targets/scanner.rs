//! Arbitrary text as a JavaScript file: the require() scanner never panics, every call and
//! computed argument it reports lies inside the text on character boundaries, in order, and
//! every call's text starts with the identifier `require`, whose letters may be written with
//! escapes (`\u0072equire`; in code that does not parse, any backslash escape the lexer
//! skips, such as `re\quire`, which the syntax check reports as EP312).
#![no_main]

use extpack::js::scanner::{RequireTarget, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let calls = scan(&text);
    let mut previous = 0;
    for call in &calls {
        let range = &call.call;
        assert!(range.start <= range.end && range.end <= text.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(range.start >= previous, "calls come in source order");
        previous = range.start;
        let at = &text[range.start..];
        assert!(at.starts_with('r') || at.starts_with('\\'), "{at:?}");
        let ident: String = at
            .chars()
            .take_while(|c| *c != '(' && !c.is_whitespace() && *c != '/')
            .collect();
        assert!(ident == "require" || ident.contains('\\'), "{ident:?}");
        if let RequireTarget::Computed { span } = &call.target {
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(range.start <= span.start && span.end <= range.end);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
});
