//! Retries never write twice: the API's Idempotency-Key, and page forms sent twice.

use kyodo_test_support::TestDb;
use serde_json::{Value, json};

use crate::common::{self, App};

fn listing(title: &str) -> Value {
    json!({"direction": "need", "resources": ["people"], "title": title, "description": "週末の見守り",
        "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"})
}

/// The one-time key of the first form on a page.
fn form_key_of(html: &str) -> String {
    let field = "name=\"form_key\" value=\"";
    let at = html.find(field).unwrap() + field.len();
    html[at..].chars().take_while(|c| *c != '"').collect()
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
    let form_key = form_key_of(&html);
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
    let fresh = form_key_of(&html);
    assert_ne!(fresh, form_key);
    let mut again = fields;
    again[1] = ("form_key", fresh.as_str());
    assert_eq!(owner.post(&url).form(&again).send().await.unwrap().status(), 303);
    assert_eq!(titles(&app, org).await.len(), 2);
}

/// The hidden inputs of the first form on a page, in order (values unescaped).
fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let unescape = |s: &str| {
        s.replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#38;", "&")
    };
    html.split("<input type=\"hidden\" ")
        .skip(1)
        .filter_map(|tag| {
            let name = tag.split("name=\"").nth(1)?.split('"').next()?;
            let value = tag.split("value=\"").nth(1)?.split('"').next()?;
            Some((unescape(name), unescape(value)))
        })
        .collect()
}

#[tokio::test]
async fn a_form_that_fails_on_the_server_comes_back_with_everything_typed_and_can_be_sent_again() {
    use sqlx::Connection;
    let db = TestDb::sqlite();
    let url = db.url.clone();
    let app = App::spawn(db).await;
    let owner = app.user("kept@example.jp").await;
    let org = app.create_org(&owner, "入力を守る会", "npo_corporation").await;
    let (_, html) = app
        .get_text(&owner, &format!("/organizations/{org}/listings/new"))
        .await;
    let csrf = common::extract_csrf(&html).unwrap();
    let form_key = form_key_of(&html);
    let description = "土曜の午前、\n受付と「案内」をお願いします <改行も残る>";
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("form_key", form_key.as_str()),
        ("direction", "need"),
        ("resources", "people"),
        ("resources", "venue"),
        ("title", "受付の手伝い"),
        ("description", description),
        ("municipality", "山口市"),
        ("status", "open"),
    ];
    // The database refuses the write (as a damaged or missing table would).
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query("ALTER TABLE listings RENAME TO listings_away")
        .execute(&mut c)
        .await
        .unwrap();
    let res = owner
        .post(app.url(&format!("/organizations/{org}/listings")))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_server_error(),
        "a failed write is a 5xx: {}",
        res.status()
    );
    let kept = res.text().await.unwrap();
    assert!(kept.contains("保存できませんでした") && kept.contains("入力した内容は失われていません"));
    assert!(kept.contains("受付の手伝い"), "the title is on the page");
    assert!(
        kept.contains("受付と「案内」をお願いします &#60;改行も残る&#62;"),
        "the description is on the page, escaped"
    );
    assert!(kept.contains(&format!("action=\"/organizations/{org}/listings\"")));
    let again = hidden_inputs(&kept);
    let sent: Vec<(String, String)> = fields[1..]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let kept_fields: Vec<(String, String)> = again.iter().filter(|(k, _)| k != "csrf_token").cloned().collect();
    assert_eq!(
        kept_fields, sent,
        "every value typed, in order, the one-time key included"
    );
    // Once the database is back, the button sends it all again and it is saved once.
    sqlx::query("ALTER TABLE listings_away RENAME TO listings")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let res = owner
        .post(app.url(&format!("/organizations/{org}/listings")))
        .form(&again)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(titles(&app, org).await, vec!["受付の手伝い"]);
}
