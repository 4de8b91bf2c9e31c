//! 協働の形態の診断: six questions that recommend one or more of the guide's six collaboration
//! types (§Ⅲ-5(1)), each with why. The types' defining traits come from the guide's overviews:
//! who is the organiser, where final responsibility lies, which way money flows, how many take
//! part, for how long, and whether lending a name is enough.

use crate::collaboration::CollaborationType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answers {
    pub organiser: Option<Organiser>,
    pub responsibility: Option<Responsibility>,
    pub money: Option<Money>,
    pub parties: Option<Parties>,
    pub period: Option<Period>,
    /// Is the partner's name (信用) all that is wanted?
    pub name_enough: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Organiser {
    Us,
    Jointly,
    Partner,
    NewCommittee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Responsibility {
    Us,
    Shared,
    Partner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    None,
    /// The partner funds our project (寄附・助成・協賛).
    PartnerFundsUs,
    /// The partner pays us for work it entrusts (対価).
    PartnerPaysForWork,
    /// Each side bears its own costs.
    EachOwn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parties {
    Two,
    Many,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    OneEvent,
    FixedPeriod,
    Ongoing,
}

/// One question: its form key, the question, and its choices as (value, label).
pub type Question = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

pub const QUESTIONS: [Question; 6] = [
    (
        "organiser",
        "事業の主催者（実施主体）はどこですか",
        &[
            ("us", "私たち（団体）"),
            ("jointly", "私たちと相手が共同で"),
            ("partner", "相手（企業・行政）で、私たちが実施を担う"),
            ("new_committee", "関係者で実行委員会・協議会をつくる"),
        ],
    ),
    (
        "responsibility",
        "最終的な責任と成果はどこに帰属しますか",
        &[("us", "私たち"), ("shared", "双方で分担"), ("partner", "相手")],
    ),
    (
        "money",
        "お金の流れはどうなりますか",
        &[
            ("none", "お金のやりとりはない"),
            ("partner_funds_us", "相手から資金（寄附・助成・協賛）を受ける"),
            ("partner_pays_for_work", "相手が仕事を任せ、対価を払う"),
            ("each_own", "それぞれが自分の経費を負担する"),
        ],
    ),
    (
        "parties",
        "何者が参加しますか",
        &[("two", "2者（私たちと相手）"), ("many", "3者以上")],
    ),
    (
        "period",
        "期間はどのくらいですか",
        &[
            ("one_event", "1回のイベント"),
            ("fixed_period", "一定の期間"),
            ("ongoing", "継続的に"),
        ],
    ),
    (
        "name_enough",
        "相手に求めるのは、名義（信用）だけで十分ですか",
        &[("yes", "はい、名義があれば十分"), ("no", "いいえ、実際の協力がほしい")],
    ),
];

impl Answers {
    /// From the form's (key, value) pairs; unknown values are left unanswered.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut a = Self::default();
        for (k, v) in pairs {
            match (k, v) {
                ("organiser", "us") => a.organiser = Some(Organiser::Us),
                ("organiser", "jointly") => a.organiser = Some(Organiser::Jointly),
                ("organiser", "partner") => a.organiser = Some(Organiser::Partner),
                ("organiser", "new_committee") => a.organiser = Some(Organiser::NewCommittee),
                ("responsibility", "us") => a.responsibility = Some(Responsibility::Us),
                ("responsibility", "shared") => a.responsibility = Some(Responsibility::Shared),
                ("responsibility", "partner") => a.responsibility = Some(Responsibility::Partner),
                ("money", "none") => a.money = Some(Money::None),
                ("money", "partner_funds_us") => a.money = Some(Money::PartnerFundsUs),
                ("money", "partner_pays_for_work") => a.money = Some(Money::PartnerPaysForWork),
                ("money", "each_own") => a.money = Some(Money::EachOwn),
                ("parties", "two") => a.parties = Some(Parties::Two),
                ("parties", "many") => a.parties = Some(Parties::Many),
                ("period", "one_event") => a.period = Some(Period::OneEvent),
                ("period", "fixed_period") => a.period = Some(Period::FixedPeriod),
                ("period", "ongoing") => a.period = Some(Period::Ongoing),
                ("name_enough", "yes") => a.name_enough = Some(true),
                ("name_enough", "no") => a.name_enough = Some(false),
                _ => {}
            }
        }
        a
    }

    pub fn answered(&self) -> usize {
        [
            self.organiser.is_some(),
            self.responsibility.is_some(),
            self.money.is_some(),
            self.parties.is_some(),
            self.period.is_some(),
            self.name_enough.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub collaboration_type: CollaborationType,
    pub score: i32,
    /// Why, one sentence per answer that points to this type.
    pub reasons: Vec<String>,
}

/// The types that fit the answers, best first (at most three; none without answers).
pub fn recommend(a: &Answers) -> Vec<Recommendation> {
    use CollaborationType as T;
    let mut recs: Vec<Recommendation> = T::ALL
        .into_iter()
        .map(|t| Recommendation {
            collaboration_type: t,
            score: 0,
            reasons: Vec::new(),
        })
        .collect();
    let mut give = |t: T, points: i32, why: &str| {
        if let Some(r) = recs.iter_mut().find(|r| r.collaboration_type == t) {
            r.score += points;
            if points > 0 {
                r.reasons.push(why.to_owned());
            }
        }
    };
    if a.name_enough == Some(true) {
        give(T::Endorsement, 5, "名義の使用で事業の信用を高める形態です。");
        for t in [T::Cosponsorship, T::Committee, T::BusinessCooperation, T::Commission] {
            give(t, -2, "");
        }
    }
    match a.organiser {
        Some(Organiser::Jointly) => give(T::Cosponsorship, 3, "複数の主体が共同で主催者になります。"),
        Some(Organiser::NewCommittee) => give(T::Committee, 4, "構成員で実行委員会・協議会を設けて実施します。"),
        Some(Organiser::Partner) => give(T::Commission, 3, "相手が事業を団体に委ねて実施します。"),
        Some(Organiser::Us) => {
            give(T::Grant, 1, "事業の実施主体は団体です。");
            give(T::Endorsement, 1, "団体が行う事業を相手が後押しします。");
        }
        None => {}
    }
    match a.responsibility {
        Some(Responsibility::Partner) => give(T::Commission, 3, "最終的な責任や成果が委託者（相手）に帰属します。"),
        Some(Responsibility::Us) => give(T::Grant, 2, "事業の実施責任は団体にあります。"),
        Some(Responsibility::Shared) => {
            give(T::BusinessCooperation, 2, "役割分担を決めて責任を分け合います。");
            give(T::Cosponsorship, 1, "共同の事業として責任を分け合います。");
        }
        None => {}
    }
    match a.money {
        Some(Money::PartnerFundsUs) => give(T::Grant, 4, "相手が団体の事業に資金を交付します。"),
        Some(Money::PartnerPaysForWork) => give(T::Commission, 4, "相手が仕事を委ね、対価を支払います。"),
        Some(Money::EachOwn) => {
            give(T::BusinessCooperation, 2, "それぞれが得意分野と経費を持ち寄ります。");
            give(T::Cosponsorship, 1, "経費を分担して一つの事業を行います。");
        }
        Some(Money::None) => give(T::Endorsement, 1, "資金のやりとりがなくても成り立ちます。"),
        None => {}
    }
    match a.parties {
        Some(Parties::Many) => give(T::Committee, 3, "幅広い関係者が参加し、ネットワークを築けます。"),
        Some(Parties::Two) => give(T::BusinessCooperation, 1, "2者で役割分担を決めて協力します。"),
        None => {}
    }
    match a.period {
        Some(Period::OneEvent) => give(T::Cosponsorship, 2, "一つの事業（イベント）を共同で行う形態です。"),
        Some(Period::FixedPeriod) | Some(Period::Ongoing) => {
            give(T::BusinessCooperation, 3, "一定期間、協力して事業を実施します。");
        }
        None => {}
    }
    recs.retain(|r| r.score > 0);
    // 「いいえ、実際の協力がほしい」: lending a name alone is not what is wanted.
    if a.name_enough == Some(false) {
        recs.retain(|r| r.collaboration_type != T::Endorsement);
    }
    recs.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then(x.collaboration_type.cmp(&y.collaboration_type))
    });
    recs.truncate(3);
    recs
}

#[cfg(test)]
mod tests {
    use super::*;
    use CollaborationType as T;

    fn first(pairs: &[(&str, &str)]) -> T {
        recommend(&Answers::from_pairs(pairs.iter().copied()))[0].collaboration_type
    }

    #[test]
    fn wanting_real_cooperation_never_recommends_lending_a_name() {
        for pairs in [
            vec![("name_enough", "no")],
            vec![("name_enough", "no"), ("organiser", "us"), ("money", "none")],
        ] {
            let recs = recommend(&Answers::from_pairs(pairs.iter().copied()));
            assert!(
                recs.iter().all(|r| r.collaboration_type != T::Endorsement),
                "{pairs:?}: {recs:?}"
            );
        }
    }

    #[test]
    fn each_type_is_recommended_where_the_guide_says_it_fits() {
        assert_eq!(first(&[("name_enough", "yes"), ("money", "none")]), T::Endorsement);
        assert_eq!(
            first(&[
                ("organiser", "us"),
                ("responsibility", "us"),
                ("money", "partner_funds_us")
            ]),
            T::Grant
        );
        assert_eq!(
            first(&[
                ("organiser", "partner"),
                ("responsibility", "partner"),
                ("money", "partner_pays_for_work")
            ]),
            T::Commission
        );
        assert_eq!(
            first(&[
                ("organiser", "new_committee"),
                ("parties", "many"),
                ("period", "ongoing")
            ]),
            T::Committee
        );
        assert_eq!(
            first(&[("organiser", "jointly"), ("period", "one_event"), ("money", "each_own")]),
            T::Cosponsorship
        );
        // The guide's first case: roles agreed, each brings its own, over seasons.
        assert_eq!(
            first(&[
                ("organiser", "us"),
                ("responsibility", "shared"),
                ("money", "each_own"),
                ("parties", "two"),
                ("period", "ongoing"),
                ("name_enough", "no")
            ]),
            T::BusinessCooperation
        );
    }

    #[test]
    fn reasons_are_given_and_unanswered_means_no_recommendation() {
        assert!(recommend(&Answers::default()).is_empty());
        let r = recommend(&Answers::from_pairs([
            ("money", "partner_funds_us"),
            ("organiser", "bogus"),
        ]));
        assert_eq!(r[0].collaboration_type, T::Grant);
        assert_eq!(r[0].reasons, ["相手が団体の事業に資金を交付します。"]);
        assert_eq!(Answers::from_pairs([("organiser", "bogus")]).answered(), 0);
    }
}
