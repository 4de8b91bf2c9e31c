//! Signing up. Where kyodo delivers mail, an account exists only once its address is confirmed by
//! a mailed link, and the form answers the same whatever the address: a new one gets the link, a
//! registered one gets a notice to its owner. So nobody learns from the form who has an account.
//! Without mail (a local or demo install) the account is created at once, since no link could
//! arrive; the operator is told at start that the form then says when an address is taken.

use kyodo_domain::account::{NewAccount, SiteRole};
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::{Mail, PendingSignup, StoreError};
use sha2::{Digest, Sha256};

use super::password;
use crate::tokens::{hash, random_secret};
use crate::{App, Error, Result, now};

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 24;
/// Sign-up mails one address may receive an hour (nobody can use the form to flood a mailbox).
pub const MAILS_PER_ADDRESS_HOUR: usize = 3;

/// What a sign-up did.
#[derive(Debug)]
pub enum SignedUp {
    /// No mail here: the account exists and its person can be signed in.
    Created(kyodo_domain::ids::UserId),
    /// A mail went to the address (a link, or a notice to its owner): the same answer either way.
    Mailed,
}

/// Signs a person up (`next` is where to go afterwards, a local path or empty).
#[tracing::instrument(skip_all)]
pub async fn sign_up(app: &App, new: &NewAccount, next: &str) -> Result<SignedUp> {
    if !app.confirms_sign_up {
        return super::register(app, new, SiteRole::User).await.map(SignedUp::Created);
    }
    // Hashed whether or not the address is registered, so both answers take the same time.
    let password_hash = password::hash(new.password.expose().to_owned()).await?;
    if !app.signup_mails.allow(address_key(new.email.as_str())) {
        // Said the same way whoever owns the address.
        return Err(Error::TooMany(
            "このアドレスへのメールが続いています。しばらく（1時間ほど）待ってから、もう一度お試しください。".into(),
        ));
    }
    let at = now();
    if let Some(owner) = app.store.user_by_email(&new.email).await? {
        let body = format!(
            "{name} 様\n\nこのメールアドレスで kyodo（協働）への新規登録がありましたが、このアドレスはすでに登録されています。\n\nご本人の場合は、ログインしてください：\n{url}/login\nパスワードを忘れた場合は、再設定できます：\n{url}/password/forgot\n\nお心当たりのない場合は、このメールを破棄してください。アカウントは変わりません。",
            name = owner.display_name,
            url = app.public_url,
        );
        let mail = Mail {
            to: new.email.as_str(),
            subject: "【kyodo】登録済みのアドレスで新規登録がありました",
            body: &body,
        };
        app.store.queue_mail(&mail, at).await?;
        return Ok(SignedUp::Mailed);
    }
    let token = random_secret();
    let link = format!("{}/signup/confirm/{token}", app.public_url);
    let body = format!(
        "{name} 様\n\nkyodo（協働）への登録を受け付けました。次のリンクを開いて、登録を完了してください（{CONFIRM_HOURS}時間有効）：\n{link}\n\nお心当たりのない場合は、このメールを破棄してください。登録はされません。",
        name = new.display_name,
    );
    let mail = Mail {
        to: new.email.as_str(),
        subject: "【kyodo】メールアドレスの確認",
        body: &body,
    };
    let pending = PendingSignup {
        email: &new.email,
        display_name: &new.display_name,
        password_hash: &password_hash,
        next_path: next,
        token_hash: &hash(&token),
        expires_at: at + CONFIRM_HOURS * 3600,
    };
    app.store.create_signup(&pending, &mail, at).await?;
    tracing::info!("sign-up confirmation link queued in the outbox");
    Ok(SignedUp::Mailed)
}

fn link_gone() -> Error {
    Error::Invalid(Invalid::one(FieldError::new(
        "token",
        "signup_link_expired",
        "このリンクは有効期限が切れたか、すでに使われています。もう一度登録してください。登録が済んでいる場合はログインしてください。",
    )))
}

/// The address a live confirmation link confirms (its page shows it before the button).
pub async fn confirmation_email(app: &App, token: &str) -> Result<String> {
    app.store.signup_email(&hash(token), now()).await?.ok_or_else(link_gone)
}

/// Opens a confirmation link: the account now exists. Gives the new person and where they were
/// going. `Invalid` (`signup_link_expired`) for a link that is not live.
#[tracing::instrument(skip_all)]
pub async fn confirm(app: &App, token: &str) -> Result<(kyodo_domain::ids::UserId, String)> {
    match app.store.confirm_signup(&hash(token), now()).await {
        Ok(Some(c)) => Ok((kyodo_domain::ids::UserId::new(c.user_id), c.next_path)),
        Ok(None) | Err(StoreError::Conflict(_)) => Err(link_gone()),
        Err(e) => Err(e.into()),
    }
}

/// The rate key of an address (the limiter counts numbers, not strings).
fn address_key(email: &str) -> i64 {
    let d = Sha256::digest(email.to_lowercase().as_bytes());
    i64::from_le_bytes(d[..8].try_into().expect("eight bytes"))
}
