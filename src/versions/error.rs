//! A versions list that cannot be used. It is a fatal error (exit 2), not a finding: checking
//! the order against half a list would say "fine" when it is not.
//!
//! The same error serves a saved API response given as a release (`check --against`, `diff`),
//! read by the same parser: [`ListError::as_api_response`] names it so.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use miette::{LabeledSpan, SourceCode, SourceSpan};

use crate::diag::SourceFile;

/// What is wrong with a versions list, and where (boxed: errors stay small in `Result`s).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct ListError(Box<Details>);

/// What the file was given as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
    /// `--versions`, `versions = […]`.
    VersionsList,
    /// A release to compare with: `--against`, `against = …`, `diff`.
    ApiResponse,
}

impl Purpose {
    fn noun(self) -> &'static str {
        match self {
            Purpose::VersionsList => "versions list",
            Purpose::ApiResponse => "saved API response",
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{} `{file}`{place}: {problem}", purpose.noun())]
struct Details {
    purpose: Purpose,
    /// The list as the user named it.
    file: String,
    /// ` line 3`, ` line 12 at /data/1/attributes/version`, or empty.
    place: String,
    problem: String,
    help: Option<String>,
    source_code: Option<Arc<SourceFile>>,
    span: Option<SourceSpan>,
    label: String,
}

impl miette::Diagnostic for Details {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source_code
            .as_deref()
            .map(|file| file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            span,
        ))))
    }
}

impl ListError {
    /// A problem with the file as a whole (it cannot be read, it is not UTF-8, …).
    pub fn file(path: &Path, problem: impl Into<String>) -> ListError {
        ListError(Box::new(Details {
            purpose: Purpose::VersionsList,
            file: path.display().to_string(),
            place: String::new(),
            problem: problem.into(),
            help: None,
            source_code: None,
            span: None,
            label: String::new(),
        }))
    }

    /// A problem at `range` of `file`, optionally at a JSON Pointer.
    pub fn at(
        file: &Arc<SourceFile>,
        range: Range<usize>,
        pointer: Option<&str>,
        problem: impl Into<String>,
        label: impl Into<String>,
    ) -> ListError {
        let line = file.position(range.start).line;
        let place = match pointer {
            Some(p) if !p.is_empty() => format!(" line {line} at {p}"),
            _ => format!(" line {line}"),
        };
        ListError(Box::new(Details {
            purpose: Purpose::VersionsList,
            file: file.name().to_owned(),
            place,
            problem: problem.into(),
            help: None,
            source_code: Some(Arc::clone(file)),
            span: Some(SourceSpan::from(range)),
            label: label.into(),
        }))
    }

    /// The same problem, in a saved API response given as a release to compare with
    /// (`check --against`, `diff`) rather than as a versions list.
    pub fn as_api_response(mut self) -> ListError {
        self.0.purpose = Purpose::ApiResponse;
        self
    }

    /// Sets (or replaces) how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> ListError {
        self.0.help = Some(help.into());
        self
    }

    /// What is wrong, without the place.
    pub fn problem(&self) -> &str {
        &self.0.problem
    }

    /// How to fix it, when known.
    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }

    /// The 1-based line of the problem, if it has a place in the file.
    pub fn line(&self) -> Option<usize> {
        let file = self.0.source_code.as_ref()?;
        Some(file.position(self.0.span?.offset()).line)
    }
}
