//! Undo and redo over [`Edit`]s: every change to a ledger, master data included.
//!
//! A [`History`] applies an edit to a ledger and remembers it; [`History::undo`] applies
//! the inverse of the last one, [`History::redo`] applies it again. A refused edit leaves
//! both the ledger and the history as they were. Front ends only show the history (the
//! labels of what undo and redo would do) and call these three operations.

use super::{Edit, EditError, Ledger};
use crate::i18n::Lang;

/// The edits applied (for undo) and the edits undone (for redo).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

impl History {
    /// An empty history.
    pub fn new() -> History {
        History::default()
    }

    /// Applies `edit` to `ledger` and records it; a new edit clears what could be redone.
    /// A refused edit changes nothing.
    pub fn apply(&mut self, ledger: &mut Ledger, edit: Edit) -> Result<(), EditError> {
        ledger.apply(&edit)?;
        self.done.push(edit);
        self.undone.clear();
        Ok(())
    }

    /// Reverts the last applied edit and returns it, or `None` if there is nothing to
    /// undo. If its inverse is refused, the ledger and the history stay as they were.
    pub fn undo(&mut self, ledger: &mut Ledger) -> Option<Result<Edit, EditError>> {
        let edit = self.done.pop()?;
        match ledger.apply(&edit.inverse()) {
            Ok(()) => {
                self.undone.push(edit.clone());
                Some(Ok(edit))
            }
            Err(e) => {
                self.done.push(edit);
                Some(Err(e))
            }
        }
    }

    /// Applies the last undone edit again and returns it, or `None` if there is nothing
    /// to redo. If it is refused, the ledger and the history stay as they were.
    pub fn redo(&mut self, ledger: &mut Ledger) -> Option<Result<Edit, EditError>> {
        let edit = self.undone.pop()?;
        match ledger.apply(&edit) {
            Ok(()) => {
                self.done.push(edit.clone());
                Some(Ok(edit))
            }
            Err(e) => {
                self.undone.push(edit);
                Some(Err(e))
            }
        }
    }

    /// True when there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// True when there is an edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// What undo would revert, named for a menu (`修改 化肥`).
    pub fn undo_label(&self, lang: Lang) -> Option<String> {
        self.done.last().map(|e| e.describe(lang))
    }

    /// What redo would apply again, named for a menu.
    pub fn redo_label(&self, lang: Lang) -> Option<String> {
        self.undone.last().map(|e| e.describe(lang))
    }

    /// Forgets everything (another file was opened).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Department, DepartmentId, Village, VillageId};

    fn village(id: u32, name: &str) -> Village {
        Village::new(VillageId(id), name, "", "")
    }

    fn add_village(ledger: &Ledger, id: u32, name: &str) -> Edit {
        Edit::AddVillage {
            index: ledger.villages.len(),
            village: village(id, name),
        }
    }

    fn names(ledger: &Ledger) -> Vec<&str> {
        ledger.villages.iter().map(|v| v.name.as_str()).collect()
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth() {
        let mut ledger = Ledger::new("毕节职业技术学院");
        let mut history = History::new();
        assert!(!history.can_undo() && !history.can_redo());
        assert!(history.undo(&mut ledger).is_none());

        let a = add_village(&ledger, 1, "九股村");
        history.apply(&mut ledger, a.clone()).expect("add 九股村");
        let b = add_village(&ledger, 2, "海子村");
        history.apply(&mut ledger, b.clone()).expect("add 海子村");
        assert_eq!(names(&ledger), ["九股村", "海子村"]);
        assert_eq!(
            history.undo_label(Lang::Zh).as_deref(),
            Some("添加村 海子村")
        );

        assert_eq!(history.undo(&mut ledger).map(Result::ok), Some(Some(b)));
        assert_eq!(names(&ledger), ["九股村"]);
        assert_eq!(
            history.redo_label(Lang::En).as_deref(),
            Some("add village 海子村")
        );
        assert_eq!(history.undo(&mut ledger).map(Result::ok), Some(Some(a)));
        assert!(ledger.villages.is_empty());
        assert!(!history.can_undo());

        history.redo(&mut ledger).expect("a redo").expect("redone");
        history.redo(&mut ledger).expect("a redo").expect("redone");
        assert_eq!(names(&ledger), ["九股村", "海子村"]);
        assert!(!history.can_redo());
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut ledger = Ledger::new("单位");
        let mut history = History::new();
        let a = add_village(&ledger, 1, "九股村");
        history.apply(&mut ledger, a).expect("add");
        history.undo(&mut ledger).expect("undo").expect("undone");
        assert!(history.can_redo());
        let d = Edit::AddDepartment {
            index: 0,
            department: Department {
                id: DepartmentId(1),
                name: "团委".into(),
            },
        };
        history.apply(&mut ledger, d).expect("add department");
        assert!(!history.can_redo());
        assert_eq!(history.redo_label(Lang::Zh), None);
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let mut ledger = Ledger::new("单位");
        let mut history = History::new();
        let a = add_village(&ledger, 1, "九股村");
        history.apply(&mut ledger, a.clone()).expect("add");
        let before = (ledger.clone(), history.clone());
        // Removing a village that is not there is refused.
        let gone = Edit::RemoveVillage {
            index: 0,
            village: village(7, "不存在村"),
        };
        assert!(history.apply(&mut ledger, gone).is_err());
        assert_eq!((ledger.clone(), history.clone()), before);

        // The ledger changed behind the history's back: undo is refused and kept.
        ledger.villages.clear();
        assert!(matches!(history.undo(&mut ledger), Some(Err(_))));
        assert!(history.can_undo());
        assert_eq!(
            history.undo_label(Lang::Zh).as_deref(),
            Some("添加村 九股村")
        );
    }
}
