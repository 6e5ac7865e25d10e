//! What a click or a key asks the app to do.
//!
//! [`UiCommand`] is the table of the user's actions: each carries its label (from the
//! catalog, both languages), its tooltip and its keyboard shortcut, so the menus, the
//! toolbar, the keyboard shortcuts and the tooltips are all generated from it.
//! [`Command`] is everything a view or a window can ask for, the table's actions
//! included. Views and windows only return commands; the app runs them after the frame's
//! UI, in one place ([`super::handler`]), where dialogs and file I/O happen.

use super::import_wizard::TransferCommand;
use super::print_dialog::ReportKind;
use crate::i18n::{Text, findings as finding_words, transfer as transfer_words, ui as words};
use crate::ledger::{Edit, EntryId};
use eframe::egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// A user action with a name: a menu item, a toolbar button, a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Ask for the unit's name, then a file, and create a new ledger there.
    NewLedger,
    /// Choose a ledger file and open it.
    Open,
    /// Choose a new file and save the ledger there (it becomes the current file).
    SaveAs,
    /// Show the backups window.
    Backups,
    /// Open the print / export dialog.
    Print,
    /// Show the settings window.
    Settings,
    /// Close the window (asks first if something is unsaved).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Start a new entry in the form, keeping the last village and department.
    NewEntry,
    /// Load the selected entry into the form.
    EditSelected,
    /// Load a copy of the selected entry into the form as a new entry.
    DuplicateSelected,
    /// Delete the selected entry (undoable).
    DeleteSelected,
    /// Show the ledger table and the form.
    ShowLedger,
    /// Show the totals.
    ShowTotals,
    /// Show the villages, departments and categories.
    ShowMaster,
    /// Switch the UI language.
    ToggleLanguage,
    /// Choose a spreadsheet or CSV file and open the import wizard on it.
    Import,
    /// Choose a findings list (CSV or spreadsheet) and open the findings import on it.
    ImportFindings,
    /// Choose another ledger file and merge its entries into this one.
    MergeLedger,
    /// Choose a file and write every entry as CSV.
    ExportCsv,
    /// Choose a file and write the details workbook.
    ExportXlsx,
    /// Open the period lock dialog (结账).
    LockPeriod,
    /// Show the 修改记录 window (who changed what, when; view or restore any moment).
    History,
    /// Open the evidence pack dialog (文件 → 导出佐证材料包…).
    EvidencePack,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

impl UiCommand {
    /// Every action, in the order of the menus.
    pub const ALL: [UiCommand; 25] = [
        UiCommand::NewLedger,
        UiCommand::Open,
        UiCommand::SaveAs,
        UiCommand::Backups,
        UiCommand::Print,
        UiCommand::Settings,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::NewEntry,
        UiCommand::EditSelected,
        UiCommand::DuplicateSelected,
        UiCommand::DeleteSelected,
        UiCommand::ShowLedger,
        UiCommand::ShowTotals,
        UiCommand::ShowMaster,
        UiCommand::ToggleLanguage,
        UiCommand::Import,
        UiCommand::ImportFindings,
        UiCommand::MergeLedger,
        UiCommand::ExportCsv,
        UiCommand::ExportXlsx,
        UiCommand::LockPeriod,
        UiCommand::History,
        UiCommand::EvidencePack,
    ];

    /// The 文件 menu; `None` is a separator (the recent files follow 另存为).
    pub const FILE_MENU: [Option<UiCommand>; 17] = [
        Some(UiCommand::NewLedger),
        Some(UiCommand::Open),
        Some(UiCommand::SaveAs),
        Some(UiCommand::Backups),
        Some(UiCommand::History),
        None,
        Some(UiCommand::Import),
        Some(UiCommand::ImportFindings),
        Some(UiCommand::MergeLedger),
        Some(UiCommand::ExportCsv),
        Some(UiCommand::ExportXlsx),
        Some(UiCommand::EvidencePack),
        None,
        Some(UiCommand::Print),
        Some(UiCommand::Settings),
        None,
        Some(UiCommand::Quit),
    ];

    /// The 编辑 menu; `None` is a separator.
    pub const EDIT_MENU: [Option<UiCommand>; 9] = [
        Some(UiCommand::Undo),
        Some(UiCommand::Redo),
        None,
        Some(UiCommand::NewEntry),
        Some(UiCommand::EditSelected),
        Some(UiCommand::DuplicateSelected),
        Some(UiCommand::DeleteSelected),
        None,
        Some(UiCommand::LockPeriod),
    ];

    /// The tabs of the menu bar.
    pub const TABS: [UiCommand; 3] = [
        UiCommand::ShowLedger,
        UiCommand::ShowTotals,
        UiCommand::ShowMaster,
    ];

    /// The toolbar above the ledger table.
    pub const ENTRY_TOOLBAR: [UiCommand; 4] = [
        UiCommand::NewEntry,
        UiCommand::EditSelected,
        UiCommand::DuplicateSelected,
        UiCommand::DeleteSelected,
    ];

    /// The name in menus.
    pub fn label(self) -> Text {
        match self {
            UiCommand::NewLedger => words::NEW_LEDGER_MENU,
            UiCommand::Open => words::OPEN_MENU,
            UiCommand::SaveAs => words::SAVE_AS_MENU,
            UiCommand::Backups => words::BACKUPS_MENU,
            UiCommand::Print => words::PRINT_MENU,
            UiCommand::Settings => words::SETTINGS_MENU,
            UiCommand::Quit => words::QUIT,
            UiCommand::Undo => words::UNDO,
            UiCommand::Redo => words::REDO,
            UiCommand::NewEntry => words::NEW_ENTRY,
            UiCommand::EditSelected => words::EDIT_SELECTED,
            UiCommand::DuplicateSelected => words::DUPLICATE_SELECTED,
            UiCommand::DeleteSelected => words::DELETE_SELECTED,
            UiCommand::ShowLedger => words::TAB_LEDGER,
            UiCommand::ShowTotals => words::TAB_TOTALS,
            UiCommand::ShowMaster => words::TAB_MASTER,
            UiCommand::ToggleLanguage => words::LANGUAGE_SWITCH,
            UiCommand::Import => transfer_words::IMPORT_MENU,
            UiCommand::ImportFindings => finding_words::IMPORT_FINDINGS_MENU,
            UiCommand::MergeLedger => transfer_words::MERGE_MENU,
            UiCommand::ExportCsv => transfer_words::EXPORT_CSV_MENU,
            UiCommand::ExportXlsx => transfer_words::EXPORT_XLSX_MENU,
            UiCommand::LockPeriod => crate::i18n::lock::LOCK_MENU,
            UiCommand::History => crate::i18n::history::MENU,
            UiCommand::EvidencePack => crate::i18n::evidence_ui::PACK_MENU,
        }
    }

    /// The shorter name on a toolbar button.
    pub fn short_label(self) -> Text {
        match self {
            UiCommand::NewEntry => words::NEW_SHORT,
            UiCommand::EditSelected => words::EDIT_SHORT,
            UiCommand::DuplicateSelected => words::DUPLICATE_SHORT,
            UiCommand::DeleteSelected => words::DELETE_SHORT,
            other => other.label(),
        }
    }

    /// What it does, when the label does not say enough.
    pub fn tooltip(self) -> Option<Text> {
        match self {
            UiCommand::DeleteSelected => Some(words::DELETE_TIP),
            UiCommand::ToggleLanguage => Some(words::LANGUAGE_TIP),
            UiCommand::Backups => Some(words::BACKUPS_TIP),
            UiCommand::Print => Some(words::PRINT_TIP),
            UiCommand::Import => Some(transfer_words::IMPORT_TIP),
            UiCommand::ImportFindings => Some(finding_words::IMPORT_FINDINGS_TIP),
            UiCommand::MergeLedger => Some(transfer_words::MERGE_TIP),
            UiCommand::LockPeriod => Some(crate::i18n::lock::LOCK_TIP),
            UiCommand::History => Some(crate::i18n::history::MENU_TIP),
            UiCommand::EvidencePack => Some(crate::i18n::evidence_ui::PACK_TIP),
            _ => None,
        }
    }

    /// The keyboard shortcut shown in menus and tooltips.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::Open => Some(ctrl(Key::O)),
            UiCommand::SaveAs => Some(ctrl_shift(Key::S)),
            UiCommand::Print => Some(ctrl(Key::P)),
            UiCommand::Undo => Some(ctrl(Key::Z)),
            UiCommand::Redo => Some(ctrl(Key::Y)),
            UiCommand::NewEntry => Some(ctrl(Key::N)),
            _ => None,
        }
    }

    /// Every shortcut that runs it: the shown one first, then others users expect
    /// (Ctrl+Shift+Z redoes too).
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        let mut all: Vec<KeyboardShortcut> = self.shortcut().into_iter().collect();
        if self == UiCommand::Redo {
            all.push(ctrl_shift(Key::Z));
        }
        all
    }

    /// True when its shortcut works while a text field has the keyboard. Undo and redo
    /// do not: inside a text field Ctrl+Z undoes typing, as everywhere else.
    pub fn works_while_typing(self) -> bool {
        !matches!(self, UiCommand::Undo | UiCommand::Redo)
    }
}

/// A request from the UI to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// An action from the table (menu, toolbar or shortcut).
    Ui(UiCommand),
    /// Apply an edit to the ledger (and save it).
    Edit(Edit),
    /// Load the entry into the form for editing.
    EditEntry(EntryId),
    /// Load a copy of the entry into the form as a new entry.
    DuplicateEntry(EntryId),
    /// Delete an entry (undoable, no confirmation).
    DeleteEntry(EntryId),
    /// Add the sample of the real case (June 2020) to the ledger.
    LoadSample,
    /// Do not offer the sample again for this ledger.
    DismissSample,
    /// Ask for a file and create a new ledger there for this unit.
    CreateLedger {
        /// The assisting unit's name.
        unit: String,
    },
    /// Open this ledger file.
    Open(PathBuf),
    /// Retry a failed save.
    RetrySave,
    /// Restore a backup: save the current state first, then save the backup's content as
    /// the current file (one undoable edit).
    RestoreBackup(PathBuf),
    /// Ask for a file and write the summary set up in the print dialog to it.
    WriteReport(ReportKind),
    /// Close the window without saving (after the user confirmed it).
    QuitWithoutSaving,
    /// Import, merge and export (the import wizard, the merge dialog, pasted cells).
    Transfer(TransferCommand),
    /// The findings import window (整改台账 → 导入问题…).
    FindingsImport(super::findings_import::FindingsImportCommand),
    /// The period lock dialog (结账): lock, unlock or close.
    Lock(super::lock_dialog::LockRequest),
    /// The edit history: its window, the ledger as it was, restore and recover.
    History(super::history_window::HistoryCommand),
    /// Evidence: attach, remove, view, the pack (issue 14).
    Evidence(super::evidence_panel::EvidenceCommand),
}

impl From<UiCommand> for Command {
    fn from(c: UiCommand) -> Command {
        Command::Ui(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_a_menu_or_the_tabs() {
        for c in UiCommand::ALL {
            let in_menu = UiCommand::FILE_MENU.contains(&Some(c))
                || UiCommand::EDIT_MENU.contains(&Some(c))
                || UiCommand::TABS.contains(&c)
                || c == UiCommand::ToggleLanguage;
            assert!(in_menu, "{c:?} is reachable");
        }
    }

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut seen = Vec::new();
        for c in UiCommand::ALL {
            for s in c.shortcuts() {
                assert!(!seen.contains(&s), "{c:?} reuses {s:?}");
                seen.push(s);
            }
        }
        assert_eq!(UiCommand::Undo.shortcut(), Some(ctrl(Key::Z)));
    }
}
