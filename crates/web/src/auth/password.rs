//! Argon2id password hashing, off the async threads.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

/// Argon2id with the given cost. The stored PHC string carries its own
/// parameters, so changing these affects new hashes only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordHasher {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for PasswordHasher {
    /// OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
    fn default() -> Self {
        PasswordHasher { memory_kib: 19 * 1024, iterations: 2 }
    }
}

impl PasswordHasher {
    /// Cheap parameters for tests, where hundreds of logins run in a debug build.
    pub fn fast_for_tests() -> Self {
        PasswordHasher { memory_kib: 64, iterations: 1 }
    }

    fn argon2(&self) -> Argon2<'static> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None).unwrap_or_default();
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    pub async fn hash(&self, password: String) -> Option<String> {
        let hasher = *self;
        tokio::task::spawn_blocking(move || hash_password_blocking(&hasher, &password)).await.ok().flatten()
    }

    /// Checks a password against a stored hash. Without a stored hash (an
    /// unknown username) a dummy hash is checked, so the answer takes as long
    /// either way and does not reveal which usernames exist.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let hasher = *self;
        tokio::task::spawn_blocking(move || {
            let dummy;
            let (hash, real) = match &stored {
                Some(hash) => (hash.as_str(), true),
                None => {
                    dummy = hash_password_blocking(&hasher, "dummy password for timing").unwrap_or_default();
                    (dummy.as_str(), false)
                }
            };
            let matches = Argon2::default().verify_password(password.as_bytes(), hash).is_ok();
            matches && real
        })
        .await
        .unwrap_or(false)
    }
}

/// Hashes on the current thread; for the command line.
pub fn hash_password_blocking(hasher: &PasswordHasher, password: &str) -> Option<String> {
    hasher.argon2().hash_password(password.as_bytes()).ok().map(|hash| hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() {
        let hasher = PasswordHasher::fast_for_tests();
        let hash = hasher.hash("rahasia-sekali".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(hasher.verify("rahasia-sekali".into(), Some(hash.clone())).await);
        assert!(!hasher.verify("salah".into(), Some(hash)).await);
        assert!(!hasher.verify("rahasia-sekali".into(), None).await);
    }
}
