//! 「自分たちを知る」 and 「相手を知る」 (guide §Ⅲ-2(3)): private to the organisation's members.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::Form;
use kyodo_domain::Invalid;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::worksheet::{ChallengeRating, PartnerNote, PartnerNoteInput, Worksheet, WorksheetInput};
use kyodo_store::Organization;
use serde::Deserialize;

use super::org_context::{OrgContext, load, parse_id};
use super::{FormErrors, Layout, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/worksheet", get(worksheet).post(save_worksheet))
        .route("/organizations/{id}/partners/{pid}/notes", get(note).post(save_note))
}

/// Only members of the organisation (not even coordinators: these are its own notes).
async fn members_only(
    state: &AppState,
    layout: &Layout,
    id: &str,
    next: &str,
) -> Result<Result<OrgContext, Response>, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Err(Redirect::to(&format!("/login?next={next}")).into_response()));
    };
    let ctx = load(state, id, Some(user)).await?;
    if ctx.role.is_none() {
        return Err(PageError::Forbidden);
    }
    Ok(Ok(ctx))
}

// --- worksheet ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct WorksheetForm {
    mission: String,
    characteristics: String,
    strengths: String,
    weaknesses: String,
    can_offer: String,
    /// `challenge_0` … as posted.
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

impl WorksheetForm {
    fn input(&self) -> WorksheetInput {
        let challenges = self
            .rest
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("challenge_")?
                    .parse::<usize>()
                    .ok()
                    .map(|i| (i, v.clone()))
            })
            .collect();
        WorksheetInput {
            mission: self.mission.clone(),
            characteristics: self.characteristics.clone(),
            strengths: self.strengths.clone(),
            weaknesses: self.weaknesses.clone(),
            can_offer: self.can_offer.clone(),
            challenges,
        }
    }

    fn from_worksheet(w: &Worksheet) -> Self {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        Self {
            mission: opt(&w.mission),
            characteristics: opt(&w.characteristics),
            strengths: opt(&w.strengths),
            weaknesses: opt(&w.weaknesses),
            can_offer: opt(&w.can_offer),
            rest: w
                .challenges
                .iter()
                .map(|(i, r)| (format!("challenge_{i}"), r.value().to_string()))
                .collect(),
        }
    }

    /// Each white-paper challenge with the rating chosen for it (as posted).
    fn challenge_rows(&self) -> Vec<ChallengeRow> {
        catalog()
            .civic_groups
            .challenges
            .iter()
            .enumerate()
            .map(|(index, label)| ChallengeRow {
                name: format!("challenge_{index}"),
                label: label.clone(),
                selected: self
                    .rest
                    .get(&format!("challenge_{index}"))
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect()
    }
}

struct ChallengeRow {
    name: String,
    label: String,
    selected: String,
}

#[derive(Template)]
#[template(path = "organizations/worksheet.html")]
struct WorksheetPage {
    layout: Layout,
    org: Organization,
    form: WorksheetForm,
    challenges: Vec<ChallengeRow>,
    ratings: [ChallengeRating; 3],
    updated: Option<String>,
    saved: bool,
    errors: FormErrors,
}

async fn worksheet(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let ctx = match members_only(&state, &layout, &id, &format!("/organizations/{id}/worksheet")).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let stored = state.store.worksheet(ctx.org.id).await?;
    let form = stored
        .as_ref()
        .map(|(w, _)| WorksheetForm::from_worksheet(w))
        .unwrap_or_default();
    page(&WorksheetPage {
        layout: layout.in_section("find"),
        org: ctx.org,
        challenges: form.challenge_rows(),
        form,
        ratings: ChallengeRating::ALL,
        updated: stored.map(|(_, at)| format::datetime_ja(at)),
        saved: false,
        errors: FormErrors::default(),
    })
}

async fn save_worksheet(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<WorksheetForm>,
) -> Result<Response, PageError> {
    let ctx = match members_only(&state, &layout, &id, &format!("/organizations/{id}/worksheet")).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    if !ctx.standing.can_edit() {
        return Err(PageError::Forbidden);
    }
    let user = layout.user.as_ref().map_or(0, |u| u.id);
    let (status, saved, errors, updated) = match Worksheet::parse(&form.input()) {
        Ok(w) => {
            let at = now();
            state.store.save_worksheet(ctx.org.id, &w, user, at).await?;
            (StatusCode::OK, true, Invalid::default(), Some(format::datetime_ja(at)))
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, false, e, None),
    };
    let t = WorksheetPage {
        layout: layout.in_section("find"),
        org: ctx.org,
        challenges: form.challenge_rows(),
        form,
        ratings: ChallengeRating::ALL,
        updated,
        saved,
        errors: FormErrors(errors),
    };
    Ok(render(status, &t))
}

// --- partner notes -----------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct NoteForm {
    culture: String,
    understanding: String,
    wants: String,
    other: String,
}

#[derive(Template)]
#[template(path = "organizations/partner_note.html")]
struct NotePage {
    layout: Layout,
    c: &'static Catalog,
    org: Organization,
    partner: Organization,
    form: NoteForm,
    updated: Option<String>,
    saved: bool,
    errors: FormErrors,
}

async fn note_context(
    state: &AppState,
    layout: &Layout,
    id: &str,
    pid: &str,
) -> Result<Result<(OrgContext, Organization), Response>, PageError> {
    let next = format!("/organizations/{id}/partners/{pid}/notes");
    let ctx = match members_only(state, layout, id, &next).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let partner = state
        .store
        .organization(parse_id(pid)?)
        .await?
        .ok_or(PageError::NotFound)?;
    Ok(Ok((ctx, partner)))
}

async fn note(
    State(state): State<AppState>,
    layout: Layout,
    Path((id, pid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (ctx, partner) = match note_context(&state, &layout, &id, &pid).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let stored = state.store.partner_note(ctx.org.id, partner.id).await?;
    let form = stored
        .as_ref()
        .map(|(n, _)| NoteForm {
            culture: n.culture.clone().unwrap_or_default(),
            understanding: n.understanding.clone().unwrap_or_default(),
            wants: n.wants.clone().unwrap_or_default(),
            other: n.other.clone().unwrap_or_default(),
        })
        .unwrap_or_default();
    page(&NotePage {
        layout: layout.in_section("find"),
        c: catalog(),
        org: ctx.org,
        partner,
        form,
        updated: stored.map(|(_, at)| format::datetime_ja(at)),
        saved: false,
        errors: FormErrors::default(),
    })
}

async fn save_note(
    State(state): State<AppState>,
    layout: Layout,
    Path((id, pid)): Path<(String, String)>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let (ctx, partner) = match note_context(&state, &layout, &id, &pid).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    if !ctx.standing.can_edit() {
        return Err(PageError::Forbidden);
    }
    let input = PartnerNoteInput {
        culture: form.culture.clone(),
        understanding: form.understanding.clone(),
        wants: form.wants.clone(),
        other: form.other.clone(),
    };
    let user = layout.user.as_ref().map_or(0, |u| u.id);
    let (status, saved, errors, updated) = match PartnerNote::parse(&input) {
        Ok(n) => {
            let at = now();
            state
                .store
                .save_partner_note(ctx.org.id, partner.id, &n, user, at)
                .await?;
            (StatusCode::OK, true, Invalid::default(), Some(format::datetime_ja(at)))
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, false, e, None),
    };
    let t = NotePage {
        layout: layout.in_section("find"),
        c: catalog(),
        org: ctx.org,
        partner,
        form,
        updated,
        saved,
        errors: FormErrors(errors),
    };
    Ok(render(status, &t))
}
