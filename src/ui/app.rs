//! The app: holds the open [`Document`], the views and the windows, and lays out a
//! frame. Views and windows return [`Command`]s; [`super::handler`] runs them after the
//! frame's UI.

use super::backups_window::BackupsWindow;
use super::close_dialog::CloseDialog;
use super::commands::Command;
use super::document::Document;
use super::entry_form::EntryForm;
use super::jobs::{JobResult, Jobs};
use super::ledger_view::LedgerView;
use super::master_data::{MasterView, master_data_ui};
use super::new_ledger_window::NewLedgerWindow;
use super::platform::{NativePlatform, Platform};
use super::print_dialog::PrintDialog;
use super::settings::{STORAGE_KEY, Settings};
use super::settings_window::SettingsWindow;
use super::totals_view::{TotalsView, totals_ui};
use super::{fonts, menu_bar};
use crate::i18n::{Lang, ui as words};
use crate::ledger::{Ledger, Stamp};
use crate::store::{self, Backup, OpenNotes, Store};
use chrono::{Local, NaiveDate, Timelike};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The unit name a brand-new ledger gets until the user renames it.
pub const PLACEHOLDER_UNIT: &str = "帮扶单位";

/// How the app is started; tests inject everything.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// The ledger to open (`bangfu FILE`); `None`: the last one used, else the default.
    pub file: Option<PathBuf>,
    /// Today's date (for presets and new entries); `None`: the real date.
    pub today: Option<NaiveDate>,
    /// Settings to start with instead of those in eframe's storage.
    pub settings: Option<Settings>,
    /// File dialogs and the system viewer; `None`: the real desktop's.
    pub platform: Option<Arc<dyn Platform>>,
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
    /// The rectification ledger (整改台账).
    Findings,
}

/// The desktop app.
pub struct App {
    pub(super) settings: Settings,
    /// The settings as last written to eframe's storage (`None`: not written yet).
    pub(super) persisted: Option<Settings>,
    pub(super) today: NaiveDate,
    pub(super) ctx: Option<egui::Context>,
    pub(super) platform: Arc<dyn Platform>,
    pub(super) doc: Option<Document>,
    pub(super) open_error: Option<(PathBuf, String)>,
    pub(super) tab: Tab,
    pub(super) ledger_view: LedgerView,
    pub(super) totals_view: TotalsView,
    pub(super) master_view: MasterView,
    pub(super) findings_view: super::findings_view::FindingsView,
    pub(super) form: EntryForm,
    pub(super) cmds: Vec<Command>,
    pub(super) message: Option<String>,
    pub(super) offer_sample: bool,
    pub(super) jobs: Jobs,
    /// The backups of a ledger, as last listed (by a job).
    pub(super) backups: Option<(PathBuf, Vec<Backup>)>,
    pub(super) backups_window: Option<BackupsWindow>,
    pub(super) new_ledger: Option<NewLedgerWindow>,
    pub(super) settings_window: Option<SettingsWindow>,
    /// The print / export dialog, while open.
    pub(super) print: Option<PrintDialog>,
    pub(super) close_dialog: Option<CloseDialog>,
    /// The import wizard, while open.
    pub(super) import: Option<super::import_wizard::ImportWizard>,
    /// The findings import window (整改台账 → 导入问题…), while open.
    pub(super) findings_import: Option<super::findings_import::FindingsImport>,
    /// The merge dialog, while open.
    pub(super) merge: Option<super::merge_dialog::MergeDialog>,
    /// The period lock dialog (结账), while open.
    pub(super) lock_dialog: Option<super::lock_dialog::LockDialog>,
    /// The edit history's windows and questions.
    pub(super) history: super::history_window::HistoryUi,
    /// Evidence thumbnails: the worker and its cache.
    pub(super) thumbs: super::thumbs::Thumbs,
    /// The evidence panel's state (a removal waiting for its yes).
    pub(super) evidence: super::evidence_panel::EvidencePanel,
    /// The evidence viewer and whose files it shows, while open.
    pub(super) viewer: Option<(crate::ledger::Owner, super::evidence_viewer::EvidenceViewer)>,
    /// The evidence pack dialog, while open.
    pub(super) evidence_pack: Option<super::evidence_pack_dialog::EvidencePackDialog>,
    /// Records whose files are being copied in (one per running job).
    pub(super) adding: Vec<crate::ledger::Owner>,
    pub(super) allow_close: bool,
    /// The unit's name as typed at a first start.
    pub(super) unit_draft: String,
    /// Give the unit-name field the keyboard on the next frame.
    pub(super) focus_unit: bool,
    /// The open file and its modified time as last seen (a read-only copy reloads when
    /// it changes).
    pub(super) watched: Option<(PathBuf, Option<SystemTime>)>,
    /// When the read-only copy last looked at its file.
    last_look: Option<Instant>,
    /// The window was fitted to its screen.
    fitted: bool,
    title: String,
}

/// How often a read-only copy looks whether the writer saved.
const LOOK_EVERY: Duration = Duration::from_secs(3);

pub(super) fn now_stamp() -> Stamp {
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
            persisted: None,
            today,
            ctx: Some(cc.egui_ctx.clone()),
            platform: options
                .platform
                .clone()
                .unwrap_or_else(|| Arc::new(NativePlatform)),
            doc: None,
            open_error: None,
            tab: Tab::Ledger,
            ledger_view: LedgerView::default(),
            totals_view: TotalsView::default(),
            master_view: MasterView::default(),
            findings_view: super::findings_view::FindingsView::default(),
            form: EntryForm::new(today),
            cmds: Vec::new(),
            message: None,
            offer_sample: false,
            jobs: Jobs::new(Some(cc.egui_ctx.clone())),
            backups: None,
            backups_window: None,
            new_ledger: None,
            settings_window: None,
            print: None,
            close_dialog: None,
            import: None,
            findings_import: None,
            merge: None,
            lock_dialog: None,
            history: Default::default(),
            thumbs: super::thumbs::Thumbs::new(Some(cc.egui_ctx.clone())),
            evidence: super::evidence_panel::EvidencePanel::default(),
            viewer: None,
            evidence_pack: None,
            adding: Vec::new(),
            allow_close: false,
            unit_draft: String::new(),
            focus_unit: false,
            watched: None,
            last_look: None,
            fitted: false,
            title: String::new(),
        };
        let path = options
            .file
            .clone()
            .or_else(|| app.settings.last_file().map(Path::to_path_buf))
            .unwrap_or_else(store::paths::default_ledger);
        // The first file opens before the window shows: nothing to draw meanwhile.
        if path.exists() {
            let result = Store::open(&path);
            app.opened(&path, result);
        } else {
            app.create_default(&path);
        }
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

    /// The last message shown in the status bar (what a command did or why it failed).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// True when every edit is on disk (or the ledger is read-only).
    pub fn is_saved(&self) -> bool {
        self.doc.as_ref().is_none_or(|d| !d.unsaved())
    }

    /// The current status line, as the status bar shows it.
    pub fn status_text(&self) -> String {
        let lang = self.lang();
        match &self.doc {
            None => words::NO_LEDGER_OPEN.get(lang).to_string(),
            Some(d) => d.status(lang),
        }
    }

    /// What a background job is doing now, if one is running.
    pub fn running_job(&self) -> Option<&'static str> {
        self.jobs.running().map(|t| t.get(self.lang()))
    }

    /// The kind chosen in the entry form (for tests of the keyboard path).
    pub fn form_kind(&self) -> Option<crate::ledger::Kind> {
        self.form.draft.kind
    }

    /// The window's title as last sent (the unit and the file).
    pub fn window_title(&self) -> &str {
        &self.title
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
        self.doc.as_mut().is_none_or(|d| d.wait_for_saves(timeout))
    }

    /// Waits (up to `timeout`) for the background jobs and takes their results, as the
    /// next frame would. For tests.
    pub fn wait_for_jobs(&mut self, timeout: Duration) {
        for done in self.jobs.wait(timeout) {
            self.on_job(done);
        }
    }

    /// Waits (up to `timeout`) until every thumbnail asked for is decoded (or found
    /// missing or damaged). For tests. True if nothing is left pending.
    pub fn wait_for_thumbs(&mut self, timeout: Duration) -> bool {
        match self.ctx.clone() {
            Some(ctx) => self.thumbs.wait(&ctx, timeout),
            None => !self.thumbs.busy(),
        }
    }

    /// The size (width, height) of a stored file's thumbnail, once it is decoded.
    pub fn thumbnail_size(&self, hash: &str) -> Option<[usize; 2]> {
        self.thumbs.ready_size(&super::thumbs::ThumbKey {
            hash: hash.to_string(),
            side: super::thumbs::THUMB_SIDE,
        })
    }

    /// How many pictures the thumbnail worker has decoded so far.
    pub fn thumbnails_decoded(&self) -> u64 {
        self.thumbs.decoded
    }

    /// Which file the evidence viewer shows (its place in the record's list), if open.
    pub fn viewer_index(&self) -> Option<usize> {
        self.viewer.as_ref().map(|(_, v)| v.index)
    }

    /// How often the ledger table's row index and the summary were rebuilt
    /// (`(index, summary)`), to check caching.
    pub fn rebuild_counts(&self) -> (u64, u64) {
        (self.ledger_view.rebuilds, self.totals_view.computations)
    }

    // ---- opening and creating ----

    fn create_default(&mut self, path: &Path) {
        let ledger = Ledger::new(PLACEHOLDER_UNIT);
        match Store::create(path, &ledger) {
            Ok(store) => {
                self.install(store, ledger, None);
                self.offer_sample = true;
                self.focus_unit = true;
            }
            Err(e) => self.open_failed(path, e.message(self.lang())),
        }
    }

    /// Takes the result of opening a file (at start or from a job).
    pub(super) fn opened(
        &mut self,
        path: &Path,
        result: Result<(Store, Ledger, OpenNotes), store::StoreError>,
    ) {
        let lang = self.lang();
        match result {
            Ok((store, ledger, notes)) => {
                let note = notes.message(lang);
                self.offer_sample = ledger.entries.is_empty() && store.read_only().is_none();
                self.doc = None;
                self.install(store, ledger, note);
            }
            Err(e) if self.doc.is_some() => self.message = Some(e.message(lang)),
            Err(e) => self.open_failed(path, e.message(lang)),
        }
    }

    fn open_failed(&mut self, path: &Path, message: String) {
        self.doc = None;
        self.open_error = Some((path.to_path_buf(), message));
        self.list_backups(path);
    }

    /// Makes a freshly opened or created store the current document.
    pub(super) fn install(&mut self, store: Store, ledger: Ledger, note: Option<String>) {
        let doc = Document::new(store, ledger, note, self.ctx.clone());
        let modified = std::fs::metadata(&doc.path).and_then(|m| m.modified()).ok();
        self.watched = Some((doc.path.clone(), modified));
        self.last_look = None;
        self.settings.remember(&doc.path);
        self.doc = Some(doc);
        self.open_error = None;
        self.ledger_view.selected = None;
        self.form = EntryForm::new(self.today);
        self.backups = None;
        self.backups_window = None;
        self.lock_dialog = None;
        // The history and the ledger as it was belong to the file that was open.
        self.history = Default::default();
        // Another ledger, other stored files: nothing seen of the last one is kept.
        self.thumbs = super::thumbs::Thumbs::new(self.ctx.clone());
        self.evidence = super::evidence_panel::EvidencePanel::default();
        self.viewer = None;
        self.evidence_pack = None;
    }

    // ---- frame ----

    /// A read-only copy looks every few seconds, off the UI thread, whether the file's
    /// modified time changed, and then reads it again (the handler swaps it in).
    fn look_at_file(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let Some(doc) = &self.doc else { return };
        if doc.read_only.is_none() {
            return;
        }
        ctx.request_repaint_after(LOOK_EVERY);
        if self.jobs.quiet_running() || self.last_look.is_some_and(|t| t.elapsed() < LOOK_EVERY) {
            return;
        }
        self.last_look = Some(Instant::now());
        let path = doc.path.clone();
        let known = self
            .watched
            .as_ref()
            .filter(|(p, _)| *p == path)
            .and_then(|(_, m)| *m);
        self.jobs.spawn_quiet(move || {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            let ledger = (modified.is_some() && modified != known).then(|| {
                store::read_ledger(&crate::store::fs::RealFs, &path)
                    .map(Box::new)
                    .map_err(|e| e.message(lang))
            });
            JobResult::Refreshed {
                path,
                modified,
                ledger,
            }
        });
    }

    /// The first window fits the screen it opens on: a saved or default size taller or
    /// wider than the monitor (1280×800 on a 1366×768 laptop) is shrunk and the window
    /// moved to the top left, so the status bar is on screen.
    fn fit_to_screen(&mut self, ctx: &egui::Context) {
        if self.fitted {
            return;
        }
        let (monitor, inner, outer) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.inner_rect, v.outer_rect)
        });
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            return;
        };
        self.fitted = true;
        // Room for the title bar and frame, and a taskbar.
        let frame = outer.map_or(egui::vec2(0.0, 30.0), |o| o.size() - inner.size());
        let max = monitor - frame - egui::vec2(0.0, 48.0);
        let fitted = inner.size().min(max).max(egui::vec2(640.0, 400.0));
        if fitted != inner.size() {
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fitted));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let title = match &self.doc {
            Some(d) => words::window_title(
                lang,
                &d.ledger.unit,
                &d.file_name(),
                d.unsaved(),
                d.read_only.is_some(),
            ),
            None => words::APP_NAME.get(lang).to_string(),
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
            self.close_dialog = Some(CloseDialog);
        }
    }

    fn views_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let now = now_stamp();
        let Some(doc) = &self.doc else {
            egui::CentralPanel::default().show(ui, |ui| self.start_screen_ui(ui));
            return;
        };
        match self.tab {
            Tab::Ledger => self.ledger_tab_ui(ui),
            Tab::Totals => {
                let filter = self.ledger_view.filter.to_filter();
                let editable = doc.read_only.is_none();
                egui::CentralPanel::default().show(ui, |ui| {
                    totals_ui(
                        ui,
                        &mut self.totals_view,
                        &doc.feed(),
                        &filter,
                        (lang, editable),
                        &mut self.cmds,
                    );
                });
            }
            Tab::Master => {
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
            Tab::Findings => {
                let owner = super::finding_form::editing_id(&self.findings_view.form)
                    .map(crate::ledger::Owner::Finding);
                let env = super::evidence_panel::PanelEnv {
                    ledger: &doc.ledger,
                    ledger_path: &doc.path,
                    owner,
                    lang,
                    editable: doc.read_only.is_none(),
                    adding: owner.is_some_and(|o| self.adding.contains(&o)),
                    select_hint: crate::i18n::evidence_ui::SELECT_FINDING,
                };
                super::evidence_panel::bottom_panel_ui(
                    ui,
                    "finding_evidence",
                    (&mut self.evidence, &mut self.thumbs),
                    &env,
                    &mut self.cmds,
                );
                let followed = super::findings_view::findings_ui(
                    ui,
                    &mut self.findings_view,
                    &doc.ledger,
                    lang,
                    self.today,
                    self.ledger_view.selected,
                    doc.read_only.is_none(),
                    &mut self.cmds,
                );
                if let Some(super::findings_view::FindingsAction::ShowEntry(id)) = followed {
                    self.ledger_view.selected = Some(id);
                    self.ledger_view.scroll_to_selected = true;
                    self.tab = Tab::Ledger;
                }
            }
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if let Some(d) = self.doc.as_mut() {
            d.take_results();
        }
        for done in self.jobs.poll() {
            self.on_job(done);
        }
        self.thumbs.poll(&ctx);
        self.fit_to_screen(&ctx);
        self.look_at_file(&ctx);
        self.handle_close(&ctx);
        let untouched = self.form.focused_but_untouched(&ctx);
        menu_bar::shortcuts(&ctx, &mut self.cmds, untouched);
        if self.tab == Tab::Ledger && self.import.is_none() {
            let pasted = super::import_wizard::pasted_rows(&ctx).map(Command::Transfer);
            self.cmds.extend(pasted);
        }
        let dropped = super::evidence_panel::dropped_or_pasted(&ctx);
        self.cmds.extend(dropped.into_iter().map(Command::Evidence));
        egui::Panel::top("menu_bar").show(ui, |ui| {
            self.menu_bar_ui(ui);
            self.banners_ui(ui);
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        self.views_ui(ui);
        self.windows_ui(&ctx);
        self.drop_hint_ui(&ctx);
        // Thumbnails not asked for in this frame (scrolled away) leave the queue.
        self.thumbs.end_frame();
        self.run_commands(&ctx);
        self.update_title(&ctx);
        self.persist_settings(frame);
        if self.form.focus_pending() && self.tab == Tab::Ledger {
            ctx.request_repaint();
        }
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
