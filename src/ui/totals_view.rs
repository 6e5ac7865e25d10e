//! The totals view: per village and per department first, then village × department,
//! per category and per month, pledged versus delivered, and bar charts — all for the
//! period and filter of the ledger view. The [`Summary`] is cached and recomputed only
//! after an edit or a filter change.

use crate::i18n::fields;
use crate::i18n::{Lang, ui as words};
use crate::ledger::Ledger;
use crate::ledger::money::group_count;
use crate::summary::{Filter, Grouping, KeyValue, Summary, Totals};
use eframe::egui;
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

/// The cached summary.
#[derive(Debug, Default)]
pub struct TotalsView {
    cache: Option<(u64, Summary)>,
    /// How many times the summary was computed (for tests and measurements).
    pub computations: u64,
}

impl TotalsView {
    /// The summary for this ledger generation and filter, computed only if either changed.
    pub fn summary(&mut self, ledger: &Ledger, generation: u64, filter: &Filter) -> &Summary {
        let stale = !matches!(&self.cache, Some((g, s)) if *g == generation && s.filter == *filter);
        if stale {
            self.cache = None;
        }
        let computations = &mut self.computations;
        let (_, s) = self.cache.get_or_insert_with(|| {
            *computations += 1;
            (generation, Summary::compute(ledger, filter))
        });
        s
    }
}

fn yuan(f: crate::ledger::Fen) -> String {
    f.display()
}

fn period_text(filter: &Filter, lang: Lang) -> String {
    let d = |x: Option<chrono::NaiveDate>| x.map_or("…".to_string(), |d| d.to_string());
    match (filter.from, filter.to) {
        (None, None) => words::TOTALS_ALL_DATES.get(lang).to_string(),
        (from, to) => format!("{} — {}", d(from), d(to)),
    }
}

/// Shows every table and chart of the summary.
pub fn totals_ui(
    ui: &mut egui::Ui,
    view: &mut TotalsView,
    ledger: &Ledger,
    generation: u64,
    filter: &Filter,
    lang: Lang,
) {
    let s = view.summary(ledger, generation, filter).clone();
    egui::ScrollArea::vertical()
        .id_salt("totals_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading(format!(
                    "{}  {}",
                    ledger.unit,
                    words::TOTALS_ASSISTANCE_TOTALS.get(lang)
                ));
                ui.label(RichText::new(period_text(filter, lang)).strong());
                if !filter.is_empty()
                    && (filter.from.is_none() || filter.to.is_none() || filter.text.is_empty())
                {
                    ui.label(RichText::new(words::TOTALS_USING_THE_LEDGER_VIEW_S.get(lang)).weak());
                }
            });
            overview_ui(ui, &s.overall, lang);
            ui.add_space(8.0);

            ui.columns(2, |cols| {
                cols[0].heading(words::TOTALS_BY_VILLAGE.get(lang));
                grouping_table_ui(&mut cols[0], "by_village", &s.by_village, ledger, lang);
                cols[1].heading(words::TOTALS_BY_DEPARTMENT.get(lang));
                grouping_table_ui(
                    &mut cols[1],
                    "by_department",
                    &s.by_department,
                    ledger,
                    lang,
                );
            });
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

            ui.add_space(10.0);
            ui.heading(words::TOTALS_VILLAGE_DEPARTMENT_VALUE_YUAN.get(lang));
            cross_table_ui(ui, &s, ledger, lang);

            ui.add_space(10.0);
            ui.columns(2, |cols| {
                cols[0].heading(words::TOTALS_BY_CATEGORY.get(lang));
                grouping_table_ui(&mut cols[0], "by_category", &s.by_category, ledger, lang);
                cols[1].heading(words::TOTALS_BY_MONTH.get(lang));
                grouping_table_ui(&mut cols[1], "by_month", &s.by_month, ledger, lang);
            });

            ui.add_space(10.0);
            ui.heading(words::TOTALS_PLEDGED_AND_DELIVERED.get(lang));
            pledges_ui(ui, &s, ledger, lang);
            ui.add_space(20.0);
        });
}

fn overview_ui(ui: &mut egui::Ui, t: &Totals, lang: Lang) {
    egui::Grid::new("overview").striped(true).show(ui, |ui| {
        for h in [
            fields::ENTRIES.get(lang),
            words::TOTALS_FUNDS_YUAN.get(lang),
            words::TOTALS_GOODS_YUAN.get(lang),
            words::TOTALS_SERVICES_YUAN.get(lang),
            words::TOTALS_TOTAL_YUAN.get(lang),
            fields::HOUSEHOLDS.get(lang),
            fields::PERSONS.get(lang),
            fields::PERSON_TIMES.get(lang),
        ] {
            ui.strong(h);
        }
        ui.end_row();
        for v in [
            group_count(t.entries),
            yuan(t.funds_fen),
            yuan(t.goods_fen),
            yuan(t.services_fen),
            yuan(t.total_fen()),
            group_count(t.households),
            group_count(t.persons),
            group_count(t.person_times),
        ] {
            ui.label(v);
        }
        ui.end_row();
    });
}

fn grouping_table_ui(ui: &mut egui::Ui, id: &str, g: &Grouping, ledger: &Ledger, lang: Lang) {
    let heading = g.keys.first().map_or("", |k| k.label(lang));
    egui::Grid::new(id)
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            ui.strong(heading);
            ui.strong(fields::ENTRIES.get(lang));
            ui.strong(fields::FUNDS.get(lang));
            ui.strong(fields::GOODS.get(lang));
            ui.strong(fields::TOTAL.get(lang));
            ui.strong(words::TOTALS_HH_PERSONS_P_TIMES.get(lang));
            ui.end_row();
            for r in &g.rows {
                let name = r
                    .key
                    .first()
                    .map(|k| k.label(ledger, lang))
                    .unwrap_or_default();
                row_ui(ui, &name, &r.totals, false);
            }
            row_ui(ui, fields::TOTAL.get(lang), &g.total, true);
        });
}

fn row_ui(ui: &mut egui::Ui, name: &str, t: &Totals, strong: bool) {
    let cell = |ui: &mut egui::Ui, s: String| {
        if strong {
            ui.strong(s);
        } else {
            ui.label(s);
        }
    };
    cell(ui, name.to_string());
    cell(ui, group_count(t.entries));
    cell(ui, yuan(t.funds_fen));
    cell(ui, yuan(t.goods_fen));
    cell(ui, yuan(t.total_fen()));
    cell(
        ui,
        format!("{} / {} / {}", t.households, t.persons, t.person_times),
    );
    ui.end_row();
}

fn cross_table_ui(ui: &mut egui::Ui, s: &Summary, ledger: &Ledger, lang: Lang) {
    let c = &s.cross;
    if c.villages.is_empty() {
        ui.label(RichText::new(words::TOTALS_NO_ENTRIES_IN_THIS_RANGE.get(lang)).weak());
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("cross_scroll")
        .show(ui, |ui| {
            egui::Grid::new("cross").striped(true).show(ui, |ui| {
                ui.strong(words::TOTALS_VILLAGE_DEPARTMENT.get(lang));
                for d in &c.departments {
                    ui.strong(ledger.department_name(*d));
                }
                ui.strong(fields::TOTAL.get(lang));
                ui.end_row();
                for (vi, v) in c.villages.iter().enumerate() {
                    ui.strong(ledger.village_name(*v));
                    for cell in c.cells.get(vi).into_iter().flatten() {
                        if cell.entries == 0 {
                            ui.label(RichText::new("—").weak());
                        } else {
                            ui.label(yuan(cell.total_fen())).on_hover_text(format!(
                                "{} {}",
                                cell.entries,
                                fields::ENTRIES.get(lang)
                            ));
                        }
                    }
                    ui.strong(
                        c.village_totals
                            .get(vi)
                            .map(|t| yuan(t.total_fen()))
                            .unwrap_or_default(),
                    );
                    ui.end_row();
                }
                ui.strong(fields::TOTAL.get(lang));
                for t in &c.department_totals {
                    ui.strong(yuan(t.total_fen()));
                }
                ui.strong(yuan(c.total.total_fen()));
                ui.end_row();
            });
        });
}

fn pledges_ui(ui: &mut egui::Ui, s: &Summary, ledger: &Ledger, lang: Lang) {
    let rows: Vec<(String, Totals)> = s
        .by_village
        .rows
        .iter()
        .filter(|r| r.totals.pledged_fen.0 > 0)
        .map(|r| {
            (
                r.key
                    .first()
                    .map(|k| k.label(ledger, lang))
                    .unwrap_or_default(),
                r.totals,
            )
        })
        .collect();
    if rows.is_empty() {
        ui.label(RichText::new(words::TOTALS_NO_PLEDGES_IN_THIS_RANGE.get(lang)).weak());
        return;
    }
    egui::Grid::new("pledges").striped(true).show(ui, |ui| {
        ui.strong(fields::VILLAGE.get(lang));
        ui.strong(fields::PLEDGED.get(lang));
        ui.strong(fields::DELIVERED.get(lang));
        ui.strong(fields::DELIVERY_RATE.get(lang));
        ui.end_row();
        let overall = (fields::TOTAL.get(lang).to_string(), s.overall);
        for (name, t) in rows.iter().chain(std::iter::once(&overall)) {
            ui.label(name);
            ui.label(yuan(t.pledged_fen));
            ui.label(yuan(t.pledged_delivered_fen));
            let rate = t.delivery_rate_bp().unwrap_or(0) as f32 / 10_000.0;
            ui.add(
                egui::ProgressBar::new(rate.clamp(0.0, 1.0))
                    .desired_width(220.0)
                    .text(t.delivery_rate_text()),
            );
            ui.end_row();
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
    let chart = BarChart::new(words::TOTALS_TOTAL_YUAN.get(lang), bars)
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
