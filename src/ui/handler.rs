//! The one place where commands run: edits, dialogs, files, the system viewer and the
//! background jobs. Views and windows never do I/O; they return commands that end here.

use super::app::{App, PLACEHOLDER_UNIT, Tab, now_stamp};
use super::backups_window::BackupsWindow;
use super::commands::{Command, UiCommand};
use super::document::{Change, Changed};
use super::jobs::JobResult;
use super::new_ledger_window::NewLedgerWindow;
use super::ops;
use super::platform::{FileFilter, FileRequest};
use super::print_dialog::{PrintDialog, ReportKind};
use super::settings_window::SettingsWindow;
use crate::i18n::{Lang, ui as words};
use crate::ledger::{Edit, Ledger};
use crate::store::fs::RealFs;
use crate::store::{self, Store};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

impl App {
    pub(super) fn run_commands(&mut self, ctx: &egui::Context) {
        for cmd in std::mem::take(&mut self.cmds) {
            self.run(ctx, cmd);
        }
    }

    fn run(&mut self, ctx: &egui::Context, cmd: Command) {
        let lang = self.lang();
        match cmd {
            Command::Ui(c) => self.run_ui(ctx, c),
            Command::Edit(edit) => self.apply_edit(edit),
            Command::EditEntry(id) => self.load_entry(id, false),
            Command::DuplicateEntry(id) => self.load_entry(id, true),
            Command::DeleteEntry(id) => {
                if let Some(e) = self.doc.as_ref().and_then(|d| d.ledger.entry(id)).cloned() {
                    self.apply_edit(Edit::DeleteEntry(Box::new(e)));
                }
            }
            Command::LoadSample => {
                if let Some(doc) = &self.doc {
                    let edit = ops::sample_edit(&doc.ledger, PLACEHOLDER_UNIT, now_stamp());
                    self.apply_edit(edit);
                    self.offer_sample = false;
                }
            }
            Command::DismissSample => self.offer_sample = false,
            Command::CreateLedger { unit } => {
                let request = self.ledger_request(words::NEW_LEDGER, words::NEW_LEDGER_FILE);
                if let Some(path) = self.ask_save(&request) {
                    self.create_ledger(&path, &unit);
                }
            }
            Command::Open(path) => self.open_path(path),
            Command::RetrySave => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.retry_save();
                }
            }
            Command::RestoreBackup(path) => self.restore_backup(&path),
            Command::WriteReport(kind) => {
                let Some(doc) = self.doc.as_ref() else { return };
                let ext = match kind {
                    ReportKind::Pdf => "pdf",
                    ReportKind::Xlsx => "xlsx",
                };
                let title = match kind {
                    ReportKind::Pdf => words::PRINT_WRITE_PDF,
                    ReportKind::Xlsx => words::PRINT_EXPORT_EXCEL,
                };
                let request = FileRequest {
                    title: title.get(lang).to_string(),
                    file_name: format!("{}.{ext}", crate::report::title(&doc.ledger, lang)),
                    folder: doc.folder(),
                    filter: FileFilter::new(&ext.to_uppercase(), ext),
                };
                if let Some(path) = self.ask_save(&request) {
                    self.write_report(&path, kind);
                }
            }
            Command::QuitWithoutSaving => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Command::Transfer(t) => self.run_transfer(t),
            Command::FindingsImport(c) => self.run_findings_import(c),
        }
    }

    /// Loads an entry into the form, for editing or as a new copy.
    fn load_entry(&mut self, id: crate::ledger::EntryId, duplicate: bool) {
        if let Some(doc) = &self.doc
            && let Some(e) = doc.ledger.entry(id)
        {
            self.tab = Tab::Ledger;
            if duplicate {
                self.form.duplicate(e, &doc.ledger);
            } else {
                self.form.edit(e, &doc.ledger);
            }
        }
    }

    fn run_ui(&mut self, ctx: &egui::Context, c: UiCommand) {
        if !self.enabled(c) {
            return;
        }
        let lang = self.lang();
        let selected = self.ledger_view.selected;
        match c {
            UiCommand::NewLedger => self.new_ledger = Some(NewLedgerWindow::default()),
            UiCommand::Open => {
                let mut request = self.ledger_request(words::OPEN_LEDGER, words::EMPTY);
                request.file_name.clear();
                if let Some(path) = self.ask_open(&request) {
                    self.open_path(path);
                }
            }
            UiCommand::SaveAs => {
                let name = self.doc.as_ref().map(|d| d.file_name()).unwrap_or_default();
                let mut request = self.ledger_request(words::SAVE_AS_MENU, words::EMPTY);
                request.file_name = name;
                if let Some(path) = self.ask_save(&request) {
                    self.save_as(&path);
                }
            }
            UiCommand::Backups => {
                if let Some(path) = self.doc.as_ref().map(|d| d.path.clone()) {
                    self.backups_window = Some(BackupsWindow::default());
                    self.list_backups(&path);
                }
            }
            UiCommand::Print => {
                self.print = Some(PrintDialog::new(
                    &self.settings.prepared_by,
                    &self.settings.reviewed_by,
                ));
            }
            UiCommand::Settings => self.settings_window = Some(SettingsWindow),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo => self.change(Change::Undo),
            UiCommand::Redo => self.change(Change::Redo),
            UiCommand::NewEntry => {
                self.tab = Tab::Ledger;
                self.form.start_new(self.today);
            }
            UiCommand::EditSelected | UiCommand::DuplicateSelected | UiCommand::DeleteSelected => {
                let Some(id) = selected else { return };
                let cmd = match c {
                    UiCommand::EditSelected => Command::EditEntry(id),
                    UiCommand::DuplicateSelected => Command::DuplicateEntry(id),
                    _ => Command::DeleteEntry(id),
                };
                self.run(ctx, cmd);
            }
            UiCommand::ShowLedger => self.tab = Tab::Ledger,
            UiCommand::ShowTotals => self.tab = Tab::Totals,
            UiCommand::ShowMaster => self.tab = Tab::Master,
            UiCommand::ToggleLanguage => {
                self.settings.lang = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
            }
            UiCommand::Import
            | UiCommand::MergeLedger
            | UiCommand::ExportCsv
            | UiCommand::ExportXlsx => self.run_transfer_ui(c),
            UiCommand::ImportFindings => {
                self.tab = Tab::Findings;
                self.choose_findings_file();
            }
        }
    }

    /// True when an action can run now (menus grey it out otherwise).
    pub(super) fn enabled(&self, c: UiCommand) -> bool {
        let open = self.doc.is_some();
        let editable = self.doc.as_ref().is_some_and(|d| d.read_only.is_none());
        let selected = self.ledger_view.selected.is_some();
        match c {
            UiCommand::SaveAs | UiCommand::Backups | UiCommand::Print => open,
            UiCommand::Undo => editable && self.doc.as_ref().is_some_and(|d| d.history.can_undo()),
            UiCommand::Redo => editable && self.doc.as_ref().is_some_and(|d| d.history.can_redo()),
            UiCommand::NewEntry
            | UiCommand::Import
            | UiCommand::ImportFindings
            | UiCommand::MergeLedger => editable,
            UiCommand::ExportCsv | UiCommand::ExportXlsx => open,
            UiCommand::EditSelected | UiCommand::DuplicateSelected | UiCommand::DeleteSelected => {
                editable && selected
            }
            UiCommand::ShowLedger | UiCommand::ShowTotals | UiCommand::ShowMaster => open,
            _ => true,
        }
    }

    /// Asks for an existing file. A dialog that cannot open says so in the status bar
    /// (never a silent nothing); a cancel is `None` without a word.
    pub(super) fn ask_open(&mut self, request: &FileRequest) -> Option<PathBuf> {
        let asked = self.platform.ask_open(request);
        self.dialog_answer(request, asked)
    }

    /// Asks where to write a file; a dialog that cannot open says so, as
    /// [`App::ask_open`].
    pub(super) fn ask_save(&mut self, request: &FileRequest) -> Option<PathBuf> {
        let asked = self.platform.ask_save(request);
        self.dialog_answer(request, asked)
    }

    fn dialog_answer(
        &mut self,
        request: &FileRequest,
        asked: Result<Option<PathBuf>, super::platform::DialogError>,
    ) -> Option<PathBuf> {
        match asked {
            Ok(path) => path,
            Err(e) => {
                self.message = Some(words::dialog_failed(self.lang(), &request.title, &e.0));
                None
            }
        }
    }

    fn ledger_request(&self, title: crate::i18n::Text, name: crate::i18n::Text) -> FileRequest {
        let lang = self.lang();
        FileRequest {
            title: title.get(lang).to_string(),
            file_name: name.get(lang).to_string(),
            folder: self.doc.as_ref().and_then(|d| d.folder()),
            filter: FileFilter::new(words::APP_NAME.get(lang), "ron"),
        }
    }

    // ---- edits: one place for what follows a change ----

    /// Applies an edit as the form or a menu would: undoable, and saved at once by the
    /// worker. A refused edit shows its message and changes nothing.
    pub fn apply_edit(&mut self, edit: Edit) {
        self.change(Change::Apply(edit));
    }

    fn change(&mut self, change: Change) {
        let lang = self.lang();
        let today = self.today;
        let Some(doc) = self.doc.as_mut() else { return };
        let changed = match doc.change(change, lang) {
            Ok(Some(c)) => c,
            Ok(None) => return,
            Err(m) => {
                self.message = Some(m);
                return;
            }
        };
        let entries_empty = doc.ledger.entries.is_empty();
        match changed {
            Changed::Applied(edit) => {
                self.form.on_applied(&edit, today);
                if let Some(id) = edit.touched_entry() {
                    self.ledger_view.selected = Some(id);
                    self.ledger_view.scroll_to_selected = true;
                }
                if let Edit::DeleteEntry(e) = &edit {
                    self.form.forget_entry(e.id, today);
                    if self.ledger_view.selected == Some(e.id) {
                        self.ledger_view.selected = None;
                    }
                }
                self.message = None;
                self.offer_sample &= entries_empty;
            }
            Changed::Undone(edit) => {
                if let Some(id) = edit.touched_entry() {
                    self.form.forget_entry(id, today);
                }
                let what = edit.describe(lang);
                self.message = Some(words::with_action(words::UNDO, &what, lang));
            }
            Changed::Redone(edit) => {
                if let Some(id) = edit.touched_entry() {
                    self.form.forget_entry(id, today);
                    self.ledger_view.selected = Some(id);
                }
                let what = edit.describe(lang);
                self.message = Some(words::with_action(words::REDO, &what, lang));
            }
        }
    }

    // ---- files ----

    fn refuse_if_unsaved(&mut self) -> bool {
        if self.doc.as_ref().is_some_and(|d| d.unsaved()) {
            self.message = Some(words::UNSAVED_REFUSAL.get(self.lang()).to_string());
            return true;
        }
        false
    }

    /// Opens a ledger file off the UI thread; the current one stays until it has opened.
    fn open_path(&mut self, path: PathBuf) {
        if self.refuse_if_unsaved() {
            return;
        }
        // Reopening the same file: let its saver finish and release the lock first.
        if self.doc.as_ref().is_some_and(|d| same_file(&d.path, &path)) {
            self.doc = None;
        }
        self.jobs
            .spawn(words::JOB_OPENING, move || JobResult::Opened {
                result: Store::open(&path).map(Box::new),
                path,
            });
    }

    fn create_ledger(&mut self, path: &Path, unit: &str) {
        if self.refuse_if_unsaved() {
            return;
        }
        let ledger = Ledger::new(unit);
        match Store::create(path, &ledger) {
            Ok(store) => {
                self.doc = None;
                self.install(store, ledger, None);
                self.offer_sample = true;
            }
            Err(e) => self.message = Some(e.message(self.lang())),
        }
    }

    /// Saves the current ledger as a new file, which becomes the current file; its
    /// undo history comes along.
    pub fn save_as(&mut self, path: &Path) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let ledger = Ledger::clone(&doc.ledger);
        match Store::create(path, &ledger) {
            Ok(store) => {
                let history = self
                    .doc
                    .take()
                    .map(|mut d| std::mem::take(&mut d.history))
                    .unwrap_or_default();
                self.install(store, ledger, None);
                if let Some(d) = self.doc.as_mut() {
                    d.history = history;
                }
                self.message = Some(words::saved_as(lang, path));
            }
            Err(e) => self.message = Some(e.message(lang)),
        }
    }

    /// Restores a backup: the current state is saved first (so it becomes a backup
    /// itself), then the backup's content is saved as the current file. One undo step.
    pub fn restore_backup(&mut self, path: &Path) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_mut() else { return };
        if let Some(r) = &doc.read_only {
            self.message = Some(r.message(lang));
            return;
        }
        match store::read_ledger(&RealFs, path) {
            Ok(target) => {
                doc.send_save(true);
                let edit = ops::restore_edit(&doc.ledger, &target);
                self.apply_edit(edit);
                self.backups = None;
                self.backups_window = None;
                self.message = Some(words::restored_from(lang, path));
            }
            Err(e) => self.message = Some(e.message(lang)),
        }
    }

    /// Lists a ledger's backups off the UI thread.
    pub(super) fn list_backups(&mut self, ledger: &Path) {
        let ledger = ledger.to_path_buf();
        self.jobs
            .spawn(words::JOB_LISTING_BACKUPS, move || JobResult::Backups {
                list: store::backup::list(&RealFs, &ledger),
                ledger,
            });
    }

    /// Makes the summary set up in the print dialog (or the default one) and writes it
    /// to `path` off the UI thread, then opens it in the system viewer. Remembers
    /// 制表人 and 审核人. Returns false (and says why) if the dialog's period is bad.
    pub fn write_report(&mut self, path: &Path, kind: ReportKind) -> bool {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else {
            return false;
        };
        let dialog = self.print.clone().unwrap_or_else(|| {
            PrintDialog::new(&self.settings.prepared_by, &self.settings.reviewed_by)
        });
        self.settings.prepared_by = dialog.prepared_by.trim().to_string();
        self.settings.reviewed_by = dialog.reviewed_by.trim().to_string();
        let options = match dialog.options(lang, self.today) {
            Ok(o) => o,
            Err(m) => {
                self.message = Some(m);
                return false;
            }
        };
        let ledger = Arc::clone(&doc.ledger);
        let path = path.to_path_buf();
        self.jobs.spawn(words::JOB_WRITING_REPORT, move || {
            let made = match kind {
                ReportKind::Pdf => crate::report::pdf(&ledger, &options)
                    .map(|r| (r.missing_warning(lang), r.bytes)),
                ReportKind::Xlsx => crate::report::xlsx(&ledger, &options).map(|b| (None, b)),
            };
            let result = made
                .map_err(|e| e.message(lang))
                .and_then(|(warning, bytes)| {
                    crate::store::write_file_atomic(&path, &bytes)
                        .map(|()| warning)
                        .map_err(|e| e.message(lang))
                });
            JobResult::Report { path, result }
        });
        true
    }

    /// Takes a finished job's result.
    pub(super) fn on_job(&mut self, done: JobResult) {
        let lang = self.lang();
        match done {
            JobResult::Report { path, result } => match result {
                Ok(warning) => {
                    let done = words::written(lang, &path);
                    self.message = Some(match warning {
                        Some(w) => format!("{done}{}{w}", words::SENTENCE_END.get(lang)),
                        None => done,
                    });
                    // Failing to start a viewer is not an error: the file is written and
                    // its path shown; the message says the viewer did not start.
                    if let Err(e) = self.platform.open_in_viewer(&path) {
                        let m = self.message.take().unwrap_or_default();
                        self.message = Some(format!(
                            "{m}{}{}",
                            words::SENTENCE_END.get(lang),
                            words::viewer_failed(lang, &e.to_string())
                        ));
                    }
                }
                Err(m) => self.message = Some(m),
            },
            JobResult::Backups { ledger, list } => self.backups = Some((ledger, list)),
            JobResult::Refreshed {
                path,
                modified,
                ledger,
            } => {
                let Some(doc) = self.doc.as_mut() else { return };
                if doc.path != path || doc.read_only.is_none() {
                    return;
                }
                match ledger {
                    None => self.watched = Some((path, modified)),
                    Some(Ok(ledger)) => {
                        doc.ledger = Arc::new(*ledger);
                        doc.generation += 1;
                        self.watched = Some((path, modified));
                        self.message = Some(words::refreshed(lang, &now_stamp()));
                    }
                    // Read again on the next look (a save may have been midway).
                    Some(Err(m)) => self.message = Some(m),
                }
            }
            JobResult::Opened { path, result } => self.opened(&path, result.map(|b| *b)),
            JobResult::Transfer(done) => self.on_transfer(*done),
            JobResult::FindingsImport(done) => self.on_findings_import(*done),
        }
    }
}

// ---- import, paste, merge and export (issue 10) ----

use super::import_wizard::{
    Checked, FIRST_ROWS, ImportWizard, Source, TransferCommand, TransferDone,
};
use super::merge_dialog::MergeDialog;
use crate::i18n::transfer as transfer_words;
use crate::transfer::merge::{Choices, MergeError, MergePlan, plan_merge};
use crate::transfer::sheet::Workbook;
use crate::transfer::table::{ColumnMap, from_tsv, plan_table};

impl App {
    fn run_transfer_ui(&mut self, c: UiCommand) {
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

    fn run_transfer(&mut self, t: TransferCommand) {
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
                if self.merge_with(&theirs, &choices) {
                    self.merge = None;
                }
            }
            TransferCommand::CloseMerge => self.merge = None,
        }
    }

    /// Plans and applies a merge; true when done (or nothing is left to ask).
    fn merge_with(&mut self, theirs: &Ledger, choices: &Choices) -> bool {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else {
            return true;
        };
        match plan_merge(&doc.ledger, theirs, choices) {
            Ok(MergePlan {
                edit,
                added,
                skipped,
                ..
            }) => {
                self.message = None;
                if added > 0 {
                    self.apply_edit(edit);
                }
                if self.message.is_none() {
                    self.message = Some(transfer_words::merged(lang, added, skipped));
                }
                true
            }
            Err(MergeError::NoSuchTarget { theirs, ours }) => {
                self.message = Some(transfer_words::map_target_missing(lang, &theirs, &ours));
                false
            }
            Err(MergeError::NearDuplicates(_)) => false,
        }
    }

    fn on_transfer(&mut self, done: TransferDone) {
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
                        self.merge_with(&theirs, &Choices::default());
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
