//! The SQLite and PostgreSQL migrations describe the same schema.

use store::{Store, StoreOptions};

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let Some(admin_url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("schema comparison needs TEST_DATABASE_URL (scripts/check sets it); skipped on SQLite alone");
        return;
    };
    let (postgres, _) = crate::support::fresh_store().await;
    let path = std::env::temp_dir().join(format!("kinerja_schema_{}.db", std::process::id()));
    let sqlite = Store::connect(&format!("sqlite://{}", path.display()), &StoreOptions::default()).await.unwrap();
    sqlite.migrate().await.unwrap();
    let (pg_columns, sqlite_columns) = (postgres.columns().await.unwrap(), sqlite.columns().await.unwrap());
    sqlite.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    assert!(sqlite_columns.len() > 50, "{admin_url}: the schema was read");
    assert_eq!(sqlite_columns, pg_columns);
}
