//! Edits built from whole ledgers: loading the sample, restoring a backup. Pure functions,
//! so they can be tested without a window.

use crate::demo::sample_ledger;
use crate::ledger::edit::BatchLabel;
use crate::ledger::names::NameBatch;
use crate::ledger::{
    CategoryId, DepartmentId, Edit, EntryId, IndicatorRef, Ledger, Stamp, VillageId,
};
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

/// One undoable edit that turns `current` into `target` (a backup's content).
pub fn restore_edit(current: &Ledger, target: &Ledger) -> Edit {
    let (detach, attach) = crate::ledger::evidence::restore_edits(current, target);
    let mut edits = detach;
    for e in current.entries.iter().rev() {
        edits.push(Edit::DeleteEntry(Box::new(e.clone())));
    }
    edits.extend(remove_targets(current));
    edits.extend(crate::ledger::findings::clear_edits(current));
    for (index, category) in current.categories.iter().enumerate().rev() {
        edits.push(Edit::RemoveCategory {
            index,
            category: category.clone(),
        });
    }
    for (index, department) in current.departments.iter().enumerate().rev() {
        edits.push(Edit::RemoveDepartment {
            index,
            department: department.clone(),
        });
    }
    for (index, village) in current.villages.iter().enumerate().rev() {
        edits.push(Edit::RemoveVillage {
            index,
            village: village.clone(),
        });
    }
    if current.unit != target.unit {
        edits.push(Edit::SetUnit {
            before: current.unit.clone(),
            after: target.unit.clone(),
        });
    }
    for (index, village) in target.villages.iter().enumerate() {
        edits.push(Edit::AddVillage {
            index,
            village: village.clone(),
        });
    }
    for (index, department) in target.departments.iter().enumerate() {
        edits.push(Edit::AddDepartment {
            index,
            department: department.clone(),
        });
    }
    for (index, category) in target.categories.iter().enumerate() {
        edits.push(Edit::AddCategory {
            index,
            category: category.clone(),
        });
    }
    for e in &target.entries {
        edits.push(Edit::AddEntry(Box::new(e.clone())));
    }
    edits.extend(add_targets(target));
    edits.extend(crate::ledger::findings::fill_edits(target));
    edits.extend(attach);
    Edit::Batch {
        label: BatchLabel::Restore,
        edits,
    }
}

/// The edits that remove `current`'s targets and user-defined indicators (before its
/// categories go).
fn remove_targets(current: &Ledger) -> Vec<Edit> {
    let mut edits: Vec<Edit> = current
        .targets
        .iter()
        .filter(|t| matches!(t.indicator, IndicatorRef::Default(_)))
        .map(|t| current.set_target(t.year, t.indicator, None))
        .collect();
    for c in current.indicators.iter().rev() {
        edits.extend(current.remove_indicator(c.id));
    }
    edits
}

/// The edits that add `target`'s user-defined indicators (with their targets) and its
/// targets of the built-in indicators, after its categories are back.
fn add_targets(target: &Ledger) -> Vec<Edit> {
    let mut edits: Vec<Edit> = target
        .indicators
        .iter()
        .enumerate()
        .map(|(index, c)| Edit::AddIndicator {
            index,
            indicator: c.clone(),
            targets: target
                .targets
                .iter()
                .filter(|t| t.indicator == IndicatorRef::Custom(c.id))
                .copied()
                .collect(),
        })
        .collect();
    edits.extend(
        target
            .targets
            .iter()
            .filter(|t| matches!(t.indicator, IndicatorRef::Default(_)))
            .map(|t| Edit::SetTarget {
                year: t.year,
                indicator: t.indicator,
                before: None,
                after: Some(t.amount),
            }),
    );
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::synthetic_ledger;

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

    #[test]
    fn restore_turns_one_ledger_into_another_and_back() {
        let mut current = synthetic_ledger(300, 3);
        let before = current.clone();
        let target = sample_ledger();
        let edit = restore_edit(&current, &target);
        assert_eq!(current.apply(&edit), Ok(()));
        assert_eq!(current, target);
        assert_eq!(current.apply(&edit.inverse()), Ok(()));
        assert_eq!(current, before);
    }
}
