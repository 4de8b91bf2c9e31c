//! Personal links: a respondent invited by address gets a link of their own, answers once by
//! it, and is reminded until they have. Who has answered is shown to the parties, never what.

use serde::Deserialize;

use super::Audience;
use crate::account::Email;
use crate::{FieldError, Invalid, text};

/// At most this many people in one invitation: a larger list is sent in parts.
pub const MAX_PER_SEND: usize = 300;

/// The people to invite as typed: one per line, 「名前 <address>」 or the address alone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InviteInput {
    pub people: String,
    pub audience: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub name: String,
    pub email: Email,
}

impl InviteInput {
    /// The invitees (each address once) and whom they are, from the survey's `offered` audiences.
    pub fn parse(&self, offered: &[Audience]) -> Result<(Audience, Vec<Invitee>), Invalid> {
        let mut e = Invalid::default();
        let audience = match offered {
            [one] if self.audience.trim().is_empty() => Some(*one),
            _ => Audience::parse(&self.audience).filter(|a| offered.contains(a)),
        };
        if audience.is_none() {
            e.push(FieldError::new(
                "audience",
                "required",
                "招待する人の立場を選んでください。",
            ));
        }
        let mut people: Vec<Invitee> = Vec::new();
        for (n, line) in self.people.lines().enumerate() {
            let line = text::clean(line, false);
            if line.is_empty() {
                continue;
            }
            let (name, address) = match (line.rfind('<'), line.ends_with('>')) {
                (Some(at), true) => (line[..at].trim().to_owned(), &line[at + 1..line.len() - 1]),
                _ => (String::new(), line.as_str()),
            };
            match Email::parse("people", address) {
                Ok(email) if !people.iter().any(|p| p.email == email) => people.push(Invitee { name, email }),
                Ok(_) => {}
                Err(_) => {
                    e.push(FieldError::new(
                        "people",
                        "invalid_email",
                        format!("{}行目のメールアドレス「{address}」が読み取れません。", n + 1),
                    ));
                    break;
                }
            }
        }
        if people.is_empty() && e.0.is_empty() {
            e.push(FieldError::new(
                "people",
                "required",
                "招待する人のメールアドレスを1行に1人ずつ入力してください。",
            ));
        } else if people.len() > MAX_PER_SEND {
            e.push(FieldError::new(
                "people",
                "too_many",
                format!("一度に招待できるのは{MAX_PER_SEND}人までです。"),
            ));
        }
        match audience {
            Some(a) if e.0.is_empty() => Ok((a, people)),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_invitees_once_each() {
        let input = InviteInput {
            people: "山田 花子 <hanako@example.jp>\n\n taro@example.jp \nＨＡＮＡＫＯ@example.jp".into(),
            audience: String::new(),
        };
        let (a, people) = input.parse(&[Audience::Volunteers]).unwrap();
        assert_eq!(a, Audience::Volunteers);
        assert_eq!(people.len(), 2, "the same address twice is one invitee: {people:?}");
        assert_eq!(people[0].name, "山田 花子");
        assert_eq!(people[1].email.as_str(), "taro@example.jp");
        let bad = InviteInput {
            people: "ok@example.jp\nnot an address".into(),
            audience: "members".into(),
        };
        let e = bad.parse(&[Audience::Volunteers, Audience::Members]).unwrap_err();
        assert_eq!(e.0[0].field, "people");
        assert!(e.0[0].message.contains("2行目"));
        assert_eq!(
            InviteInput::default()
                .parse(&[Audience::Members, Audience::Volunteers])
                .unwrap_err()
                .0[0]
                .field,
            "audience"
        );
    }
}
