//! The end of central directory record, read from the archive's last bytes before the zip
//! crate parses anything: what it declares is checked against the limits first.

use std::io::{Read, Seek, SeekFrom};

use super::io::Input;

/// The end of central directory record found in the last 64 KiB: entry count, central
/// directory offset and size (from the ZIP64 record when the short one is saturated).
pub(super) struct EndRecord {
    pub(super) entries: u64,
    pub(super) offset: u64,
    pub(super) size: u64,
}

pub(super) fn end_record(input: &mut Input, len: u64) -> Option<EndRecord> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let tail_len = len.min(22 + 65_535);
    input.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0; usize::try_from(tail_len).ok()?];
    input.read_exact(&mut tail).ok()?;
    let at = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail.get(i..i + 4) == Some(EOCD))?;
    let record = tail.get(at..at + 22)?;
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([record[i], record[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            record[i],
            record[i + 1],
            record[i + 2],
            record[i + 3],
        ]))
    };
    let short = EndRecord {
        entries: u16_at(10),
        size: u32_at(12),
        offset: u32_at(16),
    };
    if short.entries != 0xFFFF && short.size != 0xFFFF_FFFF && short.offset != 0xFFFF_FFFF {
        return Some(short);
    }
    // ZIP64: the locator sits just before the end record and points at the ZIP64 record.
    let locator = tail.get(at.checked_sub(20)?..at)?;
    if locator.get(..4)? != b"PK\x06\x07" {
        return Some(short);
    }
    let offset = u64::from_le_bytes(locator.get(8..16)?.try_into().ok()?);
    input.seek(SeekFrom::Start(offset)).ok()?;
    let mut record = [0u8; 56];
    input.read_exact(&mut record).ok()?;
    if &record[..4] != b"PK\x06\x06" {
        return Some(short);
    }
    let u64_at = |i: usize| {
        record
            .get(i..i + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    Some(EndRecord {
        entries: u64_at(32),
        size: u64_at(40),
        offset: u64_at(48),
    })
}

/// The entry count the end record declares, if there is a recognisable one.
pub(super) fn declared_entry_count(input: &mut Input, len: u64) -> Option<u64> {
    end_record(input, len).map(|r| r.entries)
}
