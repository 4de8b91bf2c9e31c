//! What kyodo publishes for everyone: the statistics (already suppressed) and the open data
//! files (public fields only; the canary test reads them too).

use super::super::world::Who;
use super::{ALL, Mode, Mode::*};

pub const TABLE: &[(&str, &[Who], Mode)] = &[
    ("GET /statistics", ALL, Call),
    ("GET /statistics.csv", ALL, Call),
    ("GET /statistics.xlsx", ALL, Call),
    ("API GET /statistics", ALL, Call),
    ("API GET /statistics.csv", ALL, Call),
    ("API GET /statistics.xlsx", ALL, Call),
    ("GET /opendata", ALL, Call),
    ("GET /opendata/{file}", ALL, Call),
    ("API GET /opendata", ALL, Call),
    ("API GET /opendata/{file}", ALL, Call),
];
