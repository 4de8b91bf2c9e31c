//! 企画書 (the guide's Action II): write, review against the guide, version, share with a partner
//! who comments per section, compare versions, print and export.

mod form;
mod photos;
mod sharing;
mod view;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::Form;
use kyodo_domain::ids::{OrgId, ProposalId};
use kyodo_domain::proposal::{ProposalContent, guide_example};
use kyodo_store::{Organization, ProposalSummary};
use serde::Deserialize;

use super::org_context::{load, parse_id};
use super::partner_field::{self, PartnerField};
use super::{FormErrors, Layout, Lenient, PathIds, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;
pub use form::{FormView, ProposalForm};
pub(crate) use kyodo_app::access::ProposalAccess as Access;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/proposals", get(list).post(create))
        .route("/organizations/{id}/proposals/new", get(new))
        .route("/proposals/{pid}/edit", get(edit).post(save))
        .merge(view::router())
}

/// The proposal and the caller's access; 404 for anyone who may not see it (even its existence).
pub(crate) async fn accessible(
    state: &AppState,
    layout: &Layout,
    pid: ProposalId,
) -> Result<(ProposalSummary, Access), PageError> {
    let user = layout.user.as_ref().ok_or(PageError::NotFound)?;
    Ok(kyodo_app::access::proposal(&state.app, user, pid).await?)
}

use super::login_redirect;

// --- list --------------------------------------------------------------------------------

struct ListItem {
    id: i64,
    title: String,
    version: i64,
    updated: String,
    from: String,
}

#[derive(Template)]
#[template(path = "proposals/list.html")]
struct ListPage {
    layout: Layout,
    org: Organization,
    can_edit: bool,
    mine: Vec<ListItem>,
    shared: Vec<ListItem>,
}

async fn list(State(state): State<AppState>, layout: Layout, Path(id): Path<String>) -> Result<Response, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(login_redirect(&format!("/organizations/{id}/proposals")));
    };
    let ctx = load(&state, &id, Some(user)).await?;
    if ctx.role.is_none() {
        return Err(PageError::Forbidden);
    }
    let item = |p: &ProposalSummary, version: i64| ListItem {
        id: p.id,
        title: p.title.clone(),
        version,
        updated: format::datetime_ja(p.updated_at),
        from: p.organization_name.clone(),
    };
    let mine = state
        .store
        .proposals_of(ctx.org.id)
        .await?
        .iter()
        .map(|p| item(p, p.latest_version))
        .collect();
    let shared = state
        .store
        .proposals_shared_with(ctx.org.id)
        .await?
        .iter()
        .map(|(p, v)| item(p, *v))
        .collect();
    page(&ListPage {
        layout: layout.in_section("plan"),
        can_edit: ctx.standing.can_edit(),
        org: ctx.org,
        mine,
        shared,
    })
}

// --- new / edit --------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "proposals/form.html")]
struct FormPage {
    layout: Layout,
    org: Organization,
    /// `None` while creating.
    proposal: Option<ProposalSummary>,
    action: String,
    form: ProposalForm,
    view: FormView,
    errors: FormErrors,
    partner_field: PartnerField,
    /// Cases like the one being planned (field, type, kind, resources asked): (title, href).
    cases: Vec<(String, String)>,
}

impl FormPage {
    /// The form for `org`'s editor, with the partner field's choices (what an unclear name might
    /// mean first, when it was refused).
    async fn new(
        state: &AppState,
        layout: Layout,
        org: Organization,
        proposal: Option<ProposalSummary>,
        form: ProposalForm,
        errors: FormErrors,
    ) -> Result<Self, PageError> {
        let user = layout.user.as_ref().ok_or(PageError::NotFound)?;
        let failed = errors.get("partner").is_some();
        let partner_field = partner_field::load(state, user, org.id, &form.partner, &form.partner_pick, failed).await?;
        let field = org
            .fields
            .first()
            .and_then(|n| kyodo_domain::catalog::catalog().activity_field(*n))
            .unwrap_or_default();
        let kind = kyodo_domain::collaboration::CollaborationType::parse(&form.collaboration_type)
            .map_or("", |t| t.label_ja());
        let resources: Vec<String> = form.ask_resource.iter().filter(|r| !r.is_empty()).cloned().collect();
        let cases =
            kyodo_app::case_studies::library::like_this(&state.app, field, kind, &[org.kind.label_ja()], &resources)
                .await?
                .into_iter()
                .map(|c| (c.title.clone(), c.href()))
                .collect();
        Ok(Self {
            layout: layout.in_section("plan"),
            action: match &proposal {
                Some(p) => format!("/proposals/{}/edit", p.id),
                None => format!("/organizations/{}/proposals", org.id),
            },
            view: FormView::new(&form, &errors),
            org,
            proposal,
            form,
            errors,
            partner_field,
            cases,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    /// `guide`: start from the guide's example (そばづくりからの里山再生).
    example: String,
    theme: String,
    partner: String,
}

/// Editors of the organisation `id`, or the reason why not.
async fn editor_of(
    state: &AppState,
    layout: &Layout,
    id: &str,
    next: &str,
) -> Result<Result<Organization, Response>, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Err(login_redirect(next)));
    };
    let ctx = load(state, id, Some(user)).await?;
    if !ctx.standing.can_edit() || ctx.role.is_none() {
        return Err(PageError::Forbidden);
    }
    Ok(Ok(ctx.org))
}

async fn new(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Lenient(q): Lenient<NewQuery>,
) -> Result<Response, PageError> {
    let org = match editor_of(&state, &layout, &id, &format!("/organizations/{id}/proposals/new")).await? {
        Ok(o) => o,
        Err(r) => return Ok(r),
    };
    let mut content = if q.example == "guide" {
        guide_example()
    } else {
        ProposalContent::default()
    };
    // From a collaboration theme of this organisation: its theme and outline seed the proposal.
    if let Ok(tid) = parse_id(&q.theme)
        && let Some(t) = state.store.theme(tid).await?
        && t.organization_id == org.id
    {
        content.theme = t.theme.collaboration_theme.clone();
        content.purpose = t.theme.org_theme.clone();
        content.plan.what = t
            .theme
            .outline
            .iter()
            .map(|r| format!("{} → {}：{}", r.element, r.partner, r.contribution))
            .collect::<Vec<_>>()
            .join("\n");
    }
    if content.track_record.is_empty() {
        content.track_record = track_record_text(&state, org.id).await?;
    }
    let mut form = ProposalForm::from_content(&content);
    // Started for a partner (from its page or a candidate): named, and ticked so it is the one.
    if let Ok(partner) = parse_id(&q.partner)
        && let Some(o) = state.store.organization(partner).await?
    {
        form.partner = o.name;
        form.partner_pick = o.id.to_string();
    }
    page(&FormPage::new(&state, layout, org, None, form, FormErrors::default()).await?)
}

/// ⑥ 実績 drawn from the profile's track record, as a starting text.
async fn track_record_text(state: &AppState, org: i64) -> Result<String, PageError> {
    Ok(state
        .store
        .track_records(org)
        .await?
        .iter()
        .map(|r| {
            let r = &r.record;
            let year = r.year.map(|y| format!("{y}年　")).unwrap_or_default();
            let partners = r.partners.as_deref().map(|p| format!("（{p}）")).unwrap_or_default();
            format!("{year}{}{partners}", r.title)
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The form as the application layer takes it: an empty partner clears it.
fn draft(form: &ProposalForm) -> kyodo_app::proposals::DraftInput {
    kyodo_app::proposals::DraftInput {
        content: form.input(),
        partner: kyodo_app::proposals::PartnerChoice::Typed(partner_field::chosen(&form.partner, &form.partner_pick)),
        note: form.note.clone(),
    }
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, PageError> {
    let org = match editor_of(&state, &layout, &id, &format!("/organizations/{id}/proposals/new")).await? {
        Ok(o) => o,
        Err(r) => return Ok(r),
    };
    let errors = if form.more.is_empty() {
        let user = layout.user.clone().ok_or(PageError::NotFound)?;
        match kyodo_app::proposals::create(&state.app, &user, OrgId::new(org.id), None, &draft(&form)).await {
            Ok(pid) => return Ok(Redirect::to(&format!("/proposals/{pid}?saved=1")).into_response()),
            Err(kyodo_app::Error::Invalid(e)) => e.renamed("partner_id", "partner"),
            Err(e) => return Err(e.into()),
        }
    } else {
        kyodo_domain::Invalid::default()
    };
    // Adding rows is not an error: the same form with more rows, and no messages yet.
    let (status, errors) = if form.more.is_empty() {
        (StatusCode::UNPROCESSABLE_ENTITY, FormErrors(errors))
    } else {
        (StatusCode::OK, FormErrors::default())
    };
    Ok(render(
        status,
        &FormPage::new(&state, layout, org, None, form, errors).await?,
    ))
}

async fn edit(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}/edit")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    if !access.can_edit() {
        return Err(PageError::Forbidden);
    }
    let v = state
        .store
        .proposal_version(p.id, p.latest_version)
        .await?
        .ok_or(PageError::NotFound)?;
    let org = state
        .store
        .organization(p.organization_id)
        .await?
        .ok_or(PageError::NotFound)?;
    let mut form = ProposalForm::from_content(&v.content);
    // Shown by name; sent back unchanged, the partner stays as it is.
    if let Some(id) = p.partner_id {
        form.partner = state.store.organization(id).await?.map(|o| o.name).unwrap_or_default();
    }
    page(&FormPage::new(&state, layout, org, Some(p), form, FormErrors::default()).await?)
}

async fn save(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}/edit")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    if !access.can_edit() {
        return Err(PageError::Forbidden);
    }
    let errors = if form.more.is_empty() {
        let user = layout.user.clone().ok_or(PageError::NotFound)?;
        match kyodo_app::proposals::save(&state.app, &user, ProposalId::new(p.id), &draft(&form)).await {
            Ok(v) => return Ok(Redirect::to(&format!("/proposals/{}?version={v}&saved=1", p.id)).into_response()),
            Err(kyodo_app::Error::Invalid(e)) => e.renamed("partner_id", "partner"),
            Err(e) => return Err(e.into()),
        }
    } else {
        kyodo_domain::Invalid::default()
    };
    let (status, errors) = if form.more.is_empty() {
        (StatusCode::UNPROCESSABLE_ENTITY, FormErrors(errors))
    } else {
        (StatusCode::OK, FormErrors::default())
    };
    let org = state
        .store
        .organization(p.organization_id)
        .await?
        .ok_or(PageError::NotFound)?;
    Ok(render(
        status,
        &FormPage::new(&state, layout, org, Some(p), form, errors).await?,
    ))
}
