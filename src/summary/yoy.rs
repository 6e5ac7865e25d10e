//! Year over year: per village and per department, one calendar year against the one
//! before, with the change in fen (exact; it may be negative).

use super::{Filter, GroupKey, KeyValue, Totals, group};
use crate::ledger::{Fen, Ledger};
use chrono::NaiveDate;

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

/// `year` against `year - 1`, over whole calendar years.
pub fn year_over_year(ledger: &Ledger, year: i32) -> YearOverYear {
    let whole = |y: i32| {
        Filter::period(
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        )
    };
    let (this_f, last_f) = (whole(year), whole(year - 1));
    let rows = |key: GroupKey| -> (Vec<YoyRow>, YoyRow) {
        let this = group(ledger, &this_f, &[key]);
        let last = group(ledger, &last_f, &[key]);
        // With one village or department key, both groupings list every record of the
        // ledger in the same order.
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
