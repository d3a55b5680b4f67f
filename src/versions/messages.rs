//! The wording of every `--versions` finding, one constructor per finding.

use crate::diag::{Diagnostic, Location, codes};
use crate::manifest::Manifest;

use super::model::{Entry, Form, ListFile, Package, Status};
use super::number::VersionNumber;
use super::pages::{IncompleteListing, pages_phrase};

/// `` `kessel-test` on web ``.
fn package_phrase(package: &Package) -> String {
    format!("`{}` on {}", package.name, package.platform)
}

/// `private, discontinued`, `development, status failed`, `released`.
fn standing(entry: &Entry) -> String {
    let mut parts = vec![entry.availability.as_str().to_owned()];
    if entry.discontinued {
        parts.push("discontinued".to_owned());
    }
    if let Some(s @ (Status::Failed | Status::Pending)) = entry.status {
        parts.push(format!("status {}", s.as_str()));
    }
    parts.join(", ")
}

/// `` `list.json` line 12 ``.
fn place(location: &Location) -> String {
    format!(
        "`{}` line {}",
        location.file.name(),
        location.file.position(location.range.start).line
    )
}

/// The suggestion of the versions that would be accepted.
fn next_versions_help(candidate: &VersionNumber, highest: &Entry) -> String {
    let next = highest.version.next_releases(candidate.has_v_prefix());
    let mut help = format!(
        "set `version` greater than `{}`: `{}` (next patch), `{}` (next minor) or `{}` (next major)",
        highest.version, next.patch, next.minor, next.major
    );
    if highest.discontinued {
        help.push_str("; a discontinued version stays taken");
    }
    help
}

/// EP401: lower than the highest released version.
pub fn not_greater(
    manifest: &Manifest,
    candidate: &VersionNumber,
    highest: &Entry,
    package: &Package,
) -> Diagnostic {
    Diagnostic::new(
        &codes::EP401,
        manifest.file.name(),
        format!(
            "version `{candidate}` is not greater than `{}` ({}), the highest released version of {} (listed in {}); the platform would reject the upload",
            highest.version,
            standing(highest),
            package_phrase(package),
            place(&highest.location)
        ),
    )
    .at_pointer(
        manifest,
        "/version",
        format!("not greater than {}", highest.version),
    )
    .related(
        highest
            .location
            .clone()
            .with_label(format!("the highest released version ({})", standing(highest))),
    )
    .help(next_versions_help(candidate, highest))
}

/// EP402: equal to a released version.
pub fn already_released(
    manifest: &Manifest,
    candidate: &VersionNumber,
    same: &Entry,
    highest: &Entry,
    package: &Package,
) -> Diagnostic {
    let written = if same.version.written() == candidate.written() {
        String::new()
    } else {
        format!(" as `{}`", same.version)
    };
    let mut message = format!(
        "version `{candidate}` is already released{written} ({}) for {} (listed in {}): that version is frozen and cannot be uploaded again",
        standing(same),
        package_phrase(package),
        place(&same.location)
    );
    if highest.version.precedence(candidate).is_gt() {
        message.push_str(&format!(
            ", and the highest released version is `{}` ({})",
            highest.version,
            standing(highest)
        ));
    }
    Diagnostic::new(&codes::EP402, manifest.file.name(), message)
        .at_pointer(manifest, "/version", "already released")
        .related(
            same.location
                .clone()
                .with_label(format!("released here ({})", standing(same))),
        )
        .help(next_versions_help(candidate, highest))
}

/// EP403: the upload replaces a development package.
pub fn updates_development(
    manifest: &Manifest,
    candidate: &VersionNumber,
    developments: &[&Entry],
    package: &Package,
) -> Diagnostic {
    let describe = |e: &Entry| match &e.id {
        Some(id) => format!("`{}` ({id}, {})", e.version, standing(e)),
        None => format!("`{}` ({})", e.version, standing(e)),
    };
    let message = match developments {
        [one] => {
            let mut message = format!(
                "the upload of `{candidate}` updates the development package {} of {} (listed in {}) instead of creating a new package",
                describe(one),
                package_phrase(package),
                place(&one.location)
            );
            match one.status {
                Some(Status::Failed) => message
                    .push_str("; its last upload failed processing, and a failed package may be uploaded again until it succeeds"),
                Some(Status::Pending) => message
                    .push_str("; its processing had not finished when the list was saved"),
                _ => {}
            }
            message
        }
        many => format!(
            "the upload of `{candidate}` updates one of the {} development packages of {}: {}; reactor-uploader updates the first one the API returns",
            many.len(),
            package_phrase(package),
            many.iter()
                .map(|e| describe(e))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut diagnostic = Diagnostic::new(&codes::EP403, manifest.file.name(), message)
        .at_pointer(manifest, "/version", "replaces the development package")
        .help("an update replaces the development package's archive and version, and the package keeps its id; released packages are not touched. To keep the development package as it is, give the new package another `name`");
    for e in developments {
        diagnostic = diagnostic.related(
            e.location
                .clone()
                .with_label(format!("the development package ({})", standing(e))),
        );
    }
    diagnostic
}

/// EP404: nothing in the lists belongs to this extension.
pub fn no_matching_package(
    manifest: &Manifest,
    package: &Package,
    names: &[(String, Vec<String>)],
    incomplete: bool,
) -> Diagnostic {
    let same_name = names.iter().find(|(n, _)| *n == package.name);
    let (message, mut help) = match (names.is_empty(), same_name) {
        (true, _) => (
            "the versions list holds no packages at all, so the version was not compared".to_owned(),
            "if the extension was never uploaded, leave out --versions; otherwise save the list again and check the request's filter".to_owned(),
        ),
        (false, Some((_, platforms))) => (
            format!(
                "the versions list has `{}` only on {}, not on {}: a package of another platform is another package, so the version was not compared",
                package.name,
                platforms.join(", "),
                package.platform
            ),
            format!(
                "save the list of the {} package (`filter[platform]=EQ {}`), or check `platform` in extension.json",
                package.platform, package.platform
            ),
        ),
        (false, None) => (
            format!(
                "no entry of the versions list is named `{}` (it lists {}); the list probably belongs to another extension, so the version was not compared",
                package.name,
                names_phrase(names)
            ),
            format!(
                "save the list of this extension (`filter[name]=EQ {}`), or check `name` in extension.json",
                package.name
            ),
        ),
    };
    if incomplete && !names.is_empty() {
        help.push_str(
            "; pages of the listing are missing (EP405), and the package may be on one of them",
        );
    }
    Diagnostic::new(&codes::EP404, manifest.file.name(), message)
        .at_pointer(manifest, "/name", "not in the versions list")
        .help(help)
}

/// `` `a`, `b` and 3 more ``.
fn names_phrase(names: &[(String, Vec<String>)]) -> String {
    const SHOWN: usize = 5;
    let mut phrase: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|(n, _)| format!("`{n}`"))
        .collect();
    if names.len() > SHOWN {
        phrase.push(format!("{} more", names.len() - SHOWN));
    }
    phrase.join(", ")
}

fn form_phrase(form: Form) -> &'static str {
    match form {
        Form::VersionsListing => "`/versions` listing",
        Form::PackagesListing => "listing of extension packages",
        Form::Lookup => "package lookup",
        Form::PlainText => "plain-text list",
        Form::JsonArray => "JSON array",
    }
}

/// EP405: pages of a saved listing are missing.
pub fn incomplete_listing(listing: &IncompleteListing) -> Diagnostic {
    let file = listing.at.file.name();
    let given = match (listing.given.as_slice(), listing.total_pages) {
        ([one], Some(total)) => format!(
            "`{file}` is page {one} of {total} of a {}",
            form_phrase(listing.form)
        ),
        ([one], None) => format!("`{file}` is page {one} of a {}", form_phrase(listing.form)),
        (many, Some(total)) => format!(
            "pages {} of {total} of a {} were given",
            pages_phrase(many),
            form_phrase(listing.form)
        ),
        (many, None) => format!(
            "pages {} of a {} were given",
            pages_phrase(many),
            form_phrase(listing.form)
        ),
    };
    let missing = listing.missing_phrase();
    let (verb, pronoun) = match listing.missing.as_slice() {
        [_] => ("was", "it"),
        _ => ("were", "them"),
    };
    let more = if listing.open_ended {
        " (and any after it)"
    } else {
        ""
    };
    Diagnostic::new(
        &codes::EP405,
        file,
        format!(
            "{given}; {missing}{more} {verb} not given, so the versions on {pronoun} were not compared"
        ),
    )
    .at(listing
        .at
        .clone()
        .with_label(format!("{missing} not given")))
    .help(format!(
        "save every page (add `page[number]={}` to the request; `page[size]=100` fits up to 100 versions on a page) and pass each file with its own --versions",
        listing.missing.first().copied().unwrap_or(2)
    ))
}

/// EP406: the ordering rests on a listing that may lack older versions.
pub fn partial_listing(list: &ListFile, package: &Package) -> Diagnostic {
    let what = match list.form {
        Form::Lookup => {
            "a lookup of one package (`GET /extension_packages/{id}`), which shows a single version"
        }
        _ => {
            "a listing of extension packages (`GET /extension_packages`), which may hold only the latest version of each package"
        }
    };
    Diagnostic::new(
        &codes::EP406,
        list.file.name(),
        format!(
            "the versions of {} were compared with `{}`, {what}: an older released version missing from it would go unnoticed",
            package_phrase(package),
            list.file.name()
        ),
    )
    .at(list
        .head
        .clone()
        .with_label(format!("a {}", form_phrase(list.form))))
    .help("for the complete list save `GET /extension_packages/{id}/versions` (every page) and pass it with --versions. extpack recognises that listing by a document URL ending in `/versions` (the top-level `links.self`, or a URL in `meta`); if your saved /versions response has none, this note stays and can be ignored")
}
