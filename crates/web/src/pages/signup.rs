//! Signing up, and the page a mailed confirmation link opens. The operations are
//! `kyodo_app::accounts::signup`; where mail is delivered, the form answers the same for every
//! address (see there).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use kyodo_app::accounts::signup::{self, CONFIRM_HOURS, SignedUp};
use kyodo_domain::account::NewAccount;
use kyodo_domain::{FieldError, Invalid};
use serde::Deserialize;

use super::extract::local_path;
use super::{FormErrors, Layout, Lenient, page, redirect_to_next, render};
use crate::auth;
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_form).post(signup))
        .route("/signup/confirm/{token}", get(confirm_form).post(confirm))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignupInput {
    next: String,
    email: String,
    display_name: String,
    password: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NextQuery {
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignupPage {
    layout: Layout,
    next: String,
    email: String,
    display_name: String,
    /// The confirmation mail is on its way (the same page for every address).
    sent: bool,
    hours: i64,
    errors: FormErrors,
}

impl SignupPage {
    fn new(layout: Layout, input: SignupInput) -> Self {
        Self {
            layout: layout.in_section("signup"),
            next: input.next,
            email: input.email,
            display_name: input.display_name,
            sent: false,
            hours: CONFIRM_HOURS,
            errors: FormErrors::default(),
        }
    }
}

async fn signup_form(layout: Layout, Lenient(q): Lenient<NextQuery>) -> Result<Response, PageError> {
    if layout.user.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    let input = SignupInput {
        next: q.next,
        ..SignupInput::default()
    };
    page(&SignupPage::new(layout, input))
}

async fn signup(
    State(state): State<AppState>,
    layout: Layout,
    jar: CookieJar,
    Form(mut input): Form<SignupInput>,
) -> Result<Response, PageError> {
    // The typed values come back on error; the password never does.
    let again = |layout: Layout, input: SignupInput, status: StatusCode, errors: Invalid| {
        let t = SignupPage {
            errors: FormErrors(errors),
            ..SignupPage::new(layout, input)
        };
        Ok(render(status, &t))
    };
    let new = match NewAccount::parse(&input.email, &input.display_name, &input.password) {
        Ok(n) => n,
        Err(errors) => return again(layout, input, StatusCode::UNPROCESSABLE_ENTITY, errors),
    };
    input.password.clear();
    let next = local_path(&input.next).unwrap_or("");
    match signup::sign_up(&state.app, &new, next).await {
        Ok(SignedUp::Created(user_id)) => {
            let jar = auth::start_session(&state, jar, user_id.get()).await?;
            Ok((jar, after_sign_up(&input.next)).into_response())
        }
        Ok(SignedUp::Mailed) => {
            let t = SignupPage {
                sent: true,
                ..SignupPage::new(layout, input)
            };
            Ok(render(StatusCode::OK, &t))
        }
        Err(kyodo_app::Error::Conflict { code, detail }) => {
            let e = FieldError::new("email", code, detail);
            again(layout, input, StatusCode::UNPROCESSABLE_ENTITY, Invalid::one(e))
        }
        Err(kyodo_app::Error::TooMany(detail)) => {
            let e = FieldError::new("email", "too_many", detail);
            again(layout, input, StatusCode::TOO_MANY_REQUESTS, Invalid::one(e))
        }
        Err(e) => Err(e.into()),
    }
}

fn after_sign_up(next: &str) -> Response {
    if next.is_empty() {
        Redirect::to("/account?welcome=1").into_response()
    } else {
        redirect_to_next(next, "/account")
    }
}

#[derive(Template)]
#[template(path = "accounts/confirm.html")]
struct ConfirmPage {
    layout: Layout,
    token: String,
    /// The address the link confirms; empty when the link is not live.
    email: String,
}

/// The link only shows a button: mail scanners open links, and must not create accounts.
async fn confirm_form(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let (status, token, email) = match signup::confirmation_email(&state.app, &token).await {
        Ok(email) => (StatusCode::OK, token, email),
        Err(kyodo_app::Error::Invalid(_)) => (StatusCode::NOT_FOUND, String::new(), String::new()),
        Err(e) => return Err(e.into()),
    };
    let t = ConfirmPage {
        layout: layout.in_section("signup"),
        token,
        email,
    };
    Ok(render(status, &t))
}

async fn confirm(
    State(state): State<AppState>,
    layout: Layout,
    jar: CookieJar,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    match signup::confirm(&state.app, &token).await {
        Ok((user_id, next)) => {
            let jar = auth::start_session(&state, jar, user_id.get()).await?;
            Ok((jar, after_sign_up(&next)).into_response())
        }
        Err(kyodo_app::Error::Invalid(_)) => {
            let t = ConfirmPage {
                layout: layout.in_section("signup"),
                token: String::new(),
                email: String::new(),
            };
            Ok(render(StatusCode::NOT_FOUND, &t))
        }
        Err(e) => Err(e.into()),
    }
}
