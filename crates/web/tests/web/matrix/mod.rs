//! The authorization matrix: every page route (read from the routers' source) and every API
//! operation (read from the OpenAPI document as served) × the ten subjects of `world::Who`, each
//! outcome declared in `table`. A request either passes the access decision (2xx, a redirect
//! that is not to the login page, or a refusal of its input: 400/409/422/429) or is refused by it
//! (401/403/404 or the login page); a 5xx always fails. A route not in the table fails the test,
//! so a new route is declared before it lands. Forms are sent with the fields the page shows its
//! entitled users, so a refusal is an access decision, not a missing field.
//!
//! `MATRIX_PRINT=1 cargo test -p kyodo-web --test web matrix -- --nocapture` prints what was
//! observed in the table's own syntax, to review a change.

pub mod canary;
mod forms;
mod table;
pub mod world;

use std::collections::BTreeMap;

use kyodo_test_support::TestDb;
use serde_json::Value;
use table::{Mode, Row};
use world::{EVERYONE, Ids, Who, World};

use crate::common::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Past the access decision.
    Passed(u16),
    /// Refused by it.
    Refused(u16),
    Broken(u16),
}

fn classify(status: u16, location: Option<&str>) -> Outcome {
    match status {
        200..=299 => Outcome::Passed(status),
        300..=399 if location.is_some_and(|l| l.starts_with("/login")) => Outcome::Refused(status),
        300..=399 | 400 | 409 | 413 | 415 | 422 | 429 => Outcome::Passed(status),
        401 | 403 | 404 | 405 => Outcome::Refused(status),
        _ => Outcome::Broken(status),
    }
}

/// A route's template with the world's ids in it; the placeholder's meaning comes from the
/// segment before it.
pub(crate) fn concrete(template: &str, ids: &Ids, api: bool) -> String {
    let segs: Vec<&str> = template.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if !seg.starts_with('{') {
            out.push((*seg).to_owned());
            continue;
        }
        if *seg == "{milestone}" {
            out.push("midway".into());
            continue;
        }
        let before = if i > 0 { segs[i - 1] } else { "" };
        let id = match before {
            "invitations" if template.starts_with("/coordinator/") => ids.collaboration.to_string(),
            "coordinator-invitations" => ids.coordinator_invitation.to_string(),
            "notifications" => ids.notification.to_string(),
            "organizations" => ids.org.to_string(),
            "listings" => ids.listing.to_string(),
            "themes" => ids.theme.to_string(),
            "proposals" => ids.proposal.to_string(),
            "collaborations" => ids.collaboration.to_string(),
            "meetings" => ids.meeting.to_string(),
            "items" | "action-items" => ids.item.to_string(),
            "indicators" => ids.indicator.to_string(),
            "cycles" => ids.cycle.to_string(),
            "records" => ids.record.to_string(),
            "photos" => ids.photo.to_string(),
            "partners" | "shares" => ids.company.to_string(),
            "members" => ids.viewer_id.to_string(),
            "coordinators" | "roles" => ids.invited_coordinator_id.to_string(),
            "tokens" => ids.owner_token_id.to_string(),
            "invitations" if seg.contains("token") => ids.invitation_token.clone(),
            "invitations" => ids.invitation.to_string(),
            // Capability links nobody in the world holds: everyone is refused alike.
            "reset" | "confirm" | "password-resets" => "not-a-live-link".into(),
            "claims" => "999999".into(),
            "versions" => "1".into(),
            // What only a later wave has: its change from the first, the first's invitees.
            "surveys" if template.ends_with("/change") || template.ends_with("/first-wave") => {
                ids.survey_wave.to_string()
            }
            "surveys" => ids.survey.to_string(),
            "questions" => "q1".into(),
            // A survey's public link: anyone may open it.
            "s" | "public-surveys" => ids.survey_token.clone(),
            "r" | "survey-links" | "o" | "opinion-links" => "not-a-live-link".into(),
            "reports" | "public-reports" => ids.collaboration.to_string(),
            "assessments" => ids.org.to_string(),
            "media" => ids.media.to_string(),
            "outcomes" => ids.outcome.to_string(),
            "cases" | "case-studies" => ids.case.to_string(),
            // Open data files by name: the world's are written once it is built.
            "opendata" => "organizations.csv".into(),
            "centre-requests" => ids.centre_request.to_string(),
            other => panic!("no id for {{…}} after {other} in {template} (api: {api})"),
        };
        out.push(id);
    }
    out.join("/")
}

struct Call<'a> {
    app: &'a App,
    world: &'a World,
    forms: &'a forms::Forms,
}

impl Call<'_> {
    async fn page(&self, who: Who, method: &str, template: &str) -> Outcome {
        let s = self.world.subject(who);
        let path = concrete(template, &self.world.ids, false);
        let res = if method == "GET" {
            s.browser.get(self.app.url(&path)).send().await.unwrap()
        } else if path.ends_with("/logo") || path.ends_with("/photos") || path.ends_with("/clippings") {
            self.upload(&s.browser, &path).await
        } else {
            let fields = self.forms.fields_for(&path);
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            self.app.post_form(&s.browser, &path, &fields).await
        };
        let location = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        classify(res.status().as_u16(), location.as_deref())
    }

    /// An image upload (multipart, the CSRF token in the query as the page's form sends it).
    async fn upload(&self, browser: &reqwest::Client, path: &str) -> reqwest::Response {
        let token = self.app.form_token(browser).await;
        let form = reqwest::multipart::Form::new()
            .part(
                "photo",
                reqwest::multipart::Part::bytes(world::tiny_png()).file_name("p.png"),
            )
            .part(
                "logo",
                reqwest::multipart::Part::bytes(world::tiny_png()).file_name("p.png"),
            )
            .part(
                "clipping",
                reqwest::multipart::Part::bytes(world::tiny_png()).file_name("p.png"),
            )
            .text("media_id", self.world.ids.media.to_string());
        browser
            .post(self.app.url(&format!("{path}?csrf_token={token}")))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    async fn api(&self, who: Who, method: &str, template: &str) -> Outcome {
        let s = self.world.subject(who);
        let path = concrete(template, &self.world.ids, true);
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = reqwest::Client::new().request(m, self.app.url(&format!("/api/v1{path}")));
        if let Some(t) = &s.token {
            req = req.bearer_auth(t);
        }
        if method == "PUT" && template.ends_with("/clipping") {
            req = req.header("content-type", "image/png").body(world::tiny_png());
        } else if method != "GET" {
            req = req.json(&table::api_body(method, template, &self.world.ids));
        }
        let res = req.send().await.unwrap();
        classify(res.status().as_u16(), None)
    }
}

#[tokio::test]
async fn every_route_answers_each_subject_as_the_table_declares() {
    let app = App::spawn(TestDb::sqlite()).await;
    let world = world::build(&app).await;
    let forms = forms::crawl(&app, &world).await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let mut routes: Vec<(bool, String, String)> = crate::common::routes::page_routes()
        .into_iter()
        .map(|(m, p)| (false, m, p))
        .collect();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            routes.push((true, method.to_uppercase(), path.clone()));
        }
    }
    assert!(routes.len() > 200, "pages and API were read: {}", routes.len());

    let call = Call {
        app: &app,
        world: &world,
        forms: &forms,
    };
    let mut wrong = Vec::new();
    let mut observed: BTreeMap<String, Vec<(Who, Outcome)>> = BTreeMap::new();
    let mut declared = Vec::new();
    // Routes that would end a subject's access or destroy a record run after the rest.
    let mut ordered: Vec<(bool, String, String, Row)> = Vec::new();
    for (api, method, path) in routes {
        let key = format!("{}{method} {path}", if api { "API " } else { "" });
        let Some(row) = table::row(&key) else {
            wrong.push(format!("{key}: not in the table; declare who may use it"));
            continue;
        };
        declared.push(key.clone());
        ordered.push((api, method, path, row));
    }
    ordered.sort_by_key(|(_, _, _, row)| row.mode != Mode::Call);
    for (api, method, path, row) in ordered {
        let key = format!("{}{method} {path}", if api { "API " } else { "" });
        let may = row.may;
        for who in EVERYONE {
            let allowed = may.contains(&who);
            let run = match row.mode {
                Mode::Call => true,
                Mode::Once => !allowed,
                Mode::Own => who == Who::Anonymous,
            };
            if !run {
                continue;
            }
            let got = if api {
                call.api(who, &method, &path).await
            } else {
                call.page(who, &method, &path).await
            };
            observed.entry(key.clone()).or_default().push((who, got));
            check(&key, who, allowed, got, &mut wrong);
        }
    }
    // Another person's token id changed nothing: the owner's token still works.
    let owner = world.subject(Who::Owner).token.clone().unwrap();
    let me = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "others' revocations left the owner's token alone");
    for key in table::keys() {
        if !declared.iter().any(|d| d == key) {
            wrong.push(format!("{key}: in the table but no such route"));
        }
    }
    if std::env::var_os("MATRIX_PRINT").is_some() {
        for (key, seen) in &observed {
            let passed: Vec<String> = seen.iter().map(|(w, o)| format!("{w:?}{o:?}")).collect();
            eprintln!("{key}: {}", passed.join(" "));
        }
    }
    assert!(wrong.is_empty(), "{} wrong:\n{}", wrong.len(), wrong.join("\n"));
}

fn check(key: &str, who: Who, allowed: bool, got: Outcome, wrong: &mut Vec<String>) {
    match (allowed, got) {
        (_, Outcome::Broken(s)) => wrong.push(format!("{key}: {who:?} got {s}")),
        (true, Outcome::Refused(s)) => wrong.push(format!("{key}: {who:?} is entitled but was refused ({s})")),
        (false, Outcome::Passed(s)) => wrong.push(format!("{key}: {who:?} is not entitled but passed ({s})")),
        _ => {}
    }
}

#[tokio::test]
async fn nothing_private_reaches_a_subject_not_entitled_to_it() {
    let app = App::spawn(TestDb::sqlite()).await;
    let world = world::build(&app).await;
    canary::plant(&app, &world).await;
    app.state.sync_search().await.unwrap();
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut pages: Vec<String> = crate::common::routes::page_routes()
        .into_iter()
        .filter(|(m, _)| m == "GET")
        .map(|(_, p)| concrete(&p, &world.ids, false))
        .collect();
    let mut api: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, ops)| ops.get("get").is_some())
        .map(|(p, _)| concrete(p, &world.ids, true))
        .collect();
    for (word, _, _) in canary::CANARIES {
        pages.push(format!("/search?q={word}"));
        api.push(format!("/search?q={word}"));
        api.push(format!("/search/suggestions?q={word}"));
    }
    pages.extend([
        "/organizations/999999".into(),
        "/proposals/999999".into(),
        "/no-such-page".into(),
    ]);
    // Search finds the public word for anyone, with the echo of the query taken out.
    for path in ["/search?q=kanariapublic", "/api/v1/search?q=kanariapublic"] {
        let text = canary::readable(reqwest::get(app.url(path)).await.unwrap()).await;
        assert!(
            canary::without_echo(path, text).contains("kanariapublic"),
            "{path} finds the public listing"
        );
    }
    let mut leaks = Vec::new();
    let mut seen: BTreeMap<&str, Vec<Who>> = BTreeMap::new();
    for who in EVERYONE {
        let s = world.subject(who);
        let mut fetched = Vec::new();
        for path in &pages {
            fetched.push((path.clone(), s.browser.get(app.url(path)).send().await.unwrap()));
        }
        for path in &api {
            let mut req = reqwest::Client::new().get(app.url(&format!("/api/v1{path}")));
            if let Some(t) = &s.token {
                req = req.bearer_auth(t);
            }
            fetched.push((format!("/api/v1{path}"), req.send().await.unwrap()));
        }
        for (path, res) in fetched {
            let text = canary::without_echo(&path, canary::readable(res).await);
            for c in canary::CANARIES {
                if !text.contains(c.0) {
                    continue;
                }
                seen.entry(c.0).or_default().push(who);
                if !c.2.contains(&who) {
                    leaks.push(format!("{who:?} read {} ({}) at {path}", c.0, c.1));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{} leaks:\n{}", leaks.len(), leaks.join("\n"));
    // Each word reached everyone entitled to it somewhere: the planting and the crawl worked.
    for c in canary::CANARIES {
        let readers = seen.get(c.0).cloned().unwrap_or_default();
        let missing: Vec<&Who> = c.2.iter().filter(|w| !readers.contains(w)).collect();
        assert!(missing.is_empty(), "{} ({}) never reached {missing:?}", c.0, c.1);
    }
    let barred: usize = canary::CANARIES.iter().map(|c| canary::barred(c).count()).sum();
    assert!(barred > 50, "the canaries are barred from many subjects: {barred}");
}
