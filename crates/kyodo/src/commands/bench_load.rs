//! `kyodo bench load`: a real `kyodo serve` process on loopback under many clients, beside — in
//! the same run — the baselines its figures are read against: an endpoint that does nothing (for
//! each main page's throughput) and a bare insert of the same rows into the same database (for
//! write throughput).
//!
//! Phases: each main page alone at 8 connections (requests/s as a ratio to `/healthz`); a
//! warm-up; the mixed load (page views, API reads and writes) for the given seconds; writes only,
//! to find the write throughput; then a quiet minute, after which the server's memory should have
//! come back down.

use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use kyodo_import::interchange_gen;
use kyodo_store::Store;
use serde_json::{Value, json};
use sqlx::Connection;

use super::bench_search::{Server, percentiles, proc_mb, verdict, wait_ready};
use crate::cli::BenchLoadArgs;

pub(super) const PASSWORD: &str = "a bench pass phrase";

/// What the clients hit, with ids that exist.
struct Targets {
    base: String,
    token: String,
    own_org: i64,
    orgs: Vec<i64>,
    listings: Vec<i64>,
    proposal: i64,
    collaboration: i64,
}

#[derive(Default)]
struct Tally {
    reads: std::sync::Mutex<Vec<Duration>>,
    writes: std::sync::Mutex<Vec<Duration>>,
    errors: AtomicU64,
    first_error: std::sync::Mutex<Option<String>>,
}

impl Tally {
    fn error(&self, what: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        self.first_error.lock().map(|mut e| e.get_or_insert(what).clone()).ok();
    }
}

pub async fn run(args: &BenchLoadArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let (url, schema) = match &args.postgres_url {
        Some(admin) => {
            let schema = format!("kyodo_bench_load_{}", std::process::id());
            let mut c = sqlx::PgConnection::connect(admin).await?;
            sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&mut c)
                .await?;
            sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&mut c).await?;
            c.close().await?;
            let sep = if admin.contains('?') { '&' } else { '?' };
            (
                format!("{admin}{sep}options=-c%20search_path%3D{schema}"),
                Some((admin.clone(), schema)),
            )
        }
        None => (format!("sqlite://{}", dir.path().join("kyodo.db").display()), None),
    };
    let backend = if schema.is_some() { "PostgreSQL" } else { "SQLite" };
    println!(
        "kyodo bench load — {backend}, {} organisations, {} listings; {} clients for {} s, {} % writes",
        args.organizations, args.listings, args.clients, args.seconds, args.write_percent
    );
    let outcome = measure(args, dir.path(), &url).await;
    if let Some((admin, schema)) = schema {
        let mut c = sqlx::PgConnection::connect(&admin).await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&mut c)
            .await?;
        c.close().await?;
    }
    outcome
}

async fn measure(args: &BenchLoadArgs, dir: &std::path::Path, url: &str) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let text = interchange_gen::generate_with(args.organizations, args.listings, 2021, 0.3);
    let parsed =
        kyodo_domain::interchange::parse(&text).map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    store
        .import(&parsed, 0)
        .await?
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    store.close().await;
    let exe = std::env::current_exe()?;
    let cli = |args: &[&str], stdin: &str| -> anyhow::Result<String> {
        use std::io::Write;
        let mut child = std::process::Command::new(&exe)
            .args(["--database-url", url, "--data-dir"])
            .arg(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        child.stdin.take().context("stdin")?.write_all(stdin.as_bytes())?;
        let out = child.wait_with_output()?;
        anyhow::ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    cli(
        &["admin", "create-user", "--email", "bench@example.jp"],
        &format!("{PASSWORD}\n"),
    )?;
    let token = cli(&["admin", "create-token", "--email", "bench@example.jp"], "")?;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let log_path = dir.join("serve.log");
    let server = Server(
        std::process::Command::new(&exe)
            .args(["--database-url", url, "--data-dir"])
            .arg(dir)
            .args(["--bind", &format!("127.0.0.1:{port}"), "serve"])
            .env("KYODO_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path)?)
            .spawn()
            .context("start kyodo serve")?,
    );
    let pid = server.0.id();
    wait_ready(&base, &log_path).await?;
    let rss_start = proc_mb(pid, "VmRSS:").unwrap_or(0.0);
    let t = setup(&base, &token).await?;
    let browser = signed_in(&base).await?;

    // Each main page alone, against the endpoint that does nothing, at 8 connections.
    println!("  page throughput at 8 connections (requests/s; ratio to /healthz; goal ≥ 0.25×)");
    let page_time = Duration::from_secs_f64(args.page_seconds);
    let baseline = throughput(&browser, format!("{base}/healthz"), page_time).await?;
    println!("    {:<34} {baseline:>9.0}", "/healthz (does nothing)");
    let pages = [
        ("organisation profile", format!("{base}/organizations/{}", t.orgs[0])),
        ("listing board", format!("{base}/listings")),
        ("search", format!("{base}/search?q=%E7%A6%8F%E7%A5%89")),
        ("proposal (member)", format!("{base}/proposals/{}", t.proposal)),
        (
            "collaboration workspace (member)",
            format!("{base}/collaborations/{}", t.collaboration),
        ),
    ];
    let mut worst: f64 = f64::INFINITY;
    for (name, page) in pages {
        let rps = throughput(&browser, page, page_time).await?;
        let ratio = rps / baseline.max(1.0);
        worst = worst.min(ratio);
        println!("    {name:<34} {rps:>9.0}  {ratio:>5.2}×  {}", verdict(ratio >= 0.25));
    }

    let t = Arc::new(t);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.clients)
        .build()?;
    let warm = mixed(
        &http,
        &t,
        args.clients.min(50),
        Duration::from_secs(2),
        args.write_percent,
    )
    .await;
    drop(warm);
    let rss_warm = proc_mb(pid, "VmRSS:").unwrap_or(0.0);
    let started = Instant::now();
    let tally = mixed(
        &http,
        &t,
        args.clients,
        Duration::from_secs_f64(args.seconds),
        args.write_percent,
    )
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    let (reads, writes) = (
        std::mem::take(&mut *tally.reads.lock().unwrap_or_else(|e| e.into_inner())),
        std::mem::take(&mut *tally.writes.lock().unwrap_or_else(|e| e.into_inner())),
    );
    let requests = reads.len() + writes.len();
    let errors = tally.errors.load(Ordering::Relaxed);
    let (r50, r99) = percentiles(reads);
    let (w50, w99) = percentiles(writes);
    let rss_peak = proc_mb(pid, "VmRSS:").unwrap_or(0.0);

    let saturated = mixed(
        &http,
        &t,
        args.clients,
        Duration::from_secs_f64(args.seconds / 2.0),
        100,
    )
    .await;
    let written = saturated.writes.lock().map(|w| w.len()).unwrap_or(0);
    let write_rate = written as f64 / (args.seconds / 2.0);
    let errors = errors + saturated.errors.load(Ordering::Relaxed);
    let first_error = tally
        .first_error
        .lock()
        .ok()
        .and_then(|e| e.clone())
        .or_else(|| saturated.first_error.lock().ok().and_then(|e| e.clone()));
    let bare_rate = bare_inserts(url, written.max(200)).await?;

    tokio::time::sleep(Duration::from_secs_f64(args.settle_seconds)).await;
    let rss_end = proc_mb(pid, "VmRSS:").unwrap_or(0.0);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    drop(server);

    println!("  mixed load: {} clients, {elapsed:.1} s", args.clients);
    println!(
        "    requests                    {requests:>9}  ({:.0}/s)",
        requests as f64 / elapsed
    );
    println!(
        "    errors                      {errors:>9}  (goal 0: {})",
        verdict(errors == 0)
    );
    if let Some(e) = first_error {
        println!("      first: {e}");
    }
    println!("    reads                       p50 {r50:>7.1} ms  p99 {r99:>7.1} ms");
    println!(
        "    writes                      p50 {w50:>7.1} ms  p99 {w99:>7.1} ms  (p99 ≤ 5× read p99: {})",
        verdict(w99 <= 5.0 * r99.max(1.0))
    );
    println!("  write throughput, every client writing");
    println!("    through kyodo               {write_rate:>9.0} writes/s");
    println!(
        "    bare insert, same rows      {bare_rate:>9.0} inserts/s  (one per transaction, {backend})",
        backend = if url.starts_with("sqlite:") {
            "SQLite"
        } else {
            "PostgreSQL"
        }
    );
    let ratio = write_rate / bare_rate.max(1.0);
    println!(
        "    ratio                       {ratio:>9.2}×  (goal ≥ 0.3×: {})",
        verdict(ratio >= 0.3)
    );
    println!("  server memory (resident)");
    println!(
        "    start {rss_start:.0} MB · after warm-up {rss_warm:.0} MB · under load {rss_peak:.0} MB · {:.0} s after {rss_end:.0} MB  (≤ 1.5× warm-up: {})",
        args.settle_seconds,
        verdict(rss_end <= 1.5 * rss_warm.max(1.0))
    );
    println!("  worst page ratio {worst:.2}×");
    Ok(ExitCode::SUCCESS)
}

/// An organisation of the bench user's, a partner, a proposal shared with it and their
/// collaboration; and the ids of some public organisations and listings.
async fn setup(base: &str, token: &str) -> anyhow::Result<Targets> {
    let http = reqwest::Client::new();
    let call = |method: reqwest::Method, path: String, body: Option<Value>| {
        let mut req = http.request(method, format!("{base}/api/v1{path}")).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        async move {
            let res = req.send().await?;
            let status = res.status();
            let v: Value = res.json().await.unwrap_or(Value::Null);
            anyhow::ensure!(status.is_success(), "{path}: {status} {v}");
            anyhow::Ok(v)
        }
    };
    use reqwest::Method;
    let own = call(
        Method::POST,
        "/organizations".into(),
        Some(json!({"kind": "npo_corporation", "name": "負荷試験の会", "municipality": "山口市"})),
    )
    .await?;
    let own_org = own["id"].as_i64().context("org id")?;
    let partner = call(
        Method::POST,
        "/organizations".into(),
        Some(json!({"kind": "company", "name": "負荷試験株式会社", "municipality": "周南市"})),
    )
    .await?;
    let partner = partner["id"].as_i64().context("partner id")?;
    let p = call(
        Method::POST,
        format!("/organizations/{own_org}/proposals"),
        Some(json!({"content": serde_json::to_value(kyodo_domain::proposal::guide_example().to_input())?})),
    )
    .await?;
    let proposal = p["id"].as_i64().context("proposal id")?;
    call(
        Method::POST,
        format!("/proposals/{proposal}/shares"),
        Some(json!({"organization_id": partner})),
    )
    .await?;
    let c = call(Method::POST, format!("/proposals/{proposal}/collaboration"), None).await?;
    let collaboration = c["id"].as_i64().context("collaboration id")?;
    let board = call(Method::GET, "/listings?per_page=50".into(), None).await?;
    let listings: Vec<i64> = board["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["id"].as_i64())
        .collect();
    let orgs: Vec<i64> = board["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["organization_id"].as_i64())
        .collect();
    anyhow::ensure!(!listings.is_empty(), "the generated data has no open listings");
    Ok(Targets {
        base: base.to_owned(),
        token: token.to_owned(),
        own_org,
        orgs,
        listings,
        proposal,
        collaboration,
    })
}

/// A browser signed in as the bench user (pages need a session).
pub(super) async fn signed_in(base: &str) -> anyhow::Result<reqwest::Client> {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let html = browser.get(format!("{base}/login")).send().await?.text().await?;
    let field = "name=\"csrf_token\" value=\"";
    let at = html.find(field).context("login form")? + field.len();
    let csrf: String = html[at..].chars().take_while(|c| *c != '"').collect();
    let res = browser
        .post(format!("{base}/login"))
        .form(&[
            ("email", "bench@example.jp"),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
        ])
        .send()
        .await?;
    anyhow::ensure!(res.status().is_redirection(), "login: {}", res.status());
    Ok(browser)
}

/// Requests per second of one URL at 8 connections for `time`.
async fn throughput(http: &reqwest::Client, url: String, time: Duration) -> anyhow::Result<f64> {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (http, url, stop, done) = (http.clone(), url.clone(), stop.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let res = http.get(&url).send().await?;
                anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
                res.bytes().await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    tokio::time::sleep(time).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / time.as_secs_f64())
}

/// `clients` clients for `time`: each request a write with probability `write_percent`, else a
/// page view or an API read.
async fn mixed(http: &reqwest::Client, t: &Arc<Targets>, clients: usize, time: Duration, write_percent: u32) -> Tally {
    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (http, t, stop, tally) = (http.clone(), t.clone(), stop.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut n: usize = c * 7919;
            while !stop.load(Ordering::Relaxed) {
                n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let pick = (n >> 33) % 100;
                let (o, l) = (t.orgs[(n >> 13) % t.orgs.len()], t.listings[(n >> 17) % t.listings.len()]);
                let started = Instant::now();
                let (write, req) = if (pick as u32) < write_percent {
                    let body = json!({"direction": "need", "resources": ["people"], "title": format!("負荷試験の募集 {c}-{n}"),
                        "description": "週末の見守り", "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"});
                    (true, http.post(format!("{}/api/v1/organizations/{}/listings", t.base, t.own_org)).bearer_auth(&t.token).json(&body))
                } else {
                    let url = match pick % 6 {
                        0 => format!("{}/organizations/{o}", t.base),
                        1 => format!("{}/listings?page={}", t.base, 1 + (n >> 40) % 5),
                        2 => format!("{}/search?q=%E5%AD%90%E3%81%A9%E3%82%82", t.base),
                        3 => format!("{}/api/v1/organizations/{o}", t.base),
                        4 => format!("{}/api/v1/search?q=%E7%A6%8F%E7%A5%89", t.base),
                        _ => format!("{}/api/v1/listings/{l}", t.base),
                    };
                    (false, http.get(url))
                };
                match req.send().await {
                    Ok(res) if res.status().is_success() => {
                        let _ = res.bytes().await;
                        let took = started.elapsed();
                        let list = if write { &tally.writes } else { &tally.reads };
                        if let Ok(mut v) = list.lock() {
                            v.push(took);
                        }
                    }
                    Ok(res) => tally.error(format!("{} {}", res.status(), res.url())),
                    Err(e) => tally.error(e.to_string()),
                }
            }
        }));
    }
    tokio::time::sleep(time).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = task.await;
    }
    Arc::try_unwrap(tally).unwrap_or_default()
}

/// Inserts `rows` listings one per transaction into a fresh database of the same kind and
/// settings (SQLite: WAL, synchronous=FULL), with nothing else around them. Rows per second.
async fn bare_inserts(url: &str, rows: usize) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let fresh = if url.starts_with("sqlite:") {
        format!("sqlite://{}", dir.path().join("bare.db").display())
    } else {
        url.to_owned()
    };
    let store = Store::connect(&fresh).await?;
    store.migrate().await?;
    let one = kyodo_domain::interchange::parse(&interchange_gen::generate_with(1, 0, 7, 0.0))
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    store
        .import(&one, 0)
        .await?
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    store.close().await;
    let mut conn = sqlx::AnyConnection::connect(&fresh).await?;
    let org: i64 = sqlx::query_scalar("SELECT MIN(id) FROM organizations")
        .fetch_one(&mut conn)
        .await?;
    if fresh.starts_with("sqlite:") {
        sqlx::query("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
            .execute(&mut conn)
            .await?;
    }
    let started = Instant::now();
    for i in 0..rows {
        sqlx::query(
            "INSERT INTO listings (organization_id, direction, resources, title, description, municipality, fields, \
             sdgs, status, created_at, updated_at) VALUES ($1, 'need', '[\"people\"]', $2, '週末の見守り', '山口市', '[]', '[]', 'open', 0, 0)",
        )
        .bind(org)
        .bind(format!("素の挿入 {i}"))
        .execute(&mut conn)
        .await?;
    }
    let rate = rows as f64 / started.elapsed().as_secs_f64();
    conn.close().await?;
    Ok(rate)
}
