//! Login, logout and the account page (with personal access tokens). Sign-up is `signup`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use kyodo_domain::Invalid;
use kyodo_domain::account::Email;
use kyodo_store::{ApiToken, Membership};
use serde::Deserialize;

use super::{FormErrors, Layout, Lenient, page, redirect_to_next, render};
use crate::auth::{self, ClientIp, password};
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/account", get(account))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/tokens/revoke-all", post(revoke_all_tokens))
        .route("/account/export", get(export_data))
        .route("/account/delete", get(delete_form).post(delete_account))
        .route("/privacy", get(privacy))
}

// --- login / logout ----------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
    /// Arrived from a password reset.
    reset: bool,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    reset: String,
}

async fn login_form(layout: Layout, Lenient(q): Lenient<NextQuery>) -> Result<Response, PageError> {
    if layout.user.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    let next = q.next;
    page(&LoginPage {
        layout: layout.in_section("login"),
        email: String::new(),
        next,
        error: None,
        reset: q.reset == "1",
    })
}

async fn login(
    State(state): State<AppState>,
    layout: Layout,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    Form(input): Form<LoginInput>,
) -> Result<Response, PageError> {
    let fail = |layout: Layout, status: StatusCode, msg: &str| {
        let t = LoginPage {
            layout: layout.in_section("login"),
            email: input.email.clone(),
            next: input.next.clone(),
            error: Some(msg.to_owned()),
            reset: false,
        };
        Ok(render(status, &t))
    };
    let Ok(email) = Email::parse("email", &input.email) else {
        return fail(
            layout,
            StatusCode::UNPROCESSABLE_ENTITY,
            "メールアドレスの形式が正しくありません。",
        );
    };
    let device = auth::device_of(&state, &jar);
    if !state.throttle.allowed_from(email.as_str(), ip, device.as_deref()) {
        return fail(
            layout,
            StatusCode::TOO_MANY_REQUESTS,
            "ログインの失敗が続いたため、しばらく受け付けを停止しています。15分ほど待ってから再度お試しください。",
        );
    }
    let creds = state.store.user_credentials(&email).await?;
    let (user, stored) = match creds {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    if !password::verify(input.password.clone(), stored).await {
        state.throttle.failed_from(email.as_str(), ip, device.as_deref());
        return fail(
            layout,
            StatusCode::UNAUTHORIZED,
            "メールアドレスまたはパスワードが正しくありません。",
        );
    }
    let Some(user) = user else {
        return Err(PageError::Internal("verified without a user".into()));
    };
    // This browser is a known device of the account from now on (see `auth::throttle`).
    let (jar, device) = auth::ensure_device(&state, jar);
    state.throttle.succeeded_from(email.as_str(), ip, &device);
    // A new session id at every login; any old session cookie is ended first.
    let jar = auth::end_session(&state, jar).await;
    let jar = auth::start_session(&state, jar, user.id).await?;
    Ok((jar, redirect_to_next(&input.next, "/account")).into_response())
}

async fn logout(State(state): State<AppState>, jar: CookieJar) -> Response {
    let jar = auth::end_session(&state, jar).await;
    (jar, Redirect::to("/")).into_response()
}

// --- account -----------------------------------------------------------------------------

struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: bool,
    scope: &'static str,
    expires: String,
}

impl From<ApiToken> for TokenRow {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: format::datetime_ja(t.created_at),
            last_used: t.last_used_at.map_or_else(|| "未使用".to_owned(), format::datetime_ja),
            revoked: t.revoked_at.is_some(),
            scope: t.scope.label_ja(),
            expires: t.expires_at.map_or_else(|| "なし".to_owned(), format::datetime_ja),
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    layout: Layout,
    email: String,
    role: &'static str,
    since: String,
    memberships: Vec<Membership>,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    token_form: TokenInput,
    errors: FormErrors,
    welcome: bool,
}

#[derive(Deserialize, Default)]
struct AccountQuery {
    #[serde(default)]
    welcome: String,
}

async fn account_page(
    state: &AppState,
    layout: Layout,
    new_token: Option<String>,
    token_form: TokenInput,
    errors: Invalid,
    welcome: bool,
) -> Result<AccountPage, PageError> {
    let Some(user) = layout.user.clone() else {
        return Err(PageError::Forbidden);
    };
    let memberships = state.store.memberships(user.id).await?;
    let tokens = state
        .store
        .tokens(user.id)
        .await?
        .into_iter()
        .map(TokenRow::from)
        .collect();
    Ok(AccountPage {
        layout: layout.in_section("account"),
        email: user.email,
        role: user.role.label_ja(),
        since: format::date_ja(user.created_at),
        memberships,
        tokens,
        new_token,
        token_form,
        errors: FormErrors(errors),
        welcome,
    })
}

use super::login_redirect as to_login;

async fn account(
    State(state): State<AppState>,
    layout: Layout,
    Lenient(q): Lenient<AccountQuery>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(to_login("/account"));
    }
    let welcome = q.welcome == "1";
    page(&account_page(&state, layout, None, TokenInput::default(), Invalid::default(), welcome).await?)
}

/// The new-token form as typed (days as text, so a wrong entry comes back as it was).
#[derive(Deserialize)]
#[serde(default)]
struct TokenInput {
    name: String,
    scope: String,
    expires_in_days: String,
}

impl Default for TokenInput {
    fn default() -> Self {
        Self {
            name: String::new(),
            scope: "read".into(),
            expires_in_days: kyodo_domain::account::TOKEN_DAYS_DEFAULT.to_string(),
        }
    }
}

async fn create_token(
    State(state): State<AppState>,
    layout: Layout,
    Form(input): Form<TokenInput>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(to_login("/account"));
    };
    let days = kyodo_domain::text::to_halfwidth_ascii(input.expires_in_days.trim());
    let asked = kyodo_app::tokens::TokenInput {
        name: input.name.clone(),
        scope: input.scope.clone(),
        // Not a number: out of range, so the message beside the field says what is allowed.
        expires_in_days: Some(days.parse().unwrap_or(0)),
    };
    let issued = match kyodo_app::tokens::issue(&state.app, &user, &asked).await {
        Ok(t) => t,
        Err(kyodo_app::Error::Invalid(e)) => {
            let p = account_page(&state, layout, None, input, e, false).await?;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p));
        }
        Err(e) => return Err(e.into()),
    };
    let token = issued.secret;
    // Shown once, in this response only; the database keeps its hash.
    page(
        &account_page(
            &state,
            layout,
            Some(token),
            TokenInput::default(),
            Invalid::default(),
            false,
        )
        .await?,
    )
}

async fn revoke_all_tokens(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let Some(user) = layout.user else {
        return Ok(to_login("/account"));
    };
    kyodo_app::tokens::revoke_all(&state.app, &user).await?;
    Ok(Redirect::to("/account#tokens").into_response())
}

async fn revoke_token(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user else {
        return Ok(to_login("/account"));
    };
    let id: kyodo_domain::ids::TokenId = id.parse().map_err(|_| PageError::NotFound)?;
    // Revoking twice lands on the same page: the token is gone either way.
    match kyodo_app::tokens::revoke(&state.app, &user, id).await {
        Ok(()) | Err(kyodo_app::Error::NotFound) => Ok(Redirect::to("/account#tokens").into_response()),
        Err(e) => Err(e.into()),
    }
}

// --- personal data: purpose, export, deletion (APPI) ------------------------------------

#[derive(Template)]
#[template(path = "accounts/privacy.html")]
struct PrivacyPage {
    layout: Layout,
}

async fn privacy(layout: Layout) -> Result<Response, PageError> {
    page(&PrivacyPage { layout })
}

/// Everything kyodo holds about the signed-in person, as a JSON download.
async fn export_data(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let Some(user) = layout.user else {
        return Ok(to_login("/account"));
    };
    let memberships: Vec<serde_json::Value> = state
        .store
        .memberships(user.id)
        .await?
        .into_iter()
        .map(|m| serde_json::json!({"organization_id": m.organization.id, "organization": m.organization.name, "role": m.role.as_str()}))
        .collect();
    let tokens: Vec<serde_json::Value> = state
        .store
        .tokens(user.id)
        .await?
        .into_iter()
        .map(|t| serde_json::json!({"name": t.name, "prefix": t.prefix, "created_at": format::rfc3339(t.created_at), "revoked": t.revoked_at.is_some()}))
        .collect();
    let claims: Vec<serde_json::Value> = state
        .store
        .claims_by_user(user.id)
        .await?
        .into_iter()
        .map(|c| serde_json::json!({"organization": c.organization.name, "message": c.message, "status": c.status.label_ja(), "created_at": format::rfc3339(c.created_at)}))
        .collect();
    let comments: Vec<serde_json::Value> = state
        .store
        .comments_by_user(user.id)
        .await?
        .into_iter()
        .map(|(title, section, body, at)| serde_json::json!({"proposal": title, "section": section, "comment": body, "created_at": format::rfc3339(at)}))
        .collect();
    let survey_answers: Vec<serde_json::Value> = kyodo_app::evaluation::answering::own_responses(&state.app, &user)
        .await?
        .into_iter()
        .map(|r| {
            let answers: Vec<serde_json::Value> = r
                .answers
                .into_iter()
                .map(|(q, a)| serde_json::json!({"question": q, "answer": a}))
                .collect();
            serde_json::json!({"survey": r.survey, "submitted_at": format::rfc3339(r.submitted_at), "answers": answers})
        })
        .collect();
    let body = serde_json::json!({
        "exported_at": format::rfc3339(now()),
        "account": {"email": user.email, "display_name": user.display_name, "role": user.role.as_str(), "created_at": format::rfc3339(user.created_at)},
        "memberships": memberships,
        "access_tokens": tokens,
        "claims": claims,
        "proposal_comments": comments,
        "survey_answers": survey_answers,
    });
    let json = serde_json::to_string_pretty(&body).map_err(|e| PageError::Internal(e.to_string()))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"kyodo-my-data.json\"",
            ),
        ],
        json,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "accounts/delete.html")]
struct DeletePage {
    layout: Layout,
    blocking: Vec<String>,
    error: Option<&'static str>,
}

async fn delete_form(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(to_login("/account/delete"));
    };
    let blocking = state.store.sole_ownerships(user.id).await?;
    page(&DeletePage {
        layout,
        blocking,
        error: None,
    })
}

#[derive(Deserialize, Default)]
struct DeleteInput {
    #[serde(default)]
    password: String,
}

async fn delete_account(
    State(state): State<AppState>,
    layout: Layout,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    Form(input): Form<DeleteInput>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(to_login("/account/delete"));
    };
    // The password check here is throttled like the login's: no guessing from a left-open session.
    if !state.throttle.allowed(&user.email, ip) {
        let t = DeletePage {
            blocking: state.store.sole_ownerships(user.id).await?,
            layout,
            error: Some(auth::throttle::MESSAGE),
        };
        return Ok(render(StatusCode::TOO_MANY_REQUESTS, &t));
    }
    match kyodo_app::accounts::delete(&state.app, &user, input.password).await {
        Ok(()) => {}
        Err(e @ (kyodo_app::Error::Conflict { .. } | kyodo_app::Error::Forbidden)) => {
            let wrong = matches!(e, kyodo_app::Error::Forbidden);
            if wrong {
                state.throttle.failed(&user.email, ip);
            }
            let t = DeletePage {
                blocking: state.store.sole_ownerships(user.id).await?,
                layout,
                error: wrong.then_some("パスワードが正しくありません。"),
            };
            let status = if wrong {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::CONFLICT
            };
            return Ok(render(status, &t));
        }
        Err(e) => return Err(e.into()),
    }
    let jar = jar.remove(axum_extra::extract::cookie::Cookie::build(auth::session_cookie_name(&state)).path("/"));
    Ok((jar, Redirect::to("/?deleted=1")).into_response())
}
