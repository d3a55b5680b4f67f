//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, …):
//! one `<testsuite>` per extension, one failing `<testcase>` per error or warning, a passing
//! one with `<system-out>` per note, and a passing `extpack check` case for an extension with
//! no error or warning, so that every suite has at least one case.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::message_and_help;
use crate::diag::ExtensionReport;
use crate::diag::{Diagnostic, Severity};

/// What a finding becomes in a test report.
enum Outcome {
    Failure,
    Passed,
}

fn outcome(severity: Severity) -> Outcome {
    match severity {
        Severity::Error | Severity::Warning => Outcome::Failure,
        Severity::Note => Outcome::Passed,
    }
}

pub fn render(reports: &[ExtensionReport], out: &mut dyn Write) -> io::Result<()> {
    let mut suites = String::new();
    let (mut all_tests, mut all_failures, mut all_errors) = (0, 0, 0);
    for report in reports {
        if let Some(reason) = &report.unchecked {
            unchecked_suite(&report.path, reason, &mut suites);
            all_tests += 1;
            all_errors += 1;
            continue;
        }
        let (tests, failures) = suite(report, &mut suites);
        all_tests += tests;
        all_failures += failures;
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="extpack" tests="{all_tests}" failures="{all_failures}" errors="{all_errors}">"#
    )?;
    out.write_all(suites.as_bytes())?;
    writeln!(out, "</testsuites>")
}

/// Appends one extension's suite; returns its test and failure counts.
fn suite(report: &ExtensionReport, xml: &mut String) -> (usize, usize) {
    let mut cases = String::new();
    let (mut tests, mut failures) = (0, 0);
    for d in &report.diagnostics {
        tests += 1;
        let name = match d.primary.as_ref().map(|l| l.positions().0) {
            Some(start) => format!("{} {}:{}:{}", d.code(), d.file, start.line, start.column),
            None => format!("{} {}", d.code(), d.file),
        };
        let _ = write!(
            cases,
            r#"    <testcase classname="{}" name="{}">"#,
            attribute(&d.file),
            attribute(&name)
        );
        match outcome(d.severity) {
            Outcome::Failure => {
                failures += 1;
                let _ = write!(
                    cases,
                    "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attribute(&d.message),
                    d.severity.as_str(),
                    text(&body(d))
                );
            }
            Outcome::Passed => {
                let _ = write!(cases, "\n      <system-out>{}</system-out>", text(&body(d)));
            }
        }
        cases.push_str("\n    </testcase>\n");
    }
    if failures == 0 {
        tests += 1;
        let _ = writeln!(
            cases,
            r#"    <testcase classname="{}" name="extpack check"/>"#,
            attribute(&report.path)
        );
    }
    let _ = writeln!(
        xml,
        r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#,
        attribute(&report.path)
    );
    xml.push_str(&cases);
    xml.push_str("  </testsuite>\n");
    (tests, failures)
}

/// The suite of a path that could not be checked: one `extpack check` case in error (the
/// test could not run, which is what JUnit's errors are for).
fn unchecked_suite(path: &str, reason: &str, xml: &mut String) {
    let _ = write!(
        xml,
        concat!(
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n",
            "    <testcase classname=\"{path}\" name=\"extpack check\">\n",
            "      <error message=\"{message}\" type=\"unchecked\">{text}</error>\n",
            "    </testcase>\n",
            "  </testsuite>\n"
        ),
        path = attribute(path),
        message = attribute(&format!("could not be checked: {reason}")),
        text = text(reason),
    );
}

/// The text of a failure: the message, the help and the JSON Pointer.
fn body(d: &Diagnostic) -> String {
    let mut body = message_and_help(d);
    if let Some(pointer) = &d.pointer {
        body.push_str("\npointer: ");
        body.push_str(pointer);
    }
    body
}

/// Text content: markup characters escaped, characters XML 1.0 cannot hold dropped.
fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value: as text, and line breaks and tabs as character references, which
/// parsers would otherwise turn into spaces.
fn attribute(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => {
                out.push(c);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            text(r#"a & <b> "c" 'd'"#),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
    }

    #[test]
    fn characters_xml_cannot_hold_are_dropped() {
        assert_eq!(text("a\u{0}b\u{1b}c\u{FFFE}d\u{FFFF}é😀"), "abcdé😀");
    }

    #[test]
    fn line_breaks_survive_in_attributes_and_text() {
        assert_eq!(attribute("a\nb\tc\r"), "a&#10;b&#9;c&#13;");
        assert_eq!(text("a\nb\tc\r"), "a\nb\tc&#13;");
    }

    #[test]
    fn errors_and_warnings_fail_and_notes_pass() {
        assert!(matches!(outcome(Severity::Error), Outcome::Failure));
        assert!(matches!(outcome(Severity::Warning), Outcome::Failure));
        assert!(matches!(outcome(Severity::Note), Outcome::Passed));
    }
}
