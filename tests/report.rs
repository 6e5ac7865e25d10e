//! The printed summary (PDF) and the workbook (XLSX), checked the way a user would:
//! the PDF's text through `pdftotext` (poppler-utils), the workbook through calamine.

use bangfu::cli::{
    LangArg,
    report::{ReportArgs, run},
};
use bangfu::demo::{sample_ledger, synthetic_ledger};
use bangfu::i18n::Lang;
use bangfu::ledger::{Fen, Ledger};
use bangfu::report::pdf::layout::{
    CELL_PAD_Y, CONTENT_BOTTOM, MARGIN_TOP, Orientation, TABLE_LINE,
};
use bangfu::report::{self, ReportOptions, TotalsColumn, summary_for};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;
use std::process::Command;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn june_options(lang: Lang) -> ReportOptions {
    let mut o = ReportOptions::new(lang, day(2020, 7, 1));
    o.from = Some(day(2020, 6, 1));
    o.to = Some(day(2020, 6, 30));
    o
}

/// `pdftotext -layout [-f N -l N] file -`.
fn pdftotext(path: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// The text without spaces: pdftotext drops or adds narrow spaces next to Chinese text.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| *c != ' ').collect()
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

/// Totals of the sample worked out by hand from `src/demo.rs`: the college's own funds
/// 40,000 (公厕); goods 20,000 (出诊箱…) + 4,000 (口罩…) + 3,000 (农技服务包) = 27,000
/// (化肥 and school supplies carry 0); services 0; total 67,000, all of it to 九股村
/// (平原村's school supplies carry no value); households 13 + 32 + 4 = 49; persons 120;
/// person-times 100. The town's 1,000,000 pledge (700,000 arrived) is others' input: it
/// shows (with its 70.0 % delivery rate) only when others' input is asked for, never in
/// the college's totals.
#[test]
fn sample_pdf_prints_title_names_and_hand_checked_totals() {
    let ledger = sample_ledger();
    let report = report::pdf(&ledger, &june_options(Lang::Zh)).expect("pdf");
    assert!(
        report.missing_chars.is_empty(),
        "{:?}",
        report.missing_chars
    );
    assert!(report.bytes.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pdf(dir.path(), "sample.pdf", &report.bytes);
    let text = pdftotext(&path, None);
    for needle in [
        "毕节职业技术学院帮扶工作汇总",
        "2020年6月1日至2020年6月30日",
        "67,000.00",
        "40,000.00",
        "27,000.00",
        "陆万柒仟元整",
        "金额（元）",
        "制表人：",
        "审核人：",
        "2020年7月1日",
    ] {
        assert!(
            squeeze(&text).contains(&squeeze(needle)),
            "missing {needle:?} in:\n{text}"
        );
    }
    for v in &ledger.villages {
        assert!(text.contains(&v.name), "village {}", v.name);
    }
    for d in &ledger.departments {
        assert!(text.contains(&d.name), "department {}", d.name);
    }
    // 九股村's row carries the whole 67,000.00.
    assert!(
        text.lines()
            .any(|l| l.contains("九股村") && l.contains("67,000.00")),
        "九股村 row"
    );
    // 农业工程系 gave 20,000 of goods; the college leadership 40,000 of its own.
    assert!(
        text.lines()
            .any(|l| l.contains("农业工程系") && l.contains("20,000.00"))
    );
    assert!(
        text.lines()
            .any(|l| l.contains("学院党委/校领导") && l.contains("40,000.00"))
    );
    assert!(
        !text.contains("767,000.00") && !text.contains("700,000.00"),
        "the town's money is not the college's"
    );
    let mut o = june_options(Lang::Zh);
    o.include_other = true;
    let with_other = report::pdf(&ledger, &o).expect("pdf");
    let other_text = pdftotext(&write_pdf(dir.path(), "other.pdf", &with_other.bytes), None);
    for needle in ["1,000,000.00", "700,000.00", "70.0%", "67,000.00"] {
        assert!(
            squeeze(&other_text).contains(needle),
            "missing {needle:?} with others' input in:\n{other_text}"
        );
    }
    let flat = squeeze(&text);
    let footer = format!("共{}页", report.pages);
    assert_eq!(
        flat.matches(&footer).count(),
        report.pages,
        "a footer on every page"
    );
    for p in 1..=report.pages {
        assert!(flat.contains(&format!("第{p}页共{}页", report.pages)));
    }
    // The summary without the appendix is short.
    assert!(report.pages <= 4, "{} pages", report.pages);
}

#[test]
fn sample_pdf_in_wan_and_in_english() {
    let ledger = sample_ledger();
    let mut o = june_options(Lang::Zh);
    o.amounts_in_wan = true;
    let report = report::pdf(&ledger, &o).expect("pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let text = pdftotext(&write_pdf(dir.path(), "wan.pdf", &report.bytes), None);
    assert!(text.contains("万元"));
    assert!(text.contains("6.70"), "{text}");
    assert!(text.contains("陆万柒仟元整"), "大写 stays in yuan");

    let report = report::pdf(&ledger, &june_options(Lang::En)).expect("pdf");
    let text = pdftotext(&write_pdf(dir.path(), "en.pdf", &report.bytes), None);
    for needle in [
        "毕节职业技术学院 — Assistance summary",
        "1 June 2020 – 30 June 2020",
        "67,000.00",
        "Prepared by:",
        &format!("Page 1 of {}", report.pages),
    ] {
        assert!(
            squeeze(&text).contains(&squeeze(needle)),
            "missing {needle:?} in:\n{text}"
        );
    }
}

#[test]
fn ten_thousand_entries_appendix_paginates_and_repeats_its_header() {
    let ledger = synthetic_ledger(10_000, 1);
    let mut o = ReportOptions::new(Lang::Zh, day(2026, 1, 1));
    o.sections.entries = true;
    let report = report::pdf(&ledger, &o).expect("pdf");
    let (_, appendix_start) = report
        .section_pages
        .iter()
        .find(|(h, _)| h.contains("明细"))
        .cloned()
        .expect("appendix section");
    let appendix_pages = report.pages - appendix_start + 1;
    // Rows are one or two lines of 7.5 pt; a landscape page holds
    // (height − top margin − bottom reserve − header) / row height of them.
    let (_, h) = Orientation::Landscape.size();
    let lh = report::pdf::APPENDIX * TABLE_LINE;
    let usable = h - MARGIN_TOP - CONTENT_BOTTOM;
    let most = ((usable - (lh + 2.0 * CELL_PAD_Y)) / (lh + 2.0 * CELL_PAD_Y)).floor() as usize;
    let least = ((usable - 30.0 - (2.0 * lh + 2.0 * CELL_PAD_Y)) / (2.0 * lh + 2.0 * CELL_PAD_Y))
        .floor() as usize;
    // The unit's entries (others' input is not printed by default) + the totals row.
    let rows: usize = ledger
        .entries
        .iter()
        .filter(|e| e.source != bangfu::ledger::Source::Other)
        .count()
        + 1;
    assert!(
        appendix_pages >= rows.div_ceil(most) && appendix_pages <= rows.div_ceil(least),
        "{appendix_pages} appendix pages, expected {}..={} ({most}..{least} rows a page)",
        rows.div_ceil(most),
        rows.div_ceil(least)
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pdf(dir.path(), "big.pdf", &report.bytes);
    // Every page at once (pdftotext ends each page with a form feed) …
    let all = pdftotext(&path, None);
    let pages: Vec<&str> = all
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), report.pages);
    for (i, page) in pages.iter().enumerate().skip(appendix_start - 1) {
        for head in ["编号", "日期", "部门", "内容", "金额（元）", "备注"] {
            assert!(page.contains(head), "page {} lacks header {head}", i + 1);
        }
        assert!(squeeze(page).contains(&format!("第{}页共{}页", i + 1, report.pages)));
    }
    // … and a few pages one by one, as a reader would.
    for p in [
        appendix_start,
        appendix_start + 1,
        report.pages / 2 + appendix_start / 2,
        report.pages,
    ] {
        let text = pdftotext(&path, Some(p));
        assert!(text.contains("编号") && text.contains("备注"), "page {p}");
    }
    let last = pdftotext(&path, Some(report.pages));
    assert!(last.contains("合计"));
    let total: Fen = ledger
        .entries
        .iter()
        .filter(|e| e.source != bangfu::ledger::Source::Other)
        .map(|e| e.value_fen)
        .sum();
    assert!(
        last.contains(&total.display()),
        "appendix total {}",
        total.display()
    );
}

fn cell_f64(d: Option<&Data>) -> Option<f64> {
    match d {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

fn fen_of(d: Option<&Data>) -> Fen {
    Fen((cell_f64(d).unwrap_or(f64::NAN) * 100.0).round() as i64)
}

#[test]
fn workbook_sheets_headers_totals_and_formulas() {
    for ledger in [sample_ledger(), synthetic_ledger(2_000, 3)] {
        let o = june_options(Lang::Zh);
        let o = if ledger.entries.len() > 100 {
            ReportOptions::new(Lang::Zh, day(2026, 1, 1))
        } else {
            o
        };
        check_workbook(&ledger, &o);
    }
}

fn check_workbook(ledger: &Ledger, o: &ReportOptions) {
    let bytes = report::xlsx(ledger, o).expect("xlsx");
    let summary = summary_for(ledger, o);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open xlsx");
    assert_eq!(
        wb.sheet_names(),
        vec![
            "概览",
            "责任书",
            "按村",
            "按部门",
            "按村同比",
            "按部门同比",
            "村×部门",
            "按类别",
            "按月",
            "明细"
        ]
    );
    let groupings = [
        ("按村", "村", &summary.by_village),
        ("按部门", "部门", &summary.by_department),
        ("按类别", "类别", &summary.by_category),
        ("按月", "月份", &summary.by_month),
    ];
    let text_at = |range: &calamine::Range<Data>, r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    for (sheet, key, g) in groupings {
        let range = wb.worksheet_range(sheet).expect("sheet");
        let formulas = wb.worksheet_formula(sheet).expect("formulas");
        let width = range.width() as u32;
        let heads: Vec<String> = (0..width).map(|c| text_at(&range, 0, c)).collect();
        let mut expected = vec![key.to_string()];
        expected.extend(TotalsColumn::ALL.iter().map(|c| c.heading(Lang::Zh, false)));
        if sheet == "按村" {
            // The registered households stand beside the 受益户次.
            let at = expected.iter().position(|h| h == "受益户次").expect("户次") + 1;
            for (j, h) in ["建档立卡户", "监测户", "边缘户"].into_iter().enumerate() {
                expected.insert(at + j, h.to_string());
            }
        }
        assert_eq!(heads, expected, "{sheet} headers");
        let col = |h: &str| heads.iter().position(|x| x == h).expect("column") as u32;
        let (funds, total, entries) = (col("资金（元）"), col("合计（元）"), col("条数"));
        // Body rows, matched to the grouping by their label; the grouping's other rows
        // are the ones left out, and have nothing of the unit's in them.
        let mut shown = Vec::new();
        let mut row = 1;
        while text_at(&range, row, 0) != "合计" {
            let label = text_at(&range, row, 0);
            let r = g
                .rows
                .iter()
                .find(|r| r.key[0].label(ledger, Lang::Zh) == label)
                .unwrap_or_else(|| panic!("{sheet} row {label}"));
            shown.push(label);
            assert_eq!(fen_of(range.get_value((row, funds))), r.totals.funds_fen);
            assert_eq!(fen_of(range.get_value((row, total))), r.totals.total_fen());
            assert_eq!(
                cell_f64(range.get_value((row, entries))),
                Some(r.totals.entries as f64)
            );
            let f = formulas
                .get_value((row, total))
                .cloned()
                .unwrap_or_default();
            assert!(
                f.starts_with("SUM("),
                "{sheet} row total is a formula: {f:?}"
            );
            row += 1;
        }
        for r in &g.rows {
            if !shown.contains(&r.key[0].label(ledger, Lang::Zh)) {
                assert_eq!(
                    r.totals.direct.entries, 0,
                    "{sheet}: a row with entries left out"
                );
                assert_eq!(r.totals.introduced_fen(), Fen::ZERO);
            }
        }
        let total_row = row;
        for tc in TotalsColumn::ALL {
            let cc = col(&tc.heading(Lang::Zh, false));
            let f = formulas
                .get_value((total_row, cc))
                .cloned()
                .unwrap_or_default();
            assert!(
                f.starts_with("SUM("),
                "{sheet} total of column {cc} is a formula: {f:?}"
            );
            match (tc.fen(&g.total), tc.count(&g.total)) {
                (Some(v), _) => {
                    assert_eq!(fen_of(range.get_value((total_row, cc))), v, "{sheet} {cc}")
                }
                (_, Some(n)) => {
                    assert_eq!(cell_f64(range.get_value((total_row, cc))), Some(n as f64))
                }
                _ => {}
            }
        }
    }
    // Village × department: row totals, column totals and the corner.
    let range = wb.worksheet_range("村×部门").expect("cross");
    let formulas = wb.worksheet_formula("村×部门").expect("cross formulas");
    let x = &summary.cross;
    let total_col = x.departments.len() as u32 + 1;
    for (vi, t) in x.village_totals.iter().enumerate() {
        let row = vi as u32 + 1;
        assert_eq!(fen_of(range.get_value((row, total_col))), t.total_fen());
        assert!(
            formulas
                .get_value((row, total_col))
                .is_some_and(|f| f.starts_with("SUM("))
        );
    }
    let total_row = x.villages.len() as u32 + 1;
    for (di, t) in x.department_totals.iter().enumerate() {
        assert_eq!(
            fen_of(range.get_value((total_row, di as u32 + 1))),
            t.total_fen()
        );
    }
    assert_eq!(
        fen_of(range.get_value((total_row, total_col))),
        summary.overall.total_fen()
    );
    // Overview: the headline (the unit's own input) is a formula over funds, goods,
    // services and training.
    let range = wb.worksheet_range("概览").expect("overview");
    let formulas = wb.worksheet_formula("概览").expect("overview formulas");
    let row_of = |label: &str| {
        (0..30u32).find(|r| {
            range
                .get_value((*r, 0))
                .is_some_and(|d| matches!(d, Data::String(s) if s == label))
        })
    };
    let r = row_of("本单位投入（元）").expect("headline row");
    assert_eq!(fen_of(range.get_value((r, 1))), summary.overall.total_fen());
    assert!(
        formulas
            .get_value((r, 1))
            .is_some_and(|f| f.starts_with("SUM("))
    );
    let r = row_of("大写").expect("大写 row");
    assert_eq!(
        range.get_value((r, 1)).map(|d| d.to_string()),
        Some(summary.overall.total_fen().chinese_upper())
    );
    // Every entry, with a totals row of formulas.
    let range = wb.worksheet_range("明细").expect("entries");
    let formulas = wb.worksheet_formula("明细").expect("entries formulas");
    // The unit's entries: its own and those it brought in (others' only when asked).
    let n = (summary.overall.direct.entries + summary.overall.introduced.entries) as u32;
    assert_eq!(
        range.get_value((0, 0)).map(|d| d.to_string()).as_deref(),
        Some("编号")
    );
    let value: Fen = ledger
        .entries
        .iter()
        .filter(|e| o.from.is_none_or(|f| e.date >= f) && o.to.is_none_or(|t| e.date <= t))
        .filter(|e| e.source != bangfu::ledger::Source::Other)
        .map(|e| e.value_fen)
        .sum();
    assert_eq!(fen_of(range.get_value((n + 1, 9))), value);
    assert!(
        formulas
            .get_value((n + 1, 9))
            .is_some_and(|f| f.starts_with("SUM("))
    );
}

#[test]
fn missing_glyph_is_reported_not_printed_blank() {
    let mut ledger = sample_ledger();
    ledger.villages[1].name = "𠀀村".to_string();
    ledger.entries[8].village = ledger.villages[1].id;
    let report = report::pdf(&ledger, &june_options(Lang::Zh)).expect("pdf");
    assert_eq!(report.missing_chars, vec!['𠀀']);
    let warning = report.missing_warning(Lang::Zh).expect("a warning");
    assert!(
        warning.contains('𠀀') && warning.contains("U+20000"),
        "{warning}"
    );
    let ok = report::pdf(&sample_ledger(), &june_options(Lang::Zh)).expect("pdf");
    assert!(ok.missing_warning(Lang::Zh).is_none());
}

fn args(file: &Path) -> ReportArgs {
    ReportArgs {
        file: file.to_path_buf(),
        pdf: None,
        xlsx: None,
        from: Some("2020-06-01".into()),
        to: Some("2020年6月30日".into()),
        wan: false,
        entries: true,
        other: false,
        prepared_by: "张三".into(),
        reviewed_by: String::new(),
        findings: false,
        evidence: false,
        evidence_per_page: bangfu::cli::report::PerPageArg::Four,
        lang: LangArg::Zh,
    }
}

#[test]
fn cli_writes_both_files_and_exits_with_the_right_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("sample.ron");
    let ron = bangfu::store::format::to_ron(&sample_ledger()).expect("ron");
    std::fs::write(&file, ron).expect("write ledger");

    let mut a = args(&file);
    assert_eq!(run(&a), 1, "neither --pdf nor --xlsx");

    a.pdf = Some(dir.path().join("out.pdf"));
    a.xlsx = Some(dir.path().join("out.xlsx"));
    assert_eq!(run(&a), 0);
    let text = pdftotext(&dir.path().join("out.pdf"), None);
    let flat = squeeze(&text);
    assert!(flat.contains("制表人：张三") && flat.contains("附：帮扶明细"));
    assert!(std::fs::metadata(dir.path().join("out.xlsx")).is_ok_and(|m| m.len() > 1000));

    let mut bad_date = a.clone();
    bad_date.from = Some("2020-02-30".into());
    assert_eq!(run(&bad_date), 1);

    let mut unwritable = a.clone();
    unwritable.pdf = Some(dir.path().join("no-such-folder").join("out.pdf"));
    assert_eq!(run(&unwritable), 1);

    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format: \"bangfu-ledger\", version: 1, oops").expect("write");
    let mut b = args(&broken);
    b.pdf = Some(dir.path().join("never.pdf"));
    b.lang = LangArg::En;
    assert_eq!(run(&b), 2);
    assert!(
        !dir.path().join("never.pdf").exists(),
        "nothing written for a bad file"
    );
}
