use super::*;

fn at(position: i64) -> Mark {
    Mark {
        database: "db-1".into(),
        position,
        rebuild_request: 0,
    }
}

fn org(id: i64, name: &str, body: &str, municipality: &str, fields: Vec<u8>) -> Document {
    Document {
        kind: DocKind::Organization,
        id,
        org_id: id,
        org_name: name.into(),
        org_kind: Some(OrgKind::NpoCorporation),
        municipality: Some(municipality.into()),
        fields,
        sdgs: vec![],
        resources: vec![],
        direction: None,
        verified: false,
        title: name.into(),
        body: body.into(),
    }
}

fn listing(id: i64, org_id: i64, title: &str, resources: &[&str], direction: &str) -> Document {
    Document {
        kind: DocKind::Listing,
        id,
        org_id,
        org_name: "有限会社みかわ".into(),
        org_kind: Some(OrgKind::Company),
        municipality: Some("岩国市".into()),
        fields: vec![16],
        sdgs: vec![12],
        resources: resources.iter().map(|r| (*r).to_owned()).collect(),
        direction: Some(direction.into()),
        verified: false,
        title: title.into(),
        body: String::new(),
    }
}

fn index() -> SearchIndex {
    let i = SearchIndex::in_memory().unwrap();
    i.apply(
        &[
            (
                DocKind::Organization,
                1,
                Some(org(
                    1,
                    "くだまつ子ども食堂",
                    "地域の子どもに温かい食事を",
                    "下松市",
                    vec![13],
                )),
            ),
            (
                DocKind::Organization,
                2,
                Some(org(
                    2,
                    "認定NPO法人支えてねットワーク",
                    "ひきこもりの人と家族を支える。福祉",
                    "山口市",
                    vec![1],
                )),
            ),
            (
                DocKind::Organization,
                3,
                Some(org(
                    3,
                    "ＮＰＯ法人子育てひろば",
                    "子育て中の親子の居場所",
                    "岩国市",
                    vec![13],
                )),
            ),
            (
                DocKind::Listing,
                10,
                Some(listing(10, 4, "県産白瓜の買取", &["procurement"], "offer")),
            ),
        ],
        &at(7),
    )
    .unwrap();
    i
}

fn titles(r: &SearchResult) -> Vec<&str> {
    r.hits.iter().map(|h| h.title.as_str()).collect()
}

#[test]
fn japanese_words_of_any_length_are_found() {
    let i = index();
    assert_eq!(
        titles(&i.search("子ども食堂", &Filters::default(), 10, 0).unwrap()),
        ["くだまつ子ども食堂"]
    );
    assert_eq!(
        titles(&i.search("白瓜", &Filters::default(), 10, 0).unwrap()),
        ["県産白瓜の買取"]
    );
    assert_eq!(
        titles(&i.search("福祉", &Filters::default(), 10, 0).unwrap()),
        ["認定NPO法人支えてねットワーク"]
    );
    assert_eq!(
        i.search("瓜", &Filters::default(), 10, 0).unwrap().total,
        1,
        "one-character words too"
    );
    assert_eq!(
        i.search("支えてねットワーク", &Filters::default(), 10, 0)
            .unwrap()
            .total,
        1,
        "names a dictionary mis-splits"
    );
    assert_eq!(
        i.search("npo", &Filters::default(), 10, 0).unwrap().total,
        2,
        "full-width ＮＰＯ and half-width NPO are one"
    );
    assert_eq!(
        i.search("子ども 岩国", &Filters::default(), 10, 0).unwrap().total,
        0,
        "every word must match"
    );
    assert_eq!(i.position(), Some(7));
}

#[test]
fn filters_narrow_and_alone_list() {
    let i = index();
    let f = Filters {
        municipality: Some("下松市".into()),
        ..Default::default()
    };
    assert_eq!(i.search("子", &f, 10, 0).unwrap().total, 1);
    let f = Filters {
        field: Some(13),
        doc: Some(DocKind::Organization),
        ..Default::default()
    };
    assert_eq!(i.search("", &f, 10, 0).unwrap().total, 2);
    let f = Filters {
        resource: Some("procurement".into()),
        direction: Some("offer".into()),
        ..Default::default()
    };
    assert_eq!(titles(&i.search("", &f, 10, 0).unwrap()), ["県産白瓜の買取"]);
    assert_eq!(
        i.search("", &Filters::default(), 10, 0).unwrap().total,
        0,
        "no query, no filter: nothing"
    );
}

#[test]
fn hostile_queries_are_just_text() {
    let i = index();
    for q in [
        "\"",
        "*",
        ":",
        "(",
        "title:白瓜 OR *",
        "\u{0000}\u{0007}",
        &"あ".repeat(10_000),
    ] {
        assert!(i.search(q, &Filters::default(), 10, 0).is_ok(), "{q:?}");
    }
    assert_eq!(i.search("(白瓜)*", &Filters::default(), 10, 0).unwrap().total, 1);
}

#[test]
fn snippets_mark_the_matches() {
    let i = index();
    let r = i.search("食事", &Filters::default(), 10, 0).unwrap();
    assert!(
        r.hits[0].snippet.parts.contains(&("食事".to_owned(), true)),
        "{:?}",
        r.hits[0].snippet
    );
}

/// A snippet shows the body as written (full-width, upper case), matched through its normalised form.
#[test]
fn snippets_show_the_text_as_written() {
    let i = SearchIndex::in_memory().unwrap();
    let d = org(
        90,
        "ＮＰＯ法人あっと（山口市）",
        "ＣＳＲ報告書と Bay Tokyo の活動。ＮＰＯ法人あっと（山口市）",
        "山口市",
        vec![],
    );
    i.apply(&[(DocKind::Organization, 90, Some(d))], &at(1)).unwrap();
    let r = i.search("csr報告書", &Filters::default(), 10, 0).unwrap();
    let parts = &r.hits[0].snippet.parts;
    assert!(parts.contains(&("ＣＳＲ報告書".to_owned(), true)), "{parts:?}");
    let shown: String = parts.iter().map(|(s, _)| s.as_str()).collect();
    assert!(
        shown.contains("Bay Tokyo") && shown.contains("（山口市）"),
        "as written: {shown}"
    );
}

#[test]
fn changes_replace_and_delete() {
    let i = index();
    i.apply(
        &[(
            DocKind::Organization,
            1,
            Some(org(1, "くだまつ食堂", "大人も", "下松市", vec![])),
        )],
        &at(8),
    )
    .unwrap();
    assert_eq!(i.search("子ども食堂", &Filters::default(), 10, 0).unwrap().total, 0);
    assert_eq!(
        i.search("くだまつ", &Filters::default(), 10, 0).unwrap().total,
        1,
        "replaced, not duplicated"
    );
    i.apply(&[(DocKind::Organization, 1, None)], &at(9)).unwrap();
    assert_eq!(i.search("くだまつ", &Filters::default(), 10, 0).unwrap().total, 0);
    assert_eq!(i.position(), Some(9));
}

#[test]
fn a_damaged_index_is_replaced_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (i, opened) = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(opened, Opened::Created);
    i.apply(
        &[(DocKind::Organization, 1, Some(org(1, "会", "本文", "山口市", vec![])))],
        &at(3),
    )
    .unwrap();
    drop(i);
    let (i, opened) = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(
        (opened, i.position(), i.doc_count()),
        (Opened::Existing, Some(3), 1),
        "survives a restart"
    );
    assert_eq!(i.mark(), Some(at(3)), "the whole mark survives");
    drop(i);
    std::fs::write(dir.path().join("meta.json"), b"{ not json").unwrap();
    let (i, opened) = SearchIndex::open(dir.path()).unwrap();
    assert!(matches!(opened, Opened::Rebuilt(_)), "{opened:?}");
    assert_eq!((i.position(), i.doc_count()), (None, 0), "empty: the caller refills it");
}

/// A filled index on disk, closed, and the paths of its segment files.
fn filled_on_disk() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let (i, _) = SearchIndex::open(dir.path()).unwrap();
    let docs = (1..=50).map(|n| org(n, &format!("団体{n}"), "地域の子どもに温かい食事を", "山口市", vec![1]));
    i.replace_all(docs, &at(50)).unwrap();
    drop(i);
    let files = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            ["idx", "term", "store", "pos", "fast", "fieldnorm"].contains(&ext)
        })
        .collect();
    (dir, files)
}

#[test]
fn every_kind_of_damage_is_found_on_open_and_replaced() {
    type Damage = fn(&std::path::Path);
    let damages: [(&str, &str, Damage); 4] = [
        ("term", "missing", |p| std::fs::remove_file(p).unwrap()),
        ("store", "missing", |p| std::fs::remove_file(p).unwrap()),
        ("idx", "truncated", |p| {
            let len = std::fs::metadata(p).unwrap().len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .unwrap()
                .set_len(len / 2)
                .unwrap();
        }),
        ("store", "random bytes", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            let mid = bytes.len() / 2;
            for (k, b) in bytes[mid..].iter_mut().take(64).enumerate() {
                *b = b.wrapping_mul(31).wrapping_add(u8::try_from(k).unwrap()) ^ 0xa5;
            }
            std::fs::write(p, bytes).unwrap();
        }),
    ];
    for (ext, what, damage) in damages {
        let (dir, files) = filled_on_disk();
        let file = files
            .iter()
            .find(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
            .unwrap();
        damage(file);
        let (i, opened) = SearchIndex::open(dir.path()).unwrap();
        assert!(matches!(opened, Opened::Rebuilt(_)), "{ext} {what}: {opened:?}");
        assert_eq!(
            (i.mark(), i.doc_count()),
            (None, 0),
            "{ext} {what}: a fresh, empty index"
        );
        i.replace_all([org(1, "団体", "本文", "山口市", vec![])], &at(1))
            .unwrap();
        assert_eq!(i.search("団体", &Filters::default(), 10, 0).unwrap().total, 1);
    }
}

#[test]
fn the_ids_present_and_the_mark_are_readable() {
    let i = index();
    assert_eq!(
        i.ids(DocKind::Organization).unwrap(),
        [1, 2, 3].into_iter().collect::<HashSet<i64>>()
    );
    assert!(!i.ids(DocKind::Listing).unwrap().is_empty());
    i.apply(&[(DocKind::Organization, 2, None)], &at(12)).unwrap();
    assert_eq!(
        i.ids(DocKind::Organization).unwrap(),
        [1, 3].into_iter().collect::<HashSet<i64>>(),
        "a deleted document is gone"
    );
    let (dir, _) = filled_on_disk();
    let (_held, _) = SearchIndex::open(dir.path()).unwrap();
    let (mark, docs) = SearchIndex::peek(dir.path()).unwrap();
    assert_eq!((mark, docs), (Some(at(50)), 50), "read while another holds the writer");
}

#[test]
fn a_bare_position_from_an_earlier_version_is_no_mark() {
    assert_eq!(Mark::decode("42"), None);
    assert_eq!(Mark::decode(&at(7).encode()), Some(at(7)));
}

#[test]
fn complementary_listings_point_to_their_organisations() {
    let i = index();
    let wants = vec![(
        "need".to_owned(),
        vec!["procurement".to_owned()],
        "白瓜の買い手".to_owned(),
    )];
    assert_eq!(
        i.complementary_orgs(&wants, 10).unwrap(),
        [4],
        "the offer of 買取 answers the need"
    );
    let wants = vec![("offer".to_owned(), vec!["procurement".to_owned()], "白瓜".to_owned())];
    assert!(
        i.complementary_orgs(&wants, 10).unwrap().is_empty(),
        "an offer looks for needs, not offers"
    );
}

#[test]
fn facets_count_every_match_not_only_the_page() {
    let i = index();
    // 「子」 matches the two child organisations (下松市, 岩国市), both in field 13.
    let r = i.search("子", &Filters::default(), 1, 0).unwrap();
    assert_eq!((r.hits.len(), r.total), (1, 2));
    let facet = |name: &str| {
        r.facets
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.values.clone())
            .unwrap()
    };
    assert_eq!(facet("doc"), [("organization".to_owned(), 2)]);
    let mut towns = facet("municipality");
    towns.sort();
    assert_eq!(towns, [("下松市".to_owned(), 1), ("岩国市".to_owned(), 1)]);
    assert_eq!(facet("field"), [("13".to_owned(), 2)]);
    assert!(facet("resource").is_empty());
    // Listings carry resources and a direction.
    let r = i.search("白瓜", &Filters::default(), 10, 0).unwrap();
    let resource = r.facets.iter().find(|f| f.name == "resource").unwrap();
    assert_eq!(resource.values, [("procurement".to_owned(), 1)]);
    assert!(i.search("", &Filters::default(), 10, 0).unwrap().facets.is_empty());
}
