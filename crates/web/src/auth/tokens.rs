//! Random secrets (session ids, API tokens) and the hashes under which they are stored: one
//! implementation, in the application layer.

pub use kyodo_app::tokens::{hash, random_secret};
