//! A support centre's view for its coordinators: the organisations in its area with their
//! disclosure level and verification, open needs nothing offered answers, new listings, the
//! collaborations the coordinator was invited into (only those: what the parties chose to
//! share), cases from the area and the area's statistics.
//!
//! The area: the centre's municipality, and those the guide's directory sends to it (a
//! municipality without its own centre goes to the nearest listed one).

use kyodo_domain::case_study::library::LibraryCase;
use kyodo_domain::catalog::{CenterLookup, catalog};
use kyodo_domain::matching::Party;
use kyodo_domain::statistics::Statistics;
use kyodo_store::AreaListing;

use crate::access::OrgStanding;
use crate::{Actor, App, Error, Result, now};

/// Organisations listed by name on the page (the rest are counted).
const SHOWN: i64 = 50;
const NEW_DAYS: i64 = 30;

pub struct CentreOverview {
    pub centre_id: i64,
    pub centre_name: String,
    pub area: Vec<String>,
    /// (kind code, how many) in the area.
    pub counts: Vec<(String, i64)>,
    /// The most recently updated organisations, with their assessed disclosure and verification.
    pub organizations: Vec<Party>,
    /// Open needs whose every resource no open offer anywhere brings.
    pub unanswered: Vec<AreaListing>,
    pub new_listings: Vec<AreaListing>,
    /// (id, title, stage) of the collaborations this coordinator reads along.
    pub collaborations: Vec<(i64, String, String)>,
    pub cases: Vec<LibraryCase>,
    pub statistics: Statistics,
}

/// The municipalities a centre in `municipality` serves.
pub fn area_of(municipality: &str) -> Vec<String> {
    let c = catalog();
    let mut area: Vec<String> = c
        .municipalities
        .iter()
        .filter(|m| {
            c.center_for(&m.name).is_some_and(|l| match l {
                CenterLookup::Own(x) | CenterLookup::Nearest { center: x, .. } => x.municipality == municipality,
            })
        })
        .map(|m| m.name.clone())
        .collect();
    if !area.iter().any(|m| m == municipality) {
        area.insert(0, municipality.to_owned());
    }
    area
}

/// The coordinator's centre's view; `None` when no centre is set for them. Staff only.
pub async fn overview(app: &App, actor: &Actor) -> Result<Option<CentreOverview>> {
    if !OrgStanding::of(Some(actor), None).is_staff() {
        return Err(Error::NotFound);
    }
    let Some((centre_id, centre_name)) = app.store.centre_of(actor.id).await? else {
        return Ok(None);
    };
    let centre = app.store.organization(centre_id).await?.ok_or(Error::NotFound)?;
    let area = centre.municipality.as_deref().map(area_of).unwrap_or_default();
    let (counts, ids) = app.store.area_organizations(&area, SHOWN).await?;
    let mut organizations = crate::matching::parties_among(app, &ids)
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    organizations.sort_by_key(|p| ids.iter().position(|i| *i == p.id));
    let needs = app.store.area_listings(&area, Some("need"), 0, 200).await?;
    let codes: Vec<&str> = catalog().resources.iter().map(|r| r.code.as_str()).collect();
    let offered = app.store.offered_resources(&codes).await?;
    let unanswered = needs
        .into_iter()
        .filter(|l| l.resources.iter().all(|r| !offered.contains(r)))
        .take(SHOWN as usize)
        .collect();
    let new_listings = app
        .store
        .area_listings(&area, None, now() - NEW_DAYS * 86_400, SHOWN)
        .await?;
    let collaborations = app.store.coordinated_collaborations(actor.id).await?;
    let cases = crate::case_studies::library::all(app)
        .await?
        .into_iter()
        .filter(|c| c.municipalities().iter().any(|m| area.iter().any(|a| a == m)))
        .collect();
    let statistics = crate::statistics::latest(app).await?;
    Ok(Some(CentreOverview {
        centre_id,
        centre_name,
        area,
        counts,
        organizations,
        unanswered,
        new_listings,
        collaborations,
        cases,
        statistics,
    }))
}
