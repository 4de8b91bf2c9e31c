//! Proposals (企画書) over HTTP: writing the guide's example, review findings, versions and their
//! comparison, sharing with a partner who comments, privacy, and bad input.

use crate::common;

use common::App;
use kyodo_domain::proposal::{ProposalInput, guide_example};

/// The form fields for a proposal input (rows as parallel lists, as the form posts them).
pub(crate) fn fields(i: &ProposalInput) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("title", &i.title),
        ("background", &i.background),
        ("voices", &i.voices),
        ("theme", &i.theme),
        ("purpose", &i.purpose),
        ("plan_when", &i.plan_when),
        ("plan_where", &i.plan_where),
        ("plan_who", &i.plan_who),
        ("plan_why", &i.plan_why),
        ("plan_what", &i.plan_what),
        ("plan_how", &i.plan_how),
        ("plan_how_much", &i.plan_how_much),
        ("track_record", &i.track_record),
        ("collaboration_type", &i.collaboration_type),
        ("cautions_response", &i.cautions_response),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).clone()))
    .collect();
    for t in &i.targets {
        f.push(("target_what".into(), t.what.clone()));
        f.push(("target_amount".into(), t.amount.clone()));
        f.push(("target_due".into(), t.due.clone()));
    }
    for a in &i.asks {
        f.push(("ask_resource".into(), a.resource.clone()));
        f.push(("ask_detail".into(), a.detail.clone()));
        f.push(("ask_benefit".into(), a.partner_benefit.clone()));
    }
    for l in &i.budget {
        f.push(("line_category".into(), l.category.clone()));
        f.push(("line_item".into(), l.item.clone()));
        f.push(("line_quantity".into(), l.quantity.clone()));
        f.push(("line_unit_price".into(), l.unit_price.clone()));
    }
    f
}

async fn post(app: &App, c: &reqwest::Client, path: &str, f: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(c, path, &pairs).await
}

fn id_from(location: &str) -> i64 {
    location
        .trim_start_matches("/proposals/")
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn the_guides_example_is_written_reviewed_shared_commented_and_revised(db) {
        let app = App::spawn(db).await;
        let author = app.user("npo@example.jp").await;
        let org = app.create_org(&author, "里山を守る会", "voluntary_group").await;
        let company = app.user("csr@example.jp").await;
        let partner = app.create_org(&company, "山口そば株式会社", "company").await;

        // Write it: the guide's example, with a gap the review should notice (no overhead line).
        let mut input = guide_example().to_input();
        input.budget.retain(|l| l.category != "overhead");
        let mut f = fields(&input);
        f.push(("partner".into(), partner.to_string()));
        let res = post(&app, &author, &format!("/organizations/{org}/proposals"), &f).await;
        assert_eq!(res.status(), 303);
        let pid = id_from(res.headers()["location"].to_str().unwrap());
        let (status, html) = app.get_text(&author, &format!("/proposals/{pid}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("そばづくりからの里山再生") && html.contains("第1版"));
        assert!(html.contains("組織運営費（間接費）がありません"), "review finding shown");
        assert!(html.contains("収入が支出を65,000円上回っています"));
        assert!(html.contains("協働の相手：山口そば株式会社"));

        // Private until shared: the company cannot see it, not even that it exists.
        let (status, _) = app.get_text(&company, &format!("/proposals/{pid}")).await;
        assert_eq!(status, 404);
        let res = app.post_form(&author, &format!("/proposals/{pid}/shares"), &[("organization", &partner.to_string()), ("how", "this"), ("version", "1")]).await;
        assert_eq!(res.status(), 303);
        let (status, html) = app.get_text(&company, &format!("/proposals/{pid}")).await;
        assert_eq!(status, 200);
        assert!(!html.contains("提案書チェック"), "the review is the author's");
        let (_, list) = app.get_text(&company, &format!("/organizations/{partner}/proposals")).await;
        assert!(list.contains("そばづくりからの里山再生") && list.contains("第1版まで共有"));

        // The partner comments on the asks.
        let res = app.post_form(&company, &format!("/proposals/{pid}/comments"), &[("version", "1"), ("section", "asks"), ("body", "社員ボランティアは10名より5名が現実的です。")]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&author, &format!("/proposals/{pid}")).await;
        assert!(html.contains("社員ボランティアは10名より5名が現実的です。") && html.contains("<strong>山口そば株式会社</strong>"));
        let (_, note) = app.get_text(&author, "/notifications").await;
        assert!(note.contains("企画書「そばづくりからの里山再生」の④ 協働提携内容の提案に山口そば株式会社からコメントがありました"), "{note}");
        // A comment is its writer's personal data: it is in their export.
        let export: serde_json::Value = company.get(app.url("/account/export")).send().await.unwrap().json().await.unwrap();
        assert_eq!(export["proposal_comments"][0]["comment"], "社員ボランティアは10名より5名が現実的です。");

        // The author revises into version 2; the partner still sees only version 1 until it is shared.
        input = guide_example().to_input();
        input.asks[0].detail = "開墾と収穫の日に社員ボランティア5名".into();
        let mut f = fields(&input);
        f.push(("partner".into(), partner.to_string()));
        f.push(("note".into(), "相手の意見を受けて人数を変更".into()));
        let res = post(&app, &author, &format!("/proposals/{pid}/edit"), &f).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&author, &format!("/proposals/{pid}")).await;
        assert!(html.contains("第2版") && html.contains("相手の意見を受けて人数を変更"));
        assert!(html.contains("手引が挙げる項目はそろっています"), "{html}");
        let (status, _) = app.get_text(&company, &format!("/proposals/{pid}?version=2")).await;
        assert_eq!(status, 404);
        let (_, diff) = app.get_text(&author, &format!("/proposals/{pid}/compare?from=1&to=2")).await;
        assert!(diff.contains("<del>10</del><ins>5</ins>") || diff.contains("<del>1</del>"), "{diff}");
        assert!(diff.contains("⑤ 予算") && diff.contains("④ 協働提携内容の提案"));
        let (status, print) = app.get_text(&author, &format!("/proposals/{pid}/print")).await;
        assert_eq!(status, 200);
        assert!(print.contains("lang=\"ja\"") && print.contains("差引（収入−支出）"));

        // Revoking the share closes it again.
        let res = app.post_form(&author, &format!("/proposals/{pid}/shares/{partner}/revoke"), &[]).await;
        assert_eq!(res.status(), 303);
        let (status, _) = app.get_text(&company, &format!("/proposals/{pid}")).await;
        assert_eq!(status, 404);
    }

    async fn bad_input_is_answered_next_to_the_field_and_nothing_is_saved(db) {
        let app = App::spawn(db).await;
        let author = app.user("npo2@example.jp").await;
        let org = app.create_org(&author, "子ども食堂の会", "voluntary_group").await;
        let mut input = guide_example().to_input();
        input.budget[0].unit_price = "-5000".into();
        input.budget[1].quantity = "たくさん".into();
        input.budget[2].unit_price = "１２，０００円".into();
        let res = post(&app, &author, &format!("/organizations/{org}/proposals"), &fields(&input)).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("単価は0以上の整数で入力してください。"));
        assert!(html.contains("数量は半角または全角の数字で入力してください"));
        assert!(html.contains("value=\"たくさん\""), "what was typed is kept");
        assert!(html.contains("id=\"budget[0].unit_price\""));
        assert!(app.store.proposals_of(org).await.unwrap().is_empty(), "nothing half-saved");

        // 10,000 budget lines: one clear message.
        let mut f = fields(&ProposalInput { title: "大きな予算".into(), ..ProposalInput::default() });
        for _ in 0..10_000 {
            f.push(("line_category".into(), "materials".into()));
            f.push(("line_item".into(), "x".into()));
            f.push(("line_quantity".into(), "1".into()));
            f.push(("line_unit_price".into(), "1".into()));
        }
        let res = post(&app, &author, &format!("/organizations/{org}/proposals"), &f).await;
        assert!(res.status() == 422 || res.status() == 413, "{}", res.status());
        assert!(app.store.proposals_of(org).await.unwrap().is_empty());

        // Sharing with an organisation that does not exist.
        let ok = post(&app, &author, &format!("/organizations/{org}/proposals"), &fields(&guide_example().to_input())).await;
        let pid = id_from(ok.headers()["location"].to_str().unwrap());
        let res = app.post_form(&author, &format!("/proposals/{pid}/shares"), &[("organization", "999999")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("共有する相手の「999999」という団体は見つかりません"));
        let res = app.post_form(&author, &format!("/proposals/{pid}/comments"), &[("section", "asks"), ("body", "")]).await;
        assert_eq!(res.status(), 422);

        // 「行を増やす」 returns the form with more rows and saves nothing; as a browser sends it,
        // with every row the form had (blank ones too), none of which may be dropped.
        let (_, form) = app.get_text(&author, &format!("/organizations/{org}/proposals/new")).await;
        assert!(form.contains("id=\"asks[2].detail\"") && form.contains("id=\"budget[7].item\"") && !form.contains("id=\"budget[8].item\""));
        assert!(form.contains("formaction=\"/organizations/"));
        let mut f = fields(&ProposalInput { title: "行を増やす".into(), ..ProposalInput::default() });
        for _ in 0..3 {
            f.extend([("ask_resource".into(), String::new()), ("ask_detail".into(), String::new()), ("ask_benefit".into(), String::new())]);
        }
        for i in 0..8 {
            let item = if i == 5 { "6行目に書いた内訳" } else { "" };
            f.extend([("line_category".into(), String::new()), ("line_item".into(), item.into()), ("line_quantity".into(), String::new()), ("line_unit_price".into(), String::new())]);
        }
        f.push(("more".into(), "budget".into()));
        let res = post(&app, &author, &format!("/organizations/{org}/proposals"), &f).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"budget[12].item\"") && !html.contains("id=\"budget[13].item\""), "five rows added");
        assert!(html.contains("id=\"asks[2].detail\""), "the other sections keep their blank rows");
        assert!(html.contains("id=\"budget[5].item\" name=\"line_item\" value=\"6行目に書いた内訳\""), "typed rows stay in place");
        assert!(html.contains("aria-label=\"予算の行9\" id=\"budget-rows\""), "the page lands on the first new row");
        assert_eq!(app.store.proposals_of(org).await.unwrap().len(), 1);
    }

    async fn photos_of_the_track_record_are_checked_shown_and_exported(db) {
        let app = App::spawn(db).await;
        let author = app.user("photo@example.jp").await;
        let org = app.create_org(&author, "写真の会", "voluntary_group").await;
        let ok = post(&app, &author, &format!("/organizations/{org}/proposals"), &fields(&guide_example().to_input())).await;
        let pid = id_from(ok.headers()["location"].to_str().unwrap());
        let html = author.get(app.url(&format!("/proposals/{pid}"))).send().await.unwrap().text().await.unwrap();
        let token = common::extract_csrf(&html).unwrap();
        let upload = |bytes: Vec<u8>, caption: &str| {
            let form = reqwest::multipart::Form::new()
                .part("photo", reqwest::multipart::Part::bytes(bytes).file_name("p.png"))
                .text("caption", caption.to_owned());
            author.post(app.url(&format!("/proposals/{pid}/photos?csrf_token={token}"))).multipart(form).send()
        };
        let img = image::RgbImage::from_pixel(2400, 1200, image::Rgb([40, 90, 160]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let res = upload(png.clone(), "そば打ち体験").await.unwrap();
        assert_eq!(res.status(), 303);
        let res = upload(b"<svg onload=alert(1)></svg>".to_vec(), "").await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("写真は JPEG か PNG の画像にしてください。"));
        let mut broken = png.clone();
        broken.truncate(png.len() / 3);
        assert_eq!(upload(broken, "").await.unwrap().status(), 422, "a damaged image is refused at upload");
        for shade in [60u8, 120, 180] {
            let img = image::RgbImage::from_pixel(300, 200, image::Rgb([shade, 90, 160]));
            let mut other = Vec::new();
            image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut other), image::ImageFormat::Png).unwrap();
            assert_eq!(upload(other, "").await.unwrap().status(), 303);
        }
        let res = upload(png.clone(), "").await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("写真は4枚までです。"));
        let (_, html) = app.get_text(&author, &format!("/proposals/{pid}")).await;
        let fid: String = html.split(&format!("/proposals/{pid}/photos/")).nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
        let res = author.get(app.url(&format!("/proposals/{pid}/photos/{fid}"))).send().await.unwrap();
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
        assert!(res.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "stored as JPEG, metadata dropped");
        let stranger = app.user("photo-stranger@example.jp").await;
        assert_eq!(app.get_text(&stranger, &format!("/proposals/{pid}/photos/{fid}")).await.0, 404);
        let docx = author.get(app.url(&format!("/proposals/{pid}/export.docx"))).send().await.unwrap().bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.to_vec())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert_eq!(xml.matches("<pic:pic").count(), 4, "four pictures in the document");
        let res = author.get(app.url(&format!("/proposals/{pid}/export.pdf"))).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(app.post_form(&author, &format!("/proposals/{pid}/photos/{fid}/delete"), &[]).await.status(), 303);
        assert_eq!(author.get(app.url(&format!("/proposals/{pid}/photos/{fid}"))).send().await.unwrap().status(), 404);
    }

    async fn only_the_right_people_reach_proposals(db) {
        let app = App::spawn(db).await;
        let author = app.user("owner3@example.jp").await;
        let org = app.create_org(&author, "見守りの会", "voluntary_group").await;
        let viewer = app.add_member(&author, org, "viewer3@example.jp", "viewer").await;
        let ok = post(&app, &author, &format!("/organizations/{org}/proposals"), &fields(&guide_example().to_input())).await;
        let pid = id_from(ok.headers()["location"].to_str().unwrap());
        let stranger = app.user("stranger3@example.jp").await;
        let anonymous = app.browser();
        for path in [format!("/proposals/{pid}"), format!("/proposals/{pid}/print"), format!("/proposals/{pid}/compare"), format!("/proposals/{pid}/edit")] {
            let res = anonymous.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 303, "anonymous {path} goes to login");
            assert_eq!(app.get_text(&stranger, &path).await.0, 404, "stranger {path}");
        }
        assert_eq!(app.get_text(&stranger, &format!("/organizations/{org}/proposals")).await.0, 403);
        assert_eq!(app.get_text(&viewer, &format!("/proposals/{pid}")).await.0, 200, "members read");
        assert_eq!(app.get_text(&viewer, &format!("/proposals/{pid}/edit")).await.0, 403, "viewers do not edit");
        let res = post(&app, &viewer, &format!("/proposals/{pid}/edit"), &fields(&guide_example().to_input())).await;
        assert_eq!(res.status(), 403);
        let res = app.post_form(&viewer, &format!("/proposals/{pid}/shares"), &[("organization", "1")]).await;
        assert_eq!(res.status(), 403);
        let res = app.post_form(&stranger, &format!("/proposals/{pid}/comments"), &[("section", "asks"), ("body", "x")]).await;
        assert_eq!(res.status(), 404);
        // Without the CSRF token, no state change.
        let res = author.post(app.url(&format!("/proposals/{pid}/comments"))).form(&[("section", "asks"), ("body", "x")]).send().await.unwrap();
        assert_eq!(res.status(), 403);
    }

    async fn the_api_writes_versions_shares_comments_and_exports(db) {
        let app = App::spawn(db).await;
        let token = app.token_for("api-npo@example.jp").await;
        let http = reqwest::Client::new();
        let auth = |r: reqwest::RequestBuilder, t: &str| r.header("authorization", format!("Bearer {t}"));
        let org: serde_json::Value = auth(http.post(app.url("/api/v1/organizations")), &token)
            .json(&serde_json::json!({"kind": "voluntary_group", "name": "そばの里の会", "municipality": "山口市"}))
            .send().await.unwrap().json().await.unwrap();
        let org = org["id"].as_i64().unwrap();
        let partner_token = app.token_for("api-csr@example.jp").await;
        let partner: serde_json::Value = auth(http.post(app.url("/api/v1/organizations")), &partner_token)
            .json(&serde_json::json!({"kind": "company", "name": "山口製粉株式会社", "municipality": "防府市"}))
            .send().await.unwrap().json().await.unwrap();
        let partner = partner["id"].as_i64().unwrap();

        // JSON numbers and strings both work for amounts.
        let mut content = serde_json::to_value(guide_example().to_input()).unwrap();
        content["budget"][0]["quantity"] = serde_json::json!(1);
        content["budget"][0]["unit_price"] = serde_json::json!(100000);
        let res = auth(http.post(app.url(&format!("/api/v1/organizations/{org}/proposals"))), &token)
            .json(&serde_json::json!({"content": content, "partner_id": partner}))
            .send().await.unwrap();
        assert_eq!(res.status(), 201);
        let created: serde_json::Value = res.json().await.unwrap();
        let pid = created["id"].as_i64().unwrap();
        assert_eq!(created["version"], 1);
        assert_eq!(created["totals"]["balance"], 0);
        assert_eq!(created["content"]["title"], "そばづくりからの里山再生");

        // Bad amounts: 422 problem+json naming the field, nothing saved.
        let mut bad = content.clone();
        bad["budget"][1]["unit_price"] = serde_json::json!(-5);
        bad["budget"][2]["quantity"] = serde_json::json!("abc");
        let res = auth(http.put(app.url(&format!("/api/v1/proposals/{pid}"))), &token).json(&serde_json::json!({"content": bad})).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: serde_json::Value = res.json().await.unwrap();
        let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["budget[1].unit_price", "budget[2].quantity"]);
        let res = auth(http.put(app.url(&format!("/api/v1/proposals/{pid}"))), &token).json(&serde_json::json!({"content": "not an object"})).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let versions: serde_json::Value = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/versions"))), &token).send().await.unwrap().json().await.unwrap();
        assert_eq!(versions.as_array().unwrap().len(), 1, "no half-saved version");

        // Save = new version; review findings follow the content.
        content["plan_when"] = serde_json::json!("");
        let v2: serde_json::Value = auth(http.put(app.url(&format!("/api/v1/proposals/{pid}"))), &token)
            .json(&serde_json::json!({"content": content, "note": "時期を再検討"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(v2["version"], 2);
        let findings: serde_json::Value = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/review"))), &token).send().await.unwrap().json().await.unwrap();
        assert!(findings.as_array().unwrap().iter().any(|f| f["code"] == "plan_item_missing" && f["severity"] == "fix"));
        let findings: serde_json::Value = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/review?version=1"))), &token).send().await.unwrap().json().await.unwrap();
        assert_eq!(findings.as_array().unwrap().len(), 0, "version 1 was the guide's example");

        // The partner sees nothing until shared, then version 1 only.
        let res = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}"))), &partner_token).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let res = auth(http.post(app.url(&format!("/api/v1/proposals/{pid}/shares"))), &token).json(&serde_json::json!({"organization_id": 999999})).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let res = auth(http.post(app.url(&format!("/api/v1/proposals/{pid}/shares"))), &token).json(&serde_json::json!({"organization_id": partner, "version": 1})).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let seen: serde_json::Value = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}"))), &partner_token).send().await.unwrap().json().await.unwrap();
        assert_eq!(seen["version"], 1);
        let res = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/versions/2"))), &partner_token).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let res = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/export.pdf?version=2"))), &partner_token).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let res = auth(http.post(app.url(&format!("/api/v1/proposals/{pid}/comments"))), &partner_token)
            .json(&serde_json::json!({"section": "budget", "body": "協賛金は5万円なら社内決裁が早いです。"})).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let comments: serde_json::Value = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/comments"))), &token).send().await.unwrap().json().await.unwrap();
        assert_eq!(comments[0]["organization_name"], "山口製粉株式会社");
        assert_eq!(comments[0]["section"], "budget");

        // Exports: plain URLs with the right types.
        for (ext, ctype, magic) in [("pdf", "application/pdf", &b"%PDF-"[..]), ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &b"PK"[..]), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &b"PK"[..])] {
            let res = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/export.{ext}"))), &partner_token).send().await.unwrap();
            assert_eq!(res.status(), 200, "{ext}");
            assert_eq!(res.headers()["content-type"], ctype);
            assert!(res.headers()["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''"));
            assert_eq!(res.headers()["cache-control"], "private, no-store");
            assert!(res.bytes().await.unwrap().starts_with(magic), "{ext}");
        }
        let res = http.get(app.url(&format!("/api/v1/proposals/{pid}/export.pdf"))).send().await.unwrap();
        assert_eq!(res.status(), 401, "anonymous");
        let res = auth(http.delete(app.url(&format!("/api/v1/proposals/{pid}/shares/{partner}"))), &token).send().await.unwrap();
        assert_eq!(res.status(), 204);
        let res = auth(http.get(app.url(&format!("/api/v1/proposals/{pid}/export.docx"))), &partner_token).send().await.unwrap();
        assert_eq!(res.status(), 404, "revoked");

        // The advisor.
        let advice: serde_json::Value = http.get(app.url("/api/v1/collaboration-types/advice?name_enough=yes&money=none")).send().await.unwrap().json().await.unwrap();
        assert_eq!(advice[0]["collaboration_type"], "endorsement");
    }

    async fn a_partner_sees_only_what_was_shared_never_a_newer_draft_or_photo(db) {
        let app = App::spawn(db).await;
        let http = reqwest::Client::new();
        let (token, partner_token) = (app.token_for("canary-a@example.jp").await, app.token_for("canary-p@example.jp").await);
        let call = |method: reqwest::Method, path: String, t: &str| http.request(method, app.url(&format!("/api/v1{path}"))).bearer_auth(t.to_owned());
        use reqwest::Method;
        let org: serde_json::Value = call(Method::POST, "/organizations".into(), &token)
            .json(&serde_json::json!({"kind": "voluntary_group", "name": "見せる会", "municipality": "山口市"})).send().await.unwrap().json().await.unwrap();
        let partner: serde_json::Value = call(Method::POST, "/organizations".into(), &partner_token)
            .json(&serde_json::json!({"kind": "company", "name": "見る株式会社", "municipality": "防府市"})).send().await.unwrap().json().await.unwrap();
        let (org, partner) = (org["id"].as_i64().unwrap(), partner["id"].as_i64().unwrap());
        let mut content = serde_json::to_value(guide_example().to_input()).unwrap();
        content["title"] = serde_json::json!("共有した版の題名");
        let created: serde_json::Value = call(Method::POST, format!("/organizations/{org}/proposals"), &token)
            .json(&serde_json::json!({"content": content})).send().await.unwrap().json().await.unwrap();
        let pid = created["id"].as_i64().unwrap();
        let res = call(Method::POST, format!("/proposals/{pid}/shares"), &token).json(&serde_json::json!({"organization_id": partner, "version": 1})).send().await.unwrap();
        assert!(res.status().is_success());
        // After sharing, the author keeps working: a new title, and a photo (a later second).
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        content["title"] = serde_json::json!("CANARY未共有の新しい題名");
        let res = call(Method::PUT, format!("/proposals/{pid}"), &token).json(&serde_json::json!({"content": content})).send().await.unwrap();
        assert!(res.status().is_success());
        let img = image::RgbImage::from_pixel(40, 30, image::Rgb([200, 90, 60]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let photo: serde_json::Value = call(Method::POST, format!("/proposals/{pid}/photos?caption=CANARY未共有の写真"), &token)
            .header("content-type", "image/png").body(png).send().await.unwrap().json().await.unwrap();
        let photo = photo["id"].as_i64().unwrap();
        // The author sees the new title; the partner, everywhere it looks, only the shared one.
        let mine: serde_json::Value = call(Method::GET, format!("/proposals/{pid}"), &token).send().await.unwrap().json().await.unwrap();
        assert!(mine.to_string().contains("CANARY未共有の新しい題名"));
        for path in [
            format!("/proposals/{pid}"),
            format!("/organizations/{partner}/proposals"),
            "/me/notifications".to_owned(),
            format!("/proposals/{pid}/versions"),
            format!("/proposals/{pid}/comments"),
        ] {
            let res = call(Method::GET, path.clone(), &partner_token).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            let body = res.text().await.unwrap();
            assert!(!body.contains("CANARY"), "{path} shows the partner what was not shared: {body}");
        }
        let listed: serde_json::Value = call(Method::GET, format!("/organizations/{partner}/proposals"), &partner_token).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["shared_with_us"][0]["title"], "共有した版の題名");
        assert_eq!(call(Method::GET, format!("/proposals/{pid}/photos/{photo}"), &partner_token).send().await.unwrap().status(), 404, "a later photo is not the partner's");
        assert_eq!(call(Method::GET, format!("/proposals/{pid}/photos/{photo}"), &token).send().await.unwrap().status(), 200);
        let docx = call(Method::GET, format!("/proposals/{pid}/export.docx"), &partner_token).send().await.unwrap().bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.to_vec())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("共有した版の題名") && !xml.contains("CANARY"), "the partner's Word file is the shared version");
        assert_eq!(xml.matches("<pic:pic").count(), 0, "and carries no later photo");
        // A comment by the author tells the partner in the shared version's words.
        let res = call(Method::POST, format!("/proposals/{pid}/comments"), &token).json(&serde_json::json!({"section": "budget", "body": "予算を見直しました", "version": 1})).send().await.unwrap();
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
        let notes = call(Method::GET, "/me/notifications".into(), &partner_token).send().await.unwrap().text().await.unwrap();
        assert!(notes.contains("共有した版の題名") && !notes.contains("CANARY"), "{notes}");
    }

    async fn themes_and_the_advisor(db) {
        let app = App::spawn(db).await;
        let author = app.user("theme@example.jp").await;
        let org = app.create_org(&author, "放課後クラブ", "voluntary_group").await;
        let res = app.post_form(&author, &format!("/organizations/{org}/themes"), &[
            ("org_theme", "放課後の子どもの居場所づくり"),
            ("collaboration_theme", "放課後の子供に学校ではできない体験をしてもらう"),
            ("element", "子どもたちが「お仕事体験」"), ("partner", "商店街"), ("contribution", "お店体験"),
            ("element", ""), ("partner", ""), ("contribution", ""),
        ]).await;
        assert_eq!(res.status(), 303);
        let theme = res.headers()["location"].to_str().unwrap().trim_start_matches("/themes/").parse::<i64>().unwrap();
        let (_, html) = app.get_text(&author, &format!("/organizations/{org}/proposals/new?theme={theme}")).await;
        assert!(html.contains("放課後の子供に学校ではできない体験をしてもらう"));
        assert!(html.contains("子どもたちが「お仕事体験」 → 商店街：お店体験"));
        let res = app.post_form(&author, &format!("/organizations/{org}/themes"), &[("collaboration_theme", ""), ("partner", "銀行")]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("協働のテーマを入力してください。") && html.contains("value=\"銀行\""));
        let stranger = app.user("stranger4@example.jp").await;
        assert_eq!(app.get_text(&stranger, &format!("/themes/{theme}")).await.0, 404);

        let (status, html) = app.get_text(&app.browser(), "/guide/types/advisor?money=partner_funds_us&responsibility=us&organiser=us").await;
        assert_eq!(status, 200);
        let first = html.find("<h3>1. ").unwrap();
        assert!(html[first..].starts_with("<h3>1. 補助・助成・負担金</h3>"), "{}", &html[first..first + 80]);
        assert!(html.contains("相手が団体の事業に資金を交付します。"));
        let (status, _) = app.get_text(&app.browser(), "/guide/types/advisor?money=%00&organiser=x").await;
        assert_eq!(status, 200);
        // Sent with nothing chosen: it says so, beside the questions.
        let (_, html) = app.get_text(&app.browser(), "/guide/types/advisor?ask=1").await;
        assert!(html.contains("質問に1つ以上答えてから") && html.contains("role=\"alert\""));
        let (_, first_visit) = app.get_text(&app.browser(), "/guide/types/advisor").await;
        assert!(!first_visit.contains("質問に1つ以上答えてから"), "not before it is sent");
    }
}
