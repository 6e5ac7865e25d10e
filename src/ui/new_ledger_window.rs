//! 新建台账: asks for the assisting unit's name before asking where to create the file.

use super::commands::Command;
use crate::i18n::{Lang, ui as words};
use crate::ledger::Field;
use crate::ledger::validate::clean_name;
use eframe::egui;

/// The new-ledger window while it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLedgerWindow {
    /// The unit's name as typed.
    pub unit: String,
    /// False once the user cancelled or went on.
    pub open: bool,
}

impl Default for NewLedgerWindow {
    fn default() -> NewLedgerWindow {
        NewLedgerWindow {
            unit: String::new(),
            open: true,
        }
    }
}

impl NewLedgerWindow {
    /// Draws the window; returns the command to create the ledger once a valid name was
    /// confirmed.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Option<Command> {
        let mut create = None;
        egui::Window::new(words::NEW_LEDGER.get(lang))
            .collapsible(false)
            .show(ctx, |ui| {
                let label = ui.label(Field::AssistingUnit.label(lang));
                ui.text_edit_singleline(&mut self.unit)
                    .labelled_by(label.id);
                ui.horizontal(|ui| {
                    let ok = clean_name(&self.unit);
                    let button = egui::Button::new(words::CHOOSE_FILE_AND_CREATE.get(lang));
                    if ui.add_enabled(ok.is_ok(), button).clicked() {
                        create = ok.ok();
                    }
                    if ui.button(words::CANCEL.get(lang)).clicked() {
                        self.open = false;
                    }
                });
            });
        let unit = create?;
        self.open = false;
        Some(Command::CreateLedger { unit })
    }
}
