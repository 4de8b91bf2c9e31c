//! A support centre's page on both backends: its coordinator sees the organisations of its area
//! with their disclosure and verification, the need nothing offered answers (and not the one
//! an offer elsewhere does), new listings, the collaboration the parties invited them into, and
//! the area's statistics; a coordinator with no centre is told so; nobody else sees the page.

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::ids::{CollaborationId, OrgId};
use kyodo_domain::interchange;

use crate::common::App;
use crate::surveys::collaboration;

const AREA: &str = r#"{"type":"organization","external_id":"ct-centre","kind":"support_center","name":"山口市市民活動支援センター","municipality":"山口市"}
{"type":"organization","external_id":"ct-npo","kind":"voluntary_group","name":"竪小路の会","municipality":"山口市"}
{"type":"listing","external_id":"ct-venue","organization":"ct-npo","direction":"need","resources":["venue"],"title":"作業場所を探しています"}
{"type":"listing","external_id":"ct-people","organization":"ct-npo","direction":"need","resources":["people"],"title":"当日の手伝いを探しています"}
{"type":"organization","external_id":"ct-far","kind":"company","name":"下関テスト株式会社","municipality":"下関市"}
{"type":"listing","external_id":"ct-offer","organization":"ct-far","direction":"offer","resources":["people"],"title":"社員ボランティアを出せます"}"#;

kyodo_test_support::on_both_backends! {
    async fn a_centre_sees_its_area_and_what_it_was_invited_into(db) {
        let app = App::spawn(db).await;
        let (_, _, _, cid) = collaboration(&app).await;
        app.store.import(&interchange::parse(AREA).unwrap(), 1).await.unwrap().unwrap();
        let filter = kyodo_store::OrganizationFilter { external_id: Some("ct-centre".into()), ..Default::default() };
        let centre = app.store.organizations(&filter, 1, 0).await.unwrap().0[0].id;

        let coordinator = app.user("ct-coord@example.jp").await;
        let email = Email::parse("email", "ct-coord@example.jp").unwrap();
        kyodo_app::accounts::set_role(&app.state.app, &email, SiteRole::Coordinator, Some(OrgId::new(centre))).await.unwrap();
        let lone = app.user("ct-lone@example.jp").await;
        let lone_email = Email::parse("email", "ct-lone@example.jp").unwrap();
        kyodo_app::accounts::set_role(&app.state.app, &lone_email, SiteRole::Coordinator, None).await.unwrap();

        // The parties invite the coordinator, who accepts.
        let npo = app.store.user_by_email(&Email::parse("email", "sv-npo@example.jp").unwrap()).await.unwrap().unwrap();
        let coord = app.store.user_by_email(&email).await.unwrap().unwrap();
        let c = CollaborationId::new(cid);
        kyodo_app::coordinators::invite(&app.state.app, &npo, c, "ct-coord@example.jp").await.unwrap();
        kyodo_app::coordinators::answer(&app.state.app, &coord, c, true).await.unwrap();
        kyodo_app::statistics::refresh(&app.state.app).await.unwrap();

        let (status, page) = app.get_text(&coordinator, "/centre").await;
        assert_eq!(status, 200);
        assert!(page.contains("山口市市民活動支援センター") && page.contains("担当地域：山口市"));
        assert!(page.contains("竪小路の会") && page.contains("こども食堂ひだまり"), "the area's organisations");
        assert!(!page.contains("下関テスト株式会社"), "not of the area");
        assert!(page.contains("未確認") && page.contains("情報の公開"));
        let unanswered = page.split("応える募集がまだないニーズ").nth(1).unwrap().split("新しい協働募集").next().unwrap();
        assert!(unanswered.contains("作業場所を探しています"), "no one offers a venue");
        assert!(!unanswered.contains("当日の手伝いを探しています"), "an offer of people exists");
        let invited = page.split("招待された協働").nth(1).unwrap();
        assert!(invited.contains(&format!(r#"href="/collaborations/{cid}""#)), "the invited collaboration");
        assert!(page.contains("地域の統計"));

        let (status, page) = app.get_text(&lone, "/centre").await;
        assert_eq!(status, 200);
        assert!(page.contains("設定されていません"));
        let outsider = app.user("ct-outsider@example.jp").await;
        assert_eq!(app.get_text(&outsider, "/centre").await.0, 404);
    }
}
