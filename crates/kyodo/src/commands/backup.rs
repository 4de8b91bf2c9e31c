//! `kyodo backup` and `kyodo restore`: a consistent copy taken while kyodo runs, and putting one
//! back (which also discards the search index, rebuilt on the next start).
//!
//! SQLite: `VACUUM INTO` writes the copy in one read transaction; the copy is checked
//! (`quick_check`) before it is reported. PostgreSQL: `pg_dump` in its custom format (one
//! snapshot), restored with `pg_restore --clean`. A restored database gets a new id, so nothing
//! derived from the original (any node's search index) is taken for the copy's.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use kyodo_store::{Backend, Store};

use super::open_store;
use crate::config::Config;

pub async fn backup(config: &Config, to: &Path) -> anyhow::Result<ExitCode> {
    if to.exists() {
        bail!(
            "{} は既にあります。別の名前を指定してください / {} exists",
            to.display(),
            to.display()
        );
    }
    let store = open_store(config).await?;
    match store.backend() {
        Backend::Sqlite => {
            store
                .backup_sqlite_into(to)
                .await
                .with_context(|| format!("バックアップ {} を書けません", to.display()))?;
            store.close().await;
            let counts = kyodo_store::inspect_sqlite_file(to)
                .await
                .with_context(|| format!("書いたバックアップ {} を確かめられません", to.display()))?;
            report("バックアップしました（検査済み）", to, &counts);
        }
        Backend::Postgres => {
            // kyodo's schema only: the database may hold others (another deployment, tests).
            let schema = store.postgres_schema().await?;
            store.close().await;
            run(Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--schema", &schema, "--file"])
                .arg(to)
                .arg(&config.database_url))
            .context("pg_dump が失敗しました（PostgreSQL のクライアントが必要です）")?;
            run(Command::new("pg_restore").arg("--list").arg(to)).context("書いたバックアップを読めません")?;
            println!(
                "バックアップしました: {}（{} バイト、pg_dump 形式）",
                to.display(),
                std::fs::metadata(to)?.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(config: &Config, from: &Path) -> anyhow::Result<ExitCode> {
    if !from.is_file() {
        bail!("バックアップ {} がありません / no such backup", from.display());
    }
    let index_dir = config.data_dir.join("search");
    // A running server holds the index's lock: restoring under it would corrupt what it serves.
    match kyodo_search::SearchIndex::open(&index_dir) {
        Err(kyodo_search::SearchError::Busy) => {
            bail!("kyodo serve が起動中です。止めてから戻してください / stop kyodo serve before restoring")
        }
        Ok((index, _)) => drop(index),
        Err(_) => {}
    }
    let store = match Backend::from_url(&config.database_url) {
        Some(Backend::Sqlite) => restore_sqlite(config, from).await?,
        Some(Backend::Postgres) => {
            run(Command::new("pg_restore")
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(&config.database_url)
                .arg(from))
            .context("pg_restore が失敗しました（データベースは元のままです）")?;
            open_store(config).await?
        }
        None => bail!("対応していないデータベース URL です"),
    };
    store.renew_database_id().await?;
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)
            .with_context(|| format!("検索インデックス {} を消せません", index_dir.display()))?;
    }
    report(
        "戻しました（検索インデックスは次の起動で作り直します）",
        from,
        &store.table_counts().await?,
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Checks the copy, then puts it in place of the database; the old file is kept beside it.
async fn restore_sqlite(config: &Config, from: &Path) -> anyhow::Result<Store> {
    kyodo_store::inspect_sqlite_file(from).await.with_context(|| {
        format!(
            "バックアップ {} は使えません（壊れているか kyodo のものではありません）",
            from.display()
        )
    })?;
    let db = sqlite_path(&config.database_url)?;
    let staged = db.with_extension("db.restoring");
    std::fs::copy(from, &staged).with_context(|| format!("{} に書けません", staged.display()))?;
    std::fs::File::open(&staged)?.sync_all()?;
    if db.exists() {
        let aside = db.with_extension(format!("db.before-restore-{}", super::now()));
        std::fs::rename(&db, &aside)?;
        println!("元のデータベースは {} に残しました", aside.display());
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(&side)?;
        }
    }
    std::fs::rename(&staged, &db)?;
    open_store(config).await
}

/// The file behind an `sqlite:` URL.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("SQLite の URL ではありません")?;
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

fn report(done: &str, file: &Path, counts: &[(&str, i64)]) {
    let counts = counts
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join("、");
    println!("{done}: {}（{counts}）", file.display());
}

fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let out = cmd.output().context("起動できません")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}
