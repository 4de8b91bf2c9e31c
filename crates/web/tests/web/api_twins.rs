//! Every action a page offers has an API twin through the same operation: this test reads the
//! page routers' source, lists every state-changing route, and fails when one has no twin in the
//! OpenAPI document as served (or a written reason why it needs none). A new page form fails
//! here until its twin exists.

use crate::common;

use common::App;

/// Page route → its API twin (`METHOD /path` under `/api/v1`), or `-` and why it has none.
const TWINS: &[(&str, &str)] = &[
    (
        "/signup",
        "- a browser's account: API callers hold a token made by a signed-in person",
    ),
    (
        "/signup/confirm/{token}",
        "- confirms a browser's sign-up and starts its session, as /signup does",
    ),
    (
        "/login",
        "- starts a browser session; the API authenticates each call with a token",
    ),
    (
        "/logout",
        "- ends a browser session; a token is revoked with DELETE /me/tokens/{id}",
    ),
    ("/account/tokens", "POST /me/tokens"),
    ("/account/tokens/{id}/revoke", "DELETE /me/tokens/{id}"),
    ("/account/tokens/revoke-all", "DELETE /me/tokens"),
    ("/account/password", "PUT /me/password"),
    ("/password/forgot", "POST /password-resets"),
    ("/password/reset/{token}", "POST /password-resets/{token}"),
    ("/account/delete", "DELETE /me"),
    ("/organizations", "POST /organizations"),
    ("/organizations/{id}/edit", "PUT /organizations/{id}"),
    ("/organizations/{id}/records", "POST /organizations/{id}/records"),
    (
        "/organizations/{id}/records/{rid}/delete",
        "DELETE /organizations/{id}/records/{record_id}",
    ),
    ("/organizations/{id}/logo", "PUT /organizations/{id}/logo"),
    ("/organizations/{id}/logo/delete", "DELETE /organizations/{id}/logo"),
    ("/organizations/{id}/members", "POST /organizations/{id}/invitations"),
    (
        "/organizations/{id}/members/{uid}",
        "PATCH /organizations/{id}/members/{user_id}",
    ),
    (
        "/organizations/{id}/invitations/{iid}/revoke",
        "DELETE /organizations/{id}/invitations/{invitation_id}",
    ),
    ("/invitations/{token}", "POST /invitations/{token}/accept"),
    (
        "/organizations/{id}/verification",
        "POST /organizations/{id}/verification",
    ),
    ("/organizations/{id}/claim", "POST /organizations/{id}/claim"),
    ("/coordinator/claims/{cid}", "POST /coordinator/claims/{claim_id}"),
    ("/organizations/{id}/worksheet", "PUT /organizations/{id}/worksheet"),
    (
        "/organizations/{id}/partners/{pid}/notes",
        "PUT /organizations/{id}/partners/{partner_id}/notes",
    ),
    ("/organizations/{id}/listings", "POST /organizations/{id}/listings"),
    ("/listings/{lid}/edit", "PUT /listings/{id}"),
    ("/listings/{lid}/delete", "DELETE /listings/{id}"),
    ("/organizations/{id}/themes", "POST /organizations/{id}/themes"),
    ("/themes/{tid}", "PUT /themes/{id}"),
    ("/organizations/{id}/proposals", "POST /organizations/{id}/proposals"),
    ("/proposals/{pid}/edit", "PUT /proposals/{id}"),
    ("/admin/roles", "POST /admin/roles"),
    ("/admin/roles/{uid}/withdraw", "DELETE /admin/roles/{user_id}"),
    ("/proposals/{pid}/shares", "POST /proposals/{id}/shares"),
    (
        "/proposals/{pid}/shares/{oid}/revoke",
        "DELETE /proposals/{id}/shares/{organization_id}",
    ),
    ("/proposals/{pid}/comments", "POST /proposals/{id}/comments"),
    ("/proposals/{pid}/photos", "POST /proposals/{id}/photos"),
    (
        "/proposals/{pid}/photos/{fid}/delete",
        "DELETE /proposals/{id}/photos/{photo_id}",
    ),
    ("/proposals/{pid}/collaboration", "POST /proposals/{id}/collaboration"),
    ("/collaborations/{cid}/stage", "POST /collaborations/{id}/stage"),
    ("/collaborations/{cid}/contacts", "POST /collaborations/{id}/contacts"),
    (
        "/collaborations/{cid}/coordinators",
        "POST /collaborations/{id}/coordinators",
    ),
    (
        "/collaborations/{cid}/coordinator-invitations/{iid}/withdraw",
        "DELETE /collaborations/{id}/coordinator-invitations/{invitation_id}",
    ),
    (
        "/coordinator/invitations/{cid}",
        "POST /coordinator/invitations/{collaboration_id}",
    ),
    (
        "/collaborations/{cid}/coordinators/{uid}/remove",
        "DELETE /collaborations/{id}/coordinators/{user_id}",
    ),
    ("/collaborations/{cid}/agreement", "POST /collaborations/{id}/agreement"),
    (
        "/collaborations/{cid}/agreement/confirm",
        "POST /collaborations/{id}/agreement/confirmations",
    ),
    ("/collaborations/{cid}/meetings", "POST /collaborations/{id}/meetings"),
    (
        "/collaborations/{cid}/meetings/{mid}/minutes",
        "PUT /collaborations/{id}/meetings/{meeting_id}/minutes",
    ),
    (
        "/collaborations/{cid}/meetings/{mid}/approve",
        "POST /collaborations/{id}/meetings/{meeting_id}/approvals",
    ),
    (
        "/collaborations/{cid}/items/{iid}/done",
        "PATCH /collaborations/{id}/action-items/{item_id}",
    ),
    (
        "/collaborations/{cid}/indicators/{kid}/entries",
        "POST /collaborations/{id}/indicators/{indicator_id}/entries",
    ),
    ("/collaborations/{cid}/surveys", "POST /collaborations/{id}/surveys"),
    (
        "/collaborations/{cid}/surveys/{sid}/settings",
        "PUT /collaborations/{id}/surveys/{survey_id}/settings",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/questions",
        "POST /collaborations/{id}/surveys/{survey_id}/questions",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/questions/{key}",
        "PUT /collaborations/{id}/surveys/{survey_id}/questions/{key}",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/questions/{key}/remove",
        "DELETE /collaborations/{id}/surveys/{survey_id}/questions/{key}",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/questions/{key}/move",
        "POST /collaborations/{id}/surveys/{survey_id}/questions/{key}/move",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/open",
        "POST /collaborations/{id}/surveys/{survey_id}/open",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/close",
        "POST /collaborations/{id}/surveys/{survey_id}/close",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/answer",
        "POST /collaborations/{id}/surveys/{survey_id}/responses",
    ),
    ("/s/{token}", "POST /public-surveys/{token}/responses"),
    ("/r/{token}", "POST /survey-links/{token}/responses"),
    (
        "/collaborations/{cid}/evaluation/{milestone}",
        "PUT /collaborations/{id}/evaluations/{milestone}",
    ),
    (
        "/collaborations/{cid}/evaluation/{milestone}/next-cycle",
        "POST /collaborations/{id}/evaluations/{milestone}/next-cycle",
    ),
    (
        "/collaborations/{cid}/evaluation/{milestone}/assessment",
        "PUT /collaborations/{id}/evaluations/{milestone}/assessments/{organization_id}",
    ),
    (
        "/collaborations/{cid}/evaluation/{milestone}/report/sign-off",
        "POST /collaborations/{id}/evaluations/{milestone}/report/sign-offs",
    ),
    (
        "/collaborations/{cid}/evaluation/{milestone}/summary",
        "PUT /collaborations/{id}/evaluations/{milestone}/summary",
    ),
    (
        "/collaborations/{cid}/evaluation/{milestone}/summary/consent",
        "POST /collaborations/{id}/evaluations/{milestone}/summary/consents",
    ),
    ("/collaborations/{cid}/case", "PUT /collaborations/{id}/case-study"),
    (
        "/organizations/{id}/centre-requests",
        "POST /organizations/{id}/centre-requests",
    ),
    (
        "/centre-requests/{id}/replies",
        "POST /centre-requests/{request_id}/replies",
    ),
    (
        "/centre-requests/{id}/close",
        "POST /centre-requests/{request_id}/close",
    ),
    (
        "/collaborations/{cid}/case/approval",
        "POST /collaborations/{id}/case-study/approvals",
    ),
    ("/collaborations/{cid}/media", "POST /collaborations/{id}/media"),
    (
        "/collaborations/{cid}/media/{mid}/remove",
        "DELETE /collaborations/{id}/media/{media_id}",
    ),
    (
        "/collaborations/{cid}/media/clippings",
        "PUT /collaborations/{id}/media/{media_id}/clipping",
    ),
    (
        "/collaborations/{cid}/media/{mid}/clipping/remove",
        "DELETE /collaborations/{id}/media/{media_id}/clipping",
    ),
    ("/collaborations/{cid}/opinions", "POST /collaborations/{id}/opinions"),
    (
        "/collaborations/{cid}/opinions/requests",
        "POST /collaborations/{id}/opinion-requests",
    ),
    ("/o/{token}", "POST /opinion-links/{token}/opinion"),
    ("/collaborations/{cid}/outcomes", "POST /collaborations/{id}/outcomes"),
    (
        "/collaborations/{cid}/outcomes/{oid}/remove",
        "DELETE /collaborations/{id}/outcomes/{outcome_id}",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/invitations",
        "POST /collaborations/{id}/surveys/{survey_id}/invitations",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/reminders",
        "POST /collaborations/{id}/surveys/{survey_id}/reminders",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/follow-up",
        "POST /collaborations/{id}/surveys/{survey_id}/waves",
    ),
    (
        "/collaborations/{cid}/surveys/{sid}/invitations/first-wave",
        "POST /collaborations/{id}/surveys/{survey_id}/invitations/first-wave",
    ),
    ("/collaborations/{cid}/cycles", "POST /collaborations/{id}/cycles"),
    (
        "/collaborations/{cid}/cycles/{kid}",
        "PUT /collaborations/{id}/cycles/{cycle_id}",
    ),
    ("/notifications/read", "POST /me/notifications/read"),
    ("/notifications/settings", "PUT /me/notification-settings"),
];

kyodo_test_support::on_both_backends! {
    async fn every_state_changing_page_route_has_an_api_twin(db) {
        let app = App::spawn(db).await;
        let mut routes: Vec<String> = common::routes::page_routes()
            .into_iter()
            .filter(|(method, _)| method != "GET")
            .map(|(_, path)| path)
            .collect();
        routes.dedup();
        assert!(routes.len() > 40, "the reader found the page routes: {routes:?}");

        let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        let paths = doc["paths"].as_object().unwrap();
        let mut missing = Vec::new();
        for route in &routes {
            match TWINS.iter().find(|(page, _)| page == route) {
                None => missing.push(format!("{route}: no twin declared")),
                Some((_, twin)) if twin.starts_with("- ") => {}
                Some((_, twin)) => {
                    let (method, path) = twin.split_once(' ').unwrap();
                    let ok = paths.get(path).and_then(|p| p.get(method.to_lowercase())).is_some();
                    if !ok {
                        missing.push(format!("{route}: {twin} is not in the OpenAPI document"));
                    }
                }
            }
        }
        for (page, _) in TWINS {
            assert!(routes.iter().any(|r| r == page), "{page} is in the table but no page posts to it");
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }
}

/// Every schema in the OpenAPI document has a name of its own: two types with one name would
/// be one component, and the document would describe one of them wrongly.
#[test]
fn every_api_schema_name_is_unique() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut twice = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut rest = src.as_str();
        while let Some(i) = rest.find("ToSchema") {
            rest = &rest[i..];
            let Some(j) = rest.find("pub struct ").or_else(|| rest.find("pub enum ")) else {
                break;
            };
            let after = &rest[j..];
            let name: String = after
                .split_whitespace()
                .nth(2)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if let Some(other) = seen.insert(name.clone(), file.clone()) {
                twice.push(format!("{name}: {other} and {file}"));
            }
            rest = &after[1..];
        }
    }
    assert!(seen.len() > 50, "schemas were found: {}", seen.len());
    assert!(twice.is_empty(), "one name, two schemas: {twice:?}");
}
