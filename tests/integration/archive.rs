//! Zip archives built at test time from a JSON description, so that no binary fixture is
//! committed and every hostile archive is visible as text.
//!
//! A fixture folder under `testdata/checks/CODE/` that holds `archive.json` is an archive:
//! the harness builds `package.zip` from it in a temporary folder and checks that (the `args`
//! file still applies). The description:
//!
//! ```json
//! {
//!   "from": "testdata/valid/web-minimal",   // files of a folder (crate-relative), sorted
//!   "folder": "my-extension",               // put them under this top-level folder
//!   "dirs": true,                           // and an explicit entry for each folder (zip -r)
//!   "skip": ["src/view/.DS_Store"],         // files of `from` to leave out
//!   "rename": {"extension.json": "./extension.json"},   // store a file under another name
//!   "patch": {"src/lib/a.js": {"declared_size": 3}},   // patch an entry of `from`
//!   "stored": true,                         // store the files of `from` uncompressed
//!   "entries": [                            // more entries, after those of `from`
//!     {"name": "README.md", "text": "hello"},
//!     {"name": "src/view/", "dir": true},
//!     {"name": "src/view/link.html", "symlink": "/etc/passwd"},
//!     {"name": "src/view/zeros.bin", "zeros": 3000000},
//!     {"name": "src/view/a.html", "text": "x", "method": "stored"}
//!   ],
//!   "end_record_entries": 3                 // the entry count the end record declares
//! }
//! ```
//!
//! Patches (in `patch`, or as fields of an entry): `encrypted` (sets the encryption flag),
//! `declared_size` (the uncompressed size in both headers), `method_id` (the compression
//! method number in both headers), `same_offset_as` (the central directory points the entry
//! at another entry's local header: overlapping entries), `local_extra_len` (the extra field
//! length in the local header only, which moves where the data seems to start). Names may hold anything JSON can
//! spell (`"a\u0000.js"`, `"..\\x"`, `"/abs.js"`, duplicates): such names are written under a
//! placeholder of the same length and replaced in the finished bytes, since the zip crate's
//! writer refuses duplicates.

use std::io::{Cursor, Write};
use std::path::Path;

use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::common::root;

/// One entry to write.
struct Spec {
    name: String,
    kind: Kind,
    method: CompressionMethod,
    patch: Value,
}

enum Kind {
    File(Vec<u8>),
    Dir,
    Symlink(String),
}

/// Builds the archive a description asks for.
pub fn build(description: &Value) -> Vec<u8> {
    let mut specs = Vec::new();
    let folder = description["folder"]
        .as_str()
        .map(|f| format!("{f}/"))
        .unwrap_or_default();
    if let Some(from) = description["from"].as_str() {
        let skip: Vec<&str> = strings(&description["skip"]);
        let files = list_files(&root().join(from));
        if description["dirs"] == Value::Bool(true) {
            let mut dirs: Vec<String> = files
                .iter()
                .flat_map(|f| {
                    f.match_indices('/')
                        .map(|(i, _)| format!("{}/", &f[..i]))
                        .collect::<Vec<_>>()
                })
                .collect();
            dirs.sort();
            dirs.dedup();
            if !folder.is_empty() {
                dirs.insert(0, String::new());
            }
            for dir in dirs {
                specs.push(Spec {
                    name: format!("{folder}{dir}"),
                    kind: Kind::Dir,
                    method: CompressionMethod::Stored,
                    patch: Value::Null,
                });
            }
        }
        for file in files {
            if skip.contains(&file.as_str()) {
                continue;
            }
            let bytes = std::fs::read(root().join(from).join(&file)).unwrap();
            let name = description["rename"][&file]
                .as_str()
                .map_or_else(|| format!("{folder}{file}"), str::to_owned);
            specs.push(Spec {
                name,
                kind: Kind::File(bytes),
                method: if description["stored"] == Value::Bool(true) {
                    CompressionMethod::Stored
                } else {
                    CompressionMethod::Deflated
                },
                patch: description["patch"][&file].clone(),
            });
        }
    }
    for entry in description["entries"].as_array().into_iter().flatten() {
        let name = entry["name"].as_str().unwrap().to_owned();
        let kind = if entry["dir"] == Value::Bool(true) {
            Kind::Dir
        } else if let Some(target) = entry["symlink"].as_str() {
            Kind::Symlink(target.to_owned())
        } else if let Some(n) = entry["zeros"].as_u64() {
            Kind::File(vec![0; usize::try_from(n).unwrap()])
        } else {
            Kind::File(entry["text"].as_str().unwrap_or("").as_bytes().to_vec())
        };
        let method = match entry["method"].as_str() {
            Some("stored") => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        specs.push(Spec {
            name,
            kind,
            method,
            patch: entry.clone(),
        });
    }
    let mut bytes = write(&specs);
    if let Some(count) = description["end_record_entries"].as_u64() {
        set_end_record_entries(&mut bytes, u16::try_from(count).unwrap());
    }
    bytes
}

/// Makes the end record declare `count` entries, whatever the central directory holds.
fn set_end_record_entries(bytes: &mut [u8], count: u16) {
    let at = bytes.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    bytes[at + 8..at + 10].copy_from_slice(&count.to_le_bytes());
    bytes[at + 10..at + 12].copy_from_slice(&count.to_le_bytes());
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Every file under a folder, as sorted `/`-separated relative paths.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![String::new()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(dir.join(&current)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if current.is_empty() {
                name
            } else {
                format!("{current}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Writes the entries, then applies names and patches to the finished bytes.
fn write(specs: &[Spec]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let mut seen = std::collections::HashSet::new();
    // name written → name wanted
    let mut renames: Vec<(String, String)> = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let plain = seen.insert(spec.name.clone()) && !needs_placeholder(&spec.name);
        let written = if plain {
            spec.name.clone()
        } else {
            let placeholder = placeholder(i, spec.name.len(), matches!(spec.kind, Kind::Dir));
            renames.push((placeholder.clone(), spec.name.clone()));
            placeholder
        };
        let options = SimpleFileOptions::default()
            .compression_method(spec.method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        match &spec.kind {
            Kind::File(bytes) => {
                writer.start_file(written.as_str(), options).unwrap();
                writer.write_all(bytes).unwrap();
            }
            Kind::Dir => writer
                .add_directory(written.trim_end_matches('/'), options)
                .unwrap(),
            Kind::Symlink(target) => writer
                .add_symlink(written.as_str(), target.as_str(), options)
                .unwrap(),
        }
    }
    let mut bytes = writer.finish().unwrap().into_inner();
    for (placeholder, wanted) in &renames {
        replace_name(&mut bytes, placeholder.as_bytes(), wanted.as_bytes());
    }
    let entries = central_entries(&bytes);
    for spec in specs {
        if spec.patch.is_null() {
            continue;
        }
        let Some(entry) = entries
            .iter()
            .rev()
            .find(|e| e.name == spec.name.as_bytes())
        else {
            continue;
        };
        if spec.patch["encrypted"] == Value::Bool(true) {
            or_u16(&mut bytes, entry.local + 6, 1);
            or_u16(&mut bytes, entry.central + 8, 1);
        }
        if let Some(size) = spec.patch["declared_size"].as_u64() {
            let size = u32::try_from(size).unwrap();
            put_u32(&mut bytes, entry.local + 22, size);
            put_u32(&mut bytes, entry.central + 24, size);
        }
        if let Some(method) = spec.patch["method_id"].as_u64() {
            let method = u16::try_from(method).unwrap();
            put_u16(&mut bytes, entry.local + 8, method);
            put_u16(&mut bytes, entry.central + 10, method);
        }
        if let Some(len) = spec.patch["local_extra_len"].as_u64() {
            put_u16(&mut bytes, entry.local + 28, u16::try_from(len).unwrap());
        }
        if let Some(other) = spec.patch["same_offset_as"].as_str() {
            let target = entries.iter().find(|e| e.name == other.as_bytes()).unwrap();
            put_u32(
                &mut bytes,
                entry.central + 42,
                u32::try_from(target.local).unwrap(),
            );
        }
    }
    bytes
}

/// Names the zip writer might refuse or rewrite.
fn needs_placeholder(name: &str) -> bool {
    name.starts_with(['/', '\\', '.'])
        || name.contains(['\\', '\0', ':'])
        || name.contains("..")
        || name.contains("//")
        || name.contains("/./")
}

/// A name of `len` bytes that occurs nowhere else: DEL characters and one letter per entry.
fn placeholder(index: usize, len: usize, dir: bool) -> String {
    let letters = format!("{}", char::from(b'A' + u8::try_from(index % 26).unwrap()));
    let body_len = if dir { len - 1 } else { len };
    assert!(
        body_len >= 2,
        "names written under a placeholder need 2 bytes or more"
    );
    let mut name = format!("\u{7f}{letters}");
    name.extend(std::iter::repeat_n('\u{7f}', body_len - name.len()));
    assert!(index < 26 * 26, "too many placeholder names");
    if index >= 26 {
        name.replace_range(
            2..3,
            &char::from(b'A' + u8::try_from(index / 26).unwrap()).to_string(),
        );
    }
    if dir {
        name.push('/');
    }
    name
}

fn replace_name(bytes: &mut [u8], placeholder: &[u8], wanted: &[u8]) {
    assert_eq!(placeholder.len(), wanted.len());
    let mut found = 0;
    let mut i = 0;
    while i + placeholder.len() <= bytes.len() {
        if &bytes[i..i + placeholder.len()] == placeholder {
            bytes[i..i + placeholder.len()].copy_from_slice(wanted);
            found += 1;
            i += placeholder.len();
        } else {
            i += 1;
        }
    }
    assert_eq!(
        found, 2,
        "placeholder {placeholder:?} must be in both headers"
    );
}

/// An entry of a finished archive: where its central and local headers are.
pub struct Entry {
    pub central: usize,
    pub local: usize,
    pub name: Vec<u8>,
}

/// Walks the central directory of a finished (non-ZIP64) archive.
pub fn central_entries(bytes: &[u8]) -> Vec<Entry> {
    let eocd = (0..bytes.len() - 21)
        .rev()
        .find(|&i| &bytes[i..i + 4] == b"PK\x05\x06")
        .unwrap();
    let count = usize::from(u16_at(bytes, eocd + 10));
    let mut at = u32_at(bytes, eocd + 16) as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        let name_len = usize::from(u16_at(bytes, at + 28));
        let extra_len = usize::from(u16_at(bytes, at + 30));
        let comment_len = usize::from(u16_at(bytes, at + 32));
        out.push(Entry {
            central: at,
            local: u32_at(bytes, at + 42) as usize,
            name: bytes[at + 46..at + 46 + name_len].to_vec(),
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    out
}

pub fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

pub fn put_u16(bytes: &mut [u8], at: usize, value: u16) {
    bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

pub fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn or_u16(bytes: &mut [u8], at: usize, bits: u16) {
    let value = u16_at(bytes, at) | bits;
    put_u16(bytes, at, value);
}

/// A built archive in its own temporary folder; `TMPDIR` of runs points inside it, so that
/// [`Built::leftovers`] also sees temporary files.
pub struct Built {
    pub dir: tempfile::TempDir,
    pub zip: std::path::PathBuf,
}

impl Built {
    pub fn new(bytes: &[u8]) -> Built {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        let zip = dir.path().join("package.zip");
        std::fs::write(&zip, bytes).unwrap();
        Built { dir, zip }
    }

    pub fn from_description(description: &Value) -> Built {
        Built::new(&build(description))
    }

    pub fn path(&self) -> &str {
        self.zip.to_str().unwrap()
    }

    pub fn tmp(&self) -> std::path::PathBuf {
        self.dir.path().join("tmp")
    }

    /// Every file in the temporary folder other than the archive itself.
    pub fn leftovers(&self) -> Vec<String> {
        list_files(self.dir.path())
            .into_iter()
            .filter(|f| f != "package.zip")
            .collect()
    }
}

/// The archive described by `dir/archive.json`, if the fixture folder has one.
pub fn fixture(dir: &Path) -> Option<Built> {
    let text = std::fs::read_to_string(dir.join("archive.json")).ok()?;
    let description: Value = serde_json::from_str(&text).unwrap();
    Some(Built::from_description(&description))
}
