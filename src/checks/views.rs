//! The views the manifest names work in the Data Collection UI: each is not empty, loads the
//! extension bridge, and links only files that are in the package. Only the HTML files that
//! `viewPath`s name are read (each once, in parallel), never the rest of the views folder.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Check, Context};
use crate::diag::{Diagnostic, Location, Rule, SourceFile, codes};
use crate::manifest::pointer;
use crate::markup::tags::{Attribute, Tag, start_tags};
use crate::paths::{self, PathError};
use crate::references::{ReferenceKind, Resolution};
use crate::source::Lookup;

/// Checks the content of the views.
pub struct ViewsCheck;

impl Check for ViewsCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP209, &codes::EP315, &codes::EP316];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(base) = views_folder(cx) else {
            return Vec::new();
        };
        // Each file once, at the first pointer that names it (`a.html` and `a.html#tab` are
        // one file).
        let mut views: BTreeMap<&str, &str> = BTreeMap::new();
        for (reference, resolution) in cx.references.iter().zip(cx.resolutions) {
            if let (ReferenceKind::View, Resolution::Found, Ok(path)) =
                (reference.kind, resolution, &reference.path)
            {
                views.entry(path.as_str()).or_insert(&reference.pointer);
            }
        }
        let views: Vec<(&str, &str)> = views.into_iter().collect();
        views
            .par_iter()
            .flat_map_iter(|(path, at)| check_view(cx, base, path, at))
            .collect()
    }
}

/// The normalised `viewBasePath`, when it was found as a folder.
fn views_folder<'a>(cx: &Context<'a>) -> Option<&'a str> {
    cx.references
        .iter()
        .zip(cx.resolutions)
        .find(|(r, _)| r.kind == ReferenceKind::ViewBase)
        .and_then(|(r, res)| match (res, &r.path) {
            (Resolution::Found, Ok(path)) => Some(path.as_str()),
            _ => None,
        })
}

/// The findings of one view (`path`, named at the manifest pointer `at`).
fn check_view(cx: &Context<'_>, base: &str, path: &str, at: &str) -> Vec<Diagnostic> {
    // A file that cannot be read is reported where reading is (the archive's findings).
    let Ok(bytes) = cx.source.read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    if body.trim().is_empty() {
        return vec![empty_view(cx, path, at)];
    }
    let tags = start_tags(&text);
    let mut found = Vec::new();
    if !tags.iter().any(loads_the_bridge) {
        found.push(no_bridge(cx, path, at));
    }
    // With a `<base href>`, relative links resolve elsewhere: not judged.
    if tags
        .iter()
        .any(|t| t.is("base") && t.attribute("href").is_some())
    {
        return found;
    }
    let mut file: Option<Arc<SourceFile>> = None;
    for tag in &tags {
        let Some(attribute) = linked_attribute(tag) else {
            continue;
        };
        let Some(request) = relative_link(&attribute.value) else {
            continue;
        };
        if let Some(why) = not_packed(cx, base, path, &request) {
            let file = file
                .get_or_insert_with(|| {
                    Arc::new(SourceFile::new(cx.source.display_path(path), text.as_ref()))
                })
                .clone();
            let location = Location::new(&file, attribute.range.clone());
            found.push(link_missing(
                location,
                tag,
                attribute.name,
                &request,
                base,
                why,
            ));
        }
    }
    found
}

/// Whether a tag is `<script src=…extensionbridge…>`.
fn loads_the_bridge(tag: &Tag<'_>) -> bool {
    tag.is("script")
        && tag
            .attribute("src")
            .is_some_and(|src| src.value.to_ascii_lowercase().contains("extensionbridge"))
}

/// The attribute of a tag that links a file extpack judges: `<script src>`, `<link href>`,
/// `<img src>`.
fn linked_attribute<'t, 'a>(tag: &'t Tag<'a>) -> Option<&'t Attribute<'a>> {
    let name = if tag.is("script") || tag.is("img") {
        "src"
    } else if tag.is("link") {
        "href"
    } else {
        return None;
    };
    tag.attribute(name)
}

/// The path a link names when it is relative to the view: without its `?query` or
/// `#fragment`, percent-decoded. `None` for links extpack does not judge: empty, a fragment,
/// an absolute URL (`https:`, `data:`, `//host`), a path from the site root (`/x`), or a
/// template placeholder (`{{ }}`, `${ }`, `<% %>`).
fn relative_link(value: &str) -> Option<String> {
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
    if value.is_empty()
        || value.starts_with(['#', '/', '\\'])
        || has_scheme(value)
        || ["{{", "{%", "${", "<%", "[["]
            .iter()
            .any(|marker| value.contains(marker))
    {
        return None;
    }
    let path = value.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    Some(percent_decode(path))
}

/// Whether a URL starts with a scheme (`https:`, `data:`, `javascript:`).
fn has_scheme(value: &str) -> bool {
    let Some(colon) = value.find(':') else {
        return false;
    };
    let scheme = &value[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%XX` escapes decoded when they make UTF-8; the text as written otherwise.
fn percent_decode(path: &str) -> String {
    if !path.contains('%') {
        return path.to_owned();
    }
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (c, hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_owned())
}

/// Why a file a view links is not in the package.
#[derive(Debug, PartialEq, Eq)]
enum NotPacked {
    /// It leaves the extension folder.
    OutsideExtension,
    /// It is inside the extension but not under `viewBasePath` (the normalised path).
    OutsideViews(String),
    /// A segment of its path begins with `.`: never packed.
    DotName(String),
    /// An `exclude` glob of extpack.toml leaves it out of the package.
    Excluded(String),
    Missing {
        resolved: String,
        case_variant: Option<String>,
    },
    Folder(String),
}

/// Whether the file `request` names, from the view at `view`, is packed.
fn not_packed(cx: &Context<'_>, base: &str, view: &str, request: &str) -> Option<NotPacked> {
    let resolved = match paths::resolve_from(view, request) {
        Ok(resolved) => resolved,
        Err(PathError::Escapes | PathError::Absolute) => return Some(NotPacked::OutsideExtension),
    };
    let below = if base.is_empty() {
        Some(resolved.as_str())
    } else {
        resolved
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('/'))
    };
    let Some(below) = below else {
        return Some(NotPacked::OutsideViews(resolved));
    };
    if below.split('/').any(|segment| segment.starts_with('.')) {
        return Some(NotPacked::DotName(resolved));
    }
    match cx.source.lookup(&resolved) {
        Lookup::File if cx.options.config.is_some_and(|c| c.is_excluded(&resolved)) => {
            Some(NotPacked::Excluded(resolved))
        }
        Lookup::File => None,
        Lookup::Dir => Some(NotPacked::Folder(resolved)),
        Lookup::Missing { case_variant } => Some(NotPacked::Missing {
            resolved,
            case_variant,
        }),
        Lookup::LinkOutside => Some(NotPacked::OutsideExtension),
    }
}

/// EP315: an empty view.
fn empty_view(cx: &Context<'_>, path: &str, at: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP315,
        cx.manifest.file.name(),
        format!(
            "the view `{path}` (`{}`) is empty",
            pointer::display(at)
        ),
    )
    .at_pointer(cx.manifest, at, "an empty file")
    .help("the Data Collection UI loads the view in an iframe and waits for it to register with the extension bridge: an empty view leaves that screen blank and unsaveable. Write the view, or remove the `viewPath` of a feature that has no settings")
}

/// EP316: a view that never loads the extension bridge.
fn no_bridge(cx: &Context<'_>, path: &str, at: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP316,
        cx.manifest.file.name(),
        format!(
            "the view `{path}` (`{}`) never loads the extension bridge",
            pointer::display(at)
        ),
    )
    .at_pointer(cx.manifest, at, "no `<script src=\"…extensionbridge…\">` in this view")
    .help("the UI talks to a view only through the extension bridge: load `<script src=\"https://assets.adobedtm.com/activation/reactor/extensionbridge/extensionbridge.min.js\"></script>` (or a local copy named `extensionbridge…`) and call `window.extensionBridge.register({init, getSettings, validate})`")
}

/// EP209: a view links a relative file that is not in the package.
fn link_missing(
    at: Location,
    tag: &Tag<'_>,
    attribute: &str,
    request: &str,
    base: &str,
    why: NotPacked,
) -> Diagnostic {
    let link = format!("<{} {attribute}>", tag.name.to_ascii_lowercase());
    let views = if base.is_empty() {
        "the extension's root".to_owned()
    } else {
        format!("`{base}/`")
    };
    let (reason, label, help) = match why {
        NotPacked::OutsideExtension => (
            "which is outside the extension folder".to_owned(),
            "outside the extension",
            format!("the platform serves only `viewBasePath` ({views}) to the UI: copy the file there (a build step can) and link it from there, or link a CDN URL"),
        ),
        NotPacked::OutsideViews(resolved) => (
            format!("which resolves to `{resolved}`, outside `viewBasePath` ({views})"),
            "not under viewBasePath",
            format!("the platform serves only `viewBasePath` ({views}) to the UI, so the view loads without this file: copy it there (a build step can) and link it from there, or link a CDN URL"),
        ),
        NotPacked::DotName(resolved) => (
            format!("which resolves to `{resolved}`: names that begin with `.` are never packed"),
            "a name beginning with `.`",
            "rename the file or folder so that no part of its path begins with `.`".to_owned(),
        ),
        NotPacked::Excluded(resolved) => (
            format!("which resolves to `{resolved}`, left out of the package by an `exclude` glob of extpack.toml"),
            "excluded from the package",
            "remove the glob that matches it from `exclude`, or stop linking the file".to_owned(),
        ),
        NotPacked::Missing {
            resolved,
            case_variant: Some(actual),
        } => (
            format!("which resolves to `{resolved}`; only `{actual}` exists, in another letter case"),
            "letter case differs from the file",
            "the platform's servers compare file names case-sensitively: use the file's exact name".to_owned(),
        ),
        NotPacked::Missing {
            resolved,
            case_variant: None,
        } => (
            format!("which resolves to `{resolved}`, a file that does not exist"),
            "no such file",
            "create the file (is it build output that is not built yet?) or correct the link; links are relative to the view's folder".to_owned(),
        ),
        NotPacked::Folder(resolved) => (
            format!("which resolves to `{resolved}`, a folder"),
            "a folder, not a file",
            "link the file itself".to_owned(),
        ),
    };
    Diagnostic::new(
        &codes::EP209,
        at.file.name().to_owned(),
        format!("the view links `{request}` (`{link}`), {reason}"),
    )
    .at(at.with_label(label))
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_file_links_are_judged() {
        for skipped in [
            "",
            "  ",
            "#top",
            "/static/a.css",
            "//cdn.example.com/a.js",
            "https://assets.adobedtm.com/x.js",
            "HTTP://x",
            "data:image/png;base64,AAAA",
            "javascript:void(0)",
            "{{asset}}/a.js",
            "${base}/a.js",
            "<%= url %>",
            "?v=1",
        ] {
            assert_eq!(relative_link(skipped), None, "{skipped}");
        }
        assert_eq!(
            relative_link(" css/a.css?v=2#x ").as_deref(),
            Some("css/a.css")
        );
        assert_eq!(
            relative_link("my%20file.png").as_deref(),
            Some("my file.png")
        );
        assert_eq!(relative_link("bad%ZZ%").as_deref(), Some("bad%ZZ%"));
        assert_eq!(relative_link("%FF.png").as_deref(), Some("%FF.png"));
        assert_eq!(relative_link("../a:b.js").as_deref(), Some("../a:b.js"));
        assert!(has_scheme("c:x") && !has_scheme("1a:x") && !has_scheme("./a:b"));
    }
}
