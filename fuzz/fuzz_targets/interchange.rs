//! The interchange format (JSON Lines) from any bytes: records or line-numbered errors, never a
//! panic, and every error names a line that exists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(errors) = kyodo_domain::interchange::parse(&text) {
        let lines = text.lines().count().max(1);
        assert!(!errors.is_empty());
        assert!(
            errors.iter().all(|e| e.line >= 1 && e.line <= lines + 1),
            "a line that exists"
        );
    }
});
