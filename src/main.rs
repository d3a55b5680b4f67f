//! The `extpack` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = extpack::cli::Cli::parse();
    ExitCode::from(extpack::cli::run(cli))
}

// Packing compresses many small files in parallel; each compressor allocates large tables that
// the system allocator maps and unmaps every time. mimalloc keeps them, which halves the system
// time of a typical pack. Its `no_thp` feature keeps it from asking for transparent huge pages:
// each first touch of one makes the kernel clear 2 MiB, which was a fifth of the CPU time of a
// typical `check` (perf, cpu-clock samples) for a process that lives 10 ms.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
