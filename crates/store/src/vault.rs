//! Sealing of officials' signing seeds at rest. Every app instance reads the
//! same 32-byte server key from its configuration; a seed is stored only as
//! ChaCha20-Poly1305 ciphertext under it, so a copy of the database alone
//! cannot sign.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

#[derive(Clone)]
pub struct KeyVault {
    cipher: ChaCha20Poly1305,
    /// Identifies the server key in sealed text, so a wrong key is named as such.
    fingerprint: String,
}

impl std::fmt::Debug for KeyVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyVault({})", self.fingerprint)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the server signing key must be 64 hexadecimal characters")]
    BadKey,
    #[error("a signing key was sealed under another server key ({0})")]
    OtherKey(String),
    #[error("a sealed signing key is damaged")]
    Damaged,
    #[error("no randomness available: {0}")]
    Random(String),
}

impl KeyVault {
    pub fn from_hex(hex_key: &str) -> Result<KeyVault, VaultError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| VaultError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| VaultError::BadKey)?;
        Ok(KeyVault::new(key))
    }

    pub fn new(key: [u8; 32]) -> KeyVault {
        use sha2::Digest;
        let fingerprint = hex::encode(&sha2::Sha256::digest(key)[..4]);
        KeyVault { cipher: ChaCha20Poly1305::new(&Key::from(key)), fingerprint }
    }

    /// A fresh random server key, as hex, for `kinerja` to write on first start.
    pub fn generate_hex() -> Result<String, VaultError> {
        Ok(hex::encode(random::<32>()?))
    }

    /// `fingerprint:nonce:ciphertext`, hex.
    pub fn seal(&self, seed: &[u8; 32]) -> Result<String, VaultError> {
        let nonce = random::<12>()?;
        let sealed = self.cipher.encrypt(&Nonce::from(nonce), seed.as_slice()).map_err(|_| VaultError::Damaged)?;
        Ok(format!("{}:{}:{}", self.fingerprint, hex::encode(nonce), hex::encode(sealed)))
    }

    pub fn open(&self, sealed: &str) -> Result<[u8; 32], VaultError> {
        let mut parts = sealed.split(':');
        let (Some(fingerprint), Some(nonce), Some(body), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(VaultError::Damaged);
        };
        if fingerprint != self.fingerprint {
            return Err(VaultError::OtherKey(fingerprint.to_owned()));
        }
        let nonce: [u8; 12] = hex::decode(nonce).ok().and_then(|n| n.try_into().ok()).ok_or(VaultError::Damaged)?;
        let body = hex::decode(body).map_err(|_| VaultError::Damaged)?;
        let seed = self.cipher.decrypt(&Nonce::from(nonce), body.as_slice()).map_err(|_| VaultError::Damaged)?;
        seed.try_into().map_err(|_| VaultError::Damaged)
    }
}

pub(crate) fn random<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| VaultError::Random(e.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_opens_only_under_its_key() {
        let vault = KeyVault::new([1; 32]);
        let sealed = vault.seal(&[9; 32]).unwrap();
        assert!(!sealed.contains(&hex::encode([9u8; 32])), "the seed is not stored in the clear");
        assert_eq!(vault.open(&sealed).unwrap(), [9; 32]);
        assert!(matches!(KeyVault::new([2; 32]).open(&sealed), Err(VaultError::OtherKey(_))));
        let mut damaged = sealed.clone();
        damaged.pop();
        damaged.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert!(matches!(vault.open(&damaged), Err(VaultError::Damaged)));
    }
}
