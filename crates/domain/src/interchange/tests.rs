use super::*;

const GUIDE_CASES: &str = include_str!("../../../../demo/guide-cases.jsonl");

#[test]
fn the_guides_three_cases_parse() {
    let parsed = parse(GUIDE_CASES).expect("guide cases are valid");
    let orgs = parsed
        .records
        .iter()
        .filter(|(_, r)| matches!(r, Record::Organization(_)))
        .count();
    assert_eq!(orgs, 6);
    assert_eq!(parsed.records.len(), 6 + 12);
    assert!(parsed.external_refs.is_empty());
}

#[test]
fn lines_round_trip_through_to_line() {
    let parsed = parse(GUIDE_CASES).unwrap();
    let text: String = parsed.records.iter().map(|(_, r)| to_line(r) + "\n").collect();
    let again = parse(&text).unwrap();
    let a: Vec<_> = parsed.records.iter().map(|(_, r)| r.clone()).collect();
    let b: Vec<_> = again.records.iter().map(|(_, r)| r.clone()).collect();
    assert_eq!(a, b);
}

#[test]
fn errors_carry_line_numbers_and_name_the_problem() {
    let input = concat!(
        "# comment\n",
        "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"Ａ社\"}\n",
        "\n",
        "{\"type\":\"listing\",\"external_id\":\"L-9\",\"organization\":\"A\",\"direction\":\"offer\",\"resources\":[\"money\"],\"title\":\"t\"}\n",
        "{\"type\":\"organization\",\"external_id\":\"B\",\"kind\":\"company\",\"name\":\"B\",\"colour\":\"red\"}\n",
        "{\"type\":\"organization\",\"external_id\":\"C\",\"kind\":\"company\",\"name\":\"C\",\"municipality\":\"広島市\"}\n",
        "not json\n",
    );
    let errors = parse(input).unwrap_err();
    let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 5, 6, 7]);
    assert!(
        errors[0].message.contains("unknown resource code \"money\""),
        "{}",
        errors[0].message
    );
    assert!(errors[1].message.contains("unknown key \"colour\""));
    assert!(errors[2].message.contains("広島市"));
}

#[test]
fn full_width_codes_and_numbers_are_normalised() {
    let input = "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"ｃｏｍｐａｎｙ\",\"name\":\"A\",\"members\":\"１２３\",\"fields\":[\"１６\"]}";
    let parsed = parse(input).unwrap();
    let Record::Organization(o) = &parsed.records[0].1 else {
        panic!()
    };
    assert_eq!(
        (o.kind, o.members, o.fields.as_slice()),
        (OrgKind::Company, Some(123), &[16u8][..])
    );
}

#[test]
fn duplicate_ids_and_outside_references() {
    let input = concat!(
        "{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"A\"}\n",
        "{\"type\":\"listing\",\"external_id\":\"L\",\"organization\":\"Z\",\"direction\":\"need\",\"resources\":[\"funds\"],\"title\":\"t\"}\n",
    );
    let parsed = parse(input).unwrap();
    assert_eq!(parsed.external_refs, [(2, "Z".to_owned())]);
    let dup =
        format!("{input}{{\"type\":\"organization\",\"external_id\":\"A\",\"kind\":\"company\",\"name\":\"A2\"}}\n");
    assert_eq!(parse(&dup).unwrap_err()[0].line, 3);
}

#[test]
fn partial_dates() {
    for ok in ["2004", "2004-03", "2015-03-09"] {
        assert!(valid_partial_date(ok), "{ok}");
    }
    for bad in ["04", "2004-13", "2015-02-30", "2015/03/09", "x"] {
        assert!(!valid_partial_date(bad), "{bad}");
    }
}
