//! "Did you mean": the existing file a missing path most likely meant, beyond letter case
//! (which [`super::Lookup::Missing`] already names): the same name with another extension, a
//! name one edit away in the same folder, the same name in a sibling folder, or the path
//! through a folder one edit away (`action/` for `actions/`).

use super::{ExtensionSource, Lookup};
use crate::diag::text::edit_distance;
use crate::paths;

/// The existing file nearest to `path` (normalised, missing), if one is near enough.
pub fn nearest_file(source: &dyn ExtensionSource, path: &str) -> Option<String> {
    let dir = paths::parent(path);
    let name = paths::file_name(path);
    let join = |dir: &str, name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    if source.lookup(dir) == Lookup::Dir {
        let files: Vec<String> = source
            .children(dir)
            .into_iter()
            .filter(|(_, is_dir)| !is_dir)
            .map(|(n, _)| n)
            .collect();
        // The same name with another extension: `x.js` for `x.html`.
        let wanted = stem(name);
        if let Some(other) = files.iter().find(|f| stem(f) == wanted && *f != name) {
            return Some(join(dir, other));
        }
        // A name one edit away: `sendBeacon.js` for `sendBeakon.js`.
        if name.chars().count() >= 4
            && let Some(close) = files.iter().find(|f| edit_distance(f, name) == 1)
        {
            return Some(join(dir, close));
        }
        // The same name in a sibling folder: `conditions/x.js` for `events/x.js`.
        if !dir.is_empty() {
            let parent = paths::parent(dir);
            for (sibling, is_dir) in source.children(parent) {
                let candidate = join(&join(parent, &sibling), name);
                if is_dir && candidate != path && source.lookup(&candidate) == Lookup::File {
                    return Some(candidate);
                }
            }
        }
        return None;
    }
    // A folder on the way one edit away: `src/lib/actions/x.js` for `src/lib/action/x.js`.
    let components: Vec<&str> = dir.split('/').collect();
    let mut existing = String::new();
    for (i, component) in components.iter().enumerate() {
        let next = join(&existing, component);
        if source.lookup(&next) == Lookup::Dir {
            existing = next;
            continue;
        }
        for (folder, is_dir) in source.children(&existing) {
            if is_dir && edit_distance(&folder, component) == 1 {
                let mut rest = vec![join(&existing, &folder)];
                rest.extend(components[i + 1..].iter().map(|c| (*c).to_owned()));
                rest.push(name.to_owned());
                let candidate = rest.join("/");
                if source.lookup(&candidate) == Lookup::File {
                    return Some(candidate);
                }
            }
        }
        return None;
    }
    None
}

/// A file name without its extension: `a.min.js` → `a.min`; `.x` and `x` stay.
fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirSource;

    fn source(files: &[&str]) -> (tempfile::TempDir, DirSource) {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let source = DirSource::open(dir.path()).unwrap();
        (dir, source)
    }

    #[test]
    fn suggests_the_nearest_existing_file() {
        let (_dir, s) = source(&[
            "src/view/events/visitDurationElapsed.html",
            "src/lib/conditions/cookie.js",
            "src/lib/events/other.js",
            "src/lib/actions/sendBeacon.js",
        ]);
        assert_eq!(
            nearest_file(&s, "src/view/events/visitDurationElapsed.js").as_deref(),
            Some("src/view/events/visitDurationElapsed.html")
        );
        assert_eq!(
            nearest_file(&s, "src/lib/events/cookie.js").as_deref(),
            Some("src/lib/conditions/cookie.js")
        );
        assert_eq!(
            nearest_file(&s, "src/lib/action/sendBeacon.js").as_deref(),
            Some("src/lib/actions/sendBeacon.js")
        );
        assert_eq!(
            nearest_file(&s, "src/lib/actions/sendBeakon.js").as_deref(),
            Some("src/lib/actions/sendBeacon.js")
        );
        assert_eq!(nearest_file(&s, "src/lib/actions/unrelated.js"), None);
        assert_eq!(nearest_file(&s, "elsewhere/x/y.js"), None);
    }

    #[test]
    fn stems_drop_only_the_last_extension() {
        assert_eq!(stem("a.min.js"), "a.min");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("plain"), "plain");
    }
}
