//! `extpack diff OLD NEW`: what changed between two versions of an extension.

use std::path::PathBuf;

use super::{EXIT_OK, write_atomically, write_stdout};
use crate::diff;
use crate::error::FatalError;
use crate::output::{Inputs, Output, check_outputs};
use crate::release;
use crate::render::diff::{self as render, DiffFormat};

pub(crate) const DIFF_AFTER_HELP: &str = "\
OLD is the previous release: its folder (or extension.json), its .zip, or a saved Reactor API
response: a lookup (GET /extension_packages/{id}) or a listing (GET
/extension_packages/{id}/versions), whose highest private or public package that succeeded is
the previous release; several pages of a listing are given one after another, and then NEW
must be named. NEW is the new version (default: the current folder).

Breaking changes: a feature or shared module removed, the configuration removed, or a settings
schema that rejects settings the old one accepted (newly required, enum values removed, limits
tightened, a pattern or format added, additionalProperties newly false, a narrower type).
`check --against OLD` reports them as findings (EP601-EP608).

Exit codes: 0 compared (whatever changed), 2 extpack could not compare (a path that cannot be
            read, a manifest without name, platform or version, two different extensions,
            a listing without a released package of the extension).

Examples:
  extpack diff ../my-ext-1.2.0 .                     what changed since 1.2.0
  extpack diff versions.json                         since the release a saved listing holds
  extpack diff page-1.json page-2.json .             a listing saved in two pages
  extpack diff old new --format markdown >> NOTES.md  release notes
  extpack diff old new --format json                  for scripts (see the README)";

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// OLD… [NEW]: the previous release (a folder, extension.json, .zip or saved API
    /// responses), then the new version (default: the current folder). With several files
    /// for OLD (pages of a listing), NEW must be given.
    #[arg(value_name = "PATH", required = true, num_args = 1..)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Write to FILE instead of standard output (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl DiffArgs {
    /// The previous release's files and the new version: the last of several paths is NEW;
    /// a single path is OLD, compared with the current folder.
    fn old_and_new(&self) -> (&[PathBuf], PathBuf) {
        match self.paths.split_last() {
            Some((new, old)) if !old.is_empty() => (old, new.clone()),
            _ => (&self.paths, PathBuf::from(".")),
        }
    }
}

pub(crate) fn run(args: &DiffArgs) -> Result<u8, FatalError> {
    let (old_paths, new_path) = args.old_and_new();
    // NEW first: a listing there is a forgotten NEW (`diff page-1.json page-2.json`).
    let new = release::load_one(&new_path)?;
    let previous = release::load(old_paths)?;
    let old = release::for_extension(&previous, &new.side)?;
    if let Some(path) = &args.output {
        let mut inputs = Inputs::default();
        for old_path in old_paths {
            inputs.release(old_path);
        }
        inputs.release(&new_path);
        check_outputs(
            &[Output {
                path,
                what: "output",
            }],
            &inputs,
        )?;
    }
    let mut result = diff::compare(old, new.side.clone(), &new.manifest);
    // The pointers name places in the files as given (a saved API response has its own).
    for change in &mut result.changes {
        change.old_pointer = change.old_pointer.as_deref().map(|p| old.file_pointer(p));
        change.new_pointer = change.new_pointer.as_deref().map(|p| new.file_pointer(p));
    }
    let mut buffer = Vec::new();
    render::render(&result, args.format, &mut buffer).map_err(|source| FatalError::Write {
        path: PathBuf::from("<report>"),
        source,
    })?;
    match &args.output {
        Some(path) => write_atomically(path, &buffer)?,
        None => write_stdout(&buffer)?,
    }
    Ok(EXIT_OK)
}
