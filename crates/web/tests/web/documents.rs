//! Documents a Japanese office can send: the partner's copy of a proposal is addressed to it
//! (〇〇御中), in PDF and Word.

use crate::common::App;
use crate::matrix::canary::readable;
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
