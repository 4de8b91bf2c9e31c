//! 支援センターのページ (`/centre`): a coordinator's view of their centre's area. Thin over
//! `kyodo_app::centres::overview`.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::era::format_unix_date;
use kyodo_domain::organization::OrgKind;
use kyodo_domain::organization::disclosure::LEVEL_NAMES;
use kyodo_store::AreaListing;

use super::statistics::SliceTable;
use super::{Layout, SignedIn, page};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/centre", get(show))
}

struct OrgRow {
    id: i64,
    name: String,
    kind: &'static str,
    municipality: String,
    level: String,
    verified: bool,
}

struct ListingRow {
    id: i64,
    title: String,
    organization_id: i64,
    organization: String,
    direction: &'static str,
    municipality: String,
    created: String,
}

fn listing_rows(ls: &[AreaListing]) -> Vec<ListingRow> {
    ls.iter()
        .map(|l| ListingRow {
            id: l.id,
            title: l.title.clone(),
            organization_id: l.organization_id,
            organization: l.organization_name.clone(),
            direction: kyodo_domain::listing::Direction::parse(&l.direction).map_or("", |d| d.label_ja()),
            municipality: l.municipality.clone().unwrap_or_default(),
            created: format_unix_date(l.created_at),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "centre.html")]
struct CentrePage {
    layout: Layout,
    /// None: no centre is set for this coordinator.
    centre: Option<CentreView>,
    /// The requests groups sent to the centre.
    requests: Vec<super::centre_requests::Row>,
}

struct CentreView {
    id: i64,
    name: String,
    area: String,
    counts: Vec<(&'static str, i64)>,
    organizations: Vec<OrgRow>,
    unanswered: Vec<ListingRow>,
    new_listings: Vec<ListingRow>,
    /// (stage label, [(id, title)])
    stages: Vec<(&'static str, Vec<(i64, String)>)>,
    cases: Vec<(String, String)>,
    experience: Option<SliceTable>,
    computed: String,
}

async fn show(State(state): State<AppState>, si: SignedIn) -> Result<Response, PageError> {
    let overview = kyodo_app::centres::overview(&state.app, &si.user).await?;
    let requests = kyodo_app::centre_requests::of_centre(&state.app, &si.user).await?;
    let centre = overview.map(|o| {
        let mut stages: Vec<(&'static str, Vec<(i64, String)>)> = Vec::new();
        for s in Stage::PATH.iter().chain(std::iter::once(&Stage::Declined)) {
            let here: Vec<(i64, String)> = o
                .collaborations
                .iter()
                .filter(|(_, _, st)| st == s.as_str())
                .map(|(id, t, _)| (*id, t.clone()))
                .collect();
            if !here.is_empty() {
                stages.push((s.label_ja(), here));
            }
        }
        let experience = o.statistics.figure("experience").map(|f| {
            let slices: Vec<_> = f.municipalities.iter().filter(|b| o.area.contains(&b.key)).collect();
            SliceTable::of(f, &slices)
        });
        CentreView {
            id: o.centre_id,
            name: o.centre_name,
            area: o.area.join("・"),
            counts: o
                .counts
                .iter()
                .map(|(k, n)| (OrgKind::parse(k).map_or("その他", OrgKind::label_ja), *n))
                .collect(),
            organizations: o
                .organizations
                .iter()
                .map(|p| OrgRow {
                    id: p.id,
                    name: p.name.clone(),
                    kind: p.kind.label_ja(),
                    municipality: p.municipality.clone().unwrap_or_default(),
                    level: format!(
                        "{}（{}）",
                        LEVEL_NAMES[usize::from(p.disclosure_level.min(5))],
                        p.disclosure_level
                    ),
                    verified: p.verified,
                })
                .collect(),
            unanswered: listing_rows(&o.unanswered),
            new_listings: listing_rows(&o.new_listings),
            stages,
            cases: o.cases.iter().map(|c| (c.title.clone(), c.href())).collect(),
            experience,
            computed: kyodo_domain::era::format_unix_datetime(o.statistics.computed_at),
        }
    });
    page(&CentrePage {
        layout: si.layout.in_section("coordinator"),
        centre,
        requests: super::centre_requests::rows(&requests, true),
    })
}
