//! The case library as the public reads it: the guide's cases first, then those published from
//! kyodo (newest first); found by the same Japanese folding as search (as written, written
//! another way, by reading); filtered by facets that combine; each case with its related cases.
//! An unpublished or withdrawn case is not here for anyone, the parties included.

use kyodo_domain::case_study::CaseStudy;
use kyodo_domain::case_study::library::{CaseFilter, Facet, LibraryCase, facets, like, related};
use kyodo_search::text::{finds, query_words};

use crate::{App, Error, Result};

/// The published cases the library holds at most; beyond it the oldest are left out of the
/// lists (still readable at their address).
const LIBRARY_MAX: i64 = 2000;

/// Every case in the library, the guide's first.
pub async fn all(app: &App) -> Result<Vec<LibraryCase>> {
    let mut cases = LibraryCase::guide();
    for c in app.store.published_case_studies(LIBRARY_MAX).await? {
        cases.push(LibraryCase::from_study(c.id, &c.content));
    }
    Ok(cases)
}

pub struct Found {
    pub cases: Vec<LibraryCase>,
    pub facets: Vec<Facet>,
    /// Some cases were found only by the words' reading or another writing.
    pub by_reading: bool,
}

/// The cases that hold every filter and every word of `f.q`; those with the words as written
/// first.
pub async fn search(app: &App, f: &CaseFilter) -> Result<Found> {
    let words = query_words(&f.q);
    let mut hits: Vec<(u8, usize, LibraryCase)> = all(app)
        .await?
        .into_iter()
        .enumerate()
        .filter(|(_, c)| f.admits(c))
        .filter_map(|(i, c)| finds(&c.text(), &words).map(|rank| (rank, i, c)))
        .collect();
    hits.sort_by_key(|(rank, i, _)| (*rank, *i));
    let by_reading = hits.iter().any(|(rank, _, _)| *rank > 0);
    let cases: Vec<LibraryCase> = hits.into_iter().map(|(_, _, c)| c).collect();
    let listed: Vec<&LibraryCase> = cases.iter().collect();
    Ok(Found {
        facets: facets(&listed, f),
        cases,
        by_reading,
    })
}

pub struct PublicCase {
    pub id: i64,
    pub content: CaseStudy,
    pub updated_at: i64,
    pub related: Vec<LibraryCase>,
}

/// A published case and the library's cases most like it; `NotFound` when it is not public
/// (never published, changed since, or withdrawn), as if there were none.
pub async fn case(app: &App, id: i64) -> Result<PublicCase> {
    let c = app.store.published_case_study(id).await?.ok_or(Error::NotFound)?;
    let me = LibraryCase::from_study(c.id, &c.content);
    let everything = all(app).await?;
    let related = related(&me, &everything, 3).into_iter().cloned().collect();
    Ok(PublicCase {
        id: c.id,
        content: c.content,
        updated_at: c.updated_at,
        related,
    })
}

/// "Cases like this" for a collaboration being planned or a pair being matched.
pub async fn like_this(
    app: &App,
    field: &str,
    collaboration_type: &str,
    kinds: &[&str],
    resources: &[String],
) -> Result<Vec<LibraryCase>> {
    let everything = all(app).await?;
    Ok(like(&everything, field, collaboration_type, kinds, resources, 3)
        .into_iter()
        .cloned()
        .collect())
}

/// The library's cases of one collaboration type, for the type advisor's answer.
pub async fn of_type(app: &App, t: kyodo_domain::collaboration::CollaborationType) -> Result<Vec<LibraryCase>> {
    like_this(app, "", t.label_ja(), &[], &[]).await
}

/// A published case as an A4 PDF, laid out off the async threads. `NotFound` unless public.
pub async fn pdf(app: &App, id: i64) -> Result<Vec<u8>> {
    let c = app.store.published_case_study(id).await?.ok_or(Error::NotFound)?;
    let footer = format!(
        "kyodo 協働事例集　{}更新　{}/cases/{}",
        kyodo_domain::era::format_unix_date(c.updated_at),
        app.public_url,
        c.id
    );
    tokio::task::spawn_blocking(move || kyodo_docs::case::case_pdf(&c.content, &footer))
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?
        .map_err(|e| Error::Unavailable(e.to_string()))
}
