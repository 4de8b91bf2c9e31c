//! A published case study as an A4 PDF, in the guide's structure (概要, キーパーソンに聞く,
//! 協働の具体的な内容, 協働の成果, 参考情報). Only the key persons who consented appear.

use std::sync::OnceLock;

use kyodo_domain::case_study::CaseStudy;
use kyodo_domain::case_study::library::shown;

use crate::Result;
use crate::pdf::{Engine, engine_for, render};

static TEMPLATE: &str = include_str!("case.typ");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| engine_for(TEMPLATE))
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// `footer`: where and when it was published (「kyodo 協働事例集 令和9年（2027年）3月1日更新」).
pub fn case_pdf(c: &CaseStudy, footer: &str) -> Result<Vec<u8>> {
    let mut facts: Vec<(String, String)> = Vec::new();
    for (label, value) in [
        ("テーマ", c.theme.as_str()),
        ("活動分野", c.field.as_str()),
        ("協働の形", c.collaboration_type.as_str()),
        ("期間", c.period.as_str()),
    ] {
        if !value.is_empty() {
            facts.push((label.into(), value.into()));
        }
    }
    let parties: Vec<String> = c
        .parties
        .iter()
        .map(|p| {
            let about: Vec<&str> = [p.kind.as_str(), p.municipality.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            if about.is_empty() {
                p.name.clone()
            } else {
                format!("{}（{}）", p.name, about.join("・"))
            }
        })
        .collect();
    facts.push(("協働した団体".into(), parties.join("\n")));
    if !c.resources.is_empty() {
        let r: Vec<String> = c.resources.iter().map(|r| shown("resource", r)).collect();
        facts.push(("やりとりした資源".into(), r.join("、")));
    }
    let data = serde_json::json!({
        "title": c.title,
        "facts": facts,
        "summary": lines(&c.summary),
        "key_persons": c.key_persons.iter().filter(|k| k.consented).map(|k| serde_json::json!({
            "words": lines(&k.words),
            "by": format!("{}　{}　{}さん", k.organization, k.role, k.name),
        })).collect::<Vec<_>>(),
        "parties": c.parties.iter().map(|p| serde_json::json!({
            "name": p.name, "did": lines(&p.did), "gained": lines(&p.gained),
        })).collect::<Vec<_>>(),
        "references": lines(&c.references),
        "footer": footer,
    });
    render(engine(), &data)
}
