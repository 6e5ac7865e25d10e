//! Year over year is totalled in one pass (the totals view recomputes it after every
//! edit). These tests hold it to a plain loop over the entries, row by row and field by
//! field, on ledgers big enough for the parallel totalling (more than 32,768 entries).

use bangfu::demo::{sample_ledger, synthetic_ledger};
use bangfu::ledger::Ledger;
use bangfu::summary::{KeyValue, Totals, YearOverYear, YoyRow, year_over_year};
use chrono::Datelike;

/// The second implementation: for each village, department and the whole unit, add up
/// the entries of `year` and of `year - 1`, one at a time.
fn by_hand(l: &Ledger, year: i32) -> YearOverYear {
    let sum = |y: i32, keep: &dyn Fn(&bangfu::ledger::Entry) -> bool| {
        let mut t = Totals::default();
        for e in l.entries.iter().filter(|e| e.date.year() == y && keep(e)) {
            t.add(e);
        }
        t
    };
    let row = |key: Option<KeyValue>, keep: &dyn Fn(&bangfu::ledger::Entry) -> bool| YoyRow {
        key,
        this_year: sum(year, keep),
        last_year: sum(year - 1, keep),
    };
    YearOverYear {
        year,
        by_village: l
            .villages
            .iter()
            .map(|v| row(Some(KeyValue::Village(v.id)), &|e| e.village == v.id))
            .collect(),
        by_department: l
            .departments
            .iter()
            .map(|d| row(Some(KeyValue::Department(d.id)), &|e| e.department == d.id))
            .collect(),
        total: row(None, &|_| true),
    }
}

fn years(l: &Ledger) -> (i32, i32) {
    let min = l
        .entries
        .iter()
        .map(|e| e.date.year())
        .min()
        .expect("entries");
    let max = l
        .entries
        .iter()
        .map(|e| e.date.year())
        .max()
        .expect("entries");
    (min, max)
}

#[test]
fn every_row_matches_a_plain_loop_on_a_big_ledger() {
    let l = synthetic_ledger(40_000, 7);
    let (min, max) = years(&l);
    assert!(max > min, "the synthetic ledger spans more than one year");
    // Every year with entries, the first (nothing the year before) and one after the last
    // (nothing this year).
    for year in min..=max + 1 {
        let got = year_over_year(&l, year);
        let want = by_hand(&l, year);
        assert_eq!(got.by_village.len(), l.villages.len(), "{year}");
        assert_eq!(got.by_department.len(), l.departments.len(), "{year}");
        for (g, w) in got.by_village.iter().zip(&want.by_village) {
            assert_eq!(g, w, "village row, {year}");
        }
        for (g, w) in got.by_department.iter().zip(&want.by_department) {
            assert_eq!(g, w, "department row, {year}");
        }
        assert_eq!(got.total, want.total, "total, {year}");
        assert_eq!(got, want, "{year}");
    }
    // Something was counted: a year's total has entries in both years.
    let mid = year_over_year(&l, max);
    assert!(mid.total.this_year.entries_all() > 0);
    assert!(mid.total.last_year.entries_all() > 0);
    assert_eq!(year_over_year(&l, min).total.last_year, Totals::default());
    assert_eq!(
        year_over_year(&l, max + 1).total.this_year,
        Totals::default()
    );
}

/// The sample (June 2020): 2020's rows against an empty 2019, every village listed.
#[test]
fn the_sample_against_the_year_before() {
    let l = sample_ledger();
    let got = year_over_year(&l, 2020);
    assert_eq!(got, by_hand(&l, 2020));
    assert_eq!(got.total.last_year, Totals::default());
    assert_eq!(got.total.change_bp(), None, "nothing in 2019");
}
