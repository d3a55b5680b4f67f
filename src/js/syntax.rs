//! Whether a library module compiles, judged by a real JavaScript parser (oxc).
//!
//! The platform minifies library code when it processes a package and fails the package with
//! `minification-error` when it does not compile. The runtime wraps each module in a function
//! that receives `module`, `exports` and `require`, so a module is parsed as a *script* (sloppy
//! mode, current ECMAScript) in which a top-level `return` is legal. `import` and `export`
//! statements and `import.meta` parse, but a CommonJS module cannot use them: they are
//! reported apart from syntax errors, so that the finding can say to transpile.
//!
//! What the parser checks is the grammar. Errors that need scope analysis (a `let` declared
//! twice, an undeclared private name) are not reported: oxc leaves them to a semantic pass,
//! which extpack does not run.
//!
//! The require() calls are not taken from the parse: [`super::scanner`] finds them in one
//! linear pass that also works on a file that does not parse, and it costs less than walking
//! the tree (README "Performance").
//!
//! The parser is recursive and has no depth limit of its own: a file nested deeper than
//! [`MAX_NESTING`] (estimated by the scanner, see [`super::nesting`]) is not parsed, and
//! parsing runs on threads with a large stack ([`on_parser_threads`]).

use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

use oxc_allocator::Allocator;
use oxc_ast::ast::Statement;
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;

use super::nesting::{MAX_NESTING, Nesting};

/// The stack of the threads that parse. A level of nesting takes oxc at most a few
/// kilobytes of stack (about 1.8 KiB measured in a release build, 5 KiB in a debug one), so
/// [`MAX_NESTING`] levels fit many times over. It is reserved address space: only what a
/// parse touches is used.
const PARSER_STACK: usize = 256 << 20;

/// The deepest nesting parsed on a thread with an ordinary stack (2 MiB for rayon's workers
/// and the test harness), when the parser threads could not be started.
const SMALL_STACK_NESTING: usize = 200;

thread_local! {
    /// Whether this thread is one of [`PARSERS`].
    static LARGE_STACK: Cell<bool> = const { Cell::new(false) };
}

/// Threads with [`PARSER_STACK`] each, as many as rayon's global pool; `None` when they
/// cannot be started (then parsing runs where it is asked, with [`SMALL_STACK_NESTING`]).
static PARSERS: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .stack_size(PARSER_STACK)
        .thread_name(|i| format!("extpack-parse-{i}"))
        .start_handler(|_| LARGE_STACK.with(|large| large.set(true)))
        .build()
        .ok()
});

/// Runs `work` on the parser threads: rayon's parallel iterators inside it use them.
pub fn on_parser_threads<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match PARSERS.as_ref() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The deepest nesting this thread may parse.
fn nesting_limit() -> usize {
    if LARGE_STACK.with(Cell::get) {
        MAX_NESTING
    } else {
        SMALL_STACK_NESTING
    }
}

/// What parsing a module found; all empty when it compiles as CommonJS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compiled {
    /// Set when the file nests too deeply to be parsed (nothing else is then known).
    pub too_deep: Option<TooDeep>,
    /// The first syntax error, if any, and how many more the parser reported after it.
    pub error: Option<SyntaxError>,
    /// `import` / `export` statements and `import.meta`, in source order.
    pub module_syntax: Vec<ModuleSyntax>,
}

/// A file nested deeper than this thread parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep {
    /// The deepest nesting estimated, and where.
    pub nesting: Nesting,
    /// The deepest nesting parsed ([`MAX_NESTING`] on the parser threads).
    pub limit: usize,
}

/// A syntax error: the parser's message and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The parser's message (`Unexpected token`, `Expected `}` but found `EOF``).
    pub message: String,
    /// The parser's label for the place, when it gives one (`` `}` expected ``).
    pub label: Option<String>,
    /// The byte range the parser points at (may be empty: the end of the file).
    pub range: Range<usize>,
    /// The parser's own hint, when it gives one.
    pub help: Option<String>,
    /// How many other errors the parser reported (often consequences of the first).
    pub more: usize,
}

/// One use of ES module syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleSyntax {
    /// `import`, `export` or `import.meta`.
    pub what: &'static str,
    /// The statement (or the `import.meta` expression).
    pub range: Range<usize>,
}

/// Parses `source` as the body of a CommonJS module, unless its `nesting` (from the scanner)
/// is deeper than this thread may parse.
pub fn compile(source: &str, nesting: Nesting) -> Compiled {
    let limit = nesting_limit();
    if nesting.depth > limit {
        return Compiled {
            too_deep: Some(TooDeep { nesting, limit }),
            ..Compiled::default()
        };
    }
    let allocator = Allocator::default();
    let options = ParseOptions {
        allow_return_outside_function: true,
        preserve_parens: false,
        ..ParseOptions::default()
    };
    let parsed = Parser::new(&allocator, source, SourceType::cjs())
        .with_options(options)
        .parse();
    let error = first_error(&parsed.errors, source.len());
    let mut module_syntax: Vec<ModuleSyntax> = parsed
        .program
        .body
        .iter()
        .filter_map(|statement| {
            let (what, span) = match statement {
                Statement::ImportDeclaration(s) => ("import", s.span),
                Statement::ExportAllDeclaration(s) => ("export", s.span),
                Statement::ExportDefaultDeclaration(s) => ("export", s.span),
                Statement::ExportNamedDeclaration(s) => ("export", s.span),
                _ => return None,
            };
            Some(ModuleSyntax {
                what,
                range: to_range(span.start, span.end, source.len()),
            })
        })
        .collect();
    module_syntax.extend(
        parsed
            .module_record
            .import_metas
            .iter()
            .map(|span| ModuleSyntax {
                what: "import.meta",
                range: to_range(span.start, span.end, source.len()),
            }),
    );
    module_syntax.sort_by_key(|m| m.range.start);
    Compiled {
        too_deep: None,
        error,
        module_syntax,
    }
}

/// The error that comes first in the file, with the count of the others.
fn first_error(errors: &[oxc_diagnostics::OxcDiagnostic], len: usize) -> Option<SyntaxError> {
    let place = |e: &oxc_diagnostics::OxcDiagnostic| {
        e.labels
            .as_ref()
            .and_then(|labels| labels.first())
            .map(|l| (l.offset(), l.len(), l.label().map(str::to_owned)))
    };
    let first = errors
        .iter()
        .enumerate()
        .min_by_key(|(i, e)| (place(e).map_or(usize::MAX, |(offset, _, _)| offset), *i))?
        .1;
    let (offset, length, label) = place(first).unwrap_or((len, 0, None));
    let start = offset.min(len);
    Some(SyntaxError {
        message: first.message.to_string(),
        label,
        range: start..start.saturating_add(length).min(len),
        help: first.help.as_ref().map(ToString::to_string),
        more: errors.len() - 1,
    })
}

fn to_range(start: u32, end: u32, len: usize) -> Range<usize> {
    let start = usize::try_from(start).unwrap_or(len).min(len);
    let end = usize::try_from(end).unwrap_or(len).clamp(start, len);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses as the require graph does: scanned, then parsed on a parser thread.
    fn parse(source: &str) -> Compiled {
        let nesting = crate::js::scanner::scan_file(source).nesting;
        on_parser_threads(|| compile(source, nesting))
    }

    fn error(source: &str) -> Option<SyntaxError> {
        parse(source).error
    }

    #[test]
    fn current_commonjs_code_compiles() {
        for source in [
            "return;",
            "'use strict';\nvar a = require('./a');\nmodule.exports = function () { return a; };",
            "class A { #x = 1; static of(v) { return new A(v); } get x() { return this.#x; } }",
            "const f = async (a, b) => { for await (const x of a) {} return a?.b ?? b; };",
            "try { JSON.parse(x); } catch { x = null; }",
            "var let = 1; with (a) {} label: for (;;) { break label; }",
            "var x = 1_000 + 0b101 + 0x1F + .5; var r = /[/]+/g; var t = `a${b}c`;",
            "import('./lazy.js').then(function (m) {});",
            "#!/usr/bin/env node\nmodule.exports = 1;",
            "",
        ] {
            assert_eq!(parse(source), Compiled::default(), "{source}");
        }
    }

    #[test]
    fn a_syntax_error_has_the_parsers_message_and_place() {
        let found = error("var a = 1;\nvar x = {a: 1,, b: 2};\n").unwrap();
        assert_eq!(found.message, "Unexpected token");
        assert_eq!(found.range, 25..26);
        let found = error("module.exports = {").unwrap();
        assert!(found.message.contains("Expected `}`"), "{found:?}");
        assert_eq!(found.range, 18..18);
        let found = error("await fetch(x);").unwrap();
        assert!(found.message.contains("await"), "{found:?}");
        assert!(found.help.is_some());
        // Two errors at one place: the first is reported, the other counted.
        let found = error("var a = /[/;").unwrap();
        assert_eq!(found.message, "Unterminated regular expression");
        assert_eq!(found.more, 1);
    }

    #[test]
    fn module_syntax_is_found_apart_from_syntax_errors() {
        let compiled = parse(
            "import a from './a.js';\nvar u = import.meta.url;\nexport default function () { return a; }\nexport const b = 1;",
        );
        assert_eq!(compiled.error, None);
        let found: Vec<(&str, usize)> = compiled
            .module_syntax
            .iter()
            .map(|m| (m.what, m.range.start))
            .collect();
        assert_eq!(
            found,
            [
                ("import", 0),
                ("import.meta", 32),
                ("export", 49),
                ("export", 90)
            ]
        );
    }

    #[test]
    fn hostile_text_never_panics() {
        for source in [
            "\u{feff}}}}}",
            "`${`${`${",
            "/*",
            "'\\u{110000}'",
            "a\u{2028}b",
            "((((((((((((((((((((",
            "\0\0\0",
        ] {
            let _ = parse(source);
        }
    }

    #[test]
    fn deep_nesting_is_reported_not_parsed() {
        // Each of these would overflow the stack of the parser threads many times over.
        let shapes = [
            "[".repeat(300_000),
            "(".repeat(300_000),
            "{".repeat(300_000),
            "`${".repeat(300_000),
            format!("x={}1", "!".repeat(1_000_000)),
            format!("{}1", "a=".repeat(1_000_000)),
            format!("{}c", "a?b:".repeat(500_000)),
            format!("{}x;", "if(a)".repeat(300_000)),
            format!("{}x;", "if(a){}else ".repeat(300_000)),
            format!("{}x;", "do ".repeat(1_000_000)),
            format!("{}1", "x=>".repeat(500_000)),
            format!("{}x", "typeof ".repeat(500_000)),
            format!("{}a", "a**".repeat(500_000)),
            format!("{}1", "-".repeat(2_000_000)),
        ];
        for source in &shapes {
            let compiled = parse(source);
            let deep = compiled.too_deep.map(|d| (d.nesting.depth, d.limit));
            assert!(
                deep.is_some_and(|(depth, limit)| depth > MAX_NESTING && limit == MAX_NESTING),
                "{}",
                &source[..20]
            );
        }
        // Nested as deep as real code gets, on the parser threads: parsed.
        let nested = format!("x = {}1{};", "[".repeat(300), "]".repeat(300));
        assert_eq!(parse(&nested), Compiled::default());
        // On a thread with an ordinary stack, the limit is lower.
        let compiled = compile(&nested, crate::js::scanner::scan_file(&nested).nesting);
        assert_eq!(
            compiled.too_deep.map(|d| d.limit),
            Some(SMALL_STACK_NESTING)
        );
    }

    #[test]
    fn long_flat_code_is_not_deep() {
        let flat = "var a = 1 + 2 + 3, b = !0, c = a ? b : c;\nif (a) { b(); } else { c(); }\n"
            .repeat(20_000);
        let nesting = crate::js::scanner::scan_file(&flat).nesting;
        assert!(nesting.depth < 10, "{nesting:?}");
        let chain = format!("x = {};", vec!["'a'"; 50_000].join(" + "));
        assert!(crate::js::scanner::scan_file(&chain).nesting.depth < 5);
    }
}
