//! The checks. Each one looks at an immutable [`Context`] and returns its findings; all of them
//! run, always, and the collector sorts what they found.
//!
//! # Adding a check
//! 1. Write `src/checks/<name>.rs` with a type implementing [`Check`]; word each finding in a
//!    small constructor function, not inside the logic.
//! 2. Add one line to [`CHECKS`].
//! 3. Register its codes in `src/diag/codes.rs`, write their pages in `docs/codes/`, and add
//!    `testdata/checks/<CODE>/trigger/` and `testdata/checks/<CODE>/near-miss/` fixtures.
//!    The tests fail until all of that exists.

mod against;
mod archive;
mod files;
mod icon;
mod library_code;
mod requires;
mod schema;
mod semantics;
mod settings_schemas;
mod unused;
mod versions;
mod views;

use rayon::prelude::*;

use std::path::Path;

use crate::diag::{Diagnostic, Rule, codes};
use crate::manifest::Manifest;
use crate::platform::Platform;
use crate::references::{Reference, Resolution};
use crate::requires::RequireGraph;
use crate::source::ExtensionSource;

/// What a run checks beyond the extension itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The versions already published (`--versions`): the manifest's version is checked
    /// against them.
    pub versions: Option<&'a crate::versions::VersionList>,
    /// Report JavaScript files beside the library modules that nothing uses (EP311).
    pub unused_files: bool,
    /// A config file for every extension (`--config`), instead of each extension's own
    /// `extpack.toml`.
    pub config_file: Option<&'a Path>,
    /// Whether the views are looked up.
    pub views: crate::references::Views,
    /// Whether the configuration's `views = "skip"` may turn the view checks off (not for
    /// `pack`, which always needs the views).
    pub views_from_config: bool,
    /// The previous release (`--against`, or `against` in extpack.toml): breaking changes
    /// since it are findings (EP601–EP608).
    pub against: Option<&'a crate::diff::previous::Previous>,
    /// Guards applied to zip archives.
    pub archive_limits: crate::source::ArchiveLimits,
    /// Codes not reported (`--ignore`), over the configuration's `[rules]`.
    pub ignore: &'a [&'static Rule],
    /// The extension is meant for a public release (`--public`, or `release = "public"` in
    /// extpack.toml): a missing `exchangeUrl` (EP308) is a warning, not a note.
    pub public_release: bool,
    /// The running command accepts `--no-views` and `--skip-unbuilt` (`check`), so help texts
    /// may suggest them; `pack` needs every file and the hook skips unbuilt output by itself.
    pub skip_flags_accepted: bool,
    /// The extension's configuration, once read (`analysis::analyze_folder` sets it): its
    /// `exclude` globs say which files under the views folder are not packed.
    pub config: Option<&'a crate::config::Config>,
}

impl Options<'_> {
    /// Drops the findings of the codes `--ignore` names.
    pub fn drop_ignored(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.ignore.is_empty() {
            diagnostics.retain(|d| !self.ignore.iter().any(|r| r.code == d.rule.code));
        }
    }
}

/// What every check sees: the extension's files, its parsed manifest, its platform, the paths
/// it references (looked up once) and its require graph (each file read once).
pub struct Context<'a> {
    pub source: &'a dyn ExtensionSource,
    pub manifest: &'a Manifest,
    pub platform: Platform,
    pub references: &'a [Reference],
    /// What was found at each reference, index for index.
    pub resolutions: &'a [Resolution],
    pub graph: &'a RequireGraph,
    /// The options of the run (`--versions`, `--unused-files`).
    pub options: &'a Options<'a>,
}

/// One independent check of an extension.
pub trait Check: Sync {
    /// Every code this check can report; a unit test holds the checks and the other stages
    /// to one owner per code, and debug builds assert that a check reports nothing else.
    fn codes(&self) -> &'static [&'static Rule];

    /// Every finding of this check, in any order.
    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic>;
}

/// Every check, in no particular order (the output is sorted).
pub static CHECKS: &[&dyn Check] = &[
    &schema::SchemaCheck,
    &files::FilesCheck,
    &requires::RequiresCheck,
    &library_code::LibraryCodeCheck,
    &semantics::SemanticsCheck,
    &settings_schemas::SettingsSchemasCheck,
    &unused::UnusedFilesCheck,
    &versions::VersionsCheck,
    &against::AgainstCheck,
    &archive::ArchiveEntriesCheck,
    &views::ViewsCheck,
    &icon::IconCheck,
];

/// Runs every check on an extension whose manifest parsed and whose platform is known, in
/// parallel (the collector sorts what they found, so scheduling never shows). One finding per
/// spot: a file behind a value the schema refused is not reported missing too.
pub fn run_all(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut found = run_every_check(cx);
    drop_files_behind_refused_values(&mut found);
    found
}

/// The codes of the schema that judge a value itself (not a key missing around it).
const VALUE_REFUSED: [&Rule; 6] = [
    &codes::EP103,
    &codes::EP104,
    &codes::EP105,
    &codes::EP106,
    &codes::EP107,
    &codes::EP108,
];

/// The codes of a file behind a manifest value: missing, another letter case, outside, the
/// wrong kind.
const FILE_BEHIND_VALUE: [&Rule; 4] = [&codes::EP201, &codes::EP202, &codes::EP203, &codes::EP204];

/// Drops the file findings at a value (or inside a value) that the schema refused: a key the
/// platform does not allow, or a path of the wrong form, is one finding, not two.
fn drop_files_behind_refused_values(found: &mut Vec<Diagnostic>) {
    let refused: Vec<String> = found
        .iter()
        .filter(|d| VALUE_REFUSED.iter().any(|r| r.code == d.rule.code))
        .filter_map(|d| d.pointer.clone())
        .collect();
    if refused.is_empty() {
        return;
    }
    found.retain(|d| {
        let Some(pointer) = d.pointer.as_deref() else {
            return true;
        };
        !(FILE_BEHIND_VALUE.iter().any(|r| r.code == d.rule.code)
            && refused.iter().any(|r| {
                pointer == r
                    || pointer
                        .strip_prefix(r.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }))
    });
}

fn run_every_check(cx: &Context<'_>) -> Vec<Diagnostic> {
    CHECKS
        .par_iter()
        .flat_map_iter(|check| {
            let found = check.run(cx);
            debug_assert!(
                found
                    .iter()
                    .all(|d| check.codes().iter().any(|c| c.code == d.rule.code)),
                "a check reported a code it does not claim: {:?}",
                found.iter().map(|d| d.rule.code).collect::<Vec<_>>()
            );
            found
        })
        .collect()
}
