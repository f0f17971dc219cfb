//! The queries in `queries/` are plain functions over the type aliases `Db`,
//! `Pool` and `Tx`. Each backend module below includes them once, so the same
//! SQL text is compiled and type-checked against SQLite and against
//! PostgreSQL, with no `Any` driver in between. What differs between the two
//! (locking, introspection, backup) sits beside the includes.

use crate::Result;
use time::OffsetDateTime;

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
    pub type Tx = sqlx::Transaction<'static, Db>;

    /// `BEGIN IMMEDIATE` takes the write lock up front, so two writers never
    /// both read and then fail to upgrade (SQLITE_BUSY mid-transaction).
    pub async fn begin_write(pool: &Pool) -> Result<Tx> {
        Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
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
    pub type Tx = sqlx::Transaction<'static, Db>;

    pub async fn begin_write(pool: &Pool) -> Result<Tx> {
        Ok(pool.begin().await?)
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
