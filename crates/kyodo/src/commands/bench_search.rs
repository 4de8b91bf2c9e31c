//! `kyodo bench search`: search and matching at scale, measured through the real HTTP server with
//! concurrent clients, beside the raw index query and a plain SQL `LIKE` search of the same rows
//! (the baseline a team would otherwise write) — all in the same run.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kyodo_import::interchange_gen;
use kyodo_search::{Filters, SearchIndex};
use kyodo_store::Store;
use kyodo_web::{AppState, WebConfig};

use crate::cli::BenchSearchArgs;

const QUERIES: &[&str] = &[
    "子ども食堂",
    "福祉",
    "里山",
    "フードバンク",
    "防災",
    "子育て",
    "国際交流",
    "見守り",
    "就労",
    "観光ガイド",
    "重機",
    "会議室",
    "印刷",
    "金融",
    "車両",
    "食品",
    "音楽",
    "海岸",
    "ひきこもり",
    "白瓜",
];

fn percentiles(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort_unstable();
    let at = |q: f64| {
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    (at(0.5), at(0.99))
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

async fn concurrent(clients: usize, requests: usize, urls: Arc<Vec<String>>) -> anyhow::Result<Vec<Duration>> {
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (http, urls) = (http.clone(), urls.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(requests);
            for r in 0..requests {
                let url = &urls[(c * 7919 + r) % urls.len()];
                let t = Instant::now();
                let res = http.get(url).send().await?;
                anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
                res.bytes().await?;
                times.push(t.elapsed());
            }
            anyhow::Ok(times)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}

pub async fn run(args: &BenchSearchArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let orgs = args.civic + args.companies;
    println!(
        "kyodo bench search — {} civic groups, {} companies, {} listings; {} clients",
        args.civic, args.companies, args.listings, args.clients
    );
    let share = if orgs == 0 {
        0.0
    } else {
        args.companies as f64 / orgs as f64
    };
    let text = interchange_gen::generate_with(orgs, args.listings, 750_000, share);
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("kyodo.db").display())).await?;
    store.migrate().await?;
    let t = Instant::now();
    let parsed =
        kyodo_domain::interchange::parse(&text).map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    drop(text);
    store
        .import(&parsed, 0)
        .await?
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    drop(parsed);
    println!("  import into SQLite        {:>8.1} s", t.elapsed().as_secs_f64());
    let index_dir = dir.path().join("search");
    let (index, _) = SearchIndex::open(&index_dir)?;
    let index = Arc::new(index);
    let t = Instant::now();
    let docs = kyodo_web::search::rebuild(&store, &index).await?;
    println!(
        "  index build               {:>8.1} s  ({docs} documents)",
        t.elapsed().as_secs_f64()
    );
    drop(index);

    // Cold start: open the existing index and catch up, as `kyodo serve` does.
    let t = Instant::now();
    let (index, _) = SearchIndex::open(&index_dir)?;
    let index = Arc::new(index);
    kyodo_web::search::catch_up(&store, &index).await?;
    let cold = t.elapsed();
    println!(
        "  cold start with the index {:>8.2} s  (target ≤ 2 s: {})",
        cold.as_secs_f64(),
        if cold <= Duration::from_secs(2) {
            "met"
        } else {
            "MISSED"
        }
    );

    // The raw index query, one at a time.
    let mut raw = Vec::new();
    for round in 0..args.requests.max(1) {
        let q = QUERIES[round % QUERIES.len()];
        let t = Instant::now();
        index.search(q, &Filters::default(), 20, 0)?;
        raw.push(t.elapsed());
    }
    let (raw50, raw99) = percentiles(raw);

    // The baseline: LIKE over the same text columns of the same rows.
    let baseline = Store::connect(&format!("sqlite://{}", dir.path().join("kyodo.db").display())).await?;
    let mut like = Vec::new();
    for round in 0..(args.requests / 4).max(5) {
        let q = QUERIES[round % QUERIES.len()];
        let t = Instant::now();
        baseline.like_search(q, 20).await?;
        like.push(t.elapsed());
    }
    baseline.close().await;
    let (like50, like99) = percentiles(like);

    // Through the server.
    let state = AppState::new(store.clone(), WebConfig::default(), index.clone()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kyodo_web::serve(listener, state, async move {
        let _ = stopped.await;
    }));
    let search_urls: Vec<String> = QUERIES.iter().map(|q| format!("{base}/api/v1/search?q={q}")).collect();
    let search = concurrent(args.clients, args.requests, Arc::new(search_urls)).await?;
    let (s50, s99) = percentiles(search);
    let n = i64::try_from(orgs).unwrap_or(1).max(1);
    let match_urls: Vec<String> = (0..200)
        .map(|i| format!("{base}/api/v1/organizations/{}/matches?limit=10", 1 + (i * 7919) % n))
        .collect();
    let matching = concurrent(args.clients, args.requests, Arc::new(match_urls)).await?;
    let (m50, m99) = percentiles(matching);
    let rss = rss_mb();
    let _ = stop.send(());
    let _ = server.await;

    println!();
    println!(
        "  search through the server  p50 {s50:>7.1} ms  p99 {s99:>7.1} ms  (target p99 ≤ 50 ms: {})",
        if s99 <= 50.0 { "met" } else { "MISSED" }
    );
    println!("  raw index query            p50 {raw50:>7.1} ms  p99 {raw99:>7.1} ms");
    println!("  SQL LIKE baseline          p50 {like50:>7.1} ms  p99 {like99:>7.1} ms");
    println!("  ratio server / raw index   p99 {:>7.2}×", s99 / raw99.max(1e-6));
    println!("  ratio server / LIKE        p99 {:>7.2}×", s99 / like99.max(1e-6));
    println!(
        "  matching through the server p50 {m50:>6.1} ms  p99 {m99:>7.1} ms  (target p99 ≤ 100 ms: {})",
        if m99 <= 100.0 { "met" } else { "MISSED" }
    );
    if let Some(mb) = rss {
        println!(
            "  resident memory            {mb:>7.0} MB  (target < 512 MB: {})",
            if mb < 512.0 { "met" } else { "MISSED" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
