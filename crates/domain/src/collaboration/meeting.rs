//! Meetings (定例会) and their minutes (議事録) with action items. The guide's collective-impact
//! advice is built in: a meeting states why it is held and what must be discussed.

use serde::Deserialize;
use time::{Date, PrimitiveDateTime, Time};

use crate::errors::{FieldError, Invalid};
use crate::{fields, text};

const TEXT_MAX: usize = 4000;
const ROW_MAX: usize = 400;
const MAX_ITEMS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub starts_at: PrimitiveDateTime,
    pub place: String,
    pub online_url: Option<String>,
    pub purpose: String,
    pub issues: String,
    pub participants: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingInput {
    pub date: String,
    pub time: String,
    pub place: String,
    pub online_url: String,
    pub purpose: String,
    pub issues: String,
    pub participants: String,
}

/// 「14:30」「１４：３０」.
fn parse_time(raw: &str) -> Option<Time> {
    let s = text::to_halfwidth_ascii(raw.trim()).replace('：', ":");
    let (h, m) = s.split_once(':')?;
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

impl MeetingInput {
    pub fn parse(&self) -> Result<NewMeeting, Invalid> {
        let mut e = Invalid::default();
        let date = fields::required_date(&mut e, "date", "日付", &self.date);
        let time = if self.time.trim().is_empty() {
            Some(Time::MIDNIGHT)
        } else {
            let t = parse_time(&self.time);
            if t.is_none() {
                e.push(FieldError::new(
                    "time",
                    "invalid_time",
                    "時刻は「14:30」のように入力してください。",
                ));
            }
            t
        };
        let place = fields::text(&mut e, "place", "場所", &self.place, ROW_MAX, false);
        let url = text::clean(&self.online_url, false);
        let online_url = if url.is_empty() {
            None
        } else if url::Url::parse(&url).is_ok_and(|u| matches!(u.scheme(), "https" | "http")) {
            Some(url)
        } else {
            e.push(FieldError::new(
                "online_url",
                "invalid_url",
                "オンラインのURLは https:// から始まるURLで入力してください。",
            ));
            None
        };
        if place.is_empty() && online_url.is_none() && !e.0.iter().any(|x| x.field == "online_url") {
            e.push(FieldError::new(
                "place",
                "required",
                "場所またはオンラインのURLを入力してください。",
            ));
        }
        let purpose = fields::text(&mut e, "purpose", "開催の目的", &self.purpose, TEXT_MAX, true);
        let issues = fields::text(&mut e, "issues", "話し合うこと", &self.issues, TEXT_MAX, true);
        let participants = fields::text(&mut e, "participants", "参加者", &self.participants, ROW_MAX, false);
        match (date, time) {
            (Some(d), Some(t)) if e.0.is_empty() => Ok(NewMeeting {
                starts_at: PrimitiveDateTime::new(d, t),
                place,
                online_url,
                purpose,
                issues,
                participants,
            }),
            _ => Err(e),
        }
    }
}

/// One action item as decided: what, who (a person and the party), by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActionItem {
    pub title: String,
    pub owner_name: String,
    pub organization_id: i64,
    pub due: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minutes {
    pub decisions: String,
    pub discussion: String,
    pub items: Vec<NewActionItem>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub title: String,
    pub owner_name: String,
    pub organization: String,
    pub due: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MinutesInput {
    pub decisions: String,
    pub discussion: String,
    pub items: Vec<ItemInput>,
}

impl MinutesInput {
    /// `parties`: the organisations an item may be assigned to; `held`: the meeting's date (an
    /// item cannot be due before the meeting that decided it).
    pub fn parse(&self, parties: &[i64], held: Date) -> Result<Minutes, Invalid> {
        let mut e = Invalid::default();
        let decisions = fields::text(&mut e, "decisions", "決まったこと", &self.decisions, TEXT_MAX, true);
        let discussion = fields::text(
            &mut e,
            "discussion",
            "話し合った内容",
            &self.discussion,
            TEXT_MAX,
            false,
        );
        let rows: Vec<(usize, &ItemInput)> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, r)| ![&r.title, &r.owner_name, &r.due].iter().all(|x| x.trim().is_empty()))
            .collect();
        if rows.len() > MAX_ITEMS {
            e.push(FieldError::new(
                "items",
                "too_many",
                format!("宿題は{MAX_ITEMS}件までです。"),
            ));
        }
        let mut items = Vec::new();
        for (i, r) in rows.into_iter().take(MAX_ITEMS) {
            let at = |f: &str| format!("items[{i}].{f}");
            let title = fields::text(&mut e, &at("title"), "宿題", &r.title, ROW_MAX, true);
            let owner_name = fields::text(&mut e, &at("owner_name"), "担当者", &r.owner_name, 100, true);
            let org = text::to_halfwidth_ascii(r.organization.trim())
                .parse::<i64>()
                .ok()
                .filter(|o| parties.contains(o));
            if org.is_none() {
                e.push(FieldError::new(
                    at("organization"),
                    "invalid",
                    "担当の団体を選んでください。",
                ));
            }
            let due = fields::required_date(&mut e, &at("due"), "期限", &r.due).filter(|d| *d >= held);
            if due.is_none() && e.for_field(&at("due")).is_none() {
                e.push(FieldError::new(
                    at("due"),
                    "before_meeting",
                    "期限は会議の日より後にしてください。",
                ));
            }
            if let (Some(organization_id), Some(due)) = (org, due) {
                items.push(NewActionItem {
                    title,
                    owner_name,
                    organization_id,
                    due,
                });
            }
        }
        e.into_result(|| Minutes {
            decisions,
            discussion,
            items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_meeting_states_why_and_what_and_where() {
        let m = MeetingInput {
            date: "2027-05-10".into(),
            time: "１８：３０".into(),
            place: "公民館".into(),
            purpose: "種まきの段取りを決める".into(),
            issues: "参加人数、道具の手配".into(),
            ..MeetingInput::default()
        }
        .parse()
        .unwrap();
        assert_eq!(m.starts_at.to_string(), "2027-05-10 18:30:00.0");
        let e = MeetingInput {
            date: "2027-05-10".into(),
            online_url: "javascript:alert(1)".into(),
            ..MeetingInput::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["online_url", "purpose", "issues"]);
    }

    #[test]
    fn minutes_items_go_to_a_party_after_the_meeting() {
        let input = MinutesInput {
            decisions: "5月20日に種まき".into(),
            discussion: String::new(),
            items: vec![
                ItemInput {
                    title: "種を注文する".into(),
                    owner_name: "山田".into(),
                    organization: "1".into(),
                    due: "2027-05-15".into(),
                },
                ItemInput {
                    title: "社内で参加者を募る".into(),
                    owner_name: "佐藤".into(),
                    organization: "9".into(),
                    due: "2027-05-01".into(),
                },
                ItemInput::default(),
            ],
        };
        let e = input.parse(&[1, 2], date!(2027 - 05 - 10)).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["items[1].organization", "items[1].due"]);
        let mut ok = input.clone();
        ok.items[1].organization = "2".into();
        ok.items[1].due = "2027-05-12".into();
        assert_eq!(ok.parse(&[1, 2], date!(2027 - 05 - 10)).unwrap().items.len(), 2);
    }
}
