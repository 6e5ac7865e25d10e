//! The totals view: per village and per department first, then village × department,
//! per category and per month, pledged versus delivered, and bar charts — all for the
//! period and filter of the ledger view. The totals are a [`RunningTotals`]: computed
//! once, then updated from each edit (the edited entry's figures out, its new ones in),
//! never recomputed per frame nor, for an entry edit, per edit. The tables drawn from
//! them are rebuilt only after a change and borrowed, not copied, every frame.
//!
//! Only what is inside the scrolled viewport is drawn: each section (a table with its
//! title and notes, the charts, the targets panel) remembers the height it had when last
//! drawn, and a section outside the viewport only keeps that space. Inside a drawn table,
//! only the rows in the viewport are laid out. A frame's cost is that of one screenful,
//! however many tables, villages and months there are.

use super::commands::Command;
use super::document::{Feed, Version};
use super::targets_panel::{TargetsPanel, targets_panel_ui};
use crate::i18n::{Lang, report as report_words, ui as words};
use crate::ledger::Ledger;
use crate::report::table::{
    self, Align, Cell, Column, ColumnKind, Row, RowKind, Table, TotalsColumn,
};
use crate::report::{ReportOptions, ReportTables, money_text, with_unit};
use crate::summary::{Filter, Grouping, KeyValue, RunningTotals, Summary, Totals};
use chrono::Datelike;
use eframe::egui;
use egui::{Color32, RichText};
use egui_extras::{Column as ExtColumn, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};
use std::collections::HashMap;

/// The running totals and the report tables built from them.
#[derive(Debug, Default)]
pub struct TotalsView {
    running: Option<(Version, RunningTotals)>,
    tables: Option<(TablesKey, Box<Tables>)>,
    /// Show others' input (其他) as a column and in the pledges.
    pub include_other: bool,
    /// The targets panel (its year, targets being typed).
    pub targets: TargetsPanel,
    /// How many times the totals were computed in full (for tests and measurements).
    pub computations: u64,
    /// How many times they were updated from edits instead.
    pub updates: u64,
    /// The height of each section when it was last drawn (see [`section`]).
    heights: Heights,
}

/// Each section's height when last drawn, and the shape it was drawn in.
type Heights = HashMap<&'static str, (Shape, f32)>;

/// What a section's height depends on: while it is the same, the remembered height
/// stands in for the section when it is off screen.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shape {
    rows: usize,
    columns: usize,
    notes: usize,
    width: f32,
    lang: Lang,
}

impl Shape {
    fn of(t: &Table, ui: &egui::Ui, lang: Lang) -> Shape {
        Shape {
            rows: t.rows.len(),
            columns: t.columns.len(),
            notes: t.notes.len(),
            width: ui.available_width(),
            lang,
        }
    }

    fn sized(rows: usize, columns: usize, ui: &egui::Ui, lang: Lang) -> Shape {
        Shape {
            rows,
            columns,
            notes: 0,
            width: ui.available_width(),
            lang,
        }
    }
}

/// Draws a section with `add`, unless its remembered height (for the same shape) puts
/// it wholly outside the viewport: then only that space is taken, so the scroll bar and
/// everything below stay where they were. A drawn section's height is remembered.
fn section(
    ui: &mut egui::Ui,
    heights: &mut Heights,
    id: &'static str,
    shape: Shape,
    add: impl FnOnce(&mut egui::Ui),
) {
    if let Some((known, height)) = heights.get(id)
        && *known == shape
    {
        let size = egui::vec2(shape.width, *height);
        if !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, size)) {
            ui.allocate_space(size);
            return;
        }
    }
    let drawn = ui.push_id(id, add).response.rect;
    heights.insert(id, (shape, drawn.height()));
}

/// What the cached tables were built for.
type TablesKey = (Version, Lang, bool);

/// The report model's tables the view shows (`report::table`), as the PDF prints them.
#[derive(Clone, Debug)]
struct Tables {
    year: i32,
    report: ReportTables,
    pledges: Table,
}

impl Tables {
    fn new(ledger: &Ledger, totals: &RunningTotals, lang: Lang, include_other: bool) -> Tables {
        let s = totals.summary();
        let mut o = ReportOptions::new(lang, chrono::Local::now().date_naive());
        o.from = s.filter.from;
        o.to = s.filter.to;
        o.include_other = include_other;
        // The report's year: the period's end, else the last entry's (as
        // `report::report_year` finds it, without a pass over the entries).
        let year =
            o.to.map(|d| d.year())
                .or_else(|| totals.last_year())
                .unwrap_or(o.printed_on.year());
        let progress = totals.progress(ledger, year, lang);
        let yoy = totals.year_over_year(ledger, year);
        let report = ReportTables::from_parts(ledger, &o, s, &progress, &yoy);
        Tables {
            year: report.year,
            pledges: table::pledges(ledger, s, lang, false, include_other),
            report,
        }
    }
}

impl TotalsView {
    /// The totals for this ledger and filter: updated from the edits since the last
    /// look, computed in full only for a new filter or ledger or after an edit that
    /// cannot be followed (master data, a batch over the limit).
    pub fn totals(&mut self, feed: &Feed<'_>, filter: &Filter) -> &RunningTotals {
        let running = match self.running.take() {
            Some((version, mut totals)) if totals.filter() == filter => {
                if version != feed.version {
                    match feed.edits_since(version) {
                        Some(edits) => {
                            let before = totals.recomputed;
                            totals.apply(feed.ledger, edits);
                            if totals.recomputed == before {
                                self.updates += 1;
                            } else {
                                self.computations += 1;
                            }
                        }
                        None => {
                            totals = RunningTotals::new(feed.ledger, filter);
                            self.computations += 1;
                        }
                    }
                }
                (feed.version, totals)
            }
            _ => {
                self.computations += 1;
                (feed.version, RunningTotals::new(feed.ledger, filter))
            }
        };
        &self.running.insert(running).1
    }

    /// The summary for this ledger and filter (see [`TotalsView::totals`]).
    pub fn summary(&mut self, feed: &Feed<'_>, filter: &Filter) -> &Summary {
        self.totals(feed, filter).summary()
    }

    /// Brings the totals and the tables in `lang` up to date (each only when stale).
    fn refresh(&mut self, feed: &Feed<'_>, filter: &Filter, lang: Lang) {
        self.totals(feed, filter);
        let key = (feed.version, lang, self.include_other);
        if !matches!(&self.tables, Some((k, _)) if *k == key)
            && let Some((_, totals)) = &self.running
        {
            let t = Tables::new(feed.ledger, totals, lang, self.include_other);
            self.tables = Some((key, Box::new(t)));
        }
    }
}

fn period_text(filter: &Filter, lang: Lang) -> String {
    let d = |x: Option<chrono::NaiveDate>| x.map_or("…".to_string(), |d| d.to_string());
    match (filter.from, filter.to) {
        (None, None) => words::TOTALS_ALL_DATES.get(lang).to_string(),
        (from, to) => format!("{} — {}", d(from), d(to)),
    }
}

/// Shows every table and chart of the summary, the headline, the targets panel and the
/// year-over-year tables. Targets set in the panel come back as `Edit` commands.
pub fn totals_ui(
    ui: &mut egui::Ui,
    view: &mut TotalsView,
    feed: &Feed<'_>,
    filter: &Filter,
    (lang, editable): (Lang, bool),
    cmds: &mut Vec<Command>,
) {
    view.refresh(feed, filter, lang);
    let ledger = feed.ledger;
    let TotalsView {
        running: Some((_, totals)),
        tables: Some((_, t)),
        include_other,
        targets,
        heights,
        ..
    } = view
    else {
        return;
    };
    let s = totals.summary();
    let r = &t.report;
    egui::ScrollArea::vertical()
        .id_salt("totals_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let shape = Shape::sized(1, usize::from(*include_other), ui, lang);
            section(ui, heights, "head", shape, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.heading(crate::report::title(ledger, lang));
                    ui.label(RichText::new(period_text(filter, lang)).strong());
                    if !filter.is_empty()
                        && (filter.from.is_none() || filter.to.is_none() || filter.text.is_empty())
                    {
                        ui.label(
                            RichText::new(words::TOTALS_FOLLOWS_LEDGER_FILTER.get(lang)).weak(),
                        );
                    }
                    ui.checkbox(include_other, report_words::SHOW_OTHER.get(lang));
                });
                headline_ui(ui, &s.overall, lang, *include_other);
                overview_ui(ui, &s.overall, lang, *include_other);
                ui.add_space(8.0);
            });

            let default_year = t.year;
            let indicators = crate::ledger::IndicatorRef::all(ledger).len();
            let shape = Shape::sized(indicators, usize::from(targets.message.is_some()), ui, lang);
            section(ui, heights, "targets", shape, |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    targets_panel_ui(
                        ui,
                        targets,
                        ledger,
                        totals,
                        default_year,
                        lang,
                        editable,
                        cmds,
                    );
                });
                ui.add_space(10.0);
            });

            titled_table_ui(ui, heights, lang, "by_village", &r.by_village);
            titled_table_ui(ui, heights, lang, "by_department", &r.by_department);
            let bars = s.by_village.rows.len().max(s.by_department.rows.len());
            section(
                ui,
                heights,
                "charts",
                Shape::sized(bars, 2, ui, lang),
                |ui| {
                    ui.add_space(6.0);
                    ui.columns(2, |cols| {
                        bar_chart_ui(
                            &mut cols[0],
                            "chart_village",
                            &s.by_village,
                            ledger,
                            lang,
                            Color32::from_rgb(70, 130, 180),
                        );
                        bar_chart_ui(
                            &mut cols[1],
                            "chart_department",
                            &s.by_department,
                            ledger,
                            lang,
                            Color32::from_rgb(200, 110, 50),
                        );
                    });
                },
            );

            titled_table_ui(ui, heights, lang, "yoy_village", &r.yoy_village);
            titled_table_ui(ui, heights, lang, "yoy_department", &r.yoy_department);
            if r.cross.body().next().is_none() {
                ui.heading(&r.cross.title);
                ui.label(RichText::new(words::TOTALS_NO_ENTRIES.get(lang)).weak());
                ui.add_space(10.0);
            } else {
                titled_table_ui(ui, heights, lang, "cross", &r.cross);
            }
            titled_table_ui(ui, heights, lang, "by_category", &r.by_category);
            titled_table_ui(ui, heights, lang, "by_month", &r.by_month);
            if t.pledges.body().next().is_none() {
                ui.heading(&t.pledges.title);
                ui.label(RichText::new(words::TOTALS_NO_PLEDGES.get(lang)).weak());
            } else {
                titled_table_ui(ui, heights, lang, "pledges", &t.pledges);
            }
            ui.add_space(20.0);
        });
}

/// The headline: the unit's own input of what is shown, with what it brought in beside
/// it (and others' input when asked for).
fn headline_ui(ui: &mut egui::Ui, t: &Totals, lang: Lang, include_other: bool) {
    ui.horizontal_wrapped(|ui| {
        let item = |ui: &mut egui::Ui, label: crate::i18n::Text, fen| {
            ui.label(with_unit(label.get(lang), lang, false));
            ui.label(RichText::new(money_text(fen, false)).strong().size(18.0));
            ui.add_space(16.0);
        };
        item(ui, report_words::HEADLINE_DIRECT, t.direct.total_fen());
        item(ui, report_words::HEADLINE_INTRODUCED, t.introduced_fen());
        if include_other {
            item(ui, report_words::HEADLINE_OTHER, t.other_fen());
        }
    });
    ui.label(RichText::new(report_words::headline_note(include_other, lang)).weak());
}

/// The totals of everything shown, in the measure columns every totals table has.
fn overview_ui(ui: &mut egui::Ui, t: &Totals, lang: Lang, include_other: bool) {
    let measures = TotalsColumn::printed(include_other);
    let columns: Vec<Column> = measures
        .iter()
        .map(|c| {
            let kind = if c.is_money() {
                ColumnKind::Money
            } else {
                ColumnKind::Count
            };
            Column::new(c.heading(lang, false), c.code(), kind)
        })
        .collect();
    let overview = Table {
        title: String::new(),
        columns,
        key_columns: 0,
        rows: vec![Row {
            cells: measures.iter().map(|c| c.cell(t)).collect(),
            kind: RowKind::Body,
        }],
        in_wan: false,
        notes: Vec::new(),
    };
    table_ui(ui, "overview", &overview);
}

/// A table's title, then the table and its notes (rows left out, definitions): a
/// [`section`], drawn only when it is in the viewport.
fn titled_table_ui(
    ui: &mut egui::Ui,
    heights: &mut Heights,
    lang: Lang,
    id: &'static str,
    t: &Table,
) {
    section(ui, heights, id, Shape::of(t, ui, lang), |ui| {
        ui.heading(&t.title);
        table_ui(ui, id, t);
        for note in &t.notes {
            ui.label(RichText::new(note).weak());
        }
        ui.add_space(10.0);
    });
}

/// A report table as the app shows it: headings, body rows, total rows in bold; text
/// left, numbers right, a rate as a bar; wide tables scroll sideways.
fn table_ui(ui: &mut egui::Ui, id: &str, t: &Table) {
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        let mut table = TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .vscroll(false)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for (i, _) in t.columns.iter().enumerate() {
            // A rate is drawn as a bar; a change (+12.5%) is text.
            let bar = t
                .rows
                .iter()
                .any(|r| matches!(r.cells.get(i), Some(Cell::Percent(_))));
            table = table.column(if bar {
                ExtColumn::exact(160.0)
            } else {
                ExtColumn::auto().at_least(40.0)
            });
        }
        table
            .header(height, |mut header| {
                for c in &t.columns {
                    header.col(|ui| {
                        aligned(ui, c.align, |ui| {
                            ui.strong(&c.heading);
                        });
                    });
                }
            })
            // Only the rows inside the viewport are laid out (all rows are one height).
            .body(|body| {
                body.rows(height, t.rows.len(), |mut row| {
                    let Some(r) = t.rows.get(row.index()) else {
                        return;
                    };
                    for (cell, c) in r.cells.iter().zip(&t.columns) {
                        row.col(|ui| cell_ui(ui, cell, c, r.kind, t.in_wan));
                    }
                });
            });
    });
}

fn aligned(ui: &mut egui::Ui, align: Align, add: impl FnOnce(&mut egui::Ui)) {
    let layout = match align {
        Align::Left => egui::Layout::left_to_right(egui::Align::Center),
        Align::Right => egui::Layout::right_to_left(egui::Align::Center),
        Align::Center => egui::Layout::centered_and_justified(egui::Direction::LeftToRight),
    };
    ui.with_layout(layout, add);
}

fn cell_ui(ui: &mut egui::Ui, cell: &Cell, c: &Column, kind: RowKind, in_wan: bool) {
    if let Cell::Percent(bp) = cell {
        let rate = bp.unwrap_or(0) as f32 / 10_000.0;
        aligned(ui, c.align, |ui| {
            ui.add(
                egui::ProgressBar::new(rate.clamp(0.0, 1.0))
                    .desired_width(ui.available_width())
                    .text(table::percent_text(*bp)),
            );
        });
        return;
    }
    let text = match cell {
        // A pair with no entries in the village × department table.
        Cell::Empty if c.kind == ColumnKind::Money => RichText::new("—").weak(),
        _ => RichText::new(cell.display(c, in_wan)),
    };
    aligned(ui, c.align, |ui| {
        if kind == RowKind::Total {
            ui.label(text.strong());
        } else {
            ui.label(text);
        }
    });
}

/// A horizontal bar per row (names on the left, read top to bottom like the table).
fn bar_chart_ui(
    ui: &mut egui::Ui,
    id: &str,
    g: &Grouping,
    ledger: &Ledger,
    lang: Lang,
    color: Color32,
) {
    let labels: Vec<String> = g
        .rows
        .iter()
        .map(|r| {
            r.key
                .first()
                .map(|k: &KeyValue| k.label(ledger, lang))
                .unwrap_or_default()
        })
        .collect();
    let n = labels.len();
    // Row i is drawn at height n-1-i so the first row is on top.
    let bars: Vec<Bar> = g
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Bar::new((n - 1 - i) as f64, r.totals.total_fen().0 as f64 / 100.0)
                .width(0.6)
                .name(labels.get(i).cloned().unwrap_or_default())
                .fill(color)
        })
        .collect();
    let chart = BarChart::new(words::CHART_TOTAL_YUAN.get(lang), bars)
        .color(color)
        .horizontal();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(2) as f32;
    Plot::new(id)
        .height((26.0 * n as f32 + 40.0).max(120.0))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        .include_x(0.0)
        .default_y_bounds(-0.6, n as f64 - 0.4)
        .y_axis_min_width(widest * 14.0 + 8.0)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                labels.get(n - 1 - i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(move |mark, _| words::axis_amount(lang, mark.value))
        .show(ui, |plot_ui| plot_ui.bar_chart(chart));
}
