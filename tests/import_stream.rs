//! Issue 10 (speed): an .xlsx sheet is read on a second thread while its rows are
//! checked. The streamed rows must be the very rows the whole-sheet read gives; a sheet
//! that cannot be streamed so (a cell left of the first rows' first column) is read whole,
//! and the CLI imports it the same.

use bangfu::transfer::sheet::{StreamEnd, Workbook};
use bangfu::transfer::table::TextTable;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::cli::{bangfu, text};

/// The sheet as the stream gives it: the head's rows then the rest, and how it ended.
fn streamed(path: &Path, name: &str) -> (TextTable, StreamEnd) {
    let book = Workbook::open_path(path).expect("opens");
    let Ok(stream) = book.stream(name) else {
        panic!("an .xlsx workbook streams");
    };
    let mut stream = stream.expect("starts");
    let mut table = stream.head.clone();
    table.rows.extend(stream.rows());
    (table, stream.end())
}

fn whole(path: &Path, name: &str) -> TextTable {
    Workbook::open_path(path)
        .expect("opens")
        .read(name)
        .expect("reads")
}

/// 120 data rows under a title and a header, from column B: rows 50–52 blank, a note
/// far right on row 100; `left_note`: a note in column A on row 90 too.
fn long_sheet(path: &Path, left_note: bool, negative_at: Option<u32>) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("明细").expect("name");
    ws.write_string(0, 1, "2021年帮扶台账").expect("write");
    let header = ["日期", "村", "部门", "帮扶形式", "内容", "金额（元）"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16 + 1, *h).expect("write");
    }
    for i in 0..120u32 {
        let row = 3 + i;
        if (49..52).contains(&row) {
            continue;
        }
        let cells = ["2021-04-02", "九股村", "团委", "物资"];
        for (c, t) in cells.iter().enumerate() {
            ws.write_string(row, c as u16 + 1, *t).expect("write");
        }
        ws.write_string(row, 5, format!("书包{i}")).expect("write");
        let amount = if negative_at == Some(row + 1) {
            -5.0
        } else {
            f64::from(i) + 0.25
        };
        ws.write_number(row, 6, amount).expect("write");
    }
    ws.write_string(99, 12, "备查").expect("write");
    if left_note {
        ws.write_string(89, 0, "注").expect("write");
    }
    wb.save(path).expect("save");
}

#[test]
fn the_streamed_fixture_is_the_whole_read() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/old_ledger.xlsx");
    let names = Workbook::open_path(&path).expect("opens").sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    for name in &names {
        let (got, end) = streamed(&path, name);
        assert!(matches!(end, StreamEnd::Done), "{name}: {end:?}");
        assert_eq!(got, whole(&path, name), "sheet {name}");
    }
}

#[test]
fn a_long_sheet_streams_row_for_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("long.xlsx");
    long_sheet(&path, false, None);
    let (got, end) = streamed(&path, "明细");
    assert!(matches!(end, StreamEnd::Done), "{end:?}");
    let want = whole(&path, "明细");
    // Worked out by hand: rows 1 … 123 of the sheet, from column B.
    assert_eq!(want.first_col, 1);
    assert_eq!(want.rows.len(), 123);
    assert_eq!(want.rows[122].number, 123);
    assert!(want.rows[49].cells.is_empty());
    assert_eq!(want.rows[99].cells[11].text, "备查");
    assert_eq!(got, want);
}

#[test]
fn a_cell_left_of_the_head_makes_the_sheet_read_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    long_sheet(&d.join("left.xlsx"), true, None);
    let (_, end) = streamed(&d.join("left.xlsx"), "明细");
    assert!(matches!(end, StreamEnd::Unstreamable), "{end:?}");
    assert_eq!(whole(&d.join("left.xlsx"), "明细").first_col, 0);

    // The CLI imports it all the same: 117 rows (120 less the 3 blank ones).
    assert!(bangfu(&["demo", "s.ron"], d).status.success());
    let before = bangfu(&["summary", "s.ron", "--by", "year", "--format", "csv"], d);
    let o = bangfu(&["import", "s.ron", "--xlsx", "left.xlsx"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("已导入 117 条记录"), "{}", text(&o));
    assert!(text(&o).contains("第 3 行为表头"), "{}", text(&o));
    assert!(
        text(&o).contains("B 日期、C 村、D 部门、E 帮扶形式、F 内容、G 金额"),
        "{}",
        text(&o)
    );
    // 0.25 + 1.25 + … + 119.25 = 7140 + 30, less rows 50–52 (46.25 + 47.25 + 48.25 =
    // 141.75): 7028.25 more in 2021's total.
    let after = bangfu(&["summary", "s.ron", "--by", "year", "--format", "csv"], d);
    assert_eq!(
        total_2021(&after) - total_2021(&before),
        702_825,
        "{}\n{}",
        text(&before),
        text(&after)
    );
}

/// 2021's total_yuan in fen, from `summary --by year --format csv` (0 without a 2021 row).
fn total_2021(o: &Output) -> i64 {
    let out = String::from_utf8_lossy(&o.stdout);
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "total_yuan")
        .expect("total_yuan");
    let Some(line) = lines.find(|l| l.starts_with("2021,")) else {
        return 0;
    };
    let v = line.split(',').nth(col).expect("a total");
    let (y, f) = v.split_once('.').expect("yuan.fen");
    y.parse::<i64>().expect("yuan") * 100 + f.parse::<i64>().expect("fen")
}

#[test]
fn a_bad_cell_past_the_head_is_named_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert!(bangfu(&["demo", "s.ron"], d).status.success());
    let before = std::fs::read(d.join("s.ron")).expect("ledger");
    for (file, left) in [("bad.xlsx", false), ("bad_left.xlsx", true)] {
        long_sheet(&d.join(file), left, Some(110));
        let o = bangfu(&["import", "s.ron", "--xlsx", file], d);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(
            text(&o).contains("明细!G110 金额：不能为负数"),
            "{file}: {}",
            text(&o)
        );
        assert_eq!(std::fs::read(d.join("s.ron")).expect("ledger"), before);
    }
}
