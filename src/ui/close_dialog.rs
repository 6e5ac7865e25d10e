//! 有更改尚未保存: asked when the window is closed with edits not on disk.

use super::commands::Command;
use crate::i18n::{Lang, ui as words};
use eframe::egui;

/// The close confirmation while it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloseDialog;

/// What the user chose.
#[derive(Clone, Debug, PartialEq)]
pub enum CloseChoice {
    /// Nothing yet: keep asking.
    Pending,
    /// Retry saving, or quit without saving.
    Run(Command),
    /// Do not close.
    Cancel,
}

impl CloseDialog {
    /// Draws the modal with the status line that explains why.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang, status: &str) -> CloseChoice {
        let mut choice = CloseChoice::Pending;
        egui::Modal::new(egui::Id::unique("confirm_close")).show(ctx, |ui| {
            ui.heading(words::UNSAVED_CHANGES.get(lang));
            ui.label(status);
            ui.horizontal(|ui| {
                if ui.button(words::RETRY_SAVING.get(lang)).clicked() {
                    choice = CloseChoice::Run(Command::RetrySave);
                }
                if ui.button(words::QUIT_WITHOUT_SAVING.get(lang)).clicked() {
                    choice = CloseChoice::Run(Command::QuitWithoutSaving);
                }
                if ui.button(words::CANCEL.get(lang)).clicked() {
                    choice = CloseChoice::Cancel;
                }
            });
        });
        choice
    }
}
