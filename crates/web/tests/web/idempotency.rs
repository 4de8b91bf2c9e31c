//! Retries never write twice: the API's Idempotency-Key, and page forms sent twice.

use kyodo_test_support::TestDb;
use serde_json::{Value, json};

use crate::common::{self, App};

fn listing(title: &str) -> Value {
    json!({"direction": "need", "resources": ["people"], "title": title, "description": "週末の見守り",
        "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"})
}

async fn titles(app: &App, org: i64) -> Vec<String> {
    let v: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{org}/listings")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = v
        .as_array()
        .cloned()
        .unwrap_or_else(|| v["items"].as_array().cloned().unwrap_or_default());
    items.iter().map(|l| l["title"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_api_retry_with_the_same_key_gets_the_first_answer_and_writes_once() {
    let app = App::spawn(TestDb::sqlite()).await;
    let token = app.token_for("retry@example.jp").await;
    let http = reqwest::Client::new();
    let post = |path: String, key: &'static str, body: Value| {
        let req = http
            .post(app.url(&format!("/api/v1{path}")))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    let org_body = json!({"kind": "npo_corporation", "name": "再送の会", "municipality": "山口市"});
    let first = post("/organizations".into(), "org-0001-abcdef", org_body.clone()).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = post("/organizations".into(), "org-0001-abcdef", org_body).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(
        again.json::<Value>().await.unwrap(),
        first,
        "the same answer, byte for byte"
    );
    let org = first["id"].as_i64().unwrap();

    let path = format!("/organizations/{org}/listings");
    for _ in 0..3 {
        assert_eq!(
            post(path.clone(), "listing-0001-xyz", listing("見守りの人"))
                .await
                .status(),
            201
        );
    }
    assert_eq!(titles(&app, org).await, vec!["見守りの人"], "three sends, one listing");

    let reused = post(path.clone(), "listing-0001-xyz", listing("別の募集")).await;
    assert_eq!(reused.status(), 422);
    assert_eq!(reused.json::<Value>().await.unwrap()["code"], "idempotency_key_reused");
    let bad = post(path.clone(), "short", listing("x")).await;
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.json::<Value>().await.unwrap()["code"], "idempotency_key_invalid");

    // Another person's identical key is theirs alone: no answer crosses over.
    let other = app.token_for("other@example.jp").await;
    let theirs = http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&other)
        .header("Idempotency-Key", "org-0001-abcdef")
        .json(&json!({"kind": "company", "name": "別の会社", "municipality": "周南市"}))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 201);
    assert!(theirs.headers().get("idempotent-replayed").is_none());
    // Without a key, each send is its own write.
    for _ in 0..2 {
        let res = http
            .post(app.url(&format!("/api/v1{path}")))
            .bearer_auth(&token)
            .json(&listing("鍵なし"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    assert_eq!(titles(&app, org).await.len(), 3);
}

#[tokio::test]
async fn a_page_form_sent_twice_writes_once() {
    let app = App::spawn(TestDb::sqlite()).await;
    let owner = app.user("form@example.jp").await;
    let org = app.create_org(&owner, "二度押しの会", "npo_corporation").await;
    let (_, html) = app
        .get_text(&owner, &format!("/organizations/{org}/listings/new"))
        .await;
    let csrf = common::extract_csrf(&html).unwrap();
    let key_at = html.find("name=\"form_key\" value=\"").unwrap() + "name=\"form_key\" value=\"".len();
    let form_key: String = html[key_at..].chars().take_while(|c| *c != '"').collect();
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("form_key", form_key.as_str()),
        ("direction", "need"),
        ("resources", "people"),
        ("title", "受付の手伝い"),
        ("description", "土曜の午前"),
        ("municipality", "山口市"),
        ("status", "open"),
    ];
    let url = app.url(&format!("/organizations/{org}/listings"));
    let first = owner.post(&url).form(&fields).send().await.unwrap();
    let second = owner.post(&url).form(&fields).send().await.unwrap();
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (303, 303));
    assert_eq!(
        first.headers()["location"],
        second.headers()["location"],
        "the same page again"
    );
    assert_eq!(
        titles(&app, org).await,
        vec!["受付の手伝い"],
        "a double click writes once"
    );
    // A fresh form (a new page) is a new listing.
    let (_, html) = app
        .get_text(&owner, &format!("/organizations/{org}/listings/new"))
        .await;
    let key_at = html.find("name=\"form_key\" value=\"").unwrap() + "name=\"form_key\" value=\"".len();
    let fresh: String = html[key_at..].chars().take_while(|c| *c != '"').collect();
    assert_ne!(fresh, form_key);
    let mut again = fields;
    again[1] = ("form_key", fresh.as_str());
    assert_eq!(owner.post(&url).form(&again).send().await.unwrap().status(), 303);
    assert_eq!(titles(&app, org).await.len(), 2);
}
