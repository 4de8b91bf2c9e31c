//! Readings of Japanese text, so that ふくし, フクシ and 福祉 meet.
//!
//! A morphological analyser (lindera with IPADIC) gives each word its reading in katakana; words
//! it does not know keep their own kana. Readings are then folded ([`fold_kana`]): small kana,
//! the long-vowel mark and the voiced ヂ/ヅ/ヴ, which people write either way, become one form.
//! Before that, common writing variants (表記ゆれ: 障がい/障碍/障害, 子ども/子供, 送り仮名) are
//! folded to one spelling by the table in [`variants`], on both the indexed text and the query.

mod dictionary;
pub mod variants;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

/// The analyser, loaded once per process from the embedded dictionary.
fn segmenter() -> &'static Segmenter {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    SEGMENTER.get_or_init(|| {
        // The dictionary is part of the binary and checked by this crate's tests; failing to
        // load it is a broken build, not a condition to recover from.
        #[allow(clippy::expect_used)]
        let dictionary = dictionary::load().expect("the embedded IPADIC dictionary loads");
        Segmenter::new(Mode::Normal, dictionary, None)
    })
}

/// IPADIC's reading is the eighth detail (after part of speech ×4, conjugation ×2, base form).
const READING: usize = 7;

/// One word of a text: where it is (bytes of the text given) and its folded reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub at: Range<usize>,
    pub reading: String,
}

/// The words of `text` with their folded readings. Runs of characters that are not letters or
/// digits (spaces, punctuation) are not words. Latin letters and digits read as themselves.
pub fn words(text: &str) -> Vec<Word> {
    let Ok(tokens) = segmenter().segment(Cow::Borrowed(text)) else {
        return Vec::new();
    };
    tokens
        .into_iter()
        .filter_map(|mut t| {
            let at = t.byte_start..t.byte_end;
            let surface = &text[at.clone()];
            if !surface.chars().any(char::is_alphanumeric) {
                return None;
            }
            let known = t
                .get_detail(READING)
                .filter(|r| !r.is_empty() && r.chars().all(is_kana))
                .map(str::to_owned);
            let reading = fold_kana(known.as_deref().unwrap_or(surface));
            (!reading.is_empty()).then_some(Word { at, reading })
        })
        .collect()
}

/// The folded reading of a whole text: each word's reading, words of one run joined, runs
/// separated by a space (so a phrase never spans punctuation), voicing marks dropped
/// ([`devoice`]: 避難所 is read ヒナンショ by the dictionary and typed ひなんじょ). The text
/// should be normalised (NFKC, lower case) and variant-folded first, as [`spoken`] does.
pub fn reading(text: &str) -> String {
    kana_reading(text).chars().map(devoice).collect()
}

/// [`reading`] with its voicing marks kept: what a word written in kana in a text is compared
/// with (the text's kana are folded by [`fold_kana`] alone).
pub fn kana_reading(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_end = 0;
    for w in words(text) {
        if !out.is_empty() && text[last_end..w.at.start].chars().any(|c| !c.is_alphanumeric()) {
            out.push(' ');
        }
        out.push_str(&w.reading);
        last_end = w.at.end;
    }
    out
}

/// Normalised text (NFKC, lower case) with its writing variants folded: what the reading and the
/// other-writing fields of the index are made from, on both sides.
pub fn written(normalised: &str) -> String {
    variants::fold(normalised)
}

/// The reading of normalised text, variants folded first.
pub fn spoken(normalised: &str) -> String {
    reading(&written(normalised))
}

/// [`spoken`] with its voicing marks kept ([`kana_reading`]).
pub fn spoken_kana(normalised: &str) -> String {
    kana_reading(&written(normalised))
}

/// A kana without its voicing mark (ジ→シ, バ/パ→ハ); anything else as it is. Compounds voice the
/// first kana of their second word (連濁: 所 ショ in 避難所 is said ジョ), so readings meet only
/// when voicing is left out; the written tiers still tell ジ from シ.
pub fn devoice(c: char) -> char {
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    match base {
        Some(b) if is_kana(c) && b != c => b,
        _ => c,
    }
}

/// Hiragana or katakana (with the long-vowel and iteration marks).
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}')
}

/// Kana to one form: hiragana to katakana, small kana to full size, the long-vowel mark dropped,
/// ヂ→ジ, ヅ→ズ, ヴ→ブ, ヰ→イ, ヱ→エ, ヲ→オ. Other characters are kept as they are.
pub fn fold_kana(text: &str) -> String {
    text.chars()
        .filter(|c| *c != 'ー')
        .map(|c| {
            let k = match c {
                '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
                _ => c,
            };
            match k {
                'ァ' => 'ア',
                'ィ' => 'イ',
                'ゥ' => 'ウ',
                'ェ' => 'エ',
                'ォ' => 'オ',
                'ッ' => 'ツ',
                'ャ' => 'ヤ',
                'ュ' => 'ユ',
                'ョ' => 'ヨ',
                'ヮ' => 'ワ',
                'ヵ' => 'カ',
                'ヶ' => 'ケ',
                'ヂ' => 'ジ',
                'ヅ' => 'ズ',
                'ヴ' => 'ブ',
                'ヰ' => 'イ',
                'ヱ' => 'エ',
                'ヲ' => 'オ',
                other => other,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
