//! Server secrets kept in the database, so every web node of one deployment shares them.

use base64::Engine;
use rand::RngCore;

use crate::{Result, Store};

impl Store {
    /// The named secret (32 random bytes, base64), created on first use.
    pub async fn secret(&self, name: &str) -> Result<Vec<u8>> {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let fresh = base64::engine::general_purpose::STANDARD.encode(bytes);
        // Insert-if-absent, then read: concurrent first starts agree on one value.
        sqlx::query("INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(&fresh)
            .execute(&self.write)
            .await?;
        let value: String = sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.read)
            .await?;
        Ok(base64::engine::general_purpose::STANDARD
            .decode(&value)
            .unwrap_or_else(|_| value.into_bytes()))
    }
}
