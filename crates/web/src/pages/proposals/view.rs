//! Reading a proposal: one version with its review, comments per section, versions and their
//! comparison, sharing with a partner, and a print view.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_domain::ids::ProposalId;
use kyodo_domain::proposal::diff::{self, Piece};
use kyodo_domain::proposal::review::{Finding, review};
use kyodo_domain::proposal::{ProposalContent, Section, yen};
use kyodo_domain::{Invalid, era};
use kyodo_store::{ProposalComment, ProposalShare, ProposalSummary, VersionInfo};
use serde::Deserialize;

use super::Access;
use super::{accessible, login_redirect};
use crate::error::PageError;
use crate::format;
use crate::pages::org_context::parse_id;
use crate::pages::partner_field::{self, PartnerField};
use crate::pages::{FormErrors, Layout, Lenient, PathIds, page, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{pid}", get(show))
        .route("/proposals/{pid}/print", get(print))
        .route("/proposals/{pid}/compare", get(compare))
        .route("/proposals/{pid}/comments", post(comment))
        .route("/proposals/{pid}/export.pdf", get(export_pdf))
        .route("/proposals/{pid}/export.docx", get(export_docx))
        .route("/proposals/{pid}/export.xlsx", get(export_xlsx))
        .merge(super::photos::router())
        .merge(super::sharing::router())
}

async fn export(
    state: AppState,
    layout: Layout,
    pid: ProposalId,
    q: VersionQuery,
    kind: crate::exports::Kind,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    let asked = if q.version.trim().is_empty() {
        None
    } else {
        Some(parse_id(&q.version)?)
    };
    let to_page = |e| match e {
        crate::exports::ExportError::NotFound => PageError::NotFound,
        crate::exports::ExportError::Internal(m) => PageError::Internal(m),
    };
    let v = crate::exports::version(&state, &p, access, asked)
        .await
        .map_err(to_page)?;
    crate::exports::render(&state, &p, access, v, kind)
        .await
        .map_err(to_page)
}

async fn export_pdf(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Lenient(q): Lenient<VersionQuery>,
) -> Result<Response, PageError> {
    export(state, layout, pid, q, crate::exports::Kind::Pdf).await
}

async fn export_docx(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Lenient(q): Lenient<VersionQuery>,
) -> Result<Response, PageError> {
    export(state, layout, pid, q, crate::exports::Kind::Docx).await
}

async fn export_xlsx(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Lenient(q): Lenient<VersionQuery>,
) -> Result<Response, PageError> {
    export(state, layout, pid, q, crate::exports::Kind::Xlsx).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct VersionQuery {
    version: String,
    saved: String,
}

/// The version asked for (the newest readable one by default); 404 if not readable.
async fn version_of(
    state: &AppState,
    p: &ProposalSummary,
    access: Access,
    asked: &str,
) -> Result<kyodo_store::ProposalVersion, PageError> {
    let n = if asked.trim().is_empty() {
        access.latest(p)
    } else {
        parse_id(asked)?
    };
    if !access.may_read(p, n) {
        return Err(PageError::NotFound);
    }
    state.store.proposal_version(p.id, n).await?.ok_or(PageError::NotFound)
}

/// One section as shown: its label, text lines, and the comments on it.
struct SectionView {
    id: &'static str,
    label: &'static str,
    lines: Vec<String>,
    comments: Vec<CommentView>,
}

struct CommentView {
    organization: String,
    version: i64,
    body: String,
    at: String,
}

pub(crate) struct BudgetRow {
    pub category: &'static str,
    pub item: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
}

pub(crate) struct BudgetView {
    pub income: Vec<BudgetRow>,
    pub expense: Vec<BudgetRow>,
    pub income_total: String,
    pub expense_total: String,
    pub balance: String,
}

pub(crate) fn budget_view(c: &ProposalContent) -> BudgetView {
    let t = c.budget.totals();
    let rows = |side| {
        c.budget
            .lines
            .iter()
            .filter(|l| l.category.side() == side)
            .map(|l| BudgetRow {
                category: l.category.label_ja(),
                item: l.item.clone(),
                quantity: yen(l.quantity),
                unit_price: yen(l.unit_price),
                amount: yen(l.amount()),
            })
            .collect()
    };
    BudgetView {
        income: rows(kyodo_domain::proposal::budget::Side::Income),
        expense: rows(kyodo_domain::proposal::budget::Side::Expense),
        income_total: yen(t.income),
        expense_total: yen(t.expense),
        balance: yen(t.balance),
    }
}

fn sections(c: &ProposalContent, comments: &[ProposalComment]) -> Vec<SectionView> {
    Section::ALL
        .into_iter()
        .filter(|s| !matches!(s, Section::Title | Section::Budget))
        .map(|s| SectionView {
            id: s.as_str(),
            label: s.label_ja(),
            lines: c.section_text(s).lines().map(str::to_owned).collect(),
            comments: comments
                .iter()
                .filter(|x| x.section == s.as_str())
                .map(|x| CommentView {
                    organization: x.organization_name.clone(),
                    version: x.version,
                    body: x.body.clone(),
                    at: format::datetime_ja(x.created_at),
                })
                .collect(),
        })
        .collect()
}

struct SectionChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "proposals/show.html")]
pub(super) struct ShowPage {
    layout: Layout,
    p: ProposalSummary,
    version: i64,
    latest: i64,
    is_author: bool,
    can_edit: bool,
    saved: bool,
    note: Option<String>,
    written: String,
    content: ProposalContent,
    sections: Vec<SectionView>,
    budget: BudgetView,
    budget_comments: Vec<CommentView>,
    findings: Vec<Finding>,
    versions: Vec<VersionInfo>,
    shares: Vec<ShareView>,
    partner_name: Option<String>,
    section_choices: Vec<SectionChoice>,
    /// (id, caption) of the track record's photos.
    photos: Vec<(i64, String)>,
    errors: FormErrors,
    comment_body: String,
    comment_section: String,
    share_field: PartnerField,
    /// For a partner: whether later versions reach it too.
    partner_follows: Option<bool>,
}

struct ShareView {
    organization_id: i64,
    name: String,
    version: i64,
    follows: bool,
    at: String,
}

fn share_view(s: &ProposalShare) -> ShareView {
    ShareView {
        organization_id: s.organization_id,
        name: s.organization_name.clone(),
        version: s.version,
        follows: s.follows,
        at: format::datetime_ja(s.shared_at),
    }
}

/// What the page says back after a post: saved, or the errors with what was typed.
#[derive(Default)]
pub(super) struct Feedback {
    pub saved: bool,
    pub errors: Invalid,
    pub comment_body: String,
    pub comment_section: String,
    /// The share form as sent: (typed, ticked), and whether the name was refused.
    pub share: (String, String),
    pub share_failed: bool,
}

pub(super) async fn show_page(
    state: &AppState,
    layout: Layout,
    p: ProposalSummary,
    access: Access,
    asked: &str,
    fb: Feedback,
) -> Result<ShowPage, PageError> {
    let v = version_of(state, &p, access, asked).await?;
    let is_author = matches!(access, Access::Author { .. });
    let comments = state.store.proposal_comments(p.id, Some(access.latest(&p))).await?;
    let all = sections(&v.content, &comments);
    let budget_comments = comments
        .iter()
        .filter(|x| x.section == Section::Budget.as_str())
        .map(|x| CommentView {
            organization: x.organization_name.clone(),
            version: x.version,
            body: x.body.clone(),
            at: format::datetime_ja(x.created_at),
        })
        .collect();
    let versions: Vec<VersionInfo> = state
        .store
        .proposal_versions(p.id)
        .await?
        .into_iter()
        .filter(|x| access.may_read(&p, x.version))
        .collect();
    let shares = if is_author {
        state
            .store
            .proposal_shares(p.id)
            .await?
            .iter()
            .map(share_view)
            .collect()
    } else {
        Vec::new()
    };
    let share_field = match (&layout.user, is_author && access.can_edit()) {
        (Some(u), true) => {
            partner_field::load(state, u, p.organization_id, &fb.share.0, &fb.share.1, fb.share_failed).await?
        }
        _ => PartnerField::default(),
    };
    let partner_follows = match access {
        Access::Partner { organization, .. } => Some(
            state
                .store
                .proposal_shares(p.id)
                .await?
                .iter()
                .any(|s| s.organization_id == organization && s.follows),
        ),
        Access::Author { .. } => None,
    };
    let partner_name = match p.partner_id {
        Some(id) => state.store.organization(id).await?.map(|o| o.name),
        None => None,
    };
    let photos = state.store.proposal_photos(p.id, access.photos_until()).await?;
    Ok(ShowPage {
        photos,
        layout: layout.in_section("plan"),
        version: v.version,
        latest: access.latest(&p),
        is_author,
        can_edit: access.can_edit(),
        saved: fb.saved,
        note: v.note.clone(),
        written: era::format_date(
            time::OffsetDateTime::from_unix_timestamp(v.created_at)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
                .date(),
        ),
        findings: if is_author { review(&v.content) } else { Vec::new() },
        sections: all,
        budget: budget_view(&v.content),
        budget_comments,
        content: v.content,
        versions,
        shares,
        partner_name,
        section_choices: Section::ALL
            .into_iter()
            .filter(|s| *s != Section::Title)
            .map(|s| SectionChoice {
                value: s.as_str(),
                label: s.label_ja(),
            })
            .collect(),
        errors: FormErrors(fb.errors),
        comment_body: fb.comment_body,
        comment_section: fb.comment_section,
        share_field,
        partner_follows,
        p,
    })
}

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Lenient(q): Lenient<VersionQuery>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    let t = show_page(
        &state,
        layout,
        p,
        access,
        &q.version,
        Feedback {
            saved: q.saved == "1",
            ..Feedback::default()
        },
    )
    .await?;
    page(&t)
}

// --- print -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "proposals/print.html")]
struct PrintPage {
    p: ProposalSummary,
    version: i64,
    date: String,
    content: ProposalContent,
    sections: Vec<SectionView>,
    budget: BudgetView,
    photos: Vec<(i64, String)>,
}

async fn print(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Lenient(q): Lenient<VersionQuery>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}/print")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    let v = version_of(&state, &p, access, &q.version).await?;
    let photos = state.store.proposal_photos(p.id, access.photos_until()).await?;
    page(&PrintPage {
        photos,
        version: v.version,
        date: era::format_date(
            time::OffsetDateTime::from_unix_timestamp(v.created_at)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
                .date(),
        ),
        sections: sections(&v.content, &[]),
        budget: budget_view(&v.content),
        content: v.content,
        p,
    })
}

// --- compare -----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct CompareQuery {
    from: String,
    to: String,
}

struct DiffView {
    label: &'static str,
    pieces: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "proposals/compare.html")]
struct ComparePage {
    layout: Layout,
    p: ProposalSummary,
    from: i64,
    to: i64,
    /// Every readable version, for choosing another pair.
    versions: Vec<i64>,
    diffs: Vec<DiffView>,
}

async fn compare(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Lenient(q): Lenient<CompareQuery>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}/compare")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    let latest = access.latest(&p);
    let to = parse_id(&q.to).unwrap_or(latest);
    let from = parse_id(&q.from).unwrap_or((to - 1).max(1));
    let old = version_of(&state, &p, access, &from.to_string()).await?;
    let new = version_of(&state, &p, access, &to.to_string()).await?;
    let diffs = diff::compare(&old.content, &new.content)
        .into_iter()
        .map(|d| DiffView {
            label: d.section.label_ja(),
            pieces: d
                .pieces
                .into_iter()
                .map(|(piece, text)| {
                    let kind = match piece {
                        Piece::Same => "same",
                        Piece::Removed => "removed",
                        Piece::Added => "added",
                    };
                    (kind, text)
                })
                .collect(),
        })
        .collect();
    page(&ComparePage {
        layout: layout.in_section("plan"),
        p,
        from,
        to,
        versions: (1..=latest).collect(),
        diffs,
    })
}

// --- comments ------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct CommentForm {
    version: String,
    section: String,
    body: String,
}

async fn comment(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Form(f): Form<CommentForm>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    let user = layout.user.clone().ok_or(PageError::NotFound)?;
    let input = kyodo_app::proposals::CommentInput {
        version: parse_id(&f.version).ok(),
        section: f.section.clone(),
        body: f.body.clone(),
    };
    match kyodo_app::proposals::comment(&state.app, &user, ProposalId::new(p.id), &input).await {
        Ok(c) => Ok(Redirect::to(&format!(
            "/proposals/{}?version={}#{}",
            p.id,
            c.version,
            c.section.as_str()
        ))
        .into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let t = show_page(
                &state,
                layout,
                p,
                access,
                &f.version,
                Feedback {
                    errors: e,
                    comment_body: f.body,
                    comment_section: f.section,
                    ..Feedback::default()
                },
            )
            .await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}
