//! The menus, the tabs, the entry toolbar and the keyboard shortcuts, all generated from
//! the [`UiCommand`] table: a label, a tooltip and a shortcut are written once there.

use super::app::{App, Tab};
use super::commands::{Command, UiCommand};
use crate::i18n::{Lang, ui as words};
use eframe::egui::{self, RichText};

/// Turns this frame's shortcut keys into commands. Undo and redo are left to a text
/// field that has the keyboard. More specific shortcuts (Ctrl+Shift+Z) are tried first.
///
/// `untouched_field`: a text field has the keyboard but nothing was typed in it (the
/// entry form right after a save): then undo and redo act on the ledger, as they would
/// with no field focused, since there is no typing to undo.
pub fn shortcuts(ctx: &egui::Context, cmds: &mut Vec<Command>, untouched_field: bool) {
    let typing = ctx.egui_wants_keyboard_input() && !untouched_field;
    let mut all: Vec<_> = UiCommand::ALL
        .iter()
        .filter(|c| !typing || c.works_while_typing())
        .flat_map(|c| c.shortcuts().into_iter().map(move |s| (*c, s)))
        .collect();
    all.sort_by_key(|(_, s)| {
        std::cmp::Reverse(
            [s.modifiers.shift, s.modifiers.alt, s.modifiers.command]
                .iter()
                .filter(|b| **b)
                .count(),
        )
    });
    ctx.input_mut(|i| {
        for (c, s) in all {
            if i.consume_shortcut(&s) {
                cmds.push(Command::Ui(c));
            }
        }
    });
}

/// A menu item or toolbar button for an action: its label, its shortcut shown the
/// platform's way, its tooltip, greyed out when it cannot run. Clicking it pushes the
/// action.
pub fn command_button(
    ui: &mut egui::Ui,
    c: UiCommand,
    (label, lang): (String, Lang),
    enabled: bool,
    cmds: &mut Vec<Command>,
) {
    let mut button = egui::Button::new(label);
    let shortcut = c.shortcut().map(|s| ui.ctx().format_shortcut(&s));
    if let Some(s) = &shortcut {
        button = button.shortcut_text(s.as_str());
    }
    let mut response = ui.add_enabled(enabled, button);
    if let Some(tip) = c.tooltip() {
        response = response.on_hover_text(tip.get(lang));
    }
    if response.clicked() {
        cmds.push(Command::Ui(c));
        ui.close();
    }
}

/// A toolbar button: the short label; the full label and the shortcut in the tooltip.
pub fn toolbar_button(
    ui: &mut egui::Ui,
    c: UiCommand,
    lang: Lang,
    enabled: bool,
    cmds: &mut Vec<Command>,
) {
    let mut tip = c.label().get(lang).to_string();
    if let Some(s) = c.shortcut() {
        tip = format!("{tip} ({})", ui.ctx().format_shortcut(&s));
    }
    if let Some(t) = c.tooltip() {
        tip = format!("{tip}\n{}", t.get(lang));
    }
    let response = ui
        .add_enabled(enabled, egui::Button::new(c.short_label().get(lang)))
        .on_hover_text(tip);
    if response.clicked() {
        cmds.push(Command::Ui(c));
    }
}

impl App {
    /// The menu label of an action: undo and redo say what they would do.
    fn menu_label(&self, c: UiCommand) -> String {
        let lang = self.lang();
        let history = self.doc.as_ref().map(|d| &d.history);
        let what = match c {
            UiCommand::Undo => history.and_then(|h| h.undo_label(lang)),
            UiCommand::Redo => history.and_then(|h| h.redo_label(lang)),
            _ => None,
        };
        match what {
            Some(w) => words::with_action(c.label(), &w, lang),
            None => c.label().get(lang).to_string(),
        }
    }

    fn menu_items_ui(&mut self, ui: &mut egui::Ui, items: &[Option<UiCommand>]) {
        for item in items {
            match item {
                None => {
                    ui.separator();
                }
                Some(c) => {
                    let (label, enabled) = (self.menu_label(*c), self.enabled(*c));
                    command_button(ui, *c, (label, self.lang()), enabled, &mut self.cmds);
                    if *c == UiCommand::SaveAs {
                        self.recent_menu_ui(ui);
                    }
                }
            }
        }
    }

    fn recent_menu_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.menu_button(words::RECENT_FILES.get(lang), |ui| {
            if self.settings.recent.is_empty() {
                ui.label(RichText::new(words::NONE.get(lang)).weak());
            }
            for p in &self.settings.recent {
                if ui.button(p.display().to_string()).clicked() {
                    self.cmds.push(Command::Open(p.clone()));
                }
            }
        });
    }

    /// 文件 / 编辑, the tabs and the language switch.
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(words::FILE_MENU.get(lang), |ui| {
                self.menu_items_ui(ui, &UiCommand::FILE_MENU);
            });
            ui.menu_button(words::EDIT_MENU.get(lang), |ui| {
                self.menu_items_ui(ui, &UiCommand::EDIT_MENU);
            });
            ui.separator();
            for c in UiCommand::TABS {
                let tab = match c {
                    UiCommand::ShowTotals => Tab::Totals,
                    UiCommand::ShowMaster => Tab::Master,
                    _ => Tab::Ledger,
                };
                if ui
                    .selectable_label(self.tab == tab, c.label().get(lang))
                    .clicked()
                {
                    self.cmds.push(Command::Ui(c));
                }
            }
            // The rectification ledger's tab (issue 12).
            let findings = crate::i18n::findings::TAB.get(lang);
            if ui
                .selectable_label(self.tab == Tab::Findings, findings)
                .clicked()
            {
                self.tab = Tab::Findings;
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                toolbar_button(ui, UiCommand::ToggleLanguage, lang, true, &mut self.cmds);
            });
        });
    }

    /// ＋ 新增 / 修改 / 复制 / 删除 above the ledger table.
    pub(super) fn entry_toolbar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        ui.horizontal(|ui| {
            for c in UiCommand::ENTRY_TOOLBAR {
                let enabled = self.enabled(c);
                toolbar_button(ui, c, lang, enabled, &mut self.cmds);
            }
        });
    }
}
