//! An edit too big for the journal (an import of 100,000 rows, its undo, a restore across
//! it) is saved as a new snapshot, its journal line going straight to the history.
//!
//! Appending such a line (35 MB for 100,000 entries) would set off a compaction at once,
//! which writes the snapshot anyway and then reads the line back to move it to the
//! history: the line would be written twice and parsed twice. Instead:
//!
//! 1. the line, after the journal's lines not yet in the history, is written and flushed
//!    to `NAME.history/pending-FIRST-SEQ.batch` (no reader of the history takes it for a
//!    segment);
//! 2. the ledger is saved whole (the atomic save) with `journal_seq: SEQ`: the rename of
//!    that snapshot is the save of the edit, all or nothing; the journal is emptied;
//! 3. the pending file is renamed to the segment `FIRST-SEQ.journal`, beside the others.
//!
//! A crash before 2 leaves a pending file whose edit is not in the snapshot, and a crash
//! between 2 and 3 one whose edit is: [`settle`], run when a ledger is opened with its
//! lock, removes the first and moves the second into the history. Either way the ledger
//! holds the edit entirely or not at all, and the history lists it exactly when the
//! ledger holds it.

use super::fs::Fs;
use super::journal;
use super::{Doing, Saved, Store, StoreError, atomic, read_error, seen};
use crate::ledger::Ledger;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// A pending file's name: `pending-FIRST-LAST.batch`, the edits it holds.
fn pending_name(first: u64, last: u64) -> String {
    format!("pending-{first:012}-{last:012}.batch")
}

/// The first and last edit of a pending file, from its name.
fn pending_seqs(name: &str) -> Option<(u64, u64)> {
    let (first, last) = name
        .strip_prefix("pending-")?
        .strip_suffix(".batch")?
        .split_once('-')?;
    Some((first.parse().ok()?, last.parse().ok()?))
}

/// The history segment for a settled pending file (a plain segment, as every reader of
/// the history reads).
fn segment_path(ledger: &Path, first: u64, last: u64) -> PathBuf {
    journal::history_dir(ledger).join(format!("{first:012}-{last:012}.journal"))
}

/// Finishes what a crash interrupted (see the module docs): a pending file whose edits
/// the snapshot holds (its last `<= snapshot_seq`) and the history does not is moved into
/// the history; every other pending file is removed. Needs the ledger's lock. What fails
/// is tried again at the next open.
pub fn settle(fs: &dyn Fs, ledger: &Path, snapshot_seq: u64) {
    let dir = journal::history_dir(ledger);
    let pending: Vec<((u64, u64), PathBuf)> = fs
        .list_dir(&dir)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| Some((pending_seqs(&p.file_name()?.to_string_lossy())?, p)))
        .collect();
    if pending.is_empty() {
        return;
    }
    // Only after a crash: what is on record already (a pending file left by a save that
    // failed, whose number a later edit took, must not be taken for that edit).
    let known: HashSet<u64> = journal::all_records(fs, ledger)
        .iter()
        .map(|r| r.seq)
        .collect();
    for ((first, last), path) in pending {
        let _ = if last <= snapshot_seq && !known.contains(&last) {
            move_into_history(fs, ledger, first, last, &path)
        } else {
            fs.remove_file(&path)
        };
    }
    let _ = fs.sync_dir(&dir);
}

/// Renames a pending file to its segment (never over an existing file).
fn move_into_history(
    fs: &dyn Fs,
    ledger: &Path,
    first: u64,
    last: u64,
    pending: &Path,
) -> io::Result<()> {
    let segment = segment_path(ledger, first, last);
    if fs.metadata(&segment).is_ok() {
        return fs.remove_file(pending);
    }
    fs.rename(pending, &segment)
}

/// True when an edit whose journal line has `line_bytes` is saved as a snapshot: when its
/// line alone would set off a compaction ([`journal::compaction_due`]), or reaches the
/// limit a test set ([`Store::set_snapshot_edit_bytes`]).
pub(super) fn goes_to_snapshot(store: &Store, line_bytes: u64) -> bool {
    match store.snapshot_edit_bytes {
        Some(limit) => line_bytes >= limit,
        None => journal::compaction_due(line_bytes, store.seen.map_or(0, |s| s.len)),
    }
}

impl Store {
    /// Saves edit `seq`, whose checked journal line is `line`, as a new snapshot of
    /// `ledger`, the line going to the history with the journal's lines not yet there
    /// (see the module docs). On error nothing is saved: the snapshot and the journal are
    /// as they were and the pending file is removed.
    pub(super) fn record_as_snapshot(
        &mut self,
        ledger: &Ledger,
        seq: u64,
        line: Vec<u8>,
        checks: impl Fn(&[u8]) -> bool + Sync,
    ) -> Result<Saved, StoreError> {
        let dir = journal::history_dir(&self.real);
        self.fs
            .create_dir_all(&dir)
            .map_err(|source| StoreError::Io {
                path: dir.clone(),
                doing: Doing::ArchiveJournal,
                source,
            })?;
        // The journal's lines not yet in the history go with the edit, so the history
        // stays one run of edits whatever happens after the snapshot.
        let (mut bytes, first) = self.unarchived_lines()?;
        let first = first.unwrap_or(seq);
        let at = bytes.len();
        let bytes = if bytes.is_empty() {
            line
        } else {
            bytes.extend_from_slice(&line);
            drop(line);
            bytes
        };
        let pending = journal::history_dir(&self.real).join(pending_name(first, seq));
        // The line is read back and compared with the edit while it is written and
        // flushed (the two take about as long for a large edit); a line that does not
        // check out is taken back before anything else happens.
        let (checked, written) = rayon::join(
            || checks(&bytes[at..]),
            || atomic::write_file(&*self.fs, &pending, &bytes),
        );
        written?;
        if !checked {
            let _ = self.fs.remove_file(&pending);
            return Err(StoreError::Verify);
        }
        // The lines are on disk: let them go before the snapshot is made.
        drop(bytes);
        let (seq_before, archived_before) = (self.seq, self.archived);
        self.seq = seq;
        // The journal's lines are in the pending file: the snapshot's save only empties
        // the journal.
        self.archived = seq;
        let saved = self.save(ledger);
        let committed = match &saved {
            Ok(Saved::InPlace) => true,
            // The new snapshot was renamed into place; only the folder's flush failed.
            Err(StoreError::Io {
                doing: Doing::SyncFolder,
                ..
            }) => {
                self.seen = seen(&*self.fs, &self.real);
                self.behind = false;
                true
            }
            Ok(Saved::ConflictCopy(_)) | Err(_) => false,
        };
        if !committed {
            (self.seq, self.archived) = (seq_before, archived_before);
            let _ = self.fs.remove_file(&pending);
            return saved;
        }
        // The edit is saved. Moving its lines into the history may fail; the next open
        // then does it (see `settle`).
        if move_into_history(&*self.fs, &self.real, first, seq, &pending).is_ok() {
            let _ = self.fs.sync_dir(&dir);
        }
        Ok(Saved::InPlace)
    }

    /// The journal's lines not yet in the history (as archiving would move them) and the
    /// first one's number.
    fn unarchived_lines(&self) -> Result<(Vec<u8>, Option<u64>), StoreError> {
        if self.journal_len == 0 {
            return Ok((Vec::new(), None));
        }
        let path = journal::journal_path(&self.real);
        let bytes = match self.fs.read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), None)),
            Err(source) => return Err(read_error(&path, source)),
        };
        let mut keep = Vec::with_capacity(bytes.len());
        let mut first = None;
        for line in bytes.split_inclusive(|b| *b == b'\n') {
            let body = line.strip_suffix(b"\n").unwrap_or(line);
            if let Some(r) = journal::Record::from_line(body)
                && r.seq > self.archived
                && r.seq <= self.seq
            {
                first.get_or_insert(r.seq);
                keep.extend_from_slice(line);
            }
        }
        Ok((keep, first))
    }

    /// Sets the journal line size from which an edit is saved as a snapshot instead of
    /// appended (see [`self`]); by default, when its line alone would set off a
    /// compaction. For tests, which cannot write 35 MB lines by the thousand.
    pub fn set_snapshot_edit_bytes(&mut self, bytes: u64) {
        self.snapshot_edit_bytes = Some(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_names_read_back_and_are_no_segments() {
        assert_eq!(
            pending_name(3, 42),
            "pending-000000000003-000000000042.batch"
        );
        assert_eq!(
            pending_seqs("pending-000000000003-000000000042.batch"),
            Some((3, 42))
        );
        assert_eq!(pending_seqs("000000000001-000000000002.journal"), None);
        assert_eq!(pending_seqs("pending-x-1.batch"), None);
    }
}
