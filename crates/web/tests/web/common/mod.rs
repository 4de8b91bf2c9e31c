//! A real kyodo server on a random port with a fresh database, and a browser-like client.

#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod routes;

use kyodo_store::Store;
use kyodo_test_support::TestDb;
use kyodo_web::{AppState, WebConfig};
use reqwest::redirect::Policy;
use tokio::sync::oneshot;

pub struct App {
    pub base: String,
    pub store: Store,
    /// For tests that write through the store directly and then need the index to catch up.
    pub state: AppState,
    _stop: oneshot::Sender<()>,
    _db: TestDb,
}

impl App {
    /// A server that delivers mail (so sign-ups are confirmed by the mailed link).
    pub async fn spawn(db: TestDb) -> Self {
        let config = WebConfig {
            delivers_mail: true,
            ..WebConfig::default()
        };
        Self::spawn_with(db, config).await
    }

    pub async fn spawn_with(db: TestDb, config: WebConfig) -> Self {
        let store = Store::connect(&db.url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let search = std::sync::Arc::new(kyodo_search::SearchIndex::in_memory().expect("search index"));
        kyodo_app::jobs::index_feed::rebuild(&store, &search, 0)
            .await
            .expect("index");
        let state = AppState::new(store.clone(), config, search).await.expect("state");
        let sync = state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(kyodo_web::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Self {
            base,
            store,
            state: sync,
            _stop: stop,
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies and does not follow redirects (tests look at them).
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client")
    }

    /// The CSRF token embedded in a page's forms.
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client
            .get(self.url(path))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        extract_csrf(&html).unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }

    /// The CSRF token a page form of this client carries: signed in, every page's logout form
    /// has it; signed out, the login form does.
    pub async fn form_token(&self, client: &reqwest::Client) -> String {
        let home = client
            .get(self.url("/"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        match extract_csrf(&home) {
            Some(t) => t,
            None => self.csrf(client, "/login").await,
        }
    }

    pub async fn post_form(&self, client: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let token = self.form_token(client).await;
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf_token", &token));
        client.post(self.url(path)).form(&fields).send().await.expect("post")
    }

    /// Signs up (and so logs in) a new user in this client: through the mailed confirmation
    /// link where the server delivers mail, at once where it does not.
    pub async fn sign_up(&self, client: &reqwest::Client, email: &str) {
        let res = self
            .post_form(
                client,
                "/signup",
                &[
                    ("email", email),
                    ("display_name", "山口 花子"),
                    ("password", "correct horse battery"),
                ],
            )
            .await;
        if res.status() == 303 {
            assert!(
                !self.state.config.delivers_mail,
                "sign-up of {email} must wait for its mail"
            );
            return;
        }
        assert_eq!(res.status(), 200, "sign-up of {email} should say a mail was sent");
        let link = self.link_in_mail(email, "/signup/confirm/").await;
        let res = self.post_form(client, &link, &[]).await;
        assert_eq!(res.status(), 303, "confirming {email} should redirect");
    }

    /// The path of the newest link starting with `prefix` in the mail waiting for `to`.
    pub async fn link_in_mail(&self, to: &str, prefix: &str) -> String {
        let mail = self.store.unsent_mail(10_000).await.expect("outbox");
        let body = mail
            .iter()
            .rev()
            .find(|m| m.to_email == to && m.body.contains(prefix))
            .unwrap_or_else(|| panic!("no mail to {to} with {prefix}"))
            .body
            .clone();
        let at = body.find(prefix).expect("link");
        body[at..].chars().take_while(|c| !c.is_whitespace()).collect()
    }

    /// A personal access token for a fresh user.
    pub async fn token_for(&self, email: &str) -> String {
        let client = self.browser();
        self.sign_up(&client, email).await;
        self.new_token(&client).await
    }

    /// A write token made on the account page of this signed-in client (shown once).
    pub async fn new_token(&self, client: &reqwest::Client) -> String {
        let html = self
            .post_form(client, "/account/tokens", &[("name", "test"), ("scope", "write")])
            .await
            .text()
            .await
            .expect("text");
        let start = html.find("kyd_").expect("token shown once");
        html[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect()
    }
}

impl App {
    /// Registers an organisation with this (signed-in) client and returns its id.
    pub async fn create_org(&self, client: &reqwest::Client, name: &str, kind: &str) -> i64 {
        let res = self
            .post_form(
                client,
                "/organizations",
                &[("kind", kind), ("name", name), ("municipality", "山口市")],
            )
            .await;
        assert_eq!(res.status(), 303, "create {name}");
        let location = res.headers()["location"].to_str().expect("location").to_owned();
        location
            .trim_start_matches("/organizations/")
            .split('?')
            .next()
            .expect("id")
            .parse()
            .expect("numeric id")
    }

    /// A signed-in client for a new user.
    pub async fn user(&self, email: &str) -> reqwest::Client {
        let c = self.browser();
        self.sign_up(&c, email).await;
        c
    }

    pub async fn get_text(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let res = client.get(self.url(path)).send().await.expect("get");
        (res.status().as_u16(), res.text().await.expect("text"))
    }

    /// Adds a member with a role directly through an invitation link.
    pub async fn add_member(&self, owner: &reqwest::Client, org: i64, email: &str, role: &str) -> reqwest::Client {
        let html = self
            .post_form(
                owner,
                &format!("/organizations/{org}/members"),
                &[("email", email), ("role", role)],
            )
            .await
            .text()
            .await
            .expect("text");
        let start = html.find("/invitations/").expect("invitation link shown");
        let token: String = html[start + "/invitations/".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let member = self.user(email).await;
        let res = self.post_form(&member, &format!("/invitations/{token}"), &[]).await;
        assert_eq!(res.status(), 303, "accept invitation");
        member
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[i..].chars().take_while(|c| *c != '"').collect())
}
