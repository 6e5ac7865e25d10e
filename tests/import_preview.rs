//! Issue 10's speed: the import wizard shows a big sheet's first rows before the rest is
//! read. The first read takes the sheet's first 200 rows; while the rest is read they are
//! shown and nothing is checked or importable; the whole sheet then replaces them, and a
//! wizard closed meanwhile stays closed.

#![cfg(feature = "gui")]

use bangfu::ledger::Ledger;
use bangfu::store::Store;
use bangfu::transfer::sheet::Workbook;
use bangfu::ui::App;
use bangfu::ui::platform::ScriptedPlatform;
use chrono::NaiveDate;
use eframe::egui::{self, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

mod common;
use common::gui::{Start, has_text_containing};

/// Rows of the test sheet: enough that reading them all in a debug build takes far longer
/// than the frames the test runs in between.
const ROWS: u32 = 30_000;

/// A sheet with a title row, a header and `ROWS` rows of 物资N, N yuan.
fn write_sheet(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账").expect("name");
    ws.write_string(0, 0, "2021 年帮扶台账").expect("title");
    for (c, h) in ["日期", "村", "部门", "形式", "内容", "金额"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    for r in 1..=ROWS {
        let row = r + 1;
        ws.write_string(row, 0, "2021-04-02").expect("cell");
        ws.write_string(row, 1, "九股村").expect("cell");
        ws.write_string(row, 2, "团委").expect("cell");
        ws.write_string(row, 3, "物资").expect("cell");
        ws.write_string(row, 4, format!("物资{r}")).expect("cell");
        ws.write_number(row, 5, f64::from(r)).expect("cell");
    }
    wb.save(path).expect("save the sheet");
}

fn app(path: &Path, platform: Arc<ScriptedPlatform>) -> Harness<'static, App> {
    Start::on(NaiveDate::from_ymd_opt(2021, 7, 1).expect("valid date"))
        .size(egui::vec2(1366.0, 768.0))
        .max_steps(16)
        .platform(platform)
        .open(path)
}

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.query_all_by_label_contains(label)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {label}"))
        .click();
    h.run_steps(4);
}

/// The ledger and the sheet in a temp folder, and the app with 文件 → 导入… answered.
fn open_import(dir: &Path) -> Harness<'static, App> {
    let path = dir.join("l.ron");
    drop(Store::create(&path, &Ledger::new("毕节职业技术学院")).expect("create"));
    let sheet = dir.join("big.xlsx");
    write_sheet(&sheet);
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app(&path, Arc::clone(&platform));
    platform.answer(sheet);
    click(&mut h, "文件");
    click(&mut h, "导入…");
    h
}

/// The first rows of a sheet are its first rows whatever the sheet (title row included).
#[test]
fn the_first_rows_are_the_start_of_the_whole_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = dir.path().join("s.xlsx");
    write_sheet(&sheet);
    let mut book = Workbook::open_path(&sheet).expect("opens");
    let (name, first) = book.default_sheet_rows(200).expect("reads");
    assert_eq!(name, "台账");
    assert_eq!(first.rows.len(), 200);
    let (_, all) = book.default_sheet().expect("reads");
    assert_eq!(all.rows.len(), ROWS as usize + 2);
    assert_eq!(first.rows[..], all.rows[..200]);
    assert_eq!(first.rows[199].number, 200);
    assert_eq!(first.rows[199].cells[4].text, "物资198");
}

#[test]
fn the_first_rows_show_at_once_and_the_whole_sheet_replaces_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = open_import(dir.path());
    // The first read: 200 rows, shown while the rest is read.
    h.state_mut().wait_for_jobs(Duration::from_secs(60));
    h.run_steps(4);
    assert!(
        has_text_containing(&h, "正在读取其余行"),
        "the rest is being read"
    );
    assert!(has_text_containing(&h, "工作表“台账”，第 2 行为表头"));
    assert!(has_text_containing(&h, "物资1"), "the first rows are shown");
    let import = h
        .query_all_by_label_contains("导入 0 条")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the import button");
    assert!(
        import.accesskit_node().is_disabled(),
        "nothing to import yet"
    );
    // The rest, then the check of every row.
    for _ in 0..3 {
        h.state_mut().wait_for_jobs(Duration::from_secs(120));
        h.run_steps(4);
    }
    assert!(!has_text_containing(&h, "正在读取其余行"));
    assert!(
        has_text_containing(&h, &format!("预览：{ROWS} 条记录")),
        "every row is checked"
    );
    click(&mut h, &format!("导入 {ROWS} 条"));
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(120)));
    h.run_steps(4);
    let l = h.state().ledger().expect("open").clone();
    assert_eq!(l.entries.len(), ROWS as usize);
    // 1 + 2 + … + ROWS yuan.
    let total: i64 = l.entries.iter().map(|e| e.value_fen.0).sum();
    assert_eq!(total, i64::from(ROWS) * i64::from(ROWS + 1) / 2 * 100);
}

#[test]
fn a_wizard_closed_while_the_rest_is_read_stays_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = open_import(dir.path());
    h.state_mut().wait_for_jobs(Duration::from_secs(60));
    h.run_steps(4);
    assert!(has_text_containing(&h, "正在读取其余行"));
    // The wizard's 取消 (the entry form's comes first).
    h.query_all_by_label("取消")
        .rfind(|n| n.accesskit_node().role() == Role::Button)
        .expect("cancel")
        .click();
    h.run_steps(4);
    assert!(!has_text_containing(&h, "正在读取其余行"));
    for _ in 0..2 {
        h.state_mut().wait_for_jobs(Duration::from_secs(120));
        h.run_steps(4);
    }
    assert!(
        !has_text_containing(&h, "预览："),
        "the wizard did not come back"
    );
    assert!(!has_text_containing(&h, "物资1"));
}
