//! How people type an organisation's name: with or without its legal form (「特定非営利活動法人」,
//! 「NPO法人」, 「株式会社」, 「(株)」), in full-width or half-width, with spaces or not. Two names
//! with the same key name the same organisation as far as a person typing is concerned.

use unicode_normalization::UnicodeNormalization;

/// Legal forms as written before or after a name, longest first so 「認定特定非営利活動法人」 is
/// removed whole. Compared after NFKC and lower-casing, so (株) and （株） are one.
const LEGAL_FORMS: [&str; 16] = [
    "認定特定非営利活動法人",
    "特定非営利活動法人",
    "認定npo法人",
    "npo法人",
    "一般社団法人",
    "公益社団法人",
    "一般財団法人",
    "公益財団法人",
    "社会福祉法人",
    "学校法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "(株)",
    "(有)",
    "(同)",
];

/// The name as compared: NFKC, lower case, no spaces or middle dots, no legal form.
pub fn name_key(name: &str) -> String {
    let mut key: String = name
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '・' | '･'))
        .collect();
    for form in LEGAL_FORMS {
        if let Some(rest) = key.strip_prefix(form) {
            key = rest.to_owned();
        }
        if let Some(rest) = key.strip_suffix(form) {
            key = rest.to_owned();
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn legal_forms_width_and_spaces_do_not_matter() {
        let key = name_key("やまぐち子ども食堂ネット");
        for typed in [
            "特定非営利活動法人 やまぐち子ども食堂ネット",
            "NPO法人やまぐち子ども食堂ネット",
            "ＮＰＯ法人　やまぐち子ども食堂ネット",
            "やまぐち 子ども食堂ネット",
        ] {
            assert_eq!(name_key(typed), key, "{typed}");
        }
        assert_eq!(name_key("株式会社 山口銀行"), name_key("（株）山口銀行"));
        assert_eq!(name_key("山口銀行株式会社"), name_key("山口銀行"));
        assert_ne!(name_key("山口銀行"), name_key("山口信用金庫"));
    }

    #[test]
    fn a_name_that_is_only_a_legal_form_keeps_nothing() {
        assert_eq!(name_key("株式会社"), "");
    }
}
