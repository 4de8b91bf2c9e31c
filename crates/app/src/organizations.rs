//! Organisations (情報の公開): registration (the registrant becomes owner), the profile, track
//! records, the logo, and deletion.

use kyodo_domain::FieldError;
use kyodo_domain::Invalid;
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::profile::{Profile, ProfileInput};
use kyodo_domain::organization::track_record::{TrackRecord, TrackRecordInput};
use kyodo_domain::organization::{NewOrganization, OrganizationInput};
use kyodo_store::Organization;

use crate::access::{self, OrgStanding};
use crate::{Actor, App, Error, Result, now};

/// Registers an organisation; the actor becomes its owner.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn register(app: &App, actor: &Actor, input: &OrganizationInput) -> Result<OrgId> {
    let new = NewOrganization::parse(input)?;
    let id = app.store.create_organization(&new, actor.id, now()).await?;
    Ok(OrgId::new(id))
}

/// The organisation, if the actor may edit it (its editors and owners, and admins).
pub async fn editable(app: &App, actor: &Actor, org: OrgId) -> Result<(Organization, OrgStanding)> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.can_edit() {
        return Err(Error::Forbidden);
    }
    Ok((org, standing))
}

/// Replaces the profile (editors, owners, admins). Returns the organisation as saved.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn update_profile(app: &App, actor: &Actor, org: OrgId, input: &ProfileInput) -> Result<Organization> {
    let (org, _) = editable(app, actor, org).await?;
    let profile = Profile::parse(input)?;
    app.store.update_profile(org.id, &profile, now()).await?;
    app.store.organization(org.id).await?.ok_or(Error::NotFound)
}

/// Deletes the organisation with its listings and records (owners and admins).
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn delete(app: &App, actor: &Actor, org: OrgId) -> Result<()> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.can_manage_members() {
        return Err(Error::Forbidden);
    }
    Ok(app.store.delete_organization(org.id).await?)
}

/// Adds a track record (協働実績) (editors). Returns its id.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn add_record(app: &App, actor: &Actor, org: OrgId, input: &TrackRecordInput) -> Result<i64> {
    let (org, _) = editable(app, actor, org).await?;
    let this_year = time::OffsetDateTime::now_utc().year();
    let r = TrackRecord::parse(input, this_year)?;
    Ok(app.store.add_track_record(org.id, &r, now()).await?)
}

/// Deletes a track record of this organisation (editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %org, record))]
pub async fn delete_record(app: &App, actor: &Actor, org: OrgId, record: i64) -> Result<()> {
    let (org, _) = editable(app, actor, org).await?;
    Ok(app.store.delete_track_record(org.id, record).await?)
}

pub const LOGO_MAX_BYTES: usize = 1024 * 1024;
const LOGO_MAX_SIDE: usize = 4096;

/// Checks an upload by its content, not its name or declared type: PNG, JPEG or WebP whose header
/// parses, within size limits. Returns the content type to serve it with.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, FieldError> {
    let bad = |msg: &str| FieldError::new("logo", "invalid_image", msg);
    if bytes.is_empty() {
        return Err(bad("画像ファイルを選んでください。"));
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(bad("ロゴ画像は1MB以内にしてください。"));
    }
    let content_type = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => "image/png",
        Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
        Ok(imagesize::ImageType::Webp) => "image/webp",
        _ => return Err(bad("ロゴ画像は PNG・JPEG・WebP のいずれかにしてください。")),
    };
    match imagesize::blob_size(bytes) {
        Ok(size)
            if size.width > 0 && size.height > 0 && size.width <= LOGO_MAX_SIDE && size.height <= LOGO_MAX_SIDE =>
        {
            Ok(content_type)
        }
        Ok(_) => Err(bad("ロゴ画像は縦横4096ピクセル以内にしてください。")),
        Err(_) => Err(bad("画像として読み取れませんでした。")),
    }
}

/// Stores a logo after checking it by content (editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %org, bytes = bytes.len()))]
pub async fn upload_logo(app: &App, actor: &Actor, org: OrgId, bytes: &[u8]) -> Result<()> {
    let (org, _) = editable(app, actor, org).await?;
    let content_type = check_logo(bytes).map_err(|e| Error::Invalid(Invalid::one(e)))?;
    Ok(app.store.save_logo(org.id, content_type, bytes, now()).await?)
}

#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn delete_logo(app: &App, actor: &Actor, org: OrgId) -> Result<()> {
    let (org, _) = editable(app, actor, org).await?;
    Ok(app.store.delete_logo(org.id).await?)
}

/// The logo (public): its checked content type and bytes.
pub async fn logo(app: &App, org: OrgId) -> Result<(String, Vec<u8>)> {
    let (content_type, bytes, _) = app.store.logo(org.get()).await?.ok_or(Error::NotFound)?;
    Ok((content_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::check_logo;

    #[test]
    fn logos_are_checked_by_content() {
        // A 1×1 PNG header (signature + IHDR).
        let png: Vec<u8> = [
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
            &[
                0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
            ][..],
        ]
        .concat();
        assert_eq!(check_logo(&png), Ok("image/png"));
        assert!(
            check_logo(b"<svg onload=alert(1)>").is_err(),
            "SVG (script-capable) is refused"
        );
        assert!(check_logo(b"GIF89a....").is_err());
        assert!(check_logo(&vec![0u8; super::LOGO_MAX_BYTES + 1]).is_err());
        assert!(check_logo(&[]).is_err());
    }
}
