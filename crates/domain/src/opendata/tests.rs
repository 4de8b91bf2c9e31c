use super::*;

#[test]
fn every_municipality_code_carries_its_check_digit() {
    assert_eq!(check_digit("35201"), Some(2));
    assert_eq!(check_digit("13101"), Some(6), "千代田区 131016");
    for m in &catalog().municipalities {
        assert_eq!(m.code.len(), 6, "{}", m.name);
        assert_eq!(
            check_digit(&m.code[..5]).map(|d| d.to_string()),
            Some(m.code[5..].to_owned()),
            "{}",
            m.name
        );
        assert!(m.code.starts_with("35"), "{} is in 山口県", m.name);
    }
    assert_eq!(local_government_code(Some("山口市")), "352039");
    assert_eq!(
        local_government_code(Some("千代田区")),
        "",
        "unknown: empty, never guessed"
    );
}

#[test]
fn a_corporate_number_only_from_the_registry_id() {
    assert_eq!(corporate_number(Some("npo:1250005001234")), "1250005001234");
    assert_eq!(corporate_number(Some("st-1")), "");
    assert_eq!(corporate_number(Some("npo:12")), "");
}

#[test]
fn rows_follow_their_codebooks() {
    let o = OpenOrganization {
        id: 7,
        external_id: Some("npo:1250005001234".into()),
        kind: "npo_corporation".into(),
        name: "NPO法人テスト".into(),
        prefecture: "山口県".into(),
        municipality: Some("周南市".into()),
        fields: vec![1, 13],
        sdgs: vec![2, 12],
        ..OpenOrganization::default()
    };
    let row = organization_row(&o, "https://kyodo.example.jp");
    assert_eq!(row.len(), Dataset::Organizations.columns().len());
    let at = |key: &str| {
        row[Dataset::Organizations
            .columns()
            .iter()
            .position(|c| c.key == key)
            .unwrap()]
        .clone()
    };
    assert_eq!(at("local_government_code"), "352152");
    assert_eq!(at("fields"), "保健・医療・福祉；子どもの健全育成");
    assert_eq!(at("sdgs"), "2;12");
    assert_eq!(at("url"), "https://kyodo.example.jp/organizations/7");
    let l = OpenListing {
        id: 3,
        direction: "need".into(),
        resources: vec!["goods".into()],
        ..OpenListing::default()
    };
    assert_eq!(listing_row(&l, "").len(), Dataset::Listings.columns().len());
    for c in crate::case_study::library::LibraryCase::guide() {
        assert_eq!(case_row(&c, "").len(), Dataset::Cases.columns().len());
    }
    assert_eq!(
        Dataset::Statistics.columns().len(),
        crate::statistics::export::HEADER.len()
    );
}
