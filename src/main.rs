//! The `extpack` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = extpack::cli::Cli::parse();
    ExitCode::from(extpack::cli::run(cli))
}

// Packing compresses many small files in parallel; each compressor allocates large tables that
// the system allocator maps and unmaps every time. mimalloc keeps them, which halves the system
// time of a typical pack. It may ask for transparent huge pages (its `no_thp` feature is off):
// each first touch of one makes the kernel clear 2 MiB, about 1.3 ms of CPU in a typical
// `check` that lives 7 ms (median of 40 runs: 8.6 → 9.8 ms of CPU), but parsing a 4 MB
// minified library module builds a ~60 MB tree, and faulting it in 4 KiB pages took 40 ms of
// system time (check of the minified benchmark: 108 → 70 ms of CPU, 109 → 78 ms wall).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
