//! The national NPO registry's records, as kyodo keeps them.

use super::OrgKind;

/// One 法人 from the national NPO registry, as kyodo stores it (read by `kyodo-import`, written by
/// the store).
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryRecord {
    /// `npo:<法人番号>`.
    pub external_id: String,
    pub kind: OrgKind,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: Option<String>,
    pub municipality: Option<String>,
    pub address: Option<String>,
    /// Personal data: never shown publicly unless the 法人 opts in after claiming its profile.
    pub representative: Option<String>,
    pub founded: Option<String>,
    pub mission: Option<String>,
    pub activities: Option<String>,
    pub fields: Vec<u8>,
    pub dissolved_on: Option<String>,
    pub website: Option<String>,
}
