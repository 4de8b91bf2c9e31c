//! Collaboration listings (協働募集): the public board, and create/edit/delete by editors.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::listings as app;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::ids::{ListingId, OrgId};
use kyodo_domain::listing::{Direction, ListingInput, ListingStatus, Resource};
use kyodo_domain::organization::OrgKind;
use kyodo_domain::{Invalid, text};
use kyodo_store::{Listing, ListingFilter, OrganizationSummary};
use serde::Deserialize;

use super::org_context::{Choice, field_choices, resource_choices, sdg_choices, strings};
use super::organizations::parse_page;
use super::{FormErrors, Layout, Lenient, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::state::AppState;

pub const PER_PAGE: i64 = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/listings", get(board))
        .route("/organizations/{id}/listings/new", get(new_form))
        .route("/organizations/{id}/listings", post(create))
        .route("/listings/{lid}/edit", get(edit_form).post(update))
        .route("/listings/{lid}/delete", post(delete))
}

// --- the board ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct BoardQuery {
    direction: String,
    resource: String,
    field: String,
    sdg: String,
    municipality: String,
    kind: String,
    page: String,
}

struct BoardItem {
    listing: Listing,
    org: OrganizationSummary,
    resources: Vec<String>,
}

#[derive(Template)]
#[template(path = "listings/board.html")]
struct BoardPage {
    layout: Layout,
    c: &'static Catalog,
    kinds: [OrgKind; 7],
    q: BoardQuery,
    items: Vec<BoardItem>,
    total: i64,
    page: i64,
    prev: Option<String>,
    next: Option<String>,
}

/// A filter number (field 1–20, SDG 1–17) as typed; anything else is no filter.
fn filter_number(s: &str, max: u8) -> Option<u8> {
    text::to_halfwidth_ascii(s.trim())
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=max).contains(n))
}

async fn board(
    State(state): State<AppState>,
    layout: Layout,
    Lenient(q): Lenient<BoardQuery>,
) -> Result<Response, PageError> {
    let page_no = parse_page(&q.page);
    // Unknown values are ignored (a shared link keeps working) and dropped from the echoed form.
    let filter = ListingFilter {
        direction: Direction::parse(q.direction.trim()),
        resource: Resource::parse(q.resource.trim()),
        field: filter_number(&q.field, 20),
        sdg: filter_number(&q.sdg, 17),
        municipality: Some(text::clean(&q.municipality, false)).filter(|m| catalog().is_yamaguchi_municipality(m)),
        kind: OrgKind::parse(q.kind.trim()),
    };
    let q = BoardQuery {
        direction: filter.direction.map(|d| d.as_str().to_owned()).unwrap_or_default(),
        resource: filter
            .resource
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        field: filter.field.map(|n| n.to_string()).unwrap_or_default(),
        sdg: filter.sdg.map(|n| n.to_string()).unwrap_or_default(),
        municipality: filter.municipality.clone().unwrap_or_default(),
        kind: filter.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        page: String::new(),
    };
    let (rows, total) = state.store.board(&filter, PER_PAGE, (page_no - 1) * PER_PAGE).await?;
    let link = |p: i64| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("direction", &q.direction),
            ("resource", &q.resource),
            ("field", &q.field),
            ("sdg", &q.sdg),
            ("municipality", &q.municipality),
            ("kind", &q.kind),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.append_pair("page", &p.to_string());
        format!("/listings?{}", s.finish())
    };
    let items = rows
        .into_iter()
        .map(|(listing, org)| BoardItem {
            resources: listing.resources.iter().map(|r| r.label_ja().to_owned()).collect(),
            listing,
            org,
        })
        .collect();
    page(&BoardPage {
        layout: layout.in_section("board"),
        c: catalog(),
        kinds: OrgKind::ALL,
        prev: (page_no > 1).then(|| link(page_no - 1)),
        next: (page_no * PER_PAGE < total).then(|| link(page_no + 1)),
        q,
        items,
        total,
        page: page_no,
    })
}

// --- create / edit / delete --------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ListingForm {
    direction: String,
    resources: Vec<String>,
    title: String,
    description: String,
    municipality: String,
    fields: Vec<String>,
    sdgs: Vec<String>,
    status: String,
}

impl ListingForm {
    fn input(&self) -> ListingInput {
        ListingInput {
            direction: self.direction.clone(),
            resources: self.resources.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            municipality: self.municipality.clone(),
            fields: self.fields.clone(),
            sdgs: self.sdgs.clone(),
            status: self.status.clone(),
        }
    }

    fn from_listing(l: &Listing) -> Self {
        Self {
            direction: l.direction.as_str().into(),
            resources: l.resources.iter().map(|r| r.as_str().to_owned()).collect(),
            title: l.title.clone(),
            description: l.description.clone().unwrap_or_default(),
            municipality: l.municipality.clone().unwrap_or_default(),
            fields: strings(&l.fields),
            sdgs: strings(&l.sdgs),
            status: l.status.as_str().into(),
        }
    }
}

#[derive(Template)]
#[template(path = "listings/form.html")]
struct FormPage {
    layout: Layout,
    c: &'static Catalog,
    org_id: i64,
    org_name: String,
    /// `None` while creating.
    listing_id: Option<i64>,
    form: ListingForm,
    resource_options: Vec<Choice>,
    field_options: Vec<Choice>,
    sdg_options: Vec<Choice>,
    errors: FormErrors,
}

impl FormPage {
    fn new(
        layout: Layout,
        org_id: i64,
        org_name: String,
        listing_id: Option<i64>,
        form: ListingForm,
        errors: Invalid,
    ) -> Self {
        Self {
            layout: layout.in_section("find"),
            c: catalog(),
            org_id,
            org_name,
            listing_id,
            resource_options: resource_choices(&form.resources),
            field_options: field_choices(&form.fields),
            sdg_options: sdg_choices(&form.sdgs),
            form,
            errors: FormErrors(errors),
        }
    }
}

async fn new_form(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    let (org, _) = kyodo_app::organizations::editable(&state.app, &si.user, id).await?;
    let form = ListingForm {
        municipality: org.municipality.clone().unwrap_or_default(),
        status: ListingStatus::Open.as_str().into(),
        ..Default::default()
    };
    page(&FormPage::new(
        si.layout,
        org.id,
        org.name,
        None,
        form,
        Invalid::default(),
    ))
}

async fn create(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<ListingForm>,
) -> Result<Response, PageError> {
    match app::create(&state.app, &si.user, id, &form.input()).await {
        Ok(_) => Ok(Redirect::to(&format!("/organizations/{id}#listings")).into_response()),
        Err(kyodo_app::Error::Invalid(errors)) => {
            let (org, _) = kyodo_app::organizations::editable(&state.app, &si.user, id).await?;
            let t = FormPage::new(si.layout, org.id, org.name, None, form, errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(lid): PathIds<ListingId>,
) -> Result<Response, PageError> {
    let (listing, org) = app::editable_listing(&state.app, &si.user, lid).await?;
    let form = ListingForm::from_listing(&listing);
    page(&FormPage::new(
        si.layout,
        org.id,
        org.name,
        Some(listing.id),
        form,
        Invalid::default(),
    ))
}

async fn update(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(lid): PathIds<ListingId>,
    Form(form): Form<ListingForm>,
) -> Result<Response, PageError> {
    match app::update(&state.app, &si.user, lid, &form.input()).await {
        Ok(l) => Ok(Redirect::to(&format!("/organizations/{}#listings", l.organization_id)).into_response()),
        Err(kyodo_app::Error::Invalid(errors)) => {
            let (listing, org) = app::editable_listing(&state.app, &si.user, lid).await?;
            let t = FormPage::new(si.layout, org.id, org.name, Some(listing.id), form, errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(lid): PathIds<ListingId>,
) -> Result<Response, PageError> {
    let org = app::delete(&state.app, &si.user, lid).await?;
    Ok(Redirect::to(&format!("/organizations/{org}#listings")).into_response())
}
