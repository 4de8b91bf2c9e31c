//! The white paper's indicators computed from kyodo: refreshed by a job (every hour and on
//! demand), read by pages, files and the API. Nothing is computed on a request unless no
//! snapshot exists yet (a new installation's first visitor).

use kyodo_domain::catalog::catalog;
use kyodo_domain::statistics::{Statistics, compute};

use crate::{App, Result, now};

/// Computes every figure from the records and replaces the snapshot. Returns it.
pub async fn refresh(app: &App) -> Result<Statistics> {
    let facts = app.store.statistics_facts().await?;
    let towns: Vec<String> = catalog().municipalities.iter().map(|m| m.name.clone()).collect();
    let at = now();
    let s = tokio::task::spawn_blocking(move || compute(&facts, &towns, at))
        .await
        .map_err(|e| crate::Error::Unavailable(e.to_string()))?;
    app.store.save_statistics(&s).await?;
    Ok(s)
}

/// The latest snapshot (already suppressed).
pub async fn latest(app: &App) -> Result<Statistics> {
    match app.store.statistics().await? {
        Some(s) => Ok(s),
        None => refresh(app).await,
    }
}

/// The figures as CSV (UTF-8 with BOM, CRLF), the white paper's survey first.
pub async fn csv(app: &App) -> Result<(String, String)> {
    use kyodo_domain::csv::{BOM, line};
    use kyodo_domain::statistics::export::{HEADER, rows};
    let s = latest(app).await?;
    let mut out = format!("{BOM}{}\r\n", line(&HEADER.map(String::from)));
    for r in rows(&s) {
        out.push_str(&line(&r));
        out.push_str("\r\n");
    }
    Ok((file_name(&s, "csv"), out))
}

/// The same table as an Excel workbook (numbers as numbers), written to a temporary file.
pub async fn xlsx(app: &App) -> Result<(String, std::fs::File)> {
    use kyodo_domain::statistics::export::{HEADER, NUMERIC, rows};
    let s = latest(app).await?;
    let name = file_name(&s, "xlsx");
    let file = tokio::task::spawn_blocking(move || {
        let header = HEADER.map(String::from);
        let mut wb = kyodo_docs::responses::ResponsesWorkbook::named("協働の統計", &header, NUMERIC.to_vec())?;
        for r in rows(&s) {
            wb.push(&r)?;
        }
        wb.finish()
    })
    .await
    .map_err(|e| crate::Error::Unavailable(e.to_string()))?
    .map_err(|e| crate::Error::Unavailable(e.to_string()))?;
    Ok((name, file))
}

fn file_name(s: &Statistics, ext: &str) -> String {
    let day = kyodo_domain::era::format_unix_sortable(s.computed_at);
    format!(
        "kyodo-statistics-{}.{ext}",
        day.get(..10).unwrap_or("").replace('-', "")
    )
}
