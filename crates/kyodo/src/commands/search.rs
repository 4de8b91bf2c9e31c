//! The search index under the data directory: opened (and rebuilt when needed) at start-up, and
//! rebuilt on demand by `kyodo reindex`.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use kyodo_search::{Opened, SearchIndex};
use kyodo_store::Store;

use super::open_store;
use crate::config::Config;

fn dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("search")
}

/// Opens the index, rebuilding it when it is new, damaged or was never filled; then catches up.
pub async fn open(config: &Config, store: &Store) -> anyhow::Result<Arc<SearchIndex>> {
    let dir = dir(config);
    let (index, opened) =
        SearchIndex::open(&dir).with_context(|| format!("検索インデックス {} を開けません", dir.display()))?;
    let index = Arc::new(index);
    match (&opened, index.position()) {
        (Opened::Existing, Some(_)) => {
            kyodo_app::jobs::index_feed::catch_up(store, &index).await?;
            kyodo_app::jobs::index_feed::refresh_guide_cases(&index).await?;
        }
        _ => {
            let started = Instant::now();
            let n = kyodo_app::jobs::index_feed::rebuild(store, &index).await?;
            let why = match opened {
                Opened::Rebuilt(reason) => format!("開けなかったため（{reason}）"),
                _ => "まだなかったため".to_owned(),
            };
            println!(
                "検索インデックスを作り直しました（{why}、{n} 件、{:.1} 秒）",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(index)
}

pub async fn reindex(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    let dir = dir(config);
    let (index, _) =
        SearchIndex::open(&dir).with_context(|| format!("検索インデックス {} を開けません", dir.display()))?;
    let index = Arc::new(index);
    let started = Instant::now();
    let n = kyodo_app::jobs::index_feed::rebuild(&store, &index).await?;
    store.close().await;
    println!(
        "検索インデックスを作り直しました: {n} 件（{:.1} 秒）",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
