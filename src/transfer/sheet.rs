//! Reading spreadsheets (.xlsx, .xls, .ods with calamine; .csv through [`super::csv`])
//! into [`TextTable`]s: every cell becomes text plus its address, and nothing else
//! happens here — the header, the mapping and the rows go through [`super::table`].

use super::csv::{ImportErrors, decode, read_table};
use super::table::{Cell, Row, TextTable};
use crate::i18n::{Lang, transfer as words};
use calamine::{Data, DataRef, Reader, Sheets, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// Why a spreadsheet could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file is not a workbook calamine can read (or is damaged).
    #[error("{0}")]
    Workbook(#[source] calamine::Error),
    /// No sheet has this name.
    #[error("no sheet named {name}")]
    NoSuchSheet {
        /// The name asked for.
        name: String,
        /// The sheets there are.
        known: Vec<String>,
    },
    /// A CSV file that does not decode (mixed encodings, not text).
    #[error("{} errors in the CSV file", .0.total())]
    Csv(ImportErrors),
}

impl SheetError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SheetError::Workbook(e) => words::cannot_read_workbook(lang, &e.to_string()),
            SheetError::NoSuchSheet { name, known } => words::no_such_sheet(
                lang,
                name,
                &known.join(crate::i18n::cli::LIST_SEPARATOR.get(lang)),
            ),
            SheetError::Csv(e) => e.lines(lang).join("\n"),
        }
    }
}

/// An open workbook, or a CSV file read as one sheet.
pub enum Workbook {
    /// A spreadsheet.
    Sheets(Box<Sheets<Cursor<Vec<u8>>>>),
    /// A CSV file: one table with no sheet name (its problems are placed by line).
    Csv(TextTable),
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Workbook")
            .field(&self.sheet_names())
            .finish()
    }
}

/// Whether a path names a CSV file (by its extension).
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
}

impl Workbook {
    /// Opens a workbook from its bytes; `path` only tells the format by its extension
    /// (a workbook with another extension is recognised by its content).
    pub fn open(path: &Path, bytes: Vec<u8>) -> Result<Workbook, SheetError> {
        if is_csv(path) {
            let text = decode(&bytes).map_err(SheetError::Csv)?;
            return Ok(Workbook::Csv(read_table(&text).map_err(SheetError::Csv)?));
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let cursor = Cursor::new(bytes);
        let sheets = match ext.as_deref() {
            Some("xlsx" | "xlsm") => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsx)
                .map_err(calamine::Error::Xlsx),
            Some("xls") => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xls)
                .map_err(calamine::Error::Xls),
            Some("ods") => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Ods)
                .map_err(calamine::Error::Ods),
            _ => calamine::open_workbook_auto_from_rs(cursor),
        }
        .map_err(SheetError::Workbook)?;
        Ok(Workbook::Sheets(Box::new(sheets)))
    }

    /// Reads a workbook file.
    pub fn open_path(path: &Path) -> Result<Workbook, SheetError> {
        let bytes =
            std::fs::read(path).map_err(|e| SheetError::Workbook(calamine::Error::Io(e)))?;
        Workbook::open(path, bytes)
    }

    /// The sheets' names, in the workbook's order (a CSV file has one, unnamed: "").
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Workbook::Sheets(s) => s.sheet_names(),
            Workbook::Csv(_) => vec![String::new()],
        }
    }

    /// Reads one sheet as text cells.
    pub fn read(&mut self, name: &str) -> Result<TextTable, SheetError> {
        self.read_rows(name, usize::MAX)
    }

    /// Reads the first `rows` rows of one sheet (from its first row with data) as text
    /// cells: the preview's first rows, without reading the rest of an .xlsx sheet.
    /// (.xls and .ods sheets are read whole, then cut.)
    pub fn read_rows(&mut self, name: &str, rows: usize) -> Result<TextTable, SheetError> {
        match self {
            Workbook::Csv(t) => {
                let mut t = t.clone();
                t.rows.truncate(rows);
                Ok(t)
            }
            Workbook::Sheets(s) => {
                let known = s.sheet_names();
                if !known.iter().any(|n| n == name) {
                    return Err(SheetError::NoSuchSheet {
                        name: name.to_string(),
                        known,
                    });
                }
                if let Sheets::Xlsx(x) = &mut **s {
                    return xlsx_table(x, name, rows);
                }
                let range = s.worksheet_range(name).map_err(SheetError::Workbook)?;
                let mut t = range_table(name, &range);
                t.rows.truncate(rows);
                Ok(t)
            }
        }
    }

    /// The sheet to offer first: the first one with any data (else the first).
    pub fn default_sheet(&mut self) -> Result<(String, TextTable), SheetError> {
        self.default_sheet_rows(usize::MAX)
    }

    /// [`Workbook::default_sheet`], only its first `rows` rows (see [`Workbook::read_rows`]).
    pub fn default_sheet_rows(&mut self, rows: usize) -> Result<(String, TextTable), SheetError> {
        let names = self.sheet_names();
        let mut first = None;
        for name in &names {
            let table = self.read_rows(name, rows)?;
            if table
                .rows
                .iter()
                .any(|r| r.cells.iter().any(|c| !c.text.is_empty()))
            {
                return Ok((name.clone(), table));
            }
            if first.is_none() {
                first = Some((name.clone(), table));
            }
        }
        Ok(first.unwrap_or_default())
    }
}

/// One sheet's cells as text: dates as `YYYY-MM-DD`, numbers as their shortest decimal
/// text (marked as numbers), errors as their code (`#DIV/0!`), rows numbered as the sheet
/// numbers them.
fn range_table(name: &str, range: &calamine::Range<Data>) -> TextTable {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut cells: Vec<Cell> = cells.iter().map(data_cell).collect();
            while cells.last().is_some_and(|c| c.text.is_empty()) {
                cells.pop();
            }
            Row {
                number: first_row as usize + i + 1,
                cells,
            }
        })
        .collect();
    TextTable {
        sheet: Some(name.to_string()),
        first_col: first_col as usize,
        rows,
    }
}

/// One .xlsx sheet's cells as text, read cell by cell from the sheet's XML (no grid of
/// every cell is built, and reading stops after `max_rows` rows): the same table as
/// [`range_table`] makes from calamine's `Range`, which holds every cell twice over.
fn xlsx_table(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    max_rows: usize,
) -> Result<TextTable, SheetError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet or the like: no cells (as calamine's `worksheet_range`).
        Err(calamine::XlsxError::NotAWorksheet(_)) => {
            return Ok(TextTable {
                sheet: Some(name.to_string()),
                ..TextTable::default()
            });
        }
        Err(e) => return Err(SheetError::Workbook(calamine::Error::Xlsx(e))),
    };
    // Rows as the sheet numbers them (0-based), cells by absolute column; rows come in
    // order in every sheet seen, but need not.
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    let mut first_col = u32::MAX;
    loop {
        let cell = reader
            .next_cell()
            .map_err(|e| SheetError::Workbook(calamine::Error::Xlsx(e)))?;
        let Some(cell) = cell else { break };
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        let at = match rows.last() {
            Some((r, _)) if *r == row => rows.len() - 1,
            Some((r, _)) if *r > row => match rows.binary_search_by_key(&row, |(r, _)| *r) {
                Ok(i) => i,
                Err(i) => {
                    rows.insert(i, (row, Vec::new()));
                    i
                }
            },
            _ => {
                if rows
                    .first()
                    .is_some_and(|(r, _)| (row - r) as usize >= max_rows)
                {
                    break;
                }
                rows.push((row, Vec::new()));
                rows.len() - 1
            }
        };
        first_col = first_col.min(col);
        let cells = &mut rows[at].1;
        let col = col as usize;
        if cells.len() <= col {
            cells.resize_with(col + 1, Cell::default);
        }
        cells[col] = data_ref_cell(value);
    }
    let first_col = if rows.is_empty() {
        0
    } else {
        first_col as usize
    };
    // Row numbers as the user sees them (1-based); none for an empty sheet.
    let numbers = match (rows.first(), rows.last()) {
        (Some((first, _)), Some((last, _))) => *first as usize + 1..*last as usize + 2,
        _ => 0..0,
    };
    let mut table_rows = Vec::with_capacity(numbers.len());
    let mut rows = rows.into_iter().peekable();
    for number in numbers {
        let mut cells = match rows.peek() {
            Some((r, _)) if *r as usize + 1 == number => {
                rows.next().map(|(_, c)| c).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        cells.drain(..first_col.min(cells.len()));
        while cells.last().is_some_and(|c| c.text.is_empty()) {
            cells.pop();
        }
        table_rows.push(Row { number, cells });
    }
    Ok(TextTable {
        sheet: Some(name.to_string()),
        first_col,
        rows: table_rows,
    })
}

/// [`data_cell`] for a cell as the .xlsx cell reader gives it.
fn data_ref_cell(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::default(),
        DataRef::String(s) => Cell::text(s.as_str()),
        DataRef::SharedString(s) => Cell::text(*s),
        DataRef::Int(i) => Cell {
            text: i.to_string(),
            number: true,
        },
        DataRef::Float(f) => Cell::number(*f),
        DataRef::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::text(format!("{y:04}-{m:02}-{d:02}"))
        }
        DataRef::DateTimeIso(s) => Cell::text(s.split('T').next().unwrap_or(s)),
        DataRef::DurationIso(s) => Cell::text(s.as_str()),
        DataRef::Error(e) => Cell::text(e.to_string()),
    }
}

fn data_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) => Cell::text(s.as_str()),
        Data::Int(i) => Cell {
            text: i.to_string(),
            number: true,
        },
        Data::Float(f) => Cell::number(*f),
        Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::text(format!("{y:04}-{m:02}-{d:02}"))
        }
        // ODS dates: `2021-04-02` or `2021-04-02T00:00:00`.
        Data::DateTimeIso(s) => Cell::text(s.split('T').next().unwrap_or(s)),
        Data::DurationIso(s) => Cell::text(s.as_str()),
        Data::Error(e) => Cell::text(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_text() {
        assert_eq!(data_cell(&Data::Float(1.2)).text, "1.2");
        assert!(data_cell(&Data::Float(1.2)).number);
        assert_eq!(data_cell(&Data::Int(40000)).text, "40000");
        assert_eq!(
            data_cell(&Data::DateTimeIso("2021-04-02T00:00:00".into())).text,
            "2021-04-02"
        );
        let dt =
            calamine::ExcelDateTime::new(44288.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(data_cell(&Data::DateTime(dt)).text, "2021-04-02");
        assert_eq!(data_cell(&Data::String("书包".into())).text, "书包");
    }

    /// The cell-by-cell .xlsx reader gives the very table calamine's whole-sheet `Range`
    /// gives (title rows, a merged header, blank rows, dates, numbers, 合计), and the
    /// first rows alone are the start of it.
    #[test]
    fn the_streamed_xlsx_sheet_is_the_range_sheet() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/old_ledger.xlsx");
        let bytes = std::fs::read(&path).expect("fixture");
        let mut book = Workbook::open(&path, bytes.clone()).expect("opens");
        let mut by_range: Sheets<_> =
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).expect("opens");
        let names = book.sheet_names();
        let mut checked = 0;
        for name in &names {
            let range = by_range.worksheet_range(name).expect("range");
            let want = range_table(name, &range);
            let got = book.read(name).expect("reads");
            assert_eq!(got, want, "sheet {name}");
            if want.rows.len() < 5 {
                continue;
            }
            checked += 1;
            let first = book.read_rows(name, 5).expect("reads");
            assert_eq!(first.rows[..], want.rows[..5], "sheet {name}");
            assert_eq!(first.first_col, want.first_col);
        }
        assert!(checked >= 1, "{names:?}");
    }

    #[test]
    fn a_file_that_is_no_workbook_is_refused() {
        let e = Workbook::open(Path::new("x.xlsx"), b"not a zip".to_vec()).expect_err("bad");
        assert!(
            e.message(Lang::Zh).starts_with("无法读取表格"),
            "{}",
            e.message(Lang::Zh)
        );
    }
}
