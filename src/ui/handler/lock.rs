//! The period lock (结账, issue 13 §4): locking, moving and lifting it as one edit.

use crate::ledger::Edit;
use crate::ui::app::App;

impl App {
    /// Locks, moves or lifts the period lock as the dialog asks: one edit, with who
    /// (`user@host`) and when, saved and undoable like any other. A refusal stays in the
    /// dialog and the status bar; a done request closes the dialog.
    pub(super) fn run_lock(&mut self, request: crate::ui::lock_dialog::LockRequest) {
        use crate::ui::lock_dialog::LockRequest;
        let lang = self.lang();
        let Some(before) = self.doc.as_ref().map(|d| d.ledger.lock.as_deref().cloned()) else {
            return;
        };
        let edit = match request {
            LockRequest::Close => {
                self.lock_dialog = None;
                return;
            }
            LockRequest::Lock { until, reason } => Edit::SetLock {
                before,
                after: Some(crate::ledger::lock::PeriodLock {
                    until,
                    reason,
                    by: crate::store::journal::saved_by(),
                    at: {
                        use chrono::Timelike;
                        let now = chrono::Local::now().fixed_offset();
                        now.with_nanosecond(0).unwrap_or(now)
                    },
                }),
                unlock_reason: String::new(),
            },
            LockRequest::Unlock { reason } => match before {
                Some(lock) => Edit::SetLock {
                    before: Some(lock),
                    after: None,
                    unlock_reason: reason,
                },
                None => {
                    self.message = Some(crate::i18n::lock::NOT_LOCKED.get(lang).to_string());
                    return;
                }
            },
        };
        self.message = None;
        self.apply_edit(edit);
        match self.message.clone() {
            Some(refused) => {
                if let Some(d) = self.lock_dialog.as_mut() {
                    d.error = Some(refused);
                }
            }
            None => {
                self.lock_dialog = None;
                let now = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.ledger.lock.as_deref().cloned());
                self.message = Some(match now {
                    Some(l) => crate::i18n::lock::locked_until(lang, l.until),
                    None => crate::i18n::lock::UNLOCKED.get(lang).to_string(),
                });
            }
        }
    }
}
