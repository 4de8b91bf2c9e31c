//! The two migration folders describe one schema: the same numbered files, and after migrating,
//! the same tables with the same columns on SQLite and PostgreSQL. A migration added for one
//! backend only, or a column spelt differently, fails here.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use std::collections::BTreeMap;
use std::path::Path;

use kyodo_store::Store;
use kyodo_test_support::TestDb;
use sqlx::Row;

fn files(backend: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_backends_have_the_same_numbered_migrations() {
    let (sqlite, postgres) = (files("sqlite"), files("postgres"));
    assert!(sqlite.len() >= 11, "{sqlite:?}");
    assert_eq!(sqlite, postgres);
    for (i, name) in sqlite.iter().enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)),
            "numbered without gaps: {name}"
        );
    }
}

type Schema = BTreeMap<String, Vec<String>>;

async fn sqlite_schema(url: &str) -> Schema {
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(url)
        .await
        .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for t in tables {
        let mut cols: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info($1)")
            .bind(&t)
            .fetch_all(&mut c)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
        cols.sort();
        schema.insert(t, cols);
    }
    schema
}

async fn postgres_schema(url: &str) -> Schema {
    let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for r in rows {
        schema.entry(r.get("t")).or_default().push(r.get("c"));
    }
    for cols in schema.values_mut() {
        cols.sort();
    }
    schema
}

#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let Some(pg) = TestDb::postgres("both_backends_migrate_to_the_same_tables_and_columns").await else {
        return;
    };
    let lite = TestDb::sqlite();
    for db in [&lite, &pg] {
        let s = Store::connect(&db.url).await.unwrap();
        s.migrate().await.unwrap();
        s.close().await;
    }
    let (a, b) = (sqlite_schema(&lite.url).await, postgres_schema(&pg.url).await);
    assert!(a.len() > 20, "the schema was read: {:?}", a.keys());
    let only = |x: &Schema, y: &Schema| x.keys().filter(|k| !y.contains_key(*k)).cloned().collect::<Vec<_>>();
    assert_eq!(
        (only(&a, &b), only(&b, &a)),
        (vec![], vec![]),
        "tables on one backend only (sqlite, postgres)"
    );
    for (table, cols) in &a {
        assert_eq!(cols, &b[table], "columns of {table} (sqlite vs postgres)");
    }
}
