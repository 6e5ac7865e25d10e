//! Undo and redo over [`Edit`]s: every change, master data included.

use crate::i18n::Lang;
use crate::ledger::Edit;

/// The applied edits (for undo) and the undone ones (for redo).
#[derive(Debug, Default)]
pub struct UndoStack {
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

impl UndoStack {
    /// Records an edit that was just applied; clears the redo list.
    pub fn push(&mut self, edit: Edit) {
        self.done.push(edit);
        self.undone.clear();
    }

    /// The edit that undo would revert, named for the menu.
    pub fn undo_label(&self, lang: Lang) -> Option<String> {
        self.done.last().map(|e| e.describe(lang))
    }

    /// The edit that redo would apply again, named for the menu.
    pub fn redo_label(&self, lang: Lang) -> Option<String> {
        self.undone.last().map(|e| e.describe(lang))
    }

    /// Takes the edit to undo; the caller applies its inverse and then calls
    /// [`UndoStack::undone`] (or [`UndoStack::restore_done`] if it failed).
    pub fn take_undo(&mut self) -> Option<Edit> {
        self.done.pop()
    }

    /// Takes the edit to redo; the caller applies it and then calls [`UndoStack::redone`].
    pub fn take_redo(&mut self) -> Option<Edit> {
        self.undone.pop()
    }

    /// An edit was undone.
    pub fn undone(&mut self, edit: Edit) {
        self.undone.push(edit);
    }

    /// An edit was redone (without clearing the rest of the redo list).
    pub fn redone(&mut self, edit: Edit) {
        self.done.push(edit);
    }

    /// An undo failed: put the edit back.
    pub fn restore_done(&mut self, edit: Edit) {
        self.done.push(edit);
    }

    /// A redo failed: put the edit back.
    pub fn restore_undone(&mut self, edit: Edit) {
        self.undone.push(edit);
    }

    /// Forgets everything (another file was opened).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}
