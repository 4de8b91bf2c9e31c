//! The world the access matrix runs in: one civic group with its members and private records, a
//! company it shares a proposal and runs a collaboration with, a coordinator invited into that
//! collaboration, and people with no relation to either. Every record is made through the API by
//! the person who would make it.

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::proposal::guide_example;
use serde_json::{Value, json};

use crate::common::App;

/// The subjects of the matrix, each asking as a browser (session) and as an API client (token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    Anonymous,
    /// Signed in, in no organisation.
    Outsider,
    /// Owner of an unrelated organisation.
    OtherMember,
    Viewer,
    Editor,
    Owner,
    /// Owner of the company the proposal is shared with and the collaboration runs with.
    Partner,
    /// A coordinator the parties invited into the collaboration.
    InvitedCoordinator,
    /// A coordinator nobody invited.
    Coordinator,
    Admin,
}

pub const EVERYONE: [Who; 10] = [
    Who::Anonymous,
    Who::Outsider,
    Who::OtherMember,
    Who::Viewer,
    Who::Editor,
    Who::Owner,
    Who::Partner,
    Who::InvitedCoordinator,
    Who::Coordinator,
    Who::Admin,
];

pub struct Subject {
    pub who: Who,
    /// A signed-in browser (a fresh, cookie-less one for `Anonymous`).
    pub browser: reqwest::Client,
    pub token: Option<String>,
    pub user_id: i64,
}

/// The ids the routes are called with.
#[derive(Debug, Default)]
pub struct Ids {
    pub org: i64,
    pub company: i64,
    pub listing: i64,
    pub theme: i64,
    pub proposal: i64,
    pub collaboration: i64,
    pub meeting: i64,
    pub item: i64,
    pub indicator: i64,
    pub cycle: i64,
    pub record: i64,
    pub photo: i64,
    pub invitation: i64,
    pub invitation_token: String,
    pub owner_token_id: i64,
    pub viewer_id: i64,
    pub invited_coordinator_id: i64,
    /// An invitation to `Coordinator`, not yet answered.
    pub coordinator_invitation: i64,
    /// One of the owner's notifications.
    pub notification: i64,
    /// An open survey of the collaboration, with a public link.
    pub survey: i64,
    pub survey_token: String,
    /// Its second wave (事後), open too.
    pub survey_wave: i64,
    /// A news release recorded for the evaluation.
    pub media: i64,
    /// An outcome for society.
    pub outcome: i64,
    /// The collaboration's case, saved and approved by the owner's party only: not public.
    pub case: i64,
    /// The owner's request to 山口市's centre, for which `Coordinator` works.
    pub centre_request: i64,
}

pub struct World {
    pub subjects: Vec<Subject>,
    pub ids: Ids,
}

impl World {
    pub fn subject(&self, who: Who) -> &Subject {
        self.subjects
            .iter()
            .find(|s| s.who == who)
            .expect("every subject exists")
    }
}

async fn call(app: &App, token: &str, method: &str, path: &str, body: Value) -> Value {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let res = reqwest::Client::new()
        .request(m, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{method} {path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A browser signed in as a new person, and a write token of theirs.
async fn person(app: &App, email: &str) -> (reqwest::Client, String, i64) {
    let browser = app.user(email).await;
    let token = app.new_token(&browser).await;
    let me = call(app, &token, "GET", "/me", Value::Null).await;
    (browser, token, me["id"].as_i64().unwrap())
}

pub async fn build(app: &App) -> World {
    let mut subjects = vec![Subject {
        who: Who::Anonymous,
        browser: app.browser(),
        token: None,
        user_id: 0,
    }];
    let mut made = std::collections::BTreeMap::new();
    for (who, email) in [
        (Who::Outsider, "outsider@example.jp"),
        (Who::OtherMember, "other@example.jp"),
        (Who::Owner, "owner@example.jp"),
        (Who::Partner, "partner@example.jp"),
        (Who::InvitedCoordinator, "invited@example.jp"),
        (Who::Coordinator, "coordinator@example.jp"),
        (Who::Admin, "admin@example.jp"),
    ] {
        let (browser, token, user_id) = person(app, email).await;
        made.insert(who, token.clone());
        subjects.push(Subject {
            who,
            browser,
            token: Some(token),
            user_id,
        });
    }
    for (email, role) in [
        ("invited@example.jp", SiteRole::Coordinator),
        ("coordinator@example.jp", SiteRole::Coordinator),
        ("admin@example.jp", SiteRole::Admin),
    ] {
        let e = Email::parse("email", email).unwrap();
        kyodo_app::accounts::set_role(&app.state.app, &e, role, None)
            .await
            .unwrap();
    }
    let owner = made[&Who::Owner].clone();
    let partner = made[&Who::Partner].clone();
    let mut ids = Ids::default();
    let org = json!({"kind": "npo_corporation", "name": "里山を守る会", "municipality": "山口市"});
    ids.org = call(app, &owner, "POST", "/organizations", org).await["id"]
        .as_i64()
        .unwrap();
    let company = json!({"kind": "company", "name": "山口そば株式会社", "municipality": "周南市"});
    ids.company = call(app, &partner, "POST", "/organizations", company).await["id"]
        .as_i64()
        .unwrap();
    let other = json!({"kind": "voluntary_group", "name": "無関係の会", "municipality": "萩市"});
    call(app, &made[&Who::OtherMember], "POST", "/organizations", other).await;

    let org_path = format!("/organizations/{}", ids.org);
    let owner_browser = subjects.iter().find(|s| s.who == Who::Owner).unwrap().browser.clone();
    for (who, email, role) in [
        (Who::Viewer, "viewer@example.jp", "viewer"),
        (Who::Editor, "editor@example.jp", "editor"),
    ] {
        let browser = app.add_member(&owner_browser, ids.org, email, role).await;
        let token = app.new_token(&browser).await;
        let me = call(app, &token, "GET", "/me", Value::Null).await;
        let user_id = me["id"].as_i64().unwrap();
        if who == Who::Viewer {
            ids.viewer_id = user_id;
        }
        subjects.push(Subject {
            who,
            browser,
            token: Some(token),
            user_id,
        });
    }
    subjects.sort_by_key(|s| s.who);

    let listing = json!({"direction": "need", "resources": ["people"], "title": "里山の作業の担い手",
        "description": "月1回の作業", "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"});
    ids.listing = call(app, &owner, "POST", &format!("{org_path}/listings"), listing).await["id"]
        .as_i64()
        .unwrap();
    let theme = json!({"collaboration_theme": "里山の再生", "partner_id": ids.company});
    ids.theme = call(app, &owner, "POST", &format!("{org_path}/themes"), theme).await["id"]
        .as_i64()
        .unwrap();
    let record = json!({"title": "植樹祭", "partners": "山口市", "year": "2024", "description": "100本"});
    ids.record = call(app, &owner, "POST", &format!("{org_path}/records"), record).await["id"]
        .as_i64()
        .unwrap();
    let worksheet = json!({"mission": "里山", "characteristics": "", "strengths": "", "weaknesses": "", "can_offer": "", "challenges": {}});
    call(app, &owner, "PUT", &format!("{org_path}/worksheet"), worksheet).await;
    let notes = json!({"culture": "社長は環境に関心", "understanding": "", "wants": "", "other": ""});
    call(
        app,
        &owner,
        "PUT",
        &format!("{org_path}/partners/{}/notes", ids.company),
        notes,
    )
    .await;
    let invite = json!({"email": "invitee@example.jp", "role": "viewer"});
    let invited = call(app, &owner, "POST", &format!("{org_path}/invitations"), invite).await;
    ids.invitation = invited["id"].as_i64().unwrap();
    let link = invited["link"].as_str().unwrap();
    ids.invitation_token = link.rsplit('/').next().unwrap().to_owned();
    let tokens = call(app, &owner, "GET", "/me/tokens", Value::Null).await;
    ids.owner_token_id = tokens[0]["id"].as_i64().unwrap();

    let content = serde_json::to_value(guide_example().to_input()).unwrap();
    let p = call(
        app,
        &owner,
        "POST",
        &format!("{org_path}/proposals"),
        json!({"content": content}),
    )
    .await;
    ids.proposal = p["id"].as_i64().unwrap();
    ids.photo = upload_photo(app, &owner_browser, ids.proposal, "作業の様子").await;
    // Saved again after the photo, so the version shared includes it.
    let again = json!({"content": content});
    call(app, &owner, "PUT", &format!("/proposals/{}", ids.proposal), again).await;
    call(
        app,
        &owner,
        "POST",
        &format!("/proposals/{}/shares", ids.proposal),
        json!({"organization_id": ids.company, "version": 2}),
    )
    .await;
    let comment = json!({"section": "budget", "body": "内訳を教えてください"});
    call(
        app,
        &partner,
        "POST",
        &format!("/proposals/{}/comments", ids.proposal),
        comment,
    )
    .await;
    let c = call(
        app,
        &owner,
        "POST",
        &format!("/proposals/{}/collaboration", ids.proposal),
        Value::Null,
    )
    .await;
    ids.collaboration = c["id"].as_i64().unwrap();
    let cpath = format!("/collaborations/{}", ids.collaboration);
    call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/coordinators"),
        json!({"email": "invited@example.jp"}),
    )
    .await;
    let answer = format!("/coordinator/invitations/{}", ids.collaboration);
    let invited = &made[&Who::InvitedCoordinator];
    call(app, invited, "POST", &answer, json!({"accept": true})).await;
    let another = json!({"email": "coordinator@example.jp"});
    call(app, &owner, "POST", &format!("{cpath}/coordinators"), another).await;
    let pending = call(
        app,
        &owner,
        "GET",
        &format!("{cpath}/coordinator-invitations"),
        Value::Null,
    )
    .await;
    ids.coordinator_invitation = pending[0]["id"].as_i64().unwrap();
    ids.invited_coordinator_id = subjects
        .iter()
        .find(|s| s.who == Who::InvitedCoordinator)
        .unwrap()
        .user_id;
    let contact = json!({"date": "2026-11-24", "channel": "in_person", "people": "代表 山田", "key_person": "代表 山田",
        "said": "相談", "partner_opinion": "了承", "next_step": "合意の案", "next_due": "2026-12-10"});
    call(app, &partner, "POST", &format!("{cpath}/contacts"), contact).await;
    let agreement = json!({"collaboration_type": "business_cooperation", "purpose": "里山の再生", "start": "2026-12-01", "end": "2027-11-30",
        "roles": [{"organization_id": ids.org, "guide_roles": ["c1"]}, {"organization_id": ids.company, "guide_roles": ["k1"]}],
        "targets": [{"what": "参加者", "value": 50, "unit": "人", "due": "2027-06-30", "method": "名簿", "timing": "毎月"}]});
    call(app, &owner, "POST", &format!("{cpath}/agreement"), agreement).await;
    for token in [&owner, &partner] {
        call(
            app,
            token,
            "POST",
            &format!("{cpath}/agreement/confirmations"),
            json!({"version": 1}),
        )
        .await;
    }
    for stage in ["agreement", "running"] {
        call(app, &owner, "POST", &format!("{cpath}/stage"), json!({"stage": stage})).await;
    }
    let meeting = json!({"date": "2027-01-15", "time": "14:00", "place": "支援センター", "purpose": "第1回定例会", "issues": "役割"});
    ids.meeting = call(app, &owner, "POST", &format!("{cpath}/meetings"), meeting).await["id"]
        .as_i64()
        .unwrap();
    let minutes = json!({"decisions": "5名で参加", "items": [{"title": "名簿", "owner_name": "鈴木", "organization_id": ids.company, "due": "2027-01-31"}]});
    call(
        app,
        &owner,
        "PUT",
        &format!("{cpath}/meetings/{}/minutes", ids.meeting),
        minutes,
    )
    .await;
    ids.item = call(app, &owner, "GET", &format!("{cpath}/action-items"), Value::Null).await[0]["id"]
        .as_i64()
        .unwrap();
    ids.indicator = call(app, &owner, "GET", &format!("{cpath}/indicators"), Value::Null).await[0]["id"]
        .as_i64()
        .unwrap();
    ids.cycle = call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/cycles"),
        json!({"plan": "月1回の作業"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let survey = call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/surveys"),
        json!({"template": "beneficiaries"}),
    )
    .await;
    ids.survey = survey["id"].as_i64().unwrap();
    let opened = call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/surveys/{}/open", ids.survey),
        Value::Null,
    )
    .await;
    let url = opened["public_url"]
        .as_str()
        .expect("the template's survey has a public link");
    ids.survey_token = url.rsplit('/').next().unwrap().to_owned();
    let wave = call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/surveys/{}/waves", ids.survey),
        Value::Null,
    )
    .await;
    ids.survey_wave = wave["id"].as_i64().unwrap();
    call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/surveys/{}/open", ids.survey_wave),
        Value::Null,
    )
    .await;
    // The midway evaluation: a sheet with lessons, a release and an outcome.
    let sheet = json!({"held_on": "2027-01-20", "keep": ["月1回の作業"], "change": ["広報を早める"]});
    call(app, &owner, "PUT", &format!("{cpath}/evaluations/midway"), sheet).await;
    let summary = json!({"headline": "里山に人が戻る", "body": "作業日に延べ30人が参加しました。"});
    call(
        app,
        &owner,
        "PUT",
        &format!("{cpath}/evaluations/midway/summary"),
        summary,
    )
    .await;
    let release = json!({"kind": "release", "on": "2027-01-10", "title": "里山の作業日", "outlet": "県政記者クラブ"});
    ids.media = call(app, &owner, "POST", &format!("{cpath}/media"), release).await["id"]
        .as_i64()
        .unwrap();
    let clipping = reqwest::Client::new()
        .put(app.url(&format!("/api/v1{cpath}/media/{}/clipping", ids.media)))
        .bearer_auth(&owner)
        .header("content-type", "image/png")
        .body(tiny_png())
        .send()
        .await
        .unwrap();
    assert_eq!(clipping.status(), 204, "the release's clipping");
    let shared = kyodo_domain::evaluation::outcome::guide_outcomes().2;
    let outcome = json!({"party": "society", "guide": shared});
    ids.outcome = call(app, &owner, "POST", &format!("{cpath}/outcomes"), outcome).await["id"]
        .as_i64()
        .unwrap();
    // At 評価 the parties draft the case; the owner's party approves it, the partner does not.
    call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/stage"),
        json!({"stage": "evaluation"}),
    )
    .await;
    let mut draft = call(app, &owner, "GET", &format!("{cpath}/case-study"), Value::Null).await["content"].take();
    // What kyodo could not draft: the field (the group named none) and what each party gained.
    draft["field"] = json!("環境の保全");
    for p in draft["parties"].as_array_mut().unwrap() {
        p["gained"] = json!("仲間が増えた");
    }
    let saved = call(app, &owner, "PUT", &format!("{cpath}/case-study"), draft).await;
    ids.case = saved["case_id"].as_i64().expect("the world's case is saved");
    let approved = call(
        app,
        &owner,
        "POST",
        &format!("{cpath}/case-study/approvals"),
        json!({"version": 1}),
    )
    .await;
    assert_eq!(approved["published"], false, "the partner has not approved");
    let told = call(app, &owner, "GET", "/me/notifications", Value::Null).await;
    ids.notification = told["items"][0]["id"].as_i64().unwrap();
    // 山口市's support centre, `Coordinator`'s employer, and a request the owner's group sent it.
    let centre = json!({"kind": "support_center", "name": "山口市市民活動支援センター", "municipality": "山口市"});
    let centre = call(app, &made[&Who::Admin], "POST", "/organizations", centre).await["id"]
        .as_i64()
        .unwrap();
    let e = Email::parse("email", "coordinator@example.jp").unwrap();
    kyodo_app::accounts::set_role(
        &app.state.app,
        &e,
        SiteRole::Coordinator,
        Some(kyodo_domain::ids::OrgId::new(centre)),
    )
    .await
    .unwrap();
    let asked = json!({"topic": "partner_search", "message": "企業の相手を探しています。"});
    ids.centre_request = call(
        app,
        &owner,
        "POST",
        &format!("/organizations/{}/centre-requests", ids.org),
        asked,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    // Open data, as the daily job writes it, from everything above.
    kyodo_app::opendata::generate(&app.state.app).await.expect("open data");
    World { subjects, ids }
}

/// Adds a photo to a proposal as its author's browser would; gives the newest photo's id.
pub async fn upload_photo(app: &App, owner: &reqwest::Client, proposal: i64, caption: &str) -> i64 {
    let html = app.get_text(owner, &format!("/proposals/{proposal}")).await.1;
    let token = crate::common::extract_csrf(&html).unwrap();
    let png = tiny_png();
    let form = reqwest::multipart::Form::new()
        .part("photo", reqwest::multipart::Part::bytes(png).file_name("p.png"))
        .text("caption", caption.to_owned());
    let res = owner
        .post(app.url(&format!("/proposals/{proposal}/photos?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = app.get_text(owner, &format!("/proposals/{proposal}")).await.1;
    let at = page
        .rfind(&format!("/proposals/{proposal}/photos/"))
        .expect("the photo is shown");
    page[at..]
        .split('/')
        .nth(4)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

pub fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(60, 40, image::Rgb([40, 90, 160]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}
