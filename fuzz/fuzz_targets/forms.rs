//! The forms' parsers from any text: a listing, a profile, a proposal (its JSON), a password.
//! Each gives a value or field errors, never a panic, and an accepted value keeps the limits.
#![no_main]

use kyodo_domain::account::Password;
use kyodo_domain::listing::{ListingInput, NewListing};
use kyodo_domain::organization::profile::{Profile, ProfileInput};
use kyodo_domain::proposal::ProposalInput;
use kyodo_domain::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    // Fields separated by the unit separator, as many as the input has.
    let f: Vec<String> = raw.split('\u{1f}').map(str::to_owned).collect();
    let at = |i: usize| f.get(i).cloned().unwrap_or_default();
    let list = |i: usize| at(i).split(',').map(str::to_owned).collect::<Vec<_>>();
    let listing = ListingInput {
        direction: at(0),
        resources: list(1),
        title: at(2),
        description: at(3),
        municipality: at(4),
        fields: list(5),
        sdgs: list(6),
        status: at(7),
    };
    match NewListing::parse(&listing) {
        Ok(l) => assert!(!l.title.trim().is_empty() && text::grapheme_len(&l.title) <= 100),
        Err(e) => assert!(!e.0.is_empty()),
    }
    let profile = ProfileInput {
        kind: at(0),
        name: at(1),
        municipality: at(2),
        email: at(3),
        phone: at(4),
        website: at(5),
        founded: at(6),
        members: at(7),
        fields: list(8),
        sdgs: list(9),
        ..ProfileInput::default()
    };
    match Profile::parse(&profile) {
        Ok(p) => assert!(!p.name.trim().is_empty()),
        Err(e) => assert!(!e.0.is_empty()),
    }
    if let Ok(input) = serde_json::from_str::<ProposalInput>(&raw) {
        match input.parse() {
            Ok(c) => assert!(!c.title.trim().is_empty()),
            Err(e) => assert!(!e.0.is_empty()),
        }
    }
    let _ = Password::parse("password", &raw, None);
});
