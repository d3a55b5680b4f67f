//! An extension in a zip archive, read in place: nothing is extracted, nothing is written, and
//! only the entries the checks need (the manifest and the library modules with what they
//! require, never the views) are decompressed, each through a reader bounded by its declared
//! size.
//!
//! The archive is indexed from its central directory when it is opened. Archives come from
//! CI jobs and pull requests, so the index is built defensively:
//!
//! - **Broken** (no central directory, truncated, an empty file, a file that is not a zip,
//!   corrupt compressed data found while reading): a [`OpenError`] (exit 2); nothing can be
//!   said about the extension.
//! - **Guards** — more entries than [`ArchiveLimits::max_entries`] (EP020), more declared
//!   uncompressed bytes than [`ArchiveLimits::max_bytes`] (EP019), an entry compressed more
//!   than [`MAX_RATIO`]:1 (EP021), entries whose data overlap (EP022): the archive is
//!   *refused*: those findings are reported and nothing inside it is read or checked.
//! - **Entry problems** — unsafe names (EP013), duplicate names (EP014), symbolic links
//!   (EP015), encrypted entries (EP016), compression methods other than stored and deflate
//!   (EP017), a size that differs from the declared one (EP018, found when the entry is
//!   read): reported, and the checks go on without that entry (a duplicate keeps the last
//!   copy, which is what most extractors leave on disk).
//! - **Layout** — `./` or `\` in entry names (EP012: reported, the names are read as the
//!   platform's `/`-separated ones so the other checks still mean something), the extension
//!   inside one top-level folder (EP010: reported, and the extension in that folder is
//!   checked), no extension.json anywhere usable (EP011: reported; nothing else to check).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use zip::{CompressionMethod, ZipArchive};

use super::{ExtensionSource, Lookup, SourceError};
use super::{MANIFEST_NAME, OpenError};
use crate::diag::{Diagnostic, codes};
use crate::paths::display as display_path;

/// Guards against hostile archives. They are not platform rules: the platform publishes no
/// size or file-count limit. They bound what extpack is willing to index and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// The most uncompressed bytes all entries together may declare (default 1 GiB).
    pub max_bytes: u64,
    /// The most entries the archive may hold (default 100,000).
    pub max_entries: u64,
}

impl ArchiveLimits {
    pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;
    pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_entries: Self::DEFAULT_MAX_ENTRIES,
        }
    }
}

/// The largest compression ratio (uncompressed : compressed) accepted for an entry larger
/// than [`RATIO_FLOOR`]. Text and JavaScript compress 3–15:1, minified bundles and source maps
/// up to ~30:1; deflate cannot exceed ~1,032:1, which only runs of one repeated byte reach.
pub const MAX_RATIO: u64 = 100;

/// Entries up to this many uncompressed bytes (1 MiB) are never judged by their ratio: a small
/// file of spaces legitimately compresses more than [`MAX_RATIO`]:1 and costs nothing to read.
pub const RATIO_FLOOR: u64 = 1 << 20;

/// How many names a finding lists before it says "and N more".
const LISTED: usize = 10;

/// The size of a local file header without its variable fields.
const LOCAL_HEADER_LEN: u64 = 30;

/// The bytes of the archive: a file on disk, or bytes in memory (tests, fuzzing). Cloning
/// gives an independent reader over the same bytes, so that several threads can read entries
/// at once.
#[derive(Clone, Debug)]
enum Input {
    File(FileReader),
    Memory(Cursor<Arc<[u8]>>),
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::File(f) => f.read(buf),
            Input::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Input {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            Input::File(f) => f.seek(pos),
            Input::Memory(m) => m.seek(pos),
        }
    }
}

/// An open file shared by the readers of one archive.
#[derive(Debug)]
struct SharedFile {
    file: File,
    /// Where reads cannot be positioned, a seek and a read must not interleave with another
    /// reader's.
    #[cfg(not(any(unix, windows)))]
    cursor: Mutex<()>,
}

impl SharedFile {
    /// Reads at `offset` without moving anything another reader depends on.
    #[cfg(unix)]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(&self.file, buf, offset)
    }

    #[cfg(windows)]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::windows::fs::FileExt::seek_read(&self.file, buf, offset)
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let _cursor = self
            .cursor
            .lock()
            .map_err(|_| io::Error::other("a reader panicked"))?;
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read(buf)
    }
}

/// A buffered reader over a shared file: positioned reads (no seek system call), and a buffer
/// that survives a seek landing inside it. Reading an entry seeks to its local header, then to
/// its data just after it: with `BufReader` (which drops its buffer on every seek) that is two
/// system calls and two buffer fills per entry; here it is usually one read.
#[derive(Debug)]
struct FileReader {
    file: Arc<SharedFile>,
    len: u64,
    /// Where the next byte comes from.
    pos: u64,
    buf: Box<[u8]>,
    buf_start: u64,
    buf_len: usize,
}

impl FileReader {
    const CAPACITY: usize = 16 * 1024;

    fn new(file: File, len: u64) -> FileReader {
        FileReader::over(
            Arc::new(SharedFile {
                file,
                #[cfg(not(any(unix, windows)))]
                cursor: Mutex::new(()),
            }),
            len,
        )
    }

    fn over(file: Arc<SharedFile>, len: u64) -> FileReader {
        FileReader {
            file,
            len,
            pos: 0,
            buf: vec![0; Self::CAPACITY].into_boxed_slice(),
            buf_start: 0,
            buf_len: 0,
        }
    }
}

impl Clone for FileReader {
    fn clone(&self) -> FileReader {
        FileReader::over(Arc::clone(&self.file), self.len)
    }
}

impl Read for FileReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buffered = self.buf_start..self.buf_start + self.buf_len as u64;
        if !buffered.contains(&self.pos) {
            if out.len() >= self.buf.len() {
                let n = self.file.read_at(out, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            let n = self.file.read_at(&mut self.buf, self.pos)?;
            self.buf_start = self.pos;
            self.buf_len = n;
            if n == 0 {
                return Ok(0);
            }
        }
        let offset = usize::try_from(self.pos - self.buf_start).unwrap_or(0);
        let available = &self.buf[offset..self.buf_len];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for FileReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        Ok(self.pos)
    }
}

/// The open archive and the decompressor reused for every entry it reads.
#[derive(Debug)]
struct Reader {
    archive: ZipArchive<Input>,
    inflater: Inflater,
}

/// The readers of one archive: idle ones, and a template to clone another from when several
/// threads read at once (the require graph reads a level of files in parallel). A clone shares
/// the parsed central directory and the open file; it has its own buffer and decompressor.
#[derive(Debug)]
struct Readers {
    template: ZipArchive<Input>,
    idle: Mutex<Vec<Reader>>,
}

impl Readers {
    fn take(&self) -> Reader {
        self.idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .unwrap_or_else(|| Reader {
                archive: self.template.clone(),
                inflater: Inflater::new(),
            })
    }

    fn put(&self, reader: Reader) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(reader);
        }
    }
}

/// A raw-deflate decompressor and its input buffer, reset for each entry.
struct Inflater {
    state: flate2::Decompress,
    input: Box<[u8]>,
}

impl std::fmt::Debug for Inflater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Inflater")
    }
}

impl Inflater {
    fn new() -> Inflater {
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

/// What the index knows about a readable file entry.
#[derive(Clone, Copy, Debug)]
struct EntryMeta {
    /// The entry's index in the crate's (de-duplicated) central directory.
    index: usize,
    /// The declared uncompressed size.
    size: u64,
    compressed: u64,
    /// Where the next entry's local header (or, for the last, the central directory) starts:
    /// the entry's data must end before it.
    next_header: u64,
}

/// An extension in a zip archive. See the module documentation for what is refused.
#[derive(Debug)]
pub struct ZipSource {
    /// The archive as the user named it (`dist/package.zip`).
    display: String,
    /// `folder/` when the extension is inside one top-level folder (EP010), else empty.
    prefix: String,
    archive: Option<Readers>,
    /// Readable file entries, relative to `prefix` (hashed: lookups are most of the work, and
    /// thousands of long names with shared prefixes make ordered maps slow to build).
    files: HashMap<String, EntryMeta>,
    /// Folders: explicit directory entries and the parents of every entry, relative to `prefix`.
    dirs: HashSet<String>,
    /// Lowercased path → the path as stored, for "did you mean" on a case mismatch; built on
    /// the first miss.
    lowercase: OnceLock<HashMap<String, String>>,
    findings: Mutex<Vec<Diagnostic>>,
    refused: AtomicBool,
}

/// One entry of the central directory as read at open time.
struct RawEntry {
    index: usize,
    /// The stored name's length in bytes, and whether it holds a NUL byte.
    raw_len: usize,
    raw_nul: bool,
    name: String,
    is_dir: bool,
    is_symlink: bool,
    encrypted: bool,
    method: CompressionMethod,
    size: u64,
    compressed: u64,
    header_start: u64,
}

impl ZipSource {
    /// Opens the archive at `path` and indexes its central directory.
    pub fn open(path: &Path, limits: &ArchiveLimits) -> Result<ZipSource, OpenError> {
        let read_error = |source: io::Error| OpenError::reading(path, source);
        let file = File::open(path).map_err(read_error)?;
        let len = file.metadata().map_err(read_error)?.len();
        let input = Input::File(FileReader::new(file, len));
        Self::from_input(display_path(path), input, len, limits).map_err(|reason| {
            OpenError::BrokenArchive {
                path: path.to_owned(),
                reason,
            }
        })
    }

    /// Indexes an archive held in memory; `display` names it in findings.
    pub fn from_bytes(
        display: &str,
        bytes: Vec<u8>,
        limits: &ArchiveLimits,
    ) -> Result<ZipSource, OpenError> {
        let len = bytes.len() as u64;
        Self::from_input(
            display.to_owned(),
            Input::Memory(Cursor::new(Arc::from(bytes))),
            len,
            limits,
        )
        .map_err(|reason| OpenError::BrokenArchive {
            path: PathBuf::from(display),
            reason,
        })
    }

    fn from_input(
        display: String,
        mut input: Input,
        len: u64,
        limits: &ArchiveLimits,
    ) -> Result<ZipSource, String> {
        let mut source = ZipSource {
            display,
            prefix: String::new(),
            archive: None,
            files: HashMap::new(),
            dirs: HashSet::new(),
            lowercase: OnceLock::new(),
            findings: Mutex::new(Vec::new()),
            refused: AtomicBool::new(false),
        };
        if len == 0 {
            return Err("the file is empty".to_owned());
        }
        // Before the central directory is parsed (which costs memory per entry): the count
        // its end record declares.
        if let Some(declared) = declared_entry_count(&mut input, len)
            && declared > limits.max_entries
        {
            source.refuse(source.too_many_entries(declared, limits.max_entries));
            return Ok(source);
        }
        let mut archive = ZipArchive::new(input).map_err(broken)?;
        let mut duplicates = Vec::new();
        if archive.has_duplicate_names() {
            let mut input = archive.into_inner();
            duplicates = duplicate_names(&mut input, len, limits.max_entries);
            archive = ZipArchive::new(input).map_err(broken)?;
        }
        if archive.len() as u64 > limits.max_entries {
            source.refuse(source.too_many_entries(archive.len() as u64, limits.max_entries));
            return Ok(source);
        }
        let entries = read_entries(&archive)?;
        source.index(
            entries,
            duplicates,
            archive.central_directory_start(),
            limits,
        );
        source.archive = Some(Readers {
            template: archive,
            idle: Mutex::new(Vec::new()),
        });
        Ok(source)
    }

    /// Classifies every entry, applies the guards, finds the extension's root and builds the
    /// lookup tables.
    fn index(
        &mut self,
        entries: Vec<RawEntry>,
        duplicates: Vec<String>,
        directory_start: u64,
        limits: &ArchiveLimits,
    ) {
        let mut unsafe_names = Vec::new();
        let mut respelled = Vec::new();
        let mut links = Vec::new();
        let mut encrypted = Vec::new();
        let mut unsupported = Vec::new();
        let mut bombs = Vec::new();
        let mut total: u64 = 0;
        let mut kept: Vec<(String, bool, &RawEntry)> = Vec::new();
        for entry in &entries {
            total = total.saturating_add(entry.size);
            if entry.raw_nul || is_unsafe(&entry.name) {
                unsafe_names.push(shown(&entry.name));
                continue;
            }
            let normalized = normalize_entry_name(&entry.name);
            if normalized != entry.name.trim_end_matches(['/', '\\']) {
                respelled.push(entry.name.clone());
            }
            if entry.is_symlink {
                links.push(normalized);
                continue;
            }
            if entry.encrypted {
                encrypted.push(normalized);
                continue;
            }
            if !entry.is_dir
                && entry.method != CompressionMethod::Stored
                && entry.method != CompressionMethod::Deflated
            {
                unsupported.push((normalized, entry.method));
                continue;
            }
            if !entry.is_dir
                && entry.size > RATIO_FLOOR
                && entry.size > entry.compressed.saturating_mul(MAX_RATIO)
            {
                bombs.push((normalized.clone(), entry.size, entry.compressed));
            }
            if !normalized.is_empty() {
                kept.push((normalized, entry.is_dir, entry));
            }
        }
        let archive = self.display.clone();
        let mut findings = Vec::new();
        if !unsafe_names.is_empty() {
            findings.push(
                Diagnostic::new(
                    &codes::EP013,
                    &archive,
                    format!(
                        "{} a name that is absolute, climbs out with `..`, names a drive or holds a NUL byte: {}",
                        count_phrase(unsafe_names.len(), "entry has", "entries have"),
                        listing(&unsafe_names)
                    ),
                )
                .help("an extractor that trusts such names writes outside its folder (path traversal); the archive must hold only relative names inside it. Rebuild it from the extension folder; these entries were not checked"),
            );
        }
        if !respelled.is_empty() {
            findings.push(
                Diagnostic::new(
                    &codes::EP012,
                    &archive,
                    format!(
                        "{} stored with a `./` prefix, `\\` separators or empty segments: {}",
                        entries_phrase(respelled.len()),
                        listing(&respelled)
                    ),
                )
                .help("the platform looks entries up by `/`-separated names without `./` (`src/lib/a.js`); rebuild the archive with a tool that stores such names (`cd my-extension && zip -r ../package.zip .`, or `extpack pack`). The checks below read these names as if they were stored correctly"),
            );
        }
        let mut names = duplicates;
        if !respelled.is_empty() {
            names.extend(respelling_collisions(&kept));
        }
        names.sort();
        names.dedup();
        if !names.is_empty() {
            findings.push(
                Diagnostic::new(
                    &codes::EP014,
                    &archive,
                    format!(
                        "the archive holds several entries named {}",
                        listing(&names)
                    ),
                )
                .help("which copy an extractor keeps depends on the tool (extpack reads the last one); rebuild the archive so that every name appears once"),
            );
        }
        if !links.is_empty() {
            findings.push(
                Diagnostic::new(
                    &codes::EP015,
                    &archive,
                    format!(
                        "{}: {}",
                        count_phrase(links.len(), "entry is a symbolic link", "entries are symbolic links"),
                        listing(&links)
                    ),
                )
                .help("the platform needs real files: a link in an archive can point anywhere on the machine that extracts it. Replace each link by the file it points at (`zip` without `--symlinks`); these entries were not checked"),
            );
        }
        if !encrypted.is_empty() {
            findings.push(
                Diagnostic::new(
                    &codes::EP016,
                    &archive,
                    format!("{} encrypted: {}", entries_phrase(encrypted.len()), listing(&encrypted)),
                )
                .help("the platform cannot read password-protected entries; rebuild the archive without a password (no `zip -e`/`-P`); these entries were not checked"),
            );
        }
        if !unsupported.is_empty() {
            let names: Vec<String> = unsupported
                .iter()
                .map(|(name, method)| format!("{name} ({})", method_name(*method)))
                .collect();
            findings.push(
                Diagnostic::new(
                    &codes::EP017,
                    &archive,
                    format!(
                        "{} compressed with a method other than deflate or stored: {}",
                        entries_phrase(names.len()),
                        listing(&names)
                    ),
                )
                .help("use plain deflate (the default of `zip`, `extpack pack` and most tools); Windows Explorer switches to Deflate64 for large files and 7-Zip can pick BZip2 or LZMA. These entries were not checked"),
            );
        }
        let mut refuse = false;
        if total > limits.max_bytes {
            refuse = true;
            findings.push(
                Diagnostic::new(
                    &codes::EP019,
                    &archive,
                    format!(
                        "the entries declare {} uncompressed, more than the limit of {}",
                        bytes_phrase(total),
                        bytes_phrase(limits.max_bytes)
                    ),
                )
                .help("this is extpack's guard against archives that expand without bound, not a platform rule; raise it with `--max-archive-bytes` if the archive is trusted and really that large. Nothing in the archive was checked"),
            );
        }
        if !bombs.is_empty() {
            refuse = true;
            let names: Vec<String> = bombs
                .iter()
                .map(|(name, size, compressed)| {
                    format!(
                        "{name} ({} from {})",
                        bytes_phrase(*size),
                        bytes_phrase(*compressed)
                    )
                })
                .collect();
            findings.push(
                Diagnostic::new(
                    &codes::EP021,
                    &archive,
                    format!(
                        "{} compressed more than {MAX_RATIO}:1, as zip bombs are: {}",
                        entries_phrase(names.len()),
                        listing(&names)
                    ),
                )
                .help("real extension files compress far less; remove these entries. Nothing in the archive was checked"),
            );
        }
        if let Some((a, b)) = first_overlap(&entries) {
            refuse = true;
            findings.push(self.overlap_finding(format!(
                "the data of the entries `{}` and `{}` overlap in the archive",
                shown(&a),
                shown(&b)
            )));
        }
        let next_headers = next_headers(&entries, directory_start);
        self.choose_root(&kept, &mut findings);
        for (name, is_dir, entry) in kept {
            let relative = if self.prefix.is_empty() {
                name
            } else {
                match name.strip_prefix(&self.prefix) {
                    Some(relative) => relative.to_owned(),
                    None => continue,
                }
            };
            if relative.is_empty() {
                continue;
            }
            // Parents, deepest first: once one is known, so are those above it.
            for (i, _) in relative.rmatch_indices('/') {
                if self.dirs.contains(&relative[..i]) {
                    break;
                }
                self.dirs.insert(relative[..i].to_owned());
            }
            if is_dir {
                self.dirs.insert(relative);
            } else {
                let after = next_headers.partition_point(|&h| h <= entry.header_start);
                let next_header = next_headers.get(after).copied().unwrap_or(u64::MAX);
                self.files.insert(
                    relative,
                    EntryMeta {
                        index: entry.index,
                        size: entry.size,
                        compressed: entry.compressed,
                        next_header,
                    },
                );
            }
        }
        // A file and a folder of the same name: the file wins (it is what the manifest names).
        let files = &self.files;
        self.dirs.retain(|dir| !files.contains_key(dir));
        if let Ok(mut all) = self.findings.lock() {
            all.extend(findings);
        }
        if refuse {
            self.refused.store(true, Ordering::Relaxed);
        }
    }

    /// Finds where extension.json is: at the root, or inside one top-level folder (EP010).
    /// Without either, the archive is refused with EP011.
    fn choose_root(&mut self, kept: &[(String, bool, &RawEntry)], findings: &mut Vec<Diagnostic>) {
        let nested = format!("/{MANIFEST_NAME}");
        let manifests: Vec<&str> = kept
            .iter()
            .filter(|(name, is_dir, _)| {
                !is_dir && (name == MANIFEST_NAME || name.ends_with(&nested))
            })
            .map(|(name, _, _)| name.as_str())
            .collect();
        if manifests.contains(&MANIFEST_NAME) {
            return;
        }
        let in_top_folder: Vec<&str> = manifests
            .iter()
            .filter(|m| m.matches('/').count() == 1)
            .filter(|m| !m.starts_with("__MACOSX/") && !m.starts_with('.'))
            .copied()
            .collect();
        let archive = self.display.clone();
        if let [only] = in_top_folder.as_slice() {
            let folder = crate::paths::parent(only).to_owned();
            findings.push(
                Diagnostic::new(
                    &codes::EP010,
                    self.display_entry(only),
                    format!(
                        "extension.json is inside the folder `{folder}/`, not at the root of the archive: the folder was zipped instead of its contents"
                    ),
                )
                .help(format!(
                    "zip the contents of the folder: `cd {folder} && zip -r ../package.zip .` (or `extpack pack {folder}`); the extension inside `{folder}/` was checked as it is"
                )),
            );
            self.prefix = format!("{folder}/");
            return;
        }
        let help = if manifests.is_empty() {
            let variant = kept
                .iter()
                .find(|(name, _, _)| name.eq_ignore_ascii_case(MANIFEST_NAME))
                .map(|(name, _, _)| name.clone());
            match variant {
                Some(v) => format!(
                    "the archive has `{v}`: the platform looks for `extension.json` exactly (names are case-sensitive)"
                ),
                None => "build the archive from the folder that holds extension.json, with extension.json at its root (`cd my-extension && zip -r ../package.zip .`)".to_owned(),
            }
        } else {
            format!(
                "the archive holds {}; extension.json must be at the root: zip the contents of the extension folder, not a folder above it",
                listing(
                    &manifests
                        .iter()
                        .map(|m| (*m).to_owned())
                        .collect::<Vec<_>>()
                )
            )
        };
        findings.push(
            Diagnostic::new(
                &codes::EP011,
                self.display_entry(MANIFEST_NAME),
                format!("the archive `{archive}` has no extension.json at its root"),
            )
            .help(help),
        );
        self.refused.store(true, Ordering::Relaxed);
    }

    fn refuse(&self, finding: Diagnostic) {
        if let Ok(mut all) = self.findings.lock() {
            all.push(finding);
        }
        self.refused.store(true, Ordering::Relaxed);
    }

    fn record(&self, finding: Diagnostic) {
        if let Ok(mut all) = self.findings.lock() {
            all.push(finding);
        }
    }

    fn too_many_entries(&self, count: u64, limit: u64) -> Diagnostic {
        Diagnostic::new(
            &codes::EP020,
            &self.display,
            format!("the archive holds {count} entries, more than the limit of {limit}"),
        )
        .help("this is extpack's guard against hostile archives, not a platform rule; raise it with `--max-archive-entries` if the archive is trusted. Nothing in the archive was checked")
    }

    fn overlap_finding(&self, message: String) -> Diagnostic {
        Diagnostic::new(&codes::EP022, &self.display, message)
        .help("overlapping entries are how zip bombs multiply one compressed block into many files; no packer writes them. Rebuild the archive; nothing in it was checked")
    }

    /// Reads an entry with one of the archive's readers: bounded by the declared size, checked
    /// against it and against the CRC.
    fn read_with(
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
            self.refuse(self.overlap_finding(format!(
                "the data of the entry `{}{relative}` runs into the next entry or the central directory",
                self.prefix
            )));
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
            self.record(self.size_mismatch(relative, meta.size, &actual));
            return Err(SourceError::Unreadable(self.display_path(relative)));
        }
        if crc32fast::hash(&bytes) != crc {
            return Err(corrupt(&"the entry's checksum does not match its data"));
        }
        Ok(bytes)
    }

    /// An entry as shown to the user: `package.zip!/src/lib/a.js`.
    fn display_entry(&self, stored: &str) -> String {
        format!("{}!/{stored}", self.display)
    }

    fn size_mismatch(&self, relative: &str, declared: u64, actual: &str) -> Diagnostic {
        Diagnostic::new(
            &codes::EP018,
            self.display_path(relative),
            format!(
                "the entry declares {declared} bytes but its data holds {actual}"
            ),
        )
        .help("the archive's headers do not describe its data: it was damaged or crafted. Rebuild it; this entry was not checked")
    }
}

impl ExtensionSource for ZipSource {
    fn display_root(&self) -> &str {
        &self.display
    }

    fn display_path(&self, relative: &str) -> String {
        if relative.is_empty() && self.prefix.is_empty() {
            self.display.clone()
        } else {
            format!("{}!/{}{relative}", self.display, self.prefix)
        }
    }

    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        let Some(meta) = self.files.get(relative) else {
            return Err(SourceError::NotFound(self.display_path(relative)));
        };
        // A refused archive (a guard, or overlapping data found by an earlier read) is not
        // read any further.
        let Some(archive) = self.archive.as_ref().filter(|_| !self.refused()) else {
            return Err(SourceError::Unreadable(self.display_path(relative)));
        };
        let mut reader = archive.take();
        let outcome = self.read_with(&mut reader, relative, meta);
        archive.put(reader);
        outcome
    }

    fn lookup(&self, relative: &str) -> Lookup {
        if relative.is_empty() || self.dirs.contains(relative) {
            return Lookup::Dir;
        }
        if self.files.contains_key(relative) {
            return Lookup::File;
        }
        Lookup::Missing {
            case_variant: self
                .lowercase
                .get_or_init(|| {
                    let mut map = HashMap::new();
                    for path in self.files.keys().chain(self.dirs.iter()) {
                        map.entry(path.to_lowercase())
                            .or_insert_with(|| path.clone());
                    }
                    map
                })
                .get(&relative.to_lowercase())
                .cloned(),
        }
    }

    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        let start = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut found: Vec<String> = self
            .files
            .keys()
            .filter(|path| path.starts_with(&start))
            .filter(|path| {
                let below = &path[start.len()..];
                let mut segments = below.split('/').peekable();
                while let Some(segment) = segments.next() {
                    let is_folder = segments.peek().is_some();
                    if segment.starts_with('.') || (is_folder && skip_dirs.contains(&segment)) {
                        return false;
                    }
                }
                true
            })
            .cloned()
            .collect();
        found.sort_unstable();
        found
    }

    fn nested_manifests(&self) -> Vec<String> {
        let nested = format!("/{MANIFEST_NAME}");
        let mut found: Vec<String> = self
            .files
            .keys()
            .filter_map(|path| path.strip_suffix(&nested))
            .filter(|folder| !folder.contains('/'))
            .map(str::to_owned)
            .collect();
        found.sort_unstable();
        found
    }

    fn findings(&self) -> Vec<Diagnostic> {
        self.findings.lock().map(|f| f.clone()).unwrap_or_default()
    }

    fn refused(&self) -> bool {
        self.refused.load(Ordering::Relaxed)
    }

    fn archive_entries(&self) -> Option<Vec<String>> {
        Some(self.files.keys().cloned().collect())
    }
}

/// The reason a zip library error makes the archive unreadable, in one line.
fn broken(error: zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match error {
        ZipError::InvalidArchive(msg) if msg.contains("EOCD") || msg.contains("end of central") => {
            "no zip central directory found: it is not a zip archive, or it is truncated".to_owned()
        }
        ZipError::InvalidArchive(msg) => format!("the archive is corrupt: {msg}"),
        ZipError::UnsupportedArchive(msg) => format!("unsupported archive: {msg}"),
        ZipError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            "the archive is truncated".to_owned()
        }
        ZipError::Io(e) => format!("the archive is truncated or corrupt: {e}"),
        other => format!("the archive is corrupt: {other}"),
    }
}

/// Every entry of the central directory, from the crate's index (names as stored).
fn read_entries(archive: &ZipArchive<Input>) -> Result<Vec<RawEntry>, String> {
    (0..archive.len())
        .map(|index| {
            let entry = archive.by_index_data(index).map_err(broken)?;
            let raw = entry.name_raw();
            let name = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(raw).into_owned(),
            };
            Ok(RawEntry {
                index,
                is_dir: entry.is_dir(),
                is_symlink: entry.is_symlink(),
                encrypted: entry.encrypted(),
                method: entry.compression(),
                size: entry.size(),
                compressed: entry.compressed_size(),
                header_start: entry.header_start(),
                raw_len: raw.len(),
                raw_nul: raw.contains(&0),
                name,
            })
        })
        .collect()
}

/// Whether a stored name could make an extractor write outside its folder: absolute (`/x`,
/// `\x`), a drive (`C:`), a `..` segment, or a NUL byte.
fn is_unsafe(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.contains('\0')
        || name.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || name.split(['/', '\\']).any(|segment| segment == "..")
}

/// A stored name as the platform reads it: `/` separators, no `.` or empty segments, no
/// trailing `/`.
fn normalize_entry_name(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if !trimmed.contains('\\')
        && !trimmed.starts_with("./")
        && trimmed != "."
        && !trimmed.contains("//")
        && !trimmed.contains("/./")
        && !trimmed.ends_with("/.")
        && !trimmed.starts_with('/')
    {
        return trimmed.to_owned();
    }
    name.split(['/', '\\'])
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Names that two file entries have once `./` and `\` are read as the platform reads them.
fn respelling_collisions(kept: &[(String, bool, &RawEntry)]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (name, is_dir, _) in kept {
        if !is_dir && !seen.insert(name.as_str()) {
            out.push(name.clone());
        }
    }
    out
}

/// A name safe to print: control characters (NUL, …) written as `\u{0}`.
fn shown(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// "1 entry is" / "3 entries are".
fn entries_phrase(n: usize) -> String {
    count_phrase(n, "entry is", "entries are")
}

/// `1 {one}` / `n {many}`.
fn count_phrase(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Backticked names, the first [`LISTED`] of them, then "and N more".
pub(crate) fn listing(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(LISTED)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        text.push_str(&format!(" and {} more", names.len() - LISTED));
    }
    text
}

fn bytes_phrase(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if n >= unit {
            return format!("{:.1} {name} ({n} bytes)", n as f64 / unit as f64);
        }
    }
    format!("{n} bytes")
}

fn method_name(method: CompressionMethod) -> String {
    match method.to_string().as_str() {
        "Unknown" => "an unknown method".to_owned(),
        name => name.to_owned(),
    }
}

/// The first two entries whose bytes overlap, judged from the central directory alone: an
/// entry occupies at least its local header (30 bytes and its name) and its compressed data
/// from its header offset on. (The local name and extra field may be longer than the central
/// ones; that is checked when an entry is read.)
fn first_overlap(entries: &[RawEntry]) -> Option<(String, String)> {
    let mut spans: Vec<(u64, u64, &str)> = entries
        .iter()
        .map(|e| {
            let end = e
                .header_start
                .saturating_add(LOCAL_HEADER_LEN)
                .saturating_add(e.raw_len as u64)
                .saturating_add(e.compressed);
            (e.header_start, end, e.name.as_str())
        })
        .collect();
    spans.sort_unstable();
    spans
        .windows(2)
        .find(|w| w[1].0 < w[0].1)
        .map(|w| (w[0].2.to_owned(), w[1].2.to_owned()))
}

/// Every local header offset and the central directory's, sorted: the next one after an
/// entry's bounds its data.
fn next_headers(entries: &[RawEntry], directory_start: u64) -> Vec<u64> {
    let mut starts: Vec<u64> = entries.iter().map(|e| e.header_start).collect();
    starts.push(directory_start);
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The end of central directory record found in the last 64 KiB: entry count, central
/// directory offset and size (from the ZIP64 record when the short one is saturated).
struct EndRecord {
    entries: u64,
    offset: u64,
    size: u64,
}

fn end_record(input: &mut Input, len: u64) -> Option<EndRecord> {
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
fn declared_entry_count(input: &mut Input, len: u64) -> Option<u64> {
    end_record(input, len).map(|r| r.entries)
}

/// The names stored more than once, read from the raw central directory (the zip crate keeps
/// only the last of each). Best effort: an empty list when the directory cannot be walked.
fn duplicate_names(input: &mut Input, len: u64, max_entries: u64) -> Vec<String> {
    let Some(end) = end_record(input, len) else {
        return Vec::new();
    };
    if end.size > len || input.seek(SeekFrom::Start(end.offset)).is_err() {
        return Vec::new();
    }
    let mut counts: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    let mut header = [0u8; 46];
    for _ in 0..end.entries.min(max_entries) {
        if input.read_exact(&mut header).is_err() || &header[..4] != b"PK\x01\x02" {
            break;
        }
        let field = |i: usize| usize::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let mut name = vec![0; field(28)];
        if input.read_exact(&mut name).is_err() {
            break;
        }
        let skip = (field(30) + field(32)) as i64;
        if input.seek(SeekFrom::Current(skip)).is_err() {
            break;
        }
        *counts.entry(name).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| shown(&String::from_utf8_lossy(&name)))
        .collect()
}

/// Whether `path` should be read as an archive: its name ends in `.zip` (any case) and it is
/// a file.
pub fn is_archive_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        && path.is_file()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use zip::write::SimpleFileOptions;

    /// An archive of `(name, content)` entries; a name ending in `/` is a directory entry.
    fn archive(entries: &[(&str, &str)]) -> ZipSource {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            if let Some(dir) = name.strip_suffix('/') {
                writer
                    .add_directory(dir, SimpleFileOptions::default())
                    .unwrap();
            } else {
                writer
                    .start_file(*name, SimpleFileOptions::default())
                    .unwrap();
                writer.write_all(content.as_bytes()).unwrap();
            }
        }
        let bytes = writer.finish().unwrap().into_inner();
        ZipSource::from_bytes("pkg.zip", bytes, &ArchiveLimits::default()).unwrap()
    }

    fn codes(source: &ZipSource) -> Vec<&'static str> {
        let mut codes: Vec<_> = source.findings().iter().map(|d| d.code()).collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn lookups_are_case_exact_with_implied_and_explicit_folders() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("src/Lib/Action.js", "x"),
            ("empty/", ""),
        ]);
        assert_eq!(source.lookup(""), Lookup::Dir);
        assert_eq!(source.lookup("src"), Lookup::Dir);
        assert_eq!(source.lookup("src/Lib"), Lookup::Dir);
        assert_eq!(source.lookup("empty"), Lookup::Dir);
        assert_eq!(source.lookup("src/Lib/Action.js"), Lookup::File);
        assert_eq!(
            source.lookup("src/lib/action.js"),
            Lookup::Missing {
                case_variant: Some("src/Lib/Action.js".to_owned())
            }
        );
        assert_eq!(
            source.lookup("src/lib"),
            Lookup::Missing {
                case_variant: Some("src/Lib".to_owned())
            }
        );
        assert_eq!(
            source.lookup("src/Lib/Action.js/x"),
            Lookup::Missing { case_variant: None }
        );
        assert_eq!(source.read("src/Lib/Action.js").unwrap(), b"x");
        assert!(matches!(
            source.read("src/lib/action.js"),
            Err(SourceError::NotFound(p)) if p == "pkg.zip!/src/lib/action.js"
        ));
        assert!(codes(&source).is_empty());
    }

    #[test]
    fn files_under_skips_dot_names_and_skipped_folders() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("src/view/a.html", ""),
            ("src/view/.DS_Store", ""),
            ("src/view/.git/config", ""),
            ("src/view/css/b.css", ""),
            ("src/view/node_modules/x.js", ""),
            ("src/viewer/c.html", ""),
        ]);
        assert_eq!(
            source.files_under("src/view", &["node_modules"]),
            ["src/view/a.html", "src/view/css/b.css"]
        );
        assert_eq!(source.files_under("src/view", &[]).len(), 3);
        assert_eq!(
            source.files_under("", &[]),
            [
                "extension.json",
                "src/view/a.html",
                "src/view/css/b.css",
                "src/view/node_modules/x.js",
                "src/viewer/c.html"
            ]
        );
    }

    #[test]
    fn display_paths_name_the_archive_and_the_entry() {
        let source = archive(&[("extension.json", "{}")]);
        assert_eq!(source.display_root(), "pkg.zip");
        assert_eq!(source.display_path(""), "pkg.zip");
        assert_eq!(source.display_path("src/a.js"), "pkg.zip!/src/a.js");
    }

    #[test]
    fn one_top_level_folder_becomes_the_root() {
        let source = archive(&[
            ("ext/", ""),
            ("ext/extension.json", "{}"),
            ("ext/src/a.js", "a"),
            ("__MACOSX/ext/._a.js", ""),
        ]);
        assert_eq!(codes(&source), ["EP010"]);
        assert!(!source.refused());
        assert_eq!(source.lookup("src/a.js"), Lookup::File);
        assert_eq!(source.read("src/a.js").unwrap(), b"a");
        assert_eq!(source.display_path("src/a.js"), "pkg.zip!/ext/src/a.js");
        let mut entries = source.archive_entries().unwrap();
        entries.sort();
        assert_eq!(entries, ["extension.json", "src/a.js"]);
    }

    #[test]
    fn no_manifest_refuses_the_archive() {
        let source = archive(&[("Extension.json", "{}")]);
        assert_eq!(codes(&source), ["EP011"]);
        assert!(source.refused());
        let help = source.findings()[0].help.clone().unwrap();
        assert!(help.contains("`Extension.json`"), "{help}");
    }

    #[test]
    fn nested_manifests_are_one_level_down() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("a/extension.json", "{}"),
            ("a/b/extension.json", "{}"),
        ]);
        assert_eq!(source.nested_manifests(), ["a"]);
    }

    #[test]
    fn entry_names_are_judged_and_read_as_the_platform_reads_them() {
        assert!(is_unsafe("/abs"));
        assert!(is_unsafe("\\abs"));
        assert!(is_unsafe("C:/x"));
        assert!(is_unsafe("a/../../x"));
        assert!(is_unsafe("a\\..\\x"));
        assert!(is_unsafe("a\0b"));
        assert!(!is_unsafe("a..b/c"));
        assert!(!is_unsafe("./a"));
        assert_eq!(normalize_entry_name("./src\\lib//a.js"), "src/lib/a.js");
        assert_eq!(normalize_entry_name("src/view/"), "src/view");
        assert_eq!(shown("a\0b"), "a\\u{0}b");
    }

    #[test]
    fn listings_are_bounded() {
        let names: Vec<String> = (0..25).map(|i| format!("f{i}")).collect();
        let text = listing(&names);
        assert!(text.ends_with("and 15 more"), "{text}");
        assert_eq!(text.matches('`').count(), 20);
    }

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

    #[test]
    fn the_file_reader_reads_and_seeks_like_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let mut reader = FileReader::new(File::open(&path).unwrap(), data.len() as u64);
        let mut buf = [0u8; 10];
        reader.seek(SeekFrom::Start(50_000)).unwrap();
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(buf[..], data[50_000..50_010]);
        reader.seek(SeekFrom::Current(-5)).unwrap();
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(buf[..], data[50_005..50_015]);
        assert_eq!(reader.seek(SeekFrom::End(-3)).unwrap(), 99_997);
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, data[99_997..]);
        assert!(reader.seek(SeekFrom::Current(-200_000)).is_err());
        reader.seek(SeekFrom::Start(0)).unwrap();
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        assert_eq!(all, data);
    }

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(bytes_phrase(512), "512 bytes");
        assert_eq!(bytes_phrase(1 << 30), "1.0 GiB (1073741824 bytes)");
    }
}
