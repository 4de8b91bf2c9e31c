//! Text as people type it: NFC, full-width forms, lengths counted in graphemes.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::FieldError;

/// NFC-normalises, trims and drops control characters; keeps line breaks when `multiline`.
pub fn clean(input: &str, multiline: bool) -> String {
    let nfc: String = input.nfc().collect();
    let kept: String = nfc
        .chars()
        .filter(|c| !c.is_control() || (multiline && (*c == '\n' || *c == '\t')))
        .collect();
    let kept = if multiline { kept.replace("\r\n", "\n") } else { kept };
    kept.trim().to_owned()
}

/// Full-width ASCII (Ａ-Ｚ, ０-９, ＠ …) and the ideographic space to their ASCII forms.
pub fn to_halfwidth_ascii(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Length as a person counts it (「が」 and an emoji are one each).
pub fn grapheme_len(s: &str) -> usize {
    s.graphemes(true).count()
}

/// A required single-line text of at most `max` graphemes.
pub fn required(field: &str, label: &str, input: &str, max: usize) -> Result<String, FieldError> {
    let s = clean(input, false);
    if s.is_empty() {
        return Err(FieldError::required(field, label));
    }
    if grapheme_len(&s) > max {
        return Err(FieldError::too_long(field, label, max));
    }
    Ok(s)
}

/// An optional text; empty input is `None`.
pub fn optional(
    field: &str,
    label: &str,
    input: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, FieldError> {
    let s = clean(input.unwrap_or_default(), multiline);
    if s.is_empty() {
        return Ok(None);
    }
    if grapheme_len(&s) > max {
        return Err(FieldError::too_long(field, label, max));
    }
    Ok(Some(s))
}

/// A whole number ≥ 0 as typed: full-width digits and thousands separators accepted.
pub fn parse_count(field: &str, label: &str, input: &str) -> Result<Option<u64>, FieldError> {
    let s: String = to_halfwidth_ascii(&clean(input, false))
        .chars()
        .filter(|c| !matches!(c, ',' | '、' | ' '))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let s = s.strip_suffix('人').or_else(|| s.strip_suffix('名')).unwrap_or(&s);
    s.parse::<u64>().map(Some).map_err(|_| {
        FieldError::new(
            field,
            "not_a_number",
            format!("{label}は0以上の整数（例: 35）で入力してください。"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn full_width_digits_are_numbers() {
        assert_eq!(parse_count("m", "会員数", "１２３").unwrap(), Some(123));
        assert_eq!(parse_count("m", "会員数", "4,021人").unwrap(), Some(4021));
        assert_eq!(parse_count("m", "会員数", "").unwrap(), None);
        assert_eq!(parse_count("m", "会員数", "-3").unwrap_err().code, "not_a_number");
        assert_eq!(parse_count("m", "会員数", "たくさん").unwrap_err().code, "not_a_number");
    }

    #[test]
    fn lengths_count_graphemes_not_bytes() {
        assert_eq!(grapheme_len("支えてねットワーク"), 9);
        assert!(required("n", "名称", &"あ".repeat(100), 100).is_ok());
        assert_eq!(
            required("n", "名称", &"あ".repeat(101), 100).unwrap_err().code,
            "too_long"
        );
        assert_eq!(required("n", "名称", " \u{3000}\t", 100).unwrap_err().code, "required");
    }

    #[test]
    fn clean_normalises_to_nfc_and_drops_controls() {
        // か + combining voiced mark → が
        assert_eq!(clean("か\u{3099}\u{0007}", false), "が");
        assert_eq!(clean("一行目\r\n二行目", true), "一行目\n二行目");
    }

    proptest! {
        #[test]
        fn clean_is_idempotent(s in "\\PC{0,40}") {
            let once = clean(&s, true);
            prop_assert_eq!(clean(&once, true), once);
        }

        #[test]
        fn halfwidth_digits_roundtrip(n in 0u64..10_000_000) {
            let wide: String = n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
            prop_assert_eq!(parse_count("f", "数", &wide).unwrap(), Some(n));
        }
    }
}
