//! Who this database is (its id, written at creation) and the requests made to whatever derives
//! from it (a search index rebuild asked for while a server holds the index).

use crate::{Result, Store};

impl Store {
    /// The id written when this database was created.
    pub async fn database_id(&self) -> Result<String> {
        Ok(sqlx::query_scalar("SELECT database_id FROM instance WHERE id = 1")
            .fetch_one(&self.read)
            .await?)
    }

    /// Gives this database a new id: after a restore, nothing derived from the original (a search
    /// index, a cache) may be taken for this copy's.
    pub async fn renew_database_id(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE instance SET database_id = $1 WHERE id = 1")
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// How many search index rebuilds have been asked for (by `kyodo reindex` while a server ran).
    pub async fn search_rebuild_request(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT search_rebuild_request FROM instance WHERE id = 1")
                .fetch_one(&self.read)
                .await?,
        )
    }

    /// Asks every server's indexer to rebuild its index once; returns the request's number.
    pub async fn request_search_rebuild(&self) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE instance SET search_rebuild_request = search_rebuild_request + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query_scalar("SELECT search_rebuild_request FROM instance WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
