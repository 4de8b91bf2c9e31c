//! Collaborations over HTTP: started from a shared proposal, stages moved by the parties with who
//! and why, the approach log with its personal data kept to the parties, and refusals.

use crate::common;

use common::App;
use kyodo_domain::proposal::guide_example;

pub(crate) fn proposal_fields() -> Vec<(String, String)> {
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

pub(crate) async fn post(app: &App, c: &reqwest::Client, path: &str, f: &[(String, String)]) -> reqwest::Response {
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

    async fn agreement_then_meetings_minutes_items_and_kpis(db) {
        let app = App::spawn(db).await;
        let npo = app.user("w-npo@example.jp").await;
        let org = app.create_org(&npo, "里山を守る会", "voluntary_group").await;
        let csr = app.user("w-csr@example.jp").await;
        let company = app.create_org(&csr, "山口そば株式会社", "company").await;
        let editor = app.add_member(&csr, company, "w-editor@example.jp", "editor").await;
        let res = post(&app, &npo, &format!("/organizations/{org}/proposals"), &proposal_fields()).await;
        let pid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/proposals/").split('?').next().unwrap().parse().unwrap();
        app.post_form(&npo, &format!("/proposals/{pid}/shares"), &[("organization", &company.to_string())]).await;
        let res = app.post_form(&npo, &format!("/proposals/{pid}/collaboration"), &[]).await;
        let c = res.headers()["location"].to_str().unwrap().to_owned();
        let (o, k) = (org.to_string(), company.to_string());
        let roles_o = format!("roles_{org}");
        let roles_k = format!("roles_{company}");

        // A bad agreement: dates out of order, a target without a unit, a party without a role.
        let res = app.post_form(&npo, &format!("{c}/agreement"), &[
            ("collaboration_type", "business_cooperation"), ("purpose", "そば畑の再生"),
            ("start", "2027-04-01"), ("end", "2027-03-01"), (&roles_o, "c1"),
            ("target_what", "来場者"), ("target_value", "300"), ("target_unit", ""), ("target_due", "2027-11-30"),
            ("target_method", "受付で数える"), ("target_timing", "まつりの翌週"),
        ]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("終了日は開始日より後にしてください。") && html.contains("単位を入力してください。"));
        assert!(html.contains("山口そば株式会社の役割を一つ以上選ぶか、書いてください。"));
        assert!(html.contains("value=\"受付で数える\""), "typed text kept");
        let _ = (&o, &k);

        let good: Vec<(&str, &str)> = vec![
            ("collaboration_type", "business_cooperation"), ("purpose", "そば畑の再生"),
            ("start", "2027-04-01"), ("end", "2028-03-31"), (&roles_o, "c1"), (&roles_o, "c4"), (&roles_k, "k4"),
            ("target_what", "来場者"), ("target_baseline", "０"), ("target_value", "300"), ("target_unit", "人"), ("target_due", "2027-11-30"),
            ("target_method", "受付で数える"), ("target_timing", "まつりの翌週の定例会"),
        ];
        assert_eq!(app.post_form(&npo, &format!("{c}/agreement"), &good).await.status(), 303);
        // Only an owner confirms for its party; an editor is refused.
        assert_eq!(app.post_form(&editor, &format!("{c}/agreement/confirm"), &[("version", "1")]).await.status(), 403);
        assert_eq!(app.post_form(&npo, &format!("{c}/agreement/confirm"), &[("version", "1")]).await.status(), 303);
        // Not yet confirmed by all: 実施 is refused.
        app.post_form(&npo, &format!("{c}/stage"), &[("stage", "agreement")]).await;
        assert_eq!(app.post_form(&npo, &format!("{c}/stage"), &[("stage", "running")]).await.status(), 422);
        // A change makes a new version: the company confirms an outdated one and is told so.
        assert_eq!(app.post_form(&editor, &format!("{c}/agreement"), &good).await.status(), 303);
        assert_eq!(app.post_form(&csr, &format!("{c}/agreement/confirm"), &[("version", "1")]).await.status(), 409);
        for who in [&npo, &csr] {
            assert_eq!(app.post_form(who, &format!("{c}/agreement/confirm"), &[("version", "2")]).await.status(), 303);
        }
        let (_, html) = app.get_text(&csr, &format!("{c}/agreement")).await;
        assert!(html.contains("すべての団体が確認済みです"));
        assert_eq!(app.post_form(&npo, &format!("{c}/stage"), &[("stage", "running")]).await.status(), 303);
        // The group's self-introduction to the company, from its profile, with why this partner.
        let (status, intro) = app.get_text(&npo, &format!("{c}/introduction")).await;
        assert_eq!(status, 200);
        assert!(intro.contains("自己紹介シート") && intro.contains("なぜ山口そば株式会社と協働したいのか") && intro.contains("山口そば株式会社 御中"));
        for (ext, magic) in [("pdf", &b"%PDF-"[..]), ("docx", &b"PK"[..])] {
            let res = npo.get(app.url(&format!("{c}/introduction.{ext}"))).send().await.unwrap();
            assert_eq!(res.status(), 200, "introduction.{ext}");
            assert!(res.bytes().await.unwrap().starts_with(magic));
        }
        for (ext, magic) in [("pdf", &b"%PDF-"[..]), ("docx", &b"PK"[..])] {
            let res = csr.get(app.url(&format!("{c}/agreement.{ext}"))).send().await.unwrap();
            assert_eq!(res.status(), 200, "{ext}");
            assert!(res.bytes().await.unwrap().starts_with(magic));
        }

        // A meeting, its minutes with action items, approval.
        let res = app.post_form(&npo, &format!("{c}/meetings"), &[("date", "2026-10-01"), ("time", "18:30"), ("place", "公民館"), ("purpose", "第1回定例会"), ("issues", "種まきの段取り")]).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&npo, &format!("{c}/meetings"), &[("date", "2026-10-01"), ("purpose", "")]).await;
        assert_eq!(res.status(), 422);
        // The other party hears of it, in the app (and by e-mail through the outbox); the actor does not.
        let (_, note) = app.get_text(&csr, "/notifications").await;
        assert!(note.contains("の定例会（令和8年（2026年）10月1日）が予定されました：第1回定例会"), "{note}");
        assert!(!app.get_text(&npo, "/notifications").await.1.contains("定例会（令和8年"), "not the actor");
        assert!(app.get_text(&csr, "/").await.1.contains("class=\"badge\""), "unread badge");
        let mails = app.store.unsent_mail(100).await.unwrap();
        assert!(mails.iter().any(|m| m.to_email == "w-csr@example.jp" && m.subject.contains("定例会")));
        // Turned off in the app, a kind no longer arrives there.
        let res = app.post_form(&editor, "/notifications/settings", &[("mail_meeting", "1")]).await;
        assert_eq!(res.status(), 303);
        app.post_form(&npo, &format!("{c}/meetings"), &[("date", "2026-12-01"), ("place", "公民館"), ("purpose", "第2回定例会"), ("issues", "収穫")]).await;
        assert!(!app.get_text(&editor, "/notifications").await.1.contains("第2回定例会"));
        assert!(app.get_text(&csr, "/notifications").await.1.contains("第2回定例会"));
        let ws = app.get_text(&csr, &format!("{c}/workspace")).await.1;
        let mid: String = ws.split("id=\"meeting-").nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
        let res = app.post_form(&editor, &format!("{c}/meetings/{mid}/minutes"), &[
            ("decisions", "5月20日に種まき"), ("discussion", ""),
            ("item_title", "種を注文する"), ("item_owner", "山田"), ("item_org", &o), ("item_due", "2026-10-05"),
            ("item_title", "社員ボランティアを募る"), ("item_owner", "佐藤"), ("item_org", &k), ("item_due", "2026-09-01"),
        ]).await;
        assert_eq!(res.status(), 422, "an item due before the meeting");
        let res = app.post_form(&editor, &format!("{c}/meetings/{mid}/minutes"), &[
            ("decisions", "5月20日に種まき"), ("discussion", ""),
            ("item_title", "種を注文する"), ("item_owner", "山田"), ("item_org", &o), ("item_due", "2026-10-05"),
            ("item_title", "社員ボランティアを募る"), ("item_owner", "佐藤"), ("item_org", &k), ("item_due", "2099-05-17"),
        ]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.post_form(&npo, &format!("{c}/meetings/{mid}/approve"), &[]).await.status(), 303);
        let ws = app.get_text(&csr, &format!("{c}/workspace")).await.1;
        assert!(ws.contains("5月20日に種まき") && ws.contains("社員ボランティアを募る（佐藤・山口そば株式会社"));
        assert_eq!(ws.matches("期限切れ").count(), 1, "the item due in 2026-10 is overdue, the one in 2099 is not");
        // Hourly reminders: once per item, to its organisation.
        let today = time::macros::date!(2026 - 11 - 24);
        assert_eq!(kyodo_app::jobs::reminders::remind_due_items(&app.state.app, today).await.unwrap(), 1);
        assert_eq!(kyodo_app::jobs::reminders::remind_due_items(&app.state.app, today).await.unwrap(), 0, "once");
        assert!(app.get_text(&npo, "/notifications").await.1.contains("宿題「種を注文する」の期限を過ぎています"));
        assert!(!app.get_text(&csr, "/notifications").await.1.contains("種を注文する」の期限"), "only the owner's organisation");
        let (_, mine) = app.get_text(&csr, &format!("/organizations/{company}/action-items")).await;
        assert!(mine.contains("社員ボランティアを募る") && !mine.contains("種を注文する"));
        let ics = csr.get(app.url(&format!("{c}/meetings.ics"))).send().await.unwrap();
        assert_eq!(ics.headers()["content-type"], "text/calendar; charset=utf-8");
        assert!(ics.text().await.unwrap().contains("DTSTART;TZID=Asia/Tokyo:20261001T183000"));

        // The agreed target is an indicator; progress and the chart.
        let kid: String = ws.split("id=\"indicator-").nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
        let res = app.post_form(&editor, &format!("{c}/indicators/{kid}/entries"), &[("entry_date", "2027-06-01"), ("value", "-3"), ("source", "")]).await;
        assert_eq!(res.status(), 422);
        let res = app.post_form(&editor, &format!("{c}/indicators/{kid}/entries"), &[("entry_date", "2027-06-01"), ("value", "４０"), ("source", "プレイベント受付")]).await;
        assert_eq!(res.status(), 303);
        let svg = csr.get(app.url(&format!("{c}/indicators/{kid}/chart.svg"))).send().await.unwrap();
        assert_eq!(svg.headers()["content-type"], "image/svg+xml; charset=utf-8");
        assert!(svg.text().await.unwrap().contains("最新 40人（2027-06-01）"));

        // PDCA: the next cycle starts from the last one's act; the audit log says who changed what.
        assert_eq!(app.post_form(&npo, &format!("{c}/cycles"), &[("plan", "11月に種まき")]).await.status(), 303);
        assert_eq!(app.post_form(&npo, &format!("{c}/cycles"), &[("plan", ""), ("act", "x")]).await.status(), 422);
        let ws = app.get_text(&npo, &format!("{c}/workspace")).await.1;
        let cycle: String = ws.split(&format!("action=\"{c}/cycles/")).nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
        let res = app.post_form(&editor, &format!("{c}/cycles/{cycle}"), &[
            ("plan", "11月に種まき"), ("done", "12人が参加"), ("check", "目標20人に対し12人"), ("act", "次は社内報で募集する"),
        ]).await;
        assert_eq!(res.status(), 303);
        let ws = app.get_text(&npo, &format!("{c}/workspace")).await.1;
        assert!(ws.contains("第1サイクル（改善済み）"));
        assert!(ws.contains("aria-describedby=\"new-plan-hint\">次は社内報で募集する</textarea>"), "the next plan starts from the act");
        for line in ["合意を確認", "議事録を保存", "議事録を承認", "指標の実績を記録", "PDCAサイクルを更新"] {
            assert!(ws.contains(line), "audit: {line}");
        }

        // Minutes for a meeting of another collaboration: that meeting does not exist there.
        let res = post(&app, &npo, &format!("/organizations/{org}/proposals"), &proposal_fields()).await;
        let other_pid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/proposals/").split('?').next().unwrap().parse().unwrap();
        let other = app.post_form(&npo, &format!("/proposals/{other_pid}/collaboration"), &[]).await.headers()["location"].to_str().unwrap().to_owned();
        let res = app.post_form(&npo, &format!("{other}/meetings/{mid}/minutes"), &[("decisions", "x")]).await;
        assert_eq!(res.status(), 404);

        // Outsiders reach nothing.
        let stranger = app.user("w-stranger@example.jp").await;
        for path in [format!("{c}/agreement"), format!("{c}/agreement.pdf"), format!("{c}/agreement.docx"), format!("{c}/introduction"), format!("{c}/introduction.pdf"), format!("{c}/workspace"), format!("{c}/meetings.ics"), format!("{c}/indicators/{kid}/chart.svg")] {
            assert_eq!(app.get_text(&stranger, &path).await.0, 404, "{path}");
        }
        for path in [format!("{c}/agreement"), format!("{c}/agreement/confirm"), format!("{c}/meetings"), format!("{c}/meetings/{mid}/minutes"), format!("{c}/meetings/{mid}/approve"), format!("{c}/indicators/{kid}/entries"), format!("{c}/cycles"), format!("{c}/cycles/{cycle}")] {
            assert_eq!(app.post_form(&stranger, &path, &[("version", "2")]).await.status(), 404, "{path}");
        }
    }

    async fn coordinators_the_parties_invite_read_along(db) {
        use kyodo_domain::account::{Email, SiteRole};
        let app = App::spawn(db).await;
        let npo = app.user("k-npo@example.jp").await;
        let org = app.create_org(&npo, "見守りの会", "voluntary_group").await;
        let res = post(&app, &npo, &format!("/organizations/{org}/proposals"), &proposal_fields()).await;
        let pid: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/proposals/").split('?').next().unwrap().parse().unwrap();
        let c = app.post_form(&npo, &format!("/proposals/{pid}/collaboration"), &[]).await.headers()["location"].to_str().unwrap().to_owned();
        let coordinator = app.user("k-coord@example.jp").await;
        let plain = app.user("k-plain@example.jp").await;
        let uid = app.store.user_by_email(&Email::parse("e", "k-coord@example.jp").unwrap()).await.unwrap().unwrap().id;
        app.store.set_role(uid, SiteRole::Coordinator, 1).await.unwrap();
        assert_eq!(app.get_text(&coordinator, &c).await.0, 404, "not before being invited");
        // The same answer whether or not the address is a coordinator's: nobody learns who is staff.
        let invite = |email: &'static str| {
            let (app, npo, c) = (&app, &npo, &c);
            async move { app.post_form(npo, &format!("{c}/coordinators"), &[("email", email)]).await }
        };
        let (plain_res, coord_res) = (invite("k-plain@example.jp").await, invite("k-coord@example.jp").await);
        assert_eq!((plain_res.status().as_u16(), coord_res.status().as_u16()), (303, 303));
        assert_eq!(plain_res.headers()["location"], coord_res.headers()["location"]);
        assert_eq!(invite("not-an-address").await.status(), 422);
        let (_, page) = app.get_text(&npo, &c).await;
        assert!(page.contains("k-plain@example.jp（承諾待ち）") && page.contains("k-coord@example.jp（承諾待ち）"));
        // Only the coordinator is told, and nothing is readable before accepting.
        let told = app.store.notifications(uid, 10).await.unwrap();
        assert!(told[0].text.contains("コーディネーターとして招かれました") && told[0].link == "/coordinator#invitations");
        let plain_id = app.store.user_by_email(&Email::parse("e", "k-plain@example.jp").unwrap()).await.unwrap().unwrap().id;
        assert!(app.store.notifications(plain_id, 10).await.unwrap().is_empty());
        assert_eq!(app.get_text(&coordinator, &c).await.0, 404, "not before accepting");
        let (_, queue) = app.get_text(&coordinator, "/coordinator").await;
        assert!(queue.contains("見守りの会") || queue.contains("承諾する"));
        let cid = c.trim_start_matches("/collaborations/");
        assert_eq!(app.post_form(&plain, &format!("/coordinator/invitations/{cid}"), &[("answer", "accept")]).await.status(), 403, "not staff");
        let res = app.post_form(&coordinator, &format!("/coordinator/invitations/{cid}"), &[("answer", "accept")]).await;
        assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (303, c.as_str()));
        assert_eq!(app.post_form(&coordinator, &format!("/coordinator/invitations/{cid}"), &[("answer", "accept")]).await.status(), 404, "answered once");
        let (_, page) = app.get_text(&npo, &c).await;
        assert!(page.contains("山口 花子（参加中）") && !page.contains("k-coord@example.jp（承諾待ち）"));
        let npo_id = app.store.user_by_email(&Email::parse("e", "k-npo@example.jp").unwrap()).await.unwrap().unwrap().id;
        assert!(app.store.notifications(npo_id, 10).await.unwrap().iter().any(|n| n.text.contains("参加しました")), "the parties are told");
        assert_eq!(app.get_text(&coordinator, &c).await.0, 200);
        assert_eq!(app.get_text(&coordinator, &format!("{c}/workspace")).await.0, 200);
        assert_eq!(app.post_form(&coordinator, &format!("{c}/meetings"), &[("date", "2026-12-01"), ("place", "x"), ("purpose", "x"), ("issues", "x")]).await.status(), 403, "reads, never writes");
        assert_eq!(app.get_text(&plain, &c).await.0, 404);
        assert_eq!(app.post_form(&npo, &format!("{c}/coordinators/{uid}/remove"), &[]).await.status(), 303);
        assert_eq!(app.get_text(&coordinator, &c).await.0, 404, "access ends with the invitation");
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
