//! Saved Reactor API documents (JSON:API): a listing `{"data": [...], "meta": {...}}` or a
//! lookup `{"data": {...}}`, whose items are extension packages with `attributes.name`,
//! `version`, `availability`, `status`, `discontinued` and `platform`.
//!
//! **Which listing.** The API has two: `GET /extension_packages` (filtered by name, it may hold
//! only the latest version of each package) and `GET /extension_packages/{id}/versions` (every
//! version). The documented responses carry no top-level URL (only `data` and
//! `meta.pagination`, and each item's own `links.self`), so a listing counts as a `/versions`
//! listing only when one of its *document-level* URLs — the strings of the top-level `links`
//! (`self`, `next`, …, or their `href`) or any URL inside `meta` — has a path ending in
//! `/versions`. Every other listing is treated as a plain one, and the check says so (EP406),
//! because an ordering that rests on it may have missed an older released version.

use serde_json::{Map, Value};

use super::error::ListError;
use super::model::{Availability, Entry, Form, ListFile, Package, Pagination, Status};
use super::number::VersionNumber;
use super::parse::{JsonText, not_semver};
use crate::diag::text::quoted_alternatives;
use crate::manifest::{json_type_phrase, pointer};
use crate::platform::Platform;

/// The JSON:API type of extension packages.
const PACKAGE_TYPE: &str = "extension_packages";

const SAVE_HELP: &str = "save the response of `GET /extension_packages/{id}/versions` (or `GET /extension_packages?filter[name]=EQ my-extension`) unchanged";

pub(super) fn parse_document(
    json: &JsonText,
    top: &Map<String, Value>,
    file_index: usize,
) -> Result<ListFile, ListError> {
    if let Some(errors) = top.get("errors") {
        return Err(json
            .error(
                "/errors",
                format!(
                    "the file holds an API error response, not a list: {}",
                    api_error_summary(errors)
                ),
                "an error response",
            )
            .help("the request that saved this file failed (an expired token, a wrong id?): repeat it and check that it answers with `data`"));
    }
    let Some(data) = top.get("data") else {
        return Err(json
            .error(
                "",
                "a Reactor API document has a `data` member; this object has none",
                "no `data` in this object",
            )
            .help(SAVE_HELP));
    };
    let (form, entries) = match data {
        Value::Array(items) => {
            let mut entries = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                entries.push(entry(json, item, &format!("/data/{i}"), file_index)?);
            }
            (listing_form(top), entries)
        }
        Value::Object(_) => (Form::Lookup, vec![entry(json, data, "/data", file_index)?]),
        other => {
            return Err(json
                .error(
                    "/data",
                    format!(
                        "`data` must be a list of extension packages or one package; found {}",
                        json_type_phrase(other)
                    ),
                    "expected `[ … ]` or `{ … }`",
                )
                .help(SAVE_HELP));
        }
    };
    Ok(ListFile {
        head: json.location("/data").first_line(),
        file: std::sync::Arc::clone(&json.file),
        form,
        listing_url: listing_url(top),
        pagination: pagination(json, top)?,
        entries,
    })
}

/// `title: detail` of the first error of a JSON:API error document.
fn api_error_summary(errors: &Value) -> String {
    let first = errors.get(0).unwrap_or(errors);
    let field = |k: &str| first.get(k).and_then(Value::as_str).map(str::to_owned);
    match (field("title"), field("detail")) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(t), None) => t,
        (None, Some(d)) => d,
        (None, None) => "no title or detail given".to_owned(),
    }
}

/// The URLs that describe the document itself (not its items).
fn document_urls(top: &Map<String, Value>) -> Vec<&str> {
    let mut urls = Vec::new();
    if let Some(Value::Object(links)) = top.get("links") {
        for link in links.values() {
            match link {
                Value::String(s) => urls.push(s.as_str()),
                Value::Object(o) => urls.extend(o.get("href").and_then(Value::as_str)),
                _ => {}
            }
        }
    }
    if let Some(meta) = top.get("meta") {
        collect_urls(meta, &mut urls);
    }
    urls
}

fn collect_urls<'a>(value: &'a Value, urls: &mut Vec<&'a str>) {
    match value {
        Value::String(s) if s.starts_with("http://") || s.starts_with("https://") => urls.push(s),
        Value::Array(items) => items.iter().for_each(|v| collect_urls(v, urls)),
        Value::Object(members) => members.values().for_each(|v| collect_urls(v, urls)),
        _ => {}
    }
}

/// The path of a URL: without scheme, host, query and fragment.
fn url_path(url: &str) -> &str {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_start = without_scheme.find('/').unwrap_or(without_scheme.len());
    let path = &without_scheme[path_start..];
    path.split(['?', '#']).next().unwrap_or(path)
}

fn listing_form(top: &Map<String, Value>) -> Form {
    let is_versions = document_urls(top)
        .iter()
        .any(|url| url_path(url).trim_end_matches('/').ends_with("/versions"));
    if is_versions {
        Form::VersionsListing
    } else {
        Form::PackagesListing
    }
}

/// `links.self` without its page parameters: the pages of one listing share it.
fn listing_url(top: &Map<String, Value>) -> Option<String> {
    let url = top.get("links")?.get("self")?.as_str()?;
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !is_page_parameter(p))
        .collect();
    Some(if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    })
}

fn is_page_parameter(parameter: &str) -> bool {
    let name = parameter.split('=').next().unwrap_or("");
    name == "page[number]" || name.eq_ignore_ascii_case("page%5Bnumber%5D")
}

fn pagination(json: &JsonText, top: &Map<String, Value>) -> Result<Option<Pagination>, ListError> {
    const AT: &str = "/meta/pagination";
    let Some(value) = top.get("meta").and_then(|m| m.get("pagination")) else {
        return Ok(None);
    };
    let Some(p) = value.as_object() else {
        return Err(json.error(
            AT,
            format!(
                "`meta.pagination` must be an object; found {}",
                json_type_phrase(value)
            ),
            "expected `{ \"current_page\": 1, … }`",
        ));
    };
    let number = |key: &str| -> Result<Option<u64>, ListError> {
        match p.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                json.error(
                    &pointer::push(AT, key),
                    format!(
                        "`{key}` must be a page number or null; found {}",
                        json_type_phrase(v)
                    ),
                    "expected a number or null",
                )
            }),
        }
    };
    Ok(Some(Pagination {
        current_page: number("current_page")?,
        next_page: number("next_page")?,
        total_pages: number("total_pages")?,
        total_count: number("total_count")?,
        next_page_location: json.location(&pointer::push(AT, "next_page")),
    }))
}

/// One extension package of a document, at `at`.
fn entry(json: &JsonText, item: &Value, at: &str, file_index: usize) -> Result<Entry, ListError> {
    let Some(object) = item.as_object() else {
        return Err(json
            .error(
                at,
                format!(
                    "an entry must be an extension package object; found {}",
                    json_type_phrase(item)
                ),
                "expected `{ \"id\": …, \"attributes\": { … } }`",
            )
            .help(SAVE_HELP));
    };
    let fields = Fields {
        json,
        object,
        at: at.to_owned(),
    };
    if let Some(kind) = fields.optional_str("type")?
        && kind != PACKAGE_TYPE
    {
        return Err(json
            .error(
                &pointer::push(at, "type"),
                format!("this entry is a `{kind}` resource, not an extension package"),
                "expected \"extension_packages\"",
            )
            .help(SAVE_HELP));
    }
    let id = fields.optional_str("id")?.map(str::to_owned);
    let attributes_at = pointer::push(at, "attributes");
    let attributes = match object.get("attributes") {
        Some(Value::Object(a)) => a,
        other => {
            let found = other.map_or("nothing", json_type_phrase);
            return Err(json
                .error(
                    &attributes_at,
                    format!("the entry has no `attributes` object (found {found})"),
                    "this entry",
                )
                .help(SAVE_HELP));
        }
    };
    let attributes = Fields {
        json,
        object: attributes,
        at: attributes_at,
    };
    let version_text = attributes.required_str("version")?;
    let version = VersionNumber::parse(version_text).map_err(|reason| {
        not_semver(json, &attributes.pointer("version"), version_text, &reason)
    })?;
    let name = attributes.required_str("name")?.to_owned();
    let availability = attributes.word(
        "availability",
        &Availability::WORDS,
        Availability::from_word,
    )?;
    let availability = availability.ok_or_else(|| attributes.missing("availability"))?;
    let status = attributes.word("status", &Status::WORDS, Status::from_word)?;
    let platform = attributes
        .word("platform", &["web", "edge", "mobile"], Platform::from_name)?
        .unwrap_or(Platform::Web);
    let discontinued = match attributes.object.get("discontinued") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(attributes.wrong_type("discontinued", "true or false", other));
        }
    };
    let updated_at = attributes.optional_str("updated_at")?.map(str::to_owned);
    Ok(Entry {
        id,
        package: Some(Package { name, platform }),
        version,
        availability,
        status,
        discontinued,
        updated_at,
        location: json.location(&attributes.pointer("version")),
        item: Some(at.to_owned()),
        file_index,
    })
}

/// The members of one object of a document, read with errors that point at them.
struct Fields<'a> {
    json: &'a JsonText,
    object: &'a Map<String, Value>,
    at: String,
}

impl<'a> Fields<'a> {
    fn pointer(&self, key: &str) -> String {
        pointer::push(&self.at, key)
    }

    fn missing(&self, key: &str) -> ListError {
        self.json
            .error(
                &self.at,
                format!("the entry has no `{key}`"),
                &format!("no `{key}` here"),
            )
            .help(SAVE_HELP)
    }

    fn wrong_type(&self, key: &str, expected: &str, found: &Value) -> ListError {
        self.json.error(
            &self.pointer(key),
            format!(
                "`{key}` must be {expected}; found {}",
                json_type_phrase(found)
            ),
            &format!("expected {expected}"),
        )
    }

    fn optional_str(&self, key: &str) -> Result<Option<&'a str>, ListError> {
        match self.object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    fn required_str(&self, key: &str) -> Result<&'a str, ListError> {
        self.optional_str(key)?.ok_or_else(|| self.missing(key))
    }

    /// A string that must be one of `words`.
    fn word<T>(
        &self,
        key: &str,
        words: &[&str],
        from_word: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, ListError> {
        let Some(text) = self.optional_str(key)? else {
            return Ok(None);
        };
        from_word(text).map(Some).ok_or_else(|| {
            self.json
                .error(
                    &self.pointer(key),
                    format!("unknown {key} `{text}`"),
                    &format!("expected {}", quoted_alternatives(words)),
                )
                .help(format!(
                    "`{key}` is one of {} in the API's responses",
                    quoted_alternatives(words)
                ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn list(text: &str) -> ListFile {
        parse("api.json", text.as_bytes(), 0).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> String {
        match parse("api.json", text.as_bytes(), 0) {
            Ok(_) => panic!("accepted {text}"),
            Err(e) => format!("{e} | {}", e.help_text().unwrap_or_default()),
        }
    }

    fn package(version: &str, availability: &str) -> String {
        format!(
            r#"{{"id": "EP1", "type": "extension_packages", "attributes": {{"name": "kessel-test", "version": "{version}", "availability": "{availability}", "status": "succeeded", "discontinued": false, "platform": "web"}}, "links": {{"self": "https://reactor.adobe.io/extension_packages/EP1"}}}}"#
        )
    }

    #[test]
    fn a_listing_without_a_document_url_is_a_plain_listing() {
        let text = format!(
            r#"{{"data": [{}], "meta": {{"pagination": {{"current_page": 1, "next_page": null, "prev_page": null, "total_pages": 1, "total_count": 1}}}}}}"#,
            package("1.0.0", "public")
        );
        let l = list(&text);
        assert_eq!(l.form, Form::PackagesListing);
        assert_eq!(l.entries.len(), 1);
        let p = l.pagination.unwrap_or_else(|| panic!("no pagination"));
        assert_eq!(
            (p.current_page, p.next_page, p.total_pages),
            (Some(1), None, Some(1))
        );
    }

    #[test]
    fn a_document_url_ending_in_versions_marks_a_versions_listing() {
        let item = package("1.0.0", "public");
        for links in [
            r#""links": {"self": "https://reactor.adobe.io/extension_packages/EP1/versions?page[number]=2"}"#,
            r#""links": {"next": {"href": "https://reactor.adobe.io/extension_packages/EP1/versions/"}}"#,
            r#""meta": {"request": {"url": "https://reactor.adobe.io/extension_packages/EP1/versions"}}"#,
        ] {
            let l = list(&format!(r#"{{"data": [{item}], {links}}}"#));
            assert_eq!(l.form, Form::VersionsListing, "{links}");
        }
        // An item's own link says nothing about the listing.
        let l = list(&format!(
            r#"{{"data": [{item}], "links": {{"self": "https://reactor.adobe.io/extension_packages?filter[name]=EQ%20versions"}}}}"#
        ));
        assert_eq!(l.form, Form::PackagesListing);
    }

    #[test]
    fn the_listing_url_drops_only_the_page_number() {
        let item = package("1.0.0", "public");
        let l = list(&format!(
            r#"{{"data": [{item}], "links": {{"self": "https://r/extension_packages/EP1/versions?page[size]=2&page[number]=3"}}}}"#
        ));
        assert_eq!(
            l.listing_url.as_deref(),
            Some("https://r/extension_packages/EP1/versions?page[size]=2")
        );
    }

    #[test]
    fn a_lookup_is_one_package() {
        let l = list(&format!(r#"{{"data": {}}}"#, package("v2.0.0", "private")));
        assert_eq!(l.form, Form::Lookup);
        let e = &l.entries[0];
        assert_eq!(e.version.written(), "v2.0.0");
        assert_eq!(e.availability, Availability::Private);
        assert_eq!(e.status, Some(Status::Succeeded));
        assert_eq!(e.id.as_deref(), Some("EP1"));
        assert_eq!(
            e.package,
            Some(Package {
                name: "kessel-test".into(),
                platform: Platform::Web
            })
        );
    }

    #[test]
    fn every_broken_entry_is_refused_with_its_pointer() {
        let cases = [
            (
                r#"{"data": [{"attributes": {"name": "a", "availability": "public"}}]}"#,
                "line 1 at /data/0/attributes: the entry has no `version`",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": "1.0", "availability": "public"}}]}"#,
                "at /data/0/attributes/version: `1.0` is not a semantic version",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": "1.0.0", "availability": "released"}}]}"#,
                "unknown availability `released`",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": "1.0.0"}}]}"#,
                "the entry has no `availability`",
            ),
            (
                r#"{"data": [{"attributes": {"version": "1.0.0", "availability": "public"}}]}"#,
                "the entry has no `name`",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": "1.0.0", "availability": "public", "status": "done"}}]}"#,
                "unknown status `done`",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": "1.0.0", "availability": "public", "platform": "tv"}}]}"#,
                "unknown platform `tv`",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": "1.0.0", "availability": "public", "discontinued": "no"}}]}"#,
                "`discontinued` must be true or false; found a string",
            ),
            (
                r#"{"data": [{"attributes": {"name": "a", "version": 1, "availability": "public"}}]}"#,
                "`version` must be a string; found a number",
            ),
            (
                r#"{"data": [{"type": "extensions", "attributes": {}}]}"#,
                "is a `extensions` resource, not an extension package",
            ),
            (
                r#"{"data": [{"id": "EP1"}]}"#,
                "the entry has no `attributes` object (found nothing)",
            ),
            (
                r#"{"data": [3]}"#,
                "an entry must be an extension package object; found a number",
            ),
            (
                r#"{"data": "x"}"#,
                "`data` must be a list of extension packages or one package",
            ),
            (
                r#"{"meta": {}}"#,
                "has a `data` member; this object has none",
            ),
            (
                r#"{"errors": [{"title": "Unauthorized", "detail": "Token expired"}]}"#,
                "an API error response, not a list: Unauthorized: Token expired",
            ),
            (
                r#"{"data": [], "meta": {"pagination": {"next_page": "2"}}}"#,
                "`next_page` must be a page number or null; found a string",
            ),
        ];
        for (text, expected) in cases {
            let e = err(text);
            assert!(e.contains(expected), "{text}\n→ {e}\nlacks {expected}");
        }
    }

    #[test]
    fn missing_optional_attributes_have_defaults() {
        let l = list(
            r#"{"data": [{"attributes": {"name": "a", "version": "1.0.0", "availability": "development"}}]}"#,
        );
        let e = &l.entries[0];
        assert_eq!(e.status, None);
        assert!(!e.discontinued);
        assert_eq!(e.package.as_ref().map(|p| p.platform), Some(Platform::Web));
    }

    #[test]
    fn url_paths_ignore_host_query_and_fragment() {
        assert_eq!(url_path("https://h/a/versions?x=/y#z"), "/a/versions");
        assert_eq!(url_path("https://h"), "");
    }
}
