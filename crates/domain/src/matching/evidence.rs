//! How strong the link between a need and an offer is, from the evidence alone, and how strongly a
//! reason may say so. A reason claims 「応えます」 only when the resource fits *and* the two texts
//! share meaning; a fitting resource with only a hint of shared meaning is 「関連する可能性」;
//! anything less is not cited at all (it may still count a little towards the ranking).

use crate::listing::Resource;

/// Evidence for one need met by one offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// A resource the offer gives, or one of its family, without shared meaning: not cited.
    Slight,
    /// The resource fits and the texts (or the other party's profile) share a little meaning.
    Related,
    /// The same resource and the two texts share meaning: the offer answers the need.
    Answers,
}

/// Evidence of shared meaning at which an offer answers a need: the two listings' similarity
/// (cosine of bigrams and kanji) plus half of each listing's similarity with the other party's
/// profile, which carries what a short title leaves out (the 白瓜 that 支えてねットワーク grows
/// and みかわ pickles). Chosen on the labelled sample (`demo/reasons-labelled.tsv`): the pairs a
/// reader judged false fall below it once action words are left out ([`super::text::bigrams`]).
pub const MEANING: f64 = 0.18;
/// A hint of shared meaning between two listings.
pub const HINT: f64 = 0.05;
/// A hint of shared meaning between a listing and the other party's profile.
pub const CONTEXT: f64 = 0.1;
/// A money offer whose purpose meets the needy party's own mission answers its money need.
pub const MONEY_PURPOSE: f64 = 0.08;

/// The evidence given the resources on each side, the two listings' similarity, and the
/// similarities of the need with the giver's profile and of the offer with the needy's profile.
pub fn weigh(need: &[Resource], offer: &[Resource], text: f64, need_ctx: f64, offer_ctx: f64) -> Option<Evidence> {
    let same = need.iter().any(|r| offer.contains(r));
    let family = need
        .iter()
        .any(|n| offer.iter().any(|o| o.family() == n.family() && !n.family().is_empty()));
    // 金: 資金 (寄附・助成・協賛) and 買取 both bring money.
    let money = need.iter().any(|r| r.family() == "金") && offer.iter().any(|r| r.family() == "金");
    if !same && !family {
        return None;
    }
    Some(
        if same && text >= HINT && text + 0.5 * (need_ctx + offer_ctx) >= MEANING {
            Evidence::Answers
        } else if money && offer_ctx >= MONEY_PURPOSE {
            // Money is fungible: a 寄附, 助成 or 買取 answers a need for 運営資金 or 活動財源 when
            // what it is for meets what the group does (助成 for 子育て支援 and a 子育てひろば; the
            // purchase of the 白瓜 the group grows).
            Evidence::Answers
        } else if text >= HINT || need_ctx.max(offer_ctx) >= CONTEXT || (same && fungible(need, offer)) {
            Evidence::Related
        } else {
            Evidence::Slight
        },
    )
}

/// People (volunteers, staff sent out) serve many needs, as money does; goods and venues are
/// what they are. A shared people resource may be related even when the words differ (里山の作業の
/// 担い手 and 社員ボランティアの派遣).
fn fungible(need: &[Resource], offer: &[Resource]) -> bool {
    need.iter().any(|r| r.as_str() == "people" && offer.contains(r))
}

/// How well a candidate fits, in words a person understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Weak,
    Moderate,
    Strong,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weak => "weak",
            Self::Moderate => "moderate",
            Self::Strong => "strong",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Weak => "弱い",
            Self::Moderate => "中程度",
            Self::Strong => "強い",
        }
    }

    /// From the best evidence each way: strong when one side's need is answered and the other
    /// side gains something related too, or when answered needs on one side are backed by a
    /// shared field of activity; moderate with any answered or related need; weak otherwise.
    pub fn of(best_a: Option<Evidence>, best_b: Option<Evidence>, shared_field: bool) -> Self {
        let best = best_a.max(best_b);
        let both = best_a >= Some(Evidence::Related) && best_b >= Some(Evidence::Related);
        match best {
            Some(Evidence::Answers) if both || shared_field => Self::Strong,
            Some(Evidence::Answers | Evidence::Related) => Self::Moderate,
            _ => Self::Weak,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(codes: &[&str]) -> Vec<Resource> {
        codes.iter().filter_map(|c| Resource::parse(c)).collect()
    }

    #[test]
    fn a_resource_alone_is_no_answer() {
        // 「子ども食堂で使う食材」 and 「電動自転車の寄贈」 are both goods, and nothing more.
        assert_eq!(
            weigh(&r(&["goods"]), &r(&["goods"]), 0.0, 0.0, 0.0),
            Some(Evidence::Slight)
        );
        assert_eq!(
            weigh(&r(&["goods"]), &r(&["goods"]), 0.3, 0.0, 0.0),
            Some(Evidence::Answers)
        );
        assert_eq!(
            weigh(&r(&["goods"]), &r(&["goods"]), 0.12, 0.1, 0.08),
            Some(Evidence::Answers),
            "profiles confirm"
        );
        assert_eq!(
            weigh(&r(&["goods"]), &r(&["goods"]), 0.1, 0.0, 0.0),
            Some(Evidence::Related)
        );
        assert_eq!(
            weigh(&r(&["goods"]), &r(&["goods"]), 0.0, 0.0, 0.05),
            Some(Evidence::Slight),
            "one shared kanji with a profile"
        );
        assert_eq!(
            weigh(&r(&["goods"]), &r(&["people"]), 0.5, 0.5, 0.5),
            None,
            "no resource, no fit"
        );
        assert_eq!(
            weigh(&r(&["people"]), &r(&["people"]), 0.0, 0.0, 0.0),
            Some(Evidence::Related),
            "people serve many needs"
        );
    }

    #[test]
    fn money_meets_money_and_families_meet() {
        assert_eq!(
            weigh(&r(&["funds"]), &r(&["funds"]), 0.0, 0.0, 0.1),
            Some(Evidence::Answers)
        );
        assert_eq!(
            weigh(&r(&["funds"]), &r(&["funds"]), 0.0, 0.4, 0.0),
            Some(Evidence::Related),
            "the giver's profile alone is no purpose"
        );
        assert_eq!(
            weigh(&r(&["funds"]), &r(&["procurement"]), 0.06, 0.0, 0.0),
            Some(Evidence::Related),
            "both 金"
        );
        assert_eq!(
            weigh(&r(&["funds"]), &r(&["procurement"]), 0.0, 0.0, 0.2),
            Some(Evidence::Answers),
            "buying what the group makes"
        );
        assert_eq!(
            weigh(&r(&["venue"]), &r(&["goods"]), 0.5, 0.0, 0.0),
            Some(Evidence::Related),
            "モノ, never 応えます"
        );
    }

    #[test]
    fn strength_words() {
        use Evidence::*;
        assert_eq!(Strength::of(Some(Answers), Some(Related), false), Strength::Strong);
        assert_eq!(Strength::of(Some(Answers), None, true), Strength::Strong);
        assert_eq!(Strength::of(Some(Answers), None, false), Strength::Moderate);
        assert_eq!(Strength::of(Some(Slight), Some(Slight), true), Strength::Weak);
        assert_eq!(Strength::Moderate.label_ja(), "中程度");
    }
}
