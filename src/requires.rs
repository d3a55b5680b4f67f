//! The `require()` graph of an extension's library modules: every file reached from the
//! library files by relative `require()` calls, recursively, every call the platform cannot
//! resolve, and every module that would not compile on the platform.
//!
//! Resolution follows the platform: a request that starts with `./` or `../` is relative to
//! the requiring file; one without a `.js` or `.json` extension means `<request>.js`; a folder
//! is never resolved to its `index.js`. On web, the runtime's core modules are provided and are
//! not files; on edge only relative requests exist. Each file is read once: a JavaScript file
//! is scanned for its calls ([`crate::js::scanner`]) and parsed ([`crate::js::syntax`]), a
//! required `.json` file is checked to be JSON.

use std::collections::BTreeSet;

use rayon::prelude::*;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::SourceFile;
use crate::diag::text::{QUOTE_LIMIT, shorten};
use crate::js::nesting::Nesting;
use crate::js::scanner::{RequireCall, RequireTarget, scan_file};
use crate::js::syntax::{self, SyntaxError};
use crate::paths::{self, PathError};
use crate::platform::Platform;
use crate::source::{ExtensionSource, Lookup, SourceError};

/// The modules the web runtime provides to `require()`.
pub const WEB_CORE_MODULES: [&str; 7] = [
    "@adobe/reactor-cookie",
    "@adobe/reactor-document",
    "@adobe/reactor-load-script",
    "@adobe/reactor-object-assign",
    "@adobe/reactor-promise",
    "@adobe/reactor-query-string",
    "@adobe/reactor-window",
];

/// The files reached, the calls that cannot be resolved and the code that does not compile.
#[derive(Debug, Default)]
pub struct RequireGraph {
    /// Every file reached, the roots included, sorted.
    pub files: BTreeSet<String>,
    pub problems: Vec<RequireProblem>,
    pub code_problems: Vec<CodeProblem>,
}

/// A library file the platform could not compile.
#[derive(Debug)]
pub struct CodeProblem {
    pub file: Arc<SourceFile>,
    /// Where in the file.
    pub range: Range<usize>,
    pub kind: CodeKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// A JavaScript syntax error, as the parser words it.
    Syntax(SyntaxError),
    /// Nested more deeply than the parser goes (`depth` as estimated, `limit` parsed).
    TooDeep { depth: usize, limit: usize },
    /// `import` / `export` statements or `import.meta`: `count` uses, the first at the range.
    ModuleSyntax { what: &'static str, count: usize },
    /// A required `.json` file that is not JSON: serde_json's message.
    InvalidJson { message: String },
}

/// A `require()` call the platform cannot resolve.
#[derive(Debug)]
pub struct RequireProblem {
    /// The requiring file.
    pub file: Arc<SourceFile>,
    /// The whole `require(...)` call in it.
    pub call: Range<usize>,
    pub kind: ProblemKind,
    /// The requiring file inside the extension (normalised), for fixes.
    pub path: String,
    /// The string literal passed to `require`, quotes included, when it is one.
    pub literal: Option<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// No file at the resolved path. `index` is `dir/index.js` when the request names a
    /// folder that has one (the platform does not resolve folders).
    NotFound {
        request: String,
        resolved: String,
        index: Option<String>,
    },
    /// The resolved path is a folder.
    Folder {
        request: String,
        resolved: String,
        index: Option<String>,
    },
    /// The file exists only with another letter case.
    CaseMismatch {
        request: String,
        resolved: String,
        actual: String,
    },
    /// The request leaves the extension folder.
    Outside { request: String },
    /// A bare module name the platform does not provide.
    NotResolvable { request: String },
    /// The argument is not a string literal.
    Computed { argument: String },
}

impl ProblemKind {
    /// The same problem with every quoted text cut to [`QUOTE_LIMIT`] characters: a finding
    /// quotes these, and a hostile file may hold megabytes in one argument.
    fn bounded(self) -> ProblemKind {
        let quote = |text: String| {
            if text.len() > QUOTE_LIMIT {
                shorten(&text, QUOTE_LIMIT)
            } else {
                text
            }
        };
        match self {
            ProblemKind::NotFound {
                request,
                resolved,
                index,
            } => ProblemKind::NotFound {
                request: quote(request),
                resolved: quote(resolved),
                index,
            },
            ProblemKind::Folder {
                request,
                resolved,
                index,
            } => ProblemKind::Folder {
                request: quote(request),
                resolved: quote(resolved),
                index,
            },
            ProblemKind::CaseMismatch {
                request,
                resolved,
                actual,
            } => ProblemKind::CaseMismatch {
                request: quote(request),
                resolved: quote(resolved),
                actual,
            },
            ProblemKind::Outside { request } => ProblemKind::Outside {
                request: quote(request),
            },
            ProblemKind::NotResolvable { request } => ProblemKind::NotResolvable {
                request: quote(request),
            },
            ProblemKind::Computed { argument } => ProblemKind::Computed {
                argument: quote(argument),
            },
        }
    }
}

impl RequireGraph {
    /// Follows `require()` calls from `roots` (normalised paths of existing files).
    pub fn build(
        source: &dyn ExtensionSource,
        roots: &[String],
        platform: Platform,
    ) -> Result<RequireGraph, SourceError> {
        let mut graph = RequireGraph::default();
        let mut level: Vec<String> = Vec::new();
        for root in roots {
            if graph.files.insert(root.clone()) {
                level.push(root.clone());
            }
        }
        // Breadth first, one level at a time: the files of a level are read, scanned and
        // parsed in parallel (reading, inflating and parsing a thousand library modules is
        // most of the work), on the parser threads (large stacks), then their requests are
        // resolved in order.
        while !level.is_empty() {
            let scanned: Vec<Result<Option<Scanned>, SourceError>> =
                syntax::on_parser_threads(|| {
                    level
                        .par_iter()
                        .map(|path| Scanned::read(source, path))
                        .collect()
                });
            let mut next = Vec::new();
            for (path, scanned) in level.iter().zip(scanned) {
                let Some(Scanned { text, calls, code }) = scanned? else {
                    continue;
                };
                let mut file: Option<Arc<SourceFile>> = None;
                let mut shown = || {
                    file.get_or_insert_with(|| {
                        Arc::new(SourceFile::new(source.display_path(path), text.as_str()))
                    })
                    .clone()
                };
                for found in code {
                    let file = shown();
                    let range = match found.at {
                        At::Range(range) => range,
                        At::LineColumn(line, column) => file.char_at(line, column),
                    };
                    graph.code_problems.push(CodeProblem {
                        file,
                        range,
                        kind: found.kind,
                    });
                }
                let mut problem = |call: Range<usize>,
                                   literal: Option<Range<usize>>,
                                   kind: ProblemKind,
                                   graph: &mut RequireGraph| {
                    let file = shown();
                    graph.problems.push(RequireProblem {
                        file,
                        call,
                        kind: kind.bounded(),
                        path: path.clone(),
                        literal,
                    });
                };
                for call in calls {
                    let (request, literal) = match call.target {
                        RequireTarget::Literal { value, span } => (value, Some(span)),
                        RequireTarget::Computed { span } => {
                            let argument = text.get(span).unwrap_or("").trim();
                            // Cut before copying: nested computed calls overlap.
                            let argument = shorten(argument, QUOTE_LIMIT);
                            problem(
                                call.call,
                                None,
                                ProblemKind::Computed { argument },
                                &mut graph,
                            );
                            continue;
                        }
                    };
                    if !is_relative(&request) {
                        if !(platform == Platform::Web
                            && WEB_CORE_MODULES.contains(&request.as_str()))
                        {
                            problem(
                                call.call,
                                literal,
                                ProblemKind::NotResolvable { request },
                                &mut graph,
                            );
                        }
                        continue;
                    }
                    match resolve(source, path, &request) {
                        Ok(resolved) => {
                            if graph.files.insert(resolved.clone()) {
                                next.push(resolved);
                            }
                        }
                        Err(kind) => problem(call.call, literal, kind, &mut graph),
                    }
                }
            }
            level = next;
        }
        Ok(graph)
    }
}

/// A library file read, scanned for `require()` calls and checked to compile.
struct Scanned {
    text: String,
    calls: Vec<RequireCall>,
    code: Vec<Found>,
}

/// A code problem before its file is shown: where, and what.
struct Found {
    at: At,
    kind: CodeKind,
}

enum At {
    Range(Range<usize>),
    /// serde_json's 1-based line and byte column.
    LineColumn(usize, usize),
}

impl Scanned {
    /// `None` for files with nothing to report and no calls to follow, or that the source
    /// could not trust (it has recorded why; the file stays in the graph: it exists).
    fn read(source: &dyn ExtensionSource, path: &str) -> Result<Option<Scanned>, SourceError> {
        let bytes = match source.read(path) {
            Ok(bytes) => bytes,
            Err(SourceError::Unreadable(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let (calls, code) = if path.ends_with(".json") {
            (Vec::new(), json_problem(&bytes).into_iter().collect())
        } else {
            let text = String::from_utf8_lossy(&bytes);
            let scanned = scan_file(&text);
            let code = code_problems(syntax::compile(&text, scanned.nesting));
            (scanned.calls, code)
        };
        if calls.is_empty() && code.is_empty() {
            return Ok(None);
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Some(Scanned { text, calls, code }))
    }
}

/// What a parse found, as code problems: too deep, or the first syntax error, and the first
/// use of ES module syntax.
fn code_problems(compiled: syntax::Compiled) -> Vec<Found> {
    let mut found = Vec::new();
    if let Some(syntax::TooDeep {
        nesting: Nesting { depth, at },
        limit,
    }) = compiled.too_deep
    {
        found.push(Found {
            at: At::Range(at..at + 1),
            kind: CodeKind::TooDeep { depth, limit },
        });
    }
    if let Some(error) = compiled.error {
        found.push(Found {
            at: At::Range(error.range.clone()),
            kind: CodeKind::Syntax(error),
        });
    }
    if let Some(first) = compiled.module_syntax.first() {
        found.push(Found {
            at: At::Range(first.range.clone()),
            kind: CodeKind::ModuleSyntax {
                what: first.what,
                count: compiled.module_syntax.len(),
            },
        });
    }
    found
}

/// Whether a required `.json` file is JSON (a byte order mark is skipped, as Node's
/// `require` does).
fn json_problem(bytes: &[u8]) -> Option<Found> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let error = serde_json::from_slice::<serde::de::IgnoredAny>(body).err()?;
    let column = if body.len() < bytes.len() && error.line() == 1 {
        error.column() + 3
    } else {
        error.column()
    };
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(what, _)| what)
        .to_owned();
    Some(Found {
        at: At::LineColumn(error.line(), column),
        kind: CodeKind::InvalidJson { message },
    })
}

/// Whether a request is a path relative to the requiring file.
pub fn is_relative(request: &str) -> bool {
    request.starts_with("./") || request.starts_with("../") || request == "." || request == ".."
}

/// The file a relative request names, per the platform's rules.
fn resolve(source: &dyn ExtensionSource, from: &str, request: &str) -> Result<String, ProblemKind> {
    let names_folder = request.ends_with('/') || request == "." || request == "..";
    let with_extension = if names_folder || request.ends_with(".js") || request.ends_with(".json") {
        request.to_owned()
    } else {
        format!("{request}.js")
    };
    let resolved = match paths::resolve_from(from, &with_extension) {
        Ok(p) => p,
        Err(PathError::Escapes | PathError::Absolute) => {
            return Err(ProblemKind::Outside {
                request: request.to_owned(),
            });
        }
    };
    // `./dir` (without extension) may name a folder that has an index.js.
    let index = || {
        let folder = paths::resolve_from(from, request).ok()?;
        let index = if folder.is_empty() {
            "index.js".to_owned()
        } else {
            format!("{folder}/index.js")
        };
        (source.lookup(&index) == Lookup::File).then_some(index)
    };
    match source.lookup(&resolved) {
        Lookup::File if !names_folder => Ok(resolved),
        Lookup::File | Lookup::Dir => Err(ProblemKind::Folder {
            request: request.to_owned(),
            resolved,
            index: index(),
        }),
        Lookup::Missing {
            case_variant: Some(actual),
        } => Err(ProblemKind::CaseMismatch {
            request: request.to_owned(),
            resolved,
            actual,
        }),
        Lookup::Missing { case_variant: None } => Err(ProblemKind::NotFound {
            request: request.to_owned(),
            resolved,
            index: index(),
        }),
        Lookup::LinkOutside => Err(ProblemKind::Outside {
            request: request.to_owned(),
        }),
    }
}
