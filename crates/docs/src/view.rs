//! What every document of a proposal shows in its heading, and its sections as text.

use kyodo_domain::era;
use kyodo_domain::proposal::{ProposalContent, Section};
use time::Date;

/// The organisation, version and date printed on the document.
#[derive(Debug, Clone)]
pub struct Header {
    pub organization: String,
    pub version: i64,
    pub date: Date,
    /// The organisation it is addressed to (〇〇御中), when it is for one.
    pub addressee: Option<String>,
}

impl Header {
    /// 「令和8年（2026年）11月24日」: 和暦 with the Western year, as officials expect.
    pub fn date_ja(&self) -> String {
        era::format_date(self.date)
    }

    pub fn line(&self) -> String {
        format!("{}　{}　第{}版", self.organization, self.date_ja(), self.version)
    }

    /// 「山口そば株式会社 御中」, as a Japanese office addresses a document; empty for none.
    pub fn to_line(&self) -> String {
        self.addressee
            .as_ref()
            .map_or_else(String::new, |a| format!("{a} 御中"))
    }
}

/// (heading, lines) of each section, in the guide's order; the budget comes as a table apart.
pub fn text_sections(c: &ProposalContent) -> Vec<(&'static str, Vec<String>)> {
    Section::ALL
        .into_iter()
        .filter(|s| !matches!(s, Section::Title | Section::Budget))
        .map(|s| {
            let text = c.section_text(s);
            let lines = if text.trim().is_empty() {
                vec!["（未記入）".to_owned()]
            } else {
                text.lines().map(str::to_owned).collect()
            };
            (s.label_ja(), lines)
        })
        .collect()
}
