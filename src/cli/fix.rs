//! `check --fix`, `check --unsafe-fixes` and `check --diff`: the findings' fixes applied to
//! the files, or shown as a diff.

use std::io::Write;
use std::path::PathBuf;

use super::args::CheckArgs;
use super::check::{check_report_place, write_reports};
use super::terminal::{print_fatal, write_stdout};
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use crate::analysis::{check_path_reading, check_path_with};
use crate::checks::Options;
use crate::diag::Safety;
use crate::diag::text::plural;
use crate::error::FatalError;
use crate::fixes::{self, FixRun, Refused};
use crate::output::Inputs;
use crate::references::Views;

/// The fixing options of `check`.
#[derive(Debug, Default, clap::Args)]
pub struct FixArgs {
    /// Apply the safe fixes to the files, check again, and report what remains (the exit code
    /// is that of what remains). Each file is written atomically, and only when the result
    /// still parses.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Apply the unsafe fixes too (keeping the last of duplicate keys, renaming an unknown
    /// key to the allowed one a letter away); implies --fix unless --diff is given.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change, and write nothing. Exit 1 when there
    /// is something to fix, 0 when there is nothing.
    #[arg(long)]
    pub diff: bool,
}

impl FixArgs {
    /// Whether fixes are asked for at all. `--unsafe-fixes` alone asks for `--fix`'s work.
    pub fn asked(&self) -> bool {
        self.fix || self.diff || self.unsafe_fixes
    }

    fn safety(&self) -> Safety {
        if self.unsafe_fixes {
            Safety::Unsafe
        } else {
            Safety::Safe
        }
    }
}

/// Fixes the extensions at `paths` (or shows the diff), then reports what remains.
pub(super) fn run(
    paths: &[PathBuf],
    args: &CheckArgs,
    views: Views,
    against: Option<&crate::diff::previous::Previous>,
) -> Result<u8, FatalError> {
    let versions = args.common.load_versions()?;
    let options = Options {
        against,
        ..args.common.options(versions.as_ref(), views, true)
    };
    // The report never replaces a file the run reads or fixes (judged before any fix is
    // written): the files each extension's check reads, the lists and the release.
    if let Some(output) = &args.output {
        let mut inputs = Inputs::default();
        for path in paths {
            if let Ok(checked) = check_path_reading(path, &options) {
                inputs.extend(checked.inputs);
            }
        }
        check_report_place(output, inputs, &args.common, &args.against)?;
    }
    let mut reports = Vec::with_capacity(paths.len());
    let mut runs: Vec<FixRun> = Vec::new();
    let mut failed = false;
    for path in paths {
        if crate::source::zip::is_archive_path(path) {
            note(&format!(
                "`{}` is an archive: fixes are applied to extension folders only",
                crate::paths::display(path)
            ));
            match check_path_with(path, &options) {
                Ok(report) => reports.push(report),
                Err(e) => {
                    print_fatal(&e);
                    failed = true;
                }
            }
            continue;
        }
        match fixes::fix_folder(path, &options, args.fixing.safety()) {
            Ok(run) => runs.push(run),
            Err(e @ FatalError::DifferentExtensions { .. }) => return Err(e),
            Err(e) => {
                print_fatal(&e);
                failed = true;
            }
        }
    }
    let files: Vec<fixes::FixedFile> = runs.iter().flat_map(|r| r.files.clone()).collect();
    let fixed: usize = runs.iter().map(|r| r.fixed).sum();
    for refused in runs.iter().flat_map(|r| &r.refused) {
        not_fixed(refused);
    }
    if args.fixing.diff {
        write_stdout(fixes::unified_diff(&files).as_bytes())?;
        note(&format!(
            "would fix {} in {}",
            plural(fixed, "finding"),
            plural(files.len(), "file")
        ));
        return Ok(if failed {
            EXIT_FAILURE
        } else if files.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        });
    }
    for refused in fixes::write(&files)? {
        not_fixed(&refused);
    }
    note(&format!(
        "fixed {} in {}",
        plural(fixed, "finding"),
        plural(files.len(), "file")
    ));
    // Reports in the order the paths were given: archives were checked in place.
    let mut fixed_reports = runs.into_iter().map(|r| r.report);
    let mut archive_reports = reports.into_iter();
    let ordered: Vec<_> = paths
        .iter()
        .filter_map(|p| {
            if crate::source::zip::is_archive_path(p) {
                archive_reports.next()
            } else {
                fixed_reports.next()
            }
        })
        .collect();
    write_reports(
        &ordered,
        &args.common,
        args.format,
        args.output.as_deref(),
        args.all,
    )?;
    Ok(if failed {
        EXIT_FAILURE
    } else if ordered.iter().any(|r| r.fails(args.common.deny_warnings)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// A line on standard error, which the report never uses.
fn note(text: &str) {
    // Nothing more can be done if standard error is gone.
    let _ = writeln!(std::io::stderr(), "extpack: {text}");
}

fn not_fixed(refused: &Refused) {
    note(&format!(
        "`{}` was not fixed: {}",
        refused.display, refused.reason
    ));
}
