//! 支援センターへの相談: a group's editors ask the support centre that serves its municipality
//! (the guide's directory, nearest when its own has none) for help with a partner search or a
//! proposal; that centre's coordinators answer; either side writes again or closes it. Each step
//! tells the other side, in the app and by mail, with a link to the conversation.
//!
//! Who sees a request: the group's members and the centre's coordinators. Nobody else — not
//! other centres, not admins as such.

use kyodo_domain::Invalid;
use kyodo_domain::catalog::{CenterLookup, catalog};
use kyodo_domain::centre_request::{Status, Topic, message, parse_request};
use kyodo_domain::ids::OrgId;
use kyodo_store::{CentreMessage, CentreRequest};

use crate::notifications::{Notice, send, send_to_people};
use crate::{Actor, App, Error, Result, access, now};

/// Which side of a request the actor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A member of the group (`editor`: may write).
    Group { editor: bool },
    /// A coordinator of the centre.
    Centre,
}

pub struct Thread {
    pub request: CentreRequest,
    pub messages: Vec<CentreMessage>,
    pub side: Side,
}

impl Thread {
    pub fn can_write(&self) -> bool {
        self.request.status != Status::Closed.as_str()
            && matches!(self.side, Side::Centre | Side::Group { editor: true })
    }
}

fn link(id: i64) -> String {
    format!("/centre-requests/{id}#messages")
}

/// The support centre registered for the group's municipality, or why there is none.
async fn centre_for(app: &App, municipality: Option<&str>) -> Result<(i64, String)> {
    let no_centre = |detail: String| Error::Conflict {
        code: "no_centre",
        detail,
    };
    let m = municipality.ok_or_else(|| {
        no_centre(
            "団体の市町が登録されていないため、相談先のセンターが分かりません。プロフィールで市町を選んでください。"
                .into(),
        )
    })?;
    let listed = match catalog().center_for(m) {
        Some(CenterLookup::Own(c) | CenterLookup::Nearest { center: c, .. }) => c,
        None => return Err(no_centre(format!("{m}を担当する支援センターが見つかりません。"))),
    };
    app.store.support_centre_in(&listed.municipality).await?.ok_or_else(|| {
        no_centre(format!(
            "{}は kyodo にまだ参加していません。電話（{}）でご相談ください。",
            listed.name, listed.tel
        ))
    })
}

/// The actor's side of a request, or `NotFound` when they have none.
async fn side(app: &App, actor: &Actor, r: &CentreRequest) -> Result<Side> {
    if let Some((centre, _)) = app.store.centre_of(actor.id).await?
        && centre == r.centre_id
        && access::OrgStanding::of(Some(actor), None).is_staff()
    {
        return Ok(Side::Centre);
    }
    let (_, s) = access::organization(app, Some(actor), OrgId::new(r.organization_id)).await?;
    if s.is_member() {
        Ok(Side::Group {
            editor: matches!(
                s.role,
                Some(kyodo_domain::organization::MemberRole::Owner | kyodo_domain::organization::MemberRole::Editor)
            ),
        })
    } else {
        Err(Error::NotFound)
    }
}

/// Asks the group's centre (editors of the group). Returns the request's id.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn ask(app: &App, actor: &Actor, org: OrgId, topic: &str, body: &str) -> Result<i64> {
    let (o, s) = access::organization(app, Some(actor), org).await?;
    if !s.is_member() {
        return Err(Error::NotFound);
    }
    if !matches!(
        s.role,
        Some(kyodo_domain::organization::MemberRole::Owner | kyodo_domain::organization::MemberRole::Editor)
    ) {
        return Err(Error::Forbidden);
    }
    let (topic, body) = parse_request(topic, body)?;
    let (centre, _) = centre_for(app, o.municipality.as_deref()).await?;
    let id = app
        .store
        .create_centre_request(o.id, centre, topic.as_str(), &body, actor.id, now())
        .await?;
    let coordinators = app.store.centre_coordinators(centre).await?;
    send_to_people(
        app,
        Some(actor),
        &coordinators,
        "centre_request",
        format!("{}から「{}」の相談が届きました", o.name, topic.label_ja()),
        link(id),
    )
    .await;
    Ok(id)
}

/// One request with its messages, for either side.
pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<Thread> {
    let request = app.store.centre_request(id).await?.ok_or(Error::NotFound)?;
    let side = side(app, actor, &request).await?;
    let messages = app.store.centre_request_messages(id).await?;
    Ok(Thread {
        request,
        messages,
        side,
    })
}

/// A group's requests (its members).
pub async fn of_group(app: &App, actor: &Actor, org: OrgId) -> Result<Vec<CentreRequest>> {
    let (o, s) = access::organization(app, Some(actor), org).await?;
    if !s.is_member() {
        return Err(Error::NotFound);
    }
    Ok(app.store.centre_requests(Some(o.id), None).await?)
}

/// The requests to the actor's centre (its coordinators); empty without a centre.
pub async fn of_centre(app: &App, actor: &Actor) -> Result<Vec<CentreRequest>> {
    if !access::OrgStanding::of(Some(actor), None).is_staff() {
        return Err(Error::NotFound);
    }
    match app.store.centre_of(actor.id).await? {
        Some((centre, _)) => Ok(app.store.centre_requests(None, Some(centre)).await?),
        None => Ok(Vec::new()),
    }
}

/// Writes back: the centre's answer, or the group's follow-up. Tells the other side.
#[tracing::instrument(skip_all, fields(user = actor.id, id))]
pub async fn reply(app: &App, actor: &Actor, id: i64, body: &str) -> Result<()> {
    let t = get(app, actor, id).await?;
    if t.side == (Side::Group { editor: false }) {
        return Err(Error::Forbidden);
    }
    if t.request.status == Status::Closed.as_str() {
        return Err(Error::Conflict {
            code: "closed",
            detail: "この相談は終了しています。新しく相談してください。".into(),
        });
    }
    let body = message("message", body).map_err(Invalid::one)?;
    let (side, status) = match t.side {
        Side::Centre => ("centre", Status::Answered),
        Side::Group { .. } => ("group", Status::Open),
    };
    app.store
        .add_centre_message(id, side, &body, status.as_str(), actor.id, now())
        .await?;
    tell_other_side(
        app,
        actor,
        &t,
        &format!("「{}」の相談に返事がありました", topic(&t.request)),
    )
    .await
}

/// Ends the conversation (either side that may write). Tells the other side.
#[tracing::instrument(skip_all, fields(user = actor.id, id))]
pub async fn close(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let t = get(app, actor, id).await?;
    if t.side == (Side::Group { editor: false }) {
        return Err(Error::Forbidden);
    }
    if t.request.status == Status::Closed.as_str() {
        return Ok(());
    }
    app.store.close_centre_request(id, now()).await?;
    tell_other_side(
        app,
        actor,
        &t,
        &format!("「{}」の相談を終了しました", topic(&t.request)),
    )
    .await
}

fn topic(r: &CentreRequest) -> &'static str {
    Topic::parse(&r.topic).map_or("相談", Topic::label_ja)
}

async fn tell_other_side(app: &App, actor: &Actor, t: &Thread, text: &str) -> Result<()> {
    match t.side {
        Side::Centre => {
            let n = Notice {
                to: &[t.request.organization_id],
                kind: "centre_request",
                text: format!("{}：{text}", t.request.centre_name),
                link: link(t.request.id),
            };
            send(app, Some(actor), n).await;
        }
        Side::Group { .. } => {
            let coordinators = app.store.centre_coordinators(t.request.centre_id).await?;
            let text = format!("{}：{text}", t.request.organization_name);
            send_to_people(
                app,
                Some(actor),
                &coordinators,
                "centre_request",
                text,
                link(t.request.id),
            )
            .await;
        }
    }
    Ok(())
}

/// The topics a form offers: (code, label).
pub fn topics() -> Vec<(&'static str, &'static str)> {
    Topic::ALL.iter().map(|t| (t.as_str(), t.label_ja())).collect()
}
