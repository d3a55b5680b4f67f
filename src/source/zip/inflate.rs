//! Reading an entry's data: located by the zip crate, inflated by one reused decompressor,
//! bounded by and checked against the declared size and the CRC.

use std::io::{self, Read};

use zip::CompressionMethod;

use super::io::Reader;
use super::{EntryMeta, ZipSource, findings};
use crate::source::{ExtensionSource, SourceError};

/// A raw-deflate decompressor and its input buffer, reset for each entry.
pub(super) struct Inflater {
    state: flate2::Decompress,
    input: Box<[u8]>,
}

impl std::fmt::Debug for Inflater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Inflater")
    }
}

impl Inflater {
    pub(super) fn new() -> Inflater {
        Inflater {
            state: flate2::Decompress::new(false),
            input: vec![0; 16 * 1024].into_boxed_slice(),
        }
    }

    /// Inflates the deflate stream `raw` into `out`, stopping at the end of the stream or once
    /// `out` holds `limit` bytes, whichever comes first; `out` never grows past `limit`.
    /// A stream that is cut short or invalid is an error.
    fn inflate(&mut self, raw: &mut impl Read, limit: u64, out: &mut Vec<u8>) -> io::Result<()> {
        const STEP: u64 = 64 * 1024;
        self.state.reset(false);
        let (mut start, mut end) = (0, 0);
        loop {
            let room = limit.saturating_sub(out.len() as u64);
            if room == 0 {
                return Ok(());
            }
            if start == end {
                start = 0;
                end = raw.read(&mut self.input)?;
                if end == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the compressed data ends before the deflate stream does",
                    ));
                }
            }
            let want = usize::try_from(room.min(STEP)).unwrap_or(0);
            if out.capacity() - out.len() < want {
                out.reserve_exact(want);
            }
            // Output goes up to the capacity: keep it within the limit.
            let cap = usize::try_from(limit).unwrap_or(usize::MAX);
            if out.capacity() > cap {
                out.shrink_to(cap);
            }
            let (in_before, out_before) = (self.state.total_in(), self.state.total_out());
            let status = self
                .state
                .decompress_vec(&self.input[start..end], out, flate2::FlushDecompress::None)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            let consumed = usize::try_from(self.state.total_in() - in_before).unwrap_or(0);
            start += consumed;
            match status {
                flate2::Status::StreamEnd => return Ok(()),
                _ if consumed == 0 && self.state.total_out() == out_before => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the deflate stream makes no progress",
                    ));
                }
                _ => {}
            }
        }
    }
}

impl ZipSource {
    /// Reads an entry with one of the archive's readers: bounded by the declared size, checked
    /// against it and against the CRC.
    pub(super) fn read_with(
        &self,
        reader: &mut Reader,
        relative: &str,
        meta: &EntryMeta,
    ) -> Result<Vec<u8>, SourceError> {
        let corrupt = |e: &dyn std::fmt::Display| SourceError::Io {
            path: self.display_path(relative),
            source: io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the archive is corrupt: {e}"),
            ),
        };
        let Reader { archive, inflater } = reader;
        // The zip crate finds the entry's data (after its local header); extpack inflates it
        // with one reused decompressor (a fresh one per entry costs ~50 KB of allocations,
        // which showed on archives with a thousand library files).
        let mut raw = archive.by_index_raw(meta.index).map_err(|e| corrupt(&e))?;
        if let Some(data_start) = raw.data_start()
            && data_start.saturating_add(meta.compressed) > meta.next_header
        {
            drop(raw);
            self.refuse(findings::data_runs_past(
                &self.display,
                &self.prefix,
                relative,
            ));
            return Err(SourceError::Unreadable(self.display_path(relative)));
        }
        let crc = raw.crc32();
        let deflated = raw.compression() == CompressionMethod::Deflated;
        // Never more than one byte past the declared size, whatever the data holds.
        let limit = meta.size.saturating_add(1);
        let capacity = usize::try_from(meta.size.min(16 << 20)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        let outcome = if deflated {
            inflater.inflate(&mut raw, limit, &mut bytes)
        } else {
            (&mut raw).take(limit).read_to_end(&mut bytes).map(drop)
        };
        drop(raw);
        outcome.map_err(|e| corrupt(&e))?;
        if bytes.len() as u64 != meta.size {
            let actual = if bytes.len() as u64 > meta.size {
                "more".to_owned()
            } else {
                format!("{}", bytes.len())
            };
            self.record(findings::size_mismatch(
                self.display_path(relative),
                meta.size,
                &actual,
            ));
            return Err(SourceError::Unreadable(self.display_path(relative)));
        }
        if crc32fast::hash(&bytes) != crc {
            return Err(corrupt(&"the entry's checksum does not match its data"));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn inflating_never_goes_past_the_limit_and_refuses_broken_streams() {
        let data = vec![b'a'; 100_000];
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&data).unwrap();
        let compressed = encoder.finish().unwrap();
        let mut inflater = Inflater::new();

        let mut out = Vec::new();
        inflater
            .inflate(&mut &compressed[..], 1_001, &mut out)
            .unwrap();
        assert_eq!(out.len(), 1_001);
        assert!(out.capacity() <= 1_001);

        let mut out = Vec::new();
        inflater
            .inflate(&mut &compressed[..], 200_000, &mut out)
            .unwrap();
        assert_eq!(out, data);

        let mut out = Vec::new();
        let cut = &compressed[..compressed.len() / 2];
        let error = inflater
            .inflate(&mut &cut[..], 200_000, &mut out)
            .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);

        let mut out = Vec::new();
        let garbage = [0xFFu8; 64];
        assert!(
            inflater
                .inflate(&mut &garbage[..], 200_000, &mut out)
                .is_err()
        );
    }
}
