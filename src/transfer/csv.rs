//! CSV import and export with the users' Chinese headers.
//!
//! Export writes UTF-8 with a BOM so Excel and WPS open it right; import reads that back
//! unchanged, and also reads GBK files (what Excel saves as "CSV" on a Chinese Windows).
//! Import is all or nothing: one bad row and nothing changes, with every bad row listed.

use super::table;
use crate::i18n::{Lang, model, transfer as words};
use crate::ledger::fields::ENTRY_FIELDS;
use crate::ledger::names::MasterKind;
use crate::ledger::validate::{Field, FieldError, Problem};
use crate::ledger::{Edit, Ledger, Stamp};

/// Writes every entry as CSV (UTF-8 with BOM, Chinese headers, amounts in yuan), one
/// column per field of [`ENTRY_FIELDS`], in its order.
///
/// `已到位金额` is empty for entries given in full and holds the delivered amount for
/// pledges (then `金额` is the pledge), so an export imports back unchanged.
pub fn export(ledger: &Ledger) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + ledger.entries.len() * 160);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(ENTRY_FIELDS.iter().map(|f| f.label.get(Lang::Zh)));
    for e in &ledger.entries {
        let _ = w.write_record(
            ENTRY_FIELDS
                .iter()
                .map(|f| neutralise_formula(&(f.export)(e, ledger)).into_owned()),
        );
    }
    w.into_inner().unwrap_or_default()
}

/// Whether a spreadsheet would read `cell` as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first), or it is already one apostrophe away from such a cell.
fn needs_apostrophe(cell: &str) -> bool {
    let mut rest = cell;
    while let Some(r) = rest.strip_prefix('\'') {
        rest = r;
    }
    rest.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell made safe from formula injection: a cell Excel, WPS or LibreOffice would
/// evaluate (`=1+1`, `-5`, `@SUM(A1)`, `+86 …`) gets a leading apostrophe, so it shows as
/// text. A cell that already starts with apostrophes before such a character gets one
/// more, so [`restore_formula`] gives back exactly what was written.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_apostrophe(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise_formula`]: drops the one apostrophe it adds, and nothing else
/// (`'abc` stays as typed).
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_apostrophe(rest) => rest,
        _ => cell,
    }
}

/// At most this many problems are kept; the rest are only counted.
pub const MAX_ERRORS: usize = 100;

/// What is wrong with a CSV file, beyond one field of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvProblem {
    /// A field of an entry (or of the header) is wrong.
    Field(FieldError),
    /// A quote opened on this line is never closed where a cell ends.
    UnbalancedQuote,
    /// This line is not UTF-8 while others are: the file mixes encodings.
    MixedEncoding,
    /// The file is neither UTF-8 nor GBK.
    NotText,
    /// A column every entry needs is missing from the header (its name).
    MissingColumn(String),
    /// The rows touch an entry dated inside the period lock (结账).
    Locked(Box<crate::ledger::lock::Refusal>),
}

/// A problem with one line (line 1 is the header) or with the file as a whole (line 0),
/// or with one cell of a spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line number as a text editor or spreadsheet shows it; 0 for the file itself.
    pub row: usize,
    /// The cell's address in a spreadsheet (`Sheet1!C12`), which then names the place.
    pub cell: Option<String>,
    /// What is wrong.
    pub problem: CsvProblem,
}

impl RowError {
    fn field(row: usize, error: FieldError) -> RowError {
        RowError {
            row,
            cell: None,
            problem: CsvProblem::Field(error),
        }
    }

    /// `第 3 行 金额：不能为负数` / `row 3: value: must not be negative`; in a sheet
    /// `Sheet1!C12 金额：不能为负数`.
    pub fn message(&self, lang: Lang) -> String {
        let detail = match &self.problem {
            CsvProblem::Field(e) => e.detailed_message(lang, false),
            CsvProblem::UnbalancedQuote => model::CSV_UNBALANCED_QUOTE.get(lang).into(),
            CsvProblem::MixedEncoding => model::CSV_MIXED_ENCODING.get(lang).into(),
            CsvProblem::NotText => model::CSV_NOT_TEXT.get(lang).into(),
            CsvProblem::MissingColumn(name) => model::csv_missing_column(lang, name),
            CsvProblem::Locked(r) => r.message(lang),
        };
        match &self.cell {
            Some(cell) => words::cell_error(lang, cell, &detail),
            None => model::row_error(lang, self.row, &detail),
        }
    }
}

/// Why a CSV file was not imported: the first [`MAX_ERRORS`] problems and how many more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportErrors {
    /// The first problems, in file order.
    pub shown: Vec<RowError>,
    /// How many more problems were found but not kept.
    pub more: usize,
}

impl ImportErrors {
    pub(crate) fn push(&mut self, e: RowError) {
        if self.shown.len() < MAX_ERRORS {
            self.shown.push(e);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Every problem found, shown or not.
    pub fn total(&self) -> usize {
        self.shown.len() + self.more
    }

    /// One line per shown problem, then `…另有 N 处错误` when some were left off.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut lines: Vec<String> = self.shown.iter().map(|e| e.message(lang)).collect();
        if self.more > 0 {
            lines.push(model::csv_more_errors(lang, self.more));
        }
        lines
    }
}

impl From<Vec<RowError>> for ImportErrors {
    fn from(errors: Vec<RowError>) -> ImportErrors {
        let mut out = ImportErrors::default();
        errors.into_iter().for_each(|e| out.push(e));
        out
    }
}

/// What an import would add, ready to apply as one undoable edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// One batch: new villages, departments and categories first, then the entries.
    pub edit: Edit,
    /// How many entries.
    pub entries: usize,
    /// Villages that did not exist yet.
    pub new_villages: Vec<String>,
    /// Departments that did not exist yet.
    pub new_departments: Vec<String>,
    /// Categories that did not exist yet.
    pub new_categories: Vec<String>,
    /// Parts of names taken as a whole name by the name rule: (kind, typed, name).
    pub matched_by_part: Vec<(MasterKind, String, String)>,
    /// Header cells that name no field (such as 序号): their columns were ignored.
    pub ignored_columns: Vec<String>,
    /// The header's row number (1 for CSV); `None`: no header (pasted rows by position).
    pub header_row: Option<usize>,
    /// Totals rows (合计 / 小计 / 总计) skipped, by row number.
    pub skipped_totals: Vec<usize>,
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), else GBK (what Excel saves as "CSV" on
/// a Chinese Windows). A file whose lines mix the two is refused, naming the lines that are
/// not UTF-8, so mojibake is never imported; so is a file that is not GBK either.
pub fn decode(bytes: &[u8]) -> Result<String, ImportErrors> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let mut utf8_lines = 0;
    let mut other = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        if std::str::from_utf8(line).is_ok() {
            utf8_lines += 1;
        } else {
            other.push(i + 1);
        }
    }
    if utf8_lines > 0 {
        return Err(other
            .into_iter()
            .map(|row| RowError {
                row,
                cell: None,
                problem: CsvProblem::MixedEncoding,
            })
            .collect::<Vec<_>>()
            .into());
    }
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| {
            vec![RowError {
                row: 0,
                cell: None,
                problem: CsvProblem::NotText,
            }]
            .into()
        })
}

/// The separator of the header line: the most frequent of `,`, tab and `;` outside quotes
/// (a comma when there is none).
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b'\t', b';'][best]
}

/// The lines of quotes that do not close where a cell ends: a quote opened at the start of a
/// cell must be closed by a quote followed by the separator, a line end or the file's end.
/// Otherwise the reader would merge the following rows into one cell.
fn unbalanced_quotes(text: &str, delimiter: u8) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut bad = Vec::new();
    let mut line = 1;
    let mut cell_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if cell_start && b == b'"' {
            let opened = line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        bad.push(opened);
                        return bad;
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        match bytes.get(i) {
                            None | Some(b'\n') | Some(b'\r') => {}
                            Some(&c) if c == delimiter => {}
                            Some(_) => {
                                bad.push(opened);
                                // Carry on after this line as if the quote were text.
                                while i < bytes.len() && bytes[i] != b'\n' {
                                    i += 1;
                                }
                            }
                        }
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            cell_start = false;
            continue;
        }
        cell_start = b == delimiter || b == b'\n' || b == b'\r';
        if b == b'\n' {
            line += 1;
        }
        i += 1;
    }
    bad
}

/// CSV text as a table of text cells (its separator detected, lines numbered as an
/// editor shows them), for the import preview; an unbalanced quote is refused, naming
/// its line.
pub fn read_table(text: &str) -> Result<table::TextTable, ImportErrors> {
    let delimiter = detect_delimiter(text);
    let bad = unbalanced_quotes(text, delimiter);
    if !bad.is_empty() {
        return Err(bad
            .into_iter()
            .map(|row| RowError {
                row,
                cell: None,
                problem: CsvProblem::UnbalancedQuote,
            })
            .collect::<Vec<_>>()
            .into());
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut errors = ImportErrors::default();
    for record in reader.records() {
        match record {
            Ok(r) => rows.push(table::Row {
                number: r.position().map_or(0, |p| p.line() as usize),
                cells: r.iter().map(table::Cell::text).collect(),
            }),
            Err(e) => errors.push(RowError::field(
                e.position().map_or(0, |p| p.line() as usize),
                FieldError::new(Field::Name, Problem::Unreadable),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(table::TextTable {
        sheet: None,
        first_col: 0,
        rows,
    })
}

/// Reads CSV text and plans the import into `ledger`. Nothing is changed here; the caller
/// applies `plan.edit` and saves. Every bad row is reported, with its line number, up to
/// [`MAX_ERRORS`]; the rest are counted.
///
/// The separator (comma, tab or semicolon) is taken from the header line. Header cells that
/// name no field are ignored and listed in the plan; a missing required column is named.
/// The rows go through the same path as a spreadsheet's ([`super::table::plan_rows`]).
pub fn plan_import(ledger: &Ledger, text: &str, now: Stamp) -> Result<ImportPlan, ImportErrors> {
    let delimiter = detect_delimiter(text);
    let mut errors = ImportErrors::default();
    for row in unbalanced_quotes(text, delimiter) {
        errors.push(RowError {
            row,
            cell: None,
            problem: CsvProblem::UnbalancedQuote,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header_row = match records.next() {
        Some(Ok(h)) => table::Row {
            number: 1,
            cells: h.iter().map(table::Cell::text).collect(),
        },
        Some(Err(_)) | None => {
            return Err(vec![RowError {
                row: 0,
                cell: None,
                problem: CsvProblem::MissingColumn(Field::Date.label(Lang::Zh).to_string()),
            }]
            .into());
        }
    };
    let head = table::TextTable {
        sheet: None,
        first_col: 0,
        rows: vec![header_row],
    };
    let header = table::Header::at(&head, 0);
    let rows = records.map(|record| match record {
        Ok(r) => Ok(table::Row {
            number: r.position().map_or(0, |p| p.line() as usize),
            cells: r.iter().map(table::Cell::text).collect(),
        }),
        Err(e) => Err(RowError::field(
            e.position().map_or(0, |p| p.line() as usize),
            FieldError::new(Field::Name, Problem::Unreadable),
        )),
    });
    table::plan_rows(ledger, &table::Place::default(), &header, 1, rows, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    fn now() -> Stamp {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn export_imports_back_unchanged() {
        let sample = sample_ledger();
        let csv = export(&sample);
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let mut fresh = Ledger::new(&sample.unit);
        let plan = plan_import(&fresh, &decode(&csv).expect("decodes"), now()).expect("imports");
        assert_eq!(plan.entries, sample.entries.len());
        fresh.apply(&plan.edit).expect("applies");
        // Same entries, field for field (ids and stamps aside).
        for (a, b) in sample.entries.iter().zip(&fresh.entries) {
            assert_eq!(a.date, b.date);
            assert_eq!(a.what, b.what);
            assert_eq!(a.value_fen, b.value_fen);
            assert_eq!(a.status, b.status);
            assert_eq!(
                sample.village_name(a.village),
                fresh.village_name(b.village)
            );
        }
        assert_eq!(
            export(&fresh),
            csv,
            "a second export is byte-for-byte the first"
        );
    }

    #[test]
    fn formula_cells_are_neutralised_and_import_back() {
        let mut l = sample_ledger();
        let template = l.entries[0].clone();
        let texts = [
            "=1+1",
            "-5",
            "@SUM(A1)",
            "+86 138 0000 0000",
            "'=2",
            "'plain",
        ];
        for (i, what) in texts.iter().enumerate() {
            let mut e = template.clone();
            e.id = l.next_entry_id();
            e.what = (*what).to_string().into();
            e.unit = format!("={i}").into();
            l.apply(&Edit::AddEntry(Box::new(e))).expect("adds");
        }
        let csv = export(&l);
        let text = decode(&csv).expect("decodes");
        let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.expect("a record").iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a spreadsheet would evaluate {cell:?}"
                );
            }
        }
        assert!(text.contains(",'=1+1,"), "{text}");
        assert!(text.contains(",'plain,"), "{text}");
        let fresh = Ledger::new(&l.unit);
        let plan = plan_import(&fresh, &text, now()).expect("imports");
        let mut fresh = fresh;
        fresh.apply(&plan.edit).expect("applies");
        let got: Vec<(&str, &str)> = fresh
            .entries
            .iter()
            .rev()
            .take(texts.len())
            .map(|e| (e.what.as_str(), e.unit.as_str()))
            .collect();
        let want: Vec<(String, String)> = texts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| ((*t).to_string(), format!("={i}")))
            .collect();
        let want: Vec<(&str, &str)> = want.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(got, want);
    }

    fn messages(text: &str) -> Vec<String> {
        plan_import(&sample_ledger(), text, now())
            .expect_err("refused")
            .lines(Lang::Zh)
    }

    #[test]
    fn an_unbalanced_quote_names_its_line_and_merges_nothing() {
        let text = "日期,村,部门,帮扶形式,内容,金额\n\
                    2020-06-05,九股村,团委,物资,书包,10\n\
                    2020-06-05,九股村,团委,物资,\"书包,10\n\
                    2020-06-06,九股村,团委,物资,\"笔\",10\n";
        assert_eq!(
            messages(text),
            vec!["第 3 行 引号未配对（此行开始的引号没有在单元格末尾结束）"]
        );
        let at_end = "日期,村,部门,帮扶形式,内容,金额\n2020-06-05,九股村,团委,物资,\"书包,10\n";
        assert_eq!(messages(at_end).len(), 1);
        assert!(messages(at_end)[0].starts_with("第 2 行 引号"));
        // Quotes that close, with a doubled quote and a line break inside, are fine.
        let fine = "日期,村,部门,帮扶形式,内容,金额\n\
                    2020-06-05,九股村,团委,物资,\"书包\"\"大\"\"\n二号\",10\n";
        let plan = plan_import(&sample_ledger(), fine, now()).expect("imports");
        assert_eq!(plan.entries, 1);
    }

    #[test]
    fn a_file_mixing_encodings_is_refused_naming_the_rows() {
        let mut bytes = "date,village,department,kind,what,value\n\
                         2020-06-05,九股村,团委,goods,书包,10\n"
            .as_bytes()
            .to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("2020-06-05,九股村,团委,goods,书包,10\n");
        bytes.extend_from_slice(&gbk);
        bytes.extend_from_slice("2020-06-05,九股村,团委,goods,笔,10\n".as_bytes());
        let errors = decode(&bytes).expect_err("mixed");
        assert_eq!(
            errors.lines(Lang::Zh),
            vec!["第 3 行 编码与文件其余部分不同（不是 UTF-8），请将整个文件另存为 UTF-8"]
        );
        // Not GBK either: refused, never decoded with replacement characters.
        assert!(decode(b"date\n\xff\xff\xff\n").is_err());
    }

    #[test]
    fn unknown_columns_are_ignored_missing_ones_named_separators_detected() {
        let text =
            "序号,日期,村,部门,帮扶形式,内容,金额,备用\n1,2020-06-05,九股村,团委,物资,书包,10,x\n";
        let plan = plan_import(&sample_ledger(), text, now()).expect("imports");
        assert_eq!(plan.entries, 1);
        assert_eq!(
            plan.ignored_columns,
            vec!["序号".to_string(), "备用".to_string()]
        );
        let missing = "村,部门,帮扶形式,内容\n九股村,团委,物资,书包\n";
        assert_eq!(messages(missing), vec!["第 1 行 缺少“日期”列"]);
        for sep in ["\t", ";"] {
            let text =
                "日期,村,部门,帮扶形式,内容,金额\n2020-06-05,九股村,团委,物资,书包,\"1,000\"\n"
                    .replace(',', sep)
                    .replace(&format!("\"1{sep}000\""), "1,000");
            let plan = plan_import(&sample_ledger(), &text, now()).expect("imports");
            let mut l = sample_ledger();
            l.apply(&plan.edit).expect("applies");
            assert_eq!(
                l.entries.last().map(|e| e.value_fen.0),
                Some(100_000),
                "{sep:?}"
            );
        }
    }

    #[test]
    fn errors_are_capped_with_a_count_of_the_rest() {
        let mut text = String::from("日期,村,部门,帮扶形式,内容,金额\n");
        for _ in 0..250 {
            text.push_str("2020-06-05,九股村,团委,物资,书包,-1\n");
        }
        let errors = plan_import(&sample_ledger(), &text, now()).expect_err("bad");
        assert_eq!(errors.total(), 250);
        let lines = errors.lines(Lang::Zh);
        assert_eq!(lines.len(), MAX_ERRORS + 1);
        assert_eq!(lines[0], "第 2 行 金额：不能为负数");
        assert_eq!(lines[MAX_ERRORS], "…另有 150 处错误未列出");
    }

    #[test]
    fn bad_rows_are_all_listed_and_nothing_planned() {
        let text = "日期,村,部门,帮扶形式,内容,金额,受益户数\n\
                    2020-06-05,九股村,团委,物资,书包,-5,\n\
                    2024-02-30,九股村,团委,物资,书包,10,\n\
                    2020-06-05,九股村,团委,礼物,书包,1e30,NaN\n\
                    2020-06-05,九股村,团委,物资,书包,10,3\n";
        let errors = plan_import(&sample_ledger(), text, now()).expect_err("bad rows");
        let messages: Vec<String> = errors.lines(Lang::Zh);
        assert!(
            messages.contains(&"第 2 行 金额：不能为负数".to_string()),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 3 行 日期")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 4 行 帮扶形式")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 4 行 金额")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("第 4 行 受益户数")),
            "{messages:?}"
        );
        assert!(
            !messages.iter().any(|m| m.starts_with("第 5 行")),
            "{messages:?}"
        );
    }

    #[test]
    fn english_headers_gbk_and_new_records() {
        let text =
            "date,village,department,kind,what,value\n2021-01-02,新村,新部门,funds,修路,1.5万\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let sample = sample_ledger();
        let plan = plan_import(&sample, &decode(&gbk).expect("decodes"), now()).expect("imports");
        assert_eq!(plan.new_villages, vec!["新村".to_string()]);
        assert_eq!(plan.new_departments, vec!["新部门".to_string()]);
        let mut l = sample.clone();
        l.apply(&plan.edit).expect("applies");
        assert_eq!(l.entries.last().map(|e| e.value_fen.0), Some(1_500_000));
        l.apply(&plan.edit.inverse()).expect("undoes");
        assert_eq!(l, sample);
    }
}
