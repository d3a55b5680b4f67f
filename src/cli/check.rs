//! The `check` command: extensions checked in parallel, their reports written in the order
//! given.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::args::{CheckArgs, CommonArgs, resolve_format};
use super::terminal::{print_fatal, write_atomically, write_stdout};
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use crate::analysis::{Checked, check_path_reading};
use crate::checks::Options;
use crate::diag::ExtensionReport;
use crate::error::FatalError;
use crate::output::{Inputs, Output, check_outputs};
use crate::references::Views;
use crate::render::{self, Format};

pub(super) fn check(args: &CheckArgs) -> Result<u8, FatalError> {
    if args.watching.watch {
        return super::watch::run(args);
    }
    check_once(args)
}

/// One run of `check` (or of `--fix`/`--diff`) with these arguments.
pub(super) fn check_once(args: &CheckArgs) -> Result<u8, FatalError> {
    let paths = if args.all {
        let mut found = Vec::new();
        for root in &args.paths {
            if !root.is_dir() {
                return Err(FatalError::NotADirectory { path: root.clone() });
            }
            let below = crate::discover::extensions_below(root);
            if below.is_empty() {
                return Err(FatalError::NoExtensionFound { path: root.clone() });
            }
            found.extend(below);
        }
        found
    } else {
        args.paths.clone()
    };
    let views = if args.no_views {
        Views::Skip
    } else if args.skip_unbuilt {
        Views::SkipWhenUnbuilt
    } else {
        Views::Check
    };
    let against = if args.against.is_empty() {
        None
    } else {
        Some(crate::release::load(&args.against)?)
    };
    if args.fixing.asked() {
        return super::fix::run(&paths, args, views, against.as_ref());
    }
    check_paths(&CheckRun {
        paths: &paths,
        common: &args.common,
        format: args.format,
        views,
        output: args.output.as_deref(),
        table: args.all,
        against: against.as_ref(),
        releases: &args.against,
        skip_flags_accepted: true,
        check_one: &check_path_reading,
    })
}

/// One run of checks over several paths.
pub(crate) struct CheckRun<'a> {
    pub paths: &'a [PathBuf],
    pub common: &'a CommonArgs,
    pub format: Option<Format>,
    pub views: Views,
    /// Where the report goes; standard output when `None`.
    pub output: Option<&'a Path>,
    /// A summary table after the human format (`--all`).
    pub table: bool,
    pub against: Option<&'a crate::diff::previous::Previous>,
    /// The paths the previous release was read from (`--against`), which the report must not
    /// replace.
    pub releases: &'a [PathBuf],
    /// See [`Options::skip_flags_accepted`].
    pub skip_flags_accepted: bool,
    pub check_one: &'a CheckOne<'a>,
}

/// How each path of a run is opened and checked, keeping the files it read: from the working
/// tree ([`check_path_reading`]), or from the git index (the pre-commit hook).
pub(crate) type CheckOne<'a> =
    dyn for<'o> Fn(&Path, &Options<'o>) -> Result<Checked, FatalError> + Sync + 'a;

/// Checks extension folders in parallel and writes their reports in the order given, with a
/// summary table when `table` is set (human format only).
pub(crate) fn check_paths(run: &CheckRun<'_>) -> Result<u8, FatalError> {
    let CheckRun {
        paths,
        common,
        format,
        views,
        output,
        table,
        against,
        releases,
        skip_flags_accepted,
        check_one,
    } = *run;
    let versions = common.load_versions()?;
    let options = Options {
        against,
        skip_flags_accepted,
        ..common.options(versions.as_ref(), views, true)
    };
    // One extension (the common case, and the hook's) needs no thread pool.
    let results: Vec<Result<Checked, FatalError>> = if paths.len() == 1 {
        paths.iter().map(|p| check_one(p, &options)).collect()
    } else {
        paths.par_iter().map(|p| check_one(p, &options)).collect()
    };
    let mut reports = Vec::with_capacity(results.len());
    let mut inputs = Inputs::default();
    let mut failed = false;
    for (path, result) in paths.iter().zip(results) {
        match result {
            Ok(checked) => {
                reports.push(checked.report);
                inputs.extend(checked.inputs);
            }
            // Comparing with another extension's release, or with a listing that holds none of
            // this one, is a wrong command, not a finding: one error and nothing else.
            Err(
                e @ (FatalError::DifferentExtensions { .. } | FatalError::NoReleasedPackage { .. }),
            ) => {
                return Err(e);
            }
            // A path that cannot be checked is named in every format, in its place.
            Err(e) => {
                print_fatal(&e);
                reports.push(ExtensionReport::unchecked(
                    crate::paths::display(path),
                    e.to_string(),
                ));
                failed = true;
            }
        }
    }
    if let Some(path) = output {
        check_report_place(path, inputs, common, releases)?;
    }
    write_reports(&reports, common, format, output, table)?;
    Ok(if failed {
        EXIT_FAILURE
    } else if reports.iter().any(|r| r.fails(common.deny_warnings)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Writes the reports in the format asked for (or the one the environment implies) to
/// `output` or standard output, with a summary table when `table` is set (human format only).
pub(super) fn write_reports(
    reports: &[ExtensionReport],
    common: &CommonArgs,
    format: Option<Format>,
    output: Option<&Path>,
    table: bool,
) -> Result<(), FatalError> {
    let to_stdout = output.is_none();
    let format = resolve_format(
        format,
        std::env::var_os("GITHUB_ACTIONS").as_deref(),
        to_stdout,
    );
    let style = common.style(to_stdout);
    let mut buffer = Vec::new();
    render::render(format, reports, style, &mut buffer).map_err(|source| FatalError::Write {
        path: PathBuf::from("<report>"),
        source,
    })?;
    if table && format == Format::Human {
        buffer.extend(render::human::summary_table(reports).bytes());
    }
    match output {
        Some(path) => write_atomically(path, &buffer),
        None => write_stdout(&buffer),
    }
}

/// Refuses a report (`-o`) that would replace a file the run reads — `inputs` (what the
/// extensions' checks read), the versions lists, the configuration, the previous releases — or
/// that cannot go where asked. Judged before anything is written.
pub(super) fn check_report_place(
    report: &Path,
    mut inputs: Inputs,
    common: &CommonArgs,
    releases: &[PathBuf],
) -> Result<(), FatalError> {
    for list in &common.versions {
        inputs.read(list.clone());
    }
    if let Some(config) = &common.config {
        inputs.read(config.clone());
    }
    for release in releases {
        inputs.release(release);
    }
    check_outputs(
        &[Output {
            path: report,
            what: "report",
        }],
        &inputs,
    )?;
    Ok(())
}
