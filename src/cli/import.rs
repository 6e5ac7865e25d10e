//! `bangfu import FILE --csv ROWS.csv` and `bangfu import FILE --xlsx IN.xlsx [--sheet
//! NAME]` (also .xls and .ods): append every row, all or nothing, through the one import
//! path the app's import wizard uses.

use super::{CliError, edit_and_save, now, output};
use crate::i18n::{Lang, cli as words, transfer as tw};
use crate::ledger::{Ledger, MasterKind};
use crate::transfer::csv::{self as csv_transfer, ImportErrors, ImportPlan};
use crate::transfer::sheet::{SheetError, SheetStream, StreamEnd, Workbook};
use crate::transfer::table::{self, Header, column_letters};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `bangfu import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The CSV file (UTF-8 or GBK; Chinese or English headers).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// A spreadsheet: .xlsx, .xls or .ods (also given as --xls or --ods).
    #[arg(long, visible_aliases = ["xls", "ods"])]
    pub xlsx: Option<PathBuf>,
    /// The sheet to import (default: the first sheet with data).
    #[arg(long, requires = "xlsx")]
    pub sheet: Option<String>,
}

/// Runs `bangfu import`.
pub fn run(args: &ImportArgs, lang: Lang) -> Result<(), CliError> {
    match (&args.csv, &args.xlsx) {
        (Some(csv), None) => run_csv(&args.file, csv, lang),
        (None, Some(sheet)) => run_sheet(&args.file, sheet, args.sheet.as_deref(), lang),
        _ => Err(CliError::Usage(tw::ONE_SOURCE.get(lang).to_string())),
    }
}

fn refuse(lang: Lang, path: &Path, errors: ImportErrors) -> CliError {
    let mut lines = vec![words::import_errors(lang, path, errors.total())];
    lines.extend(errors.lines(lang));
    CliError::BadInput(lines.join("\n"))
}

fn run_csv(file: &Path, csv_path: &Path, lang: Lang) -> Result<(), CliError> {
    let bytes = std::fs::read(csv_path)
        .map_err(|e| CliError::BadInput(words::cannot_read_file(lang, csv_path, &e)))?;
    let text = csv_transfer::decode(&bytes).map_err(|e| refuse(lang, csv_path, e))?;
    let make = |ledger: &Ledger| {
        csv_transfer::plan_import(ledger, &text, now()).map_err(|e| refuse(lang, csv_path, e))
    };
    let (_, plan) = edit_and_save(file, lang, make, |p| &p.edit)?;
    report(&plan, Vec::new(), lang)
}

fn run_sheet(file: &Path, path: &Path, sheet: Option<&str>, lang: Lang) -> Result<(), CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::BadInput(words::cannot_read_file(lang, path, &e)))?;
    let bad = |e: SheetError| CliError::BadInput(e.message(lang));
    let mut book = Workbook::open(path, bytes).map_err(bad)?;
    // An .xlsx sheet is read on another thread while its rows are checked.
    let name = match sheet {
        Some(name) => Some(name.to_string()),
        None => book.streamed_default_sheet().map_err(bad)?,
    };
    if let Some(name) = name {
        book = match book.stream(&name) {
            Ok(stream) => return run_streamed(file, path, stream.map_err(bad)?, lang),
            Err(book) => book,
        };
    }
    run_whole(file, path, book, sheet, lang)
}

/// The header found and the lines that say so.
fn header_lines(
    table: &table::TextTable,
    name: &str,
    lang: Lang,
) -> Result<(Header, Vec<String>), CliError> {
    let header =
        Header::detect(table).ok_or_else(|| CliError::BadInput(tw::no_header(lang, name)))?;
    let mut lines = Vec::new();
    if let Some(i) = header.row {
        lines.push(tw::header_row_used(lang, name, table.rows[i].number));
    }
    lines.push(tw::mapping_used(lang, &mapping_text(table, &header, lang)));
    Ok((header, lines))
}

fn run_streamed(
    file: &Path,
    path: &Path,
    mut stream: SheetStream,
    lang: Lang,
) -> Result<(), CliError> {
    let name = stream.head.sheet.clone().unwrap_or_default();
    let (header, lines) = header_lines(&stream.head, &name, lang)?;
    let make = |ledger: &Ledger| match table::plan_streamed(ledger, &mut stream, &header, now()) {
        Ok(plan) => plan.map_err(|e| refuse(lang, path, e)),
        Err(StreamEnd::Failed(e)) => Err(CliError::BadInput(e.message(lang))),
        // A sheet not streamable is read whole (the same header: it is in the first rows).
        Err(_) => {
            let table = Workbook::open_path(path)
                .and_then(|mut book| book.read(&name))
                .map_err(|e| CliError::BadInput(e.message(lang)))?;
            let header = Header::detect(&table)
                .ok_or_else(|| CliError::BadInput(tw::no_header(lang, &name)))?;
            table::plan_table(ledger, &table, &header, now()).map_err(|e| refuse(lang, path, e))
        }
    };
    let (_, plan) = edit_and_save(file, lang, make, |p| &p.edit)?;
    report(&plan, lines, lang)
}

fn run_whole(
    file: &Path,
    path: &Path,
    mut book: Workbook,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<(), CliError> {
    let (name, table) = match sheet {
        Some(name) => {
            let t = book
                .read(name)
                .map_err(|e| CliError::BadInput(e.message(lang)))?;
            (name.to_string(), t)
        }
        None => book
            .default_sheet()
            .map_err(|e| CliError::BadInput(e.message(lang)))?,
    };
    let (header, lines) = header_lines(&table, &name, lang)?;
    // The workbook and the cells are let go once the rows are planned, before the save:
    // with 100,000 rows they are the largest things in memory.
    drop(book);
    let make = move |ledger: &Ledger| {
        let plan = table::plan_table(ledger, &table, &header, now());
        drop(table);
        plan.map_err(|e| refuse(lang, path, e))
    };
    let (_, plan) = edit_and_save(file, lang, make, |p| &p.edit)?;
    report(&plan, lines, lang)
}

/// `A 日期、B 村、G 金额（万元）`: the columns used and the field each holds.
fn mapping_text(table: &table::TextTable, header: &Header, lang: Lang) -> String {
    header
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            m.map(|m| {
                let wan = if m.wan { tw::IN_WAN.get(lang) } else { "" };
                format!(
                    "{} {}{wan}",
                    column_letters(table.first_col + i),
                    m.field.label(lang)
                )
            })
        })
        .collect::<Vec<_>>()
        .join(words::LIST_SEPARATOR.get(lang))
}

fn report(plan: &ImportPlan, mut lines: Vec<String>, lang: Lang) -> Result<(), CliError> {
    let list = |names: &[String]| names.join(words::LIST_SEPARATOR.get(lang));
    lines.push(words::imported(lang, plan.entries));
    if !plan.ignored_columns.is_empty() {
        let names = plan.ignored_columns.join(words::LIST_SEPARATOR.get(lang));
        lines.push(crate::i18n::model::csv_ignored_columns(lang, &names));
    }
    if !plan.skipped_totals.is_empty() {
        let rows: Vec<String> = plan.skipped_totals.iter().map(|r| r.to_string()).collect();
        lines.push(tw::skipped_totals(lang, &list(&rows)));
    }
    if !plan.new_villages.is_empty() {
        lines.push(words::new_villages(lang, &list(&plan.new_villages)));
    }
    if !plan.new_departments.is_empty() {
        lines.push(words::new_departments(lang, &list(&plan.new_departments)));
    }
    if !plan.new_categories.is_empty() {
        lines.push(words::new_categories(lang, &list(&plan.new_categories)));
    }
    // The name rule lets a unique part stand for a name: say which were read so,
    // once each.
    let mut matched: Vec<&(MasterKind, String, String)> = Vec::new();
    for m in &plan.matched_by_part {
        if !matched.contains(&m) {
            matched.push(m);
        }
    }
    lines.extend(matched.iter().map(|(kind, typed, name)| {
        words::name_read_as(lang, kind.field().label(lang), typed, name)
    }));
    lines.iter().try_for_each(|l| output::done(l, lang))
}
