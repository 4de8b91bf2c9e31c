//! Robustness of everything that reads what people and files send: the interchange format, the
//! forms' parsers (listings, profiles, proposals, passwords). Any input at all gives a result or
//! field errors, never a panic, and whatever is accepted respects the limits.
//!
//! Generated inputs mix what real input holds: kana and kanji, full-width digits and letters,
//! combining marks, emoji, control characters, JSON punctuation. CI runs the default number of
//! cases; `PROPTEST_CASES=100000 cargo test -p kyodo-domain --test robustness` runs longer.

use kyodo_domain::account::Password;
use kyodo_domain::listing::{ListingInput, NewListing};
use kyodo_domain::organization::profile::{Profile, ProfileInput};
use kyodo_domain::proposal::ProposalInput;
use kyodo_domain::{interchange, text};
use proptest::prelude::*;

/// Text as people and files send it.
fn messy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("あ".to_owned()),
            Just("協働".to_owned()),
            Just("ｶﾀｶﾅ".to_owned()),
            Just("１２３".to_owned()),
            Just("Ａｂｃ".to_owned()),
            Just("\u{3099}".to_owned()),
            Just("👨‍👩‍👧".to_owned()),
            Just("\u{0}".to_owned()),
            Just("\r\n".to_owned()),
            Just("\t".to_owned()),
            Just("\u{202e}".to_owned()),
            Just("\"{}[],:".to_owned()),
            Just("-1".to_owned()),
            Just("99999999999999999999".to_owned()),
            Just("1,000".to_owned()),
            Just(" ".to_owned()),
            "[a-z0-9]{0,8}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn list() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(messy(), 0..6)
}

proptest! {
    #[test]
    fn the_interchange_format_reads_any_text_without_panicking(lines in proptest::collection::vec(messy(), 0..20)) {
        let input = lines.join("\n");
        if let Err(errors) = interchange::parse(&input) {
            let count = input.lines().count().max(1);
            for e in errors {
                prop_assert!(e.line >= 1 && e.line <= count + 1, "line {} of {count}", e.line);
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn json_looking_lines_are_read_or_refused_with_their_line(
        kind in prop_oneof![Just("organization"), Just("listing"), Just("?")],
        name in messy(), extra in messy()
    ) {
        let line = serde_json::json!({"type": kind, "external_id": extra, "kind": "npo_corporation", "name": name,
            "organization": extra, "direction": name, "title": name}).to_string();
        let input = format!("{line}\n{line}\n");
        if let Err(errors) = interchange::parse(&input) {
            prop_assert!(errors.iter().all(|e| e.line == 1 || e.line == 2));
        }
    }

    #[test]
    fn listing_forms_give_a_listing_or_field_errors(
        direction in messy(), resources in list(), title in messy(), description in messy(),
        municipality in messy(), fields in list(), sdgs in list(), status in messy()
    ) {
        let input = ListingInput { direction, resources, title, description, municipality, fields, sdgs, status };
        match NewListing::parse(&input) {
            Ok(l) => {
                prop_assert!(!l.title.trim().is_empty());
                prop_assert!(text::grapheme_len(&l.title) <= 100);
                prop_assert!(!l.title.contains('\u{0}'), "control characters are cleaned away");
            }
            Err(e) => prop_assert!(!e.0.is_empty()),
        }
    }

    #[test]
    fn profile_forms_give_a_profile_or_field_errors(
        kind in messy(), name in messy(), municipality in messy(), email in messy(), phone in messy(),
        website in messy(), founded in messy(), members in messy(), fields in list(), sdgs in list()
    ) {
        let input = ProfileInput { kind, name, municipality, email, phone, website, founded, members, fields, sdgs,
            ..ProfileInput::default() };
        match Profile::parse(&input) {
            Ok(p) => prop_assert!(!p.name.trim().is_empty()),
            Err(e) => prop_assert!(!e.0.is_empty()),
        }
    }

    #[test]
    fn proposal_forms_give_content_or_field_errors(
        title in messy(), purpose in messy(), kind in messy(),
        lines in proptest::collection::vec((messy(), messy(), messy(), messy()), 0..8)
    ) {
        let budget: Vec<serde_json::Value> = lines.iter()
            .map(|(c, i, q, u)| serde_json::json!({"category": c, "item": i, "quantity": q, "unit_price": u}))
            .collect();
        let raw = serde_json::json!({"title": title, "purpose": purpose, "collaboration_type": kind, "budget": budget,
            "targets": [{"what": title, "amount": purpose, "due": kind}]});
        let input: ProposalInput = serde_json::from_value(raw).unwrap();
        match input.parse() {
            Ok(c) => prop_assert!(!c.title.trim().is_empty()),
            Err(e) => prop_assert!(!e.0.is_empty()),
        }
    }

    #[test]
    fn any_password_is_judged_without_panicking(p in messy()) {
        if let Ok(ok) = Password::parse("password", &p, None) {
            prop_assert!(text::grapheme_len(ok.expose()) >= 10);
        }
    }
}
