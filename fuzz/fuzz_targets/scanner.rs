//! Arbitrary text as a JavaScript file: the require() scanner never panics, every call and
//! computed argument it reports lies inside the text on character boundaries, in order, and
//! every call's text starts with `require` (or its escaped spelling).
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
        assert!(text[range.start..].starts_with("require") || text[range.start..].starts_with("\\u"));
        if let RequireTarget::Computed { span } = &call.target {
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(range.start <= span.start && span.end <= range.end);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
});
