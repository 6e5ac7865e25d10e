//! What a click or a key asks the app to do. Widgets only push commands; the app runs
//! them after the frame's UI, in one place, where dialogs and file I/O happen.

use crate::ledger::{Edit, EntryId};
use std::path::PathBuf;

/// A request from the UI to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Apply an edit to the ledger (and save it).
    Edit(Edit),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Start a new entry in the form, keeping the last village and department.
    NewEntry,
    /// Load the entry into the form for editing.
    EditEntry(EntryId),
    /// Load a copy of the selected entry into the form as a new entry.
    DuplicateEntry(EntryId),
    /// Delete an entry (undoable, no confirmation).
    DeleteEntry(EntryId),
    /// Add the sample of the real case (June 2020) to the ledger.
    LoadSample,
    /// Ask for the unit's name, then a file, and create a new ledger there.
    NewLedger {
        /// The assisting unit's name.
        unit: String,
    },
    /// Choose a ledger file and open it.
    OpenDialog,
    /// Open this ledger file.
    Open(PathBuf),
    /// Choose a new file and save the ledger there (it becomes the current file).
    SaveAsDialog,
    /// Retry a failed save.
    RetrySave,
    /// Show the backups window.
    ShowBackups,
    /// Restore a backup: save the current state first, then save the backup's content as
    /// the current file (one undoable edit).
    RestoreBackup(PathBuf),
    /// Ask for a file and write the summary set up in the print dialog to it.
    WriteReport(super::print_dialog::ReportKind),
    /// Switch the UI language.
    ToggleLanguage,
    /// Close the window (asks first if something is unsaved).
    Quit,
}
