//! What a versions list holds once parsed: its form, its pagination, and its entries.

use std::sync::Arc;

use crate::diag::{Location, SourceFile};
use crate::platform::Platform;

use super::number::VersionNumber;

/// Where a package stands on the platform. Availability only moves forward:
/// development → private → public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Availability {
    /// Replaceable by a new archive (an update).
    Development,
    /// Released to the owning company; frozen.
    Private,
    /// Released to everyone; frozen.
    Public,
    /// Released, availability not given (a bare version in a plain-text list or a JSON
    /// array); frozen.
    Released,
}

impl Availability {
    /// The words accepted in lists.
    pub const WORDS: [&'static str; 3] = ["development", "private", "public"];

    pub fn from_word(word: &str) -> Option<Availability> {
        match word {
            "development" => Some(Availability::Development),
            "private" => Some(Availability::Private),
            "public" => Some(Availability::Public),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Development => "development",
            Availability::Private => "private",
            Availability::Public => "public",
            Availability::Released => "released",
        }
    }

    /// Private, public, or released without detail: the version is frozen and every new
    /// upload must be greater.
    pub fn is_released(self) -> bool {
        self != Availability::Development
    }
}

/// The outcome of the platform's processing of an uploaded archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Pending,
    Succeeded,
    Failed,
}

impl Status {
    pub const WORDS: [&'static str; 3] = ["pending", "succeeded", "failed"];

    pub fn from_word(word: &str) -> Option<Status> {
        match word {
            "pending" => Some(Status::Pending),
            "succeeded" => Some(Status::Succeeded),
            "failed" => Some(Status::Failed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
        }
    }
}

/// The package an API entry belongs to. The platform tells packages apart by name *and*
/// platform.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Package {
    pub name: String,
    pub platform: Platform,
}

/// One version of one package.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The API's package id (`EP…`); the same id given twice is one entry.
    pub id: Option<String>,
    /// `None` in the plain-text and JSON-array forms: those lists belong to the extension being
    /// checked, whatever its name and platform.
    pub package: Option<Package>,
    pub version: VersionNumber,
    pub availability: Availability,
    pub status: Option<Status>,
    pub discontinued: bool,
    /// `updated_at` as written by the API (ISO 8601, so it sorts as text).
    pub updated_at: Option<String>,
    /// The version's text in the list file.
    pub location: Location,
    /// Where the package object is in an API document (`/data/3`, or `/data` in a lookup);
    /// `None` in the plain-text and JSON-array forms.
    pub item: Option<String>,
    /// The index of the list file it came from in [`super::VersionList::files`].
    pub file_index: usize,
}

/// How a list file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `GET /extension_packages/{id}/versions`: every version of a package.
    VersionsListing,
    /// `GET /extension_packages`: may hold only the latest version of each package.
    PackagesListing,
    /// `GET /extension_packages/{id}`: one package.
    Lookup,
    /// One version per line.
    PlainText,
    /// A JSON array of version strings.
    JsonArray,
}

impl Form {
    /// Whether the form can hold fewer versions than the platform knows of.
    pub fn may_be_partial(self) -> bool {
        matches!(self, Form::PackagesListing | Form::Lookup)
    }
}

/// `meta.pagination` of a saved listing page.
#[derive(Clone, Debug)]
pub struct Pagination {
    pub current_page: Option<u64>,
    pub next_page: Option<u64>,
    pub total_pages: Option<u64>,
    pub total_count: Option<u64>,
    /// Where `next_page` is written.
    pub next_page_location: Location,
}

/// One parsed list file.
#[derive(Debug)]
pub struct ListFile {
    pub file: Arc<SourceFile>,
    pub form: Form,
    /// The document's own URL without its page number (`links.self`), when it has one: pages of
    /// one listing share it.
    pub listing_url: Option<String>,
    pub pagination: Option<Pagination>,
    /// Where the document's entries start (`data`, or the first line), for findings about the
    /// whole file.
    pub head: Location,
    pub entries: Vec<Entry>,
}
