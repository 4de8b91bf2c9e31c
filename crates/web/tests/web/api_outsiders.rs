//! The API's access table for an outsider: a signed-in person, owner of an organisation of their
//! own, with no relation to another organisation's private records. Every operation in the
//! OpenAPI document as served is in `TABLE` with what an outsider may do there; a new operation
//! fails this test until it is added. Each is called with the other organisation's real ids
//! (its listing, proposal, collaboration), and an operation marked `Deny` must never answer 2xx
//! (nor 5xx).

use serde_json::{Value, json};

use crate::common::App;

#[derive(Debug, Clone, Copy, PartialEq)]
enum May {
    /// Public, or the outsider's own account: a success is expected and fine.
    Allow,
    /// Another organisation's records: never a success.
    Deny,
    /// Not called (it would end the outsider's own tokens mid-test); its twin is tested elsewhere.
    Skip,
}
use May::*;

const TABLE: &[(&str, May)] = &[
    ("GET /catalog/collaboration-types", Allow),
    ("GET /catalog/municipalities", Allow),
    ("GET /catalog/support-center", Allow),
    ("GET /collaboration-types/advice", Allow),
    ("GET /collaborations/{id}", Deny),
    ("GET /collaborations/{id}/action-items", Deny),
    ("PATCH /collaborations/{id}/action-items/{item_id}", Deny),
    ("GET /collaborations/{id}/agreement", Deny),
    ("POST /collaborations/{id}/agreement", Deny),
    ("GET /collaborations/{id}/agreement.docx", Deny),
    ("GET /collaborations/{id}/agreement.pdf", Deny),
    ("POST /collaborations/{id}/agreement/confirmations", Deny),
    ("GET /collaborations/{id}/contacts", Deny),
    ("POST /collaborations/{id}/contacts", Deny),
    ("POST /collaborations/{id}/coordinators", Deny),
    ("DELETE /collaborations/{id}/coordinators/{user_id}", Deny),
    ("GET /collaborations/{id}/cycles", Deny),
    ("POST /collaborations/{id}/cycles", Deny),
    ("PUT /collaborations/{id}/cycles/{cycle_id}", Deny),
    ("GET /collaborations/{id}/indicators", Deny),
    ("GET /collaborations/{id}/indicators/{indicator_id}/chart.svg", Deny),
    ("POST /collaborations/{id}/indicators/{indicator_id}/entries", Deny),
    ("GET /collaborations/{id}/introduction", Deny),
    ("GET /collaborations/{id}/introduction.docx", Deny),
    ("GET /collaborations/{id}/introduction.pdf", Deny),
    ("GET /collaborations/{id}/meetings", Deny),
    ("POST /collaborations/{id}/meetings", Deny),
    ("GET /collaborations/{id}/meetings.ics", Deny),
    ("POST /collaborations/{id}/meetings/{meeting_id}/approvals", Deny),
    ("PUT /collaborations/{id}/meetings/{meeting_id}/minutes", Deny),
    ("POST /collaborations/{id}/stage", Deny),
    ("POST /coordinator/claims/{claim_id}", Deny),
    ("GET /coordinator/queue", Deny),
    ("POST /invitations/{token}/accept", Deny),
    ("GET /listings", Allow),
    ("GET /listings/{id}", Allow),
    ("PUT /listings/{id}", Deny),
    ("DELETE /listings/{id}", Deny),
    ("GET /me", Allow),
    ("DELETE /me", Skip),
    ("GET /me/notification-settings", Allow),
    ("PUT /me/notification-settings", Allow),
    ("GET /me/notifications", Allow),
    ("POST /me/notifications/read", Allow),
    ("PUT /me/password", Allow),
    ("GET /me/tokens", Allow),
    ("POST /me/tokens", Allow),
    ("DELETE /me/tokens", Skip),
    ("DELETE /me/tokens/{id}", Deny),
    ("GET /organizations", Allow),
    ("POST /organizations", Allow),
    ("GET /organizations/{id}", Allow),
    ("PUT /organizations/{id}", Deny),
    ("DELETE /organizations/{id}", Deny),
    ("GET /organizations/{id}/action-items", Deny),
    ("POST /organizations/{id}/claim", Deny),
    ("GET /organizations/{id}/collaborations", Deny),
    ("POST /organizations/{id}/invitations", Deny),
    ("DELETE /organizations/{id}/invitations/{invitation_id}", Deny),
    ("GET /organizations/{id}/listings", Allow),
    ("POST /organizations/{id}/listings", Deny),
    ("PUT /organizations/{id}/logo", Deny),
    ("DELETE /organizations/{id}/logo", Deny),
    ("GET /organizations/{id}/matches", Allow),
    ("GET /organizations/{id}/members", Deny),
    ("DELETE /organizations/{id}/members/{user_id}", Deny),
    ("PATCH /organizations/{id}/members/{user_id}", Deny),
    ("GET /organizations/{id}/partners/{partner_id}/notes", Deny),
    ("PUT /organizations/{id}/partners/{partner_id}/notes", Deny),
    ("GET /organizations/{id}/proposals", Deny),
    ("POST /organizations/{id}/proposals", Deny),
    ("POST /organizations/{id}/records", Deny),
    ("DELETE /organizations/{id}/records/{record_id}", Deny),
    ("GET /organizations/{id}/themes", Deny),
    ("POST /organizations/{id}/themes", Deny),
    ("GET /organizations/{id}/verification", Deny),
    ("POST /organizations/{id}/verification", Deny),
    ("GET /organizations/{id}/worksheet", Deny),
    ("PUT /organizations/{id}/worksheet", Deny),
    ("POST /password-resets", Allow),
    ("POST /password-resets/{token}", Allow),
    ("GET /proposals/{id}", Deny),
    ("PUT /proposals/{id}", Deny),
    ("POST /proposals/{id}/collaboration", Deny),
    ("GET /proposals/{id}/comments", Deny),
    ("POST /proposals/{id}/comments", Deny),
    ("GET /proposals/{id}/export.docx", Deny),
    ("GET /proposals/{id}/export.pdf", Deny),
    ("GET /proposals/{id}/export.xlsx", Deny),
    ("POST /proposals/{id}/photos", Deny),
    ("GET /proposals/{id}/photos/{photo_id}", Deny),
    ("DELETE /proposals/{id}/photos/{photo_id}", Deny),
    ("GET /proposals/{id}/review", Deny),
    ("POST /proposals/{id}/shares", Deny),
    ("DELETE /proposals/{id}/shares/{organization_id}", Deny),
    ("GET /proposals/{id}/versions", Deny),
    ("GET /proposals/{id}/versions/{version}", Deny),
    ("GET /search", Allow),
    ("GET /themes/{id}", Deny),
    ("PUT /themes/{id}", Deny),
];

/// The other organisation's records, made through the API by its owner.
struct Private {
    org: i64,
    listing: i64,
    proposal: i64,
    collaboration: i64,
    owner: i64,
    token_id: i64,
}

async fn private_records(app: &App) -> Private {
    let token = app.token_for("insider@example.jp").await;
    let http = reqwest::Client::new();
    let post = |path: String, body: Value| {
        let req = http
            .post(app.url(&format!("/api/v1{path}")))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let res = req.send().await.unwrap();
            assert!(res.status().is_success(), "{path}: {}", res.status());
            res.json::<Value>().await.unwrap()
        }
    };
    let org = post(
        "/organizations".into(),
        json!({"kind": "npo_corporation", "name": "内側の会", "municipality": "山口市"}),
    )
    .await;
    let org = org["id"].as_i64().unwrap();
    let listing = post(format!("/organizations/{org}/listings"), json!({"direction": "need", "resources": ["people"],
        "title": "内側の募集", "description": "x", "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"})).await;
    let content = serde_json::to_value(kyodo_domain::proposal::guide_example().to_input()).unwrap();
    let proposal = post(format!("/organizations/{org}/proposals"), json!({"content": content})).await;
    let proposal = proposal["id"].as_i64().unwrap();
    let collaboration = post(format!("/proposals/{proposal}/collaboration"), Value::Null).await;
    let me: Value = http
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tokens: Value = http
        .get(app.url("/api/v1/me/tokens"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    Private {
        org,
        listing: listing["id"].as_i64().unwrap(),
        proposal,
        collaboration: collaboration["id"].as_i64().unwrap(),
        owner: me["id"].as_i64().unwrap_or(1),
        token_id: tokens[0]["id"].as_i64().unwrap(),
    }
}

/// The path with the private records' ids in it (sub-records that do not exist get 1).
fn concrete(path: &str, p: &Private) -> String {
    let top = path.split('/').nth(1).unwrap_or_default();
    path.split('/')
        .map(|seg| match seg {
            "{id}" => match top {
                "organizations" => p.org.to_string(),
                "listings" => p.listing.to_string(),
                "proposals" | "themes" => p.proposal.to_string(),
                "collaborations" => p.collaboration.to_string(),
                "me" => p.token_id.to_string(),
                _ => "1".into(),
            },
            "{user_id}" => p.owner.to_string(),
            "{partner_id}" | "{organization_id}" => p.org.to_string(),
            s if s.starts_with('{') => "1".into(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn an_outsider_reaches_nothing_private_of_another_organisation() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let private = private_records(&app).await;
    let outsider = app.token_for("outsider@example.jp").await;
    let http = reqwest::Client::new();
    let own: Value = http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&outsider)
        .json(&json!({"kind": "company", "name": "外側株式会社", "municipality": "周南市"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(own["id"].is_i64(), "the outsider has an organisation of their own");
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    let mut refused: std::collections::BTreeMap<u16, usize> = std::collections::BTreeMap::new();
    // Refused on the empty body before access was decided: not a leak, but not access tested.
    let mut on_the_body = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let op = format!("{} {path}", method.to_uppercase());
            let Some(&(_, may)) = TABLE.iter().find(|(o, _)| *o == op) else {
                wrong.push(format!("{op}: not in the table; say what an outsider may do there"));
                continue;
            };
            seen.push(op.clone());
            if may == Skip {
                continue;
            }
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = http
                .request(m, app.url(&format!("/api/v1{}", concrete(path, &private))))
                .bearer_auth(&outsider)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = res.status();
            if may == Deny {
                *refused.entry(status.as_u16()).or_insert(0) += 1;
                if status == 400 {
                    on_the_body.push(op.clone());
                }
            }
            if status.is_server_error() || (may == Deny && status.is_success()) {
                wrong.push(format!("{op}: {status} ({may:?})"));
            }
        }
    }
    for (op, _) in TABLE {
        if !seen.iter().any(|s| s == op) {
            wrong.push(format!("{op}: in the table but not in the document"));
        }
    }
    assert!(seen.len() >= 100, "the document was read: {}", seen.len());
    eprintln!("outsider refused with: {refused:?}; on the body: {on_the_body:?}");
    let by_access = refused.get(&403).unwrap_or(&0) + refused.get(&404).unwrap_or(&0);
    assert!(by_access >= 60, "most refusals are access decisions: {refused:?}");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
