//! Indicators (KPI): progress against an agreed target, and whether it is on track — compared
//! with a straight path from the baseline at the start to the target at its due date.

use time::Date;

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
