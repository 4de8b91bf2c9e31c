use proptest::prelude::*;

use super::*;

fn towns() -> Vec<String> {
    ["下関市", "宇部市", "山口市"].map(String::from).to_vec()
}

fn group(town: &str, collaborated: bool) -> OrgFacts {
    OrgFacts {
        municipality: Some(town.into()),
        company_collaborations: if collaborated {
            vec![CollaborationFact {
                year: 2026,
                collaboration_type: Some("business_cooperation".into()),
                roles: vec!["k5".into(), "c5".into()],
            }]
        } else {
            Vec::new()
        },
        ..OrgFacts::default()
    }
}

fn shown(count: u32, percent: f64) -> Cell {
    Cell::Shown {
        count,
        percent: Some(percent),
    }
}

#[test]
fn the_share_with_a_company_collaboration_and_what_it_was() {
    let mut groups: Vec<OrgFacts> = (0..12).map(|i| group("下関市", i < 6)).collect();
    groups.extend((0..10).map(|i| group("宇部市", i < 5)));
    let s = compute(&groups, &towns(), 1_800_000_000);
    let e = s.figure("experience").unwrap();
    assert_eq!(
        e.all.base,
        Cell::Shown {
            count: 22,
            percent: None
        }
    );
    assert_eq!(e.all.cells, [shown(11, 50.0), shown(11, 50.0)]);
    assert_eq!(
        e.municipalities.iter().map(|b| b.key.as_str()).collect::<Vec<_>>(),
        ["下関市", "宇部市"],
        "towns with no group are left out"
    );
    assert_eq!(e.years[0].label, "2026年度（令和8年度）");
    let c = s.figure("content").unwrap();
    assert_eq!(
        c.all.base,
        Cell::Shown {
            count: 11,
            percent: None
        },
        "among those with one"
    );
    assert_eq!(c.all.cells[0], shown(11, 100.0), "事業協力 is 企業とともに事業を実施");
    assert_eq!(c.all.cells[1], Cell::NotCollected, "kyodo cannot know 会員としての加入");
    assert_eq!(c.all.cells[2], shown(11, 100.0), "k5 is money received");
    assert_eq!(c.all.cells[6], shown(11, 100.0), "c5 is advice to the company");
    assert_eq!(
        c.all.cells[3],
        Cell::Shown {
            count: 0,
            percent: Some(0.0)
        },
        "0 names no one and is shown"
    );
}

#[test]
fn a_track_record_counts_only_when_it_names_a_company() {
    assert!(names_company("株式会社丸久"));
    assert!(names_company("㈱山口銀行"));
    assert!(!names_company("山口市社会福祉協議会"));
    let mut groups: Vec<OrgFacts> = (0..10).map(|_| group("山口市", false)).collect();
    for g in groups.iter_mut().take(5) {
        g.track_records.push((Some(2019), "株式会社丸久".into()));
    }
    groups[9].track_records.push((Some(2019), "市の公民館".into()));
    let e = compute(&groups, &towns(), 0).figure("experience").unwrap().clone();
    assert_eq!(e.all.cells[0], shown(5, 50.0));
    assert_eq!(e.years[0].key, "2019");
}

#[test]
fn small_slices_are_hidden_and_cannot_be_worked_out() {
    // 下関市 has 3 groups: hidden. 宇部市 could then be worked out from the total, so it is
    // hidden too; 山口市 is large enough to stand.
    let mut groups: Vec<OrgFacts> = (0..3).map(|_| group("下関市", true)).collect();
    groups.extend((0..6).map(|i| group("宇部市", i < 5)));
    groups.extend((0..20).map(|i| group("山口市", i < 10)));
    let e = compute(&groups, &towns(), 0).figure("experience").unwrap().clone();
    let town = |k: &str| e.municipalities.iter().find(|b| b.key == k).unwrap().clone();
    assert_eq!(town("下関市").base, Cell::Suppressed);
    assert!(town("下関市").cells.iter().all(|c| *c == Cell::Suppressed));
    assert_eq!(town("宇部市").base, Cell::Suppressed, "a second hidden base");
    assert_eq!(town("山口市").cells, [shown(10, 50.0), shown(10, 50.0)]);
    // 宇部市 alone: 5 with one and 1 without. The 1 is small, and hiding it alone would leave it
    // as base minus 5: both are hidden.
    let groups: Vec<OrgFacts> = (0..6)
        .map(|i| group("宇部市", i < 5))
        .chain((0..10).map(|_| group("山口市", true)))
        .collect();
    let e = compute(&groups, &towns(), 0).figure("experience").unwrap().clone();
    assert_eq!(
        e.all.cells,
        [Cell::Suppressed, Cell::Suppressed],
        "complementary cells go together"
    );
}

#[test]
fn challenges_come_from_the_worksheet_ratings() {
    let mut groups: Vec<OrgFacts> = (0..8).map(|_| group("山口市", false)).collect();
    for (i, g) in groups.iter_mut().enumerate() {
        g.challenges.insert(0, if i < 6 { 3 } else { 1 });
        g.challenges.insert(3, 2);
    }
    let c = compute(&groups, &towns(), 0).figure("challenges").unwrap().clone();
    assert_eq!(
        c.all.base,
        Cell::Shown {
            count: 8,
            percent: None
        }
    );
    assert_eq!(c.all.cells[0], shown(6, 75.0));
    assert_eq!(c.all.cells[3], shown(8, 100.0));
    assert_eq!(c.all.cells[6], Cell::NotCollected);
    assert!(c.years.is_empty(), "ratings have no year");
}

fn arb_group() -> impl Strategy<Value = OrgFacts> {
    (
        0usize..4,
        proptest::collection::vec((2015i32..2027, 0usize..6), 0..3),
        any::<bool>(),
    )
        .prop_map(|(t, work, rec)| {
            let towns = ["下関市", "宇部市", "山口市", "東京都"];
            let types = [
                "business_cooperation",
                "grant",
                "commission",
                "endorsement",
                "committee",
                "cosponsorship",
            ];
            OrgFacts {
                municipality: Some(towns[t].into()),
                company_collaborations: work
                    .iter()
                    .map(|(y, k)| CollaborationFact {
                        year: *y,
                        collaboration_type: Some(types[*k].into()),
                        roles: vec![format!("k{}", k + 1)],
                    })
                    .collect(),
                track_records: if rec {
                    vec![(Some(2020), "株式会社A".into())]
                } else {
                    Vec::new()
                },
                needs: work.iter().map(|(y, _)| (*y, vec!["funds".into()])).collect(),
                challenges: BTreeMap::new(),
            }
        })
}

use std::collections::BTreeMap;

proptest! {
    /// However the groups fall, no published cell counts 1–4 organisations, and no column of
    /// the municipalities has exactly one hidden cell.
    #[test]
    fn no_published_cell_identifies_a_group(groups in proptest::collection::vec(arb_group(), 0..60)) {
        let s = compute(&groups, &towns(), 0);
        for f in &s.figures {
            let slices = std::iter::once(&f.all).chain(&f.municipalities).chain(&f.years);
            for b in slices {
                for c in std::iter::once(&b.base).chain(&b.cells) {
                    if let Some(n) = c.count() {
                        prop_assert!(n == 0 || n >= MIN_CELL, "{} {}: {n}", f.id, b.label);
                    }
                }
            }
            let columns = f.categories.len();
            for j in 0..columns {
                let hidden = f.municipalities.iter().filter(|b| b.cells[j] == Cell::Suppressed).count();
                prop_assert!(hidden != 1 || f.all.cells[j] == Cell::Suppressed, "{} column {j}", f.id);
            }
            let hidden = f.municipalities.iter().filter(|b| b.base == Cell::Suppressed).count();
            prop_assert!(hidden != 1 || f.all.base == Cell::Suppressed);
        }
    }
}
