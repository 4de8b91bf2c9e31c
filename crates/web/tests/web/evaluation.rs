//! A collaboration's evaluation, through the pages and the API on both backends: the midway
//! sheet pre-filled from the agreement and the indicator (a refused value keeps what was typed),
//! its lessons turned into the next PDCA cycle once; each party's ふりかえりシート hidden until
//! submitted and then compared with the differences marked; media coverage counted; a third
//! party writing by their own link, once; outcomes tied to their evidence. An outsider finds
//! nothing.

use crate::common;
use crate::surveys::{api, collaboration};

use common::App;
use serde_json::{Value, json};

/// The agreement both parties confirmed (its target becomes an indicator) and the indicator's
/// id, with 40 of 50 participants recorded.
pub(crate) async fn agreed(app: &App, npo: &str, csr: &str, cid: i64) -> (i64, i64, i64) {
    let (_, c) = api(app, npo, "GET", &format!("/collaborations/{cid}"), None).await;
    let party = |i: usize| c["parties"][i]["organization_id"].as_i64().unwrap();
    let (org, company) = (party(0), party(1));
    let agreement = json!({"collaboration_type": "business_cooperation", "purpose": "子どもの居場所", "start": "2026-12-01", "end": "2027-11-30",
        "roles": [{"organization_id": org, "guide_roles": ["c1"]}, {"organization_id": company, "guide_roles": ["k1"]}],
        "targets": [{"what": "参加した子ども", "baseline": 10, "value": 50, "unit": "人", "due": "2027-06-30", "method": "名簿", "timing": "毎月"}]});
    let path = format!("/collaborations/{cid}/agreement");
    assert_eq!(api(app, npo, "POST", &path, Some(agreement)).await.0, 201);
    for t in [npo, csr] {
        let (s, _) = api(
            app,
            t,
            "POST",
            &format!("{path}/confirmations"),
            Some(json!({"version": 1})),
        )
        .await;
        assert_eq!(s, 200);
    }
    let (_, list) = api(app, npo, "GET", &format!("/collaborations/{cid}/indicators"), None).await;
    let kid = list[0]["id"].as_i64().unwrap();
    let entry = json!({"date": "2027-01-10", "value": 40, "source": "名簿"});
    let (s, _) = api(
        app,
        npo,
        "POST",
        &format!("/collaborations/{cid}/indicators/{kid}/entries"),
        Some(entry),
    )
    .await;
    assert_eq!(s, 201);
    (org, company, kid)
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

pub(crate) async fn notices(app: &App, token: &str) -> Vec<(String, String)> {
    let (_, v) = api(app, token, "GET", "/me/notifications", None).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["text"].as_str().unwrap().to_owned(),
                n["link"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

kyodo_test_support::on_both_backends! {
    async fn a_collaboration_is_evaluated_compared_and_fed_into_the_next_cycle(db) {
        let app = App::spawn(db).await;
        let (npo_browser, npo, csr, cid) = collaboration(&app).await;
        let (org, company, _) = agreed(&app, &npo, &csr, cid).await;
        let outsider = app.user("ev-out@example.jp").await;
        let base = format!("/collaborations/{cid}");

        // The hub and the midway sheet, pre-filled: 40 of 10→50 is three quarters of the way.
        let (status, hub) = app.get_text(&npo_browser, &format!("{base}/evaluation")).await;
        assert!(status == 200 && hub.contains("中間評価") && hub.contains("まだ評価していません"));
        let sheet_at = format!("{base}/evaluation/midway");
        let page = app.get_text(&npo_browser, &sheet_at).await.1;
        assert!(page.contains("10人 → 50人") && page.contains(r#"value="40""#), "the target and the indicator's latest value");
        assert!(page.contains(r#"<option value="partly" selected>"#), "the judgement the figures suggest");
        for path in [sheet_at.clone(), format!("{base}/evaluation"), format!("{base}/media")] {
            assert_eq!(app.get_text(&outsider, &path).await.0, 404, "{path}: an outsider finds nothing");
        }

        // A refused sheet keeps what was typed, the message beside the field.
        let bad = [("held_on", "2027-01-20"), ("targets[0].actual", "たくさん"), ("targets[0].judgement", "partly"),
            ("summary", "順調に増えた"), ("keep", "月1回の食堂"), ("change", "広報を早める")];
        let res = app.post_form(&npo_browser, &sheet_at, &bad).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(r#"id="targets[0].actual-error""#) && page.contains("数で入力"), "the message is beside the actual");
        assert!(page.contains("たくさん") && page.contains("順調に増えた") && page.contains("広報を早める"), "every value typed is kept");
        let mut good = bad.to_vec();
        good[1] = ("targets[0].actual", "４２");
        let purpose = format!("purpose_{org}");
        good.push((purpose.as_str(), "achieved"));
        let res = app.post_form(&npo_browser, &sheet_at, &good).await;
        assert_eq!(res.status(), 303);
        let (_, v) = api(&app, &csr, "GET", &format!("{base}/evaluations/midway"), None).await;
        assert_eq!(v["saved"], true);
        assert_eq!((v["targets"][0]["actual"].as_str(), v["targets"][0]["suggested"].as_str()), (Some("42"), Some("partly")));
        assert_eq!(v["purposes"][0]["judgement"], "achieved");
        let (_, list) = api(&app, &csr, "GET", &format!("{base}/evaluations"), None).await;
        assert_eq!((list[0]["milestone"].as_str(), list[0]["tally"]["partly"].as_i64()), (Some("midway"), Some(1)));

        // The lessons become the next cycle's plan, once.
        let res = app.post_form(&npo_browser, &format!("{sheet_at}/next-cycle"), &[]).await;
        assert_eq!(res.status(), 303);
        assert!(res.headers()["location"].to_str().unwrap().contains("/workspace#cycle-"));
        let (_, cycles) = api(&app, &npo, "GET", &format!("{base}/cycles"), None).await;
        let plan = cycles.as_array().unwrap().last().unwrap()["plan"].as_str().unwrap().to_owned();
        assert!(plan.contains("変える：広報を早める") && plan.contains("続ける：月1回の食堂"), "{plan}");
        let (status, v) = api(&app, &npo, "POST", &format!("{base}/evaluations/midway/next-cycle"), None).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("lessons_taken")));

        // ふりかえりシート: the NPO's draft is its own; submitting asks every item.
        let sheet = format!("{sheet_at}/assessment");
        let (_, v) = api(&app, &npo, "GET", &format!("{base}/evaluations/midway/assessments"), None).await;
        let keys: Vec<String> = v["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap().to_owned()).collect();
        assert!(keys.len() >= 7 && keys.iter().any(|k| k.starts_with(&format!("r-{company}-"))), "five principles and both parties' roles: {keys:?}");
        let field = |k: &str, what: &str| format!("o{org}-{what}_{k}");
        let draft = vec![("party".to_owned(), org.to_string()), ("submit".into(), "0".into()),
            (field(&keys[0], "score"), "5".into()), (field(&keys[0], "comment"), "対等に話せた".into())];
        assert_eq!(app.post_form(&npo_browser, &sheet, &as_refs(&draft)).await.status(), 303);
        let (_, v) = api(&app, &csr, "GET", &format!("{base}/evaluations/midway/assessments"), None).await;
        assert!(v["shown"].as_array().unwrap().is_empty() && !v.to_string().contains("対等に話せた"), "a draft stays with its party");
        let mut submit = draft.clone();
        submit[1].1 = "1".into();
        let res = app.post_form(&npo_browser, &sheet, &as_refs(&submit)).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(&format!(r#"id="o{org}-score_{}-error""#, keys[1])) && page.contains("対等に話せた"), "unscored items are named, the typed comment kept");
        for k in &keys[1..] {
            submit.push((field(k, "score"), "4".into()));
        }
        assert_eq!(app.post_form(&npo_browser, &sheet, &as_refs(&submit)).await.status(), 303);
        assert!(notices(&app, &csr).await.iter().any(|(t, l)| t.contains("ふりかえりシートを提出") && l.ends_with("/assessment#compare")), "the partner is told");
        let (_, v) = api(&app, &csr, "GET", &format!("{base}/evaluations/midway/assessments"), None).await;
        assert!(v["shown"].as_array().unwrap().is_empty(), "the partner sees it after submitting its own");
        let scores: Vec<Value> = keys.iter().enumerate().map(|(i, k)| json!({"key": k, "score": if i == 0 { 2 } else { 4 }})).collect();
        let path = format!("{base}/evaluations/midway/assessments/{company}");
        let (status, _) = api(&app, &csr, "PUT", &path, Some(json!({"scores": scores, "overall": "連絡が遅れた", "submit": true}))).await;
        assert_eq!(status, 204);
        let (status, _) = api(&app, &csr, "PUT", &format!("{base}/evaluations/midway/assessments/{org}"), Some(json!({}))).await;
        assert_eq!(status, 403, "a party writes its own sheet only");
        let (_, v) = api(&app, &csr, "GET", &format!("{base}/evaluations/midway/assessments"), None).await;
        assert_eq!(v["shown"].as_array().unwrap().len(), 2);
        assert_eq!((v["compared"][0]["scores"].clone(), v["compared"][0]["differs"].as_bool()), (json!([5, 2]), Some(true)));
        let page = app.get_text(&npo_browser, &sheet).await.1;
        assert!(page.contains(r#"class="differs""#) && page.contains("連絡が遅れた"), "side by side, the difference marked");

        // Media: a release on the page, the article that followed by the API.
        let media = format!("{base}/media");
        let res = app.post_form(&npo_browser, &media, &[("kind", "release"), ("release-on", "2027-01-05"), ("release-title", "こども食堂の新しい会場"), ("release-outlet", "県政記者クラブ")]).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&npo_browser, &media, &[("kind", "article"), ("article-on", "2027-01-08"), ("article-title", "食堂に笑顔"), ("article-outlet", "山口新聞")]).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(r#"id="article-medium-error""#) && page.contains("食堂に笑顔"), "the missing medium is named, the title kept");
        let (_, v) = api(&app, &csr, "GET", &media, None).await;
        let release = v["items"][0]["id"].as_i64().unwrap();
        let article = json!({"kind": "article", "on": "2027-01-08", "title": "食堂に笑顔", "outlet": "山口新聞", "medium": "newspaper", "reach": 12000, "tone": "positive", "release_id": release});
        let (status, a) = api(&app, &csr, "POST", &media, Some(article)).await;
        assert_eq!(status, 201);
        let (_, v) = api(&app, &npo, "GET", &media, None).await;
        assert_eq!(v["counts"], json!({"releases": 1, "articles": 1, "following": 1, "reach": 12000}));

        // A third party is asked by mail and writes by their own link, once.
        let res = app.post_form(&npo_browser, &format!("{base}/opinions/requests"), &[("request-name", "山口 花子"), ("request-organization", "山口県 県民活動課"), ("request-role", "主査"), ("request-email", "officer@example.jp"), ("request-milestone", "midway")]).await;
        assert_eq!(res.status(), 303);
        let link = app.link_in_mail("officer@example.jp", "/o/").await;
        let visitor = app.browser();
        let (status, page) = app.get_text(&visitor, &link).await;
        assert!(status == 200 && page.contains("山口 花子 様") && page.contains("こども食堂ひだまり"), "the request, and only it");
        assert!(!page.contains("連絡が遅れた") && !page.contains("食堂に笑顔"));
        assert_eq!(app.post_form(&visitor, &link, &[("text", "  ")]).await.status(), 422);
        assert_eq!(app.post_form(&visitor, &link, &[("text", "地域の子どもの居場所として定着しつつある。")]).await.status(), 303);
        assert!(notices(&app, &csr).await.iter().any(|(t, _)| t.contains("第三者意見が届きました")), "the parties are told");
        assert_eq!(app.post_form(&visitor, &link, &[("text", "二度目")]).await.status(), 409, "one opinion per link");
        let (_, ops) = api(&app, &csr, "GET", &format!("{base}/opinions"), None).await;
        assert_eq!((ops[0]["text"].as_str(), ops[0]["written_on"].is_string()), (Some("地域の子どもの居場所として定着しつつある。"), true));

        // Outcomes, each tied to a record of this collaboration only.
        let outcomes = format!("{base}/outcomes");
        let evidence = format!("media:{}", a["id"]);
        let res = app.post_form(&npo_browser, &outcomes, &[("party", &org.to_string()), ("free", "ボランティアが増えた"), ("evidence", "media:999999")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("ボランティアが増えた"), "kept");
        let res = app.post_form(&npo_browser, &outcomes, &[("party", &org.to_string()), ("free", "ボランティアが増えた"), ("evidence", &evidence), ("note", "新聞に載り問い合わせ5件")]).await;
        assert_eq!(res.status(), 303);
        let (_, v) = api(&app, &csr, "GET", &outcomes, None).await;
        assert_eq!(v["outcomes"][0]["evidence"].as_str(), Some(evidence.as_str()));
        assert!(v["outcomes"][0]["evidence_label"].as_str().unwrap().contains("食堂に笑顔"));
        let page = app.get_text(&npo_browser, &outcomes).await.1;
        assert!(page.contains("ボランティアが増えた") && page.contains("新聞に載り問い合わせ5件"));

        // The report: every section in the guide's order, each claim's evidence named.
        let report = format!("{sheet_at}/report");
        let (status, page) = app.get_text(&npo_browser, &report).await;
        assert_eq!(status, 200);
        for want in ["中間評価 報告書", "目的の達成度", "10人 → 42人 ／ 目標 50人（80%）", "一部達成", "掲載・放送 1件（うちリリースから 1件）",
            "各団体のふりかえり", "（差が大きい）", "地域の子どもの居場所として定着しつつある。", "掲載実績：令和9年（2027年）1月8日 食堂に笑顔（掲載・放送）",
            "変える：広報を早める", "第1版"] {
            assert!(page.contains(want), "the report shows {want}");
        }
        let pdf = crate::matrix::canary::readable(reqwest::Client::new().get(app.url(&format!("/api/v1{base}/evaluations/midway/report.pdf"))).bearer_auth(&csr).send().await.unwrap()).await;
        // pdftotext spaces out digits among Japanese; read it without spaces.
        let pdf: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
        if !pdf.is_empty() {
            assert!(pdf.contains("中間評価報告書") && pdf.contains("令和9年（2027年）1月20日") && pdf.contains("印"), "the PDF: {pdf}");
        }
        let docx = crate::matrix::canary::readable(reqwest::Client::new().get(app.url(&format!("/api/v1{base}/evaluations/midway/report.docx"))).bearer_auth(&csr).send().await.unwrap()).await;
        assert!(docx.contains("目標と実績（数値の効果）") && docx.contains("第1版"), "the Word file");

        // Signed off by each party's owner, the other told each time; a change asks again.
        let res = app.post_form(&npo_browser, &format!("{report}/sign-off"), &[("party", &org.to_string())]).await;
        assert_eq!(res.status(), 303);
        assert!(notices(&app, &csr).await.iter().any(|(t, l)| t.contains("評価報告書（第1版）を確認しました") && l.ends_with("/evaluation/midway/report")));
        let (status, _) = api(&app, &csr, "POST", &format!("{base}/evaluations/midway/report/sign-offs"), Some(json!({"organization_id": org}))).await;
        assert_eq!(status, 403, "a party signs for itself");
        let (status, v) = api(&app, &csr, "POST", &format!("{base}/evaluations/midway/report/sign-offs"), Some(json!({}))).await;
        assert_eq!((status, v["version"].as_i64()), (201, Some(1)));
        assert!(notices(&app, &npo).await.iter().any(|(t, _)| t.contains("確認がすべての団体でそろいました")));
        let (_, v) = api(&app, &npo, "GET", &format!("{base}/evaluations/midway/report"), None).await;
        assert_eq!((v["version"].as_i64(), v["complete"].as_bool()), (Some(1), Some(true)));
        let more = json!({"kind": "article", "on": "2027-01-15", "title": "食堂の輪広がる", "outlet": "周南テレビ", "medium": "tv"});
        assert_eq!(api(&app, &csr, "POST", &media, Some(more)).await.0, 201);
        let (_, v) = api(&app, &npo, "GET", &format!("{base}/evaluations/midway/report"), None).await;
        assert_eq!((v["version"].as_i64(), v["complete"].as_bool()), (Some(2), Some(false)), "changed content is a new version");
        assert_eq!(v["signoffs"][0]["earlier_version"].as_i64(), Some(1));
        let page = app.get_text(&npo_browser, &report).await.1;
        assert!(page.contains("第1版を確認済み。内容が変わったため、第2版は未確認") && page.contains("として第2版を確認する"));

        // The outsider's API is refused alike.
        let stranger = app.new_token(&outsider).await;
        for path in [format!("{base}/evaluations"), format!("{base}/evaluations/midway/assessments"), format!("{base}/evaluations/midway/report"), media, outcomes] {
            assert_eq!(api(&app, &stranger, "GET", &path, None).await.0, 404, "{path}");
        }
    }
}
