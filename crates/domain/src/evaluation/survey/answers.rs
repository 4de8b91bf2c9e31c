//! A respondent's answers, checked against the questions: each shown question answered as its
//! kind asks (required ones answered), hidden ones dropped, consent to the stated purpose given.

use time::Date;

use super::{Audience, Definition, Kind};
use crate::{FieldError, Invalid, fields, text};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Chosen options' positions (one for a single choice; a scale's point minus one).
    Choices(Vec<usize>),
    Number(f64),
    Text(String),
    Date(Date),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub key: String,
    pub value: Value,
}

/// One response, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub audience: Audience,
    pub answers: Vec<Answer>,
}

/// The field a form ticks to consent, and the hidden one only a bot fills.
pub const CONSENT: &str = "consent";
pub const AUDIENCE: &str = "audience";

/// Checks `form` (field → value, a field once per chosen option) against `d`. `audience` is
/// known from how the person answers (a member, a personal link); otherwise they choose it from
/// `offered`.
pub fn parse(
    d: &Definition,
    form: &[(String, String)],
    audience: Option<Audience>,
    offered: &[Audience],
) -> Result<Response, Invalid> {
    let mut e = Invalid::default();
    let values = |key: &str| -> Vec<&str> {
        form.iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    };
    if !values(CONSENT)
        .iter()
        .any(|v| matches!(*v, "on" | "1" | "true" | "yes"))
    {
        e.push(FieldError::new(
            CONSENT,
            "required",
            "回答の利用目的をお読みのうえ、同意の欄にチェックしてください。",
        ));
    }
    let audience = audience.or_else(|| match offered {
        [one] => Some(*one),
        _ => {
            let a = values(AUDIENCE)
                .first()
                .and_then(|v| Audience::parse(v))
                .filter(|a| offered.contains(a));
            if a.is_none() {
                e.push(FieldError::new(AUDIENCE, "required", "あなたの立場を選んでください。"));
            }
            a
        }
    });
    // Options chosen, as typed, for the conditions (an unreadable one counts as not chosen).
    let chosen = |key: &str| -> Vec<usize> { values(key).iter().filter_map(|v| v.parse().ok()).collect() };
    let mut answers = Vec::new();
    for q in &d.questions {
        if !d.shown(q, &chosen) {
            continue;
        }
        let given = values(&q.key);
        if given.is_empty() {
            if q.required {
                e.push(FieldError::new(&q.key, "required", "この設問にお答えください。"));
            }
            continue;
        }
        let bad = |msg: &str| FieldError::new(&q.key, "invalid", msg);
        let value = match &q.kind {
            Kind::Single { .. } | Kind::Scale { .. } | Kind::Multiple { .. } => {
                let n = q.kind.choices().len();
                let mut picks: Vec<usize> = Vec::new();
                for v in &given {
                    match v.parse::<usize>().ok().filter(|i| *i < n) {
                        Some(i) if !picks.contains(&i) => picks.push(i),
                        Some(_) => {}
                        None => {
                            e.push(bad("選択肢から選んでください。"));
                            picks.clear();
                            break;
                        }
                    }
                }
                if picks.len() > 1 && !matches!(q.kind, Kind::Multiple { .. }) {
                    e.push(bad("ひとつだけ選んでください。"));
                    continue;
                }
                if picks.is_empty() {
                    continue;
                }
                picks.sort_unstable();
                Value::Choices(picks)
            }
            Kind::Number { .. } => {
                let raw = text::to_halfwidth_ascii(given[0]).replace([',', '，'], "");
                match raw.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() < 1e12) {
                    Some(v) => Value::Number(v),
                    None => {
                        e.push(bad("数字で入力してください（例：12）。"));
                        continue;
                    }
                }
            }
            Kind::ShortText | Kind::LongText => {
                let max = if matches!(q.kind, Kind::ShortText) { 200 } else { 4000 };
                let v = text::clean(given[0], matches!(q.kind, Kind::LongText));
                if text::grapheme_len(&v) > max {
                    e.push(FieldError::too_long(&q.key, "この回答", max));
                    continue;
                }
                if v.is_empty() {
                    continue;
                }
                Value::Text(v)
            }
            Kind::Date => match fields::parse_date(&q.key, "日付", given[0]) {
                Ok(Some(d)) => Value::Date(d),
                Ok(None) => continue,
                Err(x) => {
                    e.push(x);
                    continue;
                }
            },
        };
        answers.push(Answer {
            key: q.key.clone(),
            value,
        });
    }
    match audience {
        Some(audience) if e.0.is_empty() => Ok(Response { audience, answers }),
        _ => Err(e),
    }
}
