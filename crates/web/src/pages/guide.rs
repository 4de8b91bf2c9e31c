//! 「協働のてびき」: the guide's content as the product's own reference pages.

use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::catalog::{Catalog, CenterLookup, SupportCenter, catalog};
use serde::Deserialize;

use super::{Layout, Lenient, page};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/guide", get(index))
        .route("/guide/merits", get(merits))
        .route("/guide/types", get(types))
        .route("/guide/roles", get(roles))
        .route("/guide/actions", get(actions))
        .route("/guide/cases", get(cases))
        .route("/guide/collective-impact", get(collective_impact))
        .route("/guide/survey", get(survey))
        .route("/guide/centers", get(centers))
}

macro_rules! guide_page {
    ($name:ident, $tmpl:literal, $handler:ident) => {
        #[derive(Template)]
        #[template(path = $tmpl)]
        struct $name {
            layout: Layout,
            c: &'static Catalog,
        }

        async fn $handler(layout: Layout) -> Result<Response, PageError> {
            page(&$name {
                layout: layout.in_section("guide"),
                c: catalog(),
            })
        }
    };
}

guide_page!(Index, "guide/index.html", index);
guide_page!(Merits, "guide/merits.html", merits);
guide_page!(Types, "guide/types.html", types);
guide_page!(Roles, "guide/roles.html", roles);
guide_page!(Actions, "guide/actions.html", actions);
guide_page!(Cases, "guide/cases.html", cases);
guide_page!(CollectiveImpact, "guide/collective_impact.html", collective_impact);
guide_page!(Survey, "guide/survey.html", survey);

#[derive(Deserialize, Default)]
struct CenterQuery {
    #[serde(default)]
    municipality: String,
}

/// The answer to 「わたしの市町の支援センターは？」.
struct CenterAnswer {
    municipality: String,
    center: &'static SupportCenter,
    /// Set when the municipality has no centre of its own and this is the nearest.
    nearest_km: Option<String>,
}

#[derive(Template)]
#[template(path = "guide/centers.html")]
struct Centers {
    layout: Layout,
    c: &'static Catalog,
    selected: String,
    answer: Option<CenterAnswer>,
    unknown: bool,
    prefectural: Option<Registered>,
}

/// The prefectural centre as registered in kyodo: the guide's directory lists only the
/// municipal centres' addresses, so its own are taken from its profile (what it made public).
struct Registered {
    id: i64,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
}

async fn prefectural(state: &AppState, name: &str) -> Result<Option<Registered>, PageError> {
    let found = state.store.organizations_named(name).await?;
    let Some(o) = found
        .iter()
        .find(|o| o.kind == kyodo_domain::organization::OrgKind::SupportCenter)
    else {
        return Ok(None);
    };
    let Some(o) = state.store.organization(o.id).await? else {
        return Ok(None);
    };
    let public = o.public_contact;
    Ok(Some(Registered {
        id: o.id,
        address: o.address.clone(),
        phone: o.phone.clone().filter(|_| public),
        email: o.email.clone().filter(|_| public),
        website: o.website.clone(),
    }))
}

async fn centers(
    axum::extract::State(state): axum::extract::State<AppState>,
    layout: Layout,
    Lenient(query): Lenient<CenterQuery>,
) -> Result<Response, PageError> {
    let selected = kyodo_domain::text::clean(&query.municipality, false);
    let c = catalog();
    let answer = c.center_for(&selected).map(|lookup| match lookup {
        CenterLookup::Own(center) => CenterAnswer {
            municipality: selected.clone(),
            center,
            nearest_km: None,
        },
        CenterLookup::Nearest { center, distance_km } => CenterAnswer {
            municipality: selected.clone(),
            center,
            nearest_km: Some(format!("{distance_km:.0}")),
        },
    });
    let unknown = !selected.is_empty() && answer.is_none();
    page(&Centers {
        layout: layout.in_section("guide"),
        c,
        selected,
        answer,
        unknown,
        prefectural: prefectural(&state, &c.prefectural_center.name).await?,
    })
}
