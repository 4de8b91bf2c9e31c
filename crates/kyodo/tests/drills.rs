//! Operator drills, on the real binary: `kill -9` under writes, a full disk, backup and restore
//! under writes, and a shutdown with a client stuck mid-request. Each ends by checking that every
//! acknowledged write is there and that search agrees with the database.
//!
//! CI runs the short form; `KYODO_DRILL_ROUNDS=100` runs the crash drill longer.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_kyodo");

fn kyodo(dir: &Path, url: &str, args: &[&str], stdin: &str) -> std::process::Output {
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

struct Server {
    child: Child,
    base: String,
    /// What it printed before it listened (rebuilds are reported there).
    printed: String,
}

impl Server {
    fn start(dir: &Path, url: &str) -> Self {
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

    fn stop(mut self) -> Duration {
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
async fn setup(dir: &Path, url: &str) -> (String, i64) {
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
struct Tally {
    acked: Mutex<BTreeSet<String>>,
    refused: Mutex<Vec<u16>>,
}

/// `clients` writers creating listings until `stop`; each title is unique.
async fn write_load(
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
async fn check(base: &str, token: &str, org: i64, acked: &BTreeSet<String>) {
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

/// Mounts a small tmpfs at `at`; `false` where this machine does not allow it.
fn mount_small_disk(at: &Path, megabytes: u32) -> bool {
    std::fs::create_dir_all(at).unwrap();
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
        .arg(at)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Unmount<'a>(&'a Path);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0).status();
    }
}

/// Fills the filesystem under `dir` with one file; returns it (remove it to free the space).
fn fill(dir: &Path) -> std::path::PathBuf {
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    filler
}

#[tokio::test]
async fn a_full_disk_refuses_writes_with_507_keeps_reads_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    if !mount_small_disk(&data, 24) {
        eprintln!("skipped the full-disk drill: this machine cannot mount a small tmpfs (needs root)");
        return;
    }
    let _unmount = Unmount(&data);
    let url = format!("sqlite://{}", data.join("kyodo.db").display());
    full_disk_drill(dir.path(), &url, &data).await;
}

/// PostgreSQL's tables live in a tablespace on a small filesystem (its WAL stays where it is, as
/// on a server whose data volume fills up): the same drill as SQLite's. It runs on a PostgreSQL
/// server of its own, so nothing it does (PostgreSQL stops itself when a tablespace it must
/// flush disappears) can touch the shared test server.
#[tokio::test]
async fn a_full_disk_on_postgresql_refuses_writes_with_507_keeps_reads_and_recovers() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let space = dir.path().join("space");
    if !mount_small_disk(&space, 24) {
        eprintln!("skipped the PostgreSQL full-disk drill: this machine cannot mount a small tmpfs (needs root)");
        return;
    }
    let _unmount = Unmount(&space);
    let Some(server) = PrivatePostgres::start(dir.path()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs the PostgreSQL full-disk drill: initdb and a postgres user are needed"
        );
        eprintln!("skipped the PostgreSQL full-disk drill: no PostgreSQL server binaries or postgres user here");
        return;
    };
    let owned = Command::new("chown")
        .args(["postgres:postgres"])
        .arg(&space)
        .status()
        .is_ok_and(|s| s.success());
    assert!(owned, "the small disk is handed to the postgres user");
    let admin = server.url();
    let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE TABLESPACE small LOCATION '{}'", space.display()))
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let url = format!("{admin}?options=-c%20default_tablespace%3Dsmall");
    full_disk_drill(dir.path(), &url, &space).await;
    drop(server); // before the small disk is unmounted
}

/// A PostgreSQL server started for one test: `initdb` into the test's directory, trust on a
/// free local port; stopped (immediately) when dropped.
struct PrivatePostgres {
    bin: std::path::PathBuf,
    data: std::path::PathBuf,
    port: u16,
}

impl PrivatePostgres {
    fn start(dir: &Path) -> Option<Self> {
        let out = Command::new("pg_config").arg("--bindir").output().ok()?;
        let bin = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if !bin.join("initdb").exists() || !Command::new("id").arg("postgres").output().ok()?.status.success() {
            return None;
        }
        let data = dir.join("pg");
        std::fs::create_dir_all(&data).unwrap();
        Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&data)
            .status()
            .ok()?;
        let as_postgres = |program: &Path, args: &[&str]| {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(program)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .status()
                .is_ok_and(|s| s.success())
        };
        let d = data.to_str().unwrap();
        if !as_postgres(
            &bin.join("initdb"),
            &["-D", d, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
        ) {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let options = format!("-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off");
        let log = format!("{d}/server.log");
        if !as_postgres(
            &bin.join("pg_ctl"),
            &["-D", d, "-l", &log, "-o", &options, "-w", "start"],
        ) {
            return None;
        }
        Some(Self { bin, data, port })
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", self.data.to_str().unwrap(), "-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Writers run while the filesystem under `full` fills up: every refusal is a 507, no token is
/// handed out unstored, reads keep working; once space is back, writes work and search agrees
/// with the database (and again after a restart).
async fn full_disk_drill(dir: &Path, url: &str, full: &Path) {
    let (token, org) = setup(dir, url).await;
    let server = Server::start(dir, url);
    let http = reqwest::Client::new();
    let (stop, tally) = (Arc::new(AtomicBool::new(false)), Arc::new(Tally::default()));
    let load = tokio::spawn(write_load(
        server.base.clone(),
        token.clone(),
        org,
        2,
        stop.clone(),
        tally.clone(),
        2000,
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let filler = fill(full);
    // Writes now fail; wait until the writers have seen it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while tally.refused.lock().unwrap().len() < 5 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Signing in stores a session: no cookie may be handed out for a session that was not stored.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = browser.get(format!("{}/login", server.base)).send().await.unwrap();
    let html = login.text().await.unwrap();
    let at = html.find("name=\"csrf_token\" value=\"").unwrap() + "name=\"csrf_token\" value=\"".len();
    let csrf: String = html[at..].chars().take_while(|c| *c != '"').collect();
    let login_while_full = browser
        .post(format!("{}/login", server.base))
        .form(&[
            ("email", "drill@example.jp"),
            ("password", "a drill pass phrase"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    let read_while_full = http
        .get(format!("{}/api/v1/organizations/{org}", server.base))
        .send()
        .await
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    let refused = tally.refused.lock().unwrap().clone();
    assert!(!refused.is_empty(), "the disk filled up under the writers");
    assert!(
        refused.iter().all(|s| *s == 507),
        "a full disk answers 507, never 2xx or 404: {refused:?}"
    );
    // PostgreSQL may still fit a small row into a page it already has: then the session is
    // stored and must work. What may never happen is a session handed out that was not stored.
    match login_while_full.status().as_u16() {
        507 => {}
        303 => {
            let me = browser.get(format!("{}/api/v1/me", server.base)).send().await.unwrap();
            assert_eq!(me.status(), 200, "a session started while the disk was full works");
        }
        other => panic!("a login on a full disk: {other}, not 507 or a working 303"),
    }
    assert_eq!(read_while_full.status(), 200, "reads keep working");
    std::fs::remove_file(filler).unwrap();
    // Space is back: writes work again and search catches up with everything stored.
    let (stop, more) = (Arc::new(AtomicBool::new(false)), Arc::new(Tally::default()));
    let load = tokio::spawn(write_load(
        server.base.clone(),
        token.clone(),
        org,
        2,
        stop.clone(),
        more.clone(),
        10,
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    assert!(
        !more.acked.lock().unwrap().is_empty(),
        "writes work again once there is space"
    );
    let mut acked = tally.acked.lock().unwrap().clone();
    acked.extend(more.acked.lock().unwrap().iter().cloned());
    check(&server.base, &token, org, &acked).await;
    server.stop();
    let server = Server::start(dir, url);
    check(&server.base, &token, org, &acked).await;
    server.stop();
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
