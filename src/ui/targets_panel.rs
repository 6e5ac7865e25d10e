//! The targets panel of the totals view: for a chosen year, each indicator of the
//! responsibility letter (责任书) with its target, what the year's entries completed and a
//! progress bar; the target can be typed and set. Completion is never typed: it comes from
//! `summary::progress`. A set target is an `Edit` pushed as a command (undo, journal and
//! save follow from that); the widget does no I/O.

use super::commands::Command;
use crate::i18n::{Lang, fields, report as words};
use crate::ledger::targets::parse_amount;
use crate::ledger::{Fen, IndicatorRef, Ledger};
use crate::report::table::percent_text;
use crate::summary::{IndicatorProgress, RunningTotals};
use eframe::egui;
use egui::RichText;
use std::collections::HashMap;

/// The panel's state: the year shown, targets being typed, the last problem.
#[derive(Debug, Default)]
pub struct TargetsPanel {
    /// The year shown; `None` until the user picks one (then the view's default year).
    pub year: Option<i32>,
    /// Targets as typed, per indicator, until they are set.
    drafts: HashMap<(i32, IndicatorRef), String>,
    /// The last problem with a typed target.
    pub message: Option<String>,
}

/// A target as it is shown in its field before the user types: yuan for money, a whole
/// number for a count, empty when none is set.
fn target_text(p: &IndicatorProgress) -> String {
    match p.target {
        Some(t) if p.money => Fen(t).plain(),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

/// What a target or completion reads as in the panel: `100.00 万元`, `120 人次`.
fn amount_text(money: bool, n: i64, unit: &str, lang: Lang) -> String {
    if money {
        format!("{} {}", Fen(n).display_wan(), fields::WAN_YUAN.get(lang))
    } else {
        format!("{n} {unit}")
    }
}

/// Draws the panel; pushes an `Edit` for every target the user sets.
#[allow(clippy::too_many_arguments)]
pub fn targets_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut TargetsPanel,
    ledger: &Ledger,
    totals: &RunningTotals,
    default_year: i32,
    lang: Lang,
    editable: bool,
    cmds: &mut Vec<Command>,
) {
    let year = *panel.year.get_or_insert(default_year);
    ui.horizontal(|ui| {
        ui.heading(words::TARGETS_PANEL.get(lang));
        let label = ui.label(words::TARGETS_YEAR.get(lang));
        let mut y = year;
        ui.add(egui::DragValue::new(&mut y).range(2000..=2100))
            .labelled_by(label.id);
        if y != year {
            panel.year = Some(y);
            panel.message = None;
        }
    });
    let year = panel.year.unwrap_or(default_year);
    // Completion per year is kept up to date from each edit: no pass over the entries.
    let rows = totals.progress(ledger, year, lang);
    let mut set: Option<(IndicatorRef, bool, String, String)> = None;
    egui::Grid::new("targets_panel")
        .num_columns(4)
        .spacing([14.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for h in [
                fields::INDICATOR,
                fields::TARGET,
                fields::COMPLETED,
                fields::COMPLETION_RATE,
            ] {
                ui.strong(h.get(lang));
            }
            ui.end_row();
            for p in &rows {
                let name_label = ui.label(&p.name);
                ui.horizontal(|ui| {
                    let key = (year, p.indicator);
                    let mut text = panel
                        .drafts
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| target_text(p));
                    let hint = if p.money {
                        words::TARGETS_HINT_MONEY
                    } else {
                        words::TARGETS_HINT_COUNT
                    };
                    let field_name = words::target_field_label(&p.name, lang);
                    let response = ui.add_enabled(
                        editable,
                        egui::TextEdit::singleline(&mut text)
                            .hint_text(hint.get(lang))
                            .desired_width(110.0),
                    );
                    let response = response.labelled_by(name_label.id);
                    if response.changed() {
                        panel.drafts.insert(key, text.clone());
                    }
                    let unit = if p.money {
                        fields::YUAN.get(lang).to_string()
                    } else {
                        p.unit.clone()
                    };
                    ui.label(unit);
                    let enter = response.lost_focus()
                        && ui.input(|i| i.key_pressed(egui::Key::Enter))
                        && panel.drafts.contains_key(&key);
                    let button = ui.add_enabled(
                        editable && panel.drafts.contains_key(&key),
                        egui::Button::new(words::TARGETS_SET.get(lang)),
                    );
                    if enter || button.clicked() {
                        set = Some((p.indicator, p.money, text.clone(), field_name.clone()));
                    }
                });
                ui.label(amount_text(p.money, p.actual, &p.unit, lang));
                let rate = p.rate_bp.map_or(0.0, |bp| bp as f32 / 10_000.0);
                let mut bar_text = percent_text(p.rate_bp);
                if p.over {
                    bar_text = format!("{bar_text} {}", fields::OVER_COMPLETED.get(lang));
                }
                ui.add(
                    egui::ProgressBar::new(rate.clamp(0.0, 1.0))
                        .desired_width(220.0)
                        .text(bar_text),
                );
                ui.end_row();
            }
        });
    if let Some((indicator, money, text, field_name)) = set {
        let key = (year, indicator);
        let amount = if text.trim().is_empty() {
            Ok(None)
        } else {
            parse_amount(&text, money).map(Some)
        };
        match amount {
            Ok(amount) => {
                panel.drafts.remove(&key);
                panel.message = None;
                if ledger.target(year, indicator) != amount {
                    cmds.push(Command::Edit(ledger.set_target(year, indicator, amount)));
                }
            }
            Err(problem) => {
                panel.message = Some(words::field_problem(
                    &field_name,
                    &problem.message(lang),
                    lang,
                ));
            }
        }
    }
    if let Some(m) = &panel.message {
        ui.colored_label(ui.visuals().error_fg_color, m);
    }
    ui.label(RichText::new(words::TARGETS_PANEL_NOTE.get(lang)).weak());
}
