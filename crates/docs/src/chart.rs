//! A progress chart of one indicator as SVG: the entries as a line, the straight path from the
//! baseline to the target as a dashed line, the target as a horizontal rule. Text is escaped; the
//! chart carries a title and a description for screen readers, and the numbers are also in the
//! page as a table.

use std::fmt::Write;

use time::Date;

const W: f64 = 560.0;
const H: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub struct ChartInput<'a> {
    pub name: &'a str,
    pub unit: &'a str,
    pub baseline: f64,
    pub target: f64,
    pub start: Date,
    pub due: Date,
    pub entries: &'a [(Date, f64)],
}

pub fn progress_svg(c: &ChartInput<'_>) -> String {
    let last = c.entries.iter().map(|e| e.0).max().unwrap_or(c.due).max(c.due);
    let first = c.entries.iter().map(|e| e.0).min().unwrap_or(c.start).min(c.start);
    let days = (last - first).whole_days().max(1) as f64;
    let top = c.entries.iter().map(|e| e.1).fold(c.target.max(c.baseline), f64::max) * 1.1;
    let top = if top <= 0.0 { 1.0 } else { top };
    let x = |d: Date| LEFT + (d - first).whole_days() as f64 / days * (W - LEFT - RIGHT);
    let y = |v: f64| TOP + (1.0 - v / top) * (H - TOP - BOTTOM);
    let mut s = String::new();
    let desc = format!(
        "{}：目標 {}{}（{}まで）、最新 {}",
        c.name,
        c.target,
        c.unit,
        c.due,
        c.entries
            .last()
            .map_or("記録なし".to_owned(), |(d, v)| format!("{v}{}（{d}）", c.unit))
    );
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="t d" class="chart"><title id="t">{}の推移</title><desc id="d">{}</desc>"#,
        esc(c.name),
        esc(&desc)
    );
    // Axes and the target rule.
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{}" x2="{}" y2="{}" stroke="#555"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{}" stroke="#555"/>"##,
        H - BOTTOM,
        W - RIGHT,
        H - BOTTOM,
        H - BOTTOM
    );
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{ty:.1}" x2="{}" y2="{ty:.1}" stroke="#b00020" stroke-width="1"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#b00020">目標 {} {}</text>"##,
        W - RIGHT,
        W - RIGHT,
        y(c.target) - 4.0,
        c.target,
        esc(c.unit),
        ty = y(c.target)
    );
    // The straight path from baseline to target.
    let _ = write!(
        s,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#888" stroke-dasharray="4 4"/>"##,
        x(c.start),
        y(c.baseline),
        x(c.due),
        y(c.target)
    );
    // Axis labels: 0, the top, the first and last dates.
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" font-size="11" text-anchor="end">0</text><text x="{}" y="{}" font-size="11" text-anchor="end">{:.0}</text><text x="{LEFT}" y="{}" font-size="11">{first}</text><text x="{}" y="{}" font-size="11" text-anchor="end">{last}</text>"##,
        LEFT - 4.0,
        H - BOTTOM,
        LEFT - 4.0,
        TOP + 10.0,
        top,
        H - 12.0,
        W - RIGHT,
        H - 12.0
    );
    if !c.entries.is_empty() {
        let points: Vec<String> = c
            .entries
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
            .collect();
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#1a5f7a" stroke-width="2.5"/>"##,
            points.join(" ")
        );
        for (d, v) in c.entries {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="#1a5f7a"/>"##,
                x(*d),
                y(*v)
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_chart_names_itself_and_escapes_text() {
        let svg = progress_svg(&ChartInput {
            name: "来場者<script>",
            unit: "人",
            baseline: 0.0,
            target: 300.0,
            start: date!(2027 - 04 - 01),
            due: date!(2027 - 11 - 30),
            entries: &[(date!(2027 - 06 - 01), 40.0), (date!(2027 - 09 - 01), 180.0)],
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"t\">来場者&lt;script&gt;の推移</title>"));
        assert!(svg.contains("最新 180人（2027-09-01）"));
        assert!(svg.contains("<polyline") && svg.matches("<circle").count() == 2);
        assert!(!svg.contains("<script>"));
    }
}
