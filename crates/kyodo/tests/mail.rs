//! Outbox delivery over SMTP, against a small SMTP server on a loopback port.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use std::sync::{Arc, Mutex};

use kyodo_domain::organization::MemberRole;
use kyodo_store::{NewInvitation, Store};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts SMTP sessions and keeps each message's envelope recipient and data.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let keep = got.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let (mut rcpt, mut data, mut in_data) = (String::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            keep.lock().unwrap().push((rcpt.clone(), data.clone()));
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt = line[8..].trim().trim_matches(['<', '>']).to_owned();
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        data.clear();
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, got)
}

async fn store_with_one_invitation() -> (Store, kyodo_test_support::TestDb) {
    let db = kyodo_test_support::TestDb::sqlite();
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let email = kyodo_domain::account::Email::parse("e", "owner@example.jp").unwrap();
    let owner = store
        .create_user(&email, "O", "h", kyodo_domain::account::SiteRole::User, 1)
        .await
        .unwrap();
    let new = kyodo_domain::organization::NewOrganization::parse(&kyodo_domain::organization::OrganizationInput {
        kind: "voluntary_group".into(),
        name: "会".into(),
        ..Default::default()
    })
    .unwrap();
    let org = store.create_organization(&new, owner, 1).await.unwrap();
    let inv = NewInvitation {
        organization_id: org,
        email: "editor@example.jp",
        role: MemberRole::Editor,
        token_hash: "h",
        invited_by: owner,
        expires_at: i64::MAX,
        subject: "【kyodo】会への招待",
        body: "次のリンクから参加してください：\nhttp://127.0.0.1:8080/invitations/abc",
    };
    store.create_invitation(&inv, 2).await.unwrap();
    (store, db)
}

#[tokio::test]
async fn queued_mail_is_sent_once_and_marked() {
    let (port, got) = smtp_sink().await;
    let (store, _db) = store_with_one_invitation().await;
    let mailer = kyodo::mail::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "kyodo <noreply@example.jp>").unwrap();
    assert_eq!(kyodo::mail::deliver_once(&store, &mailer, 10).await.unwrap(), (1, 0));
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "editor@example.jp");
    assert!(
        got[0].1.contains("Subject: =?utf-8?"),
        "the Japanese subject is encoded: {}",
        got[0].1
    );
    assert!(store.unsent_mail(10).await.unwrap().is_empty(), "marked as sent");
    assert_eq!(
        kyodo::mail::deliver_once(&store, &mailer, 10).await.unwrap(),
        (0, 0),
        "not sent twice"
    );
}

#[tokio::test]
async fn mail_stays_queued_while_the_server_is_down() {
    let (store, _db) = store_with_one_invitation().await;
    // Nothing listens on this port: the attempt fails and the mail waits for the next one.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = kyodo::mail::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "noreply@example.jp").unwrap();
    assert_eq!(kyodo::mail::deliver_once(&store, &mailer, 10).await.unwrap(), (0, 1));
    assert_eq!(store.unsent_mail(10).await.unwrap().len(), 1);
}
