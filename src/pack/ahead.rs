//! Compressing the archive's files while the checks run.
//!
//! Deflating is most of what `pack` spends on a typical extension, and the checks leave a core
//! mostly idle. Most of the archive's content can be found without the checks' verdict: the
//! whole views folder (less dot-names and exclusions) and the files the manifest names. So
//! they are compressed before the checks end, on a thread of their own:
//! [`PreparedAhead::prepare_referenced`] reads the manifest on its own, finds those files with
//! the functions the checks use, and prepares them in name order, at most [`BATCH_BYTES`] of
//! them, until told to stop.
//!
//! The archive writer starts as soon as the checks pass, while this may still be running: it
//! [`take`](PreparedAhead::take)s an entry that is ready, waits for one being prepared, and
//! claims one not yet started to prepare it itself, so both go on compressing side by side and
//! nothing is done twice. Only the names of the checked file set are asked for; whatever else
//! was prepared is dropped. Both sides use [`archive::prepare`] with the same options, so the
//! archive's bytes are the same either way.
//!
//! The writer waits only for an entry this thread is preparing, and this thread never waits
//! for the writer nor uses rayon's pool (whose workers may be the ones waiting), so the two
//! cannot block each other; if this thread ends early in any way, entries still marked as
//! being prepared are released first.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Condvar, Mutex, MutexGuard};

use super::archive::{self, BATCH_BYTES, EntryOptions, Prepared};
use crate::manifest;
use crate::references::{self, ReferenceKind};
use crate::source::{DirSource, ExtensionSource};

/// Entries prepared before the file set was known, by archive name.
#[derive(Default)]
pub struct PreparedAhead {
    slots: Mutex<HashMap<String, Slot>>,
    changed: Condvar,
}

enum Slot {
    /// To be prepared; whoever claims it first prepares it.
    Pending,
    /// Being prepared by the thread ahead.
    Working,
    Done(Prepared),
}

impl PreparedAhead {
    /// Prepares the views and the named files of the extension in `source`, at most
    /// [`BATCH_BYTES`] of them, in name order, stopping early once `stop` says so. Anything
    /// unexpected (no manifest, no views folder, a file that cannot be read) just leaves that
    /// part to the writer, which reports it.
    pub fn prepare_referenced(
        &self,
        source: &DirSource,
        options: &EntryOptions,
        stop: &(dyn Fn() -> bool + Sync),
    ) {
        let _release = Release(self);
        let names = candidates(source);
        {
            let Some(mut slots) = self.lock() else { return };
            for name in &names {
                slots.insert(name.clone(), Slot::Pending);
            }
        }
        let mut budget = BATCH_BYTES;
        for name in names {
            if stop() {
                return;
            }
            {
                let Some(mut slots) = self.lock() else { return };
                match slots.get_mut(&name) {
                    Some(slot @ Slot::Pending) => *slot = Slot::Working,
                    _ => continue,
                }
            }
            let size = std::fs::metadata(source.path_of(&name)).map_or(u64::MAX, |m| m.len());
            let prepared = if size <= budget {
                budget -= size;
                archive::prepare(source, &name, options).ok()
            } else {
                None
            };
            let Some(mut slots) = self.lock() else { return };
            match prepared {
                Some(p) => slots.insert(name, Slot::Done(p)),
                // Left to the writer: beyond the budget, or unreadable (the writer reports it).
                None => slots.insert(name, Slot::Pending),
            };
            drop(slots);
            self.changed.notify_all();
        }
    }

    /// The entry prepared for `name`: `Some` when it was ready or being prepared (then this
    /// waits for it), `None` when it is not one of the candidates or not started yet — it is
    /// then the caller's to prepare, and will not be prepared here. Each is handed out once.
    pub fn take(&self, name: &str) -> Option<Prepared> {
        let mut slots = self.lock()?;
        loop {
            match slots.remove(name)? {
                Slot::Done(prepared) => return Some(prepared),
                Slot::Pending => return None,
                Slot::Working => {
                    slots.insert(name.to_owned(), Slot::Working);
                    slots = self.changed.wait(slots).ok()?;
                }
            }
        }
    }

    fn lock(&self) -> Option<MutexGuard<'_, HashMap<String, Slot>>> {
        self.slots.lock().ok()
    }
}

/// On every way out of [`PreparedAhead::prepare_referenced`], unwinding included: entries
/// still marked as being prepared are released, and waiters woken.
struct Release<'a>(&'a PreparedAhead);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        let mut slots = match self.0.slots.lock() {
            Ok(slots) => slots,
            Err(poisoned) => poisoned.into_inner(),
        };
        slots.retain(|_, slot| !matches!(slot, Slot::Working));
        drop(slots);
        self.0.changed.notify_all();
    }
}

/// The views folder's files and the files named by library, hosted and icon references
/// (views are under the folder), in name order. The files the libraries require are left to
/// the writer: finding them means reading every library, which the checks are doing on the
/// other core at the same moment.
fn candidates(source: &DirSource) -> Vec<String> {
    let Some(manifest) = manifest::load(source).ok().and_then(|l| l.manifest) else {
        return Vec::new();
    };
    let mut candidates: BTreeSet<String> = BTreeSet::new();
    for reference in references::collect(&manifest.value) {
        let Ok(path) = reference.path else { continue };
        match reference.kind {
            ReferenceKind::ViewBase => candidates.extend(source.files_under(&path, &[])),
            ReferenceKind::View => {}
            ReferenceKind::Library | ReferenceKind::Hosted | ReferenceKind::Icon => {
                candidates.insert(path);
            }
        }
    }
    candidates.into_iter().collect()
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
        let ahead = PreparedAhead::default();
        ahead.prepare_referenced(&source, &options, &|| false);
        let files = file_set(&source);
        // The views and the files the manifest names; not the manifest (the checks read it
        // anyway) nor the files only required by libraries (found by the checks).
        let mut prepared: Vec<&str> = Vec::new();
        for name in &files.files {
            if ahead.take(name).is_some() {
                prepared.push(name);
            }
        }
        let required_only = [
            "extension.json",
            "src/lib/helpers/format.js",
            "src/lib/helpers/labels.json",
            "src/lib/shared/util.js",
        ];
        let expected: Vec<&str> = files
            .files
            .iter()
            .map(String::as_str)
            .filter(|n| !required_only.contains(n))
            .collect();
        assert_eq!(prepared, expected);
        assert!(
            expected.contains(&"src/lib/main.js") && expected.contains(&"src/view/css/view.css")
        );
        // Each entry is handed out once; files the archive does not hold were not prepared.
        assert!(ahead.take("src/lib/main.js").is_none());
        assert!(ahead.take("package.json").is_none());
        assert!(ahead.take("src/view/.DS_Store").is_none());
    }

    fn one_prepared(dir: &Path) -> Prepared {
        std::fs::write(dir.join("a.js"), "var a = 1;").unwrap();
        let source = DirSource::open(dir).unwrap();
        archive::prepare(&source, "a.js", &EntryOptions::new(DateTime::DEFAULT)).unwrap()
    }

    #[test]
    fn an_entry_not_started_is_the_callers_and_is_not_prepared_twice() {
        let ahead = PreparedAhead::default();
        ahead.lock().unwrap().insert("a.js".into(), Slot::Pending);
        assert!(ahead.take("a.js").is_none());
        // Claimed: the thread ahead no longer sees it.
        assert!(ahead.lock().unwrap().is_empty());
    }

    #[test]
    fn an_entry_being_prepared_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let ahead = PreparedAhead::default();
        ahead.lock().unwrap().insert("a.js".into(), Slot::Working);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                let prepared = one_prepared(dir.path());
                ahead
                    .lock()
                    .unwrap()
                    .insert("a.js".into(), Slot::Done(prepared));
                ahead.changed.notify_all();
            });
            assert!(ahead.take("a.js").is_some());
        });
        assert!(ahead.take("a.js").is_none(), "handed out once");
    }

    #[test]
    fn a_thread_ahead_that_ends_early_releases_what_it_was_preparing() {
        // 'static so that a `take` that never returns fails this test instead of hanging it.
        let ahead: &'static PreparedAhead = Box::leak(Box::default());
        ahead.lock().unwrap().insert("a.js".into(), Slot::Working);
        let (sent, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || sent.send(ahead.take("a.js").is_none()));
        std::thread::sleep(std::time::Duration::from_millis(50));
        // What `prepare_referenced` leaves behind on any way out, a panic included.
        drop(Release(ahead));
        // Released: the caller prepares it instead of waiting forever.
        let released = received.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(released, Ok(true));
    }

    #[test]
    fn stops_when_told() {
        let source = web_full();
        let options = EntryOptions::new(DateTime::DEFAULT);
        let ahead = PreparedAhead::default();
        ahead.prepare_referenced(&source, &options, &|| true);
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
        // Nothing ahead; everything ready ahead; and the thread ahead running beside the
        // writer, as in `pack`, many times over to meet it at different points.
        let mut runs = vec![("none", Ahead::Nothing), ("ready", Ahead::Ready)];
        runs.extend((0..20).map(|_| ("beside", Ahead::Beside)));
        for (i, (name, mode)) in runs.into_iter().enumerate() {
            let ahead = PreparedAhead::default();
            let target = out.path().join(format!("{name}-{i}.zip"));
            let write = || {
                archive::write(
                    &source,
                    &files,
                    &target,
                    &options,
                    &ahead,
                    &|_, _| {},
                    &never,
                )
                .unwrap()
            };
            match mode {
                Ahead::Nothing => drop(write()),
                Ahead::Ready => {
                    ahead.prepare_referenced(&source, &options, &|| false);
                    drop(write());
                }
                Ahead::Beside => std::thread::scope(|scope| {
                    scope.spawn(|| ahead.prepare_referenced(&source, &options, &|| false));
                    drop(write());
                }),
            }
            bytes.push(std::fs::read(&target).unwrap());
        }
        for other in &bytes[1..] {
            assert!(bytes[0] == *other);
        }
    }

    enum Ahead {
        Nothing,
        Ready,
        Beside,
    }
}
