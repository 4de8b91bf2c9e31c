//! The national NPO registry's download from any bytes: unpacked (ZIP), decoded (CP932) and read
//! (CSV) or refused with a reason, never a panic.
#![no_main]

use kyodo_import::npo_portal::{self, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        prefecture: Some("山口県".into()),
        today: time::macros::date!(2026 - 12 - 01),
    };
    let Ok(bytes) = npo_portal::unpack(data) else { return };
    let Ok(text) = npo_portal::decode(&bytes) else { return };
    let _ = npo_portal::parse(&text, &options);
});
