//! The agreement as a 協定書 draft: Word to edit and PDF to read, with each party's roles, the
//! targets with how and when they are checked, and the confirmations so far.

use std::sync::OnceLock;

use docx_rs::{AlignmentType, Docx, Paragraph, Table, TableCell, TableRow, WidthType};

use crate::docx::{para as p, run};
use crate::pdf::{Engine, engine_for, render};
use crate::{DocError, Result};

/// Everything printed, already in display form (dates in 和暦 with the Western year).
#[derive(Debug, Clone)]
pub struct AgreementDoc {
    pub title: String,
    pub version: i64,
    pub collaboration_type: String,
    pub purpose: String,
    pub period: String,
    /// (party, its roles as lines)
    pub parties: Vec<(String, Vec<String>)>,
    /// (target, value with unit, due, method, timing)
    pub targets: Vec<(String, String, String, String, String)>,
    /// (party, confirmed on) — or "未確認".
    pub confirmations: Vec<(String, String)>,
    pub date: String,
}

fn h(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t).bold().size(24))
}

fn cell(t: &str) -> TableCell {
    TableCell::new().add_paragraph(p(t))
}

pub fn agreement_docx(a: &AgreementDoc) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .default_size(21)
        .add_paragraph(
            Paragraph::new()
                .add_run(run("協定書（案）").bold().size(32))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&a.title).bold().size(28))
                .align(AlignmentType::Center),
        )
        .add_paragraph(p(&format!("第{}版　{}", a.version, a.date)).align(AlignmentType::Right))
        .add_paragraph(h("協働の形態"))
        .add_paragraph(p(&a.collaboration_type))
        .add_paragraph(h("目的"))
        .add_paragraph(p(&a.purpose))
        .add_paragraph(h("期間"))
        .add_paragraph(p(&a.period))
        .add_paragraph(h("役割分担"));
    for (party, roles) in &a.parties {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(party).bold()));
        for r in roles {
            doc = doc.add_paragraph(p(&format!("・{r}")));
        }
    }
    let mut rows = vec![TableRow::new(
        ["目標", "目標値", "期限", "測り方", "評価の時期"]
            .iter()
            .map(|t| cell(t))
            .collect(),
    )];
    for (what, value, due, method, timing) in &a.targets {
        rows.push(TableRow::new(vec![
            cell(what),
            cell(value),
            cell(due),
            cell(method),
            cell(timing),
        ]));
    }
    doc = doc
        .add_paragraph(h("目標と評価の方法"))
        .add_table(Table::new(rows).width(9000, WidthType::Dxa))
        .add_paragraph(h("確認"));
    for (party, on) in &a.confirmations {
        doc = doc.add_paragraph(p(&format!("{party}：{on}")));
    }
    // 記名押印: each party signs and seals its own copy.
    doc = doc
        .add_paragraph(p(&format!(
            "本協定の締結を証するため、本書を{}通作成し、各団体が記名押印のうえ、各1通を保有する。",
            a.parties.len()
        )))
        .add_paragraph(p("　　　　年　　月　　日").align(AlignmentType::Right));
    for (party, _) in &a.parties {
        doc = doc
            .add_paragraph(p("所在地　＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"))
            .add_paragraph(p(&format!("団体名　{party}")))
            .add_paragraph(p("代表者　＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿　印"));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| DocError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

static TEMPLATE: &str = include_str!("agreement.typ");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| engine_for(TEMPLATE))
}

pub fn agreement_pdf(a: &AgreementDoc) -> Result<Vec<u8>> {
    let data = serde_json::json!({
        "title": a.title,
        "version": a.version,
        "date": a.date,
        "type": a.collaboration_type,
        "purpose": a.purpose,
        "period": a.period,
        "parties": a.parties.iter().map(|(n, r)| serde_json::json!({"name": n, "roles": r})).collect::<Vec<_>>(),
        "targets": a.targets.iter().map(|(w, v, d, m, t)| serde_json::json!([w, v, d, m, t])).collect::<Vec<_>>(),
        "confirmations": a.confirmations.iter().map(|(n, o)| serde_json::json!([n, o])).collect::<Vec<_>>(),
    });
    render(engine(), &data)
}
