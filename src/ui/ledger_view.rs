//! The ledger table with its filter bar.
//!
//! The filtered and sorted list of rows is a cached `Vec<usize>` into `ledger.entries`,
//! rebuilt only when the filter or sort changes (or after an edit it cannot follow) —
//! never per frame. After an entry is added, changed or deleted, only that row is taken
//! out and put back in its place (a binary search on the sort key), and the totals of
//! what is shown are adjusted by its figures. The table draws only the visible rows, so
//! a million entries scroll as smoothly as ten.

use super::commands::Command;
use super::document::{Feed, Version};
use super::entry_form::{from_jiff, to_jiff};
use crate::i18n::Lang;
use crate::i18n::{evidence_ui as evidence_words, fields as fields_words, ui as words};
use crate::ledger::fields::{self, ENTRY_FIELDS, NameIndex};
use crate::ledger::{
    CategoryId, Edit, Entry, EntryId, Fen, Kind, Ledger, Source, Status, VillageId,
};
use crate::ledger::{DepartmentId, EntryField, Field, Preset};
use crate::summary::Filter;
use chrono::NaiveDate;
use eframe::egui;
use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

/// The width of a field's column; the table's columns, headings, cells and sort order
/// come from the field registry ([`ENTRY_FIELDS`]).
fn column(field: &EntryField) -> Column {
    match field.field {
        Field::Date => Column::exact(86.0),
        Field::Village | Field::Kind => Column::initial(64.0).at_least(40.0),
        Field::Department => Column::initial(110.0).at_least(50.0),
        Field::Category => Column::initial(70.0).at_least(40.0),
        Field::What => Column::remainder().at_least(140.0),
        Field::Quantity => Column::initial(72.0).at_least(40.0),
        Field::Value => Column::initial(130.0).at_least(70.0),
        Field::Delivered => Column::initial(100.0).at_least(60.0),
        Field::Notes => Column::initial(160.0).at_least(60.0),
        _ if field.numeric => Column::initial(52.0).at_least(36.0),
        _ => Column::initial(90.0).at_least(40.0),
    }
    // Cells clip and cut their own text ([`cell_clip`]): egui_extras' clip would copy
    // the whole style for every cell of every frame.
    .clip(false)
    .resizable(true)
}

/// Keeps a table cell's drawing inside the cell, as a clipped column would.
fn cell_clip(ui: &mut egui::Ui) {
    let rect = ui.max_rect();
    ui.shrink_clip_rect(rect);
}

/// Fields the table never shows as columns of their own (the unit is in 数量's cell).
fn choosable(f: &EntryField) -> bool {
    f.field != Field::Unit
}

/// Fields always shown (a row means nothing without them).
fn fixed(f: &EntryField) -> bool {
    matches!(f.field, Field::Date | Field::What)
}

/// The table's columns by default: the registry's table fields, and 人次 and 已到位 so
/// that a service counted in person-times and a pledge's delivery never look empty.
fn shown_by_default(f: &EntryField) -> bool {
    f.in_table || matches!(f.field, Field::PersonTimes | Field::Delivered)
}

/// The columns shown, in the registry's order: the user's choice (remembered in the
/// settings by CSV name) or the default set. A field added later shows by default
/// only when no choice was made.
pub fn visible_columns(chosen: Option<&[String]>) -> Vec<&'static EntryField> {
    ENTRY_FIELDS
        .iter()
        .filter(|f| choosable(f))
        .filter(|f| {
            fixed(f)
                || match chosen {
                    Some(names) => names.iter().any(|n| n == f.csv),
                    None => shown_by_default(f),
                }
        })
        .collect()
}

/// The name the 佐证 (evidence count) column is remembered by among the chosen columns.
pub const EVIDENCE_COLUMN: &str = "evidence";

/// True when the 佐证 column is shown: by default, or when chosen.
pub fn evidence_column_shown(chosen: Option<&[String]>) -> bool {
    chosen.is_none_or(|names| names.iter().any(|n| n == EVIDENCE_COLUMN))
}

/// The 列 menu: a checkbox per column; the choice goes into `chosen` (the settings).
pub fn columns_menu_ui(ui: &mut egui::Ui, chosen: &mut Option<Vec<String>>, lang: Lang) {
    ui.menu_button(words::TABLE_COLUMNS_MENU.get(lang), |ui| {
        let mut shown: Vec<&str> = visible_columns(chosen.as_deref())
            .iter()
            .map(|f| f.csv)
            .collect();
        if evidence_column_shown(chosen.as_deref()) {
            shown.push(EVIDENCE_COLUMN);
        }
        for f in ENTRY_FIELDS.iter().filter(|f| choosable(f)) {
            let mut on = shown.contains(&f.csv);
            let r = ui.add_enabled(!fixed(f), egui::Checkbox::new(&mut on, f.label.get(lang)));
            if r.changed() {
                let mut names: Vec<String> = shown
                    .iter()
                    .filter(|n| **n != f.csv)
                    .map(|n| n.to_string())
                    .collect();
                if on {
                    names.push(f.csv.to_string());
                }
                *chosen = Some(names);
            }
        }
        let mut on = shown.contains(&EVIDENCE_COLUMN);
        if ui
            .checkbox(&mut on, evidence_words::COLUMN.get(lang))
            .changed()
        {
            let mut names: Vec<String> = shown
                .iter()
                .filter(|n| **n != EVIDENCE_COLUMN)
                .map(|n| n.to_string())
                .collect();
            if on {
                names.push(EVIDENCE_COLUMN.to_string());
            }
            *chosen = Some(names);
        }
        ui.separator();
        if ui.button(words::TABLE_COLUMNS_DEFAULT.get(lang)).clicked() {
            *chosen = None;
        }
    });
}

/// The filter as the filter bar edits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterUi {
    /// First day shown, if limited.
    pub from: Option<NaiveDate>,
    /// Last day shown, if limited.
    pub to: Option<NaiveDate>,
    /// Only this village.
    pub village: Option<VillageId>,
    /// Only this department.
    pub department: Option<DepartmentId>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this category (`Some(None)`: uncategorized).
    pub category: Option<Option<CategoryId>>,
    /// Free text.
    pub text: String,
    /// Only entries without evidence (缺少佐证).
    pub without_evidence: bool,
}

impl FilterUi {
    /// No filter at all.
    pub fn all() -> FilterUi {
        FilterUi {
            from: None,
            to: None,
            village: None,
            department: None,
            kind: None,
            category: None,
            text: String::new(),
            without_evidence: false,
        }
    }

    /// The summary filter this stands for.
    pub fn to_filter(&self) -> Filter {
        Filter {
            from: self.from,
            to: self.to,
            villages: self.village.into_iter().collect(),
            departments: self.department.into_iter().collect(),
            kinds: self.kind.into_iter().collect(),
            categories: self.category.into_iter().collect(),
            text: self.text.clone(),
            without_evidence: self.without_evidence,
            ..Filter::default()
        }
    }
}

/// The ledger view's state.
#[derive(Debug)]
pub struct LedgerView {
    /// The filter bar.
    pub filter: FilterUi,
    /// The field sorted by.
    pub sort: Field,
    /// Ascending or descending.
    pub ascending: bool,
    /// The selected entry.
    pub selected: Option<EntryId>,
    /// Scroll to the selected row on the next frame.
    pub scroll_to_selected: bool,
    index: Vec<usize>,
    /// The delivered value of what is shown, per source (本单位投入, 引进, 其他), exact:
    /// an edit adds and subtracts its entry's value.
    sums: [i128; 3],
    built_for: Option<(Version, Filter, Field, bool)>,
    /// Where the last edited row was put: scrolling to it needs no search.
    placed: Option<usize>,
    /// How many times the row index was rebuilt in full (for tests and measurements).
    pub rebuilds: u64,
    /// How many times it was updated from an edit instead.
    pub updates: u64,
}

impl Default for LedgerView {
    fn default() -> Self {
        LedgerView {
            filter: FilterUi::all(),
            sort: Field::Date,
            ascending: true,
            selected: None,
            scroll_to_selected: false,
            index: Vec::new(),
            sums: [0; 3],
            built_for: None,
            placed: None,
            rebuilds: 0,
            updates: 0,
        }
    }
}

/// The slot of a source in [`LedgerView::sums`].
fn source_slot(s: Source) -> usize {
    match s {
        Source::Direct => 0,
        Source::Introduced => 1,
        Source::Other => 2,
    }
}

/// The order of the table: the sort field's order, ties by id (as
/// [`fields::sort_entries`] sorts), reversed when descending. A total order, so a row's
/// place is found by binary search.
fn row_order<'a>(
    ledger: &'a Ledger,
    sort: Field,
    ascending: bool,
) -> Option<impl Fn(&Entry, &Entry) -> std::cmp::Ordering + 'a> {
    let spec = fields::entry_field(sort)?;
    let names = NameIndex::new(ledger);
    Some(move |x: &Entry, y: &Entry| {
        let o = (spec.sort)(x, y, &names).then(x.id.cmp(&y.id));
        if ascending { o } else { o.reverse() }
    })
}

impl LedgerView {
    /// Brings the row index up to the ledger: nothing when it is current, the edit's
    /// row taken out and put back after one entry edit, else rebuilt in full.
    pub fn refresh(&mut self, feed: &Feed<'_>) {
        let filter = self.filter.to_filter();
        if let Some((version, f, sort, ascending)) = &self.built_for
            && *f == filter
            && *sort == self.sort
            && *ascending == self.ascending
        {
            if *version == feed.version {
                return;
            }
            if let Some(edits) = feed.edits_since(*version)
                && self.update(feed.ledger, &filter, &edits)
            {
                self.built_for = Some((feed.version, filter, self.sort, self.ascending));
                self.updates += 1;
                return;
            }
        }
        self.rebuild(feed.ledger, &filter);
        self.built_for = Some((feed.version, filter, self.sort, self.ascending));
    }

    fn rebuild(&mut self, ledger: &Ledger, filter: &Filter) {
        let matcher = filter.matcher(ledger);
        let mut index: Vec<usize> = ledger
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| matcher.matches(e))
            .map(|(i, _)| i)
            .collect();
        fields::sort_entries(&mut index, ledger, self.sort, self.ascending);
        let mut sums = [0i128; 3];
        for e in index.iter().map(|&i| &ledger.entries[i]) {
            sums[source_slot(e.source)] += i128::from(e.delivered_value().0);
        }
        self.sums = sums;
        self.index = index;
        self.rebuilds += 1;
    }

    /// Follows edits already applied to `ledger`: true when done, false when the index
    /// must be rebuilt (more than one entry changed, master data changed).
    fn update(&mut self, ledger: &Ledger, filter: &Filter, edits: &[&Edit]) -> bool {
        let mut change = None;
        for edit in edits {
            let c = match edit {
                Edit::AddEntry(a) => (None, Some(&**a)),
                Edit::DeleteEntry(b) => (Some(&**b), None),
                Edit::UpdateEntry { before, after } => (Some(&**before), Some(&**after)),
                // Nothing the table shows.
                Edit::SetUnit { .. } | Edit::SetTarget { .. } | Edit::Finding(_) => continue,
                _ => return false,
            };
            if change.replace(c).is_some() {
                return false;
            }
        }
        let Some((before, after)) = change else {
            return true;
        };
        let Some(order) = row_order(ledger, self.sort, self.ascending) else {
            return false;
        };
        let matcher = filter.matcher(ledger);
        let entries = &ledger.entries;
        let index = &mut self.index;
        let mut sums = self.sums;
        match (before, after) {
            (None, Some(a)) => {
                let Some(p) = ledger.entry_index(a.id) else {
                    return false;
                };
                // Inserted before others (undoing a delete): they move one down.
                if p + 1 != entries.len() {
                    for x in index.iter_mut().filter(|x| **x >= p) {
                        *x += 1;
                    }
                }
            }
            (Some(b), None) => {
                let Err(p) = entries.binary_search_by_key(&b.id, |e| e.id) else {
                    return false;
                };
                let was = index.len();
                index.retain_mut(|x| match (*x).cmp(&p) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Equal => false,
                    std::cmp::Ordering::Greater => {
                        *x -= 1;
                        true
                    }
                });
                let shown = matcher.matches(b);
                if shown != (index.len() < was) {
                    return false;
                }
                if shown {
                    sums[source_slot(b.source)] -= i128::from(b.delivered_value().0);
                }
            }
            (Some(b), Some(a)) => {
                let Some(p) = ledger.entry_index(b.id) else {
                    return false;
                };
                if matcher.matches(b) {
                    // The row still sorts by its old figures.
                    let at = |x: usize| if x == p { b } else { &entries[x] };
                    let k = index.partition_point(|&x| order(at(x), b) == std::cmp::Ordering::Less);
                    if index.get(k) != Some(&p) {
                        return false;
                    }
                    sums[source_slot(b.source)] -= i128::from(b.delivered_value().0);
                    if matcher.matches(a) {
                        // It moves: only the rows between its old and new place shift.
                        let to =
                            index.partition_point(|&x| order(at(x), a) == std::cmp::Ordering::Less);
                        let placed = if to > k {
                            index[k..to].rotate_left(1);
                            to - 1
                        } else {
                            index[to..=k].rotate_right(1);
                            to
                        };
                        self.placed = Some(placed);
                        sums[source_slot(a.source)] += i128::from(a.delivered_value().0);
                        self.sums = sums;
                        return true;
                    }
                    index.remove(k);
                }
            }
            (None, None) => {}
        }
        if let Some(a) = after
            && matcher.matches(a)
        {
            let Some(p) = ledger.entry_index(a.id) else {
                return false;
            };
            let k = index.partition_point(|&x| order(&entries[x], a) == std::cmp::Ordering::Less);
            index.insert(k, p);
            self.placed = Some(k);
            sums[source_slot(a.source)] += i128::from(a.delivered_value().0);
        }
        self.sums = sums;
        true
    }

    /// The entries shown, in order (indexes into `ledger.entries`).
    pub fn shown(&self) -> &[usize] {
        &self.index
    }

    /// The delivered value of what is shown from one source.
    pub fn shown_of(&self, source: Source) -> Fen {
        let sum = self.sums[source_slot(source)];
        Fen(sum.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }

    /// The value of what is shown (delivered), the unit's own input only.
    pub fn shown_fen(&self) -> Fen {
        self.shown_of(Source::Direct)
    }
}

/// The filter bar: dates with presets, village, department, kind, category and text.
pub fn filter_bar_ui(
    ui: &mut egui::Ui,
    view: &mut LedgerView,
    ledger: &Ledger,
    lang: Lang,
    today: NaiveDate,
) {
    let f = &mut view.filter;
    ui.horizontal_wrapped(|ui| {
        ui.label(words::TABLE_FROM.get(lang));
        date_limit_ui(ui, &mut f.from, "filter_from", today, lang);
        ui.label(words::TABLE_TO.get(lang));
        date_limit_ui(ui, &mut f.to, "filter_to", today, lang);
        for p in Preset::ALL {
            let (from, to) = p.range(today);
            let active = f.from == from && f.to == to;
            if ui.selectable_label(active, p.label(lang)).clicked() {
                f.from = from;
                f.to = to;
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let all = words::ALL.get(lang);
        let label = ui.label(Field::Village.label(lang));
        village_combo(ui, "filter_village", ledger, &mut f.village, all).labelled_by(label.id);

        let label = ui.label(Field::Department.label(lang));
        let current = f
            .department
            .map_or(all.to_string(), |id| ledger.department_name(id).to_string());
        egui::ComboBox::from_id_salt("filter_department")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.department, None, all);
                for d in &ledger.departments {
                    ui.selectable_value(&mut f.department, Some(d.id), &d.name);
                }
            })
            .response
            .labelled_by(label.id);

        let label = ui.label(words::TABLE_KIND_FILTER.get(lang));
        let current = f.kind.map_or(all, |k| k.label(lang));
        egui::ComboBox::from_id_salt("filter_kind")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.kind, None, all);
                for k in Kind::ALL {
                    ui.selectable_value(&mut f.kind, Some(k), k.label(lang));
                }
            })
            .response
            .labelled_by(label.id);

        let label = ui.label(Field::Category.label(lang));
        let uncategorized = words::TABLE_UNCATEGORIZED.get(lang);
        let current = match f.category {
            None => all.to_string(),
            Some(None) => uncategorized.to_string(),
            Some(Some(id)) => ledger.category_name(Some(id)).to_string(),
        };
        egui::ComboBox::from_id_salt("filter_category")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.category, None, all);
                for c in &ledger.categories {
                    ui.selectable_value(&mut f.category, Some(Some(c.id)), &c.name);
                }
                ui.selectable_value(&mut f.category, Some(None), uncategorized);
            })
            .response
            .labelled_by(label.id);

        let label = ui.label(words::TABLE_SEARCH.get(lang));
        ui.add(egui::TextEdit::singleline(&mut f.text).desired_width(140.0))
            .labelled_by(label.id);
        ui.checkbox(
            &mut f.without_evidence,
            evidence_words::MISSING_FILTER.get(lang),
        )
        .on_hover_text(evidence_words::MISSING_FILTER_TIP.get(lang));
        if *f != FilterUi::all() && ui.button(words::TABLE_CLEAR_FILTER.get(lang)).clicked() {
            *f = FilterUi::all();
        }
    });
}

fn date_limit_ui(
    ui: &mut egui::Ui,
    limit: &mut Option<NaiveDate>,
    id: &str,
    today: NaiveDate,
    lang: Lang,
) {
    let mut on = limit.is_some();
    if ui
        .checkbox(&mut on, "")
        .on_hover_text(words::TABLE_DATE_LIMIT_TIP.get(lang))
        .changed()
    {
        *limit = on.then_some(limit.unwrap_or(today));
    }
    match limit {
        Some(d) => {
            let mut j = to_jiff(*d);
            ui.add(
                egui_extras::DatePickerButton::new(&mut j)
                    .id_salt(id)
                    .show_icon(false)
                    .calendar_week(false),
            );
            if let Some(n) = from_jiff(j) {
                *d = n;
            }
        }
        None => {
            ui.label(RichText::new(words::TABLE_ANY.get(lang)).weak());
        }
    }
}

/// The table of what the filter shows, with clickable sort headers. Clicking a row
/// selects it; double-clicking edits it.
///
/// The columns are those chosen in the 列 menu (`chosen`, remembered in the settings);
/// when they are wider than the window, the table scrolls sideways. Amounts and counts
/// are right-aligned, headings included.
pub fn ledger_table_ui(
    ui: &mut egui::Ui,
    view: &mut LedgerView,
    ledger: &Ledger,
    (lang, chosen): (Lang, &mut Option<Vec<String>>),
    cmds: &mut Vec<Command>,
) {
    let shown = view.index.len();
    ui.horizontal(|ui| {
        let mut total = words::shown_of_total(
            lang,
            &crate::ledger::money::group_count(shown as u64),
            &crate::ledger::money::group_count(ledger.entries.len() as u64),
            &view.shown_fen().display(),
        );
        // 引进 and 其他 are never part of the unit's 合计: named apart when there are any.
        let besides: Vec<String> = [Source::Introduced, Source::Other]
            .into_iter()
            .map(|s| (s, view.shown_of(s)))
            .filter(|(_, fen)| *fen != Fen::ZERO)
            .map(|(s, fen)| words::source_amount(lang, s.label(lang), &fen.display()))
            .collect();
        if !besides.is_empty() {
            total.push_str(&words::shown_besides(lang, &besides));
        }
        ui.strong(total);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            columns_menu_ui(ui, chosen, lang);
        });
    });
    ui.separator();
    let columns = visible_columns(chosen.as_deref());
    let evidence = evidence_column_shown(chosen.as_deref());
    egui::ScrollArea::horizontal()
        .id_salt("ledger_table_sideways")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            table_ui(ui, view, ledger, lang, (&columns, evidence), cmds);
        });
}

fn table_ui(
    ui: &mut egui::Ui,
    view: &mut LedgerView,
    ledger: &Ledger,
    lang: Lang,
    (columns, evidence): (&[&'static EntryField], bool),
    cmds: &mut Vec<Command>,
) {
    let shown = view.index.len();

    // Clicks on a cell's text select the row, not the text.
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // Rows in the period lock (结账) show 已结 before a grey date, which needs a little
    // room: the mark's width is measured in the body font.
    let lock = ledger.lock.as_deref();
    let mark = crate::i18n::lock::ROW_MARK.get(lang);
    let mark_width = lock.map_or(0.0, |_| {
        let font = egui::TextStyle::Body.resolve(ui.style());
        ui.ctx().fonts_mut(|f| {
            f.layout_no_wrap(format!("{mark} "), font, egui::Color32::GRAY)
                .size()
                .x
        })
    });
    let mut table = TableBuilder::new(ui)
        .id_salt("ledger_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .min_scrolled_height(0.0)
        .auto_shrink([false, false]);
    // 佐证 comes right before 内容 (always shown, after 日期), where it is seen without
    // scrolling sideways.
    let evidence_after = columns
        .iter()
        .position(|f| f.field == Field::What)
        .and_then(|p| p.checked_sub(1))
        .filter(|_| evidence);
    for (i, f) in columns.iter().enumerate() {
        table = table.column(match (f.field, lock) {
            (Field::Date, Some(_)) => Column::exact(86.0 + mark_width),
            _ => column(f),
        });
        if evidence_after == Some(i) {
            table = table.column(Column::initial(40.0).at_least(34.0));
        }
    }
    if view.scroll_to_selected {
        // Looked for only when asked: where the edit put it, else a scan of the rows.
        let selected_pos = view
            .selected
            .and_then(|id| ledger.entry_index(id))
            .and_then(|i| {
                view.placed
                    .filter(|&k| view.index.get(k) == Some(&i))
                    .or_else(|| view.index.iter().position(|&x| x == i))
            });
        if let Some(pos) = selected_pos {
            table = table.scroll_to_row(pos, Some(egui::Align::Center));
        }
        view.scroll_to_selected = false;
    }
    let mut clicked_sort = None;
    let mut clicked_row = None;
    let mut double_clicked = None;
    let mut history_of = None;
    table
        .header(row_height + 2.0, |mut header| {
            for (i, f) in columns.iter().enumerate() {
                header.col(|ui| {
                    cell_clip(ui);
                    let arrow = if view.sort == f.field {
                        if view.ascending { " ▲" } else { " ▼" }
                    } else {
                        ""
                    };
                    let layout = if f.numeric {
                        egui::Layout::right_to_left(egui::Align::Center)
                    } else {
                        egui::Layout::left_to_right(egui::Align::Center)
                    };
                    let r = ui
                        .with_layout(layout, |ui| {
                            ui.add(
                                egui::Button::new(
                                    RichText::new(format!("{}{arrow}", f.heading().get(lang)))
                                        .strong(),
                                )
                                .frame(false),
                            )
                        })
                        .inner
                        .on_hover_text(words::TABLE_SORT_TIP.get(lang));
                    if r.clicked() {
                        clicked_sort = Some(f.field);
                    }
                });
                if evidence_after == Some(i) {
                    header.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.strong(evidence_words::COLUMN.get(lang));
                        });
                    });
                }
            }
        })
        .body(|body| {
            body.rows(row_height, shown, |mut row| {
                let pos = row.index();
                let Some(e) = view.index.get(pos).and_then(|&i| ledger.entries.get(i)) else {
                    return;
                };
                row.set_selected(view.selected == Some(e.id));
                for (i, f) in columns.iter().enumerate() {
                    // Each cell is one label in the cell's own `Ui` (no nested layout: the
                    // table draws a screenful of cells every frame).
                    row.col(|ui| {
                        // A cell scrolled out of sight sideways is not drawn (its width is
                        // the column's: nothing is measured from it).
                        if !ui.is_sizing_pass() && !ui.is_rect_visible(ui.max_rect()) {
                            return;
                        }
                        cell_clip(ui);
                        if f.field == Field::Date
                            && let Some(lock) = lock.filter(|l| l.covers(e.date))
                        {
                            let text = RichText::new(format!("{mark} {}", e.date)).weak();
                            cell_label(ui, text).on_hover_text(format!(
                                "{}\n{}",
                                crate::i18n::lock::ROW_LOCKED_TIP.get(lang),
                                lock.line(lang)
                            ));
                            return;
                        }
                        let text = (f.cell)(e, ledger, lang);
                        let r = if f.numeric {
                            right_aligned_label(ui, text)
                        } else {
                            cell_label(ui, text)
                        };
                        // A pledge's cell says how much of it has arrived.
                        if let (Field::Value, Status::Pledged { delivered_fen }) =
                            (f.field, e.status)
                        {
                            r.on_hover_text(format!(
                                "{}{}{} {}",
                                fields_words::DELIVERED.get(lang),
                                crate::i18n::model::COLON.get(lang),
                                delivered_fen.display(),
                                fields_words::YUAN.get(lang)
                            ));
                        }
                    });
                    if evidence_after == Some(i) {
                        // The count of files attached: a hash map look-up per visible row.
                        let n = ledger.attachment_count(crate::ledger::Owner::Entry(e.id));
                        row.col(|ui| {
                            cell_clip(ui);
                            if n == 0 {
                                right_aligned_label(ui, RichText::new("0").weak());
                            } else {
                                right_aligned_label(ui, n.to_string());
                            }
                        });
                    }
                }
                let r = row.response();
                // The entry's own history (修改记录), from its context menu.
                r.context_menu(|ui| {
                    if ui
                        .button(crate::i18n::history::ENTRY_HISTORY.get(lang))
                        .clicked()
                    {
                        history_of = Some(e.id);
                        ui.close();
                    }
                });
                if r.double_clicked() {
                    double_clicked = Some(e.id);
                } else if r.clicked() {
                    clicked_row = Some(e.id);
                }
            });
        });
    if let Some(col) = clicked_sort {
        if view.sort == col {
            view.ascending = !view.ascending;
        } else {
            view.sort = col;
            view.ascending = true;
        }
    }
    if let Some(id) = clicked_row {
        view.selected = Some(id);
    }
    if let Some(id) = double_clicked {
        view.selected = Some(id);
        cmds.push(Command::EditEntry(id));
    }
    if let Some(id) = history_of {
        view.selected = Some(id);
        cmds.push(Command::History(
            super::history_window::HistoryCommand::Open(Some(id)),
        ));
    }
}

/// A table cell's text, cut with … when the column is too narrow (whole while the
/// column is being sized to fit, after a double click on its edge).
fn cell_label(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    let label = egui::Label::new(text);
    ui.add(if ui.is_sizing_pass() {
        label
    } else {
        label.truncate()
    })
}

/// A label against the right edge of a table cell (numbers line up by their last digit),
/// laid out in the cell's own left-to-right `Ui`: the text is measured (cut with … when
/// the column is too narrow), the space before it skipped.
fn right_aligned_label(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    let mode = if ui.is_sizing_pass() {
        egui::TextWrapMode::Extend
    } else {
        egui::TextWrapMode::Truncate
    };
    let galley =
        text.into()
            .into_galley(ui, Some(mode), ui.available_width(), egui::TextStyle::Body);
    let space = ui.available_width() - galley.size().x;
    if space > 0.0 {
        ui.add_space(space);
    }
    ui.label(galley)
}

/// A village picker whose first choice, `all` (None), means any village: the ledger's
/// filter bar and the 修改记录 window's.
pub(super) fn village_combo(
    ui: &mut egui::Ui,
    id: &str,
    ledger: &Ledger,
    village: &mut Option<VillageId>,
    all: &str,
) -> egui::Response {
    let current = village.map_or(all.to_string(), |id| ledger.village_name(id).to_string());
    egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(village, None, all);
            for v in &ledger.villages {
                ui.selectable_value(village, Some(v.id), &v.name);
            }
        })
        .response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::synthetic_ledger;

    #[test]
    fn index_is_rebuilt_only_on_change() {
        let ledger = synthetic_ledger(5_000, 1);
        let at = |generation| Feed::plain(&ledger, Version { doc: 0, generation });
        let mut view = LedgerView::default();
        view.refresh(&at(1));
        view.refresh(&at(1));
        assert_eq!(view.rebuilds, 1);
        assert_eq!(view.shown().len(), 5_000);
        view.sort = Field::Value;
        view.ascending = false;
        view.refresh(&at(1));
        assert_eq!(view.rebuilds, 2);
        let values: Vec<Fen> = view
            .shown()
            .iter()
            .map(|&i| ledger.entries[i].value_fen)
            .collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]));
        view.filter.village = Some(VillageId(1));
        view.refresh(&at(1));
        assert!(
            view.shown()
                .iter()
                .all(|&i| ledger.entries[i].village == VillageId(1))
        );
        view.refresh(&at(2));
        assert_eq!(view.rebuilds, 4);
    }
}
