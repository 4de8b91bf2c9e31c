//! 公開度 (disclosure level): how much an organisation has made public, in five steps, and what
//! would raise it. Modelled on CANPAN's ★ levels, but computed from the profile itself and its
//! freshness, and always saying what is missing for the next step.

use super::profile::Profile;

/// Facts beyond the profile that count toward disclosure.
#[derive(Debug, Clone, Copy, Default)]
pub struct Activity {
    pub track_records: usize,
    pub open_listings: usize,
    pub verified: bool,
    pub days_since_update: i64,
}

/// After this long without an update, the level is capped: stale information earns little trust.
pub const STALE_AFTER_DAYS: i64 = 365;
const STALE_CAP: u8 = 2;

pub const LEVEL_NAMES: [&str; 6] = [
    "未公開",
    "基本情報",
    "活動内容",
    "組織と実績",
    "協働の姿勢",
    "信頼の確認",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// 0 to 5.
    pub level: u8,
    /// What is missing for the next level (empty at 5).
    pub next_steps: Vec<&'static str>,
    pub stale: bool,
}

impl Disclosure {
    pub fn name(&self) -> &'static str {
        LEVEL_NAMES[usize::from(self.level)]
    }

    /// 「★★★☆☆」
    pub fn stars(&self) -> String {
        (0..5).map(|i| if i < self.level { '★' } else { '☆' }).collect()
    }
}

/// Requirements of each level, in order; a level counts only when all lower ones are met.
fn requirements(p: &Profile, a: &Activity) -> [Vec<(&'static str, bool)>; 5] {
    let civic = p.kind.is_some_and(super::OrgKind::is_civic_group);
    let reachable = p.website.is_some() || !p.social_links.is_empty() || (p.public_contact && p.email.is_some());
    [
        vec![
            ("ミッション（活動の目的）を書く", p.mission.is_some()),
            ("主な活動の市町を選ぶ", p.municipality.is_some()),
        ],
        vec![
            ("活動内容を書く", p.activities.is_some()),
            ("活動分野を1つ以上選ぶ", !p.fields.is_empty()),
            ("ウェブサイト、SNS、または公開の連絡先を載せる", reachable),
        ],
        vec![
            ("設立年月を入れる", p.founded.is_some()),
            (
                if civic {
                    "会員数を入れる"
                } else {
                    "従業員数を入れる"
                },
                p.members.is_some() || p.employees.is_some(),
            ),
            ("強みを1つ以上書く", !p.strengths.is_empty()),
            ("協働実績を1件以上登録する", a.track_records > 0),
        ],
        vec![
            ("受け入れられる協働の種類を選ぶ", !p.open_types.is_empty()),
            ("協働募集（ニーズか提供）を1件以上公開する", a.open_listings > 0),
            (
                if civic {
                    "SDGsの目標を1つ以上選ぶ"
                } else {
                    "CSR・社会貢献の方針を書く"
                },
                if civic {
                    !p.sdgs.is_empty()
                } else {
                    p.csr_policy.is_some()
                },
            ),
        ],
        vec![("支援センターのコーディネーターによる確認を受ける", a.verified)],
    ]
}

pub fn assess(p: &Profile, a: &Activity) -> Disclosure {
    let reqs = requirements(p, a);
    let mut level = 0u8;
    let mut next_steps = Vec::new();
    for (i, req) in reqs.iter().enumerate() {
        let missing: Vec<&'static str> = req.iter().filter(|(_, ok)| !ok).map(|(what, _)| *what).collect();
        if missing.is_empty() {
            level = u8::try_from(i + 1).unwrap_or(5);
        } else {
            next_steps = missing;
            break;
        }
    }
    let stale = a.days_since_update > STALE_AFTER_DAYS;
    if stale && level > STALE_CAP {
        level = STALE_CAP;
        next_steps = vec!["1年以上更新されていません。内容を確認して保存する"];
    }
    Disclosure {
        level,
        next_steps,
        stale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collaboration::CollaborationType;
    use crate::organization::OrgKind;

    fn full() -> (Profile, Activity) {
        let p = Profile {
            kind: Some(OrgKind::NpoCorporation),
            name: "NPO".into(),
            mission: Some("m".into()),
            municipality: Some("山口市".into()),
            activities: Some("a".into()),
            fields: vec![1],
            website: Some("https://example.jp".into()),
            founded: Some("2004-03".into()),
            members: Some(35),
            strengths: vec!["s".into()],
            open_types: vec![CollaborationType::Grant],
            sdgs: vec![3],
            ..Default::default()
        };
        (
            p,
            Activity {
                track_records: 1,
                open_listings: 1,
                verified: true,
                days_since_update: 10,
            },
        )
    }

    #[test]
    fn a_complete_verified_profile_is_level_five() {
        let (p, a) = full();
        let d = assess(&p, &a);
        assert_eq!((d.level, d.stars().as_str(), d.name()), (5, "★★★★★", "信頼の確認"));
        assert!(d.next_steps.is_empty());
    }

    #[test]
    fn each_missing_item_holds_the_level_and_is_named() {
        let (p, a) = full();
        let d = assess(
            &Profile {
                mission: None,
                ..p.clone()
            },
            &a,
        );
        assert_eq!(d.level, 0);
        assert_eq!(d.next_steps, ["ミッション（活動の目的）を書く"]);
        let d = assess(&p, &Activity { track_records: 0, ..a });
        assert_eq!(d.level, 2);
        assert_eq!(d.next_steps, ["協働実績を1件以上登録する"]);
        let d = assess(&p, &Activity { verified: false, ..a });
        assert_eq!(d.level, 4);
    }

    #[test]
    fn companies_need_a_csr_policy_instead_of_sdgs() {
        let (p, a) = full();
        let company = Profile {
            kind: Some(OrgKind::Company),
            sdgs: vec![],
            members: None,
            employees: Some(4021),
            ..p
        };
        assert_eq!(assess(&company, &a).next_steps, ["CSR・社会貢献の方針を書く"]);
    }

    #[test]
    fn stale_profiles_are_capped() {
        let (p, a) = full();
        let d = assess(
            &p,
            &Activity {
                days_since_update: 400,
                ..a
            },
        );
        assert_eq!(d.level, 2);
        assert!(d.stale);
    }
}
