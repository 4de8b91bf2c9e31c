//! Organisations: the public list, registration, and the profile page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::listing::{Direction, ListingStatus};
use kyodo_domain::organization::disclosure::{self, Disclosure};
use kyodo_domain::organization::verification::VerificationStatus;
use kyodo_domain::organization::{OrgKind, OrganizationInput};
use kyodo_domain::text;
use kyodo_store::{Listing, Organization, OrganizationFilter, OrganizationSummary, StoredTrackRecord};
use serde::Deserialize;

use super::org_context::load;
use super::{FormErrors, Layout, Lenient, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub const PER_PAGE: i64 = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route("/organizations/new", get(new_form))
        .route("/organizations/{id}", get(show))
}

/// A page number as typed (full-width digits accepted); anything unreadable is page 1.
pub fn parse_page(s: &str) -> i64 {
    text::to_halfwidth_ascii(s.trim())
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "organizations/list.html")]
struct ListPage {
    layout: Layout,
    c: &'static Catalog,
    kinds: [OrgKind; 7],
    kind: String,
    municipality: String,
    items: Vec<OrganizationSummary>,
    total: i64,
    page: i64,
    prev: Option<String>,
    next: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    Lenient(q): Lenient<ListQuery>,
) -> Result<Response, PageError> {
    // Unknown filter values are ignored rather than refused: a shared link keeps working.
    let kind = OrgKind::parse(q.kind.trim());
    let municipality = Some(text::clean(&q.municipality, false)).filter(|m| catalog().is_yamaguchi_municipality(m));
    let page_no = parse_page(&q.page);
    let filter = OrganizationFilter {
        kind,
        municipality: municipality.clone(),
        ..Default::default()
    };
    let (items, total) = state
        .store
        .organizations(&filter, PER_PAGE, (page_no - 1) * PER_PAGE)
        .await?;
    let link = |p: i64| {
        let mut qs = form_urlencoded::Serializer::new(String::new());
        if let Some(k) = kind {
            qs.append_pair("kind", k.as_str());
        }
        if let Some(m) = &municipality {
            qs.append_pair("municipality", m);
        }
        qs.append_pair("page", &p.to_string());
        format!("/organizations?{}", qs.finish())
    };
    let prev = (page_no > 1).then(|| link(page_no - 1));
    let next = (page_no * PER_PAGE < total).then(|| link(page_no + 1));
    page(&ListPage {
        layout: layout.in_section("find"),
        c: catalog(),
        kinds: OrgKind::ALL,
        kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        municipality: municipality.unwrap_or_default(),
        items,
        total,
        page: page_no,
        prev,
        next,
    })
}

#[derive(Deserialize, Default, Clone)]
struct OrganizationForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_kana: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    mission: String,
    #[serde(default)]
    activities: String,
    #[serde(default)]
    website: String,
}

impl OrganizationForm {
    fn input(&self) -> OrganizationInput {
        OrganizationInput {
            kind: self.kind.clone(),
            name: self.name.clone(),
            name_kana: Some(self.name_kana.clone()),
            municipality: Some(self.municipality.clone()),
            mission: Some(self.mission.clone()),
            activities: Some(self.activities.clone()),
            website: Some(self.website.clone()),
        }
    }
}

#[derive(Template)]
#[template(path = "organizations/new.html")]
struct NewPage {
    layout: Layout,
    c: &'static Catalog,
    kinds: [OrgKind; 7],
    form: OrganizationForm,
    errors: FormErrors,
}

async fn new_form(layout: Layout) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(super::login_redirect("/organizations/new"));
    }
    page(&NewPage {
        layout: layout.in_section("find"),
        c: catalog(),
        kinds: OrgKind::ALL,
        form: OrganizationForm::default(),
        errors: FormErrors::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    Form(form): Form<OrganizationForm>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(super::login_redirect("/organizations/new"));
    };
    match kyodo_app::organizations::register(&state.app, &user, &form.input()).await {
        Ok(id) => Ok(Redirect::to(&format!("/organizations/{id}?created=1")).into_response()),
        Err(kyodo_app::Error::Invalid(errors)) => {
            let t = NewPage {
                layout: layout.in_section("find"),
                c: catalog(),
                kinds: OrgKind::ALL,
                form,
                errors: FormErrors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "organizations/show.html")]
struct ShowPage {
    layout: Layout,
    org: Organization,
    fields: Vec<&'static str>,
    sdgs: Vec<String>,
    open_types: Vec<&'static str>,
    show_contact: bool,
    can_edit: bool,
    is_member: bool,
    is_staff: bool,
    role: Option<&'static str>,
    /// (heading, listings): needs, then offers; empty groups left out.
    listing_groups: Vec<(&'static str, Vec<ListingCard>)>,
    records: Vec<StoredTrackRecord>,
    disclosure: Disclosure,
    verification: VerificationStatus,
    has_logo: bool,
    claimable: bool,
    /// The viewer's own organisations (other than this one), for 「相手を知る」 notes.
    note_links: Vec<(i64, String)>,
    updated: String,
    notice: Option<&'static str>,
    record_form: RecordFormBlank,
    errors: FormErrors,
}

/// An empty track-record form (the add form under the list).
#[derive(Default)]
struct RecordFormBlank {
    title: String,
    partners: String,
    year: String,
    description: String,
}

/// A listing as the profile shows it.
struct ListingCard {
    id: i64,
    need: bool,
    title: String,
    description: Option<String>,
    resources: Vec<String>,
    closed: bool,
}

impl From<Listing> for ListingCard {
    fn from(l: Listing) -> Self {
        Self {
            id: l.id,
            need: l.direction == Direction::Need,
            resources: l.resources.iter().map(|r| r.label_ja().to_owned()).collect(),
            title: l.title,
            description: l.description,
            closed: l.status == ListingStatus::Closed,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShowQuery {
    created: String,
    saved: String,
}

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Lenient(q): Lenient<ShowQuery>,
) -> Result<Response, PageError> {
    let ctx = load(&state, &id, layout.user.as_ref()).await?;
    let (org, role, standing) = (ctx.org, ctx.role, ctx.standing);
    let c = catalog();
    // What the page shows, read side by side: one round trip's wait instead of six.
    let store = &state.store;
    let memberships = async {
        match &layout.user {
            Some(u) => store.memberships(u.id).await.map(Some),
            None => Ok(None),
        }
    };
    let (listings, facts, records, memberships) = tokio::try_join!(
        store.listings_of(org.id, standing.can_view_private()),
        store.organization_facts(org.id),
        store.track_records(org.id),
        memberships,
    )?;
    let (verification, has_logo) = (facts.verification, facts.has_logo);
    let claimable = facts.claimable && layout.user.is_some() && role.is_none();
    // The disclosure level's counts, from what was just read.
    let activity = disclosure::Activity {
        track_records: records.len(),
        open_listings: listings.iter().filter(|l| l.status == ListingStatus::Open).count(),
        verified: verification == VerificationStatus::Verified,
        days_since_update: (now() - org.updated_at) / 86_400,
    };
    let disclosure = disclosure::assess(&org.profile(), &activity);
    let (needs, offers): (Vec<_>, Vec<_>) = listings.into_iter().map(ListingCard::from).partition(|l| l.need);
    let note_links = memberships
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.organization.id != org.id)
        .map(|m| (m.organization.id, m.organization.name))
        .collect();
    page(&ShowPage {
        fields: org.fields.iter().filter_map(|n| c.activity_field(*n)).collect(),
        sdgs: org
            .sdgs
            .iter()
            .filter_map(|n| c.sdg(*n).map(|s| format!("{n}. {s}")))
            .collect(),
        open_types: org.open_types.iter().map(|t| t.label_ja()).collect(),
        show_contact: standing.can_view_contact(&org),
        can_edit: standing.can_edit(),
        is_member: role.is_some(),
        is_staff: standing.is_staff(),
        role: role.map(|r| r.label_ja()),
        listing_groups: [("ニーズ（求めていること）", needs), ("提供できること", offers)]
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .collect(),
        records,
        disclosure,
        verification,
        has_logo,
        claimable,
        note_links,
        updated: format::date_ja(org.updated_at),
        notice: if q.created == "1" {
            Some("団体を登録しました。あなたはこの団体のオーナーです。プロフィールを充実させて公開度を上げましょう。")
        } else if q.saved == "1" {
            Some("プロフィールを保存しました。")
        } else {
            None
        },
        record_form: RecordFormBlank::default(),
        errors: FormErrors::default(),
        org,
        layout: layout.in_section("find"),
    })
}
