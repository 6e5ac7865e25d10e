//! The ledger table with its filter bar.
//!
//! The filtered and sorted list of rows is a cached `Vec<usize>` into `ledger.entries`,
//! rebuilt only when the ledger changes (its generation) or the filter or sort changes —
//! never per frame — and the table draws only the visible rows, so 100,000 entries scroll
//! as smoothly as ten.

use super::commands::Command;
use super::entry_form::{from_jiff, to_jiff};
use crate::i18n::Lang;
use crate::i18n::{fields, ui as words};
use crate::ledger::{CategoryId, EntryId, Fen, Kind, Ledger, Status, VillageId};
use crate::ledger::{DepartmentId, Field};
use crate::summary::Filter;
use chrono::{Datelike, NaiveDate};
use eframe::egui;
use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;
use std::collections::HashMap;

/// A sortable column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    /// 日期.
    Date,
    /// 村.
    Village,
    /// 部门.
    Department,
    /// 帮扶形式.
    Kind,
    /// 类别.
    Category,
    /// 内容.
    What,
    /// 数量.
    Quantity,
    /// 金额.
    Value,
    /// 受益户数.
    Households,
    /// 受益人数.
    Persons,
}

impl SortColumn {
    /// Columns in table order.
    pub const ALL: [SortColumn; 10] = [
        SortColumn::Date,
        SortColumn::Village,
        SortColumn::Department,
        SortColumn::Kind,
        SortColumn::Category,
        SortColumn::What,
        SortColumn::Quantity,
        SortColumn::Value,
        SortColumn::Households,
        SortColumn::Persons,
    ];

    fn label(self, lang: Lang) -> &'static str {
        match self {
            SortColumn::Date => Field::Date.label(lang),
            SortColumn::Village => Field::Village.label(lang),
            SortColumn::Department => Field::Department.label(lang),
            SortColumn::Kind => words::TABLE_KIND_COLUMN.get(lang),
            SortColumn::Category => Field::Category.label(lang),
            SortColumn::What => Field::What.label(lang),
            SortColumn::Quantity => Field::Quantity.label(lang),
            SortColumn::Value => words::VALUE_YUAN.get(lang),
            SortColumn::Households => words::TABLE_HOUSEHOLDS.get(lang),
            SortColumn::Persons => words::TABLE_PERSONS.get(lang),
        }
    }

    fn column(self) -> Column {
        match self {
            SortColumn::Date => Column::exact(86.0),
            SortColumn::Village | SortColumn::Kind => Column::initial(64.0).at_least(40.0),
            SortColumn::Department => Column::initial(120.0).at_least(50.0),
            SortColumn::Category => Column::initial(70.0).at_least(40.0),
            SortColumn::What => Column::remainder().at_least(120.0),
            SortColumn::Quantity => Column::initial(72.0).at_least(40.0),
            SortColumn::Value => Column::initial(160.0).at_least(70.0),
            SortColumn::Households | SortColumn::Persons => Column::initial(52.0).at_least(36.0),
        }
        .clip(true)
        .resizable(true)
    }
}

/// A quick choice of date range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// 本月.
    ThisMonth,
    /// 本季度.
    ThisQuarter,
    /// 本年.
    ThisYear,
    /// 全部.
    All,
}

impl Preset {
    /// The preset's name on its button.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Preset::ThisMonth => words::TABLE_THIS_MONTH.get(lang),
            Preset::ThisQuarter => words::TABLE_THIS_QUARTER.get(lang),
            Preset::ThisYear => words::TABLE_THIS_YEAR.get(lang),
            Preset::All => words::ALL.get(lang),
        }
    }

    /// The date range of the preset around `today` (`None`: no limit).
    pub fn range(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let y = today.year();
        let first = |m: u32| NaiveDate::from_ymd_opt(y, m, 1);
        let last_of = |start: Option<NaiveDate>, months: u32| {
            start
                .and_then(|s| s.checked_add_months(chrono::Months::new(months)))
                .and_then(|d| d.pred_opt())
        };
        match self {
            Preset::ThisMonth => {
                let s = first(today.month());
                (s, last_of(s, 1))
            }
            Preset::ThisQuarter => {
                let s = first(today.month0() / 3 * 3 + 1);
                (s, last_of(s, 3))
            }
            Preset::ThisYear => {
                let s = first(1);
                (s, last_of(s, 12))
            }
            Preset::All => (None, None),
        }
    }
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
        }
    }
}

/// The ledger view's state.
#[derive(Debug)]
pub struct LedgerView {
    /// The filter bar.
    pub filter: FilterUi,
    /// The column sorted by.
    pub sort: SortColumn,
    /// Ascending or descending.
    pub ascending: bool,
    /// The selected entry.
    pub selected: Option<EntryId>,
    /// Scroll to the selected row on the next frame.
    pub scroll_to_selected: bool,
    index: Vec<usize>,
    shown_fen: Fen,
    built_for: Option<(u64, Filter, SortColumn, bool)>,
    /// How many times the row index was rebuilt (for tests and measurements).
    pub rebuilds: u64,
}

impl Default for LedgerView {
    fn default() -> Self {
        LedgerView {
            filter: FilterUi::all(),
            sort: SortColumn::Date,
            ascending: true,
            selected: None,
            scroll_to_selected: false,
            index: Vec::new(),
            shown_fen: Fen::ZERO,
            built_for: None,
            rebuilds: 0,
        }
    }
}

impl LedgerView {
    /// Rebuilds the row index if the ledger (generation), filter or sort changed.
    pub fn refresh(&mut self, ledger: &Ledger, generation: u64) {
        let filter = self.filter.to_filter();
        let key = (generation, filter, self.sort, self.ascending);
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let matcher = key.1.matcher(ledger);
        let mut index: Vec<usize> = ledger
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| matcher.matches(e))
            .map(|(i, _)| i)
            .collect();
        sort_index(&mut index, ledger, self.sort, self.ascending);
        self.shown_fen = index
            .iter()
            .map(|&i| ledger.entries[i].delivered_value())
            .sum();
        self.index = index;
        self.built_for = Some(key);
        self.rebuilds += 1;
    }

    /// The entries shown, in order (indexes into `ledger.entries`).
    pub fn shown(&self) -> &[usize] {
        &self.index
    }

    /// The value of what is shown (delivered).
    pub fn shown_fen(&self) -> Fen {
        self.shown_fen
    }
}

fn sort_index(index: &mut [usize], ledger: &Ledger, col: SortColumn, ascending: bool) {
    let villages: HashMap<VillageId, &str> = ledger
        .villages
        .iter()
        .map(|v| (v.id, v.name.as_str()))
        .collect();
    let departments: HashMap<DepartmentId, &str> = ledger
        .departments
        .iter()
        .map(|d| (d.id, d.name.as_str()))
        .collect();
    let categories: HashMap<CategoryId, &str> = ledger
        .categories
        .iter()
        .map(|c| (c.id, c.name.as_str()))
        .collect();
    let e = &ledger.entries;
    let cmp = |a: &usize, b: &usize| -> Ordering {
        let (x, y) = (&e[*a], &e[*b]);
        let primary = match col {
            SortColumn::Date => x.date.cmp(&y.date),
            SortColumn::Village => villages.get(&x.village).cmp(&villages.get(&y.village)),
            SortColumn::Department => departments
                .get(&x.department)
                .cmp(&departments.get(&y.department)),
            SortColumn::Kind => x.kind.cmp(&y.kind),
            SortColumn::Category => x
                .category
                .and_then(|c| categories.get(&c))
                .cmp(&y.category.and_then(|c| categories.get(&c))),
            SortColumn::What => x.what.cmp(&y.what),
            SortColumn::Quantity => x.quantity.cmp(&y.quantity),
            SortColumn::Value => x.value_fen.cmp(&y.value_fen),
            SortColumn::Households => x.households.cmp(&y.households),
            SortColumn::Persons => x.persons.cmp(&y.persons),
        };
        // Ties keep the order of entry (ids grow).
        let ordered = primary.then(x.id.cmp(&y.id));
        if ascending {
            ordered
        } else {
            ordered.reverse()
        }
    };
    index.sort_by(cmp);
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
        for p in [
            Preset::ThisMonth,
            Preset::ThisQuarter,
            Preset::ThisYear,
            Preset::All,
        ] {
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
        let current = f
            .village
            .map_or(all.to_string(), |id| ledger.village_name(id).to_string());
        egui::ComboBox::from_id_salt("filter_village")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.village, None, all);
                for v in &ledger.villages {
                    ui.selectable_value(&mut f.village, Some(v.id), &v.name);
                }
            })
            .response
            .labelled_by(label.id);

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
        .on_hover_text(words::TABLE_LIMIT_TO_THIS_DATE.get(lang))
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
pub fn ledger_table_ui(
    ui: &mut egui::Ui,
    view: &mut LedgerView,
    ledger: &Ledger,
    lang: Lang,
    cmds: &mut Vec<Command>,
) {
    let shown = view.index.len();
    ui.horizontal(|ui| {
        let total = words::shown_of_total(
            lang,
            &crate::ledger::money::group_count(shown as u64),
            &crate::ledger::money::group_count(ledger.entries.len() as u64),
            &view.shown_fen.display(),
        );
        ui.strong(total);
    });
    ui.separator();

    // Clicks on a cell's text select the row, not the text.
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let selected_pos = view
        .selected
        .and_then(|id| ledger.entry_index(id))
        .and_then(|i| view.index.iter().position(|&x| x == i));
    let mut table = TableBuilder::new(ui)
        .id_salt("ledger_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .min_scrolled_height(0.0)
        .auto_shrink([false, false]);
    for col in SortColumn::ALL {
        table = table.column(col.column());
    }
    if view.scroll_to_selected {
        if let Some(pos) = selected_pos {
            table = table.scroll_to_row(pos, Some(egui::Align::Center));
        }
        view.scroll_to_selected = false;
    }
    let mut clicked_sort = None;
    let mut clicked_row = None;
    let mut double_clicked = None;
    table
        .header(row_height + 2.0, |mut header| {
            for col in SortColumn::ALL {
                header.col(|ui| {
                    let arrow = if view.sort == col {
                        if view.ascending { " ▲" } else { " ▼" }
                    } else {
                        ""
                    };
                    let r = ui
                        .add(
                            egui::Button::new(
                                RichText::new(format!("{}{arrow}", col.label(lang))).strong(),
                            )
                            .frame(false),
                        )
                        .on_hover_text(words::TABLE_CLICK_TO_SORT.get(lang));
                    if r.clicked() {
                        clicked_sort = Some(col);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, shown, |mut row| {
                let pos = row.index();
                let Some(e) = view.index.get(pos).and_then(|&i| ledger.entries.get(i)) else {
                    return;
                };
                row.set_selected(view.selected == Some(e.id));
                row.col(|ui| {
                    ui.label(e.date.to_string());
                });
                row.col(|ui| {
                    ui.label(ledger.village_name(e.village));
                });
                row.col(|ui| {
                    ui.label(ledger.department_name(e.department));
                });
                row.col(|ui| {
                    ui.label(e.kind.label(lang));
                });
                row.col(|ui| {
                    ui.label(ledger.category_name(e.category));
                });
                row.col(|ui| {
                    ui.label(&e.what);
                });
                row.col(|ui| {
                    let q = e
                        .quantity
                        .map(|q| format!("{q} {}", e.unit))
                        .unwrap_or_default();
                    ui.label(q);
                });
                row.col(|ui| {
                    ui.with_layout(
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| match e.status {
                            Status::Delivered if e.value_fen == Fen::ZERO => {}
                            Status::Delivered => {
                                ui.label(e.value_fen.display());
                            }
                            Status::Pledged { delivered_fen } => {
                                ui.label(format!(
                                    "{}{}",
                                    e.value_fen.display(),
                                    words::TABLE_PLEDGED.get(lang)
                                ))
                                .on_hover_text(format!(
                                    "{}{}{} {}",
                                    fields::DELIVERED.get(lang),
                                    words::TABLE_COLON.get(lang),
                                    delivered_fen.display(),
                                    fields::YUAN.get(lang)
                                ));
                            }
                        },
                    );
                });
                row.col(|ui| {
                    ui.label(count(e.households));
                });
                row.col(|ui| {
                    ui.label(count(e.persons));
                });
                let r = row.response();
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
}

fn count(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::synthetic_ledger;

    #[test]
    fn presets_cover_whole_periods() {
        let today = NaiveDate::from_ymd_opt(2020, 5, 17).unwrap_or_default();
        let d = |m, day| NaiveDate::from_ymd_opt(2020, m, day);
        assert_eq!(Preset::ThisMonth.range(today), (d(5, 1), d(5, 31)));
        assert_eq!(Preset::ThisQuarter.range(today), (d(4, 1), d(6, 30)));
        assert_eq!(Preset::ThisYear.range(today), (d(1, 1), d(12, 31)));
        assert_eq!(Preset::All.range(today), (None, None));
    }

    #[test]
    fn index_is_rebuilt_only_on_change() {
        let ledger = synthetic_ledger(5_000, 1);
        let mut view = LedgerView::default();
        view.refresh(&ledger, 1);
        view.refresh(&ledger, 1);
        assert_eq!(view.rebuilds, 1);
        assert_eq!(view.shown().len(), 5_000);
        view.sort = SortColumn::Value;
        view.ascending = false;
        view.refresh(&ledger, 1);
        assert_eq!(view.rebuilds, 2);
        let values: Vec<Fen> = view
            .shown()
            .iter()
            .map(|&i| ledger.entries[i].value_fen)
            .collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]));
        view.filter.village = Some(VillageId(1));
        view.refresh(&ledger, 1);
        assert!(
            view.shown()
                .iter()
                .all(|&i| ledger.entries[i].village == VillageId(1))
        );
        view.refresh(&ledger, 2);
        assert_eq!(view.rebuilds, 4);
    }
}
