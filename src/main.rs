//! The `extpack` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = extpack::cli::Cli::parse();
    ExitCode::from(extpack::cli::run(cli))
}

// Packing compresses many small files in parallel; each compressor allocates large tables that
// the system allocator maps and unmaps every time. mimalloc keeps them, which halves the system
// time of a typical pack.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
