//! What the search index holds for each record, and the two ways of writing it: a rebuild from
//! scratch, and the documents of a set of changed records. The [`super::indexer`] decides when.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use kyodo_domain::listing::ListingStatus;
use kyodo_search::{DocKind, Document, Mark, SearchIndex};
use kyodo_store::{Changed, Listing, Organization, Store};

fn org_doc(o: &Organization, verified: bool) -> Option<Document> {
    if o.dissolved_on.is_some() {
        return None;
    }
    // Public text only: contact persons and addresses are never indexed.
    let body = [
        o.name_kana.as_deref(),
        o.mission.as_deref(),
        o.activities.as_deref(),
        o.csr_policy.as_deref(),
        Some(&o.strengths.join(" ")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    Some(Document {
        kind: DocKind::Organization,
        id: o.id,
        org_id: o.id,
        org_name: o.name.clone(),
        org_kind: Some(o.kind),
        municipality: o.municipality.clone(),
        fields: o.fields.clone(),
        sdgs: o.sdgs.clone(),
        resources: Vec::new(),
        direction: None,
        verified,
        title: o.name.clone(),
        body,
    })
}

fn listing_doc(l: &Listing, org: &Organization, verified: bool) -> Option<Document> {
    if l.status == ListingStatus::Closed || org.dissolved_on.is_some() {
        return None;
    }
    Some(Document {
        kind: DocKind::Listing,
        id: l.id,
        org_id: org.id,
        org_name: org.name.clone(),
        org_kind: Some(org.kind),
        municipality: l.municipality.clone().or_else(|| org.municipality.clone()),
        fields: l.fields.clone(),
        sdgs: l.sdgs.clone(),
        resources: l.resources.iter().map(|r| r.as_str().to_owned()).collect(),
        direction: Some(l.direction.as_str().to_owned()),
        verified,
        title: l.title.clone(),
        body: l.description.clone().unwrap_or_default(),
    })
}

/// The guide's case studies: part of every build of the index (they change only with the product).
fn guide_case_docs() -> impl Iterator<Item = Document> {
    kyodo_domain::catalog::catalog().cases.iter().map(|c| Document {
        kind: DocKind::Case,
        id: i64::from(c.number),
        org_id: 0,
        org_name: c.parties.join("・"),
        org_kind: None,
        municipality: None,
        fields: Vec::new(),
        sdgs: Vec::new(),
        resources: Vec::new(),
        direction: None,
        verified: false,
        title: c.title.clone(),
        body: [
            c.field.as_str(),
            &c.parties.join("\n"),
            &c.overview,
            &c.contents.join("\n"),
            &c.outcomes.join("\n"),
        ]
        .join("\n"),
    })
}

/// Re-indexes the guide's case studies, so an existing index carries this version's text.
pub async fn refresh_guide_cases(index: &Arc<SearchIndex>) -> anyhow::Result<()> {
    let Some(mark) = index.mark() else {
        return Ok(());
    };
    let index = index.clone();
    blocking(move || {
        let changes: Vec<(DocKind, i64, Option<Document>)> =
            guide_case_docs().map(|d| (DocKind::Case, d.id, Some(d))).collect();
        index.apply(&changes, &mark)?;
        Ok(())
    })
    .await
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f).await?
}

/// Rebuilds the whole index from the database, marking it with the database's id, the log's end
/// read before the records (so nothing written meanwhile is skipped) and the rebuild request
/// served. Returns the number of documents.
pub async fn rebuild(store: &Store, index: &Arc<SearchIndex>, rebuild_request: i64) -> anyhow::Result<u64> {
    let feed = store.search_feed_state().await?;
    let mark = Mark {
        database: feed.database_id,
        position: feed.log_end,
        rebuild_request: rebuild_request.max(feed.rebuild_request),
    };
    let (orgs, listings) = store.all_for_search().await?;
    let verified = store.verified_ids().await?;
    let by_id: HashMap<i64, &Organization> = orgs.iter().map(|o| (o.id, o)).collect();
    let mut docs: Vec<Document> = orgs
        .iter()
        .filter_map(|o| org_doc(o, verified.contains(&o.id)))
        .collect();
    docs.extend(listings.iter().filter_map(|l| {
        let o = by_id.get(&l.organization_id)?;
        listing_doc(l, o, verified.contains(&o.id))
    }));
    docs.extend(guide_case_docs());
    let index = index.clone();
    blocking(move || {
        index.replace_all(docs, &mark)?;
        Ok(index.doc_count())
    })
    .await
}

/// Writes the current documents of the changed records (removing those gone or no longer public)
/// and moves the index to `mark`. A changed organisation re-indexes its listings too: they carry
/// its name, town and verification.
pub async fn apply_changed(
    store: &Store,
    index: &Arc<SearchIndex>,
    changed: &HashSet<Changed>,
    mark: Mark,
) -> anyhow::Result<()> {
    let org_ids: Vec<i64> = changed
        .iter()
        .filter_map(|c| match c {
            Changed::Organization(id) => Some(*id),
            Changed::Listing(_) => None,
        })
        .collect();
    let listing_ids: Vec<i64> = changed
        .iter()
        .filter_map(|c| match c {
            Changed::Listing(id) => Some(*id),
            Changed::Organization(_) => None,
        })
        .collect();
    let listings = store.listings_for_search(&listing_ids, &org_ids).await?;
    let mut need: Vec<i64> = org_ids.clone();
    need.extend(listings.iter().map(|l| l.organization_id));
    need.sort_unstable();
    need.dedup();
    let orgs: HashMap<i64, Organization> = store
        .organizations_by_ids(&need)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let verified = store.verified_among(&need).await?;
    let mut changes: Vec<(DocKind, i64, Option<Document>)> = Vec::new();
    for id in &org_ids {
        let doc = orgs.get(id).and_then(|o| org_doc(o, verified.contains(id)));
        changes.push((DocKind::Organization, *id, doc));
    }
    let found: HashSet<i64> = listings.iter().map(|l| l.id).collect();
    for l in &listings {
        let doc = orgs
            .get(&l.organization_id)
            .and_then(|o| listing_doc(l, o, verified.contains(&o.id)));
        changes.push((DocKind::Listing, l.id, doc));
    }
    for id in listing_ids.iter().filter(|id| !found.contains(id)) {
        changes.push((DocKind::Listing, *id, None));
    }
    let index = index.clone();
    blocking(move || Ok(index.apply(&changes, &mark)?)).await
}
