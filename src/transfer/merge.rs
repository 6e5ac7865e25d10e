//! Merging another ledger into this one (departments keep their own ledgers; the office
//! brings them together): villages, departments and categories matched by name, near
//! duplicates (九股村 vs 九股村委会) mapped by the user, entries already present skipped,
//! everything added as one undoable batch. Merging the same ledger twice adds nothing.

use crate::ledger::edit::BatchLabel;
use crate::ledger::names::{MasterKind, NameBatch, key};
use crate::ledger::{
    Attachment, CategoryId, DepartmentId, Edit, Entry, EntryId, Fen, Ledger, Owner, VillageId,
};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// A name of the other ledger close to one of ours, but not the same by the name rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearDuplicate {
    /// Village, department or category.
    pub kind: MasterKind,
    /// Their name.
    pub theirs: String,
    /// Our names it is close to.
    pub ours: Vec<String>,
}

/// What to do with one of their names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Take it as our record of this name.
    Map(String),
    /// Add it as a new record.
    New,
}

/// The user's choices for their names (by their name, any kind).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices(pub HashMap<String, Choice>);

impl Choices {
    fn get(&self, theirs: &str) -> Option<&Choice> {
        let k = key(theirs);
        self.0
            .iter()
            .find(|(name, _)| key(name) == k)
            .map(|(_, c)| c)
    }
}

/// Why a merge was not planned; nothing changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// Names that need a choice first.
    NearDuplicates(Vec<NearDuplicate>),
    /// A choice maps their name to a name this ledger does not have.
    NoSuchTarget {
        /// Their name.
        theirs: String,
        /// The name asked for.
        ours: String,
    },
}

/// What a merge would add, ready to apply as one undoable edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergePlan {
    /// One batch: new villages, departments and categories, then the entries.
    pub edit: Edit,
    /// Entries added.
    pub added: usize,
    /// Entries skipped as already present.
    pub skipped: usize,
    /// Villages added.
    pub new_villages: Vec<String>,
    /// Departments added.
    pub new_departments: Vec<String>,
    /// Categories added.
    pub new_categories: Vec<String>,
    /// Their names taken as one of ours by a choice: (kind, theirs, ours).
    pub mapped: Vec<(MasterKind, String, String)>,
    /// Their evidence links that come along (re-owned to our entry ids, attached in
    /// `edit`): the caller copies these files from their `NAME.files/` before applying
    /// (`store::files::copy_from`). An entry skipped as present brings its files to our
    /// entry, those not already attached there.
    pub attachments: Vec<Attachment>,
}

/// A name with the endings offices add or drop taken off (村民委员会, 村委会, 委会, 村,
/// 系), for finding near duplicates.
fn stem(name: &str) -> String {
    let mut s = key(name);
    loop {
        let before = s.len();
        for suffix in ["村民委员会", "村委会", "委员会", "委会", "村", "系"] {
            if let Some(rest) = s.strip_suffix(suffix)
                && !rest.is_empty()
            {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Whether two names that differ by the name rule are still close: one contains the
/// other, or they are the same without 村 / 委会 / 系.
fn near(a: &str, b: &str) -> bool {
    let (ka, kb) = (key(a), key(b));
    ka.contains(&kb) || kb.contains(&ka) || stem(a) == stem(b)
}

/// How their name is taken: our record's position, or a new one.
enum Resolved {
    Ours(usize),
    New,
    Ask(Vec<String>),
}

fn resolve(names: &[&str], theirs: &str, choices: &Choices) -> Result<Resolved, MergeError> {
    let k = key(theirs);
    if let Some(i) = names.iter().position(|n| key(n) == k) {
        return Ok(Resolved::Ours(i));
    }
    match choices.get(theirs) {
        Some(Choice::New) => return Ok(Resolved::New),
        Some(Choice::Map(target)) => {
            let t = key(target);
            return match names.iter().position(|n| key(n) == t) {
                Some(i) => Ok(Resolved::Ours(i)),
                None => Err(MergeError::NoSuchTarget {
                    theirs: theirs.to_string(),
                    ours: target.clone(),
                }),
            };
        }
        None => {}
    }
    let close: Vec<String> = names
        .iter()
        .filter(|n| near(n, theirs))
        .map(|n| n.to_string())
        .collect();
    if close.is_empty() {
        Ok(Resolved::New)
    } else {
        Ok(Resolved::Ask(close))
    }
}

/// Their names close to ours that have no choice yet (the mapping step).
pub fn near_duplicates(ours: &Ledger, theirs: &Ledger, choices: &Choices) -> Vec<NearDuplicate> {
    match plan_merge(ours, theirs, choices) {
        Err(MergeError::NearDuplicates(n)) => n,
        _ => Vec::new(),
    }
}

/// The identity of an entry for finding it already present: date, village, department,
/// content and value.
type EntryKey = (NaiveDate, VillageId, DepartmentId, String, Fen);

fn entry_key(e: &Entry) -> EntryKey {
    (
        e.date,
        e.village,
        e.department,
        e.what.trim().to_string(),
        e.value_fen,
    )
}

/// Plans merging `theirs` into `ours`. Nothing changes here; the caller applies
/// `plan.edit`. Refused, listing them, while a near duplicate has no choice.
pub fn plan_merge(
    ours: &Ledger,
    theirs: &Ledger,
    choices: &Choices,
) -> Result<MergePlan, MergeError> {
    let mut asks = Vec::new();
    let mut mapped = Vec::new();
    let mut batch = NameBatch::new(ours);

    let our_villages: Vec<&str> = ours.villages.iter().map(|v| v.name.as_str()).collect();
    let mut villages: HashMap<VillageId, VillageId> = HashMap::new();
    for v in &theirs.villages {
        match resolve(&our_villages, &v.name, choices)? {
            Resolved::Ours(i) => {
                if key(&v.name) != key(our_villages[i]) {
                    mapped.push((
                        MasterKind::Village,
                        v.name.clone(),
                        our_villages[i].to_string(),
                    ));
                }
                villages.insert(v.id, ours.villages[i].id);
            }
            Resolved::New => {
                villages.insert(v.id, batch.merge_village(v));
            }
            Resolved::Ask(close) => asks.push(NearDuplicate {
                kind: MasterKind::Village,
                theirs: v.name.clone(),
                ours: close,
            }),
        }
    }
    let our_departments: Vec<&str> = ours.departments.iter().map(|d| d.name.as_str()).collect();
    let mut departments: HashMap<DepartmentId, DepartmentId> = HashMap::new();
    for d in &theirs.departments {
        match resolve(&our_departments, &d.name, choices)? {
            Resolved::Ours(i) => {
                if key(&d.name) != key(our_departments[i]) {
                    mapped.push((
                        MasterKind::Department,
                        d.name.clone(),
                        our_departments[i].to_string(),
                    ));
                }
                departments.insert(d.id, ours.departments[i].id);
            }
            Resolved::New => {
                departments.insert(d.id, batch.merge_department(d));
            }
            Resolved::Ask(close) => asks.push(NearDuplicate {
                kind: MasterKind::Department,
                theirs: d.name.clone(),
                ours: close,
            }),
        }
    }
    let our_categories: Vec<&str> = ours.categories.iter().map(|c| c.name.as_str()).collect();
    let mut categories: HashMap<CategoryId, CategoryId> = HashMap::new();
    for c in &theirs.categories {
        match resolve(&our_categories, &c.name, choices)? {
            Resolved::Ours(i) => {
                if key(&c.name) != key(our_categories[i]) {
                    mapped.push((
                        MasterKind::Category,
                        c.name.clone(),
                        our_categories[i].to_string(),
                    ));
                }
                categories.insert(c.id, ours.categories[i].id);
            }
            Resolved::New => {
                categories.insert(c.id, batch.merge_category(c));
            }
            Resolved::Ask(close) => asks.push(NearDuplicate {
                kind: MasterKind::Category,
                theirs: c.name.clone(),
                ours: close,
            }),
        }
    }
    if !asks.is_empty() {
        return Err(MergeError::NearDuplicates(asks));
    }

    let present: HashMap<EntryKey, EntryId> =
        ours.entries.iter().map(|e| (entry_key(e), e.id)).collect();
    let mut next_id = ours.next_entry_id().0;
    let mut entries = Vec::new();
    let mut attachments: Vec<Attachment> = Vec::new();
    let mut skipped = 0;
    // Their files of entry `from`, re-owned to our entry `to` (none already there).
    let mut bring = |from: EntryId, to: EntryId, edits: &mut Vec<Edit>| {
        let owner = Owner::Entry(to);
        let mut have: HashSet<String> =
            ours.attachments_of(owner).map(|a| a.hash.clone()).collect();
        for a in theirs.attachments_of(Owner::Entry(from)) {
            if have.insert(a.hash.clone()) {
                let a = Attachment { owner, ..a.clone() };
                attachments.push(a.clone());
                edits.push(Edit::Attach(Box::new(a)));
            }
        }
    };
    let mut attach_edits = Vec::new();
    for e in &theirs.entries {
        // Every id of a valid ledger's entry names one of its records.
        let (Some(&village), Some(&department)) =
            (villages.get(&e.village), departments.get(&e.department))
        else {
            skipped += 1;
            continue;
        };
        let mut entry = e.clone();
        entry.id = EntryId(next_id);
        entry.village = village;
        entry.department = department;
        entry.category = e.category.and_then(|c| categories.get(&c).copied());
        if let Some(&ours_id) = present.get(&entry_key(&entry)) {
            skipped += 1;
            bring(e.id, ours_id, &mut attach_edits);
            continue;
        }
        next_id += 1;
        bring(e.id, entry.id, &mut attach_edits);
        entries.push(Edit::AddEntry(Box::new(entry)));
    }
    let added = entries.len();
    let new_villages = batch.created(MasterKind::Village);
    let new_departments = batch.created(MasterKind::Department);
    let new_categories = batch.created(MasterKind::Category);
    let mut edits = batch.into_edits();
    edits.extend(entries);
    edits.extend(attach_edits);
    Ok(MergePlan {
        edit: Edit::Batch {
            label: BatchLabel::Import { entries: added },
            edits,
        },
        added,
        skipped,
        new_villages,
        new_departments,
        new_categories,
        mapped,
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names() {
        assert!(near("九股村", "九股村委会"));
        assert!(near("农业工程系", "农业工程"));
        assert!(near("九股", "九股村"));
        assert!(!near("九股村", "海子村"));
        assert_eq!(stem("九股村委会"), "九股");
        assert_eq!(stem("九股村民委员会"), "九股");
        assert_eq!(stem("村"), "村");
    }
}
