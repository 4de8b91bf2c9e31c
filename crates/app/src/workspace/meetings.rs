//! 定例会 and 議事録: a meeting states its purpose and the issues to discuss beforehand; its
//! minutes hold the decisions, the discussion and the action items, and each party approves them.

use kyodo_domain::collaboration::meeting::{MeetingInput, MinutesInput};
use kyodo_domain::era;
use kyodo_domain::fields;
use kyodo_domain::ids::{CollaborationId, MeetingId};
use kyodo_store::Meeting;

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Error, Result, now, today};

/// Schedules a meeting (editors of a party); the parties are told.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn schedule(app: &App, actor: &Actor, id: CollaborationId, input: &MeetingInput) -> Result<MeetingId> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let m = input.parse()?;
    let mid = app.store.create_meeting(s.c.id, &m, actor.id, now()).await?;
    send(
        app,
        Some(actor),
        Notice {
            to: &s.party_ids(),
            kind: "meeting",
            text: format!(
                "「{}」の定例会（{}）が予定されました：{}",
                s.c.title,
                era::format_date(m.starts_at.date()),
                m.purpose
            ),
            link: format!("/collaborations/{}/workspace#meeting-{mid}", s.c.id),
        },
    )
    .await;
    Ok(MeetingId::new(mid))
}

/// The meeting if it belongs to this collaboration (another's does not exist here).
async fn meeting_of(app: &App, s: &CollabStanding, mid: MeetingId) -> Result<Meeting> {
    app.store
        .meetings(s.c.id)
        .await?
        .into_iter()
        .find(|m| m.id == mid.get())
        .ok_or(Error::NotFound)
}

pub async fn list(app: &App, actor: &Actor, id: CollaborationId) -> Result<(CollabStanding, Vec<Meeting>)> {
    let s = access::collaboration(app, actor, id).await?;
    let meetings = app.store.meetings(s.c.id).await?;
    Ok((s, meetings))
}

/// Saves a meeting's minutes with their action items (editors); earlier approvals are cleared.
/// The parties are asked to approve, and each item's organisation is told of its item.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %meeting))]
pub async fn save_minutes(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    meeting: MeetingId,
    input: &MinutesInput,
) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let m = meeting_of(app, &s, meeting).await?;
    let held = fields::iso_date(&m.starts_at).unwrap_or_else(today);
    let minutes = input.parse(&s.party_ids(), held)?;
    app.store.save_minutes(s.c.id, m.id, &minutes, actor.id, now()).await?;
    send(
        app,
        Some(actor),
        Notice {
            to: &s.party_ids(),
            kind: "minutes",
            text: format!(
                "「{}」の議事録（{}）ができました。内容の確認と承認をお願いします",
                s.c.title, m.purpose
            ),
            link: format!("/collaborations/{}/workspace#meeting-{}", s.c.id, m.id),
        },
    )
    .await;
    for i in &minutes.items {
        send(
            app,
            Some(actor),
            Notice {
                to: &[i.organization_id],
                kind: "item",
                text: format!(
                    "宿題「{}」（担当 {}、期限 {}）が割り当てられました",
                    i.title,
                    i.owner_name,
                    era::format_date(i.due)
                ),
                link: format!("/collaborations/{}/workspace#items", s.c.id),
            },
        )
        .await;
    }
    Ok(())
}

/// Approves a meeting's minutes for the actor's party (editors); the other parties are told.
/// `NotFound` when the meeting has no minutes yet.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %meeting))]
pub async fn approve_minutes(app: &App, actor: &Actor, id: CollaborationId, meeting: MeetingId) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let party = s.party().ok_or(Error::Forbidden)?;
    let m = meeting_of(app, &s, meeting).await?;
    app.store.approve_minutes(s.c.id, m.id, party, actor.id, now()).await?;
    let others: Vec<i64> = s.party_ids().into_iter().filter(|p| *p != party).collect();
    send(
        app,
        Some(actor),
        Notice {
            to: &others,
            kind: "minutes",
            text: format!(
                "{}が「{}」の議事録（{}）を承認しました",
                s.party_name(party),
                s.c.title,
                m.purpose
            ),
            link: format!("/collaborations/{}/workspace#meeting-{}", s.c.id, m.id),
        },
    )
    .await;
    Ok(())
}

/// The collaboration's meetings as an iCalendar file (RFC 5545), for the parties' calendars.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn calendar(app: &App, actor: &Actor, id: CollaborationId) -> Result<String> {
    let (s, meetings) = list(app, actor, id).await?;
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let parsed: Vec<(Meeting, time::PrimitiveDateTime)> = meetings
        .into_iter()
        .filter_map(|m| {
            let t = time::PrimitiveDateTime::parse(&m.starts_at, &f).ok()?;
            Some((m, t))
        })
        .collect();
    let events: Vec<kyodo_docs::ics::Event<'_>> = parsed
        .iter()
        .map(|(m, t)| kyodo_docs::ics::Event {
            uid: format!("meeting-{}-collaboration-{}@kyodo", m.id, s.c.id),
            starts_at: *t,
            summary: &m.purpose,
            location: if m.place.is_empty() {
                m.online_url.as_deref().unwrap_or("")
            } else {
                &m.place
            },
            description: &m.issues,
            url: m.online_url.as_deref(),
        })
        .collect();
    Ok(kyodo_docs::ics::calendar(&format!("{}（定例会）", s.c.title), &events))
}
