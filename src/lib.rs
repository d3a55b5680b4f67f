//! extpack checks and packages Adobe Experience Platform Tags (Reactor) extensions offline.
//!
//! The pipeline:
//!
//! 1. [`source`]: an [`source::ExtensionSource`] gives access to the extension's files (a
//!    folder, or a zip archive read in place), so no check reads the filesystem directly;
//! 2. [`manifest`]: `extension.json` is parsed with the byte span of every key and value;
//! 3. [`platform`]: the manifest's `platform` selects the rules;
//! 4. [`checks`]: every check runs on the parsed manifest and reports [`diag::Diagnostic`]s;
//! 5. [`render`]: the findings of every extension are written as text or JSON.
//!
//! `main.rs` only parses the command line and calls [`cli::run`].

pub mod checks;
pub mod cli;
pub mod diag;
pub mod error;
pub mod formats;
pub mod js;
pub mod manifest;
pub mod paths;
pub mod platform;
pub mod references;
pub mod render;
pub mod requires;
pub mod schemas;
pub mod source;

use std::path::Path;

use diag::{Counts, Diagnostic};
use error::FatalError;
use source::{ArchiveLimits, DirSource, ExtensionSource, SourceError, ZipSource};

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
}

impl ExtensionReport {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }
}

/// Choices that change what is checked.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Report JavaScript files beside the library modules that nothing uses (EP311).
    pub unused_files: bool,
    /// Guards applied to zip archives.
    pub archive_limits: ArchiveLimits,
}

/// Checks the extension at `path`: a folder, its extension.json, or a zip archive (a file
/// whose name ends in `.zip`, read in place).
pub fn check_path(path: &Path, options: &CheckOptions) -> Result<ExtensionReport, FatalError> {
    let result = if source::zip::is_archive_path(path) {
        let source = ZipSource::open(path, &options.archive_limits)?;
        check_source_with(&source, options)
    } else {
        let source = DirSource::open(path)?;
        check_source_with(&source, options)
    };
    result.map_err(|e| match e {
        SourceError::NotFound(p) => FatalError::PathNotFound { path: p.into() },
        SourceError::Io { path, source } => FatalError::Read {
            path: path.into(),
            source,
        },
        SourceError::Unreadable(p) => FatalError::Read {
            path: p.into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "unreadable entry"),
        },
    })
}

/// Checks an extension from any source with the default options.
pub fn check_source(source: &dyn ExtensionSource) -> Result<ExtensionReport, SourceError> {
    check_source_with(source, &CheckOptions::default())
}

/// Checks an extension from any source.
pub fn check_source_with(
    source: &dyn ExtensionSource,
    options: &CheckOptions,
) -> Result<ExtensionReport, SourceError> {
    let mut report = ExtensionReport {
        path: source.display_root().to_owned(),
        name: None,
        version: None,
        platform: None,
        diagnostics: Vec::new(),
    };
    // An archive beyond the guards is not read at all.
    if source.refused() {
        report.diagnostics = source.findings();
        diag::sort_and_dedup(&mut report.diagnostics);
        return Ok(report);
    }
    let loaded = manifest::load(source)?;
    let mut diagnostics = loaded.diagnostics;
    if let Some(manifest) = &loaded.manifest {
        report.name = manifest.top_level_str("name").map(str::to_owned);
        report.version = manifest.top_level_str("version").map(str::to_owned);
        report.platform = manifest.top_level_str("platform").map(str::to_owned);
        match platform::detect(manifest) {
            Ok(platform) => {
                let refs = references::collect(&manifest.value);
                let resolutions = references::resolve(source, &refs);
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
    report.diagnostics = diagnostics;
    Ok(report)
}
