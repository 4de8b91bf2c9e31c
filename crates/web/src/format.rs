//! Presentation helpers: times in Asia/Tokyo, with 和暦 beside the Western year.

use time::{OffsetDateTime, UtcOffset};

const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

fn jst(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(JST)
}

/// 「令和8年（2026年）11月24日」
pub fn date_ja(unix: i64) -> String {
    kyodo_domain::era::format_date(jst(unix).date())
}

/// 「令和8年（2026年）11月24日 14:05」
pub fn datetime_ja(unix: i64) -> String {
    let t = jst(unix);
    format!("{} {:02}:{:02}", date_ja(unix), t.hour(), t.minute())
}

/// RFC 3339 in UTC, for the API and `<time datetime>`.
pub fn rfc3339(unix: i64) -> String {
    jst(unix)
        .to_offset(UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_show_in_japan_time() {
        // 2026-11-23T15:30:00Z is 2026-11-24 00:30 in Japan.
        assert_eq!(super::datetime_ja(1_795_447_800), "令和8年（2026年）11月24日 00:30");
        assert_eq!(super::rfc3339(1_795_447_800), "2026-11-23T15:30:00Z");
    }
}
