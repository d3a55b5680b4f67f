//! The command line: argument definitions (clap derive) and the commands they run.

mod diff;
mod hook;
mod pack;

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::analysis::check_path_with;
use crate::checks::Options;
use crate::diag::ExtensionReport;
use crate::diag::{RULES, rule};
use crate::error::FatalError;
use crate::platform::Platform;
use crate::references::Views;
use crate::render::{self, Format, Style};
use crate::schemas;
use crate::source::ArchiveLimits;
use crate::versions::{self, VersionList};

/// Exit code: no errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: errors found (or warnings, with `--deny-warnings`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: extpack could not do its job (bad arguments, unreadable path, I/O failure).
pub const EXIT_FAILURE: u8 = 2;

const PACK_AFTER_HELP: &str = "\
The archive holds extension.json, every file under viewBasePath except dot-files, the library
modules, hosted files and icon, and every file their require() calls reach: nothing else. It
is deterministic (sorted entries, fixed timestamps: SOURCE_DATE_EPOCH when set) and written
atomically. Beside it, <archive>.report.json lists every entry with its size and sha256.

Exit codes: 0 packed (or dry run), 1 the checks found errors (or warnings with
            --deny-warnings) and nothing was written, 2 extpack could not run,
            130 interrupted (nothing was written).

Examples:
  extpack pack                           package-<name>-<version>.zip in the current folder
  extpack pack my-ext -o dist/           dist/package-<name>-<version>.zip
  extpack pack --dry-run                 list what would be packed";

const AFTER_HELP: &str = "\
Exit codes: 0 no errors, 1 errors found (or warnings with --deny-warnings),
            2 extpack could not run (bad arguments, unreadable path or versions list,
              I/O failure).

Examples:
  extpack check                          check the extension in the current folder
  extpack check ext-a ext-b --format json
  extpack check package.zip              check an archive before uploading it
  extpack check --format sarif -o extpack.sarif
  extpack check --versions versions.json  the version against the published ones
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
    /// Check an extension, then write the archive the platform takes, and its report.
    #[command(after_help = PACK_AFTER_HELP)]
    Pack(pack::PackArgs),
    /// Compare two versions of an extension: what changed, and what breaks for properties
    /// that upgrade.
    #[command(after_help = diff::DIFF_AFTER_HELP)]
    Diff(diff::DiffArgs),
    /// Install or run the git pre-commit hook.
    Hook {
        #[command(subcommand)]
        action: hook::HookAction,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `extpack man > extpack.1`.
    Man,
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
    /// Extension folders (or their extension.json files). Several are checked in parallel
    /// and reported in the order given.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Write the report to FILE instead of standard output (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not look up viewBasePath and the views (for a repository whose views are build
    /// output not built yet); their schema rules still apply. `pack` always checks them.
    #[arg(long)]
    pub no_views: bool,

    /// Check every extension below the given folders (a monorepo): every folder that holds
    /// an extension.json, skipping node_modules, hidden folders and what .gitignore excludes.
    /// Ends with a summary table.
    #[arg(long)]
    pub all: bool,

    /// Output format [default: human; github when GITHUB_ACTIONS=true and the report goes to
    /// standard output].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// The previous release (its folder or .zip): also report what breaks for properties that
    /// upgrade from it (EP601–EP608). Overrides `against` in extpack.toml.
    #[arg(long, value_name = "OLD", conflicts_with = "all")]
    pub against: Option<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// The format of `check`: the one given; else `github` in GitHub Actions when the report goes
/// to standard output, the only place where workflow commands take effect; else `human`.
fn resolve_format(
    given: Option<Format>,
    github_actions: Option<&OsStr>,
    to_stdout: bool,
) -> Format {
    match given {
        Some(format) => format,
        None if to_stdout && github_actions.is_some_and(|v| v == "true") => Format::Github,
        None => Format::Human,
    }
}

/// Options shared by `check` and `pack`.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Exit with 1 when there are warnings, not only errors (`pack` then writes nothing).
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

    /// Read the settings from FILE instead of each extension's own extpack.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The extension's published versions: check that the manifest's version is greater than
    /// every released one. FILE is a saved Reactor API response (GET /extension_packages or
    /// /extension_packages/{id}/versions), a plain-text list (one version per line, optionally
    /// followed by development, private or public; `#` comments) or a JSON array of versions;
    /// `-` reads standard input. Repeat it to give several files (pages of a listing).
    #[arg(long = "versions", value_name = "FILE")]
    pub versions: Vec<PathBuf>,

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
        Command::Pack(args) => pack::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Hook { action } => hook::run(&action),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "extpack",
                &mut out,
            );
            write_stdout(&out).map(|()| EXIT_OK)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
                Ok(()) => write_stdout(&out).map(|()| EXIT_OK),
                Err(source) => Err(FatalError::Write {
                    path: PathBuf::from("<stdout>"),
                    source,
                }),
            }
        }
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

impl CommonArgs {
    /// The versions lists, loaded and validated once, before any extension: a list that cannot
    /// be used stops the run (exit 2) rather than leaving the version unchecked.
    fn load_versions(&self) -> Result<Option<VersionList>, FatalError> {
        if self.versions.is_empty() {
            Ok(None)
        } else {
            Ok(Some(versions::load(
                &self.versions,
                &mut io::stdin().lock(),
            )?))
        }
    }

    /// The options of a run: `views` says whether the views are looked up, and whether the
    /// configuration may turn that off (`pack` always needs them).
    fn options<'a>(
        &'a self,
        versions: Option<&'a VersionList>,
        views: Views,
        views_from_config: bool,
    ) -> Options<'a> {
        Options {
            versions,
            unused_files: self.unused_files,
            config_file: self.config.as_deref(),
            views,
            views_from_config,
            archive_limits: ArchiveLimits {
                max_bytes: self.max_archive_bytes,
                max_entries: self.max_archive_entries,
            },
            against: None,
        }
    }

    /// The drawing style of the human format on standard output.
    fn style(&self, to_terminal: bool) -> Style {
        Style {
            color: use_color(self.color, to_terminal && io::stdout().is_terminal()),
            width: width(),
        }
    }
}

fn check(args: &CheckArgs) -> Result<u8, FatalError> {
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
    let to_stdout = output.is_none();
    let format = resolve_format(
        format,
        std::env::var_os("GITHUB_ACTIONS").as_deref(),
        to_stdout,
    );
    let style = common.style(to_stdout);
    let mut buffer = Vec::new();
    render::render(format, &reports, style, &mut buffer).map_err(|source| FatalError::Write {
        path: PathBuf::from("<report>"),
        source,
    })?;
    if table && format == Format::Human {
        buffer.extend(render::human::summary_table(&reports).bytes());
    }
    match output {
        Some(path) => write_atomically(path, &buffer)?,
        None => write_stdout(&buffer)?,
    }
    Ok(if failed {
        EXIT_FAILURE
    } else if reports.iter().any(|r| r.fails(common.deny_warnings)) {
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
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), FatalError> {
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
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FatalError> {
    Ok(crate::output::write_atomically(path, bytes)?)
}

pub(crate) fn print_fatal(error: &FatalError) {
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
    use super::*;

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

    #[test]
    fn a_given_format_always_wins() {
        for &format in Format::value_variants() {
            for (actions, to_stdout) in [(Some(OsStr::new("true")), true), (None, false)] {
                assert_eq!(resolve_format(Some(format), actions, to_stdout), format);
            }
        }
    }

    #[test]
    fn github_actions_chooses_workflow_commands_on_standard_output() {
        let actions = Some(OsStr::new("true"));
        assert_eq!(resolve_format(None, actions, true), Format::Github);
        assert_eq!(resolve_format(None, actions, false), Format::Human);
        assert_eq!(resolve_format(None, None, true), Format::Human);
        assert_eq!(
            resolve_format(None, Some(OsStr::new("false")), true),
            Format::Human
        );
        assert_eq!(
            resolve_format(None, Some(OsStr::new("")), true),
            Format::Human
        );
    }
}
