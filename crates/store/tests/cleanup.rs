//! A PostgreSQL test's schema is dropped when it ends, even when the test's last write was
//! refused and its transaction dropped without a rollback yet (that rollback is a task of the
//! runtime the cleanup blocks; the cleanup used to wait for its locks forever).

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use sqlx::Connection;

#[tokio::test]
async fn a_refused_write_does_not_keep_the_schema_from_being_dropped() {
    let Some(db) = kyodo_test_support::TestDb::postgres("cleanup").await else {
        return;
    };
    let (admin, schema) = db.postgres_schema().map(|(a, s)| (a.to_owned(), s.to_owned())).unwrap();
    let s = kyodo_store::Store::connect(&db.url).await.unwrap();
    s.migrate().await.unwrap();
    let refused = s
        .write_opinion("no-such-link", "x", time::macros::date!(2027 - 05 - 01), 1)
        .await;
    assert!(matches!(refused, Err(kyodo_store::StoreError::NotFound)));
    drop(db);
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1")
        .bind(&schema)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(left, 0, "the test's schema is gone");
    drop(s);
}
