//! What was typed into one of the workspace's many forms (a meeting's minutes, an indicator's
//! entry), kept when the form is refused: the page comes back with every value in the form that
//! was sent, and each message's field renamed to the id of the input it belongs to, so the error
//! summary's links land on it.

use std::borrow::Borrow;

/// The form that was sent (`minutes-12`, `entry-3`) and its fields as sent.
#[derive(Default)]
pub struct Typed {
    form: String,
    pairs: Vec<(String, String)>,
}

impl Typed {
    pub fn new(form: &str, id: i64, pairs: Vec<(String, String)>) -> Self {
        Self {
            form: format!("{form}-{id}"),
            pairs,
        }
    }

    /// Was this the form sent?
    pub fn is(&self, form: &str, id: impl Borrow<i64>) -> bool {
        self.form == format!("{form}-{}", id.borrow())
    }

    /// The value typed into `name` of this form (empty for another form).
    pub fn value(&self, form: &str, id: impl Borrow<i64>, name: &str) -> &str {
        self.row(form, id, name, 1)
    }

    /// The value of the `n`th (from 1) field called `name` of this form.
    pub fn row(&self, form: &str, id: impl Borrow<i64>, name: &str, n: impl Borrow<usize>) -> &str {
        if !self.is(form, id) {
            return "";
        }
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .nth(n.borrow().saturating_sub(1))
            .map_or("", |(_, v)| v.as_str())
    }

    /// Was `value` the choice in the `n`th `name` of this form?
    pub fn chose(&self, form: &str, id: impl Borrow<i64>, name: &str, n: impl Borrow<usize>, value: &i64) -> bool {
        self.row(form, id, name, n) == value.to_string()
    }
}

/// The input id of a minutes field: `decisions` → `decisions-12`, `items[1].due` →
/// `item_due-12-2` (the rows are numbered from 1 on the page).
pub fn minutes_field(meeting: i64, field: &str) -> String {
    let Some(rest) = field.strip_prefix("items[") else {
        return if field == "items" {
            format!("item_title-{meeting}-1")
        } else {
            format!("{field}-{meeting}")
        };
    };
    let (index, name) = rest.split_once("].").unwrap_or((rest, "title"));
    let row = index.parse::<usize>().map_or(1, |i| i + 1);
    let name = match name {
        "owner_name" => "item_owner",
        "organization" => "item_org",
        "due" => "item_due",
        _ => "item_title",
    };
    format!("{name}-{meeting}-{row}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minutes_message_names_the_input_it_belongs_to() {
        assert_eq!(minutes_field(12, "decisions"), "decisions-12");
        assert_eq!(minutes_field(12, "items[1].due"), "item_due-12-2");
        assert_eq!(minutes_field(12, "items[0].organization"), "item_org-12-1");
        assert_eq!(minutes_field(12, "items"), "item_title-12-1");
    }

    #[test]
    fn values_come_back_only_into_the_form_that_was_sent() {
        let pairs = vec![
            ("item_title".into(), "名簿".into()),
            ("item_title".into(), "会場".into()),
            ("item_org".into(), "7".into()),
        ];
        let t = Typed::new("minutes", 3, pairs);
        assert_eq!(t.row("minutes", 3, "item_title", 2), "会場");
        assert_eq!(t.row("minutes", 4, "item_title", 2), "", "another meeting's form");
        assert!(t.chose("minutes", 3, "item_org", 1, &7));
    }
}
