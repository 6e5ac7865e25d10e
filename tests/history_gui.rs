#![cfg(feature = "gui")]
//! The app's 修改记录 (issue 13): the window lists every edit on record newest first with
//! who, when and what (field: old → new), filters by entry and person, opens from an
//! entry's context menu, shows the ledger as it was right after an edit (read-only), restores
//! it as one undoable edit, and recovers a damaged journal from the read-only banner.

use bangfu::demo::sample_ledger;
use bangfu::ledger::edit::BatchLabel;
use bangfu::ledger::{Edit, Fen, Ledger};
use bangfu::store::fs::RealFs;
use bangfu::store::{Store, journal};
use bangfu::ui::App;
use bangfu::ui::platform::ScriptedPlatform;
use chrono::{DateTime, NaiveDate};
use eframe::egui::{Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

mod common;
use common::gui::{Start, has_text, has_text_containing, on_disk, type_into};

// ---- harness (tests/common/gui.rs and what is this file's own) ----

fn app_on(path: &Path) -> Harness<'static, App> {
    app_with(path, Arc::new(ScriptedPlatform::new()))
}

/// The app with a scripted platform the test keeps (its save dialog answers from a queue).
fn app_with(path: &Path, platform: Arc<ScriptedPlatform>) -> Harness<'static, App> {
    Start::on(NaiveDate::from_ymd_opt(2020, 7, 10).expect("valid date"))
        .platform(platform)
        .open(path)
}

/// A frame or two for the click to become a command and its job to start, then the
/// jobs and saves are waited for and the UI settles.
fn settle(h: &mut Harness<'_, App>) {
    for _ in 0..3 {
        h.step();
        h.state_mut().wait_for_jobs(Duration::from_secs(60));
        assert!(
            h.state_mut().wait_for_saves(Duration::from_secs(10)),
            "saved"
        );
    }
    h.run();
}

/// Clicks the enabled button with this label (the form has a greyed-out 取消 of its own).
fn click_button(h: &mut Harness<'_, App>, label: &str) {
    h.query_all_by_role_and_label(Role::Button, label)
        .find(|n| !n.accesskit_node().is_disabled())
        .unwrap_or_else(|| panic!("no enabled button {label}"))
        .click();
    settle(h);
}

/// 文件 → 修改记录…
fn open_history(h: &mut Harness<'_, App>) {
    h.get_by_label("文件").click();
    h.run();
    h.query_all_by_label_contains("修改记录…")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("文件 → 修改记录…")
        .click();
    settle(h);
}

// ---- a ledger with three edits on record, by two people ----

const WANG: &str = "王明@PC-12";
const LI: &str = "李华@PC-7";

/// The sample ledger and three edits, each line written as the journal writes it:
/// 1. 王明, 2020-06-29 09:00: 公厕建设 40,000 → 41,000 元, notes 惠及全村 → 追加 1000 元;
/// 2. 李华, 2020-06-30 14:02: 出诊箱、电动消毒背壶 (20,000 元) deleted;
/// 3. 王明, 2020-07-01 08:00: 公厕建设 renamed 公厕改建.
///
/// Returns the file and the ledger after each edit (`states[k]`: after edit k).
fn ledger_with_history(dir: &Path) -> (PathBuf, Vec<Ledger>) {
    let path = dir.join("台账.ron");
    let mut l = sample_ledger();
    drop(Store::create(&path, &l).expect("create"));
    let mut states = vec![l.clone()];
    let toilet = l.entries[0].clone();
    assert_eq!(
        (toilet.what.as_str(), toilet.notes.as_str()),
        ("公厕建设", "惠及全村")
    );
    let mut more = toilet.clone();
    more.value_fen = Fen(4_100_000);
    more.notes = "追加 1000 元".into();
    let kits = l.entries[1].clone();
    assert_eq!(kits.what, "出诊箱、电动消毒背壶");
    let mut renamed = more.clone();
    renamed.what = "公厕改建".into();
    let edits = [
        (
            "2020-06-29T09:00:00+08:00",
            WANG,
            Edit::UpdateEntry {
                before: Box::new(toilet),
                after: Box::new(more.clone()),
            },
        ),
        ("2020-06-30T14:02:05+08:00", LI, Edit::delete_entry(kits)),
        (
            "2020-07-01T08:00:00+08:00",
            WANG,
            Edit::UpdateEntry {
                before: Box::new(more),
                after: Box::new(renamed),
            },
        ),
    ];
    let mut lines = Vec::new();
    for (seq, (at, by, edit)) in edits.iter().enumerate() {
        let at = DateTime::parse_from_rfc3339(at).expect("time");
        lines.extend(journal::line_of(seq as u64 + 1, &at, by, edit).expect("line"));
        l.apply(edit).expect("applies");
        states.push(l.clone());
    }
    std::fs::write(journal::journal_path(&path), lines).expect("journal");
    assert_eq!(on_disk(&path), states[3]);
    (path, states)
}

/// The row of edit 1, the row of edit 3, as the window shows them.
const EDIT_1: &str = "金额：40,000.00 → 41,000.00；备注：惠及全村 → 追加 1000 元";
const EDIT_3: &str = "内容：公厕建设 → 公厕改建";

#[test]
fn the_window_lists_every_edit_newest_first_and_filters_by_entry_and_person() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_with_history(dir.path());
    let mut h = app_on(&path);
    open_history(&mut h);

    assert!(has_text(&h, "显示 3 次修改（共 3 次）"));
    // Each row: 序号, 时间, 人, 动作, 内容 (field: old → new).
    for text in [
        "2020-06-29 09:00:00",
        "2020-06-30 14:02:05",
        "2020-07-01 08:00:00",
        LI,
        "修改 公厕建设",
        "删除 出诊箱、电动消毒背壶",
        "修改 公厕改建",
        EDIT_1,
        EDIT_3,
    ] {
        assert!(has_text(&h, text), "{text}");
    }
    // The deleted entry's fields as the table showed them.
    assert!(has_text_containing(&h, "内容：出诊箱、电动消毒背壶"));
    assert!(has_text_containing(&h, "金额：20,000.00"));
    // Newest first.
    let y = |text: &str| h.get_by_label(text).rect().top();
    assert!(y(EDIT_3) < y("2020-06-30 14:02:05"));
    assert!(y("2020-06-30 14:02:05") < y(EDIT_1));

    // By entry: 公厕 (entry 1) has edits 1 and 3.
    type_into(&mut h, "条目编号", "1");
    assert!(has_text(&h, "显示 2 次修改（共 3 次）"));
    assert!(
        has_text(&h, "（公厕改建）"),
        "the entry's name beside its number"
    );
    assert!(has_text(&h, EDIT_1) && has_text(&h, EDIT_3));
    assert!(!has_text(&h, "删除 出诊箱、电动消毒背壶"));
    // A number that is not one says so and filters nothing.
    type_into(&mut h, "条目编号", "abc");
    assert!(has_text(&h, "条目编号：“abc”不是数字"));
    assert!(has_text(&h, "显示 3 次修改（共 3 次）"));
    click_button(&mut h, "清除筛选");

    // By person: 李华 made edit 2 only.
    h.get_by_role_and_label(Role::ComboBox, "修改人").click();
    h.run();
    h.get_all_by_label(LI)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .expect("李华 in the list")
        .click();
    h.run();
    assert!(has_text(&h, "显示 1 次修改（共 3 次）"));
    assert!(has_text(&h, "删除 出诊箱、电动消毒背壶"));
    assert!(!has_text(&h, EDIT_1) && !has_text(&h, EDIT_3));
    click_button(&mut h, "清除筛选");

    // By date: 2020-06-30 alone.
    type_into(&mut h, "修改日期从", "2020-06-30");
    type_into(&mut h, "至", "2020年6月30日");
    assert!(has_text(&h, "显示 1 次修改（共 3 次）"));
    assert!(has_text(&h, "删除 出诊箱、电动消毒背壶"));
}

#[test]
fn an_entrys_context_menu_opens_its_own_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_with_history(dir.path());
    let mut h = app_on(&path);
    // Right-click the entry in the ledger table, then 修改记录.
    h.get_by_label("公厕改建").click_secondary();
    h.run();
    h.get_by_role_and_label(Role::Button, "修改记录").click();
    settle(&mut h);
    assert!(has_text(&h, "显示 2 次修改（共 3 次）"));
    assert!(has_text(&h, EDIT_1) && has_text(&h, EDIT_3));
    assert!(!has_text(&h, "删除 出诊箱、电动消毒背壶"));
}

#[test]
fn the_ledger_as_it_was_after_an_edit_is_shown_read_only_with_its_totals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_with_history(dir.path());
    let mut h = app_on(&path);
    // Now: 11 entries; the unit's own input 41,000 + 4,000 + 3,000 = 48,000.00 元.
    assert!(has_text_containing(
        &h,
        "显示 11 条（共 11 条），合计 48,000.00 元"
    ));
    open_history(&mut h);
    // The ledger right after edit 1: all 12 entries, 41,000 + 20,000 + 4,000 + 3,000.
    h.get_by_label(EDIT_1).click();
    h.run();
    click_button(&mut h, "查看当时的台账");
    assert!(has_text(&h, "2020-06-29 09:00 时的台账（只读）"));
    assert!(has_text_containing(
        &h,
        "显示 12 条（共 12 条），合计 68,000.00 元"
    ));
    assert!(
        has_text(&h, "出诊箱、电动消毒背壶"),
        "the deleted entry is back then"
    );
    // Its totals tab: the headline is the same 68,000.00 元 of the unit's own input.
    let tabs: Vec<_> = h.query_all_by_label("汇总").collect();
    tabs.last().expect("the window's 汇总").click();
    h.run();
    assert!(has_text_containing(&h, "68,000.00"));
    // Nothing changed: the file is as it was, the ledger now unchanged.
    assert_eq!(on_disk(&path).entries.len(), 11);
    assert_eq!(h.state().ledger().map(|l| l.entries.len()), Some(11));
}

#[test]
fn restoring_to_an_edit_is_one_new_edit_on_record_and_undone_by_ctrl_z() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, states) = ledger_with_history(dir.path());
    let mut h = app_on(&path);
    open_history(&mut h);
    h.get_by_label(EDIT_1).click();
    h.run();
    click_button(&mut h, "恢复到此处");
    // Edits 2 and 3 are undone: 公厕 changes back and the kits come back (2 entries).
    assert!(has_text_containing(
        &h,
        "台账将恢复到第 1 次修改（2020-06-29 09:00）刚完成时的样子：撤回其后的 2 次修改，2 条台账记录会改变。"
    ));
    assert_eq!(
        on_disk(&path),
        states[3],
        "nothing is written before the answer"
    );
    click_button(&mut h, "恢复");
    assert_eq!(on_disk(&path), states[1]);
    assert_eq!(h.state().ledger(), Some(&states[1]));
    assert_eq!(
        h.state().message(),
        Some("已恢复到第 1 次修改之后：撤回其后 2 次修改，2 条台账记录有变动（可撤销）")
    );
    // On record as edit 4, and the list shows it.
    let records = journal::all_records(&RealFs, &path);
    assert_eq!(
        records.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert!(matches!(
        records[3].edit,
        Edit::Batch {
            label: BatchLabel::RestoreTo { seq: 1 },
            ..
        }
    ));
    settle(&mut h);
    assert!(has_text(&h, "显示 4 次修改（共 4 次）"));
    assert!(has_text(&h, "恢复到第 1 次修改之后"));
    assert!(has_text(&h, "共 2 项修改"));

    // Ctrl+Z undoes the restore (edit 5 on record).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(on_disk(&path), states[3]);
    assert_eq!(journal::all_records(&RealFs, &path).len(), 5);
}

#[test]
fn a_damaged_journal_is_recovered_from_the_banner_after_a_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, states) = ledger_with_history(dir.path());
    // Line 2 is damaged; line 3 is good: the ledger opens read-only after edit 1.
    let jpath = journal::journal_path(&path);
    let mut bytes = std::fs::read(&jpath).expect("journal");
    let second = bytes.iter().position(|b| *b == b'\n').expect("line 1") + 1;
    bytes[second + 3] = b'#';
    std::fs::write(&jpath, &bytes).expect("damage");
    let mut h = app_on(&path);
    assert!(h.state().status_text().starts_with("只读"));
    assert_eq!(h.state().ledger(), Some(&states[1]));

    click_button(&mut h, "恢复到最后一条完好的修改");
    assert!(has_text_containing(
        &h,
        "修改日志从第 2 行起的 2 次修改将丢失（不再应用）"
    ));
    // Cancel changes nothing.
    click_button(&mut h, "取消");
    assert_eq!(std::fs::read(&jpath).expect("journal"), bytes);
    assert!(h.state().status_text().starts_with("只读"));

    click_button(&mut h, "恢复到最后一条完好的修改");
    click_button(&mut h, "恢复");
    assert_eq!(h.state().status_text(), "已保存", "editable again");
    assert_eq!(h.state().ledger(), Some(&states[1]));
    assert_eq!(
        h.state().message(),
        Some("已恢复到第 1 次修改：损坏的修改日志已完整保存在历史记录文件夹中，其后的记录未应用")
    );
    // The whole damaged journal is kept in the history folder.
    let kept: Vec<PathBuf> = std::fs::read_dir(journal::history_dir(&path))
        .expect("history folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains("damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(&kept[0]).expect("kept"), bytes);
    assert_eq!(on_disk(&path), states[1]);
}

#[test]
fn a_read_only_copy_can_look_back_but_not_restore() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_with_history(dir.path());
    let _holder = Store::open(&path).expect("another copy holds the lock");
    let mut h = app_on(&path);
    assert!(h.state().status_text().starts_with("只读"));
    open_history(&mut h);
    assert!(has_text(&h, "显示 3 次修改（共 3 次）"));
    h.get_by_label(EDIT_1).click();
    h.run();
    let restore = h.get_by_role_and_label(Role::Button, "恢复到此处");
    assert!(restore.accesskit_node().is_disabled());
    click_button(&mut h, "查看当时的台账");
    assert!(has_text(&h, "2020-06-29 09:00 时的台账（只读）"));
    assert!(has_text_containing(
        &h,
        "显示 12 条（共 12 条），合计 68,000.00 元"
    ));
}

#[test]
fn the_history_speaks_english_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_with_history(dir.path());
    let mut h = app_on(&path);
    h.get_by_label("中文 / English").click();
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.query_all_by_label_contains("Edit history…")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("File → Edit history…")
        .click();
    settle(&mut h);
    assert!(has_text(&h, "3 of 3 edits shown"));
    assert!(has_text(
        &h,
        "Value: 40,000.00 → 41,000.00; Notes: 惠及全村 → 追加 1000 元"
    ));
    assert!(has_text(&h, "What: 公厕建设 → 公厕改建"));
    assert!(has_text(&h, "delete 出诊箱、电动消毒背壶"));
}

#[test]
fn the_ledger_as_it_was_is_exported_with_its_own_totals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_with_history(dir.path());
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_with(&path, Arc::clone(&platform));
    open_history(&mut h);
    h.get_by_label(EDIT_1).click();
    h.run();
    click_button(&mut h, "查看当时的台账");
    let out = dir.path().join("then.xlsx");
    platform.answer(&out);
    click_button(&mut h, "导出 Excel…");
    let asked = platform.asked();
    assert_eq!(
        asked.last().map(|r| r.file_name.as_str()),
        Some("毕节职业技术学院帮扶工作汇总表（2020-06-29 09-00 时）.xlsx")
    );
    assert_eq!(platform.viewed(), std::slice::from_ref(&out));
    // The workbook holds the totals then (68,000 of the unit's own input), not now's 48,000.
    let mut book = bangfu::transfer::sheet::Workbook::open_path(&out).expect("a workbook");
    let mut numbers = Vec::new();
    for name in book.sheet_names() {
        let table = book.read(&name).expect("sheet");
        for row in table.rows {
            numbers.extend(row.cells.into_iter().filter(|c| c.number).map(|c| c.text));
        }
    }
    assert!(numbers.iter().any(|n| n == "68000"), "{numbers:?}");
    assert!(!numbers.iter().any(|n| n == "48000"), "{numbers:?}");
}
