//! What a milestone's report says, section by section in the guide's order (Action IV (2)): each
//! party's purpose, the numeric effects against the agreed targets, the surveys (their n, never
//! free text), the coverage won, the parties' own assessments (once every party submitted, so the
//! report reads the same for all), third parties' opinions, the outcomes with their evidence,
//! and the lessons.

use kyodo_docs::report::{Bar, Block, ReportDoc, Section};
use kyodo_domain::era;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::assessment::{items, side_by_side};
use kyodo_domain::evaluation::media::MediaKind;
use kyodo_domain::evaluation::sheet::{TargetResult, number};
use kyodo_domain::evaluation::survey::Status;
use kyodo_domain::evaluation::survey::results::{QuestionResult, tabulate};
use kyodo_store::StoredSheet;

use crate::access::CollabStanding;
use crate::evaluation::outcomes::evidence;
use crate::{App, Result};

fn lines(lines: Vec<String>) -> Block {
    Block::Lines { lines }
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

fn judged(j: Option<kyodo_domain::evaluation::Judgement>) -> String {
    j.map_or("未判定", |j| j.label_ja()).to_owned()
}

/// A target's way from its baseline to its value, as far as the actual went (0 when it went back).
fn progress(t: &TargetResult) -> Option<u32> {
    let a = t.actual?;
    let way = t.value - t.baseline;
    let p = if way == 0.0 { 1.0 } else { (a - t.baseline) / way };
    Some((p.clamp(0.0, 10.0) * 100.0).round() as u32)
}

fn targets(sheet: &StoredSheet) -> Section {
    let ts = &sheet.sheet.targets;
    let bars = ts
        .iter()
        .filter_map(|t| {
            let p = progress(t)?;
            let u = &t.unit;
            Some(Bar {
                label: t.what.clone(),
                percent: p,
                text: format!(
                    "{}{u} → {}{u} ／ 目標 {}{u}（{p}%）",
                    number(t.baseline),
                    number(t.actual.unwrap_or_default()),
                    number(t.value)
                ),
            })
        })
        .collect();
    let rows = ts
        .iter()
        .map(|t| {
            vec![
                t.what.clone(),
                format!("{}{}", number(t.baseline), t.unit),
                format!("{}{}", number(t.value), t.unit),
                t.actual
                    .map(|a| format!("{}{}", number(a), t.unit))
                    .unwrap_or_else(|| "—".into()),
                judged(t.judgement),
                t.comment.clone(),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Bars {
        title: String::new(),
        bars,
    }];
    blocks.push(table(&["目標", "基準値", "目標値", "実績", "判定", "コメント"], rows));
    Section {
        heading: "目標と実績（数値の効果）".into(),
        blocks,
    }
}

/// A question's result in a line: a scale's mean, a number's mean and range, the three most
/// chosen options. Free text is left out.
fn result_line(q: &QuestionResult) -> Option<String> {
    if q.free_text {
        return None;
    }
    if q.answered == 0 {
        return Some(format!("問{} {}：回答なし", q.number, q.text));
    }
    // A number has a range; a scale has a mean only.
    let what = match (q.mean, q.range) {
        (Some(m), Some((lo, hi))) => format!(
            "平均 {}{u}（{}〜{}{u}）",
            number((m * 10.0).round() / 10.0),
            number(lo),
            number(hi),
            u = q.unit
        ),
        (Some(m), None) => format!("平均 {}（5段階）", number((m * 10.0).round() / 10.0)),
        _ => {
            let mut o: Vec<_> = q.options.iter().filter(|o| o.count > 0).collect();
            o.sort_by_key(|o| std::cmp::Reverse(o.count));
            o.iter()
                .take(3)
                .map(|o| format!("{} {}%（{}件）", o.label, number(o.percent), o.count))
                .collect::<Vec<_>>()
                .join("、")
        }
    };
    Some(format!("問{} {}：{}（回答 {}件）", q.number, q.text, what, q.answered))
}

/// A choice or scale question's options as bars, each its share of those who answered.
fn result_bars(q: &QuestionResult) -> Option<Block> {
    if q.free_text || q.answered == 0 || q.options.is_empty() {
        return None;
    }
    let bars = q
        .options
        .iter()
        .map(|o| Bar {
            label: o.label.clone(),
            percent: o.percent.round().clamp(0.0, 100.0) as u32,
            text: format!("{}件（{}%）", o.count, number(o.percent)),
        })
        .collect();
    Some(Block::Bars {
        title: format!("問{} {}（回答 {}件）", q.number, q.text, q.answered),
        bars,
    })
}

async fn surveys(app: &App, cid: i64) -> Result<Section> {
    let mut blocks = Vec::new();
    for s in app.store.surveys(cid).await? {
        if s.status == Status::Draft {
            continue;
        }
        let t = app.store.survey_tallies(s.id, None).await?;
        let audiences: Vec<&str> = s.settings.audiences.iter().map(|a| a.label_ja()).collect();
        let mut l = vec![format!(
            "「{}」（{}）n={}",
            s.settings.title,
            audiences.join("・"),
            t.responses
        )];
        let results = tabulate(&s.definition, &t);
        l.extend(results.iter().filter_map(result_line));
        blocks.push(lines(l));
        blocks.extend(results.iter().filter_map(result_bars));
    }
    if blocks.is_empty() {
        blocks.push(lines(vec!["アンケートは行っていません。".into()]));
    } else {
        blocks.push(lines(vec!["自由記述の回答は、この報告書には載せていません。".into()]));
    }
    Ok(Section {
        heading: "アンケート".into(),
        blocks,
    })
}

async fn media(app: &App, cid: i64) -> Result<Section> {
    let items = app.store.media(cid).await?;
    let c = kyodo_domain::evaluation::media::counts(items.iter().map(|m| &m.item));
    let mut head = format!(
        "ニュースリリース {}件、掲載・放送 {}件（うちリリースから {}件）",
        c.releases, c.articles, c.following
    );
    if c.reach > 0 {
        head.push_str(&format!("、届いた数（わかる分）{}", c.reach));
    }
    let title_of = |id: i64| items.iter().find(|m| m.id == id).map(|m| m.item.title.clone());
    let rows = items
        .iter()
        .filter(|m| m.item.kind == MediaKind::Article)
        .map(|m| {
            let i = &m.item;
            vec![
                era::format_date(i.on),
                format!("{}（{}）", i.outlet, i.medium.map_or("", |x| x.label_ja())),
                i.title.clone(),
                i.reach.map(|n| n.to_string()).unwrap_or_default(),
                i.release_id.and_then(title_of).unwrap_or_default(),
            ]
        })
        .collect();
    let mut blocks = vec![lines(vec![head])];
    blocks.extend(by_medium(&items));
    blocks.push(table(&["日付", "媒体", "見出し", "届いた数", "元のリリース"], rows));
    Ok(Section {
        heading: "報道".into(),
        blocks,
    })
}

/// Coverage by kind of medium (新聞・テレビ…), each its share of the articles.
fn by_medium(items: &[kyodo_store::StoredMedia]) -> Option<Block> {
    let articles: Vec<_> = items.iter().filter(|m| m.item.kind == MediaKind::Article).collect();
    if articles.is_empty() {
        return None;
    }
    let total = articles.len() as f64;
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in &articles {
        let label = m.item.medium.map_or("その他", |x| x.label_ja());
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let bars = counts
        .into_iter()
        .map(|(label, n)| {
            let p = n as f64 * 100.0 / total;
            Bar {
                label: label.to_owned(),
                percent: p.round() as u32,
                text: format!("{n}件（{}%）", number((p * 10.0).round() / 10.0)),
            }
        })
        .collect();
    Some(Block::Bars {
        title: "掲載・放送の媒体".into(),
        bars,
    })
}

async fn assessments(app: &App, s: &CollabStanding, milestone: Milestone) -> Result<Section> {
    let all = app.store.assessments(s.c.id, milestone).await?;
    let parties = s.party_ids();
    let waiting: Vec<String> = parties
        .iter()
        .filter(|p| !all.iter().any(|a| a.organization_id == **p && a.submitted_at.is_some()))
        .map(|p| s.party_name(*p))
        .collect();
    let heading = "各団体のふりかえり（協働の原則と役割、1〜5）".to_owned();
    if !waiting.is_empty() {
        let l = format!(
            "すべての団体がふりかえりシートを提出すると載ります（未提出：{}）。",
            waiting.join("・")
        );
        return Ok(Section {
            heading,
            blocks: vec![lines(vec![l])],
        });
    }
    let roles = app
        .store
        .latest_agreement(s.c.id)
        .await?
        .map(|a| a.agreement.roles)
        .unwrap_or_default();
    let its = items(&roles);
    let sheets: Vec<_> = parties
        .iter()
        .filter_map(|p| all.iter().find(|a| a.organization_id == *p))
        .collect();
    let compared = side_by_side(&its, &sheets.iter().map(|a| &a.assessment).collect::<Vec<_>>());
    let names: Vec<String> = parties.iter().map(|p| s.party_name(*p)).collect();
    let mut header: Vec<&str> = vec!["項目"];
    header.extend(names.iter().map(String::as_str));
    let rows = compared
        .iter()
        .map(|c| {
            let mut row = vec![if c.differs() {
                format!("{}（差が大きい）", c.item.label)
            } else {
                c.item.label.clone()
            }];
            row.extend(c.scores.iter().map(|n| n.map_or("—".into(), |n| n.to_string())));
            row
        })
        .collect();
    let overall = sheets
        .iter()
        .filter(|a| !a.assessment.overall.is_empty())
        .map(|a| format!("{}：{}", s.party_name(a.organization_id), a.assessment.overall))
        .collect();
    Ok(Section {
        heading,
        blocks: vec![table(&header, rows), lines(overall)],
    })
}

/// The report of `sheet`'s milestone.
pub(super) async fn build(app: &App, s: &CollabStanding, sheet: &StoredSheet) -> Result<ReportDoc> {
    let cid = s.c.id;
    let m = sheet.milestone;
    let purposes = Section {
        heading: "目的の達成度".into(),
        blocks: vec![table(
            &["団体", "達成度", "コメント"],
            sheet
                .sheet
                .purposes
                .iter()
                .map(|p| vec![s.party_name(p.organization_id), judged(p.judgement), p.comment.clone()])
                .collect(),
        )],
    };
    let opinions: Vec<String> = app
        .store
        .opinions(cid)
        .await?
        .into_iter()
        .filter(|o| !o.waiting())
        .flat_map(|o| {
            let a = &o.author;
            let on = o.written_on.map(era::format_date).unwrap_or_default();
            [format!("{}（{} {}）{on}", a.name, a.organization, a.role), o.text]
        })
        .collect();
    let named = evidence(app, cid).await?;
    let outcomes = app
        .store
        .outcomes(cid)
        .await?
        .into_iter()
        .map(|o| {
            let o = o.outcome;
            vec![
                o.organization_id.map_or("社会".into(), |p| s.party_name(p)),
                o.label,
                o.evidence
                    .and_then(|e| named.iter().find(|(x, _)| *x == e).map(|(_, n)| n.clone()))
                    .unwrap_or_else(|| "—".into()),
                o.note,
            ]
        })
        .collect();
    let sh = &sheet.sheet;
    let mut lessons: Vec<String> = Vec::new();
    if !sh.summary.is_empty() {
        lessons.push(sh.summary.clone());
    }
    lessons.extend(sh.keep.iter().map(|l| format!("続ける：{l}")));
    lessons.extend(sh.change.iter().map(|l| format!("変える：{l}")));
    if let Some(n) = sheet.next_cycle {
        lessons.push(format!("これらは第{n}サイクルの計画にしました。"));
    }
    let none = |v: Vec<String>, empty: &str| if v.is_empty() { vec![empty.to_owned()] } else { v };
    Ok(ReportDoc {
        title: s.c.title.clone(),
        kind: format!("{}評価 報告書", m.label_ja()),
        held_on: format!("評価日 {}", era::format_date(sh.held_on)),
        parties: s.c.parties.iter().map(|p| p.name.clone()).collect(),
        sections: vec![
            purposes,
            targets(sheet),
            surveys(app, cid).await?,
            media(app, cid).await?,
            assessments(app, s, m).await?,
            Section {
                heading: "第三者の意見".into(),
                blocks: vec![lines(none(opinions, "第三者の意見はまだありません。"))],
            },
            Section {
                heading: "成果と根拠".into(),
                blocks: vec![table(&["誰の", "成果", "根拠", "根拠が示すこと"], outcomes)],
            },
            Section {
                heading: "まとめと学び".into(),
                blocks: vec![lines(none(lessons, "まだ書かれていません。"))],
            },
        ],
    })
}
