//! The registry: profiles and disclosure, track record, listings, members and invitations,
//! verification and claims, worksheets and partner notes — and who may touch each.

use crate::common;

use common::App;
use kyodo_domain::account::{Email, SiteRole};

kyodo_test_support::on_both_backends! {
    async fn filling_the_profile_raises_the_disclosure_level(db) {
        let app = App::spawn(db).await;
        let c = app.user("npo@example.jp").await;
        let id = app.create_org(&c, "あきほ見守りの会", "voluntary_group").await;
        let (_, html) = app.get_text(&c, &format!("/organizations/{id}")).await;
        assert!(html.contains("公開度 0（5段階）"), "only a name and town so far");
        assert!(html.contains("ミッション（活動の目的）を書く"), "the page says what raises the level");
        let res = app.post_form(&c, &format!("/organizations/{id}/edit"), &[
            ("kind", "voluntary_group"), ("name", "あきほ見守りの会"), ("municipality", "山口市"),
            ("mission", "高齢者の見守り"), ("activities", "週1回の訪問"), ("fields", "1"), ("fields", "3"),
            ("website", "https://example.jp"), ("founded", "平成16年3月"), ("members", "３５"),
            ("strengths", "地域の人的ネットワーク"), ("open_types", "grant"), ("sdgs", "3"),
            ("representative", "山口 太郎"), ("email", "taro@example.jp"),
        ]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&c, &format!("/organizations/{id}")).await;
        assert!(html.contains("公開度 2（5段階）"), "records are still missing");
        assert!(html.contains("平成16年（2004年）3月") && html.contains("35名") && !html.contains("子どもの健全育成"));
        assert!(html.contains("山口 太郎"), "members see the contact");
        let (_, public) = app.get_text(&app.browser(), &format!("/organizations/{id}")).await;
        assert!(!public.contains("山口 太郎") && !public.contains("taro@example.jp"), "the public does not");
        assert!(!public.contains("次の段階に上げるには"), "next steps are for editors");
        let res = app.post_form(&c, &format!("/organizations/{id}/records"), &[("title", "見守り交流会"), ("year", "2023"), ("partners", "株式会社テスト")]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&c, &format!("/organizations/{id}")).await;
        assert!(html.contains("公開度 3（5段階）") && html.contains("見守り交流会"));
        let res = app.post_form(&c, &format!("/organizations/{id}/listings"), &[
            ("direction", "need"), ("resources", "people"), ("title", "訪問ボランティア"),
        ]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&c, &format!("/organizations/{id}")).await;
        assert!(html.contains("公開度 4（5段階）"));
        assert!(html.contains("支援センターのコーディネーターによる確認を受ける"));
    }

    async fn profile_errors_are_shown_beside_fields_and_keep_input(db) {
        let app = App::spawn(db).await;
        let c = app.user("e@example.jp").await;
        let id = app.create_org(&c, "会", "company").await;
        let res = app.post_form(&c, &format!("/organizations/{id}/edit"), &[
            ("kind", "company"), ("name", "会"), ("founded", "むかし"), ("members", "たくさん"), ("phone", "abc"),
            ("fields", "99"), ("mission", "残しておきたい文章"),
        ]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("設立年月は「2004年3月」"));
        assert!(html.contains("会員数は0以上の整数"));
        assert!(html.contains("電話番号は数字とハイフン"));
        assert!(html.contains("残しておきたい文章"), "what was typed is kept");
        let o = app.store.organization(id).await.unwrap().unwrap();
        assert!(o.mission.is_none(), "nothing was saved");
    }

    async fn listings_appear_on_the_board_with_filters(db) {
        let app = App::spawn(db).await;
        let c = app.user("l@example.jp").await;
        let id = app.create_org(&c, "フードの会", "npo_corporation").await;
        for (dir, res, title) in [("offer", "goods", "余った野菜の提供"), ("need", "venue", "配布場所")] {
            let r = app.post_form(&c, &format!("/organizations/{id}/listings"), &[("direction", dir), ("resources", res), ("title", title), ("fields", "1")]).await;
            assert_eq!(r.status(), 303);
        }
        let anon = app.browser();
        let (_, all) = app.get_text(&anon, "/listings").await;
        assert!(all.contains("余った野菜の提供") && all.contains("配布場所"));
        let (_, offers) = app.get_text(&anon, "/listings?direction=offer&resource=goods&field=1&municipality=山口市&kind=npo_corporation").await;
        assert!(offers.contains("余った野菜の提供") && !offers.contains("配布場所"));
        let (status, junk) = app.get_text(&anon, "/listings?direction=x&resource=money&field=99&page=abc").await;
        assert_eq!(status, 200, "junk filters are ignored");
        assert!(junk.contains("2 件"));
        let bad = app.post_form(&c, &format!("/organizations/{id}/listings"), &[("title", "")]).await;
        assert_eq!(bad.status(), 422);
        let html = bad.text().await.unwrap();
        assert!(html.contains("人・モノ・金・情報のうち、1つ以上選んでください") && html.contains("タイトルを入力してください"));
        // Closing a listing takes it off the board.
        let lid = app.store.listings_of(id, true).await.unwrap()[0].id;
        let r = app.post_form(&c, &format!("/listings/{lid}/edit"), &[("direction", "need"), ("resources", "venue"), ("title", "配布場所"), ("status", "closed")]).await;
        assert_eq!(r.status(), 303);
        let (_, after) = app.get_text(&anon, "/listings").await;
        assert!(after.contains("1 件"));
    }

    async fn an_owner_invites_an_editor_who_accepts_once(db) {
        let app = App::spawn(db).await;
        let owner = app.user("owner@example.jp").await;
        let id = app.create_org(&owner, "招待の会", "voluntary_group").await;
        let editor = app.add_member(&owner, id, "editor@example.jp", "editor").await;
        let (_, html) = app.get_text(&editor, &format!("/organizations/{id}")).await;
        assert!(html.contains("あなたは編集者です"));
        let (status, _) = app.get_text(&editor, &format!("/organizations/{id}/edit")).await;
        assert_eq!(status, 200, "editors edit");
        let mail = app.store.unsent_mail(100).await.unwrap();
        let invitation = mail.iter().find(|m| m.body.contains("/invitations/")).expect("the outbox keeps the mail with its link");
        assert_eq!(invitation.to_email, "editor@example.jp");
        // The owner cannot demote themself while they are the only owner.
        let owner_id = app.store.user_by_email(&Email::parse("e", "owner@example.jp").unwrap()).await.unwrap().unwrap().id;
        let res = app.post_form(&owner, &format!("/organizations/{id}/members/{owner_id}"), &[("action", "viewer")]).await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("オーナーが1人もいなくなる"));
    }

    async fn an_invitation_for_someone_else_is_refused(db) {
        let app = App::spawn(db).await;
        let owner = app.user("o2@example.jp").await;
        let id = app.create_org(&owner, "会", "voluntary_group").await;
        let html = app.post_form(&owner, &format!("/organizations/{id}/members"), &[("email", "invited@example.jp"), ("role", "viewer")]).await.text().await.unwrap();
        let start = html.find("/invitations/").unwrap() + "/invitations/".len();
        let token: String = html[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
        let stranger = app.user("stranger@example.jp").await;
        let res = app.post_form(&stranger, &format!("/invitations/{token}"), &[]).await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("別のメールアドレス宛て"));
        let (status, _) = app.get_text(&app.browser(), "/invitations/not-a-token").await;
        assert_eq!(status, 200);
        let bad = app.post_form(&owner, &format!("/organizations/{id}/members"), &[("email", "nope"), ("role", "boss")]).await;
        assert_eq!(bad.status(), 422);
    }

    async fn a_coordinator_verifies_a_declared_group(db) {
        let app = App::spawn(db).await;
        let c = app.user("group@example.jp").await;
        let id = app.create_org(&c, "確認の会", "voluntary_group").await;
        let res = app.post_form(&c, &format!("/organizations/{id}/verification"), &[("event", "declared"), ("eligibility", "1")]).await;
        assert_eq!(res.status(), 422, "all three conditions must be declared");
        assert!(res.text().await.unwrap().contains("3つの要件すべて"));
        let res = app.post_form(&c, &format!("/organizations/{id}/verification"), &[("event", "declared"), ("eligibility", "1"), ("eligibility", "2"), ("eligibility", "3")]).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&c, &format!("/organizations/{id}/verification"), &[("event", "verified")]).await;
        assert_eq!(res.status(), 403, "a group cannot verify itself");
        let coordinator = app.user("coord@example.jp").await;
        let uid = app.store.user_by_email(&Email::parse("e", "coord@example.jp").unwrap()).await.unwrap().unwrap().id;
        app.store.set_role(uid, SiteRole::Coordinator, 1).await.unwrap();
        let (_, queue) = app.get_text(&coordinator, "/coordinator").await;
        assert!(queue.contains("確認の会"));
        let res = app.post_form(&coordinator, &format!("/organizations/{id}/verification"), &[("event", "rejected")]).await;
        assert_eq!(res.status(), 422, "a rejection needs a reason");
        let res = app.post_form(&coordinator, &format!("/organizations/{id}/verification"), &[("event", "verified"), ("note", "活動実態を確認")]).await;
        assert_eq!(res.status(), 303);
        let (_, profile) = app.get_text(&app.browser(), &format!("/organizations/{id}")).await;
        assert!(profile.contains("✓ 確認済み"));
        let (_, history) = app.get_text(&c, &format!("/organizations/{id}/verification")).await;
        assert!(history.contains("活動実態を確認") && history.contains("確認を申請"), "the history is kept");
    }

    async fn a_coordinator_approves_a_claim_of_an_imported_npo(db) {
        let app = App::spawn(db).await;
        let line = r#"{"type":"organization","external_id":"npo:1234567890123","kind":"npo_corporation","name":"NPO法人やまぐち"}"#;
        app.store.import(&kyodo_domain::interchange::parse(line).unwrap(), 1).await.unwrap().unwrap();
        let id = app.store.organizations(&Default::default(), 1, 0).await.unwrap().0[0].id;
        let claimant = app.user("chair@example.jp").await;
        let (_, profile) = app.get_text(&claimant, &format!("/organizations/{id}")).await;
        assert!(profile.contains("関係者として申請する"));
        let res = app.post_form(&claimant, &format!("/organizations/{id}/claim"), &[("message", "")]).await;
        assert_eq!(res.status(), 422);
        let res = app.post_form(&claimant, &format!("/organizations/{id}/claim"), &[("message", "理事長の山口です")]).await;
        assert!(res.text().await.unwrap().contains("申請を受け付けました"));
        let coordinator = app.user("coord2@example.jp").await;
        let uid = app.store.user_by_email(&Email::parse("e", "coord2@example.jp").unwrap()).await.unwrap().unwrap().id;
        app.store.set_role(uid, SiteRole::Coordinator, 1).await.unwrap();
        let claim = app.store.pending_claims().await.unwrap()[0].id;
        let res = app.post_form(&coordinator, &format!("/coordinator/claims/{claim}"), &[("decision", "approve")]).await;
        assert_eq!(res.status(), 303);
        let (_, profile) = app.get_text(&claimant, &format!("/organizations/{id}")).await;
        assert!(profile.contains("あなたはオーナーです"));
        let (status, _) = app.get_text(&app.user("late@example.jp").await, &format!("/organizations/{id}/claim")).await;
        assert_eq!(status, 403, "an owned organisation cannot be claimed");
    }

    async fn nobody_decides_on_their_own_claim_or_declaration(db) {
        let app = App::spawn(db).await;
        let promote = |email: &'static str, role: SiteRole| {
            let store = app.store.clone();
            async move {
                let uid = store.user_by_email(&Email::parse("e", email).unwrap()).await.unwrap().unwrap().id;
                store.set_role(uid, role, 1).await.unwrap();
            }
        };
        // A coordinator claims an imported NPO: approving it would make them its owner.
        let line = r#"{"type":"organization","external_id":"npo:1234567890124","kind":"npo_corporation","name":"NPO法人みずから"}"#;
        app.store.import(&kyodo_domain::interchange::parse(line).unwrap(), 1).await.unwrap().unwrap();
        let id = app.store.organizations(&Default::default(), 1, 0).await.unwrap().0[0].id;
        let coordinator = app.user("self@example.jp").await;
        promote("self@example.jp", SiteRole::Coordinator).await;
        let res = app.post_form(&coordinator, &format!("/organizations/{id}/claim"), &[("message", "私が代表です")]).await;
        assert_eq!(res.status(), 200);
        let claim = app.store.pending_claims().await.unwrap()[0].id;
        let res = app.post_form(&coordinator, &format!("/coordinator/claims/{claim}"), &[("decision", "approve")]).await;
        assert_eq!(res.status(), 403, "one's own claim is for another coordinator");
        let other = app.user("other@example.jp").await;
        promote("other@example.jp", SiteRole::Coordinator).await;
        let res = app.post_form(&other, &format!("/coordinator/claims/{claim}"), &[("decision", "approve")]).await;
        assert_eq!(res.status(), 303, "another coordinator decides");
        // An admin may edit any group, so may declare for it, but then not verify that declaration.
        let group = app.user("g@example.jp").await;
        let gid = app.create_org(&group, "申請の会", "voluntary_group").await;
        let admin = app.user("admin@example.jp").await;
        promote("admin@example.jp", SiteRole::Admin).await;
        let declare = [("event", "declared"), ("eligibility", "1"), ("eligibility", "2"), ("eligibility", "3")];
        let res = app.post_form(&admin, &format!("/organizations/{gid}/verification"), &declare).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&admin, &format!("/organizations/{gid}/verification"), &[("event", "verified")]).await;
        assert_eq!(res.status(), 403, "nobody verifies their own declaration");
        let res = app.post_form(&other, &format!("/organizations/{gid}/verification"), &[("event", "verified")]).await;
        assert_eq!(res.status(), 303);
    }

    async fn worksheets_and_partner_notes_stay_inside_the_organisation(db) {
        let app = App::spawn(db).await;
        let a = app.user("a@example.jp").await;
        let mine = app.create_org(&a, "自分の会", "voluntary_group").await;
        let b = app.user("b@example.jp").await;
        let theirs = app.create_org(&b, "相手の会社", "company").await;
        let res = app.post_form(&a, &format!("/organizations/{mine}/worksheet"), &[("mission", "秘密のミッション"), ("challenge_0", "3")]).await;
        assert_eq!(res.status(), 200);
        let res = app.post_form(&a, &format!("/organizations/{mine}/partners/{theirs}/notes"), &[("wants", "地域貢献のイメージ")]).await;
        assert_eq!(res.status(), 200);
        let (_, html) = app.get_text(&a, &format!("/organizations/{mine}/partners/{theirs}/notes")).await;
        assert!(html.contains("地域貢献のイメージ"));
        let (_, profile) = app.get_text(&a, &format!("/organizations/{theirs}")).await;
        assert!(profile.contains(&format!("/organizations/{mine}/partners/{theirs}/notes")), "reachable from the partner's profile");
        for path in [format!("/organizations/{mine}/worksheet"), format!("/organizations/{mine}/partners/{theirs}/notes")] {
            let (status, body) = app.get_text(&b, &path).await;
            assert_eq!(status, 403, "{path}");
            assert!(!body.contains("秘密のミッション") && !body.contains("地域貢献のイメージ"));
        }
        let bad = app.post_form(&a, &format!("/organizations/{mine}/worksheet"), &[("challenge_0", "9")]).await;
        assert_eq!(bad.status(), 422);
    }
}

/// A 1×1 PNG, built by hand (signature, IHDR, IDAT, IEND) so the test needs no image files.
fn tiny_png() -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.extend_from_slice(&[
        0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
    ]);
    png.extend_from_slice(&[
        0, 0, 0, 13, b'I', b'D', b'A', b'T', 0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A, 0x2D, 0xB4,
    ]);
    png.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
    png
}

#[tokio::test]
async fn a_logo_is_checked_by_content_and_served_safely() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let c = app.user("logo@example.jp").await;
    let id = app.create_org(&c, "ロゴの会", "voluntary_group").await;
    let html = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let token = common::extract_csrf(&html).unwrap();
    let upload = |bytes: Vec<u8>, name: &'static str, mime: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name)
            .mime_str(mime)
            .unwrap();
        c.post(app.url(&format!("/organizations/{id}/logo?csrf_token={token}")))
            .multipart(reqwest::multipart::Form::new().part("logo", part))
            .send()
    };
    let svg = upload(
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
        "logo.png",
        "image/png",
    )
    .await
    .unwrap();
    assert_eq!(svg.status(), 422, "a script-capable file named .png is refused");
    assert!(svg.text().await.unwrap().contains("PNG・JPEG・WebP"));
    let big = upload(vec![0u8; 2 * 1024 * 1024], "big.png", "image/png")
        .await
        .unwrap();
    assert!(big.status() == 413 || big.status() == 422, "{}", big.status());
    let ok = upload(tiny_png(), "logo.png", "image/png").await.unwrap();
    assert_eq!(ok.status(), 303);
    let served = reqwest::get(app.url(&format!("/organizations/{id}/logo")))
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), tiny_png().as_slice());
    let forged = reqwest::Client::new()
        .post(app.url(&format!("/organizations/{id}/logo")))
        .multipart(reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(tiny_png())))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "uploads need the CSRF token too");
}

/// Every registry route, for an anonymous visitor, a signed-in outsider, and a viewer.
#[tokio::test]
async fn every_registry_route_refuses_outsiders_and_viewers_where_it_should() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let owner = app.user("owner@example.jp").await;
    let org = app.create_org(&owner, "守られた会", "voluntary_group").await;
    let other = app.create_org(&owner, "別の会", "company").await;
    let r = app
        .post_form(
            &owner,
            &format!("/organizations/{org}/listings"),
            &[("direction", "need"), ("resources", "funds"), ("title", "t")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let lid = app.store.listings_of(org, true).await.unwrap()[0].id;
    let viewer = app.add_member(&owner, org, "viewer@example.jp", "viewer").await;
    let outsider = app.user("outsider@example.jp").await;
    let _ = app.create_org(&outsider, "外の会", "company").await;
    let anon = app.browser();
    let _ = app.csrf(&anon, "/login").await;

    // (method, path, anonymous, outsider, viewer)
    let table: Vec<(&str, String, u16, u16, u16)> = vec![
        ("GET", format!("/organizations/{org}/edit"), 303, 403, 403),
        ("POST", format!("/organizations/{org}/edit"), 303, 403, 403),
        ("POST", format!("/organizations/{org}/records"), 303, 403, 403),
        ("POST", format!("/organizations/{org}/records/1/delete"), 303, 403, 403),
        ("POST", format!("/organizations/{org}/logo/delete"), 303, 403, 403),
        ("GET", format!("/organizations/{org}/listings/new"), 303, 403, 403),
        ("POST", format!("/organizations/{org}/listings"), 303, 403, 403),
        ("GET", format!("/listings/{lid}/edit"), 303, 403, 403),
        ("POST", format!("/listings/{lid}/edit"), 303, 403, 403),
        ("POST", format!("/listings/{lid}/delete"), 303, 403, 403),
        ("GET", format!("/organizations/{org}/members"), 303, 403, 200),
        ("POST", format!("/organizations/{org}/members"), 303, 403, 403),
        ("POST", format!("/organizations/{org}/members/1"), 303, 403, 403),
        (
            "POST",
            format!("/organizations/{org}/invitations/1/revoke"),
            303,
            403,
            403,
        ),
        ("GET", format!("/organizations/{org}/verification"), 303, 403, 200),
        ("POST", format!("/organizations/{org}/verification"), 303, 403, 403),
        ("GET", format!("/organizations/{org}/claim"), 303, 403, 403),
        ("GET", "/coordinator".to_owned(), 303, 403, 403),
        ("POST", "/coordinator/claims/1".to_owned(), 303, 403, 403),
        ("GET", format!("/organizations/{org}/worksheet"), 303, 403, 200),
        ("POST", format!("/organizations/{org}/worksheet"), 303, 403, 403),
        (
            "GET",
            format!("/organizations/{org}/partners/{other}/notes"),
            303,
            403,
            200,
        ),
        (
            "POST",
            format!("/organizations/{org}/partners/{other}/notes"),
            303,
            403,
            403,
        ),
        ("GET", format!("/organizations/{org}"), 200, 200, 200),
        ("GET", "/listings".to_owned(), 200, 200, 200),
        ("GET", format!("/organizations/{org}/matches"), 200, 200, 200),
        ("GET", format!("/listings/{lid}/matches"), 200, 200, 200),
    ];
    for (method, path, want_anon, want_outsider, want_viewer) in &table {
        for (who, client, want) in [
            ("anonymous", &anon, want_anon),
            ("outsider", &outsider, want_outsider),
            ("viewer", &viewer, want_viewer),
        ] {
            let status = if *method == "GET" {
                client.get(app.url(path)).send().await.unwrap().status().as_u16()
            } else {
                let body = match path.as_str() {
                    p if p.ends_with("/verification") => vec![("event", "declared")],
                    p if p.contains("/coordinator/claims/") => vec![("decision", "approve")],
                    p if p.contains("/members/") => vec![("action", "remove")],
                    _ => vec![],
                };
                app.post_form(client, path, &body).await.status().as_u16()
            };
            assert_eq!(status, *want, "{who} {method} {path}");
        }
    }
    // Nothing an outsider or viewer did changed anything.
    assert_eq!(app.store.listings_of(org, true).await.unwrap().len(), 1);
    assert_eq!(app.store.members(org).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_person_downloads_their_data_and_deletes_their_account() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let owner = app.user("owner@example.jp").await;
    let org = app.create_org(&owner, "消える前の会", "voluntary_group").await;
    let member = app.add_member(&owner, org, "member@example.jp", "editor").await;
    let res = member.get(app.url("/account/export")).send().await.unwrap();
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data: serde_json::Value = res.json().await.unwrap();
    assert_eq!(data["account"]["email"], "member@example.jp");
    assert_eq!(data["memberships"][0]["organization"], "消える前の会");
    // The only owner must hand over first.
    let (_, html) = app.get_text(&owner, "/account/delete").await;
    assert!(html.contains("唯一のオーナー") && html.contains("消える前の会"));
    assert_eq!(
        app.post_form(&owner, "/account/delete", &[("password", "correct horse battery")])
            .await
            .status(),
        409
    );
    // A member can leave kyodo; a wrong password changes nothing.
    assert_eq!(
        app.post_form(&member, "/account/delete", &[("password", "wrong wrong wrong")])
            .await
            .status(),
        401
    );
    assert_eq!(
        app.post_form(&member, "/account/delete", &[("password", "correct horse battery")])
            .await
            .status(),
        303
    );
    let gone = Email::parse("e", "member@example.jp").unwrap();
    assert!(app.store.user_by_email(&gone).await.unwrap().is_none());
    assert_eq!(app.store.members(org).await.unwrap().len(), 1);
    assert_eq!(
        member.get(app.url("/account")).send().await.unwrap().status(),
        303,
        "signed out"
    );
    let (status, privacy) = app.get_text(&app.browser(), "/privacy").await;
    assert_eq!(status, 200);
    assert!(privacy.contains("利用目的") && privacy.contains("一般に公開する"));
    assert_eq!(
        app.browser()
            .get(app.url("/account/export"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
}
