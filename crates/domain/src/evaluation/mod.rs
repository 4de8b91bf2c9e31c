//! 評価 (the guide's Action IV (2)): evaluating a collaboration with the methods agreed before it
//! started. Surveys of beneficiaries, members and volunteers come first.

pub mod survey;
