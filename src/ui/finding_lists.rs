//! The rectification ledger's two lists, edited beside the form: inspection rounds
//! (问题来源: name, date, organiser) and finding categories (rename, add, delete when
//! unused). Each change is one [`Command::Edit`]; no I/O.

use super::commands::Command;
use crate::i18n::{Lang, findings as words};
use crate::ledger::Ledger;
use crate::ledger::edit::Edit;
use crate::ledger::findings::{FindingCategory, FindingEdit, Round, RoundId};
use crate::ledger::validate::parse_date;
use eframe::egui;
use egui::{Color32, RichText};
use std::collections::HashMap;

/// What is being typed in the lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListsEditor {
    /// Per round: the round as it was when typing began, and name, date, organiser as typed.
    rounds: HashMap<RoundId, (Round, (String, String, String))>,
    /// Per category id: the category as it was, and the name as typed.
    categories: HashMap<u32, (FindingCategory, String)>,
    /// A new category's name.
    new_category: String,
    /// A new round's name.
    new_round: String,
    /// The last problem.
    error: Option<String>,
}

/// Draws both lists; edits go to `cmds`.
pub fn lists_ui(
    ui: &mut egui::Ui,
    ed: &mut ListsEditor,
    ledger: &Ledger,
    lang: Lang,
    editable: bool,
    cmds: &mut Vec<Command>,
) {
    egui::CollapsingHeader::new(words::sources_list(lang, ledger.rounds.len()))
        .id_salt("finding_rounds")
        .show(ui, |ui| {
            ui.add_enabled_ui(editable, |ui| rounds_ui(ui, ed, ledger, lang, cmds));
        });
    egui::CollapsingHeader::new(words::categories_list(
        lang,
        ledger.finding_categories.len(),
    ))
    .id_salt("finding_categories")
    .show(ui, |ui| {
        ui.add_enabled_ui(editable, |ui| categories_ui(ui, ed, ledger, lang, cmds));
    });
    if let Some(e) = &ed.error {
        ui.label(RichText::new(e).color(Color32::from_rgb(180, 30, 30)));
    }
}

fn rounds_ui(
    ui: &mut egui::Ui,
    ed: &mut ListsEditor,
    ledger: &Ledger,
    lang: Lang,
    cmds: &mut Vec<Command>,
) {
    for r in &ledger.rounds {
        let fresh = || {
            (
                r.clone(),
                (
                    r.name.clone(),
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                    r.organiser.clone(),
                ),
            )
        };
        let slot = ed.rounds.entry(r.id).or_insert_with(fresh);
        if slot.0 != *r {
            // Changed elsewhere (undo, another edit): show the ledger again.
            *slot = fresh();
        }
        let typed = &mut slot.1;
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut typed.0).desired_width(90.0))
                .accessible_name(words::NAME.get(lang));
            ui.add(
                egui::TextEdit::singleline(&mut typed.1)
                    .hint_text(words::ROUND_DATE.get(lang))
                    .desired_width(80.0),
            )
            .accessible_name(words::ROUND_DATE.get(lang));
            ui.add(
                egui::TextEdit::singleline(&mut typed.2)
                    .hint_text(words::ORGANISER.get(lang))
                    .desired_width(110.0),
            )
            .accessible_name(words::ORGANISER.get(lang));
        });
        let (name, date, organiser) = typed.clone();
        ui.horizontal(|ui| {
            if ui.small_button(words::APPLY.get(lang)).clicked() {
                let date = match date.trim() {
                    "" => Ok(None),
                    t => parse_date(t).map(Some).map_err(|_| {
                        words::field_problem(
                            lang,
                            words::ROUND_DATE.get(lang),
                            &crate::ledger::findings::FindingProblem::NotADate(t.to_string()),
                        )
                    }),
                };
                match date {
                    Ok(date) => {
                        let after = Round {
                            id: r.id,
                            name: name.trim().to_string(),
                            date,
                            organiser: organiser.trim().to_string(),
                        };
                        if after != *r {
                            push(
                                ed,
                                ledger,
                                lang,
                                cmds,
                                FindingEdit::UpdateRound {
                                    before: r.clone(),
                                    after,
                                },
                            );
                        }
                    }
                    Err(e) => ed.error = Some(e),
                }
            }
            let index = ledger.rounds.iter().position(|x| x.id == r.id).unwrap_or(0);
            if ui.small_button(words::REMOVE.get(lang)).clicked() {
                push(
                    ed,
                    ledger,
                    lang,
                    cmds,
                    FindingEdit::RemoveRound {
                        index,
                        round: r.clone(),
                    },
                );
            }
        });
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut ed.new_round)
                .hint_text(words::NEW_ROUND.get(lang))
                .desired_width(160.0),
        )
        .accessible_name(words::NEW_ROUND.get(lang));
        if ui.small_button(words::ADD.get(lang)).clicked() {
            let round = Round {
                id: ledger.next_round_id(),
                name: ed.new_round.trim().to_string(),
                date: None,
                organiser: String::new(),
            };
            let index = ledger.rounds.len();
            if push(
                ed,
                ledger,
                lang,
                cmds,
                FindingEdit::AddRound { index, round },
            ) {
                ed.new_round.clear();
            }
        }
    });
}

fn categories_ui(
    ui: &mut egui::Ui,
    ed: &mut ListsEditor,
    ledger: &Ledger,
    lang: Lang,
    cmds: &mut Vec<Command>,
) {
    for (index, c) in ledger.finding_categories.iter().enumerate() {
        let slot = ed
            .categories
            .entry(c.id.0)
            .or_insert_with(|| (c.clone(), c.name.clone()));
        if slot.0 != *c {
            *slot = (c.clone(), c.name.clone());
        }
        let typed = &mut slot.1;
        let mut rename = None;
        let mut remove = false;
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(typed).desired_width(150.0))
                .accessible_name(words::CATEGORY.get(lang));
            if ui.small_button(words::APPLY.get(lang)).clicked() && typed.trim() != c.name {
                rename = Some(typed.trim().to_string());
            }
            remove = ui.small_button(words::REMOVE.get(lang)).clicked();
        });
        if let Some(name) = rename {
            push(
                ed,
                ledger,
                lang,
                cmds,
                FindingEdit::UpdateCategory {
                    before: c.clone(),
                    after: FindingCategory { id: c.id, name },
                },
            );
        }
        if remove {
            push(
                ed,
                ledger,
                lang,
                cmds,
                FindingEdit::RemoveCategory {
                    index,
                    category: c.clone(),
                },
            );
        }
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut ed.new_category)
                .hint_text(words::NEW_CATEGORY.get(lang))
                .desired_width(150.0),
        )
        .accessible_name(words::NEW_CATEGORY.get(lang));
        if ui.small_button(words::ADD.get(lang)).clicked() {
            let category = FindingCategory {
                id: ledger.next_finding_category_id(),
                name: ed.new_category.trim().to_string(),
            };
            let index = ledger.finding_categories.len();
            if push(
                ed,
                ledger,
                lang,
                cmds,
                FindingEdit::AddCategory { index, category },
            ) {
                ed.new_category.clear();
            }
        }
    });
}

/// Checks an edit on a copy first, so a refusal is shown here and nothing is sent.
fn push(
    ed: &mut ListsEditor,
    ledger: &Ledger,
    lang: Lang,
    cmds: &mut Vec<Command>,
    edit: FindingEdit,
) -> bool {
    let edit = Edit::Finding(edit);
    match ledger.clone().apply(&edit) {
        Ok(()) => {
            ed.error = None;
            // Forget what was typed, so the lists show the ledger as it becomes.
            ed.rounds.clear();
            ed.categories.clear();
            cmds.push(Command::Edit(edit));
            true
        }
        Err(e) => {
            ed.error = Some(e.message(lang));
            false
        }
    }
}
