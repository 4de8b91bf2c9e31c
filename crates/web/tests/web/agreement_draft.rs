//! The agreement starts from the proposal the partners were shown: nothing is typed twice, and
//! nothing from a draft the partners never saw reaches it.

use crate::common;
use crate::proposals::fields;

use common::App;
use kyodo_domain::proposal::guide_example;

kyodo_test_support::on_both_backends! {
    async fn the_agreement_is_drafted_from_the_shared_proposal(db) {
        let app = App::spawn(db).await;
        let npo = app.user("ad-npo@example.jp").await;
        let org = app.create_org(&npo, "里山を守る会", "voluntary_group").await;
        let csr = app.user("ad-csr@example.jp").await;
        let company = app.create_org(&csr, "山口そば株式会社", "company").await;
        let res = app.post_form(&npo, &format!("/organizations/{org}/proposals"), &fields(&guide_example().to_input()).iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()).await;
        let pid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/proposals/").split('?').next().unwrap().parse().unwrap();
        app.post_form(&npo, &format!("/proposals/{pid}/shares"), &[("organization", &company.to_string()), ("how", "this"), ("version", "1")]).await;
        // A later draft the company was never shown.
        let mut later = guide_example().to_input();
        later.purpose = "まだ見せていない目的".into();
        let res = app.post_form(&npo, &format!("/proposals/{pid}/edit"), &fields(&later).iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&npo, &format!("/proposals/{pid}/collaboration"), &[]).await;
        let cid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/collaborations/").parse().unwrap();

        let (status, html) = app.get_text(&csr, &format!("/collaborations/{cid}/agreement")).await;
        assert_eq!(status, 200);
        let example = guide_example();
        assert!(html.contains("企画書（第1版）から") && html.contains(&example.purpose) && !html.contains("まだ見せていない目的"), "{html}");
        let chosen = format!("value=\"{}\" selected", example.collaboration_type.unwrap().as_str());
        assert!(html.contains(&chosen), "the proposal's type is chosen");
        assert!(html.contains("value=\"そばまつりの来場者\"") && html.contains("value=\"300\"") && html.contains("value=\"人\""));
        assert!(html.contains("value=\"2027-11-30\""), "the period ends with the last target");
        assert!(html.contains(&format!("name=\"free_roles_{company}\" value=\"開墾と収穫の日に社員ボランティア10名")), "what was asked of the company is its role");
        assert!(html.contains(&format!("name=\"cost_{company}\" value=\"協賛金 10万円\"")));

        // The same draft for scripts; once an agreement is saved the page shows it instead.
        let token = app.new_token(&csr).await;
        let draft: serde_json::Value = reqwest::Client::new().get(app.url(&format!("/api/v1/collaborations/{cid}/agreement/draft")))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(draft["from_proposal_version"], 1);
        assert_eq!(draft["purpose"], example.purpose.as_str());
        assert_eq!(draft["targets"][1]["value"], "300");
        let mut body = draft.clone();
        body["start"] = "令和9年4月1日".into();
        for t in body["targets"].as_array_mut().unwrap() {
            t["method"] = "数える".into();
            t["timing"] = "終了時".into();
        }
        body["roles"][0]["free_roles"] = "企画・運営".into();
        let res = reqwest::Client::new().post(app.url(&format!("/api/v1/collaborations/{cid}/agreement")))
            .bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201, "the draft, completed, is an agreement: {}", res.text().await.unwrap());
        let (_, html) = app.get_text(&csr, &format!("/collaborations/{cid}/agreement")).await;
        assert!(!html.contains("id=\"drafted\""));
    }
}
