//! The storage conformance suite: the same tests on SQLite and on PostgreSQL.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::interchange;
use kyodo_domain::organization::{MemberRole, NewOrganization, OrgKind, OrganizationInput};
use kyodo_store::{OrganizationFilter, Store, StoreError};

const GUIDE_CASES: &str = include_str!("../../../demo/guide-cases.jsonl");

async fn store(url: &str) -> Store {
    let store = Store::connect(url).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

fn email(s: &str) -> Email {
    Email::parse("email", s).expect("valid e-mail")
}

fn org(name: &str) -> NewOrganization {
    NewOrganization::parse(&OrganizationInput {
        kind: "voluntary_group".into(),
        name: name.into(),
        municipality: Some("下松市".into()),
        ..Default::default()
    })
    .expect("valid organisation")
}

kyodo_test_support::on_both_backends! {
    async fn migrations_are_idempotent(db) {
        let s = store(&db.url).await;
        s.migrate().await.expect("second migrate is a no-op");
        s.ping().await.expect("ping");
    }

    async fn a_taken_email_is_a_conflict(db) {
        let s = store(&db.url).await;
        let id = s.create_user(&email("a@example.jp"), "A", "hash", SiteRole::User, 1).await.unwrap();
        assert!(id > 0);
        let again = s.create_user(&email("a@example.jp"), "B", "hash", SiteRole::User, 2).await;
        assert!(matches!(again, Err(StoreError::Conflict("email"))), "{again:?}");
        let (user, hash) = s.user_credentials(&email("a@example.jp")).await.unwrap().unwrap();
        assert_eq!((user.display_name.as_str(), hash.as_str(), user.role), ("A", "hash", SiteRole::User));
    }

    async fn sessions_live_and_expire(db) {
        let s = store(&db.url).await;
        let uid = s.create_user(&email("s@example.jp"), "S", "h", SiteRole::User, 100).await.unwrap();
        s.create_session("abc", uid, 100).await.unwrap();
        s.touch_session("abc", 150).await.unwrap();
        let rec = s.session("abc").await.unwrap().unwrap();
        assert_eq!((rec.user.id, rec.created_at, rec.last_seen_at), (uid, 100, 150));
        assert_eq!(s.delete_expired_sessions(140, 0).await.unwrap(), 0);
        assert_eq!(s.delete_expired_sessions(151, 0).await.unwrap(), 1);
        assert!(s.session("abc").await.unwrap().is_none());
    }

    async fn tokens_resolve_until_revoked_and_only_by_their_owner(db) {
        let s = store(&db.url).await;
        let a = s.create_user(&email("t@example.jp"), "T", "h", SiteRole::User, 1).await.unwrap();
        let b = s.create_user(&email("u@example.jp"), "U", "h", SiteRole::User, 1).await.unwrap();
        let tid = s.create_token(a, "script", "thash", "kyd_abcd", 1).await.unwrap();
        assert_eq!(s.user_by_token("thash", 2).await.unwrap().map(|u| u.id), Some(a));
        assert!(matches!(s.revoke_token(b, tid, 3).await, Err(StoreError::NotFound)));
        s.revoke_token(a, tid, 3).await.unwrap();
        assert!(s.user_by_token("thash", 4).await.unwrap().is_none());
        assert_eq!(s.tokens(a).await.unwrap()[0].revoked_at, Some(3));
    }

    async fn creating_an_organisation_makes_the_creator_owner(db) {
        let s = store(&db.url).await;
        let uid = s.create_user(&email("o@example.jp"), "O", "h", SiteRole::User, 1).await.unwrap();
        let oid = s.create_organization(&org("下松こども食堂の会"), uid, 10).await.unwrap();
        assert_eq!(s.member_role(oid, uid).await.unwrap(), Some(MemberRole::Owner));
        let o = s.organization(oid).await.unwrap().unwrap();
        assert_eq!((o.kind, o.name.as_str(), o.municipality.as_deref()), (OrgKind::VoluntaryGroup, "下松こども食堂の会", Some("下松市")));
        let mine = s.memberships(uid).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].organization.id, oid);
    }

    async fn a_failed_organisation_write_leaves_nothing(db) {
        let s = store(&db.url).await;
        // No such user: the membership insert fails, so the organisation must not remain.
        let err = s.create_organization(&org("幻の団体"), 9999, 10).await;
        assert!(err.is_err());
        let (list, total) = s.organizations(&OrganizationFilter::default(), 10, 0).await.unwrap();
        assert!(list.is_empty() && total == 0);
    }

    async fn the_guide_cases_import_export_and_reimport_as_updates(db) {
        let s = store(&db.url).await;
        let parsed = interchange::parse(GUIDE_CASES).unwrap();
        let summary = s.import(&parsed, 1).await.unwrap().unwrap();
        assert_eq!((summary.organizations, summary.listings), (6, 12));
        let again = s.import(&parsed, 2).await.unwrap().unwrap();
        assert_eq!(again.organizations, 6);
        let (_, total) = s.organizations(&OrganizationFilter::default(), 100, 0).await.unwrap();
        assert_eq!(total, 6, "re-import updates instead of duplicating");
        let exported = s.export().await.unwrap();
        let mut a: Vec<String> = parsed.records.iter().map(|(_, r)| interchange::to_line(r)).collect();
        let mut b: Vec<String> = exported.iter().map(interchange::to_line).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        let filter = OrganizationFilter { external_id: Some("case3-marukyu".into()), ..Default::default() };
        let (found, _) = s.organizations(&filter, 10, 0).await.unwrap();
        assert_eq!(found[0].name, "株式会社丸久");
    }

    async fn a_listing_for_an_unknown_organisation_writes_nothing(db) {
        let s = store(&db.url).await;
        let input = concat!(
            "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"A\"}\n",
            "{\"type\":\"listing\",\"external_id\":\"L\",\"organization\":\"Z\",\"direction\":\"need\",\"resources\":[\"funds\"],\"title\":\"t\"}\n",
        );
        let parsed = interchange::parse(input).unwrap();
        let errors = s.import(&parsed, 1).await.unwrap().unwrap_err();
        assert_eq!(errors[0].line, 2);
        let (_, total) = s.organizations(&OrganizationFilter::default(), 10, 0).await.unwrap();
        assert_eq!(total, 0, "the organisation on line 1 must not be written either");
    }

    async fn secrets_are_created_once(db) {
        let s = store(&db.url).await;
        let a = s.secret("csrf").await.unwrap();
        let b = s.secret("csrf").await.unwrap();
        assert_eq!(a.len(), 32);
        assert_eq!(a, b);
    }

    async fn listings_of_an_organisation_hide_closed_ones_from_the_public(db) {
        let s = store(&db.url).await;
        let input = concat!(
            "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"A\"}\n",
            "{\"type\":\"listing\",\"external_id\":\"L1\",\"organization\":\"A\",\"direction\":\"offer\",\"resources\":[\"venue\",\"funds\"],\"title\":\"会議室の貸出\"}\n",
            "{\"type\":\"listing\",\"external_id\":\"L2\",\"organization\":\"A\",\"direction\":\"need\",\"resources\":[\"people\"],\"title\":\"講師\",\"status\":\"closed\"}\n",
        );
        s.import(&interchange::parse(input).unwrap(), 1).await.unwrap().unwrap();
        let (orgs, _) = s.organizations(&OrganizationFilter::default(), 10, 0).await.unwrap();
        let public = s.listings_of(orgs[0].id, false).await.unwrap();
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].title, "会議室の貸出");
        let codes: Vec<&str> = public[0].resources.iter().map(|r| r.as_str()).collect();
        assert_eq!(codes, ["venue", "funds"]);
        assert_eq!(s.listings_of(orgs[0].id, true).await.unwrap().len(), 2);
    }
}
