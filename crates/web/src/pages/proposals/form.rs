//! The proposal form: the guide's sections, with rows for targets, asks and budget lines. Rows are
//! posted as parallel lists; spare blank rows are offered, and 「行を増やす」 adds more without
//! JavaScript (the form comes back with what was typed and more blank rows, nothing saved).

use kyodo_domain::catalog::catalog;
use kyodo_domain::collaboration::CollaborationType;
use kyodo_domain::proposal::{AskInput, Category, LineInput, ProposalContent, ProposalInput, TargetInput};
use serde::Deserialize;

use crate::pages::FormErrors;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProposalForm {
    pub title: String,
    pub background: String,
    pub voices: String,
    pub theme: String,
    pub purpose: String,
    pub plan_when: String,
    pub plan_where: String,
    pub plan_who: String,
    pub plan_why: String,
    pub plan_what: String,
    pub plan_how: String,
    pub plan_how_much: String,
    pub track_record: String,
    pub collaboration_type: String,
    pub cautions_response: String,
    /// 改訂メモ: what changed in this version.
    pub note: String,
    /// The partner organisation in mind, as typed: a name, a number or a page's address.
    pub partner: String,
    /// The partner ticked among those offered: its number, or empty for the name typed.
    pub partner_pick: String,
    pub target_what: Vec<String>,
    pub target_amount: Vec<String>,
    pub target_due: Vec<String>,
    pub ask_resource: Vec<String>,
    pub ask_detail: Vec<String>,
    pub ask_benefit: Vec<String>,
    pub line_category: Vec<String>,
    pub line_item: Vec<String>,
    pub line_quantity: Vec<String>,
    pub line_unit_price: Vec<String>,
    /// Which rows to add more of: `targets`, `asks` or `budget` (a submit button's value).
    pub more: String,
}

fn at(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

impl ProposalForm {
    pub fn input(&self) -> ProposalInput {
        let n = |a: &[String], b: &[String], c: &[String]| a.len().max(b.len()).max(c.len());
        ProposalInput {
            title: self.title.clone(),
            background: self.background.clone(),
            voices: self.voices.clone(),
            theme: self.theme.clone(),
            purpose: self.purpose.clone(),
            plan_when: self.plan_when.clone(),
            plan_where: self.plan_where.clone(),
            plan_who: self.plan_who.clone(),
            plan_why: self.plan_why.clone(),
            plan_what: self.plan_what.clone(),
            plan_how: self.plan_how.clone(),
            plan_how_much: self.plan_how_much.clone(),
            track_record: self.track_record.clone(),
            collaboration_type: self.collaboration_type.clone(),
            cautions_response: self.cautions_response.clone(),
            targets: (0..n(&self.target_what, &self.target_amount, &self.target_due))
                .map(|i| TargetInput {
                    what: at(&self.target_what, i),
                    amount: at(&self.target_amount, i),
                    due: at(&self.target_due, i),
                })
                .collect(),
            asks: (0..n(&self.ask_resource, &self.ask_detail, &self.ask_benefit))
                .map(|i| AskInput {
                    resource: at(&self.ask_resource, i),
                    detail: at(&self.ask_detail, i),
                    partner_benefit: at(&self.ask_benefit, i),
                })
                .collect(),
            budget: (0..n(&self.line_item, &self.line_quantity, &self.line_unit_price).max(self.line_category.len()))
                .map(|i| LineInput {
                    category: at(&self.line_category, i),
                    item: at(&self.line_item, i),
                    quantity: at(&self.line_quantity, i),
                    unit_price: at(&self.line_unit_price, i),
                })
                .collect(),
        }
    }

    /// The form for a stored (or empty) proposal, with spare blank rows to type into.
    pub fn from_content(c: &ProposalContent) -> Self {
        let i = c.to_input();
        let mut f = Self {
            title: i.title,
            background: i.background,
            voices: i.voices,
            theme: i.theme,
            purpose: i.purpose,
            plan_when: i.plan_when,
            plan_where: i.plan_where,
            plan_who: i.plan_who,
            plan_why: i.plan_why,
            plan_what: i.plan_what,
            plan_how: i.plan_how,
            plan_how_much: i.plan_how_much,
            track_record: i.track_record,
            collaboration_type: i.collaboration_type,
            cautions_response: i.cautions_response,
            note: String::new(),
            partner: String::new(),
            partner_pick: String::new(),
            target_what: i.targets.iter().map(|t| t.what.clone()).collect(),
            target_amount: i.targets.iter().map(|t| t.amount.clone()).collect(),
            target_due: i.targets.iter().map(|t| t.due.clone()).collect(),
            ask_resource: i.asks.iter().map(|a| a.resource.clone()).collect(),
            ask_detail: i.asks.iter().map(|a| a.detail.clone()).collect(),
            ask_benefit: i.asks.iter().map(|a| a.partner_benefit.clone()).collect(),
            line_category: i.budget.iter().map(|l| l.category.clone()).collect(),
            line_item: i.budget.iter().map(|l| l.item.clone()).collect(),
            line_quantity: i.budget.iter().map(|l| l.quantity.clone()).collect(),
            line_unit_price: i.budget.iter().map(|l| l.unit_price.clone()).collect(),
            more: String::new(),
        };
        let spare = |typed: usize, empty: usize| typed + if typed == 0 { empty } else { 1 };
        let (t, a, l) = (
            spare(f.target_what.len(), 2),
            spare(f.ask_detail.len(), 3),
            spare(f.line_item.len(), 8),
        );
        for list in [&mut f.target_what, &mut f.target_amount, &mut f.target_due] {
            list.resize(t, String::new());
        }
        for list in [&mut f.ask_resource, &mut f.ask_detail, &mut f.ask_benefit] {
            list.resize(a, String::new());
        }
        for list in [
            &mut f.line_category,
            &mut f.line_item,
            &mut f.line_quantity,
            &mut f.line_unit_price,
        ] {
            list.resize(l, String::new());
        }
        f
    }
}

/// One input of a row: its id/name for errors, value, and error message.
pub struct Cell {
    pub id: String,
    pub value: String,
    pub error: Option<String>,
}

pub struct Row {
    pub number: usize,
    /// The first of the rows just added: where the page lands after 「行を増やす」.
    pub anchor: bool,
    pub cells: Vec<Cell>,
}

pub struct Option_ {
    pub value: &'static str,
    pub label: String,
}

/// Everything the form template needs besides the form itself.
pub struct FormView {
    pub targets: Vec<Row>,
    pub asks: Vec<Row>,
    pub lines: Vec<Row>,
    pub resources: Vec<Option_>,
    pub categories: Vec<Option_>,
    pub types: Vec<Option_>,
}

/// Every row the form had, blank ones too (so adding rows elsewhere loses none), and `more` blank
/// ones when the user asked for them.
fn rows(fields: &[(&str, &[String])], prefix: &str, more: usize, errors: &FormErrors) -> Vec<Row> {
    // Up to the last row with anything typed or chosen (selects start empty).
    let filled = fields
        .iter()
        .filter_map(|(_, v)| v.iter().rposition(|x| !x.trim().is_empty()))
        .max()
        .map_or(0, |i| i + 1);
    let had = fields.iter().map(|(_, v)| v.len()).max().unwrap_or(0).max(filled);
    // Rows left wholly blank are dropped on parse, never here.
    (0..had + more)
        .map(|i| Row {
            number: i + 1,
            anchor: more > 0 && i == had,
            cells: fields
                .iter()
                .map(|(name, values)| {
                    let id = format!("{prefix}[{i}].{name}");
                    Cell {
                        error: errors.get(&id).map(str::to_owned),
                        value: at(values, i),
                        id,
                    }
                })
                .collect(),
        })
        .collect()
}

impl FormView {
    pub fn new(f: &ProposalForm, errors: &FormErrors) -> Self {
        let extra = |what: &str| if f.more == what { 5 } else { 0 };
        let resources = catalog()
            .resources
            .iter()
            .map(|r| Option_ {
                value: catalog_code(&r.code),
                label: format!("{}：{}", r.group, r.name),
            })
            .collect();
        Self {
            targets: rows(
                &[
                    ("what", &f.target_what),
                    ("amount", &f.target_amount),
                    ("due", &f.target_due),
                ],
                "targets",
                extra("targets"),
                errors,
            ),
            asks: rows(
                &[
                    ("resource", &f.ask_resource),
                    ("detail", &f.ask_detail),
                    ("partner_benefit", &f.ask_benefit),
                ],
                "asks",
                extra("asks"),
                errors,
            ),
            lines: rows(
                &[
                    ("category", &f.line_category),
                    ("item", &f.line_item),
                    ("quantity", &f.line_quantity),
                    ("unit_price", &f.line_unit_price),
                ],
                "budget",
                extra("budget"),
                errors,
            ),
            resources,
            categories: Category::ALL
                .into_iter()
                .map(|c| Option_ {
                    value: c.as_str(),
                    label: format!(
                        "{}：{}",
                        if c.side() == kyodo_domain::proposal::budget::Side::Income {
                            "収入"
                        } else {
                            "支出"
                        },
                        c.label_ja()
                    ),
                })
                .collect(),
            types: CollaborationType::ALL
                .into_iter()
                .map(|t| Option_ {
                    value: t.as_str(),
                    label: t.label_ja().to_owned(),
                })
                .collect(),
        }
    }
}

/// The catalog's own `'static` copy of a resource code.
fn catalog_code(code: &str) -> &'static str {
    kyodo_domain::listing::Resource::codes()
        .into_iter()
        .find(|c| *c == code)
        .unwrap_or("")
}
