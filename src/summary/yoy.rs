//! Year over year: per village and per department, one calendar year against the one
//! before, with the change in fen (exact; it may be negative).

use super::{KeyValue, Totals, tally};
use crate::ledger::{Fen, Ledger};

/// One row: a village or a department (or the whole unit), this year and last year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YoyRow {
    /// The village or department; `None` for the total row.
    pub key: Option<KeyValue>,
    /// The totals of the year asked for, split by source as every total is.
    pub this_year: Totals,
    /// The totals of the year before.
    pub last_year: Totals,
}

impl YoyRow {
    /// The change of 合计 (the unit's own input): this year − last year.
    pub fn change_fen(&self) -> Fen {
        Fen(self.this_year.total_fen().0 - self.last_year.total_fen().0)
    }

    /// The change of 合计 in basis points of last year's (10,000 = +100 %), `None` when
    /// last year had nothing.
    pub fn change_bp(&self) -> Option<i64> {
        let last = self.last_year.total_fen().0;
        (last > 0).then(|| {
            let bp = i128::from(self.change_fen().0) * 10_000 / i128::from(last);
            bp.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
        })
    }

    /// The change of 引进 (everything brought in): this year − last year.
    pub fn introduced_change_fen(&self) -> Fen {
        Fen(self.this_year.introduced_fen().0 - self.last_year.introduced_fen().0)
    }
}

/// Per village and per department (every one of the ledger, in its order, even with
/// nothing in either year: the printer leaves out rows that are all zero), and the total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearOverYear {
    /// The year asked for ("this year").
    pub year: i32,
    /// One row per village.
    pub by_village: Vec<YoyRow>,
    /// One row per department.
    pub by_department: Vec<YoyRow>,
    /// The whole unit.
    pub total: YoyRow,
}

/// `year` against `year - 1`, over whole calendar years: one pass over the entries (the
/// totals view recomputes this after every edit), each entry of either year counted in its
/// village's, its department's and the unit's row of its year.
pub fn year_over_year(ledger: &Ledger, year: i32) -> YearOverYear {
    use chrono::Datelike;
    use std::collections::HashMap;
    let villages: HashMap<_, usize> = ledger
        .villages
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id, i))
        .collect();
    let departments: HashMap<_, usize> = ledger
        .departments
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let (nv, nd) = (villages.len(), departments.len());
    // Cells: [villages this year | villages last year | departments this year |
    // departments last year | unit this year, unit last year].
    let cells = 2 * nv + 2 * nd + 2;
    let totals = tally(&ledger.entries, cells, |_, e| {
        let last = match e.date.year() {
            y if y == year => 0,
            y if y == year - 1 => 1,
            _ => return [None; 3],
        };
        [
            villages.get(&e.village).map(|i| last * nv + i),
            departments
                .get(&e.department)
                .map(|i| 2 * nv + last * nd + i),
            Some(2 * nv + 2 * nd + last),
        ]
    });
    let row = |key: Option<KeyValue>, this: usize, last: usize| YoyRow {
        key,
        this_year: totals[this],
        last_year: totals[last],
    };
    YearOverYear {
        year,
        by_village: ledger
            .villages
            .iter()
            .enumerate()
            .map(|(i, v)| row(Some(KeyValue::Village(v.id)), i, nv + i))
            .collect(),
        by_department: ledger
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| {
                row(
                    Some(KeyValue::Department(d.id)),
                    2 * nv + i,
                    2 * nv + nd + i,
                )
            })
            .collect(),
        total: row(None, 2 * nv + 2 * nd, 2 * nv + 2 * nd + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{Filter, GroupKey, group};

    /// The plain way: group each whole year by village and by department, and match the
    /// rows up. The one-pass version must give the same rows.
    fn by_grouping(ledger: &Ledger, year: i32) -> YearOverYear {
        let whole = |y: i32| {
            Filter::period(
                chrono::NaiveDate::from_ymd_opt(y, 1, 1),
                chrono::NaiveDate::from_ymd_opt(y, 12, 31),
            )
        };
        let rows = |key: GroupKey| -> (Vec<YoyRow>, YoyRow) {
            let this = group(ledger, &whole(year), &[key]);
            let last = group(ledger, &whole(year - 1), &[key]);
            let rows = this
                .rows
                .iter()
                .map(|r| YoyRow {
                    key: r.key.first().copied(),
                    this_year: r.totals,
                    last_year: last
                        .rows
                        .iter()
                        .find(|l| l.key == r.key)
                        .map_or_else(Totals::default, |l| l.totals),
                })
                .collect();
            let total = YoyRow {
                key: None,
                this_year: this.total,
                last_year: last.total,
            };
            (rows, total)
        };
        let (by_village, total) = rows(GroupKey::Village);
        let (by_department, _) = rows(GroupKey::Department);
        YearOverYear {
            year,
            by_village,
            by_department,
            total,
        }
    }

    #[test]
    fn one_pass_gives_what_grouping_each_year_gives() {
        // 40,000 entries: more than one chunk, so the parallel merge is exercised too.
        let ledger = crate::demo::synthetic_ledger(40_000, 7);
        for year in [2016, 2020, 2025, 2026] {
            assert_eq!(
                year_over_year(&ledger, year),
                by_grouping(&ledger, year),
                "{year}"
            );
        }
    }
}
