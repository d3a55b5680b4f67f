//! The `check` command: extensions checked in parallel, their reports written in the order
//! given.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::args::{CheckArgs, CommonArgs, resolve_format};
use super::terminal::{print_fatal, write_atomically, write_stdout};
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use crate::analysis::check_path_with;
use crate::checks::Options;
use crate::diag::ExtensionReport;
use crate::error::FatalError;
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
    } else {
        Views::Check
    };
    let against = args
        .against
        .as_deref()
        .map(crate::release::load)
        .transpose()?;
    if args.fixing.asked() {
        return super::fix::run(&paths, args, views, against.as_ref());
    }
    check_paths(
        &paths,
        &args.common,
        args.format,
        views,
        args.output.as_deref(),
        args.all,
        against.as_ref(),
    )
}

/// Checks extension folders in parallel and writes their reports in the order given, with a
/// summary table when `table` is set (human format only).
pub(crate) fn check_paths(
    paths: &[PathBuf],
    common: &CommonArgs,
    format: Option<Format>,
    views: Views,
    output: Option<&Path>,
    table: bool,
    against: Option<&crate::diff::Release>,
) -> Result<u8, FatalError> {
    let versions = common.load_versions()?;
    let options = Options {
        against,
        ..common.options(versions.as_ref(), views, true)
    };
    // One extension (the common case, and the hook's) needs no thread pool.
    let results: Vec<Result<ExtensionReport, FatalError>> = if paths.len() == 1 {
        paths.iter().map(|p| check_path_with(p, &options)).collect()
    } else {
        paths
            .par_iter()
            .map(|p| check_path_with(p, &options))
            .collect()
    };
    let mut reports = Vec::with_capacity(results.len());
    let mut failed = false;
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            // Comparing with another extension's release is a wrong command, not a finding:
            // one error and nothing else.
            Err(e @ FatalError::DifferentExtensions { .. }) => return Err(e),
            Err(e) => {
                print_fatal(&e);
                failed = true;
            }
        }
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
