//! 協働のテーマ (Action I): from the organisation's own theme to a collaboration theme with an
//! outline of who could contribute what. Private to the organisation's members.

use kyodo_domain::FieldError;
use kyodo_domain::ids::{OrgId, ThemeId};
use kyodo_domain::proposal::theme::ThemeInput;
use kyodo_store::{Organization, StoredTheme};

use crate::access::{self, OrgStanding};
use crate::{Actor, App, Error, Result, now};

/// The organisation's themes, for its members.
pub async fn of_organization(
    app: &App,
    actor: &Actor,
    org: OrgId,
) -> Result<(Organization, OrgStanding, Vec<StoredTheme>)> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.is_member() {
        return Err(Error::Forbidden);
    }
    let themes = app.store.themes_of(org.id).await?;
    Ok((org, standing, themes))
}

/// A theme of an organisation the actor belongs to (to anyone else it does not exist).
pub async fn get(app: &App, actor: &Actor, id: ThemeId) -> Result<(StoredTheme, Organization, OrgStanding)> {
    let t = app.store.theme(id.get()).await?.ok_or(Error::NotFound)?;
    let (org, standing) = access::organization(app, Some(actor), OrgId::new(t.organization_id)).await?;
    if !standing.is_member() {
        return Err(Error::NotFound);
    }
    Ok((t, org, standing))
}

/// Where a new theme came from: one of the organisation's listings, a partner's profile.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub listing: Option<i64>,
    /// `None` when none was named; an unknown organisation is refused.
    pub partner: Option<OrgId>,
}

/// Starts a theme (the organisation's editors). Returns its id.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn create(app: &App, actor: &Actor, org: OrgId, input: &ThemeInput, origin: &Origin) -> Result<ThemeId> {
    let (org, standing, _) = of_organization(app, actor, org).await?;
    if !standing.can_edit() {
        return Err(Error::Forbidden);
    }
    let mut e = match input.parse() {
        Ok(_) => kyodo_domain::Invalid::default(),
        Err(e) => e,
    };
    let partner = match origin.partner {
        None => None,
        Some(p) => {
            let found = app.store.organization(p.get()).await?.map(|o| o.id);
            if found.is_none() {
                e.push(FieldError::new(
                    "partner_id",
                    "unknown_organization",
                    "協働の相手の団体が見つかりません。",
                ));
            }
            found
        }
    };
    if !e.0.is_empty() {
        return Err(e.into());
    }
    let theme = input.parse()?;
    // Only the organisation's own listing can be where a theme came from.
    let listing = match origin.listing {
        Some(lid) => app
            .store
            .listing(lid)
            .await?
            .filter(|l| l.organization_id == org.id)
            .map(|l| l.id),
        None => None,
    };
    let id = app
        .store
        .create_theme(org.id, &theme, listing, partner, actor.id, now())
        .await?;
    Ok(ThemeId::new(id))
}

/// Replaces a theme (the organisation's editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn update(app: &App, actor: &Actor, id: ThemeId, input: &ThemeInput) -> Result<StoredTheme> {
    let (t, _, standing) = get(app, actor, id).await?;
    if !standing.can_edit() {
        return Err(Error::Forbidden);
    }
    let theme = input.parse()?;
    app.store.update_theme(t.id, &theme, now()).await?;
    app.store.theme(t.id).await?.ok_or(Error::NotFound)
}
