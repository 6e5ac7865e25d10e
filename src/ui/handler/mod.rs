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
            Command::History(c) => self.run_history(c),
            Command::Lock(request) => self.run_lock(request),
            Command::Evidence(c) => self.run_evidence(c),
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
            UiCommand::History => self.run_history(HistoryCommand::Open(None)),
            UiCommand::LockPeriod => {
                let lock = self.doc.as_ref().and_then(|d| d.ledger.lock.as_deref());
                self.lock_dialog = Some(super::lock_dialog::LockDialog::new(self.today, lock));
            }
            UiCommand::EvidencePack => {
                let dialog =
                    super::evidence_pack_dialog::EvidencePackDialog::new(&self.ledger_view.filter);
                self.evidence_pack = Some(dialog);
            }
        }
    }

    /// True when an action can run now (menus grey it out otherwise).
    pub(super) fn enabled(&self, c: UiCommand) -> bool {
        let open = self.doc.is_some();
        let editable = self.doc.as_ref().is_some_and(|d| d.read_only.is_none());
        let selected = self.ledger_view.selected.is_some();
        match c {
            UiCommand::SaveAs | UiCommand::Backups | UiCommand::Print | UiCommand::History => open,
            UiCommand::Undo => editable && self.doc.as_ref().is_some_and(|d| d.history.can_undo()),
            UiCommand::Redo => editable && self.doc.as_ref().is_some_and(|d| d.history.can_redo()),
            UiCommand::NewEntry
            | UiCommand::Import
            | UiCommand::ImportFindings
            | UiCommand::MergeLedger => editable,
            UiCommand::ExportCsv
            | UiCommand::ExportXlsx
            | UiCommand::LockPeriod
            | UiCommand::EvidencePack => open,
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
        let ledger_path = doc.path.clone();
        self.write_report_of(ledger, &ledger_path, options, path, kind);
        true
    }

    /// Makes a report of `ledger` and writes it to `path` off the UI thread, then opens
    /// it in the system viewer (the open ledger, or the ledger as it was after an edit).
    /// `ledger_path` is the ledger's file, beside which its evidence files are kept.
    fn write_report_of(
        &mut self,
        ledger: Arc<Ledger>,
        ledger_path: &Path,
        options: crate::report::ReportOptions,
        path: &Path,
        kind: ReportKind,
    ) {
        let lang = self.lang();
        let ledger_path = ledger_path.to_path_buf();
        let path = path.to_path_buf();
        self.jobs.spawn(words::JOB_WRITING_REPORT, move || {
            let made = match kind {
                ReportKind::Pdf => {
                    crate::report::pdf_at(&ledger, &ledger_path, &options).map(|r| {
                        let warnings = [r.missing_warning(lang), r.evidence_warning(lang)];
                        let warning = warnings.into_iter().flatten().collect::<Vec<_>>();
                        ((!warning.is_empty()).then(|| warning.join(" ")), r.bytes)
                    })
                }
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
            JobResult::History(done) => self.on_history(*done),
            JobResult::Evidence(done) => self.on_evidence(*done),
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

// ---- the edit history: its window, the ledger as it was, restore, recover (issue 13) ----

use super::history_window::{
    AsOfWindow, FilterText, HistoryCommand, HistoryDone, HistoryList, HistoryWindow, Moment,
    RecoverAsk, RestoreAsk, lines_from,
};
use crate::i18n::history as history_words;
use crate::store::{ReadOnly, journal};

impl App {
    fn run_history(&mut self, c: HistoryCommand) {
        let lang = self.lang();
        match c {
            HistoryCommand::Open(entry) => match self.history.window.as_mut() {
                Some(w) => {
                    w.filter = FilterText {
                        entry: entry.map_or(String::new(), |id| id.0.to_string()),
                        ..FilterText::default()
                    };
                }
                None => self.history.window = Some(HistoryWindow::new(entry)),
            },
            HistoryCommand::Reload => self.read_history(),
            HistoryCommand::ViewAsOf(seq) => self.work_out_moment(seq, false),
            HistoryCommand::AskRestore(seq) => self.work_out_moment(seq, true),
            HistoryCommand::ConfirmRestore => {
                let Some(ask) = self.history.restore.take() else {
                    return;
                };
                let generation = self.doc.as_ref().map(|d| d.generation);
                if generation != Some(ask.generation) {
                    self.message = Some(history_words::CHANGED_MEANWHILE.get(lang).into());
                    return;
                }
                self.apply_edit(ask.edit);
                if self.doc.as_ref().map(|d| d.generation) != generation {
                    self.message = Some(history_words::restored(
                        lang,
                        ask.seq,
                        ask.undone,
                        ask.entries,
                    ));
                }
            }
            HistoryCommand::CancelRestore => self.history.restore = None,
            HistoryCommand::WriteAsOf(kind) => self.write_as_of(kind),
            HistoryCommand::CloseAsOf => self.history.as_of = None,
            HistoryCommand::AskRecover => {
                let Some(ReadOnly::JournalDamaged {
                    journal,
                    line,
                    good_seq,
                }) = self.doc.as_ref().and_then(|d| d.read_only.clone())
                else {
                    return;
                };
                self.jobs.spawn(history_words::JOB_CHECKING, move || {
                    let result = std::fs::read(&journal)
                        .map(|bytes| lines_from(&bytes, line))
                        .map_err(|source| {
                            store::StoreError::Io {
                                path: journal,
                                doing: store::Doing::Read,
                                source,
                            }
                            .message(lang)
                        });
                    JobResult::History(Box::new(HistoryDone::Checked {
                        good: good_seq,
                        line,
                        result,
                    }))
                });
            }
            HistoryCommand::ConfirmRecover => {
                let Some(ask) = self.history.recover.take() else {
                    return;
                };
                let Some(path) = self.doc.as_ref().map(|d| d.path.clone()) else {
                    return;
                };
                // This copy holds the lock of the ledger it shows read-only: it lets go
                // (the document and its saver are dropped) before the recovery takes it.
                self.doc = None;
                self.history = Default::default();
                self.jobs.spawn(history_words::JOB_RECOVERING, move || {
                    let recovered = Store::recover_journal(&path).map_err(|e| e.message(lang));
                    let opened = Store::open(&path).map(Box::new);
                    JobResult::History(Box::new(HistoryDone::Recovered {
                        path,
                        good: ask.good,
                        recovered,
                        opened,
                    }))
                });
            }
            HistoryCommand::CancelRecover => self.history.recover = None,
        }
    }

    /// Reads every edit on record (the history folder, then the journal) off the UI
    /// thread and prepares the window's rows there. A ledger opened at the last good edit
    /// of a damaged journal lists the edits up to it.
    fn read_history(&mut self) {
        let lang = self.lang();
        let (Some(doc), Some(w)) = (self.doc.as_ref(), self.history.window.as_mut()) else {
            return;
        };
        w.loading = true;
        let path = doc.path.clone();
        let generation = doc.generation;
        let up_to = match &doc.read_only {
            Some(ReadOnly::JournalDamaged { good_seq, .. }) => Some(*good_seq),
            _ => None,
        };
        let names = Arc::clone(&doc.ledger);
        self.jobs.spawn(history_words::JOB_READING, move || {
            // The journal and the history are beside the file itself, links resolved.
            let real = std::fs::canonicalize(&path).unwrap_or(path);
            let mut records = journal::all_records(&RealFs, &real);
            if let Some(g) = up_to {
                records.retain(|r| r.seq <= g);
            }
            let list = HistoryList::build(records, generation, &names, lang);
            JobResult::History(Box::new(HistoryDone::Read(Arc::new(list))))
        });
    }

    /// Works out the ledger right after edit `seq` off the UI thread, to show it or to
    /// ask before restoring it. Only from a history read for the ledger as it is now.
    fn work_out_moment(&mut self, seq: u64, restore: bool) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let list = self
            .history
            .window
            .as_ref()
            .filter(|w| !doc.unsaved() && w.is_current(doc.generation, lang))
            .and_then(|w| w.list.clone());
        let Some(list) = list else {
            self.message = Some(history_words::NOT_CURRENT.get(lang).into());
            return;
        };
        let Some(row) = list.row(seq).cloned() else {
            return;
        };
        if restore && seq == list.last_seq() {
            self.message = Some(history_words::RESTORE_LATEST.get(lang).into());
            return;
        }
        if restore && doc.read_only.is_some() {
            self.message = doc.read_only.as_ref().map(|r| r.message(lang));
            return;
        }
        let now = Arc::clone(&doc.ledger);
        let generation = doc.generation;
        self.jobs.spawn(history_words::JOB_AS_OF, move || {
            let result = Moment::work_out(&now, &list, seq, lang).map(Box::new);
            JobResult::History(Box::new(HistoryDone::Planned {
                restore,
                row: Box::new(row),
                generation,
                result,
            }))
        });
    }

    /// Asks for a file and writes a report of the ledger as it was (every date, the
    /// remembered 制表人 and 审核人).
    fn write_as_of(&mut self, kind: ReportKind) {
        let lang = self.lang();
        let Some(w) = self.history.as_of.as_ref() else {
            return;
        };
        let ledger = Arc::clone(&w.ledger);
        let (ext, title) = match kind {
            ReportKind::Pdf => ("pdf", words::PRINT_WRITE_PDF),
            ReportKind::Xlsx => ("xlsx", words::PRINT_EXPORT_EXCEL),
        };
        let name =
            history_words::as_of_file_name(lang, &crate::report::title(&ledger, lang), &w.time);
        let request = FileRequest {
            title: title.get(lang).to_string(),
            file_name: format!("{name}.{ext}"),
            folder: self.doc.as_ref().and_then(|d| d.folder()),
            filter: FileFilter::new(&ext.to_uppercase(), ext),
        };
        let Some(path) = self.ask_save(&request) else {
            return;
        };
        let dialog = PrintDialog::new(&self.settings.prepared_by, &self.settings.reviewed_by);
        let Some(ledger_path) = self.doc.as_ref().map(|d| d.path.clone()) else {
            return;
        };
        match dialog.options(lang, self.today) {
            Ok(options) => self.write_report_of(ledger, &ledger_path, options, &path, kind),
            Err(m) => self.message = Some(m),
        }
    }

    fn on_history(&mut self, done: HistoryDone) {
        let lang = self.lang();
        match done {
            HistoryDone::Read(list) => {
                if let Some(w) = self.history.window.as_mut() {
                    w.set_list(list);
                }
            }
            HistoryDone::Planned {
                restore,
                row,
                generation,
                result,
            } => match result {
                Err(m) => self.message = Some(m),
                Ok(m) if !restore => {
                    let columns = self.settings.table_columns.clone();
                    self.history.as_of = Some(AsOfWindow::new(&row, Arc::new(m.ledger), columns));
                }
                Ok(m) => {
                    let current = self.doc.as_ref().map(|d| d.generation) == Some(generation);
                    match m.edit {
                        Some(edit) if current => {
                            self.history.restore = Some(RestoreAsk {
                                seq: row.seq,
                                time: row.minute().to_string(),
                                generation,
                                edit,
                                undone: m.undone,
                                entries: m.entries,
                            });
                        }
                        Some(_) => {
                            self.message = Some(history_words::CHANGED_MEANWHILE.get(lang).into());
                        }
                        None => {
                            self.message = Some(history_words::RESTORE_LATEST.get(lang).into());
                        }
                    }
                }
            },
            HistoryDone::Checked { good, line, result } => match result {
                Ok(lost) => self.history.recover = Some(RecoverAsk { good, line, lost }),
                Err(m) => self.message = Some(m),
            },
            HistoryDone::Recovered {
                path,
                good,
                recovered,
                opened,
            } => {
                self.opened(&path, opened.map(|b| *b));
                let still_damaged = self.doc.as_ref().and_then(|d| match &d.read_only {
                    r @ Some(ReadOnly::JournalDamaged { .. }) => {
                        r.as_ref().map(|r| r.message(lang))
                    }
                    _ => None,
                });
                self.message = Some(match (recovered, still_damaged) {
                    (Err(m), _) => m,
                    // The journal still does not replay (an edit that checks out but does
                    // not apply): say so rather than claim it was recovered.
                    (Ok(()), Some(m)) => m,
                    (Ok(()), None) => crate::i18n::store::recovered(lang, good),
                });
            }
        }
    }
}

// ---- the period lock (结账, issue 13 §4) ----

impl App {
    /// Locks, moves or lifts the period lock as the dialog asks: one edit, with who
    /// (`user@host`) and when, saved and undoable like any other. A refusal stays in the
    /// dialog and the status bar; a done request closes the dialog.
    fn run_lock(&mut self, request: super::lock_dialog::LockRequest) {
        use super::lock_dialog::LockRequest;
        let lang = self.lang();
        let Some(before) = self.doc.as_ref().map(|d| d.ledger.lock.as_deref().cloned()) else {
            return;
        };
        let edit = match request {
            LockRequest::Close => {
                self.lock_dialog = None;
                return;
            }
            LockRequest::Lock { until, reason } => Edit::SetLock {
                before,
                after: Some(crate::ledger::lock::PeriodLock {
                    until,
                    reason,
                    by: crate::store::journal::saved_by(),
                    at: {
                        use chrono::Timelike;
                        let now = chrono::Local::now().fixed_offset();
                        now.with_nanosecond(0).unwrap_or(now)
                    },
                }),
                unlock_reason: String::new(),
            },
            LockRequest::Unlock { reason } => match before {
                Some(lock) => Edit::SetLock {
                    before: Some(lock),
                    after: None,
                    unlock_reason: reason,
                },
                None => {
                    self.message = Some(crate::i18n::lock::NOT_LOCKED.get(lang).to_string());
                    return;
                }
            },
        };
        self.message = None;
        self.apply_edit(edit);
        match self.message.clone() {
            Some(refused) => {
                if let Some(d) = self.lock_dialog.as_mut() {
                    d.error = Some(refused);
                }
            }
            None => {
                self.lock_dialog = None;
                let now = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.ledger.lock.as_deref().cloned());
                self.message = Some(match now {
                    Some(l) => crate::i18n::lock::locked_until(lang, l.until),
                    None => crate::i18n::lock::UNLOCKED.get(lang).to_string(),
                });
            }
        }
    }
}

// ---- evidence: attach, remove, view, pack (issue 14) ----

use super::evidence_panel::{EvidenceCommand, EvidenceDone};
use super::evidence_viewer::{EvidenceViewer, ViewerAction};
use crate::i18n::evidence_ui as evidence_words;
use crate::ledger::{Attachment, Owner};
use crate::store::files::{self, StoredFile};

impl App {
    /// The record dropped or pasted files go to: the selected entry (台账) or finding
    /// (整改台账), or why there is none.
    pub(super) fn evidence_target(&self) -> Result<Owner, crate::i18n::Text> {
        let doc = self.doc.as_ref().ok_or(evidence_words::DROP_WRONG_TAB)?;
        if doc.read_only.is_some() {
            return Err(evidence_words::READ_ONLY);
        }
        let owner = match self.tab {
            Tab::Ledger => self
                .ledger_view
                .selected
                .map(Owner::Entry)
                .ok_or(evidence_words::DROP_NEEDS_ENTRY)?,
            Tab::Findings => super::finding_form::editing_id(&self.findings_view.form)
                .map(Owner::Finding)
                .ok_or(evidence_words::DROP_NEEDS_FINDING)?,
            _ => return Err(evidence_words::DROP_WRONG_TAB),
        };
        if !doc.ledger.owner_exists(owner) {
            return Err(match owner {
                Owner::Entry(_) => evidence_words::DROP_NEEDS_ENTRY,
                Owner::Finding(_) => evidence_words::DROP_NEEDS_FINDING,
            });
        }
        Ok(owner)
    }

    pub(super) fn run_evidence(&mut self, c: EvidenceCommand) {
        let lang = self.lang();
        match c {
            EvidenceCommand::AskFiles(owner) => {
                let request = FileRequest {
                    title: evidence_words::ADD_FILES_TITLE.get(lang).to_string(),
                    file_name: String::new(),
                    folder: None,
                    filter: FileFilter {
                        name: evidence_words::ALL_FILES.get(lang).to_string(),
                        extensions: Vec::new(),
                    },
                };
                match self.platform.ask_open_many(&request) {
                    Ok(paths) if paths.is_empty() => {}
                    Ok(paths) => self.attach_paths(owner, paths),
                    Err(e) => {
                        self.message = Some(words::dialog_failed(lang, &request.title, &e.0));
                    }
                }
            }
            EvidenceCommand::Attach { owner, paths } => self.attach_paths(owner, paths),
            EvidenceCommand::Dropped(paths) => match self.evidence_target() {
                Ok(owner) => self.attach_paths(owner, paths),
                Err(why) => self.message = Some(why.get(lang).to_string()),
            },
            EvidenceCommand::Pasted(image) => match self.evidence_target() {
                Ok(owner) => self.attach_pasted(owner, image),
                Err(why) => self.message = Some(why.get(lang).to_string()),
            },
            EvidenceCommand::Detach(a) => self.apply_edit(Edit::Detach(a)),
            EvidenceCommand::View { owner, index } => {
                self.viewer = Some((owner, EvidenceViewer::new(index)));
            }
            EvidenceCommand::Viewer(action) => self.run_viewer(action),
            EvidenceCommand::WritePack { from, to, village } => {
                self.write_pack(from, to, village);
            }
            EvidenceCommand::ClosePack => self.evidence_pack = None,
        }
    }

    /// Copies files into `NAME.files/` off the UI thread; the links are added when they
    /// are there ([`App::on_evidence`]), as one undoable change.
    fn attach_paths(&mut self, owner: Owner, paths: Vec<std::path::PathBuf>) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        if let Some(r) = &doc.read_only {
            self.message = Some(r.message(lang));
            return;
        }
        let ledger_path = doc.path.clone();
        self.adding.push(owner);
        self.jobs.spawn(evidence_words::JOB_ADDING, move || {
            let mut stored = Vec::new();
            let mut errors = Vec::new();
            for path in paths {
                match files::store_file(&RealFs, &ledger_path, &path) {
                    Ok(s) => stored.push(s),
                    Err(e) => errors.push(e.message(lang)),
                }
            }
            JobResult::Evidence(Box::new(EvidenceDone::Stored {
                ledger: ledger_path,
                owner,
                stored,
                errors,
            }))
        });
    }

    /// Keeps a pasted picture as PNG (`粘贴图片-2026-11-29-103012.png`) and attaches it.
    fn attach_pasted(&mut self, owner: Owner, image: Arc<egui::ColorImage>) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let ledger_path = doc.path.clone();
        let name = format!(
            "{}-{}.png",
            evidence_words::PASTED_NAME.get(lang),
            chrono::Local::now().format("%Y-%m-%d-%H%M%S")
        );
        self.adding.push(owner);
        self.jobs.spawn(evidence_words::JOB_ADDING, move || {
            let result = super::evidence_panel::png_bytes(&image)
                .map_err(|e| evidence_words::paste_failed(lang, &e))
                .and_then(|bytes| {
                    files::store_bytes(&RealFs, &ledger_path, &name, &bytes)
                        .map_err(|e| e.message(lang))
                });
            let (stored, errors) = match result {
                Ok(s) => (vec![s], Vec::new()),
                Err(m) => (Vec::new(), vec![m]),
            };
            JobResult::Evidence(Box::new(EvidenceDone::Stored {
                ledger: ledger_path,
                owner,
                stored,
                errors,
            }))
        });
    }

    fn run_viewer(&mut self, action: ViewerAction) {
        let lang = self.lang();
        match action {
            ViewerAction::Close => self.viewer = None,
            ViewerAction::OpenFolder(folder) => {
                if let Err(e) = self.platform.open_in_viewer(&folder) {
                    self.message = Some(words::viewer_failed(lang, &e.to_string()));
                }
            }
            ViewerAction::OpenWithSystem { path, name } => {
                // The stored file has no extension: a copy under its own name opens in
                // the right program.
                self.jobs.spawn(evidence_words::JOB_OPENING_FILE, move || {
                    let result = copy_out(&path, &name)
                        .map_err(|e| words::viewer_failed(lang, &e.to_string()));
                    JobResult::Evidence(Box::new(EvidenceDone::CopiedOut(result)))
                });
            }
        }
    }

    /// Takes a finished evidence job's result.
    pub(super) fn on_evidence(&mut self, done: EvidenceDone) {
        let lang = self.lang();
        match done {
            EvidenceDone::Stored {
                ledger,
                owner,
                stored,
                mut errors,
            } => {
                if let Some(i) = self.adding.iter().position(|o| *o == owner) {
                    self.adding.remove(i);
                }
                for s in &stored {
                    self.thumbs.forget(&s.hash);
                }
                // Another ledger was opened meanwhile: its records are not these.
                let Some(doc) = self.doc.as_ref().filter(|d| d.path == ledger) else {
                    return;
                };
                let links = new_links(&doc.ledger, owner, stored, lang, &mut errors);
                let added = links.len();
                let edit = match links.len() {
                    0 => None,
                    1 => links.into_iter().next().map(|a| Edit::Attach(Box::new(a))),
                    files => Some(Edit::Batch {
                        label: crate::ledger::edit::BatchLabel::Attach { owner, files },
                        edits: links
                            .into_iter()
                            .map(|a| Edit::Attach(Box::new(a)))
                            .collect(),
                    }),
                };
                self.message = None;
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
                // A refused edit said why; otherwise say what was added and what not.
                if self.message.is_none() {
                    let sep = words::SENTENCE_END.get(lang);
                    self.message = Some(if errors.is_empty() {
                        evidence_words::attached(lang, added)
                    } else {
                        evidence_words::attach_failed(lang, added, &errors.join(sep))
                    });
                }
            }
            EvidenceDone::CopiedOut(result) => match result {
                Ok(path) => {
                    if let Err(e) = self.platform.open_in_viewer(&path) {
                        self.message = Some(words::viewer_failed(lang, &e.to_string()));
                    }
                }
                Err(m) => self.message = Some(m),
            },
            EvidenceDone::Packed { path, result } => {
                self.message = Some(match result {
                    Ok(files) => evidence_words::pack_written(lang, &path, files),
                    Err(m) => m,
                });
            }
        }
    }
}

/// The links to add for files stored for `owner`: in the order given, leaving out a file
/// already on the record (or twice in the list), which is said in `errors`.
fn new_links(
    ledger: &Ledger,
    owner: Owner,
    stored: Vec<StoredFile>,
    lang: Lang,
    errors: &mut Vec<String>,
) -> Vec<Attachment> {
    let mut links: Vec<Attachment> = Vec::new();
    for s in stored {
        let twice = ledger.attachments_of(owner).any(|a| a.hash == s.hash)
            || links.iter().any(|a| a.hash == s.hash);
        if twice {
            errors.push(evidence_words::already_attached(lang, &s.name));
            continue;
        }
        let mut link = s.attachment(owner);
        // Attach order is time order: files attached together keep the order given.
        if let Some(last) = links.last() {
            link.added_at = link
                .added_at
                .max(last.added_at + chrono::Duration::milliseconds(1));
        }
        links.push(link);
    }
    links
}

/// Copies a stored file to the temp folder under its own name (made safe for any file
/// system), so the system opens it with the right program; an earlier copy of the same
/// size is reused.
fn copy_out(stored: &Path, name: &str) -> std::io::Result<PathBuf> {
    let hash = stored
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(16).collect::<String>())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join("bangfu-evidence").join(hash);
    std::fs::create_dir_all(&dir)?;
    let target = dir.join(super::evidence_panel::safe_file_name(name));
    let size = std::fs::metadata(stored)?.len();
    if std::fs::metadata(&target).map(|m| m.len()).ok() != Some(size) {
        std::fs::copy(stored, &target)?;
    }
    Ok(target)
}

impl App {
    /// Asks where, then writes the evidence pack of these dates and village in a job.
    fn write_pack(
        &mut self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        village: Option<crate::ledger::VillageId>,
    ) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let request = FileRequest {
            title: evidence_words::PACK_TITLE.get(lang).to_string(),
            file_name: format!("{}.zip", evidence_words::PACK_FILE.get(lang)),
            folder: doc.folder(),
            filter: FileFilter::new("ZIP", "zip"),
        };
        let (ledger, ledger_path) = (Arc::clone(&doc.ledger), doc.path.clone());
        let Some(path) = self.ask_save(&request) else {
            return;
        };
        let filter = crate::transfer::evidence_pack::PackFilter { from, to, village };
        self.evidence_pack = None;
        self.jobs.spawn(evidence_words::JOB_PACKING, move || {
            let result = crate::transfer::evidence_pack::write_pack_in(
                &ledger,
                &ledger_path,
                &filter,
                &path,
                lang,
            )
            .map(|s| s.files)
            .map_err(|e| e.message(lang));
            JobResult::Evidence(Box::new(EvidenceDone::Packed { path, result }))
        });
    }
}
