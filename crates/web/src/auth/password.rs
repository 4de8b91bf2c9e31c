//! Password hashing lives in the application layer (`kyodo_app::accounts::password`).

pub use kyodo_app::accounts::password::{hash, verify};
