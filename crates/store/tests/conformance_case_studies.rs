//! Case studies on SQLite and PostgreSQL: a save with the same content keeps its version, a
//! change is the next; the library shows a case only while every party approved the latest
//! version and it is not blocked, exactly as the domain's `Publication` decides; a withdrawal
//! takes it out at once.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::case_study::{CaseStudyInput, PartyFacts, Publication};
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::organization::{NewOrganization, OrganizationInput};
use kyodo_store::{NewCollaboration, Store, StoreError};

kyodo_test_support::on_both_backends! {
    async fn a_case_is_public_only_while_every_party_approved_its_latest_version(db) {
        let s = Store::connect(&db.url).await.unwrap();
        s.migrate().await.unwrap();
        let owner = s.create_user(&Email::parse("email", "o@example.jp").unwrap(), "代表", "h", SiteRole::User, 1).await.unwrap();
        let mut orgs = Vec::new();
        for (name, kind) in [("支えてねットワーク", "npo_corporation"), ("有限会社みかわ", "company")] {
            let new = NewOrganization::parse(&OrganizationInput { kind: kind.into(), name: name.into(), ..Default::default() }).unwrap();
            orgs.push(s.create_organization(&new, owner, 1).await.unwrap());
        }
        let cid = s.create_collaboration(&NewCollaboration { title: "うりうり基金", lead: orgs[0], partners: &[orgs[1]],
            theme_id: None, proposal_id: None, stage: Stage::Evaluation }, owner, 2).await.unwrap();
        let party = |name: &str| PartyFacts { name: name.into(), roles: vec!["役割".into()], gained: vec!["成果".into()], ..Default::default() };
        let facts = kyodo_domain::case_study::CaseFacts { title: "うりうり基金".into(), field: "福祉".into(), collaboration_type: "事業協力".into(),
            summary: "白瓜を育てる".into(), parties: vec![party("支えてねットワーク"), party("有限会社みかわ")], ..Default::default() };
        let case = CaseStudyInput::prefill(&facts).parse().unwrap();
        let (id, v1) = s.save_case_study(cid, &case, "d1", false, owner, 10).await.unwrap();
        assert_eq!(s.save_case_study(cid, &case, "d1", false, owner, 11).await.unwrap(), (id, v1), "the same content, the same version");
        let public = |s: &Store| { let s = s.clone(); async move { s.published_case_studies(10).await.unwrap().len() } };

        // The SQL rule and the domain's agree at every step.
        let agrees = |stored: &kyodo_store::StoredCaseStudy| {
            let approvals: Vec<(i64, String)> = stored.approvals.iter()
                .filter(|a| a.1 == stored.version).map(|a| (a.0, stored.digest.clone())).collect();
            Publication { parties: &orgs, approvals: &approvals }.published(&stored.digest, &stored.content)
        };
        s.approve_case_study(id, v1, orgs[0], owner, 20).await.unwrap();
        let stored = s.case_study(cid).await.unwrap().unwrap();
        assert_eq!((public(&s).await, agrees(&stored)), (0, false), "one party approved");
        s.approve_case_study(id, v1, orgs[1], owner, 21).await.unwrap();
        let stored = s.case_study(cid).await.unwrap().unwrap();
        assert_eq!((public(&s).await, agrees(&stored)), (1, true), "both approved");
        assert_eq!(s.published_case_study(id).await.unwrap().unwrap().content, case);

        // A change is a new version: out of the library until both approve it.
        let mut changed = case.clone();
        changed.summary = "白瓜と奈良漬".into();
        let (_, v2) = s.save_case_study(cid, &changed, "d2", false, owner, 30).await.unwrap();
        assert_eq!(v2, v1 + 1);
        let stored = s.case_study(cid).await.unwrap().unwrap();
        assert_eq!((public(&s).await, agrees(&stored)), (0, false));
        assert!(matches!(s.approve_case_study(id, v1, orgs[0], owner, 31).await, Err(StoreError::Conflict("case_study_changed"))));
        for o in &orgs { s.approve_case_study(id, v2, *o, owner, 32).await.unwrap(); }
        assert_eq!(public(&s).await, 1);

        // A withdrawal takes it out in the same commit; a blocked version is never public.
        s.withdraw_case_study(id, orgs[1], owner, 40).await.unwrap();
        assert!(s.published_case_study(id).await.unwrap().is_none());
        assert!(matches!(s.withdraw_case_study(id, orgs[1], owner, 41).await, Err(StoreError::NotFound)), "withdrawn once");
        let (_, v3) = s.save_case_study(cid, &case, "d3", true, owner, 50).await.unwrap();
        for o in &orgs { s.approve_case_study(id, v3, *o, owner, 51).await.unwrap(); }
        assert_eq!(public(&s).await, 0, "blocked: a key person without consent");
        assert_eq!(s.case_study(cid).await.unwrap().unwrap().approvals.len(), 2);
    }
}
