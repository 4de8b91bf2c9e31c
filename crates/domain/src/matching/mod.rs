//! Partner matching (協働パートナー候補): for one organisation, candidates ranked by how well the
//! two complement each other in *both* directions — what each needs against what the other
//! offers — with the reasons a coordinator would give, the benefit for each side from the guide's
//! merit and outcome lists, and a suggested collaboration type with its caution.
//!
//! Pure: the caller loads the parties; nothing here does I/O.

mod benefits;
pub mod evidence;
pub mod text;

use crate::catalog::catalog;
use crate::collaboration::CollaborationType;
use crate::listing::{Direction, Resource};
use crate::organization::OrgKind;
use evidence::{Evidence, Strength};
use text::{Corpus, Vector};

/// One open listing of a party.
#[derive(Debug, Clone)]
pub struct ListingFacts {
    pub id: i64,
    pub direction: Direction,
    pub resources: Vec<Resource>,
    pub title: String,
    pub description: Option<String>,
}

impl ListingFacts {
    fn text(&self) -> String {
        format!("{} {}", self.title, self.description.as_deref().unwrap_or_default())
    }
}

/// An organisation as matching sees it: not dissolved, with its open listings.
#[derive(Debug, Clone)]
pub struct Party {
    pub id: i64,
    pub kind: OrgKind,
    pub name: String,
    pub municipality: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    /// Mission, activities, strengths and CSR policy, together.
    pub profile_text: String,
    pub listings: Vec<ListingFacts>,
    pub disclosure_level: u8,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub score: f64,
    /// How well the two fit, from the evidence (強い・中程度・弱い).
    pub strength: Strength,
    pub reasons: Vec<String>,
    pub suggested_type: Option<CollaborationType>,
}

/// One need met by one offer.
#[derive(Debug, Clone)]
struct Fit {
    need: usize,
    offer: usize,
    shared: Vec<Resource>,
    evidence: Evidence,
    score: f64,
}

/// A candidate scored, with what its reasons are made from (only the shown ones get them).
struct Scored {
    candidate: Candidate,
    other: usize,
    a_gets: Vec<Fit>,
    b_gets: Vec<Fit>,
    fields: f64,
    place: (f64, Option<String>),
}

/// Precomputed text vectors of every party and listing.
pub struct Universe<'a> {
    parties: &'a [Party],
    profile: Vec<Vector>,
    listing: Vec<Vec<Vector>>,
}

impl<'a> Universe<'a> {
    pub fn new(parties: &'a [Party]) -> Self {
        let mut corpus = Corpus::default();
        for p in parties {
            corpus.add(&p.profile_text);
            for l in &p.listings {
                corpus.add(&l.text());
            }
        }
        let profile = parties.iter().map(|p| corpus.vector(&p.profile_text)).collect();
        let listing = parties
            .iter()
            .map(|p| p.listings.iter().map(|l| corpus.vector(&l.text())).collect())
            .collect();
        Self {
            parties,
            profile,
            listing,
        }
    }

    /// Candidates for the party at `seeker` (an index into the parties), best first.
    pub fn matches(&self, seeker: usize, kinds: &[OrgKind], limit: usize) -> Vec<Candidate> {
        let mut scored: Vec<Scored> = (0..self.parties.len())
            .filter(|&i| i != seeker)
            .filter(|&i| kinds.is_empty() || kinds.contains(&self.parties[i].kind))
            .filter_map(|i| self.score(seeker, i))
            .collect();
        scored.sort_by(|a, b| {
            b.candidate
                .score
                .total_cmp(&a.candidate.score)
                .then(a.candidate.id.cmp(&b.candidate.id))
        });
        scored.truncate(limit);
        // Reasons are sentences and the type a walk over the fits: only for those shown.
        scored
            .into_iter()
            .map(|s| {
                let (pa, pb) = (&self.parties[seeker], &self.parties[s.other]);
                Candidate {
                    reasons: self.reasons(seeker, s.other, &s.a_gets, &s.b_gets, s.fields, s.place),
                    suggested_type: suggest_type(pa, pb, &s.a_gets, &s.b_gets, self),
                    ..s.candidate
                }
            })
            .collect()
    }

    /// How `needy`'s needs are met by `giver`'s offers, best first.
    fn fits(&self, needy: usize, giver: usize) -> Vec<Fit> {
        let (n, g) = (&self.parties[needy], &self.parties[giver]);
        let mut fits = Vec::new();
        for (ni, need) in n
            .listings
            .iter()
            .enumerate()
            .filter(|(_, l)| l.direction == Direction::Need)
        {
            for (oi, offer) in g
                .listings
                .iter()
                .enumerate()
                .filter(|(_, l)| l.direction == Direction::Offer)
            {
                let shared: Vec<Resource> = need
                    .resources
                    .iter()
                    .filter(|r| offer.resources.contains(r))
                    .cloned()
                    .collect();
                let text = self.listing[needy][ni].cosine(&self.listing[giver][oi]);
                // The other party's profile may carry the meaning a short title lacks (a bank's
                // 「子育て支援団体を助成で応援」 behind its 「助成」).
                let need_ctx = self.listing[needy][ni].cosine(&self.profile[giver]);
                let offer_ctx = self.listing[giver][oi].cosine(&self.profile[needy]);
                let evidence = evidence::weigh(&need.resources, &offer.resources, text, need_ctx, offer_ctx)
                    .unwrap_or(Evidence::Slight);
                // The ranking: a shared resource is the backbone of a fit; matching words confirm
                // it. Words alone count for little: two listings may describe the same need.
                // (What a reason may claim is the evidence's to say, not the score's.)
                let resource_part = if shared.is_empty() {
                    0.0
                } else {
                    0.5 + 0.1 * (shared.len() as f64 - 1.0).min(2.0)
                };
                let score = if resource_part > 0.0 {
                    resource_part + text
                } else {
                    0.4 * text
                };
                if score >= 0.15 {
                    fits.push(Fit {
                        need: ni,
                        offer: oi,
                        shared,
                        evidence,
                        score,
                    });
                }
            }
        }
        fits.sort_by(|a, b| b.score.total_cmp(&a.score));
        // One need is met once, and one offer meets one need: pair them greedily, best first, so
        // several listings worded alike cannot add up credit for the same exchange.
        let (mut needs, mut offers) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        fits.retain(|f| needs.insert(f.need) && offers.insert(f.offer));
        fits
    }

    fn score(&self, a: usize, b: usize) -> Option<Scored> {
        let (pa, pb) = (&self.parties[a], &self.parties[b]);
        let a_gets = self.fits(a, b);
        let b_gets = self.fits(b, a);
        // The best fit each way, with diminishing credit for more.
        let side = |fits: &[Fit]| {
            fits.iter()
                .take(3)
                .enumerate()
                .map(|(i, f)| f.score / (i as f64 + 1.0))
                .sum::<f64>()
        };
        let (sa, sb) = (side(&a_gets), side(&b_gets));
        let two_sided = sa > 0.0 && sb > 0.0;
        // Win-win weighs most: both sides gain (the guide's whole point).
        let complement = if two_sided {
            sa + sb + 2.0 * sa.min(sb)
        } else {
            0.6 * (sa + sb)
        };
        let fields = jaccard(&pa.fields, &pb.fields);
        let sdgs = jaccard(&pa.sdgs, &pb.sdgs);
        let profile = self.profile[a].cosine(&self.profile[b]);
        let place = place_score(pa.municipality.as_deref(), pb.municipality.as_deref());
        // Two civic groups doing the same thing are peers, not complements (they seek the same
        // resources); the guide's collaboration is across sectors. Alike profiles count only then.
        let peers = pa.kind.is_civic_group() && pb.kind.is_civic_group();
        let profile_weight = if peers { 0.0 } else { 0.6 };
        let affinity = 0.3 * fields + 0.15 * sdgs + profile_weight * profile + 0.25 * place.0;
        // Without anything to exchange there is no partnership, however alike the two are.
        if complement <= 0.0 && profile < 0.2 {
            return None;
        }
        let trust = 1.0 + 0.03 * f64::from(pb.disclosure_level.min(5)) + if pb.verified { 0.05 } else { 0.0 };
        let sector = if peers { 0.8 } else { 1.0 };
        let score = (complement + affinity) * trust * sector;
        let best = |fits: &[Fit]| fits.iter().map(|f| f.evidence).max();
        let strength = Strength::of(best(&a_gets), best(&b_gets), fields > 0.0);
        Some(Scored {
            candidate: Candidate {
                id: pb.id,
                score,
                strength,
                suggested_type: None,
                reasons: Vec::new(),
            },
            other: b,
            a_gets,
            b_gets,
            fields,
            place,
        })
    }

    fn reasons(
        &self,
        a: usize,
        b: usize,
        a_gets: &[Fit],
        b_gets: &[Fit],
        fields: f64,
        place: (f64, Option<String>),
    ) -> Vec<String> {
        let (pa, pb) = (&self.parties[a], &self.parties[b]);
        let mut r = Vec::new();
        // Only what the evidence bears, worded as strongly as it bears it.
        let claim = |f: &Fit| match f.evidence {
            Evidence::Answers => Some("が応えます"),
            Evidence::Related => Some("が関連する可能性があります"),
            Evidence::Slight => None,
        };
        for f in a_gets.iter().take(2) {
            if let Some(verb) = claim(f) {
                r.push(format!(
                    "貴団体の『{}』（ニーズ）に、{}の『{}』（提供）{verb}",
                    pa.listings[f.need].title, pb.name, pb.listings[f.offer].title
                ));
            }
        }
        for f in b_gets.iter().take(2) {
            if let Some(verb) = claim(f) {
                r.push(format!(
                    "{}の『{}』（ニーズ）に、貴団体の『{}』（提供）{verb}",
                    pb.name, pb.listings[f.need].title, pa.listings[f.offer].title
                ));
            }
        }
        let cited = |fits: &[Fit]| fits.iter().any(|f| f.evidence >= Evidence::Related);
        if cited(a_gets) && cited(b_gets) {
            r.push("双方に提供と受け取りがあり、win-win の関係を築けます".into());
        }
        let gets = |fits: &[Fit], needy: &Party| {
            fits.iter()
                .filter(|f| f.evidence >= Evidence::Related)
                .flat_map(|f| {
                    needy.listings[f.need]
                        .resources
                        .iter()
                        .filter(|x| f.shared.contains(x))
                        .cloned()
                })
                .collect::<Vec<_>>()
        };
        let a_receives = gets(a_gets, pa);
        let b_receives = gets(b_gets, pb);
        if let Some(benefit) = benefits::for_party(pa.kind, &a_receives, &b_receives) {
            r.push(format!("貴団体にとって：{benefit}"));
        }
        if let Some(benefit) = benefits::for_party(pb.kind, &b_receives, &a_receives) {
            r.push(format!("{}にとって：{benefit}", pb.name));
        }
        if fields > 0.0 {
            let shared: Vec<&str> = pa
                .fields
                .iter()
                .filter(|f| pb.fields.contains(f))
                .filter_map(|f| catalog().activity_field(*f))
                .collect();
            if !shared.is_empty() {
                r.push(format!("活動分野「{}」が共通しています", shared.join("」「")));
            }
        }
        if let Some(p) = place.1 {
            r.push(p);
        }
        if pb.verified {
            r.push("支援センターの確認を受けた団体です".into());
        }
        // The same pair of titles can come twice (two listings worded alike): say it once.
        let mut seen = std::collections::HashSet::new();
        r.retain(|s| seen.insert(s.clone()));
        r
    }
}

fn jaccard(a: &[u8], b: &[u8]) -> f64 {
    let inter = a.iter().filter(|x| b.contains(x)).count();
    let union = a.len() + b.len() - inter;
    if union == 0 { 0.0 } else { inter as f64 / union as f64 }
}

/// Nearness, and a sentence saying so.
fn place_score(a: Option<&str>, b: Option<&str>) -> (f64, Option<String>) {
    let (Some(a), Some(b)) = (a, b) else { return (0.0, None) };
    if a == b {
        return (1.0, Some(format!("同じ{a}で活動しています")));
    }
    match crate::catalog::catalog().distance_km(a, b) {
        Some(d) if d <= 25.0 => (0.6, Some(format!("近くの市町です（{a}と{b}、約{d:.0}km）"))),
        Some(_) => (0.3, Some("同じ山口県内で活動しています".into())),
        None => (0.0, None),
    }
}

/// The collaboration type that fits the exchange (guide §Ⅲ-5(1)).
fn suggest_type(a: &Party, b: &Party, a_gets: &[Fit], b_gets: &[Fit], u: &Universe<'_>) -> Option<CollaborationType> {
    if a_gets.is_empty() && b_gets.is_empty() {
        return None;
    }
    let flows = |fits: &[Fit], needy: usize| -> Vec<Resource> {
        fits.iter()
            .flat_map(|f| {
                u.parties[needy].listings[f.need]
                    .resources
                    .iter()
                    .filter(|r| f.shared.contains(r))
                    .cloned()
            })
            .collect()
    };
    let ai = u.parties.iter().position(|p| p.id == a.id).unwrap_or(0);
    let bi = u.parties.iter().position(|p| p.id == b.id).unwrap_or(0);
    let (to_a, to_b) = (flows(a_gets, ai), flows(b_gets, bi));
    let only_money = |v: &[Resource]| !v.is_empty() && v.iter().all(|r| r.as_str() == "funds");
    let funder = |k: OrgKind| matches!(k, OrgKind::Company | OrgKind::Government);
    Some(
        if b_gets.is_empty() && only_money(&to_a) && funder(b.kind)
            || a_gets.is_empty() && only_money(&to_b) && funder(a.kind)
        {
            CollaborationType::Grant
        } else if (a.kind == OrgKind::Government || b.kind == OrgKind::Government)
            && (to_a.iter().chain(&to_b).any(|r| r.as_str() == "service"))
        {
            CollaborationType::Commission
        } else if !to_a.is_empty() && !to_b.is_empty() {
            CollaborationType::BusinessCooperation
        } else if to_a
            .iter()
            .chain(&to_b)
            .any(|r| matches!(r.as_str(), "venue" | "planning"))
        {
            CollaborationType::Cosponsorship
        } else if to_a
            .iter()
            .chain(&to_b)
            .all(|r| matches!(r.as_str(), "publicity" | "network"))
        {
            CollaborationType::Endorsement
        } else {
            CollaborationType::BusinessCooperation
        },
    )
}

#[cfg(test)]
mod tests;
