//! Random secrets (session ids, API tokens) and the hashes under which they are stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A personal access token: a recognisable prefix and a random secret.
pub fn new_api_token() -> String {
    format!("kyd_{}", random_secret())
}

/// What the database keeps: SHA-256 (the secrets are random, so no salt or stretching is needed).
pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The shown part of a token, to recognise it in a list.
pub fn display_prefix(token: &str) -> String {
    token.chars().take(10).collect()
}
