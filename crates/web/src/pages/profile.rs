//! Editing an organisation's public profile, its track record and its logo.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::organizations as app;
use kyodo_domain::Invalid;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::OrgKind;
use kyodo_domain::organization::profile::{Profile, ProfileInput};
use kyodo_domain::organization::track_record::TrackRecordInput;
use serde::Deserialize;

use super::org_context::{Choice, field_choices, sdg_choices, strings, type_choices};
use super::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/edit", get(edit_form).post(save))
        .route("/organizations/{id}/records", post(add_record))
        .route("/organizations/{id}/records/{rid}/delete", post(delete_record))
        .route(
            "/organizations/{id}/logo",
            get(logo).post(upload_logo).layer(axum::extract::DefaultBodyLimit::max(
                crate::middleware::body::LOGO_MAX_BODY,
            )),
        )
        .route("/organizations/{id}/logo/delete", post(delete_logo))
}

/// The profile form, as posted (checkbox groups repeat their key).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProfileForm {
    kind: String,
    name: String,
    name_kana: String,
    municipality: String,
    address: String,
    founded: String,
    members: String,
    employees: String,
    representative: String,
    email: String,
    phone: String,
    website: String,
    public_contact: Option<String>,
    mission: String,
    activities: String,
    strengths: String,
    csr_policy: String,
    csr_department: String,
    fields: Vec<String>,
    sdgs: Vec<String>,
    awards: String,
    social_links: String,
    open_types: Vec<String>,
}

impl ProfileForm {
    fn input(&self) -> ProfileInput {
        ProfileInput {
            kind: self.kind.clone(),
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            municipality: self.municipality.clone(),
            address: self.address.clone(),
            founded: self.founded.clone(),
            members: self.members.clone(),
            employees: self.employees.clone(),
            representative: self.representative.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            public_contact: self.public_contact.is_some(),
            mission: self.mission.clone(),
            activities: self.activities.clone(),
            strengths: self.strengths.clone(),
            csr_policy: self.csr_policy.clone(),
            csr_department: self.csr_department.clone(),
            fields: self.fields.clone(),
            sdgs: self.sdgs.clone(),
            awards: self.awards.clone(),
            social_links: self.social_links.clone(),
            open_types: self.open_types.clone(),
        }
    }

    fn from_profile(p: &Profile) -> Self {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        Self {
            kind: p.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            name: p.name.clone(),
            name_kana: opt(&p.name_kana),
            municipality: opt(&p.municipality),
            address: opt(&p.address),
            founded: opt(&p.founded),
            members: p.members.map(|n| n.to_string()).unwrap_or_default(),
            employees: p.employees.map(|n| n.to_string()).unwrap_or_default(),
            representative: opt(&p.representative),
            email: opt(&p.email),
            phone: opt(&p.phone),
            website: opt(&p.website),
            public_contact: p.public_contact.then(|| "on".to_owned()),
            mission: opt(&p.mission),
            activities: opt(&p.activities),
            strengths: p.strengths.join("\n"),
            csr_policy: opt(&p.csr_policy),
            csr_department: opt(&p.csr_department),
            fields: strings(&p.fields),
            sdgs: strings(&p.sdgs),
            awards: p.awards.join("\n"),
            social_links: p.social_links.join("\n"),
            open_types: p.open_types.iter().map(|t| t.as_str().to_owned()).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "organizations/edit.html")]
struct EditPage {
    layout: Layout,
    c: &'static Catalog,
    id: i64,
    kinds: [OrgKind; 7],
    form: ProfileForm,
    field_options: Vec<Choice>,
    sdg_options: Vec<Choice>,
    type_options: Vec<Choice>,
    errors: FormErrors,
}

impl EditPage {
    fn new(layout: Layout, id: i64, form: ProfileForm, errors: Invalid) -> Self {
        Self {
            layout: layout.in_section("find"),
            c: catalog(),
            id,
            kinds: OrgKind::ALL,
            field_options: field_choices(&form.fields),
            sdg_options: sdg_choices(&form.sdgs),
            type_options: type_choices(&form.open_types),
            form,
            errors: FormErrors(errors),
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    let (org, _) = app::editable(&state.app, &si.user, id).await?;
    let form = ProfileForm::from_profile(&org.profile());
    page(&EditPage::new(si.layout, org.id, form, Invalid::default()))
}

async fn save(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, PageError> {
    match app::update_profile(&state.app, &si.user, id, &form.input()).await {
        Ok(_) => Ok(Redirect::to(&format!("/organizations/{id}?saved=1")).into_response()),
        Err(kyodo_app::Error::Invalid(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditPage::new(si.layout, id.get(), form, errors),
        )),
        Err(e) => Err(e.into()),
    }
}

// --- track record ------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct RecordForm {
    title: String,
    partners: String,
    year: String,
    description: String,
}

#[derive(Template)]
#[template(path = "organizations/record_error.html")]
struct RecordErrorPage {
    layout: Layout,
    id: i64,
    form: RecordForm,
    errors: FormErrors,
}

async fn add_record(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<RecordForm>,
) -> Result<Response, PageError> {
    let input = TrackRecordInput {
        title: form.title.clone(),
        partners: form.partners.clone(),
        year: form.year.clone(),
        description: form.description.clone(),
    };
    match app::add_record(&state.app, &si.user, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/organizations/{id}#records")).into_response()),
        Err(kyodo_app::Error::Invalid(errors)) => {
            let t = RecordErrorPage {
                layout: si.layout.in_section("find"),
                id: id.get(),
                form,
                errors: FormErrors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_record(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((id, rid)): PathIds<(OrgId, i64)>,
) -> Result<Response, PageError> {
    app::delete_record(&state.app, &si.user, id, rid).await?;
    Ok(Redirect::to(&format!("/organizations/{id}#records")).into_response())
}

// --- logo --------------------------------------------------------------------------------

async fn logo(State(state): State<AppState>, PathIds(id): PathIds<OrgId>) -> Result<Response, PageError> {
    let (content_type, bytes) = app::logo(&state.app, id).await?;
    // Served with our own type, never sniffed, never run as a document.
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, "inline; filename=\"logo\"".to_owned()),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
        ],
        Bytes::from(bytes),
    )
        .into_response())
}

async fn upload_logo(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut data = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("logo") {
            data = field.bytes().await.ok();
        }
    }
    let bytes = data.unwrap_or_default();
    match app::upload_logo(&state.app, &si.user, id, &bytes).await {
        Ok(()) => Ok(Redirect::to(&format!("/organizations/{id}/edit#logo")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let (org, _) = app::editable(&state.app, &si.user, id).await?;
            let form = ProfileForm::from_profile(&org.profile());
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EditPage::new(si.layout, org.id, form, e),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_logo(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    app::delete_logo(&state.app, &si.user, id).await?;
    Ok(Redirect::to(&format!("/organizations/{id}/edit#logo")).into_response())
}
