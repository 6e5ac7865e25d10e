//! The journal: each edit one appended, fsynced line; open = snapshot + replay; compaction
//! moves the lines to the history; torn and damaged journals; faults; kill -9; the lock.

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Edit, Entry, EntryId, Fen, Ledger};
use bangfu::store::fs::FaultyFs;
use bangfu::store::journal::{self, Record, TornTail};
use bangfu::store::{ReadOnly, Saved, Store, StoreError, read_ledger};
use proptest::prelude::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const CHILD_ENV: &str = "BANGFU_JOURNAL_CHILD";

/// An edit of the ledger, picked by `op` and `n`: add a new entry, change an entry's
/// value and text, or delete one. The expected ledger is kept by applying it in memory.
fn pick_edit(l: &Ledger, op: u8, n: u64) -> Edit {
    let next_id = l.entries.iter().map(|e| e.id.0).max().unwrap_or(0) + 1;
    let template = sample_ledger().entries[0].clone();
    if l.entries.is_empty() || op.is_multiple_of(3) {
        return Edit::AddEntry(Box::new(Entry {
            id: EntryId(next_id),
            what: format!("第{n}件 “引号”\t制表").into(),
            value_fen: Fen(n as i64 * 7),
            ..template
        }));
    }
    let i = (n as usize) % l.entries.len();
    let before = l.entries[i].clone();
    if op % 3 == 1 {
        let mut after = before.clone();
        after.value_fen = Fen(before.value_fen.0 + n as i64 + 1);
        after.notes = format!("改{n}：备注").into();
        Edit::UpdateEntry {
            before: Box::new(before),
            after: Box::new(after),
        }
    } else {
        Edit::DeleteEntry(Box::new(before))
    }
}

fn record(store: &mut Store, l: &mut Ledger, e: &Edit) {
    l.apply(e).expect("edit applies");
    assert_eq!(store.record(l, e).expect("record"), Saved::InPlace);
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// For random edit sequences: snapshot + replay equals the ledger in memory, at every
    /// reopen; compaction never changes it; the history holds every edit once, in order.
    #[test]
    fn snapshot_plus_replay_is_the_ledger(
        ops in prop::collection::vec((0u8..3, 0u64..1000, 0u8..8), 1..40)
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("台账.ron");
        let mut expected = sample_ledger();
        let mut store = Store::create(&path, &expected).expect("create");
        let mut edits = Vec::new();
        for (k, (op, n, act)) in ops.iter().enumerate() {
            let e = pick_edit(&expected, *op, *n + k as u64);
            record(&mut store, &mut expected, &e);
            edits.push(e);
            match act {
                0 => store.compact(&expected).expect("compact"),
                1 => {
                    drop(store);
                    let (s, l, notes) = Store::open(&path).expect("reopen");
                    prop_assert_eq!(&l, &expected);
                    prop_assert_eq!(notes.torn_tail, None);
                    prop_assert!(s.read_only().is_none());
                    store = s;
                }
                _ => {}
            }
            prop_assert_eq!(&read_ledger(&bangfu::store::fs::RealFs, &path).expect("read"), &expected);
        }
        store.compact(&expected).expect("compact on close");
        drop(store);
        let (_, l, notes) = Store::open(&path).expect("reopen");
        prop_assert_eq!(&l, &expected);
        prop_assert_eq!(notes.replayed, 0, "the journal is empty after compaction");
        let history = journal::all_records(&bangfu::store::fs::RealFs, &path);
        let seqs: Vec<u64> = history.iter().map(|r| r.seq).collect();
        prop_assert_eq!(seqs, (1..=edits.len() as u64).collect::<Vec<_>>());
        let kept: Vec<Edit> = history.into_iter().map(|r| r.edit).collect();
        prop_assert_eq!(kept, edits);
    }
}

/// Three edits on record; returns the path, the ledger after each edit, and the journal's
/// lines.
fn three_edits(dir: &Path) -> (PathBuf, Vec<Ledger>, Vec<Vec<u8>>) {
    let path = dir.join("j.ron");
    let mut l = sample_ledger();
    let mut store = Store::create(&path, &l).expect("create");
    let mut states = vec![l.clone()];
    for n in 0..3 {
        let e = pick_edit(&l, 0, n);
        record(&mut store, &mut l, &e);
        states.push(l.clone());
    }
    drop(store);
    let bytes = std::fs::read(journal::journal_path(&path)).expect("journal");
    let lines: Vec<Vec<u8>> = bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    assert_eq!(lines.len(), 3);
    (path, states, lines)
}

/// Every cut inside the last line (multi-byte characters included) is a torn tail: it is
/// dropped and reported, the journal is cut back to its good lines, and editing goes on.
#[test]
fn a_torn_last_line_is_dropped_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, states, lines) = three_edits(dir.path());
    let good: Vec<u8> = lines[..2].concat();
    let jpath = journal::journal_path(&path);
    for cut in 1..lines[2].len() {
        let mut torn = good.clone();
        torn.extend_from_slice(&lines[2][..cut]);
        std::fs::write(&jpath, &torn).expect("tear");
        let (mut store, l, notes) = Store::open(&path).expect("opens");
        assert_eq!(l, states[2], "cut {cut}");
        assert_eq!(
            notes.torn_tail,
            Some(TornTail {
                line: 3,
                bytes: cut
            }),
            "cut {cut}"
        );
        assert!(store.read_only().is_none());
        assert_eq!(
            notes.message(bangfu::i18n::Lang::Zh).as_deref(),
            Some(
                format!("修改日志的最后一行（第 3 行，{cut} 字节）不完整，是上次保存被中断留下的，已舍弃；此前的修改都在")
                    .as_str()
            ),
            "cut {cut}"
        );
        assert_eq!(std::fs::read(&jpath).expect("journal"), good, "cut {cut}");
        if cut == lines[2].len() / 2 {
            // The next edit follows the good lines, with the next number.
            let mut l = l;
            let e = pick_edit(&l, 1, 5);
            record(&mut store, &mut l, &e);
            drop(store);
            let (_, again, notes) = Store::open(&path).expect("reopen");
            assert_eq!(again, l);
            assert_eq!(notes.torn_tail, None);
            let text = std::fs::read_to_string(&jpath).expect("journal");
            assert!(
                text.lines()
                    .nth(2)
                    .is_some_and(|l| l.starts_with("{\"seq\":3,"))
            );
            std::fs::write(&jpath, &good).expect("reset");
        }
    }
    // A whole last line with a wrong checksum (garbled, not cut) is a torn tail too.
    let mut garbled = good.clone();
    let mut last = lines[2].clone();
    last[10] ^= 0x20;
    garbled.extend_from_slice(&last);
    std::fs::write(&jpath, &garbled).expect("garble");
    let (_, l, notes) = Store::open(&path).expect("opens");
    assert_eq!(l, states[2]);
    assert!(notes.torn_tail.is_some());
}

/// A damaged line with good lines after it: read-only at the last good edit, with the
/// line named; nothing is written; recovery keeps the whole journal in the history and
/// goes on from the last good edit.
#[test]
fn a_damaged_middle_line_opens_read_only_and_recovers_to_the_last_good_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, states, lines) = three_edits(dir.path());
    let jpath = journal::journal_path(&path);
    let mut damaged = lines.clone();
    // A flipped byte inside a Chinese character of line 2.
    let at = damaged[1]
        .windows(3)
        .position(|w| w == "第".as_bytes())
        .expect("a Chinese character")
        + 1;
    damaged[1][at] ^= 0x01;
    let bytes = damaged.concat();
    std::fs::write(&jpath, &bytes).expect("damage");
    let snapshot = std::fs::read(&path).expect("snapshot");
    let (mut store, l, _) = Store::open(&path).expect("opens");
    assert_eq!(l, states[1], "shown as after edit 1");
    let Some(ReadOnly::JournalDamaged { line, good_seq, .. }) = store.read_only().cloned() else {
        panic!("not read-only: {:?}", store.read_only());
    };
    assert_eq!((line, good_seq), (2, 1));
    let banner = store
        .read_only()
        .expect("ro")
        .message(bangfu::i18n::Lang::Zh);
    assert!(
        banner.starts_with("只读：修改日志“") && banner.contains("第 2 行已损坏"),
        "{banner}"
    );
    assert!(matches!(store.save(&l), Err(StoreError::ReadOnly(_))));
    let e = pick_edit(&l, 0, 9);
    let mut l2 = l.clone();
    l2.apply(&e).expect("applies");
    assert!(matches!(
        store.record(&l2, &e),
        Err(StoreError::ReadOnly(_))
    ));
    drop(store);
    assert_eq!(
        std::fs::read(&jpath).expect("journal"),
        bytes,
        "nothing written"
    );
    assert_eq!(std::fs::read(&path).expect("snapshot"), snapshot);
    assert!(matches!(
        read_ledger(&bangfu::store::fs::RealFs, &path),
        Err(StoreError::JournalDamaged {
            line: 2,
            good_seq: 1,
            ..
        })
    ));
    Store::recover_journal(&path).expect("recover");
    let history = journal::history_dir(&path);
    let kept: Vec<String> = names_in(&history);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].starts_with("damaged-"), "{kept:?}");
    assert_eq!(std::fs::read(history.join(&kept[0])).expect("kept"), bytes);
    assert_eq!(std::fs::read(&jpath).expect("journal"), lines[0]);
    let (store, l, _) = Store::open(&path).expect("opens");
    assert!(store.read_only().is_none());
    assert_eq!(l, states[1]);
}

/// An edit that does not apply to the snapshot (a journal from another ledger) is damage
/// at its line, not applied half-way.
#[test]
fn an_edit_that_does_not_apply_is_damage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, states, lines) = three_edits(dir.path());
    // Edit 2 again in place of edit 3: its id is taken by then.
    let mut replayed: Record =
        serde_json::from_slice(lines[1].split(|b| *b == b'\t').next().expect("json"))
            .expect("record");
    replayed.seq = 3;
    let bad = replayed.to_line().expect("line");
    let mut bytes = lines[..2].concat();
    bytes.extend_from_slice(bad.as_bytes());
    bytes.extend_from_slice(&lines[2]); // seq 3 again: never reached
    std::fs::write(journal::journal_path(&path), &bytes).expect("write");
    let (store, l, _) = Store::open(&path).expect("opens");
    assert_eq!(l, states[2]);
    assert!(matches!(
        store.read_only(),
        Some(ReadOnly::JournalDamaged {
            line: 3,
            good_seq: 2,
            ..
        })
    ));
}

/// A fault at every operation of an append and of a compaction (ENOSPC, EIO; half a
/// line lands when the append fails): a failed edit is not on record after reopening, a
/// saved one is, and no earlier edit is ever lost.
#[test]
fn a_fault_at_any_step_of_an_append_or_a_compaction_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f.ron");
    let base_ledger = sample_ledger();
    // Two edits on record, then a third (the append) and a compaction.
    let prepare = || {
        for n in names_in(dir.path()) {
            let p = dir.path().join(n);
            if p.is_dir() {
                std::fs::remove_dir_all(&p).expect("clean");
            } else {
                std::fs::remove_file(&p).expect("clean");
            }
        }
        let mut l = base_ledger.clone();
        let mut s = Store::create(&path, &l).expect("create");
        for n in 0..2 {
            let e = pick_edit(&l, 0, n);
            record(&mut s, &mut l, &e);
        }
        l
    };
    for phase in ["append", "compaction"] {
        let l = prepare();
        let counting = Arc::new(FaultyFs::new(usize::MAX, 0));
        let (mut s, _, _) = Store::open_with(&path, counting.clone()).expect("open");
        let mut after = l.clone();
        let e = pick_edit(&after, 1, 3);
        after.apply(&e).expect("applies");
        if phase == "append" {
            s.record(&after, &e).expect("record");
        } else {
            s.compact(&l).expect("compact");
        }
        drop(s);
        let ops = counting.operations();
        assert!(ops >= 1, "{phase}: {ops}");
        for errno in [28, 5] {
            for k in 1..=ops {
                let l = prepare();
                let (mut s, _, _) =
                    Store::open_with(&path, Arc::new(FaultyFs::new(k, errno))).expect("open");
                let result = if phase == "append" {
                    s.record(&after, &e).map(|_| ())
                } else {
                    s.compact(&l)
                };
                drop(s);
                let (_, now, notes) = Store::open(&path).expect("reopens");
                let want = if phase == "compaction" || result.is_err() {
                    &l
                } else {
                    &after
                };
                assert_eq!(&now, want, "{phase}, errno {errno}, op {k}: {result:?}");
                assert_eq!(notes.torn_tail, None, "{phase}, op {k}: half a line left");
                if phase == "compaction" && result.is_ok() {
                    assert_eq!(notes.replayed, 0, "op {k}");
                }
                let history = journal::all_records(&bangfu::store::fs::RealFs, &path);
                assert_eq!(history.len(), 2, "{phase}, op {k}: the trail lost an edit");
            }
        }
    }
}

/// Child role: append edits until killed, reporting each after it is saved.
#[test]
fn child_appender() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let (mut store, mut l, _) = Store::open(Path::new(&path)).expect("open");
    assert!(store.read_only().is_none(), "child must get the lock");
    loop {
        let n = l.entries.len() as u64;
        let e = pick_edit(&l, 0, n);
        record(&mut store, &mut l, &e);
        println!("saved {}", l.entries.len());
        if n.is_multiple_of(25) {
            store.compact(&l).expect("compact");
        }
    }
}

/// kill -9 during appends and compactions, 500 times: after each, the ledger opens, holds
/// at least every edit the child reported saved, and every entry is exactly as written.
#[test]
fn kill_9_during_appends_and_compactions_loses_no_saved_edit() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kill.ron");
    drop(Store::create(&path, &sample_ledger()).expect("create"));
    let exe = std::env::current_exe().expect("test binary");
    let base = sample_ledger().entries.len();
    let mut seed: u64 = 0x1ed9;
    let mut reported = 0usize;
    for round in 0..500 {
        let mut c = Command::new(&exe)
            .args([
                "child_appender",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let stdout = c.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("saved ").and_then(|n| n.parse().ok()) {
                    let _ = tx.send(n);
                }
            }
        });
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        if round % 10 == 0
            && let Ok(n) = rx.recv_timeout(Duration::from_secs(20))
        {
            reported = reported.max(n);
        }
        std::thread::sleep(Duration::from_micros(1_000 + (seed >> 33) % 15_000));
        c.kill().expect("SIGKILL");
        c.wait().expect("reap");
        while let Ok(n) = rx.recv_timeout(Duration::from_millis(50)) {
            reported = reported.max(n);
        }
        let (_, l, _) = Store::open(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            l.entries.len() >= reported,
            "round {round}: {} entries, the child had reported {reported}",
            l.entries.len()
        );
        // Every added entry is exactly what the child wrote for it.
        let template = sample_ledger().entries[0].clone();
        for (i, e) in l.entries.iter().enumerate().skip(base) {
            let n = i as u64;
            let want = Entry {
                id: e.id,
                what: format!("第{n}件 “引号”\t制表").into(),
                value_fen: Fen(n as i64 * 7),
                ..template.clone()
            };
            assert_eq!(e, &want, "round {round}: entry {i}");
        }
    }
    assert!(reported > 20, "the child saved only {reported} edits");
}

/// Two writers at once: the second opener is read-only and cannot append; the CLI exits
/// 3 and writes nothing; once the holder is gone the CLI appends.
#[test]
fn a_second_writer_cannot_append_while_the_first_holds_the_lock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("two.ron");
    let mut l = sample_ledger();
    let mut first = Store::create(&path, &l).expect("create");
    let e = pick_edit(&l, 0, 1);
    record(&mut first, &mut l, &e);
    let (mut second, seen, _) = Store::open(&path).expect("opens");
    assert_eq!(seen, l);
    assert!(matches!(second.read_only(), Some(ReadOnly::LockedBy(_))));
    let e2 = pick_edit(&l, 0, 2);
    let mut l2 = l.clone();
    l2.apply(&e2).expect("applies");
    assert!(matches!(
        second.record(&l2, &e2),
        Err(StoreError::ReadOnly(_))
    ));
    let journal_before = std::fs::read(journal::journal_path(&path)).expect("journal");
    let add = |what: &str| {
        Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .args(["add"])
            .arg(&path)
            .args([
                "--date",
                "2020-06-30",
                "--village",
                "九股村",
                "--department",
                "团委",
                "--kind",
                "goods",
                "--what",
                what,
                "--value",
                "12.5",
            ])
            .output()
            .expect("bangfu add")
    };
    let out = add("书包");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).expect("journal"),
        journal_before
    );
    drop(second);
    drop(first);
    let out = add("书包");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let (_, now, _) = Store::open(&path).expect("opens");
    let added = now.entries.last().expect("entry");
    assert_eq!((added.what.as_str(), added.value_fen), ("书包", Fen(1250)));
    let text = std::fs::read_to_string(journal::journal_path(&path)).expect("journal");
    assert_eq!(text.lines().count(), 2);
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("{\"seq\":2,"))
    );
}

/// The app's document: an edit, its undo and its redo are each one journal line (the
/// snapshot is not rewritten); closing the document writes a new snapshot and moves the
/// lines to the history.
#[cfg(feature = "gui")]
#[test]
fn the_app_saves_each_edit_as_a_journal_line_and_compacts_on_close() {
    use bangfu::ui::document::{Change, Document};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("app.ron");
    let start = sample_ledger();
    drop(Store::create(&path, &start).expect("create"));
    let snapshot = std::fs::read(&path).expect("snapshot");
    let (store, l, _) = Store::open(&path).expect("open");
    let mut doc = Document::new(store, l, None, None);
    let e = pick_edit(&start, 0, 1);
    let lang = bangfu::i18n::Lang::Zh;
    doc.change(Change::Apply(e.clone()), lang).expect("edit");
    doc.change(Change::Undo, lang).expect("undo");
    doc.change(Change::Redo, lang).expect("redo");
    assert!(
        doc.wait_for_saves(Duration::from_secs(20)),
        "{:?}",
        doc.save_error
    );
    assert!(
        std::fs::read(&path).expect("snapshot") == snapshot,
        "the snapshot was rewritten"
    );
    let lines: Vec<Record> = std::fs::read(journal::journal_path(&path))
        .expect("journal")
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| Record::from_line(l).expect("line checks out"))
        .collect();
    let edits: Vec<Edit> = lines.iter().map(|r| r.edit.clone()).collect();
    assert_eq!(edits, [e.clone(), e.inverse(), e.clone()]);
    let mut after = start.clone();
    after.apply(&e).expect("applies");
    drop(doc);
    let (_, reopened, notes) = Store::open(&path).expect("reopen");
    assert_eq!(reopened, after);
    assert_eq!(notes.replayed, 0, "closing compacts");
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).expect("journal"),
        b""
    );
    assert_eq!(
        journal::all_records(&bangfu::store::fs::RealFs, &path).len(),
        3
    );
}

/// After a failed append, the next edit is not appended after the gap: the whole ledger
/// is saved, so the file holds both edits.
#[test]
fn after_a_failed_append_the_next_save_is_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gap.ron");
    let mut l = sample_ledger();
    drop(Store::create(&path, &l).expect("create"));
    // Operation 1 of this store is the first append.
    let (mut s, _, _) = Store::open_with(&path, Arc::new(FaultyFs::new(1, 28))).expect("open");
    let e1 = pick_edit(&l, 0, 1);
    l.apply(&e1).expect("applies");
    assert!(s.record(&l, &e1).is_err());
    let e2 = pick_edit(&l, 0, 2);
    l.apply(&e2).expect("applies");
    assert_eq!(s.record(&l, &e2).expect("saved"), Saved::InPlace);
    drop(s);
    let (_, now, _) = Store::open(&path).expect("reopen");
    assert_eq!(now, l, "both edits are in the file");
}

/// `bangfu history FILE --format csv`: one row per edit, the history's and the journal's,
/// with who, when, what, and for a change each field's old → new value; `--entry` and
/// `--since` filter.
#[test]
fn history_lists_who_changed_what_and_when() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("h.ron");
    let mut l = sample_ledger();
    let mut store = Store::create(&path, &l).expect("create");
    let first = l.entries[0].clone(); // id 1, 公厕建设, 40,000.00 元
    let mut changed = first.clone();
    changed.value_fen = Fen(4_100_000);
    changed.notes = "追加 1000 元".into();
    let update = Edit::UpdateEntry {
        before: Box::new(first.clone()),
        after: Box::new(changed),
    };
    record(&mut store, &mut l, &update);
    store.compact(&l).expect("compact"); // edit 1 moves to the history folder
    let second = l.entries[1].clone();
    record(
        &mut store,
        &mut l,
        &Edit::DeleteEntry(Box::new(second.clone())),
    );
    drop(store);
    let history = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .arg("history")
            .arg(&path)
            .args(["--format", "csv"])
            .args(extra)
            .output()
            .expect("bangfu history");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let csv = history(&[]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "seq,time,user,host,action,detail");
    assert_eq!(lines.len(), 3, "{csv}");
    let by = journal::all_records(&bangfu::store::fs::RealFs, &path)[0]
        .by
        .clone();
    let (user, host) = by.rsplit_once('@').expect("user@host");
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(cells[0], "1");
    assert!(cells[1].starts_with(&chrono::Local::now().format("%Y-%m-%d").to_string()));
    assert_eq!((cells[2], cells[3]), (user, host));
    assert_eq!(cells[4], format!("修改 {}", first.what));
    assert_eq!(
        cells[5],
        // Fields in the order of their names.
        "notes: 惠及全村 → 追加 1000 元; value_fen: 4000000 → 4100000"
    );
    let cells: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(cells[0], "2");
    assert_eq!(cells[4], format!("删除 {}", second.what));
    assert!(
        cells[5].contains(&format!("id: {}", second.id.0)),
        "{}",
        cells[5]
    );
    // Only entry 1's edits; nothing after 2100.
    let only = history(&["--entry", "1"]);
    assert_eq!(only.lines().count(), 2, "{only}");
    assert!(only.lines().nth(1).is_some_and(|l| l.starts_with("1,")));
    assert_eq!(
        history(&["--since", "2100-01-01"]),
        "seq,time,user,host,action,detail\n"
    );
}

/// `bangfu restore FILE --to SEQ`: the ledger as it was right after edit SEQ, as one new
/// edit on top (in the history, and itself restorable); across a compaction too.
#[test]
fn restore_brings_back_the_ledger_as_it_was_after_an_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.ron");
    let mut l = sample_ledger();
    let mut store = Store::create(&path, &l).expect("create");
    let mut states = vec![l.clone()];
    for (k, op) in [0u8, 1, 2, 0].iter().enumerate() {
        let e = pick_edit(&l, *op, k as u64 + 3);
        record(&mut store, &mut l, &e);
        states.push(l.clone());
        if k == 1 {
            store.compact(&l).expect("compact");
        }
    }
    drop(store);
    let restore = |to: &str| {
        Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .arg("restore")
            .arg(&path)
            .args(["--to", to])
            .output()
            .expect("bangfu restore")
    };
    let out = restore("1");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "已恢复到第 1 次修改之后的状态：撤回其后 3 次修改，记为第 5 次修改（可再恢复）\n"
    );
    assert_eq!(
        read_ledger(&bangfu::store::fs::RealFs, &path).expect("read"),
        states[1]
    );
    // The restore is edit 5; going back to edit 4 undoes it.
    let out = restore("4");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        read_ledger(&bangfu::store::fs::RealFs, &path).expect("read"),
        states[4]
    );
    assert_eq!(
        journal::all_records(&bangfu::store::fs::RealFs, &path).len(),
        6
    );
    // Back to before the first edit.
    assert_eq!(restore("0").status.code(), Some(0));
    assert_eq!(
        read_ledger(&bangfu::store::fs::RealFs, &path).expect("read"),
        states[0]
    );
    // Nothing to restore: exit 2, nothing written.
    let journal_before = std::fs::read(journal::journal_path(&path)).expect("journal");
    let out = restore("7");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).expect("journal"),
        journal_before
    );
}

/// The real filesystem, with a log of every operation the store asks of it.
#[derive(Debug, Default)]
struct RecordingFs {
    log: std::sync::Mutex<Vec<String>>,
}

impl RecordingFs {
    fn note(&self, op: &str, path: &Path) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Temp names carry a pid and a counter: keep only their kind.
        let name = if name.ends_with(bangfu::store::atomic::TEMP_SUFFIX) {
            "TEMP".to_string()
        } else {
            name
        };
        self.log.lock().expect("log").push(format!("{op} {name}"));
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().expect("log"))
    }
}

impl bangfu::store::fs::Fs for RecordingFs {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        bangfu::store::fs::RealFs.read(path)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.note("write+fsync", path);
        bangfu::store::fs::RealFs.write_new_synced(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.note("rename-to", to);
        bangfu::store::fs::RealFs.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        self.log.lock().expect("log").push("fsync-folder".into());
        bangfu::store::fs::RealFs.sync_dir(dir)
    }
    fn hard_link(&self, original: &Path, link: &Path) -> std::io::Result<()> {
        self.note("link", original);
        bangfu::store::fs::RealFs.hard_link(original, link)
    }
    fn copy(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.note("copy-to", to);
        bangfu::store::fs::RealFs.copy(from, to)
    }
    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        self.note("remove", path);
        bangfu::store::fs::RealFs.remove_file(path)
    }
    fn create_dir_all(&self, path: &Path) -> std::io::Result<()> {
        bangfu::store::fs::RealFs.create_dir_all(path)
    }
    fn metadata(&self, path: &Path) -> std::io::Result<std::fs::Metadata> {
        bangfu::store::fs::RealFs.metadata(path)
    }
    fn list_dir(&self, path: &Path) -> std::io::Result<Vec<PathBuf>> {
        bangfu::store::fs::RealFs.list_dir(path)
    }
    fn append_synced(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.note("append+fsync", path);
        bangfu::store::fs::RealFs.append_synced(path, bytes)
    }
    fn truncate(&self, path: &Path, len: u64) -> std::io::Result<()> {
        self.note(&format!("truncate({len})+fsync"), path);
        bangfu::store::fs::RealFs.truncate(path, len)
    }
}

/// Each flush is asked for, in the order that makes it safe: an edit is one flushed
/// append (plus the folder the first time); a compaction writes and flushes the new
/// snapshot, keeps the old one by a link, renames (never copy + remove) and flushes the
/// folder, packs the kept one (flushed before the plain link goes), and only then moves
/// the journal to the history and empties it.
#[test]
fn every_flush_is_issued_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.ron");
    let mut l = sample_ledger();
    drop(Store::create(&path, &l).expect("create"));
    let fs = Arc::new(RecordingFs::default());
    let (mut store, _, _) = Store::open_with(&path, fs.clone()).expect("open");
    fs.take();
    let e = pick_edit(&l, 0, 1);
    record(&mut store, &mut l, &e);
    assert_eq!(fs.take(), ["append+fsync s.ron.journal", "fsync-folder"]);
    let e = pick_edit(&l, 1, 2);
    record(&mut store, &mut l, &e);
    assert_eq!(fs.take(), ["append+fsync s.ron.journal"]);
    store.compact(&l).expect("compact");
    let log = fs.take();
    assert_eq!(
        log[..4],
        [
            "write+fsync TEMP",
            "link s.ron",
            "rename-to s.ron",
            "fsync-folder",
        ],
        "{log:?}"
    );
    // The backup (the link) is packed: written and flushed, renamed to `….ron.gz`, the
    // folder flushed, and only then the plain link removed.
    let packed = log[5].strip_prefix("rename-to s-").unwrap_or_default();
    assert!(packed.ends_with(".ron.gz"), "{log:?}");
    assert_eq!(
        log[4..8],
        [
            "write+fsync TEMP".to_string(),
            format!("rename-to s-{packed}"),
            "fsync-folder".to_string(),
            format!("remove s-{}", packed.trim_end_matches(".gz")),
        ],
        "{log:?}"
    );
    assert_eq!(
        log[8..],
        [
            "write+fsync TEMP",
            "link TEMP",
            "remove TEMP",
            "fsync-folder",
            "truncate(0)+fsync s.ron.journal",
        ],
        "{log:?}"
    );
}

/// `bangfu compact FILE`: a new snapshot holding the journal's edits, the journal moved to
/// the history, the old snapshot kept as a backup; with an empty journal nothing is done.
#[test]
fn compact_writes_a_snapshot_and_moves_the_journal_to_the_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.ron");
    let mut l = sample_ledger();
    let mut store = Store::create(&path, &l).expect("create");
    for n in 0..2 {
        let e = pick_edit(&l, 0, n);
        record(&mut store, &mut l, &e);
    }
    drop(store);
    let compact = || {
        Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .arg("compact")
            .arg(&path)
            .output()
            .expect("bangfu compact")
    };
    let out = compact();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "已写入新快照（含第 2 次及以前的修改），修改日志已移入历史记录，旧快照保留为备份\n"
    );
    let snapshot = std::fs::read_to_string(&path).expect("snapshot");
    assert!(snapshot.contains("\n    journal_seq: 2,\n"));
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).expect("journal"),
        b""
    );
    assert_eq!(
        names_in(&journal::history_dir(&path)),
        ["000000000001-000000000002.journal.gz"]
    );
    assert_eq!(names_in(&dir.path().join("c.ron.backups")).len(), 1);
    assert_eq!(
        read_ledger(&bangfu::store::fs::RealFs, &path).expect("read"),
        l
    );
    let out = compact();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "修改日志为空，无需整理，台账未改动\n"
    );
}

/// The command line: `check` names a damaged journal line and the way out; `recover`
/// keeps the ledger up to the last good edit; a second `recover` has nothing to do.
#[test]
fn check_reports_a_damaged_journal_and_recover_mends_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, states, lines) = three_edits(dir.path());
    let mut bytes = lines.concat();
    bytes[lines[0].len() + 2] = b'!';
    std::fs::write(journal::journal_path(&path), &bytes).expect("damage");
    let bangfu = |cmd: &str| {
        Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .arg(cmd)
            .arg(&path)
            .output()
            .expect("bangfu")
    };
    let out = bangfu("check");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第 2 行已损坏，其后还有记录；最后一次完好的修改是第 1 次（bangfu recover 可恢复到这次修改）"),
        "{err}"
    );
    let out = bangfu("recover");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "已恢复到第 1 次修改：损坏的修改日志已完整保存在历史记录文件夹中，其后的记录未应用\n"
    );
    assert_eq!(bangfu("check").status.code(), Some(0));
    assert_eq!(
        read_ledger(&bangfu::store::fs::RealFs, &path).expect("read"),
        states[1]
    );
    let out = bangfu("recover");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "修改日志完好，无需恢复，台账未改动\n"
    );
}
