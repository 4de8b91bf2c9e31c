//! Evaluation's routes: the parties read (an invited coordinator too), editors write; a party's
//! ふりかえりシート is written by that party's own editors only; a third party's link opens its
//! request and nothing else (nobody in the world holds one).

use serde_json::{Value, json};

use super::super::world::Who;
use super::{CONFIRMERS, EDITORS, Mode, Mode::*, NOBODY, OWNER, PARTIES, PARTY_EDITORS};

pub const TABLE: &[(&str, &[Who], Mode)] = &[
    ("GET /collaborations/{cid}/evaluation", PARTIES, Call),
    ("GET /collaborations/{cid}/evaluation/{milestone}", PARTIES, Call),
    ("POST /collaborations/{cid}/evaluation/{milestone}", PARTY_EDITORS, Call),
    (
        "POST /collaborations/{cid}/evaluation/{milestone}/next-cycle",
        PARTY_EDITORS,
        Call,
    ),
    (
        "GET /collaborations/{cid}/evaluation/{milestone}/assessment",
        PARTIES,
        Call,
    ),
    // The form names the owner's organisation: the partner's editors may not write its sheet.
    (
        "POST /collaborations/{cid}/evaluation/{milestone}/assessment",
        EDITORS,
        Call,
    ),
    ("GET /collaborations/{cid}/evaluation/{milestone}/report", PARTIES, Call),
    (
        "GET /collaborations/{cid}/evaluation/{milestone}/report.pdf",
        PARTIES,
        Call,
    ),
    (
        "GET /collaborations/{cid}/evaluation/{milestone}/report.docx",
        PARTIES,
        Call,
    ),
    // Each party's owner signs off for its party; the form names the owner's organisation.
    (
        "POST /collaborations/{cid}/evaluation/{milestone}/report/sign-off",
        OWNER,
        Call,
    ),
    (
        "GET /collaborations/{cid}/evaluation/{milestone}/summary",
        PARTIES,
        Call,
    ),
    (
        "POST /collaborations/{cid}/evaluation/{milestone}/summary",
        PARTY_EDITORS,
        Call,
    ),
    // The form names the owner's organisation.
    (
        "POST /collaborations/{cid}/evaluation/{milestone}/summary/consent",
        OWNER,
        Call,
    ),
    // Published only when every party agrees; the world's summary is not.
    ("GET /reports/{cid}/{milestone}", NOBODY, Call),
    ("GET /collaborations/{cid}/media", PARTIES, Call),
    ("POST /collaborations/{cid}/media", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/media/{mid}/remove", PARTY_EDITORS, Once),
    ("POST /collaborations/{cid}/media/clippings", PARTY_EDITORS, Call),
    ("GET /collaborations/{cid}/media/{mid}/clipping", PARTIES, Call),
    (
        "POST /collaborations/{cid}/media/{mid}/clipping/remove",
        PARTY_EDITORS,
        Once,
    ),
    ("GET /collaborations/{cid}/opinions", PARTIES, Call),
    ("POST /collaborations/{cid}/opinions", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/opinions/requests", PARTY_EDITORS, Call),
    ("GET /o/{token}", NOBODY, Call),
    ("POST /o/{token}", NOBODY, Call),
    ("GET /collaborations/{cid}/outcomes", PARTIES, Call),
    ("POST /collaborations/{cid}/outcomes", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/outcomes/{oid}/remove", PARTY_EDITORS, Once),
    ("API GET /collaborations/{id}/evaluations", PARTIES, Call),
    ("API GET /collaborations/{id}/evaluations/{milestone}", PARTIES, Call),
    (
        "API PUT /collaborations/{id}/evaluations/{milestone}",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/evaluations/{milestone}/next-cycle",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API GET /collaborations/{id}/evaluations/{milestone}/assessments",
        PARTIES,
        Call,
    ),
    (
        "API PUT /collaborations/{id}/evaluations/{milestone}/assessments/{organization_id}",
        EDITORS,
        Call,
    ),
    (
        "API GET /collaborations/{id}/evaluations/{milestone}/report",
        PARTIES,
        Call,
    ),
    (
        "API GET /collaborations/{id}/evaluations/{milestone}/report.pdf",
        PARTIES,
        Call,
    ),
    (
        "API GET /collaborations/{id}/evaluations/{milestone}/report.docx",
        PARTIES,
        Call,
    ),
    (
        "API POST /collaborations/{id}/evaluations/{milestone}/report/sign-offs",
        CONFIRMERS,
        Call,
    ),
    (
        "API GET /collaborations/{id}/evaluations/{milestone}/summary",
        PARTIES,
        Call,
    ),
    (
        "API PUT /collaborations/{id}/evaluations/{milestone}/summary",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/evaluations/{milestone}/summary/consents",
        CONFIRMERS,
        Call,
    ),
    ("API GET /public-reports/{collaboration_id}/{milestone}", NOBODY, Call),
    ("API GET /collaborations/{id}/media", PARTIES, Call),
    ("API POST /collaborations/{id}/media", PARTY_EDITORS, Call),
    ("API DELETE /collaborations/{id}/media/{media_id}", PARTY_EDITORS, Once),
    (
        "API PUT /collaborations/{id}/media/{media_id}/clipping",
        PARTY_EDITORS,
        Call,
    ),
    ("API GET /collaborations/{id}/media/{media_id}/clipping", PARTIES, Call),
    (
        "API DELETE /collaborations/{id}/media/{media_id}/clipping",
        PARTY_EDITORS,
        Once,
    ),
    ("API GET /collaborations/{id}/opinions", PARTIES, Call),
    ("API POST /collaborations/{id}/opinions", PARTY_EDITORS, Call),
    ("API POST /collaborations/{id}/opinion-requests", PARTY_EDITORS, Call),
    ("API GET /opinion-links/{token}", NOBODY, Call),
    ("API POST /opinion-links/{token}/opinion", NOBODY, Call),
    ("API GET /collaborations/{id}/outcomes", PARTIES, Call),
    ("API POST /collaborations/{id}/outcomes", PARTY_EDITORS, Call),
    (
        "API DELETE /collaborations/{id}/outcomes/{outcome_id}",
        PARTY_EDITORS,
        Once,
    ),
];

/// Valid bodies for evaluation's API writes.
pub fn api_body(method: &str, template: &str) -> Option<Value> {
    Some(match (method, template) {
        ("PUT", "/collaborations/{id}/evaluations/{milestone}") => {
            json!({"held_on": "2027-01-20", "keep": ["月1回の作業"], "change": ["広報を早める"]})
        }
        ("POST", "/collaborations/{id}/media") => {
            json!({"kind": "release", "on": "2027-01-12", "title": "作業日のお知らせ"})
        }
        ("POST", "/collaborations/{id}/outcomes") => {
            json!({"party": "society", "free": "里山に人が戻った"})
        }
        // Withdrawing: the world's summary stays unpublished whoever calls.
        ("POST", "/collaborations/{id}/evaluations/{milestone}/summary/consents") => json!({"publish": false}),
        ("PUT", "/collaborations/{id}/evaluations/{milestone}/summary") => {
            json!({"headline": "里山の作業日", "body": "kanariasummary"})
        }
        _ => return None,
    })
}
