//! The keyboard form of one finding (整改台账): every field in tab order, Ctrl+Enter
//! saves, Esc clears. Unknown 问题来源 / 问题类别 names are created with the finding, in
//! one undo step. No I/O: saving pushes a [`Command::Edit`].

use super::commands::Command;
use crate::i18n::{Lang, findings as words};
use crate::ledger::edit::Edit;
use crate::ledger::findings::{
    Finding, FindingCategory, FindingEdit, FindingField, FindingId, FindingProblem, FindingStatus,
    ProgressNote, Responsible, Round, check_finding,
};
use crate::ledger::validate::parse_date;
use crate::ledger::{EntryId, Ledger, VillageId};
use chrono::NaiveDate;
use eframe::egui;
use egui::{Color32, RichText};

/// What the form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FindingForm {
    /// The finding being edited (as it was), or `None` for a new one.
    pub editing: Option<Finding>,
    /// 村.
    pub village: Option<VillageId>,
    /// 问题来源 (a name; a new one is created).
    pub round: String,
    /// 问题类别 (a name; a new one is created).
    pub category: String,
    /// 问题描述.
    pub description: String,
    /// 整改措施.
    pub measures: String,
    /// 责任单位 (a department's name, or an outside body).
    pub responsible: String,
    /// 责任人.
    pub person: String,
    /// 整改时限.
    pub deadline: String,
    /// 整改状态.
    pub status: FindingStatus,
    /// 完成时间.
    pub done_on: String,
    /// 验收人.
    pub verified_by: String,
    /// 验收时间.
    pub verified_on: String,
    /// Progress notes so far.
    pub progress: Vec<ProgressNote>,
    /// A new note's text (dated today when added).
    pub note: String,
    /// 备注.
    pub notes: String,
    /// 关联帮扶记录: entry numbers, comma separated.
    pub links: String,
    /// The problems of the last save.
    pub errors: Vec<String>,
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl FindingForm {
    /// Loads a finding for editing.
    pub fn load(f: &Finding, ledger: &Ledger) -> FindingForm {
        FindingForm {
            editing: Some(f.clone()),
            village: Some(f.village),
            round: ledger.round_name(f.round).to_string(),
            category: ledger.finding_category_name(f.category).to_string(),
            description: f.description.clone(),
            measures: f.measures.clone(),
            responsible: f.responsible.name(ledger).to_string(),
            person: f.person.clone(),
            deadline: f.deadline.to_string(),
            status: f.status,
            done_on: date_text(f.done_on),
            verified_by: f.verified_by.clone(),
            verified_on: date_text(f.verified_on),
            progress: f.progress.clone(),
            note: String::new(),
            notes: f.notes.clone(),
            links: f
                .links
                .iter()
                .map(|e| e.0.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            errors: Vec::new(),
        }
    }

    /// A new finding's form, keeping the village, source and category just used.
    pub fn next(&self) -> FindingForm {
        FindingForm {
            village: self.village,
            round: self.round.clone(),
            category: self.category.clone(),
            deadline: self.deadline.clone(),
            ..FindingForm::default()
        }
    }

    /// The edit that saves the form (a batch when a source or category is created), or
    /// the problems, each naming its field.
    pub fn to_edit(
        &self,
        ledger: &Ledger,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<Edit, Vec<String>> {
        let mut errors = Vec::new();
        let mut trial = ledger.clone();
        let mut edits = Vec::new();
        let msg = |field: FindingField, problem: FindingProblem| {
            words::field_problem(lang, field.text().get(lang), &problem)
        };
        let date = |field, text: &str, errors: &mut Vec<String>| -> Option<NaiveDate> {
            let t = text.trim();
            if t.is_empty() {
                return None;
            }
            parse_date(t)
                .map_err(|_| errors.push(msg(field, FindingProblem::NotADate(t.to_string()))))
                .ok()
        };
        if self.village.is_none() {
            errors.push(msg(FindingField::Village, FindingProblem::Empty));
        }
        let village = self.village.unwrap_or(VillageId(0));
        let round = match trial.round_by_name(&self.round) {
            Some(r) => Some(r.id),
            None if self.round.trim().is_empty() => {
                errors.push(msg(FindingField::Round, FindingProblem::Empty));
                None
            }
            None => {
                let round = Round {
                    id: trial.next_round_id(),
                    name: self.round.trim().to_string(),
                    date: None,
                    organiser: String::new(),
                };
                let id = round.id;
                let e = Edit::Finding(FindingEdit::AddRound {
                    index: trial.rounds.len(),
                    round,
                });
                match trial.apply(&e) {
                    Ok(()) => edits.push(e),
                    Err(err) => errors.push(err.message(lang)),
                }
                Some(id)
            }
        };
        let category = match trial.finding_category_by_name(&self.category) {
            Some(c) => Some(c.id),
            None if self.category.trim().is_empty() => {
                errors.push(msg(FindingField::Category, FindingProblem::Empty));
                None
            }
            None => {
                let category = FindingCategory {
                    id: trial.next_finding_category_id(),
                    name: self.category.trim().to_string(),
                };
                let id = category.id;
                let e = Edit::Finding(FindingEdit::AddCategory {
                    index: trial.finding_categories.len(),
                    category,
                });
                match trial.apply(&e) {
                    Ok(()) => edits.push(e),
                    Err(err) => errors.push(err.message(lang)),
                }
                Some(id)
            }
        };
        let deadline = if self.deadline.trim().is_empty() {
            errors.push(msg(FindingField::Deadline, FindingProblem::Empty));
            None
        } else {
            date(FindingField::Deadline, &self.deadline, &mut errors)
        };
        let done_on = date(FindingField::DoneOn, &self.done_on, &mut errors);
        let verified_on = date(FindingField::VerifiedOn, &self.verified_on, &mut errors);
        let mut links = Vec::new();
        for part in self
            .links
            .split([',', '，', ' ', '、'])
            .filter(|p| !p.trim().is_empty())
        {
            let part = part.trim().trim_start_matches('#');
            match part.parse::<u64>() {
                Ok(n) if ledger.entry(EntryId(n)).is_some() => {
                    if !links.contains(&EntryId(n)) {
                        links.push(EntryId(n));
                    }
                }
                Ok(n) => errors.push(words::missing_link(lang, n)),
                Err(_) => errors.push(words::bad_link(lang, part)),
            }
        }
        let mut progress = self.progress.clone();
        if !self.note.trim().is_empty() {
            progress.push(ProgressNote {
                date: today,
                text: self.note.trim().to_string(),
            });
        }
        let (Some(round), Some(category), Some(deadline)) = (round, category, deadline) else {
            return Err(errors);
        };
        let id = self
            .editing
            .as_ref()
            .map_or_else(|| trial.next_finding_id(), |f| f.id);
        let mut f = Finding::new(
            id,
            village,
            round,
            category,
            self.description.trim(),
            deadline,
        );
        f.measures = self.measures.trim().to_string();
        f.responsible = Responsible::from_text(ledger, &self.responsible);
        f.person = self.person.trim().to_string();
        f.status = self.status;
        f.done_on = done_on;
        f.verified_by = self.verified_by.trim().to_string();
        f.verified_on = verified_on;
        f.progress = progress;
        f.notes = self.notes.trim().to_string();
        f.links = links;
        if let Some(before) = &self.editing {
            f.illustrative = before.illustrative;
        }
        errors.extend(check_finding(&f, &trial).iter().map(|e| e.message(lang)));
        if !errors.is_empty() {
            return Err(errors);
        }
        edits.push(Edit::Finding(match &self.editing {
            Some(before) => FindingEdit::Update {
                before: Box::new(before.clone()),
                after: Box::new(f),
            },
            None => FindingEdit::Add(Box::new(f)),
        }));
        Ok(if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch {
                label: crate::ledger::edit::BatchLabel::NewFinding { id: id.0 },
                edits,
            }
        })
    }
}

fn field(ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool) -> egui::Response {
    let l = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(text)
    };
    ui.add(edit.desired_width(f32::INFINITY)).labelled_by(l.id)
}

fn pick(ui: &mut egui::Ui, id: &str, name: String, text: &mut String, names: &[String]) {
    egui::ComboBox::from_id_salt(id)
        .selected_text("")
        .width(24.0)
        .show_ui(ui, |ui| {
            for n in names {
                ui.selectable_value(text, n.clone(), n);
            }
        })
        .response
        .accessible_name(name);
}

/// Draws the form; Ctrl+Enter or the button saves (a [`Command::Edit`]).
pub fn finding_form_ui(
    ui: &mut egui::Ui,
    form: &mut FindingForm,
    ledger: &Ledger,
    lang: Lang,
    today: NaiveDate,
    editable: bool,
    cmds: &mut Vec<Command>,
) {
    let title = if form.editing.is_some() {
        words::FORM_EDIT
    } else {
        words::FORM_NEW
    };
    // Read the keys before the fields: a text field takes Enter for itself.
    let mut save_keys = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
    let clear_keys = ui.input(|i| i.key_pressed(egui::Key::Escape));
    ui.heading(title.get(lang));
    ui.label(RichText::new(words::FORM_KEYS.get(lang)).small().weak());
    if let Some(f) = &form.editing {
        ui.label(format!("{} {}", words::SEQ.get(lang), f.id.0));
    }
    ui.add_enabled_ui(editable, |ui| {
        if form.village.is_none() {
            form.village = ledger.villages.first().map(|v| v.id);
        }
        let l = ui.label(words::VILLAGE.get(lang));
        let current = form
            .village
            .and_then(|v| ledger.village(v))
            .map_or(String::new(), |v| v.name.clone());
        egui::ComboBox::from_id_salt("finding_village")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for v in &ledger.villages {
                    ui.selectable_value(&mut form.village, Some(v.id), &v.name);
                }
            })
            .response
            .labelled_by(l.id);
        let rounds: Vec<String> = ledger.rounds.iter().map(|r| r.name.clone()).collect();
        let categories: Vec<String> = ledger
            .finding_categories
            .iter()
            .map(|c| c.name.clone())
            .collect();
        let departments: Vec<String> = ledger.departments.iter().map(|d| d.name.clone()).collect();
        let l = ui.label(words::ROUND.get(lang));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut form.round).desired_width(200.0))
                .labelled_by(l.id);
            pick(
                ui,
                "finding_round_pick",
                words::choose(lang, words::ROUND.get(lang)),
                &mut form.round,
                &rounds,
            );
        });
        let l = ui.label(words::CATEGORY.get(lang));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut form.category).desired_width(200.0))
                .labelled_by(l.id);
            pick(
                ui,
                "finding_category_pick",
                words::choose(lang, words::CATEGORY.get(lang)),
                &mut form.category,
                &categories,
            );
        });
        field(
            ui,
            words::DESCRIPTION.get(lang),
            &mut form.description,
            true,
        );
        field(ui, words::MEASURES.get(lang), &mut form.measures, true);
        let l = ui.label(words::RESPONSIBLE_UNIT.get(lang));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut form.responsible).desired_width(200.0))
                .labelled_by(l.id);
            pick(
                ui,
                "finding_unit_pick",
                words::choose(lang, words::RESPONSIBLE_UNIT.get(lang)),
                &mut form.responsible,
                &departments,
            );
        });
        let enter = |r: egui::Response, ui: &egui::Ui| {
            r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
        };
        let r = field(
            ui,
            words::RESPONSIBLE_PERSON.get(lang),
            &mut form.person,
            false,
        );
        save_keys |= enter(r, ui);
        let r = field(ui, words::DEADLINE.get(lang), &mut form.deadline, false);
        save_keys |= enter(r, ui);
        ui.label(words::STATUS.get(lang));
        ui.horizontal_wrapped(|ui| {
            for s in FindingStatus::ALL {
                ui.radio_value(&mut form.status, s, s.label(lang));
            }
        });
        for (label, text) in [
            (words::DONE_ON, &mut form.done_on),
            (words::VERIFIED_BY, &mut form.verified_by),
            (words::VERIFIED_ON, &mut form.verified_on),
        ] {
            let r = field(ui, label.get(lang), text, false);
            save_keys |= enter(r, ui);
        }
        ui.label(words::PROGRESS.get(lang));
        for n in &form.progress {
            ui.label(RichText::new(format!("{} {}", n.date, n.text)).weak());
        }
        ui.add(
            egui::TextEdit::singleline(&mut form.note)
                .hint_text(words::ADD_NOTE.get(lang))
                .desired_width(f32::INFINITY),
        );
        let l = ui.label(words::LINKS.get(lang));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut form.links)
                    .hint_text(words::LINKS_HINT.get(lang))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        save_keys |= enter(r, ui);
        let r = field(ui, words::NOTES.get(lang), &mut form.notes, false);
        save_keys |= enter(r, ui);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(words::SAVE.get(lang)).clicked() || save_keys {
                match form.to_edit(ledger, lang, today) {
                    Ok(edit) => {
                        cmds.push(Command::Edit(edit));
                        *form = form.next();
                    }
                    Err(errors) => form.errors = errors,
                }
            }
            if ui.button(words::CLEAR.get(lang)).clicked() || clear_keys {
                *form = form.next();
            }
            if let Some(f) = form.editing.clone()
                && ui.button(words::DELETE.get(lang)).clicked()
            {
                cmds.push(Command::Edit(Edit::Finding(FindingEdit::Delete(Box::new(
                    f,
                )))));
                *form = form.next();
            }
        });
    });
    for e in &form.errors {
        ui.label(RichText::new(e).color(Color32::from_rgb(180, 30, 30)));
    }
}

/// The id of the finding in the form, if it edits one.
pub fn editing_id(form: &FindingForm) -> Option<FindingId> {
    form.editing.as_ref().map(|f| f.id)
}
