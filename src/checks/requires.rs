//! Every `require()` call of the library modules resolves on the platform. Findings point at
//! the call inside the JavaScript file. A required path with the wrong letter case or outside
//! the extension is the files check's (EP202, EP203), like every other path.

use super::{Check, Context};
use crate::diag::{Diagnostic, Location, Rule, codes};
use crate::platform::Platform;
use crate::requires::{ProblemKind, RequireProblem, WEB_CORE_MODULES};
use crate::source::{ExtensionSource, nearest_file};

/// Reports the problems found while following the require graph.
pub struct RequiresCheck;

impl Check for RequiresCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP301, &codes::EP302, &codes::EP303];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        cx.graph
            .problems
            .iter()
            .filter_map(|p| finding(p, cx.platform, cx.source))
            .collect()
    }
}

fn finding(
    problem: &RequireProblem,
    platform: Platform,
    source: &dyn ExtensionSource,
) -> Option<Diagnostic> {
    let at = Location::new(&problem.file, problem.call.clone());
    let file = problem.file.name();
    let d = match &problem.kind {
        ProblemKind::NotFound {
            request,
            resolved,
            index,
        } => not_found(
            at,
            format!("`require('{request}')` names `{resolved}`, which does not exist"),
            "no such file",
            index_help(request, index.is_some()).unwrap_or_else(|| {
                let help = "create the file or correct the path; a request without `.js` or `.json` means `<request>.js`";
                match nearest_file(source, resolved) {
                    Some(near) => format!("did you mean `{near}`? If not: {help}"),
                    None => help.to_owned(),
                }
            }),
        ),
        ProblemKind::Folder {
            request,
            resolved,
            index,
        } => not_found(
            at,
            format!("`require('{request}')` names `{resolved}`, which is a folder"),
            "a folder, not a file",
            index_help(request, index.is_some())
                .unwrap_or_else(|| "require a file, not a folder".to_owned()),
        ),
        // Where the path leads is the files check's (one owner per code).
        ProblemKind::CaseMismatch { .. } | ProblemKind::Outside { .. } => return None,
        ProblemKind::NotResolvable { request } => {
            let help = match platform {
                Platform::Web => format!(
                    "web library modules can require relative paths (`./x.js`) and the runtime's core modules: {}; bundle other packages into your library file or require their file by relative path",
                    WEB_CORE_MODULES.join(", ")
                ),
                _ => "edge library modules can require relative paths only (`./x.js`, `../../node_modules/pkg/dist/x.js`); bundle packages into your library file".to_owned(),
            };
            Diagnostic::new(
                &codes::EP302,
                file,
                format!(
                    "`require('{request}')` names a module the platform cannot provide on {platform}"
                ),
            )
            .at(at.with_label("not resolvable on the platform"))
            .help(help)
        }
        ProblemKind::Computed { argument } => Diagnostic::new(
            &codes::EP303,
            file,
            format!("`require({argument})` is computed; the platform resolves only string literals"),
        )
        .at(at.with_label("not a string literal"))
        .help("write the path as a literal, `require('./x.js')`; to choose between modules at run time, require each one by literal and pick among them"),
    };
    Some(d)
}

fn not_found(at: Location, message: String, label: &str, help: impl Into<String>) -> Diagnostic {
    Diagnostic::new(&codes::EP301, at.file.name().to_owned(), message)
        .at(at.with_label(label))
        .help(help)
}

/// When the requested folder has an `index.js`: the request a user should write instead.
fn index_help(request: &str, has_index: bool) -> Option<String> {
    has_index.then(|| {
        format!(
            "the platform does not resolve a folder to its index.js: require `{}/index.js` instead",
            request.trim_end_matches('/')
        )
    })
}
