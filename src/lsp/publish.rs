//! extpack's findings as the protocol's diagnostics, published per file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Range, Uri,
};

use super::position::LineIndex;
use super::workspace::Workspace;
use crate::diag::{self, Diagnostic, Severity};

/// What to send after a check of the extension at `root`: each file's diagnostics, for every
/// file with findings, every open document of the extension (an empty list says it is clean)
/// and every file that had findings before (an empty list clears them).
pub fn publications(
    workspace: &Workspace,
    root: &Path,
    diagnostics: &[Diagnostic],
    previously: &BTreeSet<PathBuf>,
) -> (Vec<PublishDiagnosticsParams>, BTreeSet<PathBuf>) {
    let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
    for path in workspace.documents.keys() {
        if path.starts_with(root) && workspace.extension_of(path).as_deref() == Some(root) {
            by_file.entry(path.clone()).or_default();
        }
    }
    for d in diagnostics {
        by_file
            .entry(PathBuf::from(&d.file))
            .or_default()
            .push(to_lsp(workspace, d));
    }
    for gone in previously {
        by_file.entry(gone.clone()).or_default();
    }
    let published: BTreeSet<PathBuf> = by_file
        .iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(path, _)| path.clone())
        .collect();
    let params = by_file
        .into_iter()
        .filter_map(|(path, diagnostics)| {
            let uri = workspace.uri_of(&path)?;
            let version = workspace.documents.get(&path).map(|d| d.version);
            Some(PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            })
        })
        .collect();
    (params, published)
}

/// The range of a finding in the text it was found in (the start of the file when it has no
/// place).
pub fn range_of(d: &Diagnostic) -> Range {
    match &d.primary {
        Some(at) => LineIndex::new(at.file.text()).range(&at.range),
        None => Range::default(),
    }
}

fn to_lsp(workspace: &Workspace, d: &Diagnostic) -> lsp_types::Diagnostic {
    let related = d
        .related
        .iter()
        .filter_map(|at| {
            let uri = workspace.uri_of(Path::new(at.file.name()))?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, LineIndex::new(at.file.text()).range(&at.range)),
                message: at.label.clone().unwrap_or_else(|| "here".to_owned()),
            })
        })
        .collect::<Vec<_>>();
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: range_of(d),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.code.to_owned())),
        code_description: Uri::from_str(&format!(
            "{}/blob/main/docs/codes/{}.md",
            diag::REPOSITORY,
            d.rule.code
        ))
        .ok()
        .map(|href| CodeDescription { href }),
        source: Some("extpack".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
