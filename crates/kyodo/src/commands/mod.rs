pub mod admin;
pub mod backup;
pub mod bench;
pub mod bench_load;
pub mod bench_opendata;
pub mod bench_search;
pub mod bench_surveys;
pub mod demo;
pub mod interchange;
pub mod opendata;
pub mod search;
pub mod serve;

use std::process::ExitCode;

use anyhow::Context;
use kyodo_store::{Backend, Store};

use crate::config::Config;

/// Connects (creating the data directory for SQLite) and applies pending migrations.
/// The application layer for a command that runs beside (or without) the server: it does not
/// touch the server's search index, which follows the database's change log by itself.
pub fn offline_app(config: &Config, store: Store) -> anyhow::Result<kyodo_app::App> {
    let index = kyodo_search::SearchIndex::in_memory()?;
    Ok(kyodo_app::App::new(
        store,
        std::sync::Arc::new(index),
        &config.public_url,
    ))
}

pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    if Backend::from_url(&config.database_url) == Some(Backend::Sqlite) {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("データディレクトリ {} を作成できません", config.data_dir.display()))?;
    }
    let store = match Store::connect(&config.database_url).await {
        Ok(store) => store,
        Err(kyodo_store::StoreError::Damaged(detail)) => anyhow::bail!(
            "データベース {url} が壊れています（{detail}）。kyodo は起動しません。バックアップから戻してください: \
             kyodo restore <バックアップのファイル>\n\
             The database {url} is damaged ({detail}). kyodo will not start. Restore it from a backup: \
             kyodo restore <backup file>",
            url = kyodo_store::redact(&config.database_url)
        ),
        Err(e) => {
            return Err(e).with_context(|| {
                format!(
                    "データベース {} に接続できません",
                    kyodo_store::redact(&config.database_url)
                )
            });
        }
    };
    store
        .migrate()
        .await
        .context("データベースのマイグレーションに失敗しました")?;
    Ok(store)
}

pub async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    store.close().await;
    println!(
        "マイグレーションを適用しました: {}",
        kyodo_store::redact(&config.database_url)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}
