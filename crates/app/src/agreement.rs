//! The agreement (合意・協定): versions saved by the parties' editors, confirmed by each party's
//! owner. A change starts a new version and the confirmations start again; once every party has
//! confirmed the latest version, its targets become the workspace's indicators (in the same
//! transaction), and 実施 may begin.

use kyodo_domain::collaboration::agreement::AgreementInput;
use kyodo_domain::ids::CollaborationId;
use kyodo_store::{CollaborationRecord, StoredAgreement};

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Error, Result, now};

/// Whether every party confirmed `a` (the latest version).
pub fn all_confirmed(c: &CollaborationRecord, a: Option<&StoredAgreement>) -> bool {
    a.is_some_and(|a| {
        c.parties
            .iter()
            .all(|p| a.confirmed_by.iter().any(|(o, _)| *o == p.organization_id))
    })
}

/// Whether the collaboration's latest agreement is confirmed by every party.
pub async fn confirmed_by_all(app: &App, c: &CollaborationRecord) -> Result<bool> {
    Ok(all_confirmed(c, app.store.latest_agreement(c.id).await?.as_ref()))
}

/// The latest version with its confirmations, and the actor's standing (for a party member or an
/// invited coordinator).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn latest(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
) -> Result<(CollabStanding, Option<StoredAgreement>)> {
    let s = access::collaboration(app, actor, id).await?;
    let a = app.store.latest_agreement(s.c.id).await?;
    Ok((s, a))
}

/// The input with exactly one role entry per party, in the parties' order: a party left out
/// gets an empty entry (refused as having no role), a non-party's entry is dropped.
fn for_parties(c: &CollaborationRecord, input: &AgreementInput) -> AgreementInput {
    let roles = c
        .parties
        .iter()
        .map(|p| {
            let mut r = input
                .roles
                .iter()
                .find(|r| r.organization_id == p.organization_id)
                .cloned()
                .unwrap_or_default();
            r.organization_id = p.organization_id;
            r.organization_name = p.name.clone();
            r
        })
        .collect();
    AgreementInput { roles, ..input.clone() }
}

/// Saves the agreement as a new version (editors of a party); the parties' owners are asked to
/// confirm it.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn save(app: &App, actor: &Actor, id: CollaborationId, input: &AgreementInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let a = for_parties(&s.c, input).parse()?;
    let version = app.store.save_agreement(s.c.id, &a, actor.id, now()).await?;
    send(
        app,
        Some(actor),
        Notice {
            to: &s.party_ids(),
            kind: "collaboration",
            text: format!(
                "「{}」の合意（第{version}版）ができました。各団体のオーナーの確認をお願いします",
                s.c.title
            ),
            link: format!("/collaborations/{}/agreement#confirmations", s.c.id),
        },
    )
    .await;
    Ok(version)
}

/// Confirms `version` for every party the actor owns (only a party's owner speaks for it).
/// `agreement_changed` when a newer version exists: the actor read an outdated text. Returns
/// whether every party has now confirmed.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, version))]
pub async fn confirm(app: &App, actor: &Actor, id: CollaborationId, version: i64) -> Result<bool> {
    let s = access::collaboration(app, actor, id).await?;
    let owned = s.owned();
    if owned.is_empty() {
        return Err(Error::Forbidden);
    }
    let all = match app
        .store
        .confirm_agreement(s.c.id, version, &owned, &s.party_ids(), actor.id, now())
        .await
    {
        Ok(all) => all,
        Err(kyodo_store::StoreError::Conflict(_)) => {
            return Err(Error::Conflict {
                code: "agreement_changed",
                detail: "合意の内容が更新されました。最新の内容を確認してから、もう一度確認してください。".into(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let names: Vec<String> = owned.iter().map(|o| s.party_name(*o)).collect();
    let others: Vec<i64> = s.party_ids().into_iter().filter(|p| !owned.contains(p)).collect();
    send(
        app,
        Some(actor),
        Notice {
            to: &others,
            kind: "collaboration",
            text: if all {
                format!("「{}」の合意をすべての団体が確認しました。実施に進めます", s.c.title)
            } else {
                format!(
                    "{}が「{}」の合意（第{version}版）を確認しました",
                    names.join("・"),
                    s.c.title
                )
            },
            link: format!("/collaborations/{}/agreement#confirmations", s.c.id),
        },
    )
    .await;
    Ok(all)
}

/// A first draft of the agreement from the proposal the collaboration grew from, at the newest
/// version every partner was shown (never a draft only its authors have seen). Gives the
/// version drafted from; `None` when there is no such proposal. The page starts from it until
/// an agreement is saved.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn draft(app: &App, actor: &Actor, id: CollaborationId) -> Result<Option<(AgreementInput, i64)>> {
    let s = access::collaboration(app, actor, id).await?;
    let Some(pid) = s.c.proposal_id else { return Ok(None) };
    let Some(p) = app.store.proposal(pid).await? else {
        return Ok(None);
    };
    let partners: Vec<i64> =
        s.c.parties
            .iter()
            .map(|x| x.organization_id)
            .filter(|o| *o != p.organization_id)
            .collect();
    let mut seen = p.latest_version;
    for o in &partners {
        match app.store.shared_version(p.id, *o).await? {
            Some(v) => seen = seen.min(v),
            None => return Ok(None),
        }
    }
    let Some(v) = app.store.proposal_version(p.id, seen).await? else {
        return Ok(None);
    };
    let mut input = kyodo_domain::collaboration::draft::from_proposal(&v.content, p.organization_id, &partners);
    input = for_parties(&s.c, &input);
    Ok(Some((input, seen)))
}
