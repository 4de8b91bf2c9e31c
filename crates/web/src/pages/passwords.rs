//! Passwords after sign-up: changing one's own, and resetting a forgotten one by mailed link.
//! The operations are `kyodo_app::accounts::credentials`; the API twins are `api::passwords`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use kyodo_app::accounts::credentials::{self, ChangeInput, RESET_MINUTES};
use kyodo_domain::{FieldError, Invalid};
use serde::Deserialize;

use super::{FormErrors, Layout, Lenient, page, render};
use crate::auth::{self, ClientIp};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/password", get(change_form).post(change))
        .route("/password/forgot", get(forgot_form).post(forgot))
        .route("/password/reset/{token}", get(reset_form).post(reset))
}

#[derive(Template)]
#[template(path = "accounts/password.html")]
struct ChangePage {
    layout: Layout,
    email: String,
    done: bool,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DoneQuery {
    done: String,
}

async fn change_form(layout: Layout, Lenient(q): Lenient<DoneQuery>) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(super::login_redirect("/account/password"));
    };
    page(&ChangePage {
        layout: layout.in_section("account"),
        email: user.email,
        done: q.done == "1",
        errors: FormErrors::default(),
    })
}

async fn change(
    State(state): State<AppState>,
    layout: Layout,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    Form(input): Form<ChangeInput>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(super::login_redirect("/account/password"));
    };
    let again = |layout: Layout, status, errors: Invalid| {
        let email = user.email.clone();
        render(
            status,
            &ChangePage {
                layout: layout.in_section("account"),
                email,
                done: false,
                errors: FormErrors(errors),
            },
        )
    };
    if !state.throttle.allowed(&user.email, ip) {
        let e = FieldError::new("current_password", "throttled", auth::throttle::MESSAGE);
        return Ok(again(layout, StatusCode::TOO_MANY_REQUESTS, Invalid::one(e)));
    }
    let keep = jar
        .get(auth::session_cookie_name(&state))
        .map(|c| auth::tokens::hash(c.value()));
    match credentials::change(&state.app, &user, &input, keep.as_deref()).await {
        Ok(()) => Ok(Redirect::to("/account/password?done=1").into_response()),
        Err(kyodo_app::Error::Forbidden) => {
            state.throttle.failed(&user.email, ip);
            let e = FieldError::new(
                "current_password",
                "wrong_password",
                "今のパスワードが正しくありません。",
            );
            Ok(again(layout, StatusCode::UNPROCESSABLE_ENTITY, Invalid::one(e)))
        }
        Err(kyodo_app::Error::Invalid(e)) => Ok(again(layout, StatusCode::UNPROCESSABLE_ENTITY, e)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    layout: Layout,
    email: String,
    sent: bool,
    minutes: i64,
    errors: FormErrors,
}

async fn forgot_form(layout: Layout) -> Result<Response, PageError> {
    page(&ForgotPage {
        layout: layout.in_section("login"),
        email: String::new(),
        sent: false,
        minutes: RESET_MINUTES,
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ForgotInput {
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    layout: Layout,
    ClientIp(ip): ClientIp,
    Form(input): Form<ForgotInput>,
) -> Result<Response, PageError> {
    let outcome = ask_reset(&state, &input.email, ip).await;
    let (status, sent, errors) = match outcome {
        Ok(()) => (StatusCode::OK, true, Invalid::default()),
        Err(kyodo_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, false, e),
        Err(e) => return Err(e.into()),
    };
    Ok(render(
        status,
        &ForgotPage {
            layout: layout.in_section("login"),
            email: input.email,
            sent,
            minutes: RESET_MINUTES,
            errors: FormErrors(errors),
        },
    ))
}

/// Asks for a reset link, at most a few per address and person in a while (each is a mail):
/// beyond that the answer is the same, and nothing is sent.
pub(crate) async fn ask_reset(state: &AppState, email: &str, ip: std::net::IpAddr) -> kyodo_app::Result<()> {
    let key = format!("reset:{}", email.trim().to_lowercase());
    if !state.throttle.allowed(&key, ip) {
        return kyodo_domain::account::Email::parse("email", email)
            .map(drop)
            .map_err(|e| kyodo_app::Error::Invalid(Invalid::one(e)));
    }
    state.throttle.failed(&key, ip);
    credentials::request_reset(&state.app, email).await
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    layout: Layout,
    token: String,
    live: bool,
    errors: FormErrors,
}

async fn reset_form(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let live = credentials::reset_link_live(&state.app, &token).await?;
    let status = if live { StatusCode::OK } else { StatusCode::NOT_FOUND };
    Ok(render(
        status,
        &ResetPage {
            layout: layout.in_section("login"),
            token: if live { token } else { String::new() },
            live,
            errors: FormErrors::default(),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetInput {
    password: String,
}

async fn reset(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
    Form(input): Form<ResetInput>,
) -> Result<Response, PageError> {
    match credentials::reset(&state.app, &token, &input.password).await {
        Ok(()) => Ok(Redirect::to("/login?reset=1").into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let live = e.for_field("token").is_none();
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ResetPage {
                    layout: layout.in_section("login"),
                    token: if live { token } else { String::new() },
                    live,
                    errors: FormErrors(e),
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}
