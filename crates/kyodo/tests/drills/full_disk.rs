//! The full-disk drills: SQLite's data directory and PostgreSQL's tablespace on a small
//! filesystem that fills up under writers.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::{Server, Tally, check, setup, write_load};

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
