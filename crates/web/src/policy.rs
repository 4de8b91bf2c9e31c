//! Who may do what is decided in the application layer (`kyodo_app::access`); the pages not yet
//! moved behind it ask the same standing from here.

pub use kyodo_app::access::OrgStanding as Standing;
