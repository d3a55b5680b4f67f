//! The shape of the code, held by tests: the top-level modules of `src/` import each other
//! without a cycle (so the layers of ARCHITECTURE.md stay layers), `lib.rs` is only the crate
//! documentation, `mod` lines and re-exports, and no file grows past ~900 lines of non-test
//! code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::root;

/// The most lines of non-test code one file of `src/` may hold.
const MAX_LINES: usize = 900;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its unit tests (the `#[cfg(test)]` module at its end) and
/// without comment lines.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect()
}

/// The top-level module a file of `src/` belongs to (`source` for `src/source/zip/index.rs`).
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_owned()
}

/// The first names of the paths after every `crate::` in `code`: `crate::diag::X` gives
/// `diag`, `crate::{a::B, c}` gives `a` and `c`.
fn crate_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let end = group[i..]
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .map_or(group.len(), |e| i + e);
                        names.push(group[i..end].to_owned());
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            names.push(rest[..end].to_owned());
        }
    }
    names
}

/// Which module each name that lib.rs re-exports comes from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let text: String = lib.lines().collect::<Vec<_>>().join(" ");
    for statement in text.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, items) = path.split_once("::").unwrap();
        for item in items
            .trim_matches(|c| c == '{' || c == '}' || c == ' ')
            .split(',')
        {
            let name = item.trim().rsplit("::").next().unwrap().trim();
            if !name.is_empty() {
                map.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    map
}

/// The import graph of the top-level modules: module → the modules it names.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexported = reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = top_module(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let code = code_lines(&text).join("\n");
        for name in crate_names(&code) {
            let target = if modules.contains(&name) {
                name
            } else {
                // A name of the crate root: the module lib.rs re-exports it from.
                reexported
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| panic!("{}: crate::{name} is not a module", file.display()))
            };
            if target != module {
                graph.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// A cycle of the graph, if there is one (depth first, with the path kept).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap();
                let mut cycle = path[start..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.to_owned(), Mark::Open);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn the_top_level_modules_import_each_other_without_a_cycle() {
    let graph = import_graph();
    // The graph is not trivially empty: the reader finds the imports.
    assert!(graph["analysis"].contains("checks"), "{graph:?}");
    assert!(graph["cli"].contains("render"), "{graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the modules import each other in a cycle: {}; move the shared item down to the lower layer (see ARCHITECTURE.md)",
            cycle.join(" → ")
        );
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&graph), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn crate_paths_are_read_from_use_lines_and_expressions() {
    assert_eq!(
        crate_names("use crate::{diag::{self, X}, source};\nlet x = crate::paths::display(p);"),
        ["diag", "source", "paths"]
    );
}

#[test]
fn lib_rs_is_a_facade() {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let mut in_use = false;
    for line in lib.lines().map(str::trim) {
        let allowed = line.is_empty()
            || line.starts_with("//!")
            || line.starts_with("pub mod ")
            || line.starts_with("pub use ")
            || in_use;
        assert!(
            allowed,
            "lib.rs holds more than modules and re-exports: `{line}`"
        );
        if line.starts_with("pub use ") || in_use {
            in_use = !line.ends_with(';');
        }
    }
}

#[test]
fn no_file_holds_more_than_900_lines_of_non_test_code() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines = text
            .lines()
            .take_while(|l| l.trim() != "#[cfg(test)]")
            .count();
        assert!(
            lines <= MAX_LINES,
            "{} holds {lines} lines of non-test code (at most {MAX_LINES}): split it by job",
            file.display()
        );
    }
}
