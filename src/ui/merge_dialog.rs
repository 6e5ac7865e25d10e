//! 文件 → 合并台账…: the step that maps near duplicates. Their names close to ours
//! (九股村委会 vs 九股村) are listed, each with a choice: take it as one of ours, or add it as
//! a new name. The dialog does no I/O; the handler plans and applies the merge.

use super::import_wizard::TransferCommand;
use crate::i18n::{Lang, transfer as words};
use crate::ledger::Ledger;
use crate::transfer::merge::{Choice, Choices, NearDuplicate};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

/// The merge dialog's state: the other ledger and a choice for each near duplicate.
#[derive(Debug)]
pub struct MergeDialog {
    /// The other ledger's file.
    pub path: PathBuf,
    /// The other ledger (read only).
    pub theirs: Arc<Ledger>,
    /// Their names close to ours.
    pub near: Vec<NearDuplicate>,
    /// For each near duplicate: `Some(i)` takes it as `near.ours[i]`, `None` adds it.
    pub picks: Vec<Option<usize>>,
}

impl MergeDialog {
    /// A dialog on the near duplicates found; each starts as the first close name.
    pub fn new(path: PathBuf, theirs: Arc<Ledger>, near: Vec<NearDuplicate>) -> MergeDialog {
        let picks = near.iter().map(|_| Some(0)).collect();
        MergeDialog {
            path,
            theirs,
            near,
            picks,
        }
    }

    /// The choices made.
    pub fn choices(&self) -> Choices {
        let mut c = Choices::default();
        for (n, pick) in self.near.iter().zip(&self.picks) {
            let choice = match pick.and_then(|i| n.ours.get(i)) {
                Some(ours) => Choice::Map(ours.clone()),
                None => Choice::New,
            };
            c.0.insert(n.theirs.clone(), choice);
        }
        c
    }

    /// Shows the dialog; returns what the user asked for.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Vec<TransferCommand> {
        let mut out = Vec::new();
        let mut open = true;
        egui::Window::new(words::MERGE_TITLE.get(lang))
            .id(egui::Id::unique("merge_dialog"))
            .open(&mut open)
            .collapsible(false)
            .default_pos(egui::pos2(24.0, 64.0))
            .show(ctx, |ui| {
                ui.label(self.path.display().to_string());
                ui.label(words::MERGE_NEAR_INTRO.get(lang));
                egui::Grid::new("merge_near").striped(true).show(ui, |ui| {
                    ui.strong(words::KIND.get(lang));
                    ui.strong(words::THEIR_NAME.get(lang));
                    ui.strong(words::CHOICE.get(lang));
                    ui.end_row();
                    for (i, (n, pick)) in self.near.iter().zip(&mut self.picks).enumerate() {
                        ui.label(n.kind.field().label(lang));
                        ui.label(&n.theirs);
                        let label = |p: Option<usize>| match p.and_then(|j| n.ours.get(j)) {
                            Some(ours) => words::take_as(lang, ours),
                            None => words::AS_NEW.get(lang).to_string(),
                        };
                        egui::ComboBox::from_id_salt(("merge_pick", i))
                            .selected_text(label(*pick))
                            .show_ui(ui, |ui| {
                                for j in 0..n.ours.len() {
                                    ui.selectable_value(pick, Some(j), label(Some(j)));
                                }
                                ui.selectable_value(pick, None, label(None));
                            })
                            .response
                            .accessible_name(n.theirs.as_str());
                        ui.end_row();
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui.button(words::MERGE_BUTTON.get(lang)).clicked() {
                        out.push(TransferCommand::ConfirmMerge);
                    }
                    if ui.button(words::CANCEL.get(lang)).clicked() {
                        out.push(TransferCommand::CloseMerge);
                    }
                });
            });
        if !open {
            out.push(TransferCommand::CloseMerge);
        }
        out
    }
}
