//! Proposals (企画書) between organisations: sharing versions with a partner, and comments per
//! section. Drafts stay private to the author's members (see `access::proposal`).

use kyodo_domain::ids::{OrgId, ProposalId};
use kyodo_domain::proposal::Section;
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{ProposalComment, ProposalShare};

use crate::access::{self, ProposalAccess};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Result, now};

const COMMENT_MAX: usize = 2000;

/// Whom to share with, and up to which version (the latest when absent).
#[derive(Debug, Clone, Default)]
pub struct ShareInput {
    /// `None` when what was typed names no organisation.
    pub organization: Option<OrgId>,
    pub version: Option<i64>,
}

/// Shares versions up to `version` with a partner organisation (the author's editors); its
/// members are told. Returns the proposal's shares.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn share(app: &App, actor: &Actor, id: ProposalId, input: &ShareInput) -> Result<Vec<ProposalShare>> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    let mut e = Invalid::default();
    let target = match input.organization {
        Some(o) => app.store.organization(o.get()).await?,
        None => None,
    };
    match &target {
        None => e.push(FieldError::new(
            "organization_id",
            "unknown_organization",
            "共有する相手の団体が見つかりません。団体のページのURLにある番号を入力してください。",
        )),
        Some(o) if o.id == p.organization_id => e.push(FieldError::new(
            "organization_id",
            "own_organization",
            "自分の団体とは共有できません（メンバーはすでに読めます）。",
        )),
        Some(_) => {}
    }
    let version = input.version.unwrap_or(p.latest_version);
    if !(1..=p.latest_version).contains(&version) {
        e.push(FieldError::new(
            "version",
            "unknown_version",
            format!("版は1〜{}です。", p.latest_version),
        ));
    }
    let target = match target {
        Some(t) if e.0.is_empty() => t,
        _ => return Err(e.into()),
    };
    app.store
        .share_proposal(p.id, target.id, version, actor.id, now())
        .await?;
    // The partner is told the title of what it was shown, not of a newer draft.
    let shared_title = app
        .store
        .version_title(p.id, version)
        .await?
        .map_or_else(|| p.title.clone(), |(t, _, _)| t);
    send(
        app,
        Some(actor),
        Notice {
            to: &[target.id],
            kind: "share",
            text: format!(
                "{}が企画書「{shared_title}」（第{version}版まで）を共有しました",
                p.organization_name
            ),
            link: format!("/proposals/{}?version={version}", p.id),
        },
    )
    .await;
    Ok(app.store.proposal_shares(p.id).await?)
}

/// Stops sharing with a partner (the author's editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %partner))]
pub async fn unshare(app: &App, actor: &Actor, id: ProposalId, partner: OrgId) -> Result<()> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    Ok(app.store.unshare_proposal(p.id, partner.get()).await?)
}

pub async fn shares(app: &App, actor: &Actor, id: ProposalId) -> Result<Vec<ProposalShare>> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    Ok(app.store.proposal_shares(p.id).await?)
}

/// A comment as typed.
#[derive(Debug, Clone, Default)]
pub struct CommentInput {
    /// The version commented on; the newest the actor may read when absent.
    pub version: Option<i64>,
    pub section: String,
    pub body: String,
}

/// Where a comment landed.
#[derive(Debug, Clone, Copy)]
pub struct Commented {
    pub version: i64,
    pub section: Section,
}

/// Comments on a section of a version the actor may read, as their organisation (author or
/// partner). Everyone else reading the proposal is told: the author and the partners shared with.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn comment(app: &App, actor: &Actor, id: ProposalId, input: &CommentInput) -> Result<Commented> {
    let (p, a) = access::proposal(app, actor, id).await?;
    let version = input.version.unwrap_or_else(|| a.latest(&p));
    let mut e = Invalid::default();
    if !a.may_read(&p, version) {
        e.push(FieldError::new(
            "version",
            "unknown_version",
            "その版にはコメントできません。",
        ));
    }
    let section = Section::parse(input.section.trim());
    if section.is_none() {
        e.push(FieldError::new(
            "section",
            "invalid",
            "コメントする項目を選んでください。",
        ));
    }
    let body = text::clean(&input.body, true);
    if body.is_empty() {
        e.push(FieldError::required("body", "コメント"));
    } else if text::grapheme_len(&body) > COMMENT_MAX {
        e.push(FieldError::too_long("body", "コメント", COMMENT_MAX));
    }
    let section = match section {
        Some(s) if e.0.is_empty() => s,
        _ => return Err(e.into()),
    };
    let as_org = a.commenting_as(&p);
    let new = kyodo_store::NewComment {
        proposal_id: p.id,
        version,
        section: section.as_str(),
        organization_id: as_org,
        author_id: actor.id,
        body: &body,
    };
    app.store.add_proposal_comment(&new, now()).await?;
    let from = app
        .store
        .organization(as_org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    // Each party is told in the words it was shown: the author its current title, each partner
    // the title of the version shared with it.
    let author_title = match a {
        ProposalAccess::Author { .. } => p.title.clone(),
        ProposalAccess::Partner { .. } => app
            .store
            .proposal(p.id)
            .await?
            .map_or_else(|| p.title.clone(), |full| full.title),
    };
    let mut told: Vec<(i64, String)> = vec![(p.organization_id, author_title)];
    for share in app.store.proposal_shares(p.id).await? {
        let title = app.store.version_title(p.id, share.version).await?.map(|(t, _, _)| t);
        told.push((share.organization_id, title.unwrap_or_else(|| p.title.clone())));
    }
    for (org, title) in told {
        send(
            app,
            Some(actor),
            Notice {
                to: &[org],
                kind: "comment",
                text: format!(
                    "企画書「{title}」の{}に{from}からコメントがありました",
                    section.label_ja()
                ),
                link: format!("/proposals/{}?version={version}#{}", p.id, section.as_str()),
            },
        )
        .await;
    }
    Ok(Commented { version, section })
}

/// The comments on the versions the actor may read.
pub async fn comments(app: &App, actor: &Actor, id: ProposalId) -> Result<(ProposalAccess, Vec<ProposalComment>)> {
    let (p, a) = access::proposal(app, actor, id).await?;
    let all = app.store.proposal_comments(p.id, Some(a.latest(&p))).await?;
    Ok((a, all))
}

/// The partner named on a draft, as the edge received it.
#[derive(Debug, Clone, Default)]
pub enum PartnerChoice {
    /// Leave it as it is (the API when `partner_id` is absent).
    #[default]
    Keep,
    /// What was typed: empty clears it; otherwise an organisation id (full-width digits accepted).
    Typed(String),
}

/// A draft as typed: the guide's sections, the partner, and a revision note (on save).
#[derive(Debug, Clone, Default)]
pub struct DraftInput {
    pub content: kyodo_domain::proposal::ProposalInput,
    pub partner: PartnerChoice,
    pub note: String,
}

const NOTE_MAX: usize = 1000;

/// Checks the draft whole: every message at once, nothing written on any error. Returns the
/// content, the partner (`None` = keep, `Some(None)` = none) and the note.
async fn check_draft(
    app: &App,
    input: &DraftInput,
) -> Result<(
    kyodo_domain::proposal::ProposalContent,
    Option<Option<i64>>,
    Option<String>,
)> {
    let parsed = input.content.parse();
    let mut e = parsed.as_ref().err().cloned().unwrap_or_default();
    let partner = match &input.partner {
        PartnerChoice::Keep => None,
        PartnerChoice::Typed(raw) if raw.trim().is_empty() => Some(None),
        PartnerChoice::Typed(raw) => {
            let found = match raw.parse::<OrgId>() {
                Ok(id) => app.store.organization(id.get()).await?.map(|o| o.id),
                Err(_) => None,
            };
            if found.is_none() {
                e.push(FieldError::new(
                    "partner_id",
                    "unknown_organization",
                    "協働の相手の団体が見つかりません。団体のページのURLにある番号を入力してください。",
                ));
            }
            Some(found)
        }
    };
    let note = text::clean(&input.note, true);
    if text::grapheme_len(&note) > NOTE_MAX {
        e.push(FieldError::too_long("note", "改訂メモ", NOTE_MAX));
    }
    match parsed {
        Ok(content) if e.0.is_empty() => Ok((content, partner, (!note.is_empty()).then_some(note))),
        _ => Err(e.into()),
    }
}

/// Starts a proposal for the organisation (its editors and owners who are members): version 1.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn create(
    app: &App,
    actor: &Actor,
    org: OrgId,
    theme: Option<i64>,
    input: &DraftInput,
) -> Result<ProposalId> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !(standing.is_member() && standing.can_edit()) {
        return Err(crate::Error::Forbidden);
    }
    let (content, partner, _) = check_draft(app, input).await?;
    let id = app
        .store
        .create_proposal(org.id, partner.flatten(), theme, &content, actor.id, now())
        .await?;
    Ok(ProposalId::new(id))
}

/// Saves the proposal as a new version (the author's editors). Returns the version's number.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn save(app: &App, actor: &Actor, id: ProposalId, input: &DraftInput) -> Result<i64> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    let (content, partner, note) = check_draft(app, input).await?;
    Ok(app
        .store
        .save_proposal_version(p.id, &content, note.as_deref(), partner, actor.id, now())
        .await?)
}
