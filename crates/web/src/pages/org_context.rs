//! Loading an organisation together with the caller's standing toward it, and the choice lists
//! (checkboxes) its forms share.

use kyodo_domain::catalog::catalog;
use kyodo_domain::collaboration::CollaborationType;
use kyodo_domain::organization::MemberRole;
use kyodo_domain::text;
use kyodo_store::{Organization, User};

use crate::error::PageError;
use crate::policy::Standing;
use crate::state::AppState;

pub struct OrgContext {
    pub org: Organization,
    pub role: Option<MemberRole>,
    pub standing: Standing,
}

/// The organisation `id` (as typed in the URL) and what `user` is to it; 404 if there is none.
pub async fn load(state: &AppState, id: &str, user: Option<&User>) -> Result<OrgContext, PageError> {
    let id: i64 = text::to_halfwidth_ascii(id).parse().map_err(|_| PageError::NotFound)?;
    let (org, role) = state
        .store
        .organization_with_role(id, user.map(|u| u.id))
        .await?
        .ok_or(PageError::NotFound)?;
    Ok(OrgContext {
        org,
        role,
        standing: Standing::of(user, role),
    })
}

/// Parses an id from a URL segment (full-width digits accepted); 404 otherwise.
pub fn parse_id(s: &str) -> Result<i64, PageError> {
    text::to_halfwidth_ascii(s).parse().map_err(|_| PageError::NotFound)
}

/// One checkbox or radio option.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

fn choices<'a>(items: impl Iterator<Item = (String, &'a str)>, selected: &[String]) -> Vec<Choice> {
    items
        .map(|(value, label)| Choice {
            checked: selected.contains(&value),
            value,
            label: label.to_owned(),
        })
        .collect()
}

pub fn field_choices(selected: &[String]) -> Vec<Choice> {
    choices(
        catalog()
            .activity_fields
            .iter()
            .enumerate()
            .map(|(i, f)| ((i + 1).to_string(), f.as_str())),
        selected,
    )
}

pub fn sdg_choices(selected: &[String]) -> Vec<Choice> {
    let items: Vec<(String, String)> = catalog()
        .sdgs
        .iter()
        .enumerate()
        .map(|(i, s)| ((i + 1).to_string(), format!("{}. {s}", i + 1)))
        .collect();
    items
        .into_iter()
        .map(|(value, label)| Choice {
            checked: selected.contains(&value),
            value,
            label,
        })
        .collect()
}

pub fn type_choices(selected: &[String]) -> Vec<Choice> {
    choices(
        CollaborationType::ALL
            .iter()
            .map(|t| (t.as_str().to_owned(), t.label_ja())),
        selected,
    )
}

pub fn resource_choices(selected: &[String]) -> Vec<Choice> {
    choices(
        catalog().resources.iter().map(|r| (r.code.clone(), r.name.as_str())),
        selected,
    )
}

/// Numbers as the strings a form posts back.
pub fn strings<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}
