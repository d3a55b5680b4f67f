//! What a run found in one extension, as every renderer receives it.

use super::{Counts, Diagnostic};

/// Everything found in one extension.
#[derive(Debug)]
pub struct ExtensionReport {
    /// The extension as the user named it.
    pub path: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub platform: Option<String>,
    /// Sorted by file, position and code.
    pub diagnostics: Vec<Diagnostic>,
    /// The extension's configuration asks to fail on warnings.
    pub deny_warnings: bool,
    /// Why the path could not be checked at all (it does not exist, cannot be read, is not a
    /// readable archive); `None` when it was checked. Such a report has no findings.
    pub unchecked: Option<String>,
}

impl ExtensionReport {
    /// The report of a path that could not be checked, and why.
    pub fn unchecked(path: String, reason: String) -> ExtensionReport {
        ExtensionReport {
            path,
            name: None,
            version: None,
            platform: None,
            diagnostics: Vec::new(),
            deny_warnings: false,
            unchecked: Some(reason),
        }
    }

    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    /// Whether this extension fails the run: errors, or warnings when they are denied (by
    /// the command line or by the extension's configuration).
    pub fn fails(&self, deny_warnings: bool) -> bool {
        let counts = self.counts();
        counts.errors > 0 || ((deny_warnings || self.deny_warnings) && counts.warnings > 0)
    }
}
