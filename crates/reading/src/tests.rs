use super::*;

#[test]
fn kanji_and_kana_read_alike() {
    assert_eq!(spoken("福祉"), "フクシ");
    assert_eq!(spoken("ひなんじょ"), spoken("避難所"), "voicing left out");
    assert_eq!(spoken_kana("じてんしゃ"), "ジテンシヤ", "kept where kana are compared");
    assert_eq!(spoken("ふくし"), "フクシ");
    assert_eq!(spoken("フクシ"), "フクシ");
    assert_eq!(spoken("しろうり"), spoken("白瓜"));
}

#[test]
fn words_keep_their_place_in_the_text() {
    let text = "高齢者の見守り、npo活動";
    let ws = words(text);
    let surfaces: Vec<&str> = ws.iter().map(|w| &text[w.at.clone()]).collect();
    assert!(surfaces.contains(&"高齢"), "{surfaces:?}");
    assert!(!surfaces.contains(&"、"), "punctuation is not a word: {surfaces:?}");
    assert!(ws.iter().any(|w| w.reading == "npo"), "{ws:?}");
    assert_eq!(reading("福祉。食堂"), "フクシ シヨクトウ", "small kana folded");
}

#[test]
fn kana_fold() {
    assert_eq!(fold_kana("コンピューター"), fold_kana("コンピュータ"));
    assert_eq!(fold_kana("ぢゃっく"), "ジヤツク");
    assert_eq!(fold_kana("ヴァイオリン"), "ブアイオリン");
}

#[test]
fn homophones_read_alike() {
    // Telling them apart is the ranking's job (surface matches first); readings only meet.
    assert_eq!(spoken("高齢"), spoken("恒例"));
}
