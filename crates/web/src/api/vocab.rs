//! The vocabularies the API's inputs accept, for the OpenAPI document: each list is taken from the
//! domain's own (the organisation kinds, Yamaguchi's municipalities, the resource codes, stages,
//! channels, roles), so the document says exactly what the server takes and cannot drift from it.

use kyodo_domain::catalog::catalog;
use kyodo_domain::collaboration::CollaborationType;
use kyodo_domain::collaboration::approach::Channel;
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::listing::Resource;
use kyodo_domain::organization::{MemberRole, OrgKind};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};

fn choice(values: impl IntoIterator<Item = String>, optional: bool) -> ObjectBuilder {
    let mut all: Vec<String> = values.into_iter().collect();
    if optional {
        all.insert(0, String::new());
    }
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(all))
}

fn schema(b: ObjectBuilder) -> RefOr<Schema> {
    RefOr::T(Schema::Object(b.build()))
}

fn numbers(max: i32, description: &str) -> RefOr<Schema> {
    let item = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(max));
    RefOr::T(Schema::Array(
        ArrayBuilder::new()
            .items(item)
            .max_items(Some(usize::try_from(max).unwrap_or(0)))
            .description(Some(description))
            .build(),
    ))
}

/// One of the seven kinds of organisation.
pub fn org_kind() -> RefOr<Schema> {
    schema(choice(OrgKind::ALL.iter().map(|k| k.as_str().to_owned()), false))
}

/// One of Yamaguchi's 19 municipalities, or empty.
pub fn municipality() -> RefOr<Schema> {
    let names = catalog().municipalities.iter().map(|m| m.name.clone());
    schema(choice(names, true).description(Some("山口県の市町（19）、または空")))
}

/// `need` (ニーズ) or `offer` (提供).
pub fn direction() -> RefOr<Schema> {
    schema(choice(["need".to_owned(), "offer".to_owned()], false))
}

/// `open` (the default when empty) or `closed`.
pub fn listing_status() -> RefOr<Schema> {
    schema(choice(["open".to_owned(), "closed".to_owned()], true))
}

/// One or more resource codes (人・モノ・金・情報, refined).
pub fn resources() -> RefOr<Schema> {
    let item = choice(Resource::codes().into_iter().map(str::to_owned), false);
    RefOr::T(Schema::Array(
        ArrayBuilder::new().items(item).min_items(Some(1)).build(),
    ))
}

/// Activity fields by number (1–20, as the white paper numbers them).
pub fn activity_fields() -> RefOr<Schema> {
    numbers(20, "活動分野の番号（1〜20）")
}

/// SDGs by number (1–17).
pub fn sdgs() -> RefOr<Schema> {
    numbers(17, "SDGs の目標番号（1〜17）")
}

/// A stage of a collaboration.
pub fn stage() -> RefOr<Schema> {
    let all = Stage::PATH.into_iter().chain([Stage::Declined]);
    schema(choice(all.map(|s| s.as_str().to_owned()), false))
}

/// How a contact was made.
pub fn channel() -> RefOr<Schema> {
    schema(choice(Channel::ALL.iter().map(|c| c.as_str().to_owned()), false))
}

/// A member's role.
pub fn member_role() -> RefOr<Schema> {
    let all = [MemberRole::Owner, MemberRole::Editor, MemberRole::Viewer];
    schema(choice(all.iter().map(|r| r.as_str().to_owned()), false))
}

/// One of the guide's six collaboration types.
/// A collaboration type, or empty when none was chosen.
pub fn collaboration_type_or_empty() -> RefOr<Schema> {
    schema(choice(
        CollaborationType::ALL.iter().map(|t| t.as_str().to_owned()),
        true,
    ))
}

pub fn collaboration_type() -> RefOr<Schema> {
    schema(choice(
        CollaborationType::ALL.iter().map(|t| t.as_str().to_owned()),
        false,
    ))
}
