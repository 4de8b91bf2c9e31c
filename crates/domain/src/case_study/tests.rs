use super::*;

fn facts() -> CaseFacts {
    CaseFacts {
        title: "うりうり基金プロジェクト".into(),
        theme: "耕作放棄地で白瓜を育てる".into(),
        field: "福祉".into(),
        collaboration_type: "事業協力".into(),
        period: "令和8年（2026年）4月〜令和9年（2027年）3月".into(),
        year: Some(2026),
        resources: vec!["goods".into(), "procurement".into()],
        summary: "白瓜を育て、奈良漬の原料として買い取ってもらいます。".into(),
        parties: vec![
            PartyFacts {
                name: "認定NPO法人支えてねットワーク".into(),
                kind: "NPO法人".into(),
                municipality: "山口市".into(),
                roles: vec!["苗の配布".into(), "生産・出荷・販売".into()],
                gained: vec!["活動資金".into(), "就労体験の場".into()],
            },
            PartyFacts {
                name: "有限会社みかわ".into(),
                kind: "企業".into(),
                municipality: "岩国市".into(),
                roles: vec!["白瓜の買い取り".into()],
                gained: vec!["原料の確保".into()],
            },
        ],
    }
}

#[test]
fn a_draft_holds_every_section_from_the_facts_and_parses() {
    let input = CaseStudyInput::prefill(&facts());
    assert_eq!(input.parties[0].did, "・苗の配布\n・生産・出荷・販売");
    assert_eq!(input.parties[1].gained, "・原料の確保");
    assert!(input.key_persons.is_empty(), "a person's words are never drafted");
    let case = input.parse().unwrap();
    assert_eq!((case.parties.len(), case.field.as_str()), (2, "福祉"));
    assert_eq!(case.to_input().parse().unwrap(), case, "read back as written");
}

#[test]
fn refusals_name_their_field_and_blank_rows_are_left_out() {
    let mut input = CaseStudyInput::prefill(&facts());
    input.parties[1].did = String::new();
    input.parties.push(CasePartyInput::default());
    input.key_persons.push(KeyPersonInput {
        name: "上村 早苗".into(),
        ..Default::default()
    });
    let e = input.parse().unwrap_err();
    assert!(e.for_field("parties[1].did").is_some());
    assert!(e.for_field("key_persons[0].words").is_some() && e.for_field("key_persons[0].organization").is_some());
    assert!(e.for_field("parties[2].name").is_none(), "an empty row is not an error");
    let mut one = CaseStudyInput::prefill(&facts());
    one.parties.truncate(1);
    assert_eq!(one.parse().unwrap_err().for_field("parties").unwrap().code, "too_few");
}

#[test]
fn published_only_while_every_owner_approved_this_version_and_every_key_person_consented() {
    let mut input = CaseStudyInput::prefill(&facts());
    input.key_persons.push(KeyPersonInput {
        name: "上村 早苗".into(),
        role: "理事長".into(),
        organization: "認定NPO法人支えてねットワーク".into(),
        words: "地域の力で白瓜が育ちました。".into(),
        consented: false,
    });
    let case = input.parse().unwrap();
    let d = "digest-1".to_owned();
    let both = [(1, d.clone()), (2, d.clone())];
    let p = Publication {
        parties: &[1, 2],
        approvals: &both,
    };
    assert!(!p.published(&d, &case), "the key person has not consented");
    assert_eq!(case.blockers().len(), 1);
    let mut consented = case.clone();
    consented.key_persons[0].consented = true;
    assert!(p.published(&d, &consented));
    assert!(!p.published("digest-2", &consented), "a changed version asks again");
    let one = [(1, d.clone()), (2, "digest-0".to_owned())];
    let p = Publication {
        parties: &[1, 2],
        approvals: &one,
    };
    assert!(
        !p.published(&d, &consented),
        "an approval of an earlier version does not count"
    );
    assert_eq!(p.waiting(&d), vec![2]);
    let p = Publication {
        parties: &[],
        approvals: &[],
    };
    assert!(!p.published(&d, &consented), "nobody to approve: never public");
    assert_ne!(
        case.fingerprint(),
        consented.fingerprint(),
        "consent is part of what is approved"
    );
}

#[test]
fn the_year_and_resources_are_checked() {
    let mut input = CaseStudyInput::prefill(&facts());
    input.year = "２０２６年".into();
    input.resources.push("goods".into());
    let case = input.parse().unwrap();
    assert_eq!(
        (case.year, case.resources.clone()),
        (Some(2026), vec!["goods".to_owned(), "procurement".to_owned()])
    );
    input.year = "昔".into();
    input.resources.push("gold".into());
    let e = input.parse().unwrap_err();
    assert!(e.for_field("year").is_some() && e.for_field("resources").is_some());
}

mod library_rules {
    use super::super::library::*;
    use super::*;

    fn published() -> LibraryCase {
        LibraryCase::from_study(7, &CaseStudyInput::prefill(&facts()).parse().unwrap())
    }

    #[test]
    fn the_guides_four_cases_are_there_with_kinds_and_towns() {
        let g = LibraryCase::guide();
        assert_eq!(g.len(), 4, "事例1–3 and 若者UP (参考2)");
        assert!(g.iter().all(LibraryCase::is_guide));
        assert_eq!(g[0].kinds(), ["認定NPO法人", "企業", "任意団体"]);
        assert_eq!(g[2].municipalities(), ["防府市", "山口市"]);
        assert_eq!(g[3].href(), "/guide/collective-impact");
        assert_eq!(g[3].year, Some(2010));
    }

    #[test]
    fn filters_combine_and_each_value_links_to_the_list_filtered_by_it() {
        let mut all = LibraryCase::guide();
        all.push(published());
        let f = CaseFilter {
            kind: "企業".into(),
            municipality: "山口市".into(),
            ..Default::default()
        };
        let listed: Vec<&LibraryCase> = all.iter().filter(|c| f.admits(c)).collect();
        let titles: Vec<&str> = listed.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles.len(), 4, "{titles:?}");
        let f = CaseFilter {
            resource: "procurement".into(),
            year: "2026".into(),
            ..Default::default()
        };
        let listed: Vec<&LibraryCase> = all.iter().filter(|c| f.admits(c)).collect();
        assert_eq!(listed.len(), 1, "only kyodo's case has both");
        let facets = facets(&listed, &f);
        let year = facets.iter().find(|x| x.key == "year").unwrap();
        assert_eq!(year.values[0].label, "令和8年（2026年）");
        assert!(year.values[0].chosen);
        assert_eq!(
            year.values[0].href, "/cases?resource=procurement",
            "a chosen value's link clears it"
        );
        let kind = facets.iter().find(|x| x.key == "kind").unwrap();
        assert_eq!(
            kind.values.iter().map(|v| v.href.as_str()).collect::<Vec<_>>(),
            [
                "/cases?kind=NPO%E6%B3%95%E4%BA%BA&year=2026&resource=procurement",
                "/cases?kind=%E4%BC%81%E6%A5%AD&year=2026&resource=procurement"
            ]
        );
        assert_eq!(f.chosen().len(), 2);
    }

    #[test]
    fn related_cases_share_the_field_or_type_and_more_and_never_the_case_itself() {
        let mut all = LibraryCase::guide();
        all.push(published());
        let me = all.last().unwrap().clone();
        let rel = related(&me, &all, 3);
        assert_eq!(
            rel[0].title, all[0].title,
            "うりうり: same field (福祉), kinds and resources"
        );
        assert!(rel.iter().all(|c| c.source != me.source));
        let like = like(&all, "環境の保全", "", &["企業"], &[], 2);
        assert!(
            like.is_empty(),
            "a town's word alone is not alike: 環境保全 ≠ 環境の保全, one kind is not enough"
        );
        let like = super::super::library::like(&all, "環境保全", "事業協力・事業協定", &[], &[], 2);
        assert_eq!(like[0].title, all[2].title);
    }
}
