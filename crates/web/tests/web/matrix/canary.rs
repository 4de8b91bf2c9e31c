//! Leak canaries: a unique word planted in every private field of the world, each with the
//! subjects entitled to it; then every GET route (pages and API), search for each word, the data
//! export and the error pages are fetched as every subject, the Word, Excel and PDF files opened
//! (unzipped, `pdftotext`), and no subject may meet a word it is not entitled to.

use serde_json::{Value, json};

use super::world::{EVERYONE, Who, Who::*, World};
use crate::common::App;

/// (word, where it was planted, who may see it)
pub type Canary = (&'static str, &'static str, &'static [Who]);

const MEMBERS: &[Who] = &[Viewer, Editor, Owner];
/// Their own organisation's members list shows it; the admin sees it on the members pages.
const OWNER_ADMIN_MEMBERS: &[Who] = &[Viewer, Editor, Owner, Admin];
const MEMBERS_STAFF: &[Who] = &[Viewer, Editor, Owner, InvitedCoordinator, Coordinator, Admin];
const READERS: &[Who] = &[Viewer, Editor, Owner, Partner];
const PARTIES: &[Who] = &[Viewer, Editor, Owner, Partner, InvitedCoordinator];

pub const CANARIES: &[Canary] = &[
    // The control: public, so every subject must find it, by search too.
    ("kanariapublic", "a public listing", &super::world::EVERYONE),
    ("kanariarep", "the representative, contact not public", MEMBERS_STAFF),
    // The author's own address: other organisations see their name, never it.
    (
        "owner@example.jp",
        "the e-mail address of the proposal's author",
        OWNER_ADMIN_MEMBERS,
    ),
    ("kanariamail", "the contact e-mail, not public", MEMBERS_STAFF),
    ("kanariaws", "the self-analysis worksheet", MEMBERS),
    ("kanarianote", "the note on a partner", MEMBERS),
    ("kanariatheme", "a theme", MEMBERS),
    (
        "kanariadraft",
        "the title of a proposal version saved after the shared one",
        MEMBERS,
    ),
    ("kanariabudget", "a budget line of that unshared version", MEMBERS),
    ("kanariaphoto", "the caption of a photo added after the share", MEMBERS),
    (
        "kanariacollab",
        "a draft title saved after sharing, before the collaboration started",
        MEMBERS,
    ),
    ("kanariacomment", "a comment on the shared proposal", READERS),
    ("kanariacontact", "the collaboration's approach log", PARTIES),
    ("kanariameeting", "a meeting of the collaboration", PARTIES),
    ("kanariasheet", "the summary of an evaluation sheet", PARTIES),
    ("kanariaopinion", "a third party's opinion", PARTIES),
    // Saved, one party agreeing: not published.
    ("kanariasummary", "a public summary not every party agreed to", PARTIES),
    // Every party approved, but a key person has not consented: not in the library.
    ("kanariacase", "a case study that is not public", PARTIES),
    (
        "kanariakeyperson",
        "a key person's words without their consent",
        PARTIES,
    ),
    // A draft ふりかえりシート: its own party's editors, who write it.
    (
        "kanariaassess",
        "the owner's party's draft assessment",
        &[Editor, Owner],
    ),
    // Submitted, but the owner's party has not submitted its own: it may not lean on this one.
    (
        "kanariasubmitted",
        "the partner's submitted assessment",
        &[Partner, InvitedCoordinator],
    ),
];

pub async fn api(app: &App, token: &str, method: &str, path: &str, body: Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let res = reqwest::Client::new()
        .request(m, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{method} {path}: {}", res.status());
}

/// Writes every canary where it belongs, as the person who would.
pub async fn plant(app: &App, world: &World) {
    let ids = &world.ids;
    let owner = world.subject(Owner).token.clone().unwrap();
    let partner = world.subject(Partner).token.clone().unwrap();
    let org = format!("/organizations/{}", ids.org);
    let profile = json!({"kind": "npo_corporation", "name": "里山を守る会", "municipality": "山口市",
        "representative": "kanariarep", "email": "kanariamail@example.jp", "public_contact": false,
        "mission": "里山を守る"});
    api(app, &owner, "PUT", &org, profile).await;
    let worksheet = json!({"mission": "kanariaws", "characteristics": "", "strengths": "", "weaknesses": "",
        "can_offer": "", "challenges": {}});
    api(app, &owner, "PUT", &format!("{org}/worksheet"), worksheet).await;
    let note = json!({"culture": "kanarianote", "understanding": "", "wants": "", "other": ""});
    api(
        app,
        &owner,
        "PUT",
        &format!("{org}/partners/{}/notes", ids.company),
        note,
    )
    .await;
    api(
        app,
        &owner,
        "PUT",
        &format!("/themes/{}", ids.theme),
        json!({"collaboration_theme": "kanariatheme"}),
    )
    .await;
    let mut draft = kyodo_domain::proposal::guide_example().to_input();
    draft.title = "kanariadraft".into();
    let mut content = serde_json::to_value(&draft).unwrap();
    content["budget"][0]["item"] = json!("kanariabudget");
    api(
        app,
        &owner,
        "PUT",
        &format!("/proposals/{}", ids.proposal),
        json!({"content": content}),
    )
    .await;
    let author = &world.subject(Owner).browser;
    super::world::upload_photo(app, author, ids.proposal, "kanariaphoto").await;
    let comment = json!({"section": "budget", "body": "kanariacomment"});
    api(
        app,
        &partner,
        "POST",
        &format!("/proposals/{}/comments", ids.proposal),
        comment,
    )
    .await;
    // A second proposal: shared, then a newer draft, then the collaboration is started from it.
    let content = serde_json::to_value(kyodo_domain::proposal::guide_example().to_input()).unwrap();
    let second = reqwest::Client::new()
        .post(app.url(&format!("/api/v1{org}/proposals")))
        .bearer_auth(&owner)
        .json(&json!({"content": content}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    api(
        app,
        &owner,
        "POST",
        &format!("/proposals/{second}/shares"),
        json!({"organization_id": ids.company, "version": 1}),
    )
    .await;
    let mut newer = kyodo_domain::proposal::guide_example().to_input();
    newer.title = "kanariacollab".into();
    api(
        app,
        &owner,
        "PUT",
        &format!("/proposals/{second}"),
        json!({"content": newer}),
    )
    .await;
    api(
        app,
        &owner,
        "POST",
        &format!("/proposals/{second}/collaboration"),
        Value::Null,
    )
    .await;
    let listing = json!({"direction": "offer", "resources": ["people"], "title": "kanariapublic",
        "description": "公開", "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"});
    api(app, &owner, "POST", &format!("{org}/listings"), listing).await;
    let cpath = format!("/collaborations/{}", ids.collaboration);
    let contact = json!({"date": "2026-11-25", "channel": "phone", "people": "担当", "key_person": "",
        "said": "kanariacontact", "partner_opinion": "", "next_step": "", "next_due": ""});
    api(app, &partner, "POST", &format!("{cpath}/contacts"), contact).await;
    let meeting = json!({"date": "2027-02-15", "time": "10:00", "place": "公民館", "purpose": "kanariameeting", "issues": "議題"});
    api(app, &owner, "POST", &format!("{cpath}/meetings"), meeting).await;
    // At the milestone the crawl opens (see `concrete`).
    let sheet = json!({"held_on": "2027-01-20", "summary": "kanariasheet", "keep": ["月1回の作業"]});
    api(app, &owner, "PUT", &format!("{cpath}/evaluations/midway"), sheet).await;
    let summary = json!({"headline": "里山の一年", "body": "kanariasummary"});
    api(
        app,
        &owner,
        "PUT",
        &format!("{cpath}/evaluations/midway/summary"),
        summary,
    )
    .await;
    api(
        app,
        &owner,
        "POST",
        &format!("{cpath}/evaluations/midway/summary/consents"),
        json!({"publish": true}),
    )
    .await;
    // Approved by both parties, but its key person's consent is not recorded: not public.
    let case = json!({"title": "里山の一年", "field": "環境の保全", "collaboration_type": "事業協力・事業協定",
        "summary": "kanariacase", "parties": [
            {"name": "里山の会", "did": "作業日の運営", "gained": "参加者が増えた"},
            {"name": "協賛の会社", "did": "社員の参加", "gained": "社員の誇り"}],
        "key_persons": [{"name": "里山 太郎", "organization": "里山の会", "words": "kanariakeyperson", "consented": false}]});
    api(app, &owner, "PUT", &format!("{cpath}/case-study"), case).await;
    let latest: Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1{cpath}/case-study")))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for token in [&owner, &partner] {
        let body = json!({"version": latest["version"]});
        api(app, token, "POST", &format!("{cpath}/case-study/approvals"), body).await;
    }
    let opinion =
        json!({"name": "山口 花子", "organization": "山口県", "written_on": "2027-03-02", "text": "kanariaopinion"});
    api(app, &owner, "POST", &format!("{cpath}/opinions"), opinion).await;
    let assessments = format!("{cpath}/evaluations/midway/assessments");
    api(
        app,
        &owner,
        "PUT",
        &format!("{assessments}/{}", ids.org),
        json!({"overall": "kanariaassess"}),
    )
    .await;
    let items: Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1{assessments}")))
        .bearer_auth(&partner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let scores: Vec<Value> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"key": i["key"], "score": 4}))
        .collect();
    let submitted = json!({"scores": scores, "overall": "kanariasubmitted", "submit": true});
    api(
        app,
        &partner,
        "PUT",
        &format!("{assessments}/{}", ids.company),
        submitted,
    )
    .await;
}

/// What a person would read in a response: text as is, Word and Excel files unzipped, PDF text.
pub async fn readable(res: reqwest::Response) -> String {
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|t| t.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = res.bytes().await.unwrap().to_vec();
    if kind.starts_with("application/pdf") {
        return pdf_text(&bytes);
    }
    if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            if std::io::Read::read_to_string(&mut f, &mut s).is_ok() {
                all.push_str(&s);
            }
        }
        return all;
    }
    if kind.starts_with("image/") && !kind.contains("svg") {
        return String::new();
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("kyodo-canary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.pdf", rand_name()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) => String::from_utf8_lossy(&o.stdout).into_owned(),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("pdftotext (poppler-utils) is missing: PDF text not checked here");
            String::new()
        }
        Err(e) => panic!("pdftotext (poppler-utils) is required in CI: {e}"),
    }
}

fn rand_name() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

/// Every subject that may not see `word`.
pub fn barred(canary: &Canary) -> impl Iterator<Item = Who> + '_ {
    EVERYONE.into_iter().filter(|w| !canary.2.contains(w))
}

/// A search page repeats what was asked (in its title, its box and its filter links): that is
/// the asker's own word, not a leak. Only the results count. The API's answer is read for its
/// hits alone.
pub fn without_echo(path: &str, text: String) -> String {
    let Some((_, q)) = path.split_once("/search?q=") else {
        return text;
    };
    if path.starts_with("/api/") {
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        return v["items"].to_string();
    }
    text.replace(&format!("「{q}」"), "「」")
        .replace(&format!("value=\"{q}\""), "value=\"\"")
        .replace(&format!("q={q}"), "q=")
}
