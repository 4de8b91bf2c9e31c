//! アンケート: a survey's questions (the definition), its settings, and the rules that keep it
//! answerable. A question's key (`q1`, `q2`, …) never changes once given, so answers stay tied
//! to it however the questions are reordered; the questions are fixed once answers are taken.

pub mod answers;
pub mod change;
pub mod export;
pub mod invitations;
mod question;
pub mod results;
pub mod templates;
pub mod tips;

pub use question::{QuestionInput, condition_choices};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{FieldError, Invalid, fields};

/// Whom a survey asks (the guide's 受益者アンケート, 協働メンバーアンケート and the survey of
/// everyone involved, volunteers included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Beneficiaries,
    Members,
    Volunteers,
}

impl Audience {
    pub const ALL: [Self; 3] = [Self::Beneficiaries, Self::Members, Self::Volunteers];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beneficiaries => "beneficiaries",
            Self::Members => "members",
            Self::Volunteers => "volunteers",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Beneficiaries => "受益者",
            Self::Members => "協働メンバー",
            Self::Volunteers => "ボランティア・関係者",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }
}

/// Where a survey is in its life: questions change only while it is a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Open,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Draft => "準備中",
            Self::Open => "回答受付中",
            Self::Closed => "締切済み",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Draft, Self::Open, Self::Closed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// One of the options.
    Single {
        options: Vec<String>,
    },
    /// Any of the options.
    Multiple {
        options: Vec<String>,
    },
    /// 1 to 5, with words for both ends (「そう思わない」…「そう思う」).
    Scale {
        low: String,
        high: String,
    },
    /// A number, with its unit (人, 回, 円 …).
    Number {
        unit: String,
    },
    ShortText,
    LongText,
    Date,
}

impl Kind {
    pub const NAMES: [(&'static str, &'static str); 7] = [
        ("single", "ひとつ選ぶ"),
        ("multiple", "いくつでも選ぶ"),
        ("scale", "5段階"),
        ("number", "数"),
        ("short_text", "短い文"),
        ("long_text", "長い文"),
        ("date", "日付"),
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Single { .. } => "single",
            Self::Multiple { .. } => "multiple",
            Self::Scale { .. } => "scale",
            Self::Number { .. } => "number",
            Self::ShortText => "short_text",
            Self::LongText => "long_text",
            Self::Date => "date",
        }
    }

    pub fn label_ja(&self) -> &'static str {
        let id = self.as_str();
        Self::NAMES.iter().find(|(k, _)| *k == id).map_or("", |(_, l)| l)
    }

    /// The options a respondent picks from: a choice's options, or a scale's five points.
    pub fn choices(&self) -> Vec<String> {
        match self {
            Self::Single { options } | Self::Multiple { options } => options.clone(),
            Self::Scale { low, high } => (1..=5)
                .map(|n| match n {
                    1 => format!("1（{low}）"),
                    5 => format!("5（{high}）"),
                    n => n.to_string(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Free text: personal, never in public outputs.
    pub fn is_text(&self) -> bool {
        matches!(self, Self::ShortText | Self::LongText)
    }
}

/// Show a question only when an earlier choice question was answered with this option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    /// The option's position (0-based; a scale's point minus one).
    pub option: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    /// The section heading it starts or continues (empty: none).
    #[serde(default)]
    pub section: String,
    pub text: String,
    #[serde(default)]
    pub help: String,
    pub kind: Kind,
    pub required: bool,
    #[serde(default)]
    pub show_if: Option<Condition>,
}

/// The questions, in the order asked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub questions: Vec<Question>,
}

/// At most this many questions: a longer survey is not finished by the people it asks.
pub const MAX_QUESTIONS: usize = 60;

/// How a question moves in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

impl Definition {
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// The key the next question gets: one past the highest ever given here.
    pub fn next_key(&self) -> String {
        let n = self
            .questions
            .iter()
            .filter_map(|q| q.key.strip_prefix('q')?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("q{}", n + 1)
    }

    /// Adds a question at the end (its key given here).
    pub fn add(&mut self, mut q: Question) -> Result<String, Invalid> {
        if self.questions.len() >= MAX_QUESTIONS {
            return Err(Invalid::one(FieldError::new(
                "text",
                "too_many",
                format!("設問は{MAX_QUESTIONS}問までです。"),
            )));
        }
        q.key = self.next_key();
        let key = q.key.clone();
        self.try_edit(|d| d.questions.push(q))?;
        Ok(key)
    }

    /// Replaces a question's content, keeping its key and place.
    pub fn replace(&mut self, key: &str, mut q: Question) -> Result<(), Invalid> {
        let i = self.position(key)?;
        q.key = key.to_owned();
        self.try_edit(|d| d.questions[i] = q)
    }

    /// Removes a question; one that others are shown by cannot go first.
    pub fn remove(&mut self, key: &str) -> Result<(), Invalid> {
        let i = self.position(key)?;
        if let Some(d) = self.dependants(key).first() {
            return Err(Invalid::one(FieldError::new(
                "question",
                "in_use",
                format!(
                    "この設問は「{}」を表示する条件に使われています。先にその条件を外してください。",
                    d.text
                ),
            )));
        }
        self.questions.remove(i);
        Ok(())
    }

    /// Moves a question one place; a move that would put a question before its condition is
    /// refused.
    pub fn shift(&mut self, key: &str, to: Move) -> Result<(), Invalid> {
        let i = self.position(key)?;
        let j = match to {
            Move::Up if i > 0 => i - 1,
            Move::Down if i + 1 < self.questions.len() => i + 1,
            _ => return Ok(()),
        };
        self.try_edit(|d| d.questions.swap(i, j))
    }

    /// Applies `edit` only if the result still checks: a refused edit leaves it as it was.
    fn try_edit(&mut self, edit: impl FnOnce(&mut Self)) -> Result<(), Invalid> {
        let mut next = self.clone();
        edit(&mut next);
        next.check()?;
        *self = next;
        Ok(())
    }

    fn position(&self, key: &str) -> Result<usize, Invalid> {
        self.questions
            .iter()
            .position(|q| q.key == key)
            .ok_or_else(|| Invalid::one(FieldError::new("question", "not_found", "その設問はありません。")))
    }

    fn dependants(&self, key: &str) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| q.show_if.as_ref().is_some_and(|c| c.question == key))
            .collect()
    }

    /// Every condition names an earlier question with options, and one of its options.
    pub fn check(&self) -> Result<(), Invalid> {
        for (i, q) in self.questions.iter().enumerate() {
            let Some(c) = &q.show_if else { continue };
            let ok = self.questions[..i]
                .iter()
                .find(|p| p.key == c.question)
                .is_some_and(|p| c.option < p.kind.choices().len());
            if !ok {
                return Err(Invalid::one(FieldError::new(
                    "show_if",
                    "bad_condition",
                    "表示する条件には、この設問より前の選択式の設問とその選択肢を選んでください。",
                )));
            }
        }
        Ok(())
    }

    /// Whether `q` is shown, given the options chosen so far (key → chosen positions).
    pub fn shown(&self, q: &Question, chosen: &dyn Fn(&str) -> Vec<usize>) -> bool {
        match &q.show_if {
            None => true,
            Some(c) => {
                // A question hidden itself hides the ones it shows.
                self.question(&c.question)
                    .is_some_and(|p| self.shown(p, chosen) && chosen(&c.question).contains(&c.option))
            }
        }
    }
}

/// The settings as typed (form or API).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub title: String,
    /// `beneficiaries`, `members` or `volunteers`; several allowed (a form sends one per box).
    pub audiences: Vec<String>,
    pub intro: String,
    /// What the answers are used for (shown before the first question, as the APPI asks).
    pub purpose: String,
    /// The last day answers are taken (blank: until closed by hand).
    pub closes_on: String,
    /// Answers by a link anyone can open, without signing in.
    #[serde(deserialize_with = "fields::checkbox")]
    pub public_link: bool,
}

/// A survey's settings, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub title: String,
    pub audiences: Vec<Audience>,
    pub intro: String,
    pub purpose: String,
    pub closes_on: Option<Date>,
    pub public_link: bool,
}

impl SettingsInput {
    pub fn parse(&self) -> Result<Settings, Invalid> {
        let mut e = Invalid::default();
        let title = fields::text(&mut e, "title", "アンケートの名前", &self.title, 100, true);
        let mut audiences: Vec<Audience> = Vec::new();
        for a in &self.audiences {
            match Audience::parse(a) {
                Some(a) if !audiences.contains(&a) => audiences.push(a),
                Some(_) => {}
                None => e.push(FieldError::new(
                    "audiences",
                    "unknown",
                    "回答者の種類を選び直してください。",
                )),
            }
        }
        audiences.sort();
        if audiences.is_empty() && self.audiences.is_empty() {
            e.push(FieldError::new(
                "audiences",
                "required",
                "誰に聞くか（回答者）を選んでください。",
            ));
        }
        let intro = fields::text(&mut e, "intro", "はじめのことば", &self.intro, 2000, false);
        let purpose = fields::text(&mut e, "purpose", "回答の利用目的", &self.purpose, 1000, true);
        let closes_on = fields::optional_date(&mut e, "closes_on", "締切日", &self.closes_on);
        e.into_result(|| Settings {
            title,
            audiences,
            intro,
            purpose,
            closes_on,
            public_link: self.public_link,
        })
    }
}

impl Settings {
    /// Whether answers are taken on `today` for a survey in `status`.
    pub fn accepts(&self, status: Status, today: Date) -> bool {
        status == Status::Open && self.closes_on.is_none_or(|d| today <= d)
    }
}

#[cfg(test)]
mod tests;
