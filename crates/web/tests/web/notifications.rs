//! What waits for a signed-in person: following a notification marks it read and lands on the
//! exact place it is about (nobody else can open it), and the home page is their own start.

use crate::common::App;
use crate::matrix::world::{self, Who};

#[tokio::test]
async fn following_a_notification_marks_it_read_and_lands_on_its_place() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let owner = w.subject(Who::Owner);
    let me = app
        .store
        .user_by_email(&kyodo_domain::account::Email::parse("e", "owner@example.jp").unwrap())
        .await
        .unwrap()
        .unwrap();
    let before = app.store.unread_notifications(me.id).await.unwrap();
    let list = app.get_text(&owner.browser, "/notifications").await.1;
    let n = w.ids.notification;
    assert!(
        list.contains(&format!("href=\"/notifications/{n}\"")),
        "the list links through the notification"
    );
    let stored = app.store.notifications(me.id, 100).await.unwrap();
    let link = stored.iter().find(|x| x.id == n).unwrap().link.clone();
    let res = owner
        .browser
        .get(app.url(&format!("/notifications/{n}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"].to_str().unwrap(), link);
    assert_eq!(app.store.unread_notifications(me.id).await.unwrap(), before - 1);
    // Someone else's notification does not exist for them, and is not marked by them.
    let partner = &w.subject(Who::Partner).browser;
    assert_eq!(
        partner
            .get(app.url(&format!("/notifications/{n}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // The API twin marks one read.
    let other = stored.iter().find(|x| x.id != n && !x.read).unwrap().id;
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/me/notifications/{other}/read")))
        .bearer_auth(owner.token.as_ref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.store.unread_notifications(me.id).await.unwrap(), before - 2);
}

#[tokio::test]
async fn a_signed_in_person_starts_from_their_own_work() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let partner = w.subject(Who::Partner);
    let (status, home) = app.get_text(&partner.browser, "/").await;
    assert_eq!(status, 200);
    assert!(
        home.contains("山口 花子 さんのページ"),
        "their own page, not the visitor's"
    );
    assert!(
        home.contains(&format!("href=\"/organizations/{}\"", w.ids.company)),
        "their organisation"
    );
    let cid = w.ids.collaboration;
    assert!(
        home.contains(&format!("href=\"/collaborations/{cid}\"")) && home.contains("<span class=\"tag\">評価</span>")
    );
    assert!(
        home.contains("次にすること：成果を評価し、振り返りをまとめる"),
        "the guide's next step"
    );
    assert!(
        home.contains(&format!("href=\"/collaborations/{cid}/evaluation\"")),
        "which opens where that happens"
    );
    assert!(
        home.contains("名簿（鈴木・山口そば株式会社・期限 令和9年（2027年）1月31日）"),
        "the item waiting, in 和暦"
    );
    assert!(home.contains("未読のお知らせが"));
    let (_, visitor) = app.get_text(&app.browser(), "/").await;
    assert!(visitor.contains("はじめから最後まで") && !visitor.contains("さんのページ"));
    // The API twin says the same.
    let start: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/me/start"))
        .bearer_auth(partner.token.as_ref().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(start["collaborations"][0]["id"], cid);
    assert_eq!(start["collaborations"][0]["stage"], "evaluation");
    assert!(
        start["collaborations"][0]["next_step"]
            .as_str()
            .unwrap()
            .contains("振り返りをまとめる")
    );
    assert_eq!(start["items"][0]["title"], "名簿");
    // An outsider's start is empty but says where to begin.
    let (_, outsider) = app.get_text(&w.subject(Who::Outsider).browser, "/").await;
    assert!(outsider.contains("まだ団体に所属していません"));
}
