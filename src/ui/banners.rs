//! The frame around the views: banners under the menu (read-only, failed save, conflict
//! copy, migration note, the sample offer), the status bar, and the screen shown when no
//! ledger could be opened.

use super::app::{App, PLACEHOLDER_UNIT};
use super::commands::{Command, UiCommand};
use crate::i18n::ui as words;
use crate::ledger::Edit;
use crate::ledger::validate::clean_name;
use eframe::egui::{self, Color32, RichText};

const WARN_FILL: Color32 = Color32::from_rgb(255, 243, 205);
const WARN_TEXT: Color32 = Color32::from_rgb(90, 60, 0);
const BAD_FILL: Color32 = Color32::from_rgb(250, 215, 215);
const BAD_TEXT: Color32 = Color32::from_rgb(120, 0, 0);
const INFO_FILL: Color32 = Color32::from_rgb(220, 235, 250);
const INFO_TEXT: Color32 = Color32::from_rgb(10, 40, 80);
const ERROR_TEXT: Color32 = Color32::from_rgb(200, 40, 40);

/// The id of the unit-name field shown at a first start.
const UNIT_FIELD: &str = "first_start_unit_name";

fn banner(ui: &mut egui::Ui, fill: Color32, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new()
        .fill(fill)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(add);
        });
}

impl App {
    pub(super) fn banners_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(doc) = &self.doc else { return };
        if let Some(r) = &doc.read_only {
            banner(ui, WARN_FILL, |ui| {
                ui.label(RichText::new(r.message(lang)).color(WARN_TEXT).strong());
                ui.label(RichText::new(words::EDITING_OFF.get(lang)).color(WARN_TEXT));
                // A damaged journal: keep it up to its last good edit (`bangfu recover`).
                if matches!(r, crate::store::ReadOnly::JournalDamaged { .. })
                    && ui
                        .button(crate::i18n::history::RECOVER_BUTTON.get(lang))
                        .clicked()
                {
                    self.cmds.push(Command::History(
                        super::history_window::HistoryCommand::AskRecover,
                    ));
                }
            });
        }
        if let Some((_, e)) = &doc.save_error {
            let m = words::save_failed_kept(lang, &e.message(lang));
            banner(ui, BAD_FILL, |ui| {
                ui.label(RichText::new(m).color(BAD_TEXT));
                if ui.button(words::RETRY.get(lang)).clicked() {
                    self.cmds.push(Command::RetrySave);
                }
            });
        }
        if let Some(p) = &doc.conflict_copy {
            banner(ui, WARN_FILL, |ui| {
                ui.label(RichText::new(words::conflict_copy(lang, p)).color(WARN_TEXT));
            });
        }
        if let Some(n) = &doc.note {
            banner(ui, WARN_FILL, |ui| {
                ui.label(RichText::new(n).color(WARN_TEXT));
            });
        }
        let unit_missing = {
            let unit = doc.ledger.unit.trim();
            unit.is_empty() || unit == PLACEHOLDER_UNIT
        };
        if unit_missing && doc.read_only.is_none() {
            let before = doc.ledger.unit.clone();
            banner(ui, INFO_FILL, |ui| {
                let label = ui.label(
                    RichText::new(words::UNIT_NAME_PROMPT.get(lang))
                        .color(INFO_TEXT)
                        .strong(),
                );
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.unit_draft)
                            .id(egui::Id::unique(UNIT_FIELD))
                            .hint_text(words::UNIT_NAME_HINT.get(lang))
                            .desired_width(220.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_unit) {
                    r.request_focus();
                }
                let name = clean_name(&self.unit_draft);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let ok = ui.add_enabled(name.is_ok(), egui::Button::new(words::OK.get(lang)));
                if let Ok(after) = name
                    && (ok.clicked() || enter)
                {
                    self.cmds
                        .push(Command::Edit(Edit::SetUnit { before, after }));
                    self.unit_draft.clear();
                    // On to the first entry.
                    self.form.focus_date();
                }
                ui.label(
                    RichText::new(words::UNIT_NAME_WHY.get(lang))
                        .small()
                        .color(INFO_TEXT),
                );
            });
        }
        if self.offer_sample && doc.read_only.is_none() {
            banner(ui, INFO_FILL, |ui| {
                ui.label(RichText::new(words::SAMPLE_OFFER.get(lang)).color(INFO_TEXT));
                if ui.button(words::LOAD_SAMPLE.get(lang)).clicked() {
                    self.cmds.push(Command::LoadSample);
                }
                if ui.button(words::NO_THANKS.get(lang)).clicked() {
                    self.cmds.push(Command::DismissSample);
                }
            });
        }
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.horizontal(|ui| {
            let color = match &self.doc {
                Some(d) if d.save_error.is_some() => ERROR_TEXT,
                Some(d) if d.read_only.is_some() => WARN_TEXT,
                _ => ui.visuals().text_color(),
            };
            ui.label(RichText::new(self.status_text()).color(color));
            if self.doc.as_ref().is_some_and(|d| d.save_error.is_some())
                && ui.button(words::RETRY.get(lang)).clicked()
            {
                self.cmds.push(Command::RetrySave);
            }
            if let Some(job) = self.jobs.running() {
                ui.separator();
                ui.spinner();
                ui.label(job.get(lang));
            }
            if let Some(m) = &self.message {
                ui.separator();
                ui.label(m);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(d) = &self.doc {
                    ui.label(RichText::new(d.path.display().to_string()).small().weak());
                    // The period lock (结账): 已结账至 2020-06-30, the whole lock on hover.
                    if let Some(lock) = &d.ledger.lock {
                        ui.separator();
                        let until = crate::i18n::lock::locked_until(lang, lock.until);
                        ui.label(RichText::new(until).strong())
                            .on_hover_text(lock.line(lang));
                    }
                }
            });
        });
    }

    /// No ledger is open: why, the backups of the file that failed, and the way out.
    pub(super) fn start_screen_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.heading(words::COULD_NOT_OPEN.get(lang));
        if let Some((path, m)) = &self.open_error {
            ui.label(RichText::new(m).color(ERROR_TEXT));
            ui.label(words::FILE_NOT_CHANGED.get(lang));
            match &self.backups {
                Some((ledger, list)) if ledger == path => {
                    for b in list.iter().take(10) {
                        let taken = b.taken.format("%Y-%m-%d %H:%M:%S").to_string();
                        if ui.button(words::open_backup(lang, &taken)).clicked() {
                            self.cmds.push(Command::Open(b.path.clone()));
                        }
                    }
                }
                _ => {
                    ui.spinner();
                }
            }
        }
        ui.horizontal(|ui| {
            for c in [UiCommand::Open, UiCommand::NewLedger] {
                super::menu_bar::toolbar_button(ui, c, lang, true, &mut self.cmds);
            }
        });
    }
}
