//! The main records as they are stored and read back: an organisation, a listing, a proposal
//! and its versions, a collaboration with its parties, the agreement's versions, meetings with
//! their minutes, action items, indicators and PDCA cycles. Plain data (ids as stored, times as
//! UTC unix seconds); the store maps rows to them in one place per type, and every layer above
//! speaks them.

use crate::collaboration::CollaborationType;
use crate::collaboration::agreement::Agreement;
use crate::collaboration::cycle::Cycle;
use crate::collaboration::stage::Stage;
use crate::listing::{Direction, ListingStatus, Resource};
use crate::organization::OrgKind;
use crate::organization::profile::Profile;
use crate::proposal::ProposalContent;

/// A whole organisation record. Personal data (representative, e-mail, phone) is here; the web
/// layer decides who may see it.
#[derive(Debug, Clone)]
pub struct Organization {
    pub id: i64,
    pub external_id: Option<String>,
    pub kind: OrgKind,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipality: Option<String>,
    pub address: Option<String>,
    pub founded: Option<String>,
    pub members: Option<i64>,
    pub employees: Option<i64>,
    pub representative: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub public_contact: bool,
    pub mission: Option<String>,
    pub activities: Option<String>,
    pub strengths: Vec<String>,
    pub csr_policy: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub awards: Vec<String>,
    pub social_links: Vec<String>,
    pub open_types: Vec<CollaborationType>,
    pub csr_department: Option<String>,
    /// Set for NPO法人 the registry lists as dissolved (kept for history).
    pub dissolved_on: Option<String>,
    /// `web`, `interchange` or `npo_portal`: imported records can be claimed by their people.
    pub source: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Organization {
    /// The profile as the domain sees it (for disclosure and editing).
    pub fn profile(&self) -> Profile {
        Profile {
            kind: Some(self.kind),
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            municipality: self.municipality.clone(),
            address: self.address.clone(),
            founded: self.founded.clone(),
            members: self.members.and_then(|n| u64::try_from(n).ok()),
            employees: self.employees.and_then(|n| u64::try_from(n).ok()),
            representative: self.representative.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            public_contact: self.public_contact,
            mission: self.mission.clone(),
            activities: self.activities.clone(),
            strengths: self.strengths.clone(),
            csr_policy: self.csr_policy.clone(),
            csr_department: self.csr_department.clone(),
            fields: self.fields.clone(),
            sdgs: self.sdgs.clone(),
            awards: self.awards.clone(),
            social_links: self.social_links.clone(),
            open_types: self.open_types.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Listing {
    pub id: i64,
    pub external_id: Option<String>,
    pub organization_id: i64,
    pub direction: Direction,
    pub resources: Vec<Resource>,
    pub title: String,
    pub description: Option<String>,
    pub municipality: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub status: ListingStatus,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct ProposalSummary {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub partner_id: Option<i64>,
    pub theme_id: Option<i64>,
    pub title: String,
    pub latest_version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct ProposalVersion {
    pub version: i64,
    pub content: ProposalContent,
    pub note: Option<String>,
    pub author_id: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct Party {
    pub organization_id: i64,
    pub name: String,
    pub lead: bool,
}

#[derive(Debug, Clone)]
pub struct CollaborationRecord {
    pub id: i64,
    pub title: String,
    pub theme_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub stage: Stage,
    pub parties: Vec<Party>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct StoredAgreement {
    pub version: i64,
    pub agreement: Agreement,
    pub created_at: i64,
    /// Organisations that confirmed this version, with when.
    pub confirmed_by: Vec<(i64, i64)>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub collaboration_id: i64,
    /// `YYYY-MM-DDTHH:MM`, local time of the parties.
    pub starts_at: String,
    pub place: String,
    pub online_url: Option<String>,
    pub purpose: String,
    pub issues: String,
    pub participants: String,
    pub decisions: Option<String>,
    pub discussion: Option<String>,
    pub minutes_at: Option<i64>,
    pub approved_by: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct ActionItem {
    pub id: i64,
    pub collaboration_id: i64,
    pub collaboration_title: String,
    pub meeting_id: Option<i64>,
    pub title: String,
    pub owner_name: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub due: String,
    pub done: bool,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub start_date: String,
    pub due: String,
    pub method: String,
    /// (date, value, source), oldest first.
    pub entries: Vec<(String, f64, String)>,
}

#[derive(Debug, Clone)]
pub struct StoredCycle {
    pub id: i64,
    pub number: i64,
    pub cycle: Cycle,
    pub updated_at: i64,
}
