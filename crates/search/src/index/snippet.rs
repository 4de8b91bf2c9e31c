//! Snippets: up to 80 characters of a body as written, around its first match, every match
//! marked. A word is looked for as written first (through each character's normalised form, so
//! 「ＮＰＯ法人」 is found by 「npo」 and shown as written); a word found only by its reading is
//! looked for word by word through the analyser, and the spelling found is reported
//! (「ふくし」 → 「福祉」), so the page can say what else was searched.

use super::{Reach, Snippet};
use crate::text;

const SNIPPET_CHARS: usize = 80;
/// Readings are looked for in this much of a text at most: a snippet shows its start anyway.
const READ_CHARS: usize = 400;

/// One word of the query, in the three forms the index is searched by.
pub(super) struct QueryWord {
    pub norm: String,
    pub other: String,
    /// The reading as kana (voicing kept), compared with the text's kana.
    pub kana: String,
    pub reading: String,
}

impl QueryWord {
    pub fn new(norm: &str) -> Self {
        // One pass of the analyser: the reading is the kana reading without its voicing marks.
        let kana = text::kana_reading(norm);
        Self {
            norm: norm.to_owned(),
            other: text::other_writing(norm),
            reading: kana.chars().map(kyodo_reading::devoice).collect(),
            kana,
        }
    }
}

pub(super) struct Marked {
    pub snippet: Snippet,
    /// (index of the query word, spelling found) for words found only by their reading.
    pub read_as: Vec<(usize, String)>,
}

/// A text as written and normalised, each normalised character knowing where it came from.
struct Normalised {
    chars: Vec<char>,
    norm: Vec<char>,
    from_char: Vec<usize>,
}

impl Normalised {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let (norm, from_char) = chars
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                text::normalize(&c.to_string())
                    .chars()
                    .map(move |n| (n, i))
                    .collect::<Vec<_>>()
            })
            .unzip();
        Self { chars, norm, from_char }
    }

    /// Marks every occurrence of `word` (normalised); whether there was one.
    fn mark_written(&self, word: &str, marked: &mut [bool]) -> bool {
        let wc: Vec<char> = word.chars().collect();
        if wc.is_empty() || wc.len() > self.norm.len() {
            return false;
        }
        let mut found = false;
        for start in 0..=self.norm.len() - wc.len() {
            if self.norm[start..start + wc.len()] == wc[..] {
                found = true;
                for &i in &self.from_char[start..start + wc.len()] {
                    marked[i] = true;
                }
            }
        }
        found
    }

    /// Marks the words whose readings spell `reading` and whose spelling `accept`s; the
    /// spellings found, as written.
    fn mark_read(&self, reading: &str, accept: impl Fn(&str) -> bool, marked: &mut [bool]) -> Vec<String> {
        let want: Vec<char> = reading.chars().collect();
        if want.len() < 2 {
            return Vec::new();
        }
        let norm: String = self.norm.iter().take(READ_CHARS).collect();
        // Byte of the normalised text → its character's index.
        let mut char_at = vec![0; norm.len() + 1];
        for (ci, (b, c)) in norm.char_indices().enumerate() {
            char_at[b..b + c.len_utf8()].fill(ci);
        }
        let (folded, map) = kyodo_reading::variants::fold_mapped(&norm);
        let words = kyodo_reading::words(&folded);
        // The readings one after another, each character knowing its word.
        let spelled: Vec<(char, usize)> = words
            .iter()
            .enumerate()
            .flat_map(|(wi, w)| w.reading.chars().map(move |c| (kyodo_reading::devoice(c), wi)))
            .collect();
        let mut found = Vec::new();
        if spelled.len() < want.len() {
            return found;
        }
        for start in 0..=spelled.len() - want.len() {
            if !spelled[start..start + want.len()]
                .iter()
                .map(|(c, _)| *c)
                .eq(want.iter().copied())
            {
                continue;
            }
            let (first, last) = (&words[spelled[start].1], &words[spelled[start + want.len() - 1].1]);
            let (from, to) = (map[first.at.start].0, map[last.at.end - 1].1);
            let (from, to) = (char_at[from], char_at[to - 1]);
            let (orig_from, orig_to) = (self.from_char[from], self.from_char[to]);
            let spelling: String = self.chars[orig_from..=orig_to].iter().collect();
            if !accept(&spelling) {
                continue;
            }
            marked[orig_from..=orig_to].fill(true);
            if !found.contains(&spelling) {
                found.push(spelling);
            }
        }
        found
    }
}

/// The snippet of `body` for `words`, and the spellings found by reading (in the body, or failing
/// that in the title).
pub(super) fn cut(body: &str, title: &str, words: &[QueryWord], reach: Reach) -> Marked {
    let text = Normalised::new(body);
    let mut marked = vec![false; text.chars.len()];
    let mut read_as = Vec::new();
    let mut title_text: Option<Normalised> = None;
    for (wi, w) in words.iter().enumerate() {
        if text.mark_written(&w.norm, &mut marked) {
            continue;
        }
        let title = title_text.get_or_insert_with(|| Normalised::new(title));
        let mut title_marks = vec![false; title.chars.len()];
        if title.mark_written(&w.norm, &mut title_marks) || reach == Reach::Written || !text::is_japanese(&w.norm) {
            continue;
        }
        // A word typed in kanji matched only another writing of itself (子ども for 子供,
        // こうれい for 高齢): spellings in kana, or folding to the same one.
        let accept = |s: &str| {
            text::has_kana(&w.norm) || text::has_kana(s) || text::other_writing(&text::normalize(s)) == w.other
        };
        let mut spellings = text.mark_read(&w.reading, accept, &mut marked);
        if spellings.is_empty() {
            spellings = title.mark_read(&w.reading, accept, &mut title_marks);
        }
        read_as.extend(
            spellings
                .into_iter()
                .filter(|s| text::normalize(s) != w.norm)
                .map(|s| (wi, s)),
        );
    }
    Marked {
        snippet: pieces(&text.chars, &marked),
        read_as,
    }
}

/// Up to 80 characters around the first marked one, as runs of marked and unmarked text.
fn pieces(chars: &[char], marked: &[bool]) -> Snippet {
    let first = marked.iter().position(|m| *m).unwrap_or(0);
    let from = first.saturating_sub(20);
    let to = (from + SNIPPET_CHARS).min(chars.len());
    let mut parts: Vec<(String, bool)> = Vec::new();
    if from > 0 {
        parts.push(("…".into(), false));
    }
    for i in from..to {
        match parts.last_mut() {
            Some((s, m)) if *m == marked[i] && !(s == "…" && !*m && i == from) => s.push(chars[i]),
            _ => parts.push((chars[i].to_string(), marked[i])),
        }
    }
    if to < chars.len() {
        parts.push(("…".into(), false));
    }
    Snippet { parts }
}
