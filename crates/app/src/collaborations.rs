//! Collaborations (協働): started from a proposal, shared by its parties; stages moved one at a
//! time with who, when and why; the approach log (Action III). Coordinators are `coordinators`.

use kyodo_domain::collaboration::approach::ContactInput;
use kyodo_domain::collaboration::stage::{MoveContext, Stage, StageInput, check_move};
use kyodo_domain::ids::{CollaborationId, OrgId, ProposalId};
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{CollaborationRecord, StageEvent, StoredContact};

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Error, Result, agreement, now};

/// Everything the record's page shows besides the workspace.
pub struct Detail {
    pub standing: CollabStanding,
    pub events: Vec<StageEvent>,
    pub contacts: Vec<StoredContact>,
    /// (user id, name) of the coordinators who joined.
    pub coordinators: Vec<(i64, String)>,
    /// Invitations not yet answered (shown to the parties, not to a coordinator).
    pub invitations: Vec<kyodo_store::CoordinatorInvitation>,
}

/// The record, its history, approach log and coordinators, for a party member or an invited
/// coordinator.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn detail(app: &App, actor: &Actor, id: CollaborationId) -> Result<Detail> {
    let standing = access::collaboration(app, actor, id).await?;
    let c = standing.c.id;
    Ok(Detail {
        events: app.store.stage_events(c).await?,
        contacts: app.store.contacts(c).await?,
        coordinators: app.store.coordinators(c).await?,
        invitations: if standing.coordinator {
            Vec::new()
        } else {
            app.store.coordinator_invitations(c).await?
        },
        standing,
    })
}

/// One line of an organisation's list of collaborations.
pub struct Listed {
    pub id: CollaborationId,
    pub title: String,
    pub stage: Stage,
    pub updated_at: i64,
}

/// The collaborations an organisation is a party to (its members only).
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn of_organization(app: &App, actor: &Actor, org: OrgId) -> Result<(kyodo_store::Organization, Vec<Listed>)> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.is_member() {
        return Err(Error::Forbidden);
    }
    let listed = app
        .store
        .collaborations_of(org.id)
        .await?
        .into_iter()
        .map(|(id, title, stage, updated_at)| Listed {
            id: CollaborationId::new(id),
            title,
            stage,
            updated_at,
        })
        .collect();
    Ok((org, listed))
}

/// Starts a collaboration from a proposal (its author's editors): the parties are the author,
/// the partner named on it and every organisation it was shared with, who are told.
#[tracing::instrument(skip_all, fields(user = actor.id, %proposal))]
pub async fn start(app: &App, actor: &Actor, proposal: ProposalId) -> Result<CollaborationId> {
    let (p, a) = access::proposal(app, actor, proposal).await?;
    a.require_edit()?;
    let shares = app.store.proposal_shares(p.id).await?;
    let mut partners: Vec<i64> = shares.iter().map(|s| s.organization_id).collect();
    partners.extend(p.partner_id.filter(|id| !partners.contains(id)));
    // Every party will see the collaboration's title: it is the title of a version each partner
    // was shown (the oldest of the shared ones), never a newer draft. Without a share, the
    // author names the collaboration by starting it with the partner the proposal was meant for.
    let title = match shares.iter().map(|s| s.version).min() {
        Some(v) => app
            .store
            .version_title(p.id, v)
            .await?
            .map_or_else(|| p.title.clone(), |(t, _, _)| t),
        None => p.title.clone(),
    };
    let stage = if partners.is_empty() {
        Stage::Proposal
    } else {
        Stage::Negotiation
    };
    let id = app
        .store
        .create_collaboration(
            &kyodo_store::NewCollaboration {
                title: &title,
                lead: p.organization_id,
                partners: &partners,
                theme_id: p.theme_id,
                proposal_id: Some(p.id),
                stage,
            },
            actor.id,
            now(),
        )
        .await?;
    send(
        app,
        Some(actor),
        Notice {
            to: &partners,
            kind: "collaboration",
            text: format!("{}が「{}」の協働の記録を始めました", p.organization_name, title),
            link: format!("/collaborations/{id}"),
        },
    )
    .await;
    Ok(CollaborationId::new(id))
}

/// Moves the collaboration to another stage (editors of a party). 実施 needs the agreement
/// confirmed by every party; 見送り a reason. Refused with `stage_changed` when someone else
/// moved it first.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn move_stage(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    input: &StageInput,
) -> Result<CollaborationRecord> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let c = &s.c;
    let reason = text::clean(&input.reason, true);
    let to = Stage::parse(input.stage.trim())
        .ok_or_else(|| Error::invalid("stage", "invalid", "次の段階を選んでください。"))?;
    let ctx = MoveContext {
        agreement_confirmed: agreement::confirmed_by_all(app, c).await?,
        reason: reason.clone(),
    };
    check_move(c.stage, to, &ctx).map_err(|e| Error::Invalid(Invalid::one(e)))?;
    if text::grapheme_len(&reason) > 1000 {
        return Err(Error::Invalid(Invalid::one(FieldError::too_long(
            "reason", "理由", 1000,
        ))));
    }
    let reason = (!reason.is_empty()).then_some(reason.as_str());
    match app.store.move_stage(c.id, c.stage, to, reason, actor.id, now()).await {
        Ok(()) => {}
        Err(kyodo_store::StoreError::Conflict(_)) => {
            return Err(Error::Invalid(Invalid::one(FieldError::new(
                "stage",
                "stage_changed",
                "ほかのメンバーが段階を変えました。最新の状態を確認してください。",
            ))));
        }
        Err(e) => return Err(e.into()),
    }
    // The other parties are told: their next step often depends on it (実施, 見送り).
    let mover = s.party().map_or_else(String::new, |p| s.party_name(p));
    let others: Vec<i64> = s.party_ids().into_iter().filter(|p| Some(*p) != s.party()).collect();
    let why = reason.map(|r| format!("（理由：{r}）")).unwrap_or_default();
    send(
        app,
        Some(actor),
        Notice {
            to: &others,
            kind: "collaboration",
            text: format!("{mover}が「{}」の段階を「{}」にしました{why}", c.title, to.label_ja()),
            link: format!("/collaborations/{}#stage", c.id),
        },
    )
    .await;
    app.store.collaboration(c.id).await?.ok_or(Error::NotFound)
}

/// Adds a contact to the approach log, as the actor's party (editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn log_contact(app: &App, actor: &Actor, id: CollaborationId, input: &ContactInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let contact = input.parse()?;
    let party = s.party().ok_or(Error::Forbidden)?;
    Ok(app.store.add_contact(s.c.id, party, &contact, actor.id, now()).await?)
}
