//! Where evidence content lives: in the database by default, or in an
//! S3-compatible object store when one is configured, so that several app
//! instances serve the same files without a shared disk.

use crate::model::EvidenceInfo;
use crate::{Result, Store, StoreError};
use domain::TenantId;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use std::sync::Arc;

/// The settings of an S3-compatible store (AWS, MinIO, Ceph, …).
#[derive(Debug, Clone, Default)]
pub struct S3Settings {
    /// `https://s3.example.go.id`; empty for AWS itself.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
}

#[derive(Clone, Debug)]
pub enum EvidenceFiles {
    Database,
    S3(Arc<dyn ObjectStore>),
}

fn object_error(error: object_store::Error) -> StoreError {
    StoreError::Objects(error.to_string())
}

impl EvidenceFiles {
    pub fn s3(settings: &S3Settings) -> Result<EvidenceFiles> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key)
            .with_secret_access_key(&settings.secret_key);
        if !settings.endpoint.is_empty() {
            // Self-hosted stores answer at the endpoint itself, not at bucket.endpoint.
            builder = builder
                .with_endpoint(&settings.endpoint)
                .with_virtual_hosted_style_request(false)
                .with_allow_http(settings.endpoint.starts_with("http://"));
        }
        Ok(EvidenceFiles::S3(Arc::new(builder.build().map_err(object_error)?)))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            EvidenceFiles::Database => "database",
            EvidenceFiles::S3(_) => "s3",
        }
    }

    fn key(tenant: TenantId, sha256: &str) -> Path {
        Path::from(format!("evidence/{}/{sha256}", tenant.0))
    }

    /// Puts the content in the object store; `false` when the database keeps it.
    /// Content is addressed by its digest, so writing it twice is harmless.
    pub async fn put(&self, tenant: TenantId, sha256: &str, bytes: &[u8]) -> Result<bool> {
        match self {
            EvidenceFiles::Database => Ok(false),
            EvidenceFiles::S3(objects) => {
                let payload = PutPayload::from(bytes.to_vec());
                objects.put(&Self::key(tenant, sha256), payload).await.map_err(object_error)?;
                Ok(true)
            }
        }
    }

    /// The content of a stored file, from wherever it was put.
    pub async fn get(&self, store: &Store, tenant: TenantId, file: &EvidenceInfo) -> Result<Vec<u8>> {
        match (file.stored_in.as_str(), self) {
            ("s3", EvidenceFiles::S3(objects)) => {
                let found = objects.get(&Self::key(tenant, &file.sha256)).await.map_err(object_error)?;
                Ok(found.bytes().await.map_err(object_error)?.to_vec())
            }
            ("s3", EvidenceFiles::Database) => {
                Err(StoreError::Objects("the file is in S3 but no S3 store is configured".to_owned()))
            }
            _ => store.evidence_content(tenant, &file.sha256).await?.ok_or(StoreError::NotFound),
        }
    }
}
