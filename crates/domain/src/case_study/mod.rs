//! A collaboration told as a case study (協働事例, the guide's §Ⅴ; the guide's own are in
//! `catalog`), in the guide's structure: 概要 (theme,
//! field, type, period, the parties with their kind and town), キーパーソンに聞く (a key person's
//! own words), 協働の具体的な内容 (who did what), 協働の成果 (for each party) and 参考情報.
//!
//! A case is drafted from what kyodo holds ([`CaseFacts`] → [`CaseStudyInput::prefill`]), edited by the
//! parties and published only while every party's owner has approved the exact version
//! ([`Publication`]); a key person's name and words are shown only with that person's consent
//! recorded. These rules are here, without I/O; the store keeps the versions and approvals.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, Invalid};
use crate::listing::Resource;
use crate::{fields, text};

pub mod library;

#[cfg(test)]
mod tests;

const TITLE_MAX: usize = 100;
const SHORT_MAX: usize = 100;
const WORDS_MAX: usize = 1500;
const SECTION_MAX: usize = 3000;
/// Parties and key persons a case names: the guide's cases have two to four.
const ROWS_MAX: usize = 10;

/// A party as the case names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseParty {
    pub name: String,
    /// 「NPO法人」「企業」… as the guide labels the kinds.
    pub kind: String,
    pub municipality: String,
    /// What this party did (協働の具体的な内容), from the agreement's roles.
    pub did: String,
    /// What it gained (協働の成果), from the evaluation's outcomes and indicators.
    pub gained: String,
}

/// キーパーソンに聞く: a person's own words, shown only with their consent recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPerson {
    pub name: String,
    /// 「理事長」「経営企画室 広報担当」.
    pub role: String,
    pub organization: String,
    pub words: String,
    /// The person agreed to their name and words being published (asked by the party).
    pub consented: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStudy {
    pub title: String,
    pub theme: String,
    /// 活動分野 (福祉, 子育て, 環境保全 …).
    pub field: String,
    pub collaboration_type: String,
    /// 「令和8年（2026年）4月〜令和9年（2027年）3月」.
    pub period: String,
    /// The year it started (Western), for the library's filter.
    #[serde(default)]
    pub year: Option<i32>,
    /// What was exchanged (the catalog's resource codes: `funds`, `people` …).
    #[serde(default)]
    pub resources: Vec<String>,
    pub summary: String,
    pub parties: Vec<CaseParty>,
    pub key_persons: Vec<KeyPerson>,
    /// 参考情報: contacts the parties chose to give, links, awards.
    pub references: String,
}

/// The form's values as typed; every field a string, rows by index (`parties[0].did`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseStudyInput {
    pub title: String,
    pub theme: String,
    pub field: String,
    pub collaboration_type: String,
    pub period: String,
    pub year: String,
    pub resources: Vec<String>,
    pub summary: String,
    pub parties: Vec<CasePartyInput>,
    pub key_persons: Vec<KeyPersonInput>,
    pub references: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CasePartyInput {
    pub name: String,
    pub kind: String,
    pub municipality: String,
    pub did: String,
    pub gained: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyPersonInput {
    pub name: String,
    pub role: String,
    pub organization: String,
    pub words: String,
    #[serde(deserialize_with = "fields::checkbox")]
    pub consented: bool,
}

/// What kyodo already holds about a collaboration, gathered by the application layer.
#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    pub title: String,
    pub theme: String,
    pub field: String,
    pub collaboration_type: String,
    pub period: String,
    pub year: Option<i32>,
    pub resources: Vec<String>,
    /// The evaluation's summary, or the public summary's body.
    pub summary: String,
    pub parties: Vec<PartyFacts>,
}

#[derive(Debug, Clone, Default)]
pub struct PartyFacts {
    pub name: String,
    pub kind: String,
    pub municipality: String,
    /// Its roles in the agreement.
    pub roles: Vec<String>,
    /// Its outcomes and the indicators' results.
    pub gained: Vec<String>,
}

impl CaseStudyInput {
    /// A first draft from the facts: every section the guide has, nothing invented. The key
    /// person is left for the parties to ask (their words cannot be drafted).
    pub fn prefill(f: &CaseFacts) -> Self {
        Self {
            title: f.title.clone(),
            theme: f.theme.clone(),
            field: f.field.clone(),
            collaboration_type: f.collaboration_type.clone(),
            period: f.period.clone(),
            year: f.year.map(|y| y.to_string()).unwrap_or_default(),
            resources: f.resources.clone(),
            summary: f.summary.clone(),
            parties: f
                .parties
                .iter()
                .map(|p| CasePartyInput {
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    municipality: p.municipality.clone(),
                    did: lines(&p.roles),
                    gained: lines(&p.gained),
                })
                .collect(),
            key_persons: Vec::new(),
            references: String::new(),
        }
    }

    pub fn parse(&self) -> Result<CaseStudy, Invalid> {
        let mut e = Invalid::default();
        let title = fields::text(&mut e, "title", "事例の題名", &self.title, TITLE_MAX, true);
        let theme = fields::text(&mut e, "theme", "テーマ", &self.theme, SHORT_MAX, false);
        let field = fields::text(&mut e, "field", "活動分野", &self.field, SHORT_MAX, true);
        let collaboration_type = fields::text(
            &mut e,
            "collaboration_type",
            "協働の形",
            &self.collaboration_type,
            SHORT_MAX,
            true,
        );
        let period = fields::text(&mut e, "period", "期間", &self.period, SHORT_MAX, false);
        let year = parse_year(&mut e, &self.year);
        let mut resources = Vec::new();
        for code in &self.resources {
            match Resource::parse(code.trim()) {
                Some(r) if !resources.contains(&r.as_str().to_owned()) => resources.push(r.as_str().to_owned()),
                Some(_) => {}
                None => e.push(FieldError::new(
                    "resources",
                    "unknown",
                    "やりとりした資源を一覧から選んでください。",
                )),
            }
        }
        let summary = fields::text(&mut e, "summary", "概要", &self.summary, SECTION_MAX, true);
        let references = fields::text(&mut e, "references", "参考情報", &self.references, SECTION_MAX, false);
        let named: Vec<&CasePartyInput> = self.parties.iter().filter(|p| !p.is_blank()).collect();
        if named.len() < 2 {
            e.push(FieldError::new(
                "parties",
                "too_few",
                "協働した団体を2つ以上書いてください。",
            ));
        }
        if named.len() > ROWS_MAX {
            e.push(FieldError::new(
                "parties",
                "too_many",
                format!("団体は{ROWS_MAX}までです。"),
            ));
        }
        let parties = self
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_blank())
            .map(|(i, p)| {
                let at = |f: &str| format!("parties[{i}].{f}");
                CaseParty {
                    name: fields::text(&mut e, &at("name"), "団体名", &p.name, SHORT_MAX, true),
                    kind: fields::text(&mut e, &at("kind"), "団体の種類", &p.kind, SHORT_MAX, false),
                    municipality: fields::text(
                        &mut e,
                        &at("municipality"),
                        "所在地",
                        &p.municipality,
                        SHORT_MAX,
                        false,
                    ),
                    did: fields::text(&mut e, &at("did"), "協働の具体的な内容", &p.did, SECTION_MAX, true),
                    gained: fields::text(&mut e, &at("gained"), "協働の成果", &p.gained, SECTION_MAX, true),
                }
            })
            .collect();
        if self.key_persons.iter().filter(|k| !k.is_blank()).count() > ROWS_MAX {
            e.push(FieldError::new(
                "key_persons",
                "too_many",
                format!("キーパーソンは{ROWS_MAX}人までです。"),
            ));
        }
        let key_persons = self
            .key_persons
            .iter()
            .enumerate()
            .filter(|(_, k)| !k.is_blank())
            .map(|(i, k)| {
                let at = |f: &str| format!("key_persons[{i}].{f}");
                KeyPerson {
                    name: fields::text(&mut e, &at("name"), "お名前", &k.name, SHORT_MAX, true),
                    role: fields::text(&mut e, &at("role"), "役職", &k.role, SHORT_MAX, false),
                    organization: fields::text(&mut e, &at("organization"), "団体", &k.organization, SHORT_MAX, true),
                    words: fields::text(&mut e, &at("words"), "お話", &k.words, WORDS_MAX, true),
                    consented: k.consented,
                }
            })
            .collect();
        e.into_result(|| CaseStudy {
            title,
            theme,
            field,
            collaboration_type,
            period,
            year,
            resources,
            summary,
            parties,
            key_persons,
            references,
        })
    }
}

impl CasePartyInput {
    fn is_blank(&self) -> bool {
        [&self.name, &self.kind, &self.municipality, &self.did, &self.gained]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

impl KeyPersonInput {
    fn is_blank(&self) -> bool {
        [&self.name, &self.role, &self.organization, &self.words]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// 「2026」「２０２６」「2026年」; blank is no year.
fn parse_year(e: &mut Invalid, raw: &str) -> Option<i32> {
    let s = text::to_halfwidth_ascii(raw.trim());
    let s = s.trim_end_matches('年');
    if s.is_empty() {
        return None;
    }
    match s.parse::<i32>() {
        Ok(y) if (1900..=2100).contains(&y) => Some(y),
        _ => {
            e.push(FieldError::new(
                "year",
                "invalid",
                "始まった年を西暦4桁で書いてください（例：2026）。",
            ));
            None
        }
    }
}

fn lines(items: &[String]) -> String {
    items.iter().map(|s| format!("・{s}")).collect::<Vec<_>>().join("\n")
}

impl CaseStudy {
    pub fn to_input(&self) -> CaseStudyInput {
        CaseStudyInput {
            title: self.title.clone(),
            theme: self.theme.clone(),
            field: self.field.clone(),
            collaboration_type: self.collaboration_type.clone(),
            period: self.period.clone(),
            year: self.year.map(|y| y.to_string()).unwrap_or_default(),
            resources: self.resources.clone(),
            summary: self.summary.clone(),
            parties: self
                .parties
                .iter()
                .map(|p| CasePartyInput {
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    municipality: p.municipality.clone(),
                    did: p.did.clone(),
                    gained: p.gained.clone(),
                })
                .collect(),
            key_persons: self
                .key_persons
                .iter()
                .map(|k| KeyPersonInput {
                    name: k.name.clone(),
                    role: k.role.clone(),
                    organization: k.organization.clone(),
                    words: k.words.clone(),
                    consented: k.consented,
                })
                .collect(),
            references: self.references.clone(),
        }
    }

    /// What an approval is given to: the content exactly as it stands, names included.
    pub fn fingerprint(&self) -> String {
        serde_json::to_string(self).expect("a case serialises")
    }

    /// Why this version cannot be published as it stands, in words for the parties.
    pub fn blockers(&self) -> Vec<String> {
        self.key_persons
            .iter()
            .filter(|k| !k.consented)
            .map(|k| format!("{}さんのお名前とお話を載せる同意が記録されていません。", k.name))
            .collect()
    }
}

/// Whether a version is public: every party's owner approved exactly this version and nothing
/// blocks it. A party that withdraws removes its approval, so the case leaves the library at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication<'a> {
    /// The parties whose owners must approve (organisation ids).
    pub parties: &'a [i64],
    /// (party, the fingerprint digest it approved).
    pub approvals: &'a [(i64, String)],
}

impl Publication<'_> {
    pub fn published(&self, digest: &str, content: &CaseStudy) -> bool {
        !self.parties.is_empty()
            && content.blockers().is_empty()
            && self
                .parties
                .iter()
                .all(|p| self.approvals.iter().any(|(a, d)| a == p && d == digest))
    }

    /// The parties still to approve this version.
    pub fn waiting(&self, digest: &str) -> Vec<i64> {
        self.parties
            .iter()
            .copied()
            .filter(|p| !self.approvals.iter().any(|(a, d)| a == p && d == digest))
            .collect()
    }
}
