//! Access, decided once per resource. Every operation starts by asking one of these loaders; each
//! answers with the record and the actor's standing toward it, or `NotFound` for anyone to whom
//! the record must not exist. Deny by default: a standing grants only what its methods say.

mod collaboration;
mod organization;
mod proposal;

pub use collaboration::{CollabStanding, collaboration};
pub use organization::{OrgStanding, organization};
pub use proposal::{ProposalAccess, proposal};
