//! Media coverage (掲載実績): the news releases the parties sent and the coverage that followed —
//! counted as the guide counts them (releases, and articles or broadcasts that followed). Reach
//! is recorded where known; no advertising-value equivalents.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{FieldError, Invalid};
use crate::{fields, text};

macro_rules! labelled {
    ($name:ident { $($v:ident = $s:literal, $ja:literal;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$v),+];
            pub fn as_str(self) -> &'static str { match self { $(Self::$v => $s),+ } }
            pub fn label_ja(self) -> &'static str { match self { $(Self::$v => $ja),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|x| x.as_str() == s) }
        }
    };
}

labelled!(MediaKind {
    Release = "release", "ニュースリリース";
    Article = "article", "掲載・放送";
});

labelled!(Medium {
    Newspaper = "newspaper", "新聞";
    Tv = "tv", "テレビ";
    Radio = "radio", "ラジオ";
    Web = "web", "ウェブ";
    Bulletin = "bulletin", "広報誌";
});

labelled!(Tone {
    Positive = "positive", "好意的";
    Neutral = "neutral", "中立";
    Negative = "negative", "批判的";
});

/// A release sent or an article that appeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaCoverage {
    pub kind: MediaKind,
    pub on: Date,
    pub title: String,
    /// For a release, to whom it was sent; for an article, the outlet.
    pub outlet: String,
    pub medium: Option<Medium>,
    pub url: String,
    /// Copies, viewers or page views, where the outlet says.
    pub reach: Option<u64>,
    pub tone: Option<Tone>,
    /// The release an article followed.
    pub release_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct MediaInput {
    pub kind: String,
    pub on: String,
    pub title: String,
    pub outlet: String,
    pub medium: String,
    pub url: String,
    pub reach: String,
    pub tone: String,
    pub release_id: String,
}

/// An `http(s)` address, or nothing.
pub fn web_address(e: &mut Invalid, field: &str, raw: &str) -> String {
    let v = raw.trim().to_owned();
    let web = v.starts_with("https://") || v.starts_with("http://");
    if !(v.is_empty() || web) || v.len() > 500 {
        e.push(FieldError::new(
            field,
            "invalid_url",
            "リンクは https:// から始まるアドレスで入力してください。",
        ));
    }
    v
}

impl MediaInput {
    /// Checks the item; `releases` are the collaboration's release ids an article may follow.
    pub fn parse(&self, releases: &[i64]) -> Result<MediaCoverage, Invalid> {
        let mut e = Invalid::default();
        let kind = MediaKind::parse(self.kind.trim());
        if kind.is_none() {
            e.push(FieldError::new(
                "kind",
                "required",
                "リリースか掲載・放送かを選んでください。",
            ));
        }
        let on = fields::required_date(&mut e, "on", "日付", &self.on);
        let title = fields::text(&mut e, "title", "題名", &self.title, 200, true);
        let article = kind == Some(MediaKind::Article);
        let outlet_label = if article { "媒体名" } else { "送付先" };
        let outlet = fields::text(&mut e, "outlet", outlet_label, &self.outlet, 200, article);
        let medium = match self.medium.trim() {
            "" if article => {
                e.push(FieldError::new("medium", "required", "媒体の種類を選んでください。"));
                None
            }
            "" => None,
            m => {
                let v = Medium::parse(m);
                if v.is_none() {
                    e.push(FieldError::new("medium", "unknown", "媒体の種類を選び直してください。"));
                }
                v
            }
        };
        let url = web_address(&mut e, "url", &self.url);
        let reach = e.check(text::parse_count("reach", "届いた数", &self.reach)).flatten();
        let tone = match self.tone.trim() {
            "" => None,
            t => {
                let v = Tone::parse(t);
                if v.is_none() {
                    e.push(FieldError::new("tone", "unknown", "論調を選び直してください。"));
                }
                v
            }
        };
        let release_id = match self.release_id.trim() {
            "" => None,
            r => {
                let v = r.parse::<i64>().ok().filter(|id| releases.contains(id));
                if v.is_none() || !article {
                    e.push(FieldError::new(
                        "release_id",
                        "unknown",
                        "もとになったリリースは、この協働のリリースから選んでください。",
                    ));
                }
                v
            }
        };
        match (kind, on) {
            (Some(kind), Some(on)) if e.0.is_empty() => Ok(MediaCoverage {
                kind,
                on,
                title,
                outlet,
                medium: if article { medium } else { None },
                url,
                reach,
                tone: if article { tone } else { None },
                release_id,
            }),
            _ => Err(e),
        }
    }
}

/// The guide's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub releases: usize,
    pub articles: usize,
    /// Articles that followed one of the releases.
    pub following: usize,
    /// Known reach, summed.
    pub reach: u64,
}

pub fn counts<'a>(items: impl IntoIterator<Item = &'a MediaCoverage>) -> Counts {
    let mut c = Counts::default();
    for m in items {
        match m.kind {
            MediaKind::Release => c.releases += 1,
            MediaKind::Article => {
                c.articles += 1;
                c.following += usize::from(m.release_id.is_some());
                c.reach += m.reach.unwrap_or(0);
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(release: &str) -> MediaInput {
        MediaInput {
            kind: "article".into(),
            on: "令和9年5月3日".into(),
            title: "白瓜で耕作放棄地を再生".into(),
            outlet: "山口新聞".into(),
            medium: "newspaper".into(),
            reach: "８０,０００".into(),
            tone: "positive".into(),
            release_id: release.into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_article_follows_a_release_of_this_collaboration() {
        let a = article("7").parse(&[7]).unwrap();
        assert_eq!(
            (a.reach, a.release_id, a.on.to_string()),
            (Some(80_000), Some(7), "2027-05-03".into())
        );
        let e = article("8").parse(&[7]).unwrap_err();
        assert_eq!(e.0[0].field, "release_id");
        let release = MediaInput {
            kind: "release".into(),
            on: "2027-04-20".into(),
            title: "協働事業を始めます".into(),
            tone: "positive".into(),
            ..Default::default()
        }
        .parse(&[])
        .unwrap();
        assert_eq!(release.tone, None, "a release has no tone");
        let c = counts([&a, &release]);
        assert_eq!((c.releases, c.articles, c.following, c.reach), (1, 1, 1, 80_000));
    }

    #[test]
    fn an_article_needs_its_outlet_and_medium_and_a_web_link() {
        let e = MediaInput {
            kind: "article".into(),
            on: "2027-05-03".into(),
            title: "x".into(),
            url: "javascript:alert(1)".into(),
            ..Default::default()
        }
        .parse(&[])
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["outlet", "medium", "url"]);
    }
}
