//! Operator drills, on the real binary: `kill -9` under writes, a full disk, backup and restore
//! under writes, and a shutdown with a client stuck mid-request. Each ends by checking that every
//! acknowledged write is there and that search agrees with the database.
//!
//! CI runs the short form; `KYODO_DRILL_ROUNDS=100` runs the crash drill longer.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

mod full_disk;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_kyodo");

pub(crate) fn kyodo(dir: &Path, url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(["--database-url", url, "--data-dir"])
        .arg(dir.join("data"))
        .args(args)
        .current_dir(dir)
        .env_remove("KYODO_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub(crate) struct Server {
    child: Child,
    pub(crate) base: String,
    /// What it printed before it listened (rebuilds are reported there).
    printed: String,
}

impl Server {
    pub(crate) fn start(dir: &Path, url: &str) -> Self {
        let mut child = Command::new(BIN)
            .args(["--database-url", url, "--data-dir"])
            .arg(dir.join("data"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .current_dir(dir)
            .env_remove("KYODO_CONFIG")
            .env("KYODO_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut printed = String::new();
        let base = loop {
            let mut line = String::new();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "the server did not start: {printed}"
            );
            printed.push_str(&line);
            if let Some(u) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                break u.trim_end_matches('/').to_owned();
            }
        };
        // Keep reading its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in out.lines() {});
        Self { child, base, printed }
    }

    fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub(crate) fn stop(mut self) -> Duration {
        let started = Instant::now();
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(self.child.wait().unwrap().success(), "a clean stop exits 0");
        started.elapsed()
    }
}

/// An account with a token, and an organisation it owns.
pub(crate) async fn setup(dir: &Path, url: &str) -> (String, i64) {
    let out = kyodo(
        dir,
        url,
        &["admin", "create-user", "--email", "drill@example.jp"],
        "a drill pass phrase\n",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = kyodo(dir, url, &["admin", "create-token", "--email", "drill@example.jp"], "");
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let server = Server::start(dir, url);
    let org: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/organizations", server.base))
        .bearer_auth(&token)
        .json(&json!({"kind": "npo_corporation", "name": "訓練の会", "municipality": "山口市"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    server.stop();
    (token, org["id"].as_i64().unwrap())
}

/// What writers were told: titles acknowledged (201), and other answers by status.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) acked: Mutex<BTreeSet<String>>,
    pub(crate) refused: Mutex<Vec<u16>>,
}

/// `clients` writers creating listings until `stop`; each title is unique.
pub(crate) async fn write_load(
    base: String,
    token: String,
    org: i64,
    clients: usize,
    stop: Arc<AtomicBool>,
    tally: Arc<Tally>,
    padding: usize,
) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, base, token, stop, tally) = (http.clone(), base.clone(), token.clone(), stop.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let title = format!("訓練の募集 {}", NEXT.fetch_add(1, Ordering::Relaxed));
                let res = http
                    .post(format!("{base}/api/v1/organizations/{org}/listings"))
                    .bearer_auth(&token)
                    .json(&json!({"direction": "need", "resources": ["people"], "title": title,
                        "description": "あ".repeat(padding), "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        tally.acked.lock().unwrap().insert(title);
                    }
                    Ok(r) => tally.refused.lock().unwrap().push(r.status().as_u16()),
                    // The server died under us: unknown, neither acknowledged nor refused.
                    Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}

/// Every acknowledged title is stored, and search finds exactly the listings stored.
pub(crate) async fn check(base: &str, token: &str, org: i64, acked: &BTreeSet<String>) {
    let http = reqwest::Client::new();
    let stored: Value = http
        .get(format!("{base}/api/v1/organizations/{org}/listings"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: BTreeSet<String> = stored
        .as_array()
        .unwrap_or_else(|| stored["items"].as_array().unwrap())
        .iter()
        .map(|l| l["title"].as_str().unwrap().to_owned())
        .collect();
    let lost: Vec<&String> = acked.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    // The indexer runs beside the server: give it a moment to agree.
    let mut found = 0;
    for _ in 0..100 {
        let v: Value = http
            .get(format!("{base}/api/v1/search?type=listing&per_page=1"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        found = v["total"].as_u64().unwrap() as usize;
        if found == stored.len() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("search finds {found} listings, the database holds {}", stored.len());
}

kyodo_test_support::on_both_backends! {
    async fn kill_9_under_writes_loses_no_acknowledged_write(db) {
        let rounds: usize = std::env::var("KYODO_DRILL_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
        let dir = tempfile::tempdir().unwrap();
        let (token, org) = setup(dir.path(), &db.url).await;
        let tally = Arc::new(Tally::default());
        for round in 0..rounds {
            let server = Server::start(dir.path(), &db.url);
            let stop = Arc::new(AtomicBool::new(false));
            let load = tokio::spawn(write_load(server.base.clone(), token.clone(), org, 4, stop.clone(), tally.clone(), 10));
            tokio::time::sleep(Duration::from_millis(150 + 37 * (round as u64 % 7))).await;
            server.kill9();
            stop.store(true, Ordering::Relaxed);
            load.await.unwrap();
        }
        let acked = tally.acked.lock().unwrap().clone();
        assert!(acked.len() > rounds, "writes were acknowledged between the kills: {}", acked.len());
        let server = Server::start(dir.path(), &db.url);
        check(&server.base, &token, org, &acked).await;
        server.stop();
        eprintln!("crash drill: {rounds} kill -9 rounds, {} acknowledged writes, 0 lost", acked.len());
    }

    async fn backup_under_writes_restores_every_write_acknowledged_before_it(db) {
        let dir = tempfile::tempdir().unwrap();
        let (token, org) = setup(dir.path(), &db.url).await;
        let server = Server::start(dir.path(), &db.url);
        let (stop, tally) = (Arc::new(AtomicBool::new(false)), Arc::new(Tally::default()));
        let load = tokio::spawn(write_load(server.base.clone(), token.clone(), org, 4, stop.clone(), tally.clone(), 10));
        tokio::time::sleep(Duration::from_millis(700)).await;
        let before = tally.acked.lock().unwrap().clone();
        let backup = dir.path().join("backup.dump");
        let out = kyodo(dir.path(), &db.url, &["backup", backup.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::Relaxed);
        load.await.unwrap();
        server.stop();
        assert!(before.len() >= 5, "the backup ran under writes: {} before it", before.len());
        // Restore where the data was lost: a new data directory (SQLite), the schema emptied (PostgreSQL).
        let target = tempfile::tempdir().unwrap();
        let target_url = if db.url.starts_with("sqlite:") {
            format!("sqlite://{}", target.path().join("data/kyodo.db").display())
        } else {
            empty_postgres_schema(&db.url).await;
            db.url.clone()
        };
        let out = kyodo(target.path(), &target_url, &["restore", backup.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let server = Server::start(target.path(), &target_url);
        check(&server.base, &token, org, &before).await;
        server.stop();
    }
}

/// Drops and recreates the test's schema, as if its data were lost.
async fn empty_postgres_schema(url: &str) {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(&mut c)
        .await
        .unwrap();
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn shutdown_is_bounded_while_a_client_holds_an_unfinished_request() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("data/kyodo.db").display());
    let server = Server::start(dir.path(), &url);
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut stuck = std::net::TcpStream::connect(&addr).unwrap();
    stuck
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: kyodo\r\nX-Slow: ")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let took = server.stop();
    assert!(
        took < Duration::from_secs(25),
        "stopped in {took:?} despite a client stuck mid-header"
    );
}

#[tokio::test]
async fn an_older_database_restored_by_hand_and_a_reindex_while_serving_are_both_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("data/kyodo.db").display());
    let (token, org) = setup(dir.path(), &url).await;
    let burst = |server: &Server, tally: &Arc<Tally>| {
        let (stop, tally) = (Arc::new(AtomicBool::new(false)), tally.clone());
        let load = tokio::spawn(write_load(
            server.base.clone(),
            token.clone(),
            org,
            2,
            stop.clone(),
            tally,
            10,
        ));
        async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            stop.store(true, Ordering::Relaxed);
            load.await.unwrap();
        }
    };
    let (early, late) = (Arc::new(Tally::default()), Arc::new(Tally::default()));
    let server = Server::start(dir.path(), &url);
    burst(&server, &early).await;
    server.stop();
    let backup = dir.path().join("older.db");
    assert!(
        kyodo(dir.path(), &url, &["backup", backup.to_str().unwrap()], "")
            .status
            .success()
    );
    let server = Server::start(dir.path(), &url);
    burst(&server, &late).await;
    server.stop();
    assert!(!late.acked.lock().unwrap().is_empty());
    // An operator copies the older file back by hand (same database id, shorter log) beside the
    // newer index: the index is ahead of the database and must not be trusted.
    std::fs::copy(&backup, dir.path().join("data/kyodo.db")).unwrap();
    for side in ["kyodo.db-wal", "kyodo.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join("data").join(side));
    }
    let server = Server::start(dir.path(), &url);
    assert!(
        server.printed.contains("索引がデータベースより新しい"),
        "{}",
        server.printed
    );
    let early_titles = early.acked.lock().unwrap().clone();
    check(&server.base, &token, org, &early_titles).await;
    // `kyodo reindex` while the server holds the index: the server rebuilds, the command waits.
    let started = Instant::now();
    let out = kyodo(dir.path(), &url, &["reindex"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("依頼しました") && said.contains("作り直しました"),
        "{said}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    check(&server.base, &token, org, &early_titles).await;
    server.stop();
}
