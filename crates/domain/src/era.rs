//! 和暦: Japanese era years beside the Western year, as officials expect on documents.

use time::{Date, Month};

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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn era_boundaries() {
        assert_eq!(
            format_date(date!(2026 - 11 - 24)),
            "令和8年（2026年）11月24日"
        );
        assert_eq!(
            format_date(date!(2019 - 05 - 01)),
            "令和元年（2019年）5月1日"
        );
        assert_eq!(
            format_date(date!(2019 - 04 - 30)),
            "平成31年（2019年）4月30日"
        );
        assert_eq!(
            format_date(date!(1989 - 01 - 07)),
            "昭和64年（1989年）1月7日"
        );
        assert_eq!(
            format_date(date!(2021 - 03 - 01)),
            "令和3年（2021年）3月1日"
        );
    }
}
