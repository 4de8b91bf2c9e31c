//! Results while a survey runs, from counts the database made: per option the count and its
//! share of those who answered the question (each option on its own, so a multiple choice may
//! add up to more than 100%), a scale's mean and distribution, a number's mean and range.

use std::collections::HashMap;

use super::{Definition, Kind};

/// The database's counts for one survey (and filter).
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    pub responses: i64,
    /// Question key → responses that answered it.
    pub answered: HashMap<String, i64>,
    /// (question key, option position) → how many chose it.
    pub chosen: HashMap<(String, usize), i64>,
    /// Question key → (mean, min, max) of the numbers given.
    pub numbers: HashMap<String, (f64, f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionResult {
    pub label: String,
    pub count: i64,
    /// Of those who answered the question, 0–100, one decimal.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    pub key: String,
    pub number: usize,
    pub text: String,
    pub kind: &'static str,
    pub answered: i64,
    pub options: Vec<OptionResult>,
    /// A scale's mean point (1–5) or a number's mean.
    pub mean: Option<f64>,
    pub range: Option<(f64, f64)>,
    pub unit: String,
    pub free_text: bool,
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Each question's result, in the survey's order.
pub fn tabulate(d: &Definition, t: &Tallies) -> Vec<QuestionResult> {
    d.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let answered = t.answered.get(&q.key).copied().unwrap_or(0);
            let options: Vec<OptionResult> = q
                .kind
                .choices()
                .into_iter()
                .enumerate()
                .map(|(o, label)| {
                    let count = t.chosen.get(&(q.key.clone(), o)).copied().unwrap_or(0);
                    #[allow(clippy::cast_precision_loss)]
                    let percent = if answered > 0 {
                        one_decimal(count as f64 * 100.0 / answered as f64)
                    } else {
                        0.0
                    };
                    OptionResult { label, count, percent }
                })
                .collect();
            let (mean, range, unit) = match &q.kind {
                Kind::Scale { .. } if answered > 0 => {
                    #[allow(clippy::cast_precision_loss)]
                    let sum: f64 = options
                        .iter()
                        .enumerate()
                        .map(|(p, o)| (p + 1) as f64 * o.count as f64)
                        .sum();
                    #[allow(clippy::cast_precision_loss)]
                    let n = options.iter().map(|o| o.count).sum::<i64>() as f64;
                    (Some(((sum / n) * 100.0).round() / 100.0), None, String::new())
                }
                Kind::Number { unit } => match t.numbers.get(&q.key) {
                    Some((mean, min, max)) => (Some((mean * 100.0).round() / 100.0), Some((*min, *max)), unit.clone()),
                    None => (None, None, unit.clone()),
                },
                _ => (None, None, String::new()),
            };
            QuestionResult {
                key: q.key.clone(),
                number: i + 1,
                text: q.text.clone(),
                kind: q.kind.label_ja(),
                answered,
                options,
                mean,
                range,
                unit,
                free_text: q.kind.is_text(),
            }
        })
        .collect()
}
