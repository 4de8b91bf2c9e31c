//! The JSON API: tokens, problem+json errors, organisations, catalog, OpenAPI, and access.

use crate::common;

use common::App;
use kyodo_domain::interchange;
use serde_json::{Value, json};

const GUIDE_CASES: &str = include_str!("../../../../demo/guide-cases.jsonl");

async fn problem(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "status {status}"
    );
    (status, res.json().await.unwrap())
}

kyodo_test_support::on_both_backends! {
    async fn a_bearer_token_identifies_its_user_until_revoked(db) {
        let app = App::spawn(db).await;
        let token = app.token_for("api@example.jp").await;
        let c = reqwest::Client::new();
        let me: Value = c.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], "api@example.jp");
        assert_eq!(me["role"], "user");
        let list: Value = c.get(app.url("/api/v1/me/tokens")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let id = list[0]["id"].as_i64().unwrap();
        assert!(list[0].get("token").is_none(), "secrets are never listed");
        let res = c.delete(app.url(&format!("/api/v1/me/tokens/{id}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 204);
        let (status, body) = problem(c.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap()).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    }

    async fn tokens_created_through_the_api_are_shown_once(db) {
        let app = App::spawn(db).await;
        let browser = app.user("api2@example.jp").await;
        let csrf = app.csrf(&browser, "/account").await;
        let mint = |body: Value| browser.post(app.url("/api/v1/me/tokens")).header("x-csrf-token", &csrf).json(&body).send();
        let res = mint(json!({"name": "同期スクリプト", "expires_in_days": 30})).await.unwrap();
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        let read = body["token"].as_str().unwrap().to_owned();
        assert!(read.starts_with("kyd_"));
        assert_eq!(body["scope"], "read", "read-only unless asked otherwise");
        assert!(body["expires_at"].as_str().is_some(), "every new token expires");
        let c = reqwest::Client::new();
        let me: Value = c.get(app.url("/api/v1/me")).bearer_auth(&read).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], "api2@example.jp");
        let (status, body) = problem(c.post(app.url("/api/v1/organizations")).bearer_auth(&read)
            .json(&json!({"kind": "company", "name": "株式会社よみとり", "municipality": "周南市"})).send().await.unwrap()).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("insufficient_scope")), "a read token does not write");
        // A token cannot mint tokens: a leaked one cannot outlive its revocation.
        let write: Value = mint(json!({"name": "書き込み", "scope": "write"})).await.unwrap().json().await.unwrap();
        let write = write["token"].as_str().unwrap().to_owned();
        let (status, body) = problem(c.post(app.url("/api/v1/me/tokens")).bearer_auth(&write).json(&json!({"name": "子"})).send().await.unwrap()).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("token_cannot_mint")));
        let (status, body) = problem(mint(json!({"name": "  "})).await.unwrap()).await;
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "name");
        let (status, body) = problem(mint(json!({"name": "長すぎる", "expires_in_days": 400})).await.unwrap()).await;
        assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("expires_in_days")));
        // Revoking them all (a lost laptop) ends both.
        let res = c.delete(app.url("/api/v1/me/tokens")).bearer_auth(&write).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap()["revoked"], 2);
        for t in [&read, &write] {
            assert_eq!(c.get(app.url("/api/v1/me")).bearer_auth(t).send().await.unwrap().status(), 401);
        }
    }

    async fn creating_an_organisation_through_the_api(db) {
        let app = App::spawn(db).await;
        let token = app.token_for("corp@example.jp").await;
        let c = reqwest::Client::new();
        let res = c.post(app.url("/api/v1/organizations")).bearer_auth(&token)
            .json(&json!({"kind": "company", "name": "株式会社しゅうなん", "municipality": "周南市", "website": "https://example.jp"}))
            .send().await.unwrap();
        assert_eq!(res.status(), 201);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let org: Value = res.json().await.unwrap();
        assert_eq!((org["kind"].as_str(), org["municipality"].as_str()), (Some("company"), Some("周南市")));
        let again: Value = c.get(app.url(&location)).send().await.unwrap().json().await.unwrap();
        assert_eq!(again["name"], "株式会社しゅうなん");
        let me: Value = c.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["memberships"][0]["role"], "owner");
    }

    async fn bad_api_input_gets_problem_json_and_writes_nothing(db) {
        let app = App::spawn(db).await;
        let token = app.token_for("bad@example.jp").await;
        let c = reqwest::Client::new();
        let url = app.url("/api/v1/organizations");
        let (s, b) = problem(c.post(&url).bearer_auth(&token).json(&json!({"kind": "club", "name": "", "municipality": "広島市"})).send().await.unwrap()).await;
        assert_eq!((s, b["code"].as_str()), (422, Some("invalid_input")));
        let fields: Vec<&str> = b["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["kind", "name", "municipality"]);
        assert!(b["errors"][2]["message"].as_str().unwrap().contains("山口県の市町ではありません"));
        let (s, b) = problem(c.post(&url).bearer_auth(&token).header("content-type", "application/json").body("{not json").send().await.unwrap()).await;
        assert_eq!((s, b["code"].as_str()), (400, Some("invalid_json")));
        let (s, _) = problem(c.post(&url).bearer_auth(&token).body("kind=company").send().await.unwrap()).await;
        assert_eq!(s, 400);
        let (s, b) = problem(c.post(&url).bearer_auth(&token).json(&json!({"kind": "company", "name": "x".repeat(101)})).send().await.unwrap()).await;
        assert_eq!((s, b["errors"][0]["code"].as_str()), (422, Some("too_long")));
        let huge = json!({"kind": "company", "name": "x".repeat(300_000)});
        let (s, b) = problem(c.post(&url).bearer_auth(&token).json(&huge).send().await.unwrap()).await;
        assert_eq!((s, b["code"].as_str()), (413, Some("body_too_large")));
        let (_, total) = app.store.organizations(&Default::default(), 10, 0).await.unwrap();
        assert_eq!(total, 0);
    }

    async fn list_filters_and_pagination_with_lenient_numbers(db) {
        let app = App::spawn(db).await;
        app.store.import(&interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        let c = reqwest::Client::new();
        let all: Value = c.get(app.url("/api/v1/organizations?per_page=２&page=１")).send().await.unwrap().json().await.unwrap();
        assert_eq!((all["total"].as_i64(), all["items"].as_array().unwrap().len(), all["per_page"].as_i64()), (Some(6), 2, Some(2)));
        let companies: Value = c.get(app.url("/api/v1/organizations?kind=company")).send().await.unwrap().json().await.unwrap();
        assert_eq!(companies["total"], 3);
        let found: Value = c.get(app.url("/api/v1/organizations?external_id=case3-marukyu")).send().await.unwrap().json().await.unwrap();
        assert_eq!(found["items"][0]["name"], "株式会社丸久");
        let (s, b) = problem(c.get(app.url("/api/v1/organizations?page=0&kind=club&municipality=広島市")).send().await.unwrap()).await;
        assert_eq!(s, 422);
        assert_eq!(b["errors"].as_array().unwrap().len(), 3);
        let (s, _) = problem(c.get(app.url("/api/v1/organizations/abc")).send().await.unwrap()).await;
        assert_eq!(s, 404);
    }

    async fn contact_persons_are_shown_only_with_consent_or_to_members(db) {
        let app = App::spawn(db).await;
        let line = r#"{"type":"organization","external_id":"p1","kind":"npo_corporation","name":"秘密の会","representative":"山口 太郎","email":"taro@example.jp","phone":"083-000-0000"}"#;
        app.store.import(&interchange::parse(line).unwrap(), 1).await.unwrap().unwrap();
        let c = reqwest::Client::new();
        let found: Value = c.get(app.url("/api/v1/organizations?external_id=p1")).send().await.unwrap().json().await.unwrap();
        let id = found["items"][0]["id"].as_i64().unwrap();
        let public: Value = c.get(app.url(&format!("/api/v1/organizations/{id}"))).send().await.unwrap().json().await.unwrap();
        assert!(public["representative"].is_null() && public["email"].is_null() && public["phone"].is_null());
        let outsider = app.token_for("outsider@example.jp").await;
        let seen: Value = c.get(app.url(&format!("/api/v1/organizations/{id}"))).bearer_auth(&outsider).send().await.unwrap().json().await.unwrap();
        assert!(seen["representative"].is_null(), "a user of another organisation does not see it either");
        let page = app.browser().get(app.url(&format!("/organizations/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("山口 太郎") && !page.contains("taro@example.jp"));
        let consent = r#"{"type":"organization","external_id":"p1","kind":"npo_corporation","name":"秘密の会","representative":"山口 太郎","public_contact":true}"#;
        app.store.import(&interchange::parse(consent).unwrap(), 2).await.unwrap().unwrap();
        let public: Value = c.get(app.url(&format!("/api/v1/organizations/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(public["representative"], "山口 太郎");
    }

    async fn a_browser_session_may_use_the_api_but_must_send_the_csrf_header(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        app.sign_up(&c, "web@example.jp").await;
        let me: Value = c.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], "web@example.jp");
        let body = json!({"kind": "university", "name": "山口の大学"});
        let (s, b) = problem(c.post(app.url("/api/v1/organizations")).json(&body).send().await.unwrap()).await;
        assert_eq!((s, b["code"].as_str()), (403, Some("csrf")));
        let html = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        let token = common::extract_csrf(&html).unwrap();
        let res = c.post(app.url("/api/v1/organizations")).header("x-csrf-token", token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201);
    }

    async fn the_catalog_answers_the_support_centre_question(db) {
        let app = App::spawn(db).await;
        let c = reqwest::Client::new();
        let a: Value = c.get(app.url("/api/v1/catalog/support-center?municipality=下松市")).send().await.unwrap().json().await.unwrap();
        assert_eq!((a["own"].as_bool(), a["center"]["municipality"].as_str()), (Some(false), Some("周南市")));
        assert_eq!(a["prefectural_center"], "山口県県民活動支援センター");
        let types: Value = c.get(app.url("/api/v1/catalog/collaboration-types")).send().await.unwrap().json().await.unwrap();
        assert_eq!(types.as_array().unwrap().len(), 6);
        let munis: Value = c.get(app.url("/api/v1/catalog/municipalities")).send().await.unwrap().json().await.unwrap();
        assert_eq!(munis.as_array().unwrap().iter().filter(|m| m["has_support_center"] == true).count(), 10);
        let (s, _) = problem(c.get(app.url("/api/v1/catalog/support-center?municipality=広島市")).send().await.unwrap()).await;
        assert_eq!(s, 422);
    }
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_the_routes() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/me",
        "/me/tokens",
        "/me/tokens/{id}",
        "/organizations",
        "/organizations/{id}",
        "/catalog/support-center",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());
    let ui = reqwest::get(app.url("/api/v1/docs/")).await.unwrap();
    assert_eq!(ui.status(), 200);
    assert!(
        ui.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

/// Every route, as an outsider sees it: what is public answers, what is not is refused.
#[tokio::test]
async fn every_route_refuses_or_admits_an_anonymous_caller_as_it_should() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let c = app.browser();
    let _ = app.csrf(&c, "/login").await;
    let html = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    let token = common::extract_csrf(&html).unwrap();
    // (method, path, expected status for an anonymous browser with a valid CSRF token)
    let table: &[(&str, &str, u16)] = &[
        ("GET", "/", 200),
        ("GET", "/guide", 200),
        ("GET", "/guide/merits", 200),
        ("GET", "/guide/types", 200),
        ("GET", "/guide/roles", 200),
        ("GET", "/guide/actions", 200),
        ("GET", "/guide/collective-impact", 200),
        ("GET", "/guide/survey", 200),
        ("GET", "/guide/centers", 200),
        ("GET", "/signup", 200),
        ("GET", "/login", 200),
        ("GET", "/organizations", 200),
        ("GET", "/organizations/1", 404),
        ("GET", "/healthz", 200),
        ("GET", "/readyz", 200),
        ("GET", "/account", 303),
        ("GET", "/organizations/new", 303),
        ("POST", "/organizations", 303),
        ("POST", "/account/tokens", 303),
        ("POST", "/account/tokens/1/revoke", 303),
        ("POST", "/logout", 303),
        ("GET", "/api/v1/me", 401),
        ("GET", "/api/v1/me/tokens", 401),
        ("POST", "/api/v1/me/tokens", 401),
        ("DELETE", "/api/v1/me/tokens/1", 401),
        ("DELETE", "/api/v1/me/tokens", 401),
        ("POST", "/api/v1/organizations", 401),
        ("GET", "/api/v1/organizations", 200),
        ("GET", "/api/v1/catalog/collaboration-types", 200),
        ("GET", "/api/v1/catalog/municipalities", 200),
        ("GET", "/api/v1/openapi.json", 200),
        // Planning and proposals: public reference pages, everything else needs an account.
        ("GET", "/guide/cases", 200),
        ("GET", "/guide/types/advisor", 200),
        ("GET", "/plan", 200),
        ("GET", "/organizations/1/proposals", 303),
        ("GET", "/organizations/1/proposals/new", 303),
        ("POST", "/organizations/1/proposals", 303),
        ("GET", "/organizations/1/themes", 303),
        ("POST", "/organizations/1/themes", 303),
        ("GET", "/themes/1", 303),
        ("POST", "/themes/1", 303),
        ("GET", "/themes/1/matches", 404),
        ("GET", "/proposals/1", 303),
        ("GET", "/proposals/1/edit", 303),
        ("POST", "/proposals/1/edit", 303),
        ("GET", "/proposals/1/print", 303),
        ("GET", "/proposals/1/compare", 303),
        ("POST", "/proposals/1/shares", 303),
        ("POST", "/proposals/1/shares/2/revoke", 303),
        ("POST", "/proposals/1/comments", 303),
        ("GET", "/proposals/1/export.pdf", 303),
        ("GET", "/proposals/1/export.docx", 303),
        ("GET", "/proposals/1/export.xlsx", 303),
        ("GET", "/proposals/1/photos/1", 404),
        ("POST", "/proposals/1/photos/1/delete", 303),
        ("GET", "/api/v1/organizations/1/proposals", 401),
        ("POST", "/api/v1/organizations/1/proposals", 401),
        ("GET", "/api/v1/proposals/1", 401),
        ("GET", "/api/v1/proposals/1/versions", 401),
        ("GET", "/api/v1/proposals/1/versions/1", 401),
        ("GET", "/api/v1/proposals/1/review", 401),
        ("POST", "/api/v1/proposals/1/shares", 401),
        ("DELETE", "/api/v1/proposals/1/shares/2", 401),
        ("GET", "/api/v1/proposals/1/comments", 401),
        ("POST", "/api/v1/proposals/1/comments", 401),
        ("GET", "/api/v1/proposals/1/export.pdf", 401),
        ("GET", "/api/v1/organizations/1/themes", 401),
        ("POST", "/api/v1/organizations/1/themes", 401),
        ("GET", "/api/v1/themes/1", 401),
        ("GET", "/api/v1/collaboration-types/advice", 200),
        ("POST", "/proposals/1/collaboration", 303),
        ("GET", "/organizations/1/collaborations", 303),
        ("GET", "/collaborations/1", 303),
        ("POST", "/collaborations/1/stage", 303),
        ("POST", "/collaborations/1/contacts", 303),
        ("GET", "/collaborations/1/agreement", 303),
        ("POST", "/collaborations/1/agreement", 303),
        ("POST", "/collaborations/1/agreement/confirm", 303),
        ("GET", "/collaborations/1/workspace", 303),
        ("POST", "/collaborations/1/meetings", 303),
        ("GET", "/collaborations/1/meetings.ics", 404),
        ("POST", "/collaborations/1/meetings/1/minutes", 303),
        ("POST", "/collaborations/1/meetings/1/approve", 303),
        ("POST", "/collaborations/1/items/1/done", 303),
        ("POST", "/collaborations/1/indicators/1/entries", 303),
        ("GET", "/collaborations/1/indicators/1/chart.svg", 404),
        ("POST", "/collaborations/1/cycles", 303),
        ("POST", "/collaborations/1/cycles/1", 303),
        ("GET", "/organizations/1/action-items", 303),
        ("GET", "/collaborations/1/introduction", 303),
        ("GET", "/notifications", 303),
        ("POST", "/collaborations/1/coordinators", 303),
        ("POST", "/collaborations/1/coordinators/1/remove", 303),
        ("POST", "/notifications/read", 303),
        ("POST", "/notifications/settings", 303),
        ("GET", "/collaborations/1/introduction.pdf", 404),
        ("GET", "/collaborations/1/agreement.pdf", 404),
    ];
    for (method, path, expected) in table {
        let req = match *method {
            "GET" => c.get(app.url(path)),
            "POST" if path.starts_with("/api/") => {
                c.post(app.url(path)).header("x-csrf-token", &token).json(&json!({}))
            }
            "POST" => c.post(app.url(path)).form(&[("csrf_token", token.as_str())]),
            "DELETE" => c.delete(app.url(path)).header("x-csrf-token", &token),
            _ => unreachable!(),
        };
        let status = req.send().await.unwrap().status().as_u16();
        assert_eq!(status, *expected, "{method} {path}");
        if *method == "GET" && *expected == 303 {
            // Redirects for pages that need a login go to the login page, never to content.
            let res = c.get(app.url(path)).send().await.unwrap();
            assert!(
                res.headers()["location"].to_str().unwrap().starts_with("/login"),
                "{path}"
            );
        }
    }
}

/// Sends a chunked POST (no Content-Length) over a raw socket and returns the status code.
async fn chunked_post(app: &App, path: &str, content_type: &str, extra: &str, body: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n{extra}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(16 * 1024) {
        s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.unwrap();
        s.write_all(chunk).await.unwrap();
        s.write_all(b"\r\n").await.unwrap();
    }
    let _ = s.write_all(b"0\r\n\r\n").await;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf).await;
    let text = String::from_utf8_lossy(&buf);
    text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn oversized_bodies_without_a_length_are_refused_with_413() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let token = app.token_for("chunk@example.jp").await;
    let big = format!("{{\"kind\":\"company\",\"name\":\"{}\"}}", "x".repeat(400_000));
    let auth = format!("Authorization: Bearer {token}\r\n");
    assert_eq!(
        chunked_post(&app, "/api/v1/organizations", "application/json", &auth, big.as_bytes()).await,
        413
    );
    let c = app.browser();
    let csrf = app.csrf(&c, "/login").await;
    let form = format!("csrf_token={csrf}&email={}", "a".repeat(400_000));
    // The CSRF cookie of this browser is needed for the form to be read at all.
    let cookie = format!("Cookie: kyodo_csrf={}\r\n", "x".repeat(43));
    assert_eq!(
        chunked_post(
            &app,
            "/login",
            "application/x-www-form-urlencoded",
            &cookie,
            form.as_bytes()
        )
        .await,
        413
    );
    let (_, total) = app.store.organizations(&Default::default(), 10, 0).await.unwrap();
    assert_eq!(total, 0);
}
