//! Who may use each route: `may` lists the subjects that pass its access decision; everyone else
//! must be refused. Read a line as "GET /organizations/{id}/worksheet: the group's members".

use serde_json::{Value, json};

use super::world::{Ids, Who, Who::*};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every subject calls it.
    Call,
    /// It destroys what it acts on: only the subjects that must be refused call it, after every
    /// other route; the entitled are tested in the route's own tests.
    Once,
    /// It ends the caller's own session, tokens or account: only `Anonymous` calls it (and must be
    /// refused); the entitled are tested in their own tests.
    Own,
}
use Mode::*;

#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub may: &'static [Who],
    pub mode: Mode,
}

const ALL: &[Who] = &super::world::EVERYONE;
const NOBODY: &[Who] = &[];
const SIGNED: &[Who] = &[
    Outsider,
    OtherMember,
    Viewer,
    Editor,
    Owner,
    Partner,
    InvitedCoordinator,
    Coordinator,
    Admin,
];
const OWNER: &[Who] = &[Owner];
const EDITORS: &[Who] = &[Editor, Owner];
const MEMBERS: &[Who] = &[Viewer, Editor, Owner];
/// The public profile's editors, and the site admin who moderates it.
const MANAGERS: &[Who] = &[Editor, Owner, Admin];
const OWNER_ADMIN: &[Who] = &[Owner, Admin];
const VIEWER_OWNER_ADMIN: &[Who] = &[Viewer, Owner, Admin];
const MEMBERS_ADMIN: &[Who] = &[Viewer, Editor, Owner, Admin];
const COORDINATOR: &[Who] = &[Coordinator];
/// The site's admin: site roles and their audit log.
const ADMIN: &[Who] = &[Admin];
const STAFF: &[Who] = &[InvitedCoordinator, Coordinator, Admin];
const MEMBERS_STAFF: &[Who] = &[Viewer, Editor, Owner, InvitedCoordinator, Coordinator, Admin];
/// A proposal's organisation and the partner it was shared with.
const READERS: &[Who] = &[Viewer, Editor, Owner, Partner];
/// A collaboration's parties and the coordinator they invited.
const PARTIES: &[Who] = &[Viewer, Editor, Owner, Partner, InvitedCoordinator];
const PARTY_EDITORS: &[Who] = &[Editor, Owner, Partner];
/// Each party's owners confirm the agreement.
const CONFIRMERS: &[Who] = &[Owner, Partner];

const TABLE: &[(&str, &[Who], Mode)] = &[
    // --- public pages, and pages about one's own account -------------------------------------
    ("GET /", ALL, Call),
    ("GET /guide", ALL, Call),
    ("GET /guide/actions", ALL, Call),
    ("GET /guide/cases", ALL, Call),
    ("GET /guide/centers", ALL, Call),
    ("GET /guide/collective-impact", ALL, Call),
    ("GET /guide/merits", ALL, Call),
    ("GET /guide/roles", ALL, Call),
    ("GET /guide/survey", ALL, Call),
    ("GET /guide/types", ALL, Call),
    ("GET /guide/types/advisor", ALL, Call),
    ("GET /healthz", ALL, Call),
    ("GET /readyz", ALL, Call),
    ("GET /plan", ALL, Call),
    ("GET /privacy", ALL, Call),
    ("GET /search", ALL, Call),
    ("GET /listings", ALL, Call),
    ("GET /listings/{lid}/matches", ALL, Call),
    ("GET /organizations", ALL, Call),
    ("GET /organizations/{id}", ALL, Call),
    ("GET /organizations/{id}/matches", ALL, Call),
    // Signed in, these send the person on (to their account): not a refusal.
    ("GET /login", ALL, Call),
    ("GET /signup", ALL, Call),
    ("POST /login", ALL, Call),
    ("POST /signup", ALL, Call),
    ("GET /password/forgot", ALL, Call),
    ("POST /password/forgot", ALL, Call),
    // Capability links: the secret in the path is the permission. With a dead one, everybody is
    // refused alike (the live ones are tested in passwords.rs and pages.rs).
    ("GET /password/reset/{token}", NOBODY, Call),
    ("POST /password/reset/{token}", ALL, Call),
    ("GET /signup/confirm/{token}", NOBODY, Call),
    ("POST /signup/confirm/{token}", NOBODY, Call),
    // An invitation's page says whom it is for; only that address may accept it (409 for others).
    ("GET /invitations/{token}", ALL, Call),
    ("POST /invitations/{token}", SIGNED, Call),
    ("POST /logout", ALL, Own),
    ("GET /account", SIGNED, Call),
    ("GET /account/delete", SIGNED, Call),
    ("POST /account/delete", SIGNED, Own),
    ("GET /account/export", SIGNED, Call),
    ("GET /account/password", SIGNED, Call),
    ("POST /account/password", SIGNED, Call),
    ("POST /account/tokens", SIGNED, Call),
    ("POST /account/tokens/revoke-all", SIGNED, Own),
    // Revokes the caller's own token of that id; another person's is untouched (checked below).
    ("POST /account/tokens/{id}/revoke", SIGNED, Once),
    ("GET /notifications", SIGNED, Call),
    // Opening a notification (it becomes read): only its own recipient.
    ("GET /notifications/{nid}", OWNER, Call),
    ("GET /admin/roles", ADMIN, Call),
    ("POST /admin/roles", ADMIN, Call),
    ("POST /admin/roles/{uid}/withdraw", ADMIN, Once),
    ("POST /notifications/read", SIGNED, Call),
    ("POST /notifications/settings", SIGNED, Call),
    ("GET /organizations/new", SIGNED, Call),
    ("POST /organizations", SIGNED, Call),
    // --- the organisation: public profile (its editors; the site admin moderates) ------------
    ("GET /organizations/{id}/edit", MANAGERS, Call),
    ("POST /organizations/{id}/edit", MANAGERS, Call),
    ("GET /organizations/{id}/logo", NOBODY, Call), // this organisation has no logo
    ("POST /organizations/{id}/logo", MANAGERS, Call),
    ("POST /organizations/{id}/logo/delete", MANAGERS, Once),
    ("POST /organizations/{id}/records", MANAGERS, Call),
    ("POST /organizations/{id}/records/{rid}/delete", MANAGERS, Once),
    ("GET /organizations/{id}/listings/new", MANAGERS, Call),
    ("POST /organizations/{id}/listings", MANAGERS, Call),
    ("GET /listings/{lid}/edit", MANAGERS, Call),
    ("POST /listings/{lid}/edit", MANAGERS, Call),
    ("POST /listings/{lid}/delete", MANAGERS, Once),
    // Verification: members read the history with the staff; editors declare.
    ("GET /organizations/{id}/verification", MEMBERS_STAFF, Call),
    ("POST /organizations/{id}/verification", MANAGERS, Call),
    // Only an imported organisation nobody runs can be claimed (registry.rs tests claims).
    ("GET /organizations/{id}/claim", NOBODY, Call),
    ("POST /organizations/{id}/claim", NOBODY, Call),
    ("GET /coordinator", STAFF, Call),
    ("POST /coordinator/claims/{cid}", NOBODY, Call), // no such claim
    // --- the organisation: members (owners; the site admin) ----------------------------------
    ("GET /organizations/{id}/members", MEMBERS_ADMIN, Call),
    ("POST /organizations/{id}/members", OWNER_ADMIN, Call),
    ("POST /organizations/{id}/members/{uid}", OWNER_ADMIN, Call),
    ("POST /organizations/{id}/invitations/{iid}/revoke", OWNER_ADMIN, Once),
    // --- the organisation: private (its members only) ----------------------------------------
    ("GET /organizations/{id}/worksheet", MEMBERS, Call),
    ("POST /organizations/{id}/worksheet", EDITORS, Call),
    ("GET /organizations/{id}/partners/{pid}/notes", MEMBERS, Call),
    ("POST /organizations/{id}/partners/{pid}/notes", EDITORS, Call),
    ("GET /organizations/{id}/action-items", MEMBERS, Call),
    ("GET /organizations/{id}/collaborations", MEMBERS, Call),
    ("GET /organizations/{id}/themes", MEMBERS, Call),
    ("POST /organizations/{id}/themes", EDITORS, Call),
    ("GET /themes/{tid}", MEMBERS, Call),
    ("POST /themes/{tid}", EDITORS, Call),
    ("GET /themes/{tid}/matches", MEMBERS, Call),
    ("GET /organizations/{id}/proposals", MEMBERS, Call),
    ("GET /organizations/{id}/proposals/new", EDITORS, Call),
    ("POST /organizations/{id}/proposals", EDITORS, Call),
    // --- a proposal: its organisation, and the partner it was shared with --------------------
    ("GET /proposals/{pid}", READERS, Call),
    ("GET /proposals/{pid}/print", READERS, Call),
    ("GET /proposals/{pid}/compare", READERS, Call),
    ("GET /proposals/{pid}/export.docx", READERS, Call),
    ("GET /proposals/{pid}/export.pdf", READERS, Call),
    ("GET /proposals/{pid}/export.xlsx", READERS, Call),
    ("GET /proposals/{pid}/photos/{fid}", READERS, Call),
    ("POST /proposals/{pid}/comments", READERS, Call),
    ("GET /proposals/{pid}/edit", EDITORS, Call),
    ("POST /proposals/{pid}/edit", EDITORS, Call),
    ("POST /proposals/{pid}/photos", EDITORS, Call),
    ("POST /proposals/{pid}/photos/{fid}/delete", EDITORS, Once),
    ("POST /proposals/{pid}/shares", EDITORS, Call),
    ("POST /proposals/{pid}/shares/{oid}/revoke", EDITORS, Once),
    ("POST /proposals/{pid}/collaboration", EDITORS, Call),
    // --- a collaboration: the parties' members and the coordinator they invited --------------
    ("GET /collaborations/{cid}", PARTIES, Call),
    ("GET /collaborations/{cid}/workspace", PARTIES, Call),
    ("GET /collaborations/{cid}/agreement", PARTIES, Call),
    ("GET /collaborations/{cid}/agreement.docx", PARTIES, Call),
    ("GET /collaborations/{cid}/agreement.pdf", PARTIES, Call),
    ("GET /collaborations/{cid}/meetings.ics", PARTIES, Call),
    ("GET /collaborations/{cid}/indicators/{kid}/chart.svg", PARTIES, Call),
    // The introduction of the parties is theirs to hand over: not the coordinator's.
    ("GET /collaborations/{cid}/introduction", READERS, Call),
    ("GET /collaborations/{cid}/introduction.docx", READERS, Call),
    ("GET /collaborations/{cid}/introduction.pdf", READERS, Call),
    ("POST /collaborations/{cid}/agreement", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/agreement/confirm", CONFIRMERS, Call),
    ("POST /collaborations/{cid}/contacts", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/coordinators", PARTY_EDITORS, Call),
    (
        "POST /collaborations/{cid}/coordinators/{uid}/remove",
        PARTY_EDITORS,
        Once,
    ),
    (
        "POST /collaborations/{cid}/coordinator-invitations/{iid}/withdraw",
        PARTY_EDITORS,
        Once,
    ),
    // The invitation waiting in this world is Coordinator's; only they may answer it.
    ("POST /coordinator/invitations/{cid}", COORDINATOR, Once),
    ("POST /collaborations/{cid}/cycles", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/cycles/{kid}", PARTY_EDITORS, Call),
    (
        "POST /collaborations/{cid}/indicators/{kid}/entries",
        PARTY_EDITORS,
        Call,
    ),
    ("POST /collaborations/{cid}/items/{iid}/done", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/meetings", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/meetings/{mid}/approve", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/meetings/{mid}/minutes", PARTY_EDITORS, Call),
    ("POST /collaborations/{cid}/stage", PARTY_EDITORS, Call),
    // --- its surveys: the parties read (coordinators too), editors write, members answer -----
    ("GET /collaborations/{cid}/surveys", PARTIES, Call),
    ("POST /collaborations/{cid}/surveys", PARTY_EDITORS, Call),
    ("GET /collaborations/{cid}/surveys/{sid}", PARTIES, Call),
    ("GET /collaborations/{cid}/surveys/{sid}/results", PARTIES, Call),
    ("GET /collaborations/{cid}/surveys/{sid}/responses.csv", PARTIES, Call),
    ("GET /collaborations/{cid}/surveys/{sid}/responses.xlsx", PARTIES, Call),
    ("POST /collaborations/{cid}/surveys/{sid}/settings", PARTY_EDITORS, Call),
    (
        "POST /collaborations/{cid}/surveys/{sid}/questions",
        PARTY_EDITORS,
        Call,
    ),
    (
        "POST /collaborations/{cid}/surveys/{sid}/questions/{key}",
        PARTY_EDITORS,
        Call,
    ),
    (
        "POST /collaborations/{cid}/surveys/{sid}/questions/{key}/remove",
        PARTY_EDITORS,
        Call,
    ),
    (
        "POST /collaborations/{cid}/surveys/{sid}/questions/{key}/move",
        PARTY_EDITORS,
        Call,
    ),
    ("POST /collaborations/{cid}/surveys/{sid}/open", PARTY_EDITORS, Call),
    // Closing ends the world's survey: last, and only by those refused.
    ("POST /collaborations/{cid}/surveys/{sid}/close", PARTY_EDITORS, Once),
    // Only the parties' own members answer as members (a coordinator reads along).
    ("GET /collaborations/{cid}/surveys/{sid}/answer", PARTIES, Call),
    ("POST /collaborations/{cid}/surveys/{sid}/answer", READERS, Call),
    // The public link: anyone holding it.
    ("GET /s/{token}", ALL, Call),
    ("POST /s/{token}", ALL, Call),
    (
        "POST /collaborations/{cid}/surveys/{sid}/invitations",
        PARTY_EDITORS,
        Call,
    ),
    (
        "POST /collaborations/{cid}/surveys/{sid}/reminders",
        PARTY_EDITORS,
        Call,
    ),
    // Waves: the next one, the first's invitees asked again, the change from the first.
    (
        "POST /collaborations/{cid}/surveys/{sid}/follow-up",
        PARTY_EDITORS,
        Call,
    ),
    (
        "POST /collaborations/{cid}/surveys/{sid}/invitations/first-wave",
        PARTY_EDITORS,
        Call,
    ),
    ("GET /collaborations/{cid}/surveys/{sid}/change", PARTIES, Call),
    // A personal link nobody in the world holds: everyone is refused alike.
    ("GET /r/{token}", NOBODY, Call),
    ("POST /r/{token}", NOBODY, Call),
    // === the JSON API (paths under /api/v1) ==================================================
    ("API GET /catalog/collaboration-types", ALL, Call),
    ("API GET /catalog/municipalities", ALL, Call),
    ("API GET /catalog/support-center", ALL, Call),
    ("API GET /collaboration-types/advice", ALL, Call),
    ("API GET /listings", ALL, Call),
    ("API GET /listings/{id}", ALL, Call),
    ("API GET /organizations", ALL, Call),
    ("API GET /organizations/{id}", ALL, Call),
    ("API GET /organizations/{id}/listings", ALL, Call),
    ("API GET /organizations/{id}/matches", ALL, Call),
    ("API GET /organizations/{id}/partner-choices", MEMBERS, Call),
    ("API GET /search", ALL, Call),
    ("API GET /search/suggestions", ALL, Call),
    ("API POST /password-resets", ALL, Call),
    ("API POST /password-resets/{token}", ALL, Call),
    ("API GET /me", SIGNED, Call),
    ("API GET /me/start", SIGNED, Call),
    ("API DELETE /me", SIGNED, Own),
    ("API GET /me/notification-settings", SIGNED, Call),
    ("API PUT /me/notification-settings", SIGNED, Call),
    ("API GET /me/notifications", SIGNED, Call),
    ("API POST /me/notifications/read", SIGNED, Call),
    ("API POST /me/notifications/{id}/read", OWNER, Call),
    // A token may neither change a password nor make tokens (a browser session may).
    ("API PUT /me/password", NOBODY, Call),
    ("API GET /me/tokens", SIGNED, Call),
    ("API POST /me/tokens", NOBODY, Call),
    ("API DELETE /me/tokens", SIGNED, Own),
    ("API DELETE /me/tokens/{id}", OWNER, Once),
    ("API POST /invitations/{token}/accept", SIGNED, Call),
    ("API POST /organizations", SIGNED, Call),
    ("API PUT /organizations/{id}", MANAGERS, Call),
    ("API DELETE /organizations/{id}", OWNER, Own),
    ("API PUT /organizations/{id}/logo", MANAGERS, Call),
    ("API DELETE /organizations/{id}/logo", MANAGERS, Once),
    ("API POST /organizations/{id}/records", MANAGERS, Call),
    ("API DELETE /organizations/{id}/records/{record_id}", MANAGERS, Once),
    ("API POST /organizations/{id}/listings", MANAGERS, Call),
    ("API PUT /listings/{id}", MANAGERS, Call),
    ("API DELETE /listings/{id}", MANAGERS, Once),
    ("API GET /organizations/{id}/verification", MEMBERS_STAFF, Call),
    ("API POST /organizations/{id}/verification", MANAGERS, Call),
    ("API POST /organizations/{id}/claim", NOBODY, Call),
    ("API GET /coordinator/queue", STAFF, Call),
    ("API POST /coordinator/claims/{claim_id}", NOBODY, Call),
    ("API GET /organizations/{id}/members", MEMBERS_ADMIN, Call),
    ("API POST /organizations/{id}/invitations", OWNER_ADMIN, Call),
    (
        "API DELETE /organizations/{id}/invitations/{invitation_id}",
        OWNER_ADMIN,
        Once,
    ),
    ("API PATCH /organizations/{id}/members/{user_id}", OWNER_ADMIN, Call),
    // {user_id} is the viewer, who may leave.
    (
        "API DELETE /organizations/{id}/members/{user_id}",
        VIEWER_OWNER_ADMIN,
        Once,
    ),
    ("API GET /organizations/{id}/worksheet", MEMBERS, Call),
    ("API PUT /organizations/{id}/worksheet", EDITORS, Call),
    ("API GET /organizations/{id}/partners/{partner_id}/notes", MEMBERS, Call),
    ("API PUT /organizations/{id}/partners/{partner_id}/notes", EDITORS, Call),
    ("API GET /organizations/{id}/action-items", MEMBERS, Call),
    ("API GET /organizations/{id}/collaborations", MEMBERS, Call),
    ("API GET /organizations/{id}/themes", MEMBERS, Call),
    ("API POST /organizations/{id}/themes", EDITORS, Call),
    ("API GET /themes/{id}", MEMBERS, Call),
    ("API PUT /themes/{id}", EDITORS, Call),
    ("API GET /organizations/{id}/proposals", MEMBERS, Call),
    ("API POST /organizations/{id}/proposals", EDITORS, Call),
    ("API GET /proposals/{id}", READERS, Call),
    ("API PUT /proposals/{id}", EDITORS, Call),
    ("API GET /proposals/{id}/comments", READERS, Call),
    ("API POST /proposals/{id}/comments", READERS, Call),
    ("API GET /proposals/{id}/export.docx", READERS, Call),
    ("API GET /proposals/{id}/export.pdf", READERS, Call),
    ("API GET /proposals/{id}/export.xlsx", READERS, Call),
    ("API GET /proposals/{id}/photos/{photo_id}", READERS, Call),
    ("API POST /proposals/{id}/photos", EDITORS, Call),
    ("API DELETE /proposals/{id}/photos/{photo_id}", EDITORS, Once),
    ("API GET /proposals/{id}/review", MEMBERS, Call),
    ("API GET /proposals/{id}/versions", READERS, Call),
    ("API GET /proposals/{id}/versions/{version}", READERS, Call),
    ("API POST /proposals/{id}/shares", EDITORS, Call),
    ("API DELETE /proposals/{id}/shares/{organization_id}", EDITORS, Once),
    ("API POST /proposals/{id}/collaboration", EDITORS, Call),
    ("API GET /collaborations/{id}", PARTIES, Call),
    ("API GET /collaborations/{id}/action-items", PARTIES, Call),
    (
        "API PATCH /collaborations/{id}/action-items/{item_id}",
        PARTY_EDITORS,
        Call,
    ),
    ("API GET /collaborations/{id}/agreement", PARTIES, Call),
    ("API GET /collaborations/{id}/agreement/draft", PARTIES, Call),
    ("API POST /collaborations/{id}/agreement", PARTY_EDITORS, Call),
    ("API GET /collaborations/{id}/agreement.docx", PARTIES, Call),
    ("API GET /collaborations/{id}/agreement.pdf", PARTIES, Call),
    (
        "API POST /collaborations/{id}/agreement/confirmations",
        CONFIRMERS,
        Call,
    ),
    ("API GET /collaborations/{id}/contacts", PARTIES, Call),
    ("API POST /collaborations/{id}/contacts", PARTY_EDITORS, Call),
    ("API POST /collaborations/{id}/coordinators", PARTY_EDITORS, Call),
    (
        "API DELETE /collaborations/{id}/coordinators/{user_id}",
        PARTY_EDITORS,
        Once,
    ),
    // A joined coordinator is shown no invitations (an empty list), the parties all of them.
    ("API GET /collaborations/{id}/coordinator-invitations", PARTIES, Call),
    (
        "API DELETE /collaborations/{id}/coordinator-invitations/{invitation_id}",
        PARTY_EDITORS,
        Once,
    ),
    ("API GET /coordinator/invitations", STAFF, Call),
    ("API GET /admin/roles", ADMIN, Call),
    ("API POST /admin/roles", ADMIN, Call),
    ("API DELETE /admin/roles/{user_id}", ADMIN, Once),
    ("API GET /admin/audit", ADMIN, Call),
    (
        "API POST /coordinator/invitations/{collaboration_id}",
        COORDINATOR,
        Once,
    ),
    ("API GET /collaborations/{id}/cycles", PARTIES, Call),
    ("API POST /collaborations/{id}/cycles", PARTY_EDITORS, Call),
    ("API GET /collaborations/{id}/surveys", PARTIES, Call),
    ("API POST /collaborations/{id}/surveys", PARTY_EDITORS, Call),
    ("API GET /collaborations/{id}/surveys/{survey_id}", PARTIES, Call),
    (
        "API GET /collaborations/{id}/surveys/{survey_id}/results",
        PARTIES,
        Call,
    ),
    (
        "API GET /collaborations/{id}/surveys/{survey_id}/responses.csv",
        PARTIES,
        Call,
    ),
    (
        "API GET /collaborations/{id}/surveys/{survey_id}/responses.xlsx",
        PARTIES,
        Call,
    ),
    (
        "API PUT /collaborations/{id}/surveys/{survey_id}/settings",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/questions",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API PUT /collaborations/{id}/surveys/{survey_id}/questions/{key}",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API DELETE /collaborations/{id}/surveys/{survey_id}/questions/{key}",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/questions/{key}/move",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/open",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/close",
        PARTY_EDITORS,
        Once,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/responses",
        READERS,
        Call,
    ),
    ("API GET /public-surveys/{token}", ALL, Call),
    (
        "API GET /collaborations/{id}/surveys/{survey_id}/invitations",
        PARTIES,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/invitations",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/reminders",
        PARTY_EDITORS,
        Call,
    ),
    ("API GET /collaborations/{id}/surveys/{survey_id}/waves", PARTIES, Call),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/waves",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API POST /collaborations/{id}/surveys/{survey_id}/invitations/first-wave",
        PARTY_EDITORS,
        Call,
    ),
    ("API GET /collaborations/{id}/surveys/{survey_id}/change", PARTIES, Call),
    ("API POST /survey-links/{token}/responses", NOBODY, Call),
    ("API POST /public-surveys/{token}/responses", ALL, Call),
    ("API PUT /collaborations/{id}/cycles/{cycle_id}", PARTY_EDITORS, Call),
    ("API GET /collaborations/{id}/indicators", PARTIES, Call),
    (
        "API GET /collaborations/{id}/indicators/{indicator_id}/chart.svg",
        PARTIES,
        Call,
    ),
    (
        "API POST /collaborations/{id}/indicators/{indicator_id}/entries",
        PARTY_EDITORS,
        Call,
    ),
    ("API GET /collaborations/{id}/introduction", READERS, Call),
    ("API GET /collaborations/{id}/introduction.docx", READERS, Call),
    ("API GET /collaborations/{id}/introduction.pdf", READERS, Call),
    ("API GET /collaborations/{id}/meetings", PARTIES, Call),
    ("API POST /collaborations/{id}/meetings", PARTY_EDITORS, Call),
    ("API GET /collaborations/{id}/meetings.ics", PARTIES, Call),
    (
        "API POST /collaborations/{id}/meetings/{meeting_id}/approvals",
        PARTY_EDITORS,
        Call,
    ),
    (
        "API PUT /collaborations/{id}/meetings/{meeting_id}/minutes",
        PARTY_EDITORS,
        Call,
    ),
    ("API POST /collaborations/{id}/stage", PARTY_EDITORS, Call),
];

mod cases;
mod evaluation;
mod public_data;

pub fn row(key: &str) -> Option<Row> {
    TABLE
        .iter()
        .chain(evaluation::TABLE)
        .chain(cases::TABLE)
        .chain(public_data::TABLE)
        .find(|(k, _, _)| *k == key)
        .map(|&(_, may, mode)| Row { may, mode })
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE
        .iter()
        .chain(evaluation::TABLE)
        .chain(cases::TABLE)
        .chain(public_data::TABLE)
        .map(|(k, _, _)| *k)
}

/// A valid body for an API write, so that a refusal is an access decision, not a missing field.
pub fn api_body(method: &str, template: &str, ids: &Ids) -> Value {
    let proposal = || json!({"content": kyodo_domain::proposal::guide_example().to_input()});
    match (method, template) {
        ("PATCH", "/collaborations/{id}/action-items/{item_id}") => json!({"done": true}),
        ("PATCH", "/organizations/{id}/members/{user_id}") => json!({"role": "viewer"}),
        ("POST", "/collaborations/{id}/agreement/confirmations") => json!({"version": 1}),
        // The coordinator already invited: inviting anyone else would change the world.
        ("POST", "/collaborations/{id}/coordinators") => json!({"email": "invited@example.jp"}),
        ("POST", "/collaborations/{id}/stage") => json!({"stage": "running"}),
        ("POST", "/coordinator/claims/{claim_id}") => json!({"decision": "reject"}),
        // An address with no account: the admin is answered 422 and nothing changes.
        ("POST", "/admin/roles") => json!({"email": "nobody@example.jp", "role": "coordinator"}),
        ("POST", "/coordinator/invitations/{collaboration_id}") => json!({"accept": true}),
        ("POST", "/me/tokens") => json!({"name": "matrix", "scope": "read"}),
        ("POST", "/organizations") => json!({"kind": "company", "name": "新しい株式会社", "municipality": "山口市"}),
        ("POST", "/organizations/{id}/claim") => json!({"message": "理事です"}),
        ("POST", "/organizations/{id}/verification") => json!({"event": "declared", "note": "",
            "eligibility": kyodo_domain::catalog::catalog().civic_groups.eligibility.clone()}),
        ("POST", "/organizations/{id}/proposals") | ("PUT", "/proposals/{id}") => proposal(),
        ("POST", "/organizations/{id}/themes") | ("PUT", "/themes/{id}") => {
            json!({"collaboration_theme": "里山の再生"})
        }
        ("POST", "/proposals/{id}/comments") => json!({"section": "budget", "body": "内訳は？"}),
        ("POST", "/proposals/{id}/shares") => json!({"organization_id": ids.company}),
        ("PUT", "/me/notification-settings") => json!([]),
        ("PUT", "/me/password") => json!({"current_password": "wrong", "new_password": "a new long password"}),
        ("POST", "/password-resets") => json!({"email": "nobody@example.jp"}),
        ("POST", "/password-resets/{token}") => json!({"password": "a new long password"}),
        ("POST", "/collaborations/{id}/surveys") => json!({"template": "volunteers"}),
        ("POST", "/collaborations/{id}/surveys/{survey_id}/invitations") => {
            json!({"people": [{"name": "受益者", "email": "someone@example.jp"}]})
        }
        ("POST", "/collaborations/{id}/surveys/{survey_id}/questions")
        | ("PUT", "/collaborations/{id}/surveys/{survey_id}/questions/{key}") => {
            json!({"kind": "short_text", "text": "感想を教えてください。"})
        }
        ("POST", "/collaborations/{id}/surveys/{survey_id}/questions/{key}/move") => json!({"direction": "down"}),
        ("POST", "/collaborations/{id}/surveys/{survey_id}/responses" | "/public-surveys/{token}/responses") => {
            json!({"consent": true, "answers": {"q1": 4, "q4": 0}})
        }
        _ => evaluation::api_body(method, template)
            .or_else(|| cases::api_body(method, template))
            .unwrap_or_else(|| json!({})),
    }
}
