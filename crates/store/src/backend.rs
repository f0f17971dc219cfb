//! The queries in `queries/` are plain functions over the type aliases `Db`,
//! `Pool` and `Tx`. Each backend module below includes them once, so the same
//! SQL text is compiled and type-checked against SQLite and against
//! PostgreSQL, with no `Any` driver in between. What differs between the two
//! (locking, introspection, backup) sits beside the includes.

use crate::{Result, StoreError};
use std::ops::{Deref, DerefMut};
use time::OffsetDateTime;

/// A write transaction that commits only with an audit entry in it: every
/// change to a pemda's data is recorded by construction, and the data
/// version the caches are keyed on (the audit chain's length) moves with
/// every such write. It reads and writes like the connection it holds.
pub struct Write<DB: sqlx::Database> {
    tx: sqlx::Transaction<'static, DB>,
    audited: bool,
}

impl<DB: sqlx::Database> Write<DB> {
    fn new(tx: sqlx::Transaction<'static, DB>) -> Self {
        Write { tx, audited: false }
    }

    /// Called by the audit log when it appends this transaction's entry.
    pub(crate) fn mark_audited(&mut self) {
        self.audited = true;
    }

    /// Commits, or refuses a write that recorded nothing in the audit log
    /// (a defect: the transaction rolls back and the caller is told).
    pub async fn commit(self) -> Result<()> {
        if !self.audited {
            return Err(StoreError::Unaudited);
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Commits a write that changes no pemda data the audit log answers for:
    /// `why` says what it is at the call site (a login throttle counter,
    /// reference data shipped with the binary, a rendered copy of a signed
    /// record, a generated benchmark data set).
    pub async fn commit_unaudited(self, why: &'static str) -> Result<()> {
        tracing::trace!(why, "unaudited write");
        self.tx.commit().await?;
        Ok(())
    }
}

impl<DB: sqlx::Database> Deref for Write<DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl<DB: sqlx::Database> DerefMut for Write<DB> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Now, truncated to microseconds: PostgreSQL keeps no more, and the audit
/// hash must read back the same from both databases.
pub(crate) fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1_000 * 1_000).unwrap_or(now)
}

macro_rules! shared_queries {
    () => {
        pub mod audit {
            use super::*;
            include!("queries/audit.rs");
        }
        pub mod tenant {
            use super::*;
            include!("queries/tenant.rs");
        }
        pub mod opd {
            use super::*;
            include!("queries/opd.rs");
        }
        pub mod unit {
            use super::*;
            include!("queries/unit.rs");
        }
        pub mod position {
            use super::*;
            include!("queries/position.rs");
        }
        pub mod official {
            use super::*;
            include!("queries/official.rs");
        }
        pub mod user {
            use super::*;
            include!("queries/user.rs");
        }
        pub mod session {
            use super::*;
            include!("queries/session.rs");
        }
        pub mod token {
            use super::*;
            include!("queries/token.rs");
        }
        pub mod throttle {
            use super::*;
            include!("queries/throttle.rs");
        }
        pub mod capaian {
            use super::*;
            include!("queries/capaian.rs");
        }
        #[cfg(feature = "synthetic")]
        pub mod synthetic {
            use super::*;
            include!("queries/synthetic.rs");
        }
        pub mod planning {
            use super::*;
            include!("queries/planning.rs");
        }
        pub mod pk {
            use super::*;
            include!("queries/pk.rs");
        }
        pub mod realisation {
            use super::*;
            include!("queries/realisation.rs");
        }
        pub mod nomenclature {
            use super::*;
            include!("queries/nomenclature.rs");
        }
    };
}

pub mod sqlite {
    use super::*;
    pub type Db = sqlx::Sqlite;
    pub type Pool = sqlx::SqlitePool;
    pub type Tx = super::Write<Db>;

    /// `BEGIN IMMEDIATE` takes the write lock up front, so two writers never
    /// both read and then fail to upgrade (SQLITE_BUSY mid-transaction).
    pub async fn begin_write(pool: &Pool) -> Result<Tx> {
        Ok(super::Write::new(pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    pub async fn columns(pool: &Pool) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
             ORDER BY 1, 2",
        )
        .fetch_all(pool)
        .await?)
    }

    /// A consistent copy of the live database, taken without stopping the server.
    pub async fn backup(pool: &Pool, path: &str) -> Result<()> {
        sqlx::query("VACUUM INTO $1").bind(path).execute(pool).await?;
        Ok(())
    }

    shared_queries!();
}

pub mod postgres {
    use super::*;
    pub type Db = sqlx::Postgres;
    pub type Pool = sqlx::PgPool;
    pub type Tx = super::Write<Db>;

    pub async fn begin_write(pool: &Pool) -> Result<Tx> {
        Ok(super::Write::new(pool.begin().await?))
    }

    pub async fn columns(pool: &Pool) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'
             ORDER BY 1, 2",
        )
        .fetch_all(pool)
        .await?)
    }

    shared_queries!();
}

#[cfg(test)]
mod tests {
    use crate::{Actor, Store, StoreError};

    #[tokio::test]
    async fn a_write_commits_only_with_its_audit_entry() {
        let path = std::env::temp_dir().join(format!("kinerja-write-{}-{}.db", std::process::id(), line!()));
        let store = Store::connect(&format!("sqlite://{}", path.display()), &Default::default()).await.unwrap();
        store.migrate().await.unwrap();
        let Store::Sqlite(pool) = &store else { unreachable!("a SQLite URL") };
        let insert = "INSERT INTO tenant (code, name, kind, province_code, created_at)
                      VALUES ('99.01', 'Uji', 'kabupaten', '99', '2026-01-01T00:00:00Z')";

        let mut tx = super::sqlite::begin_write(pool).await.unwrap();
        sqlx::query(insert).execute(&mut *tx).await.unwrap();
        assert!(matches!(tx.commit().await, Err(StoreError::Unaudited)));
        assert_eq!(store.count_tenants().await.unwrap(), 0, "nothing of the unaudited write stayed");

        let mut tx = super::sqlite::begin_write(pool).await.unwrap();
        sqlx::query(insert).execute(&mut *tx).await.unwrap();
        let actor = Actor::system("test");
        let change = super::sqlite::audit::Change::row(None, &actor, "create", "tenant", 1);
        super::sqlite::audit::append(&mut tx, change).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(store.count_tenants().await.unwrap(), 1);
        // Closed first, so SQLite folds its WAL back and nothing of the test stays behind.
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
