//! The web layer's tests as one binary: each test binary links the whole stack (typst, tantivy,
//! the server), so one link instead of one per file keeps the build short.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

mod common;

mod agreement_draft;
mod api;
mod api_anonymous;
mod api_journey;
mod api_registry;
mod api_twins;
mod case_studies;
mod centre;
mod centre_requests;
mod collaborations;
mod compression;
mod documents;
mod evaluation;
mod evaluation_summary;
mod idempotency;
mod kept_input;
mod matching;
mod matrix;
mod media_clippings;
mod notifications;
mod opendata;
mod pages;
mod partners;
mod passwords;
mod proposals;
mod registry;
mod required_marks;
mod search;
mod site_roles;
mod statistics;
mod survey_waves;
mod surveys;
