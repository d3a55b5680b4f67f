//! Library code compiles: every module of the require graph parses as a CommonJS module body,
//! without ES module syntax, and every required `.json` file is JSON. The graph found the
//! problems while it read each file (once); this check words them, at the place in the file.

use super::{Check, Context};
use crate::diag::text::shorten;
use crate::diag::{Diagnostic, Location, Rule, codes};
use crate::js::syntax::SyntaxError;
use crate::requires::{CodeKind, CodeProblem};

/// Reports the code problems of the require graph.
pub struct LibraryCodeCheck;

impl Check for LibraryCodeCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP312, &codes::EP313, &codes::EP314];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        cx.graph.code_problems.iter().map(finding).collect()
    }
}

/// The platform's name for the failure, shared by the helps.
const MINIFICATION: &str = "the platform minifies library code when it processes the package and fails it with `minification-error` (\"The code could not be compiled due to invalid code\")";

fn finding(problem: &CodeProblem) -> Diagnostic {
    let at = Location::new(&problem.file, problem.range.clone());
    match &problem.kind {
        CodeKind::Syntax(error) => syntax_error(at, error),
        CodeKind::TooDeep { depth, limit } => too_deep(at, *depth, *limit),
        CodeKind::ModuleSyntax { what, count } => module_syntax(at, what, *count),
        CodeKind::InvalidJson { message } => invalid_json(at, message),
    }
}

/// EP312: the parser's first error.
fn syntax_error(at: Location, error: &SyntaxError) -> Diagnostic {
    // A span over several lines (an unterminated string) is shown on its first.
    let at = at.first_line();
    let found = at.file.text().get(at.range.clone()).unwrap_or("").trim();
    // The parser's terse "Unexpected token" gains the token it found.
    let message = if found.is_empty() || error.message != "Unexpected token" {
        format!("syntax error: {}", error.message)
    } else {
        format!("syntax error: {} `{}`", error.message, shorten(found, 40))
    };
    let label = error.label.clone().unwrap_or_else(|| "here".to_owned());
    let mut help = String::new();
    if let Some(hint) = &error.help {
        help.push_str(hint.trim_end_matches('.'));
        help.push_str("; ");
    }
    help.push_str(MINIFICATION);
    match error.more {
        0 => {}
        1 => help.push_str(". The parser reported 1 more error after this one"),
        n => help.push_str(&format!(
            ". The parser reported {n} more errors after this one"
        )),
    }
    Diagnostic::new(&codes::EP312, at.file.name().to_owned(), message)
        .at(at.with_label(label))
        .help(help)
}

/// EP312: nested too deeply to be parsed.
fn too_deep(at: Location, depth: usize, limit: usize) -> Diagnostic {
    Diagnostic::new(
        &codes::EP312,
        at.file.name().to_owned(),
        format!(
            "this library module nests more than {limit} levels deep (brackets, operators and statements inside each other), too deep to be parsed"
        ),
    )
    .at(at.with_label(format!("about {depth} levels deep here")))
    .help(format!(
        "extpack does not parse code nested this deeply, and the platform's minifier, a recursive parser too, is likely to fail on it: {MINIFICATION}. Code like this is usually generated; generate it flatter"
    ))
}

/// EP313: `import` / `export` statements or `import.meta`.
fn module_syntax(at: Location, what: &str, count: usize) -> Diagnostic {
    let kind = if what == "import.meta" {
        "`import.meta`".to_owned()
    } else {
        format!("an `{what}` statement")
    };
    let others = match count {
        0 | 1 => String::new(),
        2 => " (and 1 more use of ES module syntax in this file)".to_owned(),
        n => format!(
            " (and {} more uses of ES module syntax in this file)",
            n - 1
        ),
    };
    Diagnostic::new(
        &codes::EP313,
        at.file.name().to_owned(),
        format!("{kind} in a library module, which must be CommonJS{others}"),
    )
    .at(at.with_label("ES module syntax"))
    .help(format!(
        "the runtime wraps each library module in a function that receives `module`, `exports` and `require`, where `import` and `export` do not compile: {MINIFICATION}. Transpile to CommonJS first (Babel's `@babel/plugin-transform-modules-commonjs`, TypeScript's `\"module\": \"commonjs\"`, or a bundler with CommonJS output), or use `require()` and `module.exports`"
    ))
}

/// EP314: a required `.json` file that is not JSON.
fn invalid_json(at: Location, message: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP314,
        at.file.name().to_owned(),
        format!("this file is required by the library but is not valid JSON: {message}"),
    )
    .at(at.with_label(message.to_owned()))
    .help("a `.json` module is evaluated as JSON: correct it at this place (JSON has no comments, no trailing commas, and double-quoted keys and strings)")
}
