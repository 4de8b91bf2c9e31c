//! Case studies (協働事例): once a collaboration reaches 評価 or 完了 its parties draft a case in
//! the guide's structure, pre-filled from what kyodo holds (`facts`), edit it together as
//! versions, and publish it only while every party's owner approved that exact version. Any
//! party withdraws later and the case leaves the library in the same commit. The library
//! (`library`) shows the guide's cases beside the published ones.

mod facts;
pub mod library;

use kyodo_domain::case_study::{CaseStudy, CaseStudyInput, Publication};
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::ids::CollaborationId;
use kyodo_store::{StoreError, StoredCaseStudy};

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::tokens::hash;
use crate::{Actor, App, Error, Result, now};

/// A party of the collaboration and where it stands on the latest version.
#[derive(Debug, Clone)]
pub struct PartyApproval {
    pub organization_id: i64,
    pub name: String,
    /// The version it approved, if any (an earlier one does not count).
    pub approved: Option<i64>,
}

pub struct CaseView {
    pub standing: CollabStanding,
    /// As saved, or the first draft from the facts.
    pub input: CaseStudyInput,
    /// The saved case (`None` while it is the draft).
    pub saved: Option<StoredCaseStudy>,
    pub parties: Vec<PartyApproval>,
    /// Why the saved version cannot be public as it stands.
    pub blockers: Vec<String>,
    pub published: bool,
}

impl CaseView {
    pub fn version(&self) -> Option<i64> {
        self.saved.as_ref().map(|s| s.version)
    }

    /// The actor's owned parties, with whether each approved the latest version.
    pub fn mine(&self) -> Vec<(i64, String, bool)> {
        let owned = self.standing.owned();
        let latest = self.version();
        self.parties
            .iter()
            .filter(|p| owned.contains(&p.organization_id))
            .map(|p| {
                (
                    p.organization_id,
                    p.name.clone(),
                    p.approved.is_some() && p.approved == latest,
                )
            })
            .collect()
    }
}

fn digest(c: &CaseStudy) -> String {
    hash(&c.fingerprint())
}

/// Cases are told of collaborations that reached 評価 or 完了.
fn require_stage(s: &CollabStanding) -> Result<()> {
    if matches!(s.c.stage, Stage::Evaluation | Stage::Completed) {
        Ok(())
    } else {
        Err(Error::Conflict {
            code: "not_evaluated",
            detail: "事例にできるのは、評価または完了の段階に進んだ協働です。".into(),
        })
    }
}

fn publication_of(s: &CollabStanding, stored: &StoredCaseStudy) -> bool {
    let parties = s.party_ids();
    let approvals: Vec<(i64, String)> = stored
        .approvals
        .iter()
        .filter(|(_, v, _)| *v == stored.version)
        .map(|(o, _, _)| (*o, stored.digest.clone()))
        .collect();
    Publication {
        parties: &parties,
        approvals: &approvals,
    }
    .published(&stored.digest, &stored.content)
}

/// The collaboration's case for its members and invited coordinators: saved or drafted.
pub async fn get(app: &App, actor: &Actor, id: CollaborationId) -> Result<CaseView> {
    let s = access::collaboration(app, actor, id).await?;
    require_stage(&s)?;
    let saved = app.store.case_study(s.c.id).await?;
    let input = match &saved {
        Some(x) => x.content.to_input(),
        None => CaseStudyInput::prefill(&facts::gather(app, &s).await?),
    };
    let parties =
        s.c.parties
            .iter()
            .map(|p| PartyApproval {
                organization_id: p.organization_id,
                name: p.name.clone(),
                approved: saved.as_ref().and_then(|x| {
                    x.approvals
                        .iter()
                        .find(|(o, _, _)| *o == p.organization_id)
                        .map(|(_, v, _)| *v)
                }),
            })
            .collect();
    let blockers = saved.as_ref().map(|x| x.content.blockers()).unwrap_or_default();
    let published = saved.as_ref().is_some_and(|x| publication_of(&s, x));
    Ok(CaseView {
        standing: s,
        input,
        saved,
        parties,
        blockers,
        published,
    })
}

/// Saves the case (the parties' editors). Changed content is the next version: approvals of
/// earlier ones no longer count, so a published case leaves the library until every owner
/// approves again, and the other parties are asked to. Returns the version.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn save(app: &App, actor: &Actor, id: CollaborationId, input: &CaseStudyInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    require_stage(&s)?;
    let case = input.parse()?;
    let d = digest(&case);
    let before = app.store.case_study(s.c.id).await?;
    let (_, version) = app
        .store
        .save_case_study(s.c.id, &case, &d, !case.blockers().is_empty(), actor.id, now())
        .await?;
    if before.as_ref().map(|b| b.version) != Some(version) {
        let was_public = before.as_ref().is_some_and(|b| publication_of(&s, b));
        let text = if was_public {
            format!(
                "「{}」の事例が第{version}版に書き直され、公開を止めました。内容を確かめ、あらためて承認をお願いします",
                case.title
            )
        } else {
            format!(
                "「{}」の事例の第{version}版ができました。団体名や内容を確かめ、公開の承認をお願いします",
                case.title
            )
        };
        let mine = s.editing();
        let others: Vec<i64> = s.party_ids().into_iter().filter(|p| !mine.contains(p)).collect();
        let to = if was_public { s.party_ids() } else { others };
        send(
            app,
            Some(actor),
            Notice {
                to: &to,
                kind: "case",
                text,
                link: format!("/collaborations/{}/case#approval", s.c.id),
            },
        )
        .await;
    }
    Ok(version)
}

/// A party's owner approves `version` for publication (it must be the latest), or withdraws its
/// approval (`version` is `None`), which takes a published case out of the library at once. The
/// other parties are told. Returns whether the case is public now.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, party, version))]
pub async fn approve(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    party: Option<i64>,
    version: Option<i64>,
) -> Result<bool> {
    let s = access::collaboration(app, actor, id).await?;
    let owned = s.owned();
    let party = match party {
        Some(p) if owned.contains(&p) => p,
        None if !owned.is_empty() => owned[0],
        _ => return Err(Error::Forbidden),
    };
    require_stage(&s)?;
    let stored = app.store.case_study(s.c.id).await?.ok_or_else(|| Error::Conflict {
        code: "no_case_study",
        detail: "先に事例を保存してください。".into(),
    })?;
    let was_public = publication_of(&s, &stored);
    match version {
        Some(v) => app
            .store
            .approve_case_study(stored.id, v, party, actor.id, now())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => Error::Conflict {
                    code: "case_study_changed",
                    detail: format!(
                        "事例は第{}版に書き直されています。最新の内容を確かめてから承認してください。",
                        stored.version
                    ),
                },
                other => other.into(),
            })?,
        None => match app.store.withdraw_case_study(stored.id, party, actor.id, now()).await {
            // Withdrawing what was never given is already done.
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        },
    }
    let after = app.store.case_study(s.c.id).await?.ok_or(Error::NotFound)?;
    let public = publication_of(&s, &after);
    let others: Vec<i64> = s.party_ids().into_iter().filter(|p| *p != party).collect();
    let title = &after.content.title;
    let who = s.party_name(party);
    let (to, text, link) = match (version.is_some(), public) {
        (true, true) => (
            s.party_ids(),
            format!("すべての団体が承認し、事例「{title}」を事例集に公開しました"),
            format!("/cases/{}", after.id),
        ),
        (true, false) => (
            others,
            format!(
                "{who}が事例「{title}」第{}版の公開を承認しました。内容を確かめ、承認をお願いします",
                after.version
            ),
            format!("/collaborations/{}/case#approval", s.c.id),
        ),
        (false, _) => (
            others,
            if was_public {
                format!("{who}が事例「{title}」の公開の承認を取り下げました。事例集から外しました")
            } else {
                format!("{who}が事例「{title}」の公開の承認を取り下げました")
            },
            format!("/collaborations/{}/case#approval", s.c.id),
        ),
    };
    send(
        app,
        Some(actor),
        Notice {
            to: &to,
            kind: "case",
            text,
            link,
        },
    )
    .await;
    Ok(public)
}
