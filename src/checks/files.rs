//! The files the manifest points at exist inside the extension, with the exact letter case,
//! as files (or, for `viewBasePath`, as a folder that holds a file).

use super::{Check, Context};
use crate::diag::{Diagnostic, Location, Rule, codes};
use crate::manifest::pointer;
use crate::paths::PathError;
use crate::references::{Reference, ReferenceKind, Resolution, ViewsSkipped};
use crate::requires::{ProblemKind, RequireProblem};

/// Checks every path of the manifest.
pub struct FilesCheck;

impl Check for FilesCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[
            &codes::EP201,
            &codes::EP202,
            &codes::EP203,
            &codes::EP204,
            &codes::EP205,
            &codes::EP206,
            &codes::EP207,
        ];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        cx.references
            .iter()
            .zip(cx.resolutions)
            .filter_map(|(reference, resolution)| finding(cx, reference, resolution))
            .chain(cx.graph.problems.iter().filter_map(required_path_finding))
            .collect()
    }
}

/// A path a `require()` call names with another letter case than the file's, or outside the
/// extension: the finding points at the call.
fn required_path_finding(problem: &RequireProblem) -> Option<Diagnostic> {
    let at = Location::new(&problem.file, problem.call.clone());
    let file = problem.file.name();
    let d = match &problem.kind {
        ProblemKind::CaseMismatch {
            request,
            resolved,
            actual,
        } => Diagnostic::new(
            &codes::EP202,
            file,
            format!(
                "`require('{request}')` names `{resolved}`, which does not exist with that letter case; `{actual}` does"
            ),
        )
        .at(at.with_label("letter case differs from the file on disk"))
        .help("the platform's servers compare file names case-sensitively: use the file's exact name"),
        ProblemKind::Outside { request } => Diagnostic::new(
            &codes::EP203,
            file,
            format!("`require('{request}')` leaves the extension folder"),
        )
        .at(at.with_label("outside the extension"))
        .help("a required file must be inside the folder that holds extension.json (node_modules and built folders inside it are fine)"),
        _ => return None,
    };
    Some(d)
}

fn finding(cx: &Context<'_>, reference: &Reference, resolution: &Resolution) -> Option<Diagnostic> {
    let key = pointer::display(&reference.pointer);
    let raw = &reference.raw;
    let at = cx.manifest.value_location(&reference.pointer);
    let file = cx.manifest.file.name();
    let view_base = cx.manifest.top_level_str("viewBasePath").unwrap_or("");
    let d = match resolution {
        Resolution::Found if reference.kind == ReferenceKind::ViewBase => match &reference.path {
            Ok(path) if !cx.source.holds_a_file(path) => views_folder_empty(cx, raw),
            _ => return None,
        },
        Resolution::Found | Resolution::BaseMissing => return None,
        Resolution::NotChecked(_) if reference.kind != ReferenceKind::ViewBase => return None,
        Resolution::NotChecked(why) => {
            let reason = match why {
                ViewsSkipped::Asked => "as asked (`--no-views` or `views = \"skip\"`)".to_owned(),
                ViewsSkipped::Unbuilt => {
                    format!("because `{raw}` is not built yet and git ignores it (build output)")
                }
            };
            Diagnostic::new(
                &codes::EP206,
                file,
                format!("the views were not checked, {reason}: `viewBasePath` and every `viewPath` may name missing files"),
            )
            .at(at.with_label("not looked up"))
            .help("`extpack pack` always checks them; run your build (`npm run build`) and `extpack check` to check them now")
        }
        // The schema's path patterns already reject absolute paths (EP105).
        Resolution::Outside if reference.path == Err(PathError::Absolute) => return None,
        Resolution::Outside => {
            let (why, label) = match &reference.path {
                Err(_) => (
                    "leaves the extension folder",
                    "leaves the folder that holds extension.json",
                ),
                Ok(_) => (
                    "goes through a symbolic link to a place outside the extension folder",
                    "links outside the extension",
                ),
            };
            Diagnostic::new(&codes::EP203, file, format!("`{key}` (`{raw}`) {why}"))
                .at(at.with_label(label))
                .help("everything the platform needs must be inside the folder that holds extension.json; move the file in and point at it with a relative path")
        }
        Resolution::Missing {
            case_variant: Some(variant),
        } => {
            let suggestion = if reference.kind == ReferenceKind::View {
                strip_base(variant, view_base)
            } else {
                variant.clone()
            };
            Diagnostic::new(
                &codes::EP202,
                file,
                format!(
                    "the {} `{raw}` (`{key}`) does not exist with that letter case; `{suggestion}` does",
                    reference.kind.noun()
                ),
            )
            .at(at.with_label("letter case differs from the file on disk"))
            .help(format!(
                "did you mean `{suggestion}`? The platform's servers compare file names case-sensitively, so a path that works on macOS or Windows fails there"
            ))
        }
        Resolution::Missing { case_variant: None } if reference.kind == ReferenceKind::ViewBase => {
            let ignored = reference
                .path
                .as_ref()
                .is_ok_and(|p| cx.source.is_git_ignored(p));
            let help = if ignored {
                format!(
                    "git ignores `{raw}`: it looks like build output. Run your build first (`npm run build`), or pass `--no-views` to check everything else"
                )
            } else {
                "create it; an extension without views keeps an empty folder with a placeholder file such as `.doNotRemoveThisFolder`. If the views are built (webpack, …), run the build first".to_owned()
            };
            Diagnostic::new(
                &codes::EP205,
                file,
                format!("the views folder `{raw}` (`viewBasePath`) does not exist"),
            )
            .at(at.with_label("no such folder"))
            .help(help)
        }
        Resolution::Missing { case_variant: None } => {
            let looked = reference.path.as_deref().unwrap_or(raw);
            let (message, help) = if reference.kind == ReferenceKind::View {
                (
                    format!("the view `{raw}` (`{key}`) does not exist (looked for `{looked}`)"),
                    format!(
                        "view paths are relative to `viewBasePath` (`{view_base}`); create the file or correct the path"
                    ),
                )
            } else {
                (
                    format!("the {} `{raw}` (`{key}`) does not exist", reference.kind.noun()),
                    "create the file or correct the path; paths are relative to the folder that holds extension.json".to_owned(),
                )
            };
            Diagnostic::new(&codes::EP201, file, message)
                .at(at.with_label("no such file"))
                .help(help)
        }
        Resolution::WrongKind => {
            let (message, label) = if reference.kind == ReferenceKind::ViewBase {
                (
                    format!("`viewBasePath` (`{raw}`) is a file; it must be a folder"),
                    "a file, not a folder",
                )
            } else {
                (
                    format!(
                        "the {} `{raw}` (`{key}`) is a folder; it must be a file",
                        reference.kind.noun()
                    ),
                    "a folder, not a file",
                )
            };
            Diagnostic::new(&codes::EP204, file, message)
                .at(at.with_label(label))
                .help("point at the file itself (for example `src/lib/actions/send.js`, not `src/lib/actions`)")
        }
    };
    Some(d.pointer(reference.pointer.clone()))
}

/// EP207: the views folder holds no file, not even a placeholder.
fn views_folder_empty(cx: &Context<'_>, raw: &str) -> Diagnostic {
    let at = cx.manifest.value_location("/viewBasePath");
    let placeholder = format!("{}/.gitkeep", raw.trim_end_matches('/'));
    Diagnostic::new(
        &codes::EP207,
        cx.manifest.file.name(),
        format!("the views folder `{raw}` (`viewBasePath`) holds no file"),
    )
    .at(at.with_label("no file in this folder"))
    .help(format!(
        "Adobe's validator (3.0, behind the Data Collection UI's upload) refuses a `viewBasePath` with no file in it (\"either not a directory or is empty\"), and git does not keep an empty folder. An extension without views keeps a placeholder file there: add `{placeholder}` and commit it; `extpack pack` packs it when the folder holds nothing else"
    ))
}

/// A path under the views folder, as a view path is written (relative to `viewBasePath`).
fn strip_base(path: &str, view_base: &str) -> String {
    match crate::paths::normalize(view_base) {
        Ok(base) if !base.is_empty() => path
            .strip_prefix(&format!("{base}/"))
            .unwrap_or(path)
            .to_owned(),
        _ => path.to_owned(),
    }
}
