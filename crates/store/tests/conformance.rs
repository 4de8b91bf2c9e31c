//! The storage conformance suite: the same tests on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use kyodo_domain::account::{Email, SiteRole, TokenScope};
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

    async fn a_sign_up_becomes_an_account_once_and_expires_otherwise(db) {
        let s = store(&db.url).await;
        let mail = kyodo_store::Mail { to: "p@example.jp", subject: "確認", body: "link" };
        let address = email("p@example.jp");
        let pending = |token: &'static str, expires_at| kyodo_store::PendingSignup {
            email: &address,
            display_name: "P",
            password_hash: "argon",
            next_path: "/organizations",
            token_hash: token,
            expires_at,
        };
        s.create_signup(&pending("t1", 200), &mail, 100).await.unwrap();
        s.create_signup(&pending("t2", 300), &mail, 110).await.unwrap();
        assert_eq!(s.signup_email("t1", 150).await.unwrap().as_deref(), Some("p@example.jp"));
        assert!(s.signup_email("t1", 200).await.unwrap().is_none(), "expired at its time");
        assert!(s.confirm_signup("t1", 250).await.unwrap().is_none(), "an expired link creates nothing");
        let done = s.confirm_signup("t2", 250).await.unwrap().unwrap();
        assert_eq!(done.next_path, "/organizations");
        let (user, hash) = s.user_credentials(&email("p@example.jp")).await.unwrap().unwrap();
        assert_eq!((user.id, hash.as_str()), (done.user_id, "argon"));
        assert!(s.confirm_signup("t2", 260).await.unwrap().is_none(), "single use");
        // The address's other pending sign-ups went with the confirmation; expired ones are swept.
        s.create_signup(&pending("t3", 400), &mail, 390).await.unwrap();
        assert_eq!(s.delete_expired_signups(399).await.unwrap(), 0);
        assert_eq!(s.delete_expired_signups(400).await.unwrap(), 1);
        assert!(matches!(s.confirm_signup("t3", 395).await, Ok(None)));
    }

    async fn tokens_resolve_until_revoked_and_only_by_their_owner(db) {
        let s = store(&db.url).await;
        let a = s.create_user(&email("t@example.jp"), "T", "h", SiteRole::User, 1).await.unwrap();
        let b = s.create_user(&email("u@example.jp"), "U", "h", SiteRole::User, 1).await.unwrap();
        let new = |hash: &'static str, scope, expires_at| kyodo_store::NewToken { user_id: a, name: "script", token_hash: hash, prefix: "kyd_abcd", scope, expires_at };
        let tid = s.create_token(&new("thash", TokenScope::Write, None), 1).await.unwrap();
        assert_eq!(s.user_by_token("thash", 2).await.unwrap().map(|(u, scope)| (u.id, scope)), Some((a, TokenScope::Write)));
        assert!(matches!(s.revoke_token(b, tid, 3).await, Err(StoreError::NotFound)));
        s.revoke_token(a, tid, 3).await.unwrap();
        assert!(s.user_by_token("thash", 4).await.unwrap().is_none());
        assert_eq!(s.tokens(a).await.unwrap()[0].revoked_at, Some(3));
        // A read-only token that expires: it resolves with its scope until its end, not after.
        s.create_token(&new("rhash", TokenScope::Read, Some(100)), 5).await.unwrap();
        assert_eq!(s.user_by_token("rhash", 99).await.unwrap().map(|(_, scope)| scope), Some(TokenScope::Read));
        assert!(s.user_by_token("rhash", 100).await.unwrap().is_none(), "expired");
        s.create_token(&new("lhash", TokenScope::Write, None), 6).await.unwrap();
        assert_eq!(s.revoke_all_tokens(a, 7).await.unwrap(), 2, "every live one, expired or not");
        assert!(s.user_by_token("lhash", 8).await.unwrap().is_none());
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

    async fn profiles_update_and_raise_the_disclosure_level(db) {
        let s = store(&db.url).await;
        let uid = s.create_user(&email("p@example.jp"), "P", "h", SiteRole::User, 1).await.unwrap();
        let oid = s.create_organization(&org("ささえあいの会"), uid, 10).await.unwrap();
        let mut p = s.organization(oid).await.unwrap().unwrap().profile();
        p.mission = Some("地域で支え合う".into());
        p.open_types = vec![kyodo_domain::collaboration::CollaborationType::Grant];
        p.social_links = vec!["https://example.jp/sns".into()];
        s.update_profile(oid, &p, 20).await.unwrap();
        let o = s.organization(oid).await.unwrap().unwrap();
        assert_eq!(o.profile(), p);
        assert_eq!((o.updated_at, o.source.as_str()), (20, "web"));
        let a = s.disclosure_activity(oid, o.updated_at, 20).await.unwrap();
        assert_eq!((a.track_records, a.open_listings, a.verified), (0, 0, false));
        let record = kyodo_domain::organization::track_record::TrackRecord { title: "夏祭り".into(), partners: None, year: Some(2024), description: None };
        let rid = s.add_track_record(oid, &record, 21).await.unwrap();
        assert_eq!(s.disclosure_activity(oid, 20, 21).await.unwrap().track_records, 1);
        assert!(matches!(s.delete_track_record(oid + 1, rid).await, Err(StoreError::NotFound)), "only its own records");
        s.delete_track_record(oid, rid).await.unwrap();
    }

    async fn members_keep_an_owner_and_invitations_work_once(db) {
        use kyodo_domain::organization::members::MemberChangeError;
        let s = store(&db.url).await;
        let owner = s.create_user(&email("owner@example.jp"), "O", "h", SiteRole::User, 1).await.unwrap();
        let guest = s.create_user(&email("guest@example.jp"), "G", "h", SiteRole::User, 1).await.unwrap();
        let oid = s.create_organization(&org("会"), owner, 10).await.unwrap();
        assert_eq!(s.change_member(oid, owner, None).await.unwrap(), Err(MemberChangeError::LastOwner));
        let inv = kyodo_store::NewInvitation {
            organization_id: oid, email: "guest@example.jp", role: MemberRole::Editor, token_hash: "tok",
            invited_by: owner, expires_at: 1000, subject: "招待", body: "リンク",
        };
        let iid = s.create_invitation(&inv, 100).await.unwrap();
        assert_eq!(s.unsent_mail(10).await.unwrap()[0].to_email, "guest@example.jp", "the mail is queued with it");
        let found = s.invitation_by_token("tok").await.unwrap().unwrap();
        assert_eq!((found.id, found.role), (iid, MemberRole::Editor));
        assert!(!s.accept_invitation(iid, guest, 2000).await.unwrap(), "expired");
        assert!(s.accept_invitation(iid, guest, 200).await.unwrap());
        assert!(!s.accept_invitation(iid, guest, 201).await.unwrap(), "used once only");
        assert_eq!(s.member_role(oid, guest).await.unwrap(), Some(MemberRole::Editor));
        s.change_member(oid, guest, Some(MemberRole::Owner)).await.unwrap().unwrap();
        s.change_member(oid, owner, None).await.unwrap().unwrap();
        assert_eq!(s.members(oid).await.unwrap().len(), 1);
    }

    async fn verification_follows_its_lifecycle_and_keeps_history(db) {
        use kyodo_domain::organization::verification::{VerificationEvent as E, VerificationStatus};
        let s = store(&db.url).await;
        let uid = s.create_user(&email("v@example.jp"), "V", "h", SiteRole::Coordinator, 1).await.unwrap();
        let oid = s.create_organization(&org("会"), uid, 10).await.unwrap();
        assert!(!s.add_verification_event(oid, E::Verified, uid, None, 11).await.unwrap(), "no verification before a declaration");
        assert!(s.add_verification_event(oid, E::Declared, uid, None, 12).await.unwrap());
        assert_eq!(s.pending_verifications().await.unwrap()[0].0.id, oid);
        assert!(s.add_verification_event(oid, E::Verified, uid, Some("定款を確認"), 13).await.unwrap());
        assert_eq!(s.verification_status(oid).await.unwrap(), VerificationStatus::Verified);
        assert!(s.pending_verifications().await.unwrap().is_empty());
        let history = s.verification_history(oid).await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].note.as_deref(), Some("定款を確認"));
    }

    async fn an_imported_organisation_is_claimed_once(db) {
        let s = store(&db.url).await;
        let input = "{\"type\":\"organization\",\"external_id\":\"npo:1\",\"kind\":\"npo_corporation\",\"name\":\"NPO法人いち\"}";
        s.import(&interchange::parse(input).unwrap(), 1).await.unwrap().unwrap();
        let (orgs, _) = s.organizations(&OrganizationFilter::default(), 10, 0).await.unwrap();
        let oid = orgs[0].id;
        assert!(s.claimable(oid).await.unwrap());
        let a = s.create_user(&email("a@example.jp"), "A", "h", SiteRole::User, 1).await.unwrap();
        let b = s.create_user(&email("b@example.jp"), "B", "h", SiteRole::User, 1).await.unwrap();
        let coord = s.create_user(&email("c@example.jp"), "C", "h", SiteRole::Coordinator, 1).await.unwrap();
        let ca = s.create_claim(oid, a, "理事長です", 2).await.unwrap();
        assert!(matches!(s.create_claim(oid, a, "again", 3).await, Err(StoreError::Conflict("claim"))));
        let cb = s.create_claim(oid, b, "事務局です", 3).await.unwrap();
        assert_eq!(s.pending_claims().await.unwrap().len(), 2);
        assert!(s.decide_claim(ca, true, coord, 4).await.unwrap());
        assert_eq!(s.member_role(oid, a).await.unwrap(), Some(MemberRole::Owner));
        assert!(!s.decide_claim(cb, true, coord, 5).await.unwrap(), "already owned: a second approval is refused");
        assert!(!s.claimable(oid).await.unwrap());
    }

    async fn the_board_filters_open_listings(db) {
        use kyodo_domain::listing::{Direction, Resource};
        let s = store(&db.url).await;
        s.import(&interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        let all = kyodo_store::ListingFilter::default();
        assert_eq!(s.board(&all, 100, 0).await.unwrap().1, 12);
        let offers = kyodo_store::ListingFilter { direction: Some(Direction::Offer), ..Default::default() };
        assert_eq!(s.board(&offers, 100, 0).await.unwrap().1, 6);
        let goods = kyodo_store::ListingFilter { resource: Resource::parse("procurement"), ..Default::default() };
        let (items, total) = s.board(&goods, 100, 0).await.unwrap();
        assert_eq!(total, 2);
        assert!(items.iter().all(|(l, _)| l.resources.iter().any(|r| r.as_str() == "procurement")));
        let companies = kyodo_store::ListingFilter { kind: Some(OrgKind::Company), municipality: Some("防府市".into()), ..Default::default() };
        let (items, total) = s.board(&companies, 100, 0).await.unwrap();
        assert_eq!(total, 2);
        assert_eq!(items[0].1.name, "株式会社丸久");
        let page = s.board(&all, 5, 10).await.unwrap().0;
        assert_eq!(page.len(), 2);
    }

    async fn listing_number_filters_match_whole_numbers_only(db) {
        let s = store(&db.url).await;
        let input = concat!(
            "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"A\"}\n",
            "{\"type\":\"listing\",\"external_id\":\"L1\",\"organization\":\"A\",\"direction\":\"offer\",\"resources\":[\"funds\"],\"title\":\"a\",\"fields\":[1,13]}\n",
            "{\"type\":\"listing\",\"external_id\":\"L2\",\"organization\":\"A\",\"direction\":\"offer\",\"resources\":[\"funds\"],\"title\":\"b\",\"fields\":[3]}\n",
            "{\"type\":\"listing\",\"external_id\":\"L3\",\"organization\":\"A\",\"direction\":\"offer\",\"resources\":[\"funds\"],\"title\":\"c\",\"fields\":[11,12]}\n",
        );
        s.import(&interchange::parse(input).unwrap(), 1).await.unwrap().unwrap();
        let count = |n: u8| {
            let f = kyodo_store::ListingFilter { field: Some(n), ..Default::default() };
            let s = s.clone();
            async move { s.board(&f, 10, 0).await.unwrap().1 }
        };
        assert_eq!(count(1).await, 1, "1 matches [1,13] but not [11,12]");
        assert_eq!(count(13).await, 1);
        assert_eq!(count(3).await, 1, "3 matches [3] but not [13]");
        assert_eq!(count(2).await, 0);
    }

    async fn worksheets_notes_and_logos_are_stored_per_organisation(db) {
        use kyodo_domain::worksheet::{ChallengeRating, PartnerNote, Worksheet};
        let s = store(&db.url).await;
        let uid = s.create_user(&email("w@example.jp"), "W", "h", SiteRole::User, 1).await.unwrap();
        let a = s.create_organization(&org("会A"), uid, 10).await.unwrap();
        let b = s.create_organization(&org("会B"), uid, 10).await.unwrap();
        let mut w = Worksheet { mission: Some("居場所".into()), ..Default::default() };
        w.challenges.insert(0, ChallengeRating::Major);
        s.save_worksheet(a, &w, uid, 11).await.unwrap();
        assert_eq!(s.worksheet(a).await.unwrap().unwrap().0, w);
        assert!(s.worksheet(b).await.unwrap().is_none());
        let n = PartnerNote { wants: Some("地域貢献".into()), ..Default::default() };
        s.save_partner_note(a, b, &n, uid, 12).await.unwrap();
        assert_eq!(s.partner_note(a, b).await.unwrap().unwrap().0, n);
        assert!(s.partner_note(b, a).await.unwrap().is_none(), "notes belong to their writer");
        s.save_logo(a, "image/png", &[0x89, b'P', b'N', b'G'], 13).await.unwrap();
        assert_eq!(s.logo(a).await.unwrap().unwrap().1, [0x89, b'P', b'N', b'G']);
    }

    async fn the_registry_imports_and_reimports_without_overwriting_claimed_profiles(db) {
        use kyodo_import::npo_portal::{self, generate};
        let s = store(&db.url).await;
        let spec = generate::Spec { rows: 300, seed: 3, yamaguchi_share: 0.5 };
        let text = generate::csv_text(&spec);
        let options = npo_portal::Options { prefecture: Some("山口県".into()), today: time::macros::date!(2026 - 11 - 24) };
        let parsed = npo_portal::parse(&text, &options).unwrap();
        let n = parsed.records.len();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let progress = |k: usize| seen.store(k, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(s.import_registry(&parsed.records, 1, &progress).await.unwrap(), n);
        assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), n);
        let dissolved = parsed.records.iter().filter(|r| r.dissolved_on.is_some()).count();
        let (_, visible) = s.organizations(&OrganizationFilter::default(), 1, 0).await.unwrap();
        assert_eq!(visible as usize, n - dissolved, "dissolved 法人 are kept but hidden");
        let all = OrganizationFilter { include_dissolved: true, ..Default::default() };
        assert_eq!(s.organizations(&all, 1, 0).await.unwrap().1 as usize, n);
        // Someone claims the first one and edits its profile; a re-import keeps the edit.
        let first = &parsed.records[0];
        let by_id = OrganizationFilter { external_id: Some(first.external_id.clone()), ..Default::default() };
        let oid = s.organizations(&by_id, 1, 0).await.unwrap().0[0].id;
        let owner = s.create_user(&email("chair@example.jp"), "C", "h", SiteRole::User, 1).await.unwrap();
        let claim = s.create_claim(oid, owner, "理事長", 2).await.unwrap();
        assert!(s.decide_claim(claim, true, owner, 3).await.unwrap());
        let mut p = s.organization(oid).await.unwrap().unwrap().profile();
        p.mission = Some("私たちの言葉で書いたミッション".into());
        s.update_profile(oid, &p, 4).await.unwrap();
        let mut again = parsed.records.clone();
        again[0].dissolved_on = Some("2026-10-01".into());
        s.import_registry(&again, 5, &|_| {}).await.unwrap();
        let o = s.organization(oid).await.unwrap().unwrap();
        assert_eq!(o.mission.as_deref(), Some("私たちの言葉で書いたミッション"));
        assert_eq!(o.dissolved_on.as_deref(), Some("2026-10-01"), "the registry's own facts still update");
        assert_eq!(s.organizations(&all, 1, 0).await.unwrap().1 as usize, n, "updates, no duplicates");
        assert_eq!(o.representative.as_deref(), first.representative.as_deref());
        assert!(!o.public_contact, "representatives stay private");
    }

    async fn a_generated_interchange_file_round_trips(db) {
        let s = store(&db.url).await;
        let text = kyodo_import::interchange_gen::generate(200, 400, 9);
        let parsed = interchange::parse(&text).unwrap();
        s.import(&parsed, 1).await.unwrap().unwrap();
        let mut a: Vec<String> = parsed.records.iter().map(|(_, r)| interchange::to_line(r)).collect();
        let mut b: Vec<String> = s.export().await.unwrap().iter().map(interchange::to_line).collect();
        a.sort();
        b.sort();
        assert_eq!(a.len(), 600);
        assert_eq!(a, b);
    }

    async fn deleting_an_account_keeps_others_records(db) {
        use kyodo_domain::organization::verification::VerificationEvent as E;
        let s = store(&db.url).await;
        let a = s.create_user(&email("a@example.jp"), "A", "h", SiteRole::User, 1).await.unwrap();
        let b = s.create_user(&email("b@example.jp"), "B", "h", SiteRole::Coordinator, 1).await.unwrap();
        let oid = s.create_organization(&org("会"), a, 10).await.unwrap();
        assert_eq!(s.sole_ownerships(a).await.unwrap(), ["会"]);
        assert!(s.add_verification_event(oid, E::Declared, a, None, 11).await.unwrap());
        assert!(s.add_verification_event(oid, E::Verified, b, None, 12).await.unwrap());
        s.create_session("sess", b, 13).await.unwrap();
        s.delete_user(b).await.unwrap();
        assert!(s.session("sess").await.unwrap().is_none());
        let history = s.verification_history(oid).await.unwrap();
        assert_eq!(history.len(), 2, "the decision stays on record");
        assert!(history[0].by.is_none(), "without the deleted person");
    }
}
