use super::answers::{self, Value};
use super::results::{Tallies, tabulate};
use super::*;

fn input(kind: &str, text: &str) -> QuestionInput {
    QuestionInput {
        kind: kind.into(),
        text: text.into(),
        ..QuestionInput::default()
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// 問1 single (はい／いいえ), 問2 shown when 問1 = いいえ, 問3 a required scale.
fn sample() -> Definition {
    let mut d = Definition::default();
    let mut q1 = input("single", "参加しましたか。");
    q1.options = "はい\nいいえ\n".into();
    q1.required = true;
    d.add(q1.parse().unwrap()).unwrap();
    let mut q2 = input("long_text", "参加しなかった理由は何ですか。");
    q2.show_if = "q1:1".into();
    d.add(q2.parse().unwrap()).unwrap();
    let mut q3 = input("scale", "満足しましたか。");
    q3.required = true;
    d.add(q3.parse().unwrap()).unwrap();
    d
}

#[test]
fn keys_stay_with_their_question() {
    let mut d = sample();
    assert_eq!(
        d.questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(),
        ["q1", "q2", "q3"]
    );
    d.remove("q2").unwrap();
    let k = d.add(input("number", "人数").parse().unwrap()).unwrap();
    // Questions change only in a draft (no answers yet), so a key is unique among those present.
    assert_eq!(k, "q4");
    d.shift("q4", Move::Up).unwrap();
    assert_eq!(
        d.questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(),
        ["q1", "q4", "q3"]
    );
}

#[test]
fn conditions_point_backwards_and_protect_their_question() {
    let mut d = sample();
    // q2 depends on q1: q1 cannot be removed, nor q2 moved above it.
    assert_eq!(d.remove("q1").unwrap_err().0[0].code, "in_use");
    assert_eq!(d.shift("q2", Move::Up).unwrap_err().0[0].code, "bad_condition");
    assert_eq!(d.questions[1].key, "q2", "a refused move leaves the order alone");
    let mut q = input("short_text", "x");
    q.show_if = "q9:0".into();
    assert_eq!(d.add(q.parse().unwrap()).unwrap_err().0[0].code, "bad_condition");
    // Only the options of earlier choice questions are offered as conditions.
    let offered = condition_choices(&d, Some("q3"));
    assert_eq!(offered.len(), 2);
    assert_eq!(offered[1].0, "q1:1");
    assert!(offered[1].1.contains("いいえ"));
}

#[test]
fn question_input_refuses_with_the_field() {
    let mut q = input("single", "");
    q.options = "ひとつ".into();
    let e = q.parse().unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["text", "options"]);
    let mut q = input("multiple", "どれ");
    q.options = "a\nb\na".into();
    assert_eq!(q.parse().unwrap_err().0[0].code, "duplicate");
    assert_eq!(input("colour", "x").parse().unwrap_err().0[0].field, "kind");
    // The form filled from a question reads back as the same question.
    let d = sample();
    for question in &d.questions {
        let mut back = QuestionInput::of(question).parse().unwrap();
        back.key.clone_from(&question.key);
        assert_eq!(&back, question);
    }
}

#[test]
fn answers_follow_the_conditions_and_the_kinds() {
    let d = sample();
    let a = [Audience::Beneficiaries];
    // 問1 = はい: 問2 is hidden, its stray answer dropped.
    let r = answers::parse(
        &d,
        &pairs(&[("consent", "on"), ("q1", "0"), ("q2", "理由"), ("q3", "4")]),
        None,
        &a,
    )
    .unwrap();
    assert_eq!(r.audience, Audience::Beneficiaries);
    assert_eq!(r.answers.len(), 2);
    assert_eq!(r.answers[1].value, Value::Choices(vec![4]));
    // 問1 = いいえ: 問2 is shown (optional), kept.
    let r = answers::parse(
        &d,
        &pairs(&[("consent", "on"), ("q1", "1"), ("q2", " 都合 "), ("q3", "0")]),
        None,
        &a,
    )
    .unwrap();
    assert_eq!(r.answers[1].value, Value::Text("都合".into()));
    // Missing consent, a required answer missing, an option out of range: each at its field.
    let e = answers::parse(&d, &pairs(&[("q1", "7")]), None, &a).unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["consent", "q1", "q3"]);
    // Several audiences offered: the respondent says which they are.
    let two = [Audience::Beneficiaries, Audience::Volunteers];
    let e = answers::parse(&d, &pairs(&[("consent", "on"), ("q1", "0"), ("q3", "1")]), None, &two).unwrap_err();
    assert_eq!(e.0[0].field, "audience");
    let r = answers::parse(
        &d,
        &pairs(&[("consent", "on"), ("audience", "volunteers"), ("q1", "0"), ("q3", "1")]),
        None,
        &two,
    )
    .unwrap();
    assert_eq!(r.audience, Audience::Volunteers);
}

#[test]
fn multiple_choice_numbers_and_dates() {
    let mut d = Definition::default();
    let mut m = input("multiple", "どれで知りましたか。");
    m.options = "チラシ\nSNS\n新聞".into();
    d.add(m.parse().unwrap()).unwrap();
    d.add(input("number", "何回").parse().unwrap()).unwrap();
    d.add(input("date", "いつ").parse().unwrap()).unwrap();
    let a = [Audience::Members];
    let r = answers::parse(
        &d,
        &pairs(&[
            ("consent", "1"),
            ("q1", "2"),
            ("q1", "0"),
            ("q1", "2"),
            ("q2", "１，２００"),
            ("q3", "令和8年4月1日"),
        ]),
        None,
        &a,
    )
    .unwrap();
    assert_eq!(r.answers[0].value, Value::Choices(vec![0, 2]));
    assert_eq!(r.answers[1].value, Value::Number(1200.0));
    assert_eq!(r.answers[2].value, Value::Date(time::macros::date!(2026 - 04 - 01)));
    let e = answers::parse(
        &d,
        &pairs(&[("consent", "1"), ("q2", "たくさん"), ("q3", "昨日")]),
        None,
        &a,
    )
    .unwrap_err();
    assert_eq!(e.0.iter().map(|x| x.field.as_str()).collect::<Vec<_>>(), ["q2", "q3"]);
}

#[test]
fn results_count_each_option_on_its_own() {
    let mut d = Definition::default();
    let mut m = input("multiple", "どれ");
    m.options = "a\nb".into();
    d.add(m.parse().unwrap()).unwrap();
    d.add(input("scale", "満足").parse().unwrap()).unwrap();
    let mut t = Tallies {
        responses: 4,
        ..Tallies::default()
    };
    t.answered.insert("q1".into(), 4);
    t.answered.insert("q2".into(), 3);
    t.chosen.insert(("q1".into(), 0), 3);
    t.chosen.insert(("q1".into(), 1), 2);
    t.chosen.insert(("q2".into(), 4), 2);
    t.chosen.insert(("q2".into(), 1), 1);
    let r = tabulate(&d, &t);
    assert_eq!(r[0].options[0].percent, 75.0);
    assert_eq!(r[0].options[1].percent, 50.0, "a multiple choice may sum past 100%");
    assert_eq!(r[1].mean, Some(4.0), "(5+5+2)/3");
    assert_eq!(r[1].options[4].percent, 66.7);
}

#[test]
fn templates_build_valid_surveys() {
    for t in &templates::TEMPLATES {
        let (s, d) = templates::build(t, "フードバンク");
        assert!(d.check().is_ok(), "{}", t.id);
        assert!(d.questions.len() >= 5, "{}", t.id);
        assert_eq!(s.audiences, vec![t.audience]);
        assert!(s.title.contains("フードバンク"));
        // Plain Japanese: the templates follow their own advice.
        for q in &d.questions {
            assert!(
                tips::tips(&q.text).is_empty(),
                "{}: {} {:?}",
                t.id,
                q.text,
                tips::tips(&q.text)
            );
        }
    }
    let (_, d) = templates::build(templates::find("beneficiaries").unwrap(), "x");
    assert!(
        d.questions.iter().any(|q| q.show_if.is_some()),
        "the beneficiary survey asks why not"
    );
}

#[test]
fn wording_tips() {
    let codes = |s: &str| tips::tips(s).into_iter().map(|t| t.code).collect::<Vec<_>>();
    assert!(codes("満足しましたか。").is_empty());
    let heavy = codes("本事業における協働事業評価の観点から、成果について回答させていただけますでしょうか。");
    assert_eq!(heavy, ["long", "honorific", "kanji_run"]);
    assert!(codes("楽しかったですか。また参加したいですか。").contains(&"two_questions"));
    assert!(codes("嫌いではないわけではないですか。").contains(&"double_negative"));
    assert!(codes("エンゲージメントは高まりましたか。").contains(&"katakana"));
    assert!(codes("KPIは達成しましたか。").contains(&"acronym"));
}

#[test]
fn settings_need_a_purpose_and_an_audience() {
    let e = SettingsInput {
        title: "受益者アンケート".into(),
        ..SettingsInput::default()
    }
    .parse()
    .unwrap_err();
    assert_eq!(
        e.0.iter().map(|x| x.field.as_str()).collect::<Vec<_>>(),
        ["audiences", "purpose"]
    );
    let s = SettingsInput {
        title: "t".into(),
        audiences: vec!["volunteers".into(), "beneficiaries".into(), "volunteers".into()],
        purpose: "ふりかえりに使います".into(),
        closes_on: "2026-12-31".into(),
        ..SettingsInput::default()
    }
    .parse()
    .unwrap();
    assert_eq!(s.audiences, [Audience::Beneficiaries, Audience::Volunteers]);
    let d = |s: &str| fields::iso_date(s).unwrap();
    assert!(s.accepts(Status::Open, d("2026-12-31")));
    assert!(!s.accepts(Status::Open, d("2027-01-01")), "closed after its last day");
    assert!(!s.accepts(Status::Draft, d("2026-12-01")));
}
