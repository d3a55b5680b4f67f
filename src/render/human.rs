//! The human format: each finding drawn by miette with a snippet of the file and a label on
//! the exact spot, then one summary line.

use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::Style;
use super::excerpt::Excerpt;
use crate::diag::text::escape_controls;
use crate::diag::text::plural;
use crate::diag::{Counts, Diagnostic, ExtensionReport, Location, Severity};

pub fn render(reports: &[ExtensionReport], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Messages and helps come wrapped (see `first_fit`); miette indents their lines.
    let handler = handler(theme, style.width).with_wrap_lines(false);
    let mut total = Counts::default();
    let mut checked = 0;
    for report in reports {
        // Why a path could not be checked went to standard error as it happened.
        if report.unchecked.is_some() {
            continue;
        }
        checked += 1;
        for diagnostic in &report.diagnostics {
            let mut text = String::new();
            let view = View::new(diagnostic, style.width);
            if handler.render_report(&mut text, &view).is_err() {
                // A span miette cannot draw: fall back to a plain line rather than lose it.
                text = format!(
                    "{}[{}]: {}\n",
                    diagnostic.severity.as_str(),
                    diagnostic.code(),
                    view.message
                );
            }
            out.write_all(text.as_bytes())?;
        }
        total = total + report.counts();
    }
    let unchecked = reports.len() - checked;
    // Above the summary, which stays the last line.
    if let Some(hint) = fixable_hint(reports) {
        writeln!(out, "{hint}")?;
    }
    writeln!(out, "{}", summary(total, checked, unchecked))
}

/// The handler that draws findings (and fatal errors): no links, lines wrapped at `width`
/// at spaces outside code spans only, so that a URL (`https://www.adobeexchange.com/…`), a
/// version (`1.0.0-Beta.1`) or a code span (`` `release = "public"` ``) is never cut in two; a
/// word longer than the line overflows it.
pub fn handler(theme: GraphicalTheme, width: usize) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(width)
        .with_word_separator(textwrap::WordSeparator::Custom(words_and_code_spans))
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false)
}

/// The words of a line for wrapping: split after runs of spaces, except inside a code span
/// (between two backticks).
fn words_and_code_spans(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            // A backtick opens a span only when another one closes it.
            '`' if in_code || line[i + 1..].contains('`') => in_code = !in_code,
            ' ' if !in_code => {
                while chars.next_if(|(_, c)| *c == ' ').is_some() {}
                let end = chars.peek().map_or(line.len(), |(j, _)| *j);
                words.push(textwrap::core::Word::from(&line[start..end]));
                start = end;
            }
            _ => {}
        }
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// `2 fixable with `extpack check --fix` (1 more with `--unsafe-fixes`)`, when findings have
/// fixes. Archives are never fixed: their findings do not count.
pub fn fixable_hint(reports: &[ExtensionReport]) -> Option<String> {
    let fixes = reports
        .iter()
        .filter(|r| !crate::source::zip::is_archive_path(std::path::Path::new(&r.path)))
        .flat_map(|r| &r.diagnostics)
        .filter_map(|d| d.fix.as_ref());
    let (mut safe, mut unsafe_) = (0, 0);
    for fix in fixes {
        match fix.safety {
            crate::diag::Safety::Safe => safe += 1,
            crate::diag::Safety::Unsafe => unsafe_ += 1,
        }
    }
    match (safe, unsafe_) {
        (0, 0) => None,
        (0, n) => Some(format!(
            "{n} fixable with `extpack check --fix --unsafe-fixes` (guesses: `--diff --unsafe-fixes` shows them first)"
        )),
        (n, 0) => Some(format!("{n} fixable with `extpack check --fix`")),
        (n, m) => Some(format!(
            "{n} fixable with `extpack check --fix` ({m} more with `--unsafe-fixes`)"
        )),
    }
}

/// One row per extension (path, version, errors, warnings), for `check --all`.
pub fn summary_table(reports: &[ExtensionReport]) -> String {
    let rows: Vec<[String; 4]> = reports
        .iter()
        .filter(|r| r.unchecked.is_none())
        .map(|r| {
            let c = r.counts();
            [
                escape_controls(&r.path).into_owned(),
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

/// `2 errors, 1 warning in 1 extension`, and `; 1 path could not be checked` when one could
/// not.
pub fn summary(counts: Counts, extensions: usize, unchecked: usize) -> String {
    let mut text = format!(
        "{}, {} in {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(extensions, "extension")
    );
    if unchecked > 0 {
        text.push_str(&format!(
            "; {} could not be checked",
            plural(unchecked, "path")
        ));
    }
    text
}

/// `text` wrapped at `width` columns (miette's width less its margin of 2) behind an indent of
/// `indent` columns on every line, with the indents left out: miette puts its own (`  × `,
/// `  help: `) in front of each line. First-fit, as miette wraps (the optimal-fit algorithm
/// that a dependency's features turn on in textwrap would move words between lines), and at
/// spaces outside code spans only, as [`handler`] does.
fn first_fit(text: &str, width: usize, indent: usize) -> String {
    let spaces = " ".repeat(indent);
    let options = textwrap::Options::new(width.saturating_sub(2))
        .initial_indent(&spaces)
        .subsequent_indent(&spaces)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::Custom(words_and_code_spans))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(text, options)
        .iter()
        .map(|line| line.strip_prefix(spaces.as_str()).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A finding as miette sees it: its texts escaped for the terminal and wrapped, its file as an
/// [`Excerpt`] (see `excerpt.rs`) with the labels mapped into it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    /// The message (with the file first when there is no snippet) and the help, wrapped.
    message: String,
    help: Option<String>,
    /// The primary location's file, with the labels in it (primary first).
    snippet: Option<Snippet>,
    /// Related places in other files, shown as their own snippets.
    elsewhere: Vec<Elsewhere>,
}

/// An excerpt of one file and the labels drawn on it.
struct Snippet {
    excerpt: Excerpt,
    labels: Vec<(Range<usize>, Option<String>)>,
}

impl Snippet {
    fn new(locations: &[&Location]) -> Option<Snippet> {
        let file = &locations.first()?.file;
        let ranges: Vec<Range<usize>> = locations.iter().map(|l| l.range.clone()).collect();
        let (excerpt, mapped) = Excerpt::new(file, &ranges);
        let labels = mapped
            .into_iter()
            .zip(locations)
            .map(|(range, l)| {
                let label = l.label.as_deref().map(|t| escape_controls(t).into_owned());
                (range, label)
            })
            .collect();
        Some(Snippet { excerpt, labels })
    }

    fn labels(&self) -> impl Iterator<Item = LabeledSpan> + '_ {
        self.labels.iter().enumerate().map(|(i, (range, text))| {
            let span = (range.start, range.len());
            if i == 0 {
                LabeledSpan::new_primary_with_span(text.clone(), span)
            } else {
                LabeledSpan::new_with_span(text.clone(), span)
            }
        })
    }
}

impl<'a> View<'a> {
    fn new(diagnostic: &'a Diagnostic, width: usize) -> Self {
        let primary = diagnostic.primary.as_ref();
        let primary_file = primary.map(|l| l.file.name());
        let snippet = primary.and_then(|p| {
            let same_file = diagnostic
                .related
                .iter()
                .filter(|l| l.file.name() == p.file.name());
            Snippet::new(&std::iter::once(p).chain(same_file).collect::<Vec<_>>())
        });
        let elsewhere = diagnostic
            .related
            .iter()
            .filter(|l| Some(l.file.name()) != primary_file)
            .filter_map(|location| {
                Some(Elsewhere {
                    name: escape_controls(location.file.name()).into_owned(),
                    snippet: Snippet::new(&[location])?,
                })
            })
            .collect();
        let mut message = String::new();
        if primary.is_none() {
            // No snippet will name the file (a missing manifest, an archive entry).
            message.push_str(&escape_controls(&diagnostic.file));
            message.push_str(": ");
        }
        message.push_str(&escape_controls(&diagnostic.message));
        View {
            diagnostic,
            message: first_fit(&message, width, 4),
            help: diagnostic
                .help
                .as_deref()
                .map(|h| first_fit(&escape_controls(h), width, 8)),
            snippet,
            elsewhere,
        }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

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
        self.snippet.as_ref().map(|s| &s.excerpt as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.snippet.as_ref()?;
        Some(Box::new(snippet.labels()))
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
struct Elsewhere {
    name: String,
    snippet: Snippet,
}

impl fmt::Debug for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "see {}", self.name)
    }
}

impl std::error::Error for Elsewhere {}

impl miette::Diagnostic for Elsewhere {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.snippet.labels()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_urls_stay_whole_words() {
        let words: Vec<&str> =
            words_and_code_spans("set `release = \"public\"` at https://a.b/c d`e")
                .map(|w| w.word)
                .collect();
        assert_eq!(
            words,
            [
                "set",
                "`release = \"public\"`",
                "at",
                "https://a.b/c",
                "d`e"
            ]
        );
    }

    #[test]
    fn summary_uses_singular_and_plural() {
        let c = Counts {
            errors: 2,
            warnings: 1,
        };
        assert_eq!(summary(c, 1, 0), "2 errors, 1 warning in 1 extension");
        assert_eq!(
            summary(Counts::default(), 3, 0),
            "0 errors, 0 warnings in 3 extensions"
        );
        assert_eq!(
            summary(Counts::default(), 0, 1),
            "0 errors, 0 warnings in 0 extensions; 1 path could not be checked"
        );
    }

    #[test]
    fn the_hint_counts_safe_and_unsafe_fixes() {
        use crate::diag::{Fix, codes};
        let report = |fixes: Vec<Fix>| ExtensionReport {
            path: "x".into(),
            name: None,
            version: None,
            platform: None,
            diagnostics: fixes
                .into_iter()
                .map(|f| Diagnostic::new(&codes::EP101, "x", "m").fix(f))
                .collect(),
            deny_warnings: false,
            unchecked: None,
        };
        assert_eq!(fixable_hint(&[report(vec![])]), None);
        let both = report(vec![Fix::safe("a", vec![]), Fix::unsafe_("b", vec![])]);
        assert_eq!(
            fixable_hint(&[both]).unwrap(),
            "1 fixable with `extpack check --fix` (1 more with `--unsafe-fixes`)"
        );
        assert!(
            fixable_hint(&[report(vec![Fix::unsafe_("b", vec![])])])
                .unwrap()
                .contains("--unsafe-fixes")
        );
    }
}
