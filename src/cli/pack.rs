//! `extpack pack`: the command line around [`crate::pack`]: arguments, the progress bar,
//! Ctrl-C, and what is printed.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};

use super::{CommonArgs, EXIT_FINDINGS, EXIT_OK, write_stdout};
use crate::error::FatalError;
use crate::pack::{self, PackOutcome, PackRequest};
use crate::references::Views;
use crate::render::{self, Format};

/// Exit code: interrupted (Ctrl-C); nothing was written.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Set by Ctrl-C; the archive writer stops at the next batch and removes its temporary file.
static CANCEL: AtomicBool = AtomicBool::new(false);

#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// The extension folder (or its extension.json).
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The archive to write (a name ending in .zip), or a folder (created as needed) that
    /// receives package-<name>-<version>.zip. Default: that name in the current folder.
    #[arg(long, short = 'o', visible_alias = "out", value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Where to write the report (default: <archive>.report.json).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// List the files that would be packed, with their sizes, and the target; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also list every entry written.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Output format: human or json. (For SARIF, GitHub annotations or JUnit, run `extpack
    /// check`, which reports the same findings.)
    #[arg(long, value_name = "FORMAT", value_parser = pack_format, default_value = "human")]
    pub format: PackFormat,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// The formats of `pack`. What it makes is an archive, which only these two describe; the
/// report formats of `check` are refused with a pointer to `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PackFormat {
    Human,
    Json,
}

impl From<PackFormat> for Format {
    fn from(format: PackFormat) -> Format {
        match format {
            PackFormat::Human => Format::Human,
            PackFormat::Json => Format::Json,
        }
    }
}

fn pack_format(value: &str) -> Result<PackFormat, String> {
    PackFormat::from_str(value, false).map_err(|_| {
        if Format::from_str(value, false).is_ok() {
            format!(
                "`pack` writes `human` or `json`; for `{value}`, run `extpack check --format \
                 {value}`, which reports the same findings"
            )
        } else {
            "expected `human` or `json`".to_owned()
        }
    })
}

pub fn run(args: &PackArgs) -> Result<u8, FatalError> {
    // Ctrl-C stops the writer between batches; if a handler cannot be set (one exists in
    // this process already), the default behaviour stays.
    let _ = ctrlc::set_handler(|| CANCEL.store(true, Ordering::Relaxed));
    let versions = args.common.load_versions()?;
    let request = PackRequest {
        output: args.output.clone(),
        report: args.report.clone(),
        dry_run: args.dry_run,
        deny_warnings: args.common.deny_warnings,
        check: args.common.options(versions.as_ref(), Views::Check, false),
    };
    let progress = Progress::new(args.format == PackFormat::Human);
    let outcome = match pack::pack(
        &args.path,
        &request,
        &|done, total| progress.update(done, total),
        &CANCEL,
    ) {
        Err(FatalError::Interrupted) => {
            progress.clear();
            super::print_fatal(&FatalError::Interrupted);
            return Ok(EXIT_INTERRUPTED);
        }
        other => other?,
    };
    progress.clear();
    let style = args.common.style(true);
    let mut out = Vec::new();
    let code = match &outcome {
        PackOutcome::Refused { report } => {
            render::render(
                args.format.into(),
                std::slice::from_ref(report),
                style,
                &mut out,
            )
            .map_err(write_error)?;
            if args.format == PackFormat::Human {
                out.extend_from_slice(b"nothing was packed: fix the errors above");
                if report.counts().errors == 0 {
                    out.extend_from_slice(b" (warnings are denied by --deny-warnings)");
                }
                out.push(b'\n');
            }
            EXIT_FINDINGS
        }
        PackOutcome::DryRun {
            report,
            target,
            files,
            sizes,
        } => {
            if args.format == PackFormat::Json {
                out = render::pack::dry_run_json(
                    &crate::paths::display(target),
                    &files.folders,
                    &files.files,
                    sizes,
                );
            } else {
                if !report.diagnostics.is_empty() {
                    render::render(Format::Human, std::slice::from_ref(report), style, &mut out)
                        .map_err(write_error)?;
                }
                out.extend(
                    render::pack::dry_run_human(
                        &crate::paths::display(target),
                        &files.folders,
                        &files.files,
                        sizes,
                    )
                    .bytes(),
                );
            }
            EXIT_OK
        }
        PackOutcome::Written {
            report,
            target,
            report_path,
            summary,
        } => {
            if args.format == PackFormat::Json {
                out = render::pack::report(&crate::paths::display(target), summary, report)
                    .into_bytes();
            } else {
                if !report.diagnostics.is_empty() {
                    render::render(Format::Human, std::slice::from_ref(report), style, &mut out)
                        .map_err(write_error)?;
                }
                out.extend(
                    render::pack::written_human(
                        &crate::paths::display(target),
                        &crate::paths::display(report_path),
                        summary,
                        args.verbose,
                    )
                    .bytes(),
                );
            }
            EXIT_OK
        }
    };
    write_stdout(&out)?;
    Ok(code)
}

fn write_error(source: io::Error) -> FatalError {
    FatalError::Write {
        path: PathBuf::from("<stdout>"),
        source,
    }
}

/// A progress bar on standard error, drawn only on a terminal, outside CI, for the human
/// format, and only once packing has taken more than a moment.
struct Progress {
    enabled: bool,
    start: Instant,
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(300);

    fn new(human: bool) -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        Progress {
            enabled: human && !ci && io::stderr().is_terminal(),
            start: Instant::now(),
            bar: Mutex::new(None),
        }
    }

    fn update(&self, done: u64, total: u64) {
        if !self.enabled || self.start.elapsed() < Self::DELAY {
            return;
        }
        let Ok(mut bar) = self.bar.lock() else { return };
        let bar = bar.get_or_insert_with(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) =
                ProgressStyle::with_template("packing {bar:30} {bytes}/{total_bytes} {eta}")
            {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done);
    }

    fn clear(&self) {
        if let Ok(mut bar) = self.bar.lock()
            && let Some(bar) = bar.take()
        {
            bar.finish_and_clear();
        }
    }
}
