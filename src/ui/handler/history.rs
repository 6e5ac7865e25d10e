//! The edit history (issue 13): its window, the ledger as it was, restore to an edit,
//! recovering a damaged journal.

use crate::i18n::history as history_words;
use crate::i18n::ui as words;
use crate::store::fs::RealFs;
use crate::store::{self, ReadOnly, Store, journal};
use crate::ui::app::App;
use crate::ui::history_window::{
    AsOfWindow, FilterText, HistoryCommand, HistoryDone, HistoryList, HistoryWindow, Moment,
    RecoverAsk, RestoreAsk, lines_from,
};
use crate::ui::jobs::JobResult;
use crate::ui::platform::{FileFilter, FileRequest};
use crate::ui::print_dialog::{PrintDialog, ReportKind};
use std::sync::Arc;

impl App {
    pub(super) fn run_history(&mut self, c: HistoryCommand) {
        let lang = self.lang();
        match c {
            HistoryCommand::Open(entry) => match self.history.window.as_mut() {
                Some(w) => {
                    w.filter = FilterText {
                        entry: entry.map_or(String::new(), |id| id.0.to_string()),
                        ..FilterText::default()
                    };
                }
                None => self.history.window = Some(HistoryWindow::new(entry)),
            },
            HistoryCommand::Reload => self.read_history(),
            HistoryCommand::ViewAsOf(seq) => self.work_out_moment(seq, false),
            HistoryCommand::AskRestore(seq) => self.work_out_moment(seq, true),
            HistoryCommand::ConfirmRestore => {
                let Some(ask) = self.history.restore.take() else {
                    return;
                };
                let generation = self.doc.as_ref().map(|d| d.generation);
                if generation != Some(ask.generation) {
                    self.message = Some(history_words::CHANGED_MEANWHILE.get(lang).into());
                    return;
                }
                self.apply_edit(ask.edit);
                if self.doc.as_ref().map(|d| d.generation) != generation {
                    self.message = Some(history_words::restored(
                        lang,
                        ask.seq,
                        ask.undone,
                        ask.entries,
                    ));
                }
            }
            HistoryCommand::CancelRestore => self.history.restore = None,
            HistoryCommand::WriteAsOf(kind) => self.write_as_of(kind),
            HistoryCommand::CloseAsOf => self.history.as_of = None,
            HistoryCommand::AskRecover => {
                let Some(ReadOnly::JournalDamaged {
                    journal,
                    line,
                    good_seq,
                }) = self.doc.as_ref().and_then(|d| d.read_only.clone())
                else {
                    return;
                };
                self.jobs.spawn(history_words::JOB_CHECKING, move || {
                    let result = std::fs::read(&journal)
                        .map(|bytes| lines_from(&bytes, line))
                        .map_err(|source| {
                            store::StoreError::Io {
                                path: journal,
                                doing: store::Doing::Read,
                                source,
                            }
                            .message(lang)
                        });
                    JobResult::History(Box::new(HistoryDone::Checked {
                        good: good_seq,
                        line,
                        result,
                    }))
                });
            }
            HistoryCommand::ConfirmRecover => {
                let Some(ask) = self.history.recover.take() else {
                    return;
                };
                let Some(path) = self.doc.as_ref().map(|d| d.path.clone()) else {
                    return;
                };
                // This copy holds the lock of the ledger it shows read-only: it lets go
                // (the document and its saver are dropped) before the recovery takes it.
                self.doc = None;
                self.history = Default::default();
                self.jobs.spawn(history_words::JOB_RECOVERING, move || {
                    let recovered = Store::recover_journal(&path).map_err(|e| e.message(lang));
                    let opened = Store::open(&path).map(Box::new);
                    JobResult::History(Box::new(HistoryDone::Recovered {
                        path,
                        good: ask.good,
                        recovered,
                        opened,
                    }))
                });
            }
            HistoryCommand::CancelRecover => self.history.recover = None,
        }
    }

    /// Reads every edit on record (the history folder, then the journal) off the UI
    /// thread and prepares the window's rows there. A ledger opened at the last good edit
    /// of a damaged journal lists the edits up to it.
    fn read_history(&mut self) {
        let lang = self.lang();
        let (Some(doc), Some(w)) = (self.doc.as_ref(), self.history.window.as_mut()) else {
            return;
        };
        w.loading = true;
        let path = doc.path.clone();
        let generation = doc.generation;
        let up_to = match &doc.read_only {
            Some(ReadOnly::JournalDamaged { good_seq, .. }) => Some(*good_seq),
            _ => None,
        };
        let names = Arc::clone(&doc.ledger);
        self.jobs.spawn(history_words::JOB_READING, move || {
            // The journal and the history are beside the file itself, links resolved.
            let real = std::fs::canonicalize(&path).unwrap_or(path);
            let mut records = journal::all_records(&RealFs, &real);
            if let Some(g) = up_to {
                records.retain(|r| r.seq <= g);
            }
            let list = HistoryList::build(records, generation, &names, lang);
            JobResult::History(Box::new(HistoryDone::Read(Arc::new(list))))
        });
    }

    /// Works out the ledger right after edit `seq` off the UI thread, to show it or to
    /// ask before restoring it. Only from a history read for the ledger as it is now.
    fn work_out_moment(&mut self, seq: u64, restore: bool) {
        let lang = self.lang();
        let Some(doc) = self.doc.as_ref() else { return };
        let list = self
            .history
            .window
            .as_ref()
            .filter(|w| !doc.unsaved() && w.is_current(doc.generation, lang))
            .and_then(|w| w.list.clone());
        let Some(list) = list else {
            self.message = Some(history_words::NOT_CURRENT.get(lang).into());
            return;
        };
        let Some(row) = list.row(seq).cloned() else {
            return;
        };
        if restore && seq == list.last_seq() {
            self.message = Some(history_words::RESTORE_LATEST.get(lang).into());
            return;
        }
        if restore && doc.read_only.is_some() {
            self.message = doc.read_only.as_ref().map(|r| r.message(lang));
            return;
        }
        let now = Arc::clone(&doc.ledger);
        let generation = doc.generation;
        self.jobs.spawn(history_words::JOB_AS_OF, move || {
            let result = Moment::work_out(&now, &list, seq, lang).map(Box::new);
            JobResult::History(Box::new(HistoryDone::Planned {
                restore,
                row: Box::new(row),
                generation,
                result,
            }))
        });
    }

    /// Asks for a file and writes a report of the ledger as it was (every date, the
    /// remembered 制表人 and 审核人).
    fn write_as_of(&mut self, kind: ReportKind) {
        let lang = self.lang();
        let Some(w) = self.history.as_of.as_ref() else {
            return;
        };
        let ledger = Arc::clone(&w.ledger);
        let (ext, title) = match kind {
            ReportKind::Pdf => ("pdf", words::PRINT_WRITE_PDF),
            ReportKind::Xlsx => ("xlsx", words::PRINT_EXPORT_EXCEL),
        };
        let name =
            history_words::as_of_file_name(lang, &crate::report::title(&ledger, lang), &w.time);
        let request = FileRequest {
            title: title.get(lang).to_string(),
            file_name: format!("{name}.{ext}"),
            folder: self.doc.as_ref().and_then(|d| d.folder()),
            filter: FileFilter::new(&ext.to_uppercase(), ext),
        };
        let Some(path) = self.ask_save(&request) else {
            return;
        };
        let dialog = PrintDialog::new(&self.settings.prepared_by, &self.settings.reviewed_by);
        let Some(ledger_path) = self.doc.as_ref().map(|d| d.path.clone()) else {
            return;
        };
        match dialog.options(lang, self.today) {
            Ok(options) => self.write_report_of(ledger, &ledger_path, options, &path, kind),
            Err(m) => self.message = Some(m),
        }
    }

    pub(super) fn on_history(&mut self, done: HistoryDone) {
        let lang = self.lang();
        match done {
            HistoryDone::Read(list) => {
                if let Some(w) = self.history.window.as_mut() {
                    w.set_list(list);
                }
            }
            HistoryDone::Planned {
                restore,
                row,
                generation,
                result,
            } => match result {
                Err(m) => self.message = Some(m),
                Ok(m) if !restore => {
                    let columns = self.settings.table_columns.clone();
                    self.history.as_of = Some(AsOfWindow::new(&row, Arc::new(m.ledger), columns));
                }
                Ok(m) => {
                    let current = self.doc.as_ref().map(|d| d.generation) == Some(generation);
                    match m.edit {
                        Some(edit) if current => {
                            self.history.restore = Some(RestoreAsk {
                                seq: row.seq,
                                time: row.minute().to_string(),
                                generation,
                                edit,
                                undone: m.undone,
                                entries: m.entries,
                            });
                        }
                        Some(_) => {
                            self.message = Some(history_words::CHANGED_MEANWHILE.get(lang).into());
                        }
                        None => {
                            self.message = Some(history_words::RESTORE_LATEST.get(lang).into());
                        }
                    }
                }
            },
            HistoryDone::Checked { good, line, result } => match result {
                Ok(lost) => self.history.recover = Some(RecoverAsk { good, line, lost }),
                Err(m) => self.message = Some(m),
            },
            HistoryDone::Recovered {
                path,
                good,
                recovered,
                opened,
            } => {
                self.opened(&path, opened.map(|b| *b));
                let still_damaged = self.doc.as_ref().and_then(|d| match &d.read_only {
                    r @ Some(ReadOnly::JournalDamaged { .. }) => {
                        r.as_ref().map(|r| r.message(lang))
                    }
                    _ => None,
                });
                self.message = Some(match (recovered, still_damaged) {
                    (Err(m), _) => m,
                    // The journal still does not replay (an edit that checks out but does
                    // not apply): say so rather than claim it was recovered.
                    (Ok(()), Some(m)) => m,
                    (Ok(()), None) => crate::i18n::store::recovered(lang, good),
                });
            }
        }
    }
}
