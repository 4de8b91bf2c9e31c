//! Facet counts: for each filter, how many matches carry each value, over every match (not only
//! the page shown). Counted by tantivy's terms aggregation over the filters' columnar fields.

use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, AggregationResults, BucketResult};
use tantivy::aggregation::{AggContextParams, AggregationCollector, Key};

use super::Facet;

/// (facet name = field name, how many values to report). Municipalities are many nationally; the
/// others are short closed lists.
const FACETS: [(&str, u32); 8] = [
    ("doc", 5),
    ("kind", 10),
    ("municipality", 30),
    ("field", 20),
    ("sdg", 17),
    ("resource", 15),
    ("direction", 2),
    ("verified", 2),
];

pub(super) fn collector() -> AggregationCollector {
    let request: serde_json::Map<String, serde_json::Value> = FACETS
        .iter()
        .map(|(name, size)| {
            (
                (*name).to_owned(),
                serde_json::json!({ "terms": { "field": name, "size": size, "min_doc_count": 1 } }),
            )
        })
        .collect();
    // The request is built from constants above; it always parses (covered by the tests).
    let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(request)).unwrap_or_default();
    AggregationCollector::from_aggs(aggs, AggContextParams::default())
}

pub(super) fn read(results: AggregationResults) -> Vec<Facet> {
    FACETS
        .iter()
        .map(|(name, _)| {
            let values = match results.0.get(*name) {
                Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => buckets
                    .iter()
                    .map(|b| {
                        let key = match &b.key {
                            Key::Str(s) => s.clone(),
                            Key::U64(n) => n.to_string(),
                            Key::I64(n) => n.to_string(),
                            Key::F64(f) => format!("{f:.0}"),
                        };
                        (key, b.doc_count)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Facet { name, values }
        })
        .collect()
}
