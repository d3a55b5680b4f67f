//! The previous release as given: one extension (a folder, a `.zip`, a looked-up package), or
//! saved listing pages that may hold several versions of several extensions, from which each
//! extension's previous release is chosen ([`latest_released`]).
//!
//! Choosing needs the new manifest's `name` and `platform`, which are known only once the
//! extension is read: the listing keeps the previous release of every extension it holds one
//! for, and [`Previous::release_for`] picks it then.

use std::cmp::Ordering;

use super::Release;
use crate::versions::{Availability, Entry, Package, Status};

/// The previous release, loaded once per run (`release::load`).
#[derive(Debug)]
pub enum Previous {
    /// A folder, a `.zip` or a looked-up package: the release, whatever is compared with it
    /// (telling different extensions apart is `release::for_extension`'s).
    One(Release),
    /// Saved listing pages.
    Listing(Listing),
}

/// Saved listing pages, and the previous release of each extension they hold one for.
#[derive(Debug)]
pub struct Listing {
    /// The files as given.
    pub files: Vec<String>,
    /// One per extension (`name` and `platform`) with a released package, in the order first
    /// listed: its highest released version (see [`latest_released`]).
    pub releases: Vec<Release>,
    /// Every package listed (the same `id` once), in the order given.
    pub packages: Vec<Entry>,
}

impl Previous {
    /// The release to compare the extension `name` on `platform` with: the one given, or the
    /// one a listing holds for that extension (`None` when it holds none).
    pub fn release_for(&self, name: &str, platform: &str) -> Option<&Release> {
        match self {
            Previous::One(release) => Some(release),
            Previous::Listing(listing) => listing
                .releases
                .iter()
                .find(|r| r.side.name == name && r.side.platform == platform),
        }
    }
}

/// Whether a listed package was released: `private` or `public`, and processed successfully.
/// A development package was never installed by a property, nor was a failed or pending one.
pub fn is_released(entry: &Entry) -> bool {
    matches!(
        entry.availability,
        Availability::Private | Availability::Public
    ) && entry.status == Some(Status::Succeeded)
}

/// The previous release of each extension of a listing: among its released packages
/// ([`is_released`]) of one `name` and `platform`, the highest version by semantic-version
/// precedence (the first given when two are equal). One per extension, in the order first
/// listed; entries that name no package (plain-text lists) are not packages of a listing.
pub fn latest_released(packages: &[Entry]) -> Vec<&Entry> {
    let mut latest: Vec<(&Package, &Entry)> = Vec::new();
    for entry in packages.iter().filter(|e| is_released(e)) {
        let Some(package) = &entry.package else {
            continue;
        };
        match latest.iter_mut().find(|(p, _)| *p == package) {
            Some((_, best)) => {
                if entry.version.precedence(&best.version) == Ordering::Greater {
                    *best = entry;
                }
            }
            None => latest.push((package, entry)),
        }
    }
    latest.into_iter().map(|(_, entry)| entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::versions::parse::parse;

    fn packages(items: &[(&str, &str, &str, &str, &str)]) -> Vec<Entry> {
        let items: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, (name, platform, version, availability, status))| {
                format!(
                    r#"{{"id": "EP{i}", "type": "extension_packages", "attributes": {{"name": "{name}", "platform": "{platform}", "version": "{version}", "availability": "{availability}", "status": "{status}"}}}}"#
                )
            })
            .collect();
        let text = format!(r#"{{"data": [{}]}}"#, items.join(", "));
        parse("p.json", text.as_bytes(), 0)
            .unwrap_or_else(|e| panic!("{e}"))
            .entries
    }

    fn chosen(entries: &[Entry]) -> Vec<(String, &str)> {
        latest_released(entries)
            .iter()
            .map(|e| {
                let p = e
                    .package
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                (p, e.version.written())
            })
            .collect()
    }

    #[test]
    fn the_highest_private_or_public_succeeded_version_of_each_extension() {
        let entries = packages(&[
            ("a", "web", "1.0.0", "public", "succeeded"),
            ("a", "web", "1.10.0", "private", "succeeded"),
            ("a", "web", "1.9.0", "public", "succeeded"),
            ("a", "web", "2.0.0", "development", "succeeded"),
            ("a", "web", "1.11.0", "private", "failed"),
            ("a", "web", "1.12.0", "public", "pending"),
            ("a", "web", "2.0.0-rc.1", "private", "succeeded"),
            ("b", "web", "0.1.0", "public", "succeeded"),
            ("a", "edge", "3.0.0", "public", "succeeded"),
        ]);
        assert_eq!(
            chosen(&entries),
            [
                ("a".to_owned(), "2.0.0-rc.1"),
                ("b".to_owned(), "0.1.0"),
                ("a".to_owned(), "3.0.0")
            ]
        );
    }

    #[test]
    fn equal_versions_keep_the_first_and_nothing_released_chooses_nothing() {
        let entries = packages(&[
            ("a", "web", "1.0.0+first", "public", "succeeded"),
            ("a", "web", "1.0.0+second", "public", "succeeded"),
        ]);
        assert_eq!(chosen(&entries), [("a".to_owned(), "1.0.0+first")]);
        let entries = packages(&[
            ("a", "web", "1.0.0", "development", "succeeded"),
            ("a", "web", "0.9.0", "private", "failed"),
        ]);
        assert!(chosen(&entries).is_empty());
    }
}
