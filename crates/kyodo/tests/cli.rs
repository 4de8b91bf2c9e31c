//! The `kyodo` binary as an operator uses it.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kyodo");
const GUIDE_CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/guide-cases.jsonl");

/// Runs kyodo against `url`, with `stdin` piped in, from an empty working directory.
fn kyodo(dir: &std::path::Path, url: &str, args: &[&str], stdin: &str) -> Output {
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
        .expect("run kyodo");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    // A command that should end but serves instead (say, a damage not noticed) must fail the
    // test, not hang it: it is stopped after a minute.
    let pid = child.id().to_string();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if finished.recv_timeout(std::time::Duration::from_secs(60)).is_err() {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    });
    let out = child.wait_with_output().expect("wait");
    let _ = done.send(());
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

kyodo_test_support::on_both_backends! {
    async fn admin_users_and_tokens_from_the_command_line(db) {
        let dir = tempfile::tempdir().unwrap();
        let out = kyodo(dir.path(), &db.url, &["admin", "create-user", "--email", "admin@example.jp", "--admin"], "an admin pass phrase\n");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("管理者"));
        let dup = kyodo(dir.path(), &db.url, &["admin", "create-user", "--email", "admin@example.jp"], "another pass phrase\n");
        assert!(!dup.status.success());
        assert!(text(&dup.stderr).contains("既に登録されています"));
        let short = kyodo(dir.path(), &db.url, &["admin", "create-user", "--email", "b@example.jp"], "short\n");
        assert!(text(&short.stderr).contains("10文字以上"));
        let token = kyodo(dir.path(), &db.url, &["admin", "create-token", "--email", "admin@example.jp"], "");
        assert!(token.status.success());
        let t = text(&token.stdout);
        assert!(t.trim().starts_with("kyd_") && t.lines().count() == 1, "only the token on stdout: {t}");
        let nobody = kyodo(dir.path(), &db.url, &["admin", "create-token", "--email", "nobody@example.jp"], "");
        assert!(!nobody.status.success());
        let staff = kyodo(dir.path(), &db.url, &["admin", "create-user", "--email", "staff@example.jp"], "a staff pass phrase\n");
        assert!(staff.status.success(), "{}", text(&staff.stderr));
        let role = kyodo(dir.path(), &db.url, &["admin", "set-role", "--email", "staff@example.jp", "--role", "coordinator"], "");
        assert!(role.status.success(), "{}", text(&role.stderr));
        assert!(text(&role.stdout).contains("コーディネーター"));
        // The last admin stays one, at the command line as in the app.
        let last = kyodo(dir.path(), &db.url, &["admin", "set-role", "--email", "admin@example.jp", "--role", "user"], "");
        assert!(!last.status.success());
        assert!(text(&last.stderr).contains("最後の管理者です"), "{}", text(&last.stderr));
    }

    async fn import_then_export_round_trips_the_guide_cases(db) {
        let dir = tempfile::tempdir().unwrap();
        let out = kyodo(dir.path(), &db.url, &["import", GUIDE_CASES], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("団体 6 件、募集 12 件"));
        let export_file = dir.path().join("out.jsonl");
        let out = kyodo(dir.path(), &db.url, &["export", "--out", export_file.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let original = kyodo_domain::interchange::parse(&std::fs::read_to_string(GUIDE_CASES).unwrap()).unwrap();
        let exported = kyodo_domain::interchange::parse(&std::fs::read_to_string(&export_file).unwrap()).unwrap();
        let mut a: Vec<_> = original.records.iter().map(|(_, r)| kyodo_domain::interchange::to_line(r)).collect();
        let mut b: Vec<_> = exported.records.iter().map(|(_, r)| kyodo_domain::interchange::to_line(r)).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        // Importing the export again changes nothing (same external ids: updates).
        let out = kyodo(dir.path(), &db.url, &["import", "-"], &std::fs::read_to_string(&export_file).unwrap());
        assert!(out.status.success());
        let stdout = kyodo(dir.path(), &db.url, &["export"], "");
        assert_eq!(text(&stdout.stdout).lines().filter(|l| l.contains("\"organization\"") && l.contains("\"type\":\"organization\"")).count(), 6);
    }

    async fn a_bad_import_names_file_and_line_and_writes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("orgs.jsonl");
        std::fs::write(&file, concat!(
            "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"A\"}\n",
            "{\"type\":\"listing\",\"external_id\":\"L-9\",\"organization\":\"A\",\"direction\":\"offer\",\"resources\":[\"money\"],\"title\":\"t\"}\n",
        )).unwrap();
        let out = kyodo(dir.path(), &db.url, &["import", file.to_str().unwrap()], "");
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(err.contains("orgs.jsonl:2: listing \"L-9\": unknown resource code \"money\""), "{err}");
        let export = kyodo(dir.path(), &db.url, &["export"], "");
        assert!(!text(&export.stdout).contains("\"external_id\":\"A\""), "nothing was written");
        std::fs::write(&file, [0x82u8, 0xa0, b'\n']).unwrap();
        let out = kyodo(dir.path(), &db.url, &["import", file.to_str().unwrap()], "");
        assert!(text(&out.stderr).contains("UTF-8 ではありません"));
    }

    async fn the_registry_file_imports_for_one_prefecture_from_a_zip(db) {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("npo.zip");
        let out = kyodo(dir.path(), &db.url, &["demo", "npo-portal", "--rows", "2000", "--zip", "--out", zip.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = kyodo(dir.path(), &db.url, &["import", "--format", "npo-portal", "--prefecture", "山口県", zip.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let msg = text(&out.stderr);
        assert!(msg.contains("取り込みました: NPO法人") && msg.contains("対象外の都道府県"), "{msg}");
        let export = text(&kyodo(dir.path(), &db.url, &["export"], "").stdout);
        let orgs: Vec<&str> = export.lines().filter(|l| l.contains("\"type\":\"organization\"")).collect();
        assert!(!orgs.is_empty() && orgs.iter().all(|l| l.contains("npo:") && l.contains("山口県")), "only Yamaguchi");
        assert!(orgs.len() < 100, "{}", orgs.len());
    }

    async fn a_broken_registry_file_writes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("bad.csv");
        let body = "法人名称,法人番号\r\n良い法人,7000012050002\r\n悪い法人,123\r\n";
        std::fs::write(&csv, kyodo_import::npo_portal::generate::encode_cp932(body)).unwrap();
        let out = kyodo(dir.path(), &db.url, &["import", "--format", "npo-portal", csv.to_str().unwrap()], "");
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("bad.csv:3:"), "{}", text(&out.stderr));
        std::fs::write(&csv, body.as_bytes()).unwrap();
        let out = kyodo(dir.path(), &db.url, &["import", "--format", "npo-portal", csv.to_str().unwrap()], "");
        assert!(text(&out.stderr).contains("UTF-8 のファイルのようです"), "{}", text(&out.stderr));
        let export = text(&kyodo(dir.path(), &db.url, &["export"], "").stdout);
        assert!(!export.contains("良い法人"), "nothing was written");
        let out = kyodo(dir.path(), &db.url, &["import", "--format", "excel", csv.to_str().unwrap()], "");
        assert!(text(&out.stderr).contains("--format「excel」は不明です"));
    }
}

#[test]
fn invalid_configuration_fails_fast_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--bind", "not-an-address", "migrate"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not-an-address"));
    let out = Command::new(BIN)
        .args(["migrate"])
        .env("KYODO_DATABASE_URL", "mysql://x")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn serve_creates_the_sqlite_database_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("KYODO_DATABASE_URL")
        .env_remove("KYODO_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "kyodo stopped before printing its URL: {printed}"
        );
        printed.push_str(&line);
        if let Some(u) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            break u.trim_end_matches('/').to_owned();
        }
    };
    assert!(
        printed.contains("検索インデックスを作り直しました"),
        "a new data directory gets a fresh index: {printed}"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        assert_eq!(reqwest::get(format!("{url}/readyz")).await.unwrap().status(), 200);
        let orgs: serde_json::Value = reqwest::get(format!("{url}/api/v1/organizations"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(orgs["total"], 6, "the guide's cases are loaded as demo data");
    });
    assert!(dir.path().join("data/kyodo.db").exists());
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

#[test]
fn the_search_index_survives_damage_and_sees_imports_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .env_remove("KYODO_DATABASE_URL")
            .output()
            .unwrap()
    };
    assert!(run(&["migrate"]).status.success());
    let out = run(&["reindex"]);
    assert!(
        // An empty database: only the guide's three case studies.
        out.status.success() && text(&out.stdout).contains("検索インデックスを作り直しました: 3 件"),
        "{}",
        text(&out.stdout)
    );
    std::fs::write(dir.path().join("data/search/meta.json"), b"{ broken").unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("KYODO_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "{printed}");
        printed.push_str(&line);
        if let Some(u) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            break u.trim_end_matches('/').to_owned();
        }
    };
    assert!(printed.contains("壊れていた"), "the damage is reported: {printed}");
    // Another process imports while the server runs; the server's index picks it up.
    assert!(run(&["import", GUIDE_CASES]).status.success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let found = rt.block_on(async {
        for _ in 0..50 {
            let v: serde_json::Value = reqwest::get(format!("{url}/api/v1/search?q=白瓜"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if v["total"].as_u64().unwrap_or(0) > 0 {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        false
    });
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(child.wait().unwrap().success());
    assert!(found, "an import by another process becomes searchable within seconds");
}

#[test]
fn demo_generate_writes_a_valid_reproducible_interchange_file() {
    let dir = tempfile::tempdir().unwrap();
    let generate = || {
        Command::new(BIN)
            .args(["demo", "generate", "--organizations", "50", "--listings", "80"])
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let (a, b) = (generate(), generate());
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "seeded");
    let parsed = kyodo_domain::interchange::parse(&text(&a.stdout)).unwrap();
    assert_eq!(parsed.records.len(), 130);
}

#[test]
fn a_damaged_database_stops_start_up_at_once_with_the_cause_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("data/kyodo.db").display());
    assert!(kyodo(dir.path(), &url, &["import", GUIDE_CASES], "").status.success());
    let db = dir.path().join("data/kyodo.db");
    let good = std::fs::read(&db).unwrap();
    // Two kinds of damage: the header (not a database at all), and the pages after the first
    // (the schema stays readable; every table's pages are garbage — one page alone may be a free
    // one, whose content SQLite rightly ignores).
    let mut header = good.clone();
    header[..16].copy_from_slice(b"not a database!!");
    let mut page = good.clone();
    for (i, b) in page.iter_mut().enumerate().skip(4096) {
        *b = u8::try_from(i % 251).unwrap();
    }
    for (damage, cause) in [(header, "file is not a database"), (page, "malformed")] {
        std::fs::write(&db, damage).unwrap();
        let started = std::time::Instant::now();
        let out = kyodo(dir.path(), &url, &["serve", "--bind", "127.0.0.1:0"], "");
        let took = started.elapsed();
        let said = text(&out.stderr);
        assert!(!out.status.success(), "{said}");
        assert!(took < std::time::Duration::from_secs(5), "failed fast: {took:?}");
        assert!(
            said.contains("壊れています") && said.contains("damaged"),
            "in Japanese and English: {said}"
        );
        assert!(said.contains(cause), "SQLite's own reason: {said}");
        assert!(said.contains("kyodo restore"), "says what to do: {said}");
    }
}
