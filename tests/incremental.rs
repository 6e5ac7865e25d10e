//! The indexes and totals the app updates from each edit equal a full recomputation, for
//! random sequences of edits: the totals view's running totals against
//! `Summary::compute`, `year_over_year` and `progress` (the second implementation), and
//! the ledger table's row index against a rebuilt one.

use bangfu::demo::synthetic_ledger;
use bangfu::i18n::Lang;
use bangfu::ledger::{
    CustomIndicator, Edit, Entry, Fen, Field, IndicatorId, IndicatorRef, Kind, Ledger, Measure,
    Source, Status,
};
use bangfu::summary::{Filter, RunningTotals, Summary, progress, year_over_year};
use bangfu::ui::document::{ChangeLog, Feed};
use bangfu::ui::ledger_view::LedgerView;
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

mod common;

/// One random change, described by numbers the strategy draws.
#[derive(Clone, Debug)]
struct Op {
    /// 0–5 update, 6–7 add, 8 delete, 9 put back the last deleted, 10 rename a village,
    /// 11 set a target, 12 a batch of two updates, 13 add an indicator.
    what: u8,
    /// Which entry (modulo the count).
    at: usize,
    /// The entry whose fields are borrowed (modulo the count).
    donor: usize,
    /// Which groups of fields are borrowed (a bit each).
    mask: u16,
    /// A value in fen, a new year …
    n: u32,
}

fn op() -> impl Strategy<Value = Op> {
    (
        0u8..14,
        any::<usize>(),
        any::<usize>(),
        any::<u16>(),
        any::<u32>(),
    )
        .prop_map(|(what, at, donor, mask, n)| Op {
            what,
            at,
            donor,
            mask,
            n,
        })
}

/// `e` with some groups of fields taken from `d`, each group consistent in itself (kind
/// with its trainees and channel, value with its status), so the result is valid.
fn mix(e: &Entry, d: &Entry, mask: u16, n: u32) -> Entry {
    let mut x = e.clone();
    let bit = |i: u32| mask & (1 << i) != 0;
    if bit(0) {
        x.date = d.date;
    }
    if bit(1) {
        x.village = d.village;
    }
    if bit(2) {
        x.department = d.department;
    }
    if bit(3) {
        x.kind = d.kind;
        x.trainees = d.trainees;
        x.channel = d.channel.clone();
    }
    if bit(4) {
        x.source = d.source;
    }
    if bit(5) {
        x.category = d.category;
    }
    if bit(6) {
        x.value_fen = d.value_fen;
        x.status = d.status;
    }
    if bit(7) {
        x.households = d.households;
        x.persons = d.persons;
        x.person_times = d.person_times;
    }
    if bit(8) {
        x.what = d.what.clone();
        x.notes = d.notes.clone();
    }
    if bit(9) {
        // A value of its own, sometimes a pledge with part delivered.
        x.value_fen = Fen(i64::from(n % 50_000_000));
        x.status = if n.is_multiple_of(3) {
            Status::Pledged {
                delivered_fen: Fen(i64::from(n % 50_000_000) / 2),
            }
        } else {
            Status::Delivered
        };
    }
    if bit(10) {
        // A year the ledger has no entries in yet (the cells must grow).
        let year = 2005 + (n % 30) as i32;
        x.date = NaiveDate::from_ymd_opt(year, 1 + n % 12, 1 + n % 28).unwrap_or(x.date);
    }
    x
}

/// The edit an op stands for on `ledger` (`None`: nothing to do).
fn edit_for(ledger: &Ledger, o: &Op, deleted: &mut Vec<Entry>) -> Option<Edit> {
    let n = ledger.entries.len();
    let entry = |i: usize| ledger.entries.get(i % n.max(1)).cloned();
    match o.what {
        0..=5 => {
            let before = entry(o.at)?;
            let after = mix(&before, &entry(o.donor)?, o.mask, o.n);
            Some(Edit::UpdateEntry {
                before: Box::new(before),
                after: Box::new(after),
            })
        }
        6 | 7 => {
            let mut e = mix(&entry(o.at)?, &entry(o.donor)?, o.mask, o.n);
            e.id = ledger.next_entry_id();
            Some(Edit::add_entry(e))
        }
        8 => {
            let e = entry(o.at)?;
            deleted.push(e.clone());
            Some(Edit::delete_entry(e))
        }
        9 => deleted.pop().map(Edit::add_entry),
        10 => {
            let before = ledger
                .villages
                .get(o.at % ledger.villages.len().max(1))?
                .clone();
            let mut after = before.clone();
            after.name = format!("{}{}", before.name, o.n % 1000);
            Some(Edit::UpdateVillage { before, after })
        }
        11 => {
            let indicator = IndicatorRef::all(ledger)[o.at % 7];
            let year = 2016 + (o.n % 10) as i32;
            Some(Edit::SetTarget {
                year,
                indicator,
                before: ledger.target(year, indicator),
                after: Some(i64::from(o.n % 1_000_000) + 1),
            })
        }
        12 => {
            // Two different entries changed in one batch.
            let a = entry(o.at)?;
            let b = entry(o.at.wrapping_add(1 + o.donor % 7))?;
            if a.id == b.id {
                return None;
            }
            let d = entry(o.donor)?;
            Some(Edit::Batch {
                label: bangfu::ledger::edit::BatchLabel::Restore,
                edits: vec![
                    Edit::UpdateEntry {
                        after: Box::new(mix(&a, &d, o.mask, o.n)),
                        before: Box::new(a),
                    },
                    Edit::UpdateEntry {
                        after: Box::new(mix(&b, &d, o.mask.rotate_left(3), o.n / 7)),
                        before: Box::new(b),
                    },
                ],
            })
        }
        _ => {
            let id = ledger.next_indicator_id();
            Some(Edit::AddIndicator {
                index: ledger.indicators.len(),
                indicator: CustomIndicator {
                    id: IndicatorId(id.0),
                    name: format!("项目{}", id.0),
                    unit: "个".into(),
                    measure: [Measure::Entries, Measure::Delivered, Measure::Households]
                        [o.n as usize % 3],
                    source: (o.mask & 1 == 1).then_some(Source::Direct),
                    kind: (o.mask & 2 == 2).then_some(Kind::Goods),
                    category: None,
                },
                targets: Vec::new(),
            })
        }
    }
}

/// The filters the views are checked under.
fn filters() -> Vec<Filter> {
    vec![
        Filter::default(),
        Filter::period(
            NaiveDate::from_ymd_opt(2018, 3, 1),
            NaiveDate::from_ymd_opt(2022, 12, 31),
        ),
        Filter {
            villages: vec![bangfu::ledger::VillageId(2)],
            sources: vec![Source::Direct],
            ..Filter::default()
        },
        Filter {
            text: "村".into(),
            ..Filter::default()
        },
    ]
}

/// The years whose year-over-year and progress are compared.
fn years(ledger: &Ledger) -> Vec<i32> {
    let mut ys: Vec<i32> = ledger.entries.iter().map(|e| e.date.year()).collect();
    ys.sort_unstable();
    ys.dedup();
    let first = ys.first().copied().unwrap_or(2020);
    let last = ys.last().copied().unwrap_or(2020);
    (first - 1..=last + 1).collect()
}

/// Running totals equal the full recomputation, table by table.
fn assert_totals_equal(ledger: &Ledger, t: &RunningTotals, filter: &Filter, whole: bool) {
    assert_eq!(t.summary(), &Summary::compute(ledger, filter));
    if !whole {
        // Year over year and the indicators do not depend on the filter: checked once.
        return;
    }
    for y in years(ledger) {
        assert_eq!(
            t.year_over_year(ledger, y),
            year_over_year(ledger, y),
            "{y}"
        );
        assert_eq!(
            t.progress(ledger, y, Lang::Zh),
            progress(ledger, y, Lang::Zh)
        );
    }
    let last = ledger.entries.iter().map(|e| e.date.year()).max();
    assert_eq!(t.last_year(), last);
}

/// The sorts the row index is checked under.
const SORTS: [(Field, bool); 4] = [
    (Field::Date, true),
    (Field::Value, false),
    (Field::Village, true),
    (Field::What, false),
];

/// A view's rows and shown totals equal a freshly built view's.
fn assert_rows_equal(feed: &Feed<'_>, view: &LedgerView) {
    let mut fresh = LedgerView::default();
    fresh.filter = view.filter.clone();
    fresh.sort = view.sort;
    fresh.ascending = view.ascending;
    fresh.refresh(feed);
    assert_eq!(view.shown(), fresh.shown());
    for s in Source::ALL {
        assert_eq!(view.shown_of(s), fresh.shown_of(s));
    }
    // And the shown totals against sums taken here, entry by entry.
    let direct: i64 = view
        .shown()
        .iter()
        .map(|&i| &feed.ledger.entries[i])
        .filter(|e| e.source == Source::Direct)
        .map(|e| e.delivered_value().0)
        .sum();
    assert_eq!(view.shown_fen(), Fen(direct));
}

fn run(seed: u64, ops: &[Op], per_step: usize) {
    let mut ledger = synthetic_ledger(300, seed);
    let mut log = ChangeLog::new();
    let mut generation = 1u64;
    let mut deleted = Vec::new();
    let filters = filters();
    let mut totals: Vec<RunningTotals> = filters
        .iter()
        .map(|f| RunningTotals::new(&ledger, f))
        .collect();
    let mut views: Vec<LedgerView> = Vec::new();
    for (i, (field, ascending)) in SORTS.iter().enumerate() {
        let mut v = LedgerView::default();
        v.sort = *field;
        v.ascending = *ascending;
        // Some views filtered by a village, one by text.
        match i {
            1 => v.filter.village = Some(bangfu::ledger::VillageId(3)),
            3 => v.filter.text = "化肥".into(),
            _ => {}
        }
        v.refresh(&Feed::new(&ledger, generation, &log));
        views.push(v);
    }
    let mut pending: Vec<Edit> = Vec::new();
    let mut incremental_entry_edits = 0u64;
    for (k, o) in ops.iter().enumerate() {
        let Some(edit) = edit_for(&ledger, o, &mut deleted) else {
            continue;
        };
        if ledger.apply(&edit).is_err() {
            // Refused (a rename to a taken name, a delete of a village in use …): nothing
            // changed, nothing to follow.
            if matches!(edit, Edit::DeleteEntry(_)) {
                deleted.pop();
            }
            continue;
        }
        generation += 1;
        log.record(generation, &edit);
        pending.push(edit);
        // The views look every `per_step` edits, as frames do after several quick edits.
        if (k + 1) % per_step != 0 {
            continue;
        }
        let feed = Feed::new(&ledger, generation, &log);
        let single_entry_edit = pending.len() == 1
            && matches!(
                pending[0],
                Edit::AddEntry(_) | Edit::UpdateEntry { .. } | Edit::DeleteEntry(_)
            );
        for (n, (t, f)) in totals.iter_mut().zip(&filters).enumerate() {
            let before = t.recomputed;
            t.apply(&ledger, pending.iter());
            if single_entry_edit && t.recomputed == before {
                incremental_entry_edits += 1;
            }
            assert_totals_equal(&ledger, t, f, n == 0);
        }
        for v in &mut views {
            let rebuilds = v.rebuilds;
            v.refresh(&feed);
            if single_entry_edit {
                assert_eq!(
                    v.rebuilds, rebuilds,
                    "one entry edit is followed, not rebuilt"
                );
            }
            assert_rows_equal(&feed, v);
        }
        pending.clear();
    }
    // The incremental path was taken (not a recomputation every time).
    if ops.len() >= 20 && per_step == 1 {
        assert!(incremental_entry_edits > 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// One look per edit (the usual frame after an edit).
    #[test]
    fn running_totals_and_rows_equal_a_full_recompute(
        seed in 1u64..50,
        ops in prop::collection::vec(op(), 20..60),
    ) {
        run(seed, &ops, 1);
    }

    /// Several edits between looks.
    #[test]
    fn several_edits_between_looks_are_followed_too(
        seed in 1u64..50,
        ops in prop::collection::vec(op(), 10..40),
        per_step in 2usize..5,
    ) {
        run(seed, &ops, per_step);
    }
}

/// A worked case, by hand: one entry's value changes from 100.00 to 250.00 yuan in its
/// village's row, the unit's total and the table's shown total; the rest stays.
#[test]
fn one_update_moves_its_value_exactly() {
    let mut ledger = synthetic_ledger(200, 9);
    let filter = Filter::default();
    let mut t = RunningTotals::new(&ledger, &filter);
    let i = ledger
        .entries
        .iter()
        .position(|e| e.source == Source::Direct && e.kind == Kind::Funds)
        .expect("a direct funds entry");
    let before = ledger.entries[i].clone();
    let mut after = before.clone();
    after.value_fen = Fen(25_000);
    after.status = Status::Delivered;
    let village_row = |t: &RunningTotals| {
        t.summary()
            .by_village
            .rows
            .iter()
            .find(|r| r.key == vec![bangfu::summary::KeyValue::Village(before.village)])
            .map(|r| r.totals.direct.funds_fen)
            .expect("the village's row")
    };
    let old_row = village_row(&t);
    let old_total = t.summary().overall.direct.funds_fen;
    let edit = Edit::UpdateEntry {
        before: Box::new(before.clone()),
        after: Box::new(after),
    };
    ledger.apply(&edit).expect("apply");
    t.apply(&ledger, [&edit]);
    let delta = 25_000 - before.delivered_value().0;
    assert_eq!(village_row(&t), Fen(old_row.0 + delta));
    assert_eq!(
        t.summary().overall.direct.funds_fen,
        Fen(old_total.0 + delta)
    );
    assert_eq!((t.recomputed, t.updated), (1, 1));
}

/// The app itself: an edit in a 5,000-entry ledger is followed by the table and the
/// totals view without rebuilding either, and both show the new figures.
#[test]
fn the_app_follows_an_edit_without_recomputing() {
    use bangfu::store::Store;
    use egui_kittest::kittest::Queryable;
    use std::time::Duration;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("five-thousand.ron");
    let ledger = synthetic_ledger(5_000, 3);
    drop(Store::create(&path, &ledger).expect("create"));
    let mut h = common::gui::Start::on(NaiveDate::from_ymd_opt(2025, 6, 30).expect("valid date"))
        .build(&path);
    h.run_steps(4);
    let (rows_built, _) = h.state().rebuild_counts();
    // A new direct funds entry of 123.45 yuan.
    let mut e = ledger.entries[0].clone();
    e.id = ledger.next_entry_id();
    e.source = Source::Direct;
    e.kind = Kind::Funds;
    e.trainees = None;
    e.channel.clear();
    e.value_fen = Fen(12_345);
    e.status = Status::Delivered;
    h.state_mut().apply_edit(Edit::add_entry(e.clone()));
    h.run_steps(2);
    assert_eq!(
        h.state().rebuild_counts().0,
        rows_built,
        "the row was put in"
    );
    let mut after = ledger.clone();
    after.apply(&Edit::add_entry(e.clone())).expect("apply");
    let direct: i64 = after
        .entries
        .iter()
        .filter(|x| x.source == Source::Direct)
        .map(|x| x.delivered_value().0)
        .sum();
    let line = format!(
        "显示 5,001 条（共 5,001 条），合计 {} 元",
        Fen(direct).display()
    );
    assert!(
        h.query_all_by_label_contains(&line).next().is_some(),
        "{line}"
    );
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));

    h.state_mut().set_tab(bangfu::ui::Tab::Totals);
    h.run_steps(2);
    let (_, computed) = h.state().rebuild_counts();
    // Its value doubles: the headline (the unit's own input) grows by 123.45 yuan.
    let mut doubled = e.clone();
    doubled.value_fen = Fen(24_690);
    h.state_mut().apply_edit(Edit::UpdateEntry {
        before: Box::new(e),
        after: Box::new(doubled.clone()),
    });
    h.run_steps(2);
    assert_eq!(
        h.state().rebuild_counts().1,
        computed,
        "updated, not recomputed"
    );
    after
        .apply(&Edit::UpdateEntry {
            before: Box::new(after.entries.last().cloned().expect("the new entry")),
            after: Box::new(doubled),
        })
        .expect("apply");
    let headline = Summary::compute(&after, &Filter::default())
        .overall
        .direct
        .total_fen();
    assert!(
        h.query_all_by_label(&headline.display()).next().is_some(),
        "headline {}",
        headline.display()
    );
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
}
