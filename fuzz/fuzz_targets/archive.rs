//! Arbitrary bytes as a zip archive: indexing never panics, and checking whatever extension
//! it holds never panics either (reads are bounded by the guards, so no input can exhaust
//! memory). Small limits keep every run fast.
#![no_main]

use libfuzzer_sys::fuzz_target;

use extpack::source::{ArchiveLimits, ZipSource};

fuzz_target!(|data: &[u8]| {
    let limits = ArchiveLimits {
        max_bytes: 16 << 20,
        max_entries: 1_000,
    };
    if let Ok(source) = ZipSource::from_bytes("fuzz.zip", data.to_vec(), &limits) {
        let _ = extpack::check_source(&source);
    }
});
