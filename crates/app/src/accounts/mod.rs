//! Accounts: closing one's own account (never while the sole owner of an organisation), and the
//! password hashing every sign-up, login and check uses.

pub mod credentials;
pub mod password;
pub mod signup;

use kyodo_domain::account::{Email, NewAccount, SiteRole};
use kyodo_domain::ids::UserId;

use crate::{Actor, App, Error, Result, now};

/// Creates an account with an argon2id password hash: a person signing up (`SiteRole::User`) or
/// the operator at the command line (any role). `Conflict` (`email_taken`) when the address is
/// registered.
#[tracing::instrument(skip_all, fields(role = role.as_str()))]
pub async fn register(app: &App, new: &NewAccount, role: SiteRole) -> Result<UserId> {
    let hash = password::hash(new.password.expose().to_owned()).await?;
    match app
        .store
        .create_user(&new.email, &new.display_name, &hash, role, now())
        .await
    {
        Ok(id) => Ok(UserId::new(id)),
        Err(kyodo_store::StoreError::Conflict(_)) => Err(Error::Conflict {
            code: "email_taken",
            detail: "このメールアドレスは既に登録されています。ログインしてください。".into(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Closes the actor's account after checking their password. `Conflict` while they are the sole
/// owner of an organisation (named in `detail`); `Forbidden` for a wrong password.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn delete(app: &App, actor: &Actor, password: String) -> Result<()> {
    let blocking = app.store.sole_ownerships(actor.id).await?;
    if !blocking.is_empty() {
        return Err(Error::Conflict {
            code: "sole_owner",
            detail: format!(
                "次の団体の唯一のオーナーです。先にほかのメンバーをオーナーにしてください：{}",
                blocking.join("、")
            ),
        });
    }
    let email = Email::parse("email", &actor.email).map_err(|e| Error::Unavailable(e.message))?;
    let stored = app.store.user_credentials(&email).await?.map(|(_, h)| h);
    if !password::verify(password, stored).await {
        return Err(Error::Forbidden);
    }
    Ok(app.store.delete_user(actor.id).await?)
}

/// Gives a person a site role (the operator at the command line): the same operation an admin
/// uses in the app, logged with no actor. `NotFound` for an unknown address.
#[tracing::instrument(skip_all, fields(role = role.as_str()))]
pub async fn set_role(
    app: &App,
    email: &Email,
    role: SiteRole,
    centre: Option<kyodo_domain::ids::OrgId>,
) -> Result<()> {
    if app.store.user_by_email(email).await?.is_none() {
        return Err(Error::NotFound);
    }
    let input = crate::site_roles::RoleInput {
        email: email.as_str().to_owned(),
        role: role.as_str().to_owned(),
        centre,
    };
    crate::site_roles::grant(app, None, &input).await
}
