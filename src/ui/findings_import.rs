//! 整改台账 → 导入问题…: a findings list (CSV, .xlsx, .xls, .ods) comes in as the CLI's
//! `bangfu findings import` does it, with a preview first. The file is read and planned off
//! the UI thread ([`crate::transfer::findings::read_path`],
//! [`crate::ledger::findings_import::plan_findings_import`]); the window shows the sheet
//! chooser, what will be added and the first findings as they will be stored, or every
//! problem with its row and field; 导入 N 条 applies the plan's edit (one undo step).
//! The window does no I/O: it returns [`FindingsImportCommand`]s that the handler runs
//! ([`App::run_findings_import`]).

use super::app::App;
use super::jobs::JobResult;
use super::platform::{FileFilter, FileRequest};
use crate::i18n::{Lang, findings as words, transfer as transfer_words};
use crate::ledger::findings_import::{FindingsPlan, ImportProblem, plan_findings_import};
use crate::ledger::{EditError, Ledger};
use crate::transfer::findings::{FindingsTable, ReadError, is_unknown_village, read_path};
use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;
use std::sync::Arc;

/// How many findings the preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// What the findings import window asks the app for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingsImportCommand {
    /// Read another sheet of the file.
    ReadSheet(String),
    /// 新建未知的村 changed: check the rows again.
    Replan,
    /// Import the checked findings (one undoable edit).
    Confirm,
    /// Close the window without importing.
    Close,
}

/// A checked findings list: the plan and the ledger as it would be after it.
#[derive(Clone, Debug)]
pub struct FindingsChecked {
    /// What the import adds.
    pub plan: FindingsPlan,
    /// The ledger with the plan applied (only the preview reads it).
    pub after: Arc<Ledger>,
    /// The index of the first new finding in `after.findings`.
    pub first: usize,
    /// The ledger it was checked against (a changed ledger is checked again first).
    pub against: Arc<Ledger>,
}

/// Why a findings list cannot be imported.
#[derive(Clone, Debug)]
pub enum CheckFailed {
    /// Every problem of the list (row and field named).
    Problems(Vec<ImportProblem>),
    /// The plan does not apply to the ledger (it changed meanwhile).
    Edit(EditError),
}

impl CheckFailed {
    /// Whether 新建未知的村 would take a problem away.
    pub fn has_unknown_village(&self) -> bool {
        match self {
            CheckFailed::Problems(ps) => ps.iter().any(is_unknown_village),
            CheckFailed::Edit(_) => false,
        }
    }

    /// The problems as lines in the user's language.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match self {
            CheckFailed::Problems(ps) => ps.iter().map(|p| p.message(lang)).collect(),
            CheckFailed::Edit(e) => vec![e.message(lang)],
        }
    }
}

/// What a findings import job brings back.
#[derive(Debug)]
pub enum FindingsImportDone {
    /// The file (a sheet of it) was read.
    Read {
        /// The file.
        path: PathBuf,
        /// Its findings list, or why it could not be read.
        result: Result<FindingsTable, ReadError>,
    },
    /// The list was checked.
    Checked {
        /// The window's generation the check was made for.
        generation: u64,
        /// The plan and the ledger after it, or every problem.
        result: Box<Result<FindingsChecked, CheckFailed>>,
    },
}

/// The findings import window's state.
#[derive(Debug)]
pub struct FindingsImport {
    /// The file chosen.
    pub path: PathBuf,
    /// The workbook's sheets (empty for CSV), as last read.
    pub sheets: Vec<String>,
    /// The sheet shown.
    pub sheet: String,
    /// The list read; `None` while reading.
    pub read: Option<Result<Arc<FindingsTable>, ReadError>>,
    /// 新建未知的村.
    pub create: bool,
    /// The last check; `None` while checking.
    pub checked: Option<Result<FindingsChecked, CheckFailed>>,
    /// Counts checks, so a late result of an older check is dropped.
    pub generation: u64,
}

impl FindingsImport {
    /// A window on a file being read.
    pub fn new(path: PathBuf) -> FindingsImport {
        FindingsImport {
            path,
            sheets: Vec::new(),
            sheet: String::new(),
            read: None,
            create: false,
            checked: None,
            generation: 0,
        }
    }

    /// Shows the window; returns what the user asked for.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Vec<FindingsImportCommand> {
        let mut out = Vec::new();
        let mut open = true;
        egui::Window::new(words::IMPORT_FINDINGS_TITLE.get(lang))
            .id(egui::Id::unique("findings_import"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([860.0, 480.0])
            .default_pos(egui::pos2(40.0, 80.0))
            .show(ctx, |ui| self.contents(ui, lang, &mut out));
        if !open {
            out.push(FindingsImportCommand::Close);
        }
        out
    }

    fn contents(&mut self, ui: &mut egui::Ui, lang: Lang, out: &mut Vec<FindingsImportCommand>) {
        ui.label(self.path.display().to_string());
        let table = match &self.read {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(words::JOB_READING_FINDINGS.get(lang));
                });
                None
            }
            Some(Err(e)) => {
                for line in e.lines(lang) {
                    ui.colored_label(ui.visuals().error_fg_color, line);
                }
                None
            }
            Some(Ok(t)) => Some(Arc::clone(t)),
        };
        if self.sheets.len() > 1 {
            ui.horizontal(|ui| {
                let label = ui.label(transfer_words::SHEET.get(lang));
                let mut chosen = self.sheet.clone();
                egui::ComboBox::from_id_salt("findings_import_sheet")
                    .selected_text(chosen.clone())
                    .show_ui(ui, |ui| {
                        for s in &self.sheets {
                            ui.selectable_value(&mut chosen, s.clone(), s.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if chosen != self.sheet {
                    out.push(FindingsImportCommand::ReadSheet(chosen));
                }
            });
        }
        if let Some(t) = &table {
            ui.label(transfer_words::header_row_used(
                lang,
                &t.sheet,
                t.first_row.saturating_sub(1),
            ));
            if ui
                .checkbox(&mut self.create, words::CREATE_VILLAGES.get(lang))
                .changed()
            {
                out.push(FindingsImportCommand::Replan);
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            let ready = match &self.checked {
                Some(Ok(c)) if table.is_some() => Some(c.plan.findings),
                _ => None,
            };
            let label = words::import_findings_button(lang, ready.unwrap_or(0));
            if ui
                .add_enabled(ready.is_some_and(|n| n > 0), egui::Button::new(label))
                .clicked()
            {
                out.push(FindingsImportCommand::Confirm);
            }
            if ui.button(transfer_words::CANCEL.get(lang)).clicked() {
                out.push(FindingsImportCommand::Close);
            }
        });
        ui.separator();
        if table.is_some() {
            self.result_ui(ui, lang);
        }
    }

    fn result_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        match &self.checked {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(words::JOB_CHECKING_FINDINGS.get(lang));
                });
            }
            Some(Err(failed)) => {
                let lines = failed.lines(lang);
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    words::findings_problems(lang, lines.len()),
                );
                egui::ScrollArea::vertical()
                    .id_salt("findings_import_problems")
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        for line in lines {
                            ui.label(line);
                        }
                        if failed.has_unknown_village() && !self.create {
                            ui.label(words::CREATE_HINT_APP.get(lang));
                        }
                    });
            }
            Some(Ok(c)) => {
                ui.label(
                    RichText::new(words::findings_to_import(
                        lang,
                        c.plan.findings,
                        &c.plan.new_villages,
                    ))
                    .strong(),
                );
                let shown = c.plan.findings.min(PREVIEW_ROWS);
                ui.label(words::findings_preview_heading(
                    lang,
                    shown,
                    c.plan.findings,
                ));
                preview_table(ui, c, shown, lang);
            }
        }
    }
}

/// The first `shown` new findings as they will be stored: village, source, category,
/// description, deadline, status.
fn preview_table(ui: &mut egui::Ui, c: &FindingsChecked, shown: usize, lang: Lang) {
    let after = &c.after;
    let new = after.findings.get(c.first..).unwrap_or_default();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let headings = [
        words::VILLAGE,
        words::ROUND,
        words::CATEGORY,
        words::DESCRIPTION,
        words::DEADLINE,
        words::STATUS,
    ];
    TableBuilder::new(ui)
        .id_salt("findings_import_preview")
        .striped(true)
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .column(Column::auto().at_least(60.0).clip(true))
        .column(Column::auto().at_least(80.0).clip(true))
        .column(Column::auto().at_least(80.0).clip(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(56.0))
        .header(row_height, |mut h| {
            for t in headings {
                h.col(|ui| {
                    ui.strong(t.get(lang));
                });
            }
        })
        .body(|body| {
            body.rows(row_height, shown.min(new.len()), |mut row| {
                let f = &new[row.index()];
                let cells = [
                    after.village_name(f.village).to_string(),
                    after.round_name(f.round).to_string(),
                    after.finding_category_name(f.category).to_string(),
                    f.description.clone(),
                    f.deadline.to_string(),
                    f.status.label(lang).to_string(),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.label(text);
                    });
                }
            });
        });
}

/// The file dialog's filter: the formats the findings import reads.
fn findings_filter(lang: Lang) -> FileFilter {
    FileFilter {
        name: transfer_words::SPREADSHEETS.get(lang).to_string(),
        extensions: ["csv", "xlsx", "xls", "ods"].map(String::from).to_vec(),
    }
}

impl App {
    /// 导入问题…: asks for the file (a dialog that cannot open is reported) and opens the
    /// window on it while it is read.
    pub(super) fn choose_findings_file(&mut self) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let request = FileRequest {
            title: words::IMPORT_FINDINGS_TITLE.get(lang).to_string(),
            file_name: String::new(),
            folder: doc.folder(),
            filter: findings_filter(lang),
        };
        if let Some(path) = self.ask_open(&request) {
            self.findings_import = Some(FindingsImport::new(path.clone()));
            self.read_findings(path, None);
        }
    }

    fn read_findings(&mut self, path: PathBuf, sheet: Option<String>) {
        self.jobs.spawn(words::JOB_READING_FINDINGS, move || {
            let result = read_path(&path, sheet.as_deref());
            JobResult::FindingsImport(Box::new(FindingsImportDone::Read { path, result }))
        });
    }

    /// Checks the window's list against the ledger off the UI thread.
    fn check_findings(&mut self) {
        let (Some(w), Some(doc)) = (self.findings_import.as_mut(), self.doc.as_ref()) else {
            return;
        };
        let Some(Ok(table)) = &w.read else { return };
        w.generation += 1;
        w.checked = None;
        let generation = w.generation;
        let table = Arc::clone(table);
        let create = w.create;
        let ledger = Arc::clone(&doc.ledger);
        self.jobs.spawn(words::JOB_CHECKING_FINDINGS, move || {
            let result =
                plan_findings_import(&ledger, &table.header, &table.rows, table.first_row, create)
                    .map_err(CheckFailed::Problems)
                    .and_then(|plan| {
                        let mut after = Ledger::clone(&ledger);
                        let first = after.findings.len();
                        after.apply(&plan.edit).map_err(CheckFailed::Edit)?;
                        Ok(FindingsChecked {
                            plan,
                            after: Arc::new(after),
                            first,
                            against: Arc::clone(&ledger),
                        })
                    });
            JobResult::FindingsImport(Box::new(FindingsImportDone::Checked {
                generation,
                result: Box::new(result),
            }))
        });
    }

    /// Runs what the window asked for.
    pub(super) fn run_findings_import(&mut self, c: FindingsImportCommand) {
        let lang = self.lang();
        match c {
            FindingsImportCommand::ReadSheet(name) => {
                if let Some(w) = self.findings_import.as_mut() {
                    w.sheet = name.clone();
                    w.read = None;
                    w.checked = None;
                    w.generation += 1;
                    let path = w.path.clone();
                    self.read_findings(path, Some(name));
                }
            }
            FindingsImportCommand::Replan => self.check_findings(),
            FindingsImportCommand::Confirm => {
                let Some(Some(Ok(c))) = self.findings_import.as_ref().map(|w| w.checked.as_ref())
                else {
                    return;
                };
                // The ledger changed since the check (an edit, another file): check again.
                let current = self.doc.as_ref().map(|d| Arc::clone(&d.ledger));
                if !current.is_some_and(|l| Arc::ptr_eq(&l, &c.against)) {
                    self.check_findings();
                    return;
                }
                let (edit, n) = (c.plan.edit.clone(), c.plan.findings);
                self.message = None;
                self.apply_edit(edit);
                if self.message.is_none() {
                    self.findings_import = None;
                    self.message = Some(words::imported_findings(lang, n));
                }
            }
            FindingsImportCommand::Close => self.findings_import = None,
        }
    }

    /// A findings import job finished: show what was read and check it, or show the check.
    pub(super) fn on_findings_import(&mut self, done: FindingsImportDone) {
        let Some(w) = self.findings_import.as_mut() else {
            return;
        };
        match done {
            FindingsImportDone::Read { path, result } => {
                // A late read of a file or sheet no longer shown is dropped.
                let sheet_read = match &result {
                    Ok(t) => Some(t.sheet.as_str()),
                    Err(ReadError::NoHeader { sheet, .. }) => Some(sheet.as_str()),
                    Err(_) => None,
                };
                let other_sheet = !w.sheet.is_empty() && sheet_read.is_some_and(|s| s != w.sheet);
                if path != w.path || other_sheet {
                    return;
                }
                match &result {
                    Ok(t) => (w.sheets, w.sheet) = (t.sheets.clone(), t.sheet.clone()),
                    Err(ReadError::NoHeader { sheet, sheets }) => {
                        (w.sheets, w.sheet) = (sheets.clone(), sheet.clone());
                    }
                    Err(_) => {}
                }
                let ok = result.is_ok();
                w.read = Some(result.map(Arc::new));
                if ok {
                    self.check_findings();
                }
            }
            FindingsImportDone::Checked { generation, result } => {
                if w.generation == generation {
                    w.checked = Some(*result);
                }
            }
        }
    }
}
