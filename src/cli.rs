//! The command line: argument definitions (clap derive) and the commands they run.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::diag::{Counts, RULES, rule};
use crate::error::FatalError;
use crate::platform::Platform;
use crate::render::{self, Format, Style};
use crate::source::ArchiveLimits;
use crate::{CheckOptions, ExtensionReport, check_path, schemas};

/// Exit code: no errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: errors found (or warnings, with `--deny-warnings`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: extpack could not do its job (bad arguments, unreadable path, I/O failure).
pub const EXIT_FAILURE: u8 = 2;

const AFTER_HELP: &str = "\
Exit codes: 0 no errors, 1 errors found (or warnings with --deny-warnings),
            2 extpack could not run (bad arguments, unreadable path, a broken zip,
              I/O failure).

Examples:
  extpack check                          check the extension in the current folder
  extpack check ext-a ext-b --format json
  extpack check package.zip              check an archive before uploading it
  extpack explain EP105                  what a code means and how to fix it";

/// Check and package Adobe Experience Platform Tags (Reactor) extensions, offline.
#[derive(Debug, Parser)]
#[command(name = "extpack", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check extensions and report every problem at once.
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// Explain a diagnostic code, or list every code.
    Explain {
        /// A code such as EP105; without one, every code is listed.
        code: Option<String>,
    },
    /// Print the bundled JSON Schema of a platform's extension.json.
    Schema {
        #[arg(value_enum)]
        platform: PlatformArg,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Extension folders (or their extension.json files) and zip archives (`*.zip`, read in
    /// place, never extracted). Several are checked in parallel and reported in the order
    /// given.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Also report JavaScript files beside the library modules that nothing uses (EP311).
    #[arg(long)]
    pub unused_files: bool,

    /// Zip archives only: refuse an archive whose entries declare more uncompressed bytes
    /// than this (EP019). A guard against hostile archives, not a platform rule. Accepts
    /// K/M/G suffixes (binary: 512M, 2GiB).
    #[arg(long, value_name = "BYTES", default_value = "1GiB", value_parser = parse_bytes)]
    pub max_archive_bytes: u64,

    /// Zip archives only: refuse an archive with more entries than this (EP020). A guard
    /// against hostile archives, not a platform rule.
    #[arg(long, value_name = "COUNT", default_value_t = ArchiveLimits::DEFAULT_MAX_ENTRIES)]
    pub max_archive_entries: u64,

    /// When to colour the human format. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    Web,
    Edge,
    Mobile,
}

impl From<PlatformArg> for Platform {
    fn from(p: PlatformArg) -> Platform {
        match p {
            PlatformArg::Web => Platform::Web,
            PlatformArg::Edge => Platform::Edge,
            PlatformArg::Mobile => Platform::Mobile,
        }
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Schema { platform } => {
            write_stdout(schemas::text(platform.into()).as_bytes()).map(|()| EXIT_OK)
        }
    };
    result.unwrap_or_else(|e| {
        print_fatal(&e);
        EXIT_FAILURE
    })
}

fn check(args: &CheckArgs) -> Result<u8, FatalError> {
    let options = CheckOptions {
        unused_files: args.unused_files,
        archive_limits: ArchiveLimits {
            max_bytes: args.max_archive_bytes,
            max_entries: args.max_archive_entries,
        },
    };
    let results: Vec<Result<ExtensionReport, FatalError>> = args
        .paths
        .par_iter()
        .map(|p| check_path(p, &options))
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    let mut failed = false;
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(e) => {
                print_fatal(&e);
                failed = true;
            }
        }
    }
    let style = Style {
        color: use_color(
            args.color,
            args.output.is_none() && io::stdout().is_terminal(),
        ),
        width: width(),
    };
    let mut buffer = Vec::new();
    render::render(args.format, &reports, style, &mut buffer).map_err(|source| {
        FatalError::Write {
            path: PathBuf::from("<report>"),
            source,
        }
    })?;
    match &args.output {
        Some(path) => write_atomically(path, &buffer)?,
        None => write_stdout(&buffer)?,
    }
    let counts = reports
        .iter()
        .fold(Counts::default(), |acc, r| acc + r.counts());
    Ok(if failed {
        EXIT_FAILURE
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn explain(code: Option<&str>) -> Result<u8, FatalError> {
    let text = match code {
        Some(code) => {
            let rule = rule(code).ok_or_else(|| FatalError::UnknownCode {
                code: code.to_owned(),
            })?;
            rule.docs.to_owned()
        }
        None => {
            let mut text = String::new();
            for r in RULES.iter() {
                text.push_str(&format!(
                    "{}  {:<8} {:<22} {}\n",
                    r.code,
                    r.severity.as_str(),
                    r.name,
                    r.summary
                ));
            }
            text.push_str(
                "\n`extpack explain CODE` shows what a code checks, why, an example and the fix.\n",
            );
            text
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}

/// A byte count: digits with an optional binary suffix (`K`, `KiB`, `M`, `MiB`, `G`, `GiB`,
/// `T`, `TiB`; any case).
fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a byte count such as 1073741824 or 1GiB"))?;
    let shift = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(format!(
                "unknown unit in `{text}`: use K, M, G or T (binary)"
            ));
        }
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The terminal's width when there is one, else `COLUMNS`, else 100 (CI logs).
fn width() -> usize {
    if io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return usize::from(w).max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// Writes to standard output; a closed pipe (`extpack check | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), FatalError> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(FatalError::Write {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Writes a file through a temporary file beside it, renamed into place when complete.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FatalError> {
    let error = |source| FatalError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
    temp.write_all(bytes).map_err(error)?;
    temp.as_file().sync_all().map_err(error)?;
    temp.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

fn print_fatal(error: &FatalError) {
    let theme = if io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_links(false);
    if handler.render_report(&mut text, error).is_err() {
        text = format!("error: {error}\n");
    }
    // Nothing more can be done if standard error is gone.
    let _ = io::stderr().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn byte_counts_take_binary_suffixes() {
        assert_eq!(parse_bytes("1024"), Ok(1024));
        assert_eq!(parse_bytes("1GiB"), Ok(1 << 30));
        assert_eq!(parse_bytes("512m"), Ok(512 << 20));
        assert_eq!(parse_bytes("2 KiB"), Ok(2048));
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("1 parsec").is_err());
        assert!(parse_bytes("99999999999T").is_err());
    }
}
