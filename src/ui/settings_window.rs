//! 设置: the UI language and the names printed under a summary (制表人, 审核人).

use super::settings::Settings;
use crate::i18n::{Lang, ui as words};
use eframe::egui;

/// The settings window while it is open. It edits the settings in place: they are the
/// app's own state, written to eframe's storage, never to the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettingsWindow;

impl SettingsWindow {
    /// Draws the window; returns false once the user closed it.
    pub fn show(&mut self, ctx: &egui::Context, settings: &mut Settings) -> bool {
        let lang = settings.lang;
        let mut open = true;
        egui::Window::new(words::SETTINGS_TITLE.get(lang))
            .open(&mut open)
            .show(ctx, |ui| {
                egui::Grid::new("settings").show(ui, |ui| {
                    ui.label(words::LANGUAGE.get(lang));
                    ui.horizontal(|ui| {
                        for l in [Lang::Zh, Lang::En] {
                            ui.radio_value(&mut settings.lang, l, l.native_name());
                        }
                    });
                    ui.end_row();
                    let l = ui.label(words::PREPARED_BY.get(lang));
                    ui.text_edit_singleline(&mut settings.prepared_by)
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label(words::REVIEWED_BY.get(lang));
                    ui.text_edit_singleline(&mut settings.reviewed_by)
                        .labelled_by(l.id);
                    ui.end_row();
                });
            });
        open
    }
}
