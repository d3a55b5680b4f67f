//! The files the manifest points at exist inside the extension, with the exact letter case,
//! as files (or, for `viewBasePath`, as a folder that holds a file).

use super::{Check, Context};
use crate::diag::text::counted;
use crate::diag::{Diagnostic, Edit, Fix, Location, Rule, codes};
use crate::manifest::pointer;
use crate::paths::PathError;
use crate::references::{Reference, ReferenceKind, Resolution, ViewsSkipped, is_unbuilt};
use crate::requires::{ProblemKind, RequireProblem};
use crate::source::nearest_file;

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
            .chain(not_checked(cx))
            .collect()
    }
}

/// The one note about what was not looked up: the views (`--no-views`, or unbuilt views),
/// and files the manifest names that are missing where git ignores them (unbuilt build
/// output). At `viewBasePath` when the views were skipped, else at the first such file.
fn not_checked(cx: &Context<'_>) -> Option<Diagnostic> {
    let skipped: Vec<(&Reference, ViewsSkipped)> = cx
        .references
        .iter()
        .zip(cx.resolutions)
        .filter_map(|(r, res)| match res {
            Resolution::NotChecked(why) => Some((r, *why)),
            _ => None,
        })
        .collect();
    let views = skipped
        .iter()
        .find(|(r, _)| r.kind == ReferenceKind::ViewBase);
    let files: Vec<&str> = skipped
        .iter()
        .filter(|(r, _)| !matches!(r.kind, ReferenceKind::ViewBase | ReferenceKind::View))
        .map(|(r, _)| r.raw.as_str())
        .collect();
    let (at, label) = match views {
        Some((r, _)) => (*r, "not looked up"),
        None => (
            skipped
                .iter()
                .find(|(r, _)| !matches!(r.kind, ReferenceKind::ViewBase | ReferenceKind::View))?
                .0,
            "not built yet; not looked up",
        ),
    };
    let message = match views {
        Some((r, why)) => {
            let views = views_not_checked(&r.raw, *why);
            if files.is_empty() {
                views
            } else {
                format!(
                    "{views}; nor were {}, not built yet where git ignores them: {}",
                    counted(
                        files.len() as u64,
                        "file the manifest names",
                        "files the manifest names"
                    ),
                    listed(&files)
                )
            }
        }
        None => format!(
            "{} not built yet where git ignores {} (build output), so {} not looked up: {}",
            counted(
                files.len() as u64,
                "file the manifest names is",
                "files the manifest names are"
            ),
            if files.len() == 1 { "it" } else { "them" },
            if files.len() == 1 {
                "it was"
            } else {
                "they were"
            },
            listed(&files)
        ),
    };
    Some(
        Diagnostic::new(&codes::EP206, cx.manifest.file.name(), message)
            .at_pointer(cx.manifest, &at.pointer, label)
            .help("`extpack pack` always checks them; run your build (`npm run build`) and `extpack check` to check them now"),
    )
}

fn views_not_checked(raw: &str, why: ViewsSkipped) -> String {
    let reason = match why {
        ViewsSkipped::Asked => "as asked (`--no-views` or `views = \"skip\"`)".to_owned(),
        ViewsSkipped::Unbuilt => {
            format!("because `{raw}` is not built yet and git ignores it (build output)")
        }
    };
    format!(
        "the views were not checked, {reason}: `viewBasePath` and every `viewPath` may name missing files"
    )
}

/// Paths quoted, the first five of them.
fn listed(paths: &[&str]) -> String {
    const SHOWN: usize = 5;
    let text = crate::diag::text::quoted_list(&paths[..paths.len().min(SHOWN)]);
    if paths.len() > SHOWN {
        format!("{text} and {} more", paths.len() - SHOWN)
    } else {
        text
    }
}

/// The help of a file or folder that is missing where git ignores it: build output.
fn build_output_help(cx: &Context<'_>, raw: &str) -> String {
    let start = format!(
        "git ignores `{raw}`: it looks like build output. Run your build first (`npm run build`)"
    );
    if cx.options.skip_flags_accepted {
        format!("{start}, or pass `--skip-unbuilt` to check everything else")
    } else {
        format!("{start}: the archive needs it")
    }
}

/// The `require()` request spelled as the file on disk (safe: the file it names is the same).
fn require_respelling(problem: &RequireProblem, request: &str, actual: &str) -> Option<Fix> {
    let literal = problem.literal.clone()?;
    let inner = literal.start + 1..literal.end.checked_sub(1)?;
    // Only a literal without escapes, whose text is the request itself.
    if problem.file.text().get(inner.clone()) != Some(request) {
        return None;
    }
    let respelled = crate::paths::respell(request, actual, true)?;
    Some(Fix::safe(
        format!("write `{respelled}`"),
        vec![Edit::new(problem.path.clone(), inner, respelled)],
    ))
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
        .help("the platform's servers compare file names case-sensitively: use the file's exact name")
        .fix_if(require_respelling(problem, request, actual)),
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
    let value_range = at.range.clone();
    let file = cx.manifest.file.name();
    let view_base = cx.manifest.top_level_str("viewBasePath").unwrap_or("");
    let d = match resolution {
        Resolution::Found if reference.kind == ReferenceKind::ViewBase => match &reference.path {
            Ok(path) if !cx.source.holds_a_file(path) => views_folder_empty(cx, raw),
            _ => return None,
        },
        Resolution::Found | Resolution::BaseMissing | Resolution::NotChecked(_) => return None,
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
            .fix_if(crate::paths::respell(raw, variant, false).map(|respelled| {
                Fix::safe(
                    format!("write `{respelled}`"),
                    vec![Edit::new(
                        crate::source::MANIFEST_NAME,
                        value_range,
                        serde_json::Value::String(respelled).to_string(),
                    )],
                )
            }))
        }
        Resolution::Missing { case_variant: None } if reference.kind == ReferenceKind::ViewBase => {
            let ignored = reference
                .path
                .as_ref()
                .is_ok_and(|p| cx.source.is_git_ignored(p));
            let help = if ignored {
                build_output_help(cx, raw)
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
            } else if is_unbuilt(cx.source, reference) {
                (
                    format!(
                        "the {} `{raw}` (`{key}`) does not exist",
                        reference.kind.noun()
                    ),
                    build_output_help(cx, raw),
                )
            } else {
                (
                    format!("the {} `{raw}` (`{key}`) does not exist", reference.kind.noun()),
                    "create the file or correct the path; paths are relative to the folder that holds extension.json".to_owned(),
                )
            };
            let help = match reference
                .path
                .as_ref()
                .ok()
                .and_then(|p| nearest_file(cx.source, p))
            {
                Some(near) => {
                    let near = if reference.kind == ReferenceKind::View {
                        strip_base(&near, view_base)
                    } else {
                        near
                    };
                    format!("did you mean `{near}`? If not: {help}")
                }
                None => help,
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
