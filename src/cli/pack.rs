//! `extpack pack`: the command line around [`crate::pack`]: arguments, the progress bar,
//! signals (see `signals.rs`), and what is printed.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};

use super::signals::{self, STOP};
use super::{CommonArgs, EXIT_FINDINGS, EXIT_OK, write_stdout};
use crate::error::FatalError;
use crate::pack::{self, PackOutcome, PackRequest};
use crate::paths::display;
use crate::references::Views;
use crate::render::pack::Plan;
use crate::render::{self, Format};

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

    /// Write no report beside the archive.
    #[arg(long, conflicts_with = "report")]
    pub no_report: bool,

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
    // SIGINT, SIGTERM and SIGHUP stop the writer between batches (see `signals.rs`).
    signals::catch_stop();
    let versions = args.common.load_versions()?;
    let request = PackRequest {
        output: args.output.clone(),
        report: args.report.clone(),
        no_report: args.no_report,
        dry_run: args.dry_run,
        deny_warnings: args.common.deny_warnings,
        check: args.common.options(versions.as_ref(), Views::Check, false),
        reads: args
            .common
            .versions
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect(),
    };
    let progress = Progress::new(args.format == PackFormat::Human);
    let outcome = pack::pack(
        &args.path,
        &request,
        &|done, total| progress.update(done, total),
        &STOP,
    );
    progress.clear();
    // A stop asked for before the archive was in place ends the run, whatever came of it;
    // one that came later is too late to undo anything.
    let stopped = !matches!(outcome, Ok(PackOutcome::Written { .. }));
    if let (true, Some(code)) = (stopped, signals::stop_code()) {
        super::print_fatal(&FatalError::Interrupted);
        return Ok(code);
    }
    let outcome = outcome?;
    let style = args.common.style(true);
    let json = args.format == PackFormat::Json;
    let mut out = Vec::new();
    let code = match &outcome {
        PackOutcome::Refused { report } => {
            if json {
                out = render::pack::refused_json(report).into_bytes();
            } else {
                render::render(Format::Human, std::slice::from_ref(report), style, &mut out)
                    .map_err(write_error)?;
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
            report_path,
            files,
            sizes,
        } => {
            let target = display(target);
            let report_path = report_path.as_deref().map(display);
            let plan = Plan {
                target: &target,
                report: report_path.as_deref(),
                folders: &files.folders,
                files: &files.files,
                sizes,
            };
            if json {
                out = render::pack::dry_run_json(&plan, report).into_bytes();
            } else {
                if !report.diagnostics.is_empty() {
                    render::render(Format::Human, std::slice::from_ref(report), style, &mut out)
                        .map_err(write_error)?;
                }
                out.extend(render::pack::dry_run_human(&plan).bytes());
            }
            EXIT_OK
        }
        PackOutcome::Written {
            report,
            target,
            report_path,
            summary,
        } => {
            let target = display(target);
            let report_path = report_path.as_deref().map(display);
            if json {
                out = render::pack::report(&target, report_path.as_deref(), summary, report)
                    .into_bytes();
            } else {
                if !report.diagnostics.is_empty() {
                    render::render(Format::Human, std::slice::from_ref(report), style, &mut out)
                        .map_err(write_error)?;
                }
                out.extend(
                    render::pack::written_human(
                        &target,
                        report_path.as_deref(),
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
