//! Writing the archive: deterministic, parallel, bounded in memory, and atomic.
//!
//! - **Deterministic**: entries sorted by name; every timestamp the same (`SOURCE_DATE_EPOCH`
//!   when set, else 1980-01-01 00:00:00); permissions 0644 for files and 0755 for folders;
//!   deflate at level 6; no extra fields. The same files give the same bytes on every run and
//!   machine, whatever their modification times or the order a folder lists them in.
//! - **Parallel and bounded**: files are read, hashed and compressed in parallel (rayon) in
//!   batches of at most [`BATCH_BYTES`], then appended in name order; a file larger than a
//!   batch is streamed on its own. Memory stays around two batches whatever the extension's
//!   size. Entries already prepared while the checks ran ([`super::ahead`]) are taken as they
//!   are.
//! - **Store what does not shrink**: formats that are already compressed ([`STORED_EXTENSIONS`]:
//!   images, fonts, archives, media) are stored without trying; any other file is deflated and
//!   stored instead when deflating does not make it smaller.
//! - **Atomic**: written to a hidden temporary file beside the target, flushed and synced, and
//!   renamed into place only when complete. On any failure or interruption the temporary file
//!   is removed and an existing archive at the target is untouched.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use zip::write::{PreparedZipFile, SimpleFileOptions};
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::ahead::PreparedAhead;
use super::fileset::FileSet;
pub use crate::output::{ArchiveError, ArchiveSummary, EntryRecord};
use crate::output::{StagedFile, TempName};

/// The most file bytes held in memory by one batch of parallel compression.
pub const BATCH_BYTES: u64 = 32 * 1024 * 1024;

/// The deflate level of every entry.
pub const LEVEL: i64 = 6;

/// File name endings that are stored without compression: already-compressed formats.
pub const STORED_EXTENSIONS: [&str; 22] = [
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "woff", "woff2", "zip", "gz", "tgz", "br",
    "bz2", "xz", "7z", "mp3", "mp4", "m4a", "webm", "ogg", "ogv",
];

/// Where entries come from: a file's disk path by its archive name.
pub trait EntrySource: Sync {
    fn disk_path(&self, name: &str) -> PathBuf;
}

/// The timestamp of every entry: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set and
/// representable in a zip (1980–2107), else 1980-01-01 00:00:00.
pub fn timestamp_from_env() -> DateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(datetime_from_unix)
        .unwrap_or(DateTime::DEFAULT)
}

/// A UTC calendar date and time from seconds since 1970 (days-from-civil inverse).
fn datetime_from_unix(seconds: i64) -> Option<DateTime> {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    DateTime::from_date_and_time(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        u8::try_from(rest / 3600).ok()?,
        u8::try_from(rest % 3600 / 60).ok()?,
        u8::try_from(rest % 60).ok()?,
    )
    .ok()
}

/// The options of every entry: the same timestamp and permissions, deflated at [`LEVEL`] or
/// stored.
#[derive(Clone, Copy, Debug)]
pub struct EntryOptions {
    deflated: SimpleFileOptions,
    stored: SimpleFileOptions,
    folder: SimpleFileOptions,
}

impl EntryOptions {
    pub fn new(timestamp: DateTime) -> EntryOptions {
        let deflated = SimpleFileOptions::default()
            .last_modified_time(timestamp)
            .unix_permissions(0o644)
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(LEVEL));
        let stored = deflated
            .compression_method(CompressionMethod::Stored)
            .compression_level(None);
        EntryOptions {
            deflated,
            stored,
            folder: stored.unix_permissions(0o755),
        }
    }
}

/// One file read, hashed and compressed, ready to be appended.
pub struct Prepared {
    entry: PreparedZipFile,
    /// Hex SHA-256 of the file's content.
    sha256: String,
}

fn is_stored_format(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        STORED_EXTENSIONS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(ext))
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `files` to `target` atomically: [`stage`], then [`StagedArchive::sync`] and
/// [`StagedArchive::persist`] (what `pack` does, with the report's writing between the two).
#[cfg(test)]
pub(crate) fn write(
    source: &dyn EntrySource,
    files: &FileSet,
    target: &Path,
    options: &EntryOptions,
    ahead: &PreparedAhead,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<ArchiveSummary, ArchiveError> {
    let staged = stage(source, files, target, options, ahead, progress, cancel)?;
    staged.sync()?;
    staged.persist(cancel)
}

/// An archive written in full to a temporary file beside its target, not yet synced to disk
/// nor in place. Dropping it removes the file.
pub struct StagedArchive {
    file: StagedFile,
    summary: ArchiveSummary,
}

impl StagedArchive {
    /// What was written.
    pub fn summary(&self) -> &ArchiveSummary {
        &self.summary
    }

    /// Flushes the archive to the disk.
    pub fn sync(&self) -> Result<(), ArchiveError> {
        Ok(self.file.sync()?)
    }

    /// Renames the (synced) archive into place, unless interrupted.
    pub fn persist(self, cancel: &AtomicBool) -> Result<ArchiveSummary, ArchiveError> {
        if cancel.load(Ordering::Relaxed) {
            return Err(ArchiveError::Interrupted);
        }
        let StagedArchive { file, summary } = self;
        file.persist()?;
        Ok(summary)
    }
}

/// Writes `files` to a temporary file beside `target`. `progress` receives the bytes of
/// content done so far; `cancel` is polled between batches.
pub fn stage(
    source: &dyn EntrySource,
    files: &FileSet,
    target: &Path,
    options: &EntryOptions,
    ahead: &PreparedAhead,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<StagedArchive, ArchiveError> {
    stage_through(
        source,
        files,
        target,
        options,
        ahead,
        progress,
        cancel,
        |file| file,
    )
}

/// [`stage`], writing the temporary file through `sink` (the file itself, or in tests a
/// writer that fails on purpose).
#[allow(clippy::too_many_arguments, reason = "stage's arguments and the sink")]
fn stage_through<W: Write + Seek + Send>(
    source: &dyn EntrySource,
    files: &FileSet,
    target: &Path,
    options: &EntryOptions,
    ahead: &PreparedAhead,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
    sink: impl FnOnce(File) -> W,
) -> Result<StagedArchive, ArchiveError> {
    let temp = StagedFile::create(target, TempName::ARCHIVE)?;
    let file = temp.file().try_clone().map_err(ArchiveError::Write)?;
    let discard = Arc::new(AtomicBool::new(false));
    let mut zip = ZipWriter::new(HashingWriter::new(sink(file), Arc::clone(&discard)));
    let written = write_entries(&mut zip, source, files, options, ahead, progress, cancel)
        .and_then(|(entries, streamed)| Ok((zip.finish()?, entries, streamed)));
    let (mut hashing, mut entries, streamed) = match written {
        Ok(written) => written,
        Err(e) => {
            // The zip writer, dropped unfinished, would write its central directory (and
            // print any failure to do so); the temporary file is abandoned anyway.
            discard.store(true, Ordering::Relaxed);
            return Err(e);
        }
    };
    hashing.flush().map_err(ArchiveError::Write)?;
    if hashing.failed {
        return Err(ArchiveError::Write(io::Error::other(
            "a write to the archive failed",
        )));
    }

    // The archive's hash was taken while writing when the writes were sequential (the zip
    // writer seeks back to complete the header of a streamed entry); otherwise it is read
    // back from disk, and so are the streamed entries' sizes.
    let (sha256, size) = if hashing.sequential {
        (hex(&hashing.hasher.finalize()), hashing.position)
    } else {
        let mut reader = temp.reopen()?;
        let mut hasher = Sha256::new();
        io::copy(&mut reader, &mut hasher).map_err(ArchiveError::Write)?;
        let size = reader.stream_position().map_err(ArchiveError::Write)?;
        (hex(&hasher.finalize()), size)
    };
    if streamed {
        let reader = BufReader::new(temp.reopen()?);
        let mut archive = ZipArchive::new(reader)?;
        for (i, record) in entries.iter_mut().enumerate() {
            let entry = archive.by_index_raw(i)?;
            record.size = entry.size();
            record.compressed_size = entry.compressed_size();
        }
    }
    Ok(StagedArchive {
        file: temp,
        summary: ArchiveSummary {
            entries,
            sha256,
            size,
        },
    })
}

/// Appends every entry of `files` to `zip`, in name order; returns their records and whether
/// one was streamed (its sizes are then read back from the written archive).
fn write_entries<W: Write + Seek + Send>(
    zip: &mut ZipWriter<HashingWriter<W>>,
    source: &dyn EntrySource,
    files: &FileSet,
    options: &EntryOptions,
    ahead: &PreparedAhead,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<(Vec<EntryRecord>, bool), ArchiveError> {
    let sizes: Vec<u64> = files
        .files
        .iter()
        .map(|name| {
            std::fs::metadata(source.disk_path(name))
                .map(|m| m.len())
                .map_err(|e| ArchiveError::Read {
                    path: name.clone(),
                    source: e,
                })
        })
        .collect::<Result<_, _>>()?;
    let total: u64 = sizes.iter().sum();

    // Every entry's record; the sizes of a streamed entry are read back from the archive's
    // central directory at the end, all others are known from their prepared data.
    let mut entries: Vec<EntryRecord> = Vec::with_capacity(files.files.len() + files.folders.len());
    let mut streamed = false;
    for folder in &files.folders {
        zip.add_directory(folder.as_str(), options.folder)?;
        entries.push(EntryRecord {
            path: folder.clone(),
            size: 0,
            compressed_size: 0,
            sha256: hex(&Sha256::digest(b"")),
        });
    }
    // Folders sort before their own content, and the fileset has no other folders, so adding
    // them first keeps the archive in name order.
    let mut done = 0u64;
    let mut start = 0usize;
    while start < files.files.len() {
        if cancel.load(Ordering::Relaxed) {
            return Err(ArchiveError::Interrupted);
        }
        let size = sizes.get(start).copied().unwrap_or(0);
        if size > BATCH_BYTES {
            let name = &files.files[start];
            let sha = stream_entry(zip, source, name, options)?;
            streamed = true;
            entries.push(EntryRecord {
                path: name.clone(),
                size,
                compressed_size: 0,
                sha256: sha,
            });
            done += size;
            progress(done, total);
            start += 1;
            continue;
        }
        let mut end = start;
        let mut batch_bytes = 0u64;
        while end < files.files.len()
            && sizes.get(end).copied().unwrap_or(0) <= BATCH_BYTES
            && (end == start || batch_bytes + sizes.get(end).copied().unwrap_or(0) <= BATCH_BYTES)
        {
            batch_bytes += sizes.get(end).copied().unwrap_or(0);
            end += 1;
        }
        let append = InOrder::new(zip, &mut entries);
        files.files[start..end]
            .par_iter()
            .enumerate()
            .try_for_each(|(i, name)| {
                let prepared = match ahead.take(name) {
                    Some(ready) => ready,
                    None => prepare(source, name, options)?,
                };
                append.put(i, prepared)
            })?;
        append.finish(end - start)?;
        done += batch_bytes;
        progress(done, total);
        start = end;
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ArchiveError::Interrupted);
    }
    Ok((entries, streamed))
}

/// Appends the entries of a batch in name order as they are prepared: whichever thread
/// completes the next one appends it and every following one already waiting, so appending
/// (and hashing the archive) goes on while other entries are still being compressed.
struct InOrder<'a, W: Write + Seek> {
    state: Mutex<InOrderState<'a, W>>,
}

struct InOrderState<'a, W: Write + Seek> {
    zip: &'a mut ZipWriter<W>,
    records: &'a mut Vec<EntryRecord>,
    waiting: BTreeMap<usize, Prepared>,
    next: usize,
}

impl<'a, W: Write + Seek> InOrder<'a, W> {
    fn new(zip: &'a mut ZipWriter<W>, records: &'a mut Vec<EntryRecord>) -> InOrder<'a, W> {
        InOrder {
            state: Mutex::new(InOrderState {
                zip,
                records,
                waiting: BTreeMap::new(),
                next: 0,
            }),
        }
    }

    /// Checks that all `count` entries of the batch were appended.
    fn finish(self, count: usize) -> Result<(), ArchiveError> {
        match self.state.into_inner() {
            Ok(state) if state.next == count && state.waiting.is_empty() => Ok(()),
            _ => Err(ArchiveError::Write(io::Error::other(
                "an entry of the batch was not appended",
            ))),
        }
    }

    /// Hands over the batch's entry number `index`.
    fn put(&self, index: usize, prepared: Prepared) -> Result<(), ArchiveError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| ArchiveError::Write(io::Error::other("a compressing thread failed")))?;
        state.waiting.insert(index, prepared);
        loop {
            let next = state.next;
            let Some(Prepared { entry, sha256 }) = state.waiting.remove(&next) else {
                return Ok(());
            };
            state.records.push(EntryRecord {
                path: String::from_utf8_lossy(entry.file_name_raw()).into_owned(),
                size: entry.uncompressed_size(),
                compressed_size: entry.compressed_size(),
                sha256,
            });
            state.zip.add_prepared_file(entry)?;
            state.next += 1;
        }
    }
}

/// The archive file, buffered and hashed as it is written.
///
/// The zip writer asks for its position before and after every entry; a `BufWriter` would
/// flush and call `lseek` each time. This writer answers from its own count and only touches
/// the file for full buffers and for real seeks. A seek to anywhere but the current position
/// means bytes may be rewritten: the hash is then no longer the file's, and `sequential` says
/// so.
///
/// Once a write to the file has failed, or once `discard` is set (the archive is abandoned),
/// every further write and seek is accepted and does nothing: the zip writer, dropped
/// unfinished, then completes its drop-time finalising quietly instead of printing a second,
/// raw report of the failure. `failed` says that this happened, so that a finished archive is
/// never taken for complete.
struct HashingWriter<W: Write + Seek> {
    file: W,
    buffer: Vec<u8>,
    hasher: Sha256,
    /// The logical position: where the next byte goes (the file's position plus the buffer).
    position: u64,
    sequential: bool,
    failed: bool,
    discard: Arc<AtomicBool>,
}

impl<W: Write + Seek> HashingWriter<W> {
    const CAPACITY: usize = 1 << 20;

    fn new(file: W, discard: Arc<AtomicBool>) -> HashingWriter<W> {
        HashingWriter {
            file,
            buffer: Vec::with_capacity(Self::CAPACITY),
            hasher: Sha256::new(),
            position: 0,
            sequential: true,
            failed: false,
            discard,
        }
    }

    /// Whether writes are dropped: after a failure, or once the archive is abandoned.
    fn dropping(&self) -> bool {
        self.failed || self.discard.load(Ordering::Relaxed)
    }

    /// Records the first failure; every later operation then does nothing.
    fn fail<T>(&mut self, error: io::Error) -> io::Result<T> {
        self.failed = true;
        self.buffer.clear();
        Err(error)
    }

    fn flush_buffer(&mut self) -> io::Result<()> {
        if !self.buffer.is_empty() {
            if let Err(e) = self.file.write_all(&self.buffer) {
                return self.fail(e);
            }
            self.buffer.clear();
        }
        Ok(())
    }
}

impl<W: Write + Seek> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.dropping() {
            return Ok(buf.len());
        }
        if self.buffer.len() + buf.len() > Self::CAPACITY {
            self.flush_buffer()?;
        }
        if buf.len() >= Self::CAPACITY {
            if let Err(e) = self.file.write_all(buf) {
                return self.fail(e);
            }
        } else {
            self.buffer.extend_from_slice(buf);
        }
        if self.sequential {
            self.hasher.update(buf);
        }
        self.position += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.dropping() {
            return Ok(());
        }
        self.flush_buffer()?;
        match self.file.flush() {
            Ok(()) => Ok(()),
            Err(e) => self.fail(e),
        }
    }
}

impl<W: Write + Seek> Seek for HashingWriter<W> {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        let here = match to {
            io::SeekFrom::Current(0) => true,
            io::SeekFrom::Start(at) => at == self.position,
            _ => false,
        };
        if here || self.dropping() {
            return Ok(self.position);
        }
        self.flush_buffer()?;
        let at = match self.file.seek(to) {
            Ok(at) => at,
            Err(e) => return self.fail(e),
        };
        if at != self.position {
            self.sequential = false;
        }
        self.position = at;
        Ok(at)
    }
}

/// Reads, hashes and compresses one file (stored when deflating does not shrink it).
pub fn prepare(
    source: &dyn EntrySource,
    name: &str,
    options: &EntryOptions,
) -> Result<Prepared, ArchiveError> {
    let data = std::fs::read(source.disk_path(name)).map_err(|e| ArchiveError::Read {
        path: name.to_owned(),
        source: e,
    })?;
    let sha256 = hex(&Sha256::digest(&data));
    let stored = || PreparedZipFile::from_data(name, options.stored, &data);
    let entry = if data.is_empty() || is_stored_format(name) {
        stored()?
    } else {
        let deflated = PreparedZipFile::from_data(name, options.deflated, &data)?;
        if deflated.compressed_size() >= deflated.uncompressed_size() {
            stored()?
        } else {
            deflated
        }
    };
    Ok(Prepared { entry, sha256 })
}

/// Streams one large file into the archive, hashing it on the way.
fn stream_entry<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    source: &dyn EntrySource,
    name: &str,
    options: &EntryOptions,
) -> Result<String, ArchiveError> {
    let read_error = |e| ArchiveError::Read {
        path: name.to_owned(),
        source: e,
    };
    let options = if is_stored_format(name) {
        options.stored
    } else {
        options.deflated
    };
    let mut file = File::open(source.disk_path(name)).map_err(read_error)?;
    zip.start_file(name, options)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        let chunk = buffer.get(..n).unwrap_or_default();
        hasher.update(chunk);
        zip.write_all(chunk).map_err(ArchiveError::Write)?;
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_source_date_epoch() {
        let d = datetime_from_unix(1_700_000_000).unwrap();
        // 2023-11-14 22:13:20 UTC
        assert_eq!(
            (
                d.year(),
                d.month(),
                d.day(),
                d.hour(),
                d.minute(),
                d.second()
            ),
            (2023, 11, 14, 22, 13, 20)
        );
        assert!(
            datetime_from_unix(0).is_none(),
            "1970 is before the zip epoch"
        );
    }

    struct Folder(PathBuf);

    impl EntrySource for Folder {
        fn disk_path(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }
    }

    fn files(names: &[&str]) -> FileSet {
        FileSet {
            files: names.iter().map(|n| (*n).to_owned()).collect(),
            folders: Vec::new(),
        }
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A file that accepts `left` bytes, then fails every write as a full disk does.
    struct FailAt {
        file: File,
        left: u64,
    }

    impl Write for FailAt {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            let n = buf
                .len()
                .min(usize::try_from(self.left).unwrap_or(usize::MAX));
            let n = self.file.write(&buf[..n])?;
            self.left -= n as u64;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            self.file.flush()
        }
    }

    impl Seek for FailAt {
        fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
            self.file.seek(to)
        }
    }

    #[test]
    fn a_write_failing_at_any_byte_leaves_nothing_and_the_old_archive_untouched() {
        let src = tempfile::tempdir().unwrap();
        // Several entries, deflated and stored (noise does not shrink), a folder entry.
        let mut state = 0x9e37_79b9_u32;
        let noise: Vec<u8> = (0..600)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        std::fs::write(src.path().join("a.js"), "module.exports = 1;\n".repeat(20)).unwrap();
        std::fs::write(src.path().join("b.bin"), &noise).unwrap();
        std::fs::write(src.path().join("c.json"), "{}").unwrap();
        let set = FileSet {
            files: vec!["a.js".into(), "b.bin".into(), "c.json".into()],
            folders: vec!["a/".into()],
        };
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("x.zip");
        let stage_with_limit = |limit: u64| {
            stage_through(
                &Folder(src.path().to_owned()),
                &set,
                &target,
                &EntryOptions::new(DateTime::DEFAULT),
                &PreparedAhead::default(),
                &|_, _| {},
                &AtomicBool::new(false),
                |file| FailAt { file, left: limit },
            )
        };
        let size = stage_with_limit(u64::MAX).unwrap().summary().size;
        assert!(size > 900, "{size}");
        std::fs::write(&target, "the previous archive").unwrap();
        for limit in 0..size {
            let result = stage_with_limit(limit);
            let Err(error) = result else {
                panic!("a write failing after {limit} of {size} bytes went unnoticed");
            };
            assert_eq!(
                error.write_error().map(io::Error::kind),
                Some(io::ErrorKind::StorageFull),
                "after {limit} bytes: {error:?}"
            );
            assert_eq!(names_in(out.path()), ["x.zip"], "after {limit} bytes");
            assert_eq!(std::fs::read(&target).unwrap(), b"the previous archive");
        }
    }

    #[test]
    fn a_failure_leaves_no_partial_archive_and_the_old_one_untouched() {
        let src = tempfile::tempdir().unwrap();
        std::fs::write(src.path().join("a.js"), "a").unwrap();
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("x.zip");
        std::fs::write(&target, "the previous archive").unwrap();
        let never = AtomicBool::new(false);
        // `gone.js` vanished between the checks and the writing.
        let result = write(
            &Folder(src.path().to_owned()),
            &files(&["a.js", "gone.js"]),
            &target,
            &EntryOptions::new(DateTime::DEFAULT),
            &PreparedAhead::default(),
            &|_, _| {},
            &never,
        );
        assert!(
            matches!(result, Err(ArchiveError::Read { .. })),
            "{result:?}"
        );
        assert_eq!(names_in(out.path()), ["x.zip"]);
        assert_eq!(std::fs::read(&target).unwrap(), b"the previous archive");
    }

    #[test]
    fn an_interruption_leaves_nothing() {
        let src = tempfile::tempdir().unwrap();
        std::fs::write(src.path().join("a.js"), "a").unwrap();
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("x.zip");
        let cancelled = AtomicBool::new(true);
        let result = write(
            &Folder(src.path().to_owned()),
            &files(&["a.js"]),
            &target,
            &EntryOptions::new(DateTime::DEFAULT),
            &PreparedAhead::default(),
            &|_, _| {},
            &cancelled,
        );
        assert!(matches!(result, Err(ArchiveError::Interrupted)));
        assert_eq!(names_in(out.path()), Vec::<String>::new());
    }

    #[test]
    fn large_files_are_streamed_and_incompressible_ones_stored() {
        let src = tempfile::tempdir().unwrap();
        // Larger than a batch: streamed on its own.
        let big = vec![b'x'; usize::try_from(BATCH_BYTES).unwrap() + 10];
        std::fs::write(src.path().join("big.js"), &big).unwrap();
        // Pseudo-random bytes do not shrink: stored even without a known extension.
        let mut state = 0x2545_f491_u32;
        let noise: Vec<u8> = (0..65_536)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        std::fs::write(src.path().join("noise.bin"), &noise).unwrap();
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("x.zip");
        let summary = write(
            &Folder(src.path().to_owned()),
            &files(&["big.js", "noise.bin"]),
            &target,
            &EntryOptions::new(DateTime::DEFAULT),
            &PreparedAhead::default(),
            &|_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        // A streamed entry makes the writer seek back: the hash is read back from disk.
        let on_disk = std::fs::read(&target).unwrap();
        assert_eq!(summary.sha256, hex(&Sha256::digest(&on_disk)));
        assert_eq!(summary.size, on_disk.len() as u64);
        assert_eq!(summary.entries[0].size, BATCH_BYTES + 10);
        assert!(summary.entries[0].compressed_size < 1_000_000);
        assert_eq!(summary.entries[1].compressed_size, 65_536);
        let mut archive = ZipArchive::new(File::open(&target).unwrap()).unwrap();
        assert_eq!(
            archive.by_name("noise.bin").unwrap().compression(),
            CompressionMethod::Stored
        );
        let mut data = Vec::new();
        archive
            .by_name("big.js")
            .unwrap()
            .read_to_end(&mut data)
            .unwrap();
        assert_eq!(data, big);
    }

    #[test]
    fn the_hashing_writer_hashes_sequential_writes_and_notices_rewrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        let mut w = HashingWriter::new(File::create(&path).unwrap(), Arc::default());
        w.write_all(b"hello ").unwrap();
        // Asking for the position is not a seek, and touches nothing.
        assert_eq!(w.stream_position().unwrap(), 6);
        assert_eq!(w.seek(io::SeekFrom::Start(6)).unwrap(), 6);
        w.write_all(&vec![b'x'; HashingWriter::<File>::CAPACITY + 3])
            .unwrap();
        w.write_all(b" world").unwrap();
        w.flush().unwrap();
        assert!(w.sequential);
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written.len() as u64, w.position);
        assert_eq!(
            hex(&w.hasher.clone().finalize()),
            hex(&Sha256::digest(&written))
        );

        // Going back to patch bytes: the hash taken so far is no longer the file's.
        w.seek(io::SeekFrom::Start(0)).unwrap();
        w.write_all(b"HELLO").unwrap();
        let end = w.seek(io::SeekFrom::End(0)).unwrap();
        w.flush().unwrap();
        assert!(!w.sequential);
        let patched = std::fs::read(&path).unwrap();
        assert_eq!(end, patched.len() as u64);
        assert!(patched.starts_with(b"HELLO x"));
        assert!(patched.ends_with(b"x world"));
    }

    #[test]
    fn stores_compressed_formats() {
        assert!(is_stored_format("src/view/images/logo.PNG"));
        assert!(is_stored_format("fonts/a.woff2"));
        assert!(!is_stored_format("src/view/index.html"));
        assert!(!is_stored_format("LICENSE"));
    }
}
