//! Surveys on SQLite and PostgreSQL: a response is stored whole or not at all, the limits hold
//! inside the transaction, the database counts every option, exports page without gaps, and a
//! respondent's answers go with their account.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::evaluation::survey::answers::{self, Value};
use kyodo_domain::evaluation::survey::{Audience, Status, templates};
use kyodo_domain::organization::{NewOrganization, OrganizationInput};
use kyodo_store::{NewCollaboration, Store, StoreError, Via};

async fn setup(url: &str) -> (Store, i64, i64, i64) {
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
    let (settings, d) = templates::build(templates::find("beneficiaries").unwrap(), "フードバンク");
    let sid = s.create_survey(cid, &settings, &d, owner, 20).await.unwrap();
    (s, cid, sid, member)
}

fn response(s: &kyodo_store::StoredSurvey, fields: &[(&str, &str)]) -> answers::Response {
    let mut form: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    form.push(("consent".into(), "on".into()));
    answers::parse(&s.definition, &form, None, &s.settings.audiences).unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn survey_responses_are_whole_limited_counted_paged_and_erasable(db) {
        let (s, cid, sid, member) = setup(&db.url).await;
        let survey = s.survey(cid, sid).await.unwrap().unwrap();
        let r = response(&survey, &[("q1", "4"), ("q2", "0"), ("q2", "1"), ("q4", "0")]);
        // A draft takes no answers; nothing is written.
        let public = |d: &'static str| Via::Public { device: d, address: "a1", per_device: 1, per_address: 3 };
        assert!(matches!(s.add_survey_response(sid, &r, &public("d1"), 30).await, Err(StoreError::Conflict("survey_closed"))));
        s.set_survey_status(cid, sid, Status::Open, Some("tok"), 1, 30).await.unwrap();
        assert!(matches!(s.save_survey_draft(cid, sid, &survey.settings, &survey.definition, 31).await, Err(StoreError::Conflict("survey_not_draft"))));
        assert_eq!(s.survey_by_token("tok").await.unwrap().unwrap().id, sid);

        // Per device and per address, counted in the same transaction as the insert.
        s.add_survey_response(sid, &r, &public("d1"), 40).await.unwrap();
        assert!(matches!(s.add_survey_response(sid, &r, &public("d1"), 41).await, Err(StoreError::Conflict("answer_limit"))));
        s.add_survey_response(sid, &response(&survey, &[("q1", "0"), ("q4", "2"), ("q5", "遠い")]), &public("d2"), 42).await.unwrap();
        s.add_survey_response(sid, &r, &public("d3"), 43).await.unwrap();
        assert!(matches!(s.add_survey_response(sid, &r, &public("d4"), 44).await, Err(StoreError::Conflict("answer_limit"))), "three an hour from one address");
        s.add_survey_response(sid, &r, &public("d4"), 44 + 3600).await.unwrap();
        // A member once.
        let mine = answers::Response { audience: Audience::Beneficiaries, answers: vec![answers::Answer { key: "q1".into(), value: Value::Choices(vec![2]) }] };
        s.add_survey_response(sid, &mine, &Via::Member(member), 50).await.unwrap();
        assert!(matches!(s.add_survey_response(sid, &mine, &Via::Member(member), 51).await, Err(StoreError::Conflict("already_answered"))));
        assert!(s.has_answered(sid, member).await.unwrap());

        // Counted by the database.
        let t = s.survey_tallies(sid, None).await.unwrap();
        assert_eq!(t.responses, 5);
        assert_eq!(t.answered["q1"], 5);
        assert_eq!(t.chosen[&("q1".to_owned(), 4)], 3);
        assert_eq!((t.answered["q2"], t.chosen[&("q2".to_owned(), 1)]), (3, 3));
        assert_eq!(s.survey_texts(sid, "q5", None, 10).await.unwrap(), ["遠い"]);
        assert_eq!(s.survey_tallies(sid, Some(Audience::Volunteers)).await.unwrap().responses, 0);

        // Pages of two cover every response once, in order, with their answers.
        let (mut after, mut seen) = (0, Vec::new());
        loop {
            let page = s.survey_responses_page(sid, after, 2).await.unwrap();
            let Some(last) = page.last() else { break };
            after = last.id;
            seen.extend(page.into_iter().map(|r| (r.id, r.answers.len())));
        }
        assert_eq!(seen.len(), 5);
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(seen[0].1, 4, "q1, q2 twice, q4");

        // A personal link answers once; reminders go to those who have not answered.
        let people = [("t1", "a@example.jp"), ("t2", "b@example.jp")].map(|(token, email)| kyodo_store::NewSurveyInvitation { token, name: "", email, subject: "お願い", body: "本文" });
        assert_eq!(s.add_survey_invitations(cid, sid, "beneficiaries", &people, 1, 60).await.unwrap(), 2);
        assert_eq!(s.add_survey_invitations(cid, sid, "beneficiaries", &people[..1], 1, 61).await.unwrap(), 0, "an address once");
        let link = s.survey_invitation("t1").await.unwrap().unwrap();
        s.add_survey_response(sid, &r, &Via::Link(link.id), 62).await.unwrap();
        assert!(matches!(s.add_survey_response(sid, &r, &Via::Link(link.id), 63).await, Err(StoreError::Conflict("already_answered"))));
        let mailed = s.remind_survey_invitations(sid, 100, &|i| (format!("再送 {}", i.email), String::new()), 100).await.unwrap();
        assert_eq!(mailed, 1);
        assert_eq!(s.remind_survey_invitations(sid, 99, &|_| (String::new(), String::new()), 101).await.unwrap(), 0, "not again within the window");
        let outbox = s.unsent_mail(100).await.unwrap();
        assert!(outbox.iter().any(|m| m.subject == "再送 b@example.jp") && !outbox.iter().any(|m| m.subject == "再送 a@example.jp"));
        let t = s.survey_tallies(sid, None).await.unwrap();
        assert_eq!(t.responses, 6);

        // The member's answers are theirs: exported to them, and gone with their account.
        assert_eq!(s.responses_of_user(member).await.unwrap().len(), 1);
        s.delete_user(member).await.unwrap();
        assert_eq!(s.survey_tallies(sid, None).await.unwrap().responses, 5);
        assert_eq!(s.survey_tallies(sid, None).await.unwrap().answered["q1"], 5, "the answers went with the response");
    }
}
