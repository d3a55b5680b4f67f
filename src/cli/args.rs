//! The command line's arguments (clap derive), their help texts, and what they turn into:
//! the format of `check`, byte counts, the options and drawing style of a run.

use std::ffi::OsStr;
use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::terminal::{use_color, width};
use super::{diff, hook, pack};
use crate::checks::Options;
use crate::diag::{Rule, rule};
use crate::error::FatalError;
use crate::platform::Platform;
use crate::references::Views;
use crate::render::{Format, Style};
use crate::source::ArchiveLimits;
use crate::versions::{self, VersionList};

const PACK_AFTER_HELP: &str = "\
The archive holds extension.json, every file under viewBasePath except dot-files, the library
modules, hosted files and icon, and every file their require() calls reach: nothing else. It
is deterministic (sorted entries, fixed timestamps: SOURCE_DATE_EPOCH when set) and written
atomically. Beside it, <archive>.report.json lists every entry with its size and sha256.
Neither is ever written over a file the run reads or packs, nor through a link or pipe.

Exit codes: 0 packed (or dry run), 1 the checks found errors (or warnings with
            --deny-warnings) and nothing was written, 2 extpack could not run,
            130/143/129 stopped by SIGINT/SIGTERM/SIGHUP (nothing was written).

Examples:
  extpack pack                           package-<name>-<version>.zip in the current folder
  extpack pack my-ext -o dist/           dist/package-<name>-<version>.zip
  extpack pack --dry-run                 list what would be packed";

const AFTER_HELP: &str = "\
Exit codes: 0 no errors, 1 errors found (or warnings with --deny-warnings),
            2 extpack could not run (bad arguments, unreadable path, versions list or
              previous release, I/O failure).

Examples:
  extpack check                          check the extension in the current folder
  extpack check ext-a ext-b --format json
  extpack check package.zip              check an archive before uploading it
  extpack check --format sarif -o extpack.sarif
  extpack check --versions versions.json  the version against the published ones
  extpack check --against versions.json   what breaks since the previous release
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
    #[command(
        after_help = diff::DIFF_AFTER_HELP,
        override_usage = "extpack diff [OPTIONS] <OLD>... [NEW]"
    )]
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
        /// A code such as EP105, or its name (missing-file); without one, every code is
        /// listed.
        code: Option<String>,
    },
    /// Print the bundled JSON Schema of a platform's extension.json.
    Schema {
        #[arg(value_enum)]
        platform: PlatformArg,
    },
    /// Run the language server over standard input and output (for editors: diagnostics as
    /// you type, quick fixes, hover, go to definition, completion).
    Lsp,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Extension folders (or their extension.json files), or zip archives ready to upload.
    /// Several are checked in parallel and reported in the order given.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Write the report to FILE instead of standard output (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not look up viewBasePath and the views (for a repository whose views are build
    /// output not built yet), nor library files that are missing where git ignores them; their
    /// schema rules still apply, and one note (EP206) says what was skipped. `pack` always
    /// checks them.
    #[arg(long)]
    pub no_views: bool,

    /// Do not report build output that is not built yet: a views folder or library file that
    /// is missing where git ignores it (dist/) gets one note (EP206) instead of errors, and
    /// everything else is checked, the views too when they exist. The pre-commit hook does
    /// this by itself.
    #[arg(long)]
    pub skip_unbuilt: bool,

    /// Check every extension below the given folders (a monorepo): every folder that holds
    /// an extension.json, skipping node_modules, hidden folders and what .gitignore excludes.
    /// Ends with a summary table.
    #[arg(long)]
    pub all: bool,

    /// Output format [default: human; github when GITHUB_ACTIONS=true and the report goes to
    /// standard output].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// The previous release: also report what breaks for properties that upgrade from it
    /// (EP601–EP608). OLD is its folder (or extension.json), its .zip, or a saved Reactor API
    /// response: a lookup (GET /extension_packages/{id}) or a listing (GET
    /// /extension_packages/{id}/versions), whose highest private or public package that
    /// succeeded is the previous release. Repeat it to give several pages of a listing.
    /// Overrides `against` in extpack.toml.
    #[arg(long, value_name = "OLD", conflicts_with = "all")]
    pub against: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub fixing: super::fix::FixArgs,

    #[command(flatten)]
    pub watching: super::watch::WatchArgs,
}

/// The format of `check`: the one given; else `github` in GitHub Actions when the report goes
/// to standard output, the only place where workflow commands take effect; else `human`.
pub(super) fn resolve_format(
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

    /// Codes not to report (or their names), separated by commas or repeated:
    /// `--ignore EP308,EP311`. Beside extpack.toml's [rules], and over them.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_code)]
    pub ignore: Vec<&'static Rule>,

    /// The extension is meant for a public release: a missing exchangeUrl (EP308) is then a
    /// warning, not a note. As `release = "public"` in extpack.toml.
    #[arg(long)]
    pub public: bool,

    /// When to colour the human format. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// A code (EP308) or a code's name (missing-exchange-url).
fn parse_code(text: &str) -> Result<&'static Rule, String> {
    rule(text.trim()).ok_or_else(|| {
        format!("unknown code `{text}`: `extpack explain` lists every code and its name")
    })
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

impl CommonArgs {
    /// The versions lists, loaded and validated once, before any extension: a list that cannot
    /// be used stops the run (exit 2) rather than leaving the version unchecked.
    pub(super) fn load_versions(&self) -> Result<Option<VersionList>, FatalError> {
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
    pub(super) fn options<'a>(
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
            ignore: &self.ignore,
            public_release: self.public,
            skip_flags_accepted: false,
            config: None,
        }
    }

    /// The drawing style of the human format on standard output.
    pub(super) fn style(&self, to_terminal: bool) -> Style {
        Style {
            color: use_color(self.color, to_terminal && io::stdout().is_terminal()),
            width: width(),
        }
    }
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
