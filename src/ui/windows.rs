//! Draws the open windows and collects the commands they return.

use super::app::App;
use super::close_dialog::CloseChoice;
use super::commands::Command;
use super::history_window::HistoryCommand;
use super::print_dialog::{PrintAction, print_dialog_ui};
use eframe::egui;

impl App {
    pub(super) fn windows_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        if let Some(d) = self.print.as_mut() {
            let action = print_dialog_ui(ctx, d, lang, self.today);
            // The names are remembered as they are typed, not only when a file is written.
            self.settings.remember_names(&d.prepared_by, &d.reviewed_by);
            match action {
                Some(PrintAction::Write(kind)) => self.cmds.push(Command::WriteReport(kind)),
                Some(PrintAction::Close) => self.print = None,
                None => {}
            }
        }
        if let Some(w) = self.backups_window.as_mut() {
            let path = self.doc.as_ref().map(|d| d.path.as_path());
            let list = self
                .backups
                .as_ref()
                .filter(|(ledger, _)| Some(ledger.as_path()) == path)
                .map(|(_, list)| list.as_slice());
            self.cmds.extend(w.show(ctx, lang, list));
            if !w.open {
                self.backups_window = None;
            }
        }
        if let Some(w) = self.new_ledger.as_mut() {
            self.cmds.extend(w.show(ctx, lang));
            if !w.open {
                self.new_ledger = None;
            }
        }
        if let Some(w) = self.settings_window.as_mut()
            && !w.show(ctx, &mut self.settings)
        {
            self.settings_window = None;
        }
        if let Some(w) = self.import.as_mut() {
            self.cmds
                .extend(w.show(ctx, lang).into_iter().map(Command::Transfer));
        }
        if let Some(w) = self.findings_import.as_mut() {
            self.cmds
                .extend(w.show(ctx, lang).into_iter().map(Command::FindingsImport));
        }
        if let Some(w) = self.merge.as_mut() {
            self.cmds
                .extend(w.show(ctx, lang).into_iter().map(Command::Transfer));
        }
        if let Some(w) = self.lock_dialog.as_mut()
            && let Some(doc) = &self.doc
        {
            let editable = doc.read_only.is_none();
            self.cmds
                .extend(w.show(ctx, lang, doc.ledger.lock.as_deref(), editable));
        }
        self.history_ui(ctx);
        if let (Some((owner, viewer)), Some(doc)) = (self.viewer.as_mut(), self.doc.as_ref()) {
            let files = super::evidence_panel::evidence_files(&doc.ledger, &doc.path, *owner, lang);
            for a in viewer.show(ctx, &files, &mut self.thumbs, lang) {
                self.cmds
                    .push(super::evidence_panel::EvidenceCommand::Viewer(a).into());
            }
        }
        if let (Some(d), Some(doc)) = (self.evidence_pack.as_mut(), self.doc.as_ref()) {
            self.cmds.extend(
                d.show(ctx, &doc.ledger, lang)
                    .into_iter()
                    .map(Command::Evidence),
            );
        }
        let status = self.status_text();
        if let Some(w) = self.close_dialog.as_mut() {
            match w.show(ctx, lang, &status) {
                CloseChoice::Pending => {}
                CloseChoice::Run(cmd) => {
                    self.close_dialog = None;
                    self.cmds.push(cmd);
                }
                CloseChoice::Cancel => self.close_dialog = None,
            }
        }
    }

    /// The edit history's windows and questions; the history is read again once the
    /// ledger has changed and is saved.
    pub(super) fn history_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let Some(doc) = &self.doc else { return };
        if let Some(w) = &self.history.window
            && !w.loading
            && !doc.unsaved()
            && !w.is_current(doc.generation, lang)
        {
            self.cmds.push(Command::History(HistoryCommand::Reload));
        }
        let editable = doc.read_only.is_none();
        let cmds = self
            .history
            .show(ctx, lang, (&doc.ledger, editable, self.today));
        self.cmds.extend(cmds.into_iter().map(Command::History));
    }
}
