//! The API's access table for an anonymous caller, generated from the OpenAPI document as
//! served: every operation that declares a security requirement answers 401 to a caller without
//! credentials, and every public one answers without a server error. A new operation is in the
//! table the moment it is in the document.

use crate::common;

use common::App;

kyodo_test_support::on_both_backends! {
    async fn every_secured_operation_refuses_an_anonymous_caller(db) {
        let app = App::spawn(db).await;
        let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        let base = doc["servers"][0]["url"].as_str().unwrap().to_owned();
        let http = reqwest::Client::new();
        let (mut secured, mut public) = (0, 0);
        let mut wrong = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            // Any id will do: an anonymous caller must be refused before it is looked up.
            let concrete: String = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "1" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            for (method, op) in ops.as_object().unwrap() {
                let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let res = http
                    .request(m, app.url(&format!("{base}{concrete}")))
                    .header("content-type", "application/json")
                    .body("{}")
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let needs_login = op.get("security").and_then(|s| s.as_array()).is_some_and(|s| !s.is_empty());
                if needs_login {
                    secured += 1;
                    if status != 401 {
                        wrong.push(format!("{method} {path}: {status}, expected 401"));
                    }
                } else {
                    public += 1;
                    if status >= 500 {
                        wrong.push(format!("{method} {path}: {status}"));
                    }
                }
            }
        }
        assert!(secured > 80 && public > 5, "read the document: {secured} secured, {public} public");
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}

/// Every answer the API gives is one its document declares: each operation is called without
/// credentials, with a token but ids that do not exist, and with unreadable JSON, and the status
/// must be among the operation's declared responses (a short, exhaustive form of what
/// schemathesis checks at length).
#[tokio::test]
async fn every_status_the_api_answers_is_declared_in_its_document() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let token = app.token_for("declared@example.jp").await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let base = doc["servers"][0]["url"].as_str().unwrap().to_owned();
    let http = reqwest::Client::new();
    let mut undeclared = Vec::new();
    let mut calls = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let has_id = path.contains('{');
        let concrete: String = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "999999" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for (method, op) in ops.as_object().unwrap() {
            let declared: Vec<String> = op["responses"].as_object().unwrap().keys().cloned().collect();
            let json_body = op["requestBody"]["content"].get("application/json").is_some();
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut tries: Vec<(&str, Option<&str>, &str)> = vec![("anonymous", None, "{}")];
            if has_id {
                tries.push(("a token, ids nobody has", Some(token.as_str()), "{}"));
            }
            if json_body {
                tries.push(("a token, unreadable JSON", Some(token.as_str()), "{"));
            }
            for (who, bearer, body) in tries {
                let mut req = http
                    .request(m.clone(), app.url(&format!("{base}{concrete}")))
                    .header("content-type", "application/json")
                    .body(body.to_owned());
                if let Some(t) = bearer {
                    req = req.bearer_auth(t);
                }
                let status = req.send().await.unwrap().status().as_u16().to_string();
                calls += 1;
                if !declared.contains(&status) {
                    undeclared.push(format!("{method} {path} ({who}): {status}, declared {declared:?}"));
                }
            }
        }
    }
    assert!(calls > 150, "the document was read: {calls} calls");
    assert!(undeclared.is_empty(), "{undeclared:#?}");
}

#[tokio::test]
async fn the_document_lists_the_vocabularies_the_server_accepts() {
    use kyodo_domain::organization::OrgKind;
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    let kinds: Vec<&str> = schemas["NewOrganizationInput"]["properties"]["kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(kinds, OrgKind::ALL.map(OrgKind::as_str));
    let listing = &schemas["ListingInputJson"]["properties"];
    let towns = listing["municipality"]["enum"].as_array().unwrap();
    assert_eq!(towns.len(), 20, "Yamaguchi's 19 municipalities, or empty");
    assert!(towns.iter().any(|t| t == "下松市"));
    assert_eq!(listing["sdgs"]["items"]["maximum"], 17);
    assert_eq!(listing["direction"]["enum"], serde_json::json!(["need", "offer"]));
    // Every listing the document allows is one the server takes.
    let token = app.token_for("vocab@example.jp").await;
    let http = reqwest::Client::new();
    let org: serde_json::Value = http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"kind": kinds[6], "name": "語彙の会", "municipality": towns[19]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = org["id"].as_i64().unwrap();
    for resource in listing["resources"]["items"]["enum"].as_array().unwrap() {
        let body = serde_json::json!({"direction": "offer", "resources": [resource], "title": "語彙",
            "description": "", "municipality": "", "fields": [20], "sdgs": [1, 17], "status": ""});
        let res = http
            .post(app.url(&format!("/api/v1/organizations/{id}/listings")))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{resource}");
    }
}
