//! The app: owns the open ledger, runs commands after each frame's UI, saves every edit
//! through the store on a worker thread, and lays out the views.

use super::commands::Command;
use super::entry_form::{EntryForm, FormEnv, entry_form_ui};
use super::ledger_view::{LedgerView, filter_bar_ui, ledger_table_ui};
use super::master_data::{MasterView, master_data_ui};
use super::saver::Saver;
use super::settings::{STORAGE_KEY, Settings};
use super::text;
use super::totals_view::{TotalsView, totals_ui};
use super::undo::UndoStack;
use super::{fonts, ops};
use crate::i18n::Lang;
use crate::ledger::{Edit, Ledger, Stamp};
use crate::store::fs::RealFs;
use crate::store::{self, Backup, ReadOnly, Saved, Store, StoreError};
use chrono::{Local, NaiveDate, Timelike};
use eframe::egui;
use egui::{Color32, Key, KeyboardShortcut, Modifiers, RichText};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The unit name a brand-new ledger gets until the user renames it.
pub const PLACEHOLDER_UNIT: &str = "帮扶单位";

/// How the app is started; tests inject everything.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// The ledger to open (`bangfu FILE`); `None`: the last one used, else the default.
    pub file: Option<PathBuf>,
    /// Today's date (for presets and new entries); `None`: the real date.
    pub today: Option<NaiveDate>,
    /// Use real file dialogs (off in tests).
    pub real_dialogs: bool,
    /// Settings to start with instead of those in eframe's storage.
    pub settings: Option<Settings>,
}

/// Which view is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The ledger table and the entry form.
    Ledger,
    /// The totals.
    Totals,
    /// Villages, departments and categories.
    Master,
}

/// The open ledger and everything tied to its file.
struct Doc {
    path: PathBuf,
    /// Shared with the save worker: an edit copies it only while a save is still running.
    ledger: std::sync::Arc<Ledger>,
    read_only: Option<ReadOnly>,
    saver: Saver,
    /// Bumped on every change of `ledger`.
    generation: u64,
    /// The newest generation sent to the saver.
    sent: u64,
    /// The newest generation known to be on disk.
    saved: u64,
    save_error: Option<(u64, StoreError)>,
    conflict_copy: Option<PathBuf>,
    undo: UndoStack,
    note: Option<String>,
}

impl Doc {
    fn unsaved(&self) -> bool {
        self.read_only.is_none() && self.saved < self.generation
    }

    fn send_save(&mut self, keep: bool) {
        if self.read_only.is_some() {
            return;
        }
        self.sent = self.generation;
        self.saver
            .save(self.generation, std::sync::Arc::clone(&self.ledger), keep);
    }

    fn take_results(&mut self) {
        for done in self.saver.poll() {
            self.on_done(done);
        }
    }

    fn on_done(&mut self, done: super::saver::Done) {
        match done.result {
            Ok(saved) => {
                self.saved = self.saved.max(done.generation);
                if self
                    .save_error
                    .as_ref()
                    .is_some_and(|(g, _)| *g <= done.generation)
                {
                    self.save_error = None;
                }
                if let Saved::ConflictCopy(p) = saved {
                    self.conflict_copy = Some(p);
                }
            }
            Err(e) => {
                if self.saved < done.generation {
                    self.save_error = Some((done.generation, e));
                }
            }
        }
    }
}

/// The desktop app.
pub struct App {
    settings: Settings,
    today: NaiveDate,
    real_dialogs: bool,
    ctx: Option<egui::Context>,
    doc: Option<Doc>,
    open_error: Option<(PathBuf, String)>,
    tab: Tab,
    ledger_view: LedgerView,
    totals_view: TotalsView,
    master_view: MasterView,
    form: EntryForm,
    cmds: Vec<Command>,
    message: Option<String>,
    offer_sample: bool,
    backups: Option<Vec<Backup>>,
    new_ledger: Option<String>,
    show_settings: bool,
    /// The print / export dialog, while open.
    print: Option<super::print_dialog::PrintDialog>,
    confirm_close: bool,
    allow_close: bool,
    title: String,
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn now_stamp() -> Stamp {
    let now = Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

impl App {
    /// Builds the app: installs the CJK font, reads the settings and opens the ledger
    /// (the given file, else the last one used, else the default one, created if needed).
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> App {
        fonts::install(&cc.egui_ctx);
        // Office users know light spreadsheets; a dark screen looks like a programmer's tool.
        cc.egui_ctx.set_theme(egui::Theme::Light);
        let settings = options
            .settings
            .clone()
            .or_else(|| cc.storage.and_then(|s| eframe::get_value(s, STORAGE_KEY)))
            .unwrap_or_default();
        let today = options.today.unwrap_or_else(|| Local::now().date_naive());
        let mut app = App {
            settings,
            today,
            real_dialogs: options.real_dialogs,
            ctx: Some(cc.egui_ctx.clone()),
            doc: None,
            open_error: None,
            tab: Tab::Ledger,
            ledger_view: LedgerView::default(),
            totals_view: TotalsView::default(),
            master_view: MasterView::default(),
            form: EntryForm::new(today),
            cmds: Vec::new(),
            message: None,
            offer_sample: false,
            backups: None,
            new_ledger: None,
            show_settings: false,
            print: None,
            confirm_close: false,
            allow_close: false,
            title: String::new(),
        };
        let path = options
            .file
            .clone()
            .or_else(|| app.settings.last_file().map(Path::to_path_buf))
            .unwrap_or_else(store::paths::default_ledger);
        app.open_or_create(&path);
        app
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The settings as they would be remembered.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The open ledger, if one is open.
    pub fn ledger(&self) -> Option<&Ledger> {
        self.doc.as_ref().map(|d| &*d.ledger)
    }

    /// The open ledger's file.
    pub fn path(&self) -> Option<&Path> {
        self.doc.as_ref().map(|d| d.path.as_path())
    }

    /// The message of a failed open, if the ledger could not be opened.
    pub fn open_error(&self) -> Option<&str> {
        self.open_error.as_ref().map(|(_, m)| m.as_str())
    }

    /// True when every edit is on disk (or the ledger is read-only).
    pub fn is_saved(&self) -> bool {
        self.doc.as_ref().is_none_or(|d| !d.unsaved())
    }

    /// The current status line, as the status bar shows it.
    pub fn status_text(&self) -> String {
        let lang = self.lang();
        match &self.doc {
            None => lang.pick("未打开台账", "No ledger open").to_string(),
            Some(d) => {
                if let Some(r) = &d.read_only {
                    r.message(lang)
                } else if let Some((_, e)) = &d.save_error {
                    format!(
                        "{}{}",
                        lang.pick("保存失败：", "Save failed: "),
                        e.message(lang)
                    )
                } else if d.saved < d.generation {
                    if d.sent >= d.generation {
                        text::SAVING.get(lang).to_string()
                    } else {
                        text::UNSAVED.get(lang).to_string()
                    }
                } else {
                    text::SAVED.get(lang).to_string()
                }
            }
        }
    }

    /// Shows another view.
    pub fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    /// Which view is shown.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// Waits (up to `timeout`) until every queued save has finished. For tests and for
    /// closing the window.
    pub fn wait_for_saves(&mut self, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while let Some(d) = self.doc.as_mut() {
            d.take_results();
            if d.saved >= d.sent || d.save_error.is_some() {
                return d.save_error.is_none();
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(done) = d.saver.wait(left.min(Duration::from_millis(100))) {
                d.on_done(done);
            }
        }
        true
    }

    /// How often the ledger table's row index and the summary were rebuilt
    /// (`(index, summary)`), to check caching.
    pub fn rebuild_counts(&self) -> (u64, u64) {
        (self.ledger_view.rebuilds, self.totals_view.computations)
    }

    fn now(&self) -> Stamp {
        now_stamp()
    }

    // ---- opening and creating ----

    fn open_or_create(&mut self, path: &Path) {
        if path.exists() {
            self.open_path(path);
        } else {
            let ledger = Ledger::new(PLACEHOLDER_UNIT);
            match Store::create(path, &ledger) {
                Ok(store) => {
                    self.install(store, ledger, None);
                    self.offer_sample = true;
                }
                Err(e) => self.open_failed(path, e.message(self.lang())),
            }
        }
    }

    fn open_path(&mut self, path: &Path) {
        let lang = self.lang();
        if self.doc.as_ref().is_some_and(Doc::unsaved) {
            self.message = Some(
                lang.pick(
                    "当前台账有未保存的更改：请先重试保存或另存为，再打开其他文件",
                    "This ledger has unsaved changes: retry the save or use Save As before opening another file",
                )
                .to_string(),
            );
            return;
        }
        // Reopening the same file: let its saver finish and release the lock first.
        // Another file: keep the current one until the new one has opened.
        if self.doc.as_ref().is_some_and(|d| same_file(&d.path, path)) {
            self.doc = None;
        }
        match Store::open(path) {
            Ok((store, ledger, notes)) => {
                let note = notes.migrated_from.map(|(v, copy)| match lang {
                    Lang::Zh => format!(
                        "此文件是旧版本（第 {v} 版）格式，已转换；原文件保存在 {}",
                        copy.map_or("—".to_string(), |p| p.display().to_string())
                    ),
                    Lang::En => format!(
                        "This file was in an older format (version {v}) and was converted; the original is kept at {}",
                        copy.map_or("—".to_string(), |p| p.display().to_string())
                    ),
                });
                self.offer_sample = ledger.entries.is_empty() && store.read_only().is_none();
                self.install(store, ledger, note);
            }
            Err(e) if self.doc.is_some() => self.message = Some(e.message(lang)),
            Err(e) => self.open_failed(path, e.message(lang)),
        }
    }

    fn open_failed(&mut self, path: &Path, message: String) {
        self.doc = None;
        self.open_error = Some((path.to_path_buf(), message));
    }

    fn install(&mut self, store: Store, ledger: Ledger, note: Option<String>) {
        let path = store.path().to_path_buf();
        let read_only = store.read_only().cloned();
        let saver = Saver::start(store, self.ctx.clone());
        self.settings.remember(&path);
        self.doc = Some(Doc {
            path,
            ledger: std::sync::Arc::new(ledger),
            read_only,
            saver,
            generation: 1,
            sent: 1,
            saved: 1,
            save_error: None,
            conflict_copy: None,
            undo: UndoStack::default(),
            note,
        });
        self.open_error = None;
        self.ledger_view.selected = None;
        self.form = EntryForm::new(self.today);
        self.backups = None;
    }

    // ---- edits ----

    /// Applies an edit as the form or a menu would: undoable, and saved at once by the
    /// worker. A refused edit shows its message and changes nothing.
    pub fn apply_edit(&mut self, edit: Edit) {
        let lang = self.lang();
        let today = self.today;
        let Some(doc) = self.doc.as_mut() else { return };
        if let Some(r) = &doc.read_only {
            self.message = Some(r.message(lang));
            return;
        }
        match std::sync::Arc::make_mut(&mut doc.ledger).apply(&edit) {
            Ok(()) => {
                doc.generation += 1;
                doc.send_save(false);
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
                doc.undo.push(edit);
                self.message = None;
                self.offer_sample &= doc.ledger.entries.is_empty();
            }
            Err(e) => self.message = Some(e.message(lang)),
        }
    }

    fn undo(&mut self) {
        let lang = self.lang();
        let today = self.today;
        let Some(doc) = self.doc.as_mut() else { return };
        if doc.read_only.is_some() {
            return;
        }
        let Some(edit) = doc.undo.take_undo() else {
            return;
        };
        match std::sync::Arc::make_mut(&mut doc.ledger).apply(&edit.inverse()) {
            Ok(()) => {
                doc.generation += 1;
                doc.send_save(false);
                if let Some(id) = edit.touched_entry() {
                    self.form.forget_entry(id, today);
                }
                self.message = Some(text::with_action(text::UNDO, &edit.describe(lang), lang));
                doc.undo.undone(edit);
            }
            Err(e) => {
                self.message = Some(e.message(lang));
                doc.undo.restore_done(edit);
            }
        }
    }

    fn redo(&mut self) {
        let lang = self.lang();
        let today = self.today;
        let Some(doc) = self.doc.as_mut() else { return };
        if doc.read_only.is_some() {
            return;
        }
        let Some(edit) = doc.undo.take_redo() else {
            return;
        };
        match std::sync::Arc::make_mut(&mut doc.ledger).apply(&edit) {
            Ok(()) => {
                doc.generation += 1;
                doc.send_save(false);
                if let Some(id) = edit.touched_entry() {
                    self.form.forget_entry(id, today);
                    self.ledger_view.selected = Some(id);
                }
                self.message = Some(text::with_action(text::REDO, &edit.describe(lang), lang));
                doc.undo.redone(edit);
            }
            Err(e) => {
                self.message = Some(e.message(lang));
                doc.undo.restore_undone(edit);
            }
        }
    }

    // ---- the command runner ----

    fn run_commands(&mut self, ctx: &egui::Context) {
        let cmds = std::mem::take(&mut self.cmds);
        for cmd in cmds {
            self.run(ctx, cmd);
        }
    }

    fn run(&mut self, ctx: &egui::Context, cmd: Command) {
        let lang = self.lang();
        match cmd {
            Command::Edit(edit) => self.apply_edit(edit),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::NewEntry => {
                self.tab = Tab::Ledger;
                self.form.start_new(self.today);
            }
            Command::EditEntry(id) => {
                if let Some(doc) = &self.doc
                    && let Some(e) = doc.ledger.entry(id)
                {
                    self.tab = Tab::Ledger;
                    self.form.edit(e, &doc.ledger);
                }
            }
            Command::DuplicateEntry(id) => {
                if let Some(doc) = &self.doc
                    && let Some(e) = doc.ledger.entry(id)
                {
                    self.tab = Tab::Ledger;
                    self.form.duplicate(e, &doc.ledger);
                }
            }
            Command::DeleteEntry(id) => {
                if let Some(e) = self.doc.as_ref().and_then(|d| d.ledger.entry(id)).cloned() {
                    self.apply_edit(Edit::DeleteEntry(e));
                }
            }
            Command::LoadSample => {
                if let Some(doc) = &self.doc {
                    let edit = ops::sample_edit(&doc.ledger, PLACEHOLDER_UNIT, self.now());
                    self.apply_edit(edit);
                    self.offer_sample = false;
                }
            }
            Command::NewLedger { unit } => {
                if let Some(path) = self.save_dialog(lang.pick("新台账.ron", "new-ledger.ron")) {
                    let ledger = Ledger::new(&unit);
                    match Store::create(&path, &ledger) {
                        Ok(store) => {
                            if self.doc.as_ref().is_some_and(Doc::unsaved) {
                                self.message = Some(self.unsaved_refusal());
                            } else {
                                self.doc = None;
                                self.install(store, ledger, None);
                                self.offer_sample = true;
                            }
                        }
                        Err(e) => self.message = Some(e.message(lang)),
                    }
                }
            }
            Command::OpenDialog => {
                if let Some(path) = self.open_dialog() {
                    self.open_path(&path);
                }
            }
            Command::Open(path) => self.open_path(&path),
            Command::SaveAsDialog => {
                let Some(name) = self.doc.as_ref().map(|d| {
                    d.path
                        .file_name()
                        .map_or("ledger.ron".into(), |n| n.to_string_lossy().into_owned())
                }) else {
                    return;
                };
                if let Some(path) = self.save_dialog(&name) {
                    self.save_as(&path);
                }
            }
            Command::WriteReport(kind) => {
                let Some(doc) = self.doc.as_ref() else { return };
                let lang = self.lang();
                let ext = match kind {
                    super::print_dialog::ReportKind::Pdf => "pdf",
                    super::print_dialog::ReportKind::Xlsx => "xlsx",
                };
                let name = format!("{}.{ext}", crate::report::title(&doc.ledger, lang));
                if let Some(path) = self.report_dialog(&name, ext)
                    && self.write_report(&path, kind)
                    && self.real_dialogs
                {
                    open_in_viewer(&path);
                }
            }
            Command::RetrySave => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.save_error = None;
                    doc.send_save(false);
                }
            }
            Command::ShowBackups => {
                self.backups = self
                    .doc
                    .as_ref()
                    .map(|d| store::backup::list(&RealFs, &d.path));
            }
            Command::RestoreBackup(path) => self.restore_backup(&path),
            Command::ToggleLanguage => {
                self.settings.lang = match self.settings.lang {
                    Lang::Zh => Lang::En,
                    Lang::En => Lang::Zh,
                };
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn unsaved_refusal(&self) -> String {
        self.lang()
            .pick(
                "当前台账有未保存的更改：请先重试保存或另存为",
                "This ledger has unsaved changes: retry the save or use Save As first",
            )
            .to_string()
    }

    /// Saves the current ledger as a new file, which becomes the current file.
    pub fn save_as(&mut self, path: &Path) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let ledger = Ledger::clone(&doc.ledger);
        match Store::create(path, &ledger) {
            Ok(store) => {
                let undo = self.doc.take().map(|d| d.undo).unwrap_or_default();
                self.install(store, ledger, None);
                if let Some(d) = self.doc.as_mut() {
                    d.undo = undo;
                }
                self.message = Some(match lang {
                    Lang::Zh => format!("已另存为 {}", path.display()),
                    Lang::En => format!("Saved as {}", path.display()),
                });
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
                self.message = Some(match lang {
                    Lang::Zh => format!("已从备份恢复：{}", path.display()),
                    Lang::En => format!("Restored from backup: {}", path.display()),
                });
            }
            Err(e) => self.message = Some(e.message(lang)),
        }
    }

    fn open_dialog(&mut self) -> Option<PathBuf> {
        if !self.real_dialogs {
            self.message = Some(self.no_dialogs());
            return None;
        }
        rfd::FileDialog::new()
            .set_title(self.lang().pick("打开台账", "Open ledger"))
            .add_filter(self.lang().pick("帮扶台账", "Bangfu ledger"), &["ron"])
            .pick_file()
    }

    fn save_dialog(&mut self, name: &str) -> Option<PathBuf> {
        if !self.real_dialogs {
            self.message = Some(self.no_dialogs());
            return None;
        }
        let dir = self
            .doc
            .as_ref()
            .and_then(|d| d.path.parent().map(Path::to_path_buf));
        let mut dialog = rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(self.lang().pick("帮扶台账", "Bangfu ledger"), &["ron"]);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        dialog.save_file()
    }

    fn report_dialog(&mut self, name: &str, ext: &str) -> Option<PathBuf> {
        if !self.real_dialogs {
            self.message = Some(self.no_dialogs());
            return None;
        }
        let mut dialog = rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(ext.to_uppercase(), &[ext]);
        if let Some(dir) = self
            .doc
            .as_ref()
            .and_then(|d| d.path.parent().map(Path::to_path_buf))
        {
            dialog = dialog.set_directory(dir);
        }
        dialog.save_file()
    }

    /// Writes the summary set up in the print dialog (or the default one) to `path`,
    /// remembers 制表人 and 审核人, and says what happened in the status message.
    /// Returns true when the file was written.
    pub fn write_report(&mut self, path: &Path, kind: super::print_dialog::ReportKind) -> bool {
        use super::print_dialog::{PrintDialog, ReportKind};
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
        let made = match kind {
            ReportKind::Pdf => crate::report::pdf(&doc.ledger, &options)
                .map(|r| (r.missing_warning(lang), r.bytes)),
            ReportKind::Xlsx => crate::report::xlsx(&doc.ledger, &options).map(|b| (None, b)),
        };
        let (warning, bytes) = match made {
            Ok(m) => m,
            Err(e) => {
                self.message = Some(e.message(lang));
                return false;
            }
        };
        if let Err(e) = crate::store::write_file_atomic(path, &bytes) {
            self.message = Some(e.message(lang));
            return false;
        }
        let done = match lang {
            Lang::Zh => format!("已生成：{}", path.display()),
            Lang::En => format!("Written: {}", path.display()),
        };
        self.message = Some(match warning {
            Some(w) => format!("{done}。{w}"),
            None => done,
        });
        true
    }

    fn no_dialogs(&self) -> String {
        self.lang()
            .pick("此环境不能打开文件对话框", "File dialogs are off here")
            .to_string()
    }

    // ---- frame ----

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|i| {
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N)) {
                self.cmds.push(Command::NewEntry);
            }
            if typing {
                // Inside a text field Ctrl+Z undoes typing, as everywhere else.
                return;
            }
            if i.consume_shortcut(&KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )) || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y))
            {
                self.cmds.push(Command::Redo);
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)) {
                self.cmds.push(Command::Undo);
            }
        });
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let title = match &self.doc {
            Some(d) => {
                let file = d
                    .path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                let ro = if d.read_only.is_some() {
                    lang.pick(" [只读]", " [read-only]")
                } else {
                    ""
                };
                let dirty = if d.unsaved() { " *" } else { "" };
                format!(
                    "{} — {file}{dirty}{ro} — {}",
                    d.ledger.unit,
                    text::APP_NAME.get(lang)
                )
            }
            None => text::APP_NAME.get(lang).to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn handle_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        // A save in flight usually finishes in a moment: wait a little for it.
        if self
            .doc
            .as_ref()
            .is_some_and(|d| d.unsaved() && d.save_error.is_none())
        {
            self.wait_for_saves(Duration::from_secs(5));
        }
        if !self.is_saved() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm_close = true;
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let editable = self.doc.as_ref().is_some_and(|d| d.read_only.is_none());
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(lang.pick("文件", "File"), |ui| {
                if ui.button(lang.pick("新建台账…", "New ledger…")).clicked() {
                    self.new_ledger = Some(String::new());
                }
                if ui.button(lang.pick("打开…", "Open…")).clicked() {
                    self.cmds.push(Command::OpenDialog);
                }
                if ui
                    .add_enabled(
                        self.doc.is_some(),
                        egui::Button::new(lang.pick("另存为…", "Save as…")),
                    )
                    .clicked()
                {
                    self.cmds.push(Command::SaveAsDialog);
                }
                ui.menu_button(lang.pick("最近打开", "Recent files"), |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label(RichText::new(lang.pick("（无）", "(none)")).weak());
                    }
                    for p in self.settings.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            self.cmds.push(Command::Open(p));
                        }
                    }
                });
                if ui
                    .add_enabled(
                        self.doc.is_some(),
                        egui::Button::new(lang.pick("备份与恢复…", "Backups…")),
                    )
                    .clicked()
                {
                    self.cmds.push(Command::ShowBackups);
                }
                ui.separator();
                if ui
                    .add_enabled(
                        self.doc.is_some(),
                        egui::Button::new(
                            lang.pick("打印汇总 / 导出 Excel…", "Print summary / Export Excel…"),
                        ),
                    )
                    .clicked()
                {
                    self.print = Some(super::print_dialog::PrintDialog::new(
                        &self.settings.prepared_by,
                        &self.settings.reviewed_by,
                    ));
                }
                if ui.button(lang.pick("设置…", "Settings…")).clicked() {
                    self.show_settings = true;
                }
                ui.separator();
                if ui.button(lang.pick("退出", "Quit")).clicked() {
                    self.cmds.push(Command::Quit);
                }
            });
            ui.menu_button(lang.pick("编辑", "Edit"), |ui| {
                let (undo, redo) = self
                    .doc
                    .as_ref()
                    .map(|d| (d.undo.undo_label(lang), d.undo.redo_label(lang)))
                    .unwrap_or((None, None));
                let undo_text = undo.as_ref().map_or(text::UNDO.get(lang).to_string(), |a| {
                    text::with_action(text::UNDO, a, lang)
                });
                if ui
                    .add_enabled(
                        editable && undo.is_some(),
                        egui::Button::new(undo_text).shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    self.cmds.push(Command::Undo);
                }
                let redo_text = redo.as_ref().map_or(text::REDO.get(lang).to_string(), |a| {
                    text::with_action(text::REDO, a, lang)
                });
                if ui
                    .add_enabled(
                        editable && redo.is_some(),
                        egui::Button::new(redo_text).shortcut_text("Ctrl+Y"),
                    )
                    .clicked()
                {
                    self.cmds.push(Command::Redo);
                }
                ui.separator();
                self.entry_actions_ui(ui, editable);
            });
            ui.separator();
            for (tab, label) in [
                (Tab::Ledger, text::TAB_LEDGER),
                (Tab::Totals, text::TAB_TOTALS),
                (Tab::Master, text::TAB_MASTER),
            ] {
                if ui
                    .selectable_label(self.tab == tab, label.get(lang))
                    .clicked()
                {
                    self.tab = tab;
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(text::LANGUAGE_SWITCH.get(lang))
                    .on_hover_text(lang.pick("切换界面语言", "Switch the interface language"))
                    .clicked()
                {
                    self.cmds.push(Command::ToggleLanguage);
                }
            });
        });
    }

    fn entry_actions_ui(&mut self, ui: &mut egui::Ui, editable: bool) {
        let lang = self.lang();
        let selected = self.ledger_view.selected;
        if ui
            .add_enabled(
                editable,
                egui::Button::new(lang.pick("新增记录", "New entry")).shortcut_text("Ctrl+N"),
            )
            .clicked()
        {
            self.cmds.push(Command::NewEntry);
        }
        if ui
            .add_enabled(
                editable && selected.is_some(),
                egui::Button::new(lang.pick("修改所选", "Edit selected")),
            )
            .clicked()
            && let Some(id) = selected
        {
            self.cmds.push(Command::EditEntry(id));
        }
        if ui
            .add_enabled(
                editable && selected.is_some(),
                egui::Button::new(lang.pick("复制所选", "Duplicate selected")),
            )
            .clicked()
            && let Some(id) = selected
        {
            self.cmds.push(Command::DuplicateEntry(id));
        }
        if ui
            .add_enabled(
                editable && selected.is_some(),
                egui::Button::new(lang.pick("删除所选", "Delete selected")),
            )
            .on_hover_text(lang.pick("可用“撤销”恢复", "Undo brings it back"))
            .clicked()
            && let Some(id) = selected
        {
            self.cmds.push(Command::DeleteEntry(id));
        }
    }

    fn banners_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(doc) = &self.doc else { return };
        let warn = Color32::from_rgb(255, 243, 205);
        let bad = Color32::from_rgb(250, 215, 215);
        let banner = |ui: &mut egui::Ui, fill: Color32, add: &mut dyn FnMut(&mut egui::Ui)| {
            egui::Frame::new()
                .fill(fill)
                .inner_margin(6.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| add(ui));
                });
        };
        if let Some(r) = &doc.read_only {
            let m = r.message(lang);
            banner(ui, warn, &mut |ui| {
                ui.label(
                    RichText::new(&m)
                        .color(Color32::from_rgb(90, 60, 0))
                        .strong(),
                );
                ui.label(
                    RichText::new(lang.pick("（不能修改）", "(editing is off)"))
                        .color(Color32::from_rgb(90, 60, 0)),
                );
            });
        }
        if let Some((_, e)) = &doc.save_error {
            let m = format!(
                "{}{}{}",
                lang.pick("保存失败：", "Save failed: "),
                e.message(lang),
                lang.pick(
                    "。更改仍在内存中，未丢失。",
                    ". Your changes are kept in memory."
                ),
            );
            let mut retry = false;
            banner(ui, bad, &mut |ui| {
                ui.label(RichText::new(&m).color(Color32::from_rgb(120, 0, 0)));
                retry |= ui.button(text::RETRY.get(lang)).clicked();
            });
            if retry {
                self.cmds.push(Command::RetrySave);
            }
        }
        if let Some(p) = &doc.conflict_copy {
            let m = match lang {
                Lang::Zh => format!(
                    "台账文件已被其他程序修改；为不覆盖它，你的更改已保存到：{}",
                    p.display()
                ),
                Lang::En => format!(
                    "The ledger file was changed by another program; to avoid overwriting it your changes were saved to: {}",
                    p.display()
                ),
            };
            banner(ui, warn, &mut |ui| {
                ui.label(RichText::new(&m).color(Color32::from_rgb(90, 60, 0)));
            });
        }
        if let Some(n) = &doc.note {
            let n = n.clone();
            banner(ui, warn, &mut |ui| {
                ui.label(RichText::new(&n).color(Color32::from_rgb(90, 60, 0)));
            });
        }
        if self.offer_sample && doc.read_only.is_none() {
            let mut load = false;
            let mut dismiss = false;
            banner(ui, Color32::from_rgb(220, 235, 250), &mut |ui| {
                ui.label(
                    RichText::new(lang.pick(
                        "这是一个新的空台账。要先载入真实案例（毕节职业技术学院 2020年6月 帮扶九股村）作示例吗？",
                        "This is a new, empty ledger. Load the real case (Bijie Vocational and Technical College, June 2020) as a sample?",
                    ))
                    .color(Color32::from_rgb(10, 40, 80)),
                );
                load |= ui.button(lang.pick("载入示例", "Load sample")).clicked();
                dismiss |= ui.button(lang.pick("不用了", "No thanks")).clicked();
            });
            if load {
                self.cmds.push(Command::LoadSample);
            }
            if dismiss {
                self.offer_sample = false;
            }
        }
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.horizontal(|ui| {
            let status = self.status_text();
            let color = match &self.doc {
                Some(d) if d.save_error.is_some() => Color32::from_rgb(200, 40, 40),
                Some(d) if d.read_only.is_some() => Color32::from_rgb(160, 110, 0),
                _ => ui.visuals().text_color(),
            };
            ui.label(RichText::new(status).color(color));
            if self.doc.as_ref().is_some_and(|d| d.save_error.is_some())
                && ui.button(text::RETRY.get(lang)).clicked()
            {
                self.cmds.push(Command::RetrySave);
            }
            if let Some(m) = &self.message {
                ui.separator();
                ui.label(m);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(d) = &self.doc {
                    ui.label(RichText::new(d.path.display().to_string()).small().weak());
                }
            });
        });
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        if let Some(d) = self.print.as_mut() {
            use super::print_dialog::{PrintAction, print_dialog_ui};
            match print_dialog_ui(ctx, d, lang, self.today) {
                Some(PrintAction::Write(kind)) => self.cmds.push(Command::WriteReport(kind)),
                Some(PrintAction::Close) => self.print = None,
                None => {}
            }
        }
        if let Some(list) = &self.backups {
            let mut open = true;
            let mut restore = None;
            egui::Window::new(lang.pick("备份与恢复", "Backups"))
                .open(&mut open)
                .default_width(460.0)
                .show(ctx, |ui| {
                    ui.label(lang.pick(
                        "每次保存都会保留上一版本。恢复前会先保存当前内容（它也成为一个备份），恢复可撤销。",
                        "Every save keeps the previous version. Restoring saves the current state first (it becomes a backup too), and can be undone.",
                    ));
                    ui.separator();
                    if list.is_empty() {
                        ui.label(RichText::new(lang.pick("还没有备份", "No backups yet")).weak());
                    }
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        egui::Grid::new("backups").striped(true).show(ui, |ui| {
                            for b in list {
                                ui.label(b.taken.format("%Y-%m-%d %H:%M:%S").to_string());
                                ui.label(format!("{} KB", b.bytes.div_ceil(1024)));
                                if ui.button(lang.pick("恢复", "Restore")).clicked() {
                                    restore = Some(b.path.clone());
                                }
                                ui.end_row();
                            }
                        });
                    });
                });
            if let Some(p) = restore {
                self.cmds.push(Command::RestoreBackup(p));
            }
            if !open {
                self.backups = None;
            }
        }
        if let Some(unit) = &mut self.new_ledger {
            let mut create = None;
            let mut cancel = false;
            egui::Window::new(lang.pick("新建台账", "New ledger"))
                .collapsible(false)
                .show(ctx, |ui| {
                    let label = ui.label(crate::ledger::Field::AssistingUnit.label(lang));
                    ui.text_edit_singleline(unit).labelled_by(label.id);
                    ui.horizontal(|ui| {
                        let ok = crate::ledger::validate::clean_name(unit);
                        if ui
                            .add_enabled(
                                ok.is_ok(),
                                egui::Button::new(
                                    lang.pick("选择位置并创建…", "Choose a file and create…"),
                                ),
                            )
                            .clicked()
                        {
                            create = ok.ok();
                        }
                        cancel = ui.button(text::CANCEL.get(lang)).clicked();
                    });
                });
            if let Some(unit) = create {
                self.cmds.push(Command::NewLedger { unit });
                self.new_ledger = None;
            } else if cancel {
                self.new_ledger = None;
            }
        }
        if self.show_settings {
            let mut open = true;
            egui::Window::new(lang.pick("设置", "Settings"))
                .open(&mut open)
                .show(ctx, |ui| {
                    egui::Grid::new("settings").show(ui, |ui| {
                        ui.label(lang.pick("界面语言", "Language"));
                        ui.horizontal(|ui| {
                            ui.radio_value(
                                &mut self.settings.lang,
                                Lang::Zh,
                                Lang::Zh.native_name(),
                            );
                            ui.radio_value(
                                &mut self.settings.lang,
                                Lang::En,
                                Lang::En.native_name(),
                            );
                        });
                        ui.end_row();
                        let l = ui.label(lang.pick("制表人", "Prepared by"));
                        ui.text_edit_singleline(&mut self.settings.prepared_by)
                            .labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label(lang.pick("审核人", "Reviewed by"));
                        ui.text_edit_singleline(&mut self.settings.reviewed_by)
                            .labelled_by(l.id);
                        ui.end_row();
                    });
                });
            self.show_settings = open;
        }
        if self.confirm_close {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("confirm_close")).show(ctx, |ui| {
                ui.heading(lang.pick("有更改尚未保存", "There are unsaved changes"));
                ui.label(self.status_text());
                ui.horizontal(|ui| {
                    if ui.button(lang.pick("重试保存", "Retry saving")).clicked() {
                        choice = Some(0);
                    }
                    if ui
                        .button(lang.pick("不保存，退出", "Quit without saving"))
                        .clicked()
                    {
                        choice = Some(1);
                    }
                    if ui.button(text::CANCEL.get(lang)).clicked() {
                        choice = Some(2);
                    }
                });
            });
            match choice {
                Some(0) => {
                    self.confirm_close = false;
                    self.cmds.push(Command::RetrySave);
                }
                Some(1) => {
                    self.confirm_close = false;
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Some(2) => self.confirm_close = false,
                _ => {}
            }
        }
    }

    fn no_ledger_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.heading(lang.pick("无法打开台账", "The ledger could not be opened"));
        if let Some((path, m)) = &self.open_error {
            ui.label(RichText::new(m).color(Color32::from_rgb(200, 40, 40)));
            ui.label(lang.pick(
                "文件未被改动。可以打开其他文件、新建台账，或从下列备份中打开一个。",
                "The file was not changed. Open another file, create a new ledger, or open one of these backups.",
            ));
            let backups = store::backup::list(&RealFs, path);
            for b in backups.iter().take(10) {
                if ui
                    .button(format!(
                        "{} {}",
                        lang.pick("打开备份", "Open backup"),
                        b.taken.format("%Y-%m-%d %H:%M:%S")
                    ))
                    .clicked()
                {
                    self.cmds.push(Command::Open(b.path.clone()));
                }
            }
        }
        ui.horizontal(|ui| {
            if ui.button(lang.pick("打开…", "Open…")).clicked() {
                self.cmds.push(Command::OpenDialog);
            }
            if ui.button(lang.pick("新建台账…", "New ledger…")).clicked() {
                self.new_ledger = Some(String::new());
            }
        });
    }

    fn ledger_tab_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let today = self.today;
        let now = self.now();
        let Some(doc) = &self.doc else { return };
        let editable = doc.read_only.is_none();
        egui::Panel::right("entry_form")
            .resizable(true)
            .default_size(380.0)
            .min_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("form_scroll")
                    .show(ui, |ui| {
                        let env = FormEnv {
                            ledger: &doc.ledger,
                            lang,
                            editable,
                            today,
                            now,
                        };
                        entry_form_ui(ui, &mut self.form, &env, &mut self.cmds);
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            filter_bar_ui(ui, &mut self.ledger_view, &doc.ledger, lang, today);
            self.ledger_view.refresh(&doc.ledger, doc.generation);
            ui.horizontal(|ui| {
                let selected = self.ledger_view.selected;
                ui.add_enabled_ui(editable, |ui| {
                    if ui.button(lang.pick("＋ 新增", "+ New")).clicked() {
                        self.cmds.push(Command::NewEntry);
                    }
                    for (label, make) in [
                        (
                            lang.pick("修改", "Edit"),
                            Command::EditEntry as fn(_) -> Command,
                        ),
                        (lang.pick("复制", "Duplicate"), Command::DuplicateEntry),
                        (lang.pick("删除", "Delete"), Command::DeleteEntry),
                    ] {
                        if ui
                            .add_enabled(selected.is_some(), egui::Button::new(label))
                            .clicked()
                            && let Some(id) = selected
                        {
                            self.cmds.push(make(id));
                        }
                    }
                });
            });
            ledger_table_ui(ui, &mut self.ledger_view, &doc.ledger, lang, &mut self.cmds);
        });
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if let Some(d) = self.doc.as_mut() {
            d.take_results();
        }
        self.handle_close(&ctx);
        self.shortcuts(&ctx);
        egui::Panel::top("menu_bar").show(ui, |ui| {
            self.menu_ui(ui);
            self.banners_ui(ui);
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.doc.is_none() {
            egui::CentralPanel::default().show(ui, |ui| self.no_ledger_ui(ui));
        } else {
            match self.tab {
                Tab::Ledger => self.ledger_tab_ui(ui),
                Tab::Totals => {
                    let lang = self.lang();
                    let filter = self.ledger_view.filter.to_filter();
                    if let Some(doc) = &self.doc {
                        egui::CentralPanel::default().show(ui, |ui| {
                            totals_ui(
                                ui,
                                &mut self.totals_view,
                                &doc.ledger,
                                doc.generation,
                                &filter,
                                lang,
                            );
                        });
                    }
                }
                Tab::Master => {
                    let lang = self.lang();
                    let now = self.now();
                    if let Some(doc) = &self.doc {
                        let editable = doc.read_only.is_none();
                        egui::CentralPanel::default().show(ui, |ui| {
                            master_data_ui(
                                ui,
                                &mut self.master_view,
                                &doc.ledger,
                                lang,
                                editable,
                                now,
                                &mut self.cmds,
                            );
                        });
                    }
                }
            }
        }
        self.windows_ui(&ctx);
        self.run_commands(&ctx);
        self.update_title(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }

    fn persist_egui_memory(&self) -> bool {
        // Only settings are remembered; egui's own memory (which may hold typed text)
        // is not.
        false
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.wait_for_saves(Duration::from_secs(10));
    }
}

/// Opens a written file in the system's viewer (PDF reader, Excel/WPS). Failing to start
/// one is not an error: the file is written and its path shown.
fn open_in_viewer(path: &Path) {
    #[cfg(windows)]
    let child = std::process::Command::new("cmd")
        .args(["/C", "start", ""])
        .arg(path)
        .spawn();
    #[cfg(target_os = "macos")]
    let child = std::process::Command::new("open").arg(path).spawn();
    #[cfg(all(unix, not(target_os = "macos")))]
    let child = std::process::Command::new("xdg-open").arg(path).spawn();
    drop(child);
}
