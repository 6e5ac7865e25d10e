//! Totals kept up to date from each [`Edit`] instead of recomputed: what the totals view
//! shows after every edit, in time that does not grow with the ledger.
//!
//! [`RunningTotals`] holds, for one filter, the cells of the [`Summary`] (per village,
//! department, village × department, category, kind and month), and for the whole
//! ledger the year-over-year cells (per year: each village, each department, the unit)
//! and each indicator's completion per year. An added, changed or deleted entry takes
//! its old figures out of the cells it counted in and puts its new ones in (integer fen,
//! so the result is exactly the full recomputation's); the tables are then assembled
//! from the cells, which are few. Edits to master data or indicators, and entries dated
//! outside the years the cells cover, recompute everything: they are rare. A property
//! test (`tests/incremental.rs`) checks that this always equals [`Summary::compute`],
//! [`year_over_year`](super::year_over_year) and [`progress`](super::progress).

use super::targets::{IndicatorProgress, contribution, progress_with};
use super::yoy::{YearOverYear, YoyRow};
use super::{Cells, Filter, KeyValue, Summary, Totals, tally, year_range};
use crate::i18n::Lang;
use crate::ledger::{Edit, Entry, IndicatorRef, Ledger};
use chrono::Datelike;
use std::collections::HashMap;

/// The totals of one filter, kept up to date edit by edit.
#[derive(Clone, Debug)]
pub struct RunningTotals {
    filter: Filter,
    cells: Cells,
    years: YearCells,
    /// Each indicator's completion per year, indicators in [`IndicatorRef::all`] order.
    indicators: Vec<IndicatorRef>,
    actual: HashMap<i32, Vec<i64>>,
    /// False when a sum reached the limit of `i64`: every edit then recomputes.
    exact: bool,
    summary: Summary,
    /// How many times everything was recomputed (for tests and measurements).
    pub recomputed: u64,
    /// How many edits were taken in without recomputing.
    pub updated: u64,
}

/// Per year of the ledger's entries (every source, no filter): each village, each
/// department and the unit, as the year-over-year tables need them.
#[derive(Clone, Debug)]
struct YearCells {
    villages: HashMap<crate::ledger::VillageId, usize>,
    departments: HashMap<crate::ledger::DepartmentId, usize>,
    first_year: i32,
    years: usize,
    /// `[year][villages | departments | unit]`.
    cells: Vec<Totals>,
}

impl YearCells {
    fn width(&self) -> usize {
        self.villages.len() + self.departments.len() + 1
    }

    fn year_slot(&self, year: i32) -> Option<usize> {
        let y = year.checked_sub(self.first_year)?;
        usize::try_from(y).ok().filter(|y| *y < self.years)
    }

    fn slots(&self, e: &Entry) -> Option<[Option<usize>; 3]> {
        let base = self.year_slot(e.date.year())? * self.width();
        let nv = self.villages.len();
        Some([
            self.villages.get(&e.village).map(|i| base + i),
            self.departments.get(&e.department).map(|i| base + nv + i),
            Some(base + self.width() - 1),
        ])
    }

    fn new(ledger: &Ledger, first_year: i32, years: usize) -> YearCells {
        let mut y = YearCells {
            villages: ledger
                .villages
                .iter()
                .enumerate()
                .map(|(i, v)| (v.id, i))
                .collect(),
            departments: ledger
                .departments
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id, i))
                .collect(),
            first_year,
            years,
            cells: Vec::new(),
        };
        let cells = tally(&ledger.entries, years * y.width(), |_, e| {
            y.slots(e).unwrap_or([None; 3])
        });
        y.cells = cells;
        y
    }

    fn step(&mut self, e: &Entry, add: bool) -> bool {
        let Some(slots) = self.slots(e) else {
            return false;
        };
        slots.into_iter().flatten().all(|s| {
            self.cells
                .get_mut(s)
                .is_some_and(|t| if add { t.try_add(e) } else { t.try_remove(e) })
        })
    }

    /// The unit's totals of a year (zero outside the years covered).
    fn unit(&self, year: i32) -> Totals {
        self.year_slot(year).map_or_else(Totals::default, |y| {
            self.cells[y * self.width() + self.width() - 1]
        })
    }

    fn year_over_year(&self, ledger: &Ledger, year: i32) -> YearOverYear {
        let at = |y: i32, i: usize| {
            self.year_slot(y)
                .map_or_else(Totals::default, |s| self.cells[s * self.width() + i])
        };
        let row = |key: Option<KeyValue>, i: usize| YoyRow {
            key,
            this_year: at(year, i),
            last_year: at(year - 1, i),
        };
        let nv = self.villages.len();
        YearOverYear {
            year,
            by_village: ledger
                .villages
                .iter()
                .enumerate()
                .map(|(i, v)| row(Some(KeyValue::Village(v.id)), i))
                .collect(),
            by_department: ledger
                .departments
                .iter()
                .enumerate()
                .map(|(i, d)| row(Some(KeyValue::Department(d.id)), nv + i))
                .collect(),
            total: row(None, self.width() - 1),
        }
    }
}

impl RunningTotals {
    /// Totals of a ledger for a filter, computed in full.
    pub fn new(ledger: &Ledger, filter: &Filter) -> RunningTotals {
        let cells = Cells::tally(ledger, filter);
        let (first, last) = year_range(ledger);
        let years = if first <= last {
            (last - first + 1) as usize
        } else {
            0
        };
        let year_cells = YearCells::new(ledger, first, years);
        let indicators = IndicatorRef::all(ledger);
        let mut actual: HashMap<i32, Vec<i64>> = HashMap::new();
        for e in &ledger.entries {
            let sums = actual
                .entry(e.date.year())
                .or_insert_with(|| vec![0; indicators.len()]);
            for (sum, i) in sums.iter_mut().zip(&indicators) {
                *sum = sum.wrapping_add(contribution(ledger, *i, e));
            }
        }
        let exact = cells.exact() && year_cells.cells.iter().all(Totals::below_limit);
        let summary = cells.summary(ledger, filter);
        RunningTotals {
            filter: filter.clone(),
            cells,
            years: year_cells,
            indicators,
            actual,
            exact,
            summary,
            recomputed: 1,
            updated: 0,
        }
    }

    /// The filter these totals are for.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Every table of the filter, as [`Summary::compute`] gives it.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Takes in edits already applied to `ledger` (oldest first). Entry edits update the
    /// cells; anything else (master data, indicators, an entry in a year not covered)
    /// recomputes everything.
    pub fn apply<'e>(&mut self, ledger: &Ledger, edits: impl IntoIterator<Item = &'e Edit>) {
        let mut ok = self.exact;
        if ok {
            let filter = self.filter.clone();
            let matcher = filter.matcher(ledger);
            for edit in edits {
                if !self.step(ledger, &matcher, edit) {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            self.summary = self.cells.summary(ledger, &self.filter);
            self.updated += 1;
        } else {
            let (recomputed, updated) = (self.recomputed, self.updated);
            *self = RunningTotals::new(ledger, &self.filter.clone());
            self.recomputed += recomputed;
            self.updated = updated;
        }
    }

    fn step(&mut self, ledger: &Ledger, matcher: &super::filter::Matcher<'_>, edit: &Edit) -> bool {
        match edit {
            Edit::AddEntry(e) => self.entry(ledger, matcher, e, true),
            Edit::DeleteEntry(e) => self.entry(ledger, matcher, e, false),
            Edit::UpdateEntry { before, after } => {
                self.entry(ledger, matcher, before, false)
                    && self.entry(ledger, matcher, after, true)
            }
            Edit::Batch { edits, .. } => edits.iter().all(|e| self.step(ledger, matcher, e)),
            // Read from the ledger when the tables are made: nothing counted changes.
            Edit::SetUnit { .. } | Edit::SetTarget { .. } | Edit::Finding(_) => true,
            _ => false,
        }
    }

    /// One entry counted in (`add`) or taken out everywhere it counts.
    fn entry(
        &mut self,
        ledger: &Ledger,
        matcher: &super::filter::Matcher<'_>,
        e: &Entry,
        add: bool,
    ) -> bool {
        if matcher.matches(e) {
            let ok = if add {
                self.cells.add(e)
            } else {
                self.cells.remove(e)
            };
            if !ok {
                return false;
            }
        }
        if !self.years.step(e, add) {
            return false;
        }
        let n = self.indicators.len();
        let sums = self
            .actual
            .entry(e.date.year())
            .or_insert_with(|| vec![0; n]);
        for (sum, i) in sums.iter_mut().zip(&self.indicators) {
            let c = contribution(ledger, *i, e);
            *sum = if add {
                sum.wrapping_add(c)
            } else {
                sum.wrapping_sub(c)
            };
        }
        true
    }

    /// Year over year for `year` and the one before, as
    /// [`year_over_year`](super::year_over_year) gives it.
    pub fn year_over_year(&self, ledger: &Ledger, year: i32) -> YearOverYear {
        self.years.year_over_year(ledger, year)
    }

    /// The year of the last entry (any source), `None` without entries: the default year
    /// of the report's targets and year-over-year tables.
    pub fn last_year(&self) -> Option<i32> {
        (0..self.years.years)
            .rev()
            .map(|y| self.years.first_year + y as i32)
            .find(|y| self.years.unit(*y).entries_all() > 0)
    }

    /// Each indicator's target and completion in `year`, as
    /// [`progress`](super::progress) gives it.
    pub fn progress(&self, ledger: &Ledger, year: i32, lang: Lang) -> Vec<IndicatorProgress> {
        let sums = self.actual.get(&year);
        progress_with(ledger, year, lang, |indicator| {
            self.indicators
                .iter()
                .position(|i| *i == indicator)
                .and_then(|k| sums.and_then(|s| s.get(k)).copied())
                .unwrap_or(0)
        })
    }
}
