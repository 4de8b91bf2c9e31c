//! The search index under the data directory: opened at start-up (replaced when damaged, then
//! brought in step with the database by the indexer's first pass), and rebuilt on demand by
//! `kyodo reindex` — directly, or by the running server when it holds the index.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use kyodo_app::jobs::indexer::Indexer;
use kyodo_search::{Opened, SearchError, SearchIndex};

use super::open_store;
use crate::config::Config;

fn dir(config: &Config) -> PathBuf {
    config.data_dir.join("search")
}

/// Opens the index for this process, replacing it (empty) when its files are damaged.
pub fn open(config: &Config) -> anyhow::Result<Arc<SearchIndex>> {
    let dir = dir(config);
    let (index, opened) = match SearchIndex::open(&dir) {
        Err(SearchError::Busy) => anyhow::bail!(
            "検索インデックス {} は別のプロセス（起動中の kyodo serve）が使用中です / the search index is in use by another kyodo process",
            dir.display()
        ),
        other => other.with_context(|| format!("検索インデックス {} を開けません", dir.display()))?,
    };
    if let Opened::Rebuilt(reason) = opened {
        println!(
            "検索インデックスが壊れていたため作り直します（{reason}） / the search index was damaged and is rebuilt"
        );
        tracing::warn!(%reason, "search index damaged: replaced, to be rebuilt");
    }
    Ok(Arc::new(index))
}

/// The indexer's first pass, before the server answers: rebuilds when the index disagrees with
/// the database, and says so.
pub async fn first_pass(indexer: &Indexer) -> anyhow::Result<()> {
    let started = Instant::now();
    let pass = indexer
        .pass_before_start()
        .await
        .context("検索インデックスを更新できません")?;
    if let Some((reason, docs)) = pass.rebuilt {
        println!(
            "検索インデックスを作り直しました（{reason}。{docs} 件、{:.1} 秒）",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

pub async fn reindex(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    let dir = dir(config);
    let started = Instant::now();
    let docs = match SearchIndex::open(&dir) {
        Ok((index, _)) => {
            let index = Arc::new(index);
            let request = store.search_rebuild_request().await?;
            kyodo_app::jobs::index_feed::rebuild(&store, &index, request).await?
        }
        Err(SearchError::Busy) => {
            // A server holds the index: ask its indexer, and wait until its mark shows it done.
            let request = store.request_search_rebuild().await?;
            println!("起動中のサーバーに検索インデックスの作り直しを依頼しました…");
            wait_for_rebuild(&dir, request).await?
        }
        Err(e) => return Err(e).with_context(|| format!("検索インデックス {} を開けません", dir.display())),
    };
    store.close().await;
    println!(
        "検索インデックスを作り直しました: {docs} 件（{:.1} 秒）",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

async fn wait_for_rebuild(dir: &std::path::Path, request: i64) -> anyhow::Result<u64> {
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        if let Ok((Some(mark), docs)) = SearchIndex::peek(dir)
            && mark.rebuild_request >= request
        {
            return Ok(docs);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("サーバーが5分以内に作り直しを終えませんでした（サーバーのログを確認してください）")
}
