//! 事前・事後: how a survey's results moved from its first wave to a later one. Each option's
//! share and each mean are compared where the question is the same in both waves (same key,
//! kind and options); for scales and numbers, the change per respondent where the same people
//! answered both (paired by the database).

use super::results::QuestionResult;
use super::{Definition, Kind};

/// The waves' names: the first is the baseline (事前), later ones follow up (事後).
pub fn wave_label(wave: i64) -> String {
    if wave <= 1 {
        "第1回（事前）".to_owned()
    } else {
        format!("第{wave}回（事後）")
    }
}

/// Respondents who answered a scale or number question in both waves.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Paired {
    pub n: i64,
    /// The mean of (later − first) over them.
    pub mean_change: f64,
    /// How many gave a higher value later, and a lower one.
    pub up: i64,
    pub down: i64,
}

impl Paired {
    pub fn same(&self) -> i64 {
        self.n - self.up - self.down
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionChange {
    pub label: String,
    pub before: f64,
    pub after: f64,
    /// Percentage points, later − first, one decimal.
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionChange {
    pub key: String,
    pub number: usize,
    pub text: String,
    pub before_n: i64,
    pub after_n: i64,
    /// Each option's share in both (empty when the options differ between the waves).
    pub options: Vec<OptionChange>,
    /// A scale's or number's mean in both, and its change.
    pub means: Option<(f64, f64, f64)>,
    pub unit: String,
    /// Whether the change per respondent can be measured (scales and numbers).
    pub pairable: bool,
    pub paired: Option<Paired>,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// The questions asked alike in both waves, in the later wave's order. Free text and dates are
/// not compared.
pub fn compare(
    first: &Definition,
    later: &Definition,
    before: &[QuestionResult],
    after: &[QuestionResult],
) -> Vec<QuestionChange> {
    after
        .iter()
        .filter_map(|a| {
            let q = later.question(&a.key)?;
            let p = first.question(&a.key)?;
            if q.kind.as_str() != p.kind.as_str() || q.kind.is_text() || matches!(q.kind, Kind::Date) {
                return None;
            }
            let b = before.iter().find(|b| b.key == a.key)?;
            let same_options = q.kind.choices() == p.kind.choices();
            let options = if same_options {
                a.options
                    .iter()
                    .zip(&b.options)
                    .map(|(oa, ob)| OptionChange {
                        label: oa.label.clone(),
                        before: ob.percent,
                        after: oa.percent,
                        points: round(oa.percent - ob.percent, 1),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let pairable = matches!(q.kind, Kind::Scale { .. } | Kind::Number { .. });
            let means = match (b.mean, a.mean) {
                (Some(x), Some(y)) if pairable && (same_options || matches!(q.kind, Kind::Number { .. })) => {
                    Some((x, y, round(y - x, 2)))
                }
                _ => None,
            };
            Some(QuestionChange {
                key: a.key.clone(),
                number: a.number,
                text: a.text.clone(),
                before_n: b.answered,
                after_n: a.answered,
                options,
                means,
                unit: a.unit.clone(),
                pairable,
                paired: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::survey::results::{Tallies, tabulate};
    use crate::evaluation::survey::templates;

    fn tallies(answered: i64, chosen: &[(usize, i64)]) -> Tallies {
        let mut t = Tallies {
            responses: answered,
            ..Tallies::default()
        };
        t.answered.insert("q1".into(), answered);
        for (o, n) in chosen {
            t.chosen.insert(("q1".into(), *o), *n);
        }
        t
    }

    #[test]
    fn shares_and_means_move_between_waves() {
        let (_, d) = templates::build(templates::find("beneficiaries").unwrap(), "x");
        assert!(
            matches!(d.questions[0].kind, Kind::Scale { .. }),
            "q1 is the satisfaction scale"
        );
        let before = tabulate(&d, &tallies(4, &[(1, 2), (2, 2)]));
        let after = tabulate(&d, &tallies(5, &[(3, 3), (4, 2)]));
        let change = compare(&d, &d, &before, &after);
        let q1 = change.iter().find(|c| c.key == "q1").unwrap();
        assert_eq!((q1.before_n, q1.after_n), (4, 5));
        assert_eq!(q1.means, Some((2.5, 4.4, 1.9)));
        assert_eq!(q1.options[1].points, -50.0, "option 2 went from 50% to none");
        assert_eq!(q1.options[3].points, 60.0);
        assert!(q1.pairable);
        assert!(change.iter().all(|c| c.key != "q3"), "free text is never compared");
    }

    #[test]
    fn a_question_changed_between_waves_is_not_compared_as_alike() {
        let (_, first) = templates::build(templates::find("beneficiaries").unwrap(), "x");
        let mut later = first.clone();
        later.questions[0].kind = Kind::Number { unit: "回".into() };
        let before = tabulate(&first, &tallies(1, &[(0, 1)]));
        let after = tabulate(&later, &Tallies::default());
        assert!(compare(&first, &later, &before, &after).iter().all(|c| c.key != "q1"));
        assert_eq!(wave_label(1), "第1回（事前）");
        assert_eq!(wave_label(3), "第3回（事後）");
    }
}
