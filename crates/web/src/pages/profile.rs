//! Editing an organisation's public profile, its track record and its logo.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::organization::OrgKind;
use kyodo_domain::organization::profile::{Profile, ProfileInput};
use kyodo_domain::organization::track_record::{TrackRecord, TrackRecordInput};
use kyodo_domain::{FieldError, Invalid};
use serde::Deserialize;

use super::org_context::{Choice, OrgContext, field_choices, load, parse_id, sdg_choices, strings, type_choices};
use super::{FormErrors, Layout, page, render};
use crate::error::PageError;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/edit", get(edit_form).post(save))
        .route("/organizations/{id}/records", post(add_record))
        .route("/organizations/{id}/records/{rid}/delete", post(delete_record))
        .route("/organizations/{id}/logo", get(logo).post(upload_logo))
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

/// The organisation, if the caller may edit it; otherwise the page to answer instead.
pub async fn editable(state: &AppState, layout: &Layout, id: &str) -> Result<Result<OrgContext, Response>, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Err(
            Redirect::to(&format!("/login?next=/organizations/{id}")).into_response()
        ));
    };
    let ctx = load(state, id, Some(user)).await?;
    if !ctx.standing.can_edit() {
        return Err(PageError::Forbidden);
    }
    Ok(Ok(ctx))
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let ctx = match editable(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let form = ProfileForm::from_profile(&ctx.org.profile());
    page(&EditPage::new(layout, ctx.org.id, form, Invalid::default()))
}

async fn save(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let ctx = match editable(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    match Profile::parse(&form.input()) {
        Ok(p) => {
            state.store.update_profile(ctx.org.id, &p, now()).await?;
            Ok(Redirect::to(&format!("/organizations/{}?saved=1", ctx.org.id)).into_response())
        }
        Err(errors) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditPage::new(layout, ctx.org.id, form, errors),
        )),
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
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<RecordForm>,
) -> Result<Response, PageError> {
    let ctx = match editable(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let input = TrackRecordInput {
        title: form.title.clone(),
        partners: form.partners.clone(),
        year: form.year.clone(),
        description: form.description.clone(),
    };
    let this_year = time::OffsetDateTime::now_utc().year();
    match TrackRecord::parse(&input, this_year) {
        Ok(r) => {
            state.store.add_track_record(ctx.org.id, &r, now()).await?;
            Ok(Redirect::to(&format!("/organizations/{}#records", ctx.org.id)).into_response())
        }
        Err(errors) => {
            let t = RecordErrorPage {
                layout: layout.in_section("find"),
                id: ctx.org.id,
                form,
                errors: FormErrors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

async fn delete_record(
    State(state): State<AppState>,
    layout: Layout,
    Path((id, rid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let ctx = match editable(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    state.store.delete_track_record(ctx.org.id, parse_id(&rid)?).await?;
    Ok(Redirect::to(&format!("/organizations/{}#records", ctx.org.id)).into_response())
}

// --- logo --------------------------------------------------------------------------------

pub const LOGO_MAX_BYTES: usize = 1024 * 1024;
const LOGO_MAX_SIDE: usize = 4096;

/// Checks an upload by its content, not its name or declared type: PNG, JPEG or WebP whose header
/// parses, within size limits. Returns the content type to serve it with.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, FieldError> {
    let bad = |msg: &str| FieldError::new("logo", "invalid_image", msg);
    if bytes.is_empty() {
        return Err(bad("画像ファイルを選んでください。"));
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(bad("ロゴ画像は1MB以内にしてください。"));
    }
    let content_type = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => "image/png",
        Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
        Ok(imagesize::ImageType::Webp) => "image/webp",
        _ => return Err(bad("ロゴ画像は PNG・JPEG・WebP のいずれかにしてください。")),
    };
    match imagesize::blob_size(bytes) {
        Ok(size)
            if size.width > 0 && size.height > 0 && size.width <= LOGO_MAX_SIDE && size.height <= LOGO_MAX_SIDE =>
        {
            Ok(content_type)
        }
        Ok(_) => Err(bad("ロゴ画像は縦横4096ピクセル以内にしてください。")),
        Err(_) => Err(bad("画像として読み取れませんでした。")),
    }
}

async fn logo(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let (content_type, bytes, _) = state.store.logo(parse_id(&id)?).await?.ok_or(PageError::NotFound)?;
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
    layout: Layout,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let ctx = match editable(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let mut data = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("logo") {
            data = field.bytes().await.ok();
        }
    }
    let bytes = data.unwrap_or_default();
    match check_logo(&bytes) {
        Ok(content_type) => {
            state.store.save_logo(ctx.org.id, content_type, &bytes, now()).await?;
            Ok(Redirect::to(&format!("/organizations/{}/edit#logo", ctx.org.id)).into_response())
        }
        Err(e) => {
            let form = ProfileForm::from_profile(&ctx.org.profile());
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EditPage::new(layout, ctx.org.id, form, Invalid::one(e)),
            ))
        }
    }
}

async fn delete_logo(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let ctx = match editable(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    state.store.delete_logo(ctx.org.id).await?;
    Ok(Redirect::to(&format!("/organizations/{}/edit#logo", ctx.org.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::check_logo;

    #[test]
    fn logos_are_checked_by_content() {
        // A 1×1 PNG header (signature + IHDR).
        let png: Vec<u8> = [
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
            &[
                0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
            ][..],
        ]
        .concat();
        assert_eq!(check_logo(&png), Ok("image/png"));
        assert!(
            check_logo(b"<svg onload=alert(1)>").is_err(),
            "SVG (script-capable) is refused"
        );
        assert!(check_logo(b"GIF89a....").is_err());
        assert!(check_logo(&vec![0u8; super::LOGO_MAX_BYTES + 1]).is_err());
        assert!(check_logo(&[]).is_err());
    }
}
