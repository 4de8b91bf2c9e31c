//! Accounts: closing one's own account (never while the sole owner of an organisation), and the
//! password hashing every sign-up, login and check uses.

pub mod password;

use kyodo_domain::account::Email;

use crate::{Actor, App, Error, Result};

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
