//! 協働実績: a past collaboration, entered freely (later also the platform's completed projects).

use crate::{FieldError, Invalid, text};

#[derive(Debug, Default, Clone)]
pub struct TrackRecordInput {
    pub title: String,
    pub partners: String,
    pub year: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrackRecord {
    pub title: String,
    pub partners: Option<String>,
    pub year: Option<i32>,
    pub description: Option<String>,
}

impl TrackRecord {
    /// `this_year` bounds the year: a record is of the past (or this year).
    pub fn parse(input: &TrackRecordInput, this_year: i32) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let title = e.check(text::required("title", "事業名", &input.title, 100));
        let partners = e
            .check(text::optional(
                "partners",
                "協働の相手",
                Some(&input.partners),
                200,
                false,
            ))
            .flatten();
        let description = e
            .check(text::optional(
                "description",
                "内容・成果",
                Some(&input.description),
                2000,
                true,
            ))
            .flatten();
        // 西暦 or 和暦, full-width or not, a 年度 read as the year it starts: 2025, 令和7年, ２０２５年度.
        let typed = text::clean(&input.year, false);
        let year = match typed.trim_end_matches('度') {
            "" => None,
            y => e.check(
                crate::era::parse_partial_date(y)
                    .and_then(|d| d.get(..4).and_then(|y| y.parse::<i32>().ok()))
                    .filter(|y| (1900..=this_year).contains(y))
                    .ok_or_else(|| {
                        FieldError::new(
                            "year",
                            "invalid_year",
                            format!("年は1900〜{this_year}年の間で、西暦（2025）か和暦（令和7年）で入力してください。"),
                        )
                    }),
            ),
        };
        let Some(title) = title else { return Err(e) };
        e.into_result(|| Self {
            title,
            partners,
            year,
            description,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_of_the_past_and_full_width_digits_work() {
        let ok = TrackRecord::parse(
            &TrackRecordInput {
                title: "うりうり基金".into(),
                year: "２０２０年".into(),
                ..Default::default()
            },
            2026,
        );
        assert_eq!(ok.unwrap().year, Some(2020));
        let err = TrackRecord::parse(
            &TrackRecordInput {
                title: "".into(),
                year: "2099".into(),
                ..Default::default()
            },
            2026,
        )
        .unwrap_err();
        assert_eq!(err.0.len(), 2);
    }

    #[test]
    fn a_year_may_be_written_in_the_japanese_era_or_as_a_fiscal_year() {
        let year = |y: &str| {
            TrackRecord::parse(
                &TrackRecordInput {
                    title: "植樹祭".into(),
                    year: y.into(),
                    ..Default::default()
                },
                2026,
            )
            .map(|r| r.year)
        };
        for typed in [
            "2025",
            "２０２５",
            "2025年",
            "２０２５年度",
            "令和7年",
            "令和７年度",
            "R7",
        ] {
            assert_eq!(year(typed), Ok(Some(2025)), "{typed}");
        }
        assert_eq!(year("平成元年"), Ok(Some(1989)));
        assert_eq!(year(""), Ok(None));
        let refused = year("令和20年").unwrap_err();
        assert!(
            refused.0[0].message.contains("和暦（令和7年）"),
            "says which forms it takes"
        );
        assert!(year("むかし").is_err());
    }
}
