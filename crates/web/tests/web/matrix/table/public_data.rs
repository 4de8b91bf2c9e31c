//! What kyodo publishes for everyone: the statistics (already suppressed) and the open data
//! files (public fields only; the canary test reads them too); the support centre's page and
//! the requests groups send it.

use super::super::world::Who;
use serde_json::{Value, json};

use super::super::world::Who::{Coordinator, Editor, Owner, Viewer};
use super::{ALL, EDITORS, MEMBERS, Mode, Mode::*, STAFF};

pub const TABLE: &[(&str, &[Who], Mode)] = &[
    ("GET /statistics", ALL, Call),
    ("GET /statistics.csv", ALL, Call),
    ("GET /statistics.xlsx", ALL, Call),
    ("API GET /statistics", ALL, Call),
    ("API GET /statistics.csv", ALL, Call),
    ("API GET /statistics.xlsx", ALL, Call),
    ("GET /opendata", ALL, Call),
    ("GET /opendata/{file}", ALL, Call),
    ("API GET /opendata", ALL, Call),
    ("API GET /opendata/{file}", ALL, Call),
    // A centre's view of its area: coordinators and admins (the world's have no centre and are
    // told so); everyone else is refused.
    ("GET /centre", STAFF, Call),
    // Requests to a centre: the group's members read them (editors write), and the coordinator
    // of the centre they went to (the world's `Coordinator`); no one else, admins included.
    ("GET /organizations/{id}/centre-requests", MEMBERS, Call),
    ("POST /organizations/{id}/centre-requests", EDITORS, Call),
    ("GET /centre-requests/{id}", THREAD, Call),
    ("POST /centre-requests/{id}/replies", WRITERS, Call),
    ("POST /centre-requests/{id}/close", WRITERS, Call),
    ("API GET /organizations/{id}/centre-requests", MEMBERS, Call),
    ("API POST /organizations/{id}/centre-requests", EDITORS, Call),
    ("API GET /centre/requests", STAFF, Call),
    ("API GET /centre-requests/{request_id}", THREAD, Call),
    ("API POST /centre-requests/{request_id}/replies", WRITERS, Call),
    ("API POST /centre-requests/{request_id}/close", WRITERS, Call),
];

const THREAD: &[Who] = &[Viewer, Editor, Owner, Coordinator];
const WRITERS: &[Who] = &[Editor, Owner, Coordinator];

/// Valid bodies for the centre requests' writes.
pub fn api_body(method: &str, template: &str) -> Option<Value> {
    Some(match (method, template) {
        ("POST", "/organizations/{id}/centre-requests") => json!({"topic": "other", "message": "相談です。"}),
        ("POST", "/centre-requests/{request_id}/replies") => json!({"message": "返事です。"}),
        _ => return None,
    })
}
