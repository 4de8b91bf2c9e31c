//! Cutting Japanese text into the terms the index holds: NFKC (full-width and half-width forms
//! become one), lower case, runs of letters and digits, then character bigrams (for words of two
//! or more characters) and unigrams (for one-character words). Queries are cut the same way.

use tantivy::tokenizer::{PreTokenizedString, Token};
use unicode_normalization::UnicodeNormalization;

/// Normalised text: what is stored and shown in snippets.
pub fn normalize(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// Runs of letters and digits in normalised text, as (byte offset, char) sequences.
fn runs(norm: &str) -> Vec<Vec<(usize, char)>> {
    let mut out: Vec<Vec<(usize, char)>> = Vec::new();
    let mut current = Vec::new();
    for (i, c) in norm.char_indices() {
        if c.is_alphanumeric() {
            current.push((i, c));
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn tokens(norm: &str, n: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position = 0;
    for run in runs(norm) {
        if run.len() >= n {
            for w in run.windows(n) {
                let from = w[0].0;
                let last = w[n - 1];
                let to = last.0 + last.1.len_utf8();
                out.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: norm[from..to].to_owned(),
                    position_length: 1,
                });
                position += 1;
            }
        }
        // A gap between runs, so a phrase never spans punctuation.
        position += 1;
    }
    out
}

pub fn bigrams(norm: &str) -> PreTokenizedString {
    PreTokenizedString {
        text: norm.to_owned(),
        tokens: tokens(norm, 2),
    }
}

pub fn unigrams(norm: &str) -> PreTokenizedString {
    PreTokenizedString {
        text: norm.to_owned(),
        tokens: tokens(norm, 1),
    }
}

/// The text written another way (normalised text in): writing variants folded (障がい→障害,
/// 子ども→子供, 取組→取り組み) and kana folded to one katakana form, kanji and Latin as they
/// are. A word written in kana is found here by the reading of a query written in kanji.
pub fn other_writing(norm: &str) -> String {
    kyodo_reading::fold_kana(&kyodo_reading::written(norm))
}

/// The text as read (normalised text in): each word's folded reading in katakana.
pub fn reading(norm: &str) -> String {
    kyodo_reading::spoken(norm)
}

/// The text as read with its voicing marks kept: a query's reading as compared with a text's
/// kana (in [`other_writing`]).
pub fn kana_reading(norm: &str) -> String {
    kyodo_reading::spoken_kana(norm)
}

/// Whether a word has Japanese letters, so readings can say anything the characters do not.
pub fn is_japanese(word: &str) -> bool {
    word.chars().any(|c| kyodo_reading::is_kana(c) || is_kanji(c))
}

/// Whether a word has kana (hiragana, katakana): only then may its reading find other spellings.
pub fn has_kana(word: &str) -> bool {
    word.chars().any(kyodo_reading::is_kana)
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '々')
}

/// A query's words: each a run of letters and digits, normalised.
pub fn query_words(query: &str) -> Vec<String> {
    runs(&normalize(query))
        .into_iter()
        .map(|r| r.into_iter().map(|(_, c)| c).collect())
        .collect()
}

/// How a short text (a case, a guide term) holds every word of a query, for lists too small
/// for the index: 0 as written, 1 written another way (子供/子ども), 2 by reading only (ふくし
/// for 福祉); `None` when a word is missing. The same folding as the index's fields.
pub fn finds(text: &str, words: &[String]) -> Option<u8> {
    let norm = normalize(text);
    let mut other = None;
    let mut spoken = None;
    let mut worst = 0;
    for w in words {
        if norm.contains(w.as_str()) {
            continue;
        }
        let o = other.get_or_insert_with(|| other_writing(&norm));
        if o.contains(&other_writing(w)) {
            worst = worst.max(1);
            continue;
        }
        let r = reading(w);
        if has_kana(w) && !r.is_empty() && spoken.get_or_insert_with(|| reading(&norm)).contains(&r) {
            worst = worst.max(2);
            continue;
        }
        return None;
    }
    Some(worst)
}

/// The bigrams of one word, in order.
pub fn word_bigrams(word: &str) -> Vec<String> {
    let cs: Vec<char> = word.chars().collect();
    cs.windows(2).map(|w| w.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_found_as_written_another_way_or_by_reading() {
        let t = "子ども食堂と福祉の協働";
        assert_eq!(finds(t, &query_words("子ども食堂")), Some(0));
        assert_eq!(finds(t, &query_words("子供 食堂")), Some(1));
        assert_eq!(finds(t, &query_words("ふくし")), Some(2));
        assert_eq!(finds(t, &query_words("環境")), None);
        assert_eq!(finds(t, &[]), Some(0), "no words: everything");
    }

    #[test]
    fn full_width_half_width_and_punctuation() {
        assert_eq!(
            query_words("ＮＰＯ　子ども食堂、ﾌｰﾄﾞ*バンク\"(:"),
            ["npo", "子ども食堂", "フード", "バンク"]
        );
        let b = bigrams(&normalize("白瓜の買取。福祉"));
        let texts: Vec<&str> = b.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["白瓜", "瓜の", "の買", "買取", "福祉"]);
        assert_eq!(
            b.tokens[3].position + 2,
            b.tokens[4].position,
            "a gap at the punctuation"
        );
        assert_eq!(word_bigrams("食堂"), ["食堂"]);
    }
}
