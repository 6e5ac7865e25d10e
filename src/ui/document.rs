//! The open ledger with everything tied to its file: the saver that writes it, its undo
//! history and what is known about its saves. Edits, undo and redo go through
//! [`Document::change`], written once; it also keeps the last edits ([`ChangeLog`]) so
//! that views update their indexes and totals from them instead of recomputing.

use super::saver::{Done, Saver};
use crate::i18n::{Lang, ui as words};
use crate::ledger::history::History;
use crate::ledger::{Edit, Ledger};
use crate::store::{ReadOnly, Saved, Store, StoreError};
use eframe::egui;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Which ledger state a view's cache was built for: a document (each opened ledger is a
/// new one) and its generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// The document, unique in this process.
    pub doc: u64,
    /// Its generation (bumped on every change of the ledger).
    pub generation: u64,
}

/// The last edits applied to a document, each with the generation it made, so that a
/// view can catch up from the edits since it last looked.
#[derive(Debug)]
pub struct ChangeLog {
    doc: u64,
    edits: VecDeque<(u64, Edit)>,
}

/// Edits kept in a [`ChangeLog`]; a view further behind recomputes.
const KEPT_EDITS: usize = 64;

/// A batch with more edits than this is not kept (a view recomputes after it): an import
/// would otherwise hold a second copy of its entries.
const KEPT_BATCH: usize = 10_000;

impl Default for ChangeLog {
    fn default() -> Self {
        ChangeLog::new()
    }
}

impl ChangeLog {
    /// An empty log for a new document (a new [`Version::doc`]).
    pub fn new() -> ChangeLog {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ChangeLog {
            doc: NEXT.fetch_add(1, Ordering::Relaxed),
            edits: VecDeque::new(),
        }
    }

    /// The document these edits belong to.
    pub fn doc(&self) -> u64 {
        self.doc
    }

    /// Notes that `edit` made `generation`.
    pub fn record(&mut self, generation: u64, edit: &Edit) {
        if let Edit::Batch { edits, .. } = edit
            && edits.len() > KEPT_BATCH
        {
            // Views see a gap and recompute.
            self.edits.clear();
            return;
        }
        if self.edits.len() == KEPT_EDITS {
            self.edits.pop_front();
        }
        self.edits.push_back((generation, edit.clone()));
    }

    /// The edits that took the ledger from `since` to `now`, oldest first; `None` when
    /// they are not all known (another document, a gap, too long ago): recompute then.
    pub fn since(&self, since: Version, now: Version) -> Option<Vec<&Edit>> {
        if since.doc != self.doc || now.doc != self.doc || since.generation > now.generation {
            return None;
        }
        let wanted = since.generation + 1..=now.generation;
        let edits: Vec<&(u64, Edit)> = self
            .edits
            .iter()
            .filter(|(g, _)| wanted.contains(g))
            .collect();
        // Every generation in between, each exactly once.
        let complete = edits.len() as u64 == now.generation - since.generation
            && edits.iter().zip(wanted).all(|((g, _), want)| *g == want);
        complete.then(|| edits.into_iter().map(|(_, e)| e).collect())
    }
}

/// A ledger as views see it: its current version and how to catch up from an older one.
#[derive(Clone, Copy, Debug)]
pub struct Feed<'a> {
    /// The ledger now.
    pub ledger: &'a Ledger,
    /// Its version now.
    pub version: Version,
    log: Option<&'a ChangeLog>,
}

impl<'a> Feed<'a> {
    /// A ledger with its log of edits.
    pub fn new(ledger: &'a Ledger, generation: u64, log: &'a ChangeLog) -> Feed<'a> {
        Feed {
            ledger,
            version: Version {
                doc: log.doc(),
                generation,
            },
            log: Some(log),
        }
    }

    /// A ledger without a log (every view recomputes when `version` changes).
    pub fn plain(ledger: &'a Ledger, version: Version) -> Feed<'a> {
        Feed {
            ledger,
            version,
            log: None,
        }
    }

    /// The edits since `since`, oldest first, or `None`: recompute.
    pub fn edits_since(&self, since: Version) -> Option<Vec<&'a Edit>> {
        self.log.and_then(|l| l.since(since, self.version))
    }
}

/// What to do to the ledger.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Apply a new edit.
    Apply(Edit),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
}

/// What a [`Change`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum Changed {
    /// This edit was applied.
    Applied(Edit),
    /// This edit was undone.
    Undone(Edit),
    /// This edit was applied again.
    Redone(Edit),
}

/// The open ledger and its file.
#[derive(Debug)]
pub struct Document {
    /// The ledger's file.
    pub path: PathBuf,
    /// Shared with the save worker: an edit copies it only while a save is still running.
    pub ledger: Arc<Ledger>,
    /// Why the ledger may not be changed, if it may not.
    pub read_only: Option<ReadOnly>,
    saver: Saver,
    /// Bumped on every change of `ledger`.
    pub generation: u64,
    /// The newest generation sent to the saver.
    sent: u64,
    /// The newest generation known to be on disk.
    saved: u64,
    /// The last failed save (its generation and error), until a newer one succeeds.
    pub save_error: Option<(u64, StoreError)>,
    /// Where a conflicting save was written instead of the ledger file.
    pub conflict_copy: Option<PathBuf>,
    /// Undo and redo.
    pub history: History,
    /// A note shown once (a migrated file).
    pub note: Option<String>,
    /// The last edits, for views that update from them.
    pub changes: ChangeLog,
}

impl Document {
    /// A document for a store that has just been opened or created with this ledger.
    pub fn new(
        store: Store,
        ledger: Ledger,
        note: Option<String>,
        ctx: Option<egui::Context>,
    ) -> Document {
        let path = store.path().to_path_buf();
        let read_only = store.read_only().cloned();
        Document {
            path,
            ledger: Arc::new(ledger),
            read_only,
            saver: Saver::start(store, ctx),
            generation: 1,
            sent: 1,
            saved: 1,
            save_error: None,
            conflict_copy: None,
            history: History::new(),
            note,
            changes: ChangeLog::new(),
        }
    }

    /// True when an edit is not on disk yet (never for a read-only ledger).
    pub fn unsaved(&self) -> bool {
        self.read_only.is_none() && self.saved < self.generation
    }

    /// True when the last edit has been sent to the saver but is not on disk yet.
    pub fn saving(&self) -> bool {
        self.unsaved() && self.sent >= self.generation
    }

    /// Applies, undoes or redoes an edit, then queues a save. `Ok(None)`: nothing to undo
    /// or redo. A refused edit or a read-only ledger changes nothing and says why.
    pub fn change(&mut self, change: Change, lang: Lang) -> Result<Option<Changed>, String> {
        if let Some(r) = &self.read_only {
            return Err(r.message(lang));
        }
        let can = match &change {
            Change::Apply(_) => true,
            Change::Undo => self.history.can_undo(),
            Change::Redo => self.history.can_redo(),
        };
        if !can {
            return Ok(None);
        }
        let ledger = Arc::make_mut(&mut self.ledger);
        let result = match change {
            Change::Apply(edit) => self
                .history
                .apply(ledger, edit.clone())
                .map(|()| Changed::Applied(edit)),
            Change::Undo => match self.history.undo(ledger) {
                Some(r) => r.map(Changed::Undone),
                None => return Ok(None),
            },
            Change::Redo => match self.history.redo(ledger) {
                Some(r) => r.map(Changed::Redone),
                None => return Ok(None),
            },
        };
        match result {
            Ok(changed) => {
                self.generation += 1;
                // The edit as it changed the ledger: undo applied the inverse.
                let edit = match &changed {
                    Changed::Applied(e) | Changed::Redone(e) => e.clone(),
                    Changed::Undone(e) => e.inverse(),
                };
                self.changes.record(self.generation, &edit);
                self.send(false, Some(edit));
                Ok(Some(changed))
            }
            Err(e) => Err(e.message(lang)),
        }
    }

    /// Queues a save of the current ledger. `keep`: never skip it, even if a newer save
    /// overtakes it (restoring a backup saves the current state first).
    pub fn send_save(&mut self, keep: bool) {
        self.send(keep, None);
    }

    /// Queues a save: with `edit`, one journal line; without, the whole ledger.
    fn send(&mut self, keep: bool, edit: Option<Edit>) {
        if self.read_only.is_some() {
            return;
        }
        self.sent = self.generation;
        self.saver
            .save(self.generation, Arc::clone(&self.ledger), keep, edit);
    }

    /// Retries a failed save.
    pub fn retry_save(&mut self) {
        self.save_error = None;
        self.send_save(false);
    }

    /// Takes the results of finished saves, without waiting.
    pub fn take_results(&mut self) {
        for done in self.saver.poll() {
            self.on_done(done);
        }
    }

    /// Waits (up to `timeout`) until every queued save has finished; true when all
    /// succeeded.
    pub fn wait_for_saves(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            self.take_results();
            if self.saved >= self.sent || self.save_error.is_some() {
                return self.save_error.is_none();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(done) = self.saver.wait(left.min(Duration::from_millis(100))) {
                self.on_done(done);
            }
        }
    }

    fn on_done(&mut self, done: Done) {
        match done.result {
            Ok(saved) => {
                self.saved = self.saved.max(done.generation);
                if self
                    .save_error
                    .as_ref()
                    .is_some_and(|(g, _)| *g <= done.generation)
                {
                    self.save_error = None;
                }
                if let Saved::ConflictCopy(p) = saved {
                    self.conflict_copy = Some(p);
                }
            }
            Err(e) => {
                if self.saved < done.generation {
                    self.save_error = Some((done.generation, e));
                }
            }
        }
    }

    /// The status bar's text: read-only, save failed, saving, not saved or saved.
    pub fn status(&self, lang: Lang) -> String {
        if let Some(r) = &self.read_only {
            r.message(lang)
        } else if let Some((_, e)) = &self.save_error {
            words::save_failed(lang, &e.message(lang))
        } else if self.saving() {
            words::SAVING.get(lang).to_string()
        } else if self.unsaved() {
            words::UNSAVED.get(lang).to_string()
        } else {
            words::SAVED.get(lang).to_string()
        }
    }

    /// The ledger and how views catch up with it.
    pub fn feed(&self) -> Feed<'_> {
        Feed::new(&self.ledger, self.generation, &self.changes)
    }

    /// The file's name, for titles and suggested names.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
    }

    /// The folder the ledger is in, where dialogs start.
    pub fn folder(&self) -> Option<PathBuf> {
        self.path.parent().map(Path::to_path_buf)
    }
}

impl Drop for Document {
    /// Closing: the journal's edits go into a new snapshot (on the save worker, which the
    /// saver's own drop then waits for).
    fn drop(&mut self) {
        if self.read_only.is_none() {
            self.saver
                .compact(self.generation, Arc::clone(&self.ledger));
        }
    }
}
