//! `--versions`: the manifest's version against the versions the platform already holds
//! (README, "Checking the version against published versions").
//!
//! The platform rejects an upload whose version is not greater than every `private` or
//! `public` version of the same extension (same `name` *and* `platform`), and users learn it
//! only after uploading. Given a saved list of the extension's packages, [`check`] says so
//! beforehand, offline.
//!
//! - [`load`] reads and validates the lists once per process ([`parse`] detects the three
//!   forms: a saved Reactor API document, plain text, a JSON array of versions), merges them
//!   (the same package `id` counts once) and finds missing listing pages ([`pages`]). A list
//!   that cannot be used is a [`ListError`] (exit 2): nothing is skipped silently.
//! - [`check`] returns the findings for one manifest (EP401–EP406, decided in `rules.rs` and
//!   worded in `messages.rs`); `extpack check` runs it through the `versions` check, and
//!   `pack` can call it directly.

mod error;
mod jsonapi;
mod messages;
pub mod model;
pub mod number;
pub mod pages;
pub mod parse;
mod rules;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use error::ListError;
pub use model::{Availability, Entry, Form, ListFile, Package, Status};
pub use number::VersionNumber;
pub use pages::IncompleteListing;
pub use rules::check;

/// The name of standard input on the command line.
pub const STDIN: &str = "-";

/// Every list given, merged.
#[derive(Debug)]
pub struct VersionList {
    files: Vec<ListFile>,
    entries: Vec<Entry>,
    incomplete: Vec<IncompleteListing>,
}

impl VersionList {
    /// Merges parsed list files (in the order given): an entry whose `id` was seen already is
    /// the same package, counted once (the copy with the later `updated_at` is kept, so a page
    /// saved after a release wins over one saved before it).
    pub fn from_files(files: Vec<ListFile>) -> VersionList {
        let entries = merge(&files);
        let incomplete = pages::incomplete_listings(&files);
        VersionList {
            files,
            entries,
            incomplete,
        }
    }

    pub fn files(&self) -> &[ListFile] {
        &self.files
    }

    /// Every entry once, in the order first given.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn incomplete_listings(&self) -> &[IncompleteListing] {
        &self.incomplete
    }
}

fn merge(files: &[ListFile]) -> Vec<Entry> {
    let mut merged: Vec<Entry> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for entry in files.iter().flat_map(|f| &f.entries) {
        let seen = entry.id.as_deref().and_then(|id| by_id.get(id).copied());
        match seen {
            Some(i) => {
                if is_newer(entry, &merged[i]) {
                    merged[i] = entry.clone();
                }
            }
            None => {
                if let Some(id) = entry.id.as_deref() {
                    by_id.insert(id, merged.len());
                }
                merged.push(entry.clone());
            }
        }
    }
    merged
}

fn is_newer(a: &Entry, b: &Entry) -> bool {
    matches!((&a.updated_at, &b.updated_at), (Some(x), Some(y)) if x > y)
}

/// Reads, parses and merges the lists at `paths` (`-` is standard input, read from `stdin`).
pub fn load(paths: &[PathBuf], stdin: &mut dyn Read) -> Result<VersionList, ListError> {
    let mut files = Vec::with_capacity(paths.len());
    let mut stdin_read = false;
    for (index, path) in paths.iter().enumerate() {
        let (name, bytes) = if path.as_os_str() == STDIN {
            if std::mem::replace(&mut stdin_read, true) {
                return Err(ListError::file(
                    path,
                    "standard input can be read only once, and `-` was given twice",
                )
                .help("save one of the lists to a file and pass its path"));
            }
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).map_err(|e| {
                ListError::file(path, format!("standard input cannot be read: {e}"))
            })?;
            ("<stdin>".to_owned(), bytes)
        } else {
            (path.display().to_string(), read_file(path)?)
        };
        files.push(parse::parse(&name, &bytes, index)?);
    }
    Ok(VersionList::from_files(files))
}

fn read_file(path: &Path) -> Result<Vec<u8>, ListError> {
    std::fs::read(path).map_err(|e| {
        let error = ListError::file(path, format!("it cannot be read: {e}"));
        match e.kind() {
            std::io::ErrorKind::NotFound => error.help(
                "check the path (a relative path starts at the current folder); `-` reads the list from standard input",
            ),
            _ if path.is_dir() => error.help("pass the list file, not its folder"),
            _ => error,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_file(name: &str, text: &str, index: usize) -> ListFile {
        parse::parse(name, text.as_bytes(), index).unwrap_or_else(|e| panic!("{e}"))
    }

    fn item(id: &str, version: &str, availability: &str, updated_at: &str) -> String {
        format!(
            r#"{{"id": "{id}", "type": "extension_packages", "attributes": {{"name": "kessel-test", "version": "{version}", "availability": "{availability}", "platform": "web", "updated_at": "{updated_at}"}}}}"#
        )
    }

    #[test]
    fn the_same_id_counts_once_and_the_later_copy_wins() {
        let before = format!(
            r#"{{"data": [{}, {}]}}"#,
            item("EP1", "1.0.0", "public", "2024-01-01T00:00:00Z"),
            item("EP2", "1.1.0", "development", "2024-02-01T00:00:00Z")
        );
        let after = format!(
            r#"{{"data": [{}]}}"#,
            item("EP2", "1.1.0", "private", "2024-03-01T00:00:00Z")
        );
        let list = VersionList::from_files(vec![
            list_file("before.json", &before, 0),
            list_file("after.json", &after, 1),
        ]);
        let seen: Vec<_> = list
            .entries()
            .iter()
            .map(|e| (e.id.as_deref().unwrap_or(""), e.availability))
            .collect();
        assert_eq!(
            seen,
            [
                ("EP1", Availability::Public),
                ("EP2", Availability::Private)
            ]
        );
        // Given the other way round, the later save still wins.
        let list = VersionList::from_files(vec![
            list_file("after.json", &after, 0),
            list_file("before.json", &before, 1),
        ]);
        assert_eq!(list.entries().len(), 2);
        assert!(
            list.entries()
                .iter()
                .all(|e| e.availability != Availability::Development)
        );
    }

    #[test]
    fn entries_without_an_id_are_all_kept() {
        let list = VersionList::from_files(vec![
            list_file("a.txt", "1.0.0\n", 0),
            list_file("b.txt", "1.0.0\n", 1),
        ]);
        assert_eq!(list.entries().len(), 2);
    }

    #[test]
    fn standard_input_is_read_once() {
        let mut stdin: &[u8] = b"1.0.0 public\n";
        let list = load(&[PathBuf::from("-")], &mut stdin).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(list.files()[0].file.name(), "<stdin>");
        let mut stdin: &[u8] = b"1.0.0\n";
        let twice = load(&[PathBuf::from("-"), PathBuf::from("-")], &mut stdin);
        assert!(twice.is_err_and(|e| e.problem().contains("given twice")));
    }

    #[test]
    fn an_unreadable_file_is_an_error_that_names_it() {
        let mut stdin: &[u8] = b"";
        let e = load(&[PathBuf::from("no/such/list.json")], &mut stdin)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(
                |e| e.starts_with("versions list `no/such/list.json`: it cannot be read")
            ),
            "{e:?}"
        );
    }
}
