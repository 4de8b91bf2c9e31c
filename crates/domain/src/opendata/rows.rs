//! One record as a dataset's row, in its codebook's column order.

use super::{corporate_number, local_government_code};
use crate::case_study::library::{CaseSource, LibraryCase};
use crate::catalog::catalog;
use crate::era::format_unix_sortable;
use crate::listing::Direction;
use crate::organization::OrgKind;

/// An organisation's public profile: exactly the fields open data may carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenOrganization {
    pub id: i64,
    pub external_id: Option<String>,
    pub kind: String,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipality: Option<String>,
    pub founded: Option<String>,
    pub members: Option<i64>,
    pub employees: Option<i64>,
    pub website: Option<String>,
    pub mission: Option<String>,
    pub activities: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub dissolved_on: Option<String>,
    pub updated_at: i64,
}

/// An open listing, with its organisation's name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenListing {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub direction: String,
    pub resources: Vec<String>,
    pub title: String,
    pub description: Option<String>,
    pub municipality: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn day(unix: i64) -> String {
    format_unix_sortable(unix).get(..10).unwrap_or_default().to_owned()
}

fn fields(numbers: &[u8]) -> String {
    numbers
        .iter()
        .filter_map(|n| catalog().activity_field(*n))
        .collect::<Vec<_>>()
        .join("；")
}

fn numbers(numbers: &[u8]) -> String {
    numbers.iter().map(u8::to_string).collect::<Vec<_>>().join(";")
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn organization_row(o: &OpenOrganization, site: &str) -> Vec<String> {
    vec![
        o.id.to_string(),
        corporate_number(o.external_id.as_deref()),
        o.name.clone(),
        text(&o.name_kana),
        o.kind.clone(),
        OrgKind::parse(&o.kind).map_or("", OrgKind::label_ja).to_owned(),
        o.prefecture.clone(),
        text(&o.municipality),
        local_government_code(o.municipality.as_deref()),
        text(&o.founded),
        o.members.map(|n| n.to_string()).unwrap_or_default(),
        o.employees.map(|n| n.to_string()).unwrap_or_default(),
        text(&o.website),
        text(&o.mission),
        text(&o.activities),
        fields(&o.fields),
        numbers(&o.sdgs),
        text(&o.dissolved_on),
        day(o.updated_at),
        format!("{site}/organizations/{}", o.id),
    ]
}

pub fn listing_row(l: &OpenListing, site: &str) -> Vec<String> {
    let resources_ja: Vec<&str> = l
        .resources
        .iter()
        .filter_map(|r| catalog().resource(r).map(|x| x.name.as_str()))
        .collect();
    vec![
        l.id.to_string(),
        l.organization_id.to_string(),
        l.organization_name.clone(),
        l.direction.clone(),
        Direction::parse(&l.direction)
            .map_or("", Direction::label_ja)
            .to_owned(),
        l.resources.join(";"),
        resources_ja.join("；"),
        l.title.clone(),
        text(&l.description),
        text(&l.municipality),
        local_government_code(l.municipality.as_deref()),
        fields(&l.fields),
        numbers(&l.sdgs),
        day(l.created_at),
        day(l.updated_at),
        format!("{site}/listings/{}", l.id),
    ]
}

pub fn case_row(c: &LibraryCase, site: &str) -> Vec<String> {
    let resources: Vec<&str> = c
        .resources
        .iter()
        .filter_map(|r| catalog().resource(r).map(|x| x.name.as_str()))
        .collect();
    let href = c.href();
    vec![
        match c.source {
            CaseSource::Guide { .. } => "手引".into(),
            CaseSource::Kyodo(_) => "kyodo".into(),
        },
        c.title.clone(),
        c.field.clone(),
        c.collaboration_type.clone(),
        c.year.map(|y| y.to_string()).unwrap_or_default(),
        c.parties
            .iter()
            .map(|p| {
                let about: Vec<&str> = [p.kind.as_str(), p.municipality.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                if about.is_empty() {
                    p.name.clone()
                } else {
                    format!("{}（{}）", p.name, about.join("・"))
                }
            })
            .collect::<Vec<_>>()
            .join("；"),
        c.municipalities().join("；"),
        resources.join("；"),
        c.summary.clone(),
        if href.starts_with("http") {
            href
        } else {
            format!("{site}{href}")
        },
    ]
}
