//! Master data: the assisting unit, villages (name, town, county), departments and
//! categories. Add, rename (one edit, shown everywhere), merge two into one, and delete
//! only what no entry uses.

use super::commands::Command;
use crate::i18n::{Lang, ui as words};
use crate::ledger::names::add_edit;
use crate::ledger::validate::{clean_name, clean_optional};
use crate::ledger::{
    Category, CategoryId, Department, DepartmentId, Edit, Field, Ledger, MasterKind, Stamp,
    Village, VillageId,
};
use eframe::egui;
use egui::{Color32, RichText};
use std::collections::HashMap;

fn index(kind: MasterKind) -> usize {
    match kind {
        MasterKind::Village => 0,
        MasterKind::Department => 1,
        MasterKind::Category => 2,
    }
}

fn title(kind: MasterKind, lang: Lang) -> &'static str {
    match kind {
        MasterKind::Village => words::MASTER_VILLAGES.get(lang),
        MasterKind::Department => words::MASTER_DEPARTMENTS.get(lang),
        MasterKind::Category => words::MASTER_CATEGORIES.get(lang),
    }
}

/// One record as the lists show it.
struct Record {
    id: u32,
    name: String,
    town: String,
    county: String,
    uses: usize,
}

/// A record being renamed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Editing {
    kind: MasterKind,
    id: u32,
    name: String,
    town: String,
    county: String,
}

/// The master data view's state.
#[derive(Debug, Default)]
pub struct MasterView {
    new_name: [String; 3],
    new_town: String,
    new_county: String,
    editing: Option<Editing>,
    merge_from: [Option<u32>; 3],
    merge_into: [Option<u32>; 3],
    unit: Option<String>,
    /// A merge waiting for its confirmation.
    confirm: Option<PendingMerge>,
    /// The last problem to show (a refused merge, a bad name).
    pub message: Option<String>,
    /// What the last merge did.
    pub done: Option<String>,
}

fn records(ledger: &Ledger, kind: MasterKind) -> Vec<Record> {
    match kind {
        MasterKind::Village => {
            let mut uses: HashMap<VillageId, usize> = HashMap::new();
            for e in &ledger.entries {
                *uses.entry(e.village).or_default() += 1;
            }
            ledger
                .villages
                .iter()
                .map(|v| Record {
                    id: v.id.0,
                    name: v.name.clone(),
                    town: v.town.clone(),
                    county: v.county.clone(),
                    uses: uses.get(&v.id).copied().unwrap_or(0),
                })
                .collect()
        }
        MasterKind::Department => {
            let mut uses: HashMap<DepartmentId, usize> = HashMap::new();
            for e in &ledger.entries {
                *uses.entry(e.department).or_default() += 1;
            }
            ledger
                .departments
                .iter()
                .map(|d| Record {
                    id: d.id.0,
                    name: d.name.clone(),
                    town: String::new(),
                    county: String::new(),
                    uses: uses.get(&d.id).copied().unwrap_or(0),
                })
                .collect()
        }
        MasterKind::Category => {
            let mut uses: HashMap<CategoryId, usize> = HashMap::new();
            for e in &ledger.entries {
                if let Some(c) = e.category {
                    *uses.entry(c).or_default() += 1;
                }
            }
            ledger
                .categories
                .iter()
                .map(|c| Record {
                    id: c.id.0,
                    name: c.name.clone(),
                    town: String::new(),
                    county: String::new(),
                    uses: uses.get(&c.id).copied().unwrap_or(0),
                })
                .collect()
        }
    }
}

fn update_edit(ledger: &Ledger, e: &Editing) -> Option<Edit> {
    let name = e.name.trim().to_string();
    match e.kind {
        MasterKind::Village => {
            let before = ledger.village(VillageId(e.id))?.clone();
            let after = Village {
                name,
                town: e.town.trim().to_string(),
                county: e.county.trim().to_string(),
                ..before.clone()
            };
            (after != before).then_some(Edit::UpdateVillage { before, after })
        }
        MasterKind::Department => {
            let before = ledger.department(DepartmentId(e.id))?.clone();
            let after = Department {
                name,
                ..before.clone()
            };
            (after != before).then_some(Edit::UpdateDepartment { before, after })
        }
        MasterKind::Category => {
            let before = ledger.category(CategoryId(e.id))?.clone();
            let after = Category {
                name,
                ..before.clone()
            };
            (after != before).then_some(Edit::UpdateCategory { before, after })
        }
    }
}

fn remove_edit(ledger: &Ledger, kind: MasterKind, id: u32) -> Option<Edit> {
    match kind {
        MasterKind::Village => {
            let index = ledger.villages.iter().position(|v| v.id.0 == id)?;
            Some(Edit::RemoveVillage {
                index,
                village: ledger.villages[index].clone(),
            })
        }
        MasterKind::Department => {
            let index = ledger.departments.iter().position(|d| d.id.0 == id)?;
            Some(Edit::RemoveDepartment {
                index,
                department: ledger.departments[index].clone(),
            })
        }
        MasterKind::Category => {
            let index = ledger.categories.iter().position(|c| c.id.0 == id)?;
            Some(Edit::RemoveCategory {
                index,
                category: ledger.categories[index].clone(),
            })
        }
    }
}

/// A merge the user has asked for and must confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingMerge {
    kind: MasterKind,
    from: u32,
    into: u32,
}

/// The merge as one edit, and what it will do in words: how many entries move, and what
/// becomes of the duplicate's 乡镇 and 县 (kept when the target has none; otherwise the
/// user is told the target's stay).
fn merge_edit(
    ledger: &Ledger,
    kind: MasterKind,
    (from, into): (u32, u32),
    now: Stamp,
    lang: Lang,
) -> Result<(Edit, Vec<String>), String> {
    let r = match kind {
        MasterKind::Village => ledger.merge_villages(VillageId(from), VillageId(into), now),
        MasterKind::Department => {
            ledger.merge_departments(DepartmentId(from), DepartmentId(into), now)
        }
        MasterKind::Category => ledger.merge_categories(CategoryId(from), CategoryId(into), now),
    };
    let mut edit = r.map_err(|e| e.message(lang))?;
    let mut notes = Vec::new();
    if kind == MasterKind::Village
        && let (Some(dup), Some(target)) = (
            ledger.village(VillageId(from)),
            ledger.village(VillageId(into)),
        )
    {
        let mut kept = target.clone();
        for (field, theirs, ours) in [
            (Field::Town, &dup.town, &mut kept.town),
            (Field::County, &dup.county, &mut kept.county),
        ] {
            let (theirs, label) = (theirs.trim(), field.label(lang));
            if theirs.is_empty() || theirs == ours.trim() {
                continue;
            }
            if ours.trim().is_empty() {
                notes.push(words::merge_keeps(lang, label, theirs, &target.name));
                *ours = theirs.to_string();
            } else {
                notes.push(words::merge_drops(lang, label, &dup.name, theirs, ours));
            }
        }
        if kept != *target
            && let Edit::Batch { edits, .. } = &mut edit
        {
            edits.insert(
                0,
                Edit::UpdateVillage {
                    before: target.clone(),
                    after: kept,
                },
            );
        }
    }
    Ok((edit, notes))
}

/// How many entries use a village, department or category.
fn uses(ledger: &Ledger, kind: MasterKind, id: u32) -> usize {
    ledger
        .entries
        .iter()
        .filter(|e| match kind {
            MasterKind::Village => e.village == VillageId(id),
            MasterKind::Department => e.department == DepartmentId(id),
            MasterKind::Category => e.category == Some(CategoryId(id)),
        })
        .count()
}

/// The confirmation of a merge: what it will do, 确认合并 and 取消. On confirmation the
/// edit goes out and the view says what happened.
fn confirm_merge_ui(
    ui: &mut egui::Ui,
    view: &mut MasterView,
    ledger: &Ledger,
    (lang, now): (Lang, Stamp),
    cmds: &mut Vec<Command>,
) {
    let Some(p) = view.confirm.clone() else {
        return;
    };
    let name = |id: u32| {
        records(ledger, p.kind)
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.name)
            .unwrap_or_default()
    };
    let (from, into) = (name(p.from), name(p.into));
    let n = uses(ledger, p.kind, p.from);
    match merge_edit(ledger, p.kind, (p.from, p.into), now, lang) {
        Err(m) => {
            view.message = Some(m);
            view.confirm = None;
        }
        Ok((edit, notes)) => {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(words::merge_question(lang, &from, &into, n)).strong());
                for note in &notes {
                    ui.label(note);
                }
                ui.horizontal(|ui| {
                    if ui.button(words::MASTER_CONFIRM_MERGE.get(lang)).clicked() {
                        cmds.push(Command::Edit(edit));
                        let mut done = words::merged(lang, &from, &into, n);
                        for note in &notes {
                            done.push_str(words::FORM_CLAUSE_SEP.get(lang));
                            done.push_str(note);
                        }
                        view.done = Some(done);
                        view.message = None;
                        view.confirm = None;
                        view.merge_from[index(p.kind)] = None;
                        view.merge_into[index(p.kind)] = None;
                    }
                    if ui.button(words::CANCEL.get(lang)).clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
    }
}

/// Shows the master data lists.
pub fn master_data_ui(
    ui: &mut egui::Ui,
    view: &mut MasterView,
    ledger: &Ledger,
    lang: Lang,
    editable: bool,
    now: Stamp,
    cmds: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical()
        .id_salt("master_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_enabled_ui(editable, |ui| {
                if let Some(m) = &view.message {
                    ui.label(RichText::new(m).color(Color32::from_rgb(200, 40, 40)));
                }
                if let Some(m) = &view.done {
                    ui.label(RichText::new(m).color(Color32::from_rgb(20, 110, 40)));
                }
                unit_ui(ui, view, ledger, lang, cmds);
                ui.separator();
                for kind in [
                    MasterKind::Village,
                    MasterKind::Department,
                    MasterKind::Category,
                ] {
                    list_ui(ui, view, ledger, kind, lang, now, cmds);
                    ui.separator();
                }
            });
        });
}

fn unit_ui(
    ui: &mut egui::Ui,
    view: &mut MasterView,
    ledger: &Ledger,
    lang: Lang,
    cmds: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.strong(Field::AssistingUnit.label(lang));
        match &mut view.unit {
            None => {
                ui.label(&ledger.unit);
                if ui.button(words::MASTER_RENAME.get(lang)).clicked() {
                    view.unit = Some(ledger.unit.clone());
                }
            }
            Some(text) => {
                ui.add(egui::TextEdit::singleline(text).desired_width(260.0))
                    .labelled_by(label.id);
                let ok = clean_name(text);
                if ui
                    .add_enabled(ok.is_ok(), egui::Button::new(words::MASTER_OK.get(lang)))
                    .clicked()
                {
                    if let Ok(name) = ok
                        && name != ledger.unit
                    {
                        cmds.push(Command::Edit(Edit::SetUnit {
                            before: ledger.unit.clone(),
                            after: name,
                        }));
                    }
                    view.unit = None;
                } else if ui.button(words::CANCEL.get(lang)).clicked() {
                    view.unit = None;
                }
            }
        }
    });
}

fn list_ui(
    ui: &mut egui::Ui,
    view: &mut MasterView,
    ledger: &Ledger,
    kind: MasterKind,
    lang: Lang,
    now: Stamp,
    cmds: &mut Vec<Command>,
) {
    let k = index(kind);
    let recs = records(ledger, kind);
    ui.heading(title(kind, lang));
    egui::Grid::new(("master_grid", k))
        .striped(true)
        .show(ui, |ui| {
            ui.strong(Field::Name.label(lang));
            if kind == MasterKind::Village {
                ui.strong(Field::Town.label(lang));
                ui.strong(Field::County.label(lang));
            }
            ui.strong(words::MASTER_USED_BY.get(lang));
            ui.strong("");
            ui.end_row();
            for r in &recs {
                let editing_this = view
                    .editing
                    .as_ref()
                    .is_some_and(|e| e.kind == kind && e.id == r.id);
                if editing_this {
                    let Some(e) = view.editing.as_mut() else {
                        continue;
                    };
                    ui.add(egui::TextEdit::singleline(&mut e.name).desired_width(150.0))
                        .accessible_name(Field::Name.label(lang));
                    if kind == MasterKind::Village {
                        ui.add(egui::TextEdit::singleline(&mut e.town).desired_width(90.0))
                            .accessible_name(Field::Town.label(lang));
                        ui.add(egui::TextEdit::singleline(&mut e.county).desired_width(90.0))
                            .accessible_name(Field::County.label(lang));
                    }
                    ui.label(r.uses.to_string());
                    let mut close = false;
                    ui.horizontal(|ui| {
                        let problem = clean_name(&e.name)
                            .and(clean_optional(&e.town))
                            .and(clean_optional(&e.county))
                            .err();
                        let ok = ui
                            .add_enabled(
                                problem.is_none(),
                                egui::Button::new(words::MASTER_OK.get(lang)),
                            )
                            .on_disabled_hover_text(
                                problem.map(|p| p.message(lang)).unwrap_or_default(),
                            );
                        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if ok.clicked() || (enter && ok.enabled()) {
                            if let Some(edit) = update_edit(ledger, e) {
                                cmds.push(Command::Edit(edit));
                            }
                            close = true;
                        } else if ui.button(words::CANCEL.get(lang)).clicked() {
                            close = true;
                        }
                    });
                    if close {
                        view.editing = None;
                    }
                } else {
                    ui.label(&r.name);
                    if kind == MasterKind::Village {
                        ui.label(&r.town);
                        ui.label(&r.county);
                    }
                    ui.label(r.uses.to_string());
                    ui.horizontal(|ui| {
                        if ui.button(words::MASTER_RENAME.get(lang)).clicked() {
                            view.editing = Some(Editing {
                                kind,
                                id: r.id,
                                name: r.name.clone(),
                                town: r.town.clone(),
                                county: r.county.clone(),
                            });
                        }
                        let why = words::in_use_cannot_delete(lang, r.uses);
                        let del = ui
                            .add_enabled(
                                r.uses == 0,
                                egui::Button::new(words::DELETE_SHORT.get(lang)),
                            )
                            .on_disabled_hover_text(&why);
                        if del.clicked()
                            && let Some(edit) = remove_edit(ledger, kind, r.id)
                        {
                            cmds.push(Command::Edit(edit));
                        }
                        if r.uses > 0 {
                            ui.label(RichText::new(why).small().weak());
                        }
                    });
                }
                ui.end_row();
            }
        });

    // Add.
    ui.horizontal(|ui| {
        let label = ui.label(words::add_to(lang, title(kind, lang)));
        ui.add(
            egui::TextEdit::singleline(&mut view.new_name[k])
                .desired_width(150.0)
                .hint_text(Field::Name.label(lang)),
        )
        .labelled_by(label.id);
        if kind == MasterKind::Village {
            ui.add(
                egui::TextEdit::singleline(&mut view.new_town)
                    .desired_width(90.0)
                    .hint_text(Field::Town.label(lang)),
            )
            .accessible_name(Field::Town.label(lang));
            ui.add(
                egui::TextEdit::singleline(&mut view.new_county)
                    .desired_width(90.0)
                    .hint_text(Field::County.label(lang)),
            )
            .accessible_name(Field::County.label(lang));
        }
        let (town, county) = if kind == MasterKind::Village {
            (view.new_town.as_str(), view.new_county.as_str())
        } else {
            ("", "")
        };
        let edit = add_edit(ledger, kind, &view.new_name[k], town, county);
        let add = ui
            .add_enabled(edit.is_ok(), egui::Button::new(words::MASTER_ADD.get(lang)))
            .on_disabled_hover_text(
                edit.as_ref()
                    .err()
                    .map(|e| e.message(lang))
                    .unwrap_or_default(),
            );
        if add.clicked()
            && let Ok(edit) = edit
        {
            cmds.push(Command::Edit(edit));
            view.new_name[k].clear();
        }
    });

    // Merge.
    if recs.len() >= 2 {
        ui.horizontal(|ui| {
            ui.label(words::MASTER_MERGE_LEAD.get(lang));
            let from_name = words::MASTER_MERGE_FROM.get(lang);
            pick_ui(
                ui,
                ("merge_from", k),
                &mut view.merge_from[k],
                &recs,
                lang,
                from_name,
            );
            ui.label(words::MASTER_INTO.get(lang));
            let into_name = words::MASTER_MERGE_INTO.get(lang);
            pick_ui(
                ui,
                ("merge_into", k),
                &mut view.merge_into[k],
                &recs,
                lang,
                into_name,
            );
            let ready =
                matches!((view.merge_from[k], view.merge_into[k]), (Some(a), Some(b)) if a != b);
            let go = ui
                .add_enabled(ready, egui::Button::new(words::MASTER_MERGE.get(lang)))
                .on_hover_text(words::MASTER_MERGE_TIP.get(lang));
            if go.clicked()
                && let (Some(from), Some(into)) = (view.merge_from[k], view.merge_into[k])
            {
                view.confirm = Some(PendingMerge { kind, from, into });
                view.done = None;
            }
        });
        if view.confirm.as_ref().is_some_and(|p| p.kind == kind) {
            confirm_merge_ui(ui, view, ledger, (lang, now), cmds);
        }
    }
}

fn pick_ui(
    ui: &mut egui::Ui,
    id: (&str, usize),
    value: &mut Option<u32>,
    recs: &[Record],
    lang: Lang,
    name: &str,
) {
    let current = value
        .and_then(|id| recs.iter().find(|r| r.id == id))
        .map_or(words::MASTER_CHOOSE.get(lang).to_string(), |r| {
            r.name.clone()
        });
    egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for r in recs {
                ui.selectable_value(value, Some(r.id), &r.name);
            }
        })
        .response
        .accessible_name(name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    fn now() -> Stamp {
        chrono::NaiveDate::from_ymd_opt(2020, 6, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default()
    }

    /// The sample with a duplicate of 九股村 (九股村委会, in 妈姑镇) and one entry on it.
    fn with_duplicate(target_town: &str) -> (Ledger, u32, u32) {
        let mut l = sample_ledger();
        let target = l
            .village_by_name("九股村")
            .map(|v| v.id)
            .unwrap_or(VillageId(1));
        if let Some(v) = l.villages.iter_mut().find(|v| v.id == target) {
            v.town = target_town.to_string();
            v.county = String::new();
        }
        let mut dup = l.villages[0].clone();
        dup.id = VillageId(99);
        dup.name = "九股村委会".to_string();
        dup.town = "妈姑镇".to_string();
        dup.county = "赫章县".to_string();
        l.villages.push(dup);
        let mut e = l.entries[0].clone();
        e.id = l.next_entry_id();
        e.village = VillageId(99);
        l.entries.push(e);
        (l, 99, target.0)
    }

    #[test]
    fn a_merge_keeps_the_duplicates_town_when_the_target_has_none() {
        let (mut l, from, into) = with_duplicate("");
        let (edit, notes) =
            merge_edit(&l, MasterKind::Village, (from, into), now(), Lang::Zh).expect("merge");
        assert_eq!(
            notes,
            [
                "乡镇“妈姑镇”保留到“九股村”".to_string(),
                "县“赫章县”保留到“九股村”".to_string()
            ]
        );
        let before = l.entries.len();
        l.apply(&edit).expect("applies");
        let v = l.village(VillageId(into)).expect("target");
        assert_eq!((v.town.as_str(), v.county.as_str()), ("妈姑镇", "赫章县"));
        assert!(l.village(VillageId(from)).is_none());
        assert_eq!(l.entries.len(), before);
        assert!(l.entries.iter().all(|e| e.village != VillageId(from)));
        // One undo puts everything back, the target's empty 乡镇 included.
        l.apply(&edit.inverse()).expect("undo");
        assert_eq!(
            l.village(VillageId(into)).map(|v| v.town.as_str()),
            Some("")
        );
        assert!(l.village(VillageId(from)).is_some());
    }

    #[test]
    fn a_merge_says_when_the_duplicates_town_is_not_kept() {
        let (l, from, into) = with_duplicate("另一镇");
        let (_, notes) =
            merge_edit(&l, MasterKind::Village, (from, into), now(), Lang::Zh).expect("merge");
        assert_eq!(
            notes,
            [
                "“九股村委会”的乡镇“妈姑镇”不保留，仍为“另一镇”".to_string(),
                "县“赫章县”保留到“九股村”".to_string()
            ]
        );
        assert_eq!(uses(&l, MasterKind::Village, from), 1);
        assert_eq!(
            words::merge_question(Lang::Zh, "九股村委会", "九股村", 1),
            "将“九股村委会”并入“九股村”？1 条记录将改为“九股村”，“九股村委会”将删除（可撤销）。"
        );
    }
}
