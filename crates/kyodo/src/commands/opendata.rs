//! `kyodo opendata`: the statistics recomputed and every open data file written now, into the
//! directory the server serves them from.

use std::process::ExitCode;
use std::time::Instant;

use super::{offline_app, open_store};
use crate::config::Config;

pub async fn run(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    let dir = config.data_dir.join("opendata");
    let app = offline_app(config, store.clone())?.with_open_data_dir(dir.clone());
    let started = Instant::now();
    kyodo_app::statistics::refresh(&app).await?;
    let m = kyodo_app::opendata::generate(&app).await?;
    store.close().await;
    println!(
        "オープンデータを書き出しました: {}（{:.1} 秒）",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    for d in &m.datasets {
        let bytes: u64 = d.files.iter().map(|f| f.bytes).sum();
        println!("  {:<14} {:>9} 行  {:>8.1} MB", d.stem, d.rows, bytes as f64 / 1e6);
    }
    Ok(ExitCode::SUCCESS)
}
