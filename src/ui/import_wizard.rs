//! 文件 → 导入… and pasted cells: the import wizard. It shows the sheet chosen, the header
//! row found and what each column holds (each changeable), then a preview of every row as
//! it will be stored, or every bad cell as `Sheet1!A12` with its reason; 导入 N 条 is
//! enabled only when nothing is bad. It does no I/O: it returns [`TransferCommand`]s,
//! which the handler runs (reading, planning off the UI thread, the one undoable edit).

use crate::i18n::{Lang, transfer as words};
use crate::ledger::Ledger;
use crate::ledger::fields::{ENTRY_FIELDS, table_columns};
use crate::transfer::csv::{ImportErrors, ImportPlan};
use crate::transfer::table::{ColumnMap, Header, TextTable, column_letters};
use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;
use std::sync::Arc;

/// What the import wizard, the merge dialog and the export menu items ask the app for.
#[derive(Clone, Debug, PartialEq)]
pub enum TransferCommand {
    /// Read another sheet of the wizard's file.
    ReadSheet(String),
    /// The mapping changed: check the rows again.
    Replan,
    /// Import the checked rows (one undoable edit).
    ConfirmImport,
    /// Close the wizard without importing.
    CloseWizard,
    /// Cells pasted on the ledger table (tab-separated text).
    Paste(String),
    /// Merge with the choices made in the merge dialog.
    ConfirmMerge,
    /// Close the merge dialog without merging.
    CloseMerge,
}

/// Where the wizard's rows come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file (spreadsheet or CSV).
    File(PathBuf),
    /// Cells pasted from the clipboard.
    Pasted,
}

/// The rows checked: the plan and the ledger as it would be after it (for the preview).
#[derive(Clone, Debug)]
pub struct Checked {
    /// What the import adds.
    pub plan: ImportPlan,
    /// The ledger with the plan applied (only the preview reads it).
    pub after: Arc<Ledger>,
    /// The index of the first new entry in `after.entries`.
    pub first: usize,
}

/// The import wizard's state.
#[derive(Debug)]
pub struct ImportWizard {
    /// Where the rows come from.
    pub source: Source,
    /// The workbook's sheets (empty for CSV and pasted cells).
    pub sheets: Vec<String>,
    /// The sheet shown.
    pub sheet: String,
    /// The sheet's cells.
    pub table: Arc<TextTable>,
    /// The header row and the mapping.
    pub header: Header,
    /// No header row was found (columns by position).
    pub by_position: bool,
    /// The result of the last check; `None` while checking.
    pub checked: Option<Result<Checked, ImportErrors>>,
    /// Counts checks, so a late result of an older mapping is dropped.
    pub generation: u64,
    /// A problem reading the file or the sheet.
    pub error: Option<String>,
    /// Only the sheet's first rows are here (shown at once); the rest is being read, and
    /// nothing is checked or imported until it is.
    pub reading_rest: bool,
}

/// How many rows of a sheet the wizard reads first and shows while it reads the rest.
pub const FIRST_ROWS: usize = 200;

impl ImportWizard {
    /// A wizard on a table just read (the header found, or columns by position).
    pub fn new(source: Source, sheets: Vec<String>, sheet: String, table: TextTable) -> Self {
        let (header, by_position) = match Header::detect(&table) {
            Some(h) => (h, false),
            None => (Header::by_position(table.width()), true),
        };
        ImportWizard {
            source,
            sheets,
            sheet,
            table: Arc::new(table),
            header,
            by_position,
            checked: None,
            generation: 0,
            error: None,
            reading_rest: false,
        }
    }

    /// A wizard on pasted cells: the first row is the header when it names fields, else
    /// the columns are taken by position.
    pub fn pasted(table: TextTable) -> Self {
        let header = crate::transfer::table::paste_header(&table);
        ImportWizard {
            source: Source::Pasted,
            sheets: Vec::new(),
            sheet: String::new(),
            by_position: header.row.is_none(),
            table: Arc::new(table),
            header,
            checked: None,
            generation: 0,
            error: None,
            reading_rest: false,
        }
    }

    /// Shows the wizard; returns what the user asked for.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Vec<TransferCommand> {
        let mut out = Vec::new();
        let mut open = true;
        egui::Window::new(words::IMPORT_TITLE.get(lang))
            .id(egui::Id::unique("import_wizard"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([900.0, 560.0])
            .default_pos(egui::pos2(24.0, 64.0))
            .show(ctx, |ui| self.contents(ui, lang, &mut out));
        if !open {
            out.push(TransferCommand::CloseWizard);
        }
        out
    }

    fn contents(&mut self, ui: &mut egui::Ui, lang: Lang, out: &mut Vec<TransferCommand>) {
        ui.horizontal(|ui| {
            match &self.source {
                Source::File(p) => ui.label(p.display().to_string()),
                Source::Pasted => ui.label(words::PASTED.get(lang)),
            };
            if self.sheets.len() > 1 {
                ui.separator();
                let label = ui.label(words::SHEET.get(lang));
                let mut chosen = self.sheet.clone();
                egui::ComboBox::from_id_salt("import_sheet")
                    .selected_text(chosen.clone())
                    .show_ui(ui, |ui| {
                        for s in &self.sheets {
                            ui.selectable_value(&mut chosen, s.clone(), s.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if chosen != self.sheet {
                    out.push(TransferCommand::ReadSheet(chosen));
                }
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        match self.header.row {
            Some(i) => {
                let number = self.table.rows.get(i).map_or(0, |r| r.number);
                ui.label(words::header_row_used(lang, &self.sheet, number));
            }
            None if self.by_position => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    words::NO_HEADER_BY_POSITION.get(lang),
                );
            }
            None => {}
        }
        self.mapping_ui(ui, lang, out);
        ui.separator();
        // The buttons above the preview, so a long preview never pushes them away.
        ui.horizontal(|ui| {
            let ready = match &self.checked {
                Some(Ok(c)) => Some(c.plan.entries),
                _ => None,
            };
            let label = words::import_button(lang, ready.unwrap_or(0));
            if ui
                .add_enabled(ready.is_some_and(|n| n > 0), egui::Button::new(label))
                .clicked()
            {
                out.push(TransferCommand::ConfirmImport);
            }
            if ui.button(words::CANCEL.get(lang)).clicked() {
                out.push(TransferCommand::CloseWizard);
            }
        });
        ui.separator();
        self.result_ui(ui, lang);
    }

    fn mapping_ui(&mut self, ui: &mut egui::Ui, lang: Lang, out: &mut Vec<TransferCommand>) {
        ui.label(RichText::new(words::MAPPING.get(lang)).strong());
        let mut changed = false;
        egui::ScrollArea::horizontal()
            .id_salt("import_mapping")
            .show(ui, |ui| {
                egui::Grid::new("import_mapping_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label(words::COLUMN.get(lang));
                        for i in 0..self.header.columns.len() {
                            ui.label(column_letters(self.table.first_col + i));
                        }
                        ui.end_row();
                        ui.label(words::HEADER_TEXT.get(lang));
                        for t in &self.header.texts {
                            ui.label(t);
                        }
                        ui.end_row();
                        ui.label(words::FIELD.get(lang));
                        let first_col = self.table.first_col;
                        for (i, map) in self.header.columns.iter_mut().enumerate() {
                            let before = *map;
                            egui::ComboBox::from_id_salt(("import_map", i))
                                .selected_text(map_label(*map, lang))
                                // Every field at once: a list that scrolls hides the
                                // choice a user is looking for.
                                .height(640.0)
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(map, None, words::IGNORED.get(lang));
                                    for c in ColumnMap::choices() {
                                        ui.selectable_value(map, Some(c), map_label(Some(c), lang));
                                    }
                                })
                                .response
                                .accessible_name(words::column_field(
                                    lang,
                                    &column_letters(first_col + i),
                                ));
                            changed |= *map != before;
                        }
                        ui.end_row();
                    });
            });
        if changed {
            out.push(TransferCommand::Replan);
        }
    }

    fn result_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        match &self.checked {
            None if self.reading_rest => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(words::READING_REST.get(lang));
                });
                self.raw_rows_ui(ui, lang);
            }
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(words::CHECKING.get(lang));
                });
                self.raw_rows_ui(ui, lang);
            }
            Some(Err(errors)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    words::bad_cells(lang, errors.total()),
                );
                egui::ScrollArea::vertical()
                    .id_salt("import_errors")
                    .max_height(140.0)
                    .show(ui, |ui| {
                        for line in errors.lines(lang) {
                            ui.label(line);
                        }
                    });
                self.raw_rows_ui(ui, lang);
            }
            Some(Ok(c)) => {
                let plan = &c.plan;
                if !plan.skipped_totals.is_empty() {
                    let rows: Vec<String> =
                        plan.skipped_totals.iter().map(|r| r.to_string()).collect();
                    ui.label(words::skipped_totals(
                        lang,
                        &rows.join(crate::i18n::cli::LIST_SEPARATOR.get(lang)),
                    ));
                }
                if !plan.ignored_columns.is_empty() {
                    ui.label(crate::i18n::model::csv_ignored_columns(
                        lang,
                        &plan
                            .ignored_columns
                            .join(crate::i18n::cli::LIST_SEPARATOR.get(lang)),
                    ));
                }
                if plan.entries == 0 {
                    ui.label(words::NOTHING_TO_IMPORT.get(lang));
                }
                ui.label(RichText::new(words::preview_heading(lang, plan.entries)).strong());
                preview_table(ui, c, lang);
            }
        }
    }

    /// The sheet's rows below the header, as read (virtual scrolling).
    fn raw_rows_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        ui.label(RichText::new(words::RAW_ROWS.get(lang)).strong());
        let start = self.header.row.map_or(0, |i| i + 1);
        let rows = &self.table.rows[start.min(self.table.rows.len())..];
        let width = self.header.columns.len();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        TableBuilder::new(ui)
            .id_salt("import_raw")
            .striped(true)
            .auto_shrink([false, false])
            .min_scrolled_height(0.0)
            .column(Column::auto().at_least(36.0))
            .columns(Column::auto().at_least(60.0).clip(true), width)
            .header(row_height, |mut h| {
                h.col(|ui| {
                    ui.strong(words::ROW.get(lang));
                });
                for i in 0..width {
                    h.col(|ui| {
                        ui.strong(map_label(self.header.columns[i], lang));
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    row.col(|ui| {
                        ui.label(r.number.to_string());
                    });
                    for i in 0..width {
                        row.col(|ui| {
                            ui.label(r.cells.get(i).map_or("", |c| c.text.as_str()));
                        });
                    }
                });
            });
    }
}

/// The name of a mapping choice: 金额, 金额（万元）, （不导入）.
pub fn map_label(map: Option<ColumnMap>, lang: Lang) -> String {
    match map {
        None => words::IGNORED.get(lang).to_string(),
        Some(m) if m.wan => format!("{}{}", m.field.label(lang), words::IN_WAN.get(lang)),
        Some(m) => m.field.label(lang).to_string(),
    }
}

/// Every new entry as it will be stored, with the ledger table's columns and the rest of
/// the fields (virtual scrolling: only the rows in view are drawn).
fn preview_table(ui: &mut egui::Ui, c: &Checked, lang: Lang) {
    let columns: Vec<_> = table_columns()
        .chain(ENTRY_FIELDS.iter().filter(|f| !f.in_table))
        .collect();
    let count = c.after.entries.len().saturating_sub(c.first);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    TableBuilder::new(ui)
        .id_salt("import_preview")
        .striped(true)
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .columns(Column::auto().at_least(50.0).clip(true), columns.len())
        .header(row_height, |mut h| {
            for f in &columns {
                h.col(|ui| {
                    ui.strong(f.heading().get(lang));
                });
            }
        })
        .body(|body| {
            body.rows(row_height, count, |mut row| {
                let Some(e) = c.after.entries.get(c.first + row.index()) else {
                    return;
                };
                for f in &columns {
                    row.col(|ui| {
                        let text = (f.cell)(e, &c.after, lang);
                        if f.numeric {
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| ui.label(text),
                            );
                        } else {
                            ui.label(text);
                        }
                    });
                }
            });
        });
}

/// Cells pasted while the ledger table (not a text field) has the keyboard: the command
/// that opens the wizard on them. Call before the views take the frame's events.
pub fn pasted_rows(ctx: &egui::Context) -> Option<TransferCommand> {
    if ctx.text_edit_focused() {
        return None;
    }
    ctx.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) if text.contains('\t') || text.contains('\n') => {
                Some(TransferCommand::Paste(text.clone()))
            }
            _ => None,
        })
    })
}

/// What a transfer job brings back.
#[derive(Debug)]
pub enum TransferDone {
    /// A file for the wizard was read: its sheets, the sheet read and its cells.
    Read {
        /// The file.
        path: PathBuf,
        /// The sheets, the sheet read and its table, or why it could not be read.
        result: Result<(Vec<String>, String, TextTable), String>,
        /// The first read of the sheet (of its first [`FIRST_ROWS`] rows), not the read
        /// of the rest.
        first: bool,
        /// The whole sheet (else only its first [`FIRST_ROWS`] rows).
        complete: bool,
    },
    /// The wizard's rows were checked.
    Checked {
        /// The wizard's generation the check was made for.
        generation: u64,
        /// The plan and the ledger after it, or every bad cell.
        result: Box<Result<Checked, ImportErrors>>,
    },
    /// Another ledger was read for merging.
    MergeRead {
        /// Its file.
        path: PathBuf,
        /// It, or why it could not be read.
        result: Result<Ledger, String>,
    },
    /// The other ledger's evidence files were copied in for a merge (or not); the merge
    /// is applied only when they were.
    MergeFiles {
        /// The merge, to apply.
        edit: Box<crate::ledger::Edit>,
        /// Entries it adds.
        added: usize,
        /// Entries already present.
        skipped: usize,
        /// Why the files could not be copied.
        result: Result<(), String>,
    },
    /// An export was written (or not).
    Exported {
        /// Where.
        path: PathBuf,
        /// Why not.
        result: Result<(), String>,
    },
}
