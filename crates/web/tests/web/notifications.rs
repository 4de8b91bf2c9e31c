//! Following a notification marks it read and lands on the exact place it is about; nobody else
//! can open it.

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
