//! extpack checks and packages Adobe Experience Platform Tags (Reactor) extensions offline.
//!
//! The pipeline:
//!
//! 1. [`source`]: an [`source::ExtensionSource`] gives access to the extension's files (a
//!    folder today), so no check reads the filesystem directly;
//! 2. [`manifest`]: `extension.json` is parsed with the byte span of every key and value;
//! 3. [`platform`]: the manifest's `platform` selects the rules;
//! 4. [`checks`]: every check runs on the parsed manifest and reports [`diag::Diagnostic`]s;
//!    with [`Options::versions`] (`--versions`, loaded once by [`versions::load`]), that
//!    includes the version against the versions already published;
//! 5. [`render`]: the findings of every extension are written as text, JSON, SARIF, GitHub
//!    workflow commands or JUnit XML.
//!
//! `main.rs` only parses the command line and calls [`cli::run`].

pub mod checks;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod error;
pub mod formats;
pub mod gitignore;
pub mod js;
pub mod manifest;
pub mod pack;
pub mod paths;
pub mod platform;
pub mod references;
pub mod render;
pub mod requires;
pub mod schemas;
pub mod source;
pub mod versions;

use std::path::Path;

/// The project's home, named by the SARIF output and the documentation. Cargo.toml's
/// `repository` is the one place it is written.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

use diag::{Counts, Diagnostic};
use error::FatalError;
use source::{DirSource, ExtensionSource, SourceError};

/// Everything found in one extension.
#[derive(Debug)]
pub struct ExtensionReport {
    /// The extension as the user named it.
    pub path: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub platform: Option<String>,
    /// Sorted by file, position and code.
    pub diagnostics: Vec<Diagnostic>,
    /// The extension's configuration asks to fail on warnings.
    pub deny_warnings: bool,
}

impl ExtensionReport {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    /// Whether this extension fails the run: errors, or warnings when they are denied (by
    /// the command line or by the extension's configuration).
    pub fn fails(&self, deny_warnings: bool) -> bool {
        let counts = self.counts();
        counts.errors > 0 || ((deny_warnings || self.deny_warnings) && counts.warnings > 0)
    }
}

/// What a run checks beyond the extension itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The versions already published (`--versions`): the manifest's version is checked
    /// against them.
    pub versions: Option<&'a versions::VersionList>,
    /// Report JavaScript files beside the library modules that nothing uses (EP311).
    pub unused_files: bool,
    /// A config file for every extension (`--config`), instead of each extension's own
    /// `extpack.toml`.
    pub config_file: Option<&'a Path>,
    /// Whether the views are looked up.
    pub views: references::Views,
    /// Whether the configuration's `views = "skip"` may turn the view checks off (not for
    /// `pack`, which always needs the views).
    pub views_from_config: bool,
    /// The previous release (`--against`, or `against` in extpack.toml): breaking changes
    /// since it are findings (EP601–EP608).
    pub against: Option<&'a diff::Release>,
    /// Guards applied to zip archives.
    pub archive_limits: source::ArchiveLimits,
}

/// Checks the extension at `path` (a folder, or its extension.json).
pub fn check_path(path: &Path) -> Result<ExtensionReport, FatalError> {
    check_path_with(path, &Options::default())
}

/// Checks the extension at `path` with options: a folder, its extension.json, or a zip archive
/// (a file whose name ends in `.zip`, read in place; archives have no `extpack.toml`).
pub fn check_path_with(path: &Path, options: &Options<'_>) -> Result<ExtensionReport, FatalError> {
    if source::zip::is_archive_path(path) {
        let archive = source::ZipSource::open(path, &options.archive_limits)?;
        return analyze(&archive, options)
            .map(|analysis| analysis.report)
            .map_err(fatal);
    }
    analyze_path(path, options).map(|checked| checked.analysis.report)
}

/// A source's read failure as a fatal error.
pub(crate) fn fatal(error: SourceError) -> FatalError {
    match error {
        SourceError::NotFound(p) => FatalError::PathNotFound { path: p.into() },
        SourceError::Io { path, source } => FatalError::Read {
            path: path.into(),
            source,
        },
        SourceError::Unreadable(p) => FatalError::Read {
            path: p.into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "unreadable entry"),
        },
    }
}

/// An extension folder, checked with its configuration applied.
#[derive(Debug)]
pub struct CheckedFolder {
    pub analysis: Analysis,
    pub config: config::Config,
}

/// Opens the extension folder at `path`, reads its configuration (`extpack.toml` at its root,
/// or `options.config_file`), and runs every check. The configuration's findings join the
/// report, and its `[rules]` overrides are applied to every finding.
pub fn analyze_path(path: &Path, options: &Options<'_>) -> Result<CheckedFolder, FatalError> {
    analyze_folder(&DirSource::open(path)?, options)
}

/// [`analyze_path`] on a folder already open.
pub fn analyze_folder(
    source: &DirSource,
    options: &Options<'_>,
) -> Result<CheckedFolder, FatalError> {
    let config_path = match options.config_file {
        Some(file) => file.to_owned(),
        None => source.path_of(config::CONFIG_NAME),
    };
    let loaded = match config::load(&config_path, pack::display(&config_path)) {
        Ok(Some(loaded)) => loaded,
        Ok(None) if options.config_file.is_some() => {
            return Err(FatalError::PathNotFound { path: config_path });
        }
        Ok(None) => config::LoadedConfig::default(),
        Err(source) => {
            return Err(FatalError::Read {
                path: config_path,
                source,
            });
        }
    };
    // The config's versions lists apply when none were given on the command line.
    let own_versions = match (options.versions, loaded.config.versions.is_empty()) {
        (None, false) => Some(versions::load(
            &loaded.config.versions,
            &mut std::io::empty(),
        )?),
        _ => None,
    };
    // The config's previous release applies when none was given on the command line.
    let own_against = match (options.against, &loaded.config.against) {
        (None, Some(path)) => Some(diff::load_release(path)?),
        _ => None,
    };
    let views = if options.views_from_config && loaded.config.skip_views {
        references::Views::Skip
    } else {
        options.views
    };
    let options = Options {
        versions: options.versions.or(own_versions.as_ref()),
        views,
        against: options.against.or(own_against.as_ref()),
        ..*options
    };
    let mut analysis = analyze(source, &options).map_err(fatal)?;
    if let (Some(old), Some(name), Some(platform), Some(version)) = (
        options.against,
        &analysis.report.name,
        &analysis.report.platform,
        &analysis.report.version,
    ) {
        diff::same_extension(
            &old.side,
            &diff::Side {
                path: analysis.report.path.clone(),
                name: name.clone(),
                platform: platform.clone(),
                version: version.clone(),
            },
        )?;
    }
    let diagnostics = &mut analysis.report.diagnostics;
    diagnostics.extend(loaded.diagnostics);
    loaded.config.apply(diagnostics);
    diag::sort_and_dedup(diagnostics);
    analysis.report.deny_warnings = loaded.config.deny_warnings;
    Ok(CheckedFolder {
        analysis,
        config: loaded.config,
    })
}

/// Checks an extension from any source with the default options.
pub fn check_source(source: &dyn ExtensionSource) -> Result<ExtensionReport, SourceError> {
    check_source_with(source, &Options::default())
}

/// Checks an extension from any source, with options.
pub fn check_source_with(
    source: &dyn ExtensionSource,
    options: &Options<'_>,
) -> Result<ExtensionReport, SourceError> {
    analyze(source, options).map(|analysis| analysis.report)
}

/// A checked extension and what the checks worked from: the manifest's paths, what is at
/// each, and the require graph. Packing takes its file set from these, so it can never
/// disagree with the checks about a path.
#[derive(Debug)]
pub struct Analysis {
    pub report: ExtensionReport,
    /// Empty when the manifest could not be parsed or has no known platform.
    pub references: Vec<references::Reference>,
    /// What was found at each reference, index for index.
    pub resolutions: Vec<references::Resolution>,
    pub graph: requires::RequireGraph,
}

/// Runs every check on an extension and keeps what they worked from.
pub fn analyze(
    source: &dyn ExtensionSource,
    options: &Options<'_>,
) -> Result<Analysis, SourceError> {
    let mut analysis = Analysis {
        report: ExtensionReport {
            path: source.display_root().to_owned(),
            name: None,
            version: None,
            platform: None,
            diagnostics: Vec::new(),
            deny_warnings: false,
        },
        references: Vec::new(),
        resolutions: Vec::new(),
        graph: requires::RequireGraph::default(),
    };
    // An archive beyond the guards is not read at all.
    if source.refused() {
        analysis.report.diagnostics = source.findings();
        diag::sort_and_dedup(&mut analysis.report.diagnostics);
        return Ok(analysis);
    }
    let loaded = manifest::load(source)?;
    let mut diagnostics = loaded.diagnostics;
    if let Some(manifest) = &loaded.manifest {
        let report = &mut analysis.report;
        report.name = manifest.top_level_str("name").map(str::to_owned);
        report.version = manifest.top_level_str("version").map(str::to_owned);
        report.platform = manifest.top_level_str("platform").map(str::to_owned);
        match platform::detect(manifest) {
            Ok(platform) => {
                let refs = references::collect(&manifest.value);
                let resolutions = references::resolve(source, &refs, options.views);
                let roots: Vec<String> = refs
                    .iter()
                    .zip(&resolutions)
                    .filter(|(r, res)| {
                        r.kind == references::ReferenceKind::Library
                            && **res == references::Resolution::Found
                    })
                    .filter_map(|(r, _)| r.path.clone().ok())
                    .collect();
                let graph = requires::RequireGraph::build(source, &roots, platform)?;
                let cx = checks::Context {
                    source,
                    manifest,
                    platform,
                    references: &refs,
                    resolutions: &resolutions,
                    graph: &graph,
                    options,
                };
                diagnostics.extend(checks::run_all(&cx));
                analysis.references = refs;
                analysis.resolutions = resolutions;
                analysis.graph = graph;
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    // Problems of the archive itself, those found while reading included. When reading found
    // it hostile (overlapping data), only they are reported.
    if source.refused() {
        diagnostics = source.findings();
    } else {
        diagnostics.extend(source.findings());
    }
    diag::sort_and_dedup(&mut diagnostics);
    analysis.report.diagnostics = diagnostics;
    Ok(analysis)
}
