//! The `extpack` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = extpack::cli::Cli::parse();
    ExitCode::from(extpack::cli::run(cli))
}
