//! Organisations (団体・組織) of every kind, and the roles of their members.

pub mod disclosure;
pub mod members;
pub mod naming;
pub mod profile;
pub mod registry;
pub mod track_record;
pub mod verification;

use crate::catalog::catalog;
use crate::text;
use crate::{FieldError, Invalid};

/// The seven kinds of party, as the interchange format spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    NpoCorporation,
    CertifiedNpo,
    VoluntaryGroup,
    Company,
    University,
    Government,
    SupportCenter,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        Self::NpoCorporation,
        Self::CertifiedNpo,
        Self::VoluntaryGroup,
        Self::Company,
        Self::University,
        Self::Government,
        Self::SupportCenter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NpoCorporation => "npo_corporation",
            Self::CertifiedNpo => "certified_npo",
            Self::VoluntaryGroup => "voluntary_group",
            Self::Company => "company",
            Self::University => "university",
            Self::Government => "government",
            Self::SupportCenter => "support_center",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::NpoCorporation => "NPO法人",
            Self::CertifiedNpo => "認定NPO法人",
            Self::VoluntaryGroup => "任意団体",
            Self::Company => "企業",
            Self::University => "大学等",
            Self::Government => "行政",
            Self::SupportCenter => "支援センター",
        }
    }

    /// 県民活動団体 in the guide's sense.
    pub fn is_civic_group(self) -> bool {
        matches!(self, Self::NpoCorporation | Self::CertifiedNpo | Self::VoluntaryGroup)
    }
}

/// A member's role within one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberRole {
    Viewer,
    Editor,
    Owner,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "viewer" => Some(Self::Viewer),
            "editor" => Some(Self::Editor),
            "owner" => Some(Self::Owner),
            _ => None,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Viewer => "閲覧者",
            Self::Editor => "編集者",
            Self::Owner => "オーナー",
        }
    }
}

/// A municipality of Yamaguchi, by its official name (e.g. 「下松市」).
pub fn parse_municipality(field: &str, input: &str) -> Result<Option<String>, FieldError> {
    let s = text::clean(input, false);
    if s.is_empty() {
        return Ok(None);
    }
    if catalog().is_yamaguchi_municipality(&s) {
        Ok(Some(s))
    } else {
        Err(FieldError::new(
            field,
            "unknown_municipality",
            format!("「{s}」は山口県の市町ではありません。一覧から選んでください。"),
        ))
    }
}

/// The organisation form as typed in the web UI or API.
#[derive(Debug, Default, Clone)]
pub struct OrganizationInput {
    pub kind: String,
    pub name: String,
    pub name_kana: Option<String>,
    pub municipality: Option<String>,
    pub mission: Option<String>,
    pub activities: Option<String>,
    pub website: Option<String>,
}

/// A new organisation, valid in every field.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrganization {
    pub kind: OrgKind,
    pub name: String,
    pub name_kana: Option<String>,
    pub municipality: Option<String>,
    pub mission: Option<String>,
    pub activities: Option<String>,
    pub website: Option<String>,
}

pub const NAME_MAX: usize = 100;
pub const LONG_TEXT_MAX: usize = 4000;

pub fn parse_kind(field: &str, input: &str) -> Result<OrgKind, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "required", "団体の種類を選んでください。"));
    }
    OrgKind::parse(input.trim()).ok_or_else(|| {
        FieldError::new(
            field,
            "unknown_kind",
            "団体の種類が正しくありません。一覧から選んでください。",
        )
    })
}

pub fn parse_website(field: &str, input: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(s) = text::optional(field, "ウェブサイト", input, 500, false)? else {
        return Ok(None);
    };
    let s = text::to_halfwidth_ascii(&s);
    match url::Url::parse(&s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(Some(s)),
        _ => Err(FieldError::new(
            field,
            "invalid_url",
            "ウェブサイトは http:// または https:// で始まるURLで入力してください。",
        )),
    }
}

impl NewOrganization {
    pub fn parse(input: &OrganizationInput) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let kind = e.check(parse_kind("kind", &input.kind));
        let name = e.check(text::required("name", "団体名", &input.name, NAME_MAX));
        let name_kana = e.check(text::optional(
            "name_kana",
            "フリガナ",
            input.name_kana.as_deref(),
            NAME_MAX,
            false,
        ));
        let municipality = e.check(parse_municipality(
            "municipality",
            input.municipality.as_deref().unwrap_or(""),
        ));
        let mission = e.check(text::optional(
            "mission",
            "ミッション",
            input.mission.as_deref(),
            LONG_TEXT_MAX,
            true,
        ));
        let activities = e.check(text::optional(
            "activities",
            "活動内容",
            input.activities.as_deref(),
            LONG_TEXT_MAX,
            true,
        ));
        let website = e.check(parse_website("website", input.website.as_deref()));
        match (kind, name, name_kana, municipality, mission, activities, website) {
            (
                Some(kind),
                Some(name),
                Some(name_kana),
                Some(municipality),
                Some(mission),
                Some(activities),
                Some(website),
            ) if e.0.is_empty() => Ok(Self {
                kind,
                name,
                name_kana,
                municipality,
                mission,
                activities,
                website,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, name: &str, municipality: &str) -> OrganizationInput {
        OrganizationInput {
            kind: kind.into(),
            name: name.into(),
            municipality: Some(municipality.into()),
            ..Default::default()
        }
    }

    #[test]
    fn every_kind_round_trips() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(OrgKind::ALL.iter().filter(|k| k.is_civic_group()).count(), 3);
    }

    #[test]
    fn a_municipality_outside_yamaguchi_is_refused() {
        let err = NewOrganization::parse(&input("company", "株式会社テスト", "広島市")).unwrap_err();
        assert_eq!(
            err.for_field("municipality").map(|e| e.code),
            Some("unknown_municipality")
        );
        let ok = NewOrganization::parse(&input("company", "株式会社テスト", "下松市")).unwrap();
        assert_eq!(ok.municipality.as_deref(), Some("下松市"));
    }

    #[test]
    fn empty_and_overlong_names_and_bad_kinds_are_reported_together() {
        let err = NewOrganization::parse(&input("club", "", "")).unwrap_err();
        assert!(err.for_field("kind").is_some());
        assert_eq!(err.for_field("name").map(|e| e.code), Some("required"));
        let long = "団".repeat(NAME_MAX + 1);
        let err = NewOrganization::parse(&input("company", &long, "")).unwrap_err();
        assert_eq!(err.for_field("name").map(|e| e.code), Some("too_long"));
    }

    #[test]
    fn websites_must_be_http_urls() {
        assert!(parse_website("w", Some("javascript:alert(1)")).is_err());
        assert!(parse_website("w", Some("ｈｔｔｐｓ://example.jp")).is_ok());
        assert_eq!(parse_website("w", Some("")).unwrap(), None);
    }
}
