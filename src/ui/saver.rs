//! Saving off the UI thread: a worker owns the [`Store`] and saves the ledger copies it
//! is sent; results come back over a channel and wake the UI.
//!
//! The UI never blocks on a save. A save that carries its edit is one journal line
//! ([`Store::record`]); the snapshot is rewritten here, off the UI thread, when the
//! journal has grown and when the window closes ([`Saver::compact`]). Every edit is
//! saved in turn. A whole-ledger save that is overtaken by a newer one before it starts
//! is skipped (the newer one contains it; the next save is then a whole snapshot too,
//! since the journal would miss what it carried), unless marked `keep` (restoring a backup
//! must write the current state first so that it becomes a backup itself).

use crate::ledger::{Edit, Ledger};
use crate::store::{Saved, Store, StoreError};
use eframe::egui;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

/// A ledger to save.
struct Job {
    generation: u64,
    ledger: std::sync::Arc<Ledger>,
    keep: bool,
    /// The edit that made this generation from the one sent before it; `None`: save the
    /// whole ledger.
    edit: Option<Edit>,
    /// Write a new snapshot if the journal has any edits (closing).
    compact: bool,
}

/// What a save did.
#[derive(Debug)]
pub struct Done {
    /// The edit generation that was saved (or failed).
    pub generation: u64,
    /// The store's answer.
    pub result: Result<Saved, StoreError>,
}

/// The handle the app keeps to its save worker.
#[derive(Debug)]
pub struct Saver {
    jobs: Option<Sender<Job>>,
    done: Receiver<Done>,
    thread: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl Saver {
    /// Starts a worker that owns the store. `ctx`, when given, is asked to repaint after
    /// each save so the status bar updates.
    pub fn start(store: Store, ctx: Option<egui::Context>) -> Saver {
        let path = store.path().to_path_buf();
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        let thread = std::thread::Builder::new()
            .name("bangfu-save".into())
            .spawn(move || worker(store, jobs_rx, done_tx, ctx))
            .ok();
        Saver {
            jobs: Some(jobs_tx),
            done: done_rx,
            thread,
            path,
        }
    }

    /// The file this saver writes.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Queues a save of this ledger; returns false if the worker is gone. `edit`, when
    /// given, is the one edit that made this ledger from the one queued before: it is
    /// saved as one journal line.
    pub fn save(
        &self,
        generation: u64,
        ledger: std::sync::Arc<Ledger>,
        keep: bool,
        edit: Option<Edit>,
    ) -> bool {
        self.send(Job {
            generation,
            ledger,
            keep,
            edit,
            compact: false,
        })
    }

    /// Queues a compaction (a new snapshot, the journal moved to the history), as on
    /// closing; its result comes back like a save's.
    pub fn compact(&self, generation: u64, ledger: std::sync::Arc<Ledger>) -> bool {
        self.send(Job {
            generation,
            ledger,
            keep: true,
            edit: None,
            compact: true,
        })
    }

    fn send(&self, job: Job) -> bool {
        self.jobs.as_ref().is_some_and(|tx| tx.send(job).is_ok())
    }

    /// Results that have arrived, without waiting.
    pub fn poll(&self) -> Vec<Done> {
        let mut out = Vec::new();
        while let Ok(d) = self.done.try_recv() {
            out.push(d);
        }
        out
    }

    /// Waits for the next result (tests, closing the window).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Done> {
        self.done.recv_timeout(timeout).ok()
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the channel lets the worker finish what is queued, then drop the store
        // (and its lock).
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn worker(mut store: Store, jobs: Receiver<Job>, done: Sender<Done>, ctx: Option<egui::Context>) {
    let mut queue: VecDeque<Job> = VecDeque::new();
    // Set when a save was skipped: the journal misses its edit, so the next save writes
    // the whole ledger.
    let mut whole = false;
    loop {
        if queue.is_empty() {
            match jobs.recv() {
                Ok(j) => queue.push_back(j),
                Err(_) => return,
            }
        }
        // Collect everything already queued, so an overtaken save can be skipped.
        loop {
            match jobs.try_recv() {
                Ok(j) => queue.push_back(j),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => break,
            }
        }
        let Some(job) = queue.pop_front() else {
            continue;
        };
        // A whole-ledger save overtaken by a newer one is skipped; an edit is not (its
        // journal line is cheap, and the journal must not miss it).
        if !job.keep && job.edit.is_none() && !queue.is_empty() {
            whole = true;
            continue;
        }
        let result = match (&job.edit, job.compact) {
            (_, true) => store.compact(&job.ledger).map(|()| Saved::InPlace),
            (Some(edit), false) if !whole => store.record(&job.ledger, edit),
            _ => store.save(&job.ledger),
        };
        if result.is_ok() {
            whole = false;
        }
        // Let go of the ledger before saying "done": the UI's next edit then finds it
        // unshared and changes it in place instead of copying 100,000 entries.
        let generation = job.generation;
        drop(job);
        let _ = done.send(Done { generation, result });
        if let Some(ctx) = &ctx {
            ctx.request_repaint();
        }
    }
}
