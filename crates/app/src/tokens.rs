//! Personal access tokens for the API: issued by a person for themselves (page, API) or by the
//! operator at the command line, shown once, stored only as a hash, revoked by their owner.
//! Each is read-only or read-write and expires (at most a year); a token cannot mint tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kyodo_domain::account::{Email, TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX, TokenScope};
use kyodo_domain::ids::TokenId;
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{ApiToken, NewToken};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{Actor, App, Error, Result, now};

/// 256 random bits, URL-safe (session ids and tokens).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps: SHA-256 (the secrets are random, so no salt or stretching is needed).
pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The shown part of a token, to recognise it in a list.
fn display_prefix(token: &str) -> String {
    token.chars().take(10).collect()
}

/// A token just issued: the secret is here and nowhere else.
#[derive(Debug, Clone)]
pub struct Issued {
    pub id: TokenId,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub scope: TokenScope,
    pub expires_at: i64,
    pub secret: String,
}

/// A token as asked for: a name, `read` or `write`, and days until it expires (blank: the default).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TokenInput {
    pub name: String,
    pub scope: String,
    pub expires_in_days: Option<i64>,
}

impl TokenInput {
    pub fn named(name: &str, scope: TokenScope) -> Self {
        Self {
            name: name.to_owned(),
            scope: scope.as_str().to_owned(),
            expires_in_days: None,
        }
    }
}

/// Issues a token for the actor, named so they can recognise it later.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn issue(app: &App, actor: &Actor, input: &TokenInput) -> Result<Issued> {
    let mut errors = Invalid::default();
    let name = errors.check(text::required("name", "トークンの名前", &input.name, 50));
    let scope = match input.scope.trim() {
        "" => Some(TokenScope::Read),
        s => TokenScope::parse(s).or_else(|| {
            errors.push(FieldError::new(
                "scope",
                "invalid",
                "権限は「読み取りのみ」か「読み取りと書き込み」から選んでください。",
            ));
            None
        }),
    };
    let days = input.expires_in_days.unwrap_or(TOKEN_DAYS_DEFAULT);
    if !(1..=TOKEN_DAYS_MAX).contains(&days) {
        errors.push(FieldError::new(
            "expires_in_days",
            "out_of_range",
            format!("有効期間は1〜{TOKEN_DAYS_MAX}日で指定してください。"),
        ));
    }
    let (Some(name), Some(scope)) = (name, scope) else {
        return Err(Error::Invalid(errors));
    };
    if !errors.0.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let secret = format!("kyd_{}", random_secret());
    let prefix = display_prefix(&secret);
    let at = now();
    let expires_at = at + days * 86_400;
    let new = NewToken {
        user_id: actor.id,
        name: &name,
        token_hash: &hash(&secret),
        prefix: &prefix,
        scope,
        expires_at: Some(expires_at),
    };
    let id = app.store.create_token(&new, at).await?;
    Ok(Issued {
        id: TokenId::new(id),
        name,
        prefix,
        created_at: at,
        scope,
        expires_at,
        secret,
    })
}

/// Issues a token for the person with this address (the operator, at the command line).
pub async fn issue_for(app: &App, email: &str, input: &TokenInput) -> Result<Issued> {
    let email = Email::parse("email", email).map_err(|e| Error::Invalid(Invalid::one(e)))?;
    let user = app
        .store
        .user_by_email(&email)
        .await?
        .ok_or_else(|| Error::invalid("email", "unknown_user", format!("{email} のユーザーはいません")))?;
    issue(app, &user, input).await
}

/// The actor's tokens (never their secrets), newest first.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<ApiToken>> {
    Ok(app.store.tokens(actor.id).await?)
}

/// Revokes one of the actor's own tokens; another's (or one already revoked) is `NotFound`.
#[tracing::instrument(skip_all, fields(user = actor.id, %token))]
pub async fn revoke(app: &App, actor: &Actor, token: TokenId) -> Result<()> {
    Ok(app.store.revoke_token(actor.id, token.get(), now()).await?)
}

/// Revokes all of the actor's live tokens. How many were live.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn revoke_all(app: &App, actor: &Actor) -> Result<u64> {
    Ok(app.store.revoke_all_tokens(actor.id, now()).await?)
}
