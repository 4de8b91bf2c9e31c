//! kyodo's domain: plain types and rules with no I/O.
//!
//! Input from any edge (form, API, file) is parsed here once into valid types; everything past the
//! edge can rely on them. Names follow the glossary in `docs/ARCHITECTURE.md`.

pub mod account;
pub mod case_study;
pub mod catalog;
pub mod centre_request;
pub mod collaboration;
pub mod csv;
pub mod era;
pub mod errors;
pub mod evaluation;
pub mod fields;
pub mod ids;
pub mod interchange;
pub mod listing;
pub mod matching;
pub mod opendata;
pub mod organization;
pub mod proposal;
pub mod records;
pub mod statistics;
pub mod text;
pub mod worksheet;

pub use errors::{FieldError, Invalid};
