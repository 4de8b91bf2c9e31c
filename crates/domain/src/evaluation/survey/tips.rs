//! Wording tips for やさしい日本語: a question a child, an elderly person or someone still
//! learning Japanese can answer. Advice beside the question, never a refusal.

/// One piece of advice on a question's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tip {
    pub code: &'static str,
    pub message: &'static str,
}

const LONG: usize = 40;

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// The longest run of characters `f` accepts.
fn longest_run(s: &str, f: fn(char) -> bool) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if f(c) { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Advice on `text`, most useful first (none for a plain question).
pub fn tips(text: &str) -> Vec<Tip> {
    let mut out = Vec::new();
    let mut tip = |code, message| out.push(Tip { code, message });
    if crate::text::grapheme_len(text) > LONG {
        tip(
            "long",
            "文を短くしましょう（40字くらいまで）。説明は「補足」に分けられます。",
        );
    }
    if text.matches("か。").count() + text.matches(['？', '?']).count() > 1 {
        tip("two_questions", "1つの設問で聞くことは1つにしましょう。");
    }
    if ["ないわけではない", "なくはない", "ないことはない", "なくもない"]
        .iter()
        .any(|p| text.contains(p))
    {
        tip(
            "double_negative",
            "「〜ないわけではない」のような二重否定は避けましょう。",
        );
    }
    if ["させていただ", "いただけますでしょうか", "でございま", "ご回答賜"]
        .iter()
        .any(|p| text.contains(p))
    {
        tip(
            "honorific",
            "敬語はやさしく（「〜してください」「〜ですか」）しましょう。",
        );
    }
    if longest_run(text, is_kanji) >= 5 {
        tip(
            "kanji_run",
            "漢字が5字以上続く言葉は、ひらがなや短い言葉に分けましょう。",
        );
    }
    if longest_run(text, is_katakana) >= 6 {
        tip("katakana", "長いカタカナ語は、ふだんの言葉に言いかえましょう。");
    }
    if text
        .split(|c: char| !c.is_ascii_uppercase())
        .any(|w| w.len() >= 2 && w.len() <= 5)
    {
        tip("acronym", "略語（KPI・CSR など）には説明をつけましょう。");
    }
    out
}
