//! A refused form comes back with everything typed into it, the message beside its field and a
//! summary whose links land on existing inputs: the workspace's minutes and indicator forms.

use crate::common::{App, extract_csrf};
use crate::matrix::world::{self, Who};

/// The `id`s of the page, to check the summary's links land somewhere.
fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

fn summary_links(html: &str) -> Vec<String> {
    let Some(summary) = html.split("class=\"error-summary\"").nth(1) else {
        return Vec::new();
    };
    let summary = summary.split("</div>").next().unwrap_or_default();
    summary
        .split("href=\"#")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn refused_minutes_and_entries_keep_what_was_typed() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let owner = &w.subject(Who::Owner).browser;
    let (cid, mid, kid, company) = (w.ids.collaboration, w.ids.meeting, w.ids.indicator, w.ids.company);
    let page = app.get_text(owner, &format!("/collaborations/{cid}/workspace")).await.1;
    let token = extract_csrf(&page).unwrap();
    let company = company.to_string();
    // The second row's due date is before the meeting; everything else is fine.
    let form = [
        ("csrf_token", token.as_str()),
        ("decisions", "5名で参加する"),
        ("discussion", "役割を確認した"),
        ("item_title", "名簿を作る"),
        ("item_owner", "鈴木"),
        ("item_org", company.as_str()),
        ("item_due", "2027-01-31"),
        ("item_title", "会場を押さえる"),
        ("item_owner", "佐藤"),
        ("item_org", company.as_str()),
        ("item_due", "2020-01-01"),
    ];
    let res = owner
        .post(app.url(&format!("/collaborations/{cid}/meetings/{mid}/minutes")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for typed in [
        "5名で参加する",
        "役割を確認した",
        "名簿を作る",
        "鈴木",
        "会場を押さえる",
        "佐藤",
        "2020-01-01",
    ] {
        assert!(html.contains(typed), "{typed} is kept");
    }
    assert!(
        html.contains(&format!("<option value=\"{company}\" selected>")),
        "the chosen organisation stays chosen"
    );
    let due = format!("id=\"item_due-{mid}-2\"");
    let after = html.split(&due).nth(1).unwrap();
    assert!(
        after.split("</div>").next().unwrap().contains("field-error"),
        "the message is beside the field"
    );
    let links = summary_links(&html);
    let present = ids(&html);
    assert!(!links.is_empty());
    assert!(
        links.iter().all(|l| present.contains(l)),
        "summary links {links:?} land on inputs"
    );

    // An indicator entry with a bad number keeps its date and source.
    let res = owner
        .post(app.url(&format!("/collaborations/{cid}/indicators/{kid}/entries")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("entry_date", "令和9年2月1日"),
            ("value", "たくさん"),
            ("source", "参加者名簿"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("value=\"令和9年2月1日\"")
            && html.contains("value=\"たくさん\"")
            && html.contains("value=\"参加者名簿\"")
    );
    let links = summary_links(&html);
    assert_eq!(links, [format!("value-{kid}")]);
    assert!(ids(&html).contains(&links[0]));
}

#[tokio::test]
async fn a_refused_declaration_and_comment_keep_their_choices() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let owner = &w.subject(Who::Owner).browser;
    let (org, pid) = (w.ids.org, w.ids.proposal);
    let path = format!("/organizations/{org}/verification");
    // Two of the three conditions ticked: refused, and the two stay ticked with the comment.
    let res = app
        .post_form(
            owner,
            &path,
            &[
                ("event", "declared"),
                ("eligibility", "1"),
                ("eligibility", "3"),
                ("note", "定款を添えます"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"1\" checked") && html.contains("value=\"3\" checked"));
    assert!(!html.contains("value=\"2\" checked"));
    assert!(html.contains("定款を添えます"));
    // A comment without text keeps the section it was for.
    let res = app
        .post_form(
            owner,
            &format!("/proposals/{pid}/comments"),
            &[("version", "1"), ("section", "budget"), ("body", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<option value=\"budget\" selected>"),
        "the section stays chosen"
    );
}
