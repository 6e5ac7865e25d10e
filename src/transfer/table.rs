//! The one import path: a table of text cells (from CSV, a spreadsheet sheet or pasted
//! cells) → the header row and the column mapping → an [`ImportPlan`].
//!
//! The readers only turn their cells into [`Cell`]s (text, and whether the cell was a
//! number) with the row number the user sees. Everything else — which row is the header,
//! which column is which field, 万元 columns, Excel date serials, totals rows, blank rows,
//! every row through the registry's parse into one batch [`Edit`] — happens here, once.

use super::csv::{CsvProblem, ImportErrors, ImportPlan, RowError, restore_formula};
use super::sheet::{SheetStream, StreamEnd};
use crate::ledger::edit::BatchLabel;
use crate::ledger::entry_text::{CreateNames, EntryText};
use crate::ledger::fields::{ENTRY_FIELDS, entry_field, field_for_header};
use crate::ledger::names::{MasterKind, NameBatch};
use crate::ledger::validate::{Field, FieldError, Problem};
use crate::ledger::{Edit, EntryId, Ledger, Stamp};
use chrono::NaiveDate;

/// One cell as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// The cell's text (a number cell: the shortest decimal text of its value).
    pub text: String,
    /// The cell held a number (not text): a money column may round it to the fen, a date
    /// column reads it as an Excel date serial.
    pub number: bool,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            number: false,
        }
    }

    /// A number cell, as the shortest decimal text that reads back as `value` (never in
    /// exponent form).
    pub fn number(value: f64) -> Cell {
        Cell {
            text: format!("{value}"),
            number: true,
        }
    }
}

/// One row of cells with the row number the user sees (a spreadsheet's row, a CSV line).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// 1-based row number.
    pub number: usize,
    /// The cells, from the table's first column.
    pub cells: Vec<Cell>,
}

/// Rows of text cells read from one source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextTable {
    /// The sheet's name: problems are then placed as `Sheet1!A12`; `None` (CSV, pasted
    /// cells): by row number.
    pub sheet: Option<String>,
    /// The 0-based column of the first cell of every row (a sheet whose data starts at C).
    pub first_col: usize,
    /// The rows, in order.
    pub rows: Vec<Row>,
}

impl TextTable {
    /// The address of a cell: `Sheet1!C12` for a sheet, `None` otherwise.
    pub fn address(&self, row: usize, col: usize) -> Option<String> {
        Place {
            sheet: self.sheet.clone(),
            first_col: self.first_col,
        }
        .address(row, col)
    }

    /// How many columns the widest row has.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ColumnMap {
    /// The field.
    pub field: Field,
    /// Amounts are in 万元 (the header said so).
    pub wan: bool,
}

impl ColumnMap {
    /// A short stable code for remembering a mapping (the field's English CSV header,
    /// `value/wan` for 万元); `""` for an ignored column.
    pub fn code(map: Option<ColumnMap>) -> String {
        match map.and_then(|m| entry_field(m.field).map(|f| (f, m.wan))) {
            Some((f, true)) => format!("{}/wan", f.csv),
            Some((f, false)) => f.csv.to_string(),
            None => String::new(),
        }
    }

    /// Reads [`ColumnMap::code`] back.
    pub fn from_code(code: &str) -> Option<ColumnMap> {
        let (name, wan) = match code.strip_suffix("/wan") {
            Some(n) => (n, true),
            None => (code, false),
        };
        ENTRY_FIELDS
            .iter()
            .find(|f| f.csv == name)
            .map(|f| ColumnMap {
                field: f.field,
                wan,
            })
    }

    /// Every choice a column can be mapped to: each field, and 金额/已到位金额 in 万元.
    pub fn choices() -> Vec<ColumnMap> {
        let mut out = Vec::new();
        for f in &ENTRY_FIELDS {
            out.push(ColumnMap {
                field: f.field,
                wan: false,
            });
            if matches!(f.field, Field::Value | Field::Delivered) {
                out.push(ColumnMap {
                    field: f.field,
                    wan: true,
                });
            }
        }
        out
    }
}

/// The header row and what every column holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// Index into [`TextTable::rows`] of the header row; `None`: every row is data.
    pub row: Option<usize>,
    /// The header text of each column (empty when there is no header).
    pub texts: Vec<String>,
    /// What each column holds; `None`: ignored.
    pub columns: Vec<Option<ColumnMap>>,
}

impl Header {
    /// The columns mapped by position in the registry's order (the CSV export's order), for
    /// rows with no header.
    pub fn by_position(width: usize) -> Header {
        Header {
            row: None,
            texts: vec![String::new(); width],
            columns: (0..width)
                .map(|i| {
                    ENTRY_FIELDS.get(i).map(|f| ColumnMap {
                        field: f.field,
                        wan: false,
                    })
                })
                .collect(),
        }
    }

    /// The header at row `index` of `table`, each column mapped from its text (a cell left
    /// empty by a merged cell takes the text above it).
    pub fn at(table: &TextTable, index: usize) -> Header {
        let texts = header_texts(table, index);
        let columns = texts.iter().map(|t| column_for_header(t)).collect();
        Header {
            row: Some(index),
            texts,
            columns,
        }
    }

    /// The header of a table found without help: among the first rows, the one whose
    /// cells name the most fields (title rows name none). `None` when no row names two.
    pub fn detect(table: &TextTable) -> Option<Header> {
        let mut best: Option<(usize, Header)> = None;
        for index in 0..table.rows.len().min(HEADER_SEARCH_ROWS) {
            let h = Header::at(table, index);
            let mut fields: Vec<Field> = Vec::new();
            for c in h.columns.iter().flatten() {
                if !fields.contains(&c.field) {
                    fields.push(c.field);
                }
            }
            let score = fields.len();
            if score >= 2 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, h));
            }
        }
        best.map(|(_, h)| h)
    }

    /// The header texts that map to no field (such as 序号), in column order.
    pub fn ignored(&self) -> Vec<String> {
        self.texts
            .iter()
            .zip(&self.columns)
            .filter(|(t, c)| c.is_none() && !t.trim().is_empty())
            .map(|(t, _)| t.trim().to_string())
            .collect()
    }

    /// The header texts as one key (the layout a remembered mapping belongs to).
    pub fn layout_key(&self) -> String {
        self.texts.join("\u{1f}")
    }
}

/// How many rows from the top a header is looked for in.
pub const HEADER_SEARCH_ROWS: usize = 30;

fn header_texts(table: &TextTable, index: usize) -> Vec<String> {
    let row = &table.rows[index].cells;
    let above = index.checked_sub(1).map(|i| &table.rows[i].cells);
    (0..table.width())
        .map(|c| {
            let here = row.get(c).map_or("", |cell| cell.text.trim());
            if !here.is_empty() {
                return here.to_string();
            }
            // A header merged across two rows has its text in the upper row only (a
            // title above, alone in its row, is no part of the header).
            above
                .filter(|r| r.iter().filter(|c| !c.text.trim().is_empty()).count() >= 2)
                .and_then(|r| r.get(c))
                .map(|cell| cell.text.trim())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The field a header cell names, with every synonym offices use (the registry's
/// aliases), white space inside ignored (`日  期`), and a `（万元）` or `万元` making the
/// column's amounts 万元.
pub fn column_for_header(text: &str) -> Option<ColumnMap> {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed.is_empty() {
        return None;
    }
    let wan_forms = ["（万元）", "(万元)", "/万元", "万元"];
    if let Some(form) = wan_forms.iter().find(|f| squeezed.ends_with(*f)) {
        let bare = &squeezed[..squeezed.len() - form.len()];
        if let Some(field) = field_for_header(bare)
            && matches!(field, Field::Value | Field::Delivered)
        {
            return Some(ColumnMap { field, wan: true });
        }
        return None;
    }
    field_for_header(&squeezed).map(|field| ColumnMap { field, wan: false })
}

/// A row that totals others: a text cell reading 合计, 小计 or 总计 (or total / subtotal).
pub fn is_totals_row(row: &Row) -> bool {
    row.cells.iter().filter(|c| !c.number).any(|c| {
        // Most cells start otherwise than every totals label (whose lower case starts
        // with 合, 小, 总, t or s): those are not copied.
        let first = c.text.chars().find(|c| !c.is_whitespace());
        if !matches!(first, Some('合' | '小' | '总' | 't' | 'T' | 's' | 'S')) {
            return false;
        }
        // Nor are cells longer than a totals label.
        if c.text
            .chars()
            .filter(|c| !c.is_whitespace())
            .nth(8)
            .is_some()
        {
            return false;
        }
        let t: String = c.text.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.to_lowercase();
        ["合计", "小计", "总计", "total", "subtotal", "sum"]
            .iter()
            .any(|w| t.starts_with(w))
    })
}

/// The text the registry parses for a cell of a column: number cells in a money column
/// rounded to the fen (to 0.000001 万元) on their decimal text, a date serial as a date,
/// a 万元 amount marked 万; a CSV cell's formula guard taken off.
fn cell_text(cell: &Cell, map: ColumnMap) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let text = cell.text.trim();
    if text.is_empty() {
        return Cow::Borrowed("");
    }
    match map.field {
        Field::Value | Field::Delivered => {
            let text = if cell.number {
                Cow::Owned(round_decimal(text, if map.wan { 6 } else { 2 }))
            } else {
                Cow::Borrowed(text)
            };
            if map.wan && !text.ends_with(['万', '元']) {
                Cow::Owned(format!("{text}万"))
            } else {
                text
            }
        }
        Field::Date if cell.number => match serial_date(text) {
            Some(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            None => Cow::Borrowed(text),
        },
        _ if cell.number => Cow::Borrowed(text),
        _ => Cow::Borrowed(restore_formula(&cell.text)),
    }
}

/// Rounds decimal text (`1234.565`, `0.30000000000000004`) half away from zero to
/// `places` decimals, on the digits; text that is not a plain decimal stays as it is.
pub fn round_decimal(text: &str, places: usize) -> String {
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return text.to_string();
    }
    if frac.len() <= places {
        return text.to_string();
    }
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(places)).collect();
    let round_up = frac.as_bytes()[places] >= b'5';
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - places;
    let (i, f) = digits.split_at(split);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(i).unwrap_or("0"));
    if places > 0 {
        out.push('.');
        out.push_str(std::str::from_utf8(f).unwrap_or(""));
    }
    out
}

/// An Excel date serial (1900 date system, as Excel, WPS and LibreOffice store dates)
/// as a day; the time of day is dropped. `None` outside 1900-01-01 … 9999-12-31.
pub fn serial_date(text: &str) -> Option<NaiveDate> {
    let value: f64 = text.parse().ok()?;
    if !(1.0..2_958_466.0).contains(&value) {
        return None;
    }
    let days = value.floor() as i64;
    // Excel counts 1900-02-29, which did not exist: serials from 61 on are one day late.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, if days >= 61 { 30 } else { 31 })?;
    epoch.checked_add_signed(chrono::Duration::days(days))
}

/// Plans the import of `table` under `header` into `ledger`: all or nothing, every bad
/// cell reported at its place (a sheet's `Sheet1!C12`, else its row), up to the cap.
/// Blank rows are skipped; totals rows are skipped and listed in the plan.
pub fn plan_table(
    ledger: &Ledger,
    table: &TextTable,
    header: &Header,
    now: Stamp,
) -> Result<ImportPlan, ImportErrors> {
    let start = header.row.map_or(0, |i| i + 1).min(table.rows.len());
    let header_number = header.row.map_or(0, |i| table.rows[i].number);
    let place = Place {
        sheet: table.sheet.clone(),
        first_col: table.first_col,
    };
    plan_rows(
        ledger,
        &place,
        header,
        header_number,
        table.rows[start..].iter().map(Ok),
        now,
    )
}

/// [`plan_table`] over a sheet as it is read on another thread. `Err`: the sheet could
/// not be read ([`StreamEnd::Failed`]) or must be read whole ([`StreamEnd::Unstreamable`]);
/// the plan is then not the sheet's.
pub fn plan_streamed(
    ledger: &Ledger,
    stream: &mut SheetStream,
    header: &Header,
    now: Stamp,
) -> Result<Result<ImportPlan, ImportErrors>, StreamEnd> {
    let mut head = std::mem::take(&mut stream.head);
    let start = header.row.map_or(0, |i| i + 1).min(head.rows.len());
    let header_number = header.row.map_or(0, |i| head.rows[i].number);
    let place = Place {
        sheet: head.sheet.take(),
        first_col: head.first_col,
    };
    let rows = head.rows.drain(start..).chain(stream.rows()).map(Ok);
    let plan = plan_rows(ledger, &place, header, header_number, rows, now);
    match stream.end() {
        StreamEnd::Done => Ok(plan),
        end => Err(end),
    }
}

/// Where a table's cells are, for naming them in messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// See [`TextTable::sheet`].
    pub sheet: Option<String>,
    /// See [`TextTable::first_col`].
    pub first_col: usize,
}

impl Place {
    fn address(&self, row: usize, col: usize) -> Option<String> {
        self.sheet
            .as_ref()
            .map(|s| format!("{s}!{}{row}", column_letters(self.first_col + col)))
    }
}

/// [`plan_table`] over rows that come one by one (a CSV file is read as it is planned,
/// so memory stays bounded however long it is). `header_number` is the header's row
/// number (0: none); a row that could not be read comes as its error.
pub fn plan_rows<R: std::borrow::Borrow<Row>>(
    ledger: &Ledger,
    place: &Place,
    header: &Header,
    header_number: usize,
    rows: impl IntoIterator<Item = Result<R, RowError>>,
    now: Stamp,
) -> Result<ImportPlan, ImportErrors> {
    let mut errors = ImportErrors::default();
    let header_error = |problem: CsvProblem| RowError {
        row: header_number,
        cell: None,
        problem,
    };
    let mut seen: Vec<Field> = Vec::new();
    for (col, map) in header.columns.iter().enumerate() {
        let Some(map) = map else { continue };
        if seen.contains(&map.field) {
            let text = header.texts.get(col).map_or("", |t| t.trim());
            let mut e = header_error(CsvProblem::Field(FieldError::new(
                map.field,
                Problem::Duplicate(text.to_string()),
            )));
            e.cell = header.row.and_then(|_| place.address(header_number, col));
            errors.push(e);
        } else {
            seen.push(map.field);
        }
    }
    for f in ENTRY_FIELDS.iter().filter(|f| f.required) {
        if !seen.contains(&f.field) {
            errors.push(header_error(CsvProblem::MissingColumn(
                f.label.get(crate::i18n::Lang::Zh).to_string(),
            )));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut batch = NameBatch::new(ledger);
    let mut edits = Vec::new();
    let mut entries = 0;
    let mut skipped_totals = Vec::new();
    let mut next_id = ledger.next_entry_id().0;
    for row in rows {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                edits = Vec::new();
                errors.push(e);
                continue;
            }
        };
        let row: &Row = row.borrow();
        if row.cells.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        if is_totals_row(row) {
            skipped_totals.push(row.number);
            continue;
        }
        let texts: Vec<std::borrow::Cow<'_, str>> = header
            .columns
            .iter()
            .zip(&row.cells)
            .map(|(map, cell)| match map {
                Some(m) => cell_text(cell, *m),
                None => std::borrow::Cow::Borrowed(""),
            })
            .collect();
        let mut text = EntryText::default();
        for (map, t) in header.columns.iter().zip(&texts) {
            if let Some(spec) = map.and_then(|m| entry_field(m.field)) {
                (spec.set)(&mut text, t);
            }
        }
        match text.to_entry_in(&mut batch, EntryId(next_id), now, now, CreateNames::ALL) {
            Ok(entry) => {
                next_id += 1;
                entries += 1;
                let made = batch.take_edits();
                // Once a row failed nothing is applied: keep no edits, so memory stays
                // bounded by the error cap however long the table.
                if errors.is_empty() {
                    edits.extend(made);
                    edits.push(Edit::AddEntry(Box::new(entry)));
                }
            }
            Err(row_errors) => {
                edits = Vec::new();
                for error in row_errors {
                    let col = header
                        .columns
                        .iter()
                        .position(|m| m.is_some_and(|m| m.field == error.field));
                    errors.push(RowError {
                        row: row.number,
                        cell: col.and_then(|c| place.address(row.number, c)),
                        problem: CsvProblem::Field(error),
                    });
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ImportPlan {
        edit: Edit::Batch {
            label: BatchLabel::Import { entries },
            edits,
        },
        entries,
        new_villages: batch.created(MasterKind::Village),
        new_departments: batch.created(MasterKind::Department),
        new_categories: batch.created(MasterKind::Category),
        matched_by_part: batch.matched_by_part().to_vec(),
        ignored_columns: header.ignored(),
        header_row: (header_number > 0).then_some(header_number),
        skipped_totals,
    })
}

/// Pasted cells (tab-separated text, as Excel, WPS and LibreOffice put copied cells on
/// the clipboard) as a table; a cell with a line break or tab inside comes quoted.
pub fn from_tsv(text: &str) -> TextTable {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(b'\t')
        .from_reader(text.as_bytes());
    // Rows are numbered as pasted (a cell with a line break is still one row).
    let rows = reader
        .records()
        .enumerate()
        .map(|(i, r)| Row {
            number: i + 1,
            cells: r
                .map(|r| r.iter().map(Cell::text).collect())
                .unwrap_or_default(),
        })
        .collect();
    TextTable {
        sheet: None,
        first_col: 0,
        rows,
    }
}

/// The header of pasted cells: the first row when it names fields, else columns by
/// position (the user maps them in the preview).
pub fn paste_header(table: &TextTable) -> Header {
    match table.rows.first() {
        Some(_) => {
            let h = Header::at(table, 0);
            if h.columns.iter().flatten().count() >= 2 {
                h
            } else {
                Header::by_position(table.width())
            }
        }
        None => Header::by_position(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::i18n::Lang;

    fn now() -> Stamp {
        NaiveDate::from_ymd_opt(2026, 11, 28)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn decimals_round_on_their_digits() {
        assert_eq!(round_decimal("1.2", 6), "1.2");
        assert_eq!(round_decimal("0.30000000000000004", 2), "0.30");
        assert_eq!(round_decimal("1234.565", 2), "1234.57");
        assert_eq!(round_decimal("9.995", 2), "10.00");
        assert_eq!(round_decimal("99.9999999", 6), "100.000000");
        assert_eq!(round_decimal("12", 2), "12");
        // 1.2 as a float times 10,000 is 11999.999999999998; the text route is exact.
        let wan = Cell::number(1.2);
        let map = ColumnMap {
            field: Field::Value,
            wan: true,
        };
        assert_eq!(cell_text(&wan, map), "1.2万");
        assert_eq!(
            crate::ledger::Fen::parse_yuan(&cell_text(&wan, map)),
            Ok(crate::ledger::Fen(1_200_000))
        );
    }

    #[test]
    fn a_totals_row_is_a_short_totals_label() {
        let row = |cells: Vec<Cell>| Row { number: 1, cells };
        assert!(is_totals_row(&row(vec![
            Cell::text(""),
            Cell::text("合  计")
        ])));
        assert!(is_totals_row(&row(vec![Cell::text(" Subtotal ")])));
        assert!(is_totals_row(&row(vec![Cell::text("总计（元）")])));
        // Eight characters at most, spaces aside: 合计 starting a longer text is content.
        assert!(is_totals_row(&row(vec![Cell::text("合计 一二三四五六")])));
        assert!(!is_totals_row(&row(vec![Cell::text("合计一二三四五六七")])));
        assert!(!is_totals_row(&row(vec![
            Cell::text("书包"),
            Cell::number(3.0)
        ])));
    }

    #[test]
    fn excel_serials_are_days() {
        // Worked out from the calendar: 1900-01-01 is serial 1, 1900-02-28 is 59, the
        // non-existent 1900-02-29 is 60, 1900-03-01 is 61, 2021-04-02 is 44288.
        assert_eq!(serial_date("1"), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(serial_date("59"), NaiveDate::from_ymd_opt(1900, 2, 28));
        assert_eq!(serial_date("61"), NaiveDate::from_ymd_opt(1900, 3, 1));
        assert_eq!(serial_date("44288"), NaiveDate::from_ymd_opt(2021, 4, 2));
        assert_eq!(serial_date("44288.75"), NaiveDate::from_ymd_opt(2021, 4, 2));
        assert_eq!(serial_date("0"), None);
        assert_eq!(serial_date("abc"), None);
    }

    #[test]
    fn headers_map_with_synonyms_and_wan() {
        let f = |t: &str| column_for_header(t).map(|m| (m.field, m.wan));
        assert_eq!(f("帮扶村"), Some((Field::Village, false)));
        assert_eq!(f("受援村"), Some((Field::Village, false)));
        assert_eq!(f("帮扶单位（部门）"), Some((Field::Department, false)));
        assert_eq!(f("项目名称"), Some((Field::What, false)));
        assert_eq!(f("金额（万元）"), Some((Field::Value, true)));
        assert_eq!(f("折合金额(万元)"), Some((Field::Value, true)));
        assert_eq!(f("价值"), Some((Field::Value, false)));
        assert_eq!(f("日  期"), Some((Field::Date, false)));
        assert_eq!(f("帮扶时间"), Some((Field::Date, false)));
        assert_eq!(f("受益户数"), Some((Field::Households, false)));
        assert_eq!(f("户数"), Some((Field::Households, false)));
        assert_eq!(f("人次"), Some((Field::PersonTimes, false)));
        assert_eq!(f("说明"), Some((Field::Notes, false)));
        assert_eq!(f("序号"), None);
        assert_eq!(f("毕节职业技术学院帮扶台账"), None);
    }

    fn tsv(text: &str) -> TextTable {
        from_tsv(text)
    }

    #[test]
    fn pasted_rows_with_a_header_plan_like_csv() {
        let table = tsv("序号\t日期\t村名\t帮扶单位\t形式\t项目名称\t金额（万元）\n\
             1\t2021/4/2\t九股村\t团委\t物资\t书包\t1.2\n\
             \t\t\t\t\t\t\n\
             合计\t\t\t\t\t\t1.2\n");
        let header = paste_header(&table);
        assert_eq!(header.row, Some(0));
        let plan = plan_table(&sample_ledger(), &table, &header, now()).expect("plans");
        assert_eq!(plan.entries, 1);
        assert_eq!(plan.skipped_totals, vec![4]);
        assert_eq!(plan.ignored_columns, vec!["序号".to_string()]);
        let mut l = sample_ledger();
        l.apply(&plan.edit).expect("applies");
        let e = l.entries.last().expect("an entry");
        assert_eq!(e.value_fen.0, 1_200_000, "1.2 万元 is 12,000.00 yuan");
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2021, 4, 2).expect("date"));
        assert_eq!(l.village_name(e.village), "九股村");
    }

    #[test]
    fn pasted_rows_without_a_header_map_by_position() {
        // The CSV export's column order: 日期 村 部门 来源 出资方 帮扶形式 培训对象 渠道 类别 内容.
        let table = tsv("2021-04-02\t九股村\t团委\t\t\t物资\t\t\t\t书包\n");
        let header = paste_header(&table);
        assert_eq!(header.row, None);
        let plan = plan_table(&sample_ledger(), &table, &header, now()).expect("plans");
        assert_eq!(plan.entries, 1);
    }

    #[test]
    fn sheet_problems_name_the_cell() {
        let mut table = tsv("标题\n制表：团委\n日期\t村\t部门\t帮扶形式\t内容\t金额\n\
             2021-04-02\t九股村\t团委\t物资\t书包\t-5\n\
             2021-02-30\t九股村\t团委\t物资\t书包\t5\n");
        for (i, r) in table.rows.iter_mut().enumerate() {
            r.number = i + 10;
        }
        table.sheet = Some("台账".into());
        table.first_col = 1;
        let header = Header::detect(&table).expect("a header");
        assert_eq!(header.row, Some(2));
        let errors = plan_table(&sample_ledger(), &table, &header, now()).expect_err("bad");
        let lines = errors.lines(Lang::Zh);
        assert_eq!(lines[0], "台账!G13 金额：不能为负数");
        assert!(lines[1].starts_with("台账!B14 日期"), "{lines:?}");
        assert_eq!(lines.len(), 2);
    }
}
