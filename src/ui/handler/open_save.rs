//! Files: opening, creating and saving a ledger under another name, restoring a backup.

use crate::i18n::ui as words;
use crate::ledger::Ledger;
use crate::ledger::changes;
use crate::store::fs::RealFs;
use crate::store::{self, Store};
use crate::ui::app::App;
use crate::ui::jobs::JobResult;
use std::path::{Path, PathBuf};

impl App {
    fn refuse_if_unsaved(&mut self) -> bool {
        if self.doc.as_ref().is_some_and(|d| d.unsaved()) {
            self.message = Some(words::UNSAVED_REFUSAL.get(self.lang()).to_string());
            return true;
        }
        false
    }

    /// Opens a ledger file off the UI thread; the current one stays until it has opened.
    pub(super) fn open_path(&mut self, path: PathBuf) {
        if self.refuse_if_unsaved() {
            return;
        }
        // Reopening the same file: let its saver finish and release the lock first.
        if self.doc.as_ref().is_some_and(|d| same_file(&d.path, &path)) {
            self.doc = None;
        }
        self.jobs
            .spawn(words::JOB_OPENING, move || JobResult::Opened {
                result: Store::open(&path).map(Box::new),
                path,
            });
    }

    pub(super) fn create_ledger(&mut self, path: &Path, unit: &str) {
        if self.refuse_if_unsaved() {
            return;
        }
        let ledger = Ledger::new(unit);
        match Store::create(path, &ledger) {
            Ok(store) => {
                self.doc = None;
                self.install(store, ledger, None);
                self.offer_sample = true;
            }
            Err(e) => self.message = Some(e.message(self.lang())),
        }
    }

    /// Saves the current ledger as a new file, which becomes the current file; its
    /// undo history comes along.
    pub fn save_as(&mut self, path: &Path) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let ledger = Ledger::clone(&doc.ledger);
        match Store::create(path, &ledger) {
            Ok(store) => {
                let history = self
                    .doc
                    .take()
                    .map(|mut d| std::mem::take(&mut d.history))
                    .unwrap_or_default();
                self.install(store, ledger, None);
                if let Some(d) = self.doc.as_mut() {
                    d.history = history;
                }
                self.message = Some(words::saved_as(lang, path));
            }
            Err(e) => self.message = Some(e.message(lang)),
        }
    }

    /// Restores a backup: the current state is saved first (so it becomes a backup
    /// itself), then the backup's content is saved as the current file. One undo step.
    pub fn restore_backup(&mut self, path: &Path) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_mut() else { return };
        if let Some(r) = &doc.read_only {
            self.message = Some(r.message(lang));
            return;
        }
        match store::read_ledger(&RealFs, path) {
            Ok(target) => {
                doc.send_save(true);
                let edit = changes::restore_backup_edit(&doc.ledger, &target);
                self.apply_edit(edit);
                self.backups = None;
                self.backups_window = None;
                self.message = Some(words::restored_from(lang, path));
            }
            Err(e) => self.message = Some(e.message(lang)),
        }
    }

    /// Lists a ledger's backups off the UI thread.
    pub(in crate::ui) fn list_backups(&mut self, ledger: &Path) {
        let ledger = ledger.to_path_buf();
        self.jobs
            .spawn(words::JOB_LISTING_BACKUPS, move || JobResult::Backups {
                list: store::backup::list(&RealFs, &ledger),
                ledger,
            });
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
