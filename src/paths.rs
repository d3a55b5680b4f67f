//! Paths inside an extension: relative, `/`-separated, normalised (`./src//x.js` → `src/x.js`),
//! and never leaving the extension folder.

/// A path on disk as shown to the user: `/` separators, no trailing separator.
pub fn display(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() {
        text
    } else {
        trimmed.to_owned()
    }
}

/// A path inside an extension as shown to the user: `root/relative`, with the extension
/// shown as `root` (`.` for the current folder, which is left out).
pub fn shown_inside(root: &str, relative: &str) -> String {
    if root == "." {
        relative.to_owned()
    } else if relative.is_empty() {
        root.to_owned()
    } else {
        format!("{root}/{relative}")
    }
}

/// Why a path cannot name a file inside the extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathError {
    /// `..` climbs above the folder that holds extension.json.
    Escapes,
    /// An absolute path (`/x`, `C:\x`).
    Absolute,
}

/// Normalises a path relative to the extension root: drops `.` and empty segments, resolves
/// `..`, and refuses to leave the root. Backslashes are not separators (the platform's
/// patterns reject them anyway).
pub fn normalize(raw: &str) -> Result<String, PathError> {
    if raw.starts_with('/') || raw.get(1..2) == Some(":") {
        return Err(PathError::Absolute);
    }
    let mut parts: Vec<&str> = Vec::new();
    for segment in raw.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(PathError::Escapes);
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// Resolves `request` relative to the folder of the file `from` (both inside the extension).
pub fn resolve_from(from: &str, request: &str) -> Result<String, PathError> {
    let dir = parent(from);
    if dir.is_empty() {
        normalize(request)
    } else {
        normalize(&format!("{dir}/{request}"))
    }
}

/// The folder of a normalised path (`src/lib/a.js` → `src/lib`; `a.js` → ``).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins a folder and a path under it.
pub fn join(dir: &str, path: &str) -> Result<String, PathError> {
    if dir.is_empty() {
        normalize(path)
    } else {
        normalize(&format!("{dir}/{path}"))
    }
}

/// A view path without its `?query` or `#fragment`.
pub fn strip_query_and_fragment(view_path: &str) -> &str {
    view_path
        .find(['?', '#'])
        .map_or(view_path, |i| &view_path[..i])
}

/// The last segment of a path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `written` (a path as the manifest or a `require()` writes it: `./`, `//`, a view's
/// `?query`) with the letter case of `actual` (the normalised path of the file on disk, which
/// differs from what `written` names only in case), keeping its spelling otherwise. Segments
/// are matched from the end; `..` stops the matching (what is before it is not part of the
/// name). With `implied_js`, a last segment without `.js` matches `actual`'s `x.js` (a
/// `require()` request). `None` when nothing would change or the two do not match.
pub fn respell(written: &str, actual: &str, implied_js: bool) -> Option<String> {
    let path = strip_query_and_fragment(written);
    let suffix = &written[path.len()..];
    let mut segments: Vec<String> = path.split('/').map(str::to_owned).collect();
    let mut remaining = actual.split('/').rev();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter_mut().enumerate().rev() {
        if segment.is_empty() || segment == "." {
            continue;
        }
        if segment == ".." {
            break;
        }
        let Some(on_disk) = remaining.next() else {
            break;
        };
        let same_letters = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        if same_letters(segment, on_disk) {
            *segment = on_disk.to_owned();
        } else if implied_js
            && i == last
            && let Some(stem) = on_disk.strip_suffix(".js")
            && same_letters(segment, stem)
        {
            *segment = stem.to_owned();
        } else {
            return None;
        }
    }
    let respelled = format!("{}{suffix}", segments.join("/"));
    (respelled != written).then_some(respelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respells_with_the_case_on_disk_keeping_the_rest() {
        assert_eq!(
            respell("./src//Lib/X.js", "src/lib/x.js", false).as_deref(),
            Some("./src//lib/x.js")
        );
        assert_eq!(
            respell("actions/Send.html?a=B", "src/view/actions/send.html", false).as_deref(),
            Some("actions/send.html?a=B")
        );
        assert_eq!(
            respell("../Util/Helper", "src/util/helper.js", true).as_deref(),
            Some("../util/helper")
        );
        assert_eq!(respell("./a.js", "src/a.js", true), None);
        assert_eq!(respell("./a.js", "src/b.js", true), None);
        assert_eq!(
            respell("../A/b.js", "src/a/b.js", false).as_deref(),
            Some("../a/b.js")
        );
    }

    #[test]
    fn display_paths_use_forward_slashes_without_trailing_separator() {
        use std::path::Path;
        assert_eq!(display(Path::new("a/b/")), "a/b");
        assert_eq!(display(Path::new(".")), ".");
        assert_eq!(display(Path::new("/")), "/");
        assert_eq!(display(Path::new("a\\b.zip")), "a/b.zip");
    }

    #[test]
    fn normalises_spelling() {
        assert_eq!(
            normalize("./src//lib/./a.js"),
            Ok("src/lib/a.js".to_owned())
        );
        assert_eq!(normalize("src/lib/../view/"), Ok("src/view".to_owned()));
        assert_eq!(
            normalize("node_modules/x/../../a.js"),
            Ok("a.js".to_owned())
        );
        assert_eq!(normalize("."), Ok(String::new()));
    }

    #[test]
    fn refuses_to_leave_the_root() {
        assert_eq!(normalize("../a.js"), Err(PathError::Escapes));
        assert_eq!(normalize("src/../../a.js"), Err(PathError::Escapes));
        assert_eq!(normalize("/etc/passwd"), Err(PathError::Absolute));
        assert_eq!(normalize("C:/x.js"), Err(PathError::Absolute));
    }

    #[test]
    fn resolves_requests_from_a_file() {
        assert_eq!(
            resolve_from("src/lib/a.js", "./b.js"),
            Ok("src/lib/b.js".to_owned())
        );
        assert_eq!(
            resolve_from("src/lib/a.js", "../../node_modules/p/d.js"),
            Ok("node_modules/p/d.js".to_owned())
        );
        assert_eq!(resolve_from("a.js", "./b"), Ok("b".to_owned()));
        assert_eq!(
            resolve_from("src/a.js", "../../b.js"),
            Err(PathError::Escapes)
        );
    }

    #[test]
    fn strips_query_and_fragment() {
        assert_eq!(strip_query_and_fragment("a.html?x=1#y"), "a.html");
        assert_eq!(strip_query_and_fragment("a.html#y?x"), "a.html");
        assert_eq!(strip_query_and_fragment("a.html"), "a.html");
    }
}
