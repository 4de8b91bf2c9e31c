//! Robustness of the national NPO registry reader: any bytes as a ZIP, any bytes as CP932, and
//! any rows under the published header give records or `LINE: message` errors, never a panic.
//! `PROPTEST_CASES=100000 cargo test -p kyodo-import --test robustness` runs longer.

use kyodo_import::npo_portal::{self, HEADER, Options};
use proptest::prelude::*;

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("特定非営利活動法人やまぐち".to_owned()),
        Just("山口県山口市滝町1-1".to_owned()),
        Just("山口県".to_owned()),
        Just("平成１５年４月１日".to_owned()),
        Just("令和3年2月30日".to_owned()),
        Just("2021/13/01".to_owned()),
        Just("8250005012345".to_owned()),
        Just("\"".to_owned()),
        Just("a,b".to_owned()),
        Just("\r\n".to_owned()),
        any::<String>(),
    ]
}

fn options() -> Options {
    Options {
        prefecture: Some("山口県".into()),
        today: time::macros::date!(2026 - 12 - 01),
    }
}

proptest! {
    #[test]
    fn any_bytes_are_unpacked_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = npo_portal::unpack(&bytes);
        let mut zip_like = b"PK\x03\x04".to_vec();
        zip_like.extend(&bytes);
        let _ = npo_portal::unpack(&zip_like);
    }

    #[test]
    fn any_bytes_are_decoded_or_refused_with_a_line(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Err(e) = npo_portal::decode(&bytes) {
            prop_assert!(e.line >= 1);
        }
    }

    #[test]
    fn any_rows_under_the_header_give_records_or_line_errors(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..(HEADER.len() + 2)), 0..6)
    ) {
        let quote = |c: &String| format!("\"{}\"", c.replace('"', "\"\""));
        let mut text = HEADER.join(",");
        for r in &rows {
            text.push('\n');
            text.push_str(&r.iter().map(quote).collect::<Vec<_>>().join(","));
        }
        match npo_portal::parse(&text, &options()) {
            Ok(parsed) => prop_assert!(parsed.records.len() <= rows.len()),
            Err(errors) => {
                prop_assert!(!errors.is_empty() && errors.len() <= 100);
                prop_assert!(errors.iter().all(|e| e.line >= 1 && !e.message.is_empty()));
            }
        }
    }
}
