//! Arbitrary files with arbitrary spans, drawn by the human renderer: it never panics, never
//! writes a control character other than newline (and the colours it was asked for, here
//! none), and never writes a line longer than the excerpt's window allows.
#![no_main]

use std::sync::Arc;

use extpack::diag::{Diagnostic, ExtensionReport, Location, SourceFile, codes};
use extpack::render::{Format, Style, render};
use libfuzzer_sys::fuzz_target;

/// A number from the first bytes of `data`, and the rest.
fn take(data: &[u8]) -> (usize, &[u8]) {
    match data {
        [a, b, c, rest @ ..] => (
            usize::from(*a) << 16 | usize::from(*b) << 8 | usize::from(*c),
            rest,
        ),
        _ => (0, data),
    }
}

fuzz_target!(|data: &[u8]| {
    let (start, data) = take(data);
    let (len, data) = take(data);
    let (related, data) = take(data);
    let text = String::from_utf8_lossy(data).into_owned();
    let file = Arc::new(SourceFile::new("f\u{1b}.js", text));
    let end = start.saturating_add(len % 4096);
    let d = Diagnostic::new(&codes::EP301, "f.js", "message\u{7} with `quote`")
        .at(Location::new(&file, start..end).with_label("label\u{1b}[2J"))
        .related(Location::new(&file, related..related.saturating_add(1)).with_label("related"))
        .help("help\r\nline");
    // Built from the constructor, so that a new field of the report needs no change here.
    let mut report = ExtensionReport::unchecked("ext".into(), String::new());
    report.unchecked = None;
    report.diagnostics = vec![d];
    let mut out = Vec::new();
    render(
        Format::Human,
        &[report],
        Style {
            color: false,
            width: 100,
        },
        &mut out,
    )
    .expect("writing to a Vec does not fail");
    let out = String::from_utf8(out).expect("the output is UTF-8");
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
});
