//! Signals: how a run that writes files ends when asked to stop, and what a file-size limit
//! does to it.
//!
//! - SIGINT (Ctrl-C), SIGTERM (`kill`, `timeout`, CI cancelling a job) and SIGHUP (the
//!   terminal closed) are caught while `pack` runs: the writer stops at its next batch,
//!   removes its temporary files, and the process exits with 128 + the signal's number (130,
//!   143, 129), as a shell reports a process the signal ended. A SIGHUP that the run was started
//!   ignoring (`nohup extpack pack`) stays ignored where that can be known (Linux).
//! - SIGXFSZ, sent when a write passes the file-size limit (`ulimit -f`), would kill the process
//!   on the spot and leave its temporary file; caught, it lets the write fail with EFBIG
//!   instead, which is reported as an error like any other failure to write.
//!
//! On Windows, Ctrl-C and closing the console are caught (the `ctrlc` crate) and exit 130.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Set when a stop was asked for; the archive writer polls it.
pub(super) static STOP: AtomicBool = AtomicBool::new(false);

/// The number of the signal that asked to stop (0: none).
static SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// SIGINT's number, for the exit code of an interruption whose signal is not known.
const SIGINT: usize = 2;

/// Catches the signals that ask a run to stop; [`stop_code`] tells whether one came. If a
/// handler cannot be set, that signal keeps its default behaviour.
pub(super) fn catch_stop() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            if signal == SIGHUP && ignored_from_start(signal) {
                continue;
            }
            let Ok(number) = usize::try_from(signal) else {
                continue;
            };
            let _ = signal_hook::flag::register_usize(signal, &SIGNAL, number);
            let _ = signal_hook::flag::register(signal, &STOP);
        }
    }
    #[cfg(windows)]
    {
        let _ = ctrlc::set_handler(|| {
            SIGNAL.store(SIGINT, Ordering::SeqCst);
            STOP.store(true, Ordering::SeqCst);
        });
    }
}

/// Lets a write past the file-size limit fail with EFBIG instead of the process being killed
/// by SIGXFSZ.
pub(super) fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        static PASSED: AtomicBool = AtomicBool::new(false);
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, &PASSED);
    }
}

/// The exit code of a run stopped by a signal (128 + its number), or `None` if none came.
pub(super) fn stop_code() -> Option<u8> {
    if !STOP.load(Ordering::SeqCst) {
        return None;
    }
    let signal = match SIGNAL.load(Ordering::SeqCst) {
        0 => SIGINT,
        n => n,
    };
    Some(u8::try_from(128 + signal.min(127)).unwrap_or(u8::MAX))
}

/// Whether `signal` was ignored when the process started (as `nohup` leaves SIGHUP), read from
/// `/proc/self/status` where there is one.
#[cfg(unix)]
fn ignored_from_start(signal: i32) -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .zip(u32::try_from(signal - 1).ok())
        .is_some_and(|(mask, bit)| mask.checked_shr(bit).is_some_and(|m| m & 1 == 1))
}
