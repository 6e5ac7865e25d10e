//! A big edit (an import of many rows) is saved as a new snapshot, its journal line going
//! straight to the history (`src/store/batch.rs`): all or nothing at every crash point,
//! listed in the history with its number, and restorable across. The size from which an
//! edit goes to a snapshot is set small here, so a batch of 20 entries stands for 100,000.

use bangfu::demo::sample_ledger;
use bangfu::ledger::edit::BatchLabel;
use bangfu::ledger::{Edit, Entry, EntryId, Fen, Ledger};
use bangfu::store::fs::{FaultyFs, Fs, RealFs};
use bangfu::store::journal;
use bangfu::store::{Saved, Store, read_ledger};
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Journal lines from this many bytes on go to a snapshot in these tests: a one-entry
/// edit's line is about 400 bytes, the 20-entry batch's about 8,000.
const SMALL_LIMIT: u64 = 4_000;

fn entry(id: u64, n: u64) -> Entry {
    Entry {
        id: EntryId(id),
        what: format!("导入第{n}行 “引号”").into(),
        value_fen: Fen(n as i64 * 100 + 1),
        notes: format!("备注{n}\t制表").into(),
        ..sample_ledger().entries[0].clone()
    }
}

fn next_id(l: &Ledger) -> u64 {
    l.entries.iter().map(|e| e.id.0).max().unwrap_or(0) + 1
}

/// A small edit: one new entry.
fn small(l: &Ledger, n: u64) -> Edit {
    Edit::AddEntry(Box::new(entry(next_id(l), 1000 + n)))
}

/// The big edit: 20 new entries as one import.
fn big(l: &Ledger) -> Edit {
    let first = next_id(l);
    Edit::Batch {
        label: BatchLabel::Import { entries: 20 },
        edits: (0..20)
            .map(|n| Edit::AddEntry(Box::new(entry(first + n, n))))
            .collect(),
    }
}

fn applied(l: &Ledger, e: &Edit) -> Ledger {
    let mut l = l.clone();
    l.apply(e).expect("edit applies");
    l
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn seqs(path: &Path) -> Vec<u64> {
    journal::all_records(&RealFs, path)
        .iter()
        .map(|r| r.seq)
        .collect()
}

fn restore(path: &Path, to: u64) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .arg("restore")
        .arg(path)
        .args(["--to", &to.to_string()])
        .output()
        .expect("bangfu restore")
}

/// A new ledger with two small edits in its journal: the ledgers after 0, 1 and 2 edits.
fn two_small_edits(path: &Path) -> Vec<Ledger> {
    let mut states = vec![sample_ledger()];
    let mut store = Store::create(path, &states[0]).expect("create");
    for n in 0..2 {
        let l = states.last().expect("a state").clone();
        let e = small(&l, n);
        let l = applied(&l, &e);
        assert_eq!(store.record(&l, &e).expect("record"), Saved::InPlace);
        states.push(l);
    }
    states
}

/// The whole path, worked out by hand: two small edits are journal lines; the big third
/// edit leaves the journal empty, the snapshot at `journal_seq: 3` and one history segment
/// holding edits 1 to 3, the third being the whole batch; a fourth small edit is a journal
/// line again; the history lists 1 to 4 and `restore` goes back across the batch.
#[test]
fn a_big_batch_is_a_snapshot_and_one_record_in_the_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ron");
    let mut states = two_small_edits(&path);
    let (mut store, l, _) = Store::open(&path).expect("open");
    assert_eq!(l, states[2]);
    store.set_snapshot_edit_bytes(SMALL_LIMIT);
    let batch = big(&l);
    let l = applied(&l, &batch);
    assert_eq!(l.entries.len(), states[2].entries.len() + 20);
    assert_eq!(store.record(&l, &batch).expect("record"), Saved::InPlace);
    states.push(l.clone());
    assert_eq!(store.last_seq(), 3);
    assert_eq!(store.journal_bytes(), 0);
    let jpath = journal::journal_path(&path);
    assert_eq!(std::fs::read(&jpath).expect("journal"), b"");
    let snapshot = std::fs::read_to_string(&path).expect("snapshot");
    assert!(snapshot.contains("\n    journal_seq: 3,\n"), "{snapshot}");
    assert_eq!(
        names_in(&journal::history_dir(&path)),
        ["000000000001-000000000003.journal"]
    );
    let records = journal::all_records(&RealFs, &path);
    assert_eq!(records.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(records[2].edit, batch, "the batch is one record, whole");
    // The next small edit is a journal line again.
    let e = small(&l, 9);
    let l = applied(&l, &e);
    assert_eq!(store.record(&l, &e).expect("record"), Saved::InPlace);
    states.push(l);
    assert!(store.journal_bytes() > 0);
    drop(store);
    assert_eq!(seqs(&path), [1, 2, 3, 4]);
    assert_eq!(read_ledger(&RealFs, &path).expect("read"), states[4]);
    // `bangfu history` lists the import as edit 3.
    let out = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["history", "--format", "csv"])
        .arg(&path)
        .output()
        .expect("bangfu history");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let csv = String::from_utf8_lossy(&out.stdout);
    let firsts: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(firsts, ["1", "2", "3", "4"], "{csv}");
    // Back to before the batch (edit 5 undoes 4 and 3), then back to after it.
    let out = restore(&path, 2);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(read_ledger(&RealFs, &path).expect("read"), states[2]);
    let out = restore(&path, 3);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(read_ledger(&RealFs, &path).expect("read"), states[3]);
    assert_eq!(seqs(&path), [1, 2, 3, 4, 5, 6]);
}

/// Undoing the import is as big as the import: it goes to a snapshot too, and the history
/// holds both.
#[test]
fn undoing_a_big_batch_is_a_big_batch_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("u.ron");
    let states = two_small_edits(&path);
    let (mut store, l, _) = Store::open(&path).expect("open");
    store.set_snapshot_edit_bytes(SMALL_LIMIT);
    let batch = big(&l);
    let after = applied(&l, &batch);
    store.record(&after, &batch).expect("record");
    let undo = batch.inverse();
    let back = applied(&after, &undo);
    assert_eq!(back, states[2]);
    store.record(&back, &undo).expect("record");
    drop(store);
    assert_eq!(
        names_in(&journal::history_dir(&path)),
        [
            "000000000001-000000000003.journal",
            "000000000004-000000000004.journal"
        ]
    );
    assert_eq!(seqs(&path), [1, 2, 3, 4]);
    assert_eq!(read_ledger(&RealFs, &path).expect("read"), states[2]);
}

/// Without a limit set, an edit goes to a snapshot when its line alone would set off a
/// compaction: at least 256 KiB and a quarter of the snapshot. A 1,000-entry import on
/// the small sample ledger does; one entry does not.
#[test]
fn by_default_an_edit_that_would_set_off_a_compaction_goes_to_a_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("d.ron");
    let mut l = sample_ledger();
    let mut store = Store::create(&path, &l).expect("create");
    let e = small(&l, 1);
    l.apply(&e).expect("applies");
    store.record(&l, &e).expect("record");
    assert!(store.journal_bytes() > 0);
    let first = next_id(&l);
    let batch = Edit::Batch {
        label: BatchLabel::Import { entries: 1000 },
        edits: (0..1000)
            .map(|n| Edit::AddEntry(Box::new(entry(first + n, n))))
            .collect(),
    };
    let line = journal::Record::now(2, batch.clone())
        .to_line()
        .expect("line");
    assert!(line.len() > 256 * 1024, "{}", line.len());
    l.apply(&batch).expect("applies");
    store.record(&l, &batch).expect("record");
    assert_eq!(store.journal_bytes(), 0);
    drop(store);
    assert_eq!(
        names_in(&journal::history_dir(&path)),
        ["000000000001-000000000002.journal"]
    );
    assert_eq!(read_ledger(&RealFs, &path).expect("read"), l);
}

/// The real filesystem cut off at one operation, as a kill -9 or a power cut there: the
/// `at`-th write operation and every one after it fail and do nothing, except that the
/// `at`-th write or append lands half its bytes.
#[derive(Debug)]
struct CrashFs {
    count: AtomicUsize,
    at: usize,
}

impl CrashFs {
    fn new(at: usize) -> CrashFs {
        CrashFs {
            count: AtomicUsize::new(0),
            at,
        }
    }
    /// `Ok(true)`: do it; `Ok(false)`: this is the crash, land half; `Err`: dead.
    fn step(&self) -> io::Result<bool> {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        match n.cmp(&self.at) {
            std::cmp::Ordering::Less => Ok(true),
            std::cmp::Ordering::Equal => Ok(false),
            std::cmp::Ordering::Greater => Err(io::Error::from_raw_os_error(5)),
        }
    }
    fn op(&self, f: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
        match self.step()? {
            true => f(),
            false => Err(io::Error::from_raw_os_error(5)),
        }
    }
    fn ops(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Fs for CrashFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        RealFs.read(path)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if !self.step()? {
            let _ = std::fs::write(path, &bytes[..bytes.len() / 2]);
            return Err(io::Error::from_raw_os_error(5));
        }
        RealFs.write_new_synced(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.op(|| RealFs.rename(from, to))
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.op(|| RealFs.sync_dir(dir))
    }
    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        self.op(|| RealFs.hard_link(original, link))
    }
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.op(|| RealFs.copy(from, to))
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.op(|| RealFs.remove_file(path))
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        self.op(|| RealFs.create_dir_all(path))
    }
    fn metadata(&self, path: &Path) -> io::Result<std::fs::Metadata> {
        RealFs.metadata(path)
    }
    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        RealFs.list_dir(path)
    }
    fn append_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if !self.step()? {
            let _ = RealFs.append_synced(path, &bytes[..bytes.len() / 2]);
            return Err(io::Error::from_raw_os_error(5));
        }
        RealFs.append_synced(path, bytes)
    }
    fn truncate(&self, path: &Path, len: u64) -> io::Result<()> {
        self.op(|| RealFs.truncate(path, len))
    }
}

fn clean(dir: &Path) {
    for n in names_in(dir) {
        let p = dir.join(n);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).expect("clean");
        } else {
            std::fs::remove_file(&p).expect("clean");
        }
    }
}

/// What the ledger, the history and a restore across the batch must show after the big
/// edit's save ended with `saved` (whatever happened in it), once the ledger is opened
/// again: the batch entirely or not at all (entirely when the save said so), listed in
/// the history exactly when it is in the ledger, no pending file left, the next edit
/// numbered on, and `restore --to 2` giving the ledger before the batch.
fn check_all_or_nothing(path: &Path, states: &[Ledger], batch: &Edit, saved: bool, what: &str) {
    let (mut store, now, _) = Store::open(path).unwrap_or_else(|e| panic!("{what}: {e}"));
    let with = applied(&states[2], batch);
    let has_batch = if now == with {
        true
    } else {
        assert_eq!(now, states[2], "{what}: neither all nor nothing");
        false
    };
    assert!(!saved || has_batch, "{what}: a saved batch was lost");
    let records = journal::all_records(&RealFs, path);
    if has_batch {
        assert_eq!(seqs(path), [1, 2, 3], "{what}");
        assert_eq!(&records[2].edit, batch, "{what}");
    } else {
        assert_eq!(seqs(path), [1, 2], "{what}");
    }
    let history = journal::history_dir(path);
    assert!(
        !names_in(&history).iter().any(|n| n.starts_with("pending-")),
        "{what}: {:?}",
        names_in(&history)
    );
    // The next edit follows on, and a restore goes back across the batch.
    let e = small(&now, 77);
    let next = applied(&now, &e);
    assert_eq!(store.record(&next, &e).expect("record"), Saved::InPlace);
    assert_eq!(store.last_seq(), if has_batch { 4 } else { 3 }, "{what}");
    store.compact(&next).expect("compact");
    drop(store);
    let last = seqs(path).len() as u64;
    assert_eq!(seqs(path), (1..=last).collect::<Vec<_>>(), "{what}");
    let out = restore(path, 2);
    assert_eq!(out.status.code(), Some(0), "{what}: {out:?}");
    assert_eq!(
        read_ledger(&RealFs, path).expect("read"),
        states[2],
        "{what}: restore across the batch"
    );
}

/// A crash (every operation from the k-th on does nothing, the k-th write lands half) at
/// each step of a big edit's save, and a single failed operation (ENOSPC, EIO) at each
/// step: either the whole batch is in the ledger and the history, or none of it.
#[test]
fn a_crash_or_a_fault_at_any_step_of_a_big_save_keeps_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.ron");
    let states = two_small_edits(&path);
    let batch = big(&states[2]);
    let with = applied(&states[2], &batch);
    // Count the operations of the save.
    let counting = Arc::new(CrashFs::new(usize::MAX));
    let (mut store, _, _) = Store::open_with(&path, counting.clone()).expect("open");
    let before_save = counting.ops();
    store.set_snapshot_edit_bytes(SMALL_LIMIT);
    store.record(&with, &batch).expect("record");
    drop(store);
    let ops = counting.ops();
    assert!(ops - before_save >= 8, "{before_save} then {ops}");
    let mut saved_at = Vec::new();
    for k in before_save + 1..=ops + 1 {
        clean(dir.path());
        let states = two_small_edits(&path);
        let crash = Arc::new(CrashFs::new(k));
        let (mut store, _, _) = Store::open_with(&path, crash).expect("open");
        store.set_snapshot_edit_bytes(SMALL_LIMIT);
        let saved = store.record(&with, &batch).is_ok();
        drop(store);
        if saved {
            saved_at.push(k);
        }
        check_all_or_nothing(&path, &states, &batch, saved, &format!("crash at op {k}"));
    }
    // Past the last operation nothing fails.
    assert!(saved_at.contains(&(ops + 1)), "{saved_at:?}");
    for errno in [28, 5] {
        for k in before_save + 1..=ops {
            clean(dir.path());
            let states = two_small_edits(&path);
            let (mut store, _, _) =
                Store::open_with(&path, Arc::new(FaultyFs::new(k, errno))).expect("open");
            store.set_snapshot_edit_bytes(SMALL_LIMIT);
            let saved = store.record(&with, &batch).is_ok();
            drop(store);
            check_all_or_nothing(
                &path,
                &states,
                &batch,
                saved,
                &format!("errno {errno} at op {k}"),
            );
        }
    }
}
