//! 编辑 → 结账…: the period lock. Nothing locked: a date (the end of last month to begin
//! with), a reason and 结账. Locked: the lock in one line (截至 …, who, when, why), the
//! date can be moved, and 取消结账 with its own reason. The dialog only returns requests;
//! the handler makes the edit (with who and when) and applies it.

use super::commands::Command;
use crate::i18n::{Lang, lock as words};
use crate::ledger::lock::{PeriodLock, clean_reason, end_of_last_month};
use crate::ledger::validate::parse_date;
use chrono::NaiveDate;
use eframe::egui::{self, Color32, RichText};

/// What the dialog asks the app to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockRequest {
    /// Lock up to this day (or move the lock there), for this reason.
    Lock {
        /// The last locked day.
        until: NaiveDate,
        /// Why (trimmed, not empty).
        reason: String,
    },
    /// Lift the lock, for this reason.
    Unlock {
        /// Why (trimmed, not empty).
        reason: String,
    },
    /// Close the dialog.
    Close,
}

/// The dialog's state while it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockDialog {
    /// The date as typed.
    pub until: String,
    /// The reason to lock, as typed.
    pub reason: String,
    /// The reason to unlock, as typed.
    pub unlock_reason: String,
    /// Why the last request was refused (set by the handler).
    pub error: Option<String>,
}

impl LockDialog {
    /// A dialog offering the end of the month before `today` (or the lock's own day).
    pub fn new(today: NaiveDate, lock: Option<&PeriodLock>) -> LockDialog {
        let until = lock.map_or_else(|| end_of_last_month(today), |l| l.until);
        LockDialog {
            until: until.to_string(),
            reason: String::new(),
            unlock_reason: String::new(),
            error: None,
        }
    }

    /// Draws the dialog; `lock` is the ledger's lock now, `editable` false on a read-only
    /// ledger (the lock is shown, the buttons are off).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        lock: Option<&PeriodLock>,
        editable: bool,
    ) -> Option<Command> {
        let mut request = None;
        let mut open = true;
        egui::Window::new(words::DIALOG_TITLE.get(lang))
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                request = self.body_ui(ui, lang, lock, editable);
            });
        if !open {
            request = Some(LockRequest::Close);
        }
        request.map(Command::Lock)
    }

    fn body_ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        lock: Option<&PeriodLock>,
        editable: bool,
    ) -> Option<LockRequest> {
        let mut request = None;
        let now = match lock {
            Some(l) => RichText::new(l.line(lang)).strong(),
            None => RichText::new(words::NOT_LOCKED_NOW.get(lang)).weak(),
        };
        ui.label(now);
        ui.label(
            RichText::new(words::DIALOG_EXPLAIN.get(lang))
                .small()
                .weak(),
        );
        ui.separator();
        let until = parse_date(&self.until);
        let reason = clean_reason(&self.reason);
        ui.add_enabled_ui(editable, |ui| {
            egui::Grid::new("lock_dialog_grid")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    let label = ui.label(words::UNTIL_LABEL.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut self.until).desired_width(120.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(words::REASON_LABEL.get(lang));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.reason)
                            .hint_text(words::REASON_HINT.get(lang))
                            .desired_width(300.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
            let why_not = match (&until, &reason) {
                (Err(_), _) => Some(words::BAD_DATE.get(lang).to_string()),
                (_, Err(p)) => Some(p.message(lang)),
                _ => None,
            };
            let text = if lock.is_some() {
                words::MOVE_BUTTON
            } else {
                words::LOCK_BUTTON
            };
            let button = ui
                .add_enabled(why_not.is_none(), egui::Button::new(text.get(lang)))
                .on_disabled_hover_text(why_not.clone().unwrap_or_default());
            if let (true, Ok(until), Ok(reason)) = (button.clicked(), &until, &reason) {
                request = Some(LockRequest::Lock {
                    until: *until,
                    reason: reason.clone(),
                });
            }
            // A typed date that cannot be read says so at once; an empty reason only
            // greys the button (its tooltip says why).
            if until.is_err() {
                warn_ui(ui, words::BAD_DATE.get(lang));
            }
            if lock.is_some() {
                ui.separator();
                let unlock = clean_reason(&self.unlock_reason);
                ui.horizontal(|ui| {
                    let label = ui.label(words::UNLOCK_REASON_LABEL.get(lang));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.unlock_reason).desired_width(240.0),
                    )
                    .labelled_by(label.id);
                    let why_not = unlock.as_ref().err().map(|p| p.message(lang));
                    let button = ui
                        .add_enabled(
                            why_not.is_none(),
                            egui::Button::new(words::UNLOCK_BUTTON.get(lang)),
                        )
                        .on_disabled_hover_text(why_not.unwrap_or_default());
                    if let (true, Ok(reason)) = (button.clicked(), &unlock) {
                        request = Some(LockRequest::Unlock {
                            reason: reason.clone(),
                        });
                    }
                });
            }
        });
        if let Some(e) = &self.error {
            warn_ui(ui, e);
        }
        ui.separator();
        if ui.button(words::CLOSE.get(lang)).clicked() {
            request = Some(LockRequest::Close);
        }
        request
    }
}

fn warn_ui(ui: &mut egui::Ui, text: &str) {
    ui.label(RichText::new(text).color(Color32::from_rgb(200, 40, 40)));
}
