//! The browser-facing pages: guide content, sign-up, login, organisations, CSRF, headers.

use crate::common;

use common::App;
use kyodo_domain::catalog::catalog;

kyodo_test_support::on_both_backends! {
    async fn the_guide_pages_show_the_guides_content(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        let index = c.get(app.url("/guide")).send().await.unwrap().text().await.unwrap();
        assert!(index.contains("<html lang=\"ja\">"));
        assert!(index.contains(&catalog().definition.text));
        for p in ["対等な関係", "相互理解", "相互自立", "目的の共有", "情報の公開"] {
            assert!(index.contains(p), "{p}");
        }
        let types = c.get(app.url("/guide/types")).send().await.unwrap().text().await.unwrap();
        for t in &catalog().collaboration_types {
            assert!(types.contains(&t.name) && types.contains(&t.cautions), "{}", t.name);
        }
        let roles = c.get(app.url("/guide/roles")).send().await.unwrap().text().await.unwrap();
        assert!(roles.contains("発注先の選択肢として県民活動団体を検討") && roles.contains("地域住民の窓口"));
        let ci = c.get(app.url("/guide/collective-impact")).send().await.unwrap().text().await.unwrap();
        assert_eq!(ci.matches("class=\"card\"").count(), 5);
        let survey = c.get(app.url("/guide/survey")).send().await.unwrap().text().await.unwrap();
        assert!(survey.contains("36.3") && survey.contains("団体の社会的認知度向上") && survey.contains("44.7"));
        let actions = c.get(app.url("/guide/actions")).send().await.unwrap().text().await.unwrap();
        assert!(actions.contains("協働メンバーアンケート"));
    }

    async fn choosing_kudamatsu_shows_the_prefectural_and_the_nearest_centre(db) {
        let app = App::spawn(db).await;
        let html = app.browser().get(app.url("/guide/centers?municipality=下松市")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("下松市の支援センター"));
        assert!(html.contains("山口県県民活動支援センター"));
        assert!(html.contains("周南市市民活動支援センター"));
        let own = app.browser().get(app.url("/guide/centers?municipality=山口市")).send().await.unwrap().text().await.unwrap();
        assert!(own.contains("さぽらんて") && !own.contains("最寄り"));
        let bad = app.browser().get(app.url("/guide/centers?municipality=広島市")).send().await.unwrap();
        assert_eq!(bad.status(), 200);
        assert!(bad.text().await.unwrap().contains("山口県の市町ではありません"));
    }

    async fn a_profile_shows_its_open_needs_and_offers(db) {
        let app = App::spawn(db).await;
        let cases = include_str!("../../../../demo/guide-cases.jsonl");
        app.store.import(&kyodo_domain::interchange::parse(cases).unwrap(), 1).await.unwrap().unwrap();
        let filter = kyodo_store::OrganizationFilter { external_id: Some("case1-mikawa".into()), ..Default::default() };
        let (found, _) = app.store.organizations(&filter, 1, 0).await.unwrap();
        let html = app.browser().get(app.url(&format!("/organizations/{}", found[0].id))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("奈良漬の原料となる白瓜を安定して確保したい"));
        assert!(html.contains("県産白瓜の買取"));
        assert!(html.contains("発注・取引・買取"), "resource codes are shown by their Japanese names");
    }

    async fn sign_up_log_out_and_log_in_again(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        app.sign_up(&c, "hanako@example.jp").await;
        let account = c.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(account.contains("hanako@example.jp") && account.contains("山口 花子 さん"));
        assert!(account.contains("<details id=\"tokens\" class=\"advanced\">"), "API tokens wait, folded, under 上級者向け");
        let old_session = c.get(app.url("/account")).send().await.unwrap();
        assert_eq!(old_session.status(), 200);
        let res = app.post_form(&c, "/logout", &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(c.get(app.url("/account")).send().await.unwrap().status(), 303, "logged out");
        let res = app.post_form(&c, "/login", &[("email", "HANAKO@example.jp"), ("password", "correct horse battery"), ("next", "/organizations")]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/organizations");
        assert_eq!(c.get(app.url("/account")).send().await.unwrap().status(), 200);
    }

    async fn a_logged_out_session_cookie_no_longer_works(db) {
        let app = App::spawn(db).await;
        app.sign_up(&app.browser(), "a@example.jp").await;
        let c = app.browser();
        let cookie = log_in_and_read_session_cookie(&app, &c).await;
        assert_eq!(c.get(app.url("/account")).send().await.unwrap().status(), 200);
        app.post_form(&c, "/logout", &[]).await;
        // Replaying the old cookie from elsewhere must not work: the session is gone server-side.
        let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let res = replay.get(app.url("/account")).header("cookie", format!("kyodo_session={cookie}")).send().await.unwrap();
        assert_eq!(res.status(), 303);
    }

    async fn sign_up_errors_are_japanese_beside_the_field_and_keep_the_input(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        let long_name = "あ".repeat(51);
        let res = app.post_form(&c, "/signup", &[("email", "not-an-email"), ("display_name", &long_name), ("password", "short")]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("メールアドレスの形式が正しくありません"));
        assert!(html.contains("表示名は50文字以内で入力してください"));
        assert!(html.contains("パスワードは10文字以上にしてください"));
        assert!(html.contains("value=\"not-an-email\""), "typed e-mail kept");
        assert!(html.contains(&long_name), "typed name kept");
        assert!(html.contains("aria-invalid=\"true\""));
        let empty = app.post_form(&c, "/signup", &[("email", ""), ("display_name", ""), ("password", "")]).await;
        assert!(empty.text().await.unwrap().contains("メールアドレスを入力してください"));
        let email = kyodo_domain::account::Email::parse("e", "not-an-email@example.jp").unwrap();
        assert!(app.store.user_by_email(&email).await.unwrap().is_none());
    }

    async fn where_mail_is_delivered_sign_up_answers_the_same_for_a_registered_address(db) {
        let app = App::spawn(db).await;
        app.sign_up(&app.browser(), "dup@example.jp").await;
        let sign_up = |email: &'static str| {
            let app = &app;
            async move {
                let form = [("email", email), ("display_name", "別人"), ("password", "another long password")];
                let res = app.post_form(&app.browser(), "/signup", &form).await;
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let notice = |html: &str| html.split("role=\"status\"").nth(1).unwrap().split("</div>").next().unwrap().to_owned();
        let (taken_status, taken) = sign_up("ＤＵＰ@example.jp").await;
        let (new_status, new) = sign_up("new@example.jp").await;
        assert_eq!((taken_status, new_status), (200, 200));
        assert_eq!(
            notice(&taken).replace("ＤＵＰ@example.jp", "ADDRESS"),
            notice(&new).replace("new@example.jp", "ADDRESS"),
            "nobody learns from the form who is registered"
        );
        assert!(!taken.contains("既に登録"));
        // The owner is told instead, and may log in or reset; the new address gets its link.
        let owner_mail = app.link_in_mail("dup@example.jp", "/password/forgot").await;
        assert_eq!(owner_mail, "/password/forgot");
        let link = app.link_in_mail("new@example.jp", "/signup/confirm/").await;
        // Nothing exists until the link is used, and opening it only shows a button.
        let new_email = kyodo_domain::account::Email::parse("e", "new@example.jp").unwrap();
        let c = app.browser();
        let (status, page) = app.get_text(&c, &link).await;
        assert_eq!(status, 200);
        assert!(page.contains("new@example.jp") && page.contains("登録を完了する"));
        assert!(app.store.user_by_email(&new_email).await.unwrap().is_none());
        let res = app.post_form(&c, &link, &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/account?welcome=1");
        let account = c.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(account.contains("new@example.jp") && account.contains("別人 さん"));
        // The link is single use.
        let (status, page) = app.get_text(&app.browser(), &link).await;
        assert_eq!(status, 404);
        assert!(page.contains("有効期限が切れたか、すでに使われています"));
        assert_eq!(app.post_form(&app.browser(), &link, &[]).await.status(), 404);
        // One address gets only a few sign-up mails an hour, whoever asks.
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(sign_up("flood@example.jp").await.0);
        }
        assert_eq!(statuses, [200, 200, 200, 429]);
    }

    async fn without_mail_a_sign_up_is_immediate_and_a_duplicate_is_refused_with_a_message(db) {
        let app = App::spawn_with(db, kyodo_web::WebConfig::default()).await;
        app.sign_up(&app.browser(), "dup@example.jp").await;
        let res = app.post_form(&app.browser(), "/signup", &[("email", "ＤＵＰ@example.jp"), ("display_name", "別人"), ("password", "another long password")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("このメールアドレスは既に登録されています"));
    }

    async fn posts_without_a_valid_csrf_token_are_refused(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        let _ = app.csrf(&c, "/signup").await; // the browser now has its CSRF cookie
        let form = [("email", "x@example.jp"), ("display_name", "X"), ("password", "correct horse battery")];
        let missing = c.post(app.url("/signup")).form(&form).send().await.unwrap();
        assert_eq!(missing.status(), 403);
        assert!(missing.text().await.unwrap().contains("送信を受け付けられませんでした"));
        let mut wrong = form.to_vec();
        wrong.push(("csrf_token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assert_eq!(c.post(app.url("/signup")).form(&wrong).send().await.unwrap().status(), 403);
        // A token from another browser does not fit this browser's cookie.
        let other = app.csrf(&app.browser(), "/signup").await;
        let mut foreign = form.to_vec();
        foreign.push(("csrf_token", &other));
        assert_eq!(c.post(app.url("/signup")).form(&foreign).send().await.unwrap().status(), 403);
        let email = kyodo_domain::account::Email::parse("e", "x@example.jp").unwrap();
        assert!(app.store.user_by_email(&email).await.unwrap().is_none(), "nothing written");
    }

    async fn a_planted_csrf_cookie_and_token_do_not_fit_the_victims_session(db) {
        let app = App::spawn(db).await;
        let first = app.user("victim@example.jp").await;
        let org = app.create_org(&first, "狙われる会", "npo_corporation").await;
        // The victim signs in on a browser of theirs; its cookies are read from the answer.
        let victim = app.browser();
        let token = app.csrf(&victim, "/login").await;
        let res = victim.post(app.url("/login")).form(&[("email", "victim@example.jp"), ("password", "correct horse battery"), ("csrf_token", token.as_str())]).send().await.unwrap();
        let cookies: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        let value = |name: &str| cookies.iter().find(|c| c.starts_with(&format!("{name}="))).map(|c| c[name.len() + 1..].split(';').next().unwrap().to_owned());
        let session = value("kyodo_session").unwrap();
        assert!(value("kyodo_csrf").is_some(), "the login renews the CSRF cookie");
        // The attacker's own visit gives a cookie and its matching token…
        let (planted_cookie, planted_token) = attacker_pair(&app).await;
        // …planted into the victim's browser beside the victim's session.
        let forged = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let res = forged
            .post(app.url(&format!("/organizations/{org}/listings")))
            .header("cookie", format!("kyodo_session={session}; kyodo_csrf={planted_cookie}"))
            .form(&[("csrf_token", planted_token.as_str()), ("direction", "need"), ("resources", "people"), ("title", "偽の募集"), ("description", "x"), ("status", "open")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "a pair made outside the victim's session is refused");
        // The victim's own page, sent from another site (Origin), is refused too.
        let (_, form) = app.get_text(&victim, &format!("/organizations/{org}/listings/new")).await;
        let own = common::extract_csrf(&form).unwrap();
        let fields = [("csrf_token", own.as_str()), ("direction", "need"), ("resources", "people"), ("title", "本物の募集"), ("description", "x"), ("status", "open")];
        let res = victim.post(app.url(&format!("/organizations/{org}/listings"))).header("origin", "https://evil.example").form(&fields).send().await.unwrap();
        assert_eq!(res.status(), 403, "another site's Origin");
        let res = victim.post(app.url(&format!("/organizations/{org}/listings"))).header("sec-fetch-site", "cross-site").form(&fields).send().await.unwrap();
        assert_eq!(res.status(), 403, "Sec-Fetch-Site: cross-site");
        let res = victim.post(app.url(&format!("/organizations/{org}/listings"))).header("origin", app.base.as_str()).form(&fields).send().await.unwrap();
        assert_eq!(res.status(), 303, "the victim's own form, from this site, goes through");
    }

    async fn wrong_passwords_are_rate_limited_per_account_and_address(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        app.sign_up(&c, "owner@example.jp").await;
        let attacker = app.browser();
        for _ in 0..5 {
            let res = app.post_form(&attacker, "/login", &[("email", "owner@example.jp"), ("password", "guess guess guess")]).await;
            assert_eq!(res.status(), 401);
            assert!(res.text().await.unwrap().contains("メールアドレスまたはパスワードが正しくありません"));
        }
        let res = app.post_form(&attacker, "/login", &[("email", "owner@example.jp"), ("password", "correct horse battery")]).await;
        assert_eq!(res.status(), 429, "even the right password waits once the pair is throttled");
        assert!(res.text().await.unwrap().contains("15分ほど待って"));
    }

    async fn guesses_from_a_shared_address_do_not_lock_the_owner_out_of_a_known_browser(db) {
        let app = App::spawn(db).await;
        let owner = app.browser();
        app.sign_up(&owner, "shared@example.jp").await;
        // The owner logged in on this browser before (it keeps its device cookie after logout).
        let res = app.post_form(&owner, "/login", &[("email", "shared@example.jp"), ("password", "correct horse battery")]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.post_form(&owner, "/logout", &[]).await.status(), 303);
        // Someone else behind the same address (the tests all come from 127.0.0.1) guesses.
        let other = app.browser();
        for _ in 0..5 {
            let res = app.post_form(&other, "/login", &[("email", "shared@example.jp"), ("password", "guess guess guess")]).await;
            assert_eq!(res.status(), 401);
        }
        let res = app.post_form(&other, "/login", &[("email", "shared@example.jp"), ("password", "guess guess guess")]).await;
        assert_eq!(res.status(), 429, "the guesser is stopped");
        let res = app.post_form(&owner, "/login", &[("email", "shared@example.jp"), ("password", "correct horse battery")]).await;
        assert_eq!(res.status(), 303, "the owner's own browser still gets in");
    }

    async fn an_organisation_is_created_by_its_owner_and_shown_publicly(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        app.sign_up(&c, "npo@example.jp").await;
        let res = app.post_form(&c, "/organizations", &[
            ("kind", "voluntary_group"), ("name", "くだまつ子ども食堂"), ("municipality", "下松市"),
            ("mission", "地域の子どもに温かい食事と居場所を"), ("website", ""),
        ]).await;
        assert_eq!(res.status(), 303);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let page = c.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("くだまつ子ども食堂") && page.contains("あなたはオーナーです"));
        let public = app.browser().get(app.url("/organizations?municipality=下松市")).send().await.unwrap().text().await.unwrap();
        assert!(public.contains("くだまつ子ども食堂"));
        let account = c.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(account.contains("くだまつ子ども食堂") && account.contains("オーナー"));
    }

    async fn organisation_form_errors_keep_the_input(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        app.sign_up(&c, "npo2@example.jp").await;
        let res = app.post_form(&c, "/organizations", &[("kind", "company"), ("name", "株式会社テスト"), ("municipality", "広島市"), ("website", "javascript:alert(1)")]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("山口県の市町ではありません"));
        assert!(html.contains("http:// または https:// で始まるURL"));
        assert!(html.contains("value=\"株式会社テスト\""));
        assert!(html.contains("value=\"company\" checked"));
        let (_, total) = app.store.organizations(&Default::default(), 10, 0).await.unwrap();
        assert_eq!(total, 0);
    }

    async fn lists_accept_full_width_page_numbers_and_ignore_junk(db) {
        let app = App::spawn(db).await;
        for q in ["page=２", "page=-1", "page=abc&kind=nonsense", "municipality=%00%01"] {
            let res = app.browser().get(app.url(&format!("/organizations?{q}"))).send().await.unwrap();
            assert_eq!(res.status(), 200, "{q}");
        }
    }

    async fn every_response_has_security_headers_and_cookies_are_locked_down(db) {
        let app = App::spawn(db).await;
        let res = app.browser().get(app.url("/signup")).send().await.unwrap();
        let h = res.headers();
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert!(!h["content-security-policy"].to_str().unwrap().contains("unsafe-inline"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        let cookie = h["set-cookie"].to_str().unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"));
    }

    async fn oversized_bodies_are_refused_cleanly(db) {
        let app = App::spawn(db).await;
        let c = app.browser();
        let token = app.csrf(&c, "/signup").await;
        let big = "あ".repeat(300_000);
        let res = c.post(app.url("/signup")).form(&[("email", big.as_str()), ("csrf_token", token.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 413);
        assert!(res.text().await.unwrap().contains("大きすぎます"));
    }
}

/// A CSRF cookie and the token that fits it, as an attacker gets them from a visit of their own.
async fn attacker_pair(app: &App) -> (String, String) {
    let res = reqwest::get(app.url("/signup")).await.unwrap();
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    let cookie = set["kyodo_csrf=".len()..].split(';').next().unwrap().to_owned();
    let token = common::extract_csrf(&res.text().await.unwrap()).unwrap();
    (cookie, token)
}

/// Logs a@example.jp in with `c` and returns the session cookie the server set.
async fn log_in_and_read_session_cookie(app: &App, c: &reqwest::Client) -> String {
    let token = app.csrf(c, "/login").await;
    let res = c
        .post(app.url("/login"))
        .form(&[
            ("email", "a@example.jp"),
            ("password", "correct horse battery"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let set = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("kyodo_session="))
        .unwrap();
    set["kyodo_session=".len()..].split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let config = kyodo_web::WebConfig {
        secure_cookies: true,
        ..Default::default()
    };
    let app = App::spawn_with(kyodo_test_support::TestDb::sqlite(), config).await;
    let res = app.browser().get(app.url("/login")).send().await.unwrap();
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains",
        "HTTPS only, once it is known to be served over HTTPS"
    );
    let plain = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let res = reqwest::get(plain.url("/")).await.unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn nothing_personal_is_kept_by_browsers_or_proxies() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let cache = |res: &reqwest::Response| {
        res.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    // Public and without cookies: stored, but checked again before reuse.
    let res = reqwest::get(app.url("/api/v1/organizations")).await.unwrap();
    assert_eq!(cache(&res), "no-cache");
    let res = reqwest::get(app.url("/assets/kyodo.css")).await.unwrap();
    assert!(cache(&res).starts_with("public"), "assets keep their own policy");
    // Signed in: the account page (where a new token is shown), the export, the API's /me.
    let owner = app.user("cache@example.jp").await;
    let org = app.create_org(&owner, "控えを残さない会", "npo_corporation").await;
    for path in [
        "/account".to_owned(),
        "/account/export".to_owned(),
        format!("/organizations/{org}/edit"),
        "/api/v1/me".to_owned(),
    ] {
        let res = owner.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(cache(&res), "private, no-store", "{path}");
    }
    let token = app.token_for("cache-token@example.jp").await;
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(cache(&res), "private, no-store", "a bearer token's answer is personal");
    let res = app.post_form(&owner, "/account/tokens", &[("name", "控え")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        cache(&res),
        "private, no-store",
        "the page with a new token's secret is never stored"
    );
}
