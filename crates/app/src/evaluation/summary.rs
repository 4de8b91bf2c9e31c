//! The evaluation's short public summary: pre-drafted from the sheet, the coverage and the
//! outcomes; written by the parties' editors; published while every party's owner agrees to the
//! words as they stand (a change takes it down until they agree again). The public reads it with
//! the collaboration's title and parties, nothing else.

use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::sheet::number;
use kyodo_domain::evaluation::summary::{Summary, SummaryInput};
use kyodo_domain::ids::CollaborationId;

use super::report::no_sheet;
use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::tokens::hash;
use crate::{Actor, App, Error, Result, now};

pub struct SummaryView {
    pub standing: CollabStanding,
    pub input: SummaryInput,
    pub saved: bool,
    /// (party, name, agrees to the words as they stand)
    pub parties: Vec<(i64, String, bool)>,
}

impl SummaryView {
    pub fn published(&self) -> bool {
        self.saved && self.parties.iter().all(|p| p.2)
    }

    /// The actor's owned parties, with whether each agrees now.
    pub fn mine(&self) -> Vec<(i64, String, bool)> {
        let owned = self.standing.owned();
        self.parties.iter().filter(|p| owned.contains(&p.0)).cloned().collect()
    }
}

fn digest(s: &Summary) -> String {
    hash(&s.fingerprint())
}

/// A first draft from the figures: the targets against their actuals, the coverage, the outcomes
/// and the sheet's summary. No survey free text, no person's name.
async fn draft(app: &App, s: &CollabStanding, m: Milestone) -> Result<SummaryInput> {
    let sheet = app.store.evaluation(s.c.id, m).await?.ok_or_else(no_sheet)?;
    let mut body = vec![format!(
        "{}による協働の{}評価です。",
        s.c.parties
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("・"),
        m.label_ja()
    )];
    if !sheet.sheet.targets.is_empty() {
        body.push("目標と実績：".into());
        for t in &sheet.sheet.targets {
            let actual = t.actual.map_or("—".into(), |a| format!("{}{}", number(a), t.unit));
            let judged = t.judgement.map_or(String::new(), |j| format!("（{}）", j.label_ja()));
            body.push(format!(
                "・{}：目標 {}{}、実績 {actual}{judged}",
                t.what,
                number(t.value),
                t.unit
            ));
        }
    }
    let media = app.store.media(s.c.id).await?;
    let c = kyodo_domain::evaluation::media::counts(media.iter().map(|x| &x.item));
    if c.releases + c.articles > 0 {
        body.push(format!(
            "報道：ニュースリリース {}件、掲載・放送 {}件",
            c.releases, c.articles
        ));
    }
    let outcomes = app.store.outcomes(s.c.id).await?;
    if !outcomes.is_empty() {
        body.push("成果：".into());
        for o in outcomes {
            let whom = o.outcome.organization_id.map_or("社会".into(), |p| s.party_name(p));
            body.push(format!("・{}（{whom}）", o.outcome.label));
        }
    }
    if !sheet.sheet.summary.is_empty() {
        body.push(sheet.sheet.summary.clone());
    }
    Ok(SummaryInput {
        headline: format!("{}：{}評価", s.c.title, m.label_ja()),
        body: body.join("\n"),
    })
}

pub async fn get(app: &App, actor: &Actor, id: CollaborationId, m: Milestone) -> Result<SummaryView> {
    let s = access::collaboration(app, actor, id).await?;
    let stored = app.store.summary(s.c.id, m).await?;
    let agreed = stored.as_ref().map(|x| x.agreed()).unwrap_or_default();
    let input = match &stored {
        Some(x) => x.summary.to_input(),
        None => draft(app, &s, m).await?,
    };
    let parties = s
        .party_ids()
        .into_iter()
        .map(|o| (o, s.party_name(o), agreed.contains(&o)))
        .collect();
    Ok(SummaryView {
        standing: s,
        input,
        saved: stored.is_some(),
        parties,
    })
}

/// Saves the words (editors). Agreements to earlier words no longer hold; if it was published,
/// it is taken down and the owners are asked again.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %m))]
pub async fn save(app: &App, actor: &Actor, id: CollaborationId, m: Milestone, input: &SummaryInput) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    app.store.evaluation(s.c.id, m).await?.ok_or_else(no_sheet)?;
    let summary = input.parse()?;
    let d = digest(&summary);
    let before = app.store.summary(s.c.id, m).await?;
    if before.as_ref().is_some_and(|b| b.digest == d) {
        return Ok(());
    }
    app.store.save_summary(s.c.id, m, &summary, &d, actor.id, now()).await?;
    if before.is_some_and(|b| !b.agreed().is_empty()) {
        send(
            app,
            Some(actor),
            Notice {
                to: &s.party_ids(),
                kind: "evaluation",
                text: format!(
                    "「{}」の{}評価の公開用の概要が書き直されました。公開するには、あらためて各団体の同意が要ります",
                    s.c.title,
                    m.label_ja()
                ),
                link: format!("/collaborations/{}/evaluation/{m}/summary", s.c.id),
            },
        )
        .await;
    }
    Ok(())
}

/// A party's owner agrees to publish the words as they stand (`publish`), or withdraws the
/// agreement. The other parties are told. Returns whether the summary is now public.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %m, party, publish))]
pub async fn consent(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    m: Milestone,
    party: Option<i64>,
    publish: bool,
) -> Result<bool> {
    let s = access::collaboration(app, actor, id).await?;
    let owned = s.owned();
    let party = match party {
        Some(p) if owned.contains(&p) => p,
        None if !owned.is_empty() => owned[0],
        _ => return Err(Error::Forbidden),
    };
    let stored = app.store.summary(s.c.id, m).await?.ok_or_else(|| Error::Conflict {
        code: "no_summary",
        detail: "先に公開用の概要を保存してください。".into(),
    })?;
    let d = publish.then_some(stored.digest.as_str());
    app.store.consent_summary(s.c.id, m, party, d, actor.id, now()).await?;
    let mut agreed = stored.agreed();
    agreed.retain(|o| *o != party);
    if publish {
        agreed.push(party);
    }
    let public = s.party_ids().iter().all(|p| agreed.contains(p));
    let others: Vec<i64> = s.party_ids().into_iter().filter(|p| *p != party).collect();
    let what = format!("「{}」の{}評価の公開用の概要", s.c.title, m.label_ja());
    let (to, text, link) = match (publish, public) {
        (true, true) => (
            s.party_ids(),
            format!("すべての団体が同意し、{what}を公開しました"),
            format!("/reports/{}/{m}", s.c.id),
        ),
        (true, false) => (
            others,
            format!(
                "{}が{what}の公開に同意しました。内容を確かめ、同意をお願いします",
                s.party_name(party)
            ),
            format!("/collaborations/{}/evaluation/{m}/summary", s.c.id),
        ),
        (false, _) => (
            others,
            format!(
                "{}が{what}の公開への同意を取り消しました（公開していません）",
                s.party_name(party)
            ),
            format!("/collaborations/{}/evaluation/{m}/summary", s.c.id),
        ),
    };
    send(
        app,
        Some(actor),
        Notice {
            to: &to,
            kind: "evaluation",
            text,
            link,
        },
    )
    .await;
    Ok(public)
}

/// A published summary as the public reads it.
pub struct Public {
    pub collaboration_id: i64,
    pub title: String,
    pub parties: Vec<String>,
    pub milestone: Milestone,
    pub summary: Summary,
}

/// The summary if every party agrees to publish it as it stands; `NotFound` otherwise, as if
/// there were none.
pub async fn public(app: &App, id: CollaborationId, m: Milestone) -> Result<Public> {
    let c = app.store.collaboration(id.get()).await?.ok_or(Error::NotFound)?;
    let stored = app.store.summary(c.id, m).await?.ok_or(Error::NotFound)?;
    let agreed = stored.agreed();
    if !c.parties.iter().all(|p| agreed.contains(&p.organization_id)) {
        return Err(Error::NotFound);
    }
    Ok(Public {
        collaboration_id: c.id,
        title: c.title,
        parties: c.parties.into_iter().map(|p| p.name).collect(),
        milestone: m,
        summary: stored.summary,
    })
}
