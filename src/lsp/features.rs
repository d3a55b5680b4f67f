//! The requests: quick fixes from the findings' fixes, hover (a key's schema description, a
//! finding's code), and go to definition on the manifest's paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind,
    Position, Range, TextEdit, WorkspaceEdit,
};

use super::position::{LineIndex, uri_to_path};
use super::publish::range_of;
use super::workspace::Workspace;
use crate::diag::{Diagnostic, Fix, Safety};
use crate::manifest::{self, Manifest};
use crate::platform::Platform;
use crate::references::{self, ReferenceKind};
use crate::schemas;
use crate::source::MANIFEST_NAME;

/// The quick fixes of the findings at a range, as workspace edits.
pub fn code_actions(workspace: &Workspace, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(path) = uri_to_path(&params.text_document.uri) else {
        return Vec::new();
    };
    let Some(root) = workspace.extension_of(&path) else {
        return Vec::new();
    };
    let Some(checked) = workspace.extensions.get(&root) else {
        return Vec::new();
    };
    checked
        .diagnostics
        .iter()
        .filter(|d| Path::new(&d.file) == path && touches(&range_of(d), &params.range))
        .filter_map(|d| {
            let fix = d.fix.as_ref()?;
            let edit = workspace_edit(workspace, &root, fix)?;
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: match fix.safety {
                    Safety::Safe => format!("{} ({})", fix.title, d.rule.code),
                    Safety::Unsafe => format!("{} ({}, unsafe)", fix.title, d.rule.code),
                },
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: None,
                edit: Some(edit),
                command: None,
                is_preferred: Some(fix.safety == Safety::Safe),
                disabled: None,
                data: None,
            }))
        })
        .collect()
}

fn touches(a: &Range, b: &Range) -> bool {
    let key = |p: &Position| (p.line, p.character);
    key(&a.start) <= key(&b.end) && key(&b.start) <= key(&a.end)
}

#[expect(
    clippy::mutable_key_type,
    reason = "lsp-types' Uri hashes and compares by its text, which never changes"
)]
fn workspace_edit(workspace: &Workspace, root: &Path, fix: &Fix) -> Option<WorkspaceEdit> {
    let mut changes: HashMap<lsp_types::Uri, Vec<TextEdit>> = HashMap::new();
    for edit in &fix.edits {
        let path = root.join(&edit.file);
        let text = workspace.text_of(&path)?;
        let index = LineIndex::new(&text);
        changes
            .entry(workspace.uri_of(&path)?)
            .or_default()
            .push(TextEdit::new(
                index.range(&edit.range),
                edit.replacement.clone(),
            ));
    }
    Some(WorkspaceEdit::new(changes))
}

/// The schema's description of the key under the cursor, and the code of a finding there.
pub fn hover(workspace: &Workspace, params: &HoverParams) -> Option<Hover> {
    let at = &params.text_document_position_params;
    let path = uri_to_path(&at.text_document.uri)?;
    let text = workspace.text_of(&path)?;
    let offset = LineIndex::new(&text).offset(at.position);
    let mut sections: Vec<String> = Vec::new();
    if is_manifest(&path)
        && let Some(manifest) = parse(&path, &text)
        && let Some(section) = key_description(&manifest, offset)
    {
        sections.push(section);
    }
    if let Some(root) = workspace.extension_of(&path)
        && let Some(checked) = workspace.extensions.get(&root)
    {
        for d in checked
            .diagnostics
            .iter()
            .filter(|d| Path::new(&d.file) == path)
        {
            if let Some(primary) = &d.primary
                && primary.range.start <= offset
                && offset <= primary.range.end
            {
                sections.push(code_section(d));
            }
        }
    }
    (!sections.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

fn key_description(manifest: &Manifest, offset: usize) -> Option<String> {
    let (pointer, _) = manifest.spans.iter().find(|(_, node)| {
        node.key
            .as_ref()
            .is_some_and(|k| k.start <= offset && offset <= k.end)
    })?;
    let document = &schemas::get(platform_of(manifest)).document;
    let node = schemas::node_at(document, pointer)?;
    let description = schemas::description(document, node)?;
    let mut text = format!("`{}`: {description}", manifest::pointer::display(pointer));
    let resolved = schemas::resolve(document, node);
    if let Some(example) = resolved
        .get("examples")
        .and_then(serde_json::Value::as_array)
        .and_then(|e| e.first())
        .filter(|e| !e.is_object() && !e.is_array())
    {
        text.push_str(&format!("\n\nFor example `{example}`."));
    }
    Some(text)
}

fn code_section(d: &Diagnostic) -> String {
    let what = d
        .rule
        .section("What it checks")
        .and_then(|s| s.split("\n\n").next())
        .unwrap_or("")
        .replace('\n', " ");
    format!(
        "**{}** {} ({}): {}\n\n{what}\n\n`extpack explain {}` for the whole page.",
        d.rule.code,
        d.rule.name,
        d.severity.as_str(),
        d.rule.summary,
        d.rule.code
    )
}

/// The file a path of the manifest names (`libPath`, `viewPath`, `iconPath`, `main`,
/// `hostedLibFiles`), when the cursor is on that path and the file exists.
pub fn definition(
    workspace: &Workspace,
    params: &GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let at = &params.text_document_position_params;
    let path = uri_to_path(&at.text_document.uri)?;
    if !is_manifest(&path) {
        return None;
    }
    let text = workspace.text_of(&path)?;
    let offset = LineIndex::new(&text).offset(at.position);
    let manifest = parse(&path, &text)?;
    let root = path.parent()?;
    let reference = references::collect(&manifest.value)
        .into_iter()
        .filter(|r| r.kind != ReferenceKind::ViewBase)
        .find(|r| {
            manifest
                .spans
                .get(&r.pointer)
                .is_some_and(|n| n.value.start <= offset && offset <= n.value.end)
        })?;
    let target: PathBuf = root.join(reference.path.ok()?);
    if !target.is_file() {
        return None;
    }
    let uri = workspace.uri_of(&target)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri,
        Range::default(),
    )))
}

pub fn is_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == MANIFEST_NAME)
}

/// The manifest in a text, when it parses.
pub fn parse(path: &Path, text: &str) -> Option<Manifest> {
    manifest::parse(path.display().to_string(), text.as_bytes()).manifest
}

/// The manifest's platform, web when it names none.
pub fn platform_of(manifest: &Manifest) -> Platform {
    manifest
        .top_level_str("platform")
        .and_then(Platform::from_name)
        .unwrap_or(Platform::Web)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::position::path_to_uri;
    use crate::lsp::workspace::Checked;

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.path().is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    #[test]
    fn unsafe_quick_fixes_say_so_and_are_not_preferred() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        copy(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fixes/EP003/before"),
            &root,
        );
        let mut workspace = Workspace::default();
        let diagnostics = workspace.check(&root).unwrap();
        workspace.extensions.insert(
            root.clone(),
            Checked {
                diagnostics,
                published: Default::default(),
            },
        );
        let uri = path_to_uri(&root.join(MANIFEST_NAME)).unwrap();
        let params: CodeActionParams = serde_json::from_value(serde_json::json!({
            "textDocument": {"uri": uri.as_str()},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}},
            "context": {"diagnostics": []}
        }))
        .unwrap();
        let actions = code_actions(&workspace, &params);
        let [CodeActionOrCommand::CodeAction(action)] = actions.as_slice() else {
            panic!("{actions:?}");
        };
        assert!(
            action.title.ends_with("(EP003, unsafe)"),
            "{}",
            action.title
        );
        assert_eq!(action.is_preferred, Some(false));
        let edits = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
        // The first `exchangeUrl` line, whole.
        assert_eq!(edits[0].range.start, Position::new(2, 0));
        assert_eq!(edits[0].range.end, Position::new(3, 0));
        assert_eq!(edits[0].new_text, "");
    }
}
