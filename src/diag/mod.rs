//! The diagnostics model: everything extpack tells a user about an extension.
//!
//! A check says *what* is wrong and *where* symbolically (a file and a byte range, plus the
//! JSON Pointer when the finding is about a manifest value). Line and column numbers, colours
//! and layout belong to the renderers.

pub mod codes;
pub mod fix;
mod report;
mod source_file;
pub mod text;

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

pub use codes::{REPOSITORY, RULES, Rule, rule};
pub use fix::{Edit, Fix, Safety};
pub use report::ExtensionReport;
pub use source_file::{Position, SourceFile};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The platform would reject the package, or the extension would be broken.
    Error,
    /// Likely a mistake, but the platform accepts it.
    Warning,
    /// Information worth knowing; never fails a run.
    Note,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in a source file: a byte range and an optional label shown under it.
#[derive(Clone, Debug)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
    pub label: Option<String>,
}

impl Location {
    pub fn new(file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        Location {
            file: Arc::clone(file),
            range,
            label: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The 1-based start and the end position, which is exclusive: the position just after
    /// the marked text.
    pub fn positions(&self) -> (Position, Position) {
        (
            self.file.position(self.range.start),
            self.file.position(self.range.end),
        )
    }
}

/// Where the values and keys of a JSON document are, by JSON Pointer: the manifest is one.
pub trait PointerSpans {
    /// The span of the value at `pointer`, or of its nearest ancestor that exists.
    fn value_location(&self, pointer: &str) -> Location;
    /// The span of the key that names the value at `pointer`.
    fn key_location(&self, pointer: &str) -> Location;
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// The file the finding is about, as shown to the user. Always set, even when there is no
    /// position inside it (for example a manifest that does not exist).
    pub file: String,
    /// Where in `file` the problem is.
    pub primary: Option<Location>,
    /// A JSON Pointer into extension.json when the finding is about a manifest value.
    pub pointer: Option<String>,
    pub help: Option<String>,
    /// Other places that explain the finding (the first of two duplicate keys, …).
    pub related: Vec<Location>,
    /// The repair, when the finding has a mechanical one (`check --fix`, quick fixes).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: &'static Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            file: file.into(),
            primary: None,
            pointer: None,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.file = location.file.name().to_owned();
        self.primary = Some(location);
        self
    }

    /// At the value a JSON Pointer names, labelled, with that pointer: the span and the
    /// pointer come from one argument, so they cannot disagree. A value over several lines (an
    /// object, an array) is underlined on its first line.
    pub fn at_pointer(
        self,
        doc: &dyn PointerSpans,
        pointer: &str,
        label: impl Into<String>,
    ) -> Self {
        self.at(doc.value_location(pointer).first_line().with_label(label))
            .pointer(pointer)
    }

    /// At the key that names the value at `pointer` (an unknown key), with that pointer.
    pub fn at_key(self, doc: &dyn PointerSpans, pointer: &str, label: impl Into<String>) -> Self {
        self.at(doc.key_location(pointer).with_label(label))
            .pointer(pointer)
    }

    /// The JSON Pointer of a finding whose span is elsewhere: the object that lacks a key,
    /// the transform whose `type` is underlined. Prefer [`Diagnostic::at_pointer`].
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, location: Location) -> Self {
        self.related.push(location);
        self
    }

    /// The repair of this finding.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The repair of this finding, when there is one.
    pub fn fix_if(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    fn sort_key(&self) -> (&str, usize, &str, &str) {
        let start = self.primary.as_ref().map_or(0, |l| l.range.start);
        (&self.file, start, self.rule.code, &self.message)
    }
}

/// Sorts findings by file, position, code and message, and drops exact repeats, so that the
/// order in which checks ran never shows in the output.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| {
        a.sort_key().cmp(&b.sort_key()) == Ordering::Equal && a.pointer == b.pointer
    });
}

/// The most findings of one code in one file that are reported one by one.
pub const MAX_REPEATS: usize = 50;

/// Keeps, of each code in each file, the first [`MAX_REPEATS`] findings (in the sorted
/// order) and replaces the rest with one finding of that code that says how many more there
/// are, at the first of them. A hostile file (ten thousand computed `require()` calls) thus
/// gives a bounded report. `diagnostics` must be sorted.
pub fn cap_repeats(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<(String, &'static str), usize> =
        std::collections::HashMap::new();
    for d in diagnostics.iter() {
        *seen.entry((d.file.clone(), d.rule.code)).or_default() += 1;
    }
    if seen.values().all(|n| *n <= MAX_REPEATS) {
        return;
    }
    let mut kept: std::collections::HashMap<(String, &'static str), usize> =
        std::collections::HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics.drain(..) {
        let key = (d.file.clone(), d.rule.code);
        let total = seen.get(&key).copied().unwrap_or(0);
        let count = kept.entry(key).or_default();
        *count += 1;
        if *count <= MAX_REPEATS {
            out.push(d);
        } else if *count == MAX_REPEATS + 1 {
            let more = total - MAX_REPEATS;
            let mut summary = Diagnostic::new(
                d.rule,
                d.file.clone(),
                format!(
                    "{more} more `{}` findings in `{}` are not shown: only the first {MAX_REPEATS} of a code in one file are",
                    d.rule.code, d.file
                ),
            );
            summary.severity = d.severity;
            if let Some(at) = d.primary {
                summary = summary.at(at.with_label(format!("the first of {more} more")));
            }
            out.push(summary);
        }
    }
    *diagnostics = out;
}

/// Error and warning counts of a set of findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Note => {}
            }
        }
        counts
    }
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            errors: self.errors + other.errors,
            warnings: self.warnings + other.warnings,
        }
    }
}

impl Location {
    /// The same location cut to the end of its first line: labels on big objects underline
    /// their opening line instead of the whole object.
    pub fn first_line(mut self) -> Self {
        let text = self.file.text();
        if let Some(rest) = text.get(self.range.clone())
            && let Some(newline) = rest.find('\n')
        {
            let line = rest[..newline].trim_end();
            self.range.end = self.range.start + line.len();
        }
        self
    }
}
