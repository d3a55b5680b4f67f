//! `extpack pack`: check an extension, then write the archive the platform takes
//! (the platform's packaging rules, README "What goes in") and its report — or, with a dry run, say what would be written.

pub mod ahead;
pub mod archive;
pub mod fileset;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use ahead::PreparedAhead;
use archive::{ArchiveError, ArchiveSummary, EntryOptions, EntrySource};
pub use fileset::FileSet;

use crate::analysis::{CheckedFolder, analyze_folder};
use crate::checks::Options;
use crate::diag::ExtensionReport;
use crate::error::FatalError;
use crate::output::StagedFile;
use crate::paths::display;
use crate::source::DirSource;

impl EntrySource for DirSource {
    fn disk_path(&self, name: &str) -> PathBuf {
        self.path_of(name)
    }
}

/// What `pack` was asked to do.
#[derive(Debug, Default)]
pub struct PackRequest<'a> {
    /// The archive (ends in `.zip`) or the folder to write the default name into.
    pub output: Option<PathBuf>,
    /// Where to write the report (default: `<archive>.report.json`).
    pub report: Option<PathBuf>,
    pub dry_run: bool,
    pub deny_warnings: bool,
    pub check: Options<'a>,
}

/// What `pack` did.
#[derive(Debug)]
pub enum PackOutcome {
    /// The checks found errors (or warnings, with `--deny-warnings`): nothing was written.
    Refused { report: ExtensionReport },
    /// A dry run: what would be written, and where.
    DryRun {
        report: ExtensionReport,
        target: PathBuf,
        files: FileSet,
        sizes: Vec<u64>,
    },
    /// The archive and its report were written.
    Written {
        report: ExtensionReport,
        target: PathBuf,
        report_path: PathBuf,
        summary: ArchiveSummary,
    },
}

/// Checks the extension at `path` and packs it.
pub fn pack(
    path: &Path,
    request: &PackRequest<'_>,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<PackOutcome, FatalError> {
    let options = EntryOptions::new(archive::timestamp_from_env());
    let source = DirSource::open(path)?;
    // Most entries are compressed on a thread of their own while the checks run (see
    // `ahead`); a dry run needs none. It stops when packing ends, whichever way.
    let ahead = PreparedAhead::default();
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        if !request.dry_run {
            let prepare = || {
                ahead.prepare_referenced(&source, &options, &|| {
                    stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed)
                });
            };
            // Without a thread, the writer prepares everything itself.
            let _ = std::thread::Builder::new()
                .name("extpack-ahead".to_owned())
                .spawn_scoped(scope, prepare);
        }
        let outcome = check_and_write(&source, request, &options, &ahead, progress, cancel);
        stop.store(true, Ordering::Relaxed);
        outcome
    })
}

/// [`pack`] once the source is open and the work ahead started.
fn check_and_write(
    source: &DirSource,
    request: &PackRequest<'_>,
    options: &EntryOptions,
    ahead: &PreparedAhead,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<PackOutcome, FatalError> {
    let checked = analyze_folder(source, &request.check);
    let CheckedFolder { analysis, config } = checked?;
    let report = analysis.report;
    if refused(&report, request) {
        return Ok(PackOutcome::Refused { report });
    }
    let default_name = format!(
        "package-{}-{}.zip",
        report.name.as_deref().unwrap_or("extension"),
        report.version.as_deref().unwrap_or("0.0.0")
    );
    let target = target_path(request.output.as_deref(), &default_name, request.dry_run)?;
    let report_path = request
        .report
        .clone()
        .unwrap_or_else(|| with_suffix(&target, ".report.json"));
    // A folder where the archive or its report must go is found before anything is written,
    // not when the second of the two is put in place.
    if !request.dry_run {
        for (path, what) in [(&target, "archive"), (&report_path, "report")] {
            if path.is_dir() {
                return Err(FatalError::FolderInTheWay {
                    path: path.clone(),
                    what,
                });
            }
        }
    }
    // Never pack the archive (or its report) into itself.
    let outputs: Vec<String> = [&target, &report_path]
        .into_iter()
        .filter_map(|p| relative_inside(source.canonical_root(), p))
        .collect();
    let files = FileSet::compute(
        source,
        &analysis.references,
        &analysis.resolutions,
        &analysis.graph,
        &|path| outputs.iter().any(|o| o == path) || config.is_excluded(path),
    );
    if request.dry_run {
        let sizes = files
            .files
            .iter()
            .map(|f| std::fs::metadata(source.path_of(f)).map_or(0, |m| m.len()))
            .collect();
        return Ok(PackOutcome::DryRun {
            report,
            target,
            files,
            sizes,
        });
    }
    let pack_error = |e| match e {
        ArchiveError::Interrupted => FatalError::Interrupted,
        source => FatalError::Pack {
            path: target.clone(),
            source,
        },
    };
    let staged = archive::stage(source, &files, &target, options, ahead, progress, cancel)
        .map_err(pack_error)?;
    // The archive is synced while its report is written and synced; both are put in place
    // only when both are complete, the archive first.
    let text = crate::render::pack::report(&display(&target), staged.summary(), &report);
    create_parent(&report_path)?;
    let (synced, staged_report) = rayon::join(
        || staged.sync(),
        || StagedFile::write(&report_path, text.as_bytes()),
    );
    synced.map_err(pack_error)?;
    let staged_report = staged_report?;
    let summary = staged.persist(cancel).map_err(pack_error)?;
    staged_report.persist()?;
    Ok(PackOutcome::Written {
        report,
        target,
        report_path,
        summary,
    })
}

/// Whether the checks' findings stop the packing.
fn refused(report: &ExtensionReport, request: &PackRequest<'_>) -> bool {
    report.fails(request.deny_warnings) || report.name.is_none()
}

/// Where the archive goes: `-o x.zip` is the file, any other `-o` a folder (created, all
/// levels, unless this is a dry run) that receives the default name.
fn target_path(
    output: Option<&Path>,
    default_name: &str,
    dry_run: bool,
) -> Result<PathBuf, FatalError> {
    let target = match output {
        None => PathBuf::from(default_name),
        Some(o) if o.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) => o.to_owned(),
        Some(dir) => dir.join(default_name),
    };
    if !dry_run {
        create_parent(&target)?;
    }
    Ok(target)
}

/// Creates the folder a file goes into, all levels.
fn create_parent(file: &Path) -> Result<(), FatalError> {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|source| FatalError::Write {
                path: parent.to_owned(),
                source,
            })
        }
        _ => Ok(()),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The path of `file` inside the extension, if it is inside.
fn relative_inside(root: &Path, file: &Path) -> Option<String> {
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let parent = std::fs::canonicalize(parent).ok()?;
    let full = parent.join(file.file_name()?);
    let relative = full.strip_prefix(root).ok()?;
    Some(
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
