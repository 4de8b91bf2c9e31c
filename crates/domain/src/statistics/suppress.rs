//! Statistical disclosure control: which counts may be shown.
//!
//! Primary: a base under [`MIN_CELL`] hides its whole slice; a count from 1 to `MIN_CELL - 1`
//! is hidden (0 is shown: it names no one). Complementary: where the categories split the base
//! (実績がある／ない), hiding one hides all, or the other would give it away. Secondary: the
//! municipalities add up to the whole, so a column never has exactly one hidden cell.

use super::{Breakdown, Category, Cell, MIN_CELL, Raw};

fn percent(count: u32, base: u32) -> Option<f64> {
    (base > 0).then(|| (f64::from(count) * 1000.0 / f64::from(base)).round() / 10.0)
}

fn small(n: u32) -> bool {
    n > 0 && n < MIN_CELL
}

pub(super) fn breakdown(
    label: String,
    key: String,
    raw: &Raw,
    categories: &[Category],
    complementary: bool,
) -> Breakdown {
    let hidden = small(raw.base);
    let mut cells: Vec<Cell> = categories
        .iter()
        .zip(&raw.counts)
        .map(|(c, &n)| {
            if !c.collected {
                Cell::NotCollected
            } else if hidden || small(n) {
                Cell::Suppressed
            } else {
                Cell::Shown {
                    count: n,
                    percent: percent(n, raw.base),
                }
            }
        })
        .collect();
    if complementary {
        hide_all_if_any(&mut cells);
    }
    Breakdown {
        label,
        key,
        base: if hidden {
            Cell::Suppressed
        } else {
            Cell::Shown {
                count: raw.base,
                percent: None,
            }
        },
        cells,
    }
}

fn hide_all_if_any(cells: &mut [Cell]) {
    if cells.contains(&Cell::Suppressed) {
        for c in cells.iter_mut().filter(|c| matches!(c, Cell::Shown { .. })) {
            *c = Cell::Suppressed;
        }
    }
}

/// Secondary suppression over slices that add up to `all`: wherever a column — the base or a
/// category — has exactly one hidden cell while the total is shown, the smallest shown non-zero
/// cell is hidden too (or, if there is none, the total). A slice whose base is hidden is hidden
/// whole.
pub(super) fn across(all: &mut Breakdown, towns: &mut [Breakdown], complementary: bool) {
    loop {
        let hidden = towns.iter().filter(|t| t.base == Cell::Suppressed).count();
        if hidden != 1 || all.base == Cell::Suppressed {
            break;
        }
        match smallest(towns.iter().map(|t| t.base)) {
            Some(i) => hide_whole(&mut towns[i]),
            None => hide_whole(all),
        }
    }
    let columns = all.cells.len();
    // Each pass only hides more, so this ends; the bound keeps it obviously so.
    for _ in 0..=columns * (towns.len() + 1) {
        let mut changed = false;
        for j in 0..columns {
            let hidden = towns.iter().filter(|t| t.cells[j] == Cell::Suppressed).count();
            if hidden == 1 && all.cells[j] != Cell::Suppressed {
                match smallest(towns.iter().map(|t| t.cells[j])) {
                    Some(i) => towns[i].cells[j] = Cell::Suppressed,
                    None => all.cells[j] = Cell::Suppressed,
                }
                changed = true;
            }
        }
        if complementary {
            for t in towns.iter_mut().chain(std::iter::once(&mut *all)) {
                let before = t.cells.clone();
                hide_all_if_any(&mut t.cells);
                changed |= before != t.cells;
            }
        }
        if !changed {
            break;
        }
    }
}

fn hide_whole(b: &mut Breakdown) {
    b.base = Cell::Suppressed;
    for c in b.cells.iter_mut().filter(|c| matches!(c, Cell::Shown { .. })) {
        *c = Cell::Suppressed;
    }
}

/// The shown cell with the smallest non-zero count.
fn smallest(cells: impl Iterator<Item = Cell>) -> Option<usize> {
    cells
        .enumerate()
        .filter_map(|(i, c)| c.count().filter(|n| *n > 0).map(|n| (n, i)))
        .min()
        .map(|(_, i)| i)
}
