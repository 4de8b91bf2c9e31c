//! Themes and proposals (企画書) with their versions, shares and comments. Who may read or write
//! what is the web layer's policy; this module stores and reads.

use kyodo_domain::proposal::ProposalContent;
use kyodo_domain::proposal::theme::Theme;
pub use kyodo_domain::records::{ProposalSummary, ProposalVersion};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError, found};

/// A version without its content, for lists.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    pub version: i64,
    pub title: String,
    pub note: Option<String>,
    /// Who saved it, by the name they chose to show (never their address: partners see this).
    pub author_name: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct ProposalShare {
    pub organization_id: i64,
    pub organization_name: String,
    pub version: i64,
    /// Versions saved later are shared too (until the author stops it).
    pub follows: bool,
    pub shared_at: i64,
}

/// A comment to add.
#[derive(Debug, Clone, Copy)]
pub struct NewComment<'a> {
    pub proposal_id: i64,
    pub version: i64,
    pub section: &'a str,
    /// The organisation the comment is written as.
    pub organization_id: i64,
    pub author_id: i64,
    pub body: &'a str,
}

#[derive(Debug, Clone)]
pub struct ProposalComment {
    pub id: i64,
    pub version: i64,
    pub section: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct StoredTheme {
    pub id: i64,
    pub organization_id: i64,
    pub theme: Theme,
    pub source_listing_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub updated_at: i64,
}

const COLUMNS: &str = "p.id, p.organization_id, o.name AS organization_name, p.partner_id, p.theme_id, \
     p.title, p.latest_version, p.created_at, p.updated_at";
const FROM: &str = "proposals p JOIN organizations o ON o.id = p.organization_id";

fn summary(r: &AnyRow) -> Result<ProposalSummary> {
    Ok(ProposalSummary {
        id: r.try_get("id")?,
        organization_id: r.try_get("organization_id")?,
        organization_name: r.try_get("organization_name")?,
        partner_id: r.try_get("partner_id")?,
        theme_id: r.try_get("theme_id")?,
        title: r.try_get("title")?,
        latest_version: r.try_get("latest_version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

impl Store {
    /// A new proposal with its first version, in one transaction.
    pub async fn create_proposal(
        &self,
        organization_id: i64,
        partner_id: Option<i64>,
        theme_id: Option<i64>,
        content: &ProposalContent,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let body = json(content)?;
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO proposals (organization_id, partner_id, theme_id, title, latest_version, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(organization_id)
        .bind(partner_id)
        .bind(theme_id)
        .bind(&content.title)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO proposal_versions (proposal_id, version, content, note, author_id, created_at, title) \
             VALUES ($1, 1, $2, NULL, $3, $4, $5)",
        )
        .bind(id)
        .bind(&body)
        .bind(user_id)
        .bind(now)
        .bind(&content.title)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves `content` as the next version; returns its number. The counter is bumped first,
    /// which locks the proposal's row: concurrent saves get consecutive numbers.
    pub async fn save_proposal_version(
        &self,
        id: i64,
        content: &ProposalContent,
        note: Option<&str>,
        partner_id: Option<Option<i64>>,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let body = json(content)?;
        let mut tx = self.write.begin().await?;
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE proposals SET latest_version = latest_version + 1, title = $2, updated_at = $3 \
             WHERE id = $1 RETURNING latest_version",
        )
        .bind(id)
        .bind(&content.title)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let version = version.ok_or(StoreError::NotFound)?;
        if let Some(partner) = partner_id {
            sqlx::query("UPDATE proposals SET partner_id = $2 WHERE id = $1")
                .bind(id)
                .bind(partner)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO proposal_versions \
             (proposal_id, version, content, note, author_id, created_at, title, photos_through) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, \
             (SELECT COALESCE(MAX(id), 0) FROM proposal_photos WHERE proposal_id = $1))",
        )
        .bind(id)
        .bind(version)
        .bind(&body)
        .bind(note)
        .bind(user_id)
        .bind(now)
        .bind(&content.title)
        .execute(&mut *tx)
        .await?;
        // Shares that follow the proposal reach the new version in the same commit.
        sqlx::query("UPDATE proposal_shares SET version = $2 WHERE proposal_id = $1 AND follows = 1")
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(version)
    }

    pub async fn proposal(&self, id: i64) -> Result<Option<ProposalSummary>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .as_ref()
            .map(summary)
            .transpose()
    }

    pub async fn proposals_of(&self, organization_id: i64) -> Result<Vec<ProposalSummary>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE p.organization_id = $1 ORDER BY p.updated_at DESC, p.id DESC"
        ))
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(summary)
        .collect()
    }

    /// Proposals other organisations shared with this one, as shared: the shared version's
    /// title, number and date (never the author's newer drafts).
    pub async fn proposals_shared_with(&self, organization_id: i64) -> Result<Vec<(ProposalSummary, i64)>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS}, s.version AS shared_version, v.title AS shared_title, v.created_at AS shared_at \
             FROM {FROM} JOIN proposal_shares s ON s.proposal_id = p.id \
             JOIN proposal_versions v ON v.proposal_id = p.id AND v.version = s.version \
             WHERE s.organization_id = $1 ORDER BY s.shared_at DESC"
        ))
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let version: i64 = r.try_get("shared_version")?;
            let p = ProposalSummary {
                title: r.try_get("shared_title")?,
                latest_version: version,
                updated_at: r.try_get("shared_at")?,
                ..summary(r)?
            };
            Ok((p, version))
        })
        .collect()
    }

    /// A version's title, when it was saved, and the newest photo it includes (a photo id; 0 for
    /// none).
    pub async fn version_title(&self, id: i64, version: i64) -> Result<Option<(String, i64, i64)>> {
        let row = sqlx::query(
            "SELECT title, created_at, photos_through FROM proposal_versions WHERE proposal_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok((
                r.try_get("title")?,
                r.try_get("created_at")?,
                r.try_get("photos_through")?,
            ))
        })
        .transpose()
    }

    pub async fn proposal_version(&self, id: i64, version: i64) -> Result<Option<ProposalVersion>> {
        let row = sqlx::query(
            "SELECT version, content, note, author_id, created_at FROM proposal_versions \
             WHERE proposal_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(ProposalVersion {
                version: r.try_get("version")?,
                content: from_json(&r.try_get::<String, _>("content")?)?,
                note: r.try_get("note")?,
                author_id: r.try_get("author_id")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .transpose()
    }

    /// Every version, newest first, without contents (the title is read from each).
    pub async fn proposal_versions(&self, id: i64) -> Result<Vec<VersionInfo>> {
        sqlx::query(
            "SELECT v.version, v.content, v.note, u.display_name, v.created_at FROM proposal_versions v \
             LEFT JOIN users u ON u.id = v.author_id WHERE v.proposal_id = $1 ORDER BY v.version DESC",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let content: ProposalContent = from_json(&r.try_get::<String, _>("content")?)?;
            Ok(VersionInfo {
                version: r.try_get("version")?,
                title: content.title,
                note: r.try_get("note")?,
                author_name: r.try_get("display_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
    }

    /// Shares versions up to `version` with an organisation, and those saved later if it
    /// `follows` (again: changes how far).
    pub async fn share_proposal(
        &self,
        id: i64,
        organization_id: i64,
        version: i64,
        follows: bool,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO proposal_shares (proposal_id, organization_id, version, follows, shared_by, shared_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (proposal_id, organization_id) DO UPDATE SET \
             version = excluded.version, follows = excluded.follows, shared_by = excluded.shared_by, \
             shared_at = excluded.shared_at",
        )
        .bind(id)
        .bind(organization_id)
        .bind(version)
        .bind(i64::from(follows))
        .bind(user_id)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn unshare_proposal(&self, id: i64, organization_id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM proposal_shares WHERE proposal_id = $1 AND organization_id = $2")
            .bind(id)
            .bind(organization_id)
            .execute(&self.write)
            .await?;
        found(&done)
    }

    pub async fn proposal_shares(&self, id: i64) -> Result<Vec<ProposalShare>> {
        sqlx::query(
            "SELECT s.organization_id, o.name, s.version, s.follows, s.shared_at FROM proposal_shares s \
             JOIN organizations o ON o.id = s.organization_id WHERE s.proposal_id = $1 ORDER BY o.name",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(ProposalShare {
                organization_id: r.try_get("organization_id")?,
                organization_name: r.try_get("name")?,
                version: r.try_get("version")?,
                follows: r.try_get::<i64, _>("follows")? != 0,
                shared_at: r.try_get("shared_at")?,
            })
        })
        .collect()
    }

    /// The newest version shared with this organisation, if any.
    pub async fn shared_version(&self, id: i64, organization_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT version FROM proposal_shares WHERE proposal_id = $1 AND organization_id = $2")
                .bind(id)
                .bind(organization_id)
                .fetch_optional(&self.read)
                .await?,
        )
    }

    /// Adds a comment on a section of a version, as an organisation.
    pub async fn add_proposal_comment(&self, c: &NewComment<'_>, now: i64) -> Result<i64> {
        let NewComment {
            proposal_id: id,
            version,
            section,
            organization_id,
            author_id: user_id,
            body,
        } = *c;
        crate::insert_returning_id(
            sqlx::query_scalar(
                "INSERT INTO proposal_comments (proposal_id, version, section, organization_id, author_id, body, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(id)
            .bind(version)
            .bind(section)
            .bind(organization_id)
            .bind(user_id)
            .bind(body)
            .bind(now),
            &self.write,
        )
        .await
    }

    /// Comments in order. `up_to` limits them to versions a partner may see.
    pub async fn proposal_comments(&self, id: i64, up_to: Option<i64>) -> Result<Vec<ProposalComment>> {
        sqlx::query(
            "SELECT c.id, c.version, c.section, c.organization_id, o.name, c.body, c.created_at \
             FROM proposal_comments c JOIN organizations o ON o.id = c.organization_id \
             WHERE c.proposal_id = $1 AND c.version <= $2 ORDER BY c.id",
        )
        .bind(id)
        .bind(up_to.unwrap_or(i64::MAX))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(ProposalComment {
                id: r.try_get("id")?,
                version: r.try_get("version")?,
                section: r.try_get("section")?,
                organization_id: r.try_get("organization_id")?,
                organization_name: r.try_get("name")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
    }

    /// Comments written by this person (their personal data, for export): the title of the
    /// version each was written on (never a newer, unshared draft), section, text and time.
    pub async fn comments_by_user(&self, user_id: i64) -> Result<Vec<(String, String, String, i64)>> {
        sqlx::query(
            "SELECT v.title, c.section, c.body, c.created_at FROM proposal_comments c \
             JOIN proposal_versions v ON v.proposal_id = c.proposal_id AND v.version = c.version \
             WHERE c.author_id = $1 ORDER BY c.id",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("title")?,
                r.try_get("section")?,
                r.try_get("body")?,
                r.try_get("created_at")?,
            ))
        })
        .collect()
    }

    pub async fn create_theme(
        &self,
        organization_id: i64,
        theme: &Theme,
        source_listing_id: Option<i64>,
        partner_id: Option<i64>,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        crate::insert_returning_id(
            sqlx::query_scalar(
                "INSERT INTO themes (organization_id, content, source_listing_id, partner_id, created_by, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(organization_id)
            .bind(json(theme)?)
            .bind(source_listing_id)
            .bind(partner_id)
            .bind(user_id)
            .bind(now),
            &self.write,
        )
        .await
    }

    pub async fn update_theme(&self, id: i64, theme: &Theme, now: i64) -> Result<()> {
        let done = sqlx::query("UPDATE themes SET content = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(json(theme)?)
            .bind(now)
            .execute(&self.write)
            .await?;
        found(&done)
    }

    pub async fn theme(&self, id: i64) -> Result<Option<StoredTheme>> {
        sqlx::query(
            "SELECT id, organization_id, content, source_listing_id, partner_id, updated_at FROM themes WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .as_ref()
        .map(stored_theme)
        .transpose()
    }

    pub async fn themes_of(&self, organization_id: i64) -> Result<Vec<StoredTheme>> {
        sqlx::query(
            "SELECT id, organization_id, content, source_listing_id, partner_id, updated_at FROM themes \
             WHERE organization_id = $1 ORDER BY updated_at DESC, id DESC",
        )
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(stored_theme)
        .collect()
    }
}

fn stored_theme(r: &AnyRow) -> Result<StoredTheme> {
    Ok(StoredTheme {
        id: r.try_get("id")?,
        organization_id: r.try_get("organization_id")?,
        theme: from_json(&r.try_get::<String, _>("content")?)?,
        source_listing_id: r.try_get("source_listing_id")?,
        partner_id: r.try_get("partner_id")?,
        updated_at: r.try_get("updated_at")?,
    })
}
