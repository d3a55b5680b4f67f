//! `extpack pack`: check an extension, then write the archive the platform takes
//! (the platform's packaging rules, README "What goes in") and its report — or, with a dry run, say what would be written.

pub mod ahead;
pub mod archive;
pub mod fileset;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use ahead::PreparedAhead;
use archive::{ArchiveSummary, EntryOptions, EntrySource};
pub use fileset::FileSet;

use crate::analysis::{CheckedFolder, analyze_folder};
use crate::checks::Options;
use crate::config::Config;
use crate::diag::ExtensionReport;
use crate::error::FatalError;
use crate::output::{Inputs, Output, OutputError, OutputLock, StagedFile, check_outputs};
use crate::paths::display;
use crate::references::{Reference, ReferenceKind, Resolution};
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
    /// Write no report.
    pub no_report: bool,
    pub dry_run: bool,
    pub deny_warnings: bool,
    pub check: Options<'a>,
    /// Files the run reads besides the extension and its configuration (`--versions` lists),
    /// which no output may replace.
    pub reads: Vec<PathBuf>,
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
        report_path: Option<PathBuf>,
        files: FileSet,
        sizes: Vec<u64>,
    },
    /// The archive and its report (unless asked for none) were written.
    Written {
        report: ExtensionReport,
        target: PathBuf,
        report_path: Option<PathBuf>,
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
    let target = target_path(request.output.as_deref(), &default_name);
    let report_path = (!request.no_report).then(|| {
        request
            .report
            .clone()
            .unwrap_or_else(|| with_suffix(&target, ".report.json"))
    });
    let files = FileSet::compute(
        source,
        &analysis.references,
        &analysis.resolutions,
        &analysis.graph,
        &|path| config.is_excluded(path),
    );
    // Every output is judged before anything is written, a dry run's too.
    let places = Places {
        source,
        request,
        config: &config,
        files: &files,
        views: views_folder(&analysis.references, &analysis.resolutions),
    };
    places.check(&target, report_path.as_deref())?;
    if request.dry_run {
        let sizes = files
            .files
            .iter()
            .map(|f| std::fs::metadata(source.path_of(f)).map_or(0, |m| m.len()))
            .collect();
        return Ok(PackOutcome::DryRun {
            report,
            target,
            report_path,
            files,
            sizes,
        });
    }
    let pack_error = |e| FatalError::packing(target.clone(), e);
    let staged = archive::stage(source, &files, &target, options, ahead, progress, cancel)
        .map_err(pack_error)?;
    // The archive is synced while its report is written and synced; both are put in place
    // only when both are complete, the archive first, under the lock of both places.
    let staged_report = match &report_path {
        Some(path) => {
            let text = crate::render::pack::report(
                &display(&target),
                Some(&display(path)),
                staged.summary(),
                &report,
            );
            let (synced, staged_report) = rayon::join(
                || staged.sync(),
                || StagedFile::write(path, text.as_bytes()),
            );
            synced.map_err(pack_error)?;
            Some(staged_report?)
        }
        None => {
            staged.sync().map_err(pack_error)?;
            None
        }
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(FatalError::Interrupted);
    }
    let mut places: Vec<&Path> = vec![&target];
    places.extend(report_path.as_deref());
    let lock = OutputLock::acquire(&places)?;
    let summary = staged.persist(cancel).map_err(pack_error)?;
    if let Some(staged_report) = staged_report {
        staged_report.persist()?;
    }
    drop(lock);
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
/// levels, when the archive is written) that receives the default name.
fn target_path(output: Option<&Path>, default_name: &str) -> PathBuf {
    match output {
        None => PathBuf::from(default_name),
        Some(o) if o.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) => o.to_owned(),
        Some(dir) => dir.join(default_name),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The views folder, when the manifest names one that exists (relative to the extension).
fn views_folder(references: &[Reference], resolutions: &[Resolution]) -> Option<String> {
    references
        .iter()
        .zip(resolutions)
        .find(|(r, res)| r.kind == ReferenceKind::ViewBase && **res == Resolution::Found)
        .and_then(|(r, _)| r.path.clone().ok())
}

/// What the outputs of a pack are judged against.
struct Places<'a> {
    source: &'a DirSource,
    request: &'a PackRequest<'a>,
    config: &'a Config,
    files: &'a FileSet,
    views: Option<String>,
}

impl Places<'_> {
    /// Refuses an archive or report that cannot go where asked: see [`check_outputs`], and a
    /// place inside the views folder, whose files the next run would pack.
    fn check(&self, target: &Path, report: Option<&Path>) -> Result<(), FatalError> {
        let mut outputs = vec![Output {
            path: target,
            what: "archive",
        }];
        outputs.extend(report.map(|path| Output {
            path,
            what: "report",
        }));
        check_outputs(&outputs, &self.inputs())?;
        for output in &outputs {
            if let Some(folder) = self.packed_folder(output.path) {
                return Err(OutputError::InsidePackedFolder {
                    path: output.path.to_owned(),
                    folder,
                    what: output.what,
                }
                .into());
            }
        }
        Ok(())
    }

    /// Every file the run packs or reads: the file set, the configuration, the versions
    /// lists and the previous release.
    fn inputs(&self) -> Inputs {
        let mut inputs = Inputs::default();
        for file in &self.files.files {
            inputs.packed(self.source.path_of(file));
        }
        match self.request.check.config_file {
            Some(file) => inputs.read(file),
            None => inputs.read(self.source.path_of(crate::config::CONFIG_NAME)),
        }
        for list in self.config.versions.iter().chain(&self.request.reads) {
            inputs.read(list.clone());
        }
        for release in &self.config.against {
            inputs.release(release);
        }
        inputs
    }

    /// The views folder (as given) when `output` would be one of its packed files: inside it,
    /// not a dot-name, not excluded by the configuration.
    fn packed_folder(&self, output: &Path) -> Option<PathBuf> {
        let views = self.views.as_deref()?;
        let folder = self.source.path_of(views);
        let canonical = std::fs::canonicalize(&folder).ok()?;
        let place = crate::output::target::place(output);
        let inside = place.strip_prefix(&canonical).ok()?;
        let mut names = Vec::new();
        for component in inside.components() {
            let name = component.as_os_str().to_str()?;
            if name.starts_with('.') {
                return None;
            }
            names.push(name);
        }
        let relative = if views.is_empty() {
            names.join("/")
        } else {
            format!("{views}/{}", names.join("/"))
        };
        (!names.is_empty() && !self.config.is_excluded(&relative)).then_some(folder)
    }
}
