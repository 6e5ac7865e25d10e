//! Reading spreadsheets (.xlsx, .xls, .ods with calamine; .csv through [`super::csv`])
//! into [`TextTable`]s: every cell becomes text plus its address, and nothing else
//! happens here — the header, the mapping and the rows go through [`super::table`].

use super::csv::{ImportErrors, decode, read_table};
use super::table::{Cell, Row, TextTable};
use crate::i18n::{Lang, transfer as words};
use calamine::{Data, Reader, Sheets};
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
        match self {
            Workbook::Csv(t) => Ok(t.clone()),
            Workbook::Sheets(s) => {
                let known = s.sheet_names();
                if !known.iter().any(|n| n == name) {
                    return Err(SheetError::NoSuchSheet {
                        name: name.to_string(),
                        known,
                    });
                }
                let range = s.worksheet_range(name).map_err(SheetError::Workbook)?;
                Ok(range_table(name, &range))
            }
        }
    }

    /// The sheet to offer first: the first one with any data (else the first).
    pub fn default_sheet(&mut self) -> Result<(String, TextTable), SheetError> {
        let names = self.sheet_names();
        let mut first = None;
        for name in &names {
            let table = self.read(name)?;
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
