//! The evaluation's public summary on both backends (and the report's charts it is drafted
//! beside): drafted from the figures (no free text, no names), kept when refused, published only once every party's owner agrees to the words as
//! they stand, taken down when they change. Before that, nobody outside reads it.

use crate::common;
use crate::evaluation::{agreed, notices};
use crate::surveys::{api, collaboration};

use common::App;
use serde_json::json;

kyodo_test_support::on_both_backends! {
    async fn a_summary_is_published_only_while_every_party_agrees_to_its_words(db) {
        let app = App::spawn(db).await;
        let (npo_browser, npo, csr, cid) = collaboration(&app).await;
        let (org, _, _) = agreed(&app, &npo, &csr, cid).await;
        let base = format!("/collaborations/{cid}");
        let at = format!("{base}/evaluation/after/summary");
        let (status, v) = api(&app, &npo, "GET", &format!("{base}/evaluations/after/summary"), None).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("no_sheet")), "a summary follows a saved sheet");
        let sheet = json!({"held_on": "2027-11-30", "targets": [{"actual": 55, "judgement": "achieved"}], "summary": "地域の居場所になった"});
        assert_eq!(api(&app, &npo, "PUT", &format!("{base}/evaluations/after"), Some(sheet)).await.0, 200);
        let outcome = json!({"party": org, "free": "ボランティアが増えた"});
        assert_eq!(api(&app, &npo, "POST", &format!("{base}/outcomes"), Some(outcome)).await.0, 201);

        // The report draws the survey's answers and the coverage as bars (page, API, Word).
        let surveys = format!("{base}/surveys");
        let sid = api(&app, &npo, "POST", &surveys, Some(json!({"template": "beneficiaries"}))).await.1["id"].as_i64().unwrap();
        assert_eq!(api(&app, &npo, "POST", &format!("{surveys}/{sid}/open"), None).await.0, 200);
        for (who, q1) in [(&npo, 0), (&csr, 1)] {
            let body = json!({"consent": true, "answers": {"q1": q1, "q4": 0}});
            assert_eq!(api(&app, who, "POST", &format!("{surveys}/{sid}/responses"), Some(body)).await.0, 201);
        }
        let article = json!({"kind": "article", "on": "2027-11-02", "title": "食堂に笑顔", "outlet": "山口新聞", "medium": "newspaper"});
        assert_eq!(api(&app, &csr, "POST", &format!("{base}/media"), Some(article)).await.0, 201);
        let report = api(&app, &npo, "GET", &format!("{base}/evaluations/after/report"), None).await.1;
        let bars: Vec<&serde_json::Value> = report["content"]["sections"].as_array().unwrap().iter()
            .flat_map(|s| s["blocks"].as_array().unwrap()).filter(|b| b["kind"] == "bars").collect();
        let q1 = bars.iter().find(|b| b["title"].as_str().is_some_and(|t| t.starts_with("問1 ") && t.ends_with("（回答 2件）"))).expect("question 1 as bars");
        let shares: Vec<_> = q1["bars"].as_array().unwrap().iter().map(|b| (b["percent"].as_u64().unwrap(), b["text"].as_str().unwrap())).collect();
        assert_eq!(&shares[..2], &[(50, "1件（50%）"), (50, "1件（50%）")], "each option its share of those who answered");
        assert!(shares[2..].iter().all(|(p, t)| *p == 0 && *t == "0件（0%）"));
        let media = bars.iter().find(|b| b["title"] == "掲載・放送の媒体").expect("coverage as bars");
        assert_eq!((media["bars"][0]["label"].as_str(), media["bars"][0]["text"].as_str()), (Some("新聞"), Some("1件（100%）")));
        let page = app.get_text(&npo_browser, &format!("{base}/evaluation/after/report")).await.1;
        assert!(page.contains("<h3>掲載・放送の媒体</h3>") && page.contains(r#"aria-label="新聞：1件（100%）""#));
        let docx = crate::matrix::canary::readable(reqwest::Client::new().get(app.url(&format!("/api/v1{base}/evaluations/after/report.docx"))).bearer_auth(&npo).send().await.unwrap()).await;
        assert!(docx.contains("掲載・放送の媒体") && docx.contains("■■■■■■■■■■"), "the Word file draws them too");

        // Drafted from the figures.
        let page = app.get_text(&npo_browser, &at).await.1;
        for want in ["参加した子ども：目標 50人、実績 55人（達成）", "・ボランティアが増えた（こども食堂ひだまり）", "地域の居場所になった"] {
            assert!(page.contains(want), "the draft says {want}");
        }
        let body = "子どもの参加は目標の50人を超え55人に。";
        let res = app.post_form(&npo_browser, &at, &[("headline", ""), ("body", body)]).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(r#"id="headline-error""#) && page.contains(body), "the message beside the field, the body kept");
        let res = app.post_form(&npo_browser, &at, &[("headline", "こども食堂に地域の輪"), ("body", body)]).await;
        assert_eq!(res.status(), 303);

        // One party agrees: still nobody outside reads it.
        let public = format!("/reports/{cid}/after");
        let visitor = app.browser();
        assert_eq!(app.get_text(&visitor, &public).await.0, 404);
        let res = app.post_form(&npo_browser, &format!("{at}/consent"), &[("party", &org.to_string()), ("publish", "1")]).await;
        assert_eq!(res.status(), 303);
        assert!(notices(&app, &csr).await.iter().any(|(t, l)| t.contains("公開に同意しました") && l.ends_with("/evaluation/after/summary")));
        assert_eq!(app.get_text(&visitor, &public).await.0, 404);
        assert_eq!(reqwest::get(app.url(&format!("/api/v1/public-reports/{cid}/after"))).await.unwrap().status(), 404);

        // Both agree: public, by page and API, with nothing else of the collaboration.
        let (status, v) = api(&app, &csr, "POST", &format!("{base}/evaluations/after/summary/consents"), Some(json!({"publish": true}))).await;
        assert_eq!((status, v["published"].as_bool()), (200, Some(true)));
        assert!(notices(&app, &npo).await.iter().any(|(t, l)| t.contains("公開しました") && l == &public));
        let (status, page) = app.get_text(&visitor, &public).await;
        assert!(status == 200 && page.contains("こども食堂に地域の輪") && page.contains(body));
        assert!(!page.contains("ボランティアが増えた"), "only the words agreed to");
        let v: serde_json::Value = reqwest::get(app.url(&format!("/api/v1/public-reports/{cid}/after"))).await.unwrap().json().await.unwrap();
        assert_eq!(v["headline"], "こども食堂に地域の輪");

        // Changed words come down until both agree again.
        let (status, v) = api(&app, &npo, "PUT", &format!("{base}/evaluations/after/summary"), Some(json!({"headline": "こども食堂に地域の輪", "body": "書き直しました。"}))).await;
        assert_eq!((status, v["published"].as_bool()), (200, Some(false)));
        assert_eq!(app.get_text(&visitor, &public).await.0, 404);
        assert!(notices(&app, &csr).await.iter().any(|(t, _)| t.contains("書き直されました")));
        let (status, _) = api(&app, &csr, "POST", &format!("{base}/evaluations/after/summary/consents"), Some(json!({"organization_id": org, "publish": true}))).await;
        assert_eq!(status, 403, "a party agrees for itself");
    }
}
