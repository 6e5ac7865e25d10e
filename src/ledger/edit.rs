//! Every change to a ledger is an [`Edit`]: applied, inverted for undo, named for the
//! audit trail and the undo menu ("撤销：添加 化肥").

use super::lock::{LockProblem, PeriodLock, Refusal};
use super::targets::{self, CustomIndicator, IndicatorRef, Target};
use super::validate::{FieldError, Problem, validate_entry};
use super::{Category, Department, Entry, EntryId, Ledger, Village};
use crate::i18n::Lang;
use crate::i18n::lock as lock_words;
use crate::i18n::model::{self, EditVerb};

/// One change to a ledger. `edit.inverse()` undoes it exactly. Entries are boxed so an
/// edit stays small (`Edit::AddEntry(entry.into())` or `Edit::add_entry(entry)`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Edit {
    /// Appends a new entry (its id must be above every existing id).
    AddEntry(Box<Entry>),
    /// Replaces an entry (same id).
    UpdateEntry {
        /// The entry as it was.
        before: Box<Entry>,
        /// The entry as it becomes.
        after: Box<Entry>,
    },
    /// Removes an entry.
    DeleteEntry(Box<Entry>),
    /// Inserts a village at a position in the list.
    AddVillage {
        /// Position in `villages`.
        index: usize,
        /// The new village.
        village: Village,
    },
    /// Removes a village that no entry uses.
    RemoveVillage {
        /// Position in `villages`.
        index: usize,
        /// The village removed.
        village: Village,
    },
    /// Renames or re-places a village (same id).
    UpdateVillage {
        /// As it was.
        before: Village,
        /// As it becomes.
        after: Village,
    },
    /// Inserts a department.
    AddDepartment {
        /// Position in `departments`.
        index: usize,
        /// The new department.
        department: Department,
    },
    /// Removes a department that no entry uses.
    RemoveDepartment {
        /// Position in `departments`.
        index: usize,
        /// The department removed.
        department: Department,
    },
    /// Renames a department.
    UpdateDepartment {
        /// As it was.
        before: Department,
        /// As it becomes.
        after: Department,
    },
    /// Inserts a category.
    AddCategory {
        /// Position in `categories`.
        index: usize,
        /// The new category.
        category: Category,
    },
    /// Removes a category that no entry uses.
    RemoveCategory {
        /// Position in `categories`.
        index: usize,
        /// The category removed.
        category: Category,
    },
    /// Renames a category.
    UpdateCategory {
        /// As it was.
        before: Category,
        /// As it becomes.
        after: Category,
    },
    /// Changes the assisting unit's name.
    SetUnit {
        /// As it was.
        before: String,
        /// As it becomes.
        after: String,
    },
    /// Sets (`after: Some`), changes or clears (`after: None`) a year's target for an
    /// indicator. `before` must be the target as it is.
    SetTarget {
        /// The calendar year.
        year: i32,
        /// Which indicator.
        indicator: IndicatorRef,
        /// The target as it was (fen for money, else a count), `None` when unset.
        before: Option<i64>,
        /// The target as it becomes, `None` to clear it.
        after: Option<i64>,
    },
    /// Inserts a user-defined indicator (and, when undoing its removal, its targets).
    AddIndicator {
        /// Position in `indicators`.
        index: usize,
        /// The indicator.
        indicator: CustomIndicator,
        /// Targets set for it, added with it.
        targets: Vec<Target>,
    },
    /// Removes a user-defined indicator and the targets set for it (all of them must be
    /// listed here: build it with `Ledger::remove_indicator`).
    RemoveIndicator {
        /// Position in `indicators`.
        index: usize,
        /// The indicator removed.
        indicator: CustomIndicator,
        /// Its targets, removed with it.
        targets: Vec<Target>,
    },
    /// Renames or redefines a user-defined indicator (same id).
    UpdateIndicator {
        /// As it was.
        before: CustomIndicator,
        /// As it becomes.
        after: CustomIndicator,
    },
    // -- rectification ledger (issue 12): one variant, its arms delegate to findings.rs --
    /// A change to the rectification ledger (findings, rounds, finding categories).
    Finding(super::findings::FindingEdit),
    // -- period lock (issue 13 §4): one variant, its rules in lock.rs --
    /// Locks every entry dated up to a day (结账: `before: None`), moves the lock's day
    /// (both `Some`) or lifts it (取消结账: `after: None`). `before` must be the lock as it is.
    SetLock {
        /// The lock as it was.
        before: Option<PeriodLock>,
        /// The lock as it becomes.
        after: Option<PeriodLock>,
        /// Why the lock was lifted, kept in the history (empty when locking, and when a
        /// lock is undone).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        unlock_reason: String,
    },
    // -- evidence (issue 14): attached files; their arms delegate to evidence.rs --
    /// Attaches a file to an entry or finding (the link; the file is in `NAME.files/`).
    Attach(Box<super::Attachment>),
    /// Removes a file's link from its record (the stored file stays).
    Detach(Box<super::Attachment>),
    /// Several edits applied as one (an import, a merge); all or nothing.
    Batch {
        /// What the batch does, for the undo menu.
        label: BatchLabel,
        /// The edits, applied in order.
        edits: Vec<Edit>,
    },
}

/// The name of a batch of edits.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BatchLabel {
    /// Rows imported from a file.
    Import {
        /// How many entries.
        entries: usize,
    },
    /// Two villages / departments / categories merged (from → into).
    Merge {
        /// The duplicate that disappears.
        from: String,
        /// The record that stays.
        into: String,
    },
    /// A ledger restored from a backup.
    Restore,
    /// Several targets of one year set at once.
    Targets {
        /// The year.
        year: i32,
    },
    /// Findings imported from a file (rectification ledger).
    FindingsImport {
        /// How many findings.
        findings: usize,
    },
    /// A finding saved with the source or category it names, created with it.
    NewFinding {
        /// The finding's id.
        id: u32,
    },
    /// Several findings set to one status at once.
    FindingsStatus {
        /// How many findings.
        findings: usize,
        /// The new status.
        status: super::findings::FindingStatus,
    },
    /// The ledger brought back to just after an earlier edit on record (the edits after
    /// it undone): `bangfu restore --to SEQ` and the app's 恢复到此处.
    RestoreTo {
        /// The edit gone back to (0: before the first).
        seq: u64,
    },
    /// Several files attached to one record at once (evidence).
    Attach {
        /// The record.
        owner: super::Owner,
        /// How many files.
        files: usize,
    },
}

/// Why an edit could not be applied; the ledger is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Zh))]
pub enum EditError {
    /// The entry or record breaks a rule.
    Invalid(Vec<FieldError>),
    /// The record to change or remove is not (or no longer) there.
    Missing,
    /// A new entry's id is not above every existing id, or a record id is taken.
    IdTaken,
    /// A record is still used by this many entries.
    InUse(usize),
    /// A finding, round or finding category breaks a rule (rectification ledger).
    Finding(Vec<super::findings::FindingError>),
    // -- period lock (issue 13 §4) --
    /// The edit touches an entry dated inside the period lock (结账).
    Locked(Box<Refusal>),
    /// A lock without a reason, or with a date out of range.
    BadLock(LockProblem),
    /// The same file (by content) is already attached to that record; the file's name.
    AlreadyAttached(String),
}

impl EditError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EditError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join(model::SEMICOLON.get(lang)),
            EditError::Missing => model::RECORD_MISSING.get(lang).into(),
            EditError::IdTaken => model::ID_TAKEN.get(lang).into(),
            EditError::InUse(n) => model::in_use(lang, *n),
            EditError::Finding(errors) => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join(model::SEMICOLON.get(lang)),
            EditError::Locked(r) => r.message(lang),
            EditError::BadLock(p) => p.message(lang),
            EditError::AlreadyAttached(name) => crate::i18n::evidence::already_attached(lang, name),
        }
    }
}

fn invalid(field: super::Field, problem: Problem) -> EditError {
    EditError::Invalid(vec![FieldError::new(field, problem)])
}

impl Edit {
    /// Adds an entry.
    pub fn add_entry(entry: Entry) -> Edit {
        Edit::AddEntry(Box::new(entry))
    }

    /// Deletes an entry.
    pub fn delete_entry(entry: Entry) -> Edit {
        Edit::DeleteEntry(Box::new(entry))
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self.clone() {
            Edit::AddEntry(e) => Edit::DeleteEntry(e),
            Edit::DeleteEntry(e) => Edit::AddEntry(e),
            Edit::UpdateEntry { before, after } => Edit::UpdateEntry {
                before: after,
                after: before,
            },
            Edit::AddVillage { index, village } => Edit::RemoveVillage { index, village },
            Edit::RemoveVillage { index, village } => Edit::AddVillage { index, village },
            Edit::UpdateVillage { before, after } => Edit::UpdateVillage {
                before: after,
                after: before,
            },
            Edit::AddDepartment { index, department } => {
                Edit::RemoveDepartment { index, department }
            }
            Edit::RemoveDepartment { index, department } => {
                Edit::AddDepartment { index, department }
            }
            Edit::UpdateDepartment { before, after } => Edit::UpdateDepartment {
                before: after,
                after: before,
            },
            Edit::AddCategory { index, category } => Edit::RemoveCategory { index, category },
            Edit::RemoveCategory { index, category } => Edit::AddCategory { index, category },
            Edit::UpdateCategory { before, after } => Edit::UpdateCategory {
                before: after,
                after: before,
            },
            Edit::SetUnit { before, after } => Edit::SetUnit {
                before: after,
                after: before,
            },
            Edit::SetTarget {
                year,
                indicator,
                before,
                after,
            } => Edit::SetTarget {
                year,
                indicator,
                before: after,
                after: before,
            },
            Edit::AddIndicator {
                index,
                indicator,
                targets,
            } => Edit::RemoveIndicator {
                index,
                indicator,
                targets,
            },
            Edit::RemoveIndicator {
                index,
                indicator,
                targets,
            } => Edit::AddIndicator {
                index,
                indicator,
                targets,
            },
            Edit::UpdateIndicator { before, after } => Edit::UpdateIndicator {
                before: after,
                after: before,
            },
            Edit::Finding(f) => Edit::Finding(f.inverse()),
            Edit::SetLock {
                before,
                after,
                unlock_reason,
            } => Edit::SetLock {
                before: after,
                after: before,
                unlock_reason,
            },
            Edit::Attach(a) => Edit::Detach(a),
            Edit::Detach(a) => Edit::Attach(a),
            Edit::Batch { label, edits } => Edit::Batch {
                label,
                edits: edits.iter().rev().map(Edit::inverse).collect(),
            },
        }
    }

    /// A short name for menus and the audit trail: `添加 化肥`, `edit village 九股村`.
    pub fn describe(&self, lang: Lang) -> String {
        let rename = |before: &str, after: &str| {
            if before == after {
                after.to_string()
            } else {
                format!("{before} → {after}")
            }
        };
        let (verb, name): (EditVerb, String) = match self {
            Edit::AddEntry(e) => (EditVerb::AddEntry, e.what.to_string()),
            Edit::UpdateEntry { after, .. } => (EditVerb::EditEntry, after.what.to_string()),
            Edit::DeleteEntry(e) => (EditVerb::DeleteEntry, e.what.to_string()),
            Edit::AddVillage { village, .. } => (EditVerb::AddVillage, village.name.clone()),
            Edit::RemoveVillage { village, .. } => (EditVerb::DeleteVillage, village.name.clone()),
            Edit::UpdateVillage { before, after } => {
                (EditVerb::EditVillage, rename(&before.name, &after.name))
            }
            Edit::AddDepartment { department, .. } => {
                (EditVerb::AddDepartment, department.name.clone())
            }
            Edit::RemoveDepartment { department, .. } => {
                (EditVerb::DeleteDepartment, department.name.clone())
            }
            Edit::UpdateDepartment { before, after } => {
                (EditVerb::EditDepartment, rename(&before.name, &after.name))
            }
            Edit::AddCategory { category, .. } => (EditVerb::AddCategory, category.name.clone()),
            Edit::RemoveCategory { category, .. } => {
                (EditVerb::DeleteCategory, category.name.clone())
            }
            Edit::UpdateCategory { before, after } => {
                (EditVerb::EditCategory, rename(&before.name, &after.name))
            }
            Edit::SetUnit { after, .. } => (EditVerb::RenameUnit, after.clone()),
            Edit::SetTarget {
                year, indicator, ..
            } => (
                EditVerb::SetTarget,
                format!("{year} {}", indicator.name_for_edit(lang)),
            ),
            Edit::AddIndicator { indicator, .. } => {
                (EditVerb::AddIndicator, indicator.name.clone())
            }
            Edit::RemoveIndicator { indicator, .. } => {
                (EditVerb::DeleteIndicator, indicator.name.clone())
            }
            Edit::UpdateIndicator { before, after } => {
                (EditVerb::EditIndicator, rename(&before.name, &after.name))
            }
            Edit::Finding(f) => return f.describe(lang),
            Edit::SetLock {
                before,
                after,
                unlock_reason,
            } => {
                return match (before, after) {
                    (_, Some(a)) => {
                        lock_words::describe_lock(lang, before.as_ref().map(|b| b.until), a)
                    }
                    (Some(b), None) => lock_words::describe_unlock(lang, b, unlock_reason),
                    (None, None) => lock_words::NOT_LOCKED.get(lang).to_string(),
                };
            }
            Edit::Attach(a) => return super::evidence::describe_attach(a, lang),
            Edit::Detach(a) => return super::evidence::describe_detach(a, lang),
            Edit::Batch { label, .. } => {
                return match label {
                    BatchLabel::Import { entries } => model::batch_import(lang, *entries),
                    BatchLabel::Merge { from, into } => model::batch_merge(lang, from, into),
                    BatchLabel::Restore => model::BATCH_RESTORE.get(lang).into(),
                    BatchLabel::Targets { year } => model::batch_targets(lang, *year),
                    BatchLabel::FindingsImport { findings } => {
                        crate::i18n::findings::batch_import(lang, *findings)
                    }
                    BatchLabel::NewFinding { id } => crate::i18n::findings::new_finding(lang, *id),
                    BatchLabel::FindingsStatus { findings, status } => {
                        crate::i18n::findings::batch_status(lang, *findings, status.label(lang))
                    }
                    BatchLabel::RestoreTo { seq } => crate::i18n::history::restore_to(lang, *seq),
                    BatchLabel::Attach { owner, files } => {
                        crate::i18n::evidence::batch_attach(lang, &owner.label(lang), *files)
                    }
                };
            }
        };
        format!("{} {name}", verb.text().get(lang))
    }

    /// The oldest file version whose reader knows this edit: a journal line with a lock
    /// (version 4) must not reach a version-3 reader, which would take it for a torn
    /// line and cut it off (the store writes a version-4 snapshot at once instead).
    pub fn file_version(&self) -> u32 {
        match self {
            Edit::SetLock { .. } | Edit::Attach(_) | Edit::Detach(_) => 4,
            Edit::Batch { edits, .. } => edits.iter().map(Edit::file_version).max().unwrap_or(3),
            _ => 3,
        }
    }

    /// The entry this edit adds or changes, if any (to select it after an edit).
    pub fn touched_entry(&self) -> Option<EntryId> {
        match self {
            Edit::AddEntry(e) => Some(e.id),
            Edit::UpdateEntry { after, .. } => Some(after.id),
            _ => None,
        }
    }
}

impl Ledger {
    /// Applies an edit, or leaves the ledger unchanged and says why.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        // A village or department that findings still name cannot go (rectification ledger).
        if let Some(n) = super::findings::findings_using(self, edit) {
            return Err(EditError::InUse(n));
        }
        // The period lock (结账): an entry dated inside it is not added, changed or removed;
        // a batch is checked whole against the lock as it is now, so not even a batch
        // that lifts the lock first (a restore) changes a locked entry.
        if let Some(lock) = &self.lock
            && let Some(date) = super::lock::refused_date(edit, lock)
        {
            return Err(EditError::Locked(Box::new(Refusal {
                lock: (**lock).clone(),
                date,
            })));
        }
        match edit {
            Edit::AddEntry(e) => {
                if self.entries.last().is_some_and(|last| last.id >= e.id) {
                    // Undo of a delete re-inserts in the middle: allowed when the id is free.
                    match self.entries.binary_search_by_key(&e.id, |x| x.id) {
                        Ok(_) => return Err(EditError::IdTaken),
                        Err(pos) => {
                            validate_entry(e, self).map_err(EditError::Invalid)?;
                            self.entries.insert(pos, (**e).clone());
                            return Ok(());
                        }
                    }
                }
                validate_entry(e, self).map_err(EditError::Invalid)?;
                self.entries.push((**e).clone());
            }
            Edit::UpdateEntry { before, after } => {
                let i = self.entry_index(before.id).ok_or(EditError::Missing)?;
                if self.entries[i] != **before || before.id != after.id {
                    return Err(EditError::Missing);
                }
                validate_entry(after, self).map_err(EditError::Invalid)?;
                self.entries[i] = (**after).clone();
            }
            Edit::DeleteEntry(e) => {
                let i = self.entry_index(e.id).ok_or(EditError::Missing)?;
                if self.entries[i] != **e {
                    return Err(EditError::Missing);
                }
                self.entries.remove(i);
            }
            Edit::AddVillage { index, village } => {
                let name = check_master_name(&village.name)?;
                if self.village(village.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                if self.village_by_name(&name).is_some() {
                    return Err(invalid(super::Field::Name, Problem::Duplicate(name)));
                }
                check_optional(super::Field::Town, &village.town)?;
                check_optional(super::Field::County, &village.county)?;
                check_households(village)?;
                self.villages
                    .insert((*index).min(self.villages.len()), village.clone());
            }
            Edit::RemoveVillage { index, village } => {
                let i = position_at(&self.villages, *index, |v| v == village)?;
                let uses = self.village_uses(village.id);
                if uses > 0 {
                    return Err(EditError::InUse(uses));
                }
                self.villages.remove(i);
            }
            Edit::UpdateVillage { before, after } => {
                let name = check_master_name(&after.name)?;
                check_optional(super::Field::Town, &after.town)?;
                check_optional(super::Field::County, &after.county)?;
                check_households(after)?;
                let i = self
                    .villages
                    .iter()
                    .position(|v| v == before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                if self
                    .villages
                    .iter()
                    .any(|v| v.id != after.id && v.name == name)
                {
                    return Err(invalid(super::Field::Name, Problem::Duplicate(name)));
                }
                self.villages[i] = after.clone();
            }
            Edit::AddDepartment { index, department } => {
                let name = check_master_name(&department.name)?;
                if self.department(department.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                if self.department_by_name(&name).is_some() {
                    return Err(invalid(super::Field::Name, Problem::Duplicate(name)));
                }
                self.departments
                    .insert((*index).min(self.departments.len()), department.clone());
            }
            Edit::RemoveDepartment { index, department } => {
                let i = position_at(&self.departments, *index, |d| d == department)?;
                let uses = self.department_uses(department.id);
                if uses > 0 {
                    return Err(EditError::InUse(uses));
                }
                self.departments.remove(i);
            }
            Edit::UpdateDepartment { before, after } => {
                let name = check_master_name(&after.name)?;
                let i = self
                    .departments
                    .iter()
                    .position(|d| d == before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                if self
                    .departments
                    .iter()
                    .any(|d| d.id != after.id && d.name == name)
                {
                    return Err(invalid(super::Field::Name, Problem::Duplicate(name)));
                }
                self.departments[i] = after.clone();
            }
            Edit::AddCategory { index, category } => {
                let name = check_master_name(&category.name)?;
                if self.category(category.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                if self.category_by_name(&name).is_some() {
                    return Err(invalid(super::Field::Name, Problem::Duplicate(name)));
                }
                self.categories
                    .insert((*index).min(self.categories.len()), category.clone());
            }
            Edit::RemoveCategory { index, category } => {
                let i = position_at(&self.categories, *index, |c| c == category)?;
                let uses = self.category_uses(category.id)
                    + self
                        .indicators
                        .iter()
                        .filter(|c| c.category == Some(category.id))
                        .count();
                if uses > 0 {
                    return Err(EditError::InUse(uses));
                }
                self.categories.remove(i);
            }
            Edit::UpdateCategory { before, after } => {
                let name = check_master_name(&after.name)?;
                let i = self
                    .categories
                    .iter()
                    .position(|c| c == before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                if self
                    .categories
                    .iter()
                    .any(|c| c.id != after.id && c.name == name)
                {
                    return Err(invalid(super::Field::Name, Problem::Duplicate(name)));
                }
                self.categories[i] = after.clone();
            }
            Edit::SetUnit { before, after } => {
                if self.unit != *before {
                    return Err(EditError::Missing);
                }
                let name = super::validate::clean_name(after)
                    .map_err(|p| invalid(super::Field::AssistingUnit, p))?;
                self.unit = name;
            }
            Edit::SetTarget {
                year,
                indicator,
                before,
                after,
            } => {
                if self.target(*year, *indicator) != *before {
                    return Err(EditError::Missing);
                }
                targets::check_year(*year).map_err(|p| invalid(super::Field::Date, p))?;
                if let IndicatorRef::Custom(id) = indicator
                    && after.is_some()
                    && self.indicator(*id).is_none()
                {
                    return Err(EditError::Missing);
                }
                let at = self
                    .targets
                    .iter()
                    .position(|t| t.year == *year && t.indicator == *indicator);
                match (at, after) {
                    (Some(i), None) => {
                        self.targets.remove(i);
                    }
                    (Some(i), Some(amount)) => {
                        targets::check_amount(*amount)
                            .map_err(|p| invalid(super::Field::Value, p))?;
                        self.targets[i].amount = *amount;
                    }
                    (None, Some(amount)) => {
                        targets::check_amount(*amount)
                            .map_err(|p| invalid(super::Field::Value, p))?;
                        self.insert_target(Target {
                            year: *year,
                            indicator: *indicator,
                            amount: *amount,
                        });
                    }
                    (None, None) => {}
                }
            }
            Edit::AddIndicator {
                index,
                indicator,
                targets: with,
            } => {
                if self.indicator(indicator.id).is_some() {
                    return Err(EditError::IdTaken);
                }
                let errors = targets::check_indicator(indicator, self);
                if !errors.is_empty() {
                    return Err(EditError::Invalid(errors));
                }
                let id = IndicatorRef::Custom(indicator.id);
                if with.iter().any(|t| t.indicator != id)
                    || self.targets.iter().any(|t| t.indicator == id)
                {
                    return Err(EditError::Missing);
                }
                for t in with {
                    targets::check_year(t.year).map_err(|p| invalid(super::Field::Date, p))?;
                    targets::check_amount(t.amount).map_err(|p| invalid(super::Field::Value, p))?;
                }
                self.indicators
                    .insert((*index).min(self.indicators.len()), indicator.clone());
                for t in with {
                    self.insert_target(*t);
                }
            }
            Edit::RemoveIndicator {
                index,
                indicator,
                targets: with,
            } => {
                let i = position_at(&self.indicators, *index, |c| c == indicator)?;
                let id = IndicatorRef::Custom(indicator.id);
                let mut current: Vec<Target> = self
                    .targets
                    .iter()
                    .filter(|t| t.indicator == id)
                    .copied()
                    .collect();
                let mut listed = with.clone();
                let key = |t: &Target| (t.year, t.amount);
                current.sort_by_key(key);
                listed.sort_by_key(key);
                if current != listed {
                    return Err(EditError::Missing);
                }
                self.indicators.remove(i);
                self.targets.retain(|t| t.indicator != id);
            }
            Edit::UpdateIndicator { before, after } => {
                let i = self
                    .indicators
                    .iter()
                    .position(|c| c == before)
                    .ok_or(EditError::Missing)?;
                if before.id != after.id {
                    return Err(EditError::Missing);
                }
                let errors = targets::check_indicator(after, self);
                if !errors.is_empty() {
                    return Err(EditError::Invalid(errors));
                }
                let set = self
                    .targets
                    .iter()
                    .filter(|t| t.indicator == IndicatorRef::Custom(after.id))
                    .count();
                if before.measure.is_money() != after.measure.is_money() && set > 0 {
                    // Targets are fen for money and counts otherwise: switching would
                    // silently reinterpret them.
                    return Err(invalid(super::Field::Value, Problem::TargetsSet(set)));
                }
                self.indicators[i] = after.clone();
            }
            Edit::Finding(f) => self.apply_finding(f)?,
            Edit::SetLock { before, after, .. } => {
                if self.lock.as_deref() != before.as_ref() {
                    return Err(EditError::Missing);
                }
                if let Some(lock) = after {
                    super::lock::check(lock).map_err(EditError::BadLock)?;
                }
                self.lock = after.clone().map(Box::new);
            }
            Edit::Attach(a) => self.apply_attach(a)?,
            Edit::Detach(a) => self.apply_detach(a)?,
            Edit::Batch { edits, .. } => {
                for (done, edit) in edits.iter().enumerate() {
                    if let Err(e) = self.apply(edit) {
                        // Roll back what was applied, newest first.
                        for applied in edits[..done].iter().rev() {
                            // An inverse of an edit that just applied cannot fail.
                            let _ = self.apply(&applied.inverse());
                        }
                        return Err(e);
                    }
                }
            }
        }
        Ok(())
    }

    /// Builds the edit that merges village `from` into `into`: every entry of `from` moves
    /// to `into`, then `from` is removed. One undo step.
    pub fn merge_villages(
        &self,
        from: super::VillageId,
        into: super::VillageId,
        now: super::Stamp,
    ) -> Result<Edit, EditError> {
        let (Some(from_v), Some(into_v)) = (self.village(from), self.village(into)) else {
            return Err(EditError::Missing);
        };
        if from == into {
            return Err(EditError::Missing);
        }
        let mut edits = self.retarget_entries(|e| e.village == from, |e| e.village = into, now);
        edits.extend(super::findings::retarget_findings(self, |f| {
            (f.village == from).then(|| super::findings::Finding {
                village: into,
                ..f.clone()
            })
        }));
        let index = self.villages.iter().position(|v| v.id == from).unwrap_or(0);
        edits.push(Edit::RemoveVillage {
            index,
            village: from_v.clone(),
        });
        Ok(Edit::Batch {
            label: BatchLabel::Merge {
                from: from_v.name.clone(),
                into: into_v.name.clone(),
            },
            edits,
        })
    }

    /// Builds the edit that merges department `from` into `into`.
    pub fn merge_departments(
        &self,
        from: super::DepartmentId,
        into: super::DepartmentId,
        now: super::Stamp,
    ) -> Result<Edit, EditError> {
        let (Some(from_d), Some(into_d)) = (self.department(from), self.department(into)) else {
            return Err(EditError::Missing);
        };
        if from == into {
            return Err(EditError::Missing);
        }
        let mut edits =
            self.retarget_entries(|e| e.department == from, |e| e.department = into, now);
        let old = super::findings::Responsible::Department(from);
        edits.extend(super::findings::retarget_findings(self, |f| {
            (f.responsible == old).then(|| super::findings::Finding {
                responsible: super::findings::Responsible::Department(into),
                ..f.clone()
            })
        }));
        let index = self
            .departments
            .iter()
            .position(|d| d.id == from)
            .unwrap_or(0);
        edits.push(Edit::RemoveDepartment {
            index,
            department: from_d.clone(),
        });
        Ok(Edit::Batch {
            label: BatchLabel::Merge {
                from: from_d.name.clone(),
                into: into_d.name.clone(),
            },
            edits,
        })
    }

    /// Builds the edit that merges category `from` into `into`.
    pub fn merge_categories(
        &self,
        from: super::CategoryId,
        into: super::CategoryId,
        now: super::Stamp,
    ) -> Result<Edit, EditError> {
        let (Some(from_c), Some(into_c)) = (self.category(from), self.category(into)) else {
            return Err(EditError::Missing);
        };
        if from == into {
            return Err(EditError::Missing);
        }
        let mut edits = self.retarget_entries(
            |e| e.category == Some(from),
            |e| e.category = Some(into),
            now,
        );
        let index = self
            .categories
            .iter()
            .position(|c| c.id == from)
            .unwrap_or(0);
        edits.push(Edit::RemoveCategory {
            index,
            category: from_c.clone(),
        });
        Ok(Edit::Batch {
            label: BatchLabel::Merge {
                from: from_c.name.clone(),
                into: into_c.name.clone(),
            },
            edits,
        })
    }

    fn retarget_entries(
        &self,
        matches: impl Fn(&Entry) -> bool,
        change: impl Fn(&mut Entry),
        now: super::Stamp,
    ) -> Vec<Edit> {
        self.entries
            .iter()
            .filter(|e| matches(e))
            .map(|e| {
                let mut after = e.clone();
                change(&mut after);
                after.modified = now;
                Edit::UpdateEntry {
                    before: Box::new(e.clone()),
                    after: Box::new(after),
                }
            })
            .collect()
    }
}

impl Ledger {
    /// Inserts a target keeping `targets` sorted by year, then indicator.
    fn insert_target(&mut self, t: Target) {
        let pos = self
            .targets
            .partition_point(|x| (x.year, x.indicator) < (t.year, t.indicator));
        self.targets.insert(pos, t);
    }
}

impl IndicatorRef {
    /// The indicator's name in an edit's description (the ledger is not at hand there:
    /// a user-defined indicator shows as `#id`).
    fn name_for_edit(&self, lang: Lang) -> String {
        match self {
            IndicatorRef::Default(i) => i.text().get(lang).to_string(),
            IndicatorRef::Custom(id) => format!("#{}", id.0),
        }
    }
}

fn check_master_name(name: &str) -> Result<String, EditError> {
    let cleaned = super::validate::clean_name(name).map_err(|p| invalid(super::Field::Name, p))?;
    if cleaned != name {
        // Names are stored trimmed so that look-ups by name are exact.
        return Err(invalid(super::Field::Name, Problem::Empty));
    }
    Ok(cleaned)
}

fn check_optional(field: super::Field, text: &str) -> Result<(), EditError> {
    super::validate::clean_optional(text)
        .map(|_| ())
        .map_err(|p| invalid(field, p))
}

/// A village's registered, monitored and marginal households are counts up to the limit.
fn check_households(v: &Village) -> Result<(), EditError> {
    use super::validate::MAX_COUNT;
    for (field, n) in [
        (super::Field::Registered, v.registered),
        (super::Field::Monitored, v.monitored),
        (super::Field::Marginal, v.marginal),
    ] {
        if n > MAX_COUNT {
            let max = crate::ledger::money::group_count(MAX_COUNT.into());
            return Err(invalid(field, Problem::TooLarge(max)));
        }
    }
    Ok(())
}

fn position_at<T>(list: &[T], hint: usize, is: impl Fn(&T) -> bool) -> Result<usize, EditError> {
    if list.get(hint).is_some_and(&is) {
        return Ok(hint);
    }
    list.iter().position(is).ok_or(EditError::Missing)
}
