//! Japanese text similarity without a dictionary: character bigrams weighted by how rare they are
//! across everything being compared (TF-IDF), compared by cosine. Bigrams find 「白瓜」 in
//! 「白瓜の買取」 and survive names a dictionary would mis-split (支えてねットワーク).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// Normalised characters: NFKC (full-width forms, half-width kana), lower case, no punctuation.
fn chars(text: &str) -> Vec<char> {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The features of a text: its character bigrams, and each kanji on its own (written as the
/// kanji and a NUL), since two words sharing a kanji often share meaning (食材 and 食品, 子育て
/// and 子ども) where they share no bigram.
///
/// Words that say what is done with something rather than what it is (購入, 提供, 支援…) are left
/// out: two listings sharing only 「購入」 (望遠鏡の購入費, 絵本購入への寄附) share no meaning.
pub fn bigrams(text: &str) -> Vec<(char, char)> {
    let cs = chars(text);
    let mut generic = vec![false; cs.len()];
    for word in GENERIC {
        let w: Vec<char> = word.chars().collect();
        for start in 0..cs.len().saturating_sub(w.len() - 1) {
            if cs[start..start + w.len()] == w[..] {
                generic[start..start + w.len()].fill(true);
            }
        }
    }
    let mut out: Vec<(char, char)> = (1..cs.len())
        .filter(|&i| !(generic[i - 1] && generic[i]))
        .map(|i| (cs[i - 1], cs[i]))
        .collect();
    out.extend(
        (0..cs.len())
            .filter(|&i| is_kanji(cs[i]) && !generic[i])
            .map(|i| (cs[i], '\0')),
    );
    out
}

/// Action words common to listings of every subject.
const GENERIC: &[&str] = &[
    "購入",
    "提供",
    "募集",
    "支援",
    "活動",
    "運営",
    "実施",
    "開催",
    "参加",
    "協力",
    "継続",
    "確保",
    "受け入れ",
];

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Document frequencies over a collection, for weighting.
#[derive(Debug, Default)]
pub struct Corpus {
    df: HashMap<(char, char), u32>,
    docs: u32,
}

impl Corpus {
    pub fn add(&mut self, text: &str) {
        let mut seen: Vec<(char, char)> = bigrams(text);
        seen.sort_unstable();
        seen.dedup();
        for b in seen {
            *self.df.entry(b).or_default() += 1;
        }
        self.docs += 1;
    }

    fn idf(&self, b: &(char, char)) -> f64 {
        let df = f64::from(self.df.get(b).copied().unwrap_or(0));
        ((f64::from(self.docs) + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// A weighted, unit-length vector for `text`.
    pub fn vector(&self, text: &str) -> Vector {
        let mut tf: HashMap<(char, char), f64> = HashMap::new();
        for b in bigrams(text) {
            *tf.entry(b).or_default() += 1.0;
        }
        let mut v: Vec<((char, char), f64)> = tf.into_iter().map(|(b, n)| (b, n.sqrt() * self.idf(&b))).collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v.sort_unstable_by_key(|e| e.0);
        Vector(v)
    }
}

/// A sparse unit vector sorted by bigram.
#[derive(Debug, Clone, Default)]
pub struct Vector(Vec<((char, char), f64)>);

impl Vector {
    pub fn cosine(&self, other: &Vector) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].0.cmp(&other.0[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.0[i].1 * other.0[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_japanese_texts_are_closer_than_unrelated_ones() {
        let mut c = Corpus::default();
        for t in [
            "白瓜の買取",
            "奈良漬の原料となる白瓜を確保したい",
            "子ども食堂に食品を届ける",
            "会議室の貸出",
        ] {
            c.add(t);
        }
        let need = c.vector("奈良漬の原料となる白瓜を確保したい");
        assert!(need.cosine(&c.vector("耕作放棄地で育てた白瓜の供給")) > need.cosine(&c.vector("会議室の貸出")));
        assert!((need.cosine(&need) - 1.0).abs() < 1e-9);
        assert_eq!(Vector::default().cosine(&need), 0.0);
        assert_eq!(bigrams("ＡＢ，c"), [('a', 'b'), ('b', 'c')]);
        assert_eq!(bigrams("食品"), [('食', '品'), ('食', '\0'), ('品', '\0')]);
        assert_eq!(
            bigrams("絵本購入"),
            [('絵', '本'), ('本', '購'), ('絵', '\0'), ('本', '\0')]
        );
    }
}
