//! The catalog checked against the guide (facts counted and cross-checked).

use super::*;

#[test]
fn six_collaboration_types_in_the_guides_order() {
    let ids: Vec<_> = catalog().collaboration_types.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "cosponsorship",
            "committee",
            "business_cooperation",
            "commission",
            "grant",
            "endorsement"
        ]
    );
    for t in &catalog().collaboration_types {
        assert!(!t.overview.is_empty() && !t.advantages.is_empty() && !t.cautions.is_empty());
    }
    assert_eq!(
        catalog().collaboration_type("commission").map(|t| t.name.as_str()),
        Some("委託")
    );
}

#[test]
fn seven_civic_group_roles_and_nine_company_roles() {
    assert_eq!(catalog().roles.civic_group.len(), 7);
    assert_eq!(catalog().roles.company.len(), 9);
    assert_eq!(catalog().roles.company[4], "寄附金の提供");
}

#[test]
fn five_principles_and_five_collective_impact_conditions() {
    let names: Vec<_> = catalog().principles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["対等な関係", "相互理解", "相互自立", "目的の共有", "情報の公開"]
    );
    assert_eq!(catalog().collective_impact.conditions.len(), 5);
    assert_eq!(catalog().actions.len(), 4);
    assert_eq!(catalog().actions[3].evaluation_methods.len(), 7);
}

#[test]
fn outcome_lists_match_the_guide() {
    assert_eq!(catalog().outcomes.civic_group.len(), 10);
    assert_eq!(catalog().outcomes.company.len(), 5);
    assert_eq!(catalog().companies.motives.len(), 6);
    assert_eq!(catalog().civic_groups.challenges.len(), 6);
    assert_eq!(catalog().civic_groups.eligibility.len(), 3);
}

#[test]
fn nineteen_municipalities_and_ten_centres_each_in_one() {
    let c = catalog();
    assert_eq!(c.municipalities.len(), 19);
    assert_eq!(c.support_centers.len(), 10);
    for centre in &c.support_centers {
        assert!(
            c.is_yamaguchi_municipality(&centre.municipality),
            "{}",
            centre.municipality
        );
        assert!(centre.postal_code.len() == 8 && centre.postal_code.as_bytes()[3] == b'-');
        for e in &centre.email {
            assert!(email_address::EmailAddress::is_valid(e), "{e}");
        }
        if let Some(u) = &centre.url {
            assert!(url::Url::parse(u).is_ok(), "{u}");
        }
    }
    let without: Vec<_> = c
        .municipalities
        .iter()
        .filter(|m| matches!(c.center_for(&m.name), Some(CenterLookup::Nearest { .. })))
        .collect();
    assert_eq!(without.len(), 9);
}

#[test]
fn kudamatsu_is_served_by_the_nearest_centre_shunan() {
    match catalog().center_for("下松市") {
        Some(CenterLookup::Nearest { center, distance_km }) => {
            assert_eq!(center.municipality, "周南市");
            assert!(distance_km < 15.0);
        }
        other => panic!("expected the nearest centre, got {other:?}"),
    }
    assert!(matches!(catalog().center_for("山口市"), Some(CenterLookup::Own(c)) if c.name.contains("さぽらんて")));
    assert!(catalog().center_for("広島市").is_none());
}

#[test]
fn survey_single_answer_rows_sum_to_one_hundred() {
    let s = &catalog().survey;
    assert_eq!(s.npo_corporations + s.registered_groups, s.targets);
    // 435 / 973 = 44.7 %
    assert!((f64::from(s.answers) / f64::from(s.targets) * 100.0 - s.response_rate).abs() < 0.05);
    for table in &s.tables {
        for row in &table.rows {
            assert_eq!(row.values.len(), table.years.len(), "{}", row.label);
        }
        if !table.multiple {
            for year in 0..table.years.len() {
                let sum: f64 = table.rows.iter().map(|r| r.values[year]).sum();
                assert!((sum - 100.0).abs() < 0.05, "{} {}: {sum}", table.id, table.years[year]);
            }
        }
    }
}

#[test]
fn twenty_activity_fields_seventeen_sdgs_eleven_resources() {
    let c = catalog();
    assert_eq!(c.activity_fields.len(), 20);
    assert_eq!(c.activity_field(1), Some("保健・医療・福祉"));
    assert_eq!(c.activity_field(20), Some("条例で定める活動"));
    assert_eq!(c.activity_field(0), None);
    assert_eq!(c.sdgs.len(), 17);
    assert_eq!(c.sdg(17), Some("パートナーシップで目標を達成しよう"));
    let codes: Vec<_> = c.resources.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "funds",
            "people",
            "venue",
            "goods",
            "expertise",
            "publicity",
            "network",
            "planning",
            "service",
            "procurement",
            "information"
        ]
    );
    for r in &c.resources {
        assert!(["人", "モノ", "金", "情報"].contains(&r.group.as_str()));
    }
}

#[test]
fn three_case_studies_numbered_with_known_types() {
    let cases = &catalog().cases;
    assert_eq!(cases.iter().map(|c| c.number).collect::<Vec<_>>(), [1, 2, 3]);
    for c in cases {
        assert!(
            catalog().collaboration_type(&c.collaboration_type).is_some(),
            "{}",
            c.id
        );
        assert!(c.parties.len() >= 2 && !c.contents.is_empty() && !c.outcomes.is_empty());
    }
    assert!(cases[0].overview.contains("白瓜"));
}
