//! 和暦: Japanese era years beside the Western year, as officials expect on documents.

use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Japan's offset: times are stored in UTC and shown in Asia/Tokyo (no daylight saving).
const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

fn jst(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(JST)
}

/// A stored time (UTC unix seconds) as its day in Japan: 「令和8年（2026年）11月24日」.
pub fn format_unix_date(unix: i64) -> String {
    format_date(jst(unix).date())
}

/// A stored time as 「令和8年（2026年）11月24日 14:05」, Japan time.
pub fn format_unix_datetime(unix: i64) -> String {
    let t = jst(unix);
    format!("{} {:02}:{:02}", format_date(t.date()), t.hour(), t.minute())
}

/// A stored time as 「2026-11-24 14:05」, Japan time: sortable, for spreadsheets.
pub fn format_unix_sortable(unix: i64) -> String {
    let t = jst(unix);
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// A stored time as RFC 3339 in UTC, for the API and `<time datetime>`.
pub fn rfc3339(unix: i64) -> String {
    jst(unix)
        .to_offset(UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The 年度 (April to March, Japan time) a stored time falls in: 2027-03-31 is in 2026年度.
pub fn fiscal_year(unix: i64) -> i32 {
    let d = jst(unix).date();
    if u8::from(d.month()) >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// 「2026年度（令和8年度）」. A 年度 takes the era of its May, so 2019年度 is 令和元年度 as officials
/// wrote it.
pub fn format_fiscal_year(year: i32) -> String {
    match Date::from_calendar_date(year, Month::May, 1).ok().and_then(era_year) {
        Some((name, 1)) => format!("{year}年度（{name}元年度）"),
        Some((name, y)) => format!("{year}年度（{name}{y}年度）"),
        None => format!("{year}年度"),
    }
}

struct Era {
    name: &'static str,
    start: (i32, Month, u8),
}

// Newest first; each era runs until the next one starts.
const ERAS: [Era; 4] = [
    Era {
        name: "令和",
        start: (2019, Month::May, 1),
    },
    Era {
        name: "平成",
        start: (1989, Month::January, 8),
    },
    Era {
        name: "昭和",
        start: (1926, Month::December, 25),
    },
    Era {
        name: "大正",
        start: (1912, Month::July, 30),
    },
];

/// The era name and year for a date (`("令和", 8)`), or `None` before 大正.
pub fn era_year(date: Date) -> Option<(&'static str, i32)> {
    ERAS.iter().find_map(|era| {
        let (y, m, d) = era.start;
        let start = Date::from_calendar_date(y, m, d).ok()?;
        (date >= start).then(|| (era.name, date.year() - y + 1))
    })
}

/// 「令和8年（2026年）11月24日」; the first year of an era is 「元年」.
pub fn format_date(date: Date) -> String {
    let western = date.year();
    let (m, d) = (u8::from(date.month()), date.day());
    match era_year(date) {
        Some((name, 1)) => format!("{name}元年（{western}年）{m}月{d}日"),
        Some((name, y)) => format!("{name}{y}年（{western}年）{m}月{d}日"),
        None => format!("{western}年{m}月{d}日"),
    }
}

/// A stored partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) for display: 「平成28年（2016年）4月」.
/// Anything else is shown as it is.
pub fn format_partial(s: &str) -> String {
    let parts: Vec<Option<u32>> = s.split('-').map(|p| p.parse().ok()).collect();
    let western = |y: u32| {
        let mid = Date::from_calendar_date(i32::try_from(y).unwrap_or(0), Month::July, 1).ok();
        match mid.and_then(era_year) {
            Some((name, 1)) => format!("{name}元年（{y}年）"),
            Some((name, n)) => format!("{name}{n}年（{y}年）"),
            None => format!("{y}年"),
        }
    };
    match parts.as_slice() {
        [Some(y)] => western(*y),
        [Some(y), Some(m)] => format!("{}{m}月", western(*y)),
        [Some(y), Some(m), Some(d)] => {
            let date = Month::try_from(u8::try_from(*m).unwrap_or(0))
                .ok()
                .and_then(|mo| Date::from_calendar_date(i32::try_from(*y).ok()?, mo, u8::try_from(*d).ok()?).ok());
            date.map_or_else(|| s.to_owned(), format_date)
        }
        _ => s.to_owned(),
    }
}

/// A founding date as people write it, to `YYYY`, `YYYY-MM` or `YYYY-MM-DD`:
/// 「2004-03」「2004/3」「2004年3月」「平成16年3月」「Ｈ１６．３」, full-width digits included.
pub fn parse_partial_date(input: &str) -> Option<String> {
    let s = crate::text::to_halfwidth_ascii(input.trim())
        .replace(['年', '月', '.', '/', ' '], "-")
        .replace('日', "");
    let (era_start, rest) = ERA_PREFIXES
        .iter()
        .find_map(|(prefix, start)| s.strip_prefix(prefix).map(|r| (Some(*start), r.to_owned())))
        .unwrap_or((None, s.clone()));
    let rest = rest.replace("元", "1");
    let parts: Vec<&str> = rest.split('-').filter(|p| !p.is_empty()).collect();
    let nums: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    let nums = nums?;
    let year = match (era_start, nums.first()) {
        (Some(start), Some(y)) if (1..=64).contains(y) => start + y - 1,
        (None, Some(y)) if (1000..=9999).contains(y) => *y,
        _ => return None,
    };
    match nums[1..] {
        [] => Some(format!("{year:04}")),
        [m] if (1..=12).contains(&m) => Some(format!("{year:04}-{m:02}")),
        [m, d] => {
            let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
            Date::from_calendar_date(year, month, u8::try_from(d).ok()?).ok()?;
            Some(format!("{year:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

const ERA_PREFIXES: [(&str, i32); 8] = [
    ("令和", 2019),
    ("平成", 1989),
    ("昭和", 1926),
    ("大正", 1912),
    ("R", 2019),
    ("H", 1989),
    ("S", 1926),
    ("T", 1912),
];

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn fiscal_years_run_april_to_march_in_japan_time() {
        // 2027-03-31 15:00 UTC is already 1 April in Japan.
        assert_eq!(fiscal_year(1_806_505_200 - 1), 2026);
        assert_eq!(fiscal_year(1_806_505_200), 2027);
        assert_eq!(format_fiscal_year(2019), "2019年度（令和元年度）");
        assert_eq!(format_fiscal_year(2015), "2015年度（平成27年度）");
        assert_eq!(format_fiscal_year(2026), "2026年度（令和8年度）");
    }

    #[test]
    fn partial_dates_read_in_japanese() {
        assert_eq!(format_partial("2016-04"), "平成28年（2016年）4月");
        assert_eq!(format_partial("2004"), "平成16年（2004年）");
        assert_eq!(format_partial("2015-03-09"), "平成27年（2015年）3月9日");
        assert_eq!(format_partial("2019-05"), "令和元年（2019年）5月");
        assert_eq!(format_partial("不明"), "不明");
    }

    #[test]
    fn founding_dates_as_people_write_them() {
        for (input, want) in [
            ("2004-03", Some("2004-03")),
            ("2004/3", Some("2004-03")),
            ("2004年3月", Some("2004-03")),
            ("平成16年3月", Some("2004-03")),
            ("Ｈ１６．３", Some("2004-03")),
            ("令和元年5月1日", Some("2019-05-01")),
            ("2015-03-09", Some("2015-03-09")),
            ("2004", Some("2004")),
            ("2015-02-30", None),
            ("2004-13", None),
            ("むかし", None),
            ("", None),
        ] {
            assert_eq!(parse_partial_date(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(format_date(date!(2026 - 11 - 24)), "令和8年（2026年）11月24日");
        assert_eq!(format_date(date!(2019 - 05 - 01)), "令和元年（2019年）5月1日");
        assert_eq!(format_date(date!(2019 - 04 - 30)), "平成31年（2019年）4月30日");
        assert_eq!(format_date(date!(1989 - 01 - 07)), "昭和64年（1989年）1月7日");
        assert_eq!(format_date(date!(2021 - 03 - 01)), "令和3年（2021年）3月1日");
    }
}
