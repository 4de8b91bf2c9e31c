//! Passwords after sign-up: changing one's own (the current one checked again), and resetting a
//! forgotten one by a single-use link mailed to the address, valid for an hour. Either way the
//! person's other sessions end and a mail tells them it happened.
//!
//! Asking for a reset answers the same whether or not the address is registered, so the form
//! cannot be used to find out who has an account.

use kyodo_domain::account::{Email, Password};
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::Mail;

use super::password;
use crate::tokens::{hash, random_secret};
use crate::{Actor, App, Error, Result, now};

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 60;

/// What the password form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ChangeInput {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the actor's password. `Forbidden` when the current one is wrong; `Invalid` when the
/// new one is refused (too short, too common). `keep` is the session that asked (it stays).
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn change(app: &App, actor: &Actor, input: &ChangeInput, keep: Option<&str>) -> Result<()> {
    let email = Email::parse("email", &actor.email).map_err(|e| Error::Unavailable(e.message))?;
    let stored = app.store.user_credentials(&email).await?.map(|(_, h)| h);
    if !password::verify(input.current_password.clone(), stored).await {
        return Err(Error::Forbidden);
    }
    let new = Password::parse("new_password", &input.new_password, Some(&email)).map_err(Invalid::one)?;
    if input.new_password == input.current_password {
        return Err(Error::invalid(
            "new_password",
            "password_unchanged",
            "今と違うパスワードにしてください。",
        ));
    }
    let hashed = password::hash(new.expose().to_owned()).await?;
    let body = format!(
        "{name} 様\n\nkyodo（協働）のパスワードが変更されました（{at}）。ほかの端末のログインは終了しました。\n\n心当たりがない場合は、すぐに「パスワードを忘れた方」から再設定し、支援センターにご連絡ください。\n{url}/password/forgot",
        name = actor.display_name,
        at = kyodo_domain::era::format_unix_datetime(now()),
        url = app.public_url,
    );
    let mail = Mail {
        to: email.as_str(),
        subject: "【kyodo】パスワードが変更されました",
        body: &body,
    };
    app.store.change_password(actor.id, &hashed, keep, &mail, now()).await?;
    Ok(())
}

/// Mails a reset link to the address if it is registered; the same answer either way.
/// `Invalid` only when what was typed is not an e-mail address.
#[tracing::instrument(skip_all)]
pub async fn request_reset(app: &App, email: &str) -> Result<()> {
    let email = Email::parse("email", email).map_err(Invalid::one)?;
    let Some(user) = app.store.user_by_email(&email).await? else {
        return Ok(());
    };
    let token = random_secret();
    let link = format!("{}/password/reset/{token}", app.public_url);
    let body = format!(
        "{name} 様\n\nkyodo（協働）のパスワードの再設定を受け付けました。次のリンクから新しいパスワードを決めてください（{RESET_MINUTES}分間有効、1回限り）：\n{link}\n\nお心当たりのない場合は、このメールを破棄してください。パスワードは変わりません。",
        name = user.display_name,
    );
    let mail = Mail {
        to: email.as_str(),
        subject: "【kyodo】パスワードの再設定",
        body: &body,
    };
    let at = now();
    app.store
        .create_password_reset(user.id, &hash(&token), at + RESET_MINUTES * 60, &mail, at)
        .await?;
    tracing::info!(user = user.id, "password reset link queued in the outbox");
    Ok(())
}

fn link_gone() -> Error {
    Error::Invalid(Invalid::one(FieldError::new(
        "token",
        "reset_link_expired",
        "このリンクは有効期限が切れたか、すでに使われています。もう一度「パスワードを忘れた方」から手続きしてください。",
    )))
}

/// Is this reset link live? (The page shows its form only then.)
pub async fn reset_link_live(app: &App, token: &str) -> Result<bool> {
    Ok(app.store.password_reset_user(&hash(token), now()).await?.is_some())
}

/// Sets a new password through a reset link and ends every session of the person.
#[tracing::instrument(skip_all)]
pub async fn reset(app: &App, token: &str, new_password: &str) -> Result<()> {
    let token_hash = hash(token);
    let Some((_, email)) = app.store.password_reset_user(&token_hash, now()).await? else {
        return Err(link_gone());
    };
    let email = Email::parse("email", &email).map_err(|e| Error::Unavailable(e.message))?;
    let new = Password::parse("password", new_password, Some(&email)).map_err(Invalid::one)?;
    let hashed = password::hash(new.expose().to_owned()).await?;
    let body = format!(
        "kyodo（協働）のパスワードを再設定しました（{at}）。すべての端末のログインは終了しました。新しいパスワードでログインしてください。\n\n心当たりがない場合は、支援センターにご連絡ください。",
        at = kyodo_domain::era::format_unix_datetime(now()),
    );
    let mail = Mail {
        to: email.as_str(),
        subject: "【kyodo】パスワードを再設定しました",
        body: &body,
    };
    if app.store.use_password_reset(&token_hash, &hashed, &mail, now()).await? {
        Ok(())
    } else {
        Err(link_gone())
    }
}
