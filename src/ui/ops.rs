//! Edits built from whole ledgers: loading the sample (restoring a backup is
//! [`crate::ledger::changes::restore_backup_edit`]). Pure functions, so they can be
//! tested without a window.

use crate::demo::sample_ledger;
use crate::ledger::edit::BatchLabel;
use crate::ledger::names::NameBatch;
use crate::ledger::{CategoryId, DepartmentId, Edit, EntryId, Ledger, Stamp, VillageId};
use std::collections::HashMap;

/// One undoable edit that adds the sample of the real case (June 2020) to `ledger`:
/// villages, departments and categories it lacks (matched by name), then the entries.
/// A ledger still named `placeholder_unit` takes the sample's unit name.
pub fn sample_edit(ledger: &Ledger, placeholder_unit: &str, now: Stamp) -> Edit {
    let sample = sample_ledger();
    let mut edits = Vec::new();
    if ledger.unit == placeholder_unit && ledger.unit != sample.unit {
        edits.push(Edit::SetUnit {
            before: ledger.unit.clone(),
            after: sample.unit.clone(),
        });
    }
    let mut names = NameBatch::new(ledger);
    let villages: HashMap<VillageId, VillageId> = sample
        .villages
        .iter()
        .map(|v| (v.id, names.merge_village(v)))
        .collect();
    let departments: HashMap<DepartmentId, DepartmentId> = sample
        .departments
        .iter()
        .map(|d| (d.id, names.merge_department(d)))
        .collect();
    let categories: HashMap<CategoryId, CategoryId> = sample
        .categories
        .iter()
        .map(|c| (c.id, names.merge_category(c)))
        .collect();
    edits.extend(names.into_edits());
    let n = sample.entries.len();
    for (id, e) in (ledger.next_entry_id().0..).zip(sample.entries) {
        let mut e = e;
        e.id = EntryId(id);
        e.village = villages.get(&e.village).copied().unwrap_or(e.village);
        e.department = departments
            .get(&e.department)
            .copied()
            .unwrap_or(e.department);
        e.category = e.category.map(|c| categories.get(&c).copied().unwrap_or(c));
        e.created = now;
        e.modified = now;
        edits.push(Edit::AddEntry(Box::new(e)));
    }
    Edit::Batch {
        label: BatchLabel::Import { entries: n },
        edits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Stamp {
        chrono::NaiveDate::from_ymd_opt(2020, 6, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn sample_loads_into_an_empty_ledger_and_undoes() {
        let mut ledger = Ledger::new("帮扶单位");
        let empty = ledger.clone();
        let edit = sample_edit(&ledger, "帮扶单位", now());
        assert_eq!(ledger.apply(&edit), Ok(()));
        let sample = sample_ledger();
        assert_eq!(ledger.unit, sample.unit);
        assert_eq!(ledger.entries.len(), sample.entries.len());
        assert_eq!(ledger.villages, sample.villages);
        assert_eq!(ledger.apply(&edit.inverse()), Ok(()));
        assert_eq!(ledger, empty);
    }
}
