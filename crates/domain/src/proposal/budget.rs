//! The proposal's budget (⑤ 予算): income and expense lines in the guide's categories, in whole
//! yen. Amounts are integers end to end; every sum is checked, so an absurd budget is refused
//! rather than wrapped.

use serde::{Deserialize, Serialize};

use crate::errors::FieldError;
use crate::text;

/// The largest amount one line may come to: one trillion yen is beyond any civic project.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;
/// Lines per budget; a real one has a few dozen.
pub const MAX_LINES: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Income,
    Expense,
}

/// The guide's categories (Action II ⑤), income then expense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Donation,
    Sponsorship,
    Grant,
    ParticipationFee,
    Advertising,
    Sales,
    OtherIncome,
    Venue,
    Personnel,
    Publicity,
    Equipment,
    Materials,
    Overhead,
    OtherExpense,
}

impl Category {
    pub const ALL: [Self; 14] = [
        Self::Donation,
        Self::Sponsorship,
        Self::Grant,
        Self::ParticipationFee,
        Self::Advertising,
        Self::Sales,
        Self::OtherIncome,
        Self::Venue,
        Self::Personnel,
        Self::Publicity,
        Self::Equipment,
        Self::Materials,
        Self::Overhead,
        Self::OtherExpense,
    ];

    pub fn side(self) -> Side {
        match self {
            Self::Donation
            | Self::Sponsorship
            | Self::Grant
            | Self::ParticipationFee
            | Self::Advertising
            | Self::Sales
            | Self::OtherIncome => Side::Income,
            _ => Side::Expense,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Donation => "donation",
            Self::Sponsorship => "sponsorship",
            Self::Grant => "grant",
            Self::ParticipationFee => "participation_fee",
            Self::Advertising => "advertising",
            Self::Sales => "sales",
            Self::OtherIncome => "other_income",
            Self::Venue => "venue",
            Self::Personnel => "personnel",
            Self::Publicity => "publicity",
            Self::Equipment => "equipment",
            Self::Materials => "materials",
            Self::Overhead => "overhead",
            Self::OtherExpense => "other_expense",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Donation => "寄附",
            Self::Sponsorship => "協賛",
            Self::Grant => "助成",
            Self::ParticipationFee => "参加費",
            Self::Advertising => "広告費",
            Self::Sales => "物販売上",
            Self::OtherIncome => "その他収入",
            Self::Venue => "会場費",
            Self::Personnel => "人件費",
            Self::Publicity => "広報費",
            Self::Equipment => "機械・備品購入費",
            Self::Materials => "材料費",
            Self::Overhead => "組織運営費（間接費）",
            Self::OtherExpense => "その他支出",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub category: Category,
    /// 内訳, e.g. 「そば種子」.
    pub item: String,
    pub quantity: i64,
    /// 単価, yen.
    pub unit_price: i64,
}

impl BudgetLine {
    /// Quantity × unit price; lines are parsed so that this cannot overflow.
    pub fn amount(&self) -> i64 {
        self.quantity.saturating_mul(self.unit_price)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub lines: Vec<BudgetLine>,
}

/// Sums of a budget, computed here and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub income: i64,
    pub expense: i64,
    /// Income − expense: negative is a deficit.
    pub balance: i64,
    /// Per category with at least one line, in the guide's order.
    pub by_category: Vec<(Category, i64)>,
}

impl Budget {
    pub fn totals(&self) -> Totals {
        let sum = |side: Side| -> i64 {
            self.lines
                .iter()
                .filter(|l| l.category.side() == side)
                .map(BudgetLine::amount)
                .sum()
        };
        let (income, expense) = (sum(Side::Income), sum(Side::Expense));
        let by_category = Category::ALL
            .into_iter()
            .filter_map(|c| {
                let lines: Vec<&BudgetLine> = self.lines.iter().filter(|l| l.category == c).collect();
                (!lines.is_empty()).then(|| (c, lines.iter().map(|l| l.amount()).sum()))
            })
            .collect();
        Totals {
            income,
            expense,
            balance: income - expense,
            by_category,
        }
    }

    pub fn has(&self, c: Category) -> bool {
        self.lines.iter().any(|l| l.category == c && l.amount() > 0)
    }
}

/// A yen amount or count as typed: full-width digits, thousands separators and a trailing 円 or
/// 個 are accepted; negatives, fractions and words are not.
pub fn parse_amount(field: &str, label: &str, raw: &str) -> Result<i64, FieldError> {
    let s = text::to_halfwidth_ascii(raw.trim());
    let s = s
        .trim_end_matches(['円', '個', '人', '回', '式'])
        .replace([',', '、', '，'], "");
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::required(field, label));
    }
    if s.starts_with('-') || s.starts_with('−') || s.starts_with('▲') {
        return Err(FieldError::new(
            field,
            "negative",
            format!("{label}は0以上の整数で入力してください。"),
        ));
    }
    let n: i64 = s.parse().map_err(|_| {
        FieldError::new(
            field,
            "not_a_number",
            format!("{label}は半角または全角の数字で入力してください（例：12,000）。"),
        )
    })?;
    if n > MAX_AMOUNT {
        return Err(FieldError::new(
            field,
            "too_large",
            format!("{label}が大きすぎます（1兆以下）。"),
        ));
    }
    Ok(n)
}

/// One line from its typed parts; `at` names the line's fields (`budget[3].quantity`).
pub fn parse_line(
    at: &str,
    category: &str,
    item: &str,
    quantity: &str,
    unit_price: &str,
) -> Result<BudgetLine, Vec<FieldError>> {
    let mut errors = Vec::new();
    let category = Category::parse(category.trim());
    if category.is_none() {
        errors.push(FieldError::new(
            format!("{at}.category"),
            "invalid",
            "費目を選んでください。",
        ));
    }
    let item = text::clean(item, false);
    if text::grapheme_len(&item) > 100 {
        errors.push(FieldError::too_long(&format!("{at}.item"), "内訳", 100));
    }
    let quantity = parse_amount(&format!("{at}.quantity"), "数量", quantity)
        .map_err(|e| errors.push(e))
        .ok();
    let unit_price = parse_amount(&format!("{at}.unit_price"), "単価", unit_price)
        .map_err(|e| errors.push(e))
        .ok();
    if let (Some(q), Some(p)) = (quantity, unit_price)
        && q.checked_mul(p).is_none_or(|a| a > MAX_AMOUNT)
    {
        errors.push(FieldError::new(
            format!("{at}.unit_price"),
            "too_large",
            "数量×単価が大きすぎます（1兆円以下）。",
        ));
    }
    match (category, quantity, unit_price) {
        (Some(category), Some(quantity), Some(unit_price)) if errors.is_empty() => Ok(BudgetLine {
            category,
            item,
            quantity,
            unit_price,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(c: Category, q: i64, p: i64) -> BudgetLine {
        BudgetLine {
            category: c,
            item: String::new(),
            quantity: q,
            unit_price: p,
        }
    }

    #[test]
    fn the_guides_sides_and_labels() {
        assert_eq!(Category::Sponsorship.side(), Side::Income);
        assert_eq!(Category::Overhead.side(), Side::Expense);
        assert_eq!(Category::Overhead.label_ja(), "組織運営費（間接費）");
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(parse_amount("a", "金額", "１２，０００円"), Ok(12_000));
        assert_eq!(parse_amount("a", "金額", " 3,500 "), Ok(3_500));
        assert_eq!(parse_amount("a", "金額", "-5").unwrap_err().code, "negative");
        assert_eq!(parse_amount("a", "金額", "▲5").unwrap_err().code, "negative");
        assert_eq!(parse_amount("a", "金額", "1.5").unwrap_err().code, "not_a_number");
        assert_eq!(parse_amount("a", "金額", "たくさん").unwrap_err().code, "not_a_number");
        assert_eq!(parse_amount("a", "金額", "").unwrap_err().code, "required");
        assert_eq!(
            parse_amount("a", "金額", "99999999999999999999").unwrap_err().code,
            "not_a_number"
        );
        let e = parse_line("budget[0]", "materials", "種子", "1000000", "10000000").unwrap_err();
        assert_eq!(e[0].field, "budget[0].unit_price");
        assert_eq!(e[0].code, "too_large");
        let e = parse_line("budget[1]", "money", "", "x", "1").unwrap_err();
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn totals_and_balance() {
        let b = Budget {
            lines: vec![
                line(Category::Sponsorship, 1, 50_000),
                line(Category::ParticipationFee, 40, 500),
                line(Category::Materials, 10, 1_200),
                line(Category::Personnel, 2, 8_000),
                line(Category::Overhead, 1, 12_000),
            ],
        };
        let t = b.totals();
        assert_eq!((t.income, t.expense, t.balance), (70_000, 40_000, 30_000));
        assert_eq!(t.by_category[0], (Category::Sponsorship, 50_000));
        assert_eq!(t.by_category.len(), 5);
    }

    fn any_line() -> impl Strategy<Value = BudgetLine> {
        (0..Category::ALL.len(), 0i64..1_000, 0i64..1_000_000).prop_map(|(c, q, p)| line(Category::ALL[c], q, p))
    }

    proptest! {
        #[test]
        fn totals_are_exact_sums_whatever_the_order(mut lines in proptest::collection::vec(any_line(), 0..60)) {
            let t = Budget { lines: lines.clone() }.totals();
            let income: i64 = lines.iter().filter(|l| l.category.side() == Side::Income).map(|l| l.quantity * l.unit_price).sum();
            let expense: i64 = lines.iter().filter(|l| l.category.side() == Side::Expense).map(|l| l.quantity * l.unit_price).sum();
            prop_assert_eq!(t.income, income);
            prop_assert_eq!(t.expense, expense);
            prop_assert_eq!(t.balance, income - expense);
            prop_assert_eq!(t.by_category.iter().map(|(_, a)| a).sum::<i64>(), income + expense);
            lines.reverse();
            prop_assert_eq!(Budget { lines }.totals(), t);
        }

        #[test]
        fn typed_amounts_round_trip(n in 0i64..MAX_AMOUNT) {
            let grouped = n.to_string().as_bytes().rchunks(3).rev().map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(",");
            prop_assert_eq!(parse_amount("a", "金額", &format!("{grouped}円")), Ok(n));
        }
    }
}
