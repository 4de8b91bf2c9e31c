//! Who this database is (its id, written at creation) and the requests made to whatever derives
//! from it (a search index rebuild asked for while a server holds the index).

use crate::{Backend, Result, Store};

/// The tables a backup or restore reports the size of.
pub(crate) const COUNTED_TABLES: [&str; 6] = [
    "users",
    "organizations",
    "listings",
    "proposals",
    "collaborations",
    "meetings",
];

impl Store {
    /// The id written when this database was created.
    pub async fn database_id(&self) -> Result<String> {
        Ok(sqlx::query_scalar("SELECT database_id FROM instance WHERE id = 1")
            .fetch_one(&self.read)
            .await?)
    }

    /// Gives this database a new id: after a restore, nothing derived from the original (a search
    /// index, a cache) may be taken for this copy's.
    pub async fn renew_database_id(&self) -> Result<String> {
        let fresh = match self.backend {
            Backend::Sqlite => "lower(hex(randomblob(16)))",
            Backend::Postgres => "md5(random()::text || clock_timestamp()::text)",
        };
        sqlx::query(&format!("UPDATE instance SET database_id = {fresh} WHERE id = 1"))
            .execute(&self.write)
            .await?;
        self.database_id().await
    }

    /// Writes a consistent copy of this SQLite database to `path` while it stays in use
    /// (`VACUUM INTO`: one read transaction, so every write is in the copy whole or not at all).
    pub async fn backup_sqlite_into(&self, path: &std::path::Path) -> Result<()> {
        let path = path.to_string_lossy().replace('\'', "''");
        sqlx::query(&format!("VACUUM INTO '{path}'"))
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// The PostgreSQL schema kyodo's tables live in (what a backup dumps).
    pub async fn postgres_schema(&self) -> Result<String> {
        Ok(sqlx::query_scalar("SELECT current_schema()::text")
            .fetch_one(&self.read)
            .await?)
    }

    /// How many rows the main tables hold (a backup's and a restore's report).
    pub async fn table_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut out = Vec::new();
        for table in COUNTED_TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.read)
                .await?;
            out.push((table, n));
        }
        Ok(out)
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
