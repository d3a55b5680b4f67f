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
}

impl ExtensionReport {
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
