//! Password hashing with argon2id (m=19456 KiB, t=2, p=1: OWASP's recommended minimum).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on a blocking thread: argon2 is deliberately slow and must not stall the runtime.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = new_salt().map_err(|e| anyhow::anyhow!("{e}"))?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("{e}"))
    })
    .await?
}

/// Verifies on a blocking thread. With no stored hash (unknown account) a dummy hash is checked,
/// so the answer takes as long and does not reveal which addresses have accounts.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.with(Clone::clone));
        let ok = PasswordHash::new(&stored).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok());
        ok && known
    })
    .await
    .unwrap_or(false)
}

fn new_salt() -> argon2::password_hash::Result<SaltString> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    SaltString::encode_b64(&bytes)
}

thread_local! {
    static DUMMY: String = {
        new_salt()
            .and_then(|salt| argon2().hash_password(b"not a real password", &salt).map(|h| h.to_string()))
            .unwrap_or_default()
    };
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = super::hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(super::verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!super::verify("wrong horse battery".into(), Some(h)).await);
        assert!(!super::verify("not a real password".into(), None).await);
    }
}
