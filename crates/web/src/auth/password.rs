//! Argon2id password hashing, off the async threads.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Mutex;

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
    /// unknown username) a dummy hash of the same cost is checked, so the
    /// answer takes as long either way and does not reveal which usernames exist.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let hasher = *self;
        tokio::task::spawn_blocking(move || {
            let real = stored.is_some();
            let hash = stored.unwrap_or_else(|| hasher.dummy_hash());
            let matches = Argon2::default().verify_password(password.as_bytes(), hash.as_str()).is_ok();
            matches && real
        })
        .await
        .unwrap_or(false)
    }

    /// A hash with these parameters, made once per process.
    fn dummy_hash(&self) -> String {
        static DUMMIES: Mutex<Vec<(PasswordHasher, String)>> = Mutex::new(Vec::new());
        let Ok(mut dummies) = DUMMIES.lock() else { return String::new() };
        if let Some((_, hash)) = dummies.iter().find(|(params, _)| params == self) {
            return hash.clone();
        }
        let hash = hash_password_blocking(self, "not a password of anyone").unwrap_or_default();
        dummies.push((*self, hash.clone()));
        hash
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

    /// Unknown usernames must cost one verification, like known ones: the
    /// dummy hash is made once, not on every attempt (salts differ per hash).
    #[test]
    fn the_dummy_hash_is_made_once_per_parameter_set() {
        let fast = PasswordHasher::fast_for_tests();
        assert_eq!(fast.dummy_hash(), fast.dummy_hash());
        let other = PasswordHasher { memory_kib: 128, iterations: 1 };
        assert_ne!(fast.dummy_hash(), other.dummy_hash());
        assert!(other.dummy_hash().contains("m=128,t=1"));
    }
}
