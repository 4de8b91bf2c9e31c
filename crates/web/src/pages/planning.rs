//! Planning (the guide's Action I): the 企画する hub, collaboration themes with their plan outline,
//! and the collaboration-type advisor.

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::Form;
use kyodo_domain::catalog::CollaborationTypeInfo;
use kyodo_domain::proposal::advisor::{self, Answers, QUESTIONS, Question};
use kyodo_domain::proposal::theme::{OutlineRow, ThemeInput};
use kyodo_store::{Membership, Organization, StoredTheme};
use serde::Deserialize;

use super::org_context::{load, parse_id};
use kyodo_domain::ids::{OrgId, ThemeId};

use super::{FormErrors, Layout, Lenient, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plan", get(hub))
        .route("/guide/types/advisor", get(advisor_page))
        .route("/organizations/{id}/themes", get(themes).post(create_theme))
        .route("/themes/{tid}", get(theme).post(update_theme))
}

// --- hub -----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "planning/hub.html")]
struct Hub {
    layout: Layout,
    memberships: Vec<Membership>,
}

async fn hub(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let memberships = match &layout.user {
        Some(u) => state.store.memberships(u.id).await?,
        None => Vec::new(),
    };
    page(&Hub {
        layout: layout.in_section("plan"),
        memberships,
    })
}

// --- advisor ---------------------------------------------------------------------------------

struct QuestionView {
    key: &'static str,
    text: &'static str,
    choices: Vec<(&'static str, &'static str, bool)>,
}

struct RecommendationView {
    info: &'static CollaborationTypeInfo,
    reasons: Vec<String>,
    /// Cases of this type in the library: (title, href).
    cases: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "planning/advisor.html")]
struct AdvisorPage {
    layout: Layout,
    questions: Vec<QuestionView>,
    answered: usize,
    /// The form was sent (with or without answers).
    asked: bool,
    recommendations: Vec<RecommendationView>,
}

async fn advisor_page(
    State(state): State<AppState>,
    layout: Layout,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let answers = Answers::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let chosen = |key: &str, value: &str| pairs.iter().any(|(k, v)| k == key && v == value);
    let questions = QUESTIONS
        .iter()
        .map(|(key, text, choices): &Question| QuestionView {
            key,
            text,
            choices: choices.iter().map(|(v, l)| (*v, *l, chosen(key, v))).collect(),
        })
        .collect();
    let mut recommendations = Vec::new();
    for r in advisor::recommend(&answers) {
        let cases = kyodo_app::case_studies::library::of_type(&state.app, r.collaboration_type)
            .await?
            .into_iter()
            .map(|c| (c.title.clone(), c.href()))
            .collect();
        recommendations.push(RecommendationView {
            info: r.collaboration_type.info(),
            reasons: r.reasons,
            cases,
        });
    }
    page(&AdvisorPage {
        layout: layout.in_section("plan"),
        questions,
        answered: answers.answered(),
        asked: pairs.iter().any(|(k, _)| k == "ask"),
        recommendations,
    })
}

// --- themes ----------------------------------------------------------------------------------

/// The theme form: the two themes and outline rows as parallel lists.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ThemeForm {
    org_theme: String,
    collaboration_theme: String,
    element: Vec<String>,
    partner: Vec<String>,
    contribution: Vec<String>,
    source_listing: String,
    partner_org: String,
}

impl ThemeForm {
    fn input(&self) -> ThemeInput {
        let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
        let n = self.element.len().max(self.partner.len()).max(self.contribution.len());
        ThemeInput {
            org_theme: self.org_theme.clone(),
            collaboration_theme: self.collaboration_theme.clone(),
            outline: (0..n)
                .map(|i| OutlineRow {
                    element: at(&self.element, i),
                    partner: at(&self.partner, i),
                    contribution: at(&self.contribution, i),
                })
                .collect(),
        }
    }

    /// Outline rows to show: the typed ones and three blank ones.
    fn rows(&self, errors: &FormErrors) -> Vec<OutlineRowView> {
        let rows = self.input().outline;
        let filled = rows
            .iter()
            .rposition(|r| {
                !(r.element.trim().is_empty() && r.partner.trim().is_empty() && r.contribution.trim().is_empty())
            })
            .map_or(0, |i| i + 1);
        (0..filled + 3)
            .map(|i| {
                let r = rows.get(i).cloned().unwrap_or_default();
                OutlineRowView {
                    number: i + 1,
                    error: errors.get(&format!("outline[{i}].element")).map(str::to_owned),
                    id: format!("outline[{i}].element"),
                    row: r,
                }
            })
            .collect()
    }
}

struct OutlineRowView {
    number: usize,
    id: String,
    error: Option<String>,
    row: OutlineRow,
}

#[derive(Template)]
#[template(path = "planning/themes.html")]
struct ThemesPage {
    layout: Layout,
    org: Organization,
    themes: Vec<StoredTheme>,
    can_edit: bool,
    /// The theme being edited, if any.
    editing: Option<i64>,
    form: ThemeForm,
    rows: Vec<OutlineRowView>,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ThemeQuery {
    listing: String,
    partner: String,
}

async fn members(
    state: &AppState,
    layout: &Layout,
    id: &str,
) -> Result<Result<(Organization, bool), Response>, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Err(super::login_redirect(&format!("/organizations/{id}/themes"))));
    };
    let ctx = load(state, id, Some(user)).await?;
    if ctx.role.is_none() {
        return Err(PageError::Forbidden);
    }
    Ok(Ok((ctx.org, ctx.standing.can_edit())))
}

async fn themes(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Lenient(q): Lenient<ThemeQuery>,
) -> Result<Response, PageError> {
    let (org, can_edit) = match members(&state, &layout, &id).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    // Started from one of this organisation's listings: its title is the group's own theme.
    let mut form = ThemeForm {
        org_theme: org.mission.clone().unwrap_or_default(),
        partner_org: q.partner.clone(),
        ..ThemeForm::default()
    };
    if let Ok(lid) = parse_id(&q.listing)
        && let Some(l) = state.store.listing(lid).await?
        && l.organization_id == org.id
    {
        form.org_theme = l.title.clone();
        form.source_listing = lid.to_string();
    }
    let errors = FormErrors::default();
    page(&ThemesPage {
        layout: layout.in_section("plan"),
        themes: state.store.themes_of(org.id).await?,
        rows: form.rows(&errors),
        org,
        can_edit,
        editing: None,
        form,
        errors,
    })
}

async fn create_theme(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<ThemeForm>,
) -> Result<Response, PageError> {
    let origin = kyodo_app::themes::Origin {
        listing: parse_id(&form.source_listing).ok(),
        partner: form.partner_org.trim().parse().ok(),
    };
    match kyodo_app::themes::create(&state.app, &si.user, id, &form.input(), &origin).await {
        Ok(tid) => Ok(Redirect::to(&format!("/themes/{tid}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let (org, standing, themes) = kyodo_app::themes::of_organization(&state.app, &si.user, id).await?;
            let errors = FormErrors(e.renamed("partner_id", "partner_org"));
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ThemesPage {
                    layout: si.layout.in_section("plan"),
                    themes,
                    rows: form.rows(&errors),
                    org,
                    can_edit: standing.can_edit(),
                    editing: None,
                    form,
                    errors,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

fn form_of(t: &StoredTheme) -> ThemeForm {
    ThemeForm {
        org_theme: t.theme.org_theme.clone(),
        collaboration_theme: t.theme.collaboration_theme.clone(),
        element: t.theme.outline.iter().map(|r| r.element.clone()).collect(),
        partner: t.theme.outline.iter().map(|r| r.partner.clone()).collect(),
        contribution: t.theme.outline.iter().map(|r| r.contribution.clone()).collect(),
        source_listing: t.source_listing_id.map(|i| i.to_string()).unwrap_or_default(),
        partner_org: t.partner_id.map(|i| i.to_string()).unwrap_or_default(),
    }
}

async fn theme(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(tid): PathIds<ThemeId>,
) -> Result<Response, PageError> {
    let (t, org, standing) = kyodo_app::themes::get(&state.app, &si.user, tid).await?;
    let form = form_of(&t);
    let errors = FormErrors::default();
    page(&ThemesPage {
        layout: si.layout.in_section("plan"),
        themes: state.store.themes_of(org.id).await?,
        rows: form.rows(&errors),
        org,
        can_edit: standing.can_edit(),
        editing: Some(t.id),
        form,
        errors,
    })
}

async fn update_theme(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(tid): PathIds<ThemeId>,
    Form(form): Form<ThemeForm>,
) -> Result<Response, PageError> {
    match kyodo_app::themes::update(&state.app, &si.user, tid, &form.input()).await {
        Ok(t) => Ok(Redirect::to(&format!("/themes/{}", t.id)).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let (t, org, standing) = kyodo_app::themes::get(&state.app, &si.user, tid).await?;
            let errors = FormErrors(e);
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ThemesPage {
                    layout: si.layout.in_section("plan"),
                    themes: state.store.themes_of(org.id).await?,
                    rows: form.rows(&errors),
                    org,
                    can_edit: standing.can_edit(),
                    editing: Some(t.id),
                    form,
                    errors,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}
