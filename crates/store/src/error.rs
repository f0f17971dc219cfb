use domain::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist in this pemda.
    #[error("not found")]
    NotFound,
    /// The input was well formed but conflicts with stored data
    /// (an unknown OPD, a NIP already used…), named by field.
    #[error("invalid: {0}")]
    Invalid(Invalid),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A data file shipped with the binary does not load: a build defect.
    #[error("reference data: {0}")]
    ReferenceData(String),
    /// A part of a query that ran on a task of its own did not finish.
    #[error("task: {0}")]
    Task(String),
    #[error("signing keys: {0}")]
    Vault(#[from] crate::vault::VaultError),
    /// The object store holding evidence files failed or is not configured.
    #[error("object store: {0}")]
    Objects(String),
    /// A write tried to commit without its audit entry: a defect, rolled back.
    #[error("a write without its audit entry")]
    Unaudited,
    #[error("serialisation: {0}")]
    Serialization(#[from] serde_json::Error),
}

impl StoreError {
    pub(crate) fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }

    /// Turns a unique-constraint violation into a field error, keeping other errors.
    pub(crate) fn unique_as(self, field: &'static str) -> StoreError {
        if self.is_unique_violation() {
            StoreError::Invalid(Invalid::one(field, domain::Reason::AlreadyUsed))
        } else {
            self
        }
    }
}

impl From<Invalid> for StoreError {
    fn from(invalid: Invalid) -> Self {
        StoreError::Invalid(invalid)
    }
}
