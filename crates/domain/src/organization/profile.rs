//! The full public profile (情報の公開): every interchange field plus social links, the kinds of
//! collaboration the organisation is open to, and a company's CSR department.

use crate::account::Email;
use crate::catalog::catalog;
use crate::collaboration::CollaborationType;
use crate::organization::{LONG_TEXT_MAX, NAME_MAX, OrgKind, parse_kind, parse_municipality, parse_website};
use crate::{FieldError, Invalid, era, text};

/// The profile form as typed: strings, and lists from checkboxes or one-per-line text areas.
#[derive(Debug, Default, Clone)]
pub struct ProfileInput {
    pub kind: String,
    pub name: String,
    pub name_kana: String,
    pub municipality: String,
    pub address: String,
    pub founded: String,
    pub members: String,
    pub employees: String,
    pub representative: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub public_contact: bool,
    pub mission: String,
    pub activities: String,
    /// One per line.
    pub strengths: String,
    pub csr_policy: String,
    pub csr_department: String,
    pub fields: Vec<String>,
    pub sdgs: Vec<String>,
    /// One per line.
    pub awards: String,
    /// One URL per line.
    pub social_links: String,
    pub open_types: Vec<String>,
}

/// A valid profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub kind: Option<OrgKind>,
    pub name: String,
    pub name_kana: Option<String>,
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
    pub csr_department: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub awards: Vec<String>,
    pub social_links: Vec<String>,
    pub open_types: Vec<CollaborationType>,
}

pub const LIST_MAX: usize = 20;

/// Non-empty lines, each cleaned and at most `max` long; at most `LIST_MAX` of them.
pub fn parse_lines(field: &str, label: &str, input: &str, max: usize) -> Result<Vec<String>, FieldError> {
    let lines: Vec<String> = text::clean(input, true)
        .lines()
        .map(|l| text::clean(l, false))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > LIST_MAX {
        return Err(FieldError::new(
            field,
            "too_many",
            format!("{label}は{LIST_MAX}行までにしてください。"),
        ));
    }
    if lines.iter().any(|l| text::grapheme_len(l) > max) {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{label}は1行{max}文字以内にしてください。"),
        ));
    }
    Ok(lines)
}

/// Checked numbers from checkboxes (1..=max), sorted, without duplicates.
pub fn parse_numbers(field: &str, label: &str, input: &[String], max: u8) -> Result<Vec<u8>, FieldError> {
    let mut out = Vec::new();
    for s in input {
        let n = text::to_halfwidth_ascii(s.trim())
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| FieldError::new(field, "unknown_choice", format!("{label}の選択が正しくありません。")))?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

fn parse_phone(field: &str, input: &str) -> Result<Option<String>, FieldError> {
    let s = text::to_halfwidth_ascii(&text::clean(input, false)).replace(['ー', '−', '‐'], "-");
    if s.is_empty() {
        return Ok(None);
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let allowed = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | '+' | ' '));
    if allowed && (10..=15).contains(&digits) {
        Ok(Some(s))
    } else {
        Err(FieldError::new(
            field,
            "invalid_phone",
            "電話番号は数字とハイフンで入力してください（例: 083-123-4567）。",
        ))
    }
}

fn parse_social_links(field: &str, input: &str) -> Result<Vec<String>, FieldError> {
    let lines = parse_lines(field, "SNS・その他のリンク", input, 500)?;
    lines
        .into_iter()
        .map(|l| parse_website(field, Some(&l))?.ok_or_else(|| FieldError::required(field, "リンク")))
        .collect()
}

impl Profile {
    pub fn parse(input: &ProfileInput) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let kind = e.check(parse_kind("kind", &input.kind));
        let name = e.check(text::required("name", "団体名", &input.name, NAME_MAX));
        let opt = |e: &mut Invalid, f: &str, label: &str, v: &str, max: usize, multi: bool| {
            e.check(text::optional(f, label, Some(v), max, multi)).flatten()
        };
        let name_kana = opt(&mut e, "name_kana", "フリガナ", &input.name_kana, NAME_MAX, false);
        let municipality = e
            .check(parse_municipality("municipality", &input.municipality))
            .flatten();
        let address = opt(&mut e, "address", "所在地", &input.address, 200, false);
        let founded = match text::clean(&input.founded, false) {
            s if s.is_empty() => None,
            s => e.check(era::parse_partial_date(&s).ok_or_else(|| {
                FieldError::new(
                    "founded",
                    "invalid_date",
                    "設立年月は「2004年3月」「平成16年3月」「2004-03」のように入力してください。",
                )
            })),
        };
        let members = e
            .check(text::parse_count("members", "会員数", &input.members))
            .flatten();
        let employees = e
            .check(text::parse_count("employees", "従業員数", &input.employees))
            .flatten();
        let representative = opt(&mut e, "representative", "代表者", &input.representative, 100, false);
        let email = match text::clean(&input.email, false) {
            s if s.is_empty() => None,
            s => e.check(Email::parse("email", &s).map(|m| m.as_str().to_owned())),
        };
        let phone = e.check(parse_phone("phone", &input.phone)).flatten();
        let website = e.check(parse_website("website", Some(&input.website))).flatten();
        let mission = opt(&mut e, "mission", "ミッション", &input.mission, LONG_TEXT_MAX, true);
        let activities = opt(&mut e, "activities", "活動内容", &input.activities, LONG_TEXT_MAX, true);
        let strengths = e
            .check(parse_lines("strengths", "強み", &input.strengths, 200))
            .unwrap_or_default();
        let csr_policy = opt(
            &mut e,
            "csr_policy",
            "CSR・社会貢献の方針",
            &input.csr_policy,
            LONG_TEXT_MAX,
            true,
        );
        let csr_department = opt(&mut e, "csr_department", "担当部署", &input.csr_department, 100, false);
        let fields = e
            .check(parse_numbers("fields", "活動分野", &input.fields, 20))
            .unwrap_or_default();
        let sdgs = e
            .check(parse_numbers("sdgs", "SDGs", &input.sdgs, 17))
            .unwrap_or_default();
        let awards = e
            .check(parse_lines("awards", "受賞歴", &input.awards, 200))
            .unwrap_or_default();
        let social_links = e
            .check(parse_social_links("social_links", &input.social_links))
            .unwrap_or_default();
        let mut open_types = Vec::new();
        for t in &input.open_types {
            match CollaborationType::parse(t.trim()) {
                Some(t) if !open_types.contains(&t) => open_types.push(t),
                Some(_) => {}
                None => e.push(FieldError::new(
                    "open_types",
                    "unknown_choice",
                    "協働の種類の選択が正しくありません。",
                )),
            }
        }
        open_types.sort();
        let (Some(kind), Some(name)) = (kind, name) else {
            return Err(e);
        };
        e.into_result(|| Self {
            kind: Some(kind),
            name,
            name_kana,
            municipality,
            address,
            founded,
            members,
            employees,
            representative,
            email,
            phone,
            website,
            public_contact: input.public_contact,
            mission,
            activities,
            strengths,
            csr_policy,
            csr_department,
            fields,
            sdgs,
            awards,
            social_links,
            open_types,
        })
    }
}

/// Names for the numbers of a profile, for display.
pub fn field_names(numbers: &[u8]) -> Vec<&'static str> {
    numbers.iter().filter_map(|n| catalog().activity_field(*n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            kind: "npo_corporation".into(),
            name: "NPO法人テスト".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_full_profile_parses_and_normalises() {
        let p = Profile::parse(&ProfileInput {
            founded: "平成16年3月".into(),
            members: "３５".into(),
            phone: "０８３−１２３−４５６７".into(),
            email: "Info@Example.JP".into(),
            strengths: "地域のネットワーク\n\n  ノウハウ  \n".into(),
            fields: vec!["13".into(), "1".into(), "13".into()],
            sdgs: vec!["３".into()],
            social_links: "https://facebook.com/example\n".into(),
            open_types: vec!["grant".into(), "cosponsorship".into()],
            ..input()
        })
        .unwrap();
        assert_eq!(p.founded.as_deref(), Some("2004-03"));
        assert_eq!(p.members, Some(35));
        assert_eq!(p.phone.as_deref(), Some("083-123-4567"));
        assert_eq!(p.email.as_deref(), Some("info@example.jp"));
        assert_eq!(p.strengths, ["地域のネットワーク", "ノウハウ"]);
        assert_eq!((p.fields.as_slice(), p.sdgs.as_slice()), (&[1u8, 13][..], &[3u8][..]));
        assert_eq!(
            p.open_types,
            [CollaborationType::Cosponsorship, CollaborationType::Grant]
        );
    }

    #[test]
    fn every_bad_field_is_reported() {
        let err = Profile::parse(&ProfileInput {
            founded: "むかし".into(),
            members: "-1".into(),
            phone: "call me".into(),
            email: "nope".into(),
            fields: vec!["21".into()],
            social_links: "javascript:alert(1)".into(),
            open_types: vec!["partnership".into()],
            ..input()
        })
        .unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "founded",
                "members",
                "email",
                "phone",
                "fields",
                "social_links",
                "open_types"
            ]
        );
    }
}
