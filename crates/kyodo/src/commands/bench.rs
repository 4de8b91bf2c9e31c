//! `kyodo bench import`: import speed on SQLite, reported against a bare bulk insert of the same
//! rows measured in the same run (so the ratio means something on any machine).

use std::process::ExitCode;
use std::str::FromStr;
use std::time::{Duration, Instant};

use kyodo_domain::interchange::{self, Record};
use kyodo_import::interchange_gen;
use kyodo_import::npo_portal::{self, generate};
use kyodo_store::Store;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::cli::BenchImportArgs;

const REGISTRY_TARGET: Duration = Duration::from_secs(20);
const INTERCHANGE_TARGET: Duration = Duration::from_secs(30);

pub async fn import(args: &BenchImportArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    println!("kyodo bench import — SQLite, one transaction each, synchronous=FULL");
    println!();

    // Registry: decode + parse + upsert, against inserting the already-parsed rows into a bare table.
    let csv = generate::encode_cp932(&generate::csv_text(&generate::Spec {
        rows: args.registry_rows,
        seed: 60_000,
        ..generate::Spec::default()
    }));
    let store = fresh_store(&dir.path().join("registry.db")).await?;
    let started = Instant::now();
    let text = npo_portal::decode(&csv).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let options = npo_portal::Options {
        prefecture: None,
        today: time::OffsetDateTime::now_utc().date(),
    };
    let parsed =
        npo_portal::parse(&text, &options).map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    store.import_registry(&parsed.records, 0, &|_| {}).await?;
    let kyodo = started.elapsed();
    store.close().await;
    let rows: Vec<[Option<String>; 6]> = parsed
        .records
        .iter()
        .map(|r| {
            [
                Some(r.external_id.clone()),
                Some(r.name.clone()),
                r.address.clone(),
                r.mission.clone(),
                r.activities.clone(),
                r.founded.clone(),
            ]
        })
        .collect();
    let bare = bare_insert(&dir.path().join("registry-bare.db"), &rows).await?;
    report(
        &format!("NPO registry CSV, {} rows", args.registry_rows),
        kyodo,
        bare,
        REGISTRY_TARGET,
    );

    // Interchange: parse + validate + upsert organisations and listings.
    let text = interchange_gen::generate(args.organizations, args.listings, 50_000);
    let store = fresh_store(&dir.path().join("interchange.db")).await?;
    let started = Instant::now();
    let parsed = interchange::parse(&text).map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    store
        .import(&parsed, 0)
        .await?
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    let kyodo = started.elapsed();
    store.close().await;
    let rows: Vec<[Option<String>; 6]> = parsed
        .records
        .iter()
        .map(|(_, r)| match r {
            Record::Organization(o) => [
                Some(o.external_id.clone()),
                Some(o.name.clone()),
                o.municipality.clone(),
                o.mission.clone(),
                o.activities.clone(),
                None,
            ],
            Record::Listing(l) => [
                Some(l.external_id.clone()),
                Some(l.title.clone()),
                l.municipality.clone(),
                l.description.clone(),
                None,
                None,
            ],
        })
        .collect();
    let bare = bare_insert(&dir.path().join("interchange-bare.db"), &rows).await?;
    report(
        &format!(
            "interchange, {} organisations + {} listings",
            args.organizations, args.listings
        ),
        kyodo,
        bare,
        INTERCHANGE_TARGET,
    );
    Ok(ExitCode::SUCCESS)
}

async fn fresh_store(path: &std::path::Path) -> anyhow::Result<Store> {
    let store = Store::connect(&format!("sqlite://{}", path.display())).await?;
    store.migrate().await?;
    Ok(store)
}

/// The baseline a team would write first: prepared INSERTs into a table without keys or checks,
/// in one transaction, with the same durability settings.
async fn bare_insert(path: &std::path::Path, rows: &[[Option<String>; 6]]) -> anyhow::Result<Duration> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}?mode=rwc", path.display()))?
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .disable_statement_logging();
    let mut conn = options.connect().await?;
    sqlx::query("CREATE TABLE t (a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT)")
        .execute(&mut conn)
        .await?;
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    for r in rows {
        sqlx::query("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&r[0])
            .bind(&r[1])
            .bind(&r[2])
            .bind(&r[3])
            .bind(&r[4])
            .bind(&r[5])
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let took = started.elapsed();
    conn.close().await?;
    Ok(took)
}

fn report(what: &str, kyodo: Duration, bare: Duration, target: Duration) {
    let ratio = kyodo.as_secs_f64() / bare.as_secs_f64().max(1e-9);
    let verdict = if kyodo <= target { "met" } else { "MISSED" };
    println!("{what}");
    println!("  kyodo import       {:>8.2} s", kyodo.as_secs_f64());
    println!("  bare bulk insert   {:>8.2} s", bare.as_secs_f64());
    println!("  ratio              {ratio:>8.2}×");
    println!("  target             {:>8.0} s  ({verdict})", target.as_secs_f64());
    println!();
}
