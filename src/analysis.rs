//! The pipeline of one extension: open it, read its configuration, parse its manifest, collect
//! what it references and the require graph, run every check, and keep what the checks worked
//! from (packing takes its file set from the same [`Analysis`]).

use std::path::Path;

use crate::checks::{self, Options};
use crate::config;
use crate::diag::{self, ExtensionReport};
use crate::error::FatalError;
use crate::manifest;
use crate::platform;
use crate::references;
use crate::release;
use crate::requires;
use crate::source::{self, DirSource, ExtensionSource, SourceError};
use crate::versions;

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
            .map_err(FatalError::from);
    }
    analyze_path(path, options).map(|checked| checked.analysis.report)
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
    let loaded = match config::load(&config_path, crate::paths::display(&config_path)) {
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
        (None, Some(path)) => Some(release::load(path)?),
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
        config: Some(&loaded.config),
        ..*options
    };
    let mut analysis = analyze(source, &options).map_err(FatalError::from)?;
    if let (Some(old), Some(name), Some(platform), Some(version)) = (
        options.against,
        &analysis.report.name,
        &analysis.report.platform,
        &analysis.report.version,
    ) {
        release::same_extension(
            &old.side,
            &crate::diff::Side {
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
        analysis.report.diagnostics = source.findings(&[]);
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
    diag::sort_and_dedup(&mut diagnostics);
    analysis.report.diagnostics = diagnostics;
    Ok(analysis)
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
