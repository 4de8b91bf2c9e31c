//! Collaborations over HTTP: started from a shared proposal, stages moved by the parties with who
//! and why, the approach log with its personal data kept to the parties, and refusals.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

mod common;

use common::App;
use kyodo_domain::proposal::guide_example;

fn proposal_fields() -> Vec<(String, String)> {
    let i = guide_example().to_input();
    let mut f = vec![
        ("title".to_owned(), i.title.clone()),
        ("theme".to_owned(), i.theme.clone()),
    ];
    for a in &i.asks {
        f.push(("ask_resource".into(), a.resource.clone()));
        f.push(("ask_detail".into(), a.detail.clone()));
        f.push(("ask_benefit".into(), a.partner_benefit.clone()));
    }
    f
}

async fn post(app: &App, c: &reqwest::Client, path: &str, f: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(c, path, &pairs).await
}

kyodo_test_support::on_both_backends! {
    async fn a_shared_proposal_becomes_a_collaboration_the_parties_carry_forward(db) {
        let app = App::spawn(db).await;
        let npo = app.user("c-npo@example.jp").await;
        let org = app.create_org(&npo, "里山を守る会", "voluntary_group").await;
        let csr = app.user("c-csr@example.jp").await;
        let company = app.create_org(&csr, "山口そば株式会社", "company").await;
        let res = post(&app, &npo, &format!("/organizations/{org}/proposals"), &proposal_fields()).await;
        let pid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/proposals/").split('?').next().unwrap().parse().unwrap();
        app.post_form(&npo, &format!("/proposals/{pid}/shares"), &[("organization", &company.to_string())]).await;

        let res = app.post_form(&npo, &format!("/proposals/{pid}/collaboration"), &[]).await;
        assert_eq!(res.status(), 303);
        let path = res.headers()["location"].to_str().unwrap().to_owned();
        let (status, html) = app.get_text(&csr, &path).await;
        assert_eq!(status, 200, "the partner is a party");
        assert!(html.contains("段階：提案・交渉") && html.contains("山口そば株式会社"));
        let (_, list) = app.get_text(&csr, &format!("/organizations/{company}/collaborations")).await;
        assert!(list.contains("そばづくりからの里山再生"));

        // The company logs a contact; the people met are shown to the parties only.
        let res = app.post_form(&csr, &format!("{path}/contacts"), &[
            ("date", "2026-11-24"), ("channel", "in_person"), ("people", "里山を守る会 代表 山田"),
            ("key_person", "代表 山田"), ("said", "社員の参加人数を相談"), ("partner_opinion", "5名で了承"),
            ("next_step", "合意の案を送る"), ("next_due", "2026-12-10"),
        ]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&npo, &path).await;
        assert!(html.contains("代表 山田") && html.contains("令和8年（2026年）12月10日まで"));
        let stranger = app.user("c-stranger@example.jp").await;
        assert_eq!(app.get_text(&stranger, &path).await.0, 404);
        let res = app.post_form(&stranger, &format!("{path}/contacts"), &[("date", "2026-11-24"), ("channel", "phone"), ("said", "x")]).await;
        assert_eq!(res.status(), 404);
        assert_eq!(app.get_text(&app.browser(), &path).await.0, 303);

        // Stages: one step forward with who and when; 実施 needs a confirmed agreement; 見送り needs a reason.
        let res = app.post_form(&npo, &format!("{path}/stage"), &[("stage", "agreement")]).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&npo, &format!("{path}/stage"), &[("stage", "running")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("すべての団体が確認した合意"));
        let res = app.post_form(&csr, &format!("{path}/stage"), &[("stage", "declined"), ("reason", "")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("見送る理由を入力してください。"));
        let res = app.post_form(&csr, &format!("{path}/stage"), &[("stage", "declined"), ("reason", "今年度は予算が確保できない")]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = app.get_text(&npo, &path).await;
        assert!(html.contains("「提案・交渉」→「合意」（山口 花子）"), "{html}");
        assert!(html.contains("「合意」→「見送り」（山口 花子）：今年度は予算が確保できない"));
        let res = app.post_form(&npo, &format!("{path}/stage"), &[("stage", "completed")]).await;
        assert_eq!(res.status(), 422, "a declined collaboration reopens before 実施");
    }

    async fn bad_contacts_and_viewers_are_refused(db) {
        let app = App::spawn(db).await;
        let npo = app.user("c2-npo@example.jp").await;
        let org = app.create_org(&npo, "見守りの会", "voluntary_group").await;
        let viewer = app.add_member(&npo, org, "c2-viewer@example.jp", "viewer").await;
        let res = post(&app, &npo, &format!("/organizations/{org}/proposals"), &proposal_fields()).await;
        let pid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/proposals/").split('?').next().unwrap().parse().unwrap();
        assert_eq!(app.post_form(&viewer, &format!("/proposals/{pid}/collaboration"), &[]).await.status(), 403);
        let res = app.post_form(&npo, &format!("/proposals/{pid}/collaboration"), &[]).await;
        let path = res.headers()["location"].to_str().unwrap().to_owned();
        let (_, html) = app.get_text(&npo, &path).await;
        assert!(html.contains("段階：企画書作成"), "no partner yet");
        let res = app.post_form(&npo, &format!("{path}/contacts"), &[
            ("date", "2026-11-24"), ("channel", "fax"), ("people", "担当の方"), ("said", ""), ("next_due", "2026-11-01"),
        ]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("方法を選んでください。") && html.contains("次の期限は、この接触の日付より後にしてください。"));
        assert!(html.contains("value=\"担当の方\""), "typed text kept");
        assert_eq!(app.get_text(&viewer, &path).await.0, 200, "viewers read");
        assert_eq!(app.post_form(&viewer, &format!("{path}/stage"), &[("stage", "negotiation")]).await.status(), 403);
        assert_eq!(app.post_form(&viewer, &format!("{path}/contacts"), &[("date", "2026-11-24"), ("channel", "phone"), ("said", "x")]).await.status(), 403);
        assert_eq!(app.post_form(&npo, &format!("{path}/stage"), &[("stage", "bogus")]).await.status(), 422);
    }
}
