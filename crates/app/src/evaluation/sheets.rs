//! The evaluation sheet of each milestone (事前・中間・事後): plan against actual, pre-filled from
//! the agreement's targets and the indicators' latest values; each party's purpose; the lessons,
//! which become the next PDCA cycle's plan in one step. Parties read, coordinators read along,
//! editors write.

use kyodo_domain::collaboration::cycle::Cycle;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::sheet::SheetInput;
use kyodo_domain::ids::CollaborationId;
use kyodo_store::{StoredAgreement, StoredSheet};

use crate::access::{self, CollabStanding};
use crate::{Actor, App, Error, Result, now, today};

/// The sheets made so far, in milestone order.
pub async fn list(app: &App, actor: &Actor, id: CollaborationId) -> Result<(CollabStanding, Vec<StoredSheet>)> {
    let s = access::collaboration(app, actor, id).await?;
    let sheets = app.store.evaluations(s.c.id).await?;
    Ok((s, sheets))
}

/// One milestone's sheet as its form shows it: the saved sheet, or a first one from the
/// agreement and the indicators.
pub struct SheetView {
    pub standing: CollabStanding,
    pub agreement: Option<StoredAgreement>,
    pub stored: Option<StoredSheet>,
    pub input: SheetInput,
}

/// The latest value of the indicator each agreed target became (matched by its name).
async fn actuals(app: &App, cid: i64, a: &StoredAgreement) -> Result<Vec<Option<f64>>> {
    let indicators = app.store.indicators(cid).await?;
    Ok(a.agreement
        .targets
        .iter()
        .map(|t| {
            indicators
                .iter()
                .find(|i| i.name == t.what)
                .and_then(|i| i.entries.last().map(|e| e.1))
        })
        .collect())
}

pub async fn get(app: &App, actor: &Actor, id: CollaborationId, milestone: Milestone) -> Result<SheetView> {
    let s = access::collaboration(app, actor, id).await?;
    let agreement = app.store.latest_agreement(s.c.id).await?;
    let stored = app.store.evaluation(s.c.id, milestone).await?;
    let input = match (&stored, &agreement) {
        (Some(st), _) => st.sheet.to_input(),
        (None, Some(a)) => SheetInput::prefill(
            &a.agreement.targets,
            &actuals(app, s.c.id, a).await?,
            &s.party_ids(),
            today(),
        ),
        (None, None) => SheetInput::prefill(&[], &[], &s.party_ids(), today()),
    };
    Ok(SheetView {
        standing: s,
        agreement,
        stored,
        input,
    })
}

fn no_agreement() -> Error {
    Error::Conflict {
        code: "no_agreement",
        detail: "評価は、合意で決めた目標と測り方に照らして行います。先に合意をつくってください。".into(),
    }
}

/// Saves the milestone's sheet (editors), checked against the latest agreement's targets.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %milestone))]
pub async fn save(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    milestone: Milestone,
    input: &SheetInput,
) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let a = app.store.latest_agreement(s.c.id).await?.ok_or_else(no_agreement)?;
    let sheet = input.parse(&a.agreement.targets, &s.party_ids())?;
    app.store
        .save_evaluation(s.c.id, milestone, &sheet, actor.id, now())
        .await?;
    Ok(())
}

/// Starts the next PDCA cycle from the sheet's lessons (editors). Returns the cycle's number.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %milestone))]
pub async fn to_cycle(app: &App, actor: &Actor, id: CollaborationId, milestone: Milestone) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let stored = app.store.evaluation(s.c.id, milestone).await?.ok_or(Error::NotFound)?;
    if let Some(n) = stored.next_cycle {
        return Err(taken(n));
    }
    let Some(plan) = stored.sheet.next_plan(milestone.label_ja()) else {
        return Err(Error::invalid(
            "change",
            "no_lessons",
            "続けること・変えることを書いて保存してから、次のサイクルにしてください。",
        ));
    };
    let cycle = Cycle {
        plan,
        ..Cycle::default()
    };
    match app
        .store
        .evaluation_to_cycle(s.c.id, stored.id, &cycle, actor.id, now())
        .await
    {
        Err(kyodo_store::StoreError::Conflict(_)) => Err(taken(0)),
        other => Ok(other?),
    }
}

fn taken(n: i64) -> Error {
    let which = if n > 0 {
        format!("第{n}サイクル")
    } else {
        "次のサイクル".into()
    };
    Error::Conflict {
        code: "lessons_taken",
        detail: format!("この評価の学びは、すでに{which}の計画になっています。"),
    }
}
