//! `extpack diff OLD NEW`: what changed between two versions of an extension.

use std::path::PathBuf;

use super::{EXIT_OK, write_atomically, write_stdout};
use crate::diff;
use crate::error::FatalError;
use crate::release;
use crate::render::diff::{self as render, DiffFormat};

pub(crate) const DIFF_AFTER_HELP: &str = "\
Breaking changes: a feature or shared module removed, the configuration removed, or a settings
schema that rejects settings the old one accepted (newly required, enum values removed, limits
tightened, a pattern or format added, additionalProperties newly false, a narrower type).
`check --against OLD` reports them as findings (EP601-EP608).

Exit codes: 0 compared (whatever changed), 2 extpack could not compare (a path that cannot be
            read, a manifest without name, platform or version, two different extensions).

Examples:
  extpack diff ../my-ext-1.2.0 .                     what changed since 1.2.0
  extpack diff old new --format markdown >> NOTES.md  release notes
  extpack diff old new --format json                  for scripts (see the README)";

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The previous release: its folder, its extension.json, or its .zip archive.
    pub old: PathBuf,
    /// The new version: a folder, an extension.json or a .zip archive (default: the current
    /// folder).
    #[arg(default_value = ".")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Write to FILE instead of standard output (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(crate) fn run(args: &DiffArgs) -> Result<u8, FatalError> {
    let old = release::load(&args.old)?;
    let new = release::load(&args.new)?;
    release::same_extension(&old.side, &new.side)?;
    let result = diff::compare(&old, new.side.clone(), &new.manifest);
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
