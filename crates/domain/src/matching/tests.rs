use super::*;
use crate::interchange::{self, Record};

/// Parties from an interchange file (all listings open, nobody verified).
pub(crate) fn parties(text: &str) -> (Vec<Party>, Vec<String>) {
    let parsed = interchange::parse(text).expect("valid interchange");
    let mut parties: Vec<Party> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (_, r) in &parsed.records {
        if let Record::Organization(o) = r {
            ids.push(o.external_id.clone());
            let profile_text = [
                o.mission.clone(),
                o.activities.clone(),
                o.csr_policy.clone(),
                Some(o.strengths.join(" ")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            parties.push(Party {
                id: i64::try_from(ids.len()).unwrap_or(0),
                kind: o.kind,
                name: o.name.clone(),
                municipality: o.municipality.clone(),
                fields: o.fields.clone(),
                sdgs: o.sdgs.clone(),
                profile_text,
                listings: Vec::new(),
                disclosure_level: 2,
                verified: false,
            });
        }
    }
    for (line, r) in &parsed.records {
        if let Record::Listing(l) = r {
            let i = ids.iter().position(|id| *id == l.organization).unwrap_or(0);
            parties[i].listings.push(ListingFacts {
                id: i64::try_from(*line).unwrap_or(0),
                direction: l.direction,
                resources: l.resources.clone(),
                title: l.title.clone(),
                description: l.description.clone(),
            });
        }
    }
    (parties, ids)
}

const GUIDE_CASES: &str = include_str!("../../../../demo/guide-cases.jsonl");

#[test]
fn each_of_the_guides_cases_finds_its_partner_first_in_both_directions() {
    let (parties, ids) = parties(GUIDE_CASES);
    let u = Universe::new(&parties);
    for (a, b) in [
        ("case1-sasaete", "case1-mikawa"),
        ("case2-atto", "case2-baytokyo"),
        ("case3-foodbank", "case3-marukyu"),
    ] {
        for (seeker, partner) in [(a, b), (b, a)] {
            let s = ids.iter().position(|i| i == seeker).unwrap();
            let p = ids.iter().position(|i| i == partner).unwrap();
            let top = u.matches(s, &[], 5);
            assert_eq!(
                top[0].id, parties[p].id,
                "{seeker} should find {partner} first: {top:#?}"
            );
        }
    }
}

#[test]
fn reasons_name_the_listings_both_benefits_and_a_type_with_its_caution() {
    let (parties, ids) = parties(GUIDE_CASES);
    let u = Universe::new(&parties);
    let s = ids.iter().position(|i| i == "case1-sasaete").unwrap();
    let top = &u.matches(s, &[OrgKind::Company], 1)[0];
    let all = top.reasons.join("\n");
    assert!(
        all.contains(
            "貴団体の『活動財源と就労体験の場』（ニーズ）に、有限会社みかわの『県産白瓜の買取』（提供）が応えます"
        ),
        "{all}"
    );
    assert!(all.contains("有限会社みかわの『奈良漬の原料となる白瓜を安定して確保したい』（ニーズ）に、貴団体の『耕作放棄地で育てた白瓜の供給』（提供）が応えます"), "{all}");
    assert!(all.contains("win-win"));
    assert!(all.contains("貴団体にとって：取引先が増える"), "{all}");
    assert!(all.contains("有限会社みかわにとって：商品の差別化ができる"), "{all}");
    assert_eq!(top.suggested_type, Some(CollaborationType::BusinessCooperation));
}

#[test]
fn the_kind_filter_and_self_exclusion_hold() {
    let (parties, ids) = parties(GUIDE_CASES);
    let u = Universe::new(&parties);
    let s = ids.iter().position(|i| i == "case3-marukyu").unwrap();
    let found = u.matches(s, &[OrgKind::NpoCorporation, OrgKind::CertifiedNpo], 10);
    assert!(found.iter().all(|c| c.id != parties[s].id));
    assert!(found.iter().all(|c| {
        parties
            .iter()
            .find(|p| p.id == c.id)
            .is_some_and(|p| p.kind.is_civic_group())
    }));
}

/// hit@1, hit@3 and MRR of `partner` among the candidates for `seeker`, over a judged set.
fn judged_metrics(text: &str) -> (usize, f64, f64, f64, Vec<String>) {
    let (parties, ids) = parties(text);
    let u = Universe::new(&parties);
    let (mut hit1, mut hit3, mut rr, mut n, mut misses) = (0usize, 0usize, 0.0f64, 0usize, Vec::new());
    for (i, id) in ids.iter().enumerate() {
        let Some(base) = id.strip_suffix("-a").or_else(|| id.strip_suffix("-b")) else {
            continue;
        };
        let other = if id.ends_with("-a") {
            format!("{base}-b")
        } else {
            format!("{base}-a")
        };
        let Some(p) = ids.iter().position(|x| *x == other) else {
            continue;
        };
        let ranked = u.matches(i, &[], 50);
        let rank = ranked.iter().position(|c| c.id == parties[p].id).map(|r| r + 1);
        n += 1;
        match rank {
            Some(1) => {
                hit1 += 1;
                hit3 += 1;
                rr += 1.0;
            }
            Some(r) => {
                if r <= 3 {
                    hit3 += 1;
                }
                rr += 1.0 / r as f64;
                misses.push(format!("{} → {} at rank {r}", parties[i].name, parties[p].name));
            }
            None => misses.push(format!("{} → {} not found", parties[i].name, parties[p].name)),
        }
    }
    let nf = n as f64;
    (n, hit1 as f64 / nf, hit3 as f64 / nf, rr / nf, misses)
}

#[test]
fn the_judged_set_finds_partners_in_the_top_three_both_ways() {
    let text = format!("{}{}", include_str!("../../../../demo/judged-set.jsonl"), GUIDE_CASES);
    let (n, hit1, hit3, mrr, misses) = judged_metrics(&text);
    println!("judged set: {n} directed cases, hit@1 {hit1:.3}, hit@3 {hit3:.3}, MRR {mrr:.3}");
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        n >= 60,
        "30 pairs, both directions (the guide's cases are tested on their own)"
    );
    assert!(
        hit3 >= 0.9,
        "target: the true partner in the top 3 for at least 90% (got {hit3:.3})"
    );
}
