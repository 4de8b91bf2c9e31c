//! Proposals (企画書) between organisations: sharing versions with a partner, and comments per
//! section. Drafts stay private to the author's members (see `access::proposal`).

use kyodo_domain::ids::{OrgId, ProposalId};
use kyodo_domain::proposal::Section;
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{ProposalComment, ProposalShare};

use crate::access::{self, ProposalAccess};
use crate::notifications::{Notice, send};
use crate::partners::{self, Picked};
use crate::{Actor, App, Result, now};

const COMMENT_MAX: usize = 2000;

/// Whom to share with, and how far.
#[derive(Debug, Clone, Default)]
pub struct ShareInput {
    /// The partner as typed: a name, its number or its page's address.
    pub organization: String,
    /// Share up to this version and no further; `None` shares the latest and every version saved
    /// after it, until the author stops it.
    pub version: Option<i64>,
}

/// Shares a proposal with a partner organisation (the author's editors): up to a version, or the
/// latest and those to come. Sharing again changes how far. Its members are told.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn share(app: &App, actor: &Actor, id: ProposalId, input: &ShareInput) -> Result<Vec<ProposalShare>> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    let mut e = Invalid::default();
    let target = match partners::pick(app, &input.organization, p.organization_id).await? {
        Picked::One(id) => Some(id),
        Picked::Nobody => {
            e.push(FieldError::new(
                "organization_id",
                "required",
                "共有する相手の団体の名前を入力してください。",
            ));
            None
        }
        Picked::Unclear(choices) => {
            let own = app.store.organization(p.organization_id).await?;
            let typed = input.organization.trim();
            if choices.is_empty() && own.is_some_and(|o| o.name == typed || typed == p.organization_id.to_string()) {
                e.push(FieldError::new(
                    "organization_id",
                    "own_organization",
                    "自分の団体とは共有できません（メンバーはすでに読めます）。",
                ));
            } else {
                e.push(unclear("organization_id", "共有する相手", typed, &choices));
            }
            None
        }
    };
    let follows = input.version.is_none();
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
        .share_proposal(p.id, target, version, follows, actor.id, now())
        .await?;
    tell_shared(app, actor, &p, target, version, follows).await?;
    Ok(app.store.proposal_shares(p.id).await?)
}

/// Tells a partner what it may now read: the title of that version, never a newer draft's.
async fn tell_shared(
    app: &App,
    actor: &Actor,
    p: &kyodo_store::ProposalSummary,
    partner: i64,
    version: i64,
    follows: bool,
) -> Result<()> {
    let shared_title = app
        .store
        .version_title(p.id, version)
        .await?
        .map_or_else(|| p.title.clone(), |(t, _, _)| t);
    let how = if follows { "最新版" } else { "までの版" };
    send(
        app,
        Some(actor),
        Notice {
            to: &[partner],
            kind: "share",
            text: format!(
                "{}が企画書「{shared_title}」（第{version}版・{how}）を共有しました",
                p.organization_name
            ),
            link: format!("/proposals/{}?version={version}", p.id),
        },
    )
    .await;
    Ok(())
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
    /// What was typed: empty clears it; otherwise a name, an organisation's number or page address.
    Typed(String),
}

/// The message for a name that names no organisation, or several.
pub(crate) fn unclear(field: &str, what: &str, typed: &str, choices: &[partners::Choice]) -> FieldError {
    let typed = typed.trim();
    if choices.is_empty() {
        FieldError::new(
            field,
            "unknown_organization",
            format!("{what}の「{typed}」という団体は見つかりません。名前の一部でも探せます。"),
        )
    } else {
        FieldError::new(
            field,
            "unclear_organization",
            format!("{what}の「{typed}」に当てはまる団体を、下の一覧から選んでください。"),
        )
    }
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
    own: i64,
    current: Option<i64>,
) -> Result<(
    kyodo_domain::proposal::ProposalContent,
    Option<Option<i64>>,
    Option<String>,
)> {
    let parsed = input.content.parse();
    let mut e = parsed.as_ref().err().cloned().unwrap_or_default();
    let partner = match &input.partner {
        PartnerChoice::Keep => None,
        PartnerChoice::Typed(raw) => match current {
            // The form shows the current partner by name: sent back unchanged, it stays.
            Some(id) if app.store.organization(id).await?.is_some_and(|o| o.name == raw.trim()) => None,
            _ => match partners::pick(app, raw, own).await? {
                Picked::Nobody => Some(None),
                Picked::One(id) => Some(Some(id)),
                Picked::Unclear(choices) => {
                    e.push(unclear("partner_id", "協働の相手", raw, &choices));
                    None
                }
            },
        },
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
    let (content, partner, _) = check_draft(app, input, org.id, None).await?;
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
    let (content, partner, note) = check_draft(app, input, p.organization_id, p.partner_id).await?;
    let version = app
        .store
        .save_proposal_version(p.id, &content, note.as_deref(), partner, actor.id, now())
        .await?;
    // Shares that follow the proposal moved to this version with the save; their partners are told.
    for s in app.store.proposal_shares(p.id).await? {
        if s.follows && s.version == version {
            tell_shared(app, actor, &p, s.organization_id, version, true).await?;
        }
    }
    Ok(version)
}
