//! A previous release read from saved Reactor API responses, detected from the content as
//! `--versions` detects its forms (and read by the same parser, `versions::parse`):
//!
//! - one lookup `{"data": {...}}` (`GET /extension_packages/{id}`): that package;
//! - listing pages `{"data": [...]}` (`GET /extension_packages?filter[name]=EQ …`,
//!   `GET /extension_packages/{id}/versions`; a lookup given with them counts as one more
//!   item): every package once (the same `id` once, the later `updated_at` winning), and the
//!   previous release of each extension (`diff::previous::latest_released`). A page known to
//!   exist and not given stops the run: the previous release may be on it.

use std::path::Path;

use serde_json::Value;

use super::record;
use crate::diff::previous::{self, Listing, Previous};
use crate::diff::{Release, Side};
use crate::error::FatalError;
use crate::versions::parse::{self, JsonText};
use crate::versions::{Entry, Form, IncompleteListing, ListError, ListFile, VersionList};

const SAVE_HELP: &str = "give the response of `GET /extension_packages/{id}` (one package) or of `GET /extension_packages/{id}/versions` (every version, every page) saved unchanged (`curl -o FILE`), or the previous release's folder, its extension.json or its .zip";

/// One response file, parsed.
struct Document {
    json: JsonText,
    value: Value,
}

/// Reads the responses at `paths` (in the order given).
pub(super) fn load(paths: &[&Path]) -> Result<Previous, FatalError> {
    let mut documents = Vec::with_capacity(paths.len());
    let mut lists = Vec::with_capacity(paths.len());
    for (index, path) in paths.iter().enumerate() {
        let (document, list) = read(path, index)?;
        documents.push(document);
        lists.push(list);
    }
    if let ([document], [list]) = (documents.as_slice(), lists.as_slice())
        && list.form == Form::Lookup
        && let Some(entry) = list.entries.first()
    {
        return Ok(Previous::One(release(document, entry)));
    }
    let files = lists.iter().map(|l| l.file.name().to_owned()).collect();
    let merged = VersionList::from_files(lists);
    if let Some(gap) = merged.incomplete_listings().first() {
        return Err(FatalError::ApiResponse(missing_pages(gap)));
    }
    let releases = previous::latest_released(merged.entries())
        .into_iter()
        .filter_map(|entry| {
            let document = documents.get(entry.file_index)?;
            Some(release(document, entry))
        })
        .collect();
    Ok(Previous::Listing(Listing {
        files,
        releases,
        packages: merged.entries().to_vec(),
    }))
}

/// The package of a saved lookup at `path`; `None` when the file is a listing.
pub(super) fn lookup(path: &Path) -> Result<Option<Release>, FatalError> {
    let (document, list) = read(path, 0)?;
    Ok(match (list.form, list.entries.first()) {
        (Form::Lookup, Some(entry)) => Some(release(&document, entry)),
        _ => None,
    })
}

fn read(path: &Path, index: usize) -> Result<(Document, ListFile), FatalError> {
    let bytes = std::fs::read(path).map_err(|source| FatalError::Read {
        path: path.to_owned(),
        source,
    })?;
    let name = crate::paths::display(path);
    let refused = |e: ListError| FatalError::ApiResponse(e.as_api_response());
    let file = parse::source_file(&name, &bytes).map_err(refused)?;
    let (json, value) = JsonText::parse(file).map_err(|e| refused(e.help(SAVE_HELP)))?;
    let top = match &value {
        Value::Object(top) if top.contains_key("data") || top.contains_key("errors") => top,
        _ => return Err(refused(not_a_response(&json, &value))),
    };
    let list = parse::api_document(&json, top, index).map_err(refused)?;
    Ok((Document { json, value }, list))
}

fn not_a_response(json: &JsonText, value: &Value) -> ListError {
    let error = json.error(
        "",
        "it is not a saved Reactor API response (`{\"data\": …}`)",
        "expected `{\"data\": …}`",
    );
    let is_manifest = ["name", "version"]
        .iter()
        .all(|key| value.get(key).is_some_and(Value::is_string));
    if is_manifest {
        error.help("it looks like an extension.json: give its folder, or the file under the name extension.json")
    } else {
        error.help(SAVE_HELP)
    }
}

/// The package of `entry` as a release to compare with.
fn release(document: &Document, entry: &Entry) -> Release {
    let item = entry.item.as_deref().unwrap_or("/data");
    let (manifest, file_pointers) = record::manifest(&document.json, &document.value, item);
    let (name, platform) = entry
        .package
        .as_ref()
        .map(|p| (p.name.clone(), p.platform.as_str().to_owned()))
        .unwrap_or_default();
    Release {
        side: Side {
            path: document.json.file.name().to_owned(),
            name,
            platform,
            version: entry.version.written().to_owned(),
        },
        manifest,
        file_pointers,
    }
}

fn missing_pages(gap: &IncompleteListing) -> ListError {
    let missing = gap.missing_phrase();
    let (verb, pronoun) = match gap.missing.as_slice() {
        [_] => ("was", "it"),
        _ => ("were", "them"),
    };
    let more = if gap.open_ended {
        " (and any after it)"
    } else {
        ""
    };
    let next = gap.missing.first().copied().unwrap_or(2);
    ListError::at(
        &gap.at.file,
        gap.at.range.clone(),
        None,
        format!(
            "{missing}{more} of this listing {verb} not given: the previous release may be on {pronoun}"
        ),
        format!("{missing} not given"),
    )
    .as_api_response()
    .help(format!(
        "save every page (add `page[number]={next}` to the request; `page[size]=100` fits 100 packages on a page) and give each file: `--against page-1.json --against page-2.json`, `against = [\"page-1.json\", \"page-2.json\"]`, or `extpack diff page-1.json page-2.json .`"
    ))
}
