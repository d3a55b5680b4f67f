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
    /// Where the end record starts in the archive.
    pub(super) at: u64,
    /// Where the ZIP64 end record starts, when the archive has one.
    pub(super) zip64_at: Option<u64>,
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
        at: len - tail_len + at as u64,
        zip64_at: None,
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
        at: short.at,
        zip64_at: Some(offset),
    })
}

/// The number of entries the central directory really holds: its headers counted from its
/// offset through its size, whatever the end record declares (at most `cap` + 1 are counted).
/// `None` when the central directory cannot be walked.
pub(super) fn count_central_directory(input: &mut Input, end: &EndRecord, cap: u64) -> Option<u64> {
    const HEADER: &[u8] = b"PK\x01\x02";
    input.seek(SeekFrom::Start(end.offset)).ok()?;
    let mut header = [0u8; 46];
    let mut position = 0u64;
    let mut count = 0u64;
    while position + 46 <= end.size && count <= cap {
        input.read_exact(&mut header).ok()?;
        if &header[..4] != HEADER {
            break;
        }
        let field = |i: usize| u64::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let rest = field(28) + field(30) + field(32);
        input
            .seek(SeekFrom::Current(i64::try_from(rest).ok()?))
            .ok()?;
        position += 46 + rest;
        count += 1;
    }
    Some(count)
}

/// The archive's bytes with the end record (and the ZIP64 one) declaring `count` entries,
/// so that the zip reader sees every entry the central directory holds. `None` when the count
/// does not fit the short record and there is no ZIP64 record to hold it.
pub(super) fn with_entry_count(mut bytes: Vec<u8>, end: &EndRecord, count: u64) -> Option<Vec<u8>> {
    let short = usize::try_from(end.at).ok()?;
    match end.zip64_at {
        Some(zip64) => {
            let zip64 = usize::try_from(zip64).ok()?;
            let value = count.to_le_bytes();
            bytes
                .get_mut(zip64 + 24..zip64 + 32)?
                .copy_from_slice(&value);
            bytes
                .get_mut(zip64 + 32..zip64 + 40)?
                .copy_from_slice(&value);
        }
        None => {
            let value = u16::try_from(count)
                .ok()
                .filter(|c| *c != 0xFFFF)?
                .to_le_bytes();
            bytes
                .get_mut(short + 8..short + 10)?
                .copy_from_slice(&value);
            bytes
                .get_mut(short + 10..short + 12)?
                .copy_from_slice(&value);
        }
    }
    Some(bytes)
}
