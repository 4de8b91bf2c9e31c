//! Reading and writing whole data sets: the national NPO registry and the interchange format
//! (the operator at the command line). Each import is checked whole first and written in one
//! transaction; a profile its own people have claimed keeps their edits (the store's upsert).

use kyodo_domain::interchange::{LineError, Parsed, Record};
use kyodo_domain::organization::registry::RegistryRecord;
use kyodo_store::ImportSummary;

use crate::{App, Result, now};

/// Called now and then with the number of records written so far.
pub type Progress<'a> = &'a (dyn Fn(usize) + Sync);

/// Imports the registry's records (upserts keyed by 法人番号). Returns how many were written.
#[tracing::instrument(skip_all, fields(records = records.len()))]
pub async fn registry(app: &App, records: &[RegistryRecord], progress: Progress<'_>) -> Result<usize> {
    Ok(app.store.import_registry(records, now(), progress).await?)
}

/// Imports an interchange file already parsed; the line errors when a record refers to what is
/// not there (nothing is written then).
#[tracing::instrument(skip_all, fields(records = parsed.records.len()))]
pub async fn interchange(
    app: &App,
    parsed: &Parsed,
    progress: Progress<'_>,
) -> Result<Result<ImportSummary, Vec<LineError>>> {
    Ok(app.store.import_with_progress(parsed, now(), progress).await?)
}

/// Every organisation and listing in the interchange format.
pub async fn export(app: &App) -> Result<Vec<Record>> {
    Ok(app.store.export().await?)
}
