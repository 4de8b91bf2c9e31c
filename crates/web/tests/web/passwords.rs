//! Passwords after sign-up: changing one's own and resetting a forgotten one, on pages and API.

use kyodo_test_support::TestDb;
use serde_json::json;

use crate::common::App;

const OLD: &str = "correct horse battery";
const NEW: &str = "防府の海と白瓜の季節";

async fn logs_in(app: &App, email: &str, password: &str) -> bool {
    let c = app.browser();
    let token = app.csrf(&c, "/login").await;
    let res = c
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    res.status() == 303
}

async fn mail_to(app: &App, to: &str) -> Vec<kyodo_store::OutboxMail> {
    let all = app.store.unsent_mail(100).await.unwrap();
    // Sign-up confirmations are not what these tests look at.
    all.into_iter()
        .filter(|m| m.to_email == to && !m.body.contains("/signup/confirm/"))
        .collect()
}

#[tokio::test]
async fn a_password_is_changed_with_the_current_one_and_other_sessions_end() {
    let app = App::spawn(TestDb::sqlite()).await;
    let here = app.user("change@example.jp").await;
    let elsewhere = app.browser();
    let t = app.csrf(&elsewhere, "/login").await;
    elsewhere
        .post(app.url("/login"))
        .form(&[
            ("email", "change@example.jp"),
            ("password", OLD),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(app.get_text(&elsewhere, "/account").await.0, 200);
    let res = app
        .post_form(
            &here,
            "/account/password",
            &[("current_password", "not my password"), ("new_password", NEW)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("今のパスワードが正しくありません"));
    let res = app
        .post_form(
            &here,
            "/account/password",
            &[("current_password", OLD), ("new_password", "password1234")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text().await.unwrap().contains("よく使われるパスワード"),
        "a common password is refused"
    );
    let res = app
        .post_form(
            &here,
            "/account/password",
            &[("current_password", OLD), ("new_password", NEW)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.get_text(&here, "/account").await.0,
        200,
        "the session that changed it stays"
    );
    assert_eq!(app.get_text(&elsewhere, "/account").await.0, 303, "other sessions end");
    assert!(!logs_in(&app, "change@example.jp", OLD).await);
    assert!(logs_in(&app, "change@example.jp", NEW).await);
    let mail = mail_to(&app, "change@example.jp").await;
    assert!(
        mail.iter().any(|m| m.subject.contains("パスワードが変更されました")),
        "the person is told"
    );
    // A token may not change the password.
    let token = app.token_for("tok@example.jp").await;
    let res = reqwest::Client::new()
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": OLD, "new_password": NEW}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_single_use_mailed_link() {
    let app = App::spawn(TestDb::sqlite()).await;
    let _ = app.user("forgot@example.jp").await;
    let anonymous = app.browser();
    let ask = |email: &'static str| {
        let (app, c) = (&app, &anonymous);
        async move { app.post_form(c, "/password/forgot", &[("email", email)]).await }
    };
    // The same answer for an address that has no account: nobody learns who is registered.
    let unknown = ask("nobody@example.jp").await;
    assert_eq!(unknown.status(), 200);
    let unknown = unknown.text().await.unwrap().replace("nobody@example.jp", "ADDRESS");
    let known = ask("forgot@example.jp")
        .await
        .text()
        .await
        .unwrap()
        .replace("forgot@example.jp", "ADDRESS");
    let notice = |html: &str| {
        html.split("role=\"status\"")
            .nth(1)
            .unwrap()
            .split("</div>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(notice(&unknown), notice(&known));
    assert!(mail_to(&app, "nobody@example.jp").await.is_empty());
    let mail = mail_to(&app, "forgot@example.jp").await;
    assert_eq!(mail.len(), 1);
    let at = mail[0].body.find("/password/reset/").unwrap();
    let path: String = mail[0].body[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    assert_eq!(app.get_text(&anonymous, &path).await.0, 200);
    let res = app.post_form(&anonymous, &path, &[("password", "qwertyuiop")]).await;
    assert_eq!(res.status(), 422, "the new password follows the same rules");
    let res = app.post_form(&anonymous, &path, &[("password", NEW)]).await;
    assert_eq!(res.status(), 303);
    assert!(logs_in(&app, "forgot@example.jp", NEW).await);
    assert!(!logs_in(&app, "forgot@example.jp", OLD).await);
    // Single use: the link is gone now, on the page and through the API.
    let (status, page) = app.get_text(&anonymous, &path).await;
    assert_eq!(status, 404);
    assert!(page.contains("有効期限が切れたか、すでに使われています"));
    let token = path.trim_start_matches("/password/reset/");
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/password-resets/{token}")))
        .json(&json!({"password": "another long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // The API asks the same way, and answers 202 whoever the address belongs to.
    for email in ["forgot@example.jp", "nobody@example.jp"] {
        let res = reqwest::Client::new()
            .post(app.url("/api/v1/password-resets"))
            .json(&json!({"email": email}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
    }
}
