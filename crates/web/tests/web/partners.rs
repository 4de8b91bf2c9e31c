//! Partners chosen by name, and shares that follow new versions: a name typed as anyone types it
//! (without the legal form, full-width) finds the organisation; an unclear one offers the
//! organisations it might mean, keeping everything typed; a share follows every version saved
//! after it until the author stops it, and the partner is told and sees which version is latest.

use crate::common;

use crate::collaborations::post;
use common::App;
use kyodo_domain::proposal::guide_example;

/// The guide's example as the form sends it, with what was typed for the partner and ticked.
fn proposal_fields(partner: &str, pick: &str) -> Vec<(String, String)> {
    let mut f = crate::collaborations::proposal_fields();
    f.push(("partner".to_owned(), partner.to_owned()));
    f.push(("partner_pick".to_owned(), pick.to_owned()));
    f
}

fn proposal_id(res: &reqwest::Response) -> i64 {
    let at = res.headers()["location"].to_str().unwrap();
    at.trim_start_matches("/proposals/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn a_partner_is_chosen_by_name_and_an_unclear_name_offers_what_it_might_mean(db) {
        let app = App::spawn(db).await;
        let npo = app.user("pn-npo@example.jp").await;
        let org = app.create_org(&npo, "特定非営利活動法人 里山を守る会", "npo_corporation").await;
        let csr = app.user("pn-csr@example.jp").await;
        let company = app.create_org(&csr, "山口そば株式会社", "company").await;
        let other = app.user("pn-other@example.jp").await;
        let first = app.create_org(&other, "みどりの会", "voluntary_group").await;
        let second = app.create_org(&other, "みどりの会", "voluntary_group").await;
        app.state.app.sync_search().await.unwrap();
        let new = format!("/organizations/{org}/proposals");

        // Without its legal form and in full-width, the name finds the company.
        let res = post(&app, &npo, &new, &proposal_fields("（株）　山口そば", "")).await;
        assert_eq!(res.status(), 303);
        let pid = proposal_id(&res);
        let (_, html) = app.get_text(&npo, &format!("/proposals/{pid}")).await;
        assert!(html.contains("協働の相手：山口そば株式会社"), "{html}");

        // Two organisations carry the name: both are offered, and what was typed stays.
        let res = post(&app, &npo, &new, &proposal_fields("みどりの会", "")).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("協働の相手の「みどりの会」に当てはまる団体を、下の一覧から選んでください。"), "{html}");
        assert!(html.contains(&format!("name=\"partner_pick\" value=\"{first}\"")) && html.contains(&format!("name=\"partner_pick\" value=\"{second}\"")));
        assert!(html.contains("value=\"みどりの会\"") && html.contains(&guide_example().title), "typed values kept");
        assert!(app.store.proposals_of(org).await.unwrap().len() == 1, "nothing saved");
        // Ticking one of them chooses it.
        let res = post(&app, &npo, &new, &proposal_fields("みどりの会", &second.to_string())).await;
        assert_eq!(res.status(), 303);
        let chosen = app.store.proposal(proposal_id(&res)).await.unwrap().unwrap();
        assert_eq!(chosen.partner_id, Some(second));

        // A name nobody carries says so beside the field.
        let res = post(&app, &npo, &new, &proposal_fields("どこにもない団体", "")).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("協働の相手の「どこにもない団体」という団体は見つかりません"));

        // The form names past partners first; editing shows the partner by name and keeps it.
        let (_, form) = app.get_text(&npo, &format!("/proposals/{pid}/edit")).await;
        assert!(form.contains("value=\"山口そば株式会社\"") && form.contains("これまでの相手"), "{form}");
        let mut f = proposal_fields("山口そば株式会社", "");
        f.push(("note".into(), "題名はそのまま".into()));
        let res = post(&app, &npo, &format!("/proposals/{pid}/edit"), &f).await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.store.proposal(pid).await.unwrap().unwrap().partner_id, Some(company));

        // The API answers the same question for scripts and the browser's suggestions.
        let token = app.new_token(&npo).await;
        let choices: serde_json::Value = reqwest::Client::new()
            .get(app.url(&format!("/api/v1/organizations/{org}/partner-choices?q=%E3%81%BF%E3%81%A9%E3%82%8A%E3%81%AE%E4%BC%9A")))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(choices["chosen"], serde_json::Value::Null);
        assert_eq!(choices["near"].as_array().unwrap().len(), 2, "{choices}");
        assert!(choices["offered"].as_array().unwrap().iter().any(|c| c["organization_id"] == company && c["why"] == "これまでの相手"));
        let outsider = app.new_token(&csr).await;
        let res = reqwest::Client::new().get(app.url(&format!("/api/v1/organizations/{org}/partner-choices")))
            .bearer_auth(&outsider).send().await.unwrap();
        assert_eq!(res.status(), 403, "whom an organisation worked with is its members' to see");
    }

    async fn a_share_follows_new_versions_until_the_author_stops_it(db) {
        let app = App::spawn(db).await;
        let npo = app.user("pf-npo@example.jp").await;
        let org = app.create_org(&npo, "里山を守る会", "voluntary_group").await;
        let csr = app.user("pf-csr@example.jp").await;
        let company = app.create_org(&csr, "山口そば株式会社", "company").await;
        app.state.app.sync_search().await.unwrap();
        let res = post(&app, &npo, &format!("/organizations/{org}/proposals"), &proposal_fields("", "")).await;
        let pid = proposal_id(&res);

        // Shared by name; by default with the versions to come.
        let res = app.post_form(&npo, &format!("/proposals/{pid}/shares"), &[("organization", "山口そば"), ("how", "follow"), ("version", "1")]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&npo, &format!("/proposals/{pid}")).await;
        assert!(html.contains("最新版（第1版）とこれからの版"), "{html}");

        // Version 2 reaches the partner with the save, and the partner is told.
        let mut f = proposal_fields("", "");
        f[0].1 = "第2版の題名".into();
        assert_eq!(post(&app, &npo, &format!("/proposals/{pid}/edit"), &f).await.status(), 303);
        let (status, html) = app.get_text(&csr, &format!("/proposals/{pid}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("共有されている最新の版は<strong>第2版</strong>です。新しい版が保存されると"), "{html}");
        assert!(html.contains("第2版の題名"));
        let (_, notes) = app.get_text(&csr, "/notifications").await;
        assert!(notes.contains("企画書「第2版の題名」（第2版・最新版）を共有しました"), "{notes}");

        // Stopped at version 2: version 3 stays the author's.
        let res = app.post_form(&npo, &format!("/proposals/{pid}/shares"), &[("organization", &company.to_string()), ("how", "this"), ("version", "2")]).await;
        assert_eq!(res.status(), 303);
        f[0].1 = "第3版の題名".into();
        assert_eq!(post(&app, &npo, &format!("/proposals/{pid}/edit"), &f).await.status(), 303);
        let (status, _) = app.get_text(&csr, &format!("/proposals/{pid}?version=3")).await;
        assert_eq!(status, 404);
        let (_, html) = app.get_text(&csr, &format!("/proposals/{pid}")).await;
        assert!(html.contains("共有はこの版までです") && !html.contains("第3版の題名"), "{html}");
        let (_, notes) = app.get_text(&csr, "/notifications").await;
        assert!(!notes.contains("第3版"), "{notes}");
        let (_, mine) = app.get_text(&npo, &format!("/proposals/{pid}")).await;
        assert!(mine.contains("第2版まで") && mine.contains("最新版とこれからの版も共有する"), "{mine}");
    }
}
