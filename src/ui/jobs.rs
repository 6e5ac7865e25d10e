//! Work that can take longer than a frame (writing a report, listing backups, opening a
//! ledger) runs on its own thread; its result comes back over a channel and wakes the UI.
//! While a job runs, the status bar says what it is doing.

use crate::i18n::Text;
use crate::ledger::Ledger;
use crate::store::{Backup, OpenNotes, Store, StoreError};
use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant, SystemTime};

/// What a finished job brings back.
#[derive(Debug)]
pub enum JobResult {
    /// A report was made and written (`Ok` holds a warning to show, if any) or not (the
    /// message).
    Report {
        /// Where it was written.
        path: PathBuf,
        /// A warning (characters the font lacks), or why it failed.
        result: Result<Option<String>, String>,
    },
    /// The backups of a ledger, newest first.
    Backups {
        /// The ledger they belong to.
        ledger: PathBuf,
        /// Its backups.
        list: Vec<Backup>,
    },
    /// A read-only ledger's file was looked at: its modified time, and the ledger read
    /// again when that time changed (`None`: unchanged, or this was the first look).
    Refreshed {
        /// The file.
        path: PathBuf,
        /// Its modified time now (`None`: it could not be read).
        modified: Option<SystemTime>,
        /// The ledger as it is on disk now, or why it could not be read.
        ledger: Option<Result<Box<Ledger>, String>>,
    },
    /// A ledger file was opened (or not).
    Opened {
        /// The file.
        path: PathBuf,
        /// The store, the ledger and what was noticed on the way, or why it failed.
        result: Result<Box<(Store, Ledger, OpenNotes)>, StoreError>,
    },
    /// An import, merge or export job finished.
    Transfer(Box<super::import_wizard::TransferDone>),
    /// A findings import's file was read or its list checked.
    FindingsImport(Box<super::findings_import::FindingsImportDone>),
    /// The edit history was read, a moment of it worked out, or a journal recovered.
    History(Box<super::history_window::HistoryDone>),
    /// Evidence files copied in, copied out for the system viewer, or packed.
    Evidence(Box<super::evidence_panel::EvidenceDone>),
}

/// The app's running jobs.
#[derive(Debug)]
pub struct Jobs {
    tx: Sender<(u64, JobResult)>,
    rx: Receiver<(u64, JobResult)>,
    /// The jobs not finished yet; a quiet one (`None`) is not shown in the status bar.
    running: Vec<(u64, Option<Text>)>,
    next: u64,
    ctx: Option<egui::Context>,
}

impl Jobs {
    /// No jobs yet; `ctx`, when given, is woken when one finishes.
    pub fn new(ctx: Option<egui::Context>) -> Jobs {
        let (tx, rx) = mpsc::channel();
        Jobs {
            tx,
            rx,
            running: Vec::new(),
            next: 0,
            ctx,
        }
    }

    /// Runs `work` on a new thread; `what` names it in the status bar meanwhile.
    pub fn spawn(&mut self, what: Text, work: impl FnOnce() -> JobResult + Send + 'static) {
        self.start(Some(what), work);
    }

    /// Runs `work` on a new thread without a word in the status bar (the read-only
    /// copy's look at its file every few seconds).
    pub fn spawn_quiet(&mut self, work: impl FnOnce() -> JobResult + Send + 'static) {
        self.start(None, work);
    }

    /// True while a quiet job is running.
    pub fn quiet_running(&self) -> bool {
        self.running.iter().any(|(_, what)| what.is_none())
    }

    fn start(&mut self, what: Option<Text>, work: impl FnOnce() -> JobResult + Send + 'static) {
        let id = self.next;
        self.next += 1;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let started = std::thread::Builder::new()
            .name("bangfu-job".into())
            .spawn(move || {
                let _ = tx.send((id, work()));
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if started.is_ok() {
            self.running.push((id, what));
        }
    }

    /// What is running now (the oldest job), if anything.
    pub fn running(&self) -> Option<Text> {
        self.running.iter().find_map(|(_, what)| *what)
    }

    /// The results that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<JobResult> {
        let mut out = Vec::new();
        while let Ok((id, result)) = self.rx.try_recv() {
            self.running.retain(|(i, _)| *i != id);
            out.push(result);
        }
        out
    }

    /// Waits (up to `timeout`) until every running job has finished and returns their
    /// results (tests, closing the window).
    pub fn wait(&mut self, timeout: Duration) -> Vec<JobResult> {
        let deadline = Instant::now() + timeout;
        let mut out = self.poll();
        while !self.running.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            if let Ok((id, result)) = self.rx.recv_timeout(left) {
                self.running.retain(|(i, _)| *i != id);
                out.push(result);
            }
        }
        out
    }
}
