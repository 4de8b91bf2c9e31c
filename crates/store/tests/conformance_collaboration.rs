//! The storage conformance suite for the second half of the guide, on SQLite and PostgreSQL:
//! proposals with versions, shares and comments; collaborations and their stages; the agreement
//! and its confirmation; meetings, minutes, action items and indicators; notifications.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::collaboration::agreement::{AgreementInput, RoleInput, TargetInput};
use kyodo_domain::collaboration::indicator::EntryInput;
use kyodo_domain::collaboration::meeting::{ItemInput, MeetingInput, MinutesInput};
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::organization::{NewOrganization, OrganizationInput};
use kyodo_domain::proposal::guide_example;
use kyodo_store::{NewCollaboration, NewComment, NewNotification, Store, StoreError};

async fn store(url: &str) -> Store {
    let store = Store::connect(url).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

/// Two organisations, each with its owner: (store, npo, npo owner, company, company owner).
async fn two_parties(url: &str) -> (Store, i64, i64, i64, i64) {
    let s = store(url).await;
    let mut ids = Vec::new();
    for (mail, name, kind) in [
        ("n@example.jp", "里山を守る会", "voluntary_group"),
        ("c@example.jp", "山口そば株式会社", "company"),
    ] {
        let u = s
            .create_user(&Email::parse("email", mail).unwrap(), name, "h", SiteRole::User, 1)
            .await
            .unwrap();
        let new = NewOrganization::parse(&OrganizationInput {
            kind: kind.into(),
            name: name.into(),
            municipality: Some("山口市".into()),
            ..Default::default()
        })
        .unwrap();
        ids.push((s.create_organization(&new, u, 1).await.unwrap(), u));
    }
    (s, ids[0].0, ids[0].1, ids[1].0, ids[1].1)
}

async fn collaboration(s: &Store, npo: i64, company: i64, user: i64) -> i64 {
    s.create_collaboration(
        &NewCollaboration {
            title: "そばづくりからの里山再生",
            lead: npo,
            partners: &[company],
            theme_id: None,
            proposal_id: None,
            stage: Stage::Negotiation,
        },
        user,
        10,
    )
    .await
    .unwrap()
}

fn agreement(npo: i64, company: i64) -> kyodo_domain::collaboration::agreement::Agreement {
    AgreementInput {
        collaboration_type: "business_cooperation".into(),
        purpose: "里山の再生".into(),
        start: "2026-12-01".into(),
        end: "2027-11-30".into(),
        roles: [(npo, "c1"), (company, "k1")]
            .map(|(o, r)| RoleInput {
                organization_id: o,
                guide_roles: vec![r.into()],
                ..Default::default()
            })
            .into(),
        targets: vec![TargetInput {
            what: "参加者".into(),
            value: "50".into(),
            unit: "人".into(),
            due: "2027-06-30".into(),
            method: "名簿".into(),
            timing: "毎月".into(),
            ..Default::default()
        }],
    }
    .parse()
    .unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn a_proposal_keeps_its_versions_shares_and_comments(db) {
        let (s, npo, nu, company, cu) = two_parties(&db.url).await;
        let mut content = guide_example();
        let pid = s.create_proposal(npo, Some(company), None, &content, nu, 10).await.unwrap();
        content.title = "第2版の題".into();
        assert_eq!(s.save_proposal_version(pid, &content, Some("予算を直した"), None, nu, 20).await.unwrap(), 2);
        s.share_proposal(pid, company, 1, false, nu, 30).await.unwrap();
        assert_eq!(s.shared_version(pid, company).await.unwrap(), Some(1));
        let shared = s.proposals_shared_with(company).await.unwrap();
        assert_eq!((shared.len(), shared[0].1), (1, 1));
        let c = NewComment { proposal_id: pid, version: 1, section: "budget", organization_id: company, author_id: cu, body: "人件費は？" };
        s.add_proposal_comment(&c, 40).await.unwrap();
        assert_eq!(s.proposal_comments(pid, Some(1)).await.unwrap()[0].body, "人件費は？");
        assert!(s.proposal_comments(pid, Some(0)).await.unwrap().is_empty(), "comments only up to the version shared");
        let v1 = s.proposal_version(pid, 1).await.unwrap().unwrap();
        assert_eq!(v1.content.title, guide_example().title, "a version never changes");
        s.unshare_proposal(pid, company).await.unwrap();
        assert!(matches!(s.unshare_proposal(pid, company).await, Err(StoreError::NotFound)));
    }

    async fn a_collaboration_moves_only_from_the_stage_it_is_in(db) {
        let (s, npo, nu, company, _) = two_parties(&db.url).await;
        let cid = collaboration(&s, npo, company, nu).await;
        let c = s.collaboration(cid).await.unwrap().unwrap();
        assert_eq!((c.stage, c.parties.len()), (Stage::Negotiation, 2));
        s.move_stage(cid, Stage::Negotiation, Stage::Agreement, None, nu, 20).await.unwrap();
        let stale = s.move_stage(cid, Stage::Negotiation, Stage::Agreement, None, nu, 21).await;
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
        assert_eq!(s.stage_events(cid).await.unwrap().len(), 2);
        assert_eq!(s.collaborations_of(company).await.unwrap()[0].2, Stage::Agreement);
    }

    async fn the_agreement_becomes_indicators_when_every_party_has_confirmed(db) {
        let (s, npo, nu, company, cu) = two_parties(&db.url).await;
        let cid = collaboration(&s, npo, company, nu).await;
        let parties = [npo, company];
        assert_eq!(s.save_agreement(cid, &agreement(npo, company), nu, 20).await.unwrap(), 1);
        assert!(!s.confirm_agreement(cid, 1, &[npo], &parties, nu, 30).await.unwrap());
        assert!(s.indicators(cid).await.unwrap().is_empty(), "not before every party confirmed");
        let old = s.confirm_agreement(cid, 2, &[company], &parties, cu, 31).await;
        assert!(matches!(old, Err(StoreError::Conflict("agreement_changed"))), "{old:?}");
        assert!(s.confirm_agreement(cid, 1, &[company], &parties, cu, 32).await.unwrap());
        let ks = s.indicators(cid).await.unwrap();
        assert_eq!((ks.len(), ks[0].target, ks[0].unit.as_str()), (1, 50.0, "人"));
        assert_eq!(s.latest_agreement(cid).await.unwrap().unwrap().confirmed_by.len(), 2);
        let entry = EntryInput { entry_date: "2027-01-31".into(), value: "12".into(), source: "名簿".into() }.parse().unwrap();
        s.add_indicator_entry(cid, ks[0].id, &entry, cu, 40).await.unwrap();
        let other = collaboration(&s, npo, company, nu).await;
        assert!(matches!(s.add_indicator_entry(other, ks[0].id, &entry, cu, 41).await, Err(StoreError::NotFound)), "another collaboration's indicator");
        assert_eq!(s.indicators(cid).await.unwrap()[0].entries.len(), 1);
        let actions: Vec<String> = s.audit_events(cid).await.unwrap().into_iter().map(|e| e.1).collect();
        assert_eq!(actions, ["agreement_saved", "agreement_confirmed", "agreement_confirmed", "indicator_entry"]);
    }

    async fn minutes_carry_action_items_and_each_partys_approval(db) {
        let (s, npo, nu, company, cu) = two_parties(&db.url).await;
        let cid = collaboration(&s, npo, company, nu).await;
        let m = MeetingInput { date: "2027-01-15".into(), time: "14:00".into(), place: "センター".into(), purpose: "第1回".into(), issues: "役割".into(), ..Default::default() }.parse().unwrap();
        let mid = s.create_meeting(cid, &m, nu, 20).await.unwrap();
        s.approve_minutes(cid, mid, company, cu, 21).await.unwrap();
        assert!(s.meetings(cid).await.unwrap()[0].approved_by.is_empty(), "nothing to approve before minutes");
        let minutes = MinutesInput {
            decisions: "5名で参加".into(),
            items: vec![ItemInput { title: "名簿".into(), owner_name: "鈴木".into(), organization: company.to_string(), due: "2027-01-31".into() }],
            ..Default::default()
        }
        .parse(&[npo, company], time::macros::date!(2027 - 01 - 15))
        .unwrap();
        s.save_minutes(cid, mid, &minutes, nu, 30).await.unwrap();
        s.approve_minutes(cid, mid, company, cu, 31).await.unwrap();
        s.approve_minutes(cid, mid, company, cu, 32).await.unwrap();
        assert_eq!(s.meetings(cid).await.unwrap()[0].approved_by, [company], "once per party");
        let items = s.action_items(None, Some(company)).await.unwrap();
        assert_eq!((items.len(), items[0].due.as_str()), (1, "2027-01-31"));
        s.set_action_item_done(cid, items[0].id, true, 40).await.unwrap();
        assert!(s.action_items(None, Some(company)).await.unwrap().is_empty());
        assert!(s.action_items(Some(cid), None).await.unwrap()[0].done);
    }

    async fn notifications_reach_the_other_partys_members_as_they_chose(db) {
        let (s, npo, nu, company, cu) = two_parties(&db.url).await;
        let n = NewNotification { organizations: &[npo, company], people: &[], actor: nu, kind: "meeting", text: "定例会", link: "/collaborations/1/workspace" };
        assert_eq!(s.notify(&n, "http://kyodo.example", 10).await.unwrap(), 1, "never the actor");
        assert_eq!(s.unread_notifications(cu).await.unwrap(), 1);
        assert_eq!(s.unread_notifications(nu).await.unwrap(), 0);
        s.mark_notifications_read(cu, 11).await.unwrap();
        assert_eq!(s.unread_notifications(cu).await.unwrap(), 0);
        s.set_notification_settings(cu, &[("meeting", false, true)]).await.unwrap();
        assert_eq!(s.notify(&n, "http://kyodo.example", 12).await.unwrap(), 0, "turned off in the app");
        let mails = s.unsent_mail(10).await.unwrap();
        assert_eq!(mails.len(), 2, "mail still goes out: {mails:?}");
        assert!(mails[0].body.contains("http://kyodo.example/collaborations/1/workspace"));
    }
}
