//! The human format: each finding drawn by miette with a snippet of the file and a label on
//! the exact spot, then one summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::Style;
use crate::diag::ExtensionReport;
use crate::diag::{Counts, Diagnostic, Location, Severity};

pub fn render(reports: &[ExtensionReport], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Messages and helps come wrapped (see `first_fit`); miette indents their lines.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_wrap_lines(false);
    let mut total = Counts::default();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let mut text = String::new();
            let view = View::new(diagnostic, style.width);
            if handler.render_report(&mut text, &view).is_err() {
                // A span miette cannot draw: fall back to a plain line rather than lose it.
                text = format!(
                    "{}[{}]: {}\n",
                    diagnostic.severity.as_str(),
                    diagnostic.code(),
                    diagnostic.message
                );
            }
            out.write_all(text.as_bytes())?;
        }
        total = total + report.counts();
    }
    writeln!(out, "{}", summary(total, reports.len()))
}

/// One row per extension (path, version, errors, warnings), for `check --all`.
pub fn summary_table(reports: &[ExtensionReport]) -> String {
    let rows: Vec<[String; 4]> = reports
        .iter()
        .map(|r| {
            let c = r.counts();
            [
                r.path.clone(),
                r.version.clone().unwrap_or_else(|| "-".to_owned()),
                c.errors.to_string(),
                c.warnings.to_string(),
            ]
        })
        .collect();
    let header = ["extension", "version", "errors", "warnings"];
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(header[i].len()))
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    let mut out = format!(
        "\n{:<w0$}  {:<w1$}  {:>w2$}  {:>w3$}\n",
        header[0], header[1], header[2], header[3]
    );
    for [path, version, errors, warnings] in &rows {
        out.push_str(&format!(
            "{path:<w0$}  {version:<w1$}  {errors:>w2$}  {warnings:>w3$}\n"
        ));
    }
    out
}

/// `2 errors, 1 warning in 1 extension`.
pub fn summary(counts: Counts, extensions: usize) -> String {
    format!(
        "{}, {} in {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(extensions, "extension")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `text` wrapped at `width` columns (miette's width less its margin of 2) behind an indent of
/// `indent` columns on every line, with the indents left out: miette puts its own (`  × `,
/// `  help: `) in front of each line. First-fit, as miette wraps: the optimal-fit algorithm
/// that a dependency's features turn on in textwrap would move words between lines.
fn first_fit(text: &str, width: usize, indent: usize) -> String {
    let spaces = " ".repeat(indent);
    let options = textwrap::Options::new(width.saturating_sub(2))
        .initial_indent(&spaces)
        .subsequent_indent(&spaces)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    textwrap::wrap(text, options)
        .iter()
        .map(|line| line.strip_prefix(spaces.as_str()).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A finding as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    /// The message (with the file first when there is no snippet) and the help, wrapped.
    message: String,
    help: Option<String>,
    /// Related places in other files, shown as their own snippets.
    elsewhere: Vec<Elsewhere<'a>>,
}

impl<'a> View<'a> {
    fn new(diagnostic: &'a Diagnostic, width: usize) -> Self {
        let primary_file = diagnostic.primary.as_ref().map(|l| l.file.name());
        let elsewhere = diagnostic
            .related
            .iter()
            .filter(|l| Some(l.file.name()) != primary_file)
            .map(|location| Elsewhere { location })
            .collect();
        // A finding without a position in a file names the file first (a missing manifest,
        // an archive entry), since no snippet will show it.
        let message = if diagnostic.primary.is_none() {
            format!("{}: {}", diagnostic.file, diagnostic.message)
        } else {
            diagnostic.message.clone()
        };
        View {
            diagnostic,
            message: first_fit(&message, width, 4),
            help: diagnostic.help.as_ref().map(|h| first_fit(h, width, 8)),
            elsewhere,
        }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

fn label(location: &Location, primary: bool) -> LabeledSpan {
    let span = (location.range.start, location.range.len());
    if primary {
        LabeledSpan::new_primary_with_span(location.label.clone(), span)
    } else {
        LabeledSpan::new_with_span(location.label.clone(), span)
    }
}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.diagnostic
            .primary
            .as_ref()
            .map(|l| &*l.file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self.diagnostic.primary.as_ref()?;
        let same_file = self
            .diagnostic
            .related
            .iter()
            .filter(move |l| l.file.name() == primary.file.name())
            .map(|l| label(l, false));
        Some(Box::new(
            std::iter::once(label(primary, true)).chain(same_file),
        ))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|e| e as &dyn miette::Diagnostic),
        ))
    }
}

/// A related place in another file.
struct Elsewhere<'a> {
    location: &'a Location,
}

impl fmt::Debug for Elsewhere<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location.file.name())
    }
}

impl fmt::Display for Elsewhere<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "see {}", self.location.file.name())
    }
}

impl std::error::Error for Elsewhere<'_> {}

impl miette::Diagnostic for Elsewhere<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.location.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(label(self.location, true))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_uses_singular_and_plural() {
        let c = Counts {
            errors: 2,
            warnings: 1,
        };
        assert_eq!(summary(c, 1), "2 errors, 1 warning in 1 extension");
        assert_eq!(
            summary(Counts::default(), 3),
            "0 errors, 0 warnings in 3 extensions"
        );
    }
}
