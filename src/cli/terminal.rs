//! The terminal and the other outputs: whether to colour, how wide to draw, writing to
//! standard output and files, and printing a fatal error on standard error.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::ColorChoice;
use crate::error::FatalError;

pub(super) fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The terminal's width when there is one, else `COLUMNS`, else 100 (CI logs).
pub(super) fn width() -> usize {
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
    // As wide as miette draws by default: a fatal error is one message, rarely wrapped.
    let handler = crate::render::human::handler(theme, 200);
    if handler.render_report(&mut text, error).is_err() {
        text = format!("error: {error}\n");
    }
    // Nothing more can be done if standard error is gone.
    let _ = io::stderr().write_all(text.as_bytes());
}
