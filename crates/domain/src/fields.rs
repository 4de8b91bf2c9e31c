//! Reading typed form and API fields into an [`Invalid`] collector: text with a length limit,
//! and dates as people write them. Shared by every input of the collaboration workflow.

use time::Date;

use crate::errors::{FieldError, Invalid};
use crate::text;

/// Cleaned multi-line text; an error is collected if it is required and empty, or too long.
pub fn text(e: &mut Invalid, field: &str, label: &str, raw: &str, max: usize, required: bool) -> String {
    let v = text::clean(raw, true);
    if required && v.is_empty() {
        e.push(FieldError::required(field, label));
    } else if text::grapheme_len(&v) > max {
        e.push(FieldError::too_long(field, label, max));
    }
    v
}

/// `YYYY-MM-DD` (full-width digits and 「2026年11月24日」 accepted).
pub fn parse_date(field: &str, label: &str, raw: &str) -> Result<Option<Date>, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || {
        FieldError::new(
            field,
            "invalid_date",
            format!(
                "{label}は「2026-11-24」「2026/11/24」「令和8年11月24日」のように入力してください（全角数字でも構いません）。"
            ),
        )
    };
    let full = crate::era::parse_partial_date(s).ok_or_else(bad)?;
    let parts: Vec<&str> = full.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let month = time::Month::try_from(m.parse::<u8>().map_err(|_| bad())?).map_err(|_| bad())?;
    Date::from_calendar_date(y.parse().map_err(|_| bad())?, month, d.parse().map_err(|_| bad())?)
        .map(Some)
        .map_err(|_| bad())
}

/// A date that must be given; errors are collected.
pub fn required_date(e: &mut Invalid, field: &str, label: &str, raw: &str) -> Option<Date> {
    match parse_date(field, label, raw) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.push(FieldError::required(field, label));
            None
        }
        Err(x) => {
            e.push(x);
            None
        }
    }
}

/// A date that may be left blank; errors are collected.
pub fn optional_date(e: &mut Invalid, field: &str, label: &str, raw: &str) -> Option<Date> {
    parse_date(field, label, raw).unwrap_or_else(|x| {
        e.push(x);
        None
    })
}

/// A date as stored (`YYYY-MM-DD`).
pub fn iso_date(s: &str) -> Option<Date> {
    Date::parse(s.get(..10)?, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// A checkbox as a form sends it (`on`, `1`, `true`; absent when unticked) or a JSON boolean.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Raw {
        B(bool),
        S(String),
    }
    Ok(match <Raw as serde::Deserialize>::deserialize(d)? {
        Raw::B(b) => b,
        Raw::S(s) => matches!(s.trim(), "on" | "1" | "true" | "yes"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them_and_as_stored() {
        let mut e = Invalid::default();
        assert_eq!(
            required_date(&mut e, "d", "日付", "２０２６年１１月２４日")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-11-24")
        );
        assert_eq!(optional_date(&mut e, "d", "日付", ""), None);
        assert!(e.0.is_empty());
        assert_eq!(required_date(&mut e, "d", "日付", ""), None);
        assert_eq!(optional_date(&mut e, "x", "期限", "2026-02-30"), None);
        assert_eq!(
            e.0.iter().map(|x| x.code).collect::<Vec<_>>(),
            ["required", "invalid_date"]
        );
        assert_eq!(
            iso_date("2027-05-10T18:30").map(|d| d.to_string()).as_deref(),
            Some("2027-05-10")
        );
        assert_eq!(iso_date("20"), None);
        assert_eq!(text(&mut e, "t", "題", "  あ  ", 1, true), "あ");
    }
}
