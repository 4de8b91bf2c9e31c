//! Server-rendered pages, grouped by feature. Every page works without JavaScript.

mod accounts;
mod admin;
mod cases;
mod centre;
mod centre_requests;
mod collaborations;
mod evaluation;
mod extract;
mod guide;
mod health;
mod home;
mod knowing;
mod listings;
mod matching;
mod members;
mod notifications;
mod opendata;
mod org_context;
mod organizations;
mod partner_field;
mod passwords;
mod planning;
mod profile;
mod proposals;
pub mod search;
mod signup;
mod statistics;
mod verification;
mod workspace;

use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use kyodo_domain::Invalid;
use kyodo_store::User;

pub use extract::{PathIds, SignedIn, login_redirect, redirect_to_next};
pub(crate) use passwords::ask_reset;

use crate::auth::ViewerWithUnread;
use crate::error::PageError;
use crate::middleware::csrf::CsrfToken;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(admin::router())
        .merge(guide::router())
        .merge(accounts::router())
        .merge(passwords::router())
        .merge(signup::router())
        .merge(organizations::router())
        .merge(profile::router())
        .merge(listings::router())
        .merge(members::router())
        .merge(verification::router())
        .merge(knowing::router())
        .merge(matching::router())
        .merge(proposals::router())
        .merge(planning::router())
        .merge(collaborations::router())
        .merge(workspace::router())
        .merge(evaluation::router())
        .merge(cases::router())
        .merge(centre::router())
        .merge(centre_requests::router())
        .merge(statistics::router())
        .merge(opendata::router())
        .merge(notifications::router())
        .merge(search::router())
        .merge(health::router())
        .fallback(|| async { PageError::NotFound })
}

/// What every page's layout needs: who is signed in and the CSRF token for its forms.
pub struct Layout {
    pub user: Option<User>,
    pub csrf: String,
    /// A one-time key for this page's forms: sending one twice (a double click, a retry after a
    /// dropped connection) writes once (see `middleware::idempotency`).
    pub form_key: String,
    /// The lifecycle section to mark as current in the navigation.
    pub section: &'static str,
    /// Unread notifications of the signed-in person.
    pub unread: i64,
}

impl Layout {
    pub fn in_section(mut self, section: &'static str) -> Self {
        self.section = section;
        self
    }

    /// Coordinators and admins see the verification queue.
    pub fn is_staff(&self) -> bool {
        crate::policy::Standing::of(self.user.as_ref(), None).is_staff()
    }

    /// Admins manage site roles.
    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role == kyodo_domain::account::SiteRole::Admin)
    }

    pub fn user_name(&self) -> Option<&str> {
        self.user.as_ref().map(|u| u.display_name.as_str())
    }
}

impl FromRequestParts<AppState> for Layout {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let ViewerWithUnread(viewer) = ViewerWithUnread::from_request_parts(parts, state).await?;
        let (user, unread) = viewer.map_or((None, 0), |(u, n)| (Some(u), n));
        Ok(Self {
            user,
            csrf,
            form_key: crate::auth::tokens::random_secret(),
            section: "",
            unread,
        })
    }
}

/// Field errors of a submitted form, looked up by field name in templates.
#[derive(Default)]
pub struct FormErrors(pub Invalid);

impl FormErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.for_field(field).map(|e| e.message.as_str())
    }

    /// The message for the input `{field}-{id}` (forms repeated on one page, one per record).
    pub fn at(&self, field: &str, id: impl std::borrow::Borrow<i64>) -> Option<&str> {
        self.get(&format!("{field}-{}", id.borrow()))
    }

    /// The message for the input `{field}-{id}-{row}` (a repeated row of such a form).
    pub fn at_row(
        &self,
        field: &str,
        id: impl std::borrow::Borrow<i64>,
        row: impl std::borrow::Borrow<usize>,
    ) -> Option<&str> {
        self.get(&format!("{field}-{}-{}", id.borrow(), row.borrow()))
    }

    /// The message for the input `{form}-{field}` (one of several forms of one kind on a page).
    pub fn in_form(&self, form: &str, field: &str) -> Option<&str> {
        self.get(&format!("{form}-{field}"))
    }

    pub fn any(&self) -> bool {
        !self.0.0.is_empty()
    }

    pub fn all(&self) -> &[kyodo_domain::FieldError] {
        &self.0.0
    }
}

/// The first value posted for `key` (empty if none): forms with per-party or per-row fields are
/// read as (key, value) pairs.
pub(crate) fn first(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Renders a template as a page with the given status.
pub fn render(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => PageError::Internal(format!("template: {e}")).into_response(),
    }
}

pub fn page(t: &impl Template) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, t))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    title: &'a str,
    message: &'a str,
}

/// A Japanese error page; used by middleware too, where no user is looked up.
pub fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let t = ErrorPage {
        layout: Layout {
            user: None,
            csrf: String::new(),
            form_key: String::new(),
            section: "",
            unread: 0,
        },
        title,
        message,
    };
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, message.to_owned()).into_response(),
    }
}

/// Query parameters for pages: anything unreadable falls back to the defaults, so a mangled
/// shared link still shows a page instead of an error.
pub struct Lenient<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Default> FromRequestParts<S> for Lenient<T> {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            axum::extract::Query::<T>::try_from_uri(&parts.uri)
                .map(|q| q.0)
                .unwrap_or_default(),
        ))
    }
}
