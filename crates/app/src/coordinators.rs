//! Support-centre coordinators in a collaboration. A party's editor invites an address; the
//! answer is the same whoever it belongs to, so inviting cannot be used to find out who is staff.
//! A coordinator at that address is told (in the app and by mail) and joins by accepting; only
//! then do the parties see their name. Nobody else is told anything.

use kyodo_domain::Invalid;
use kyodo_domain::account::Email;
use kyodo_domain::ids::{CollaborationId, UserId};
use kyodo_store::CoordinatorInvitation;

use crate::access::{self, OrgStanding};
use crate::notifications::{Notice, send, send_to_people};
use crate::{Actor, App, Error, Result, now};

/// Invites the coordinator at `email` to read along (editors of a party). `Invalid` for what is not
/// an e-mail address; otherwise the same answer for every address.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn invite(app: &App, actor: &Actor, id: CollaborationId, email: &str) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let email = Email::parse("email", email).map_err(Invalid::one)?;
    // Each invitation may mail someone: a few an hour per person is plenty.
    if !app.coordinator_invites.allow(actor.id) {
        return Err(Error::TooMany(
            "コーディネーターの招待が続いたため、しばらく受け付けを止めています。1時間ほどおいてお試しください。"
                .into(),
        ));
    }
    app.store
        .invite_coordinator_address(s.c.id, email.as_str(), actor.id, now())
        .await?;
    let staff = app
        .store
        .user_by_email(&email)
        .await?
        .filter(|u| OrgStanding::of(Some(u), None).is_staff());
    if let Some(coordinator) = staff {
        send_to_people(
            app,
            Some(actor),
            &[coordinator.id],
            "coordinator",
            format!("協働「{}」にコーディネーターとして招かれました", s.c.title),
            "/coordinator#invitations".into(),
        )
        .await;
    }
    Ok(())
}

/// The invitations of a collaboration still waiting (its parties' members).
pub async fn pending(app: &App, actor: &Actor, id: CollaborationId) -> Result<Vec<CoordinatorInvitation>> {
    let s = access::collaboration(app, actor, id).await?;
    if s.coordinator {
        return Ok(Vec::new());
    }
    Ok(app.store.coordinator_invitations(s.c.id).await?)
}

/// Withdraws an invitation not yet answered (editors of a party).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, invitation))]
pub async fn withdraw_invitation(app: &App, actor: &Actor, id: CollaborationId, invitation: i64) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    Ok(app.store.withdraw_coordinator_invitation(s.c.id, invitation).await?)
}

/// Ends a coordinator's reading along (editors of a party).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %coordinator))]
pub async fn remove(app: &App, actor: &Actor, id: CollaborationId, coordinator: UserId) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    Ok(app.store.remove_coordinator(s.c.id, coordinator.get()).await?)
}

/// The invitations waiting for the actor (coordinators and admins).
pub async fn invitations_for(app: &App, actor: &Actor) -> Result<Vec<CoordinatorInvitation>> {
    if !OrgStanding::of(Some(actor), None).is_staff() {
        return Err(Error::Forbidden);
    }
    Ok(app.store.coordinator_invitations_to(&actor.email).await?)
}

/// Accepts or declines an invitation to the actor's address (coordinators and admins); the
/// parties are told. `NotFound` when there is none.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, accept))]
pub async fn answer(app: &App, actor: &Actor, id: CollaborationId, accept: bool) -> Result<()> {
    if !OrgStanding::of(Some(actor), None).is_staff() {
        return Err(Error::Forbidden);
    }
    let c = app.store.collaboration(id.get()).await?.ok_or(Error::NotFound)?;
    app.store
        .answer_coordinator_invitation(c.id, actor.id, &actor.email, accept, now())
        .await?;
    let parties: Vec<i64> = c.parties.iter().map(|p| p.organization_id).collect();
    let verb = if accept {
        "参加しました"
    } else {
        "招待を辞退しました"
    };
    send(
        app,
        Some(actor),
        Notice {
            to: &parties,
            kind: "collaboration",
            text: format!(
                "コーディネーターの{}さんが協働「{}」に{verb}",
                actor.display_name, c.title
            ),
            link: format!("/collaborations/{}#coordinators", c.id),
        },
    )
    .await;
    Ok(())
}
