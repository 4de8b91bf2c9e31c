//! Test helpers shared by the storage and HTTP tests: a fresh database for every test.
//!
//! SQLite tests always run, each on its own file in a temporary directory. PostgreSQL tests run
//! when `KYODO_TEST_DATABASE_URL` is set, each in its own schema (dropped afterwards). Without
//! the variable they report themselves skipped — except on CI (`CI` set), where a skipped
//! PostgreSQL suite is a failure.

use rand::Rng;
use sqlx::Connection;

pub const POSTGRES_URL_VAR: &str = "KYODO_TEST_DATABASE_URL";

pub struct TestDb {
    /// The URL to hand to `Store::connect`.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[expect(dead_code, reason = "kept for its Drop, which removes the directory")] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("kyodo.db").display());
        Self {
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A fresh schema, or `None` (test skipped) when PostgreSQL is not configured.
    pub async fn postgres(test: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
            if std::env::var_os("CI").is_some() {
                panic!("{POSTGRES_URL_VAR} is not set on CI: the PostgreSQL suite must run there");
            }
            eprintln!("skipped {test} on PostgreSQL: set {POSTGRES_URL_VAR} to run it");
            return None;
        };
        let schema = format!("kyodo_test_{:016x}", rand::rng().random::<u64>());
        let mut conn = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to the test PostgreSQL");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut conn)
            .await
            .expect("create a test schema");
        conn.close().await.ok();
        let sep = if admin_url.contains('?') { '&' } else { '?' };
        // The schema also names the test's connections, so that cleanup can end them.
        let url = format!("{admin_url}{sep}options=-c%20search_path%3D{schema}&application_name={schema}");
        Some(Self {
            url,
            cleanup: Cleanup::Postgres { admin_url, schema },
        })
    }
}

impl TestDb {
    /// The PostgreSQL schema and the admin URL, for a test of the cleanup itself.
    pub fn postgres_schema(&self) -> Option<(&str, &str)> {
        match &self.cleanup {
            Cleanup::Postgres { admin_url, schema } => Some((admin_url, schema)),
            Cleanup::Sqlite(_) => None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, schema } = &self.cleanup {
            let (admin_url, schema) = (admin_url.clone(), schema.clone());
            // Drop runs inside the test's runtime; a separate thread may block on its own one.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    let mut conn = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                    // The test's pool may still hold a connection whose dropped transaction has
                    // not rolled back yet: its rollback is a task of the test's runtime, which
                    // this Drop blocks, and the locks it holds would make DROP SCHEMA wait
                    // forever. End the test's connections first; never wait long for a lock.
                    sqlx::query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE application_name = $1 AND pid <> pg_backend_pid()",
                    )
                    .bind(&schema)
                    .execute(&mut conn)
                    .await
                    .ok()?;
                    sqlx::query("SET lock_timeout = '10s'").execute(&mut conn).await.ok()?;
                    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .execute(&mut conn)
                        .await
                        .ok()?;
                    conn.close().await.ok()
                })
            })
            .join();
        }
    }
}

/// Runs each test body once on SQLite and once on PostgreSQL (when configured):
///
/// ```ignore
/// kyodo_test_support::on_both_backends! {
///     async fn creates_a_user(db) { let store = Store::connect(&db.url).await.unwrap(); … }
/// }
/// ```
#[macro_export]
macro_rules! on_both_backends {
    ($( $(#[$meta:meta])* async fn $name:ident($db:ident) $body:block )*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$meta])* #[tokio::test] async fn $name() {
                let $db = $crate::TestDb::sqlite();
                $body
            } )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$meta])* #[tokio::test] async fn $name() {
                let Some($db) = $crate::TestDb::postgres(stringify!($name)).await else { return };
                $body
            } )*
        }
    };
}
