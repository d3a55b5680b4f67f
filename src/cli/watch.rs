//! `check --watch`: the extensions checked again on every save, until Ctrl-C.
//!
//! File events (the `notify` crate: inotify, FSEvents, ReadDirectoryChangesW) are debounced:
//! after the first, events are collected until none has come for [`QUIET`] (at most
//! [`MAX_WAIT`]), so an editor's burst of writes or a `git checkout` gives one report. Each
//! report is drawn on a cleared screen (on a terminal) and followed, on standard error, by the
//! time it was made.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use notify::{EventKind, RecursiveMode, Watcher};

use super::EXIT_OK;
use super::args::CheckArgs;
use super::terminal::{print_fatal, write_stdout};
use crate::error::FatalError;

/// How long no event must come before a burst is over.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a report waits for a burst to end.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// The watch option of `check`.
#[derive(Debug, Default, clap::Args)]
pub struct WatchArgs {
    /// Check again on every save (debounced: a burst of saves gives one report), clearing the
    /// screen each time, until Ctrl-C (which exits 0).
    #[arg(long, conflicts_with_all = ["fix", "diff", "unsafe_fixes"])]
    pub watch: bool,
}

enum Signal {
    Changed,
    Interrupted,
}

/// Checks `args.paths`, then again after each burst of changes, until Ctrl-C.
pub(super) fn run(args: &CheckArgs) -> Result<u8, FatalError> {
    let (sender, signals) = mpsc::channel::<Signal>();
    // Ctrl-C (and SIGTERM, SIGHUP) set the flag `pack` polls too; a thread turns it into a
    // message, so that waiting for changes needs no timeout.
    super::signals::catch_stop();
    let interrupt = sender.clone();
    std::thread::spawn(move || {
        while !super::signals::STOP.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = interrupt.send(Signal::Interrupted);
    });
    let ignored = ignored_paths(args);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && counts(&event, &ignored)
        {
            let _ = sender.send(Signal::Changed);
        }
    })
    .map_err(watch_error)?;
    for (path, mode) in args.paths.iter().map(|p| watched(p)) {
        watcher.watch(&path, mode).map_err(watch_error)?;
    }
    loop {
        report(args);
        match signals.recv() {
            Ok(Signal::Changed) => {
                if wait_for_quiet(&signals) {
                    return Ok(EXIT_OK);
                }
            }
            Ok(Signal::Interrupted) | Err(_) => return Ok(EXIT_OK),
        }
    }
}

/// What to watch for a path of `check`: a folder and everything below it; for an
/// extension.json, its extension's folder; for an archive, the folder it is in (an editor or a
/// build replaces a file by renaming another over it, which a watch of the file itself would
/// miss).
fn watched(path: &Path) -> (PathBuf, RecursiveMode) {
    if path.is_dir() {
        return (path.to_owned(), RecursiveMode::Recursive);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if path
        .file_name()
        .is_some_and(|n| n == crate::source::MANIFEST_NAME)
    {
        (parent, RecursiveMode::Recursive)
    } else {
        (parent, RecursiveMode::NonRecursive)
    }
}

/// Waits until no change has come for [`QUIET`]; true when Ctrl-C came meanwhile.
fn wait_for_quiet(signals: &mpsc::Receiver<Signal>) -> bool {
    let started = Instant::now();
    while started.elapsed() < MAX_WAIT {
        match signals.recv_timeout(QUIET) {
            Ok(Signal::Changed) => {}
            Ok(Signal::Interrupted) => return true,
            Err(mpsc::RecvTimeoutError::Timeout) => return false,
            Err(mpsc::RecvTimeoutError::Disconnected) => return true,
        }
    }
    false
}

/// One check of every path, drawn on a cleared screen, and the time it was made.
fn report(args: &CheckArgs) {
    if std::io::stdout().is_terminal() {
        // Clear the screen and the scrollback, cursor home.
        let _ = write_stdout(b"\x1b[2J\x1b[3J\x1b[H");
    }
    if let Err(e) = super::check::check_once(args) {
        print_fatal(&e);
    }
    let _ = writeln!(
        std::io::stderr(),
        "extpack: checked at {} UTC; watching for changes (Ctrl-C to stop)",
        clock(SystemTime::now())
    );
}

/// `HH:MM:SS` of a time, in UTC.
fn clock(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Paths whose changes never start a check: the report file itself (when `-o` writes it
/// inside a watched folder, each report would start the next).
fn ignored_paths(args: &CheckArgs) -> Vec<PathBuf> {
    args.output
        .iter()
        .map(|p| absolute(p))
        .collect::<Vec<PathBuf>>()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// Whether an event is a change worth a check: a file created, written, renamed or removed,
/// outside `.git` and `node_modules`, not a temporary file of an atomic write, not ignored.
fn counts(event: &notify::Event, ignored: &[PathBuf]) -> bool {
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return false;
    }
    event.paths.iter().any(|path| {
        let skipped_folder = path.components().any(|c| {
            let name = c.as_os_str();
            name == ".git" || name == "node_modules"
        });
        let temporary = path.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with(".tmp") || n.ends_with(".zip.part") || n.ends_with('~')
        });
        let own = ignored.iter().any(|i| *i == absolute(path));
        !(skipped_folder || temporary || own)
    })
}

fn watch_error(error: notify::Error) -> FatalError {
    FatalError::Read {
        path: error.paths.first().cloned().unwrap_or_default(),
        source: std::io::Error::other(format!("cannot watch for changes: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn only_real_changes_outside_build_folders_count() {
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(counts(&event(modify, "/x/extension.json"), &[]));
        assert!(counts(
            &event(EventKind::Create(CreateKind::File), "/x/a.js"),
            &[]
        ));
        assert!(!counts(
            &event(EventKind::Access(AccessKind::Any), "/x/a.js"),
            &[]
        ));
        assert!(!counts(&event(modify, "/x/node_modules/p/a.js"), &[]));
        assert!(!counts(&event(modify, "/x/.git/index"), &[]));
        assert!(!counts(&event(modify, "/x/.tmpAb12"), &[]));
        assert!(!counts(
            &event(modify, "/x/report.json"),
            &[PathBuf::from("/x/report.json")]
        ));
    }

    #[test]
    fn files_are_watched_through_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let ext = dir.path().join("ext");
        std::fs::create_dir(&ext).unwrap();
        assert_eq!(watched(&ext), (ext.clone(), RecursiveMode::Recursive));
        assert_eq!(
            watched(&ext.join("extension.json")),
            (ext.clone(), RecursiveMode::Recursive)
        );
        assert_eq!(
            watched(&dir.path().join("package.zip")),
            (dir.path().to_owned(), RecursiveMode::NonRecursive)
        );
        assert_eq!(
            watched(Path::new("package.zip")),
            (PathBuf::from("."), RecursiveMode::NonRecursive)
        );
    }

    #[test]
    fn the_clock_is_utc() {
        let t = UNIX_EPOCH + Duration::from_secs(86_400 * 3 + 3600 * 13 + 60 * 5 + 9);
        assert_eq!(clock(t), "13:05:09");
    }
}
