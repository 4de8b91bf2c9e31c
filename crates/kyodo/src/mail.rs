//! Delivering the outbox over SMTP. Mail is written to the outbox in the same transaction as what
//! caused it; this sends it afterwards and records the result, so nothing is lost when the mail
//! server is down — it is tried again.

use std::time::Duration;

use anyhow::Context;
use kyodo_store::Store;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(|| format!("SMTP の URL {} を使えません", kyodo_store::redact(url)))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .with_context(|| format!("送信元アドレス「{from}」が正しくありません"))?;
        Ok(Self { transport, from })
    }
}

/// Sends what is waiting (up to `batch`); returns (sent, failed).
pub async fn deliver_once(store: &Store, mailer: &Mailer, batch: i64) -> anyhow::Result<(usize, usize)> {
    let mut sent = 0;
    let mut failed = 0;
    for mail in store.unsent_mail(batch).await? {
        let message = mail
            .to_email
            .parse::<Mailbox>()
            .map_err(anyhow::Error::from)
            .and_then(|to| {
                Message::builder()
                    .from(mailer.from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body.clone())
                    .map_err(anyhow::Error::from)
            });
        let result = match message {
            Ok(m) => mailer.transport.send(m).await.map(|_| ()).map_err(anyhow::Error::from),
            Err(e) => Err(e),
        };
        let now = crate::commands::now();
        match result {
            Ok(()) => {
                store.mark_mail(mail.id, Some(now), None).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(mail = mail.id, error = %e, "sending mail failed; will retry");
                store.mark_mail(mail.id, None, Some(&e.to_string())).await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Runs for the life of the server.
pub async fn deliver_forever(store: Store, mailer: Mailer) {
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    loop {
        tick.tick().await;
        if let Err(e) = deliver_once(&store, &mailer, 50).await {
            tracing::warn!(error = %e, "outbox delivery failed");
        }
    }
}
