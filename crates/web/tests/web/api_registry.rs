//! The registry's API: profile update and delete, listings CRUD and the board — and who may.

use crate::common;

use common::App;
use serde_json::{Value, json};

async fn org_for(app: &App, token: &str, name: &str) -> i64 {
    let c = reqwest::Client::new();
    let res = c
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(token)
        .json(&json!({"kind": "npo_corporation", "name": name, "municipality": "山口市"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn a_profile_is_replaced_through_the_api_and_its_disclosure_reported(db) {
        let app = App::spawn(db).await;
        let token = app.token_for("p@example.jp").await;
        let id = org_for(&app, &token, "API の会").await;
        let c = reqwest::Client::new();
        let body = json!({
            "kind": "npo_corporation", "name": "API の会", "municipality": "山口市", "mission": "m", "activities": "a",
            "fields": [1, "１３"], "sdgs": [3], "website": "https://example.jp", "founded": "平成16年3月", "members": "35",
            "strengths": ["ネットワーク"], "open_types": ["grant"], "representative": "代表 太郎", "public_contact": false
        });
        let res = c.put(app.url(&format!("/api/v1/organizations/{id}"))).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let o: Value = res.json().await.unwrap();
        assert_eq!((o["founded"].as_str(), o["members"].as_i64()), (Some("2004-03"), Some(35)));
        assert_eq!(o["fields"], json!([1, 13]));
        assert_eq!(o["disclosure"]["level"], 2);
        assert_eq!(o["disclosure"]["next_steps"][0], "協働実績を1件以上登録する");
        let public: Value = c.get(app.url(&format!("/api/v1/organizations/{id}"))).send().await.unwrap().json().await.unwrap();
        assert!(public["representative"].is_null() && public["disclosure"]["next_steps"] == json!([]));
        let bad = c.put(app.url(&format!("/api/v1/organizations/{id}"))).bearer_auth(&token).json(&json!({"kind": "npo_corporation", "name": "", "fields": [42]})).send().await.unwrap();
        assert_eq!(bad.status(), 422);
        let b: Value = bad.json().await.unwrap();
        let fields: Vec<&str> = b["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["name", "fields"]);
    }

    async fn outsiders_cannot_change_or_delete_an_organisation(db) {
        let app = App::spawn(db).await;
        let owner = app.token_for("o@example.jp").await;
        let outsider = app.token_for("x@example.jp").await;
        let id = org_for(&app, &owner, "守られた会").await;
        let c = reqwest::Client::new();
        let url = app.url(&format!("/api/v1/organizations/{id}"));
        let put = c.put(&url).bearer_auth(&outsider).json(&json!({"kind": "company", "name": "乗っ取り"})).send().await.unwrap();
        assert_eq!(put.status(), 403);
        assert_eq!(c.delete(&url).bearer_auth(&outsider).send().await.unwrap().status(), 403);
        assert_eq!(c.delete(&url).send().await.unwrap().status(), 401);
        let o: Value = c.get(&url).send().await.unwrap().json().await.unwrap();
        assert_eq!(o["name"], "守られた会");
        assert_eq!(c.delete(&url).bearer_auth(&owner).send().await.unwrap().status(), 204);
        assert_eq!(c.get(&url).send().await.unwrap().status(), 404);
    }

    async fn listings_through_the_api(db) {
        let app = App::spawn(db).await;
        let owner = app.token_for("l@example.jp").await;
        let outsider = app.token_for("y@example.jp").await;
        let id = org_for(&app, &owner, "募集の会").await;
        let c = reqwest::Client::new();
        let res = c.post(app.url(&format!("/api/v1/organizations/{id}/listings"))).bearer_auth(&owner)
            .json(&json!({"direction": "offer", "resources": ["venue", "people"], "title": "会議室と講師", "fields": [2]})).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let l: Value = res.json().await.unwrap();
        let lid = l["id"].as_i64().unwrap();
        assert_eq!(l["resources"], json!(["venue", "people"]));
        let board: Value = c.get(app.url("/api/v1/listings?direction=offer&resource=venue&field=２")).send().await.unwrap().json().await.unwrap();
        assert_eq!(board["total"], 1);
        assert_eq!(board["items"][0]["organization"]["name"], "募集の会");
        let bad: Value = c.get(app.url("/api/v1/listings?direction=sideways&resource=money&sdg=18")).send().await.unwrap().json().await.unwrap();
        assert_eq!(bad["errors"].as_array().unwrap().len(), 3);
        let url = app.url(&format!("/api/v1/listings/{lid}"));
        let closed = json!({"direction": "offer", "resources": ["venue"], "title": "会議室", "status": "closed"});
        assert_eq!(c.put(&url).bearer_auth(&outsider).json(&closed).send().await.unwrap().status(), 403);
        assert_eq!(c.put(&url).bearer_auth(&owner).json(&closed).send().await.unwrap().status(), 200);
        assert_eq!(c.get(&url).send().await.unwrap().status(), 404, "a closed listing is not public");
        assert_eq!(c.get(&url).bearer_auth(&owner).send().await.unwrap().status(), 200, "but its organisation sees it");
        let own: Value = c.get(app.url(&format!("/api/v1/organizations/{id}/listings"))).bearer_auth(&owner).send().await.unwrap().json().await.unwrap();
        assert_eq!(own.as_array().unwrap().len(), 1);
        let public: Value = c.get(app.url(&format!("/api/v1/organizations/{id}/listings"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(public.as_array().unwrap().len(), 0);
        assert_eq!(c.delete(&url).bearer_auth(&outsider).send().await.unwrap().status(), 404, "an outsider cannot even see it");
        assert_eq!(c.delete(&url).bearer_auth(&owner).send().await.unwrap().status(), 204);
        let foreign = c.post(app.url(&format!("/api/v1/organizations/{id}/listings"))).bearer_auth(&outsider)
            .json(&json!({"direction": "need", "resources": ["funds"], "title": "他人の名前で"})).send().await.unwrap();
        assert_eq!(foreign.status(), 403, "an outsider cannot post for another organisation");
        let anonymous = c.post(app.url(&format!("/api/v1/organizations/{id}/listings"))).json(&json!({})).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        let empty = c.post(app.url(&format!("/api/v1/organizations/{id}/listings"))).bearer_auth(&owner).json(&json!({})).send().await.unwrap();
        assert_eq!(empty.status(), 422);
    }
}
