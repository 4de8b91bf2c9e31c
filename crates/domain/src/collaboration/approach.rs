//! The approach log (Action III): each contact with the partner — when, how, whom you met (the key
//! person marked), what was said, the partner's opinion, and the next step with its due date.
//! The people met are personal data: the web layer shows them to the collaborating organisations'
//! members only.

use serde::Deserialize;
use time::Date;

use crate::errors::{FieldError, Invalid};
use crate::fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    InPerson,
    Phone,
    Email,
    Online,
    Event,
    Other,
}

impl Channel {
    pub const ALL: [Self; 6] = [
        Self::InPerson,
        Self::Phone,
        Self::Email,
        Self::Online,
        Self::Event,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Online => "online",
            Self::Event => "event",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::InPerson => "訪問・面談",
            Self::Phone => "電話",
            Self::Email => "メール",
            Self::Online => "オンライン会議",
            Self::Event => "イベント・交流会",
            Self::Other => "その他",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub date: Date,
    pub channel: Channel,
    /// 会った人 (personal data).
    pub people: String,
    /// キーパーソン, if identified (personal data).
    pub key_person: String,
    pub said: String,
    pub partner_opinion: String,
    pub next_step: String,
    pub next_due: Option<Date>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub date: String,
    pub channel: String,
    pub people: String,
    pub key_person: String,
    pub said: String,
    pub partner_opinion: String,
    pub next_step: String,
    pub next_due: String,
}

const TEXT_MAX: usize = 2000;
const NAME_MAX: usize = 200;

impl ContactInput {
    pub fn parse(&self) -> Result<Contact, Invalid> {
        let mut e = Invalid::default();
        let date = fields::required_date(&mut e, "date", "日付", &self.date);
        let channel = Channel::parse(self.channel.trim());
        if channel.is_none() {
            e.push(FieldError::new("channel", "invalid", "方法を選んでください。"));
        }
        let mut t =
            |field: &str, label: &str, raw: &str, max: usize| fields::text(&mut e, field, label, raw, max, false);
        let people = t("people", "会った人", &self.people, NAME_MAX);
        let key_person = t("key_person", "キーパーソン", &self.key_person, NAME_MAX);
        let said = t("said", "伝えたこと・話したこと", &self.said, TEXT_MAX);
        let partner_opinion = t("partner_opinion", "相手の意見", &self.partner_opinion, TEXT_MAX);
        let next_step = t("next_step", "次にすること", &self.next_step, TEXT_MAX);
        if said.is_empty() && partner_opinion.is_empty() {
            e.push(FieldError::required("said", "伝えたこと・話したこと"));
        }
        let next_due = fields::optional_date(&mut e, "next_due", "次の期限", &self.next_due);
        if let (Some(d), Some(due)) = (date, next_due)
            && due < d
        {
            e.push(FieldError::new(
                "next_due",
                "before_contact",
                "次の期限は、この接触の日付より後にしてください。",
            ));
        }
        if next_due.is_some() && next_step.is_empty() {
            e.push(FieldError::required("next_step", "次にすること"));
        }
        match (date, channel) {
            (Some(date), Some(channel)) if e.0.is_empty() => Ok(Contact {
                date,
                channel,
                people,
                key_person,
                said,
                partner_opinion,
                next_step,
                next_due,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ContactInput {
        ContactInput {
            date: "２０２６年１１月２４日".into(),
            channel: "in_person".into(),
            people: "CSR推進室 室長".into(),
            key_person: "CSR推進室 室長".into(),
            said: "団体の活動と実績、協働したい理由を説明".into(),
            partner_opinion: "社員の参加は5名程度なら可能".into(),
            next_step: "企画書を直して再提案".into(),
            next_due: "2026-12-10".into(),
        }
    }

    #[test]
    fn a_contact_as_typed() {
        let c = input().parse().unwrap();
        assert_eq!(c.date.to_string(), "2026-11-24");
        assert_eq!(c.channel.label_ja(), "訪問・面談");
    }

    #[test]
    fn dates_out_of_order_and_missing_parts_are_named() {
        let mut i = input();
        i.next_due = "2026-11-01".into();
        assert_eq!(i.parse().unwrap_err().0[0].code, "before_contact");
        let bad = ContactInput {
            date: "2026-02-30".into(),
            channel: "fax".into(),
            ..ContactInput::default()
        };
        let fields: Vec<String> = bad.parse().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["date", "channel", "said"]);
    }
}
