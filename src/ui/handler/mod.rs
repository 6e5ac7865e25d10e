//! The one place where commands run: edits, dialogs, files, the system viewer and the
//! background jobs. Views and windows never do I/O; they return commands that end here.
//! This module holds the dispatch (commands and finished jobs) and what follows an edit;
//! the submodules hold the commands by what they work on.

mod evidence;
mod history;
mod lock;
mod open_save;
mod report;
mod transfer;

use super::app::{App, PLACEHOLDER_UNIT, Tab, now_stamp};
use super::backups_window::BackupsWindow;
use super::commands::{Command, UiCommand};
use super::document::{Change, Changed};
use super::history_window::HistoryCommand;
use super::jobs::JobResult;
use super::new_ledger_window::NewLedgerWindow;
use super::ops;
use super::platform::{FileFilter, FileRequest};
use super::print_dialog::{PrintDialog, ReportKind};
use super::settings_window::SettingsWindow;
use crate::i18n::{Lang, ui as words};
use crate::ledger::Edit;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

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
