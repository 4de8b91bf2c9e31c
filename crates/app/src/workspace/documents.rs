//! Documents drawn from a collaboration: the agreement as a 協定書 draft, and the
//! self-introduction sheet (自己紹介シート) the actor's party sends the others. Built here once
//! for the page and the API; rendered to bytes off the async threads.

use kyodo_docs::agreement::AgreementDoc;
use kyodo_docs::sheet::Sheet;
use kyodo_domain::collaboration::agreement;
use kyodo_domain::era;
use kyodo_domain::ids::CollaborationId;

use crate::access::{self, CollabStanding};
use crate::{Actor, App, Error, Result, today};

/// The formats a document downloads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Pdf => "pdf",
        }
    }
}

/// Runs a renderer on the blocking pool: typst and docx take tens of milliseconds of CPU.
async fn render<T: Send + 'static>(
    doc: T,
    f: impl FnOnce(&T) -> Result<Vec<u8>, kyodo_docs::DocError> + Send + 'static,
) -> Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || f(&doc))
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?
        .map_err(|e| Error::Unavailable(e.to_string()))
}

/// The latest agreement as a 協定書 draft (`NotFound` before one is saved).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn agreement_doc(app: &App, actor: &Actor, id: CollaborationId) -> Result<AgreementDoc> {
    let s = access::collaboration(app, actor, id).await?;
    let a = app.store.latest_agreement(s.c.id).await?.ok_or(Error::NotFound)?;
    let ag = &a.agreement;
    let parties =
        s.c.parties
            .iter()
            .map(|p| {
                let mut lines: Vec<String> = Vec::new();
                if let Some(r) = ag.roles.iter().find(|r| r.organization_id == p.organization_id) {
                    lines.extend(r.guide_roles.iter().filter_map(|id| agreement::role_label(id)));
                    if !r.free_roles.is_empty() {
                        lines.push(r.free_roles.clone());
                    }
                    if !r.responsibilities.is_empty() {
                        lines.push(format!("責任の範囲：{}", r.responsibilities));
                    }
                    if !r.cost_share.is_empty() {
                        lines.push(format!("費用の分担：{}", r.cost_share));
                    }
                }
                (p.name.clone(), lines)
            })
            .collect();
    let confirmations =
        s.c.parties
            .iter()
            .map(|p| {
                let on = a
                    .confirmed_by
                    .iter()
                    .find(|(o, _)| *o == p.organization_id)
                    .map_or_else(
                        || "未確認".to_owned(),
                        |(_, at)| format!("確認済み（{}）", era::format_unix_datetime(*at)),
                    );
                (p.name.clone(), on)
            })
            .collect();
    Ok(AgreementDoc {
        title: s.c.title.clone(),
        version: a.version,
        collaboration_type: ag.collaboration_type.label_ja().to_owned(),
        purpose: ag.purpose.clone(),
        period: format!("{}〜{}", era::format_date(ag.start), era::format_date(ag.end)),
        parties,
        targets: ag
            .targets
            .iter()
            .map(|t| {
                (
                    t.what.clone(),
                    format!("{}{}", t.value, t.unit),
                    era::format_date(t.due),
                    t.method.clone(),
                    t.timing.clone(),
                )
            })
            .collect(),
        confirmations,
        date: era::format_date(today()),
    })
}

/// The 協定書 draft as Word or PDF.
pub async fn agreement_file(app: &App, actor: &Actor, id: CollaborationId, format: Format) -> Result<Vec<u8>> {
    let doc = agreement_doc(app, actor, id).await?;
    match format {
        Format::Docx => render(doc, kyodo_docs::agreement::agreement_docx).await,
        Format::Pdf => render(doc, kyodo_docs::agreement::agreement_pdf).await,
    }
}

/// The actor's party introducing itself to the other parties: who it is (mission, activities,
/// strengths, track record) and why them (the matching reasons between the two).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn introduction(app: &App, actor: &Actor, id: CollaborationId) -> Result<(CollabStanding, Sheet)> {
    let s = access::collaboration(app, actor, id).await?;
    // A coordinator belongs to no party and has nobody to introduce.
    let me = s.party().ok_or(Error::NotFound)?;
    let org = app.store.organization(me).await?.ok_or(Error::NotFound)?;
    let others: Vec<&kyodo_store::CollaborationParty> =
        s.c.parties.iter().filter(|p| p.organization_id != me).collect();
    let lines = |t: &Option<String>| {
        t.as_deref()
            .map(|x| x.lines().map(str::to_owned).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let mut sections: Vec<(String, Vec<String>)> = vec![
        ("ミッション（団体の役割）".into(), lines(&org.mission)),
        ("活動内容".into(), lines(&org.activities)),
    ];
    if !org.strengths.is_empty() {
        sections.push(("強み".into(), org.strengths.clone()));
    }
    let records: Vec<String> = app
        .store
        .track_records(me)
        .await?
        .iter()
        .map(|r| {
            let r = &r.record;
            let mut l = format!("{}{}", r.year.map(|y| format!("{y}年　")).unwrap_or_default(), r.title);
            if let Some(p) = &r.partners {
                l.push_str(&format!("（{p}）"));
            }
            if let Some(d) = &r.description {
                l.push_str(&format!("：{d}"));
            }
            l
        })
        .collect();
    sections.push((
        "活動実績・協働実績".into(),
        if records.is_empty() {
            vec!["（未登録）".into()]
        } else {
            records
        },
    ));
    for other in &others {
        // Reasons as the addressee reads them: 貴団体 is the partner, and this party is 当団体.
        let parties = crate::matching::parties_among(app, &[me, other.organization_id]).await?;
        let reasons: Vec<String> = parties
            .iter()
            .position(|p| p.id == other.organization_id)
            .and_then(|i| {
                kyodo_domain::matching::Universe::new(&parties)
                    .matches(i, &[], 5)
                    .into_iter()
                    .find(|c| c.id == me)
            })
            .map(|c| c.reasons)
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                r.replace(&format!("{}の", org.name), "当団体の")
                    .replace(&format!("{}にとって", org.name), "当団体にとって")
            })
            .collect();
        let body = if reasons.is_empty() {
            vec!["（協働募集を登録すると、互いに補い合える点がここに示されます）".into()]
        } else {
            reasons
        };
        sections.push((format!("なぜ{}と協働したいのか", other.name), body));
    }
    // How to reach us: the sheet is this party's own, handed to the partner by its members.
    let contact: Vec<String> = [
        ("所在地", org.address.clone().or_else(|| org.municipality.clone())),
        ("代表者", org.representative.clone()),
        ("メール", org.email.clone()),
        ("電話", org.phone.clone()),
        ("ウェブサイト", org.website.clone()),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.filter(|v| !v.trim().is_empty()).map(|v| format!("{label}：{v}")))
    .collect();
    sections.push((
        "連絡先".into(),
        if contact.is_empty() {
            vec!["（団体のプロフィールに連絡先を入れると、ここに載ります）".into()]
        } else {
            contact
        },
    ));
    let to: Vec<String> = others.iter().map(|p| format!("{} 御中", p.name)).collect();
    let sheet = Sheet {
        kind: "自己紹介シート".into(),
        title: org.name.clone(),
        header: format!("{}　{}", to.join("・"), era::format_date(today())),
        sections,
    };
    Ok((s, sheet))
}

/// The self-introduction sheet as Word or PDF.
pub async fn introduction_file(app: &App, actor: &Actor, id: CollaborationId, format: Format) -> Result<Vec<u8>> {
    let (_, sheet) = introduction(app, actor, id).await?;
    match format {
        Format::Docx => render(sheet, kyodo_docs::sheet::sheet_docx).await,
        Format::Pdf => render(sheet, kyodo_docs::sheet::sheet_pdf).await,
    }
}
