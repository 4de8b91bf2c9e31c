//! The evaluation report of a milestone: built from the saved sheet and the evaluation's records
//! (`content`), shown to the parties, signed off by each party's owner, and downloaded as Word or
//! A4 PDF. Versioned like the agreement: a sign-off fixes the content it saw; once the content
//! changes, the report is a new version and asks every party again.

mod content;

use kyodo_docs::report::{ReportDoc, SignOffs};
use kyodo_domain::era;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::ids::CollaborationId;

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::tokens::hash;
use crate::workspace::documents::Format;
use crate::{Actor, App, Error, Result, now};

/// Where a party stands on the report.
#[derive(Debug, Clone)]
pub struct SignOff {
    pub organization_id: i64,
    pub name: String,
    /// When it signed off this content.
    pub signed_at: Option<i64>,
    /// The newest earlier version it signed off, when not this one.
    pub earlier: Option<i64>,
}

pub struct ReportView {
    pub standing: CollabStanding,
    pub doc: ReportDoc,
    /// This content's version: the stored one it matches, or the next.
    pub version: i64,
    pub signoffs: Vec<SignOff>,
}

impl ReportView {
    /// Every party signed off this content.
    pub fn complete(&self) -> bool {
        self.signoffs.iter().all(|s| s.signed_at.is_some())
    }

    /// The parties the actor may sign off for and has not yet.
    pub fn to_sign(&self) -> Vec<i64> {
        let owned = self.standing.owned();
        self.signoffs
            .iter()
            .filter(|s| s.signed_at.is_none() && owned.contains(&s.organization_id))
            .map(|s| s.organization_id)
            .collect()
    }

    pub fn version_line(&self) -> String {
        format!("第{}版", self.version)
    }

    /// The sign-off lines printed under the report.
    pub fn signoff_lines(&self) -> SignOffs {
        self.signoffs
            .iter()
            .map(|s| {
                let on = match (s.signed_at, s.earlier) {
                    (Some(at), _) => format!("{}を確認（{}）", self.version_line(), era::format_unix_datetime(at)),
                    (None, Some(v)) => {
                        format!("第{v}版を確認済み。内容が変わったため、{}は未確認", self.version_line())
                    }
                    (None, None) => "未確認".into(),
                };
                (s.name.clone(), on)
            })
            .collect()
    }
}

pub(crate) fn no_sheet() -> Error {
    Error::Conflict {
        code: "no_sheet",
        detail: "報告書は評価シート（計画と実績）からつくります。先にこの節目の評価シートを保存してください。".into(),
    }
}

async fn view(app: &App, s: CollabStanding, milestone: Milestone) -> Result<(ReportView, String)> {
    let sheet = app.store.evaluation(s.c.id, milestone).await?.ok_or_else(no_sheet)?;
    let doc = content::build(app, &s, &sheet).await?;
    let json = doc.to_json();
    let digest = hash(&json);
    let versions = app.store.report_versions(s.c.id, milestone).await?;
    let (version, signed_now) = match versions.first() {
        Some(v) if v.digest == digest => (v.version, v.signed.clone()),
        Some(v) => (v.version + 1, Vec::new()),
        None => (1, Vec::new()),
    };
    let signoffs = s
        .party_ids()
        .into_iter()
        .map(|o| SignOff {
            organization_id: o,
            name: s.party_name(o),
            signed_at: signed_now.iter().find(|(p, _)| *p == o).map(|(_, at)| *at),
            earlier: versions
                .iter()
                .filter(|v| v.version < version)
                .find(|v| v.signed.iter().any(|(p, _)| *p == o))
                .map(|v| v.version),
        })
        .collect();
    Ok((
        ReportView {
            standing: s,
            doc,
            version,
            signoffs,
        },
        json,
    ))
}

/// The milestone's report as it reads now, with where each party stands (`Conflict no_sheet`
/// before the sheet is saved).
pub async fn get(app: &App, actor: &Actor, id: CollaborationId, milestone: Milestone) -> Result<ReportView> {
    let s = access::collaboration(app, actor, id).await?;
    Ok(view(app, s, milestone).await?.0)
}

/// Signs the report off for `party` (its owner; the actor's first owned party if none), fixing
/// this content as its version. The other parties are asked to sign it too, or told it is
/// complete. Returns the version signed.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %milestone, party))]
pub async fn sign(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    milestone: Milestone,
    party: Option<i64>,
) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    let owned = s.owned();
    let party = match party {
        Some(p) if owned.contains(&p) => p,
        None if !owned.is_empty() => owned[0],
        _ => return Err(Error::Forbidden),
    };
    let (v, json) = view(app, s, milestone).await?;
    let version = match app
        .store
        .sign_report(v.standing.c.id, milestone, &hash(&json), &json, party, actor.id, now())
        .await
    {
        Err(kyodo_store::StoreError::Conflict(_)) => {
            return Err(Error::Conflict {
                code: "report_changed",
                detail: "同時にほかの団体が別の内容を確認しました。報告書を読み直して、もう一度確認してください。"
                    .into(),
            });
        }
        other => other?,
    };
    let s = &v.standing;
    let signed: Vec<i64> = v
        .signoffs
        .iter()
        .filter(|x| x.signed_at.is_some() || x.organization_id == party)
        .map(|x| x.organization_id)
        .collect();
    let waiting: Vec<i64> = s.party_ids().into_iter().filter(|p| !signed.contains(p)).collect();
    let link = format!("/collaborations/{}/evaluation/{milestone}/report", s.c.id);
    let title = format!("「{}」の{}評価報告書（第{version}版）", s.c.title, milestone.label_ja());
    let (to, text) = if waiting.is_empty() {
        (s.party_ids(), format!("{title}の確認がすべての団体でそろいました"))
    } else {
        (
            waiting,
            format!(
                "{}が{title}を確認しました。内容の確認をお願いします",
                s.party_name(party)
            ),
        )
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
    Ok(version)
}

/// The report as Word or PDF, with where each party stands on this version.
pub async fn file(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    milestone: Milestone,
    format: Format,
) -> Result<Vec<u8>> {
    let v = get(app, actor, id, milestone).await?;
    let version = v.version_line();
    let signoffs = v.signoff_lines();
    let doc = v.doc;
    let bytes = tokio::task::spawn_blocking(move || match format {
        Format::Docx => kyodo_docs::report::report_docx(&doc, &version, &signoffs),
        Format::Pdf => kyodo_docs::report::report_pdf(&doc, &version, &signoffs),
    })
    .await
    .map_err(|e| Error::Unavailable(e.to_string()))?
    .map_err(|e| Error::Unavailable(e.to_string()))?;
    Ok(bytes)
}
