//! The summary as an XLSX workbook: one sheet per table, Chinese (or English) headers,
//! a frozen header row, and totals written as `=SUM(..)` formulas that carry their
//! computed values, so a viewer that does not recalculate still shows the numbers and
//! editing a cell in Excel or WPS makes the totals follow.
//!
//! The workbook always holds every sheet (概览, 责任书, 按村, 按部门, 按村同比, 按部门同比,
//! 村×部门, 按类别, 按月, 明细): the same tables as the PDF, built once
//! ([`ReportTables`]); the section choices shape the printed PDF only.
//!
//! Amounts are integer fen in the ledger; a spreadsheet cell is a double, so each amount is
//! written as yuan (or 万元) at the last moment, and the cached formula results are the
//! exact decimal texts.

use super::table::{self, Cell, ColumnKind, RowKind, Table};
use super::{ReportError, ReportOptions, ReportTables, period_text, summary_for, title};
use crate::i18n::{Lang, report as words};
use crate::ledger::{Fen, Ledger};
use crate::summary::Summary;
use chrono::Datelike;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// Sheet names in the workbook's order.
pub fn sheet_names(lang: Lang) -> [&'static str; 10] {
    words::sheet_names(lang)
}

fn err(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e)
}

/// Formats shared by every sheet.
struct Formats {
    header: Format,
    money: Format,
    count: Format,
    total_label: Format,
    total_money: Format,
    total_count: Format,
    date: Format,
    percent: Format,
    wrap: Format,
    note: Format,
    change: Format,
}

impl Formats {
    fn new() -> Formats {
        let money = Format::new().set_num_format("#,##0.00");
        let count = Format::new().set_num_format("#,##0");
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(0xDEE4EC)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            total_label: Format::new().set_bold().set_background_color(0xF0F0F0),
            total_money: money.clone().set_bold().set_background_color(0xF0F0F0),
            total_count: count.clone().set_bold().set_background_color(0xF0F0F0),
            money,
            count,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: Format::new().set_num_format("0.0%"),
            wrap: Format::new().set_text_wrap(),
            note: Format::new().set_italic().set_font_color(0x5A5A5A),
            change: Format::new().set_num_format("+0.0%;-0.0%;0.0%"),
        }
    }
}

/// An amount as the number written to a cell: yuan, or 万元.
fn amount(fen: Fen, wan: bool) -> f64 {
    // Display only: the ledger keeps integer fen.
    if wan {
        fen.0 as f64 / 1_000_000.0
    } else {
        fen.0 as f64 / 100.0
    }
}

/// The exact decimal text of an amount, for a formula's cached result.
fn amount_result(fen: Fen, wan: bool) -> String {
    let (div, places) = if wan { (1_000_000u64, 6) } else { (100u64, 2) };
    let sign = if fen.0 < 0 { "-" } else { "" };
    let abs = fen.0.unsigned_abs();
    let frac = format!("{:0width$}", abs % div, width = places);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{}", abs / div)
    } else {
        format!("{sign}{}.{frac}", abs / div)
    }
}

/// The widest a column is made; longer text wraps.
const MAX_WIDTH: f64 = 60.0;

/// A column width (Excel character units) for text: Chinese characters count double.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum::<f64>()
}

/// Tracks the widest text per column and sets the widths at the end.
struct Widths(Vec<f64>);

impl Widths {
    fn new(n: usize) -> Widths {
        Widths(vec![8.0; n])
    }

    fn see(&mut self, col: usize, text: &str) {
        if let Some(w) = self.0.get_mut(col) {
            *w = w.max(text_width(text) + 2.0);
        }
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), ReportError> {
        for (i, w) in self.0.iter().enumerate() {
            ws.set_column_width(i as u16, w.min(MAX_WIDTH))
                .map_err(err)?;
        }
        Ok(())
    }
}

fn header_row(
    ws: &mut Worksheet,
    f: &Formats,
    heads: &[String],
    widths: &mut Widths,
) -> Result<(), ReportError> {
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, h, &f.header)
            .map_err(err)?;
        // Headers may wrap onto two lines; numbers set the width otherwise.
        widths.see(
            i,
            &h.chars()
                .take(h.chars().count().div_ceil(2) + 1)
                .collect::<String>(),
        );
    }
    ws.set_row_height(0, 30).map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;
    Ok(())
}

/// Makes the workbook for the options' period: the same tables as the PDF, one sheet each.
pub fn xlsx(ledger: &Ledger, options: &ReportOptions) -> Result<Vec<u8>, ReportError> {
    let summary = summary_for(ledger, options);
    let s = &summary;
    let lang = options.lang;
    let wan = options.amounts_in_wan;
    let names = sheet_names(lang);
    let f = Formats::new();
    let mut wb = Workbook::new();
    overview_sheet(
        wb.add_worksheet().set_name(names[0]).map_err(err)?,
        ledger,
        options,
        s,
        &f,
    )?;
    let t = ReportTables::new(ledger, options, s);
    let tables = [
        (names[1], t.targets, false),
        (names[2], t.by_village, false),
        (names[3], t.by_department, false),
        (names[4], t.yoy_village, false),
        (names[5], t.yoy_department, false),
        (names[6], t.cross, true),
        (names[7], t.by_category, false),
        (names[8], t.by_month, false),
        (
            names[9],
            table::entries(ledger, &s.filter, lang, wan, options.include_other),
            false,
        ),
    ];
    for (name, t, freeze_keys) in &tables {
        let ws = wb.add_worksheet().set_name(*name).map_err(err)?;
        table_sheet(ws, t, *freeze_keys, &f)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// 概览: the title and the period, then the overview's label / value rows (amounts and
/// counts as numbers, the headline as `=SUM(..)` of its parts), then its note.
fn overview_sheet(
    ws: &mut Worksheet,
    ledger: &Ledger,
    o: &ReportOptions,
    s: &Summary,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let mut widths = Widths::new(2);
    header_row(
        ws,
        f,
        &[
            words::ITEM.get(lang).into(),
            words::ITEM_VALUE.get(lang).into(),
        ],
        &mut widths,
    )?;
    let head = [
        (words::TITLE.get(lang), title(ledger, lang)),
        (words::PERIOD.get(lang), period_text(ledger, o)),
    ];
    for (i, (label, value)) in head.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, *label).map_err(err)?;
        ws.write_string(row, 1, value).map_err(err)?;
        widths.see(0, label);
        widths.see(1, value);
    }
    let first = head.len() as u32 + 1;
    let t = table::overview(ledger, s, lang, wan, o.include_other);
    for (i, r) in t.rows.iter().enumerate() {
        let row = first + i as u32;
        let label = r.cells[0].display(&t.columns[0], wan);
        ws.write_string(row, 0, &label).map_err(err)?;
        widths.see(0, &label);
        match &r.cells[1] {
            Cell::Money(v) if i == 0 => {
                let parts = table::OVERVIEW_PARTS;
                let sum = format!(
                    "=SUM({}:{})",
                    row_col_to_cell(first + *parts.start() as u32, 1),
                    row_col_to_cell(first + *parts.end() as u32, 1)
                );
                ws.write_formula_with_format(
                    row,
                    1,
                    Formula::new(sum).set_result(amount_result(*v, wan)),
                    &f.total_money,
                )
                .map_err(err)?;
            }
            Cell::Money(v) => {
                ws.write_number_with_format(row, 1, amount(*v, wan), &f.money)
                    .map_err(err)?;
            }
            Cell::Count(n) => {
                ws.write_number_with_format(row, 1, *n as f64, &f.count)
                    .map_err(err)?;
            }
            Cell::Percent(Some(bp)) => {
                ws.write_number_with_format(row, 1, f64::from(*bp) / 10_000.0, &f.percent)
                    .map_err(err)?;
            }
            other => {
                let text = other.display(&t.columns[1], wan);
                ws.write_string(row, 1, &text).map_err(err)?;
                widths.see(1, &text);
            }
        }
    }
    for (i, note) in t.notes.iter().enumerate() {
        let row = first + t.rows.len() as u32 + 1 + i as u32;
        ws.write_string_with_format(row, 0, note, &f.note)
            .map_err(err)?;
    }
    widths.see(1, "1,000,000,000.00");
    widths.apply(ws)
}

/// Rows whose text is measured for column widths (a long appendix is not read whole).
const MEASURED_ROWS: usize = 2_000;

/// Writes a table on a sheet: a header row, the body rows with amounts as numbers (a
/// row-sum column as a `=SUM(..)` formula across the row), and each total row as
/// `=SUM(..)` formulas down the columns, all carrying their computed values.
fn table_sheet(
    ws: &mut Worksheet,
    t: &Table,
    freeze_keys: bool,
    f: &Formats,
) -> Result<(), ReportError> {
    let wan = t.in_wan;
    let heads: Vec<String> = t.columns.iter().map(|c| c.heading.clone()).collect();
    let mut widths = Widths::new(heads.len());
    header_row(ws, f, &heads, &mut widths)?;
    if freeze_keys {
        ws.set_freeze_panes(1, t.key_columns as u16).map_err(err)?;
    }
    let body = t.body().count() as u32;
    for (i, r) in t.rows.iter().enumerate() {
        let row = i as u32 + 1;
        let total = r.kind == RowKind::Total;
        for (ci, (c, cell)) in t.columns.iter().zip(&r.cells).enumerate() {
            let col = ci as u16;
            let summed = total && matches!(c.kind, ColumnKind::Money | ColumnKind::Count);
            match cell {
                Cell::Empty => {}
                Cell::Money(_) | Cell::Count(_) if summed => {
                    let formula = if body > 0 {
                        format!(
                            "=SUM({}:{})",
                            row_col_to_cell(1, col),
                            row_col_to_cell(body, col)
                        )
                    } else {
                        "=0".to_string()
                    };
                    let (result, fmt) = match cell {
                        Cell::Money(v) => (amount_result(*v, wan), &f.total_money),
                        Cell::Count(n) => (n.to_string(), &f.total_count),
                        _ => (String::new(), &f.total_count),
                    };
                    ws.write_formula_with_format(
                        row,
                        col,
                        Formula::new(formula).set_result(result),
                        fmt,
                    )
                    .map_err(err)?;
                }
                Cell::Money(v) => match c.row_sum {
                    Some((from, to)) => {
                        let formula = format!(
                            "=SUM({}:{})",
                            row_col_to_cell(row, from as u16),
                            row_col_to_cell(row, to as u16)
                        );
                        ws.write_formula_with_format(
                            row,
                            col,
                            Formula::new(formula).set_result(amount_result(*v, wan)),
                            &f.money,
                        )
                        .map_err(err)?;
                    }
                    None => {
                        ws.write_number_with_format(row, col, amount(*v, wan), &f.money)
                            .map_err(err)?;
                    }
                },
                Cell::Count(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &f.count)
                        .map_err(err)?;
                }
                Cell::Id(n) => {
                    ws.write_number(row, col, *n as f64).map_err(err)?;
                }
                Cell::Change(bp) => {
                    if let Some(bp) = bp {
                        ws.write_number_with_format(row, col, *bp as f64 / 10_000.0, &f.change)
                            .map_err(err)?;
                    }
                }
                Cell::Percent(bp) => {
                    if let Some(bp) = bp {
                        ws.write_number_with_format(
                            row,
                            col,
                            f64::from(*bp) / 10_000.0,
                            &f.percent,
                        )
                        .map_err(err)?;
                    }
                }
                Cell::Date(d) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).unwrap_or(2000),
                        d.month() as u8,
                        d.day() as u8,
                    )
                    .map_err(err)?;
                    ws.write_datetime_with_format(row, col, &date, &f.date)
                        .map_err(err)?;
                }
                Cell::Text(text) => {
                    if total {
                        ws.write_string_with_format(row, col, text, &f.total_label)
                    } else if text_width(text) > MAX_WIDTH {
                        ws.write_string_with_format(row, col, text, &f.wrap)
                    } else {
                        ws.write_string(row, col, text)
                    }
                    .map_err(err)?;
                    if i < MEASURED_ROWS || total {
                        widths.see(ci, text);
                    }
                }
            }
        }
        if total {
            // Totals are the widest numbers of their columns.
            for (ci, (c, cell)) in t.columns.iter().zip(&r.cells).enumerate() {
                if matches!(c.kind, ColumnKind::Money | ColumnKind::Count) {
                    widths.see(ci, &cell.display(c, wan));
                }
            }
        }
    }
    // The table's notes (rows left out, definitions) under it, after one empty row.
    for (i, note) in t.notes.iter().enumerate() {
        let row = t.rows.len() as u32 + 2 + i as u32;
        ws.write_string_with_format(row, 0, note, &f.note)
            .map_err(err)?;
    }
    for (ci, c) in t.columns.iter().enumerate() {
        match c.kind {
            ColumnKind::Money => widths.see(ci, "100,000,000.00"),
            ColumnKind::Count => widths.see(ci, "1,000,000"),
            ColumnKind::Date => widths.see(ci, "2020-06-05"),
            _ => {}
        }
    }
    widths.apply(ws)
}

/// A workbook of plain table sheets (the findings report): one sheet per `(name, table)`.
pub(crate) fn tables_workbook(sheets: &[(&str, Table)]) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    for (name, t) in sheets {
        let ws = wb.add_worksheet().set_name(*name).map_err(err)?;
        table_sheet(ws, t, false, &f)?;
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_results() {
        assert_eq!(amount_result(Fen(76_700_000), false), "767000");
        assert_eq!(amount_result(Fen(12_345), false), "123.45");
        assert_eq!(amount_result(Fen(76_700_000), true), "76.7");
        assert_eq!(amount_result(Fen(-5), false), "-0.05");
    }
}
