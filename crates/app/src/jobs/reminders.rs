//! Reminders of action items due tomorrow or already overdue: once per item, to the members of
//! the organisation that owns it (as their notification settings allow). Run by `kyodo serve`
//! every hour; safe to run from several servers at once.

use crate::{App, now};

/// Returns how many items were reminded of.
pub async fn remind_due_items(app: &App, today: time::Date) -> anyhow::Result<usize> {
    let tomorrow = today.next_day().unwrap_or(today);
    let items = app.store.take_items_to_remind(&tomorrow.to_string(), now()).await?;
    for i in &items {
        let when = if i.due.as_str() < today.to_string().as_str() {
            "期限を過ぎています"
        } else {
            "期限が近づいています"
        };
        let due = kyodo_domain::fields::iso_date(&i.due).map_or_else(|| i.due.clone(), kyodo_domain::era::format_date);
        let text = format!("宿題「{}」の{when}（期限 {due}、担当 {}）", i.title, i.owner_name);
        let link = format!("/collaborations/{}/workspace#items", i.collaboration_id);
        let n = kyodo_store::NewNotification {
            people: &[],
            organizations: &[i.organization_id],
            actor: 0,
            kind: "item",
            text: &text,
            link: &link,
        };
        app.store.notify(&n, &app.public_url, now()).await?;
    }
    Ok(items.len())
}
