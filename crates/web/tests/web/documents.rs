//! Documents a Japanese office can send: the partner's copy of a proposal is addressed to it
//! (〇〇御中), in PDF and Word.

use crate::common::App;
use crate::matrix::canary::{api, readable};
use crate::matrix::world::{self, Who};

#[tokio::test]
async fn the_partners_proposal_is_addressed_to_it() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let partner = &w.subject(Who::Partner).browser;
    let pid = w.ids.proposal;
    let docx = readable(
        partner
            .get(app.url(&format!("/proposals/{pid}/export.docx")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        docx.contains("山口そば株式会社 御中"),
        "Word is addressed to the partner"
    );
    let pdf = readable(
        partner
            .get(app.url(&format!("/proposals/{pid}/export.pdf")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    if !pdf.is_empty() {
        assert!(
            pdf.replace(' ', "").contains("山口そば株式会社御中"),
            "the PDF too: {pdf}"
        );
    }
}

/// The sheet is addressed to the partner: 貴団体 is the partner, the group is 当団体, and it says
/// how to reach the group.
#[tokio::test]
async fn the_self_introduction_speaks_to_the_partner_and_gives_contact_details() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let owner = w.subject(Who::Owner);
    let company = w.subject(Who::Partner);
    let profile = serde_json::json!({"kind": "npo_corporation", "name": "里山を守る会", "municipality": "山口市",
        "address": "山口市阿東1-2", "email": "info@satoyama.example.jp", "phone": "083-000-0000", "mission": "里山を守る"});
    api(
        &app,
        owner.token.as_ref().unwrap(),
        "PUT",
        &format!("/organizations/{}", w.ids.org),
        profile,
    )
    .await;
    let offer = serde_json::json!({"direction": "offer", "resources": ["people"], "title": "社員ボランティアの派遣",
        "municipality": "山口市", "fields": [], "sdgs": [], "status": "open"});
    api(
        &app,
        company.token.as_ref().unwrap(),
        "POST",
        &format!("/organizations/{}/listings", w.ids.company),
        offer,
    )
    .await;

    let c = format!("/collaborations/{}/introduction", w.ids.collaboration);
    let (status, html) = app.get_text(&owner.browser, &c).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(
            "当団体の『里山の作業の担い手』（ニーズ）に、貴団体の『社員ボランティアの派遣』（提供）が関連する可能性があります"
        ),
        "{html}"
    );
    assert!(
        !html.contains("里山を守る会の『"),
        "the group never names itself in the third person"
    );
    for detail in [
        "所在地：山口市阿東1-2",
        "メール：info@satoyama.example.jp",
        "電話：083-000-0000",
    ] {
        assert!(html.contains(detail), "{detail}");
    }
    let docx = readable(owner.browser.get(app.url(&format!("{c}.docx"))).send().await.unwrap()).await;
    assert!(docx.contains("貴団体の『社員ボランティアの派遣』") && docx.contains("メール：info@satoyama.example.jp"));
    let pdf = readable(owner.browser.get(app.url(&format!("{c}.pdf"))).send().await.unwrap()).await;
    if !pdf.is_empty() {
        assert!(pdf.replace(' ', "").contains("当団体の『里山の作業の担い手』"), "{pdf}");
    }
}
