//! Import, paste, merge and export (issue 10): reading sheets in jobs, checking the plan,
//! the import wizard and the merge dialog.

use crate::i18n::transfer as transfer_words;
use crate::i18n::ui as words;
use crate::ledger::{Edit, Ledger};
use crate::store;
use crate::store::fs::RealFs;
use crate::transfer::merge::{Choices, MergeError, MergePlan, plan_merge};
use crate::transfer::sheet::Workbook;
use crate::transfer::table::{ColumnMap, from_tsv, plan_table};
use crate::ui::app::{App, now_stamp};
use crate::ui::commands::UiCommand;
use crate::ui::import_wizard::{
    Checked, FIRST_ROWS, ImportWizard, Source, TransferCommand, TransferDone,
};
use crate::ui::jobs::JobResult;
use crate::ui::merge_dialog::MergeDialog;
use crate::ui::platform::{FileFilter, FileRequest};
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl App {
    pub(super) fn run_transfer_ui(&mut self, c: UiCommand) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let folder = doc.folder();
        match c {
            UiCommand::Import => {
                let request = FileRequest {
                    title: transfer_words::IMPORT_TITLE.get(lang).to_string(),
                    file_name: String::new(),
                    folder,
                    filter: FileFilter {
                        name: transfer_words::SPREADSHEETS.get(lang).to_string(),
                        extensions: ["xlsx", "xls", "ods", "csv"].map(String::from).to_vec(),
                    },
                };
                if let Some(path) = self.ask_open(&request) {
                    self.read_for_import(path, None);
                }
            }
            UiCommand::MergeLedger => {
                let mut request = self.ledger_request(transfer_words::MERGE_TITLE, words::EMPTY);
                request.file_name.clear();
                if let Some(path) = self.ask_open(&request) {
                    self.jobs
                        .spawn(transfer_words::JOB_READING_LEDGER, move || {
                            let result =
                                store::read_ledger(&RealFs, &path).map_err(|e| e.message(lang));
                            JobResult::Transfer(Box::new(TransferDone::MergeRead { path, result }))
                        });
                }
            }
            UiCommand::ExportCsv | UiCommand::ExportXlsx => {
                let ext = if c == UiCommand::ExportCsv {
                    "csv"
                } else {
                    "xlsx"
                };
                let request = FileRequest {
                    title: c.label().get(lang).to_string(),
                    file_name: format!("{}.{ext}", crate::report::title(&doc.ledger, lang)),
                    folder,
                    filter: FileFilter::new(&ext.to_uppercase(), ext),
                };
                let ledger = Arc::clone(&doc.ledger);
                let Some(path) = self.ask_save(&request) else {
                    return;
                };
                self.jobs.spawn(transfer_words::JOB_EXPORTING, move || {
                    let bytes = if ext == "csv" {
                        Ok(crate::transfer::csv::export(&ledger))
                    } else {
                        // Every entry: others' input (其他) too, as the CSV has it.
                        let options = crate::report::ReportOptions {
                            lang,
                            include_other: true,
                            ..Default::default()
                        };
                        crate::report::xlsx(&ledger, &options).map_err(|e| e.message(lang))
                    };
                    let result = bytes.and_then(|b| {
                        crate::store::write_file_atomic(&path, &b).map_err(|e| e.message(lang))
                    });
                    JobResult::Transfer(Box::new(TransferDone::Exported { path, result }))
                });
            }
            _ => {}
        }
    }

    /// Reads a spreadsheet or CSV file for the wizard off the UI thread: the given sheet,
    /// else the first with data. First its first rows, shown at once; when there are more,
    /// the whole sheet then replaces them (see `on_transfer`).
    fn read_for_import(&mut self, path: PathBuf, sheet: Option<String>) {
        self.read_sheet_job(path, sheet, FIRST_ROWS);
    }

    fn read_sheet_job(&mut self, path: PathBuf, sheet: Option<String>, rows: usize) {
        let lang = self.lang();
        self.jobs.spawn(transfer_words::JOB_READING_SHEET, move || {
            let read = || -> Result<_, crate::transfer::sheet::SheetError> {
                let mut book = Workbook::open_path(&path)?;
                let names = book.sheet_names();
                let (name, table) = match sheet {
                    Some(name) => {
                        let t = book.read_rows(&name, rows)?;
                        (name, t)
                    }
                    None => book.default_sheet_rows(rows)?,
                };
                let names = if matches!(book, Workbook::Csv(_)) {
                    Vec::new()
                } else {
                    names
                };
                Ok((names, name, table))
            };
            let result = read().map_err(|e| e.message(lang));
            // Fewer rows than asked for: this is the whole sheet.
            let complete = result
                .as_ref()
                .map_or(true, |(_, _, t)| t.rows.len() < rows);
            JobResult::Transfer(Box::new(TransferDone::Read {
                path,
                result,
                first: rows == FIRST_ROWS,
                complete,
            }))
        });
    }

    /// Checks the wizard's rows under its mapping off the UI thread.
    fn check_import(&mut self) {
        let (Some(w), Some(doc)) = (self.import.as_mut(), self.doc.as_ref()) else {
            return;
        };
        // Only the first rows are read: a plan of them would import only them.
        if w.reading_rest {
            return;
        }
        w.generation += 1;
        w.checked = None;
        let generation = w.generation;
        let table = Arc::clone(&w.table);
        let header = w.header.clone();
        let ledger = Arc::clone(&doc.ledger);
        let now = now_stamp();
        self.jobs
            .spawn(transfer_words::JOB_CHECKING_IMPORT, move || {
                let result = plan_table(&ledger, &table, &header, now).and_then(|plan| {
                    let mut after = Ledger::clone(&ledger);
                    let first = after.entries.len();
                    after.apply(&plan.edit).map_err(edit_errors)?;
                    Ok(Checked {
                        plan,
                        after: Arc::new(after),
                        first,
                    })
                });
                JobResult::Transfer(Box::new(TransferDone::Checked {
                    generation,
                    result: Box::new(result),
                }))
            });
    }

    /// Opens the wizard and starts checking its rows; a remembered mapping for the same
    /// header layout is used instead of the one found.
    fn open_wizard(&mut self, mut w: ImportWizard) {
        if w.header.row.is_some()
            && let Some(codes) = self.settings.import_mappings.get(&w.header.layout_key())
            && codes.len() == w.header.columns.len()
        {
            w.header.columns = codes.iter().map(|c| ColumnMap::from_code(c)).collect();
        }
        self.import = Some(w);
        self.check_import();
    }

    pub(super) fn run_transfer(&mut self, t: TransferCommand) {
        let lang = self.lang();
        match t {
            TransferCommand::ReadSheet(name) => {
                if let Some(Source::File(path)) = self.import.as_ref().map(|w| w.source.clone()) {
                    self.read_for_import(path, Some(name));
                }
            }
            TransferCommand::Replan => {
                if let Some(w) = &self.import
                    && w.header.row.is_some()
                {
                    let codes = w
                        .header
                        .columns
                        .iter()
                        .map(|m| ColumnMap::code(*m))
                        .collect();
                    self.settings
                        .import_mappings
                        .insert(w.header.layout_key(), codes);
                }
                self.check_import();
            }
            TransferCommand::ConfirmImport => {
                let Some(Some(Ok(c))) = self.import.as_ref().map(|w| w.checked.as_ref()) else {
                    return;
                };
                let (edit, entries) = (c.plan.edit.clone(), c.plan.entries);
                self.message = None;
                self.apply_edit(edit);
                if self.message.is_none() {
                    self.import = None;
                    self.message = Some(crate::i18n::cli::imported(lang, entries));
                }
            }
            TransferCommand::CloseWizard => self.import = None,
            TransferCommand::Paste(text) => {
                if !self.enabled(UiCommand::Import) {
                    return;
                }
                let table = from_tsv(&text);
                let w = ImportWizard::pasted(table);
                self.open_wizard(w);
            }
            TransferCommand::ConfirmMerge => {
                let Some(d) = self.merge.as_ref() else { return };
                let choices = d.choices();
                let theirs = Arc::clone(&d.theirs);
                let their_path = d.path.clone();
                if self.merge_with(&theirs, &their_path, &choices) {
                    self.merge = None;
                }
            }
            TransferCommand::CloseMerge => self.merge = None,
        }
    }

    /// Plans and applies a merge; true when done (or nothing is left to ask).
    /// The files of their evidence that come along are copied from `their_path`'s store
    /// first, off the UI thread; the merge is applied once they are all in.
    fn merge_with(&mut self, theirs: &Ledger, their_path: &Path, choices: &Choices) -> bool {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else {
            return true;
        };
        match plan_merge(&doc.ledger, theirs, choices) {
            Ok(MergePlan {
                edit,
                added,
                skipped,
                attachments,
                ..
            }) => {
                if !attachments.is_empty() {
                    let (from, to) = (their_path.to_path_buf(), doc.path.clone());
                    self.jobs
                        .spawn(transfer_words::JOB_COPYING_EVIDENCE, move || {
                            let result =
                                crate::store::files::copy_from(&RealFs, &from, &to, &attachments)
                                    .map_err(|e| e.message(lang));
                            JobResult::Transfer(Box::new(TransferDone::MergeFiles {
                                edit: Box::new(edit),
                                added,
                                skipped,
                                result,
                            }))
                        });
                    return true;
                }
                self.apply_merge(edit, added, skipped);
                true
            }
            Err(MergeError::NoSuchTarget { theirs, ours }) => {
                self.message = Some(transfer_words::map_target_missing(lang, &theirs, &ours));
                false
            }
            Err(MergeError::NearDuplicates(_)) => false,
        }
    }

    /// Applies a planned merge and says what it did.
    fn apply_merge(&mut self, edit: Edit, added: usize, skipped: usize) {
        let lang = self.lang();
        self.message = None;
        if added > 0 {
            self.apply_edit(edit);
        }
        if self.message.is_none() {
            self.message = Some(transfer_words::merged(lang, added, skipped));
        }
    }

    pub(super) fn on_transfer(&mut self, done: TransferDone) {
        let lang = self.lang();
        match done {
            TransferDone::Read {
                path,
                result,
                first,
                complete,
            } => match result {
                Ok((sheets, sheet, table)) => {
                    // The whole sheet replaces its first rows only while they are shown
                    // (not once the wizard was closed or another sheet chosen).
                    let waiting = self.import.as_ref().is_some_and(|w| {
                        w.reading_rest
                            && matches!(&w.source, Source::File(p) if *p == path)
                            && w.sheet == sheet
                    });
                    if !first && !waiting {
                        return;
                    }
                    if !complete {
                        self.read_sheet_job(path.clone(), Some(sheet.clone()), usize::MAX);
                    }
                    let mut w = ImportWizard::new(Source::File(path), sheets, sheet, table);
                    w.reading_rest = !complete;
                    self.open_wizard(w);
                }
                Err(m) => match self.import.as_mut() {
                    Some(w) if matches!(&w.source, Source::File(p) if *p == path) => {
                        w.error = Some(m)
                    }
                    _ => self.message = Some(m),
                },
            },
            TransferDone::Checked { generation, result } => {
                if let Some(w) = self.import.as_mut()
                    && w.generation == generation
                {
                    w.checked = Some(*result);
                }
            }
            TransferDone::MergeFiles {
                edit,
                added,
                skipped,
                result,
            } => match result {
                Ok(()) => self.apply_merge(*edit, added, skipped),
                Err(m) => self.message = Some(m),
            },
            TransferDone::MergeRead { path, result } => match result {
                Ok(theirs) => {
                    let near = match self.doc.as_ref() {
                        Some(doc) => crate::transfer::merge::near_duplicates(
                            &doc.ledger,
                            &theirs,
                            &Choices::default(),
                        ),
                        None => return,
                    };
                    if near.is_empty() {
                        self.merge_with(&theirs, &path, &Choices::default());
                    } else {
                        self.merge = Some(MergeDialog::new(path, Arc::new(theirs), near));
                    }
                }
                Err(m) => self.message = Some(m),
            },
            TransferDone::Exported { path, result } => {
                self.message = Some(match result {
                    Ok(()) => words::written(lang, &path),
                    Err(m) => m,
                });
            }
        }
    }
}

/// A plan that does not apply (the ledger changed meanwhile) as import errors.
fn edit_errors(e: crate::ledger::EditError) -> crate::transfer::csv::ImportErrors {
    use crate::ledger::validate::{Field, FieldError, Problem};
    use crate::transfer::csv::{CsvProblem, RowError};
    let errors = match e {
        crate::ledger::EditError::Invalid(errors) => errors,
        // The period lock (结账): its own message, naming the lock.
        crate::ledger::EditError::Locked(r) => {
            return vec![RowError {
                row: 0,
                cell: None,
                problem: CsvProblem::Locked(r),
            }]
            .into();
        }
        _ => vec![FieldError::new(Field::Name, Problem::Unreadable)],
    };
    errors
        .into_iter()
        .map(|e| RowError {
            row: 0,
            cell: None,
            problem: CsvProblem::Field(e),
        })
        .collect::<Vec<_>>()
        .into()
}
