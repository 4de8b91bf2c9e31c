//! A survey question's options as horizontal bars (SVG): each option's words, its bar and
//! 「n件（p%）」. Carries its title and a description listing every figure for screen readers;
//! the page shows the same figures as a table.

use std::fmt::Write;

const W: f64 = 560.0;
const ROW: f64 = 28.0;
const LABEL: f64 = 200.0;
const FIGURE: f64 = 110.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Shortened to what fits beside the bar (the table and the description keep it whole).
fn fit(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 14 {
        s.to_owned()
    } else {
        format!("{}…", chars[..13].iter().collect::<String>())
    }
}

/// `id` makes the chart's title and description ids unique on a page of several charts;
/// `bars` are (option, count, percent of those who answered).
pub fn bars_svg(id: &str, title: &str, answered: i64, bars: &[(String, i64, f64)]) -> String {
    let h = ROW * bars.len() as f64 + 8.0;
    let desc = bars
        .iter()
        .map(|(l, n, p)| format!("{l} {n}件（{p}%）"))
        .collect::<Vec<_>>()
        .join("、");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" aria-labelledby="{id}-t {id}-d" class="chart"><title id="{id}-t">{}（回答 {answered}件）</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(&desc)
    );
    let span = W - LABEL - FIGURE;
    for (i, (label, n, p)) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = (span * p / 100.0).clamp(0.0, span);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="13" fill="#1a1a1a">{}</text><rect x="{LABEL}" y="{:.1}" width="{w:.1}" height="18" fill="#1d5fa8"/><text x="{:.1}" y="{:.1}" font-size="13" fill="#1a1a1a">{n}件（{p}%）</text>"##,
            LABEL - 8.0,
            y + 14.0,
            esc(&fit(label)),
            y,
            LABEL + w + 6.0,
            y + 14.0,
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_figures_and_escape() {
        let svg = bars_svg(
            "q1",
            "問1 <満足>",
            4,
            &[("はい".into(), 3, 75.0), ("いいえ & その他".into(), 1, 25.0)],
        );
        assert!(svg.contains(r#"aria-labelledby="q1-t q1-d""#));
        assert!(svg.contains("問1 &lt;満足&gt;（回答 4件）"));
        assert!(svg.contains("はい 3件（75%）、いいえ &amp; その他 1件（25%）"));
        assert!(
            svg.contains(r#"width="187.5""#),
            "75% of the 250 the bars may span: {svg}"
        );
        assert_eq!(svg.matches("<rect").count(), 2);
    }
}
