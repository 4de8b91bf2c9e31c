//! Case studies' routes: the parties read the collaboration's case (an invited coordinator too),
//! editors save it, each party's owner approves for its party; the library is everyone's, and
//! the world's case, approved by one party only, is public to nobody.

use serde_json::{Value, json};

use super::super::world::Who;
use super::{ALL, CONFIRMERS, Mode, Mode::*, NOBODY, OWNER, PARTIES, PARTY_EDITORS};

pub const TABLE: &[(&str, &[Who], Mode)] = &[
    ("GET /collaborations/{cid}/case", PARTIES, Call),
    ("POST /collaborations/{cid}/case", PARTY_EDITORS, Call),
    // The form names the owner's organisation.
    ("POST /collaborations/{cid}/case/approval", OWNER, Call),
    ("GET /cases", ALL, Call),
    ("GET /cases/{id}", NOBODY, Call),
    ("GET /cases/{id}/pdf", NOBODY, Call),
    ("API GET /collaborations/{id}/case-study", PARTIES, Call),
    ("API PUT /collaborations/{id}/case-study", PARTY_EDITORS, Call),
    ("API POST /collaborations/{id}/case-study/approvals", CONFIRMERS, Call),
    ("API GET /case-studies", ALL, Call),
    ("API GET /case-studies/{case_id}", NOBODY, Call),
    ("API GET /case-studies/{case_id}/pdf", NOBODY, Call),
];

/// Valid bodies for the case API's writes.
pub fn api_body(method: &str, template: &str) -> Option<Value> {
    Some(match (method, template) {
        // Withdrawing: the world's case stays unpublished whoever calls.
        ("POST", "/collaborations/{id}/case-study/approvals") => json!({"version": null}),
        ("PUT", "/collaborations/{id}/case-study") => json!({
            "title": "里山の再生", "field": "環境の保全", "collaboration_type": "事業協力・事業協定",
            "summary": "作業日に延べ30人が参加しました。",
            "parties": [
                {"name": "里山の会", "did": "作業日の運営", "gained": "参加者が増えた"},
                {"name": "協賛の会社", "did": "社員の参加", "gained": "社員の誇り"}
            ]
        }),
        _ => return super::public_data::api_body(method, template),
    })
}
