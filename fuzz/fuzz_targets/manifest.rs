//! Arbitrary bytes as extension.json: parsing with spans never panics, and every span it
//! returns lies inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = extpack::manifest::parse("extension.json".to_owned(), data);
    for d in &loaded.diagnostics {
        if let Some(at) = &d.primary {
            let text = at.file.text();
            assert!(at.range.start <= at.range.end && at.range.end <= text.len());
            assert!(text.is_char_boundary(at.range.start) && text.is_char_boundary(at.range.end));
        }
    }
    if let Some(manifest) = &loaded.manifest {
        let text = manifest.file.text();
        for (_, span) in manifest.spans.iter() {
            for range in [Some(&span.value), span.key.as_ref()].into_iter().flatten() {
                assert!(range.start <= range.end && range.end <= text.len());
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
        }
    }
});
