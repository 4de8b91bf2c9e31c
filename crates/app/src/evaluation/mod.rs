//! 評価 (Action IV (2)): surveys built, run and answered here and counted by the database; the
//! evaluation sheet of each milestone with each party's own assessment; media coverage,
//! third-party opinions and outcomes with their evidence.

pub mod answering;
pub mod assessments;
pub mod invitations;
pub mod media;
pub mod opinions;
pub mod outcomes;
pub mod report;
pub mod sheets;
pub mod summary;
pub mod surveys;
pub mod waves;
