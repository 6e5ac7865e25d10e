//! Reading spreadsheets (.xlsx, .xls, .ods with calamine; .csv through [`super::csv`])
//! into [`TextTable`]s: every cell becomes text plus its address, and nothing else
//! happens here — the header, the mapping and the rows go through [`super::table`].

use super::csv::{ImportErrors, decode, read_table};
use super::table::{Cell, HEADER_SEARCH_ROWS, Row, TextTable};
use crate::i18n::{Lang, transfer as words};
use calamine::{Data, DataRef, DataType, Reader, Sheets, Xlsx};
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
        cells[col] = data_cell(value);
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

/// How many rows a [`SheetStream`] sends at a time.
const CHUNK_ROWS: usize = 2048;

/// What the reading thread of a [`SheetStream`] sends.
enum Chunk {
    /// The first [`HEADER_SEARCH_ROWS`] rows (fewer in a short sheet), as a table.
    Head(TextTable),
    /// The rows after them, in order.
    Rows(Vec<Row>),
    /// The whole sheet was read.
    Done,
    /// The sheet cannot be streamed as [`Workbook::read`] would read it (a row out of
    /// order, or a cell left of the first rows' first column): read it whole instead.
    Unstreamable,
    /// The sheet could not be read.
    Failed(SheetError),
}

/// An .xlsx sheet read on another thread while its rows are used: its first rows (where
/// the header is looked for) at once, the rest row by row, at most a few thousand rows
/// ahead of their user. The rows are the very rows [`Workbook::read`] gives (when the
/// sheet is [`StreamEnd::Unstreamable`], read it that way instead).
pub struct SheetStream {
    /// The first rows (up to [`HEADER_SEARCH_ROWS`]), with the sheet's name and first
    /// column.
    pub head: TextTable,
    chunks: std::sync::mpsc::Receiver<Chunk>,
    end: Option<StreamEnd>,
}

/// How the rows of a [`SheetStream`] ended.
#[derive(Debug)]
pub enum StreamEnd {
    /// Every row was given.
    Done,
    /// See [`Chunk::Unstreamable`]: the rows given are not the sheet's; read it whole.
    Unstreamable,
    /// Reading failed part way.
    Failed(SheetError),
}

impl Workbook {
    /// Whether this is an .xlsx workbook, whose sheets [`Workbook::stream`] can read.
    pub fn is_xlsx(&self) -> bool {
        matches!(self, Workbook::Sheets(s) if matches!(**s, Sheets::Xlsx(_)))
    }

    /// The sheet [`Workbook::default_sheet`] chooses, found from the first rows of each
    /// .xlsx sheet; `None` when that cannot tell (a sheet whose first rows are all blank,
    /// or not an .xlsx workbook).
    pub fn streamed_default_sheet(&mut self) -> Result<Option<String>, SheetError> {
        if !self.is_xlsx() {
            return Ok(None);
        }
        for name in self.sheet_names() {
            let table = self.read_rows(&name, HEADER_SEARCH_ROWS)?;
            if table
                .rows
                .iter()
                .any(|r| r.cells.iter().any(|c| !c.text.is_empty()))
            {
                return Ok(Some(name));
            }
            if table.rows.len() >= HEADER_SEARCH_ROWS {
                return Ok(None);
            }
        }
        Ok(None)
    }

    /// Reads sheet `name` of an .xlsx workbook on another thread (see [`SheetStream`]);
    /// other workbooks are given back.
    pub fn stream(self, name: &str) -> Result<Result<SheetStream, SheetError>, Workbook> {
        if !self.is_xlsx() {
            return Err(self);
        }
        let Workbook::Sheets(mut sheets) = self else {
            return Err(self);
        };
        let known = sheets.sheet_names();
        if !known.iter().any(|n| n == name) {
            return Ok(Err(SheetError::NoSuchSheet {
                name: name.to_string(),
                known,
            }));
        }
        let (send, chunks) = std::sync::mpsc::sync_channel(4);
        let name = name.to_string();
        let read_name = name.clone();
        std::thread::spawn(move || {
            if let Sheets::Xlsx(x) = &mut *sheets {
                let end = match xlsx_stream(x, &read_name, &send) {
                    Ok(Streamed::Done) => Chunk::Done,
                    Ok(Streamed::Unstreamable { head_sent: true }) => Chunk::Unstreamable,
                    // Nothing sent yet: the whole sheet goes as the head.
                    Ok(Streamed::Unstreamable { head_sent: false }) => {
                        match xlsx_table(x, &read_name, usize::MAX) {
                            Ok(t) => match send.send(Chunk::Head(t)) {
                                Ok(()) => Chunk::Done,
                                Err(_) => return,
                            },
                            Err(e) => Chunk::Failed(e),
                        }
                    }
                    Err(e) => Chunk::Failed(e),
                };
                // The receiver may be gone (it stopped early): nothing to tell then.
                let _ = send.send(end);
            }
        });
        let head = match chunks.recv() {
            Ok(Chunk::Head(t)) => TextTable {
                sheet: Some(name),
                ..t
            },
            Ok(Chunk::Failed(e)) => return Ok(Err(e)),
            _ => {
                return Ok(Ok(SheetStream {
                    head: TextTable::default(),
                    chunks,
                    end: Some(StreamEnd::Unstreamable),
                }));
            }
        };
        Ok(Ok(SheetStream {
            head,
            chunks,
            end: None,
        }))
    }
}

impl SheetStream {
    /// The rows after the head, as they are read; they stop early when reading fails or
    /// the sheet cannot be streamed (see [`SheetStream::end`]).
    pub fn rows(&mut self) -> impl Iterator<Item = Row> + '_ {
        std::iter::from_fn(move || {
            if self.end.is_some() {
                return None;
            }
            match self.chunks.recv() {
                Ok(Chunk::Rows(rows)) => Some(rows),
                Ok(Chunk::Done) => {
                    self.end = Some(StreamEnd::Done);
                    None
                }
                Ok(Chunk::Failed(e)) => {
                    self.end = Some(StreamEnd::Failed(e));
                    None
                }
                Ok(Chunk::Head(_) | Chunk::Unstreamable) | Err(_) => {
                    self.end = Some(StreamEnd::Unstreamable);
                    None
                }
            }
        })
        .flatten()
    }

    /// How the rows ended (reads any rows not yet taken to find out).
    pub fn end(&mut self) -> StreamEnd {
        self.rows().for_each(drop);
        self.end.take().unwrap_or(StreamEnd::Unstreamable)
    }
}

/// How [`xlsx_stream`] ended.
enum Streamed {
    /// Every row was sent (or the receiver stopped taking them).
    Done,
    /// See [`Chunk::Unstreamable`]; `head_sent`: the head had gone already.
    Unstreamable {
        /// Whether the head was sent.
        head_sent: bool,
    },
}

/// Reads an .xlsx sheet as [`xlsx_table`] does, sending its first rows as one
/// [`Chunk::Head`] and the rest in [`Chunk::Rows`]; a send that fails (the receiver stopped)
/// ends the reading.
fn xlsx_stream(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    send: &std::sync::mpsc::SyncSender<Chunk>,
) -> Result<Streamed, SheetError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => {
            let empty = TextTable {
                sheet: Some(name.to_string()),
                ..TextTable::default()
            };
            let _ = send.send(Chunk::Head(empty));
            return Ok(Streamed::Done);
        }
        Err(e) => return Err(SheetError::Workbook(calamine::Error::Xlsx(e))),
    };
    // The head's rows keep every cell by absolute column until the first column is known.
    let mut head: Vec<Row> = Vec::new();
    let mut first_col: Option<usize> = None;
    let mut head_min_col = usize::MAX;
    // The row being read: its 0-based sheet row and cells (by absolute column before the
    // head is sent, from the first column after).
    let mut current: Option<(u32, Vec<Cell>)> = None;
    let mut chunk: Vec<Row> = Vec::new();

    // Finishes a row: rows skipped since the last one come as empty rows.
    let finish = |row: u32,
                  mut cells: Vec<Cell>,
                  last: Option<u32>,
                  head: &mut Vec<Row>,
                  first_col: &mut Option<usize>,
                  head_min_col: usize,
                  chunk: &mut Vec<Row>|
     -> bool {
        let absolute = first_col.is_none();
        let gap = last.map_or(row, |l| l + 1);
        for r in gap..row {
            if !push_row(
                Row {
                    number: r as usize + 1,
                    cells: Vec::new(),
                },
                head,
                first_col,
                head_min_col,
                chunk,
                send,
            ) {
                return false;
            }
        }
        // Until the head is sent its rows keep absolute columns (cut when it is sent).
        if let Some(f) = *first_col {
            if absolute {
                cells.drain(..f.min(cells.len()));
            }
            while cells.last().is_some_and(|c| c.text.is_empty()) {
                cells.pop();
            }
        }
        push_row(
            Row {
                number: row as usize + 1,
                cells,
            },
            head,
            first_col,
            head_min_col,
            chunk,
            send,
        )
    };

    let mut last: Option<u32> = None;
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
        let col = col as usize;
        match &current {
            Some((r, _)) if *r == row => {}
            Some((r, _)) if *r > row => {
                return Ok(Streamed::Unstreamable {
                    head_sent: first_col.is_some(),
                });
            }
            _ => {
                if let Some((r, cells)) = current.take() {
                    if !finish(
                        r,
                        cells,
                        last,
                        &mut head,
                        &mut first_col,
                        head_min_col,
                        &mut chunk,
                    ) {
                        return Ok(Streamed::Done);
                    }
                    last = Some(r);
                }
                current = Some((row, Vec::new()));
            }
        }
        let at = match first_col {
            None => {
                head_min_col = head_min_col.min(col);
                col
            }
            Some(f) if col < f => {
                return Ok(Streamed::Unstreamable {
                    head_sent: first_col.is_some(),
                });
            }
            Some(f) => col - f,
        };
        let Some((_, cells)) = current.as_mut() else {
            continue;
        };
        if cells.len() <= at {
            cells.resize_with(at + 1, Cell::default);
        }
        cells[at] = data_cell(value);
    }
    if let Some((r, cells)) = current.take()
        && !finish(
            r,
            cells,
            last,
            &mut head,
            &mut first_col,
            head_min_col,
            &mut chunk,
        )
    {
        return Ok(Streamed::Done);
    }
    if first_col.is_none() {
        let min = if head.is_empty() { 0 } else { head_min_col };
        send_head(name, &mut head, min, send);
    }
    if !chunk.is_empty() {
        let _ = send.send(Chunk::Rows(chunk));
    }
    Ok(Streamed::Done)
}

/// Adds one finished row: to the head until it is full (then the head goes), else to
/// the chunk being filled (sent when full). `false`: the receiver is gone.
fn push_row(
    row: Row,
    head: &mut Vec<Row>,
    first_col: &mut Option<usize>,
    head_min_col: usize,
    chunk: &mut Vec<Row>,
    send: &std::sync::mpsc::SyncSender<Chunk>,
) -> bool {
    if first_col.is_none() {
        head.push(row);
        if head.len() == HEADER_SEARCH_ROWS {
            *first_col = Some(head_min_col);
            return send_head("", head, head_min_col, send);
        }
        return true;
    }
    chunk.push(row);
    if chunk.len() >= CHUNK_ROWS {
        return send.send(Chunk::Rows(std::mem::take(chunk))).is_ok();
    }
    true
}

/// Sends the head rows, each cut to the first column (`name` is set by the receiver).
fn send_head(
    name: &str,
    head: &mut Vec<Row>,
    first_col: usize,
    send: &std::sync::mpsc::SyncSender<Chunk>,
) -> bool {
    let rows = std::mem::take(head)
        .into_iter()
        .map(|mut r| {
            r.cells.drain(..first_col.min(r.cells.len()));
            while r.cells.last().is_some_and(|c| c.text.is_empty()) {
                r.cells.pop();
            }
            r
        })
        .collect();
    send.send(Chunk::Head(TextTable {
        sheet: Some(name.to_string()),
        first_col,
        rows,
    }))
    .is_ok()
}

/// The text and kind of a cell, from either form calamine gives it in: [`Data`] (a whole
/// sheet read at once) or [`DataRef`] (the .xlsx cell reader), through their common
/// [`DataType`] getters, so both forms are read by the one rule.
fn data_cell(data: &impl DataType) -> Cell {
    if data.is_empty() {
        return Cell::default();
    }
    // `String` and (for DataRef) `SharedString`.
    if let Some(s) = data.get_string() {
        return Cell::text(s);
    }
    if let Some(i) = data.get_int() {
        return Cell {
            text: i.to_string(),
            number: true,
        };
    }
    if let Some(f) = data.get_float() {
        return Cell::number(f);
    }
    if let Some(b) = data.get_bool() {
        return Cell::text(if b { "TRUE" } else { "FALSE" });
    }
    if let Some(dt) = data.get_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        return Cell::text(format!("{y:04}-{m:02}-{d:02}"));
    }
    // ODS dates: `2021-04-02` or `2021-04-02T00:00:00`.
    if let Some(s) = data.get_datetime_iso() {
        return Cell::text(s.split('T').next().unwrap_or(s));
    }
    if let Some(s) = data.get_duration_iso() {
        return Cell::text(s);
    }
    if let Some(e) = data.get_error() {
        return Cell::text(e.to_string());
    }
    Cell::default()
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

    /// The .xlsx reader's borrowed cells read as the whole-sheet cells do, kind by kind
    /// (expected text and number flag written out by hand).
    #[test]
    fn borrowed_cells_read_as_owned_ones() {
        let both = |owned: Data, borrowed: DataRef<'_>, text: &str, number: bool| {
            let (a, b) = (data_cell(&owned), data_cell(&borrowed));
            assert_eq!((a.text.as_str(), a.number), (text, number), "{owned:?}");
            assert_eq!((b.text.as_str(), b.number), (text, number), "{borrowed:?}");
        };
        both(Data::Empty, DataRef::Empty, "", false);
        both(
            Data::String("化肥".into()),
            DataRef::SharedString("化肥"),
            "化肥",
            false,
        );
        both(
            Data::String("化肥".into()),
            DataRef::String("化肥".into()),
            "化肥",
            false,
        );
        both(Data::Int(-7), DataRef::Int(-7), "-7", true);
        both(Data::Float(2.5), DataRef::Float(2.5), "2.5", true);
        both(Data::Bool(true), DataRef::Bool(true), "TRUE", false);
        both(Data::Bool(false), DataRef::Bool(false), "FALSE", false);
        both(
            Data::DateTimeIso("2021-04-02".into()),
            DataRef::DateTimeIso("2021-04-02T08:00:00".into()),
            "2021-04-02",
            false,
        );
        both(
            Data::DurationIso("PT1H".into()),
            DataRef::DurationIso("PT1H".into()),
            "PT1H",
            false,
        );
        both(
            Data::Error(calamine::CellErrorType::Div0),
            DataRef::Error(calamine::CellErrorType::Div0),
            "#DIV/0!",
            false,
        );
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
