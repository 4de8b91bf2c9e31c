//! Damage in the middle of a large SQLite file: start-up reads only each table's first pages and
//! lets it through; the whole-file check that follows finds it, and readiness fails from then on.

use kyodo_store::{Store, StoreError};

#[tokio::test]
async fn damage_past_the_first_pages_is_found_after_start_and_fails_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kyodo.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let text = kyodo_import::interchange_gen::generate(400, 2_000, 7);
    let parsed = kyodo_domain::interchange::parse(&text).unwrap();
    store.import(&parsed, 0).await.unwrap().unwrap();
    store.close().await;

    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    assert!(len > 1_000_000, "large enough to have pages past the first: {len}");
    // The last fifth: the last leaf pages of the largest tables, never their first.
    for (i, b) in bytes.iter_mut().enumerate().skip(len - len / 5) {
        *b = u8::try_from(i % 251).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();

    let store = Store::connect(&url).await.expect("start-up reads only the first pages");
    store.ping().await.expect("ready until the whole file is read");
    let found = store.verify_whole().await;
    assert!(matches!(found, Err(StoreError::Damaged(_))), "{found:?}");
    assert!(
        matches!(store.ping().await, Err(StoreError::Damaged(_))),
        "readiness fails once damage is known"
    );
}
