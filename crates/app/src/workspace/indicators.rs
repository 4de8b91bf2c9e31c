//! 指標 (KPI): the agreed targets, with progress entries and a track against the straight path
//! from the baseline to the target.

use kyodo_domain::collaboration::indicator::{self, EntryInput, Track};
use kyodo_domain::fields;
use kyodo_domain::ids::{CollaborationId, IndicatorId};
use kyodo_store::Indicator;

use crate::{Actor, App, Error, Result, access, now};

/// Records a progress entry (editors of a party).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %indicator))]
pub async fn record(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    indicator: IndicatorId,
    input: &EntryInput,
) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let entry = input.parse()?;
    Ok(app
        .store
        .add_indicator_entry(s.c.id, indicator.get(), &entry, actor.id, now())
        .await?)
}

/// One indicator of the collaboration, for a party member or invited coordinator.
pub async fn get(app: &App, actor: &Actor, id: CollaborationId, indicator: IndicatorId) -> Result<Indicator> {
    let s = access::collaboration(app, actor, id).await?;
    app.store
        .indicators(s.c.id)
        .await?
        .into_iter()
        .find(|k| k.id == indicator.get())
        .ok_or(Error::NotFound)
}

/// The entries as dates and values, oldest first (unreadable dates are skipped).
pub fn points(k: &Indicator) -> Vec<(time::Date, f64)> {
    k.entries
        .iter()
        .filter_map(|(d, v, _)| Some((fields::iso_date(d)?, *v)))
        .collect()
}

/// Whether the latest entry is on the way to the target.
pub fn track(k: &Indicator) -> Track {
    match (fields::iso_date(&k.start_date), fields::iso_date(&k.due)) {
        (Some(start), Some(due)) => indicator::track(k.baseline, k.target, start, due, &points(k)),
        _ => Track::NoData,
    }
}

/// The indicator's progress as an SVG chart with its text alternative (`None` when its dates do
/// not read).
pub fn chart_svg(k: &Indicator) -> Option<String> {
    let (start, due) = (fields::iso_date(&k.start_date)?, fields::iso_date(&k.due)?);
    Some(kyodo_docs::chart::progress_svg(&kyodo_docs::chart::ChartInput {
        name: &k.name,
        unit: &k.unit,
        baseline: k.baseline,
        target: k.target,
        start,
        due,
        entries: &points(k),
    }))
}
