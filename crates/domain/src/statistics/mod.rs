//! 県民活動白書's indicators (§Ⅵ-1) computed from what kyodo holds: each figure a set of
//! categories counted over civic groups, for the whole area, by municipality and by 年度, with
//! small cells suppressed so that no figure identifies a group.
//!
//! Suppression happens here, before anything is stored or exported: a figure never carries a
//! count it may not show, so every page, file and API answer made from it is safe alike.

pub mod export;
mod figures;
mod suppress;

use serde::{Deserialize, Serialize};

pub use figures::{CollaborationFact, OrgFacts, compute, names_company};

/// Cells counting fewer organisations than this (but more than none) are not shown.
pub const MIN_CELL: u32 = 5;

/// A cell of a figure as it may be published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Cell {
    /// `count` organisations, `percent` of the breakdown's base (none for the base itself).
    Shown { count: u32, percent: Option<f64> },
    /// Fewer than [`MIN_CELL`] organisations, or a cell that would let one be worked out.
    Suppressed,
    /// kyodo holds nothing that answers this category (e.g. 会員としての加入).
    NotCollected,
}

impl Cell {
    pub fn count(self) -> Option<u32> {
        match self {
            Self::Shown { count, .. } => Some(count),
            _ => None,
        }
    }

    /// For a table: 「12（34.5%）」, 「—」 when suppressed, 「×」 when not collected.
    pub fn text(self) -> String {
        match self {
            Self::Shown {
                count,
                percent: Some(p),
            } => format!("{count}（{p:.1}%）"),
            Self::Shown { count, percent: None } => count.to_string(),
            Self::Suppressed => "—".into(),
            Self::NotCollected => "×".into(),
        }
    }

    pub fn percent(self) -> Option<f64> {
        match self {
            Self::Shown { percent, .. } => percent,
            _ => None,
        }
    }
}

/// One of a figure's answers, with the white paper's label where it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub label: String,
    /// How kyodo recognises it, in a sentence.
    pub rule: String,
    pub collected: bool,
}

/// The figure for one slice: the whole area, one municipality or one 年度.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// 「全体」, a municipality's name, or 「2026年度（令和8年度）」.
    pub label: String,
    /// The municipality's name or the 年度 as a number, for links and files; empty for 全体.
    pub key: String,
    pub base: Cell,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The white paper table it answers: `experience`, `content`, `expectations`, `challenges`.
    pub id: String,
    pub title: String,
    pub definition: String,
    /// Who is counted (the base of each percentage).
    pub base: String,
    pub categories: Vec<Category>,
    /// The records the figure was computed from (organisations, collaborations, listings…).
    pub records: u32,
    pub all: Breakdown,
    pub municipalities: Vec<Breakdown>,
    pub years: Vec<Breakdown>,
}

/// Every figure, as computed at one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    pub computed_at: i64,
    /// Civic groups (NPO法人, 認定NPO法人, 任意団体) counted, before any suppression.
    pub civic_groups: u32,
    pub figures: Vec<Figure>,
}

impl Statistics {
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// The same figures with only one municipality's slice (a centre's area), or none if unknown.
    pub fn for_municipality(&self, name: &str) -> Vec<(&Figure, Option<&Breakdown>)> {
        self.figures
            .iter()
            .map(|f| (f, f.municipalities.iter().find(|b| b.key == name)))
            .collect()
    }
}

/// What one respondent answered in one slice of time: the categories it counts in, by index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub year: Option<i32>,
    pub picks: Vec<usize>,
}

/// One organisation as a figure sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Respondent {
    pub municipality: Option<String>,
    pub answers: Vec<Answer>,
}

/// How a figure counts.
pub struct Spec {
    pub id: &'static str,
    pub title: String,
    pub definition: String,
    pub base: String,
    pub categories: Vec<Category>,
    /// Everyone is in the base (the first figure); otherwise only those with an answer.
    pub base_all: bool,
    /// The category meaning "none of the others" (実績がない), counted as base minus answerers.
    pub none: Option<usize>,
    pub by_year: bool,
    pub records: u32,
}

/// Counts one figure over its respondents and suppresses what may not be shown.
pub fn figure(spec: Spec, respondents: &[Respondent], municipalities: &[String]) -> Figure {
    let all = count(&spec, respondents.iter(), None);
    let mut by_town: Vec<(String, Raw)> = municipalities
        .iter()
        .map(|m| {
            let rs = respondents.iter().filter(|r| r.municipality.as_deref() == Some(m));
            (m.clone(), count(&spec, rs, None))
        })
        .collect();
    let unknown = respondents
        .iter()
        .filter(|r| r.municipality.as_ref().is_none_or(|m| !municipalities.contains(m)));
    by_town.push(("その他・不明".into(), count(&spec, unknown, None)));
    let mut years: Vec<i32> = respondents
        .iter()
        .flat_map(|r| r.answers.iter().filter_map(|a| a.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let years: Vec<i32> = if spec.by_year {
        years.into_iter().rev().take(10).rev().collect()
    } else {
        Vec::new()
    };
    let by_year: Vec<(i32, Raw)> = years
        .iter()
        .map(|y| (*y, count(&spec, respondents.iter(), Some(*y))))
        .collect();

    let complementary = spec.none.is_some();
    let mut all = suppress::breakdown("全体".into(), String::new(), &all, &spec.categories, complementary);
    let mut towns: Vec<Breakdown> = by_town
        .iter()
        .map(|(m, raw)| suppress::breakdown(m.clone(), m.clone(), raw, &spec.categories, complementary))
        .collect();
    // Municipalities add up to the whole: one hidden cell in a column could be worked out from
    // the others, so a second one is hidden with it.
    towns.retain(|b| {
        b.base
            != Cell::Shown {
                count: 0,
                percent: None,
            }
    });
    suppress::across(&mut all, &mut towns, complementary);
    let years = by_year
        .iter()
        .map(|(y, raw)| {
            suppress::breakdown(
                crate::era::format_fiscal_year(*y),
                y.to_string(),
                raw,
                &spec.categories,
                complementary,
            )
        })
        .collect();
    Figure {
        id: spec.id.into(),
        title: spec.title,
        definition: spec.definition,
        base: spec.base,
        categories: spec.categories,
        records: spec.records,
        all,
        municipalities: towns,
        years,
    }
}

/// Counts before suppression: the base and each category's organisations.
#[derive(Debug, Clone, PartialEq)]
struct Raw {
    base: u32,
    counts: Vec<u32>,
}

fn count<'a>(spec: &Spec, respondents: impl Iterator<Item = &'a Respondent>, year: Option<i32>) -> Raw {
    let mut raw = Raw {
        base: 0,
        counts: vec![0; spec.categories.len()],
    };
    let mut picked = vec![false; spec.categories.len()];
    for r in respondents {
        let answers: Vec<&Answer> = r.answers.iter().filter(|a| year.is_none() || a.year == year).collect();
        if answers.is_empty() && !spec.base_all {
            continue;
        }
        raw.base += 1;
        picked.iter_mut().for_each(|p| *p = false);
        for a in &answers {
            for &i in &a.picks {
                if let Some(p) = picked.get_mut(i) {
                    *p = true;
                }
            }
        }
        for (i, p) in picked.iter().enumerate() {
            raw.counts[i] += u32::from(*p);
        }
        if let Some(none) = spec.none
            && answers.is_empty()
        {
            raw.counts[none] += 1;
        }
    }
    raw
}

#[cfg(test)]
mod tests;
