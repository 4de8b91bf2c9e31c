//! Starting points drawn from the guide's evaluation methods (Action IV (2)): a beneficiary
//! survey, a collaboration-member survey, and a look back for volunteers and everyone involved.
//! Worded plainly (やさしい日本語): short sentences, one thing per question.

use super::{Audience, Condition, Definition, Kind, Question, Settings};

pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    pub audience: Audience,
    pub about: &'static str,
}

pub const TEMPLATES: [Template; 3] = [
    Template {
        id: "beneficiaries",
        name: "受益者アンケート",
        audience: Audience::Beneficiaries,
        about: "事業に参加した人・サービスを受けた人に、満足度と変化を聞きます。",
    },
    Template {
        id: "members",
        name: "協働メンバーアンケート",
        audience: Audience::Members,
        about: "協働した団体・企業のメンバーに、進め方と成果、次の協働について聞きます。",
    },
    Template {
        id: "volunteers",
        name: "ボランティアの振り返り",
        audience: Audience::Volunteers,
        about: "ボランティア・関係者に、活動の手ごたえと困ったこと、続けたいかを聞きます。",
    },
];

pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

fn q(text: &str, kind: Kind, required: bool) -> Question {
    Question {
        key: String::new(),
        section: String::new(),
        text: text.to_owned(),
        help: String::new(),
        kind,
        required,
        show_if: None,
    }
}

fn options(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn agree() -> Kind {
    Kind::Scale {
        low: "そう思わない".into(),
        high: "そう思う".into(),
    }
}

/// The template's settings and questions, for a collaboration titled `title`.
pub fn build(t: &Template, title: &str) -> (Settings, Definition) {
    let purpose = "いただいた回答は、この協働事業のふりかえりと、次の取り組みをよくするために使います。\
                   回答は協働した団体だけが見ます。お名前など個人がわかる形で公表することはありません。";
    let (intro, questions) = match t.audience {
        Audience::Beneficiaries => (
            "参加していただき、ありがとうございました。5分ほどで答えられます。",
            vec![
                q("この取り組みに満足しましたか。", agree(), true),
                q(
                    "何で知りましたか。",
                    Kind::Multiple {
                        options: options(&[
                            "チラシ・ポスター",
                            "ホームページ・SNS",
                            "新聞・テレビ",
                            "知り合いから",
                            "その他",
                        ]),
                    },
                    false,
                ),
                q("参加して、あなたに変わったことはありますか。", Kind::LongText, false),
                q(
                    "また参加したいですか。",
                    Kind::Single {
                        options: options(&["参加したい", "わからない", "参加したくない"]),
                    },
                    true,
                ),
                Question {
                    show_if: Some(Condition {
                        question: "q4".into(),
                        option: 2,
                    }),
                    ..q("参加したくない理由を教えてください。", Kind::LongText, false)
                },
            ],
        ),
        Audience::Members => (
            "協働のふりかえりです。団体・企業の立場から、思ったとおりに答えてください。",
            vec![
                Question {
                    section: "進め方".into(),
                    ..q("目的や目標を、相手と同じように理解できていましたか。", agree(), true)
                },
                q("役割の分け方はよかったですか。", agree(), true),
                q("情報のやりとり（定例会・連絡）は十分でしたか。", agree(), true),
                Question {
                    section: "成果".into(),
                    ..q("自分たちの団体・会社にとって、よい成果がありましたか。", agree(), true)
                },
                q("よかった成果を教えてください。", Kind::LongText, false),
                q("困ったこと・次に変えたいことを教えてください。", Kind::LongText, false),
                q(
                    "次も、この相手と協働したいですか。",
                    Kind::Single {
                        options: options(&["したい", "条件によってはしたい", "したくない"]),
                    },
                    true,
                ),
            ],
        ),
        Audience::Volunteers => (
            "活動おつかれさまでした。次の活動をよくするために、ふりかえりをお願いします。",
            vec![
                q("何回ぐらい参加しましたか。", Kind::Number { unit: "回".into() }, false),
                q("活動は楽しかったですか。", agree(), true),
                q("活動の中身や役割の説明はわかりやすかったですか。", agree(), true),
                q("困ったことはありましたか。", Kind::LongText, false),
                q(
                    "これからも活動を続けたいですか。",
                    Kind::Single {
                        options: options(&["続けたい", "わからない", "続けたくない"]),
                    },
                    true,
                ),
            ],
        ),
    };
    let mut d = Definition::default();
    for question in questions {
        // The templates' own conditions point at their own questions; checked by a test.
        let _ = d.add(question);
    }
    let settings = Settings {
        title: format!("{}（{title}）", t.name),
        audiences: vec![t.audience],
        intro: intro.to_owned(),
        purpose: purpose.to_owned(),
        closes_on: None,
        public_link: t.audience != Audience::Members,
    };
    (settings, d)
}
