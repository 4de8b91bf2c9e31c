//! Writing variants (表記ゆれ) folded to one spelling before readings are taken: words the
//! analyser would read differently or not at all in one of their spellings (障がい, 見守), and
//! okurigana that come and go (取り組み/取組). The table is `variants.tsv`: each line one
//! spelling and then its variants, tab-separated.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

const TABLE: &str = include_str!("variants.tsv");

struct Folder {
    finder: AhoCorasick,
    to: Vec<&'static str>,
}

fn folder() -> &'static Folder {
    static FOLDER: OnceLock<Folder> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let mut from = Vec::new();
        let mut to = Vec::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let mut cells = line.split('\t');
            let Some(canonical) = cells.next() else { continue };
            // The spelling itself is a pattern too, so a variant inside it (見守 in 見守り) is
            // not folded again.
            for variant in std::iter::once(canonical).chain(cells.filter(|v| !v.is_empty())) {
                from.push(variant);
                to.push(canonical);
            }
        }
        // The table is part of the binary and checked by the tests below.
        #[allow(clippy::expect_used)]
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&from)
            .expect("the variant table builds");
        Folder { finder, to }
    })
}

/// `text` with every variant replaced by its canonical spelling (longest match first).
pub fn fold(text: &str) -> String {
    let f = folder();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in f.finder.find_iter(text) {
        out.push_str(&text[last..m.start()]);
        out.push_str(f.to[m.pattern().as_usize()]);
        last = m.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Whether `text` holds any spelling of the table, canonical or variant: only then can its
/// folded form find what its own form does not.
pub fn touches(text: &str) -> bool {
    folder().finder.is_match(text)
}

/// [`fold`], with where each piece came from: for every byte of the result, the start and end
/// (in `text`) of what it was made from. A replaced variant maps every byte of its replacement to
/// the whole variant, so a word found in the folded text can be shown as written.
pub fn fold_mapped(text: &str) -> (String, Vec<(usize, usize)>) {
    let f = folder();
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut last = 0;
    let keep = |out: &mut String, map: &mut Vec<(usize, usize)>, from: usize, to: usize| {
        out.push_str(&text[from..to]);
        map.extend((from..to).map(|i| (i, i + 1)));
    };
    for m in f.finder.find_iter(text) {
        keep(&mut out, &mut map, last, m.start());
        let to = f.to[m.pattern().as_usize()];
        out.push_str(to);
        map.extend(std::iter::repeat_n((m.start(), m.end()), to.len()));
        last = m.end();
    }
    keep(&mut out, &mut map, last, text.len());
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_fold_to_one_spelling() {
        assert_eq!(fold("障がい者"), "障害者");
        assert_eq!(fold("障碍者"), "障害者");
        assert_eq!(fold("子どもの見守"), fold("子供の見守り"));
        assert_eq!(fold("取組"), fold("取り組み"));
    }

    #[test]
    fn folded_text_maps_back_to_the_text() {
        let text = "障がい者と子ども";
        let (folded, map) = fold_mapped(text);
        assert_eq!(folded, "障害者と子供");
        assert_eq!(map.len(), folded.len());
        let at = folded.find("子供").unwrap_or_default();
        assert_eq!(&text[map[at].0..map[folded.len() - 1].1], "子ども");
        let sha = folded.find('者').unwrap_or_default();
        assert_eq!(&text[map[sha].0..map[sha + 2].1], "者");
    }

    #[test]
    fn every_line_of_the_table_is_well_formed() {
        for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cells: Vec<&str> = line.split('\t').collect();
            assert!(cells.len() >= 2, "a spelling and at least one variant: {line:?}");
            for c in &cells {
                assert_eq!(c.trim(), *c, "no stray spaces: {line:?}");
                assert_eq!(
                    crate::fold_kana(c),
                    crate::fold_kana(&c.to_lowercase()),
                    "normalised: {line:?}"
                );
            }
        }
    }
}
