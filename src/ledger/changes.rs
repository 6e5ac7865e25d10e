//! What an edit changed, in words, and going back to an earlier edit: shared by
//! `bangfu history` / `bangfu restore` and the app's 修改记录 window.
//!
//! - [`detail`]: the fields an edit changed, by their stored names (`value_fen: 4000000 →
//!   4100000`), as `bangfu history` prints them;
//! - [`detail_named`]: the same for a reader, by the names and values the ledger table
//!   shows (`金额：40,000.00 → 41,000.00`);
//! - [`touches`], [`entries_touched`], [`villages_touched`]: which records an edit is
//!   about (the history's filters);
//! - [`restore_edit`]: the one edit that brings a ledger back to just after an earlier
//!   edit (the edits after it undone, newest first), and [`entries_changed`]: how many
//!   entries two ledgers differ in;
//! - [`restore_backup_edit`]: the one edit that turns a ledger into a backup's content
//!   (the app's 从备份恢复).

use super::edit::BatchLabel;
use super::fields::{ENTRY_FIELDS, Field};
use super::{Edit, Entry, EntryId, IndicatorRef, Ledger, VillageId};
use crate::i18n::{Lang, model, store as words};
use serde_json::Value;

/// True when the edit adds, changes or removes that entry (in a batch too).
pub fn touches(edit: &Edit, id: EntryId) -> bool {
    match edit {
        Edit::AddEntry(e) | Edit::DeleteEntry(e) => e.id == id,
        Edit::UpdateEntry { after, .. } => after.id == id,
        Edit::Attach(a) | Edit::Detach(a) => a.owner == super::Owner::Entry(id),
        Edit::Batch { edits, .. } => edits.iter().any(|e| touches(e, id)),
        _ => false,
    }
}

/// Every entry the edit adds, changes or removes (in a batch too), sorted, each once.
pub fn entries_touched(edit: &Edit) -> Vec<EntryId> {
    fn walk(edit: &Edit, out: &mut Vec<EntryId>) {
        match edit {
            Edit::AddEntry(e) | Edit::DeleteEntry(e) => out.push(e.id),
            Edit::UpdateEntry { after, .. } => out.push(after.id),
            Edit::Attach(a) | Edit::Detach(a) => {
                if let super::Owner::Entry(id) = a.owner {
                    out.push(id)
                }
            }
            Edit::Batch { edits, .. } => edits.iter().for_each(|e| walk(e, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(edit, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// Every village the edit is about, sorted, each once: the village of an entry or a
/// finding it adds, changes (before and after) or removes, and a village it adds,
/// renames or removes.
pub fn villages_touched(edit: &Edit) -> Vec<VillageId> {
    use super::findings::FindingEdit;
    fn walk(edit: &Edit, out: &mut Vec<VillageId>) {
        match edit {
            Edit::AddEntry(e) | Edit::DeleteEntry(e) => out.push(e.village),
            Edit::UpdateEntry { before, after } => out.extend([before.village, after.village]),
            Edit::AddVillage { village, .. } | Edit::RemoveVillage { village, .. } => {
                out.push(village.id)
            }
            Edit::UpdateVillage { after, .. } => out.push(after.id),
            Edit::Finding(FindingEdit::Add(f) | FindingEdit::Delete(f)) => out.push(f.village),
            Edit::Finding(FindingEdit::Update { before, after }) => {
                out.extend([before.village, after.village])
            }
            Edit::Batch { edits, .. } => edits.iter().for_each(|e| walk(e, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(edit, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// What an edit changed, field by field, by the fields' stored names in the order of
/// their names: `notes: 惠及全村 → 追加 1000 元; value_fen: 4000000 → 4100000` for a
/// change, the record's fields that are not empty for an addition or a removal, the
/// number of edits of a batch. What `bangfu history` prints.
pub fn detail(edit: &Edit, lang: Lang) -> String {
    match edit {
        Edit::Batch { edits, .. } => words::batch_detail(lang, edits.len()),
        Edit::SetLock {
            before,
            after,
            unlock_reason,
        } => super::lock::history_detail(before.as_ref(), after.as_ref(), unlock_reason),
        Edit::Attach(a) | Edit::Detach(a) => {
            crate::i18n::evidence::history_detail(&a.name, a.size, &a.mime, &a.hash)
        }
        _ => json_detail(edit, &|key| key.to_string(), "; ", ": "),
    }
}

/// [`detail`] for a reader: an entry's fields by the names and values the ledger table
/// shows, in the table's order (`金额：40,000.00 → 41,000.00；备注：惠及全村 → 追加 1000
/// 元`), village, department and category by name from `names` (the ledger now: a record
/// since removed shows as `?`); a village's, department's or category's fields by their
/// names (名称, 乡镇, …); an empty value as `—`.
pub fn detail_named(edit: &Edit, names: &Ledger, lang: Lang) -> String {
    let sep = model::SEMICOLON.get(lang);
    let colon = model::COLON.get(lang);
    match edit {
        Edit::Batch { edits, .. } => words::batch_detail(lang, edits.len()),
        Edit::SetLock {
            before,
            after,
            unlock_reason,
        } => super::lock::history_detail(before.as_ref(), after.as_ref(), unlock_reason),
        Edit::Attach(a) | Edit::Detach(a) => {
            crate::i18n::evidence::history_detail(&a.name, a.size, &a.mime, &a.hash)
        }
        Edit::UpdateEntry { before, after } => entry_changes(before, after, names, lang)
            .iter()
            .map(|c| format!("{}{colon}{} → {}", c.field, c.before, c.after))
            .collect::<Vec<_>>()
            .join(sep),
        Edit::AddEntry(e) | Edit::DeleteEntry(e) => entry_fields(e, names, lang)
            .iter()
            .map(|(k, v)| format!("{k}{colon}{v}"))
            .collect::<Vec<_>>()
            .join(sep),
        other => json_detail(other, &|key| field_name(key, lang), sep, colon),
    }
}

/// One field an edit changed, as a reader sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name (金额).
    pub field: String,
    /// Its value before, as the table shows it (`—` when empty).
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// The fields that differ between two versions of an entry, in the table's order, by the
/// registry's names and cells.
pub fn entry_changes(
    before: &Entry,
    after: &Entry,
    names: &Ledger,
    lang: Lang,
) -> Vec<FieldChange> {
    ENTRY_FIELDS
        .iter()
        .filter_map(|f| {
            let (b, a) = ((f.cell)(before, names, lang), (f.cell)(after, names, lang));
            (b != a).then(|| FieldChange {
                field: f.label.get(lang).to_string(),
                before: or_dash(b),
                after: or_dash(a),
            })
        })
        .collect()
}

/// An entry's fields that are not empty, by the registry's names and cells.
fn entry_fields(e: &Entry, names: &Ledger, lang: Lang) -> Vec<(&'static str, String)> {
    ENTRY_FIELDS
        .iter()
        .map(|f| (f.label.get(lang), (f.cell)(e, names, lang)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "—".into() } else { s }
}

/// A master record's stored field name as a reader says it; others as stored.
fn field_name(key: &str, lang: Lang) -> String {
    let field = match key {
        "name" => Field::Name,
        "town" => Field::Town,
        "county" => Field::County,
        "registered" => Field::Registered,
        "monitored" => Field::Monitored,
        "marginal" => Field::Marginal,
        other => return other.to_string(),
    };
    field.text().get(lang).to_string()
}

/// The edit's fields from its JSON form, each key named by `name`.
fn json_detail(edit: &Edit, name: &dyn Fn(&str) -> String, sep: &str, colon: &str) -> String {
    let Ok(Value::Object(outer)) = serde_json::to_value(edit) else {
        return String::new();
    };
    let Some(content) = outer.into_iter().next().map(|(_, v)| v) else {
        return String::new();
    };
    match &content {
        Value::Object(m) if m.contains_key("before") && m.contains_key("after") => {
            let (Some(Value::Object(b)), Some(Value::Object(a))) =
                (m.get("before"), m.get("after"))
            else {
                return format!("{} → {}", shown(&m["before"]), shown(&m["after"]));
            };
            a.iter()
                .filter(|(k, v)| b.get(*k) != Some(*v) && *k != "modified")
                .map(|(k, v)| {
                    format!(
                        "{}{colon}{} → {}",
                        name(k),
                        b.get(k).map_or(String::new(), shown),
                        shown(v)
                    )
                })
                .collect::<Vec<_>>()
                .join(sep)
        }
        Value::Object(m) => {
            // An entry, or `{index, village}`: the record's fields that say something.
            let record = m
                .values()
                .find_map(|v| v.as_object())
                .filter(|_| !m.contains_key("id"))
                .unwrap_or(m);
            fields(record, name, sep, colon)
        }
        other => shown(other),
    }
}

/// `key: value` for the fields that are not empty, zero or none.
fn fields(
    m: &serde_json::Map<String, Value>,
    name: &dyn Fn(&str) -> String,
    sep: &str,
    colon: &str,
) -> String {
    m.iter()
        .filter(|(k, v)| {
            !matches!(v, Value::Null)
                && *v != &Value::from(0)
                && *v != &Value::from("")
                && !matches!(k.as_str(), "created" | "modified")
        })
        .map(|(k, v)| format!("{}{colon}{}", name(k), shown(v)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A value as a person reads it: text without quotes.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// Why a ledger cannot be brought back to an earlier edit; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    /// The edit asked for is not before the last one: nothing to undo.
    #[error("edit {to} is not before the last edit ({last})")]
    Nothing {
        /// The edit asked for.
        to: u64,
        /// The last edit on record.
        last: u64,
    },
    /// An edit after the one asked for is missing from the history.
    #[error("the edits after {to} are not all on record")]
    Gap {
        /// The edit asked for.
        to: u64,
    },
}

impl RestoreError {
    /// The message in the user's language (the ledger is unchanged).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RestoreError::Nothing { to, last } => words::restore_nothing(lang, *to, *last),
            RestoreError::Gap { to } => words::restore_gap(lang, *to),
        }
    }
}

/// The one edit that brings a ledger whose last edit on record is `last` back to just
/// after edit `to` (`0`: before the first): the edits after `to`, given as `(seq, edit)`
/// oldest first (others are skipped), are undone newest first, as one batch labelled
/// 恢复. Every edit from `to + 1` to `last` must be there, one by one. Returns the edit
/// and how many edits it undoes.
pub fn restore_edit<'a>(
    records: impl IntoIterator<Item = (u64, &'a Edit)>,
    to: u64,
    last: u64,
) -> Result<(Edit, usize), RestoreError> {
    if to >= last {
        return Err(RestoreError::Nothing { to, last });
    }
    let after: Vec<(u64, &Edit)> = records.into_iter().filter(|(s, _)| *s > to).collect();
    let complete = after.len() as u64 == last - to
        && after.iter().zip(to + 1..).all(|((s, _), seq)| *s == seq);
    if !complete {
        return Err(RestoreError::Gap { to });
    }
    let undone = after.len();
    let edit = Edit::Batch {
        label: super::edit::BatchLabel::RestoreTo { seq: to },
        edits: after.iter().rev().map(|(_, e)| e.inverse()).collect(),
    };
    Ok((edit, undone))
}

/// How many entries differ between two ledgers: in one and not the other, or changed.
pub fn entries_changed(a: &Ledger, b: &Ledger) -> usize {
    // Entries are kept sorted by id.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.entries.len() || j < b.entries.len() {
        match (a.entries.get(i), b.entries.get(j)) {
            (Some(x), Some(y)) if x.id == y.id => {
                n += usize::from(x != y);
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.id < y.id => {
                n += 1;
                i += 1;
            }
            (Some(_), Some(_)) | (None, Some(_)) => {
                n += 1;
                j += 1;
            }
            (Some(_), None) => {
                n += 1;
                i += 1;
            }
            (None, None) => break,
        }
    }
    n
}

/// The one edit that turns `current` into `target`, a backup's content: everything of
/// `current` removed, everything of `target` added, as one batch labelled 从备份恢复.
/// Unlike [`restore_edit`] it needs no history: a backup may be older than the journal.
pub fn restore_backup_edit(current: &Ledger, target: &Ledger) -> Edit {
    let (detach, attach) = super::evidence::restore_edits(current, target);
    let mut edits = detach;
    for e in current.entries.iter().rev() {
        edits.push(Edit::DeleteEntry(Box::new(e.clone())));
    }
    edits.extend(remove_targets(current));
    edits.extend(super::findings::clear_edits(current));
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
    edits.extend(super::findings::fill_edits(target));
    // The backup's period lock comes back too (a restore is refused while a lock covers
    // entries it would change).
    if current.lock != target.lock {
        edits.push(Edit::SetLock {
            before: current.lock.as_deref().cloned(),
            after: target.lock.as_deref().cloned(),
            unlock_reason: String::new(),
        });
    }
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
    use crate::demo::sample_ledger;
    use crate::ledger::Fen;

    fn changed_first(l: &Ledger) -> Edit {
        let before = l.entries[0].clone();
        let mut after = before.clone();
        after.value_fen = Fen(4_100_000);
        after.notes = "追加 1000 元".into();
        Edit::UpdateEntry {
            before: Box::new(before),
            after: Box::new(after),
        }
    }

    #[test]
    fn a_change_is_told_by_stored_names_and_by_the_tables_names() {
        let l = sample_ledger();
        let edit = changed_first(&l);
        assert_eq!(
            detail(&edit, Lang::Zh),
            "notes: 惠及全村 → 追加 1000 元; value_fen: 4000000 → 4100000"
        );
        assert_eq!(
            detail_named(&edit, &l, Lang::Zh),
            "金额：40,000.00 → 41,000.00；备注：惠及全村 → 追加 1000 元"
        );
        assert_eq!(
            detail_named(&edit, &l, Lang::En),
            "Value: 40,000.00 → 41,000.00; Notes: 惠及全村 → 追加 1000 元"
        );
    }

    #[test]
    fn a_village_rename_names_its_field() {
        let l = sample_ledger();
        let before = l.villages[0].clone();
        let mut after = before.clone();
        after.name = "九股新村".into();
        let edit = Edit::UpdateVillage { before, after };
        assert_eq!(detail_named(&edit, &l, Lang::Zh), "名称：九股村 → 九股新村");
        assert_eq!(detail(&edit, Lang::Zh), "name: 九股村 → 九股新村");
        assert_eq!(villages_touched(&edit), [l.villages[0].id]);
    }

    #[test]
    fn touched_entries_and_villages_of_a_batch() {
        let l = sample_ledger();
        let (a, b) = (l.entries[2].clone(), l.entries[0].clone());
        let batch = Edit::Batch {
            label: crate::ledger::edit::BatchLabel::Restore,
            edits: vec![Edit::delete_entry(a.clone()), Edit::delete_entry(b.clone())],
        };
        assert_eq!(entries_touched(&batch), [b.id, a.id]);
        assert!(touches(&batch, a.id) && !touches(&batch, l.entries[1].id));
        let mut v = vec![a.village, b.village];
        v.sort_unstable();
        v.dedup();
        assert_eq!(villages_touched(&batch), v);
    }

    #[test]
    fn restore_undoes_the_later_edits_newest_first() {
        let mut l = sample_ledger();
        let start = l.clone();
        let first = changed_first(&l);
        l.apply(&first).expect("first");
        let after_first = l.clone();
        let second = Edit::delete_entry(l.entries[1].clone());
        l.apply(&second).expect("second");
        let records = [(1, &first), (2, &second)];
        let (edit, n) = restore_edit(records, 1, 2).expect("restore");
        assert_eq!(n, 1);
        assert_eq!(edit.describe(Lang::Zh), "恢复到第 1 次修改之后");
        let mut back = l.clone();
        back.apply(&edit).expect("applies");
        assert_eq!(back, after_first);
        assert_eq!(entries_changed(&l, &back), 1);
        let (edit, n) = restore_edit(records, 0, 2).expect("restore");
        assert_eq!(n, 2);
        let mut back = l.clone();
        back.apply(&edit).expect("applies");
        assert_eq!(back, start);
        // One entry changed, one removed.
        assert_eq!(entries_changed(&l, &back), 2);
        assert_eq!(entries_changed(&back, &l), 2);
        assert_eq!(
            restore_edit(records, 2, 2),
            Err(RestoreError::Nothing { to: 2, last: 2 })
        );
        assert_eq!(
            restore_edit([(2, &second)], 0, 2),
            Err(RestoreError::Gap { to: 0 })
        );
    }

    #[test]
    fn restore_turns_one_ledger_into_another_and_back() {
        let mut current = crate::demo::synthetic_ledger(300, 3);
        let before = current.clone();
        let target = sample_ledger();
        let edit = restore_backup_edit(&current, &target);
        assert_eq!(edit.describe(Lang::Zh), "从备份恢复");
        assert_eq!(current.apply(&edit), Ok(()));
        assert_eq!(current, target);
        assert_eq!(current.apply(&edit.inverse()), Ok(()));
        assert_eq!(current, before);
    }
}
