//! 法人番号 (corporate number): 13 digits, the first a check digit over the other twelve
//! (国税庁「法人番号の指定等に関する省令」第2条).

/// The check digit for a 12-digit base number.
pub fn check_digit(base: &str) -> Option<u8> {
    if base.len() != 12 || !base.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Pn is the n-th digit counted from the right; Qn is 1 for odd n, 2 for even n.
    let sum: u32 = base
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    u8::try_from(9 - sum % 9).ok()
}

pub fn is_valid(number: &str) -> bool {
    number.len() == 13
        && number.is_char_boundary(1)
        && check_digit(&number[1..]).is_some_and(|d| number.as_bytes()[0] == b'0' + d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_corporate_numbers_check() {
        // 国税庁 (National Tax Agency) itself: 7000012050002.
        assert!(super::is_valid("7000012050002"));
        assert!(!super::is_valid("7000012050003"));
        assert!(!super::is_valid("700001205000"));
        assert!(!super::is_valid("70000120500０2"));
    }
}
