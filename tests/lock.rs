//! The period lock (结账): `bangfu lock` / `unlock`, edits refused inside the locked period
//! (exit 2, nothing written, the message naming the lock, who set it, when and why), a
//! batch refused whole, undo of a lock, the lock kept through journal replay and
//! compaction, the history's lines, the version-4 snapshot a lock forces, and (with the
//! `gui` feature) the app's 结账 dialog and the refused save.

use bangfu::demo::sample_ledger;
use bangfu::i18n::Lang;
use bangfu::ledger::edit::BatchLabel;
use bangfu::ledger::history::History;
use bangfu::ledger::lock::PeriodLock;
use bangfu::ledger::{Edit, EditError, Ledger, VillageId};
use bangfu::store::fs::RealFs;
use bangfu::store::{Store, format, journal, read_ledger};
use chrono::{DateTime, NaiveDate};
use std::path::{Path, PathBuf};

mod common;
use common::cli::{bangfu, err, out};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn june_lock() -> PeriodLock {
    PeriodLock {
        until: day(2020, 6, 30),
        reason: "6月报表已报送".into(),
        by: "张三@PC-12".into(),
        at: DateTime::parse_from_rfc3339("2026-11-29T10:31:07+08:00").expect("time"),
    }
}

fn lock_edit(before: Option<PeriodLock>, after: Option<PeriodLock>, why: &str) -> Edit {
    Edit::SetLock {
        before,
        after,
        unlock_reason: why.into(),
    }
}

/// Every file in a folder (names and bytes, sub-folders by name), to show nothing changed.
fn snapshot_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = if e.path().is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                Vec::new()
            };
            (name, bytes)
        })
        // The lock file's info says who ran last; it is not the ledger.
        .filter(|(n, _)| !n.ends_with(".lock.info"))
        .collect();
    all.sort();
    all
}

/// The sample ledger (June 2020) in `dir/a.ron`, locked up to 2020-06-30 by `bangfu lock`.
fn locked_sample(dir: &Path) -> PathBuf {
    assert_eq!(bangfu(&["demo", "a.ron"], dir).status.code(), Some(0));
    let o = bangfu(
        &[
            "lock",
            "a.ron",
            "--until",
            "2020-06-30",
            "--reason",
            "6月报表已报送",
        ],
        dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    dir.join("a.ron")
}

// ---- the model ----

#[test]
fn an_entry_edit_inside_the_lock_is_refused_naming_the_lock_in_both_languages() {
    let mut l = sample_ledger();
    l.apply(&lock_edit(None, Some(june_lock()), ""))
        .expect("lock");
    let before = l.clone();
    let first = l.entries[0].clone(); // 公厕建设, 2020-06-05
    let e = l
        .apply(&Edit::delete_entry(first.clone()))
        .expect_err("refused");
    assert_eq!(l, before, "nothing changed");
    assert_eq!(
        e.message(Lang::Zh),
        "2020-06-05 的记录在已结账期间内，不能添加、修改或删除：截至 2020-06-30 已结账（张三@PC-12，2026-11-29 10:31，原因：6月报表已报送）。如需修改，请先取消结账"
    );
    assert_eq!(
        e.message(Lang::En),
        "the entry dated 2020-06-05 is in a locked period and cannot be added, changed or deleted: locked up to 2020-06-30 (by 张三@PC-12, 2026-11-29 10:31, reason: 6月报表已报送); unlock first to change it"
    );
    // An update moving an entry of July into June is refused too, and one of July
    // staying in July is not.
    let mut july = first.clone();
    july.id = l.next_entry_id();
    july.date = day(2020, 7, 1);
    l.apply(&Edit::add_entry(july.clone()))
        .expect("July is open");
    let mut into_june = july.clone();
    into_june.date = day(2020, 6, 30);
    let moved = Edit::UpdateEntry {
        before: Box::new(july.clone()),
        after: Box::new(into_june),
    };
    assert!(matches!(l.apply(&moved), Err(EditError::Locked(r)) if r.date == day(2020, 6, 30)));
    let mut later = july.clone();
    later.date = day(2020, 7, 2);
    l.apply(&Edit::UpdateEntry {
        before: Box::new(july),
        after: Box::new(later),
    })
    .expect("July to July");
}

#[test]
fn master_data_findings_and_targets_are_not_locked_but_a_merge_moving_entries_is() {
    let mut l = sample_ledger();
    l.apply(&lock_edit(None, Some(june_lock()), ""))
        .expect("lock");
    // Renaming a village changes no figure.
    let v = l.villages[1].clone();
    let mut renamed = v.clone();
    renamed.name = "海子村（新）".into();
    l.apply(&Edit::UpdateVillage {
        before: v,
        after: renamed,
    })
    .expect("rename under the lock");
    // A target is a plan.
    l.apply(&Edit::SetTarget {
        year: 2020,
        indicator: bangfu::ledger::IndicatorRef::Default(
            bangfu::ledger::targets::Indicator::DirectFunds,
        ),
        before: None,
        after: Some(10_000_000),
    })
    .expect("a target under the lock");
    // The rectification ledger moves on after a report: a June finding is signed off.
    let f = l.findings[3].clone();
    let mut done = f.clone();
    done.status = bangfu::ledger::FindingStatus::Done;
    done.done_on = Some(day(2020, 6, 29));
    l.apply(&Edit::Finding(bangfu::ledger::FindingEdit::Update {
        before: Box::new(f),
        after: Box::new(done),
    }))
    .expect("a finding under the lock");
    // Merging 平原村 into 九股村 moves its June entry: refused whole.
    let merge = l
        .merge_villages(
            VillageId(3),
            VillageId(1),
            sample_ledger().entries[0].created,
        )
        .expect("merge edit");
    let before = l.clone();
    let e = l.apply(&merge).expect_err("refused");
    assert!(matches!(e, EditError::Locked(r) if r.date == day(2020, 6, 18)));
    assert_eq!(l, before);
}

#[test]
fn a_batch_with_one_locked_row_is_refused_whole() {
    let mut l = sample_ledger();
    l.apply(&lock_edit(None, Some(june_lock()), ""))
        .expect("lock");
    let before = l.clone();
    let mut rows = Vec::new();
    for (i, date) in [
        day(2020, 7, 1),
        day(2020, 7, 2),
        day(2020, 6, 30),
        day(2020, 7, 3),
    ]
    .into_iter()
    .enumerate()
    {
        let mut e = l.entries[1].clone();
        e.id = bangfu::ledger::EntryId(100 + i as u64);
        e.date = date;
        rows.push(Edit::add_entry(e));
    }
    let batch = Edit::Batch {
        label: BatchLabel::Import { entries: 4 },
        edits: rows,
    };
    let e = l.apply(&batch).expect_err("refused");
    assert!(matches!(e, EditError::Locked(r) if r.date == day(2020, 6, 30)));
    assert_eq!(l, before, "not one row of the batch went in");
}

#[test]
fn a_lock_is_undone_and_redone_like_any_edit() {
    let mut l = sample_ledger();
    let mut h = History::new();
    h.apply(&mut l, lock_edit(None, Some(june_lock()), ""))
        .expect("lock");
    assert_eq!(
        h.undo_label(Lang::Zh).as_deref(),
        Some("结账 截至 2020-06-30（原因：6月报表已报送）")
    );
    let first = l.entries[0].clone();
    assert!(l.apply(&Edit::delete_entry(first.clone())).is_err());
    h.undo(&mut l).expect("an undo").expect("undone");
    assert_eq!(l.lock, None);
    assert_eq!(
        h.redo_label(Lang::En).as_deref(),
        Some("lock up to 2020-06-30 (reason: 6月报表已报送)")
    );
    // The undo is itself an edit: the inverse, an unlock without a reason.
    assert_eq!(
        lock_edit(None, Some(june_lock()), "")
            .inverse()
            .describe(Lang::Zh),
        "取消结账 截至 2020-06-30（撤销结账）"
    );
    h.redo(&mut l).expect("a redo").expect("redone");
    assert_eq!(l.lock.as_deref(), Some(&june_lock()));
    // Moving the lock and lifting it, as the history names them.
    let mut july = june_lock();
    july.until = day(2020, 7, 31);
    july.reason = "7月报表已报送".into();
    let moved = lock_edit(Some(june_lock()), Some(july.clone()), "");
    assert_eq!(
        moved.describe(Lang::Zh),
        "结账 截至 2020-06-30 → 2020-07-31（原因：7月报表已报送）"
    );
    h.apply(&mut l, moved).expect("moved");
    let lifted = lock_edit(Some(july), None, "更正7月数据");
    assert_eq!(
        lifted.describe(Lang::Zh),
        "取消结账 截至 2020-07-31（原因：更正7月数据）"
    );
    assert_eq!(
        lifted.describe(Lang::En),
        "unlock up to 2020-07-31 (reason: 更正7月数据)"
    );
    h.apply(&mut l, lifted).expect("unlocked");
    assert_eq!(l.lock, None);
    l.apply(&Edit::delete_entry(first)).expect("open again");
}

#[test]
fn a_lock_that_is_not_the_one_there_or_has_no_reason_is_refused() {
    let mut l = sample_ledger();
    let mut bad = june_lock();
    bad.reason = String::new();
    assert_eq!(
        l.apply(&lock_edit(None, Some(bad), ""))
            .expect_err("no reason")
            .message(Lang::Zh),
        "原因：不能为空"
    );
    // Unlocking what is not locked, or locking over a lock not named as `before`.
    assert_eq!(
        l.apply(&lock_edit(Some(june_lock()), None, "x")),
        Err(EditError::Missing)
    );
    l.apply(&lock_edit(None, Some(june_lock()), ""))
        .expect("lock");
    assert_eq!(
        l.apply(&lock_edit(None, Some(june_lock()), "")),
        Err(EditError::Missing)
    );
    assert_eq!(l.lock.as_deref(), Some(&june_lock()));
}

// ---- the store: replay, compaction, the version-4 snapshot ----

#[test]
fn a_lock_survives_reopening_through_the_journal_and_compaction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.ron");
    let mut store = Store::create(&path, &sample_ledger()).expect("create");
    let mut l: Ledger = sample_ledger();
    let lock = lock_edit(None, Some(june_lock()), "");
    l.apply(&lock).expect("lock");
    store.record(&l, &lock).expect("saved");
    drop(store);
    // The snapshot is version 4 already: the lock is one journal line.
    let journal_text = std::fs::read_to_string(journal::journal_path(&path)).expect("journal");
    assert_eq!(journal_text.lines().count(), 1);
    assert!(journal_text.contains("\"SetLock\""), "{journal_text}");
    assert!(
        !std::fs::read_to_string(&path)
            .expect("ron")
            .contains("lock")
    );
    let replayed = read_ledger(&RealFs, &path).expect("replays");
    assert_eq!(replayed.lock.as_deref(), Some(&june_lock()));
    assert_eq!(replayed, l);
    // Compaction writes it into the snapshot and empties the journal.
    let (mut store, opened, _) = Store::open(&path).expect("open");
    store.compact(&opened).expect("compact");
    drop(store);
    assert_eq!(
        std::fs::read(journal::journal_path(&path))
            .expect("journal")
            .len(),
        0
    );
    let text = std::fs::read_to_string(&path).expect("ron");
    assert!(
        text.contains("    lock: (until:\"2020-06-30\",reason:\"6月报表已报送\",by:\"张三@PC-12\",at:\"2026-11-29T10:31:07+08:00\"),\n"),
        "{text}"
    );
    assert_eq!(read_ledger(&RealFs, &path).expect("reads"), l);
    // The history keeps the lock's line.
    let all = journal::all_records(&RealFs, &path);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].edit, lock);
}

/// A version-3 snapshot with a lock in its journal would be read by a version-3 build as
/// a snapshot plus a line it cannot parse: dropped as torn. So the lock's line is followed
/// at once by a version-4 snapshot, which that build opens read-only.
#[test]
fn a_lock_on_a_version_3_file_writes_a_version_4_snapshot_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v3.ron");
    let v3 = format::to_ron(&sample_ledger())
        .expect("ron")
        .replacen("version: 4", "version: 3", 1);
    std::fs::write(&path, &v3).expect("write");
    let (mut store, mut l, notes) = Store::open(&path).expect("opens");
    assert_eq!(notes.migrated_from, None, "a v3 file is read as it is");
    // An ordinary edit stays a journal line on the v3 snapshot.
    let mut e = l.entries[0].clone();
    e.id = l.next_entry_id();
    e.date = day(2020, 7, 1);
    let add = Edit::add_entry(e);
    l.apply(&add).expect("add");
    store.record(&l, &add).expect("saved");
    assert_eq!(std::fs::read_to_string(&path).expect("ron"), v3);
    let lock = lock_edit(None, Some(june_lock()), "");
    l.apply(&lock).expect("lock");
    store.record(&l, &lock).expect("saved");
    drop(store);
    let now = std::fs::read_to_string(&path).expect("ron");
    assert!(
        now.contains("    version: 4,\n    min_reader: 3,\n"),
        "{now}"
    );
    assert!(now.contains("    lock: (until:\"2020-06-30\""), "{now}");
    assert_eq!(
        std::fs::read(journal::journal_path(&path))
            .expect("journal")
            .len(),
        0,
        "both lines moved to the history"
    );
    let all = journal::all_records(&RealFs, &path);
    assert_eq!(
        all.iter().map(|r| r.edit.clone()).collect::<Vec<_>>(),
        [add, lock]
    );
    assert_eq!(read_ledger(&RealFs, &path).expect("reads"), l);
}

// ---- the command line ----

#[test]
fn lock_then_an_add_in_the_period_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let path = locked_sample(d);
    let lock = read_ledger(&RealFs, &path)
        .expect("reads")
        .lock
        .expect("locked");
    // Who and when are this process's user and computer, now.
    assert_eq!(lock.by, journal::saved_by());
    assert_eq!(lock.until, day(2020, 6, 30));
    assert_eq!(lock.reason, "6月报表已报送");
    let age = chrono::Local::now().fixed_offset() - lock.at;
    assert!(age.num_seconds() >= 0 && age.num_seconds() < 120, "{age}");
    let when = lock.at.format("%Y-%m-%d %H:%M").to_string();
    let line = format!(
        "截至 2020-06-30 已结账（{}，{when}，原因：6月报表已报送）",
        lock.by
    );

    let files = snapshot_of(d);
    let add = |date: &str| {
        bangfu(
            &[
                "add",
                "a.ron",
                "--date",
                date,
                "--village",
                "九股村",
                "--department",
                "团委",
                "--kind",
                "goods",
                "--what",
                "书包",
                "--value",
                "100",
            ],
            d,
        )
    };
    let o = add("2020-06-30");
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert_eq!(
        err(&o).trim_end(),
        format!(
            "2020-06-30 的记录在已结账期间内，不能添加、修改或删除：{line}。如需修改，请先取消结账"
        )
    );
    assert_eq!(out(&o), "");
    assert_eq!(snapshot_of(d), files, "not a byte written");

    let o = add("2020-07-01");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "已添加第 13 条：2020-07-01 九股村 书包 100.00 元\n"
    );

    // `check` and `summary` show the lock; CSV stays data only.
    let o = bangfu(&["check", "a.ron"], d);
    assert_eq!(
        out(&o),
        format!("正常：a.ron，13 条记录，3 个村，6 个部门，7 个类别\n{line}\n")
    );
    let o = bangfu(&["summary", "a.ron", "--by", "village"], d);
    assert_eq!(out(&o).lines().last(), Some(line.as_str()));
    let o = bangfu(
        &["summary", "a.ron", "--by", "village", "--format", "csv"],
        d,
    );
    assert!(!out(&o).contains("结账"), "{}", out(&o));
    let o = bangfu(&["check", "a.ron", "--lang", "en"], d);
    assert_eq!(
        out(&o).lines().nth(1),
        Some(
            format!(
                "locked up to 2020-06-30 (by {}, {when}, reason: 6月报表已报送)",
                lock.by
            )
            .as_str()
        )
    );
}

#[test]
fn an_import_with_one_row_in_the_period_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    locked_sample(d);
    std::fs::write(
        d.join("rows.csv"),
        "日期,村,部门,帮扶形式,内容,金额\n\
         2020-07-02,九股村,团委,物资,书包,100\n\
         2020-06-29,九股村,团委,物资,文具,200\n\
         2020-07-03,海子村,团委,物资,图书,300\n",
    )
    .expect("csv");
    let files = snapshot_of(d);
    let o = bangfu(&["import", "a.ron", "--csv", "rows.csv"], d);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).starts_with("2020-06-29 的记录在已结账期间内"),
        "{}",
        err(&o)
    );
    assert_eq!(snapshot_of(d), files);
    assert_eq!(
        read_ledger(&RealFs, &d.join("a.ron"))
            .expect("reads")
            .entries
            .len(),
        12
    );
}

#[test]
fn unlock_needs_a_reason_and_a_lock_and_history_shows_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "a.ron"], d).status.code(), Some(0));
    let files = snapshot_of(d);
    // Nothing to unlock: exit 2, nothing written.
    let o = bangfu(&["unlock", "a.ron", "--reason", "更正"], d);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(err(&o).trim_end(), "台账未结账，无需取消结账");
    // A bad date, an empty reason: exit 1 before the file is touched.
    let o = bangfu(
        &["lock", "a.ron", "--until", "2020-06-31", "--reason", "报送"],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).starts_with("--until 日期“2020-06-31”："),
        "{}",
        err(&o)
    );
    let o = bangfu(
        &["lock", "a.ron", "--until", "2020-06-30", "--reason", "  "],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err(&o).trim_end(), "原因：不能为空");
    let o = bangfu(&["lock", "a.ron", "--until", "2020-06-30"], d);
    assert_eq!(o.status.code(), Some(1), "--reason is required");
    assert_eq!(snapshot_of(d), files);

    locked_sample_again(d);
    let o = bangfu(&["unlock", "a.ron", "--reason", ""], d);
    assert_eq!(o.status.code(), Some(1));
    let o = bangfu(&["unlock", "a.ron", "--reason", "更正6月数据"], d);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "已取消结账（原为截至 2020-06-30）\n");
    assert_eq!(
        read_ledger(&RealFs, &d.join("a.ron")).expect("reads").lock,
        None
    );

    let o = bangfu(&["history", "a.ron", "--format", "csv"], d);
    let csv = out(&o);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.expect("row").iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!((rows[0][0].as_str(), rows[1][0].as_str()), ("1", "2"));
    assert_eq!(rows[0][4], "结账 截至 2020-06-30（原因：6月报表已报送）");
    assert!(
        rows[0][5].starts_with("until: — → 2020-06-30; reason: — → 6月报表已报送; by: — → "),
        "{}",
        rows[0][5]
    );
    assert_eq!(rows[1][4], "取消结账 截至 2020-06-30（原因：更正6月数据）");
    assert!(
        rows[1][5].ends_with("; unlock_reason: 更正6月数据"),
        "{}",
        rows[1][5]
    );
    let user = journal::saved_by();
    let (u, h) = user.rsplit_once('@').expect("user@host");
    assert_eq!((rows[1][2].as_str(), rows[1][3].as_str()), (u, h));
}

fn locked_sample_again(d: &Path) {
    let o = bangfu(
        &[
            "lock",
            "a.ron",
            "--until",
            "2020/6/30",
            "--reason",
            " 6月报表已报送 ",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).starts_with("已结账：截至 2020-06-30 已结账（"),
        "{}",
        out(&o)
    );
}

#[test]
fn a_restore_across_the_lock_is_refused_until_unlocked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert_eq!(bangfu(&["demo", "a.ron"], d).status.code(), Some(0));
    // Edit 1: a June entry; edit 2: the lock.
    let o = bangfu(
        &[
            "add",
            "a.ron",
            "--date",
            "2020-06-29",
            "--village",
            "九股村",
            "--department",
            "团委",
            "--kind",
            "goods",
            "--what",
            "书包",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    locked_sample_again(d);
    let files = snapshot_of(d);
    let o = bangfu(&["restore", "a.ron", "--to", "0"], d);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).starts_with("2020-06-29 的记录在已结账期间内"),
        "{}",
        err(&o)
    );
    assert_eq!(snapshot_of(d), files);
    // Unlocked, the restore goes back before both (the lock too).
    let o = bangfu(&["unlock", "a.ron", "--reason", "更正"], d);
    assert_eq!(o.status.code(), Some(0));
    let o = bangfu(&["restore", "a.ron", "--to", "0"], d);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let l = read_ledger(&RealFs, &d.join("a.ron")).expect("reads");
    assert_eq!((l.entries.len(), l.lock.clone()), (12, None));
}

// ---- the app (kittest, no window) ----

#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::gui::*;
    use crate::common::sample_file;

    use bangfu::ui::App;
    use eframe::egui::{Key, accesskit::Role};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use std::time::Duration;

    fn app_on(path: &Path, today: NaiveDate) -> Harness<'static, App> {
        Start::on(today).open(path)
    }

    fn open_lock_dialog(h: &mut Harness<'_, App>) {
        h.get_by_label("编辑").click();
        h.run();
        click_button(h, "结账…");
        assert!(has_text(h, "截至日期"), "the dialog is open");
    }

    fn saved(h: &mut Harness<'_, App>) {
        assert!(
            h.state_mut().wait_for_saves(Duration::from_secs(10)),
            "saved"
        );
        h.run();
    }

    /// 编辑 → 结账…: the end of last month is offered, a reason is needed, 结账 locks (who
    /// and when from this computer), the status bar and the rows say so; the dialog then
    /// shows the lock and 取消结账 needs its own reason; both are in the file's history.
    #[test]
    fn the_dialog_locks_and_unlocks_and_both_are_on_record() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = sample_file(dir.path());
        let mut h = app_on(&path, day(2020, 7, 15));
        open_lock_dialog(&mut h);
        assert_eq!(
            h.get_by_role_and_label(Role::TextInput, "截至日期")
                .value()
                .as_deref(),
            Some("2020-06-30"),
            "the end of last month"
        );
        assert!(has_text(&h, "尚未结账"));
        assert!(!button_enabled(&h, "结账"), "no reason yet");
        type_into(&mut h, "原因", "6月报表已报送领导班子会");
        assert!(button_enabled(&h, "结账"));
        click_button(&mut h, "结账");
        saved(&mut h);

        let disk = read_ledger(&RealFs, &path).expect("reads");
        let lock = disk.lock.clone().expect("locked on disk");
        assert_eq!(lock.until, day(2020, 6, 30));
        assert_eq!(lock.reason, "6月报表已报送领导班子会");
        assert_eq!(lock.by, journal::saved_by());
        assert!(!has_text(&h, "截至日期"), "the dialog closed");
        assert!(has_text(&h, "已结账至 2020-06-30"), "the status bar");
        // Every June row is marked; the sample is all June.
        assert_eq!(
            h.query_all_by_label_contains("已结 2020-06-").count(),
            disk.entries.len()
        );

        // The dialog now shows the lock and offers 取消结账 with a reason.
        open_lock_dialog(&mut h);
        let line = format!(
            "截至 2020-06-30 已结账（{}，{}，原因：6月报表已报送领导班子会）",
            lock.by,
            lock.at.format("%Y-%m-%d %H:%M")
        );
        assert!(has_text(&h, &line), "{line}");
        assert!(!button_enabled(&h, "取消结账"), "no reason yet");
        type_into(&mut h, "取消原因", "补录6月遗漏记录");
        click_button(&mut h, "取消结账");
        saved(&mut h);
        assert_eq!(read_ledger(&RealFs, &path).expect("reads").lock, None);
        assert!(!has_text_containing(&h, "已结账至"));
        assert!(!has_text_containing(&h, "已结 2020-06-"));

        let actions: Vec<String> = journal::all_records(&RealFs, &path)
            .iter()
            .map(|r| r.edit.describe(Lang::Zh))
            .collect();
        assert_eq!(
            actions,
            [
                "结账 截至 2020-06-30（原因：6月报表已报送领导班子会）",
                "取消结账 截至 2020-06-30（原因：补录6月遗漏记录）"
            ]
        );
    }

    /// With June locked, the form will not save a June entry (the message under 保存
    /// names the lock), a July entry saves, and 删除 of a June row is refused with the
    /// message in the status bar and nothing written.
    #[test]
    fn the_form_refuses_a_locked_date_and_delete_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = sample_file(dir.path());
        {
            let (mut store, mut l, _) = Store::open(&path).expect("open");
            let lock = lock_edit(None, Some(june_lock()), "");
            l.apply(&lock).expect("lock");
            store.record(&l, &lock).expect("saved");
        }
        let mut h = app_on(&path, day(2020, 7, 15));
        let before = std::fs::read(journal::journal_path(&path)).expect("journal");
        let message = "2020-06-30 的记录在已结账期间内，不能添加、修改或删除：截至 2020-06-30 已结账（张三@PC-12，2026-11-29 10:31，原因：6月报表已报送）。如需修改，请先取消结账";

        type_into(&mut h, "日期", "2020-06-30");
        type_into(&mut h, "村", "九股村");
        type_into(&mut h, "部门", "团委");
        type_into(&mut h, "内容", "书包");
        assert!(has_text(&h, message), "the lock's message");
        let (text, save) = (
            h.get_by_label(message).rect(),
            h.get_by_role_and_label(Role::Button, "保存").rect(),
        );
        assert!(text.top() >= save.bottom(), "under 保存: {text:?} {save:?}");
        assert!(!button_enabled(&h, "保存"));
        // Enter does not save either.
        h.get_by_role_and_label(Role::TextInput, "内容").focus();
        h.run();
        h.key_press(Key::Enter);
        h.run();
        saved(&mut h);
        assert_eq!(
            std::fs::read(journal::journal_path(&path)).expect("journal"),
            before
        );

        type_into(&mut h, "日期", "2020-07-01");
        assert!(!has_text(&h, message));
        assert!(button_enabled(&h, "保存"));
        click_button(&mut h, "保存");
        saved(&mut h);
        let disk = read_ledger(&RealFs, &path).expect("reads");
        assert!(
            disk.entries
                .iter()
                .any(|e| e.what == "书包" && e.date == day(2020, 7, 1))
        );

        // Select a June row and press 删除.
        let after_add = std::fs::read(journal::journal_path(&path)).expect("journal");
        h.get_by_label("公厕建设").click();
        h.run();
        click_button(&mut h, "删除");
        saved(&mut h);
        let refused = "2020-06-05 的记录在已结账期间内，不能添加、修改或删除：截至 2020-06-30 已结账（张三@PC-12，2026-11-29 10:31，原因：6月报表已报送）。如需修改，请先取消结账";
        assert_eq!(h.state().message(), Some(refused));
        assert!(has_text(&h, refused), "in the status bar");
        assert_eq!(
            std::fs::read(journal::journal_path(&path)).expect("journal"),
            after_add,
            "nothing written"
        );
        assert!(
            read_ledger(&RealFs, &path)
                .expect("reads")
                .entries
                .iter()
                .any(|e| e.what == "公厕建设")
        );
    }
}

// ---- random sequences: the rule against a plain model, and the store keeps it ----

mod random {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Random adds, date changes, deletes, locks, moves and unlocks: each entry edit
        /// is refused exactly when a date it touches is on or before the lock's day (a
        /// plain model kept beside the ledger says so), a refused edit changes nothing,
        /// and the file (snapshot + journal, reopened or compacted at random) is always
        /// the ledger in memory, the lock included.
        #[test]
        fn the_lock_holds_through_random_edits_and_reopening(
            ops in prop::collection::vec((0u8..5, 0i64..90, 0u8..4), 1..30)
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("r.ron");
            let mut l = sample_ledger();
            let mut store = Store::create(&path, &l).expect("create");
            // The model: the lock's day, or none.
            let mut until: Option<NaiveDate> = None;
            let locked = |until: Option<NaiveDate>, d: NaiveDate| until.is_some_and(|u| d <= u);
            let mut accepted = 0usize;
            for (k, (op, offset, act)) in ops.iter().enumerate() {
                let d = day(2020, 5, 15) + chrono::Duration::days(*offset);
                let (edit, expect_ok) = match op {
                    0 => {
                        let mut e = l.entries[1].clone();
                        e.id = l.next_entry_id();
                        e.date = d;
                        (Edit::add_entry(e), !locked(until, d))
                    }
                    1 => {
                        let before = l.entries.last().expect("an entry").clone();
                        let mut after = before.clone();
                        after.date = d;
                        let ok = !locked(until, before.date) && !locked(until, d);
                        (Edit::UpdateEntry { before: Box::new(before), after: Box::new(after) }, ok)
                    }
                    2 if l.entries.len() > 1 => {
                        let e = l.entries.last().expect("an entry").clone();
                        let ok = !locked(until, e.date);
                        (Edit::delete_entry(e), ok)
                    }
                    3 => {
                        let mut lock = june_lock();
                        lock.until = d;
                        lock.reason = format!("第{k}次报表已报送");
                        (lock_edit(l.lock.as_deref().cloned(), Some(lock), ""), true)
                    }
                    _ => match l.lock.as_deref() {
                        Some(lock) => (lock_edit(Some(lock.clone()), None, "更正"), true),
                        None => continue,
                    },
                };
                let before = l.clone();
                match l.apply(&edit) {
                    Ok(()) => {
                        prop_assert!(expect_ok, "applied but the model refuses: {:?}", edit);
                        store.record(&l, &edit).expect("saved");
                        accepted += 1;
                        if let Edit::SetLock { after, .. } = &edit {
                            until = after.as_ref().map(|a| a.until);
                        }
                    }
                    Err(e) => {
                        prop_assert!(!expect_ok, "refused but the model allows: {:?}", e);
                        prop_assert!(matches!(e, EditError::Locked(_)), "{:?}", e);
                        prop_assert_eq!(&l, &before);
                    }
                }
                prop_assert_eq!(l.lock.as_deref().map(|x| x.until), until);
                match act {
                    0 => store.compact(&l).expect("compact"),
                    1 => {
                        drop(store);
                        let (s, back, _) = Store::open(&path).expect("reopen");
                        prop_assert_eq!(&back, &l);
                        store = s;
                    }
                    _ => {}
                }
                prop_assert_eq!(&read_ledger(&RealFs, &path).expect("read"), &l);
            }
            store.compact(&l).expect("compact on close");
            drop(store);
            prop_assert_eq!(&read_ledger(&RealFs, &path).expect("read"), &l);
            prop_assert_eq!(journal::all_records(&RealFs, &path).len(), accepted);
        }
    }
}
