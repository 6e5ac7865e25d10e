//! 备份与恢复: the backups of the open ledger, each with a 恢复 button. The list is read
//! by a background job; until it arrives the window shows a spinner.

use super::commands::Command;
use crate::i18n::{Lang, ui as words};
use crate::store::Backup;
use eframe::egui::{self, RichText};

/// The backups window while it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupsWindow {
    /// False once the user closed it.
    pub open: bool,
}

impl Default for BackupsWindow {
    fn default() -> BackupsWindow {
        BackupsWindow { open: true }
    }
}

impl BackupsWindow {
    /// Draws the window over `list` (`None`: still being read); returns a restore
    /// command when a 恢复 button was pressed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        list: Option<&[Backup]>,
    ) -> Option<Command> {
        let mut restore = None;
        egui::Window::new(words::BACKUPS_TITLE.get(lang))
            .open(&mut self.open)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.label(words::BACKUPS_EXPLAINED.get(lang));
                ui.separator();
                let Some(list) = list else {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(words::JOB_LISTING_BACKUPS.get(lang));
                    });
                    return;
                };
                if list.is_empty() {
                    ui.label(RichText::new(words::NO_BACKUPS.get(lang)).weak());
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        egui::Grid::new("backups").striped(true).show(ui, |ui| {
                            for b in list {
                                ui.label(b.taken.format("%Y-%m-%d %H:%M:%S").to_string());
                                ui.label(words::kilobytes(b.bytes.div_ceil(1024)));
                                if ui.button(words::RESTORE.get(lang)).clicked() {
                                    restore = Some(Command::RestoreBackup(b.path.clone()));
                                }
                                ui.end_row();
                            }
                        });
                    });
            });
        restore
    }
}
