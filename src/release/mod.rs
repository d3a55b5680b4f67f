//! The previous release that `diff` and `check --against` compare with: opened and parsed
//! once per run, before any extension is checked. Comparing is [`crate::diff`]'s; this module
//! loads, and tells which release an extension is compared with.
//!
//! - `mod.rs`: [`load`] (a folder, its extension.json, a `.zip`, or saved API responses),
//!   [`for_extension`] (the release for the extension being compared, or why there is none);
//! - `response.rs`: saved Reactor API responses (a lookup, listing pages);
//! - `record.rs`: an API package record mapped onto the manifest model.

mod record;
mod response;

use std::path::{Path, PathBuf};

use crate::diag::text::quoted_list;
use crate::diff::previous::{Listing, Previous};
use crate::diff::{Release, Side};
use crate::error::FatalError;
use crate::manifest;
use crate::source::{self, MANIFEST_NAME};
use crate::versions::{Entry, Package};

/// Loads the previous release from `paths`: one folder, extension.json or `.zip`; or saved
/// Reactor API responses (any other file), which may be several pages of one listing.
pub fn load(paths: &[PathBuf]) -> Result<Previous, FatalError> {
    match paths {
        [one] if !is_response_path(one) => load_extension(one).map(Previous::One),
        _ => {
            if let Some(extension) = paths.iter().find(|p| !is_response_path(p)) {
                return Err(FatalError::SeveralReleases {
                    path: extension.clone(),
                });
            }
            let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
            response::load(&paths)
        }
    }
}

/// Loads one version of an extension (the new side of `diff`): a folder, extension.json,
/// `.zip`, or a saved lookup of one package. A listing is refused: it is not one version.
pub fn load_one(path: &Path) -> Result<Release, FatalError> {
    if !is_response_path(path) {
        return load_extension(path);
    }
    response::lookup(path)?.ok_or_else(|| FatalError::NewIsListing {
        path: path.to_owned(),
    })
}

/// Whether `path` is read as a saved API response: an existing file that is neither a `.zip`
/// nor named extension.json (what a folder source accepts).
fn is_response_path(path: &Path) -> bool {
    !source::zip::is_archive_path(path)
        && path.file_name().is_none_or(|n| n != MANIFEST_NAME)
        && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Opens the extension at `path` (a folder or a zip archive) and parses its
/// manifest. A release to compare with must be usable: a manifest that cannot be parsed, or
/// lacks `name`, `platform` or `version`, is a [`FatalError`], since comparing with half a
/// release would pass changes that break.
fn load_extension(path: &Path) -> Result<Release, FatalError> {
    let source = source::open(path)?;
    let display = source.display_path(MANIFEST_NAME);
    let loaded = manifest::load(&*source)?;
    let unusable = |reason: String| FatalError::UnusableManifest {
        path: display.clone(),
        reason,
    };
    let Some(manifest) = loaded.manifest else {
        let reason = loaded.diagnostics.first().map_or_else(
            || "no usable extension.json".to_owned(),
            |d| d.message.clone(),
        );
        return Err(unusable(reason));
    };
    let field = |key: &str| {
        manifest
            .top_level_str(key)
            .map(str::to_owned)
            .ok_or_else(|| unusable(format!("extension.json has no string `{key}`")))
    };
    let side = Side {
        path: source.display_root().to_owned(),
        name: field("name")?,
        platform: field("platform")?,
        version: field("version")?,
    };
    Ok(Release::from_manifest(side, manifest))
}

/// Fails unless both sides are the same extension (`name` and `platform`).
pub fn same_extension(old: &Side, new: &Side) -> Result<(), FatalError> {
    if old.is_same_extension(new) {
        Ok(())
    } else {
        Err(FatalError::DifferentExtensions {
            old: Box::new(old.clone()),
            new: Box::new(new.clone()),
        })
    }
}

/// The release the extension `new` is compared with. Another extension's release is
/// [`FatalError::DifferentExtensions`] (a listing that holds packages of exactly one other
/// extension too); a listing without a released package of this extension is
/// [`FatalError::NoReleasedPackage`], naming what it holds.
pub fn for_extension<'a>(previous: &'a Previous, new: &Side) -> Result<&'a Release, FatalError> {
    match previous {
        Previous::One(release) => {
            same_extension(&release.side, new)?;
            Ok(release)
        }
        Previous::Listing(listing) => match previous.release_for(&new.name, &new.platform) {
            Some(release) => Ok(release),
            None => Err(no_release(listing, new)),
        },
    }
}

fn is_package_of(entry: &Entry, side: &Side) -> bool {
    entry
        .package
        .as_ref()
        .is_some_and(|p| p.name == side.name && p.platform.as_str() == side.platform)
}

fn no_release(listing: &Listing, new: &Side) -> FatalError {
    let own: Vec<&Entry> = listing
        .packages
        .iter()
        .filter(|e| is_package_of(e, new))
        .collect();
    let mut others: Vec<&Package> = Vec::new();
    for package in listing.packages.iter().filter_map(|e| e.package.as_ref()) {
        let is_own = package.name == new.name && package.platform.as_str() == new.platform;
        if !is_own && !others.contains(&package) {
            others.push(package);
        }
    }
    // The response of another extension altogether: the same error as two folders.
    if let ([], [_], [other]) = (
        own.as_slice(),
        others.as_slice(),
        listing.releases.as_slice(),
    ) {
        return FatalError::DifferentExtensions {
            old: Box::new(other.side.clone()),
            new: Box::new(new.clone()),
        };
    }
    let files: Vec<&str> = listing.files.iter().map(String::as_str).collect();
    FatalError::NoReleasedPackage {
        name: new.name.clone(),
        platform: new.platform.clone(),
        files: quoted_list(&files),
        found: found_phrase(&own, &others),
    }
}

/// How many packages of the extension a message names before "and N more".
const SHOWN: usize = 5;

/// What a listing without a released package of the extension holds, in a few words:
/// `it lists only 1.1.0 (development), 1.0.1 (private, failed) of it, and other extensions:
/// `a` (web)`.
fn found_phrase(own: &[&Entry], others: &[&Package]) -> String {
    let mut versions: Vec<String> = own.iter().take(SHOWN).map(|e| describe(e)).collect();
    if own.len() > SHOWN {
        versions.push(format!("and {} more", own.len() - SHOWN));
    }
    let versions = versions.join(", ");
    let names: Vec<String> = others
        .iter()
        .map(|p| format!("`{}` ({})", p.name, p.platform))
        .collect();
    let names = names.join(", ");
    match (own.is_empty(), others.is_empty()) {
        (true, true) => "it lists no package".to_owned(),
        (false, true) => format!("it lists only {versions}"),
        (true, false) => format!("it lists only other extensions: {names}"),
        (false, false) => {
            format!("it lists only {versions} of it, and other extensions: {names}")
        }
    }
}

/// `1.1.0 (development)`, `1.0.1 (private, failed)`, `1.0.2 (public, no status)`.
fn describe(entry: &Entry) -> String {
    let status = match (entry.availability.is_released(), entry.status) {
        (false, _) => String::new(),
        (true, Some(status)) => format!(", {}", status.as_str()),
        (true, None) => ", no status".to_owned(),
    };
    format!(
        "{} ({}{status})",
        entry.version.written(),
        entry.availability.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(items: &[(&str, &str, &str, &str)]) -> Vec<Entry> {
        let items: Vec<String> = items
            .iter()
            .map(|(name, version, availability, status)| {
                format!(
                    r#"{{"attributes": {{"name": "{name}", "platform": "web", "version": "{version}", "availability": "{availability}", "status": "{status}"}}}}"#
                )
            })
            .collect();
        let text = format!(r#"{{"data": [{}]}}"#, items.join(", "));
        crate::versions::parse::parse("p.json", text.as_bytes(), 0)
            .unwrap_or_else(|e| panic!("{e}"))
            .entries
    }

    fn phrase(items: &[(&str, &str, &str, &str)]) -> String {
        let all = entries(items);
        let own: Vec<&Entry> = all
            .iter()
            .filter(|e| e.package.as_ref().is_some_and(|p| p.name == "mine"))
            .collect();
        let mut others: Vec<&Package> = Vec::new();
        for p in all.iter().filter_map(|e| e.package.as_ref()) {
            if p.name != "mine" && !others.contains(&p) {
                others.push(p);
            }
        }
        found_phrase(&own, &others)
    }

    #[test]
    fn says_what_a_listing_without_a_release_holds() {
        assert_eq!(phrase(&[]), "it lists no package");
        assert_eq!(
            phrase(&[("mine", "1.0.0", "development", "succeeded")]),
            "it lists only 1.0.0 (development)"
        );
        assert_eq!(
            phrase(&[
                ("mine", "1.0.0", "private", "failed"),
                ("mine", "1.0.1", "public", "pending")
            ]),
            "it lists only 1.0.0 (private, failed), 1.0.1 (public, pending)"
        );
        assert_eq!(
            phrase(&[
                ("a", "1.0.0", "public", "succeeded"),
                ("b", "1.0.0", "public", "succeeded"),
                ("a", "2.0.0", "public", "succeeded")
            ]),
            "it lists only other extensions: `a` (web), `b` (web)"
        );
        let many: Vec<(&str, &str, &str, &str)> = [
            "1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5", "1.0.6",
        ]
        .iter()
        .map(|v| ("mine", *v, "development", "succeeded"))
        .chain([("a", "1.0.0", "development", "succeeded")])
        .collect();
        assert_eq!(
            phrase(&many),
            "it lists only 1.0.0 (development), 1.0.1 (development), 1.0.2 (development), 1.0.3 (development), 1.0.4 (development), and 2 more of it, and other extensions: `a` (web)"
        );
    }
}
