//! The entry form: add, edit and duplicate entries, keyboard first.
//!
//! Input stays text in a [`Draft`] until it parses into a valid [`Entry`]; a half-typed
//! amount is never a number in the ledger. Messages sit next to their field, in the UI
//! language, and the save button says why it is off.

use super::commands::Command;
use crate::i18n::Lang;
use crate::i18n::ui as words;
use crate::ledger::validate::{
    clean_name, clean_notes, clean_optional, parse_count, parse_date, parse_money_or_zero,
    parse_quantity, validate_entry,
};
use crate::ledger::{
    Department, Edit, Entry, EntryId, Fen, Field, FieldError, Kind, Ledger, Problem, Stamp, Status,
    Village,
};
use chrono::NaiveDate;
use eframe::egui;
use egui::{Color32, Key, RichText};

/// Units offered in the unit field besides those already used in the ledger.
const COMMON_UNITS: [&str; 10] = ["套", "户", "袋", "人次", "吨", "箱", "次", "台", "个", "元"];

/// How many suggestions a name field shows.
const MAX_SUGGESTIONS: usize = 8;

/// The form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// `2020-06-05`.
    pub date: String,
    /// A village name (or a unique part of one).
    pub village: String,
    /// A department name (or a unique part of one).
    pub department: String,
    /// Funds, goods or services.
    pub kind: Option<Kind>,
    /// A category name; empty for none.
    pub category: String,
    /// What was given.
    pub what: String,
    /// How much of it.
    pub quantity: String,
    /// The unit of the quantity.
    pub unit: String,
    /// Value in yuan (`4万`, `4,000.50`).
    pub value: String,
    /// Pledged, not (yet) delivered in full.
    pub pledged: bool,
    /// Delivered so far, in yuan, when pledged.
    pub delivered: String,
    /// Households reached.
    pub households: String,
    /// Persons reached.
    pub persons: String,
    /// Person-times.
    pub person_times: String,
    /// Notes.
    pub notes: String,
}

fn count_text(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

fn money_text(f: Fen) -> String {
    if f == Fen::ZERO {
        String::new()
    } else {
        let s = f.plain();
        s.strip_suffix(".00").map(str::to_string).unwrap_or(s)
    }
}

/// Finds a record by exact name, else by a part of the name that only one record has.
fn resolve<'a, T>(items: &'a [T], name: impl Fn(&T) -> &str, text: &str) -> Result<&'a T, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Problem::Empty);
    }
    if let Some(x) = items.iter().find(|x| name(x) == t) {
        return Ok(x);
    }
    let lower = t.to_lowercase();
    let mut hits = items
        .iter()
        .filter(|x| name(x).to_lowercase().contains(&lower));
    match (hits.next(), hits.next()) {
        (Some(x), None) => Ok(x),
        _ => Err(Problem::Unknown(t.to_string())),
    }
}

impl Draft {
    /// A blank draft for `date`, keeping a village and department.
    pub fn new(date: NaiveDate, village: &str, department: &str) -> Draft {
        Draft {
            date: date.to_string(),
            village: village.to_string(),
            department: department.to_string(),
            kind: Some(Kind::Goods),
            ..Draft::default()
        }
    }

    /// The draft of an existing entry.
    pub fn from_entry(e: &Entry, ledger: &Ledger) -> Draft {
        let (pledged, delivered) = match e.status {
            Status::Delivered => (false, String::new()),
            Status::Pledged { delivered_fen } => (true, money_text(delivered_fen)),
        };
        Draft {
            date: e.date.to_string(),
            village: ledger.village_name(e.village).to_string(),
            department: ledger.department_name(e.department).to_string(),
            kind: Some(e.kind),
            category: ledger.category_name(e.category).to_string(),
            what: e.what.clone(),
            quantity: e.quantity.map(|q| q.to_string()).unwrap_or_default(),
            unit: e.unit.clone(),
            value: money_text(e.value_fen),
            pledged,
            delivered,
            households: count_text(e.households),
            persons: count_text(e.persons),
            person_times: count_text(e.person_times),
            notes: e.notes.clone(),
        }
    }

    /// Parses the draft into an entry with this id and these stamps, or every problem.
    pub fn parse(
        &self,
        ledger: &Ledger,
        id: EntryId,
        created: Stamp,
        now: Stamp,
    ) -> Result<Entry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: Field, r: Result<(), Problem>| {
            if let Err(p) = r {
                errors.push(FieldError::new(field, p));
            }
        };
        let date = parse_date(&self.date);
        check(Field::Date, date.as_ref().map(|_| ()).map_err(Clone::clone));
        let village = resolve(&ledger.villages, |v: &Village| &v.name, &self.village);
        check(Field::Village, village.clone().map(|_| ()));
        let department = resolve(
            &ledger.departments,
            |d: &Department| &d.name,
            &self.department,
        );
        check(Field::Department, department.clone().map(|_| ()));
        check(Field::Kind, self.kind.map(|_| ()).ok_or(Problem::BadKind));
        let category = if self.category.trim().is_empty() {
            Ok(None)
        } else {
            resolve(&ledger.categories, |c| &c.name, &self.category).map(|c| Some(c.id))
        };
        check(Field::Category, category.clone().map(|_| ()));
        let what = clean_name(&self.what);
        check(Field::What, what.clone().map(|_| ()));
        let quantity = parse_quantity(&self.quantity);
        check(Field::Quantity, quantity.clone().map(|_| ()));
        let unit = clean_optional(&self.unit);
        check(Field::Unit, unit.clone().map(|_| ()));
        let value = parse_money_or_zero(&self.value);
        check(Field::Value, value.clone().map(|_| ()));
        let delivered = if self.pledged {
            parse_money_or_zero(&self.delivered)
        } else {
            Ok(Fen::ZERO)
        };
        check(Field::Delivered, delivered.clone().map(|_| ()));
        let households = parse_count(&self.households);
        check(Field::Households, households.clone().map(|_| ()));
        let persons = parse_count(&self.persons);
        check(Field::Persons, persons.clone().map(|_| ()));
        let person_times = parse_count(&self.person_times);
        check(Field::PersonTimes, person_times.clone().map(|_| ()));
        let notes = clean_notes(&self.notes);
        check(Field::Notes, notes.clone().map(|_| ()));
        if !errors.is_empty() {
            return Err(errors);
        }
        let (
            Ok(date),
            Ok(village),
            Ok(department),
            Some(kind),
            Ok(category),
            Ok(what),
            Ok(quantity),
            Ok(unit),
            Ok(value_fen),
            Ok(delivered_fen),
            Ok(households),
            Ok(persons),
            Ok(person_times),
            Ok(notes),
        ) = (
            date,
            village,
            department,
            self.kind,
            category,
            what,
            quantity,
            unit,
            value,
            delivered,
            households,
            persons,
            person_times,
            notes,
        )
        else {
            return Err(errors);
        };
        let entry = Entry {
            id,
            date,
            department: department.id,
            village: village.id,
            kind,
            category,
            what,
            quantity,
            unit,
            value_fen,
            households,
            persons,
            person_times,
            status: if self.pledged {
                Status::Pledged { delivered_fen }
            } else {
                Status::Delivered
            },
            notes,
            created,
            modified: now,
        };
        validate_entry(&entry, ledger)?;
        Ok(entry)
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
        let date = parse_date(&self.draft.date).unwrap_or(today);
        let kind = self.draft.kind;
        self.draft = Draft::new(date, &self.draft.village, &self.draft.department);
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
                let after = self.draft.parse(ledger, before.id, before.created, now)?;
                Ok(Edit::UpdateEntry {
                    before: Box::new(before.clone()),
                    after: Box::new(after),
                })
            }
            None => {
                let e = self.draft.parse(ledger, ledger.next_entry_id(), now, now)?;
                Ok(Edit::AddEntry(e))
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
                // 日期
                let label = ui.label(Field::Date.label(lang));
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut form.draft.date)
                                    .desired_width(100.0)
                                    .hint_text("2020-06-05"),
                            )
                            .labelled_by(label.id);
                        if form.focus_date {
                            r.request_focus();
                            form.focus_date = false;
                        }
                        if r.gained_focus() {
                            form.suggest = None;
                        }
                        enter |= submitted(ui, &r);
                        let mut picked = to_jiff(parse_date(&form.draft.date).unwrap_or(env.today));
                        let before = picked;
                        ui.add(
                            egui_extras::DatePickerButton::new(&mut picked)
                                .id_salt("entry_date_picker")
                                .show_icon(false)
                                .calendar_week(false),
                        );
                        if picked != before {
                            form.draft.date = from_jiff(picked).unwrap_or(env.today).to_string();
                        }
                    });
                    message_ui(ui, shown(Field::Date));
                });
                ui.end_row();

                // 村
                let label = ui.label(Field::Village.label(lang));
                ui.vertical(|ui| {
                    let names: Vec<&str> =
                        ledger.villages.iter().map(|v| v.name.as_str()).collect();
                    enter |=
                        name_field_ui(ui, form, Suggest::Village, label.id, field_width, &names);
                    resolved_hint_ui(ui, &form.draft.village, &names);
                    message_ui(ui, shown(Field::Village));
                    if let Some(e) = error_for(&errors, Field::Village)
                        && matches!(e.problem, Problem::Unknown(_))
                        && clean_name(&form.draft.village).is_ok()
                    {
                        let name = form.draft.village.trim().to_string();
                        let b = ui.button(words::new_village_named(lang, &name));
                        if b.clicked() {
                            cmds.push(Command::Edit(Edit::AddVillage {
                                index: ledger.villages.len(),
                                village: Village {
                                    id: ledger.next_village_id(),
                                    name,
                                    town: String::new(),
                                    county: String::new(),
                                },
                            }));
                        }
                    }
                });
                ui.end_row();

                // 部门
                let label = ui.label(Field::Department.label(lang));
                ui.vertical(|ui| {
                    let names: Vec<&str> =
                        ledger.departments.iter().map(|d| d.name.as_str()).collect();
                    enter |=
                        name_field_ui(ui, form, Suggest::Department, label.id, field_width, &names);
                    resolved_hint_ui(ui, &form.draft.department, &names);
                    message_ui(ui, shown(Field::Department));
                    if let Some(e) = error_for(&errors, Field::Department)
                        && matches!(e.problem, Problem::Unknown(_))
                        && clean_name(&form.draft.department).is_ok()
                    {
                        let name = form.draft.department.trim().to_string();
                        let b = ui.button(words::new_department_named(lang, &name));
                        if b.clicked() {
                            cmds.push(Command::Edit(Edit::AddDepartment {
                                index: ledger.departments.len(),
                                department: Department {
                                    id: ledger.next_department_id(),
                                    name,
                                },
                            }));
                        }
                    }
                });
                ui.end_row();

                // 帮扶形式
                ui.label(Field::Kind.label(lang));
                ui.horizontal(|ui| {
                    for k in Kind::ALL {
                        ui.radio_value(&mut form.draft.kind, Some(k), k.label(lang));
                    }
                });
                ui.end_row();

                // 类别
                let label = ui.label(Field::Category.label(lang));
                ui.vertical(|ui| {
                    let names: Vec<&str> =
                        ledger.categories.iter().map(|c| c.name.as_str()).collect();
                    enter |=
                        name_field_ui(ui, form, Suggest::Category, label.id, field_width, &names);
                    message_ui(ui, shown(Field::Category));
                });
                ui.end_row();

                // 内容
                let label = ui.label(Field::What.label(lang));
                ui.vertical(|ui| {
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut form.draft.what)
                                .desired_width(field_width)
                                .hint_text(words::FORM_E_G_FERTILIZER.get(lang)),
                        )
                        .labelled_by(label.id);
                    if form.focus_what {
                        r.request_focus();
                        form.focus_what = false;
                    }
                    if r.gained_focus() {
                        form.suggest = None;
                    }
                    enter |= submitted(ui, &r);
                    message_ui(ui, shown(Field::What));
                });
                ui.end_row();

                // 数量 + 单位
                let label = ui.label(Field::Quantity.label(lang));
                ui.vertical(|ui| {
                    enter |= text_field_ui(ui, form, |d| &mut d.quantity, label.id, 100.0, "32");
                    message_ui(ui, shown(Field::Quantity));
                });
                ui.end_row();
                let label = ui.label(Field::Unit.label(lang));
                ui.vertical(|ui| {
                    let mut units: Vec<&str> = COMMON_UNITS.to_vec();
                    for e in ledger.entries.iter().rev().take(2_000) {
                        if !e.unit.is_empty() && !units.contains(&e.unit.as_str()) {
                            units.push(&e.unit);
                        }
                    }
                    enter |= name_field_ui(ui, form, Suggest::Unit, label.id, 100.0, &units);
                    message_ui(ui, shown(Field::Unit));
                });
                ui.end_row();

                // 金额
                let label = ui.label(Field::Value.label(lang));
                ui.vertical(|ui| {
                    enter |= text_field_ui(
                        ui,
                        form,
                        |d| &mut d.value,
                        label.id,
                        field_width,
                        words::FORM_YUAN_E_G_40000_4.get(lang),
                    );
                    if let Ok(f) = parse_money_or_zero(&form.draft.value)
                        && !form.draft.value.trim().is_empty()
                    {
                        ui.label(
                            RichText::new(format!(
                                "= {} {}",
                                f.display(),
                                crate::i18n::fields::YUAN.get(lang)
                            ))
                            .small()
                            .weak(),
                        );
                    }
                    message_ui(ui, shown(Field::Value));
                });
                ui.end_row();

                // 计划 / 已到位
                ui.label("");
                ui.checkbox(
                    &mut form.draft.pledged,
                    words::FORM_PLEDGED_NOT_ALL_DELIVERED.get(lang),
                );
                ui.end_row();
                if form.draft.pledged {
                    let label = ui.label(Field::Delivered.label(lang));
                    ui.vertical(|ui| {
                        enter |= text_field_ui(
                            ui,
                            form,
                            |d| &mut d.delivered,
                            label.id,
                            field_width,
                            crate::i18n::fields::YUAN.get(lang),
                        );
                        message_ui(ui, shown(Field::Delivered));
                    });
                    ui.end_row();
                }

                for (field, get) in [
                    (
                        Field::Households,
                        (|d: &mut Draft| &mut d.households) as fn(&mut Draft) -> &mut String,
                    ),
                    (Field::Persons, |d: &mut Draft| &mut d.persons),
                    (Field::PersonTimes, |d: &mut Draft| &mut d.person_times),
                ] {
                    let label = ui.label(match field {
                        Field::PersonTimes => words::FORM_PERSON_TIMES.get(lang),
                        other => other.label(lang),
                    });
                    ui.vertical(|ui| {
                        enter |= text_field_ui(ui, form, get, label.id, 100.0, "");
                        message_ui(ui, shown(field));
                    });
                    ui.end_row();
                }

                let label = ui.label(Field::Notes.label(lang));
                ui.vertical(|ui| {
                    enter |= text_field_ui(ui, form, |d| &mut d.notes, label.id, field_width, "");
                    message_ui(ui, shown(Field::Notes));
                });
                ui.end_row();
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

fn text_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    get: impl FnOnce(&mut Draft) -> &mut String,
    label: egui::Id,
    width: f32,
    hint: &str,
) -> bool {
    let r = ui
        .add(
            egui::TextEdit::singleline(get(&mut form.draft))
                .desired_width(width)
                .hint_text(hint.to_string()),
        )
        .labelled_by(label);
    if r.gained_focus() {
        form.suggest = None;
    }
    submitted(ui, &r)
}

fn draft_text(draft: &mut Draft, which: Suggest) -> &mut String {
    match which {
        Suggest::Village => &mut draft.village,
        Suggest::Department => &mut draft.department,
        Suggest::Category => &mut draft.category,
        Suggest::Unit => &mut draft.unit,
    }
}

/// A text field whose typing filters a list of names shown under it; a unique match is
/// completed when the field is left.
fn name_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    which: Suggest,
    label: egui::Id,
    width: f32,
    names: &[&str],
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
        if !typed.is_empty() && !names.contains(&typed.as_str()) {
            let lower = typed.to_lowercase();
            let hits: Vec<&&str> = names
                .iter()
                .filter(|n| n.to_lowercase().contains(&lower))
                .collect();
            if let [only] = hits[..] {
                *draft_text(&mut form.draft, which) = (*only).to_string();
            }
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

fn resolved_hint_ui(ui: &mut egui::Ui, typed: &str, names: &[&str]) {
    let t = typed.trim();
    if t.is_empty() || names.contains(&t) {
        return;
    }
    let lower = t.to_lowercase();
    let hits: Vec<&&str> = names
        .iter()
        .filter(|n| n.to_lowercase().contains(&lower))
        .collect();
    if let [only] = hits[..] {
        ui.label(RichText::new(format!("→ {only}")).small().weak());
    }
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
        d.what = "化肥".into();
        d.value = "0.5万".into();
        let e = d.parse(&ledger, ledger.next_entry_id(), now(), now());
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
        d.what = "化肥".into();
        d.value = "-5".into();
        let errs = d
            .parse(&ledger, ledger.next_entry_id(), now(), now())
            .expect_err("negative refused");
        assert_eq!(errs[0].field, Field::Value);
        assert_eq!(errs[0].problem, Problem::Negative);
        d.value = "1".into();
        d.pledged = true;
        d.delivered = "2".into();
        let errs = d
            .parse(&ledger, ledger.next_entry_id(), now(), now())
            .expect_err("delivered over pledge refused");
        assert_eq!(errs[0].field, Field::Delivered);
    }

    #[test]
    fn entry_round_trips_through_draft() {
        let ledger = sample_ledger();
        for e in &ledger.entries {
            let d = Draft::from_entry(e, &ledger);
            let back = d.parse(&ledger, e.id, e.created, e.modified);
            assert_eq!(back.as_ref(), Ok(e));
        }
    }
}
