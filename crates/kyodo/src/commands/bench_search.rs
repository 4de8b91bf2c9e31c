//! `kyodo bench search`: search and matching at scale, measured through a real `kyodo serve`
//! process with concurrent clients, beside — in the same run — the raw index query, the raw
//! matching computation, and the search a team would otherwise write: SQL `LIKE` on SQLite and
//! `ILIKE` with pg_trgm indexes on PostgreSQL, over the same rows.

use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use kyodo_domain::matching::Universe;
use kyodo_import::interchange_gen;
use kyodo_search::{Filters, SearchIndex};
use kyodo_store::Store;
use kyodo_web::{AppState, WebConfig};
use sqlx::Connection;

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
    // Found through their readings and other writings.
    "ふくし",
    "こども食堂",
    "しろうり",
    "ぼうさい",
];

pub(super) fn percentiles(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort_unstable();
    let at = |q: f64| {
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    (at(0.5), at(0.99))
}

pub(super) fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

/// A `/proc/<pid>/status` figure in MB (`VmRSS`, `VmHWM`, `RssAnon`).
pub(super) fn proc_mb(pid: u32, key: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(key))?
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

/// Bytes of the files in `dir` (one level: the index keeps its segments flat).
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The organisation ids the matching requests ask for: spread over the whole registry.
fn seekers(orgs: usize) -> Vec<i64> {
    let n = i64::try_from(orgs).unwrap_or(1).max(1);
    (0..200).map(|i| 1 + (i * 7919) % n).collect()
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
    let parsed =
        kyodo_domain::interchange::parse(&text).map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    drop(text);
    let db_url = format!("sqlite://{}", dir.path().join("kyodo.db").display());
    let store = Store::connect(&db_url).await?;
    store.migrate().await?;
    let t = Instant::now();
    store
        .import(&parsed, 0)
        .await?
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    println!("  import into SQLite          {:>8.1} s", t.elapsed().as_secs_f64());
    // The same layout as `kyodo serve --data-dir`, so the server below opens this index.
    let index_dir = dir.path().join("search");
    let (index, _) = SearchIndex::open(&index_dir)?;
    let index = Arc::new(index);
    let t = Instant::now();
    let docs = kyodo_app::jobs::index_feed::rebuild(&store, &index, 0).await?;
    println!(
        "  index build                 {:>8.1} s  ({docs} documents, {:.0} MB on disk)",
        t.elapsed().as_secs_f64(),
        dir_bytes(&index_dir) as f64 / 1e6
    );

    // The raw index query, one at a time, after one warm-up round (as the server gets below).
    for q in QUERIES {
        index.search(q, &Filters::default(), 20, 0)?;
    }
    let mut raw = Vec::new();
    for round in 0..args.requests.max(1) {
        let q = QUERIES[round % QUERIES.len()];
        let t = Instant::now();
        index.search(q, &Filters::default(), 20, 0)?;
        raw.push(t.elapsed());
    }
    let (raw50, raw99) = percentiles(raw);

    // Raw matching, one at a time and in process: candidates, loading and scoring, no HTTP.
    let state = AppState::new(store.clone(), WebConfig::default(), index.clone()).await?;
    let mut raw_match = Vec::new();
    for id in seekers(orgs).into_iter().cycle().take(args.requests.max(1)) {
        let t = Instant::now();
        if let Some(parties) =
            kyodo_app::matching::parties_for(&state.app, id, kyodo_app::matching::Seeker::Organization).await?
            && let Some(seeker) = parties.iter().position(|p| p.id == id)
        {
            std::hint::black_box(Universe::new(&parties).matches(seeker, &[], 10));
        }
        raw_match.push(t.elapsed());
    }
    let (rm50, rm99) = percentiles(raw_match);
    drop(state);

    // Baseline 1: LIKE over the same text columns of the same rows, in SQLite.
    let mut like = Vec::new();
    for round in 0..(args.requests / 4).max(5) {
        let q = QUERIES[round % QUERIES.len()];
        let t = Instant::now();
        store.like_search(q, 20).await?;
        like.push(t.elapsed());
    }
    let (like50, like99) = percentiles(like);
    store.close().await;
    drop(index);

    // Baseline 2: ILIKE with pg_trgm GIN indexes, in PostgreSQL.
    let pg = match &args.baseline_database_url {
        Some(url) => Some(postgres_baseline(url, &parsed, (args.requests / 4).max(5)).await?),
        None => None,
    };
    drop(parsed);

    // Through a real server process: cold start, then the clients, then its memory.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let log = std::fs::File::create(dir.path().join("serve.log"))?;
    let t = Instant::now();
    let server = std::process::Command::new(std::env::current_exe()?)
        .args(["--data-dir", &dir.path().display().to_string()])
        .args(["--bind", &format!("127.0.0.1:{port}"), "serve"])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .context("start kyodo serve")?;
    let server = Server(server);
    let pid = server.0.id();
    wait_ready(&base, &dir.path().join("serve.log")).await?;
    let cold = t.elapsed();

    let search_urls: Vec<String> = QUERIES.iter().map(|q| format!("{base}/api/v1/search?q={q}")).collect();
    let search = concurrent(args.clients, args.requests, Arc::new(search_urls)).await?;
    let (s50, s99) = percentiles(search);
    let match_urls: Vec<String> = seekers(orgs)
        .into_iter()
        .map(|id| format!("{base}/api/v1/organizations/{id}/matches?limit=10"))
        .collect();
    let matching = concurrent(args.clients, args.requests, Arc::new(match_urls)).await?;
    let (m50, m99) = percentiles(matching);
    let (rss, peak, anon) = (proc_mb(pid, "VmRSS:"), proc_mb(pid, "VmHWM:"), proc_mb(pid, "RssAnon:"));
    // A graceful stop, as an operator would (SIGTERM); `kill` spares a signal crate for one call.
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    drop(server);

    println!(
        "  cold start of kyodo serve   {:>8.2} s  (process start to /readyz with the index; target ≤ 2 s: {})",
        cold.as_secs_f64(),
        verdict(cold <= Duration::from_secs(2))
    );
    println!();
    println!("  search");
    println!(
        "    through the server        p50 {s50:>7.1} ms  p99 {s99:>7.1} ms  (target p99 ≤ 20 ms: {})",
        verdict(s99 <= 20.0)
    );
    println!("    raw index query           p50 {raw50:>7.1} ms  p99 {raw99:>7.1} ms");
    println!("    SQLite LIKE               p50 {like50:>7.1} ms  p99 {like99:>7.1} ms");
    if let Some((p50, p99)) = pg {
        println!("    PostgreSQL ILIKE+pg_trgm  p50 {p50:>7.1} ms  p99 {p99:>7.1} ms");
    }
    println!("    ratio server / raw index  p99 {:>7.2}×", s99 / raw99.max(1e-6));
    println!("    ratio server / LIKE       p99 {:>7.3}×", s99 / like99.max(1e-6));
    if let Some((_, p99)) = pg {
        let ratio = s99 / p99.max(1e-6);
        println!(
            "    ratio server / PostgreSQL p99 {ratio:>7.3}×  (target ≤ 0.05×: {})",
            verdict(ratio <= 0.05)
        );
    }
    println!("  matching");
    println!(
        "    through the server        p50 {m50:>7.1} ms  p99 {m99:>7.1} ms  (target p99 ≤ 50 ms: {})",
        verdict(m99 <= 50.0)
    );
    println!("    raw, one at a time        p50 {rm50:>7.1} ms  p99 {rm99:>7.1} ms");
    println!("    ratio server / raw        p99 {:>7.2}×", m99 / rm99.max(1e-6));
    if let (Some(rss), Some(peak), Some(anon)) = (rss, peak, anon) {
        println!(
            "  server memory               {rss:>7.0} MB resident, {peak:.0} MB peak, {anon:.0} MB of it heap \
             (target < 512 MB: {})",
            verdict(peak < 512.0)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The server process; killed if the bench stops early, reaped in any case.
pub(super) struct Server(pub(super) std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            // Give the SIGTERM sent on the normal path a moment, then make sure.
            std::thread::sleep(Duration::from_millis(200));
            if matches!(self.0.try_wait(), Ok(None)) {
                let _ = self.0.kill();
            }
        }
        let _ = self.0.wait();
    }
}

pub(super) async fn wait_ready(base: &str, log: &Path) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(res) = http.get(format!("{base}/readyz")).send().await
            && res.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    anyhow::bail!(
        "kyodo serve did not become ready:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    )
}

/// Imports the same records into a fresh PostgreSQL schema, adds trigram indexes on the searched
/// columns, and times `ILIKE` searches; the schema is dropped afterwards.
async fn postgres_baseline(
    admin_url: &str,
    parsed: &kyodo_domain::interchange::Parsed,
    rounds: usize,
) -> anyhow::Result<(f64, f64)> {
    let schema = format!("kyodo_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        .execute(&mut admin)
        .await?;
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .execute(&mut admin)
        .await?;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await?;
    let sep = if admin_url.contains('?') { '&' } else { '?' };
    let url = format!("{admin_url}{sep}options=-c%20search_path%3D{schema},public");
    let result = async {
        let store = Store::connect(&url).await?;
        store.migrate().await?;
        let t = Instant::now();
        store
            .import(parsed, 0)
            .await?
            .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
        let mut conn = sqlx::PgConnection::connect(&url).await?;
        for (table, column) in [
            ("organizations", "name"),
            ("organizations", "mission"),
            ("organizations", "activities"),
            ("organizations", "csr_policy"),
            ("listings", "title"),
            ("listings", "description"),
        ] {
            sqlx::query(&format!(
                "CREATE INDEX {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)"
            ))
            .execute(&mut conn)
            .await?;
        }
        sqlx::query("ANALYZE").execute(&mut conn).await?;
        conn.close().await?;
        println!(
            "  PostgreSQL baseline: import and trigram indexes {:>6.1} s",
            t.elapsed().as_secs_f64()
        );
        let mut times = Vec::new();
        for round in 0..rounds {
            let q = QUERIES[round % QUERIES.len()];
            let t = Instant::now();
            store.like_search(q, 20).await?;
            times.push(t.elapsed());
        }
        store.close().await;
        anyhow::Ok(percentiles(times))
    }
    .await;
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .execute(&mut admin)
        .await?;
    result
}
