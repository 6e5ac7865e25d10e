//! The 台账 tab: the entry form on the right, the filter bar, the entry toolbar and the
//! ledger table in the middle.

use super::app::{App, now_stamp};
use super::entry_form::{FormEnv, entry_form_ui};
use super::ledger_view::{filter_bar_ui, ledger_table_ui};
use eframe::egui;

impl App {
    pub(super) fn ledger_tab_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let today = self.today;
        let now = now_stamp();
        let Some(doc) = &self.doc else { return };
        let editable = doc.read_only.is_none();
        egui::Panel::right("entry_form")
            .resizable(true)
            .default_size(380.0)
            .min_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("form_scroll")
                    .show(ui, |ui| {
                        let env = FormEnv {
                            ledger: &doc.ledger,
                            lang,
                            editable,
                            today,
                            now,
                        };
                        entry_form_ui(ui, &mut self.form, &env, &mut self.cmds);
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(doc) = &self.doc {
                let owner = self.ledger_view.selected.map(crate::ledger::Owner::Entry);
                let env = super::evidence_panel::PanelEnv {
                    ledger: &doc.ledger,
                    ledger_path: &doc.path,
                    owner,
                    lang,
                    editable,
                    adding: owner.is_some_and(|o| self.adding.contains(&o)),
                    select_hint: crate::i18n::evidence_ui::SELECT_ENTRY,
                };
                super::evidence_panel::bottom_panel_ui(
                    ui,
                    "entry_evidence",
                    (&mut self.evidence, &mut self.thumbs),
                    &env,
                    &mut self.cmds,
                );
            }
            if let Some(doc) = &self.doc {
                filter_bar_ui(ui, &mut self.ledger_view, &doc.ledger, lang, today);
                self.ledger_view.refresh(&doc.feed());
            }
            self.entry_toolbar_ui(ui);
            if let Some(doc) = &self.doc {
                ledger_table_ui(
                    ui,
                    &mut self.ledger_view,
                    &doc.ledger,
                    (lang, &mut self.settings.table_columns),
                    &mut self.cmds,
                );
            }
        });
    }
}
