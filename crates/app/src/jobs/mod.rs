//! Background work, run by `kyodo serve` and the CLI: keeping the search index in step with the
//! database, and reminders of action items due.

pub mod index_feed;
pub mod indexer;
pub mod reminders;
