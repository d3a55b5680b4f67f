//! A versions list that cannot be used. It is a fatal error (exit 2), not a finding: checking
//! the order against half a list would say "fine" when it is not.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use miette::SourceSpan;

use crate::diag::SourceFile;

/// What is wrong with a versions list, and where (boxed: errors stay small in `Result`s).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct ListError(Box<Details>);

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("versions list `{file}`{place}: {problem}")]
#[diagnostic()]
struct Details {
    /// The list as the user named it.
    file: String,
    /// ` line 3`, ` line 12 at /data/1/attributes/version`, or empty.
    place: String,
    problem: String,
    #[help]
    help: Option<String>,
    #[source_code]
    source_code: Option<Arc<SourceFile>>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
}

impl ListError {
    /// A problem with the file as a whole (it cannot be read, it is not UTF-8, …).
    pub fn file(path: &Path, problem: impl Into<String>) -> ListError {
        ListError(Box::new(Details {
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
            file: file.name().to_owned(),
            place,
            problem: problem.into(),
            help: None,
            source_code: Some(Arc::clone(file)),
            span: Some(SourceSpan::from(range)),
            label: label.into(),
        }))
    }

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
