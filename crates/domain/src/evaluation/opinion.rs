//! Third-party opinions (第三者意見): what someone outside the parties — a prefectural officer,
//! the support centre — says of the collaboration. A party may enter an opinion it received, or
//! invite the third party to write it in kyodo by a link of their own.

use serde::{Deserialize, Serialize};
use time::Date;

use super::Milestone;
use crate::account::Email;
use crate::errors::{FieldError, Invalid};
use crate::fields;

const OPINION_MAX: usize = 4000;

/// Who gives the opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    /// Their position (課長, センター長 …).
    pub role: String,
    pub organization: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdPartyOpinion {
    pub author: Author,
    pub milestone: Option<Milestone>,
    pub written_on: Date,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct AuthorInput {
    pub name: String,
    pub role: String,
    pub organization: String,
}

impl AuthorInput {
    fn parse(&self, e: &mut Invalid) -> Author {
        Author {
            name: fields::text(e, "name", "氏名", &self.name, 100, true),
            role: fields::text(e, "role", "役職", &self.role, 100, false),
            organization: fields::text(e, "organization", "所属", &self.organization, 200, true),
        }
    }
}

fn milestone(e: &mut Invalid, raw: &str) -> Option<Milestone> {
    match raw.trim() {
        "" => None,
        m => {
            let v = Milestone::parse(m);
            if v.is_none() {
                e.push(FieldError::new(
                    "milestone",
                    "unknown",
                    "評価の時期を選び直してください。",
                ));
            }
            v
        }
    }
}

/// An opinion as a party enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OpinionInput {
    #[serde(flatten)]
    pub author: AuthorInput,
    pub milestone: String,
    pub written_on: String,
    pub text: String,
}

impl OpinionInput {
    pub fn parse(&self) -> Result<ThirdPartyOpinion, Invalid> {
        let mut e = Invalid::default();
        let author = self.author.parse(&mut e);
        let milestone = milestone(&mut e, &self.milestone);
        let written_on = fields::required_date(&mut e, "written_on", "意見の日付", &self.written_on);
        let text = fields::text(&mut e, "text", "意見", &self.text, OPINION_MAX, true);
        match written_on {
            Some(written_on) if e.0.is_empty() => Ok(ThirdPartyOpinion {
                author,
                milestone,
                written_on,
                text,
            }),
            _ => Err(e),
        }
    }
}

/// An invitation to write an opinion in kyodo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionRequest {
    pub author: Author,
    pub email: Email,
    pub milestone: Option<Milestone>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct RequestInput {
    #[serde(flatten)]
    pub author: AuthorInput,
    pub email: String,
    pub milestone: String,
    /// A few words to the third party, sent with the link.
    pub message: String,
}

impl RequestInput {
    pub fn parse(&self) -> Result<OpinionRequest, Invalid> {
        let mut e = Invalid::default();
        let author = self.author.parse(&mut e);
        let email = e.check(Email::parse("email", &self.email));
        let milestone = milestone(&mut e, &self.milestone);
        let message = fields::text(&mut e, "message", "依頼のことば", &self.message, 1000, false);
        match email {
            Some(email) if e.0.is_empty() => Ok(OpinionRequest {
                author,
                email,
                milestone,
                message,
            }),
            _ => Err(e),
        }
    }
}

/// What the invited third party writes by their link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct WrittenInput {
    pub text: String,
}

impl WrittenInput {
    pub fn parse(&self) -> Result<String, Invalid> {
        let mut e = Invalid::default();
        let text = fields::text(&mut e, "text", "意見", &self.text, OPINION_MAX, true);
        e.into_result(|| text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opinion_names_who_and_when() {
        let ok = OpinionInput {
            author: AuthorInput {
                name: "山口 花子".into(),
                role: "主査".into(),
                organization: "山口県 県民生活課".into(),
            },
            milestone: "after".into(),
            written_on: "2027-04-20".into(),
            text: "地域の課題に企業の強みが生きた好例です。".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.milestone, Some(Milestone::After));
        let e = OpinionInput {
            milestone: "soon".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["name", "organization", "milestone", "written_on", "text"]);
    }

    #[test]
    fn a_request_needs_an_address() {
        let e = RequestInput {
            author: AuthorInput {
                name: "センター長".into(),
                organization: "やまぐち県民活動支援センター".into(),
                ..Default::default()
            },
            email: "not an address".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.0[0].field, "email");
        assert!(WrittenInput { text: "  ".into() }.parse().is_err());
    }
}
