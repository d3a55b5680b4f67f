//! Saved listing pages: which pages of a listing were given, and which are missing.
//!
//! The API returns listings in pages (25 items by default, 100 at most) and says in
//! `meta.pagination` which page a document is and whether another follows. Pages of one listing
//! are grouped by form, `links.self` without the page number (when present) and the totals
//! (`total_pages`, `total_count`), which every page of a listing repeats. A group is incomplete
//! when a page it lacks is known to exist: a page number up to `total_pages`, or a `next_page`
//! that was not given.

use super::model::{Form, ListFile};
use crate::diag::Location;

/// A listing of which some pages were not given.
#[derive(Clone, Debug)]
pub struct IncompleteListing {
    pub form: Form,
    /// The page numbers given, sorted.
    pub given: Vec<u64>,
    /// The page numbers known to exist and not given, sorted.
    pub missing: Vec<u64>,
    /// No `total_pages`: more pages may follow the missing ones.
    pub open_ended: bool,
    pub total_pages: Option<u64>,
    /// The `next_page` of a given page that points at a missing one.
    pub at: Location,
}

impl IncompleteListing {
    /// `page 2`, `pages 2 and 3`.
    pub fn missing_phrase(&self) -> String {
        match self.missing.as_slice() {
            [one] => format!("page {one}"),
            many => format!("pages {}", pages_phrase(many)),
        }
    }
}

/// `1`, `1 and 3`, `1, 2 and 4`.
pub fn pages_phrase(pages: &[u64]) -> String {
    let words: Vec<String> = pages.iter().map(u64::to_string).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

type GroupKey<'a> = (Form, Option<&'a str>, Option<u64>, Option<u64>);

/// Every incomplete listing among `files`, in the order their first page was given.
pub fn incomplete_listings(files: &[ListFile]) -> Vec<IncompleteListing> {
    let mut groups: Vec<(GroupKey<'_>, Vec<&ListFile>)> = Vec::new();
    for file in files {
        let Some(p) = &file.pagination else { continue };
        let key = (
            file.form,
            file.listing_url.as_deref(),
            p.total_pages,
            p.total_count,
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, pages)) => pages.push(file),
            None => groups.push((key, vec![file])),
        }
    }
    groups
        .into_iter()
        .filter_map(|((form, _, total_pages, _), pages)| incomplete(form, total_pages, &pages))
        .collect()
}

fn incomplete(
    form: Form,
    total_pages: Option<u64>,
    pages: &[&ListFile],
) -> Option<IncompleteListing> {
    let paginations: Vec<_> = pages.iter().filter_map(|f| f.pagination.as_ref()).collect();
    let mut given: Vec<u64> = paginations.iter().filter_map(|p| p.current_page).collect();
    given.sort_unstable();
    given.dedup();
    let mut missing: Vec<u64> = match total_pages {
        Some(total) => (1..=total).filter(|n| !given.contains(n)).collect(),
        None => paginations
            .iter()
            .filter_map(|p| p.next_page)
            .filter(|n| !given.contains(n))
            .collect(),
    };
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return None;
    }
    let pointing = paginations
        .iter()
        .find(|p| p.next_page.is_some_and(|n| missing.contains(&n)))
        .or(paginations.first())?;
    Some(IncompleteListing {
        form,
        given,
        missing,
        open_ended: total_pages.is_none(),
        total_pages,
        at: pointing.next_page_location.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn page(current: u64, next: Option<u64>, total: Option<u64>) -> ListFile {
        let next = next.map_or("null".to_owned(), |n| n.to_string());
        let total = total.map_or("null".to_owned(), |n| n.to_string());
        let text = format!(
            r#"{{"data": [], "links": {{"self": "https://r/extension_packages/EP1/versions?page[number]={current}"}}, "meta": {{"pagination": {{"current_page": {current}, "next_page": {next}, "total_pages": {total}, "total_count": 60}}}}}}"#
        );
        parse(&format!("p{current}.json"), text.as_bytes(), 0).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn names_the_pages_not_given() {
        let found = incomplete_listings(&[page(1, Some(2), Some(3))]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].given, [1]);
        assert_eq!(found[0].missing, [2, 3]);
        assert!(!found[0].open_ended);
        assert_eq!(found[0].form, Form::VersionsListing);
        let found = incomplete_listings(&[page(1, Some(2), Some(3)), page(3, None, Some(3))]);
        assert_eq!(found[0].missing, [2]);
    }

    #[test]
    fn every_page_given_is_complete() {
        let pages = [
            page(2, Some(3), Some(3)),
            page(1, Some(2), Some(3)),
            page(3, None, Some(3)),
        ];
        assert!(incomplete_listings(&pages).is_empty());
        assert!(incomplete_listings(&[page(1, None, Some(1))]).is_empty());
    }

    #[test]
    fn a_last_page_alone_misses_the_first_ones() {
        let found = incomplete_listings(&[page(2, None, Some(2))]);
        assert_eq!(found[0].missing, [1]);
    }

    #[test]
    fn without_a_total_the_next_page_is_missing_and_maybe_more() {
        let found = incomplete_listings(&[page(1, Some(2), None)]);
        assert_eq!(found[0].missing, [2]);
        assert!(found[0].open_ended);
        let l = &found[0].at;
        assert_eq!(&l.file.text()[l.range.clone()], "2");
    }

    #[test]
    fn lists_without_pagination_are_never_incomplete() {
        let plain = parse("l.txt", b"1.0.0\n", 0).unwrap_or_else(|e| panic!("{e}"));
        assert!(incomplete_listings(&[plain]).is_empty());
    }
}
