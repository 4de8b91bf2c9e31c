//! The guide's reference content (「協働のてびき」) as data embedded at compile time.
//!
//! The text lives in `guide.toml`, transcribed from the guide; this module only gives it types and
//! a few lookups (the support centre that serves a municipality, names for codes).

use std::sync::LazyLock;

use serde::Deserialize;

mod geo;

static GUIDE_TOML: &str = include_str!("guide.toml");

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // The file is part of the binary and covered by tests; a parse failure is a build defect.
    toml::from_str(GUIDE_TOML).expect("catalog/guide.toml must parse (checked by tests)")
});

/// The whole catalog, parsed once.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub source: Source,
    pub definition: Definition,
    pub principles: Vec<Principle>,
    pub merits: Vec<Merits>,
    pub before_starting: BeforeStarting,
    pub civic_groups: CivicGroups,
    pub companies: Companies,
    pub collaboration_types: Vec<CollaborationTypeInfo>,
    pub roles: Roles,
    pub outcomes: Outcomes,
    pub actions: Vec<Action>,
    pub collective_impact: CollectiveImpact,
    pub survey: Survey,
    pub prefectural_center: PrefecturalCenter,
    pub support_centers: Vec<SupportCenter>,
    pub municipalities: Vec<Municipality>,
    pub activity_fields: Vec<String>,
    pub sdgs: Vec<String>,
    pub resources: Vec<ResourceInfo>,
    pub cases: Vec<CaseStudy>,
}

/// One of the guide's case studies (協働事例, §Ⅴ).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStudy {
    pub id: String,
    pub number: u8,
    pub title: String,
    pub field: String,
    pub collaboration_type: String,
    pub parties: Vec<String>,
    pub overview: String,
    pub contents: Vec<String>,
    pub outcomes: Vec<String>,
    /// Each party's kind (`OrgKind` codes), in the order of `parties`; for the library's filters.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Each party's town, in the order of `parties` (empty where the guide does not say).
    #[serde(default)]
    pub municipalities: Vec<String>,
    /// The year it began, where the guide says.
    #[serde(default)]
    pub year: Option<i32>,
    /// What was exchanged (resource codes), as the guide's account of it reads.
    #[serde(default)]
    pub resources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub published: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub section: String,
    pub basis: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub id: String,
    pub name: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merits {
    pub party: String,
    pub name: String,
    pub items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeforeStarting {
    pub section: String,
    pub method: String,
    pub win_win: String,
    pub purpose_and_target: String,
    pub know_yourselves: Vec<String>,
    pub know_the_partner: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CivicGroups {
    pub section: String,
    pub eligibility: Vec<String>,
    pub npo_corporation: String,
    pub strengths: Vec<String>,
    pub challenges: Vec<String>,
    pub publicity: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Companies {
    pub section: String,
    pub principles: Vec<String>,
    pub advice: String,
    pub motives: Vec<Motive>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Motive {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollaborationTypeInfo {
    pub id: String,
    pub name: String,
    pub overview: String,
    pub advantages: String,
    pub cautions: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub section: String,
    pub civic_group_brings: Vec<String>,
    pub company_brings: Vec<String>,
    pub civic_group: Vec<String>,
    pub company: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    pub section: String,
    pub civic_group: Vec<String>,
    pub company: Vec<String>,
    pub shared: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub number: u8,
    pub title: String,
    pub section: String,
    pub summary: String,
    pub steps: Vec<String>,
    #[serde(default)]
    pub evaluation_methods: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectiveImpact {
    pub section: String,
    pub definition: String,
    pub example: String,
    pub conditions: Vec<ImpactCondition>,
    /// The 若者UP project told as a case, for the library.
    pub case: CaseStudy,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactCondition {
    pub id: String,
    pub name: String,
    pub point: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    pub section: String,
    pub title: String,
    pub period: String,
    pub population: String,
    pub targets: u32,
    pub npo_corporations: u32,
    pub registered_groups: u32,
    pub answers: u32,
    pub response_rate: f64,
    pub tables: Vec<SurveyTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyTable {
    pub id: String,
    pub title: String,
    pub unit: String,
    /// Multiple answers allowed: the column does not sum to 100.
    pub multiple: bool,
    /// Survey years, newest first (e.g. `R2`, `H27`).
    pub years: Vec<String>,
    pub rows: Vec<SurveyRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyRow {
    pub label: String,
    /// One value per entry of the table's `years`.
    pub values: Vec<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefecturalCenter {
    pub name: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportCenter {
    pub municipality: String,
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub tel: String,
    pub fax: Option<String>,
    pub email: Vec<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    /// 全国地方公共団体コード (JIS X 0401/0402, six digits with the check digit).
    pub code: String,
    pub kana: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceInfo {
    pub code: String,
    pub name: String,
    /// The guide's coarse category: 人・モノ・金・情報.
    pub group: String,
}

/// Which centre serves a municipality of Yamaguchi.
#[derive(Debug)]
pub enum CenterLookup<'a> {
    /// The municipality has its own centre in the guide's directory.
    Own(&'a SupportCenter),
    /// No centre is listed: the prefectural centre, and the nearest listed one.
    Nearest {
        center: &'a SupportCenter,
        distance_km: f64,
    },
}

impl Catalog {
    pub fn municipality(&self, name: &str) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.name == name)
    }

    pub fn is_yamaguchi_municipality(&self, name: &str) -> bool {
        self.municipality(name).is_some()
    }

    /// The support centre for a municipality; `None` if it is not one of Yamaguchi's 19.
    pub fn center_for(&self, municipality: &str) -> Option<CenterLookup<'_>> {
        let here = self.municipality(municipality)?;
        if let Some(own) = self.support_centers.iter().find(|c| c.municipality == municipality) {
            return Some(CenterLookup::Own(own));
        }
        self.support_centers
            .iter()
            .filter_map(|c| {
                let there = self.municipality(&c.municipality)?;
                Some((c, geo::distance_km(here.lat, here.lon, there.lat, there.lon)))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(center, distance_km)| CenterLookup::Nearest { center, distance_km })
    }

    /// Distance between two municipalities' offices, if both are in the catalog.
    pub fn distance_km(&self, a: &str, b: &str) -> Option<f64> {
        let (a, b) = (self.municipality(a)?, self.municipality(b)?);
        Some(geo::distance_km(a.lat, a.lon, b.lat, b.lon))
    }

    pub fn collaboration_type(&self, id: &str) -> Option<&CollaborationTypeInfo> {
        self.collaboration_types.iter().find(|t| t.id == id)
    }

    pub fn resource(&self, code: &str) -> Option<&ResourceInfo> {
        self.resources.iter().find(|r| r.code == code)
    }

    /// The NPO Act field name for a 1-based number.
    pub fn activity_field(&self, number: u8) -> Option<&str> {
        self.activity_fields
            .get(usize::from(number).checked_sub(1)?)
            .map(String::as_str)
    }

    /// The SDG goal name for a 1-based number.
    pub fn sdg(&self, number: u8) -> Option<&str> {
        self.sdgs.get(usize::from(number).checked_sub(1)?).map(String::as_str)
    }
}

#[cfg(test)]
mod tests;
