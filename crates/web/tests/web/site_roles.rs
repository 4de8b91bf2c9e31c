//! Site roles in the app: an admin makes a person a support centre's coordinator (or an admin)
//! and withdraws it; each change is in the site's audit log and the person is told; the groups a
//! coordinator verifies see the centre; the last admin cannot step down.

use crate::common;

use common::App;
use kyodo_domain::account::{Email, SiteRole};

kyodo_test_support::on_both_backends! {
    async fn an_admin_grants_and_withdraws_site_roles_with_the_centre_and_an_audit_line(db) {
        let app = App::spawn(db).await;
        let admin = app.user("sr-admin@example.jp").await;
        let email = Email::parse("email", "sr-admin@example.jp").unwrap();
        kyodo_app::accounts::set_role(&app.state.app, &email, SiteRole::Admin, None).await.unwrap();
        let centre = app.create_org(&admin, "山口県県民活動支援センター", "support_center").await;
        let npo_owner = app.user("sr-npo@example.jp").await;
        let npo = app.create_org(&npo_owner, "里山を守る会", "voluntary_group").await;
        let staff = app.user("sr-staff@example.jp").await;

        // A centre must be a support centre; the form keeps what was typed.
        let res = app.post_form(&admin, "/admin/roles", &[("email", "sr-staff@example.jp"), ("role", "coordinator"), ("centre_id", &npo.to_string())]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("支援センターとして登録された団体を選んでください。") && html.contains("value=\"sr-staff@example.jp\""), "{html}");
        let res = app.post_form(&admin, "/admin/roles", &[("email", "nobody@example.jp"), ("role", "coordinator")]).await;
        assert_eq!(res.status(), 422);

        let res = app.post_form(&admin, "/admin/roles", &[("email", "sr-staff@example.jp"), ("role", "coordinator"), ("centre_id", &centre.to_string())]).await;
        assert_eq!(res.status(), 303);
        let (_, page) = app.get_text(&admin, "/admin/roles").await;
        assert!(page.contains("sr-staff@example.jp") && page.contains("<td>山口県県民活動支援センター</td>"), "{page}");
        assert!(page.contains("→ コーディネーター（山口県県民活動支援センター）（山口 花子）"), "the admin's change is logged");
        assert!(page.contains("→ 管理者（コマンドライン）"), "the operator's change too");
        let (_, notes) = app.get_text(&staff, "/notifications").await;
        assert!(notes.contains("コーディネーター（山口県県民活動支援センター）になりました"), "{notes}");
        assert_eq!(app.get_text(&staff, "/coordinator").await.0, 200);

        // The group sees who verified it, and for which centre.
        let declare = [("event", "declared"), ("eligibility", "1"), ("eligibility", "2"), ("eligibility", "3")];
        assert_eq!(app.post_form(&npo_owner, &format!("/organizations/{npo}/verification"), &declare).await.status(), 303);
        assert_eq!(app.post_form(&staff, &format!("/organizations/{npo}/verification"), &[("event", "verified")]).await.status(), 303);
        let (_, history) = app.get_text(&npo_owner, &format!("/organizations/{npo}/verification")).await;
        assert!(history.contains("（山口 花子・山口県県民活動支援センター）"), "{history}");

        // The API answers the same, for admins only.
        let token = app.new_token(&admin).await;

        // The guide's directory has no address for the prefectural centre: its kyodo profile does.
        let (_, before) = app.get_text(&staff, "/guide/centers").await;
        assert!(before.contains("id=\"prefectural\"") && !before.contains("山口市大手町9-6"));
        let profile = serde_json::json!({"kind": "support_center", "name": "山口県県民活動支援センター", "municipality": "山口市",
            "address": "山口市大手町9-6", "phone": "083-000-1111", "public_contact": true, "website": "https://example.jp/kenmin"});
        let res = reqwest::Client::new().put(app.url(&format!("/api/v1/organizations/{centre}"))).bearer_auth(&token).json(&profile).send().await.unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        let (_, after) = app.get_text(&staff, "/guide/centers").await;
        assert!(after.contains("<dd>山口市大手町9-6</dd>") && after.contains("<dd>083-000-1111</dd>") && after.contains(&format!("href=\"/organizations/{centre}\"")), "{after}");
        let listed: serde_json::Value = reqwest::Client::new().get(app.url("/api/v1/admin/roles")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let row = listed.as_array().unwrap().iter().find(|s| s["email"] == "sr-staff@example.jp").unwrap().clone();
        assert_eq!(row["role"], "coordinator");
        assert_eq!(row["centre_id"], centre);
        let other = app.new_token(&staff).await;
        assert_eq!(reqwest::Client::new().get(app.url("/api/v1/admin/audit")).bearer_auth(&other).send().await.unwrap().status(), 403);

        // Withdrawn: no longer staff, told, and logged.
        let uid = row["user_id"].as_i64().unwrap();
        assert_eq!(app.post_form(&admin, &format!("/admin/roles/{uid}/withdraw"), &[]).await.status(), 303);
        assert_ne!(app.get_text(&staff, "/coordinator").await.0, 200);
        assert!(app.get_text(&staff, "/notifications").await.1.contains("コーディネーターの役割がなくなりました"));
        let audit: serde_json::Value = reqwest::Client::new().get(app.url("/api/v1/admin/audit")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(audit[0]["action"], "withdraw");
        assert_eq!(audit[0]["detail"], "コーディネーターの役割を外す");

        // The last admin cannot step down (nobody could give the role back in the app).
        let me = listed.as_array().unwrap().iter().find(|s| s["email"] == "sr-admin@example.jp").unwrap()["user_id"].as_i64().unwrap();
        let res = reqwest::Client::new().delete(app.url(&format!("/api/v1/admin/roles/{me}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 409);
        assert_eq!(res.json::<serde_json::Value>().await.unwrap()["code"], "last_admin");
    }
}
