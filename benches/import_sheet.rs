//! Issue 10's import budget: 100,000 xlsx rows imported in 3 s or less (and 300 MB or
//! less), the wizard's first rows within 1 s. `cargo bench --bench import_sheet` (a
//! release build; not run on the shared CI machine). Measures the wizard's first read
//! (the sheet's first 200 rows), reading the whole sheet into text cells, reading plus
//! planning the whole import (header, mapping, every row through the registry), and all
//! of it plus the save into a new ledger (the big edit goes to a snapshot, its line to the
//! history: `src/store/batch.rs`).

use bangfu::ledger::Ledger;
use bangfu::store::Store;
use bangfu::transfer::sheet::Workbook;
use bangfu::transfer::table::{Header, plan_table};
use criterion::Criterion;
use std::path::Path;
use std::time::Duration;

const ROWS: u32 = 100_000;

fn write_sheet(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["日期", "村", "部门", "形式", "内容", "金额（万元）", "户数"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    let villages = ["九股村", "海子村", "平原村"];
    for r in 1..=ROWS {
        let date = format!("2021-{:02}-{:02}", r % 12 + 1, r % 28 + 1);
        ws.write_string(r, 0, date).expect("cell");
        ws.write_string(r, 1, villages[r as usize % 3])
            .expect("cell");
        ws.write_string(r, 2, "团委").expect("cell");
        ws.write_string(r, 3, "物资").expect("cell");
        ws.write_string(r, 4, format!("物资{r}")).expect("cell");
        ws.write_number(r, 5, f64::from(r % 1000) / 100.0)
            .expect("cell");
        ws.write_number(r, 6, f64::from(r % 30)).expect("cell");
    }
    wb.save(path).expect("save the bench sheet");
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("import-100k.xlsx");
    write_sheet(&path);
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("now");
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("import_xlsx_100k");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.bench_function("first_rows", |b| {
        b.iter(|| {
            let mut book = Workbook::open_path(&path).expect("opens");
            let (_, t) = book.default_sheet_rows(200).expect("reads");
            assert_eq!(t.rows.len(), 200);
            t
        })
    });
    g.bench_function("read", |b| {
        b.iter(|| {
            let mut book = Workbook::open_path(&path).expect("opens");
            book.default_sheet().expect("reads")
        })
    });
    g.bench_function("read_and_plan", |b| {
        b.iter(|| {
            let mut book = Workbook::open_path(&path).expect("opens");
            let (_, table) = book.default_sheet().expect("reads");
            let header = Header::detect(&table).expect("header");
            let plan = plan_table(&Ledger::new("x"), &table, &header, now).expect("plans");
            assert_eq!(plan.entries, ROWS as usize);
            plan
        })
    });
    g.bench_function("read_plan_and_save", |b| {
        let mut n = 0;
        b.iter(|| {
            n += 1;
            let ledger_path = dir.path().join(format!("l{n}.ron"));
            let mut ledger = Ledger::new("x");
            let mut store = Store::create(&ledger_path, &ledger).expect("creates");
            let mut book = Workbook::open_path(&path).expect("opens");
            let (_, table) = book.default_sheet().expect("reads");
            drop(book);
            let header = Header::detect(&table).expect("header");
            let plan = plan_table(&ledger, &table, &header, now).expect("plans");
            drop(table);
            ledger.apply(&plan.edit).expect("applies");
            store.record(&ledger, &plan.edit).expect("saves");
            plan.entries
        })
    });
    g.finish();
    c.final_summary();
}
