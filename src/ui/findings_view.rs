//! The 整改台账 view: filters (village, source, category, status, responsible, overdue,
//! due within N days), counts per village, the findings table with overdue rows in red
//! and those due soon in amber, bulk status change, and links to entries both ways. The
//! keyboard form ([`super::finding_form`]) sits on the right. No I/O: edits are pushed as
//! [`Command::Edit`]s.

use super::commands::{Command, UiCommand};
use super::finding_form::{FindingForm, editing_id, finding_form_ui};
use crate::i18n::{Lang, findings as words};
use crate::ledger::edit::{BatchLabel, Edit};
use crate::ledger::findings::{Finding, FindingId, FindingStatus};
use crate::ledger::validate::parse_date;
use crate::ledger::{EntryId, Ledger};
use crate::summary::findings::{FindingFilter, FindingKey, summarize};
use chrono::NaiveDate;
use eframe::egui;
use egui::{Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use std::collections::BTreeSet;

/// Red of an overdue finding.
pub const OVERDUE_RED: Color32 = Color32::from_rgb(200, 30, 30);
/// Amber of a finding due soon.
pub const DUE_SOON_AMBER: Color32 = Color32::from_rgb(205, 125, 0);

/// The view's state.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingsView {
    /// Which findings are shown.
    pub filter: FindingFilter,
    /// "Due soon" means within this many days (the amber rows, the due-within filter).
    pub soon_days: u32,
    /// The due-within filter is on.
    pub due_filter: bool,
    /// Only the findings linked to this entry.
    pub only_entry: Option<EntryId>,
    /// Checked rows (bulk change).
    pub checked: BTreeSet<FindingId>,
    /// The bulk change's status, date and 验收人.
    pub bulk_status: FindingStatus,
    /// Its date (完成时间 or 验收时间), as typed.
    pub bulk_date: String,
    /// Its 验收人.
    pub bulk_by: String,
    /// A problem with the last bulk change.
    pub bulk_error: Option<String>,
    /// 截至: the as-of date of overdue and due soon, as typed (empty: today).
    pub as_of: String,
    /// The keyboard form.
    pub form: FindingForm,
    /// The rounds and categories lists.
    pub lists: super::finding_lists::ListsEditor,
}

impl Default for FindingsView {
    fn default() -> FindingsView {
        FindingsView {
            filter: FindingFilter::default(),
            soon_days: 10,
            due_filter: false,
            only_entry: None,
            checked: BTreeSet::new(),
            bulk_status: FindingStatus::Done,
            bulk_date: String::new(),
            bulk_by: String::new(),
            bulk_error: None,
            as_of: String::new(),
            form: FindingForm::default(),
            lists: super::finding_lists::ListsEditor::default(),
        }
    }
}

impl FindingsView {
    /// The findings the filters keep, in id order.
    pub fn shown<'a>(&self, ledger: &'a Ledger, as_of: NaiveDate) -> Vec<&'a Finding> {
        let mut filter = self.filter.clone();
        filter.due_within = self.due_filter.then_some(self.soon_days);
        filter
            .apply(ledger, as_of)
            .into_iter()
            .filter(|f| self.only_entry.is_none_or(|e| f.links.contains(&e)))
            .collect()
    }

    /// The edit that moves every checked finding to the bulk status (one undo step), or
    /// why not.
    pub fn bulk_edit(&self, ledger: &Ledger, lang: Lang) -> Result<Edit, String> {
        let on = match self.bulk_date.trim() {
            "" => None,
            t => Some(parse_date(t).map_err(|_| {
                words::field_problem(
                    lang,
                    words::DONE_ON.get(lang),
                    &crate::ledger::findings::FindingProblem::NotADate(t.to_string()),
                )
            })?),
        };
        let edits: Vec<Edit> = self
            .checked
            .iter()
            .filter_map(|id| ledger.set_finding_status(*id, self.bulk_status, on, &self.bulk_by))
            .collect();
        let mut trial = ledger.clone();
        let edit = Edit::Batch {
            label: BatchLabel::FindingsStatus {
                findings: edits.len(),
                status: self.bulk_status,
            },
            edits,
        };
        trial.apply(&edit).map_err(|e| e.message(lang))?;
        Ok(edit)
    }
}

/// What the view asks of the app besides edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingsAction {
    /// Show this entry in the ledger tab (a link followed).
    ShowEntry(EntryId),
}

fn combo(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    value: &mut Option<String>,
    names: Vec<String>,
    lang: Lang,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(
            value
                .clone()
                .unwrap_or_else(|| words::ANY.get(lang).to_string()),
        )
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, words::ANY.get(lang));
            for n in names {
                ui.selectable_value(value, Some(n.clone()), n);
            }
        })
        .response
        .labelled_by(l.id);
}

/// The tab: form on the right, filters, counts, bulk row and table in the middle.
/// `selected_entry` is the entry selected in the ledger tab (the way from an entry to its
/// findings). Returns a link to follow, if one was clicked.
#[allow(clippy::too_many_arguments)]
pub fn findings_ui(
    ui: &mut egui::Ui,
    view: &mut FindingsView,
    ledger: &Ledger,
    lang: Lang,
    today: NaiveDate,
    selected_entry: Option<EntryId>,
    editable: bool,
    cmds: &mut Vec<Command>,
) -> Option<FindingsAction> {
    let mut action = None;
    egui::Panel::right("finding_form")
        .resizable(true)
        .default_size(340.0)
        .min_size(280.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("finding_form_scroll")
                .show(ui, |ui| {
                    finding_form_ui(ui, &mut view.form, ledger, lang, today, editable, cmds);
                    ui.separator();
                    super::finding_lists::lists_ui(
                        ui,
                        &mut view.lists,
                        ledger,
                        lang,
                        editable,
                        cmds,
                    );
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        action = central_ui(
            ui,
            view,
            ledger,
            lang,
            today,
            selected_entry,
            editable,
            cmds,
        );
    });
    action
}

#[allow(clippy::too_many_arguments)]
fn central_ui(
    ui: &mut egui::Ui,
    view: &mut FindingsView,
    ledger: &Ledger,
    lang: Lang,
    today: NaiveDate,
    selected_entry: Option<EntryId>,
    editable: bool,
    cmds: &mut Vec<Command>,
) -> Option<FindingsAction> {
    let mut action = None;
    // The as-of date: typed, else today; a date that does not parse is said so.
    let typed_as_of = match view.as_of.trim() {
        "" => Ok(today),
        t => parse_date(t).map_err(|_| {
            words::field_problem(
                lang,
                words::AS_OF.get(lang),
                &crate::ledger::findings::FindingProblem::NotADate(t.to_string()),
            )
        }),
    };
    let as_of_error = typed_as_of.as_ref().err().cloned();
    let today = typed_as_of.unwrap_or(today);
    // Filters.
    ui.horizontal_wrapped(|ui| {
        let villages = ledger.villages.iter().map(|v| v.name.clone()).collect();
        combo(
            ui,
            "ff_village",
            words::VILLAGE.get(lang),
            &mut view.filter.village,
            villages,
            lang,
        );
        let rounds = ledger.rounds.iter().map(|r| r.name.clone()).collect();
        combo(
            ui,
            "ff_round",
            words::ROUND.get(lang),
            &mut view.filter.round,
            rounds,
            lang,
        );
        let cats = ledger
            .finding_categories
            .iter()
            .map(|c| c.name.clone())
            .collect();
        combo(
            ui,
            "ff_category",
            words::CATEGORY.get(lang),
            &mut view.filter.category,
            cats,
            lang,
        );
        let l = ui.label(words::STATUS.get(lang));
        let mut status = view.filter.statuses.first().copied();
        egui::ComboBox::from_id_salt("ff_status")
            .selected_text(status.map_or(words::ANY.get(lang), |s| s.label(lang)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut status, None, words::ANY.get(lang));
                for s in FindingStatus::ALL {
                    ui.selectable_value(&mut status, Some(s), s.label(lang));
                }
            })
            .response
            .labelled_by(l.id);
        view.filter.statuses = status.into_iter().collect();
        let l = ui.label(words::RESPONSIBLE_FILTER.get(lang));
        ui.add(egui::TextEdit::singleline(&mut view.filter.responsible).desired_width(90.0))
            .labelled_by(l.id);
        ui.checkbox(
            &mut view.filter.overdue,
            RichText::new(words::OVERDUE.get(lang)).color(OVERDUE_RED),
        );
        ui.checkbox(
            &mut view.due_filter,
            RichText::new(words::DUE_WITHIN.get(lang)).color(DUE_SOON_AMBER),
        );
        ui.add(egui::DragValue::new(&mut view.soon_days).range(0..=365))
            .accessible_name(words::DUE_WITHIN.get(lang));
        if ui.button(words::CLEAR_FILTERS.get(lang)).clicked() {
            view.filter = FindingFilter::default();
            view.due_filter = false;
            view.only_entry = None;
        }
        ui.separator();
        let import = UiCommand::ImportFindings;
        if ui
            .add_enabled(editable, egui::Button::new(import.label().get(lang)))
            .on_hover_text(words::IMPORT_FINDINGS_TIP.get(lang))
            .clicked()
        {
            cmds.push(import.into());
        }
    });
    // From an entry to its findings.
    if let Some(id) = selected_entry
        && let Some(e) = ledger.entry(id)
    {
        let n = ledger.findings_linking(id).count();
        ui.horizontal(|ui| {
            ui.label(words::selected_entry_links(lang, id.0, &e.what, n));
            let mut only = view.only_entry == Some(id);
            if ui
                .checkbox(&mut only, words::ONLY_LINKED.get(lang))
                .changed()
            {
                view.only_entry = only.then_some(id);
            }
        });
    }
    // Counts per village: 九股村 44：已销号 30 / 超期 3.
    let all: Vec<&Finding> = ledger.findings.iter().collect();
    let s = summarize(ledger, &all, FindingKey::Village, today);
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(words::AS_OF.get(lang));
        ui.add(
            egui::TextEdit::singleline(&mut view.as_of)
                .hint_text(today.to_string())
                .desired_width(86.0),
        )
        .labelled_by(l.id);
        if let Some(e) = &as_of_error {
            ui.label(RichText::new(e).color(OVERDUE_RED));
        }
        for r in &s.rows {
            let c = &r.counts;
            let text = words::village_counts(lang, &r.key, c.findings, c.verified, c.overdue);
            let color = if c.overdue > 0 {
                OVERDUE_RED
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(text).strong().color(color));
        }
    });
    let shown = view.shown(ledger, today);
    view.checked.retain(|id| ledger.finding(*id).is_some());
    // Bulk status change.
    ui.horizontal_wrapped(|ui| {
        ui.label(words::shown_of(lang, shown.len(), ledger.findings.len()));
        if ui.button(words::CHECK_ALL.get(lang)).clicked() {
            view.checked.extend(shown.iter().map(|f| f.id));
        }
        if ui.button(words::CHECK_NONE.get(lang)).clicked() {
            view.checked.clear();
        }
        ui.separator();
        ui.label(words::checked_count(lang, view.checked.len()));
        egui::ComboBox::from_id_salt("bulk_status")
            .selected_text(view.bulk_status.label(lang))
            .show_ui(ui, |ui| {
                for s in FindingStatus::ALL {
                    ui.selectable_value(&mut view.bulk_status, s, s.label(lang));
                }
            })
            .response
            .accessible_name(words::BULK_STATUS.get(lang));
        let l = ui.label(words::BULK_DATE.get(lang));
        ui.add(egui::TextEdit::singleline(&mut view.bulk_date).desired_width(90.0))
            .labelled_by(l.id);
        let l = ui.label(words::BULK_BY.get(lang));
        ui.add(egui::TextEdit::singleline(&mut view.bulk_by).desired_width(90.0))
            .labelled_by(l.id);
        let can = editable && !view.checked.is_empty();
        if ui
            .add_enabled(can, egui::Button::new(words::BULK_APPLY.get(lang)))
            .clicked()
        {
            match view.bulk_edit(ledger, lang) {
                Ok(edit) => {
                    cmds.push(Command::Edit(edit));
                    view.checked.clear();
                    view.bulk_error = None;
                }
                Err(e) => view.bulk_error = Some(e),
            }
        }
    });
    if let Some(e) = &view.bulk_error {
        ui.label(RichText::new(e).color(OVERDUE_RED));
    }
    ui.separator();
    if ledger.findings.is_empty() {
        ui.label(words::EMPTY.get(lang));
        return None;
    }
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let editing = editing_id(&view.form);
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt("findings_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .min_scrolled_height(0.0)
        .auto_shrink([false, false])
        .column(Column::exact(24.0))
        .column(Column::exact(36.0))
        .column(
            Column::initial(58.0)
                .at_least(40.0)
                .clip(true)
                .resizable(true),
        )
        .column(
            Column::initial(90.0)
                .at_least(50.0)
                .clip(true)
                .resizable(true),
        )
        .column(Column::remainder().at_least(160.0).clip(true))
        .column(
            Column::initial(110.0)
                .at_least(50.0)
                .clip(true)
                .resizable(true),
        )
        .column(Column::exact(86.0))
        .column(Column::initial(64.0).at_least(50.0).clip(true))
        .column(Column::exact(86.0))
        .column(Column::initial(80.0).at_least(40.0).clip(true))
        .header(row_height + 2.0, |mut h| {
            for t in [
                "",
                words::SEQ.get(lang),
                words::VILLAGE.get(lang),
                words::CATEGORY.get(lang),
                words::DESCRIPTION.get(lang),
                words::RESPONSIBLE_UNIT.get(lang),
                words::DEADLINE.get(lang),
                words::STATUS.get(lang),
                words::DONE_ON.get(lang),
                words::LINKS.get(lang),
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, shown.len(), |mut row| {
                let Some(f) = shown.get(row.index()) else {
                    return;
                };
                row.set_selected(editing == Some(f.id));
                let color = if f.is_overdue(today) {
                    Some(OVERDUE_RED)
                } else if f.is_due_soon(today, view.soon_days) {
                    Some(DUE_SOON_AMBER)
                } else {
                    None
                };
                let text = |t: String| match color {
                    Some(c) => RichText::new(t).color(c),
                    None => RichText::new(t),
                };
                row.col(|ui| {
                    let mut on = view.checked.contains(&f.id);
                    let r = ui
                        .checkbox(&mut on, "")
                        .accessible_name(words::check_row(lang, f.id.0));
                    if r.changed() {
                        if on {
                            view.checked.insert(f.id);
                        } else {
                            view.checked.remove(&f.id);
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(text(f.id.0.to_string()));
                });
                row.col(|ui| {
                    ui.label(text(ledger.village_name(f.village).to_string()));
                });
                row.col(|ui| {
                    ui.label(text(ledger.finding_category_name(f.category).to_string()));
                });
                row.col(|ui| {
                    ui.label(text(f.description.clone()))
                        .on_hover_text(&f.measures);
                });
                row.col(|ui| {
                    ui.label(text(f.responsible.name(ledger).to_string()));
                });
                row.col(|ui| {
                    ui.label(text(f.deadline.to_string()));
                });
                row.col(|ui| {
                    ui.label(text(f.status.label(lang).to_string()));
                });
                row.col(|ui| {
                    ui.label(text(f.done_on.map(|d| d.to_string()).unwrap_or_default()));
                });
                row.col(|ui| {
                    for id in &f.links {
                        let label = match ledger.entry(*id) {
                            Some(_) => format!("#{}", id.0),
                            None => format!("#{}{}", id.0, words::ENTRY_GONE.get(lang)),
                        };
                        let r = ui
                            .add_enabled(
                                ledger.entry(*id).is_some(),
                                egui::Button::new(label).small(),
                            )
                            .on_hover_text(ledger.entry(*id).map_or(String::new(), |e| {
                                format!("{} — {}", e.what, words::OPEN_ENTRY_TIP.get(lang))
                            }));
                        if r.clicked() {
                            action = Some(FindingsAction::ShowEntry(*id));
                        }
                    }
                });
                if row.response().clicked() {
                    clicked = Some(f.id);
                }
            });
        });
    if let Some(id) = clicked
        && let Some(f) = ledger.finding(id)
    {
        view.form = FindingForm::load(f, ledger);
    }
    action
}
