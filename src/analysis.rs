//! The pipeline of one extension: open it, read its configuration, parse its manifest, collect
//! what it references and the require graph, run every check, and keep what the checks worked
//! from (packing takes its file set from the same [`Analysis`]).

use std::path::Path;

use crate::checks::{self, Options};
use crate::config;
use crate::diag::{self, ExtensionReport};
use crate::error::FatalError;
use crate::manifest;
use crate::output::Inputs;
use crate::platform;
use crate::references;
use crate::release;
use crate::requires;
use crate::source::{self, DirSource, ExtensionSource, IndexSource, SourceError};
use crate::versions;

/// Checks the extension at `path` (a folder, or its extension.json).
pub fn check_path(path: &Path) -> Result<ExtensionReport, FatalError> {
    check_path_with(path, &Options::default())
}

/// Checks the extension at `path` with options: a folder, its extension.json, or a zip archive
/// (a file whose name ends in `.zip`, read in place; archives have no `extpack.toml`).
pub fn check_path_with(path: &Path, options: &Options<'_>) -> Result<ExtensionReport, FatalError> {
    check_path_reading(path, options).map(|checked| checked.report)
}

/// An extension checked, and the files on disk the check read or looked at, which an output
/// of the run must not replace.
#[derive(Debug)]
pub struct Checked {
    pub report: ExtensionReport,
    pub inputs: Inputs,
}

/// [`check_path_with`], keeping the files it read: the archive; or the manifest, every file it
/// names that was found, the require graph's files, the configuration, and the versions lists
/// and previous release the configuration names.
pub fn check_path_reading(path: &Path, options: &Options<'_>) -> Result<Checked, FatalError> {
    let mut inputs = Inputs::default();
    if source::zip::is_archive_path(path) {
        let archive = source::ZipSource::open(path, &options.archive_limits)?;
        inputs.read(path);
        let analysis = analyze(&archive, options)?;
        compared_release(options, &analysis.report)?;
        return Ok(Checked {
            report: analysis.report,
            inputs,
        });
    }
    let source = DirSource::open(path)?;
    let CheckedFolder { analysis, config } = analyze_folder(&source, options)?;
    inputs.read(source.path_of(source::MANIFEST_NAME));
    for (reference, resolution) in analysis.references.iter().zip(&analysis.resolutions) {
        if let (Ok(name), references::Resolution::Found) = (&reference.path, resolution) {
            inputs.read(source.path_of(name));
        }
    }
    for name in &analysis.graph.files {
        inputs.read(source.path_of(name));
    }
    match options.config_file {
        Some(file) => inputs.read(file),
        None => inputs.read(source.path_of(config::CONFIG_NAME)),
    }
    for list in &config.versions {
        inputs.read(list.clone());
    }
    for release in &config.against {
        inputs.release(release);
    }
    Ok(Checked {
        report: analysis.report,
        inputs,
    })
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
    analyze_folder_through(source, source, options)
}

/// [`analyze_folder`] with the files read through `source` (the folder with some files held
/// in memory: an editor's unsaved buffers, fixes not written yet); the configuration is the
/// folder's.
pub fn analyze_folder_through(
    folder: &DirSource,
    source: &dyn ExtensionSource,
    options: &Options<'_>,
) -> Result<CheckedFolder, FatalError> {
    let loaded = match options.config_file {
        Some(file) => config_file(file)?,
        None => match config::load(
            &folder.path_of(config::CONFIG_NAME),
            folder.display_path(config::CONFIG_NAME),
        ) {
            Ok(loaded) => loaded.unwrap_or_default(),
            Err(error) => {
                return Err(FatalError::Read {
                    path: folder.path_of(config::CONFIG_NAME),
                    source: error,
                });
            }
        },
    };
    analyze_configured(source, loaded, options)
}

/// [`analyze_folder`] on a folder as the git index holds it (the pre-commit hook): its
/// `extpack.toml` is the staged one too; the paths it names resolve from the folder in the
/// work tree.
pub fn analyze_staged(
    source: &IndexSource,
    options: &Options<'_>,
) -> Result<CheckedFolder, FatalError> {
    let loaded = match options.config_file {
        Some(file) => config_file(file)?,
        None => match source.read(config::CONFIG_NAME) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| FatalError::Read {
                    path: source.display_path(config::CONFIG_NAME).into(),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                })?;
                config::parse(
                    source.display_path(config::CONFIG_NAME),
                    text,
                    source.worktree_root(),
                )
            }
            Err(SourceError::NotFound(_)) => config::LoadedConfig::default(),
            Err(error) => return Err(error.into()),
        },
    };
    analyze_configured(source, loaded, options)
}

/// The configuration given with `--config FILE`, which must exist.
fn config_file(file: &Path) -> Result<config::LoadedConfig, FatalError> {
    match config::load(file, crate::paths::display(file)) {
        Ok(Some(loaded)) => Ok(loaded),
        Ok(None) => Err(FatalError::PathNotFound {
            path: file.to_owned(),
        }),
        Err(source) => Err(FatalError::Read {
            path: file.to_owned(),
            source,
        }),
    }
}

/// Runs every check with a configuration already read, and applies it.
fn analyze_configured(
    source: &dyn ExtensionSource,
    loaded: config::LoadedConfig,
    options: &Options<'_>,
) -> Result<CheckedFolder, FatalError> {
    // The config's versions lists apply when none were given on the command line.
    let own_versions = match (options.versions, loaded.config.versions.is_empty()) {
        (None, false) => Some(versions::load(
            &loaded.config.versions,
            &mut std::io::empty(),
        )?),
        _ => None,
    };
    // The config's previous release applies when none was given on the command line.
    let own_against = match (options.against, loaded.config.against.is_empty()) {
        (None, false) => Some(release::load(&loaded.config.against)?),
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
        public_release: options.public_release || loaded.config.public_release,
        config: Some(&loaded.config),
        ..*options
    };
    let mut analysis = analyze(source, &options).map_err(FatalError::from)?;
    compared_release(&options, &analysis.report)?;
    let diagnostics = &mut analysis.report.diagnostics;
    diagnostics.extend(loaded.diagnostics);
    loaded.config.apply(diagnostics);
    options.drop_ignored(diagnostics);
    diag::sort_and_dedup(diagnostics);
    analysis.report.deny_warnings = loaded.config.deny_warnings;
    Ok(CheckedFolder {
        analysis,
        config: loaded.config,
    })
}

/// With `--against`, fails unless the checked extension has a release to compare with: the
/// same extension as the one given, or one a listing holds a released package of. Checked on
/// the report's identity, after the checks (which skip what they cannot compare).
fn compared_release(options: &Options<'_>, report: &ExtensionReport) -> Result<(), FatalError> {
    if let (Some(previous), Some(name), Some(platform), Some(version)) = (
        options.against,
        &report.name,
        &report.platform,
        &report.version,
    ) {
        let new = crate::diff::Side {
            path: report.path.clone(),
            name: name.clone(),
            platform: platform.clone(),
            version: version.clone(),
        };
        release::for_extension(previous, &new)?;
    }
    Ok(())
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
            unchecked: None,
        },
        references: Vec::new(),
        resolutions: Vec::new(),
        graph: requires::RequireGraph::default(),
    };
    // An archive beyond the guards is not read at all.
    if source.refused() {
        analysis.report.diagnostics = source.findings(&[]);
        options.drop_ignored(&mut analysis.report.diagnostics);
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
                walk_views(source, &refs, &resolutions);
                analysis.references = refs;
                analysis.resolutions = resolutions;
                analysis.graph = graph;
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    // Problems of the archive itself, those found while reading included (judged with the
    // file paths as the manifest spells them). When reading found it hostile (overlapping
    // data), only they are reported.
    let manifest_paths: Vec<&str> = analysis
        .references
        .iter()
        .filter(|r| {
            !matches!(
                r.kind,
                references::ReferenceKind::View | references::ReferenceKind::ViewBase
            )
        })
        .map(|r| r.raw.as_str())
        .collect();
    if source.refused() {
        diagnostics = source.findings(&manifest_paths);
    } else {
        diagnostics.extend(source.findings(&manifest_paths));
    }
    options.drop_ignored(&mut diagnostics);
    diag::sort_and_dedup(&mut diagnostics);
    diag::cap_repeats(&mut diagnostics);
    analysis.report.diagnostics = diagnostics;
    Ok(analysis)
}

/// Walks the views folder as `pack` does, so that what the walk finds (a link loop, a name no
/// archive can hold: the source records them as findings) is reported by `check` too: check
/// and pack never disagree. The listings are cached, so pack's own walk costs nothing more.
fn walk_views(
    source: &dyn ExtensionSource,
    refs: &[references::Reference],
    resolutions: &[references::Resolution],
) {
    for (reference, resolution) in refs.iter().zip(resolutions) {
        if reference.kind == references::ReferenceKind::ViewBase
            && *resolution == references::Resolution::Found
            && let Ok(path) = &reference.path
        {
            source.files_under(path, &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::{RULES, Rule};

    /// Every stage that reports findings, with the codes it claims.
    fn owners() -> Vec<(String, &'static [&'static Rule])> {
        let mut owners: Vec<(String, &'static [&'static Rule])> = vec![
            ("manifest".into(), crate::manifest::CODES),
            ("platform".into(), crate::platform::CODES),
            ("config".into(), crate::config::CODES),
            ("source (archives)".into(), crate::source::ARCHIVE_CODES),
            ("source (folders)".into(), crate::source::FOLDER_CODES),
        ];
        for (i, check) in crate::checks::CHECKS.iter().enumerate() {
            owners.push((format!("check #{i}"), check.codes()));
        }
        owners
    }

    #[test]
    fn every_code_is_claimed_by_exactly_one_stage() {
        for rule in RULES.iter() {
            let claimed: Vec<String> = owners()
                .into_iter()
                .filter(|(_, codes)| codes.iter().any(|c| c.code == rule.code))
                .map(|(name, _)| name)
                .collect();
            assert_eq!(claimed.len(), 1, "{} is claimed by {claimed:?}", rule.code);
        }
        // A stage may also report a code another stage owns, when it says so.
        for code in crate::manifest::ALSO_REPORTS {
            assert!(
                owners().iter().any(|(_, codes)| codes.contains(code)),
                "{} is reported by the manifest loader but owned by no stage",
                code.code
            );
        }
        for (name, codes) in owners() {
            for code in codes {
                assert!(
                    RULES.iter().any(|r| r.code == code.code),
                    "{name} claims {} which is not registered",
                    code.code
                );
            }
        }
    }
}
