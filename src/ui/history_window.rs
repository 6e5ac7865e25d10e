//! 修改记录 (the edit history): every edit on record, newest first, with who, when and
//! what (field: old → new), filtered by entry, village, person, date and text; from any
//! edit, the ledger as it was right after it (read-only, printable) or a restore to it.
//! Also the questions asked before a restore and before recovering a damaged journal.
//!
//! The history is read by a job (the journal and the history folder are files); its rows
//! are built there once ([`HistoryList::build`]), so filtering 100,000 edits only scans
//! prepared rows, and only when the filter changes. The table draws only the visible
//! rows. Nothing here does I/O: the window returns [`HistoryCommand`]s.

use super::commands::Command;
use super::ledger_view::{LedgerView, filter_bar_ui, ledger_table_ui};
use super::print_dialog::ReportKind;
use super::totals_view::{TotalsView, totals_ui};
use crate::i18n::{Lang, history as words, ui as ui_words};
use crate::ledger::changes;
use crate::ledger::money::group_count;
use crate::ledger::validate::parse_date;
use crate::ledger::{Edit, EntryId, Ledger, VillageId};
use crate::store::journal::Record;
use chrono::NaiveDate;
use eframe::egui::{self, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;
use std::sync::Arc;

/// What the history's windows ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum HistoryCommand {
    /// Open the window, on one entry's edits when given.
    Open(Option<EntryId>),
    /// Read the history again (the ledger changed since it was read).
    Reload,
    /// Work out the ledger as it was right after this edit, and show it.
    ViewAsOf(u64),
    /// Work out a restore to just after this edit, then ask.
    AskRestore(u64),
    /// The user confirmed the restore.
    ConfirmRestore,
    /// The user declined it.
    CancelRestore,
    /// Write a report (PDF or workbook) of the ledger as it was.
    WriteAsOf(ReportKind),
    /// Close the window of the ledger as it was.
    CloseAsOf,
    /// Count what recovering a damaged journal would lose, then ask.
    AskRecover,
    /// The user confirmed the recovery.
    ConfirmRecover,
    /// The user declined it.
    CancelRecover,
}

/// One line of the list, prepared once when the history is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    /// The edit's number.
    pub seq: u64,
    /// The day it was saved (where it was saved).
    pub date: NaiveDate,
    /// When, `2020-06-30 14:02:05`.
    pub time: String,
    /// Who: `user@host`.
    pub by: String,
    /// What, in words (`修改 化肥`).
    pub action: String,
    /// The fields, `金额：4,000.00 → 5,000.00；备注：… → …`.
    pub detail: String,
    /// The entries it is about, sorted.
    pub entries: Vec<EntryId>,
    /// The villages it is about, sorted.
    pub villages: Vec<VillageId>,
    /// Its text in lower case, for the 查找 filter.
    folded: String,
}

impl HistoryRow {
    /// The row of one record; names of villages, departments and categories from `names`.
    pub fn of(r: &Record, names: &Ledger, lang: Lang) -> HistoryRow {
        let time = r.at.format("%Y-%m-%d %H:%M:%S").to_string();
        let action = r.edit.describe(lang);
        let detail = changes::detail_named(&r.edit, names, lang);
        let folded = format!("{} {} {action} {detail}", r.seq, r.by).to_lowercase();
        HistoryRow {
            seq: r.seq,
            date: r.at.date_naive(),
            time,
            by: r.by.clone(),
            action,
            detail,
            entries: changes::entries_touched(&r.edit),
            villages: changes::villages_touched(&r.edit),
            folded,
        }
    }

    /// The time to the minute, as a title says it (`2020-06-30 14:02`).
    pub fn minute(&self) -> &str {
        self.time.get(..16).unwrap_or(&self.time)
    }
}

/// The history as read: every record (restore and view-as-of undo them) and its rows.
#[derive(Debug)]
pub struct HistoryList {
    /// The records, oldest first.
    pub records: Vec<Record>,
    /// Their rows, in the same order.
    pub rows: Vec<HistoryRow>,
    /// Everyone who made an edit, sorted.
    pub people: Vec<String>,
    /// The rows of each entry's edits, oldest first (the 条目编号 filter).
    by_entry: HashMap<EntryId, Vec<usize>>,
    /// The document's generation it was read for: the last record is the ledger as it is
    /// only while the generation is the same.
    pub generation: u64,
    /// The language of the rows' words.
    pub lang: Lang,
}

impl HistoryList {
    /// Prepares the rows of `records` (oldest first), read for the document's
    /// `generation`; names from `names`.
    pub fn build(records: Vec<Record>, generation: u64, names: &Ledger, lang: Lang) -> HistoryList {
        let rows: Vec<HistoryRow> = records
            .iter()
            .map(|r| HistoryRow::of(r, names, lang))
            .collect();
        let mut people: Vec<String> = rows.iter().map(|r| r.by.clone()).collect();
        people.sort_unstable();
        people.dedup();
        let mut by_entry: HashMap<EntryId, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            for id in &r.entries {
                by_entry.entry(*id).or_default().push(i);
            }
        }
        HistoryList {
            records,
            rows,
            people,
            by_entry,
            generation,
            lang,
        }
    }

    /// The last edit's number (0: none on record).
    pub fn last_seq(&self) -> u64 {
        self.records.last().map_or(0, |r| r.seq)
    }

    /// The row of edit `seq`.
    pub fn row(&self, seq: u64) -> Option<&HistoryRow> {
        self.rows
            .binary_search_by_key(&seq, |r| r.seq)
            .ok()
            .map(|i| &self.rows[i])
    }

    /// The rows a filter lets through, newest first (indexes into `rows`).
    pub fn matching(&self, f: &Filter) -> Vec<usize> {
        let pass = |i: &usize| f.matches(&self.rows[*i]);
        match f.entry {
            // One entry's edits from the index, not a scan of every row.
            Some(id) => self.by_entry.get(&id).map_or(Vec::new(), |rows| {
                rows.iter().rev().copied().filter(pass).collect()
            }),
            None => (0..self.rows.len()).rev().filter(pass).collect(),
        }
    }

    /// Every edit on record as `(seq, edit)`, oldest first.
    pub fn edits(&self) -> impl Iterator<Item = (u64, &Edit)> {
        self.records.iter().map(|r| (r.seq, &r.edit))
    }
}

/// What a history job brings back.
#[derive(Debug)]
pub enum HistoryDone {
    /// The history was read.
    Read(Arc<HistoryList>),
    /// A moment was worked out (to show it, or to ask before restoring it).
    Planned {
        /// For a restore (else to show).
        restore: bool,
        /// The edit's row.
        row: Box<HistoryRow>,
        /// The document generation it was worked out for.
        generation: u64,
        /// The ledger then and the edit back to it, or why not.
        result: Result<Box<Moment>, String>,
    },
    /// A damaged journal was looked at.
    Checked {
        /// The last good edit.
        good: u64,
        /// The first bad line.
        line: usize,
        /// How many lines from the bad one on, or why the journal could not be read.
        result: Result<usize, String>,
    },
    /// A damaged journal was recovered (or not), then the ledger opened again.
    Recovered {
        /// The ledger file.
        path: std::path::PathBuf,
        /// The last good edit.
        good: u64,
        /// Done, or why not.
        recovered: Result<(), String>,
        /// The ledger opened again.
        opened: Result<
            Box<(crate::store::Store, Ledger, crate::store::OpenNotes)>,
            crate::store::StoreError,
        >,
    },
}

/// The ledger as it was right after an edit, and the edit that brings it back.
#[derive(Clone, Debug)]
pub struct Moment {
    /// The ledger then.
    pub ledger: Ledger,
    /// The edit from the ledger now back to then (`None`: then is now, the last edit).
    pub edit: Option<Edit>,
    /// How many edits it undoes.
    pub undone: usize,
    /// How many entries differ between now and then.
    pub entries: usize,
}

impl Moment {
    /// Works out the ledger right after edit `seq` from the ledger `now` and its history
    /// (the same restore edit as `bangfu restore --to SEQ`), or says why it cannot.
    pub fn work_out(
        now: &Ledger,
        list: &HistoryList,
        seq: u64,
        lang: Lang,
    ) -> Result<Moment, String> {
        let last = list.last_seq();
        if seq == last {
            return Ok(Moment {
                ledger: now.clone(),
                edit: None,
                undone: 0,
                entries: 0,
            });
        }
        let (edit, undone) =
            changes::restore_edit(list.edits(), seq, last).map_err(|e| e.message(lang))?;
        let mut then = now.clone();
        then.apply(&edit).map_err(|e| e.message(lang))?;
        let entries = changes::entries_changed(now, &then);
        Ok(Moment {
            ledger: then,
            edit: Some(edit),
            undone,
            entries,
        })
    }
}

/// The filter bar as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterText {
    /// 条目编号, as typed.
    pub entry: String,
    /// 涉及的村.
    pub village: Option<VillageId>,
    /// 修改人 (`user@host`).
    pub person: Option<String>,
    /// 修改日期从, as typed.
    pub from: String,
    /// 至, as typed.
    pub to: String,
    /// 查找.
    pub text: String,
}

/// The filter as read from [`FilterText`]; a part that does not read is left out and
/// its message kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only edits of this entry.
    pub entry: Option<EntryId>,
    /// Only edits about this village.
    pub village: Option<VillageId>,
    /// Only edits by this `user@host`.
    pub person: Option<String>,
    /// Only edits on or after this day.
    pub from: Option<NaiveDate>,
    /// Only edits on or before this day.
    pub to: Option<NaiveDate>,
    /// Only rows holding this text (lower case).
    pub text: String,
    /// Why a typed part was not read.
    pub errors: Vec<String>,
}

impl FilterText {
    /// Reads the typed parts; a bad one is named in `errors` and filters nothing.
    pub fn read(&self, lang: Lang) -> Filter {
        let mut errors = Vec::new();
        let entry = match self.entry.trim() {
            "" => None,
            t => match crate::ledger::money::normalize_number(t)
                .trim()
                .parse::<u64>()
            {
                Ok(n) => Some(EntryId(n)),
                Err(_) => {
                    errors.push(words::bad_entry_id(lang, t));
                    None
                }
            },
        };
        let mut date = |text: &str, label: &str| match text.trim() {
            "" => None,
            t => match parse_date(t) {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(words::bad_date(lang, label, t));
                    None
                }
            },
        };
        let from = date(&self.from, words::FILTER_FROM.get(lang));
        let to = date(&self.to, words::FILTER_TO.get(lang));
        Filter {
            entry,
            village: self.village,
            person: self.person.clone(),
            from,
            to,
            text: self.text.trim().to_lowercase(),
            errors,
        }
    }
}

impl Filter {
    /// True when the row passes every part of the filter.
    pub fn matches(&self, r: &HistoryRow) -> bool {
        self.entry
            .is_none_or(|id| r.entries.binary_search(&id).is_ok())
            && self
                .village
                .is_none_or(|v| r.villages.binary_search(&v).is_ok())
            && self.person.as_ref().is_none_or(|p| r.by == *p)
            && self.from.is_none_or(|d| r.date >= d)
            && self.to.is_none_or(|d| r.date <= d)
            && (self.text.is_empty() || r.folded.contains(&self.text))
    }
}

/// The 修改记录 window.
#[derive(Debug)]
pub struct HistoryWindow {
    /// False once the user closed it.
    pub open: bool,
    /// The filter bar.
    pub filter: FilterText,
    /// The selected edit.
    pub selected: Option<u64>,
    /// The history as last read (`None`: being read).
    pub list: Option<Arc<HistoryList>>,
    /// A job is reading the history.
    pub loading: bool,
    /// How many times a list was taken (the index is rebuilt for a new one).
    loads: u64,
    index: Vec<usize>,
    errors: Vec<String>,
    built_for: Option<(FilterText, u64)>,
}

impl HistoryWindow {
    /// The window, on one entry's edits when given.
    pub fn new(entry: Option<EntryId>) -> HistoryWindow {
        HistoryWindow {
            open: true,
            filter: FilterText {
                entry: entry.map_or(String::new(), |id| id.0.to_string()),
                ..FilterText::default()
            },
            selected: None,
            list: None,
            loading: false,
            loads: 0,
            index: Vec::new(),
            errors: Vec::new(),
            built_for: None,
        }
    }

    /// Takes a freshly read history.
    pub fn set_list(&mut self, list: Arc<HistoryList>) {
        self.list = Some(list);
        self.loading = false;
        self.loads += 1;
    }

    /// The history is the ledger's now (read for this generation, in this language).
    pub fn is_current(&self, generation: u64, lang: Lang) -> bool {
        self.list
            .as_ref()
            .is_some_and(|l| l.generation == generation && l.lang == lang)
    }

    /// The rows shown, newest first (indexes into the list's rows).
    pub fn shown(&self) -> &[usize] {
        &self.index
    }

    fn refresh(&mut self, lang: Lang) {
        let key = (self.filter.clone(), self.loads);
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let filter = self.filter.read(lang);
        self.index = self
            .list
            .as_ref()
            .map_or(Vec::new(), |l| l.matching(&filter));
        self.errors = filter.errors;
        self.built_for = Some(key);
    }

    /// Draws the window; `ledger` is the ledger now (village names, the filtered entry),
    /// `editable` allows a restore.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        ledger: &Ledger,
        editable: bool,
    ) -> Vec<HistoryCommand> {
        let mut cmds = Vec::new();
        self.refresh(lang);
        let mut open = self.open;
        egui::Window::new(words::TITLE.get(lang))
            .id(egui::Id::unique("history_window"))
            .open(&mut open)
            .default_size([980.0, 520.0])
            .resizable(true)
            .show(ctx, |ui| {
                self.filter_ui(ui, lang, ledger);
                for e in &self.errors {
                    ui.label(RichText::new(e).color(ERROR_TEXT));
                }
                self.actions_ui(ui, lang, editable, &mut cmds);
                ui.separator();
                match &self.list {
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(words::JOB_READING.get(lang));
                        });
                    }
                    Some(list) if list.rows.is_empty() => {
                        ui.label(RichText::new(crate::i18n::store::NO_HISTORY.get(lang)).weak());
                    }
                    Some(list) => {
                        let list = Arc::clone(list);
                        self.table_ui(ui, &list, lang, editable, &mut cmds);
                    }
                }
            });
        self.open = open;
        self.refresh(lang);
        cmds
    }

    fn filter_ui(&mut self, ui: &mut egui::Ui, lang: Lang, ledger: &Ledger) {
        let f = &mut self.filter;
        let all = ui_words::ALL.get(lang);
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(words::FILTER_ENTRY.get(lang));
            ui.add(
                egui::TextEdit::singleline(&mut f.entry)
                    .hint_text(words::ENTRY_HINT.get(lang))
                    .desired_width(64.0),
            )
            .labelled_by(label.id);
            if let Ok(n) = f.entry.trim().parse::<u64>() {
                let what = ledger.entry(EntryId(n)).map_or_else(
                    || words::ENTRY_GONE.get(lang).to_string(),
                    |e| words::entry_is(lang, &e.what),
                );
                ui.label(RichText::new(what).weak());
            }
            let label = ui.label(words::FILTER_VILLAGE.get(lang));
            super::ledger_view::village_combo(ui, "history_village", ledger, &mut f.village, all)
                .labelled_by(label.id);
            let label = ui.label(words::FILTER_PERSON.get(lang));
            let people = self.list.as_ref().map_or(&[][..], |l| &l.people[..]);
            egui::ComboBox::from_id_salt("history_person")
                .selected_text(f.person.as_deref().unwrap_or(all))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.person, None, all);
                    for p in people {
                        ui.selectable_value(&mut f.person, Some(p.clone()), p);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            for (text, word, width) in [
                (&mut f.from, words::FILTER_FROM, 96.0),
                (&mut f.to, words::FILTER_TO, 96.0),
            ] {
                let label = ui.label(word.get(lang));
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text(words::DATE_HINT.get(lang))
                        .desired_width(width),
                )
                .labelled_by(label.id);
            }
            let label = ui.label(words::FILTER_TEXT.get(lang));
            ui.add(egui::TextEdit::singleline(&mut f.text).desired_width(160.0))
                .labelled_by(label.id);
            if *f != FilterText::default()
                && ui.button(ui_words::TABLE_CLEAR_FILTER.get(lang)).clicked()
            {
                *f = FilterText::default();
            }
        });
    }

    fn actions_ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        editable: bool,
        cmds: &mut Vec<HistoryCommand>,
    ) {
        ui.horizontal(|ui| {
            if let Some(list) = &self.list {
                ui.strong(words::shown_of(
                    lang,
                    &group_count(self.index.len() as u64),
                    &group_count(list.rows.len() as u64),
                ));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let selected = self
                    .selected
                    .filter(|s| self.list.as_ref().is_some_and(|l| l.row(*s).is_some()));
                let last = self.list.as_ref().map_or(0, |l| l.last_seq());
                let restore = ui
                    .add_enabled(
                        editable && selected.is_some_and(|s| s < last),
                        egui::Button::new(words::RESTORE_HERE.get(lang)),
                    )
                    .on_hover_text(words::RESTORE_HERE_TIP.get(lang))
                    .on_disabled_hover_text(if selected == Some(last) {
                        words::RESTORE_LATEST.get(lang)
                    } else {
                        words::RESTORE_HERE_TIP.get(lang)
                    });
                if let (true, Some(s)) = (restore.clicked(), selected) {
                    cmds.push(HistoryCommand::AskRestore(s));
                }
                let view = ui
                    .add_enabled(
                        selected.is_some(),
                        egui::Button::new(words::VIEW_AS_OF.get(lang)),
                    )
                    .on_hover_text(words::VIEW_AS_OF_TIP.get(lang));
                if let (true, Some(s)) = (view.clicked(), selected) {
                    cmds.push(HistoryCommand::ViewAsOf(s));
                }
            });
        });
    }

    fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        list: &HistoryList,
        lang: Lang,
        editable: bool,
        cmds: &mut Vec<HistoryCommand>,
    ) {
        ui.style_mut().interaction.selectable_labels = false;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let last = list.last_seq();
        let mut clicked = None;
        TableBuilder::new(ui)
            .id_salt("history_table")
            .striped(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(56.0).at_least(40.0).clip(true))
            .column(
                Column::initial(140.0)
                    .at_least(80.0)
                    .clip(true)
                    .resizable(true),
            )
            .column(
                Column::initial(150.0)
                    .at_least(60.0)
                    .clip(true)
                    .resizable(true),
            )
            .column(
                Column::initial(170.0)
                    .at_least(60.0)
                    .clip(true)
                    .resizable(true),
            )
            .column(Column::remainder().at_least(160.0).clip(true))
            .min_scrolled_height(0.0)
            .auto_shrink([false, false])
            .header(row_height + 2.0, |mut header| {
                for w in [
                    words::COL_SEQ,
                    words::COL_TIME,
                    words::COL_BY,
                    words::COL_ACTION,
                    words::COL_DETAIL,
                ] {
                    header.col(|ui| {
                        ui.strong(w.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.index.len(), |mut row| {
                    let Some(r) = self.index.get(row.index()).and_then(|&i| list.rows.get(i))
                    else {
                        return;
                    };
                    row.set_selected(self.selected == Some(r.seq));
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(r.seq.to_string());
                        });
                    });
                    row.col(|ui| {
                        ui.label(&r.time);
                    });
                    row.col(|ui| {
                        ui.label(&r.by);
                    });
                    row.col(|ui| {
                        ui.label(&r.action);
                    });
                    row.col(|ui| {
                        ui.label(&r.detail).on_hover_text(&r.detail);
                    });
                    let response = row.response();
                    if response.double_clicked() {
                        cmds.push(HistoryCommand::ViewAsOf(r.seq));
                    }
                    if response.clicked() || response.secondary_clicked() {
                        clicked = Some(r.seq);
                    }
                    response.context_menu(|ui| {
                        if ui.button(words::VIEW_AS_OF.get(lang)).clicked() {
                            cmds.push(HistoryCommand::ViewAsOf(r.seq));
                            ui.close();
                        }
                        let can = editable && r.seq < last;
                        if ui
                            .add_enabled(can, egui::Button::new(words::RESTORE_HERE.get(lang)))
                            .clicked()
                        {
                            cmds.push(HistoryCommand::AskRestore(r.seq));
                            ui.close();
                        }
                    });
                });
            });
        if clicked.is_some() {
            self.selected = clicked;
        }
    }
}

const ERROR_TEXT: Color32 = Color32::from_rgb(200, 40, 40);

/// The ledger as it was right after an edit, shown read-only: its table (with the filter
/// bar) and its totals, and buttons to print or export it.
#[derive(Debug)]
pub struct AsOfWindow {
    /// The edit it follows.
    pub seq: u64,
    /// When that edit was saved, to the minute.
    pub time: String,
    /// Who saved it.
    pub by: String,
    /// The ledger then.
    pub ledger: Arc<Ledger>,
    /// Showing the totals (else the table).
    pub totals: bool,
    ledger_view: LedgerView,
    totals_view: TotalsView,
    columns: Option<Vec<String>>,
    /// A document of its own for the views' caches (this ledger never changes).
    version: super::document::Version,
}

impl AsOfWindow {
    /// The window over `ledger`, the ledger right after edit `seq`; its table shows the
    /// columns chosen for the main table.
    pub fn new(row: &HistoryRow, ledger: Arc<Ledger>, columns: Option<Vec<String>>) -> AsOfWindow {
        AsOfWindow {
            seq: row.seq,
            time: row.minute().to_string(),
            by: row.by.clone(),
            ledger,
            totals: false,
            version: super::document::Version {
                doc: super::document::ChangeLog::new().doc(),
                generation: 1,
            },
            ledger_view: LedgerView::default(),
            totals_view: TotalsView::default(),
            columns,
        }
    }

    /// The window's title: `2020-06-30 14:02 时的台账（只读）`.
    pub fn title(&self, lang: Lang) -> String {
        words::as_of_title(lang, &self.time)
    }

    /// Draws the window; nothing in it changes the ledger.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        today: NaiveDate,
    ) -> Vec<HistoryCommand> {
        let mut cmds = Vec::new();
        let mut open = true;
        egui::Window::new(self.title(lang))
            .id(egui::Id::unique("history_as_of"))
            .open(&mut open)
            .default_size([1000.0, 560.0])
            .resizable(true)
            .show(ctx, |ui| {
                ui.label(
                    RichText::new(words::as_of_note(
                        lang,
                        self.seq,
                        &self.by,
                        self.ledger.entries.len(),
                    ))
                    .color(WARN_TEXT),
                );
                ui.horizontal(|ui| {
                    if ui
                        .selectable_label(!self.totals, ui_words::TAB_LEDGER.get(lang))
                        .clicked()
                    {
                        self.totals = false;
                    }
                    if ui
                        .selectable_label(self.totals, ui_words::TAB_TOTALS.get(lang))
                        .clicked()
                    {
                        self.totals = true;
                    }
                    ui.separator();
                    if ui.button(ui_words::PRINT_WRITE_PDF.get(lang)).clicked() {
                        cmds.push(HistoryCommand::WriteAsOf(ReportKind::Pdf));
                    }
                    if ui.button(ui_words::PRINT_EXPORT_EXCEL.get(lang)).clicked() {
                        cmds.push(HistoryCommand::WriteAsOf(ReportKind::Xlsx));
                    }
                });
                ui.separator();
                // The views' own commands (edit an entry, set a target) are dropped: this
                // ledger is read-only.
                let mut dropped: Vec<Command> = Vec::new();
                if self.totals {
                    let filter = self.ledger_view.filter.to_filter();
                    let feed = super::document::Feed::plain(&self.ledger, self.version);
                    totals_ui(
                        ui,
                        &mut self.totals_view,
                        &feed,
                        &filter,
                        (lang, false),
                        &mut dropped,
                    );
                } else {
                    filter_bar_ui(ui, &mut self.ledger_view, &self.ledger, lang, today);
                    let feed = super::document::Feed::plain(&self.ledger, self.version);
                    self.ledger_view.refresh(&feed);
                    ledger_table_ui(
                        ui,
                        &mut self.ledger_view,
                        &self.ledger,
                        (lang, &mut self.columns),
                        &mut dropped,
                    );
                }
            });
        if !open {
            cmds.push(HistoryCommand::CloseAsOf);
        }
        cmds
    }
}

const WARN_TEXT: Color32 = Color32::from_rgb(90, 60, 0);

/// A restore worked out and waiting for the user's answer.
#[derive(Clone, Debug)]
pub struct RestoreAsk {
    /// Back to just after this edit.
    pub seq: u64,
    /// When it was saved, to the minute.
    pub time: String,
    /// The document generation it was worked out for.
    pub generation: u64,
    /// The edit that restores.
    pub edit: Edit,
    /// How many edits it undoes.
    pub undone: usize,
    /// How many entries it changes.
    pub entries: usize,
}

/// A damaged journal's recovery, waiting for the user's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoverAsk {
    /// The last good edit.
    pub good: u64,
    /// The first bad line.
    pub line: usize,
    /// How many edits (lines) from there on are lost.
    pub lost: usize,
}

/// Asks a yes/no question in a modal window; `Some(true)` for yes.
fn confirm_ui(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    text: &str,
    (yes, no): (&str, &str),
) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(title);
        ui.label(text);
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(yes).clicked() {
                answer = Some(true);
            }
            if ui.button(no).clicked() {
                answer = Some(false);
            }
        });
    });
    answer
}

/// Everything of the history the app keeps open: the window, the ledger as it was, and
/// the questions before a restore or a recovery.
#[derive(Debug, Default)]
pub struct HistoryUi {
    /// The 修改记录 window, while open.
    pub window: Option<HistoryWindow>,
    /// The ledger as it was, while shown.
    pub as_of: Option<AsOfWindow>,
    /// A restore waiting for an answer.
    pub restore: Option<RestoreAsk>,
    /// A recovery waiting for an answer.
    pub recover: Option<RecoverAsk>,
}

impl HistoryUi {
    /// Draws what is open; returns the commands. `ledger` is the ledger now.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        (ledger, editable, today): (&Ledger, bool, NaiveDate),
    ) -> Vec<HistoryCommand> {
        let mut cmds = Vec::new();
        if let Some(w) = self.window.as_mut() {
            cmds.extend(w.show(ctx, lang, ledger, editable));
            if !w.open {
                self.window = None;
            }
        }
        if let Some(w) = self.as_of.as_mut() {
            cmds.extend(w.show(ctx, lang, today));
        }
        if let Some(ask) = &self.restore {
            let text = words::restore_confirm(lang, ask.seq, &ask.time, ask.undone, ask.entries);
            let answer = confirm_ui(
                ctx,
                "history_restore_confirm",
                words::RESTORE_CONFIRM_TITLE.get(lang),
                &text,
                (ui_words::RESTORE.get(lang), ui_words::CANCEL.get(lang)),
            );
            match answer {
                Some(true) => cmds.push(HistoryCommand::ConfirmRestore),
                Some(false) => cmds.push(HistoryCommand::CancelRestore),
                None => {}
            }
        }
        if let Some(ask) = &self.recover {
            let text = words::recover_confirm(lang, ask.good, ask.line, ask.lost);
            let answer = confirm_ui(
                ctx,
                "history_recover_confirm",
                words::RECOVER_CONFIRM_TITLE.get(lang),
                &text,
                (ui_words::RESTORE.get(lang), ui_words::CANCEL.get(lang)),
            );
            match answer {
                Some(true) => cmds.push(HistoryCommand::ConfirmRecover),
                Some(false) => cmds.push(HistoryCommand::CancelRecover),
                None => {}
            }
        }
        cmds
    }
}

/// How many edits a damaged journal loses from its first bad line on: the non-empty
/// lines from `line` (1-based) to the end.
pub fn lines_from(journal: &[u8], line: usize) -> usize {
    journal
        .split(|b| *b == b'\n')
        .skip(line.saturating_sub(1))
        .filter(|l| !l.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use chrono::{DateTime, FixedOffset};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn records(l: &Ledger) -> Vec<Record> {
        let e = l.entries[0].clone();
        let mut changed = e.clone();
        changed.what = "公厕改建".into();
        let village = l.entries[5].village;
        vec![
            Record {
                seq: 1,
                at: at("2020-06-29T09:00:00+08:00"),
                by: "王明@PC-12".into(),
                edit: Edit::UpdateEntry {
                    before: Box::new(e),
                    after: Box::new(changed),
                },
            },
            Record {
                seq: 2,
                at: at("2020-06-30T14:02:05+08:00"),
                by: "李华@PC-7".into(),
                edit: Edit::delete_entry(l.entries[5].clone()),
            },
            Record {
                seq: 3,
                at: at("2020-07-01T08:00:00+08:00"),
                by: "王明@PC-12".into(),
                edit: Edit::UpdateVillage {
                    before: l.village(village).cloned().expect("village"),
                    after: crate::ledger::Village {
                        name: "新村".into(),
                        ..l.village(village).cloned().expect("village")
                    },
                },
            },
        ]
    }

    #[test]
    fn rows_are_filtered_newest_first() {
        let l = sample_ledger();
        let list = HistoryList::build(records(&l), 1, &l, Lang::Zh);
        assert_eq!(list.people, ["李华@PC-7", "王明@PC-12"]);
        assert_eq!(list.rows[0].detail, "内容：公厕建设 → 公厕改建");
        assert_eq!(list.rows[1].time, "2020-06-30 14:02:05");
        assert_eq!(list.rows[1].minute(), "2020-06-30 14:02");
        let seqs = |f: &FilterText| -> Vec<u64> {
            list.matching(&f.read(Lang::Zh))
                .iter()
                .map(|&i| list.rows[i].seq)
                .collect()
        };
        assert_eq!(seqs(&FilterText::default()), [3, 2, 1]);
        let by_entry = FilterText {
            entry: l.entries[0].id.0.to_string(),
            ..FilterText::default()
        };
        assert_eq!(seqs(&by_entry), [1]);
        let by_person = FilterText {
            person: Some("王明@PC-12".into()),
            ..FilterText::default()
        };
        assert_eq!(seqs(&by_person), [3, 1]);
        let by_village = FilterText {
            village: Some(l.entries[5].village),
            ..FilterText::default()
        };
        let mut expect = vec![3, 2];
        if l.entries[0].village == l.entries[5].village {
            expect.push(1);
        }
        assert_eq!(seqs(&by_village), expect);
        let by_day = FilterText {
            from: "2020-06-30".into(),
            to: "2020年6月30日".into(),
            ..FilterText::default()
        };
        assert_eq!(seqs(&by_day), [2]);
        let by_text = FilterText {
            text: "改建".into(),
            ..FilterText::default()
        };
        assert_eq!(seqs(&by_text), [1]);
        // A bad part filters nothing and says why.
        let bad = FilterText {
            entry: "abc".into(),
            from: "2020-13-01".into(),
            ..FilterText::default()
        };
        let f = bad.read(Lang::Zh);
        assert_eq!(
            f.errors,
            [
                "条目编号：“abc”不是数字",
                "修改日期从：“2020-13-01”不是日期；可写 2020-06-30、2020/6/30、2020年6月30日"
            ]
        );
        assert_eq!(seqs(&bad), [3, 2, 1]);
    }

    #[test]
    fn lost_lines_are_counted_from_the_bad_one() {
        assert_eq!(lines_from(b"a\nb\nc\nd\n", 2), 3);
        assert_eq!(lines_from(b"a\nb\nc\nd", 4), 1);
        assert_eq!(lines_from(b"a\n", 5), 0);
    }
}

#[cfg(test)]
mod scale {
    use super::*;
    use crate::demo::synthetic_ledger;
    use std::time::Instant;

    /// 100,000 edits on record: the rows are built once, and a filter scans them.
    #[test]
    fn a_hundred_thousand_edits() {
        let l = synthetic_ledger(10_000, 1);
        let at = chrono::DateTime::parse_from_rfc3339("2020-06-30T14:02:05+08:00").expect("t");
        let records: Vec<Record> = (0..100_000u64)
            .map(|i| {
                let before = l.entries[(i % 10_000) as usize].clone();
                let mut after = before.clone();
                after.notes = format!("第{i}次").into();
                Record {
                    seq: i + 1,
                    at,
                    by: if i % 2 == 0 {
                        "王明@PC-12"
                    } else {
                        "李华@PC-7"
                    }
                    .into(),
                    edit: Edit::UpdateEntry {
                        before: Box::new(before),
                        after: Box::new(after),
                    },
                }
            })
            .collect();
        let t = Instant::now();
        let list = HistoryList::build(records, 1, &l, Lang::Zh);
        let built = t.elapsed();
        let t = Instant::now();
        let id = l.entries[7].id;
        let f = FilterText {
            entry: id.0.to_string(),
            ..FilterText::default()
        };
        let shown = list.matching(&f.read(Lang::Zh));
        let by_entry = t.elapsed();
        assert_eq!(shown.len(), 10);
        let t = Instant::now();
        let f = FilterText {
            text: "第99999次".into(),
            ..FilterText::default()
        };
        let shown = list.matching(&f.read(Lang::Zh));
        let by_text = t.elapsed();
        assert_eq!(shown, [99_999]);
        eprintln!("build {built:?}, by entry {by_entry:?}, by text {by_text:?}");
    }
}
