//! Third-party opinions: a party enters one it received, or asks the third party (a prefectural
//! officer, the support centre) to write it in kyodo by a link of their own. The link opens the
//! request and nothing else, and takes one opinion; the parties are told when it is written.

use kyodo_domain::evaluation::opinion::{OpinionInput, RequestInput, WrittenInput};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::{NewOpinionRequest, StoredOpinion};

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::tokens::{hash, random_secret};
use crate::{Actor, App, Error, Result, now, today};

pub async fn list(app: &App, actor: &Actor, id: CollaborationId) -> Result<(CollabStanding, Vec<StoredOpinion>)> {
    let s = access::collaboration(app, actor, id).await?;
    let list = app.store.opinions(s.c.id).await?;
    Ok((s, list))
}

/// Enters an opinion the parties received (editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn add(app: &App, actor: &Actor, id: CollaborationId, input: &OpinionInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let o = input.parse()?;
    Ok(app.store.add_opinion(s.c.id, &o, actor.id, now()).await?)
}

/// Asks a third party for their opinion (editors): a link of their own by mail, queued with the
/// request in one transaction.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn request(app: &App, actor: &Actor, id: CollaborationId, input: &RequestInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let r = input.parse()?;
    let token = random_secret();
    let parties: Vec<String> = s.c.parties.iter().map(|p| p.name.clone()).collect();
    let subject = format!("第三者意見のお願い：{}", s.c.title);
    let when = r
        .milestone
        .map(|m| format!("（{}評価）", m.label_ja()))
        .unwrap_or_default();
    let message = if r.message.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", r.message)
    };
    let body = format!(
        "{}\n{} 様\n\n{}の協働「{}」について、第三者としてのご意見{when}をお願いします。\n\n{message}次のリンクから書いていただけます（あなた専用のリンクです。ほかの人に渡さないでください）：\n{}/o/{token}\n\nいただいたご意見は、協働の評価報告書に氏名・所属とともに載せることがあります。\n",
        r.author.organization,
        r.author.name,
        parties.join("・"),
        s.c.title,
        app.public_url
    );
    Ok(app
        .store
        .request_opinion(
            s.c.id,
            &NewOpinionRequest {
                author: &r.author,
                email: r.email.as_str(),
                milestone: r.milestone,
                message: &r.message,
                token_hash: &hash(&token),
                subject: &subject,
                body: &body,
            },
            actor.id,
            now(),
        )
        .await?)
}

/// What the holder of a link sees: the request, with the collaboration's title and parties.
pub struct Request {
    pub opinion: StoredOpinion,
    pub title: String,
    pub parties: Vec<String>,
}

pub async fn by_link(app: &App, token: &str) -> Result<Request> {
    let opinion = app.store.opinion_by_token(&hash(token)).await?.ok_or(Error::NotFound)?;
    let c = app
        .store
        .collaboration(opinion.collaboration_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Request {
        opinion,
        title: c.title,
        parties: c.parties.into_iter().map(|p| p.name).collect(),
    })
}

/// The third party writes their opinion by their link, once; the parties are told.
#[tracing::instrument(skip_all)]
pub async fn write(app: &App, token: &str, input: &WrittenInput) -> Result<()> {
    let req = by_link(app, token).await?;
    let text = input.parse()?;
    let (_, cid) = match app.store.write_opinion(&hash(token), &text, today(), now()).await {
        Err(kyodo_store::StoreError::Conflict(_)) => {
            return Err(Error::Conflict {
                code: "opinion_written",
                detail: "このリンクのご意見は、すでにいただいています。ありがとうございました。".into(),
            });
        }
        other => other?,
    };
    let c = app.store.collaboration(cid).await?.ok_or(Error::NotFound)?;
    let to: Vec<i64> = c.parties.iter().map(|p| p.organization_id).collect();
    send(
        app,
        None,
        Notice {
            to: &to,
            kind: "evaluation",
            text: format!(
                "{}（{}）から「{}」への第三者意見が届きました",
                req.opinion.author.name, req.opinion.author.organization, c.title
            ),
            link: format!("/collaborations/{cid}/opinions#opinion-{}", req.opinion.id),
        },
    )
    .await;
    Ok(())
}
