//! 事前・事後 on both backends: a survey that has run is run again as its second wave with the
//! same questions (not before the first opens, once at a time), the first wave's invitees are
//! asked again in one step, and the change from the first wave is counted per question — shares,
//! means and, for the people who answered both by their personal links, the change per person.

use crate::common;
use crate::surveys::{api, collaboration};

use common::App;
use serde_json::{Value, json};

/// Answers a personal link mailed to `to` with a point of question 1 (0-based) and q4.
async fn by_link(app: &App, to: &str, q1: &str) {
    let link = app.link_in_mail(to, "/r/").await;
    let visitor = app.browser();
    let page = visitor.get(app.url(&link)).send().await.unwrap().text().await.unwrap();
    let csrf = common::extract_csrf(&page).unwrap();
    let form = [
        ("consent", "on"),
        ("q1", q1),
        ("q4", "0"),
        ("csrf_token", csrf.as_str()),
    ];
    let res = visitor.post(app.url(&link)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 200, "{to} answers");
}

kyodo_test_support::on_both_backends! {
    async fn a_second_wave_is_compared_with_the_first_per_question_and_per_person(db) {
        let app = App::spawn(db).await;
        let (npo_browser, npo, csr, cid) = collaboration(&app).await;
        let outsider = app.token_for("wv-out@example.jp").await;
        let surveys = format!("/collaborations/{cid}/surveys");
        let sid = api(&app, &npo, "POST", &surveys, Some(json!({"template": "beneficiaries"}))).await.1["id"].as_i64().unwrap();

        // Not before the first wave has run.
        let (status, v) = api(&app, &npo, "POST", &format!("{surveys}/{sid}/waves"), None).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("survey_wave_draft")));

        // The first wave: two invited people and one public answer.
        let opened = api(&app, &npo, "POST", &format!("{surveys}/{sid}/open"), None).await.1;
        let token = opened["public_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        let people = json!({"people": [{"name": "山田 花子", "email": "hanako@example.jp"}, {"email": "taro@example.jp"}]});
        assert_eq!(api(&app, &npo, "POST", &format!("{surveys}/{sid}/invitations"), Some(people)).await.0, 201);
        by_link(&app, "hanako@example.jp", "1").await;
        by_link(&app, "taro@example.jp", "2").await;
        let public = json!({"consent": true, "answers": {"q1": 0, "q4": 1}});
        assert_eq!(api(&app, &npo, "POST", &format!("/public-surveys/{token}/responses"), Some(public)).await.0, 201);
        assert_eq!(api(&app, &npo, "GET", &format!("{surveys}/{sid}/change"), None).await.0, 404, "a first wave has nothing to compare with");

        // The second wave, from the page: the same questions, a draft; only one at a time.
        let res = app.post_form(&npo_browser, &format!("{surveys}/{sid}/follow-up"), &[]).await;
        assert_eq!(res.status(), 303);
        let at = res.headers()["location"].to_str().unwrap().to_owned();
        let w2: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
        let (status, v) = api(&app, &npo, "POST", &format!("{surveys}/{sid}/waves"), None).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("survey_wave_draft")), "the second wave is still a draft");
        let (first, second) = (
            api(&app, &npo, "GET", &format!("{surveys}/{sid}"), None).await.1,
            api(&app, &csr, "GET", &format!("{surveys}/{w2}"), None).await.1,
        );
        assert_eq!((second["wave"].as_i64(), second["baseline_id"].as_i64()), (Some(2), Some(sid)));
        assert_eq!(second["status"], "draft");
        let keys = |s: &Value| s["questions"].as_array().unwrap().iter().map(|q| q["key"].clone()).collect::<Vec<_>>();
        assert_eq!(keys(&first), keys(&second), "the same questions under the same keys");
        let waves = api(&app, &csr, "GET", &format!("{surveys}/{w2}/waves"), None).await.1;
        let labels: Vec<&str> = waves.as_array().unwrap().iter().map(|w| w["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["第1回（事前）", "第2回（事後）"]);
        assert_eq!(api(&app, &outsider, "GET", &format!("{surveys}/{w2}/waves"), None).await.0, 404);

        // Opened, the first wave's invitees are asked again in one step (once each).
        assert_eq!(api(&app, &npo, "POST", &format!("{surveys}/{w2}/open"), None).await.0, 200);
        let res = app.post_form(&npo_browser, &format!("{at}/invitations/first-wave"), &[]).await;
        assert_eq!(res.headers()["location"].to_str().unwrap(), format!("{at}?invited=2#invitations"));
        assert!(app.get_text(&npo_browser, &format!("{at}?invited=2")).await.1.contains("第1回で招待した人のうち2人に招待メールを送りました"));
        let (status, v) = api(&app, &npo, "POST", &format!("{surveys}/{w2}/invitations/first-wave"), None).await;
        assert_eq!((status, v["count"].as_i64()), (201, Some(0)), "nobody is invited twice");
        let (status, v) = api(&app, &npo, "POST", &format!("{surveys}/{sid}/invitations/first-wave"), None).await;
        assert_eq!((status, v["errors"][0]["code"].as_str()), (422, Some("first_wave")));
        by_link(&app, "hanako@example.jp", "4").await;
        by_link(&app, "taro@example.jp", "2").await;

        // The change: the means of all who answered, and per person for the two who answered both.
        let (status, ch) = api(&app, &csr, "GET", &format!("{surveys}/{w2}/change"), None).await;
        assert_eq!(status, 200, "{ch}");
        assert_eq!((ch["first_responses"].as_i64(), ch["responses"].as_i64()), (Some(3), Some(2)));
        let q1 = ch["questions"].as_array().unwrap().iter().find(|q| q["key"] == "q1").unwrap();
        assert_eq!((q1["mean_before"].as_f64(), q1["mean_after"].as_f64(), q1["mean_change"].as_f64()), (Some(2.0), Some(4.0), Some(2.0)));
        let p = &q1["paired"];
        assert_eq!((p["n"].as_i64(), p["mean_change"].as_f64()), (Some(2), Some(1.5)), "hanako 2→5, taro 3→3: {p}");
        assert_eq!((p["up"].as_i64(), p["same"].as_i64(), p["down"].as_i64()), (Some(1), Some(1), Some(0)));
        let q4 = ch["questions"].as_array().unwrap().iter().find(|q| q["key"] == "q4").unwrap();
        assert_eq!(q4["paired"], Value::Null, "a choice is compared by shares only");
        let shift = &q4["options"][0];
        assert_eq!((shift["before"].as_f64(), shift["after"].as_f64(), shift["points"].as_f64()), (Some(66.7), Some(100.0), Some(33.3)));
        assert!(ch["questions"].as_array().unwrap().iter().all(|q| q["key"] != "q3"), "free text is never compared");

        // The same on the page, and a wave switch on the results.
        let page = app.get_text(&npo_browser, &format!("{at}/change")).await.1;
        assert!(page.contains("同じ人の変化（2人）") && page.contains("+1.5"), "{page}");
        assert!(page.contains("+33.3ポイント"));
        let results = app.get_text(&npo_browser, &format!("{at}/results")).await.1;
        assert!(results.contains(&format!(r#"href="{surveys}/{sid}/results">第1回（事前）"#)) && results.contains(r#"aria-current="page">第2回（事後）"#));
        assert_eq!(api(&app, &outsider, "GET", &format!("{surveys}/{w2}/change"), None).await.0, 404, "an outsider finds nothing");

        // The next wave again, now that the second runs: the third.
        let (status, v) = api(&app, &npo, "POST", &format!("{surveys}/{w2}/waves"), None).await;
        assert_eq!(status, 201);
        let w3 = v["id"].as_i64().unwrap();
        assert_eq!(api(&app, &npo, "GET", &format!("{surveys}/{w3}"), None).await.1["wave"], 3);
    }
}
