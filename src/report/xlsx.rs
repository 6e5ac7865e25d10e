//! The summary as an XLSX workbook: one sheet per table, Chinese (or English) headers,
//! a frozen header row, and totals written as `=SUM(..)` formulas that carry their
//! computed values, so a viewer that does not recalculate still shows the numbers and
//! editing a cell in Excel or WPS makes the totals follow.
//!
//! The workbook always holds every sheet (概览, 按村, 按部门, 村×部门, 按类别, 按月, 明细);
//! the section choices shape the printed PDF only.
//!
//! Amounts are integer fen in the ledger; a spreadsheet cell is a double, so each amount is
//! written as yuan (or 万元) at the last moment, and the cached formula results are the
//! exact decimal texts.

use super::pdf::{entry_headings, report_entries};
use super::{
    ReportError, ReportOptions, TotalsColumn, period_text, summary_for, title, total_label,
    with_unit,
};
use crate::i18n::Lang;
use crate::ledger::{Fen, Ledger};
use crate::summary::{Grouping, Summary, Totals};
use chrono::Datelike;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// Sheet names in the workbook's order.
pub fn sheet_names(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Zh => [
            "概览",
            "按村",
            "按部门",
            "村×部门",
            "按类别",
            "按月",
            "明细",
        ],
        Lang::En => [
            "Overview",
            "By village",
            "By department",
            "Village x department",
            "By category",
            "By month",
            "Entries",
        ],
    }
}

fn err(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
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
            ws.set_column_width(i as u16, w.min(60.0)).map_err(err)?;
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

/// Makes the workbook for the options' period.
pub fn xlsx(ledger: &Ledger, options: &ReportOptions) -> Result<Vec<u8>, ReportError> {
    let summary = summary_for(ledger, options);
    let lang = options.lang;
    let names = sheet_names(lang);
    let f = Formats::new();
    let mut wb = Workbook::new();
    overview_sheet(
        wb.add_worksheet().set_name(names[0]).map_err(err)?,
        ledger,
        options,
        &summary,
        &f,
    )?;
    let groupings: [(&str, &Grouping, &str); 2] = [
        (names[1], &summary.by_village, lang.pick("村", "Village")),
        (
            names[2],
            &summary.by_department,
            lang.pick("部门", "Department"),
        ),
    ];
    for (name, g, key) in groupings {
        grouping_sheet(
            wb.add_worksheet().set_name(name).map_err(err)?,
            ledger,
            options,
            g,
            key,
            &f,
        )?;
    }
    cross_sheet(
        wb.add_worksheet().set_name(names[3]).map_err(err)?,
        ledger,
        options,
        &summary,
        &f,
    )?;
    let groupings: [(&str, &Grouping, &str); 2] = [
        (
            names[4],
            &summary.by_category,
            lang.pick("类别", "Category"),
        ),
        (names[5], &summary.by_month, lang.pick("月份", "Month")),
    ];
    for (name, g, key) in groupings {
        grouping_sheet(
            wb.add_worksheet().set_name(name).map_err(err)?,
            ledger,
            options,
            g,
            key,
            &f,
        )?;
    }
    entries_sheet(
        wb.add_worksheet().set_name(names[6]).map_err(err)?,
        ledger,
        options,
        &summary,
        &f,
    )?;
    wb.save_to_buffer().map_err(err)
}

fn overview_sheet(
    ws: &mut Worksheet,
    ledger: &Ledger,
    o: &ReportOptions,
    s: &Summary,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let t = &s.overall;
    let mut widths = Widths::new(2);
    header_row(
        ws,
        f,
        &[
            lang.pick("项目", "Item").into(),
            lang.pick("数值", "Value").into(),
        ],
        &mut widths,
    )?;
    let u = |l: &str| with_unit(l, lang, wan);
    let next = std::cell::Cell::new(1u32);
    let label = |ws: &mut Worksheet, widths: &mut Widths, text: &str| -> Result<u32, ReportError> {
        let row = next.get();
        ws.write_string(row, 0, text).map_err(err)?;
        widths.see(0, text);
        next.set(row + 1);
        Ok(row)
    };
    let r = label(ws, &mut widths, lang.pick("标题", "Title"))?;
    let title_text = title(ledger, lang);
    ws.write_string(r, 1, &title_text).map_err(err)?;
    widths.see(1, &title_text);
    let r = label(ws, &mut widths, lang.pick("统计期间", "Period"))?;
    let period = period_text(ledger, o);
    ws.write_string(r, 1, &period).map_err(err)?;
    widths.see(1, &period);
    let first_money = next.get();
    for (l, v) in [
        (lang.pick("资金", "Funds"), t.funds_fen),
        (lang.pick("物资折合", "Goods"), t.goods_fen),
        (lang.pick("服务折合", "Services"), t.services_fen),
    ] {
        let r = label(ws, &mut widths, &u(l))?;
        ws.write_number_with_format(r, 1, amount(v, wan), &f.money)
            .map_err(err)?;
    }
    let r = label(ws, &mut widths, &u(lang.pick("帮扶总价值", "Total value")))?;
    let sum = format!(
        "=SUM({}:{})",
        row_col_to_cell(first_money, 1),
        row_col_to_cell(first_money + 2, 1)
    );
    ws.write_formula_with_format(
        r,
        1,
        Formula::new(sum).set_result(amount_result(t.total_fen(), wan)),
        &f.total_money,
    )
    .map_err(err)?;
    let r = label(ws, &mut widths, lang.pick("大写", "In words (Chinese)"))?;
    let upper = t.total_fen().chinese_upper();
    ws.write_string(r, 1, &upper).map_err(err)?;
    widths.see(1, &upper);
    let counts: [(&str, u64); 6] = [
        (lang.pick("服务条数", "Service entries"), t.service_entries),
        (lang.pick("人次", "Person-times"), t.person_times),
        (lang.pick("受益户数", "Households reached"), t.households),
        (lang.pick("受益人数", "Persons reached"), t.persons),
        (
            lang.pick("涉及村", "Villages involved"),
            s.villages_involved as u64,
        ),
        (
            lang.pick("涉及部门", "Departments involved"),
            s.departments_involved as u64,
        ),
    ];
    for (l, n) in counts {
        let r = label(ws, &mut widths, l)?;
        ws.write_number_with_format(r, 1, n as f64, &f.count)
            .map_err(err)?;
    }
    let pledged_row = label(
        ws,
        &mut widths,
        &u(lang.pick("计划（承诺）金额", "Pledged")),
    )?;
    ws.write_number_with_format(pledged_row, 1, amount(t.pledged_fen, wan), &f.money)
        .map_err(err)?;
    let delivered_row = label(
        ws,
        &mut widths,
        &u(lang.pick("已到位金额", "Delivered of pledges")),
    )?;
    ws.write_number_with_format(
        delivered_row,
        1,
        amount(t.pledged_delivered_fen, wan),
        &f.money,
    )
    .map_err(err)?;
    let r = label(ws, &mut widths, lang.pick("到位率", "Delivery rate"))?;
    let rate = format!(
        "=IF({p}=0,\"\",{d}/{p})",
        p = row_col_to_cell(pledged_row, 1),
        d = row_col_to_cell(delivered_row, 1)
    );
    let rate_result = match t.delivery_rate_bp() {
        Some(bp) => format!("{}", f64::from(bp) / 10_000.0),
        None => String::new(),
    };
    ws.write_formula_with_format(r, 1, Formula::new(rate).set_result(rate_result), &f.percent)
        .map_err(err)?;
    let r = label(ws, &mut widths, lang.pick("记录条数", "Entries"))?;
    ws.write_number_with_format(r, 1, t.entries as f64, &f.count)
        .map_err(err)?;
    widths.see(1, "1,000,000,000.00");
    widths.apply(ws)
}

/// Writes the totals columns of one row starting at `col`; the 合计 column is a row
/// formula over 资金:服务 so that editing an amount updates it.
fn totals_row(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    t: &Totals,
    wan: bool,
    f: &Formats,
) -> Result<(), ReportError> {
    for (i, c) in TotalsColumn::ALL.iter().enumerate() {
        let cc = col + i as u16;
        match (c, c.fen(t), c.count(t)) {
            (TotalsColumn::Total, Some(v), _) => {
                let funds = col + 1;
                let formula = format!(
                    "=SUM({}:{})",
                    row_col_to_cell(row, funds),
                    row_col_to_cell(row, funds + 2)
                );
                ws.write_formula_with_format(
                    row,
                    cc,
                    Formula::new(formula).set_result(amount_result(v, wan)),
                    &f.money,
                )
                .map_err(err)?;
            }
            (_, Some(v), _) => {
                ws.write_number_with_format(row, cc, amount(v, wan), &f.money)
                    .map_err(err)?;
            }
            (_, _, Some(n)) => {
                ws.write_number_with_format(row, cc, n as f64, &f.count)
                    .map_err(err)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes a totals row of `=SUM(column)` formulas under rows `first..last` (inclusive).
fn sum_row(
    ws: &mut Worksheet,
    row: u32,
    cols: impl Iterator<Item = (u16, String, bool)>,
    first: u32,
    last: u32,
    f: &Formats,
) -> Result<(), ReportError> {
    for (col, result, money) in cols {
        let formula = if last >= first {
            format!(
                "=SUM({}:{})",
                row_col_to_cell(first, col),
                row_col_to_cell(last, col)
            )
        } else {
            "=0".to_string()
        };
        let fmt = if money {
            &f.total_money
        } else {
            &f.total_count
        };
        ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result), fmt)
            .map_err(err)?;
    }
    Ok(())
}

fn grouping_sheet(
    ws: &mut Worksheet,
    ledger: &Ledger,
    o: &ReportOptions,
    g: &Grouping,
    key: &str,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let mut heads = vec![key.to_string()];
    heads.extend(TotalsColumn::ALL.iter().map(|c| c.heading(lang, wan)));
    let mut widths = Widths::new(heads.len());
    header_row(ws, f, &heads, &mut widths)?;
    let mut row = 1u32;
    for r in &g.rows {
        let label = r
            .key
            .iter()
            .map(|k| k.label(ledger, lang))
            .collect::<Vec<_>>()
            .join(" / ");
        ws.write_string(row, 0, &label).map_err(err)?;
        widths.see(0, &label);
        totals_row(ws, row, 1, &r.totals, wan, f)?;
        row += 1;
    }
    let total = total_label(lang);
    ws.write_string_with_format(row, 0, total, &f.total_label)
        .map_err(err)?;
    let t = &g.total;
    let cols = TotalsColumn::ALL.iter().enumerate().map(|(i, c)| {
        let result = match (c.fen(t), c.count(t)) {
            (Some(v), _) => amount_result(v, wan),
            (_, Some(n)) => n.to_string(),
            _ => String::new(),
        };
        (i as u16 + 1, result, c.is_money())
    });
    sum_row(ws, row, cols, 1, row - 1, f)?;
    for (i, c) in TotalsColumn::ALL.iter().enumerate() {
        widths.see(
            i + 1,
            if c.is_money() {
                "100,000,000.00"
            } else {
                "1,000,000"
            },
        );
    }
    widths.apply(ws)
}

fn cross_sheet(
    ws: &mut Worksheet,
    ledger: &Ledger,
    o: &ReportOptions,
    s: &Summary,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let x = &s.cross;
    let mut heads = vec![lang.pick("村 \\ 部门", "Village \\ department").to_string()];
    heads.extend(
        x.departments
            .iter()
            .map(|d| ledger.department_name(*d).to_string()),
    );
    heads.push(with_unit(total_label(lang), lang, wan));
    let mut widths = Widths::new(heads.len());
    header_row(ws, f, &heads, &mut widths)?;
    ws.set_freeze_panes(1, 1).map_err(err)?;
    let nd = x.departments.len() as u16;
    let total_col = nd + 1;
    for (vi, v) in x.villages.iter().enumerate() {
        let row = vi as u32 + 1;
        let name = ledger.village_name(*v);
        ws.write_string(row, 0, name).map_err(err)?;
        widths.see(0, name);
        for (di, t) in x.cells[vi].iter().enumerate() {
            if t.entries > 0 {
                ws.write_number_with_format(
                    row,
                    di as u16 + 1,
                    amount(t.total_fen(), wan),
                    &f.money,
                )
                .map_err(err)?;
            }
        }
        let formula = if nd > 0 {
            format!(
                "=SUM({}:{})",
                row_col_to_cell(row, 1),
                row_col_to_cell(row, nd)
            )
        } else {
            "=0".to_string()
        };
        ws.write_formula_with_format(
            row,
            total_col,
            Formula::new(formula).set_result(amount_result(x.village_totals[vi].total_fen(), wan)),
            &f.total_money,
        )
        .map_err(err)?;
    }
    let row = x.villages.len() as u32 + 1;
    ws.write_string_with_format(row, 0, total_label(lang), &f.total_label)
        .map_err(err)?;
    let cols = x
        .department_totals
        .iter()
        .enumerate()
        .map(|(di, t)| (di as u16 + 1, amount_result(t.total_fen(), wan), true))
        .chain(std::iter::once((
            total_col,
            amount_result(x.total.total_fen(), wan),
            true,
        )));
    sum_row(ws, row, cols, 1, row - 1, f)?;
    for i in 1..heads.len() {
        widths.see(i, "100,000,000.00");
    }
    widths.apply(ws)
}

fn entries_sheet(
    ws: &mut Worksheet,
    ledger: &Ledger,
    o: &ReportOptions,
    s: &Summary,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = o.lang;
    let wan = o.amounts_in_wan;
    let heads = entry_headings(lang, wan);
    let mut widths = Widths::new(heads.len());
    header_row(ws, f, &heads, &mut widths)?;
    let entries = report_entries(ledger, &s.filter);
    let mut value = Fen::ZERO;
    let mut delivered = Fen::ZERO;
    let (mut households, mut persons, mut person_times) = (0u64, 0u64, 0u64);
    // Names repeat: measure each distinct one once.
    let mut seen_dept = std::collections::HashSet::new();
    let mut seen_village = std::collections::HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        value = value.saturating_add(e.value_fen);
        delivered = delivered.saturating_add(e.delivered_value());
        households += u64::from(e.households);
        persons += u64::from(e.persons);
        person_times += u64::from(e.person_times);
        ws.write_number(row, 0, e.id.0 as f64).map_err(err)?;
        let date = ExcelDateTime::from_ymd(
            u16::try_from(e.date.year()).unwrap_or(2000),
            e.date.month() as u8,
            e.date.day() as u8,
        )
        .map_err(err)?;
        ws.write_datetime_with_format(row, 1, &date, &f.date)
            .map_err(err)?;
        let dept = ledger.department_name(e.department);
        let village = ledger.village_name(e.village);
        if seen_dept.insert(e.department) {
            widths.see(2, dept);
        }
        if seen_village.insert(e.village) {
            widths.see(3, village);
        }
        ws.write_string(row, 2, dept).map_err(err)?;
        ws.write_string(row, 3, village).map_err(err)?;
        ws.write_string(row, 4, e.kind.label(lang)).map_err(err)?;
        ws.write_string(row, 5, ledger.category_name(e.category))
            .map_err(err)?;
        ws.write_string(row, 6, &e.what).map_err(err)?;
        if i < 2_000 {
            widths.see(6, &e.what);
        }
        if let Some(q) = &e.quantity {
            ws.write_string(row, 7, format!("{q}{}", e.unit))
                .map_err(err)?;
        }
        ws.write_number_with_format(row, 8, amount(e.value_fen, wan), &f.money)
            .map_err(err)?;
        ws.write_number_with_format(row, 9, amount(e.delivered_value(), wan), &f.money)
            .map_err(err)?;
        for (col, n) in [(10u16, e.households), (11, e.persons), (12, e.person_times)] {
            ws.write_number_with_format(row, col, f64::from(n), &f.count)
                .map_err(err)?;
        }
        if !e.notes.is_empty() {
            ws.write_string_with_format(row, 13, &e.notes, &f.wrap)
                .map_err(err)?;
            if i < 2_000 {
                widths.see(13, &e.notes);
            }
        }
    }
    let row = entries.len() as u32 + 1;
    ws.write_string_with_format(row, 0, total_label(lang), &f.total_label)
        .map_err(err)?;
    let cols = [
        (8u16, amount_result(value, wan), true),
        (9, amount_result(delivered, wan), true),
        (10, households.to_string(), false),
        (11, persons.to_string(), false),
        (12, person_times.to_string(), false),
    ];
    sum_row(ws, row, cols.into_iter(), 1, row - 1, f)?;
    widths.see(1, "2020-06-05");
    for i in 8..=9 {
        widths.see(i, "1,000,000,000.00");
    }
    widths.apply(ws)
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
