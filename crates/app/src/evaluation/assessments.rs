//! Each party's own assessment (ふりかえりシート) at a milestone: written separately — a party's
//! draft is seen by its own members only — and shown side by side once submitted. A party sees
//! the others' sheets after submitting its own, so no one's scores lean on another's; an invited
//! coordinator sees every submitted sheet.

use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::assessment::{AssessmentInput, Compared, Item, items, side_by_side};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::StoredAssessment;

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Error, Result, now};

pub struct AssessmentView {
    pub standing: CollabStanding,
    pub items: Vec<Item>,
    /// The sheets of the parties the actor writes for (saved or not yet).
    pub own: Vec<(i64, Option<StoredAssessment>)>,
    /// The submitted sheets the actor may compare, as (party, sheet).
    pub shown: Vec<(i64, StoredAssessment)>,
    pub compared: Vec<Compared>,
    /// Parties that have not submitted yet.
    pub waiting: Vec<i64>,
}

async fn items_of(app: &App, cid: i64) -> Result<Vec<Item>> {
    let roles = app
        .store
        .latest_agreement(cid)
        .await?
        .map(|a| a.agreement.roles)
        .unwrap_or_default();
    Ok(items(&roles))
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id, %milestone))]
pub async fn get(app: &App, actor: &Actor, id: CollaborationId, milestone: Milestone) -> Result<AssessmentView> {
    let s = access::collaboration(app, actor, id).await?;
    let items = items_of(app, s.c.id).await?;
    let all = app.store.assessments(s.c.id, milestone).await?;
    let own: Vec<(i64, Option<StoredAssessment>)> = s
        .editing()
        .into_iter()
        .map(|o| (o, all.iter().find(|a| a.organization_id == o).cloned()))
        .collect();
    let mine: Vec<i64> = s.memberships.iter().map(|(o, _)| *o).collect();
    let may_compare = s.coordinator
        || mine
            .iter()
            .any(|o| all.iter().any(|a| a.organization_id == *o && a.submitted_at.is_some()));
    let shown: Vec<(i64, StoredAssessment)> = all
        .iter()
        .filter(|a| a.submitted_at.is_some() && (may_compare || mine.contains(&a.organization_id)))
        .map(|a| (a.organization_id, a.clone()))
        .collect();
    let sheets: Vec<&kyodo_domain::evaluation::assessment::Assessment> =
        shown.iter().map(|(_, a)| &a.assessment).collect();
    let compared = side_by_side(&items, &sheets);
    let waiting = s
        .party_ids()
        .into_iter()
        .filter(|p| !all.iter().any(|a| a.organization_id == *p && a.submitted_at.is_some()))
        .collect();
    Ok(AssessmentView {
        standing: s,
        items,
        own,
        shown,
        compared,
        waiting,
    })
}

/// Saves `party`'s sheet (an editor of that party); `submit` shows it to the other parties, who
/// are told.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %milestone, party))]
pub async fn save(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    milestone: Milestone,
    party: Option<i64>,
    input: &AssessmentInput,
    submit: bool,
) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let editing = s.editing();
    let party = match party {
        Some(p) if editing.contains(&p) => p,
        Some(_) => return Err(Error::Forbidden),
        None => editing[0],
    };
    let items = items_of(app, s.c.id).await?;
    let a = input.parse(&items, submit)?;
    app.store
        .save_assessment(s.c.id, milestone, party, &a, submit, actor.id, now())
        .await?;
    if submit {
        let others: Vec<i64> = s.party_ids().into_iter().filter(|p| *p != party).collect();
        send(
            app,
            Some(actor),
            Notice {
                to: &others,
                kind: "evaluation",
                text: format!(
                    "{}が「{}」の{}評価のふりかえりシートを提出しました。貴団体のシートを提出すると並べて見られます",
                    s.party_name(party),
                    s.c.title,
                    milestone.label_ja()
                ),
                link: format!("/collaborations/{}/evaluation/{milestone}/assessment#compare", s.c.id),
            },
        )
        .await;
    }
    Ok(())
}
