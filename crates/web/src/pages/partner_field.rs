//! The field where a partner organisation is chosen by name: a text box with the organisations
//! offered first (past partners, partner candidates) as a list to tick, and, when a name was
//! unclear, the organisations it might mean. Works without JavaScript; with it, the browser's
//! suggestions follow what is typed (`/assets/kyodo.js`).

use kyodo_app::partners::{self, Choice, Picked};
use kyodo_domain::ids::OrgId;
use kyodo_store::User;

use crate::error::PageError;
use crate::state::AppState;

/// What the field shows.
#[derive(Default)]
pub(crate) struct PartnerField {
    /// What was typed.
    pub value: String,
    /// The ticked choice (an organisation's number), or empty for "the name typed above".
    pub pick: String,
    /// The organisations a name might mean (after an unclear name), then those offered.
    pub choices: Vec<Choice>,
    /// The first choices are what an unclear name might mean.
    pub unclear: bool,
}

/// What the operation is given: the ticked organisation if any, else what was typed.
pub(crate) fn chosen(typed: &str, pick: &str) -> String {
    match pick.trim().parse::<OrgId>() {
        Ok(id) => id.to_string(),
        Err(_) => typed.to_owned(),
    }
}

/// The field for `org`'s members, with what was typed and ticked; `failed` when the name was
/// refused, so what it might mean comes first.
pub(crate) async fn load(
    state: &AppState,
    user: &User,
    org: i64,
    typed: &str,
    pick: &str,
    failed: bool,
) -> Result<PartnerField, PageError> {
    let mut choices = Vec::new();
    let mut unclear = false;
    if failed && let Picked::Unclear(near) = partners::pick(&state.app, &chosen(typed, pick), org).await? {
        unclear = !near.is_empty();
        choices = near;
    }
    for c in partners::offered(&state.app, user, OrgId::new(org)).await? {
        if !choices.iter().any(|x| x.id == c.id) {
            choices.push(c);
        }
    }
    // Ticked before (a partner the form was started for) though not offered: still shown.
    if let Ok(id) = pick.trim().parse::<OrgId>()
        && !choices.iter().any(|c| c.id == id.get())
        && let Some(o) = state.store.organization(id.get()).await?
    {
        choices.insert(
            0,
            Choice {
                id: o.id,
                name: o.name,
                kind_ja: o.kind.label_ja(),
                municipality: o.municipality,
                why: "選んだ団体",
            },
        );
    }
    Ok(PartnerField {
        value: typed.to_owned(),
        pick: pick.trim().to_owned(),
        choices,
        unclear,
    })
}
