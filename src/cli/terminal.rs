//! The terminal and the other outputs: whether to colour, how wide to draw, writing to
//! standard output and files, and printing a fatal error on standard error.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use miette::{LabeledSpan, SourceCode, SourceSpan};

use super::args::ColorChoice;
use crate::diag::SourceFile;
use crate::diag::text::escape_controls;
use crate::error::FatalError;
use crate::render::excerpt::Excerpt;

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

/// Writes a file through a temporary file beside it, renamed into place when complete (its
/// folders created as needed). The caller has checked the place with
/// [`crate::output::check_outputs`].
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
    if handler
        .render_report(&mut text, &OnceEach::new(error))
        .is_err()
    {
        text = format!("error: {error}\n");
    }
    // Nothing more can be done if standard error is gone.
    let _ = io::stderr().write_all(text.as_bytes());
}

/// A fatal error whose chain of causes is shown without repeats: a cause whose text the
/// message (or an earlier cause) already holds — the operating system's error, most often —
/// is left out, so that it is said once. Like a finding, its texts are escaped for the
/// terminal and its snippet (a line of a versions list, a saved API response) is drawn from an
/// [`Excerpt`], never from the whole file.
#[derive(Debug)]
struct OnceEach<'a> {
    error: &'a FatalError,
    causes: Option<Box<Cause>>,
    snippet: Option<(Excerpt, Vec<LabeledSpan>)>,
}

/// The excerpt of an error's file around its labels, and the labels mapped into it.
fn snippet(error: &FatalError) -> Option<(Excerpt, Vec<LabeledSpan>)> {
    use miette::Diagnostic;
    let code = error.source_code()?;
    let labels: Vec<LabeledSpan> = error.labels()?.collect();
    let whole = code
        .read_span(&SourceSpan::from((0, 0)), 0, usize::MAX)
        .ok()?;
    let file = SourceFile::new(
        whole.name().unwrap_or_default(),
        String::from_utf8_lossy(whole.data()).into_owned(),
    );
    let ranges: Vec<std::ops::Range<usize>> = labels
        .iter()
        .map(|l| l.offset()..l.offset() + l.len())
        .collect();
    let (excerpt, mapped) = Excerpt::new(&file, &ranges);
    let labels = labels
        .iter()
        .zip(mapped)
        .map(|(label, range)| {
            let text = label.label().map(|t| escape_controls(t).into_owned());
            let span = (range.start, range.len());
            if label.primary() {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })
        .collect();
    Some((excerpt, labels))
}

/// One cause of an error, as text.
#[derive(Debug)]
struct Cause {
    text: String,
    next: Option<Box<Cause>>,
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl<'a> OnceEach<'a> {
    fn new(error: &'a FatalError) -> OnceEach<'a> {
        OnceEach {
            error,
            causes: distinct_causes(error),
            snippet: snippet(error),
        }
    }
}

/// The causes of `error` whose text was not said before it, in order.
fn distinct_causes(error: &dyn std::error::Error) -> Option<Box<Cause>> {
    let mut said = escape_controls(&error.to_string()).into_owned();
    let mut texts = Vec::new();
    let mut cause = error.source();
    while let Some(c) = cause {
        let text = escape_controls(&c.to_string()).into_owned();
        if !said.contains(&text) {
            said.push('\n');
            said.push_str(&text);
            texts.push(text);
        }
        cause = c.source();
    }
    texts
        .into_iter()
        .rev()
        .fold(None, |next, text| Some(Box::new(Cause { text, next })))
}

impl std::fmt::Display for OnceEach<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape_controls(&self.error.to_string()))
    }
}

impl std::error::Error for OnceEach<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.causes
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl miette::Diagnostic for OnceEach<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.error.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.error.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let help = self.error.help()?.to_string();
        Some(Box::new(escape_controls(&help).into_owned()))
    }

    fn url<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.error.url()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.snippet
            .as_ref()
            .map(|(excerpt, _)| excerpt as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let (_, labels) = self.snippet.as_ref()?;
        Some(Box::new(labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        self.error.related()
    }

    fn diagnostic_source(&self) -> Option<&dyn miette::Diagnostic> {
        self.error.diagnostic_source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(error: &FatalError) -> String {
        let mut text = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut text, &OnceEach::new(error))
            .unwrap();
        text
    }

    #[test]
    fn an_operating_system_error_is_said_once() {
        let os = || io::Error::from_raw_os_error(28);
        let said = os().to_string();
        for error in [
            FatalError::Write {
                path: PathBuf::from("x.json"),
                source: os(),
            },
            FatalError::Pack {
                path: PathBuf::from("x.zip"),
                source: crate::output::ArchiveError::Write(os()),
            },
            FatalError::from(crate::output::WriteError {
                path: PathBuf::from("x.json"),
                source: os(),
            }),
        ] {
            let text = printed(&error);
            assert_eq!(text.matches(&said).count(), 1, "{text}");
        }
    }

    #[test]
    fn a_cause_the_message_does_not_hold_is_still_shown() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot pack")]
        struct Outer(#[source] Middle);
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read `a.js`: {0}")]
        struct Middle(#[source] io::Error);
        let error = Outer(Middle(io::Error::other("gone")));
        let causes = distinct_causes(&error).unwrap();
        assert_eq!(causes.text, "cannot read `a.js`: gone");
        assert!(causes.next.is_none(), "`gone` was said already");
    }
}
