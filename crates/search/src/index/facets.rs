//! Facet counts: for each filter, how many matches carry each value, over every match (not only
//! the page shown).
//!
//! A common word matches a sixth of the index nationally, so counting must cost a few operations
//! a document. The closed facets (type, kind, field, SDG, resource, direction, verified: 61
//! values) are one bit each of one number per document, read from a dense column; the
//! municipality, an open list, is one term of a second dense column. Counts are kept by bit and
//! by term ordinal, and turned into text only at the end.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use kyodo_domain::listing::Resource;
use kyodo_domain::organization::OrgKind;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{DocKind, Facet};

/// (facet name, how many values to report). Municipalities are many nationally; the others are
/// short closed lists.
const FACETS: [(&str, usize); 8] = [
    ("doc", 5),
    ("kind", 10),
    ("municipality", 30),
    ("field", 20),
    ("sdg", 17),
    ("resource", 15),
    ("direction", 2),
    ("verified", 2),
];

const MUNICIPALITY: usize = 2;

/// Every value a closed facet can take, in bit order: (index in [`FACETS`], value).
static CLOSED: LazyLock<Vec<(usize, String)>> = LazyLock::new(|| {
    let mut v: Vec<(usize, String)> = Vec::new();
    for k in [DocKind::Organization, DocKind::Listing, DocKind::Case] {
        v.push((0, k.as_str().into()));
    }
    v.extend(OrgKind::ALL.iter().map(|k| (1, k.as_str().to_owned())));
    v.extend((1..=20).map(|n: u8| (3, n.to_string())));
    v.extend((1..=17).map(|n: u8| (4, n.to_string())));
    v.extend(Resource::codes().into_iter().map(|c| (5, c.to_owned())));
    v.extend(["need", "offer"].map(|d| (6, d.to_owned())));
    v.push((7, "1".into()));
    v
});

/// The column of closed-facet bits. Its name carries the values' fingerprint, so an index
/// written with other values (a resource added to the catalog) has another layout and is rebuilt.
pub(super) static BITS_FIELD: LazyLock<String> = LazyLock::new(|| {
    // FNV-1a: stable across builds, unlike the standard library's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (facet, value) in CLOSED.iter() {
        for b in FACETS[*facet].0.bytes().chain([b'=']).chain(value.bytes()).chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("facet_bits_{h:016x}")
});

/// The column of municipalities (empty for none, so every document has one and it stays dense).
pub(super) const TOWN_FIELD: &str = "facet_town";

/// The bits of a document's closed-facet values (a value outside the lists is not counted).
pub(super) fn bits(values: &[(&str, &str)]) -> u64 {
    values
        .iter()
        .filter_map(|(name, value)| {
            CLOSED
                .iter()
                .position(|(f, v)| FACETS[*f].0 == *name && v == value)
                .filter(|i| *i < 64)
        })
        .fold(0, |bits, i| bits | 1 << i)
}

pub(super) struct FacetCounts;

pub(super) struct SegmentCounts {
    bits: Arc<dyn ColumnValues<u64>>,
    towns: Option<StrColumn>,
    by_bit: [u32; 64],
    by_town: Vec<u32>,
}

/// Per facet (in the order of [`FACETS`]), its values with counts.
type Counts = Vec<HashMap<String, u64>>;

impl Collector for FacetCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounts> {
        let fast = segment.fast_fields();
        let towns = fast.str(TOWN_FIELD)?;
        Ok(SegmentCounts {
            bits: fast.u64(&BITS_FIELD)?.first_or_default_col(0),
            by_town: vec![0; towns.as_ref().map_or(0, |c| c.num_terms())],
            towns,
            by_bit: [0; 64],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total: Counts = vec![HashMap::new(); FACETS.len()];
        for segment in segments {
            for (sum, counts) in total.iter_mut().zip(segment) {
                for (value, n) in counts {
                    *sum.entry(value).or_default() += n;
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let mut bits = self.bits.get_val(doc);
        while bits != 0 {
            self.by_bit[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
        if let Some(ord) = self.towns.as_ref().and_then(|c| c.ords().first(doc))
            && let Some(n) = self.by_town.get_mut(ord as usize)
        {
            *n += 1;
        }
    }

    fn harvest(self) -> Counts {
        let mut out: Counts = vec![HashMap::new(); FACETS.len()];
        for ((facet, value), n) in CLOSED.iter().zip(self.by_bit) {
            if n > 0 {
                out[*facet].insert(value.clone(), u64::from(n));
            }
        }
        if let Some(towns) = self.towns {
            let mut town = String::new();
            for (ord, n) in self.by_town.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                town.clear();
                if matches!(towns.ord_to_str(ord as u64, &mut town), Ok(true)) && !town.is_empty() {
                    out[MUNICIPALITY].insert(town.clone(), u64::from(n));
                }
            }
        }
        out
    }
}

/// Each facet's values, most matches first (ties by value), as many as it reports.
pub(super) fn read(counts: Counts) -> Vec<Facet> {
    FACETS
        .iter()
        .zip(counts)
        .map(|((name, size), values)| {
            let mut values: Vec<(String, u64)> = values.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(*size);
            Facet { name, values }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_closed_value_has_a_bit() {
        assert!(
            CLOSED.len() <= 64,
            "{} closed facet values do not fit one number",
            CLOSED.len()
        );
        assert_eq!(bits(&[("kind", "company"), ("field", "13")]).count_ones(), 2);
        assert_eq!(bits(&[("resource", "no-such-code")]), 0);
    }
}
