//! 支援センターへの相談 on both backends: a group asks the centre that serves its town (a form
//! sent with mistakes comes back with what was typed), the centre's coordinator is told and
//! answers, the group is told, either side closes it; nobody else sees it, and a town whose
//! centre is not in kyodo is told how to reach it.

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::ids::OrgId;
use kyodo_domain::interchange;
use serde_json::json;

use crate::common::App;
use crate::evaluation::notices;
use crate::surveys::api;

const CENTRE: &str = r#"{"type":"organization","external_id":"cr-centre","kind":"support_center","name":"山口市市民活動支援センター","municipality":"山口市"}"#;

kyodo_test_support::on_both_backends! {
    async fn a_group_asks_its_centre_and_each_side_is_told(db) {
        let app = App::spawn(db).await;
        app.store.import(&interchange::parse(CENTRE).unwrap(), 1).await.unwrap().unwrap();
        let filter = kyodo_store::OrganizationFilter { external_id: Some("cr-centre".into()), ..Default::default() };
        let centre = app.store.organizations(&filter, 1, 0).await.unwrap().0[0].id;
        let coordinator = app.user("cr-coord@example.jp").await;
        let email = Email::parse("email", "cr-coord@example.jp").unwrap();
        kyodo_app::accounts::set_role(&app.state.app, &email, SiteRole::Coordinator, Some(OrgId::new(centre))).await.unwrap();
        let coord = app.new_token(&coordinator).await;

        let group = app.user("cr-npo@example.jp").await;
        let org = app.create_org(&group, "湯田の子ども会", "voluntary_group").await;
        let npo = app.new_token(&group).await;
        let path = format!("/organizations/{org}/centre-requests");

        // Sent with mistakes: back with the words typed and each message beside its field.
        let res = app.post_form(&group, &path, &[("topic", ""), ("message", "  ")]).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("相談の種類を選んでください") && page.contains("相談の内容を入力してください"));
        let res = app.post_form(&group, &path, &[("topic", ""), ("message", "食品の企業を探したい")]).await;
        assert!(res.text().await.unwrap().contains(">食品の企業を探したい</textarea>"));

        let res = app.post_form(&group, &path, &[("topic", "partner_search"), ("message", "食品を扱う企業と協働したいのですが、どこに声をかければよいでしょうか。")]).await;
        assert_eq!(res.status(), 303);
        let at = res.headers()["location"].to_str().unwrap().to_owned();
        let id: i64 = at.trim_start_matches("/centre-requests/").parse().unwrap();
        let told = notices(&app, &coord).await;
        assert!(told.iter().any(|(t, l)| t.contains("湯田の子ども会から「協働の相手探し」の相談") && l == &format!("/centre-requests/{id}#messages")), "{told:?}");

        let (_, page) = app.get_text(&coordinator, "/centre").await;
        assert!(page.contains("届いた相談") && page.contains(&format!(r#"href="/centre-requests/{id}""#)));
        let (status, thread) = api(&app, &coord, "GET", &format!("/centre-requests/{id}"), None).await;
        assert_eq!(status, 200);
        assert_eq!((thread["side"].as_str(), thread["request"]["status"].as_str()), (Some("centre"), Some("open")));

        // The centre answers; the group is told and sees it.
        assert_eq!(api(&app, &coord, "POST", &format!("/centre-requests/{id}/replies"), Some(json!({"message": "フードバンク山口さんを紹介できます。"}))).await.0, 204);
        let told = notices(&app, &npo).await;
        assert!(told.iter().any(|(t, l)| t.contains("返事がありました") && l.starts_with(&format!("/centre-requests/{id}"))), "{told:?}");
        let (_, page) = app.get_text(&group, &format!("/centre-requests/{id}")).await;
        assert!(page.contains("フードバンク山口さんを紹介できます。") && page.contains("センターが返事しました"));
        let (_, mine) = api(&app, &npo, "GET", &path, None).await;
        assert_eq!(mine[0]["status"], "answered");

        // Nobody else: another member of the site, a coordinator of no centre.
        let outsider = app.token_for("cr-outsider@example.jp").await;
        assert_eq!(api(&app, &outsider, "GET", &format!("/centre-requests/{id}"), None).await.0, 404);
        assert_eq!(api(&app, &outsider, "POST", &format!("/centre-requests/{id}/replies"), Some(json!({"message": "横から"}))).await.0, 404);
        let lone = app.user("cr-lone@example.jp").await;
        kyodo_app::accounts::set_role(&app.state.app, &Email::parse("email", "cr-lone@example.jp").unwrap(), SiteRole::Coordinator, None).await.unwrap();
        assert_eq!(app.get_text(&lone, &format!("/centre-requests/{id}")).await.0, 404);

        // The group closes it; the centre is told; no more replies.
        let res = app.post_form(&group, &format!("/centre-requests/{id}/close"), &[]).await;
        assert_eq!(res.status(), 303);
        assert!(notices(&app, &coord).await.iter().any(|(t, _)| t.contains("相談を終了しました")));
        assert_eq!(api(&app, &coord, "POST", &format!("/centre-requests/{id}/replies"), Some(json!({"message": "追伸"}))).await.0, 409);

        // A town whose centre (萩市's, nearest to 阿武町) is not in kyodo: told how to reach it.
        let (_, far) = api(&app, &npo, "POST", "/organizations", Some(json!({"kind": "voluntary_group", "name": "阿武の会", "municipality": "阿武町"}))).await;
        let (status, v) = api(&app, &npo, "POST", &format!("/organizations/{}/centre-requests", far["id"]), Some(json!({"topic": "proposal", "message": "企画書を見てほしい"}))).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("no_centre")), "{v}");
        assert!(v["detail"].as_str().unwrap().contains("0838-24-0161"), "{v}");
    }
}
