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
    CHANNEL_SUGGESTIONS, Department, Edit, Entry, EntryId, Field, FieldError, Kind, Ledger,
    Problem, Source, Stamp, Status, TraineeGroup, Village,
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

    /// True when both drafts hold the same input (a field never typed in and an empty
    /// one are the same).
    pub fn same_input(&self, other: &Draft) -> bool {
        self.kind == other.kind
            && self.pledged == other.pledged
            && ENTRY_FIELDS
                .iter()
                .all(|f| self.text(f.field) == other.text(f.field))
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
    Channel,
}

impl Suggest {
    fn field(self) -> Field {
        match self {
            Suggest::Village => Field::Village,
            Suggest::Department => Field::Department,
            Suggest::Category => Field::Category,
            Suggest::Unit => Field::Unit,
            Suggest::Channel => Field::Channel,
        }
    }
}

/// The id of a field's input in the form. Stable, so the form can move the keyboard
/// focus to it (and tests can tell which field has it). The kind's id is its group.
pub fn field_id(field: Field) -> egui::Id {
    egui::Id::unique(("entry_form_field", field))
}

/// The field the keyboard goes to after `field` when a suggestion is picked or a name
/// is created: the next one in the form's order.
fn next_field(field: Field, draft: &Draft) -> Option<Field> {
    let order: Vec<Field> = ENTRY_FIELDS
        .iter()
        .map(|f| f.field)
        .filter(|f| *f != Field::Delivered && applies(*f, draft))
        .collect();
    let at = order.iter().position(|f| *f == field)?;
    order.get(at + 1).copied()
}

/// Whether a field applies to what is typed: 出资方 when the source is not the unit's
/// own, 培训对象 for training, 渠道 for buying or helping sell produce. A field that does
/// not apply stays in its place (nothing moves), greyed out, empty and not a Tab stop.
fn applies(field: Field, draft: &Draft) -> bool {
    match field {
        Field::Giver => draft_source(draft) != Source::Direct,
        Field::Trainees => draft.kind == Some(Kind::Training),
        Field::Channel => draft.kind.is_some_and(Kind::is_consumption),
        _ => true,
    }
}

/// The source the draft names (empty: the unit's own).
fn draft_source(draft: &Draft) -> Source {
    Source::parse(draft.text(Field::Source)).unwrap_or(Source::Direct)
}

/// A focus the form asks for on its next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FocusRequest {
    field: Field,
    /// Select the field's whole text, so typing replaces it.
    select_all: bool,
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
    /// The name field whose suggestion list is open.
    suggest: Option<Suggest>,
    /// The suggestion the arrow keys have highlighted.
    highlight: Option<usize>,
    /// Where the suggestion list was drawn (a click there keeps it open).
    popup_rect: Option<egui::Rect>,
    focus: Option<FocusRequest>,
    /// Tab was pressed on the last frame: a field that gains the keyboard now got it
    /// by Tab, and its text is selected so that typing replaces it.
    tabbed: bool,
    /// The draft as the form was (re)started: nothing typed since while it is equal.
    fresh: Draft,
}

impl EntryForm {
    /// A new, empty form for `today`.
    pub fn new(today: NaiveDate) -> EntryForm {
        let draft = Draft::new(today, "", "");
        EntryForm {
            fresh: draft.clone(),
            draft,
            editing: None,
            submitted: None,
            attempted: false,
            suggest: None,
            highlight: None,
            popup_rect: None,
            focus: None,
            tabbed: false,
        }
    }

    /// Starts a new entry, keeping the last date, village and department; the keyboard
    /// goes to 日期 with its text selected.
    pub fn start_new(&mut self, today: NaiveDate) {
        let date = parse_date(self.draft.text(Field::Date)).unwrap_or(today);
        let kind = self.draft.kind;
        self.draft = Draft::new(
            date,
            self.draft.text(Field::Village),
            self.draft.text(Field::Department),
        );
        self.draft.kind = kind.or(Some(Kind::Goods));
        self.fresh = self.draft.clone();
        self.editing = None;
        self.submitted = None;
        self.attempted = false;
        self.suggest = None;
        self.highlight = None;
        self.focus = Some(FocusRequest {
            field: Field::Date,
            select_all: true,
        });
    }

    /// True while the form waits for a frame to move the keyboard (the app asks for one).
    pub fn focus_pending(&self) -> bool {
        self.focus.is_some()
    }

    /// Moves the keyboard to 日期 on the next frame, its text selected.
    pub fn focus_date(&mut self) {
        self.focus = Some(FocusRequest {
            field: Field::Date,
            select_all: true,
        });
    }

    /// Loads an entry for editing.
    pub fn edit(&mut self, entry: &Entry, ledger: &Ledger) {
        self.draft = Draft::from_entry(entry, ledger);
        self.fresh = self.draft.clone();
        self.editing = Some(entry.clone());
        self.submitted = None;
        self.attempted = false;
        self.focus = Some(FocusRequest {
            field: Field::What,
            select_all: false,
        });
    }

    /// Loads a copy of an entry as a new one.
    pub fn duplicate(&mut self, entry: &Entry, ledger: &Ledger) {
        self.draft = Draft::from_entry(entry, ledger);
        self.fresh = self.draft.clone();
        self.editing = None;
        self.submitted = None;
        self.attempted = false;
        self.focus = Some(FocusRequest {
            field: Field::What,
            select_all: false,
        });
    }

    /// Called by the app after an edit was applied: resets the form if it was its save
    /// (the keyboard goes to 日期 of the next entry, its text selected).
    pub fn on_applied(&mut self, edit: &Edit, today: NaiveDate) {
        if self.submitted.is_some() && edit.touched_entry() == self.submitted {
            self.start_new(today);
        }
    }

    /// The form was looking at an entry that is gone or changed by undo: start afresh.
    pub fn forget_entry(&mut self, id: EntryId, today: NaiveDate) {
        if self.editing.as_ref().is_some_and(|e| e.id == id) {
            self.start_new(today);
        }
    }

    /// True when a field of the form has the keyboard but nothing was typed since the
    /// form was (re)started: then Ctrl+Z undoes the last edit of the ledger (right after
    /// a save, the save) instead of typing that is not there.
    pub fn focused_but_untouched(&self, ctx: &egui::Context) -> bool {
        let Some(focused) = ctx.memory(|m| m.focused()) else {
            return false;
        };
        let ours = ENTRY_FIELDS.iter().any(|f| field_id(f.field) == focused);
        ours && self.draft.same_input(&self.fresh)
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

    /// Moves the keyboard to a field on this frame (before it is drawn), selecting its
    /// text when asked.
    fn apply_focus(&mut self, ctx: &egui::Context) {
        // A key of this frame (the Enter that created a name or confirmed the unit)
        // would act on the field at once: move the keyboard on the next frame.
        if ctx.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Tab)) {
            return;
        }
        let Some(req) = self.focus.take() else { return };
        let id = field_id(req.field);
        ctx.memory_mut(|m| m.request_focus(id));
        if req.select_all && req.field != Field::Kind {
            let len = self.draft.text(req.field).chars().count();
            let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::two(
                    egui::text::CCursor::new(0),
                    egui::text::CCursor::new(len),
                )));
            state.store(ctx, id);
        }
    }
}

/// Selects the whole text of a field that has just got the keyboard by Tab (as in
/// any office program): typing then replaces a kept village or department.
fn select_on_tab(ui: &egui::Ui, form: &EntryForm, field: Field, r: &egui::Response) {
    // egui hands the focus on during the frame of the Tab itself (or the next one).
    let tabbed = form.tabbed || ui.input(|i| i.key_pressed(Key::Tab));
    if r.gained_focus() && tabbed {
        let len = form.draft.text(field).chars().count();
        let id = field_id(field);
        let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(len),
            )));
        state.store(ui.ctx(), id);
        ui.ctx().request_repaint();
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

/// A field's message in the user's language. A text that is not a number or a date says
/// what was typed and what would be accepted.
fn field_message(e: &FieldError, typed: &str, lang: Lang) -> String {
    let examples = match (e.field, &e.problem) {
        (Field::Value | Field::Delivered, Problem::NotANumber) => Some(words::FORM_MONEY_EXAMPLES),
        (Field::Quantity, Problem::NotANumber) => Some(words::FORM_QUANTITY_EXAMPLES),
        (Field::Households | Field::Persons | Field::PersonTimes, Problem::NotANumber) => {
            Some(words::FORM_COUNT_EXAMPLES)
        }
        (Field::Date, Problem::BadDate) => Some(words::FORM_DATE_EXAMPLES),
        _ => None,
    };
    match examples {
        Some(x) => words::form_rejected(lang, e.field.label(lang), typed.trim(), x.get(lang)),
        None => e.message(lang),
    }
}

/// Shows the form; pushes commands (save, new village …) into `cmds`.
///
/// Keyboard: one Tab order through the fields as shown (日期, 村, 部门, 帮扶形式 (←/→),
/// 类别, …, 保存); suggestions open under a name field as it is typed and are picked with
/// ↑/↓ and Enter, never by Tab; Enter elsewhere saves; Esc starts afresh. Nothing in the
/// form moves as suggestions or messages come and go: suggestions float over the form,
/// the line under 村 and 部门 is always there, and messages go below the buttons.
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
    if env.editable {
        form.apply_focus(ui.ctx());
    } else {
        form.focus = None;
    }

    let result = form.build(ledger, env.now);
    let errors: Vec<FieldError> = result.as_ref().err().cloned().unwrap_or_default();
    // The period lock (结账): an entry dated inside it (as typed, or as it was) is not
    // saved; the message names the lock and stays under 保存.
    let locked: Option<String> = match (&result, ledger.lock.as_deref()) {
        (Ok(edit), Some(lock)) => crate::ledger::lock::refused_date(edit, lock).map(|date| {
            crate::ledger::lock::Refusal {
                lock: lock.clone(),
                date,
            }
            .message(lang)
        }),
        _ => None,
    };
    // Empty required fields only complain after a save was tried.
    let attempted = form.attempted;
    let shown: Vec<String> = errors
        .iter()
        .filter(|e| attempted || e.problem != Problem::Empty)
        .filter(|e| e.field != Field::Delivered || form.draft.pledged)
        .map(|e| field_message(e, form.draft.text(e.field), lang))
        .collect();
    let mut enter = false;
    let field_width = (ui.available_width() - 90.0).max(120.0);

    ui.add_enabled_ui(env.editable, |ui| {
        egui::Grid::new("entry_form_grid")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for f in &ENTRY_FIELDS {
                    // A field that does not apply is empty (the entry would be refused).
                    if !applies(f.field, &form.draft) && !form.draft.text(f.field).is_empty() {
                        form.draft.set(f.field, String::new());
                    }
                    match f.field {
                        // Shown under the value, for a pledge.
                        Field::Delivered => continue,
                        Field::Source | Field::Trainees => {
                            let text = form_label(f, lang);
                            ui.label(&text);
                            let on = applies(f.field, &form.draft);
                            // A vertical child (not `add_enabled_ui`'s scope) so that a
                            // wrapped second line of choices makes the grid row taller.
                            ui.vertical(|ui| {
                                if !on {
                                    ui.disable();
                                }
                                let typed = form.draft.text(f.field).to_string();
                                let id = (field_id(f.field), text.as_str());
                                let picked = if f.field == Field::Source {
                                    let now = Source::parse(&typed).unwrap_or(Source::Direct);
                                    choice_ui(ui, id, Some(now), &Source::ALL, &|s: Source| {
                                        s.label(lang)
                                    })
                                    .filter(|s| *s != now)
                                    .map(|s| s.label(Lang::Zh))
                                } else {
                                    let now = TraineeGroup::parse(&typed);
                                    choice_ui(
                                        ui,
                                        id,
                                        now,
                                        &TraineeGroup::ALL,
                                        &|g: TraineeGroup| g.label(lang),
                                    )
                                    .filter(|g| Some(*g) != now)
                                    .map(|g| g.label(Lang::Zh))
                                };
                                if on && let Some(p) = picked {
                                    form.draft.set(f.field, p.to_string());
                                }
                            });
                            ui.end_row();
                            continue;
                        }
                        Field::Kind => {
                            let text = form_label(f, lang);
                            ui.label(&text);
                            form.draft.kind = choice_ui(
                                ui,
                                (field_id(Field::Kind), &text),
                                form.draft.kind,
                                &Kind::ALL,
                                &|k: Kind| k.label(lang),
                            );
                            ui.end_row();
                            continue;
                        }
                        _ => {}
                    }
                    let label = if matches!(f.field, Field::Village | Field::Department) {
                        // Beside its field, not beside the line kept under it.
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            ui.add_space(3.0);
                            ui.label(form_label(f, lang))
                        })
                        .inner
                    } else {
                        ui.label(form_label(f, lang))
                    };
                    ui.vertical(|ui| match f.field {
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
                        Field::Channel => {
                            let mut channels: Vec<&str> = CHANNEL_SUGGESTIONS.to_vec();
                            for e in ledger.entries.iter().rev().take(2_000) {
                                if !e.channel.is_empty() && !channels.contains(&e.channel.as_str())
                                {
                                    channels.push(&e.channel);
                                }
                            }
                            let complete = |t: &str| unique_part(&channels, t);
                            let on = applies(Field::Channel, &form.draft);
                            ui.add_enabled_ui(on, |ui| {
                                enter |= name_field_ui(
                                    ui,
                                    form,
                                    (Suggest::Channel, label.id, field_width),
                                    &channels,
                                    &complete,
                                );
                            });
                        }
                        Field::Giver => {
                            let on = applies(Field::Giver, &form.draft);
                            ui.add_enabled_ui(on, |ui| {
                                enter |= plain_field_ui(ui, form, f, (label.id, field_width), lang);
                            });
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
                            ui.horizontal(|ui| {
                                enter |= text_field_ui(
                                    ui,
                                    form,
                                    Field::Value,
                                    (label.id, 130.0),
                                    words::FORM_VALUE_HINT.get(lang),
                                );
                                // What the amount was read as, beside it (no jump).
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
                            });
                        }
                        _ => enter |= plain_field_ui(ui, form, f, (label.id, field_width), lang),
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
                            enter |= text_field_ui(
                                ui,
                                form,
                                Field::Delivered,
                                (label.id, 130.0),
                                field_words::YUAN.get(lang),
                            );
                            ui.end_row();
                        }
                    }
                }
            });

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let why_not = save_blocker(&errors, lang).or_else(|| locked.clone());
            let save = ui
                .add_enabled(why_not.is_none(), egui::Button::new(words::SAVE.get(lang)))
                .on_disabled_hover_text(why_not.clone().unwrap_or_default());
            let cancel = ui.button(words::CANCEL.get(lang));
            if cancel.clicked() {
                form.start_new(env.today);
            }
            if save.clicked() || enter {
                form.attempted = true;
                if let Ok(edit) = &result
                    && locked.is_none()
                {
                    form.submitted = edit.touched_entry();
                    cmds.push(Command::Edit(edit.clone()));
                }
            }
        });
        let messages = ui.scope(|ui| {
            if let Some(why) = save_blocker(&errors, lang) {
                ui.label(RichText::new(why).small().color(ui.visuals().warn_fg_color));
            }
            // Each field's message, below the buttons: the fields above never move.
            for m in shown {
                message_ui(ui, Some(m));
            }
            message_ui(ui, locked.clone());
        });
        // Enter that could not save: bring the reasons into view (a small screen
        // scrolls the form).
        if enter && (result.is_err() || locked.is_some()) {
            messages.response.scroll_to_me(Some(egui::Align::Max));
        }
    });
    if env.editable && ui.input(|i| i.key_pressed(Key::Escape)) {
        form.start_new(env.today);
    }
    form.tabbed = ui.input(|i| i.key_pressed(Key::Tab));
    if form.tabbed {
        // The field that gets the keyboard selects its text on the next frame.
        ui.ctx().request_repaint();
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
        Field::Giver => words::FORM_GIVER_HINT.get(lang),
        Field::Quantity => "32",
        _ => "",
    }
}

/// A choice among a few values (帮扶形式): one Tab stop for the group; ←/→ (or ↑/↓)
/// change it while it has the keyboard, a click picks one. Returns the choice.
fn choice_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    (id, label): (egui::Id, &str),
    current: Option<T>,
    all: &[T],
    name: &dyn Fn(T) -> &'static str,
) -> Option<T> {
    let mut chosen = current;
    if ui.memory(|m| m.has_focus(id)) && !all.is_empty() {
        // The arrows are the group's: egui would otherwise move the focus with them.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    ..Default::default()
                },
            );
        });
        let step = ui.input_mut(|i| {
            let back = i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft)
                || i.consume_key(egui::Modifiers::NONE, Key::ArrowUp);
            let on = i.consume_key(egui::Modifiers::NONE, Key::ArrowRight)
                || i.consume_key(egui::Modifiers::NONE, Key::ArrowDown);
            i32::from(on) - i32::from(back)
        });
        if step != 0 {
            let n = all.len() as i32;
            let at = chosen
                .and_then(|c| all.iter().position(|x| *x == c))
                .map_or(if step > 0 { -1 } else { 0 }, |p| p as i32);
            chosen = Some(all[(at + step).rem_euclid(n) as usize]);
        }
    }
    // Inside a vertical child: a grid cell counts only the first line of a bare
    // `horizontal_wrapped`, and its second line then covers the next row.
    let row = ui.vertical(|ui| {
        ui.horizontal_wrapped(|ui| {
            for &v in all {
                let r = ui.add(
                    egui::Button::selectable(chosen == Some(v), name(v)).sense(egui::Sense::CLICK),
                );
                if r.clicked() {
                    chosen = Some(v);
                    ui.memory_mut(|m| m.request_focus(id));
                }
            }
        });
    });
    let rect = row.response.rect;
    // The group is the one focusable widget; the buttons under it take the clicks.
    let group = ui.interact(rect, id, egui::Sense::FOCUSABLE);
    let value = chosen.map(name).unwrap_or_default();
    let enabled = ui.is_enabled();
    group.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::RadioGroup, enabled, label);
        info.current_text_value = Some(value.to_string());
        info
    });
    if group.has_focus() {
        ui.painter().rect_stroke(
            rect.expand(2.0),
            3.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
    chosen
}

/// 日期: typed, or picked from a calendar. The calendar button is for the mouse: when
/// Tab lands on it, the keyboard goes on to the next field (or back, with Shift).
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
                    .id(field_id(Field::Date))
                    .desired_width(100.0)
                    .hint_text("2020-06-05"),
            )
            .labelled_by(label);
        if r.gained_focus() {
            form.suggest = None;
        }
        select_on_tab(ui, form, Field::Date, &r);
        enter = submitted(ui, &r);
        let mut picked = to_jiff(parse_date(form.draft.text(Field::Date)).unwrap_or(today));
        let before = picked;
        let button = ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt("entry_date_picker")
                .show_icon(false)
                .calendar_week(false),
        );
        if button.gained_focus() {
            let back = ui.input(|i| i.modifiers.shift);
            let to = if back { Field::Date } else { Field::Village };
            ui.memory_mut(|m| m.request_focus(field_id(to)));
            form.focus = Some(FocusRequest {
                field: to,
                select_all: true,
            });
        }
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
    let r = text_input_ui(ui, form, f.field, (label, width), hint(f.field, lang));
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
                .id(field_id(field))
                .desired_width(width)
                .hint_text(hint.to_string()),
        )
        .labelled_by(label);
    if r.gained_focus() {
        form.suggest = None;
    }
    select_on_tab(ui, form, field, &r);
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

/// A village or department: its name with suggestions, and on a line that is always
/// there (so nothing below moves) what a part of a name is taken as, or a button that
/// creates a name the ledger does not have. After creating, the keyboard goes on to the
/// next field.
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
    let line = egui::vec2(width, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        line,
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_size(line);
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
                    if let Some(next) = next_field(field, &form.draft) {
                        form.focus = Some(FocusRequest {
                            field: next,
                            select_all: true,
                        });
                    }
                }
            }
        },
    );
    enter
}

fn draft_text(draft: &mut Draft, which: Suggest) -> &mut String {
    draft.text_mut(which.field())
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

/// The names offered for a typed text: those containing it (any case), or all of them
/// when nothing or a whole name is typed.
fn suggestions<'n>(names: &[&'n str], typed: &str) -> Vec<&'n str> {
    let typed = typed.trim().to_lowercase();
    let exact = names.iter().any(|n| n.to_lowercase() == typed);
    // A whole name first, so ↓ Enter keeps it.
    let mut hits: Vec<&str> = names
        .iter()
        .filter(|n| n.to_lowercase() == typed)
        .copied()
        .collect();
    hits.extend(
        names
            .iter()
            .filter(|n| n.to_lowercase() != typed)
            .filter(|n| typed.is_empty() || exact || n.to_lowercase().contains(&typed))
            .copied(),
    );
    hits.truncate(MAX_SUGGESTIONS);
    hits
}

/// A text field whose typing opens a list of matching names in a popup under it (over
/// the form, so nothing moves). ↓/↑ highlight a name, Enter takes the highlighted one
/// and goes on to the next field, Esc closes the list, a click takes a name. Tab takes
/// nothing: it leaves the field, and the text is completed only to the one name the
/// name rule (`complete`) finds for it.
fn name_field_ui(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    (which, label, width): (Suggest, egui::Id, f32),
    names: &[&str],
    complete: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let field = which.field();
    let id = field_id(field);
    let focused = ui.memory(|m| m.has_focus(id));
    let open = form.suggest == Some(which);
    let typed = draft_text(&mut form.draft, which).clone();
    let hits = suggestions(names, &typed);
    let exact = names.iter().any(|n| *n == typed.trim());
    let mut picked: Option<String> = None;
    if focused && !hits.is_empty() {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                form.suggest = Some(which);
                form.highlight = Some(form.highlight.map_or(0, |h| (h + 1).min(hits.len() - 1)));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                form.highlight = form.highlight.and_then(|h| h.checked_sub(1));
            }
            if let Some(h) = form.highlight
                && let Some(name) = hits.get(h)
                && i.consume_key(egui::Modifiers::NONE, Key::Enter)
            {
                picked = Some((*name).to_string());
            }
            if open && i.consume_key(egui::Modifiers::NONE, Key::Escape) {
                form.suggest = None;
                form.highlight = None;
            }
        });
    }
    let r = ui
        .add(
            egui::TextEdit::singleline(draft_text(&mut form.draft, which))
                .id(id)
                .desired_width(width),
        )
        .labelled_by(label);
    if r.gained_focus() {
        form.suggest = Some(which);
        form.highlight = None;
    }
    select_on_tab(ui, form, field, &r);
    if r.has_focus() {
        // ↑/↓ go through the list (egui would move the focus with them), and Esc closes
        // an open list without leaving the field.
        let escape = form.suggest == Some(which);
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape,
                    ..Default::default()
                },
            );
        });
    }
    if r.changed() {
        form.suggest = Some(which);
        form.highlight = None;
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
        // A click in the list takes the keyboard from the field: keep the list for it.
        let in_list = ui
            .ctx()
            .pointer_latest_pos()
            .zip(form.popup_rect)
            .is_some_and(|(p, rect)| rect.contains(p));
        if form.suggest == Some(which) && !in_list {
            form.suggest = None;
            form.highlight = None;
        }
    }
    // The list shows while the field is typed in (not for a whole name, unless ↓ asked).
    let show = form.suggest == Some(which)
        && !hits.is_empty()
        && (!exact || form.highlight.is_some())
        && picked.is_none();
    if show {
        let area = egui::Area::new(id.with("suggestions"))
            .kind(egui::UiKind::Popup)
            .order(egui::Order::Foreground)
            .fixed_pos(r.rect.left_bottom())
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_min_width(width.max(80.0));
                    for (i, name) in hits.iter().enumerate() {
                        // Clickable, never a Tab stop.
                        let b = ui.add(
                            egui::Button::selectable(form.highlight == Some(i), *name)
                                .sense(egui::Sense::CLICK),
                        );
                        if b.clicked() {
                            picked = Some((*name).to_string());
                        }
                    }
                });
            });
        form.popup_rect = Some(area.response.rect);
    } else if form.suggest.is_none() {
        form.popup_rect = None;
    }
    if let Some(name) = picked {
        *draft_text(&mut form.draft, which) = name;
        form.suggest = None;
        form.highlight = None;
        form.popup_rect = None;
        if let Some(next) = next_field(field, &form.draft) {
            form.focus = Some(FocusRequest {
                field: next,
                select_all: true,
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
