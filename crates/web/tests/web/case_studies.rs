//! A collaboration told as a case on both backends: drafted from its records once it reaches
//! 評価, refused beside the field with every value kept, published only once every party's
//! owner approved the same version (and a key person consented), found in the library by
//! reading and by facets, printed as a PDF, and gone from the library, page and API at once when
//! a party withdraws or the words change.

use crate::common;
use crate::evaluation::{agreed, notices};
use crate::surveys::{api, collaboration};

use common::App;
use serde_json::{Value, json};

const PATH: [&str; 7] = [
    "theme",
    "partner",
    "proposal",
    "negotiation",
    "agreement",
    "running",
    "evaluation",
];

/// Moves the collaboration one stage at a time up to 評価.
async fn to_evaluation(app: &App, token: &str, cid: i64) {
    let stage = api(app, token, "GET", &format!("/collaborations/{cid}"), None).await.1["stage"]
        .as_str()
        .unwrap()
        .to_owned();
    let from = PATH.iter().position(|s| *s == stage).unwrap();
    for next in &PATH[from + 1..] {
        let (status, v) = api(
            app,
            token,
            "POST",
            &format!("/collaborations/{cid}/stage"),
            Some(json!({"stage": next})),
        )
        .await;
        assert_eq!(status, 200, "{next}: {v}");
    }
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn library_titles(v: &Value) -> Vec<String> {
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect()
}

kyodo_test_support::on_both_backends! {
    async fn a_case_is_public_only_while_every_party_approved_the_same_version(db) {
        let app = App::spawn(db).await;
        let (npo_browser, npo, csr, cid) = collaboration(&app).await;
        let (org, company, _) = agreed(&app, &npo, &csr, cid).await;
        let base = format!("/collaborations/{cid}");
        let (status, v) = api(&app, &npo, "GET", &format!("{base}/case-study"), None).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("not_evaluated")), "a case follows the evaluation");
        to_evaluation(&app, &npo, cid).await;
        let outcome = json!({"party": org, "free": "ボランティアが増えた"});
        assert_eq!(api(&app, &npo, "POST", &format!("{base}/outcomes"), Some(outcome)).await.0, 201);

        // Drafted from the records: the agreement's roles and purpose, the outcomes, the towns.
        let (status, draft) = api(&app, &npo, "GET", &format!("{base}/case-study"), None).await;
        assert_eq!((status, draft["version"].is_null()), (200, true));
        let c = &draft["content"];
        assert_eq!((c["collaboration_type"].as_str(), c["year"].as_str()), (Some("事業協力・事業協定"), Some("2026")));
        assert!(c["period"].as_str().unwrap().starts_with("令和8年（2026年）12月1日〜"));
        assert!(c["summary"].as_str().unwrap().contains("子どもの居場所"));
        assert_eq!((c["parties"][0]["kind"].as_str(), c["parties"][0]["municipality"].as_str()), (Some("NPO法人"), Some("山口市")));
        assert!(c["parties"][0]["gained"].as_str().unwrap().contains("ボランティアが増えた"));
        assert!(!c["parties"][0]["did"].as_str().unwrap().is_empty(), "the agreement's roles");
        assert_eq!(c["key_persons"].as_array().unwrap().len(), 0, "a person's words are never drafted");

        // The page shows the draft; a refused save comes back with every value and the message beside the field.
        let page = app.get_text(&npo_browser, &format!("{base}/case")).await.1;
        assert!(page.contains("ボランティアが増えた") && page.contains("周南フーズ株式会社"));
        let form = |title: &'static str, consented: bool| {
            let mut f: Vec<(&str, String)> = vec![
                ("title", title.into()), ("field", "子どもの健全育成".into()), ("collaboration_type", "事業協力・事業協定".into()),
                ("year", "2026".into()), ("resources", "goods".into()), ("resources", "people".into()),
                ("summary", "こども食堂に地元企業の食材と社員ボランティアが加わりました。".into()),
                ("party_name", "こども食堂ひだまり".into()), ("party_kind", "NPO法人".into()), ("party_municipality", "山口市".into()),
                ("party_did", "食堂の運営".into()), ("party_gained", "ボランティアが増えた".into()),
                ("party_name", "周南フーズ株式会社".into()), ("party_kind", "企業".into()), ("party_municipality", "周南市".into()),
                ("party_did", "食材の提供".into()), ("party_gained", "社員の誇り".into()),
                ("party_name", String::new()), ("party_kind", String::new()), ("party_municipality", String::new()), ("party_did", String::new()), ("party_gained", String::new()),
                ("key_name", "山田 花子".into()), ("key_role", "代表".into()), ("key_organization", "こども食堂ひだまり".into()), ("key_words", "地域みんなの食卓になりました。".into()),
                ("references", String::new()),
            ];
            if consented { f.push(("key_consented", "0".into())); }
            f
        };
        let res = app.post_form(&npo_browser, &format!("{base}/case"), &refs(&form("", false))).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(r#"id="title-error""#) && page.contains("地域みんなの食卓になりました。") && page.contains(r#"value="goods" checked"#), "kept as typed");
        let res = app.post_form(&npo_browser, &format!("{base}/case"), &refs(&form("こども食堂と地元企業の食卓", false))).await;
        assert_eq!(res.status(), 303);
        assert!(notices(&app, &csr).await.iter().any(|(t, l)| t.contains("第1版ができました") && l.ends_with("/case#approval")), "the other party is asked");

        // Both approve version 1, but the key person's consent is not recorded: not public.
        for t in [&npo, &csr] {
            let (status, v) = api(&app, t, "POST", &format!("{base}/case-study/approvals"), Some(json!({"version": 1}))).await;
            assert_eq!((status, v["published"].as_bool()), (200, Some(false)));
        }
        let v = api(&app, &npo, "GET", &format!("{base}/case-study"), None).await.1;
        assert!(v["blockers"][0].as_str().unwrap().contains("山田 花子さん"));
        let case_id = v["case_id"].as_i64().unwrap();
        let visitor = app.browser();
        assert_eq!(app.get_text(&visitor, &format!("/cases/{case_id}")).await.0, 404);
        assert!(!library_titles(&reqwest::get(app.url("/api/v1/case-studies")).await.unwrap().json().await.unwrap()).contains(&"こども食堂と地元企業の食卓".to_owned()));

        // Consent recorded: version 2; an approval of version 1 no longer counts, a stale one is refused.
        let res = app.post_form(&npo_browser, &format!("{base}/case"), &refs(&form("こども食堂と地元企業の食卓", true))).await;
        assert_eq!(res.status(), 303);
        let (status, v) = api(&app, &csr, "POST", &format!("{base}/case-study/approvals"), Some(json!({"version": 1}))).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("case_study_changed")));
        let res = app.post_form(&npo_browser, &format!("{base}/case/approval"), &[("party", &org.to_string()), ("version", "2"), ("approve", "1")]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get_text(&visitor, &format!("/cases/{case_id}")).await.0, 404, "one party's approval is not enough");
        let (status, v) = api(&app, &csr, "POST", &format!("{base}/case-study/approvals"), Some(json!({"organization_id": company, "version": 2}))).await;
        assert_eq!((status, v["published"].as_bool()), (200, Some(true)));
        assert!(notices(&app, &npo).await.iter().any(|(t, l)| t.contains("事例集に公開しました") && l == &format!("/cases/{case_id}")));

        // Public: the page, the API, the PDF, and the library found by reading and by facets.
        let (status, page) = app.get_text(&visitor, &format!("/cases/{case_id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("地域みんなの食卓になりました。") && page.contains("山田 花子さん") && page.contains("食材の提供"));
        assert!(page.contains(r#"href="/cases?municipality=%E5%91%A8%E5%8D%97%E5%B8%82""#), "a town links to the cases from it");
        let pdf = reqwest::get(app.url(&format!("/cases/{case_id}/pdf"))).await.unwrap();
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        let text = crate::matrix::canary::readable(pdf).await;
        let flat: String = text.split_whitespace().collect();
        assert!(flat.contains("こども食堂と地元企業の食卓") && flat.contains("キーパーソンに聞く") && flat.contains("協働の成果"), "{flat}");
        let lib: Value = reqwest::get(app.url("/api/v1/case-studies?q=%E3%81%97%E3%82%87%E3%81%8F%E3%81%96%E3%81%84")).await.unwrap().json().await.unwrap();
        assert_eq!(library_titles(&lib), ["こども食堂と地元企業の食卓"], "しょくざい finds 食材 by its reading");
        assert_eq!(lib["by_reading"], true);
        let lib: Value = reqwest::get(app.url("/api/v1/case-studies?kind=%E4%BC%81%E6%A5%AD&resource=people")).await.unwrap().json().await.unwrap();
        let titles = library_titles(&lib);
        assert!(titles.contains(&"こども食堂と地元企業の食卓".to_owned()) && titles.contains(&"若者ＵＰプロジェクト（コレクティブ・インパクト）".to_owned()) && titles.len() == 2, "{titles:?}");
        let all = app.get_text(&visitor, "/cases").await.1;
        assert!(all.contains("手引 事例1") && all.contains("手引 参考２") && all.contains(&format!(r#"href="/cases/{case_id}""#)));
        let related = reqwest::get(app.url(&format!("/api/v1/case-studies/{case_id}"))).await.unwrap().json::<Value>().await.unwrap();
        assert!(!related["related"].as_array().unwrap().is_empty(), "related cases beside it");

        // "Cases like this": in the type advisor's answer (page and API) and beside the proposal form.
        let advice: Value = reqwest::get(app.url("/api/v1/collaboration-types/advice?period=fixed_period&responsibility=shared&parties=two")).await.unwrap().json().await.unwrap();
        let first = &advice[0];
        assert_eq!(first["collaboration_type"], "business_cooperation");
        let cases: Vec<&str> = first["cases"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
        assert!(cases.contains(&"こども食堂と地元企業の食卓") && cases.len() <= 3, "{cases:?}");
        let page = app.get_text(&visitor, "/guide/types/advisor?ask=1&period=fixed_period&responsibility=shared&parties=two").await.1;
        assert!(page.contains("この形の事例") && page.contains(&format!(r#"href="/cases/{case_id}""#)));
        // A proposal form sent back with an error still shows the cases like what was typed.
        let sent = [("title", ""), ("collaboration_type", "business_cooperation"), ("ask_resource", "people")];
        let res = app.post_form(&npo_browser, &format!("/organizations/{org}/proposals"), &sent).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("似ている協働事例") && page.contains(&format!(r#"href="/cases/{case_id}""#)), "beside the proposal form");

        // The words change: out of the library until both approve again.
        let res = app.post_form(&npo_browser, &format!("{base}/case"), &refs(&form("こども食堂と地元企業の食卓（改）", true))).await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get_text(&visitor, &format!("/cases/{case_id}")).await.0, 404);
        assert!(notices(&app, &csr).await.iter().any(|(t, _)| t.contains("公開を止めました")));
        for t in [&npo, &csr] {
            assert_eq!(api(&app, t, "POST", &format!("{base}/case-study/approvals"), Some(json!({"version": 3}))).await.1["published"], json!(t == &csr));
        }
        assert_eq!(app.get_text(&visitor, &format!("/cases/{case_id}")).await.0, 200);

        // A party withdraws: gone at once from the page, the API, the PDF and the library.
        let (status, v) = api(&app, &csr, "POST", &format!("{base}/case-study/approvals"), Some(json!({"version": null}))).await;
        assert_eq!((status, v["published"].as_bool()), (200, Some(false)));
        assert!(notices(&app, &npo).await.iter().any(|(t, _)| t.contains("取り下げました。事例集から外しました")));
        assert_eq!(app.get_text(&visitor, &format!("/cases/{case_id}")).await.0, 404);
        assert_eq!(reqwest::get(app.url(&format!("/api/v1/case-studies/{case_id}"))).await.unwrap().status(), 404);
        assert_eq!(reqwest::get(app.url(&format!("/cases/{case_id}/pdf"))).await.unwrap().status(), 404);
        assert!(!app.get_text(&visitor, "/cases").await.1.contains("地元企業の食卓"));

        // Only owners approve; outsiders see nothing of the draft.
        let outsider = app.token_for("cs-outsider@example.jp").await;
        assert_eq!(api(&app, &outsider, "GET", &format!("{base}/case-study"), None).await.0, 404);
        assert_eq!(api(&app, &outsider, "POST", &format!("{base}/case-study/approvals"), Some(json!({"version": 3}))).await.0, 404);
    }
}
