//! The command line: argument definitions (clap derive) and the commands they run.
//!
//! - `mod.rs`: [`run`], which dispatches a parsed command line, and the exit codes;
//! - `args.rs`: the arguments, their help texts, and what they turn into;
//! - `check.rs`, `explain.rs`, `pack.rs`, `diff.rs`, `hook.rs`: one command each;
//! - `terminal.rs`: colour, width, and writing the output and fatal errors;
//! - `signals.rs`: stopping cleanly on SIGINT, SIGTERM and SIGHUP, and surviving SIGXFSZ.

mod args;
mod check;
mod diff;
mod explain;
mod fix;
mod hook;
mod pack;
mod signals;
mod terminal;
mod watch;

use std::path::PathBuf;

pub use args::{CheckArgs, Cli, ColorChoice, Command, CommonArgs, PlatformArg};
pub(crate) use check::check_paths;
pub(crate) use terminal::{print_fatal, write_atomically, write_stdout};

use crate::error::FatalError;
use crate::schemas;

/// Exit code: no errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: errors found (or warnings, with `--deny-warnings`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: extpack could not do its job (bad arguments, unreadable path, I/O failure).
pub const EXIT_FAILURE: u8 = 2;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    signals::survive_file_size_limit();
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
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
        Command::Explain { code } => explain::explain(code.as_deref()),
        Command::Schema { platform } => {
            write_stdout(schemas::text(platform.into()).as_bytes()).map(|()| EXIT_OK)
        }
        Command::Lsp => crate::lsp::run().map_err(|e| FatalError::Write {
            path: PathBuf::from("<language client>"),
            source: std::io::Error::other(e.to_string()),
        }),
    };
    result.unwrap_or_else(|e| {
        print_fatal(&e);
        EXIT_FAILURE
    })
}
