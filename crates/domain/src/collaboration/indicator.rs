//! Indicators (KPI): progress against an agreed target, and whether it is on track — compared
//! with a straight path from the baseline at the start to the target at its due date.

use serde::Deserialize;
use time::Date;

use crate::{FieldError, Invalid, fields, text};

/// A progress entry as typed: the date it was measured, the value, and how it was checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EntryInput {
    pub entry_date: String,
    pub value: String,
    pub source: String,
}

/// A progress entry, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub date: Date,
    pub value: f64,
    pub source: String,
}

impl EntryInput {
    pub fn parse(&self) -> Result<Entry, Invalid> {
        let mut e = Invalid::default();
        let date = fields::required_date(&mut e, "entry_date", "日付", &self.entry_date);
        let value = text::to_halfwidth_ascii(self.value.trim())
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0);
        if value.is_none() {
            e.push(FieldError::new(
                "value",
                "not_a_number",
                "実績値は0以上の数で入力してください。",
            ));
        }
        let source = text::clean(&self.source, false);
        if source.is_empty() {
            e.push(FieldError::required("source", "出典（何で確かめたか）"));
        } else if text::grapheme_len(&source) > 200 {
            e.push(FieldError::too_long("source", "出典", 200));
        }
        match (date, value) {
            (Some(date), Some(value)) if e.0.is_empty() => Ok(Entry { date, value, source }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    /// No progress entered yet.
    NoData,
    OnTrack,
    /// Behind the straight path by more than a tenth of the way.
    OffTrack,
    Reached,
}

impl Track {
    pub fn label_ja(self) -> &'static str {
        match self {
            Self::NoData => "記録なし",
            Self::OnTrack => "順調",
            Self::OffTrack => "遅れ",
            Self::Reached => "達成",
        }
    }
}

/// Where the value should be on `on`, going straight from `baseline` (at `start`) to `target`
/// (at `due`).
pub fn expected(baseline: f64, target: f64, start: Date, due: Date, on: Date) -> f64 {
    let span = (due - start).whole_days();
    if span <= 0 || on >= due {
        return target;
    }
    let elapsed = (on - start).whole_days().max(0) as f64;
    baseline + (target - baseline) * elapsed / span as f64
}

/// The track of the latest value (`entries` in date order).
pub fn track(baseline: f64, target: f64, start: Date, due: Date, entries: &[(Date, f64)]) -> Track {
    let Some((on, value)) = entries.last().copied() else {
        return Track::NoData;
    };
    let rising = target >= baseline;
    let reached = if rising { value >= target } else { value <= target };
    if reached {
        return Track::Reached;
    }
    let should = expected(baseline, target, start, due, on);
    let slack = (target - baseline).abs() * 0.1;
    let behind = if rising {
        value < should - slack
    } else {
        value > should + slack
    };
    if behind { Track::OffTrack } else { Track::OnTrack }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_take_full_width_numbers_and_need_a_source() {
        let ok = EntryInput {
            entry_date: "２０２５-05-01".into(),
            value: "１,２００".into(),
            source: "参加者名簿".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.value, 1200.0);
        let bad = EntryInput {
            value: "-3".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["entry_date", "value", "source"]);
    }
    use time::macros::date;

    #[test]
    fn on_off_and_reached() {
        let (s, d) = (date!(2027 - 01 - 01), date!(2027 - 12 - 31));
        assert_eq!(track(0.0, 300.0, s, d, &[]), Track::NoData);
        // Half-way through the year, 150 expected: 140 is within a tenth of the way, 100 is not.
        assert_eq!(
            track(0.0, 300.0, s, d, &[(date!(2027 - 07 - 02), 140.0)]),
            Track::OnTrack
        );
        assert_eq!(
            track(0.0, 300.0, s, d, &[(date!(2027 - 07 - 02), 100.0)]),
            Track::OffTrack
        );
        assert_eq!(
            track(0.0, 300.0, s, d, &[(date!(2027 - 03 - 01), 310.0)]),
            Track::Reached
        );
        // A falling target (e.g. waste): below the path is good.
        assert_eq!(
            track(100.0, 50.0, s, d, &[(date!(2027 - 07 - 02), 70.0)]),
            Track::OnTrack
        );
        assert!((expected(0.0, 300.0, s, d, date!(2028 - 01 - 01)) - 300.0).abs() < 1e-9);
    }
}
