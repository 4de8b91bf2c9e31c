//! The case library (協働事例集): the guide's own cases and the collaborations published from
//! kyodo, side by side, with filters that combine (each value a link to the list filtered by it),
//! related cases, and "cases like this" for a field, type and theme being planned. Plain rules
//! over [`LibraryCase`]; finding the query's words is the search crate's, in the application.

use serde::{Deserialize, Serialize};

use super::CaseStudy;
use crate::catalog::{self, catalog};

/// Where a case comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseSource {
    /// The guide's (「事例1」, 「参考2」), read at its anchor in the guide pages.
    Guide { label: String, href: String },
    /// Published from a collaboration in kyodo, by its case id.
    Kyodo(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LibraryParty {
    pub name: String,
    pub kind: String,
    pub municipality: String,
}

/// A case as the library lists, filters and relates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryCase {
    pub source: CaseSource,
    pub title: String,
    pub field: String,
    pub collaboration_type: String,
    pub summary: String,
    pub parties: Vec<LibraryParty>,
    pub year: Option<i32>,
    pub resources: Vec<String>,
}

impl LibraryCase {
    pub fn from_study(id: i64, c: &CaseStudy) -> Self {
        Self {
            source: CaseSource::Kyodo(id),
            title: c.title.clone(),
            field: c.field.clone(),
            collaboration_type: c.collaboration_type.clone(),
            summary: c.summary.clone(),
            parties: c
                .parties
                .iter()
                .map(|p| LibraryParty {
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    municipality: p.municipality.clone(),
                })
                .collect(),
            year: c.year,
            resources: c.resources.clone(),
        }
    }

    /// The guide's three cases (§Ⅴ) and the 若者UP project (参考2), as the guide tells them.
    pub fn guide() -> Vec<Self> {
        let c = catalog();
        c.cases
            .iter()
            .map(|k| from_guide(k, format!("事例{}", k.number), format!("/guide/cases#{}", k.id)))
            .chain(std::iter::once(from_guide(
                &c.collective_impact.case,
                c.collective_impact.section.clone(),
                "/guide/collective-impact".into(),
            )))
            .collect()
    }

    pub fn href(&self) -> String {
        match &self.source {
            CaseSource::Guide { href, .. } => href.clone(),
            CaseSource::Kyodo(id) => format!("/cases/{id}"),
        }
    }

    pub fn is_guide(&self) -> bool {
        matches!(self.source, CaseSource::Guide { .. })
    }

    /// Everything a search may find it by.
    pub fn text(&self) -> String {
        let mut t = vec![
            self.title.as_str(),
            self.field.as_str(),
            self.collaboration_type.as_str(),
            self.summary.as_str(),
        ];
        for p in &self.parties {
            t.extend([p.name.as_str(), p.kind.as_str(), p.municipality.as_str()]);
        }
        t.join("\n")
    }

    /// The kinds of party, each once, in the order the parties are named.
    pub fn kinds(&self) -> Vec<&str> {
        distinct(self.parties.iter().map(|p| p.kind.as_str()))
    }

    pub fn municipalities(&self) -> Vec<&str> {
        distinct(self.parties.iter().map(|p| p.municipality.as_str()))
    }

    /// How alike two cases are: the same field weighs most, then the type, then each kind of
    /// party, resource and town they share.
    fn likeness(&self, field: &str, collaboration_type: &str, kinds: &[&str], resources: &[String]) -> u32 {
        let mut score = 0;
        // The guide's fields are short (福祉) where the NPO Act's are long (保健・医療・福祉).
        if !field.is_empty() && !self.field.is_empty() && (self.field.contains(field) || field.contains(&self.field)) {
            score += 3;
        }
        if !collaboration_type.is_empty() && self.collaboration_type == collaboration_type {
            score += 2;
        }
        score += self.kinds().iter().filter(|k| kinds.contains(k)).count() as u32;
        score += self.resources.iter().filter(|r| resources.contains(r)).count() as u32;
        score
    }
}

fn from_guide(k: &catalog::CaseStudy, label: String, href: String) -> LibraryCase {
    let kind_label = |code: &str| {
        crate::organization::OrgKind::parse(code).map_or_else(|| code.to_owned(), |k| k.label_ja().to_owned())
    };
    let collaboration_type = catalog()
        .collaboration_type(&k.collaboration_type)
        .map_or_else(|| k.collaboration_type.clone(), |t| t.name.clone());
    LibraryCase {
        source: CaseSource::Guide { label, href },
        title: k.title.clone(),
        field: k.field.clone(),
        collaboration_type,
        summary: k.overview.clone(),
        parties: k
            .parties
            .iter()
            .enumerate()
            .map(|(i, name)| LibraryParty {
                name: name.clone(),
                kind: k.kinds.get(i).map(|c| kind_label(c)).unwrap_or_default(),
                municipality: k.municipalities.get(i).cloned().unwrap_or_default(),
            })
            .collect(),
        year: k.year,
        resources: k.resources.clone(),
    }
}

fn distinct<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for s in it {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The library's filters as the query string carries them; every one that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFilter {
    pub q: String,
    pub field: String,
    pub collaboration_type: String,
    pub kind: String,
    pub municipality: String,
    pub year: String,
    pub resource: String,
}

/// The facets in the order the page shows them: (key, label).
pub const FACETS: [(&str, &str); 6] = [
    ("field", "活動分野"),
    ("collaboration_type", "協働の形"),
    ("kind", "団体の種類"),
    ("municipality", "市町"),
    ("year", "年"),
    ("resource", "やりとりした資源"),
];

impl CaseFilter {
    fn get(&self, key: &str) -> &str {
        match key {
            "q" => &self.q,
            "field" => &self.field,
            "collaboration_type" => &self.collaboration_type,
            "kind" => &self.kind,
            "municipality" => &self.municipality,
            "year" => &self.year,
            "resource" => &self.resource,
            _ => "",
        }
    }

    fn set(&mut self, key: &str, value: &str) {
        let slot = match key {
            "q" => &mut self.q,
            "field" => &mut self.field,
            "collaboration_type" => &mut self.collaboration_type,
            "kind" => &mut self.kind,
            "municipality" => &mut self.municipality,
            "year" => &mut self.year,
            "resource" => &mut self.resource,
            _ => return,
        };
        value.clone_into(slot);
    }

    /// Whether the case holds every filter set (the words are matched elsewhere).
    pub fn admits(&self, c: &LibraryCase) -> bool {
        FACETS.iter().all(|(key, _)| {
            let want = self.get(key).trim();
            want.is_empty() || values(c, key).iter().any(|v| v == want)
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The list's address with `key` set to `value` (or cleared when it already is).
    pub fn link(&self, key: &str, value: &str) -> String {
        let mut next = self.clone();
        next.set(key, if self.get(key) == value { "" } else { value });
        next.href()
    }

    /// `/cases?…` for these filters.
    pub fn href(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for key in std::iter::once("q").chain(FACETS.iter().map(|(k, _)| *k)) {
            let v = self.get(key).trim();
            if !v.is_empty() {
                q.append_pair(key, v);
            }
        }
        let q = q.finish();
        if q.is_empty() {
            "/cases".into()
        } else {
            format!("/cases?{q}")
        }
    }

    /// The filters set, each with its label, value as shown and the link that clears it.
    pub fn chosen(&self) -> Vec<(&'static str, String, String)> {
        FACETS
            .iter()
            .filter(|(key, _)| !self.get(key).trim().is_empty())
            .map(|(key, label)| (*label, shown(key, self.get(key)), self.link(key, self.get(key))))
            .collect()
    }
}

/// A facet's values as stored (`resource` codes, `year` digits).
fn values(c: &LibraryCase, key: &str) -> Vec<String> {
    match key {
        "field" => vec![c.field.clone()],
        "collaboration_type" => vec![c.collaboration_type.clone()],
        "kind" => c.kinds().into_iter().map(str::to_owned).collect(),
        "municipality" => c.municipalities().into_iter().map(str::to_owned).collect(),
        "year" => c.year.map(|y| y.to_string()).into_iter().collect(),
        "resource" => c.resources.clone(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|v| !v.is_empty())
    .collect()
}

/// A value as a person reads it: a resource's name, a year with its era.
pub fn shown(key: &str, value: &str) -> String {
    match key {
        "resource" => catalog()
            .resource(value)
            .map_or_else(|| value.to_owned(), |r| r.name.clone()),
        "year" => crate::era::format_partial(value),
        _ => value.to_owned(),
    }
}

/// One value of a facet among the cases listed: how many have it and the link that filters by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: usize,
    pub href: String,
    pub chosen: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    pub key: &'static str,
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

/// The facets of the cases listed, most common value first.
pub fn facets(listed: &[&LibraryCase], f: &CaseFilter) -> Vec<Facet> {
    FACETS
        .iter()
        .map(|(key, label)| {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for c in listed {
                for v in values(c, key) {
                    match counts.iter_mut().find(|(x, _)| *x == v) {
                        Some(slot) => slot.1 += 1,
                        None => counts.push((v, 1)),
                    }
                }
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Facet {
                key,
                label,
                values: counts
                    .into_iter()
                    .map(|(value, count)| FacetValue {
                        label: shown(key, &value),
                        href: f.link(key, &value),
                        chosen: f.get(key) == value,
                        value,
                        count,
                    })
                    .collect(),
            }
        })
        .filter(|f| !f.values.is_empty())
        .collect()
}

/// The cases most like `c` (not itself), best first; only those sharing at least the field or
/// the type and something more.
pub fn related<'a>(c: &LibraryCase, all: &'a [LibraryCase], n: usize) -> Vec<&'a LibraryCase> {
    let kinds = c.kinds();
    like(all, &c.field, &c.collaboration_type, &kinds, &c.resources, n + 1)
        .into_iter()
        .filter(|x| x.source != c.source)
        .take(n)
        .collect()
}

/// Cases like a collaboration being planned or a pair being matched: by field, type, the kinds
/// of party and the resources. Ties keep the library's order (the guide's first).
pub fn like<'a>(
    all: &'a [LibraryCase],
    field: &str,
    collaboration_type: &str,
    kinds: &[&str],
    resources: &[String],
    n: usize,
) -> Vec<&'a LibraryCase> {
    let mut scored: Vec<(u32, usize, &LibraryCase)> = all
        .iter()
        .enumerate()
        .map(|(i, x)| (x.likeness(field, collaboration_type, kinds, resources), i, x))
        .filter(|(s, _, _)| *s >= 2)
        .collect();
    // Equal likeness: the newer case first, as it reflects today's practice.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.year.cmp(&a.2.year)).then(a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, _, x)| x).collect()
}
