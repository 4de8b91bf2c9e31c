//! kyodo's search index: organisations and listings, searched in Japanese.
//!
//! The index is a cache of the database, kept under the data directory. It knows how far it has
//! read the database's change log (`search_log`, filled by triggers in the same transaction as
//! every write) through the payload of its last commit, so it can always catch up — after a
//! restart, an import by another process, or on another web node — and can be rebuilt from
//! scratch when it is missing or damaged.

mod index;
pub mod text;

pub use index::{
    DocKind, Document, Facet, Filters, Hit, Mark, Opened, Reach, ReadAs, SearchError, SearchIndex, SearchResult,
    Snippet,
};
