//! Compressing the views while the checks run.
//!
//! Deflating is most of what `pack` spends on a typical extension, and the checks leave a core
//! mostly idle. The archive's content can be found without the checks' verdict: the whole
//! views folder (less dot-names and exclusions), the files the manifest names and the files
//! the libraries require. So they are compressed before the checks end:
//! [`PreparedAhead::referenced`] reads the manifest on its own, finds those files with the
//! functions the checks use, and prepares them in name order, at most [`BATCH_BYTES`] of them,
//! until told to stop. The archive writer takes an entry from here
//! when the file set names it and prepares the others itself; whatever is left is dropped.
//! Both use [`archive::prepare`] with the same options, so the archive's bytes are the same
//! either way.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;

use super::archive::{self, BATCH_BYTES, EntryOptions, Prepared};
use crate::manifest;
use crate::platform;
use crate::references::{self, ReferenceKind};
use crate::requires::RequireGraph;
use crate::source::{DirSource, ExtensionSource};

/// Entries prepared before the file set was known, by archive name.
#[derive(Default)]
pub struct PreparedAhead {
    entries: HashMap<String, Mutex<Option<Prepared>>>,
}

impl PreparedAhead {
    /// Nothing prepared: the writer prepares every entry itself.
    pub fn none() -> PreparedAhead {
        PreparedAhead::default()
    }

    /// Prepares the views, the named files and the require() closure of the extension in
    /// `source`, at most
    /// [`BATCH_BYTES`] of them, stopping early once `stop` says so. Anything unexpected (no
    /// manifest, no views folder, a file that cannot be read) just leaves that part to the
    /// writer, which reports it.
    pub fn referenced(
        source: &DirSource,
        options: &EntryOptions,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> PreparedAhead {
        let Some(manifest) = manifest::load(source).ok().and_then(|l| l.manifest) else {
            return PreparedAhead::none();
        };
        // The views folder's files, the files named by library, hosted and icon references
        // (views are under the folder), and the files the libraries require.
        let mut candidates: BTreeSet<String> = BTreeSet::new();
        let mut libraries = Vec::new();
        for reference in references::collect(&manifest.value) {
            let Ok(path) = reference.path else { continue };
            match reference.kind {
                ReferenceKind::ViewBase => candidates.extend(source.files_under(&path, &[])),
                ReferenceKind::View => {}
                ReferenceKind::Library => libraries.push(path),
                ReferenceKind::Hosted | ReferenceKind::Icon => {
                    candidates.insert(path);
                }
            }
        }
        if let Ok(platform) = platform::detect(&manifest)
            && let Ok(graph) = RequireGraph::build(source, &libraries, platform)
        {
            candidates.extend(graph.files);
        }
        candidates.extend(libraries);
        let mut budget = BATCH_BYTES;
        let names: Vec<String> = candidates
            .into_iter()
            .filter(|name| {
                let size = std::fs::metadata(source.path_of(name)).map_or(u64::MAX, |m| m.len());
                let fits = size <= budget;
                if fits {
                    budget -= size;
                }
                fits
            })
            .collect();
        let entries = names
            .into_par_iter()
            .filter_map(|name| {
                if stop() {
                    return None;
                }
                let prepared = archive::prepare(source, &name, options).ok()?;
                Some((name, Mutex::new(Some(prepared))))
            })
            .collect();
        PreparedAhead { entries }
    }

    /// The entry prepared for `name`, if there is one (each is handed out once).
    pub fn take(&self, name: &str) -> Option<Prepared> {
        self.entries.get(name)?.lock().ok()?.take()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::AtomicBool;

    use zip::DateTime;

    use super::*;
    use crate::pack::FileSet;
    use crate::{Options, analyze_folder};

    fn web_full() -> DirSource {
        DirSource::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/valid/web-full"))
            .unwrap()
    }

    fn file_set(source: &DirSource) -> FileSet {
        let checked = analyze_folder(source, &Options::default()).unwrap();
        assert!(checked.analysis.report.diagnostics.is_empty());
        let a = &checked.analysis;
        FileSet::compute(source, &a.references, &a.resolutions, &a.graph, &|_| false)
    }

    #[test]
    fn prepares_what_the_archive_will_hold_and_nothing_else() {
        let source = web_full();
        let options = EntryOptions::new(DateTime::DEFAULT);
        let ahead = PreparedAhead::referenced(&source, &options, &|| false);
        let files = file_set(&source);
        // Everything but the manifest, which is read by the checks anyway.
        let mut prepared: Vec<&str> = Vec::new();
        for name in &files.files {
            if ahead.take(name).is_some() {
                prepared.push(name);
            }
        }
        let expected: Vec<&str> = files
            .files
            .iter()
            .map(String::as_str)
            .filter(|n| *n != "extension.json")
            .collect();
        assert_eq!(prepared, expected);
        // Each entry is handed out once; files the archive does not hold were not prepared.
        assert!(ahead.take("src/lib/main.js").is_none());
        assert!(ahead.take("package.json").is_none());
        assert!(ahead.take("src/view/.DS_Store").is_none());
    }

    #[test]
    fn stops_when_told() {
        let source = web_full();
        let options = EntryOptions::new(DateTime::DEFAULT);
        let ahead = PreparedAhead::referenced(&source, &options, &|| true);
        assert!(ahead.take("src/lib/main.js").is_none());
        assert!(ahead.take("src/view/css/view.css").is_none());
    }

    #[test]
    fn the_archive_is_the_same_with_or_without_entries_prepared_ahead() {
        let source = web_full();
        let files = file_set(&source);
        let options = EntryOptions::new(DateTime::DEFAULT);
        let out = tempfile::tempdir().unwrap();
        let never = AtomicBool::new(false);
        let mut bytes = Vec::new();
        for (name, ahead) in [
            ("none.zip", PreparedAhead::none()),
            (
                "ahead.zip",
                PreparedAhead::referenced(&source, &options, &|| false),
            ),
        ] {
            let target = out.path().join(name);
            archive::write(
                &source,
                &files,
                &target,
                &options,
                &ahead,
                &|_, _| {},
                &never,
            )
            .unwrap();
            bytes.push(std::fs::read(&target).unwrap());
        }
        assert_eq!(bytes[0], bytes[1]);
    }
}
