//! Personal access tokens for the API: issued by a person for themselves (page, API) or by the
//! operator at the command line, shown once, stored only as a hash, revoked by their owner.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kyodo_domain::account::Email;
use kyodo_domain::ids::TokenId;
use kyodo_domain::{Invalid, text};
use kyodo_store::ApiToken;
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
    pub secret: String,
}

/// Issues a token for the actor, named so they can recognise it later.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn issue(app: &App, actor: &Actor, name: &str) -> Result<Issued> {
    let name = text::required("name", "トークンの名前", name, 50).map_err(|e| Error::Invalid(Invalid::one(e)))?;
    let secret = format!("kyd_{}", random_secret());
    let prefix = display_prefix(&secret);
    let at = now();
    let id = app
        .store
        .create_token(actor.id, &name, &hash(&secret), &prefix, at)
        .await?;
    Ok(Issued {
        id: TokenId::new(id),
        name,
        prefix,
        created_at: at,
        secret,
    })
}

/// Issues a token for the person with this address (the operator, at the command line).
pub async fn issue_for(app: &App, email: &str, name: &str) -> Result<Issued> {
    let email = Email::parse("email", email).map_err(|e| Error::Invalid(Invalid::one(e)))?;
    let user = app
        .store
        .user_by_email(&email)
        .await?
        .ok_or_else(|| Error::invalid("email", "unknown_user", format!("{email} のユーザーはいません")))?;
    issue(app, &user, name).await
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
