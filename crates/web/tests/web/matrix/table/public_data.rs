//! What kyodo publishes for everyone: the statistics (already suppressed) and the open data
//! files (public fields only; the canary test reads them too); and the support centre's page.

use super::super::world::Who;
use super::{ALL, Mode, Mode::*, STAFF};

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
    // A centre's view of its area: coordinators and admins (the world's have no centre and are
    // told so); everyone else is refused.
    ("GET /centre", STAFF, Call),
];
