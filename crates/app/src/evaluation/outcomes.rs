//! Outcomes for each party and for society, each tied to a record of the collaboration that
//! shows it. Parties read, editors write.

use kyodo_domain::evaluation::outcome::{Evidence, EvidenceKind, OutcomeInput};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::StoredOutcome;

use crate::access::{self, CollabStanding};
use crate::{Actor, App, Result, now};

/// The records an outcome may cite, with how each is named.
pub async fn evidence(app: &App, cid: i64) -> Result<Vec<(Evidence, String)>> {
    let mut out = Vec::new();
    let mut push = |kind: EvidenceKind, id: i64, name: String| {
        out.push((Evidence { kind, id }, format!("{}：{name}", kind.label_ja())));
    };
    for s in app.store.surveys(cid).await? {
        push(
            EvidenceKind::Survey,
            s.id,
            format!("{}（回答{}件）", s.settings.title, s.responses),
        );
    }
    for m in app.store.media(cid).await? {
        push(
            EvidenceKind::Media,
            m.id,
            format!(
                "{} {}（{}）",
                kyodo_domain::era::format_date(m.item.on),
                m.item.title,
                m.item.kind.label_ja()
            ),
        );
    }
    for i in app.store.indicators(cid).await? {
        push(EvidenceKind::Indicator, i.id, i.name);
    }
    for m in app.store.meetings(cid).await? {
        push(
            EvidenceKind::Meeting,
            m.id,
            format!("{} の定例会", m.starts_at.replace('T', " ")),
        );
    }
    for o in app.store.opinions(cid).await? {
        if !o.waiting() {
            push(
                EvidenceKind::Opinion,
                o.id,
                format!("{}（{}）", o.author.name, o.author.organization),
            );
        }
    }
    Ok(out)
}

pub struct OutcomesView {
    pub standing: CollabStanding,
    pub outcomes: Vec<StoredOutcome>,
    pub evidence: Vec<(Evidence, String)>,
}

pub async fn list(app: &App, actor: &Actor, id: CollaborationId) -> Result<OutcomesView> {
    let s = access::collaboration(app, actor, id).await?;
    let outcomes = app.store.outcomes(s.c.id).await?;
    let evidence = evidence(app, s.c.id).await?;
    Ok(OutcomesView {
        standing: s,
        outcomes,
        evidence,
    })
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn add(app: &App, actor: &Actor, id: CollaborationId, input: &OutcomeInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let cited: Vec<Evidence> = evidence(app, s.c.id).await?.into_iter().map(|(e, _)| e).collect();
    let o = input.parse(&s.party_ids(), &cited)?;
    Ok(app.store.add_outcome(s.c.id, &o, actor.id, now()).await?)
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id, outcome))]
pub async fn remove(app: &App, actor: &Actor, id: CollaborationId, outcome: i64) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    Ok(app.store.remove_outcome(s.c.id, outcome, actor.id, now()).await?)
}
