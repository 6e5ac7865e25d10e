//! The entry form: add, edit and duplicate entries, keyboard first.
//!
//! Input stays text in a [`Draft`] until it parses into a valid [`Entry`]; a half-typed
//! amount is never a number in the ledger. Messages sit next to their field, in the UI
//! language, and the save button says why it is off.

use super::commands::Command;
use crate::i18n::Lang;
use crate::i18n::ui as words;
use crate::i18n::{fields as field_words, model};
use crate::ledger::entry_text::{CreateNames, EntryText};
use crate::ledger::fields::{self, ENTRY_FIELDS, EntryField};
use crate::ledger::names::{self, Master, Matched, NameError};
use crate::ledger::validate::{parse_date, parse_money_or_zero};
use crate::ledger::{
    Department, Edit, Entry, EntryId, Field, FieldError, Kind, Ledger, Problem, Stamp, Status,
    Village,
};
use chrono::NaiveDate;
use eframe::egui;
use egui::{Color32, Key, RichText};
use std::collections::HashMap;

/// Units offered in the unit field besides those already used in the ledger.
const COMMON_UNITS: [&str; 10] = ["套", "户", "袋", "人次", "吨", "箱", "次", "台", "个", "元"];

/// How many suggestions a name field shows.
const MAX_SUGGESTIONS: usize = 8;

/// The form's fields as typed: one text per field of the registry
/// ([`ENTRY_FIELDS`]), the kind as a choice, and whether the value is a pledge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    texts: HashMap<Field, String>,
    /// Funds, goods or services.
    pub kind: Option<Kind>,
    /// Pledged, not (yet) delivered in full (then the 已到位金额 field shows).
    pub pledged: bool,
}

/// How the form shows a number it loads: no `.00`, and nothing for zero.
fn form_number(text: String) -> String {
    let t = text.strip_suffix(".00").unwrap_or(&text);
    if t == "0" {
        String::new()
    } else {
        t.to_string()
    }
}

impl Draft {
    /// A blank draft for `date`, keeping a village and department.
    pub fn new(date: NaiveDate, village: &str, department: &str) -> Draft {
        let mut d = Draft {
            kind: Some(Kind::Goods),
            ..Draft::default()
        };
        d.set(Field::Date, date.to_string());
        d.set(Field::Village, village.to_string());
        d.set(Field::Department, department.to_string());
        d
    }

    /// The draft of an existing entry: each field's text as the registry exports it.
    pub fn from_entry(e: &Entry, ledger: &Ledger) -> Draft {
        let mut d = Draft {
            kind: Some(e.kind),
            pledged: matches!(e.status, Status::Pledged { .. }),
            ..Draft::default()
        };
        for (f, spec) in fields::entry_texts(e, ledger)
            .into_iter()
            .zip(&ENTRY_FIELDS)
        {
            let (field, text) = f;
            d.set(
                field,
                if spec.numeric {
                    form_number(text)
                } else {
                    text
                },
            );
        }
        d
    }

    /// The text typed for a field.
    pub fn text(&self, field: Field) -> &str {
        self.texts.get(&field).map_or("", String::as_str)
    }

    /// The text of a field, to edit.
    pub fn text_mut(&mut self, field: Field) -> &mut String {
        self.texts.entry(field).or_default()
    }

    /// Replaces the text of a field.
    pub fn set(&mut self, field: Field, text: String) {
        self.texts.insert(field, text);
    }

    /// The draft as an [`EntryText`]: the kind's code, and the delivered amount only for
    /// a pledge (empty there means nothing has arrived yet).
    pub fn entry_text(&self) -> EntryText<'_> {
        let mut t = EntryText::default();
        for f in &ENTRY_FIELDS {
            (f.set)(&mut t, self.text(f.field));
        }
        t.kind = self.kind.map_or("", Kind::code);
        t.delivered = match self.text(Field::Delivered) {
            _ if !self.pledged => "",
            d if d.trim().is_empty() => "0",
            d => d,
        };
        t
    }

    /// The entry with this id and these stamps, or every problem under its field. Names
    /// follow the rule of `ledger::names`; none is created here.
    pub fn to_entry(
        &self,
        ledger: &Ledger,
        id: EntryId,
        created: Stamp,
        now: Stamp,
    ) -> Result<Entry, Vec<FieldError>> {
        self.entry_text()
            .to_entry(ledger, id, created, now, CreateNames::NONE)
            .map(|(e, _)| e)
    }
}

/// Which name field shows its suggestions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suggest {
    Village,
    Department,
    Category,
    Unit,
}

/// The form's state between frames.
#[derive(Debug)]
pub struct EntryForm {
    /// What is typed.
    pub draft: Draft,
    /// The entry being edited (`None`: a new entry).
    pub editing: Option<Entry>,
    /// The entry id sent for saving, so the form resets once it is applied.
    pub submitted: Option<EntryId>,
    /// Show the "must not be empty" messages too (after a save was tried).
    attempted: bool,
    suggest: Option<Suggest>,
    focus_what: bool,
    focus_date: bool,
}

impl EntryForm {
    /// A new, empty form for `today`.
    pub fn new(today: NaiveDate) -> EntryForm {
        EntryForm {
            draft: Draft::new(today, "", ""),
            editing: None,
            submitted: None,
            attempted: false,
            suggest: None,
            focus_what: false,
            focus_date: false,
        }
    }

    /// Starts a new entry, keeping the last date, village and department.
    pub fn start_new(&mut self, today: NaiveDate) {
        let date = parse_date(self.draft.text(Field::Date)).unwrap_or(today);
        let kind = self.draft.kind;
        self.draft = Draft::new(
            date,
            self.draft.text(Field::Village),
            self.draft.text(Field::Department),
        );
        self.draft.kind = kind.or(Some(Kind::Goods));
        self.editing = None;
        self.submitted = None;
        self.attempted = false;
        self.suggest = None;
        self.focus_date = true;
    }

    /// Loads an entry for editing.
    pub fn edit(&mut self, entry: &Entry, ledger: &Ledger) {
        self.draft = Draft::from_entry(entry, ledger);
        self.editing = Some(entry.clone());
        self.submitted = None;
        self.attempted = false;
        self.focus_what = true;
    }

    /// Loads a copy of an entry as a new one.
    pub fn duplicate(&mut self, entry: &Entry, ledger: &Ledger) {
        self.draft = Draft::from_entry(entry, ledger);
        self.editing = None;
        self.submitted = None;
        self.attempted = false;
        self.focus_what = true;
    }

    /// Called by the app after an edit was applied: resets the form if it was its save.
    pub fn on_applied(&mut self, edit: &Edit, today: NaiveDate) {
        if self.submitted.is_some() && edit.touched_entry() == self.submitted {
            self.start_new(today);
            // No field keeps the focus, so Ctrl+Z right after saving undoes the save.
            self.focus_date = false;
        }
    }

    /// The form was looking at an entry that is gone or changed by undo: start afresh.
    pub fn forget_entry(&mut self, id: EntryId, today: NaiveDate) {
        if self.editing.as_ref().is_some_and(|e| e.id == id) {
            self.start_new(today);
        }
    }

    fn build(&self, ledger: &Ledger, now: Stamp) -> Result<Edit, Vec<FieldError>> {
        match &self.editing {
            Some(before) => {
                let after = self
                    .draft
                    .to_entry(ledger, before.id, before.created, now)?;
                Ok(Edit::UpdateEntry {
                    before: Box::new(before.clone()),
                    after: Box::new(after),
                })
            }
            None => {
                let e = self
                    .draft
                    .to_entry(ledger, ledger.next_entry_id(), now, now)?;
                Ok(Edit::AddEntry(Box::new(e)))
            }
        }
    }
}

/// Context the form needs from the app.
pub struct FormEnv<'a> {
    /// The ledger.
    pub ledger: &'a Ledger,
    /// UI language.
    pub lang: Lang,
    /// False when the ledger is read-only.
    pub editable: bool,
    /// Today (injected in tests).
    pub today: NaiveDate,
    /// Now, for stamps.
    pub now: Stamp,
}

fn error_for(errors: &[FieldError], field: Field) -> Option<&FieldError> {
    errors.iter().find(|e| e.field == field)
}

/// Shows the form; pushes commands (save, new village …) into `cmds`.
pub fn entry_form_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    env: &FormEnv<'_>,
    cmds: &mut Vec<Command>,
) {
    let lang = env.lang;
    let ledger = env.ledger;
    let title = match &form.editing {
        Some(e) => words::edit_entry_title(lang, e.id.0),
        None => words::NEW_ENTRY.get(lang).to_string(),
    };
    ui.heading(title);
    ui.label(
        RichText::new(words::form_keys_hint(
            lang,
            &super::commands::UiCommand::NewEntry
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default(),
        ))
        .small()
        .weak(),
    );
    ui.add_space(4.0);

    let result = form.build(ledger, env.now);
    let errors: Vec<FieldError> = result.as_ref().err().cloned().unwrap_or_default();
    // Empty required fields only complain after a save was tried.
    let attempted = form.attempted;
    let shown = |field: Field| -> Option<String> {
        let e = error_for(&errors, field)?;
        if e.problem == Problem::Empty && !attempted {
            return None;
        }
        Some(e.problem.message(lang))
    };
    let mut enter = false;
    let field_width = (ui.available_width() - 90.0).max(120.0);

    ui.add_enabled_ui(env.editable, |ui| {
        egui::Grid::new("entry_form_grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for f in &ENTRY_FIELDS {
                    match f.field {
                        // Shown under the value, for a pledge.
                        Field::Delivered => continue,
                        Field::Kind => {
                            ui.label(form_label(f, lang));
                            ui.horizontal(|ui| {
                                for k in Kind::ALL {
                                    ui.radio_value(&mut form.draft.kind, Some(k), k.label(lang));
                                }
                            });
                            ui.end_row();
                            continue;
                        }
                        _ => {}
                    }
                    let label = ui.label(form_label(f, lang));
                    ui.vertical(|ui| {
                        match f.field {
                            Field::Date => enter |= date_field_ui(ui, form, label.id, env.today),
                            Field::Village => {
                                enter |= master_field_ui::<Village>(
                                    ui,
                                    form,
                                    (label.id, field_width),
                                    ledger,
                                    lang,
                                    &errors,
                                    cmds,
                                );
                            }
                            Field::Department => {
                                enter |= master_field_ui::<Department>(
                                    ui,
                                    form,
                                    (label.id, field_width),
                                    ledger,
                                    lang,
                                    &errors,
                                    cmds,
                                );
                            }
                            Field::Category => {
                                let names: Vec<&str> =
                                    ledger.categories.iter().map(|c| c.name.as_str()).collect();
                                let complete = |t: &str| {
                                    names::find(&ledger.categories, t)
                                        .ok()
                                        .map(|(c, _)| c.name.clone())
                                };
                                enter |= name_field_ui(
                                    ui,
                                    form,
                                    (Suggest::Category, label.id, field_width),
                                    &names,
                                    &complete,
                                );
                            }
                            Field::Unit => {
                                let mut units: Vec<&str> = COMMON_UNITS.to_vec();
                                for e in ledger.entries.iter().rev().take(2_000) {
                                    if !e.unit.is_empty() && !units.contains(&e.unit.as_str()) {
                                        units.push(&e.unit);
                                    }
                                }
                                let complete = |t: &str| unique_part(&units, t);
                                enter |= name_field_ui(
                                    ui,
                                    form,
                                    (Suggest::Unit, label.id, 100.0),
                                    &units,
                                    &complete,
                                );
                            }
                            Field::Value => {
                                enter |= text_field_ui(
                                    ui,
                                    form,
                                    Field::Value,
                                    (label.id, field_width),
                                    words::FORM_VALUE_HINT.get(lang),
                                );
                                let typed = form.draft.text(Field::Value);
                                if let Ok(f) = parse_money_or_zero(typed)
                                    && !typed.trim().is_empty()
                                {
                                    ui.label(
                                        RichText::new(format!(
                                            "= {} {}",
                                            f.display(),
                                            field_words::YUAN.get(lang)
                                        ))
                                        .small()
                                        .weak(),
                                    );
                                }
                            }
                            _ => {
                                enter |= plain_field_ui(ui, form, f, (label.id, field_width), lang)
                            }
                        }
                        message_ui(ui, shown(f.field));
                    });
                    ui.end_row();
                    if f.field == Field::Value {
                        // 计划 / 已到位
                        ui.label("");
                        ui.checkbox(
                            &mut form.draft.pledged,
                            words::FORM_PLEDGED_CHECKBOX.get(lang),
                        );
                        ui.end_row();
                        if form.draft.pledged {
                            let label = ui.label(Field::Delivered.label(lang));
                            ui.vertical(|ui| {
                                enter |= text_field_ui(
                                    ui,
                                    form,
                                    Field::Delivered,
                                    (label.id, field_width),
                                    field_words::YUAN.get(lang),
                                );
                                message_ui(ui, shown(Field::Delivered));
                            });
                            ui.end_row();
                        }
                    }
                }
            });

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let why_not = save_blocker(&errors, lang);
            let save = ui
                .add_enabled(why_not.is_none(), egui::Button::new(words::SAVE.get(lang)))
                .on_disabled_hover_text(why_not.clone().unwrap_or_default());
            let cancel = ui.button(words::CANCEL.get(lang));
            if cancel.clicked() {
                form.start_new(env.today);
            }
            if save.clicked() || enter {
                form.attempted = true;
                if let Ok(edit) = &result {
                    form.submitted = edit.touched_entry();
                    cmds.push(Command::Edit(edit.clone()));
                }
            }
        });
        if let Some(why) = save_blocker(&errors, lang) {
            ui.label(RichText::new(why).small().color(ui.visuals().warn_fg_color));
        }
    });
    if env.editable && ui.input(|i| i.key_pressed(Key::Escape)) {
        form.start_new(env.today);
    }
}

/// Why the save button is off, or `None` when it is on.
fn save_blocker(errors: &[FieldError], lang: Lang) -> Option<String> {
    if errors.is_empty() {
        return None;
    }
    let empty: Vec<&str> = errors
        .iter()
        .filter(|e| e.problem == Problem::Empty)
        .map(|e| e.field.label(lang))
        .collect();
    let wrong: Vec<&str> = errors
        .iter()
        .filter(|e| e.problem != Problem::Empty)
        .map(|e| e.field.label(lang))
        .collect();
    let sep = words::FORM_LIST_SEP.get(lang);
    let mut parts = Vec::new();
    if !empty.is_empty() {
        parts.push(format!(
            "{}{}",
            words::FORM_PLEASE_FILL_IN.get(lang),
            empty.join(sep)
        ));
    }
    if !wrong.is_empty() {
        parts.push(format!(
            "{}{}",
            words::FORM_PLEASE_CORRECT.get(lang),
            wrong.join(sep)
        ));
    }
    Some(parts.join(words::FORM_CLAUSE_SEP.get(lang)))
}

fn submitted(ui: &egui::Ui, r: &egui::Response) -> bool {
    r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))
}

fn message_ui(ui: &mut egui::Ui, message: Option<String>) {
    if let Some(m) = message {
        ui.label(RichText::new(m).color(Color32::from_rgb(200, 40, 40)));
    }
}

/// A field's name beside its input, in lower case in English as the table shows it.
fn form_label(f: &EntryField, lang: Lang) -> String {
    f.label.get(lang).to_lowercase()
}

/// The hint inside an empty field, for the fields that have one.
fn hint(field: Field, lang: Lang) -> &'static str {
    match field {
        Field::What => words::FORM_WHAT_HINT.get(lang),
        Field::Quantity => "32",
        _ => "",
    }
}

/// 日期: typed, or picked from a calendar.
fn date_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    label: egui::Id,
    today: NaiveDate,
) -> bool {
    let mut enter = false;
    ui.horizontal(|ui| {
        let r = ui
            .add(
                egui::TextEdit::singleline(form.draft.text_mut(Field::Date))
                    .desired_width(100.0)
                    .hint_text("2020-06-05"),
            )
            .labelled_by(label);
        if form.focus_date {
            r.request_focus();
            form.focus_date = false;
        }
        if r.gained_focus() {
            form.suggest = None;
        }
        enter = submitted(ui, &r);
        let mut picked = to_jiff(parse_date(form.draft.text(Field::Date)).unwrap_or(today));
        let before = picked;
        ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt("entry_date_picker")
                .show_icon(false)
                .calendar_week(false),
        );
        if picked != before {
            form.draft
                .set(Field::Date, from_jiff(picked).unwrap_or(today).to_string());
        }
    });
    enter
}

/// A field the registry describes and the form shows as plain text (内容, 数量, the
/// counts, 备注, and any field added later).
fn plain_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    f: &EntryField,
    (label, field_width): (egui::Id, f32),
    lang: Lang,
) -> bool {
    let width = if f.numeric || f.field == Field::Quantity {
        100.0
    } else {
        field_width
    };
    let focus = form.focus_what && f.field == Field::What;
    let r = text_input_ui(ui, form, f.field, (label, width), hint(f.field, lang));
    if focus {
        r.request_focus();
        form.focus_what = false;
    }
    submitted(ui, &r)
}

fn text_input_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    field: Field,
    (label, width): (egui::Id, f32),
    hint: &str,
) -> egui::Response {
    let r = ui
        .add(
            egui::TextEdit::singleline(form.draft.text_mut(field))
                .desired_width(width)
                .hint_text(hint.to_string()),
        )
        .labelled_by(label);
    if r.gained_focus() {
        form.suggest = None;
    }
    r
}

fn text_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    field: Field,
    at: (egui::Id, f32),
    hint: &str,
) -> bool {
    let r = text_input_ui(ui, form, field, at, hint);
    submitted(ui, &r)
}

/// A village or department: its name with suggestions, what a part of a name is taken
/// as, and a button that creates a name the ledger does not have.
fn master_field_ui<M: Master>(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    (label, width): (egui::Id, f32),
    ledger: &Ledger,
    lang: Lang,
    errors: &[FieldError],
    cmds: &mut Vec<Command>,
) -> bool {
    let records = M::list(ledger);
    let field = M::KIND.field();
    let which = match M::KIND {
        names::MasterKind::Village => Suggest::Village,
        names::MasterKind::Department => Suggest::Department,
        names::MasterKind::Category => Suggest::Category,
    };
    let list: Vec<&str> = records.iter().map(|r| r.name()).collect();
    let complete = |t: &str| {
        names::find(records, t)
            .ok()
            .map(|(r, _)| r.name().to_string())
    };
    let enter = name_field_ui(ui, form, (which, label, width), &list, &complete);
    let typed = form.draft.text(field);
    if let Ok((r, Matched::Part)) = names::find(records, typed) {
        ui.label(
            RichText::new(model::name_matched(lang, &names::tidy(typed), r.name()))
                .small()
                .weak(),
        );
    }
    if let Some(FieldError {
        problem: Problem::Name(e),
        ..
    }) = error_for(errors, field)
        && let NameError::NotFound { typed, .. } = e.as_ref()
    {
        let text = match M::KIND {
            names::MasterKind::Department => model::new_department(lang, typed),
            _ => model::new_village(lang, typed),
        };
        if ui.button(text).clicked()
            && let Ok((_, Some(edit))) =
                names::resolve_or_create::<M>(ledger, form.draft.text(field), true)
        {
            cmds.push(Command::Edit(edit));
        }
    }
    enter
}

fn draft_text(draft: &mut Draft, which: Suggest) -> &mut String {
    draft.text_mut(match which {
        Suggest::Village => Field::Village,
        Suggest::Department => Field::Department,
        Suggest::Category => Field::Category,
        Suggest::Unit => Field::Unit,
    })
}

/// The only name that contains the typed text (any case), if just one does.
fn unique_part(names: &[&str], typed: &str) -> Option<String> {
    let lower = typed.trim().to_lowercase();
    let mut hits = names.iter().filter(|n| n.to_lowercase().contains(&lower));
    match (hits.next(), hits.next()) {
        (Some(only), None) => Some((*only).to_string()),
        _ => None,
    }
}

/// A text field whose typing filters a list of names shown under it; when the field is
/// left, the text is completed to the name `complete` finds for it.
fn name_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    (which, label, width): (Suggest, egui::Id, f32),
    names: &[&str],
    complete: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let r = ui
        .add(egui::TextEdit::singleline(draft_text(&mut form.draft, which)).desired_width(width))
        .labelled_by(label);
    if r.gained_focus() {
        form.suggest = Some(which);
    }
    let enter = submitted(ui, &r);
    if r.lost_focus() {
        let typed = draft_text(&mut form.draft, which).trim().to_string();
        if !typed.is_empty()
            && !names.contains(&typed.as_str())
            && let Some(name) = complete(&typed)
        {
            *draft_text(&mut form.draft, which) = name;
        }
    }
    if form.suggest == Some(which) {
        let typed = draft_text(&mut form.draft, which).trim().to_lowercase();
        let exact = names.iter().any(|n| n.to_lowercase() == typed);
        let hits: Vec<&str> = names
            .iter()
            .filter(|n| typed.is_empty() || exact || n.to_lowercase().contains(&typed))
            .take(MAX_SUGGESTIONS)
            .copied()
            .collect();
        if !hits.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.set_max_width(width);
                for name in hits {
                    let current = draft_text(&mut form.draft, which).trim() == name;
                    if ui.selectable_label(current, name).clicked() {
                        *draft_text(&mut form.draft, which) = name.to_string();
                        form.suggest = None;
                    }
                }
            });
        }
    }
    enter
}

/// `chrono` → `jiff`, for the date picker.
pub fn to_jiff(d: NaiveDate) -> jiff::civil::Date {
    use chrono::Datelike;
    jiff::civil::Date::new(d.year() as i16, d.month() as i8, d.day() as i8).unwrap_or_default()
}

/// `jiff` → `chrono`, from the date picker.
pub fn from_jiff(d: jiff::civil::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::from(d.year()), d.month() as u32, d.day() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::ledger::Fen;

    fn now() -> Stamp {
        NaiveDate::from_ymd_opt(2020, 6, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn draft_parses_wan_and_partial_names() {
        let ledger = sample_ledger();
        let mut d = Draft::new(
            NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default(),
            "九股",
            "团委",
        );
        d.set(Field::What, "化肥".into());
        d.set(Field::Value, "0.5万".into());
        let e = d.to_entry(&ledger, ledger.next_entry_id(), now(), now());
        let e = e.expect("valid draft");
        assert_eq!(e.value_fen, Fen(500_000));
        assert_eq!(ledger.village_name(e.village), "九股村");
    }

    #[test]
    fn bad_amount_names_the_field() {
        let ledger = sample_ledger();
        let mut d = Draft::new(
            NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default(),
            "九股村",
            "团委",
        );
        d.set(Field::What, "化肥".into());
        d.set(Field::Value, "-5".into());
        let errs = d
            .to_entry(&ledger, ledger.next_entry_id(), now(), now())
            .expect_err("negative refused");
        assert_eq!(errs[0].field, Field::Value);
        assert_eq!(errs[0].problem, Problem::Negative);
        d.set(Field::Value, "1".into());
        d.pledged = true;
        d.set(Field::Delivered, "2".into());
        let errs = d
            .to_entry(&ledger, ledger.next_entry_id(), now(), now())
            .expect_err("delivered over pledge refused");
        assert_eq!(errs[0].field, Field::Delivered);
    }

    #[test]
    fn entry_round_trips_through_draft() {
        let ledger = sample_ledger();
        for e in &ledger.entries {
            let d = Draft::from_entry(e, &ledger);
            let back = d.to_entry(&ledger, e.id, e.created, e.modified);
            assert_eq!(back.as_ref(), Ok(e));
        }
    }

    #[test]
    fn every_field_of_the_registry_reaches_the_entry_text() {
        // A field added to the registry is typed into and read from the draft with no
        // change to the form: only the kind and the pledge have widgets of their own.
        let mut d = Draft::default();
        for f in &ENTRY_FIELDS {
            d.set(f.field, format!("{:?}", f.field));
        }
        d.pledged = true;
        d.kind = Some(Kind::Services);
        let t = d.entry_text();
        for f in &ENTRY_FIELDS {
            let expected = match f.field {
                Field::Kind => "services".to_string(),
                other => format!("{other:?}"),
            };
            assert_eq!((f.get)(&t), expected, "{:?}", f.field);
        }
        d.pledged = false;
        assert_eq!(d.entry_text().delivered, "");
        d.pledged = true;
        d.set(Field::Delivered, " ".into());
        assert_eq!(d.entry_text().delivered, "0");
    }

    #[test]
    fn a_loaded_entry_shows_amounts_without_cents_and_no_zero_counts() {
        let ledger = sample_ledger();
        let toilet = &ledger.entries[0];
        let d = Draft::from_entry(toilet, &ledger);
        assert_eq!(d.text(Field::Value), "40000");
        assert_eq!(form_number("1234.50".into()), "1234.50");
        assert_eq!(form_number("0".into()), "");
        assert_eq!(form_number("0.00".into()), "");
        assert_eq!(form_number("12".into()), "12");
    }

    #[test]
    fn a_missing_or_ambiguous_name_is_a_name_problem() {
        let ledger = sample_ledger();
        let mut d = Draft::new(
            NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default(),
            "不存在村",
            "团委",
        );
        d.set(Field::What, "化肥".into());
        let errs = d
            .to_entry(&ledger, ledger.next_entry_id(), now(), now())
            .expect_err("unknown village");
        assert_eq!(errs.len(), 1);
        assert!(matches!(
            &errs[0].problem,
            Problem::Name(e) if matches!(e.as_ref(), NameError::NotFound { typed, .. } if typed == "不存在村")
        ));
        assert_eq!(errs[0].field, Field::Village);
    }
}
