//! 評価 (Action IV (2)): surveys first — built, run and answered here, counted by the database.

pub mod answering;
pub mod invitations;
pub mod surveys;
