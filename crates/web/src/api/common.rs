//! Views shared by the collaboration, agreement and workspace APIs.

use kyodo_store::{CollaborationRecord, StageEvent};
use serde::Serialize;
use utoipa::ToSchema;

use crate::format::rfc3339;

#[derive(Serialize, ToSchema)]
pub struct PartyView {
    organization_id: i64,
    name: String,
    /// The organisation that started the collaboration.
    lead: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CollaborationView {
    id: i64,
    title: String,
    /// One of `theme`, `partner`, `proposal`, `negotiation`, `agreement`, `running`,
    /// `evaluation`, `completed`, `declined`.
    stage: String,
    /// The stage in Japanese (e.g. 「実施」).
    stage_label: String,
    theme_id: Option<i64>,
    proposal_id: Option<i64>,
    parties: Vec<PartyView>,
    created_at: String,
    updated_at: String,
}

impl From<&CollaborationRecord> for CollaborationView {
    fn from(c: &CollaborationRecord) -> Self {
        Self {
            id: c.id,
            title: c.title.clone(),
            stage: c.stage.as_str().into(),
            stage_label: c.stage.label_ja().into(),
            theme_id: c.theme_id,
            proposal_id: c.proposal_id,
            parties: c
                .parties
                .iter()
                .map(|p| PartyView {
                    organization_id: p.organization_id,
                    name: p.name.clone(),
                    lead: p.lead,
                })
                .collect(),
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StageEventView {
    /// Absent for the first stage.
    from: Option<String>,
    to: String,
    reason: Option<String>,
    /// Who moved it (a person's display name).
    by: Option<String>,
    at: String,
}

impl From<StageEvent> for StageEventView {
    fn from(e: StageEvent) -> Self {
        Self {
            from: e.from.map(|s| s.as_str().into()),
            to: e.to.as_str().into(),
            reason: e.reason,
            by: e.by,
            at: rfc3339(e.at),
        }
    }
}

/// A created record's id.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

pub use crate::files::download;
