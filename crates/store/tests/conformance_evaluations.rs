//! Evaluation records on SQLite and PostgreSQL: one sheet per milestone (saved again, not twice),
//! its lessons become one PDCA cycle once, a party's assessment stays submitted, media items,
//! outcomes and opinions read back as written, and an invited opinion is written once by its link.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::assessment::{Assessment, Score};
use kyodo_domain::evaluation::media::MediaInput;
use kyodo_domain::evaluation::opinion::{Author, OpinionInput};
use kyodo_domain::evaluation::outcome::OutcomeInput;
use kyodo_domain::evaluation::sheet::SheetInput;
use kyodo_domain::organization::{NewOrganization, OrganizationInput};
use kyodo_store::{NewCollaboration, NewOpinionRequest, Store, StoreError};

async fn setup(url: &str) -> (Store, i64, i64, Vec<i64>) {
    let s = Store::connect(url).await.unwrap();
    s.migrate().await.unwrap();
    let owner = s
        .create_user(
            &Email::parse("email", "o@example.jp").unwrap(),
            "代表",
            "h",
            SiteRole::User,
            1,
        )
        .await
        .unwrap();
    let member = s
        .create_user(
            &Email::parse("email", "m@example.jp").unwrap(),
            "会員",
            "h",
            SiteRole::User,
            1,
        )
        .await
        .unwrap();
    let mut orgs = Vec::new();
    for (name, kind) in [
        ("こども食堂ひだまり", "voluntary_group"),
        ("周南フーズ株式会社", "company"),
    ] {
        let new = NewOrganization::parse(&OrganizationInput {
            kind: kind.into(),
            name: name.into(),
            municipality: Some("山口市".into()),
            ..Default::default()
        })
        .unwrap();
        orgs.push(s.create_organization(&new, owner, 1).await.unwrap());
    }
    let cid = s
        .create_collaboration(
            &NewCollaboration {
                title: "フードバンク",
                lead: orgs[0],
                partners: &[orgs[1]],
                theme_id: None,
                proposal_id: None,
                stage: Stage::Running,
            },
            owner,
            10,
        )
        .await
        .unwrap();
    let _ = member;
    (s, cid, owner, orgs)
}

kyodo_test_support::on_both_backends! {
    async fn evaluation_records_read_back_and_lessons_become_one_cycle(db) {
        let (s, cid, user, orgs) = setup(&db.url).await;
        let mut input = SheetInput::prefill(&[], &[], &orgs, time::macros::date!(2027 - 04 - 10));
        input.change = "募集を早める".into();
        let sheet = input.parse(&[], &orgs).unwrap();
        let id = s.save_evaluation(cid, Milestone::After, &sheet, user, 30).await.unwrap();
        input.summary = "よくできた".into();
        let again = input.parse(&[], &orgs).unwrap();
        assert_eq!(s.save_evaluation(cid, Milestone::After, &again, user, 31).await.unwrap(), id, "one sheet per milestone");
        let stored = s.evaluation(cid, Milestone::After).await.unwrap().unwrap();
        assert_eq!((stored.sheet.summary.as_str(), stored.next_cycle), ("よくできた", None));
        assert!(s.evaluation(cid, Milestone::Before).await.unwrap().is_none());

        let plan = kyodo_domain::collaboration::cycle::Cycle { plan: stored.sheet.next_plan("事後").unwrap(), ..Default::default() };
        let n = s.evaluation_to_cycle(cid, id, &plan, user, 40).await.unwrap();
        assert!(matches!(s.evaluation_to_cycle(cid, id, &plan, user, 41).await, Err(StoreError::Conflict("lessons_taken"))));
        assert_eq!(s.evaluation(cid, Milestone::After).await.unwrap().unwrap().next_cycle, Some(n));
        let cycles = s.cycles(cid).await.unwrap();
        assert_eq!(cycles.len(), 1, "one cycle, not two");

        // A submitted assessment stays submitted when saved again as a draft.
        let a = Assessment { scores: vec![Score { key: "p-equal_footing".into(), score: Some(4), comment: String::new() }], overall: String::new() };
        s.save_assessment(cid, Milestone::After, orgs[0], &a, true, user, 50).await.unwrap();
        s.save_assessment(cid, Milestone::After, orgs[0], &a, false, user, 51).await.unwrap();
        s.save_assessment(cid, Milestone::After, orgs[1], &a, false, user, 52).await.unwrap();
        let all = s.assessments(cid, Milestone::After).await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].submitted_at, Some(50));
        assert_eq!(all[1].submitted_at, None);
        assert_eq!(all[0].assessment, a);

        // A release, an article that followed it; removing the release keeps the article.
        let release = MediaInput { kind: "release".into(), on: "2027-04-20".into(), title: "始めます".into(), ..Default::default() }.parse(&[]).unwrap();
        let rid = s.add_media(cid, &release, user, 60).await.unwrap();
        let article = MediaInput { kind: "article".into(), on: "2027-05-03".into(), title: "白瓜".into(), outlet: "山口新聞".into(),
            medium: "newspaper".into(), reach: "80000".into(), release_id: rid.to_string(), ..Default::default() }.parse(&[rid]).unwrap();
        s.add_media(cid, &article, user, 61).await.unwrap();
        let media = s.media(cid).await.unwrap();
        assert_eq!(media[0].item, article, "newest first, read back as written");
        s.remove_media(cid, rid, user, 62).await.unwrap();
        assert!(matches!(s.remove_media(cid + 1, media[0].id, user, 63).await, Err(StoreError::NotFound)), "another collaboration's");
        let media = s.media(cid).await.unwrap();
        assert_eq!((media.len(), media[0].item.release_id), (1, None));

        // Outcomes.
        let o = OutcomeInput { party: "society".into(), guide: kyodo_domain::evaluation::outcome::guide_outcomes().2.into(), ..Default::default() }.parse(&orgs, &[]).unwrap();
        let oid = s.add_outcome(cid, &o, user, 70).await.unwrap();
        assert_eq!(s.outcomes(cid).await.unwrap()[0].outcome, o);
        s.remove_outcome(cid, oid, user, 71).await.unwrap();
        assert!(s.outcomes(cid).await.unwrap().is_empty());

        // An opinion entered, and one asked for by link: written once, its mail queued with it.
        let entered = OpinionInput { author: kyodo_domain::evaluation::opinion::AuthorInput { name: "山口 花子".into(), role: "主査".into(), organization: "県民生活課".into() },
            milestone: "after".into(), written_on: "2027-04-20".into(), text: "好例です".into() }.parse().unwrap();
        s.add_opinion(cid, &entered, user, 80).await.unwrap();
        let author = Author { name: "センター長".into(), role: String::new(), organization: "支援センター".into() };
        let req = NewOpinionRequest { author: &author, email: "c@example.jp", milestone: None, message: "", token_hash: "h1", subject: "第三者意見のお願い", body: "本文" };
        s.request_opinion(cid, &req, user, 81).await.unwrap();
        assert!(s.opinion_by_token("h1").await.unwrap().unwrap().waiting());
        assert!(s.unsent_mail(100).await.unwrap().iter().any(|m| m.to_email == "c@example.jp"));
        let on = time::macros::date!(2027 - 05 - 01);
        assert_eq!(s.write_opinion("h1", "地域に根づいた", on, 90).await.unwrap().1, cid);
        assert!(matches!(s.write_opinion("h1", "二度目", on, 91).await, Err(StoreError::Conflict("opinion_written"))));
        assert!(matches!(s.write_opinion("nope", "x", on, 92).await, Err(StoreError::NotFound)));
        let ops = s.opinions(cid).await.unwrap();
        assert_eq!(ops.len(), 2);
        assert_eq!((ops[1].text.as_str(), ops[1].written_on), ("地域に根づいた", Some(on)));
        assert_eq!(ops[0].author.name, "山口 花子");
    }

    async fn a_report_sign_off_fixes_its_content_and_changed_content_is_a_new_version(db) {
        let (s, cid, owner, orgs) = setup(&db.url).await;
        let m = Milestone::After;
        assert_eq!(s.sign_report(cid, m, "d1", "{\"a\":1}", orgs[0], owner, 10).await.unwrap(), 1);
        assert_eq!(s.sign_report(cid, m, "d1", "{\"a\":1}", orgs[1], owner, 11).await.unwrap(), 1, "the same content: the same version");
        assert_eq!(s.sign_report(cid, m, "d1", "{\"a\":1}", orgs[1], owner, 12).await.unwrap(), 1, "signed twice: once");
        assert_eq!(s.sign_report(cid, m, "d2", "{\"a\":2}", orgs[0], owner, 20).await.unwrap(), 2, "changed content: a new version");
        let v = s.report_versions(cid, m).await.unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].version, v[0].digest.as_str(), v[0].signed.clone()), (2, "d2", vec![(orgs[0], 20)]));
        assert_eq!((v[1].version, v[1].content.as_str(), v[1].signed.clone()), (1, "{\"a\":1}", vec![(orgs[0], 10), (orgs[1], 11)]));
        assert!(s.report_versions(cid, Milestone::Midway).await.unwrap().is_empty(), "per milestone");
    }
}
