//! Presentation helpers: times in Asia/Tokyo, with 和暦 beside the Western year (the domain's
//! `era` holds the rules; these are the names the templates use).

pub use kyodo_domain::era::{format_unix_date as date_ja, format_unix_datetime as datetime_ja, rfc3339};

#[cfg(test)]
mod tests {
    #[test]
    fn times_show_in_japan_time() {
        // 2026-11-23T15:30:00Z is 2026-11-24 00:30 in Japan.
        assert_eq!(super::datetime_ja(1_795_447_800), "令和8年（2026年）11月24日 00:30");
        assert_eq!(super::rfc3339(1_795_447_800), "2026-11-23T15:30:00Z");
    }
}
