//! Names stored more than once, and whether their copies hold the same bytes.
//!
//! Adobe's packager stores a file once per reference (an icon under `viewBasePath` that
//! `iconPath` also names, a library file reached by two `require()` spellings): the same bytes
//! twice, which the platform accepts (EP317, a warning). Copies with different bytes are
//! EP014, an error: which one an extractor keeps depends on the extractor.
//!
//! The zip crate keeps only the last copy of a name, so the copies are read from the raw
//! central directory, and compared by streaming both through their decompressors: nothing
//! larger than a buffer is held, and the bytes compared are bounded by the archive's size
//! limit. A copy that cannot be compared (encrypted, another compression method, ZIP64 sizes,
//! a broken stream) counts as different.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};

use super::end_record::end_record;
use super::io::Input;

/// One stored copy of a name, as the central directory describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Copy {
    /// Where its local header starts.
    pub(super) header_start: u64,
    /// The compression method's number (0 stored, 8 deflate).
    pub(super) method: u16,
    pub(super) crc: u32,
    pub(super) compressed: u64,
    pub(super) size: u64,
    /// False when it cannot be read to compare (encrypted, ZIP64 sizes).
    pub(super) comparable: bool,
}

/// The names stored more than once in the raw central directory, as stored, with every copy.
/// Best effort: nothing when the directory cannot be walked.
pub(super) fn stored_more_than_once(
    input: &mut Input,
    len: u64,
    max_entries: u64,
) -> Vec<(Vec<u8>, Vec<Copy>)> {
    let Some(end) = end_record(input, len) else {
        return Vec::new();
    };
    if end.size > len || input.seek(SeekFrom::Start(end.offset)).is_err() {
        return Vec::new();
    }
    let mut copies: BTreeMap<Vec<u8>, Vec<Copy>> = BTreeMap::new();
    let mut header = [0u8; 46];
    for _ in 0..end.entries.min(max_entries) {
        if input.read_exact(&mut header).is_err() || &header[..4] != b"PK\x01\x02" {
            break;
        }
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
        let u32_at =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        let mut name = vec![0; usize::from(u16_at(28))];
        if input.read_exact(&mut name).is_err() {
            break;
        }
        let skip = i64::from(u16_at(30)) + i64::from(u16_at(32));
        if input.seek(SeekFrom::Current(skip)).is_err() {
            break;
        }
        let (compressed, size, offset) = (u32_at(20), u32_at(24), u32_at(42));
        let zip64 = [compressed, size, offset].contains(&u32::MAX);
        copies.entry(name).or_default().push(Copy {
            header_start: u64::from(offset),
            method: u16_at(10),
            crc: u32_at(16),
            compressed: u64::from(compressed),
            size: u64::from(size),
            comparable: !zip64 && u16_at(8) & 1 == 0,
        });
    }
    copies.into_iter().filter(|(_, c)| c.len() > 1).collect()
}

/// Whether every copy holds the bytes of the first. Each comparison takes twice the copy's
/// size from `budget`; when the budget is spent, the copies count as different.
pub(super) fn same_bytes(input: &Input, copies: &[Copy], budget: &mut u64) -> bool {
    let Some((first, others)) = copies.split_first() else {
        return true;
    };
    others.iter().all(|other| {
        let cost = first.size.saturating_mul(2);
        if !first.comparable
            || !other.comparable
            || first.crc != other.crc
            || first.size != other.size
            || cost > *budget
        {
            return false;
        }
        *budget -= cost;
        match (content(input, first), content(input, other)) {
            (Some(a), Some(b)) => equal_streams(a, b, first.size),
            _ => false,
        }
    })
}

/// The uncompressed bytes of a copy, read from its local header on (at most one byte more
/// than it declares).
fn content(input: &Input, copy: &Copy) -> Option<Box<dyn Read>> {
    let mut input = input.clone();
    input.seek(SeekFrom::Start(copy.header_start)).ok()?;
    let mut header = [0u8; 30];
    input.read_exact(&mut header).ok()?;
    if &header[..4] != b"PK\x03\x04" {
        return None;
    }
    let u16_at = |i: usize| i64::from(u16::from_le_bytes([header[i], header[i + 1]]));
    input
        .seek(SeekFrom::Current(u16_at(26) + u16_at(28)))
        .ok()?;
    let raw = input.take(copy.compressed);
    let limit = copy.size.saturating_add(1);
    match copy.method {
        0 => Some(Box::new(raw.take(limit))),
        8 => Some(Box::new(flate2::read::DeflateDecoder::new(raw).take(limit))),
        _ => None,
    }
}

/// Whether two streams hold the same `size` bytes.
fn equal_streams(mut a: Box<dyn Read>, mut b: Box<dyn Read>, size: u64) -> bool {
    let (mut left, mut right) = (vec![0u8; 16 * 1024], vec![0u8; 16 * 1024]);
    let mut total = 0u64;
    loop {
        let Ok(n) = read_full(&mut a, &mut left) else {
            return false;
        };
        let Ok(m) = read_full(&mut b, &mut right) else {
            return false;
        };
        if n != m || left[..n] != right[..m] {
            return false;
        }
        if n == 0 {
            return total == size;
        }
        total += n as u64;
    }
}

/// Fills `buf` as far as the stream goes.
fn read_full(stream: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match stream.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use zip::write::SimpleFileOptions;

    use super::super::{ArchiveLimits, ZipSource};
    use crate::source::ExtensionSource;

    /// An archive holding `a.js` and `./a.js` (one name for the platform) with these texts.
    fn twice(first: &str, second: &str, max_bytes: u64) -> Vec<&'static str> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text, method) in [
            ("extension.json", "{}", zip::CompressionMethod::Deflated),
            ("a.js", first, zip::CompressionMethod::Deflated),
            ("./a.js", second, zip::CompressionMethod::Stored),
        ] {
            let options = SimpleFileOptions::default().compression_method(method);
            writer.start_file(name, options).unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        let limits = ArchiveLimits {
            max_bytes,
            ..ArchiveLimits::default()
        };
        let source = ZipSource::from_bytes("pkg.zip", bytes, &limits).unwrap();
        let mut codes: Vec<&str> = source.findings(&[]).iter().map(|d| d.code()).collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn copies_are_compared_by_their_uncompressed_bytes_within_a_budget() {
        let text = "module.exports = 1;\n".repeat(50);
        assert_eq!(twice(&text, &text, 1 << 20), ["EP012", "EP317"]);
        let other = text.replacen('1', "2", 1);
        assert_eq!(twice(&text, &other, 1 << 20), ["EP012", "EP014"]);
        // Comparing takes twice the size from the budget: beyond it, the copies count as
        // different (an error, never a wrong warning).
        let budget = 2 * text.len() as u64 - 1;
        assert_eq!(twice(&text, &text, budget + 1000), ["EP012", "EP317"]);
        assert!(twice(&text, &text, budget).contains(&"EP014"));
    }
}
