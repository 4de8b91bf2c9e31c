//! 「自分たちを知る」 and 「相手を知る」 (guide §Ⅲ-2(3)): private to the organisation's members.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum_extra::extract::Form;
use kyodo_domain::Invalid;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::worksheet::{ChallengeRating, PartnerNoteInput, Worksheet, WorksheetInput};
use kyodo_store::Organization;
use serde::Deserialize;

use kyodo_app::knowing as app;
use kyodo_domain::ids::OrgId;

use super::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/worksheet", get(worksheet).post(save_worksheet))
        .route("/organizations/{id}/partners/{pid}/notes", get(note).post(save_note))
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
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    let (org, stored) = app::worksheet(&state.app, &si.user, id).await?;
    let form = stored
        .as_ref()
        .map(|(w, _)| WorksheetForm::from_worksheet(w))
        .unwrap_or_default();
    page(&WorksheetPage {
        layout: si.layout.in_section("find"),
        org,
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
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<WorksheetForm>,
) -> Result<Response, PageError> {
    let (status, saved, errors, updated) = match app::save_worksheet(&state.app, &si.user, id, &form.input()).await {
        Ok(at) => (StatusCode::OK, true, Invalid::default(), Some(format::datetime_ja(at))),
        Err(kyodo_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, false, e, None),
        Err(e) => return Err(e.into()),
    };
    let (org, _) = app::worksheet(&state.app, &si.user, id).await?;
    let t = WorksheetPage {
        layout: si.layout.in_section("find"),
        org,
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

async fn note(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((id, pid)): PathIds<(OrgId, OrgId)>,
) -> Result<Response, PageError> {
    let n = app::partner_note(&state.app, &si.user, id, pid).await?;
    let form = n
        .note
        .as_ref()
        .map(|(n, _)| NoteForm {
            culture: n.culture.clone().unwrap_or_default(),
            understanding: n.understanding.clone().unwrap_or_default(),
            wants: n.wants.clone().unwrap_or_default(),
            other: n.other.clone().unwrap_or_default(),
        })
        .unwrap_or_default();
    page(&NotePage {
        layout: si.layout.in_section("find"),
        c: catalog(),
        org: n.org,
        partner: n.partner,
        form,
        updated: n.note.map(|(_, at)| format::datetime_ja(at)),
        saved: false,
        errors: FormErrors::default(),
    })
}

async fn save_note(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((id, pid)): PathIds<(OrgId, OrgId)>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let input = PartnerNoteInput {
        culture: form.culture.clone(),
        understanding: form.understanding.clone(),
        wants: form.wants.clone(),
        other: form.other.clone(),
    };
    let (status, saved, errors, updated) = match app::save_partner_note(&state.app, &si.user, id, pid, &input).await {
        Ok(at) => (StatusCode::OK, true, Invalid::default(), Some(format::datetime_ja(at))),
        Err(kyodo_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, false, e, None),
        Err(e) => return Err(e.into()),
    };
    let n = app::partner_note(&state.app, &si.user, id, pid).await?;
    let t = NotePage {
        layout: si.layout.in_section("find"),
        c: catalog(),
        org: n.org,
        partner: n.partner,
        form,
        updated,
        saved,
        errors: FormErrors(errors),
    };
    Ok(render(status, &t))
}
