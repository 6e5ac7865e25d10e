//! The ledger file on disk, kept so that no record is ever lost.
//!
//! - **Atomic save**: serialize → parse back and compare → write a temp file in the same
//!   folder → fsync → keep the previous file as a backup (a hard link) → rename over the
//!   target → fsync the folder. On any error the old file stays byte for byte and the
//!   error comes back.
//! - **One writer**: [`lock::LedgerLock`] for the whole session; a second opener gets the
//!   ledger read-only and learns who holds it.
//! - **No silent overwrite**: a file changed by someone else since it was read is never
//!   replaced; the save goes to a conflict copy beside it, under a name of its own
//!   (millisecond, process id, a counter) created without replacing any file.
//! - **Links**: a symlinked ledger is resolved once at open; the real file is locked, read,
//!   replaced and backed up, and the link stays.
//! - **Unreadable files are never written**: opening fails with line:column, and nothing
//!   holds a writable store for that path (no lock file is left beside it). Only regular
//!   files are read, at most [`fs::MAX_READ_BYTES`]: a FIFO or a device is refused at once.

pub mod atomic;
pub mod backup;
pub mod batch;
pub mod fast;
pub mod files;
pub mod format;
pub mod fs;
pub mod journal;
pub mod lock;
pub mod names;
pub mod packed;
pub mod paths;
pub mod stream;

use crate::i18n::store as words;
use crate::i18n::{Lang, Text};
use crate::ledger::{Edit, Ledger};
use chrono::Local;
use format::FormatError;
use fs::{Fs, RealFs};
use lock::{LedgerLock, LockError, LockHolder};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

pub use backup::Backup;

/// Everything that can go wrong opening or saving a ledger. Displays in Chinese; the
/// user's language comes from [`StoreError::message`].
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::Zh))]
pub enum StoreError {
    /// A file operation failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What we were doing.
        doing: Doing,
        /// The OS error.
        source: io::Error,
    },
    /// The file is not a ledger this build can read; nothing was or will be written to it.
    Format {
        /// The file.
        path: PathBuf,
        /// Why.
        error: FormatError,
    },
    /// Another process holds the ledger.
    Locked(LockHolder),
    /// The ledger is open read-only; saving is off.
    ReadOnly(ReadOnly),
    /// `create` was asked for a file that already exists.
    Exists(PathBuf),
    /// The path is not a regular file (a FIFO, a device, a folder) or is too large to be a
    /// ledger; it was not read (or not past the limit) and nothing was written.
    Refused {
        /// The path as given.
        path: PathBuf,
        /// What it is.
        why: fs::Refused,
    },
    /// What was written did not read back the same (a bug, caught before any harm).
    Verify,
    /// The journal beside the ledger has a damaged line with edits after it.
    JournalDamaged {
        /// The journal file.
        journal: PathBuf,
        /// The first bad line (1-based).
        line: usize,
        /// The last good edit's number.
        good_seq: u64,
    },
    /// The file's name is longer than the file system allows; nothing was made.
    NameTooLong {
        /// The path as given.
        path: PathBuf,
        /// Its name's length (bytes; UTF-16 units on Windows).
        len: usize,
    },
}

/// A step of opening or saving, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Reading the ledger.
    Read,
    /// Writing the temporary file.
    WriteTemp,
    /// Keeping the previous version as a backup.
    Backup,
    /// Replacing the file.
    Replace,
    /// Flushing the folder.
    SyncFolder,
    /// Taking the lock.
    Lock,
    /// Creating the folder.
    CreateFolder,
    /// Appending an edit to the journal.
    AppendJournal,
    /// Moving the journal's lines to the history.
    ArchiveJournal,
}

impl Doing {
    fn label(self) -> Text {
        match self {
            Doing::Read => words::DOING_READ,
            Doing::WriteTemp => words::DOING_WRITE_TEMP,
            Doing::Backup => words::DOING_BACKUP,
            Doing::Replace => words::DOING_REPLACE,
            Doing::SyncFolder => words::DOING_SYNC_FOLDER,
            Doing::Lock => words::DOING_LOCK,
            Doing::CreateFolder => words::DOING_CREATE_FOLDER,
            Doing::AppendJournal => words::DOING_APPEND_JOURNAL,
            Doing::ArchiveJournal => words::DOING_ARCHIVE_JOURNAL,
        }
    }
}

/// Why a ledger is open read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another copy of the app (or the CLI) holds it.
    LockedBy(LockHolder),
    /// Written by a newer version: saving could drop what that version added.
    NewerVersion(u32),
    /// The lock file could not be made or written (a full disk, a read-only folder or
    /// share).
    NoLock(NoLock),
    /// The journal has a damaged line with edits after it: the ledger is shown as it was
    /// after the last good edit; [`Store::recover_journal`] keeps it from there.
    JournalDamaged {
        /// The journal file.
        journal: PathBuf,
        /// The first bad line (1-based).
        line: usize,
        /// The last good edit's number.
        good_seq: u64,
    },
}

/// Why the lock file could not be made or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoLock {
    /// The lock file.
    pub lock_file: PathBuf,
    /// What kind of failure.
    pub kind: io::ErrorKind,
    /// The OS error number.
    pub raw: Option<i32>,
    /// The OS error as text.
    pub detail: String,
}

impl NoLock {
    /// The failure to make or write `lock_file`.
    pub fn new(lock_file: PathBuf, e: &io::Error) -> NoLock {
        NoLock {
            lock_file,
            kind: e.kind(),
            raw: e.raw_os_error(),
            detail: e.to_string(),
        }
    }
}

impl ReadOnly {
    /// The banner text.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReadOnly::LockedBy(h) => {
                words::read_only_locked(lang, &h.user, &h.host, &h.since, h.pid)
            }
            ReadOnly::NewerVersion(v) => words::read_only_newer(lang, *v),
            ReadOnly::NoLock(why) => {
                let e = match why.raw {
                    Some(code) => io::Error::from_raw_os_error(code),
                    None => io::Error::new(why.kind, why.detail.clone()),
                };
                words::read_only_no_lock(lang, &why.lock_file, &e)
            }
            ReadOnly::JournalDamaged {
                journal,
                line,
                good_seq,
            } => words::read_only_journal_damaged(lang, journal, *line, *good_seq),
        }
    }
}

impl StoreError {
    /// The error in the user's language, naming the file.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StoreError::Io {
                path,
                doing,
                source,
            } => words::io_failed(lang, doing.label(), path, source),
            StoreError::Format { path, error } => {
                words::cannot_read(lang, path, &error.message(lang))
            }
            StoreError::Locked(h) => words::locked(lang, &h.user, &h.host, &h.since, h.pid),
            StoreError::ReadOnly(r) => r.message(lang),
            StoreError::Exists(p) => words::exists(lang, p),
            StoreError::Refused { path, why } => match why {
                fs::Refused::Special(kind) => words::not_a_file(lang, path, special_word(*kind)),
                fs::Refused::TooLarge(limit) => words::too_large(lang, path, *limit),
            },
            StoreError::Verify => words::VERIFY_FAILED.get(lang).to_string(),
            StoreError::JournalDamaged {
                journal,
                line,
                good_seq,
            } => words::journal_damaged(lang, journal, *line, *good_seq),
            StoreError::NameTooLong { path, len } => {
                words::name_too_long(lang, path, *len, names::NAME_MAX)
            }
        }
    }
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The ledger file now holds the ledger.
    InPlace,
    /// The file had been changed by someone else since it was read, so the ledger went to
    /// this conflict copy and the file was left alone.
    ConflictCopy(PathBuf),
}

/// Size and modification time, to notice changes made by someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    /// Device and inode (Unix): a file replaced by another of the same size and time.
    file: Option<(u64, u64)>,
}

/// What opening a file found besides the ledger.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenNotes {
    /// The file was an older version, migrated in memory; the original was copied here.
    pub migrated_from: Option<(u32, Option<PathBuf>)>,
    /// Fields of a newer version this build does not know, left out (`entries.colour`);
    /// the ledger is then open read-only.
    pub ignored_fields: Vec<String>,
    /// A bad last journal line (a save cut short by a crash) that was dropped.
    pub torn_tail: Option<journal::TornTail>,
    /// How many journal edits were replayed on top of the snapshot.
    pub replayed: usize,
}

impl OpenNotes {
    /// What the user should be told about this open, if anything: a migrated original,
    /// a torn journal line that was dropped, fields of a newer version left out.
    pub fn message(&self, lang: Lang) -> Option<String> {
        let mut parts = Vec::new();
        if let Some((v, copy)) = &self.migrated_from {
            let copy = copy
                .as_ref()
                .map_or("—".to_string(), |p| p.display().to_string());
            parts.push(crate::i18n::ui::migrated_note(lang, *v, &copy));
        }
        if let Some(t) = &self.torn_tail {
            parts.push(words::torn_tail_note(lang, t.line, t.bytes));
        }
        if !self.ignored_fields.is_empty() {
            parts.push(words::ignored_fields_note(
                lang,
                &self.ignored_fields.join(", "),
            ));
        }
        (!parts.is_empty()).then(|| parts.join(words::NOTE_SEPARATOR.get(lang)))
    }
}

/// An open ledger file: its path, its lock, and how to save to it.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    /// The file itself, every link resolved once at open: what is locked, read, replaced
    /// and backed up, so a symlinked ledger is saved through its link.
    real: PathBuf,
    fs: Arc<dyn Fs>,
    lock: Option<LedgerLock>,
    read_only: Option<ReadOnly>,
    seen: Option<Seen>,
    conflict_copy: Option<PathBuf>,
    /// The last edit on record (in the snapshot or the journal).
    seq: u64,
    /// The journal's length as this store wrote it (its good lines).
    journal_len: u64,
    /// The last edit already in the history folder.
    archived: u64,
    /// An edit's append failed: the journal misses it, so the next save writes the whole
    /// ledger.
    behind: bool,
    /// The version of the snapshot on disk. A journal line an older reader does not know
    /// (a lock) is followed at once by a snapshot of the current version: an older build
    /// then opens the file read-only instead of cutting that line off as torn.
    snapshot_version: u32,
    /// The newest file version an edit in the journal needs (see [`Edit::file_version`]).
    journal_version: u32,
    /// A journal line from this size on is saved as a snapshot ([`batch`]); `None`: when
    /// it alone would set off a compaction.
    snapshot_edit_bytes: Option<u64>,
}

impl Store {
    /// Opens a ledger file on the real filesystem.
    pub fn open(path: &Path) -> Result<(Store, Ledger, OpenNotes), StoreError> {
        Store::open_with(path, Arc::new(RealFs))
    }

    /// Opens a ledger file: reads, parses and validates it, then takes the lock (or opens
    /// read-only, saying who holds it). A file that is missing, not a regular file or does
    /// not parse is an error, is never written, and gets no lock file beside it. A change
    /// made between the read and the lock shows at the first save (a conflict copy).
    pub fn open_with(
        path: &Path,
        fs: Arc<dyn Fs>,
    ) -> Result<(Store, Ledger, OpenNotes), StoreError> {
        let path = absolute(path);
        let real = real_path(&path);
        let seen = seen(&*fs, &real);
        let mut parsed = read_and_parse(&*fs, &real, &path, false)?;
        let (ledger, replay, damaged) = replay_journal(&*fs, &real, &mut parsed)?;
        let (lock, mut read_only) = match LedgerLock::acquire(&real) {
            Ok(l) => (Some(l), None),
            Err(LockError::Held(h)) => (None, Some(ReadOnly::LockedBy(h))),
            Err(LockError::Io(e)) => (
                None,
                Some(ReadOnly::NoLock(NoLock::new(lock::lock_path(&real), &e))),
            ),
        };
        if lock.is_some() {
            remove_stale_temps(&*fs, &real);
        }
        if parsed.is_newer() && read_only.is_none() {
            read_only = Some(ReadOnly::NewerVersion(parsed.version));
        }
        if let Some(d) = &damaged {
            read_only = Some(ReadOnly::JournalDamaged {
                journal: journal::journal_path(&real),
                line: d.line,
                good_seq: d.good_seq,
            });
        }
        let mut journal_len = replay.good_len;
        if replay.torn.is_some() && read_only.is_none() {
            // Drop the torn line now, so the next edit is not appended after it. If that
            // fails, the next save compacts instead (see `record`).
            if fs
                .truncate(&journal::journal_path(&real), replay.good_len)
                .is_err()
            {
                journal_len = u64::MAX;
            }
        }
        let mut notes = OpenNotes {
            ignored_fields: parsed.ignored.clone(),
            torn_tail: replay.torn.clone(),
            replayed: replay.records.len(),
            ..OpenNotes::default()
        };
        if lock.is_some() {
            // A big edit's save cut short by a crash: see `batch`.
            batch::settle(&*fs, &real, parsed.journal_seq);
        }
        let archived = journal::archived_up_to(&*fs, &real);
        if let Some(old) = parsed.migrated_from {
            // Keep the original before anything is written over it.
            let copy = if read_only.is_none() {
                let name = names::with_suffix(
                    real.file_name().unwrap_or_default(),
                    &format!(".v{old}-original"),
                );
                let target = backup::backup_dir(&real).join(name);
                let made = fs.metadata(&target).is_ok()
                    || (fs.create_dir_all(&backup::backup_dir(&real)).is_ok()
                        && fs.copy(&real, &target).is_ok());
                made.then_some(target)
            } else {
                None
            };
            notes.migrated_from = Some((old, copy));
        }
        let store = Store {
            path,
            real,
            fs,
            lock,
            read_only,
            seen,
            conflict_copy: None,
            seq: replay.last_seq,
            journal_len,
            archived,
            behind: false,
            snapshot_version: parsed.version,
            journal_version: replay
                .records
                .iter()
                .map(|r| r.edit.file_version())
                .max()
                .unwrap_or(0),
            snapshot_edit_bytes: None,
        };
        Ok((store, ledger, notes))
    }

    /// Creates a new ledger file (refusing to replace an existing one) and holds it.
    pub fn create(path: &Path, ledger: &Ledger) -> Result<Store, StoreError> {
        Store::create_with(path, ledger, Arc::new(RealFs))
    }

    /// [`Store::create`] with a chosen filesystem.
    pub fn create_with(path: &Path, ledger: &Ledger, fs: Arc<dyn Fs>) -> Result<Store, StoreError> {
        let path = absolute(path);
        if let Some(name) = path.file_name()
            && !names::fits(name)
        {
            return Err(StoreError::NameTooLong {
                len: names::name_len(name),
                path,
            });
        }
        if let Some(dir) = path.parent() {
            fs.create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                doing: Doing::CreateFolder,
                source,
            })?;
        }
        // A name that is taken, even by a link to nothing, is never written over.
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(StoreError::Exists(path));
        }
        let real = real_path(&path);
        let lock = match LedgerLock::acquire(&real) {
            Ok(l) => l,
            Err(LockError::Held(h)) => return Err(StoreError::Locked(h)),
            Err(LockError::Io(source)) => {
                return Err(StoreError::Io {
                    path: lock::lock_path(&real),
                    doing: Doing::Lock,
                    source,
                });
            }
        };
        if fs.metadata(&real).is_ok() {
            return Err(StoreError::Exists(path));
        }
        let mut store = Store {
            path,
            real,
            fs,
            lock: Some(lock),
            read_only: None,
            seen: None,
            conflict_copy: None,
            seq: 0,
            journal_len: 0,
            archived: 0,
            behind: false,
            snapshot_version: format::CURRENT_VERSION,
            journal_version: 0,
            snapshot_edit_bytes: None,
        };
        // A journal left from an earlier ledger of this name is not this ledger's: it is
        // kept aside, never replayed onto the new one.
        let orphan = journal::journal_path(&store.real);
        if store.fs.metadata(&orphan).is_ok() {
            let stamp = Local::now().format("%Y%m%d-%H%M%S-%3f");
            let aside = orphan.with_file_name(names::with_suffix(
                store.real.file_name().unwrap_or_default(),
                &format!(".journal.orphan-{stamp}"),
            ));
            store
                .fs
                .rename(&orphan, &aside)
                .map_err(|source| StoreError::Io {
                    path: orphan.clone(),
                    doing: Doing::ArchiveJournal,
                    source,
                })?;
        }
        if let Err(e) = store.save(ledger) {
            // Nothing was created: take the lock file away too, unless the ledger exists
            // after all (only the final folder flush failed).
            if store.fs.metadata(&store.real).is_err()
                && let Some(lock) = store.lock.take()
            {
                lock.remove();
            }
            return Err(e);
        }
        Ok(store)
    }

    /// The ledger file, as it was named when opened (perhaps a link).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file itself, links resolved: what is locked, read and replaced.
    pub fn real_path(&self) -> &Path {
        &self.real
    }

    /// Why saving is off, if it is.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// The conflict copy saves go to, once the file was changed by someone else.
    pub fn conflict_copy(&self) -> Option<&Path> {
        self.conflict_copy.as_deref()
    }

    /// Saves the ledger safely (see the module docs). On error the file on disk is
    /// unchanged (or, if only the final folder flush failed, already the new version)
    /// and the caller keeps its edits marked unsaved.
    pub fn save(&mut self, ledger: &Ledger) -> Result<Saved, StoreError> {
        if let Some(r) = &self.read_only {
            return Err(StoreError::ReadOnly(r.clone()));
        }
        if self.conflict_copy.is_some() || self.changed_by_someone_else() {
            return self.save_conflict_copy(ledger);
        }
        // The snapshot says which journal edit it holds last, so the journal's lines up to
        // there are never replayed twice, even if moving them to the history fails.
        let text = format::to_ron_at(ledger, self.seq).map_err(|_| StoreError::Verify)?;
        match format::parse_written(&text) {
            Ok(back) if back == *ledger => {}
            _ => return Err(StoreError::Verify),
        }
        let backup_to =
            (self.seen.is_some()).then(|| backup::new_backup_path(&*self.fs, &self.real));
        // The check runs again once the new file is written and flushed, right before it
        // replaces the old one: a change that lands while we write is not overwritten.
        let written = write_atomic(
            &*self.fs,
            &self.real,
            text.as_bytes(),
            backup_to.as_deref(),
            || !self.changed_by_someone_else(),
        )?;
        if !written {
            return self.save_conflict_copy(ledger);
        }
        self.seen = seen(&*self.fs, &self.real);
        self.behind = false;
        self.snapshot_version = format::CURRENT_VERSION;
        backup::rotate(&*self.fs, &self.real);
        // The journal's lines are in the snapshot now: move them to the history. A failure
        // here loses nothing (the lines stay and are skipped on reading; the next
        // compaction moves them).
        let _ = self.archive_journal();
        Ok(Saved::InPlace)
    }

    /// Saves one edit: appends it to the journal as one self-checking line and flushes it
    /// (see [`journal`]). `ledger` is the ledger with the edit applied. When the file was
    /// changed by someone else, or the journal is not as this store left it, the whole
    /// ledger is saved instead (to a conflict copy if need be); when the journal has grown
    /// past [`journal::compaction_due`], a new snapshot is written after the append (the
    /// edit is saved either way; a failed compaction is tried again at the next edit). An
    /// edit whose line alone would set off a compaction (an import of many rows) is not
    /// appended but saved as a new snapshot, its line going to the history ([`batch`]).
    pub fn record(&mut self, ledger: &Ledger, edit: &Edit) -> Result<Saved, StoreError> {
        if let Some(r) = &self.read_only {
            return Err(StoreError::ReadOnly(r.clone()));
        }
        if self.seen.is_none()
            || self.behind
            || self.conflict_copy.is_some()
            || self.changed_by_someone_else()
            || self.journal_changed()
        {
            return self.save(ledger);
        }
        // The line is made from the edit as borrowed and checked by reading it back; only
        // the read-back copy exists besides it, and only for the check.
        let (seq, at, by) = (
            self.seq + 1,
            chrono::Local::now().fixed_offset(),
            journal::saved_by(),
        );
        let line = journal::line_of(seq, &at, &by, edit).map_err(|_| StoreError::Verify)?;
        let checks = |line: &[u8]| {
            line.strip_suffix(b"\n")
                .and_then(journal::Record::from_line)
                .is_some_and(|r| r.is(seq, &at, &by, edit))
        };
        if batch::goes_to_snapshot(self, line.len() as u64) {
            // Checked while it is written (see `batch`).
            return self.record_as_snapshot(ledger, seq, line, checks);
        }
        if !checks(&line) {
            return Err(StoreError::Verify);
        }
        let path = journal::journal_path(&self.real);
        let new_file = self.journal_len == 0 && self.fs.metadata(&path).is_err();
        let appended = self
            .fs
            .append_synced(&path, &line)
            .map_err(|source| (Doing::AppendJournal, source))
            .and_then(|()| {
                if new_file {
                    self.fs
                        .sync_dir(folder_of(&path))
                        .map_err(|source| (Doing::SyncFolder, source))
                } else {
                    Ok(())
                }
            });
        if let Err((doing, source)) = appended {
            // Take back whatever part of the line landed: the edit is not saved, and the
            // next save writes the whole ledger (the journal misses this edit).
            let _ = self.fs.truncate(&path, self.journal_len);
            self.behind = true;
            return Err(StoreError::Io {
                path,
                doing,
                source,
            });
        }
        self.seq += 1;
        self.journal_len += line.len() as u64;
        // A large edit's line is let go before a compaction writes the snapshot.
        drop(line);
        let snapshot = self.seen.map_or(0, |s| s.len);
        // Retried at every edit until such a snapshot is written.
        self.journal_version = self.journal_version.max(edit.file_version());
        let upgrade = self.snapshot_version < self.journal_version;
        if upgrade || journal::compaction_due(self.journal_len, snapshot) {
            let _ = self.save(ledger);
        }
        Ok(Saved::InPlace)
    }

    /// Writes a new snapshot now if the journal has any edits (on close, or off the UI
    /// thread when it has grown).
    pub fn compact(&mut self, ledger: &Ledger) -> Result<(), StoreError> {
        if self.journal_len > 0 && self.read_only.is_none() && self.conflict_copy.is_none() {
            self.save(ledger)?;
        }
        Ok(())
    }

    /// The journal's size now (bytes of good lines this store knows of).
    pub fn journal_bytes(&self) -> u64 {
        self.journal_len
    }

    /// The number of the last edit on record.
    pub fn last_seq(&self) -> u64 {
        self.seq
    }

    /// True when the journal on disk is not as this store left it.
    fn journal_changed(&self) -> bool {
        let on_disk = self
            .fs
            .metadata(&journal::journal_path(&self.real))
            .map_or(0, |m| m.len());
        on_disk != self.journal_len
    }

    /// Moves the journal's lines (all in the snapshot now) to a new segment of the history
    /// folder, then empties the journal. Lines already in the history are not copied again.
    fn archive_journal(&mut self) -> Result<(), StoreError> {
        let path = journal::journal_path(&self.real);
        let bytes = match self.fs.read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(read_error(&path, source)),
        };
        if bytes.is_empty() {
            self.journal_len = 0;
            return Ok(());
        }
        let mut keep = Vec::with_capacity(bytes.len());
        let (mut first, mut last) = (0, 0);
        for line in bytes.split_inclusive(|b| *b == b'\n') {
            let body = line.strip_suffix(b"\n").unwrap_or(line);
            if let Some(r) = journal::Record::from_line(body)
                && r.seq > self.archived
                && r.seq <= self.seq
            {
                if first == 0 {
                    first = r.seq;
                }
                last = r.seq;
                keep.extend_from_slice(line);
            }
        }
        if !keep.is_empty() {
            journal::write_segment(&*self.fs, &self.real, first, last, &keep)?;
            self.archived = last;
        }
        self.fs
            .truncate(&path, 0)
            .map_err(|source| StoreError::Io {
                path,
                doing: Doing::ArchiveJournal,
                source,
            })?;
        self.journal_len = 0;
        Ok(())
    }

    /// Keeps a damaged journal's good part: the whole journal is copied to the history
    /// folder (`damaged-STAMP.journal`, never deleted), then cut after the last good line,
    /// and the ledger opens normally at the last good edit. Needs the lock.
    pub fn recover_journal(path: &Path) -> Result<(), StoreError> {
        let fs = RealFs;
        let path = absolute(path);
        let real = real_path(&path);
        let lock = match LedgerLock::acquire(&real) {
            Ok(l) => l,
            Err(LockError::Held(h)) => return Err(StoreError::Locked(h)),
            Err(LockError::Io(source)) => {
                return Err(StoreError::Io {
                    path: lock::lock_path(&real),
                    doing: Doing::Lock,
                    source,
                });
            }
        };
        let parsed = read_and_parse(&fs, &real, &path, false)?;
        let jpath = journal::journal_path(&real);
        let jbytes = fs
            .read(&jpath)
            .map_err(|source| read_error(&jpath, source))?;
        let replay = journal::read(&jbytes, parsed.journal_seq);
        let dir = journal::history_dir(&real);
        let io = |path: &Path, source| StoreError::Io {
            path: path.to_path_buf(),
            doing: Doing::ArchiveJournal,
            source,
        };
        fs.create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let stamp = Local::now().format("%Y%m%d-%H%M%S-%3f").to_string();
        atomic::write_new_unique(&fs, &jbytes, |n| {
            dir.join(format!("damaged-{stamp}-{n}.journal"))
        })?;
        fs.truncate(&jpath, replay.good_len)
            .map_err(|e| io(&jpath, e))?;
        drop(lock);
        Ok(())
    }

    /// True when the file on disk is not the one this store last read or wrote.
    fn changed_by_someone_else(&self) -> bool {
        match (self.seen, seen(&*self.fs, &self.real)) {
            (None, None) => false,
            (Some(a), Some(b)) => a != b,
            _ => true,
        }
    }

    /// Saves to this session's conflict copy (a new one the first time, never replacing
    /// any file; later saves replace our own). A conflict copy is a whole ledger of its
    /// own, with no journal.
    fn save_conflict_copy(&mut self, ledger: &Ledger) -> Result<Saved, StoreError> {
        let text = format::to_ron(ledger).map_err(|_| StoreError::Verify)?;
        match format::parse_written(&text) {
            Ok(back) if back == *ledger => {}
            _ => return Err(StoreError::Verify),
        }
        let target = match &self.conflict_copy {
            Some(p) => {
                write_atomic(&*self.fs, p, text.as_bytes(), None, || true)?;
                p.clone()
            }
            None => {
                let stamp = Local::now().format("%Y%m%d-%H%M%S-%3f").to_string();
                atomic::write_new_unique(&*self.fs, text.as_bytes(), |n| {
                    conflict_path(&self.real, &stamp, n)
                })?
            }
        };
        self.conflict_copy = Some(target.clone());
        Ok(Saved::ConflictCopy(target))
    }

    /// The backups of this ledger, newest first.
    pub fn backups(&self) -> Vec<Backup> {
        backup::list(&*self.fs, &self.real)
    }

    /// Reads a backup (or any ledger file) without locking it.
    pub fn read_file(&self, path: &Path) -> Result<Ledger, StoreError> {
        read_ledger(&*self.fs, path)
    }

    /// True while this process holds the ledger's lock.
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }
}

/// Reads and parses a ledger file without locking it (CLI `check`, `summary`, backups).
/// The journal beside it is replayed; a damaged journal is an error (a torn last line is
/// dropped).
pub fn read_ledger(fs: &dyn Fs, path: &Path) -> Result<Ledger, StoreError> {
    // A backup may be packed (`….ron.gz`).
    let mut parsed = read_and_parse(fs, path, path, true)?;
    let real = real_path(&absolute(path));
    let (ledger, _, damaged) = replay_journal(fs, &real, &mut parsed)?;
    match damaged {
        Some(d) => Err(StoreError::JournalDamaged {
            journal: journal::journal_path(&real),
            line: d.line,
            good_seq: d.good_seq,
        }),
        None => Ok(ledger),
    }
}

/// The snapshot with the journal's edits applied, what the journal held, and damage if
/// any (a bad line, or an edit that does not apply, with good lines after it): the ledger
/// is then as it was after the last good edit. The ledger is taken out of `parsed` (not
/// copied: a million entries would double the memory and cost a second at open).
fn replay_journal(
    fs: &dyn Fs,
    real: &Path,
    parsed: &mut format::Parsed,
) -> Result<(Ledger, journal::Replay, Option<journal::Damaged>), StoreError> {
    let jpath = journal::journal_path(real);
    let jbytes = match fs.read(&jpath) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(source) => return Err(read_error(&jpath, source)),
    };
    let mut replay = journal::read(&jbytes, parsed.journal_seq);
    let mut ledger = std::mem::take(&mut parsed.ledger);
    let mut damaged = replay.damaged.clone();
    for (i, r) in replay.records.iter().enumerate() {
        if ledger.apply(&r.edit).is_err() {
            damaged = Some(journal::Damaged {
                line: replay.skipped + i + 1,
                good_seq: if i == 0 {
                    parsed.journal_seq
                } else {
                    replay.records[i - 1].seq
                },
                lines_after: replay.records.len() - i,
            });
            replay.last_seq = r.seq - 1;
            replay.records.truncate(i);
            break;
        }
    }
    Ok((ledger, replay, damaged))
}

/// Reads and parses the ledger file at `real` (`shown`: the name errors give). A file this
/// program wrote is read in blocks ([`stream`]); anything else (a packed backup, an older
/// or newer version, a damaged file) is read whole, and a damaged file's error names the
/// line and column. `packed`: a gzipped file (a backup, `….ron.gz`) is read too.
fn read_and_parse(
    fs: &dyn Fs,
    real: &Path,
    shown: &Path,
    packed: bool,
) -> Result<format::Parsed, StoreError> {
    let (mut reader, len) = fs
        .open_read(real)
        .map_err(|source| read_error(shown, source))?;
    if let Some(parsed) =
        stream::read(&mut reader, len).map_err(|source| read_error(shown, source))?
    {
        return Ok(parsed);
    }
    drop(reader);
    let bytes = fs.read(real).map_err(|source| read_error(shown, source))?;
    let bytes = if packed {
        packed::unpack(bytes).map_err(|source| read_error(shown, source))?
    } else {
        bytes
    };
    parse_bytes(shown, &bytes)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A failed read as a store error: a refused special or oversized file says so.
fn read_error(path: &Path, source: io::Error) -> StoreError {
    match fs::Refused::of(&source) {
        Some(why) => StoreError::Refused {
            path: path.to_path_buf(),
            why,
        },
        None => StoreError::Io {
            path: path.to_path_buf(),
            doing: Doing::Read,
            source,
        },
    }
}

fn special_word(kind: fs::Special) -> Text {
    match kind {
        fs::Special::Fifo => words::SPECIAL_FIFO,
        fs::Special::Device => words::SPECIAL_DEVICE,
        fs::Special::Folder => words::SPECIAL_FOLDER,
        fs::Special::Socket => words::SPECIAL_SOCKET,
        fs::Special::Other => words::SPECIAL_OTHER,
    }
}

fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<format::Parsed, StoreError> {
    // The fast check first (SIMD); std's only to find where a bad file goes wrong.
    let text = simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes))
        .map_err(|e| {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before
                .rsplit(|b| *b == b'\n')
                .next()
                .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                + 1;
            StoreError::Format {
                path: path.to_path_buf(),
                error: FormatError::Syntax(format::ParseError {
                    line,
                    column,
                    path: String::new(),
                    detail: "invalid UTF-8 / 不是有效的 UTF-8 文本".into(),
                }),
            }
        })?;
    format::parse(text).map_err(|error| StoreError::Format {
        path: path.to_path_buf(),
        error,
    })
}

fn seen(fs: &dyn Fs, path: &Path) -> Option<Seen> {
    fs.metadata(path).ok().map(|m| Seen {
        len: m.len(),
        modified: m.modified().ok(),
        file: file_id(&m),
    })
}

#[cfg(unix)]
fn file_id(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The file a path names, every symlink resolved (in the folders too). A file that does not
/// exist yet is its resolved folder joined with its name.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// The `n`-th candidate name of a conflict copy: `NAME.conflict-STAMP-PID[-n].ron`. The
/// stamp is to the millisecond and the process id tells processes apart; `n` counts on
/// when a name is taken anyway.
fn conflict_path(path: &Path, stamp: &str, n: u32) -> PathBuf {
    // Room for ".conflict-" + stamp + pid + counter + ".ron".
    let stem = names::shorten(path.file_stem().unwrap_or_default(), 64)
        .to_string_lossy()
        .into_owned();
    let pid = std::process::id();
    let name = if n == 0 {
        format!("{stem}.conflict-{stamp}-{pid}.ron")
    } else {
        format!("{stem}.conflict-{stamp}-{pid}-{n}.ron")
    };
    path.with_file_name(name)
}

/// Removes temp files a killed saver left beside the ledger. Only called while holding the
/// lock, so no other process can be writing one.
fn remove_stale_temps(fs: &dyn Fs, target: &Path) {
    let prefix = atomic::temp_prefix(target, "tmp");
    let dir = target.parent().unwrap_or(Path::new("."));
    for file in fs.list_dir(dir).unwrap_or_default() {
        if file
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        {
            let _ = fs.remove_file(&file);
        }
    }
}

/// Writes `bytes` to `target` atomically; with `backup_to`, the previous file is kept
/// there first. `still_ours` is asked last, right before the rename: when it says no,
/// nothing is replaced, the temp and the backup just made are removed, and the result is
/// `Ok(false)`. On error the target is unchanged and the temp file is removed.
fn write_atomic(
    fs: &dyn Fs,
    target: &Path,
    bytes: &[u8],
    backup_to: Option<&Path>,
    still_ours: impl FnOnce() -> bool,
) -> Result<bool, StoreError> {
    let staged = atomic::stage(fs, target, bytes)?;
    let mut kept = None;
    if let Some(backup) = backup_to
        && fs.metadata(target).is_ok()
    {
        let made = backup
            .parent()
            .map_or(Ok(()), |dir| fs.create_dir_all(dir))
            .and_then(|()| {
                fs.hard_link(target, backup)
                    .or_else(|_| fs.copy(target, backup))
            });
        if let Err(source) = made {
            staged.discard(fs);
            return Err(StoreError::Io {
                path: backup.to_path_buf(),
                doing: Doing::Backup,
                source,
            });
        }
        kept = Some(backup);
    }
    if !still_ours() {
        staged.discard(fs);
        if let Some(backup) = kept {
            let _ = fs.remove_file(backup);
        }
        return Ok(false);
    }
    staged.commit(fs).map(|()| true)
}

/// Writes any file (an export, a report) atomically on the real filesystem; see
/// [`atomic::write_file`].
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    atomic::write_file(&RealFs, path, bytes)
}
