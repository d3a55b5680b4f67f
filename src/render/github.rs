//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
//! finding, which GitHub shows as an annotation at the file and line (in the pull request's
//! diff, and in the run's summary). Nothing else is written — every line is a command; the
//! exit code says whether the step failed.

use std::io::{self, Write};

use super::message_and_help;
use crate::diag::ExtensionReport;
use crate::diag::text::escape_controls;
use crate::diag::{Location, Severity};

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

pub fn render(reports: &[ExtensionReport], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        if let Some(reason) = &report.unchecked {
            writeln!(
                out,
                "::error file={},title=extpack::{}",
                escape_property(&report.path),
                escape_data(&unchecked_message(reason))
            )?;
        }
        annotate(&report.diagnostics, out)?;
    }
    Ok(())
}

/// One command per finding.
fn annotate(diagnostics: &[crate::diag::Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let mut properties = vec![("file", escape_property(&d.file))];
        if let Some((start, end)) = d.primary.as_ref().map(Location::positions) {
            properties.extend([
                ("line", start.line.to_string()),
                ("col", start.column.to_string()),
                ("endLine", end.line.to_string()),
                ("endColumn", end.column.to_string()),
            ]);
        }
        properties.push(("title", escape_property(d.code())));
        let properties: Vec<String> = properties
            .into_iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        writeln!(
            out,
            "::{} {}::{}",
            command(d.severity),
            properties.join(","),
            escape_data(&message_and_help(d))
        )?;
    }
    Ok(())
}

/// What is said about a path that could not be checked.
fn unchecked_message(reason: &str) -> String {
    format!("could not be checked: {reason}")
}

/// The message of a command: `%`, CR and LF would end or corrupt it, and any other control
/// character would reach the log viewer as it is (written as `\u{1b}`).
fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_controls(&text).into_owned()
}

/// A property value: as a message, and `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_and_line_breaks() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(
            escape_data("x\u{1b}]0;pwned\u{7}"),
            "x\\u{1b}]0;pwned\\u{7}"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\x,y%\n"), "C%3A\\x%2Cy%25%0A");
    }

    #[test]
    fn every_severity_has_its_command() {
        assert_eq!(command(Severity::Error), "error");
        assert_eq!(command(Severity::Warning), "warning");
        assert_eq!(command(Severity::Note), "notice");
    }
}
