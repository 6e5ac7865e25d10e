//! Findings lists as the findings import reads them (an inspection report's list): a CSV
//! file or one sheet of a workbook becomes a header, the rows under it and the file's row
//! number of the first row, for [`crate::ledger::findings_import::plan_findings_import`].
//! The CLI (`bangfu findings import`) and the app's 导入问题… read files through here.

use super::csv::{ImportErrors, decode};
use super::sheet::{SheetError, Workbook, is_csv};
use super::table::Row;
use crate::i18n::{Lang, findings as finding_words};
use crate::ledger::findings::FindingProblem;
use crate::ledger::findings_import::{ImportProblem, is_finding_header};
use std::path::Path;

/// How many rows from the top a spreadsheet's header row is looked for in.
const HEADER_SEARCH_ROWS: usize = 20;

/// A findings list as read: its cells as text, not yet checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingsTable {
    /// The workbook's sheets (empty for a CSV file).
    pub sheets: Vec<String>,
    /// The sheet read (empty for a CSV file).
    pub sheet: String,
    /// The header row's cells.
    pub header: Vec<String>,
    /// The rows under the header (trailing blank rows of a sheet dropped).
    pub rows: Vec<Vec<String>>,
    /// The file's row number of `rows[0]`.
    pub first_row: usize,
}

/// Why a findings list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The CSV file is not text in a known encoding.
    #[error("{} errors decoding the CSV file", .0.total())]
    Decode(ImportErrors),
    /// A CSV record could not be read (row number as the file counts it).
    #[error("row {row}: {source}")]
    Csv {
        /// The row.
        row: usize,
        /// What the CSV reader said.
        #[source]
        source: ::csv::Error,
    },
    /// The workbook or the sheet could not be read.
    #[error(transparent)]
    Sheet(#[from] SheetError),
    /// No row near the top of the sheet names three findings columns.
    #[error("no header row in sheet {sheet}")]
    NoHeader {
        /// The sheet read.
        sheet: String,
        /// The workbook's sheets (another may hold the list).
        sheets: Vec<String>,
    },
}

impl ReadError {
    /// The message lines in the user's language, each naming its place.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match self {
            ReadError::Decode(e) => e.lines(lang),
            ReadError::Csv { row, source } => {
                vec![finding_words::at_row(lang, *row, &source.to_string())]
            }
            ReadError::Sheet(e) => vec![e.message(lang)],
            ReadError::NoHeader { sheet, .. } => {
                vec![finding_words::no_findings_header(lang, sheet)]
            }
        }
    }

    /// Whether the file's content is at fault row by row (the CLI lists such lines under
    /// one heading naming the file).
    pub fn is_row_problem(&self) -> bool {
        matches!(self, ReadError::Decode(_) | ReadError::Csv { .. })
    }
}

/// Whether a findings import problem is a village the ledger does not have (creating
/// unknown villages would take it away).
pub fn is_unknown_village(p: &ImportProblem) -> bool {
    matches!(p, ImportProblem::Row(_, e) if matches!(e.problem, FindingProblem::UnknownVillage(_)))
}

/// Reads a findings list: a `.csv`/`.txt` file as CSV, anything else as a workbook
/// (`sheet`, or the first sheet with data).
pub fn read_table(
    path: &Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<FindingsTable, ReadError> {
    if is_csv(path) {
        read_csv(&bytes)
    } else {
        read_sheet(path, bytes, sheet)
    }
}

/// Reads a findings list file (as [`read_table`]); a file that cannot be read is a
/// [`SheetError`] naming why.
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<FindingsTable, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| SheetError::Workbook(calamine::Error::Io(e)))?;
    read_table(path, bytes, sheet)
}

/// A CSV findings list (UTF-8 or GBK): the first record is the header, the rows follow
/// from row 2.
pub fn read_csv(bytes: &[u8]) -> Result<FindingsTable, ReadError> {
    let text = decode(bytes).map_err(ReadError::Decode)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records: Vec<Vec<String>> = Vec::new();
    for (i, r) in reader.records().enumerate() {
        let r = r.map_err(|source| ReadError::Csv { row: i + 1, source })?;
        records.push(r.iter().map(str::to_string).collect());
    }
    let (header, rows) = match records.split_first() {
        Some((h, rows)) => (h.clone(), rows.to_vec()),
        None => (Vec::new(), Vec::new()),
    };
    Ok(FindingsTable {
        sheets: Vec::new(),
        sheet: String::new(),
        header,
        rows,
        first_row: 2,
    })
}

/// A spreadsheet's findings (.xlsx, .xls, .ods): the header row is the first of the first
/// 20 rows naming at least three findings columns, so title rows above it are passed
/// over; the rows under it (trailing blank rows dropped) are numbered as the sheet
/// numbers them.
pub fn read_sheet(
    path: &Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<FindingsTable, ReadError> {
    let mut book = Workbook::open(path, bytes)?;
    let sheets = book.sheet_names();
    let (name, table) = match sheet {
        Some(name) => (name.to_string(), book.read(name)?),
        None => book.default_sheet()?,
    };
    let texts = |r: &Row| -> Vec<String> { r.cells.iter().map(|c| c.text.clone()).collect() };
    let header_at = table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| {
            r.cells
                .iter()
                .filter(|c| is_finding_header(&c.text))
                .count()
                >= 3
        })
        .ok_or_else(|| ReadError::NoHeader {
            sheet: name.clone(),
            sheets: sheets.clone(),
        })?;
    let header = texts(&table.rows[header_at]);
    let mut rows: Vec<Vec<String>> = table.rows[header_at + 1..].iter().map(texts).collect();
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    Ok(FindingsTable {
        sheets,
        sheet: name,
        header,
        rows,
        first_row: table.rows[header_at].number + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_list_has_its_header_and_rows_from_row_two() {
        let csv = "村,问题描述\n九股村,缺公厕\n海子村,饮水\n";
        let t = read_table(Path::new("x.csv"), csv.as_bytes().to_vec(), None).expect("reads");
        assert_eq!(t.header, vec!["村", "问题描述"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1], vec!["海子村", "饮水"]);
        assert_eq!(t.first_row, 2);
        assert!(t.sheets.is_empty());
    }

    #[test]
    fn a_file_that_is_no_workbook_is_a_sheet_error() {
        let e = read_table(Path::new("x.xlsx"), b"not a zip".to_vec(), None).expect_err("refused");
        assert!(matches!(e, ReadError::Sheet(_)));
        assert_eq!(e.lines(Lang::Zh).len(), 1);
    }
}
