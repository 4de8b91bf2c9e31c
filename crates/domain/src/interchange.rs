//! The kyodo interchange format, version 1 (`shared/spec/interchange.md`): JSON Lines of
//! organisations and listings. Parsing checks the whole file and reports every error with its line;
//! references to organisations outside the file are left for the importer to resolve.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::catalog::catalog;
use crate::listing::{Direction, ListingStatus, Resource};
use crate::organization::OrgKind;
use crate::text;

pub const MAX_REPORTED_ERRORS: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct OrgRecord {
    pub external_id: String,
    pub kind: OrgKind,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipality: Option<String>,
    pub address: Option<String>,
    pub founded: Option<String>,
    pub members: Option<u64>,
    pub employees: Option<u64>,
    pub representative: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub public_contact: bool,
    pub mission: Option<String>,
    pub activities: Option<String>,
    pub strengths: Vec<String>,
    pub csr_policy: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub awards: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListingRecord {
    pub external_id: String,
    pub organization: String,
    pub direction: Direction,
    pub resources: Vec<Resource>,
    pub title: String,
    pub description: Option<String>,
    pub municipality: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub status: ListingStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Organization(Box<OrgRecord>),
    Listing(Box<ListingRecord>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// A parsed file: records with their line numbers, and organisation ids listings refer to that the
/// file itself does not define (the importer must find them already stored).
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<(usize, Record)>,
    pub external_refs: Vec<(usize, String)>,
}

const ORG_KEYS: &[&str] = &[
    "type",
    "external_id",
    "kind",
    "name",
    "name_kana",
    "prefecture",
    "municipality",
    "address",
    "founded",
    "members",
    "employees",
    "representative",
    "email",
    "phone",
    "website",
    "public_contact",
    "mission",
    "activities",
    "strengths",
    "csr_policy",
    "fields",
    "sdgs",
    "awards",
];
const LISTING_KEYS: &[&str] = &[
    "type",
    "external_id",
    "organization",
    "direction",
    "resources",
    "title",
    "description",
    "municipality",
    "fields",
    "sdgs",
    "status",
];

/// Parses a whole file. Either every line is valid, or the errors (at most 100) are returned.
pub fn parse(input: &str) -> Result<Parsed, Vec<LineError>> {
    let mut parsed = Parsed::default();
    let mut errors = Vec::new();
    let mut org_ids = HashSet::new();
    let mut listing_ids = HashSet::new();
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    for (i, raw) in input.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut r = LineReader {
            line,
            errors: Vec::new(),
        };
        match r.record(trimmed) {
            Some(Record::Organization(o)) if !org_ids.insert(o.external_id.clone()) => {
                r.err(format!(
                    "organization \"{}\": external_id が重複しています",
                    o.external_id
                ));
            }
            Some(Record::Listing(l)) if !listing_ids.insert(l.external_id.clone()) => {
                r.err(format!("listing \"{}\": external_id が重複しています", l.external_id));
            }
            Some(rec) if r.errors.is_empty() => parsed.records.push((line, rec)),
            _ => {}
        }
        errors.extend(r.errors);
        if errors.len() >= MAX_REPORTED_ERRORS {
            break;
        }
    }
    for (line, rec) in &parsed.records {
        if let Record::Listing(l) = rec
            && !org_ids.contains(&l.organization)
        {
            parsed.external_refs.push((*line, l.organization.clone()));
        }
    }
    errors.truncate(MAX_REPORTED_ERRORS);
    if errors.is_empty() { Ok(parsed) } else { Err(errors) }
}

struct LineReader {
    line: usize,
    errors: Vec<LineError>,
}

impl LineReader {
    fn err(&mut self, message: String) {
        self.errors.push(LineError {
            line: self.line,
            message,
        });
    }

    fn record(&mut self, raw: &str) -> Option<Record> {
        let value: Value = match serde_json::from_str(raw) {
            Ok(v) => v,
            Err(e) => {
                self.err(format!("JSON として読めません: {e}"));
                return None;
            }
        };
        let Value::Object(obj) = value else {
            self.err("各行は JSON オブジェクトでなければなりません".into());
            return None;
        };
        match obj.get("type").and_then(Value::as_str) {
            Some("organization") => self.organization(&obj).map(|o| Record::Organization(Box::new(o))),
            Some("listing") => self.listing(&obj).map(|l| Record::Listing(Box::new(l))),
            Some(other) => {
                self.err(format!("unknown type \"{other}\" (expected organization or listing)"));
                None
            }
            None => {
                self.err("\"type\" がありません (organization または listing)".into());
                None
            }
        }
    }

    fn unknown_keys(&mut self, what: &str, obj: &Map<String, Value>, allowed: &[&str]) {
        for key in obj.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.err(format!("{what}: unknown key \"{key}\""));
        }
    }

    fn string(&mut self, what: &str, obj: &Map<String, Value>, key: &str, max: usize) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                let s = text::clean(s, true);
                if text::grapheme_len(&s) > max {
                    self.err(format!("{what}: \"{key}\" は{max}文字以内にしてください"));
                    None
                } else {
                    Some(s).filter(|s| !s.is_empty())
                }
            }
            Some(_) => {
                self.err(format!("{what}: \"{key}\" は文字列でなければなりません"));
                None
            }
        }
    }

    fn required(&mut self, what: &str, obj: &Map<String, Value>, key: &str, max: usize) -> Option<String> {
        let present = matches!(obj.get(key), Some(Value::String(s)) if !s.trim().is_empty());
        let s = self.string(what, obj, key, max);
        if !present {
            self.err(format!("{what}: \"{key}\" は必須です"));
        }
        s
    }

    /// A code: full-width letters accepted and normalised.
    fn code(&mut self, what: &str, obj: &Map<String, Value>, key: &str) -> Option<String> {
        self.string(what, obj, key, 64)
            .map(|s| text::to_halfwidth_ascii(&s).to_lowercase())
    }

    fn count(&mut self, what: &str, obj: &Map<String, Value>, key: &str) -> Option<u64> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(Value::String(s)) => match text::parse_count(key, key, s) {
                Ok(n) => n,
                Err(_) => {
                    self.err(format!("{what}: \"{key}\" は0以上の整数でなければなりません"));
                    None
                }
            },
            Some(_) => {
                self.err(format!("{what}: \"{key}\" は0以上の整数でなければなりません"));
                None
            }
        }
    }

    fn numbers(&mut self, what: &str, obj: &Map<String, Value>, key: &str, max: u8) -> Vec<u8> {
        let Some(v) = obj.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.err(format!("{what}: \"{key}\" は整数の配列でなければなりません"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let n = match item {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => text::to_halfwidth_ascii(s.trim()).parse().ok(),
                _ => None,
            };
            match n.and_then(|n| u8::try_from(n).ok()).filter(|n| (1..=max).contains(n)) {
                Some(n) if !out.contains(&n) => out.push(n),
                Some(_) => {}
                None => self.err(format!(
                    "{what}: \"{key}\" の値 {item} は1から{max}の整数でなければなりません"
                )),
            }
        }
        out.sort_unstable();
        out
    }

    fn strings(&mut self, what: &str, obj: &Map<String, Value>, key: &str) -> Vec<String> {
        match obj.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| text::clean(s, false))
                .filter(|s| !s.is_empty())
                .collect(),
            Some(_) => {
                self.err(format!("{what}: \"{key}\" は文字列の配列でなければなりません"));
                Vec::new()
            }
        }
    }

    fn municipality(&mut self, what: &str, prefecture: &str, m: Option<String>) -> Option<String> {
        let m = m?;
        if prefecture == "山口県" && !catalog().is_yamaguchi_municipality(&m) {
            self.err(format!("{what}: municipality \"{m}\" は山口県の市町ではありません"));
        }
        Some(m)
    }

    fn organization(&mut self, obj: &Map<String, Value>) -> Option<OrgRecord> {
        let id = obj.get("external_id").and_then(Value::as_str).unwrap_or("?");
        let what = format!("organization \"{id}\"");
        self.unknown_keys(&what, obj, ORG_KEYS);
        let external_id = self.required(&what, obj, "external_id", 128);
        let kind_code = self.code(&what, obj, "kind");
        let kind = match kind_code.as_deref().map(|k| (k, OrgKind::parse(k))) {
            Some((_, Some(k))) => Some(k),
            Some((k, None)) => {
                let all: Vec<_> = OrgKind::ALL.iter().map(|k| k.as_str()).collect();
                self.err(format!(
                    "{what}: unknown kind \"{k}\" (expected one of {})",
                    all.join(", ")
                ));
                None
            }
            None => {
                self.err(format!("{what}: \"kind\" は必須です"));
                None
            }
        };
        let name = self.required(&what, obj, "name", 200);
        let prefecture = self
            .string(&what, obj, "prefecture", 10)
            .unwrap_or_else(|| "山口県".into());
        let municipality = self.string(&what, obj, "municipality", 50);
        let municipality = self.municipality(&what, &prefecture, municipality);
        let founded = self
            .string(&what, obj, "founded", 10)
            .map(|s| text::to_halfwidth_ascii(&s));
        if let Some(f) = &founded
            && !valid_partial_date(f)
        {
            self.err(format!(
                "{what}: founded \"{f}\" は YYYY、YYYY-MM、YYYY-MM-DD のいずれかで書いてください"
            ));
        }
        let email = self
            .string(&what, obj, "email", 254)
            .map(|s| text::to_halfwidth_ascii(&s));
        if let Some(e) = &email
            && !email_address::EmailAddress::is_valid(e)
        {
            self.err(format!("{what}: email \"{e}\" の形式が正しくありません"));
        }
        let website = self.string(&what, obj, "website", 500);
        if let Some(w) = &website
            && crate::organization::parse_website("website", Some(w)).is_err()
        {
            self.err(format!(
                "{what}: website \"{w}\" は http(s) の URL でなければなりません"
            ));
        }
        let public_contact = match obj.get("public_contact") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.err(format!(
                    "{what}: \"public_contact\" は true か false でなければなりません"
                ));
                false
            }
        };
        let rec = OrgRecord {
            external_id: external_id?,
            kind: kind?,
            name: name?,
            name_kana: self.string(&what, obj, "name_kana", 200),
            prefecture,
            municipality,
            address: self.string(&what, obj, "address", 300),
            founded,
            members: self.count(&what, obj, "members"),
            employees: self.count(&what, obj, "employees"),
            representative: self.string(&what, obj, "representative", 100),
            email,
            phone: self
                .string(&what, obj, "phone", 50)
                .map(|s| text::to_halfwidth_ascii(&s)),
            website,
            public_contact,
            mission: self.string(&what, obj, "mission", 4000),
            activities: self.string(&what, obj, "activities", 4000),
            strengths: self.strings(&what, obj, "strengths"),
            csr_policy: self.string(&what, obj, "csr_policy", 4000),
            fields: self.numbers(&what, obj, "fields", 20),
            sdgs: self.numbers(&what, obj, "sdgs", 17),
            awards: self.strings(&what, obj, "awards"),
        };
        Some(rec)
    }

    fn listing(&mut self, obj: &Map<String, Value>) -> Option<ListingRecord> {
        let id = obj.get("external_id").and_then(Value::as_str).unwrap_or("?");
        let what = format!("listing \"{id}\"");
        self.unknown_keys(&what, obj, LISTING_KEYS);
        let external_id = self.required(&what, obj, "external_id", 128);
        let organization = self.required(&what, obj, "organization", 128);
        let direction = match self.code(&what, obj, "direction") {
            Some(d) => Direction::parse(&d).or_else(|| {
                self.err(format!("{what}: unknown direction \"{d}\" (expected need or offer)"));
                None
            }),
            None => {
                self.err(format!("{what}: \"direction\" は必須です"));
                None
            }
        };
        let resources = self.resources(&what, obj);
        let title = self.required(&what, obj, "title", 200);
        let municipality = self.string(&what, obj, "municipality", 50);
        let municipality = self.municipality(&what, "山口県", municipality);
        let status = match self.code(&what, obj, "status") {
            None => Some(ListingStatus::Open),
            Some(s) => ListingStatus::parse(&s).or_else(|| {
                self.err(format!("{what}: unknown status \"{s}\" (expected open or closed)"));
                None
            }),
        };
        Some(ListingRecord {
            external_id: external_id?,
            organization: organization?,
            direction: direction?,
            resources: resources?,
            title: title?,
            description: self.string(&what, obj, "description", 4000),
            municipality,
            fields: self.numbers(&what, obj, "fields", 20),
            sdgs: self.numbers(&what, obj, "sdgs", 17),
            status: status?,
        })
    }

    fn resources(&mut self, what: &str, obj: &Map<String, Value>) -> Option<Vec<Resource>> {
        let Some(Value::Array(items)) = obj.get("resources") else {
            self.err(format!("{what}: \"resources\" は資源コードの配列で、1つ以上必要です"));
            return None;
        };
        let mut out: Vec<Resource> = Vec::new();
        let errors_before = self.errors.len();
        for item in items {
            let code = item.as_str().map(|s| text::to_halfwidth_ascii(s.trim()).to_lowercase());
            match code.as_deref().and_then(Resource::parse) {
                Some(r) if !out.contains(&r) => out.push(r),
                Some(_) => {}
                None => self.err(format!(
                    "{what}: unknown resource code {item} (expected one of {})",
                    Resource::codes().join(", ")
                )),
            }
        }
        if self.errors.len() > errors_before {
            return None;
        }
        if out.is_empty() {
            self.err(format!("{what}: \"resources\" は1つ以上必要です"));
            return None;
        }
        Some(out)
    }
}

fn valid_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && matches!(m.parse::<u8>(), Ok(1..=12)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && y.parse::<i32>()
                    .ok()
                    .zip(m.parse::<u8>().ok())
                    .zip(d.parse::<u8>().ok())
                    .is_some_and(|((y, m), d)| {
                        time::Month::try_from(m).is_ok_and(|m| time::Date::from_calendar_date(y, m, d).is_ok())
                    })
        }
        _ => false,
    }
}

/// Writes records back as interchange lines (keys with empty values are left out).
pub fn to_line(record: &Record) -> String {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty);
        if !empty {
            m.insert(k.to_owned(), v);
        }
    };
    match record {
        Record::Organization(o) => {
            put("type", "organization".into());
            put("external_id", o.external_id.clone().into());
            put("kind", o.kind.as_str().into());
            put("name", o.name.clone().into());
            put("name_kana", o.name_kana.clone().into());
            put("prefecture", o.prefecture.clone().into());
            put("municipality", o.municipality.clone().into());
            put("address", o.address.clone().into());
            put("founded", o.founded.clone().into());
            put("members", o.members.into());
            put("employees", o.employees.into());
            put("representative", o.representative.clone().into());
            put("email", o.email.clone().into());
            put("phone", o.phone.clone().into());
            put("website", o.website.clone().into());
            put("public_contact", o.public_contact.into());
            put("mission", o.mission.clone().into());
            put("activities", o.activities.clone().into());
            put("strengths", o.strengths.clone().into());
            put("csr_policy", o.csr_policy.clone().into());
            put("fields", o.fields.clone().into());
            put("sdgs", o.sdgs.clone().into());
            put("awards", o.awards.clone().into());
        }
        Record::Listing(l) => {
            put("type", "listing".into());
            put("external_id", l.external_id.clone().into());
            put("organization", l.organization.clone().into());
            put("direction", l.direction.as_str().into());
            put(
                "resources",
                l.resources.iter().map(|r| r.as_str()).collect::<Vec<_>>().into(),
            );
            put("title", l.title.clone().into());
            put("description", l.description.clone().into());
            put("municipality", l.municipality.clone().into());
            put("fields", l.fields.clone().into());
            put("sdgs", l.sdgs.clone().into());
            put("status", l.status.as_str().into());
        }
    }
    Value::Object(m).to_string()
}

#[cfg(test)]
mod tests;
