//! Fault sweeps over the write paths the other sweeps leave out: creating a ledger,
//! exports, backup rotation (and packing) and the packed history segments. Each path is
//! run once to count its operations, then once per operation with that operation failing
//! (a full disk and an I/O error; a failed write leaves half its bytes behind, as a disk
//! that fills up part-way). After every run the files a user sees hold the old or the new
//! content whole, and no temp file is left. One more test fails if a rename were done as
//! copy + remove.

mod common;

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Edit, Entry, EntryId, Fen, Ledger};
use bangfu::store::atomic::{self, TEMP_SUFFIX};
use bangfu::store::fs::{FaultyFs, RealFs};
use bangfu::store::journal::{self, Record};
use bangfu::store::{Doing, Saved, Store, StoreError, backup, format, lock, read_ledger};
use bangfu::transfer::csv as csv_transfer;
use chrono::{Local, NaiveDate};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::fs::{Forwarding, forward_fs};

/// A full disk and an I/O error.
const ERRNOS: [i32; 2] = [28, 5];

/// The sample ledger plus `g` entries named after `g`.
fn generation(g: u64) -> Ledger {
    let mut l = sample_ledger();
    let template = l.entries[0].clone();
    for i in 1..=g {
        l.entries.push(Entry {
            id: EntryId(1000 + i),
            what: format!("第{i}代").into(),
            value_fen: Fen(i as i64),
            ..template.clone()
        });
    }
    l
}

fn generation_of(l: &Ledger) -> u64 {
    l.entries.iter().filter(|e| e.id.0 > 1000).count() as u64
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

fn temps_in(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.ends_with(TEMP_SUFFIX))
        .collect()
}

fn sync_failed<T>(result: &Result<T, StoreError>) -> bool {
    matches!(
        result,
        Err(StoreError::Io {
            doing: Doing::SyncFolder,
            ..
        })
    )
}

/// Creating a ledger: a fault at any step leaves either no ledger (and no lock file, no
/// temp) or the whole ledger, which opens as what was created.
#[test]
fn a_fault_at_every_step_of_create_leaves_the_whole_ledger_or_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let ledger = generation(3);
    let count = Arc::new(FaultyFs::new(usize::MAX, 0));
    let first = root.path().join("count").join("新台账.ron");
    drop(Store::create_with(&first, &ledger, count.clone()).expect("counting run"));
    let ops = count.operations();
    assert!(ops >= 4, "folder, temp, rename, folder flush: {ops}");
    for errno in ERRNOS {
        for k in 1..=ops {
            let dir = root.path().join(format!("{errno}-{k}"));
            let path = dir.join("新台账.ron");
            let fs = Arc::new(FaultyFs::new(k, errno));
            let result = Store::create_with(&path, &ledger, fs);
            let whole = result.is_ok() || sync_failed(&result);
            drop(result);
            if whole {
                assert_eq!(
                    read_ledger(&RealFs, &path).expect("the created ledger reads"),
                    ledger,
                    "errno {errno}, op {k}"
                );
            } else {
                assert!(!path.exists(), "errno {errno}, op {k}: a ledger was left");
                assert!(
                    !lock::lock_path(&path).exists(),
                    "errno {errno}, op {k}: a lock file was left beside nothing"
                );
            }
            assert_eq!(
                temps_in(&dir),
                Vec::<String>::new(),
                "errno {errno}, op {k}"
            );
        }
    }
}

/// An export (CSV through the one atomic writer, as `bangfu export` and the app write
/// it): over an older export the file holds the old bytes or the new ones, never a part;
/// a new name holds the new bytes or does not exist.
#[test]
fn a_fault_at_every_step_of_an_export_keeps_the_old_file_or_writes_the_new_one_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = csv_transfer::export(&generation(1));
    let new = csv_transfer::export(&generation(40));
    assert_ne!(old, new);
    let over = dir.path().join("导出.csv");
    let fresh = dir.path().join("新导出.csv");
    let count = FaultyFs::new(usize::MAX, 0);
    atomic::write_file(&count, &fresh, &new).expect("counting run");
    let ops = count.operations();
    assert!(ops >= 3, "temp, rename, folder flush: {ops}");
    for errno in ERRNOS {
        for k in 1..=ops {
            std::fs::write(&over, &old).expect("old export");
            let _ = std::fs::remove_file(&fresh);
            let result = atomic::write_file(&FaultyFs::new(k, errno), &over, &new);
            let now = std::fs::read(&over).expect("export");
            if result.is_ok() || sync_failed(&result) {
                assert_eq!(now, new, "errno {errno}, op {k}");
            } else {
                assert_eq!(now, old, "errno {errno}, op {k}: the old export changed");
            }
            let result = atomic::write_file(&FaultyFs::new(k, errno), &fresh, &new);
            match std::fs::read(&fresh) {
                Ok(bytes) => {
                    assert_eq!(bytes, new, "errno {errno}, op {k}: a part of the export");
                    assert!(result.is_ok() || sync_failed(&result), "op {k}: {result:?}");
                }
                Err(_) => assert!(result.is_err(), "errno {errno}, op {k}: reported written"),
            }
            assert_eq!(
                temps_in(dir.path()),
                Vec::<String>::new(),
                "errno {errno}, op {k}"
            );
        }
    }
}

/// Nine plain backups of one day, generation `g` taken at second `g` (the newest is
/// generation 9). Returns their paths, oldest first.
fn nine_backups(ledger: &Path) -> Vec<PathBuf> {
    let dir = backup::backup_dir(ledger);
    std::fs::create_dir_all(&dir).expect("backups folder");
    let day = Local::now().date_naive().format("%Y%m%d").to_string();
    (1..=9u64)
        .map(|g| {
            let path = dir.join(format!("台账-{day}-0900{g:02}-000.ron"));
            let text = format::to_ron(&generation(g)).expect("ron");
            std::fs::write(&path, text).expect("backup");
            path
        })
        .collect()
}

/// The generations the backups on disk hold, as read back through the reader the app and
/// `bangfu` restore from, each backup's content checked whole.
fn generations_kept(ledger: &Path) -> Vec<u64> {
    let mut kept: Vec<u64> = backup::list(&RealFs, ledger)
        .iter()
        .map(|b| {
            let l = read_ledger(&RealFs, &b.path)
                .unwrap_or_else(|e| panic!("backup {} does not read: {e}", b.path.display()));
            let g = generation_of(&l);
            assert_eq!(l, generation(g), "{}", b.path.display());
            g
        })
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// Backup rotation deletes the old backups and packs the kept ones. A fault at any step
/// never costs a backup that is to be kept (the newest above all): each of the five newest
/// still reads whole from its plain or its packed copy, and no temp is left.
#[test]
fn a_fault_at_every_step_of_backup_rotation_keeps_the_newest_backups_whole() {
    let root = tempfile::tempdir().expect("tempdir");
    // Worked out by hand: all nine are of today, so the rule keeps the five newest.
    let to_keep: Vec<u64> = vec![5, 6, 7, 8, 9];
    assert_eq!(backup::KEEP_RECENT, 5);
    let count_dir = root.path().join("count");
    std::fs::create_dir_all(&count_dir).expect("dir");
    let ledger = count_dir.join("台账.ron");
    nine_backups(&ledger);
    let count = FaultyFs::new(usize::MAX, 0);
    backup::rotate(&count, &ledger);
    let ops = count.operations();
    // 4 removals, then for each of 5 kept: temp, rename, folder flush, remove the plain.
    assert_eq!(ops, 4 + 5 * 4, "operations of one rotation");
    assert_eq!(generations_kept(&ledger), to_keep);
    let names = names_in(&backup::backup_dir(&ledger));
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".ron.gz")), "{names:?}");
    for errno in ERRNOS {
        for k in 1..=ops {
            let dir = root.path().join(format!("{errno}-{k}"));
            std::fs::create_dir_all(&dir).expect("dir");
            let ledger = dir.join("台账.ron");
            nine_backups(&ledger);
            backup::rotate(&FaultyFs::new(k, errno), &ledger);
            let kept = generations_kept(&ledger);
            for g in &to_keep {
                assert!(
                    kept.contains(g),
                    "errno {errno}, op {k}: generation {g} lost; kept {kept:?}"
                );
            }
            assert_eq!(kept.last(), Some(&9), "errno {errno}, op {k}");
            let backups = backup::backup_dir(&ledger);
            assert_eq!(
                temps_in(&backups),
                Vec::<String>::new(),
                "errno {errno}, op {k}"
            );
            // The next rotation, without a fault, finishes the job.
            backup::rotate(&RealFs, &ledger);
            assert_eq!(generations_kept(&ledger), to_keep, "errno {errno}, op {k}");
            let names = names_in(&backups);
            assert!(
                names.len() == 5 && names.iter().all(|n| n.ends_with(".ron.gz")),
                "errno {errno}, op {k}: {names:?}"
            );
        }
    }
}

/// The rotation rule, worked by hand: five recent, one a day for seven days, the newest of
/// each day; packed and plain copies count alike.
#[test]
fn rotation_keeps_five_recent_and_the_newest_of_each_of_seven_days() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let mut backups = Vec::new();
    // 10 days, 2 backups each (10:00 and 11:00), newest first; odd days packed.
    for day in 0..10i64 {
        for hour in [11, 10] {
            let taken = (today - chrono::Duration::days(day))
                .and_hms_opt(hour, 0, 0)
                .expect("time");
            let end = if day % 2 == 1 { ".ron.gz" } else { ".ron" };
            backups.push(backup::Backup {
                path: PathBuf::from(format!("d{day}-h{hour}{end}")),
                taken,
                bytes: 1,
            });
        }
    }
    let deleted = backup::to_delete(&backups, today);
    let mut kept: Vec<String> = backups
        .iter()
        .filter(|b| !deleted.contains(&b.path))
        .map(|b| b.path.to_string_lossy().into_owned())
        .collect();
    kept.sort();
    // Recent five: d0 ×2, d1 ×2, d2-h11. Days 0..6 (seven days): the 11:00 one each.
    let mut expected: Vec<String> = vec![
        "d0-h11.ron",
        "d0-h10.ron",
        "d1-h11.ron.gz",
        "d1-h10.ron.gz",
        "d2-h11.ron",
        "d3-h11.ron.gz",
        "d4-h11.ron",
        "d5-h11.ron.gz",
        "d6-h11.ron",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    expected.sort();
    assert_eq!(kept, expected);
}

/// Backups on disk are listed newest first whether plain or packed, with the counter of
/// one millisecond, and other files in the folder are not backups.
#[test]
fn packed_and_plain_backups_are_listed_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let names = [
        "台账-20261128-140312-123.ron.gz",
        "台账-20261128-140312-123-1.ron",
        "台账-20261128-140312-123-2.ron.gz",
        "台账-20261127-090000-000.ron",
        "台账.ron.v2-original",
        "别的-20261128-140312-123.ron",
        "台账-20261128-140312-123.txt",
    ];
    let ledger = common::ledger_with_backups(dir.path(), &names, |name| name.as_bytes().to_vec());
    let listed: Vec<String> = backup::list(&RealFs, &ledger)
        .iter()
        .map(|b| {
            let name = common::file_name(&b.path);
            assert_eq!(b.bytes, name.len() as u64, "{name}");
            name
        })
        .collect();
    assert_eq!(
        listed,
        [
            "台账-20261128-140312-123-2.ron.gz",
            "台账-20261128-140312-123-1.ron",
            "台账-20261128-140312-123.ron.gz",
            "台账-20261127-090000-000.ron",
        ]
    );
}

/// `n` journal lines with the sequence numbers `first..first + n`.
fn journal_lines(first: u64, n: u64) -> (Vec<Record>, Vec<u8>) {
    let template = sample_ledger().entries[0].clone();
    let records: Vec<Record> = (first..first + n)
        .map(|seq| {
            Record::now(
                seq,
                Edit::AddEntry(Box::new(Entry {
                    id: EntryId(2000 + seq),
                    what: format!("第{seq}次修改").into(),
                    value_fen: Fen(seq as i64 * 100),
                    ..template.clone()
                })),
            )
        })
        .collect();
    let bytes = records
        .iter()
        .flat_map(|r| r.to_line().expect("line").into_bytes())
        .collect();
    (records, bytes)
}

/// Writing a packed history segment: a fault at any step leaves no segment, or the whole
/// one (which reads back as the records written); the history never shows half a segment.
#[test]
fn a_fault_at_every_step_of_a_history_segment_write_leaves_it_whole_or_absent() {
    let root = tempfile::tempdir().expect("tempdir");
    let (records, lines) = journal_lines(1, 30);
    let count = FaultyFs::new(usize::MAX, 0);
    let ledger = root.path().join("count.ron");
    let written = journal::write_segment(&count, &ledger, 1, 30, &lines).expect("counting run");
    assert_eq!(
        written.file_name().expect("name").to_string_lossy(),
        "000000000001-000000000030.journal.gz"
    );
    let packed = std::fs::read(&written).expect("segment");
    assert!(
        packed.len() < lines.len() / 2,
        "{} of {}",
        packed.len(),
        lines.len()
    );
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_end(&mut unpacked)
        .expect("a gzip file any tool reads");
    assert_eq!(unpacked, lines);
    assert_eq!(journal::all_records(&RealFs, &ledger), records);
    let ops = count.operations();
    assert!(
        ops >= 4,
        "folder, temp, link, remove temp, folder flush: {ops}"
    );
    for errno in ERRNOS {
        for k in 1..=ops {
            let ledger = root.path().join(format!("{errno}-{k}.ron"));
            let result = journal::write_segment(&FaultyFs::new(k, errno), &ledger, 1, 30, &lines);
            let history = journal::history(&RealFs, &ledger);
            assert!(
                history.unreadable.is_empty(),
                "errno {errno}, op {k}: {:?}",
                history.unreadable
            );
            let dir = journal::history_dir(&ledger);
            let segments: Vec<String> = names_in(&dir)
                .into_iter()
                .filter(|n| n.ends_with(".journal.gz"))
                .collect();
            if result.is_ok() || sync_failed(&result) {
                assert_eq!(history.records, records, "errno {errno}, op {k}");
                assert_eq!(segments.len(), 1, "errno {errno}, op {k}: {segments:?}");
            } else {
                assert_eq!(segments, Vec::<String>::new(), "errno {errno}, op {k}");
                assert_eq!(history.records, Vec::new(), "errno {errno}, op {k}");
            }
            // Only the removal of the temp after the segment got its name may fail and
            // leave the temp (a second name of the whole segment, swept by a later write
            // once this process is gone); it is never read as history.
            let allowed = usize::from(result.is_ok());
            assert!(
                temps_in(&dir).len() <= allowed,
                "errno {errno}, op {k}: {:?}",
                temps_in(&dir)
            );
        }
    }
}

/// A second segment of the same numbers gets a name of its own, never replacing the
/// first; each record is listed once.
#[test]
fn a_segment_name_that_is_taken_gets_a_counter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("台账.ron");
    let (records, lines) = journal_lines(1, 3);
    let a = journal::write_segment(&RealFs, &ledger, 1, 3, &lines).expect("first");
    let b = journal::write_segment(&RealFs, &ledger, 1, 3, &lines).expect("second");
    assert_eq!(
        names_in(&journal::history_dir(&ledger)),
        [
            "000000000001-000000000003.1.journal.gz",
            "000000000001-000000000003.journal.gz"
        ]
    );
    assert_ne!(a, b);
    assert_eq!(journal::all_records(&RealFs, &ledger), records);
}

/// Old plain segments and new packed ones read together, in the order of their numbers,
/// then the journal; `archived_up_to` sees both kinds.
#[test]
fn plain_and_packed_segments_and_the_journal_read_as_one_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("台账.ron");
    let (all, _) = journal_lines(1, 9);
    let bytes_of = |rs: &[Record]| -> Vec<u8> {
        rs.iter()
            .flat_map(|r| r.to_line().expect("line").into_bytes())
            .collect()
    };
    let history = journal::history_dir(&ledger);
    std::fs::create_dir_all(&history).expect("dir");
    // 1–3 plain (as older versions wrote), 4–6 packed, 7–9 in the journal.
    std::fs::write(
        history.join(journal::segment_name(1, 3)),
        bytes_of(&all[0..3]),
    )
    .expect("plain");
    journal::write_segment(&RealFs, &ledger, 4, 6, &bytes_of(&all[3..6])).expect("packed");
    std::fs::write(journal::journal_path(&ledger), bytes_of(&all[6..9])).expect("journal");
    assert_eq!(journal::archived_up_to(&RealFs, &ledger), 6);
    assert_eq!(journal::all_records(&RealFs, &ledger), all);
}

/// A damaged packed segment is named in what `history` returns and in `bangfu history`'s
/// message; the lines before the damage and the other segments are still read.
#[test]
fn a_damaged_packed_segment_is_reported_by_name_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.ron");
    let mut ledger = sample_ledger();
    let mut store = Store::create(&path, &ledger).expect("create");
    let template = ledger.entries[0].clone();
    // Three compactions of 40 edits each: three packed segments.
    for seq in 1..=120u64 {
        let edit = Edit::AddEntry(Box::new(Entry {
            id: EntryId(5000 + seq),
            what: format!("第{seq}件：一段说明文字，长一些，让压缩有东西可压").into(),
            value_fen: Fen(seq as i64),
            ..template.clone()
        }));
        ledger.apply(&edit).expect("applies");
        assert_eq!(
            store.record(&ledger, &edit).expect("record"),
            Saved::InPlace
        );
        if seq % 40 == 0 {
            store.compact(&ledger).expect("compact");
        }
    }
    drop(store);
    let history = journal::history_dir(&path);
    assert_eq!(
        names_in(&history),
        [
            "000000000001-000000000040.journal.gz",
            "000000000041-000000000080.journal.gz",
            "000000000081-000000000120.journal.gz",
        ]
    );
    let middle = history.join("000000000041-000000000080.journal.gz");
    let bytes = std::fs::read(&middle).expect("segment");
    std::fs::write(&middle, &bytes[..bytes.len() / 2]).expect("cut");
    let read = journal::history(&RealFs, &path);
    assert_eq!(read.unreadable.len(), 1);
    assert_eq!(read.unreadable[0].path, middle);
    let seqs: Vec<u64> = read.records.iter().map(|r| r.seq).collect();
    assert!(seqs.starts_with(&(1..=40).collect::<Vec<_>>()), "{seqs:?}");
    assert!(seqs.ends_with(&(81..=120).collect::<Vec<_>>()), "{seqs:?}");
    let lost = 120 - seqs.len();
    assert!((1..=40).contains(&lost), "{lost} lost");
    // The ledger itself is untouched by a damaged history.
    assert_eq!(read_ledger(&RealFs, &path).expect("reads"), ledger);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["--lang", "en", "history"])
        .arg(&path)
        .args(["--format", "csv"])
        .output()
        .expect("bangfu history");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "the history file “{}” is damaged",
            middle.display()
        )),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1 + seqs.len(), "{stdout}");
}

/// The writer replaces a file by renaming its flushed temp over it. A reader that opened
/// the file before keeps reading the old version whole, and the name then holds a new
/// file (another inode) with the new content. Done as copy + remove, the copy would
/// write into the old file in place: the reader would see the new bytes (or half of
/// them, after a crash) and the inode would stay. Checked for an export and for a save of
/// the ledger.
#[cfg(unix)]
#[test]
fn a_replace_is_a_rename_never_a_copy_into_the_old_file() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path().join("导出.csv");
    let old = csv_transfer::export(&generation(1));
    let new = csv_transfer::export(&generation(30));
    std::fs::write(&export, &old).expect("old");
    let mut reader = std::fs::File::open(&export).expect("reader");
    let inode = std::fs::metadata(&export).expect("meta").ino();
    atomic::write_file(&RealFs, &export, &new).expect("write");
    let mut seen = Vec::new();
    reader.read_to_end(&mut seen).expect("read");
    assert!(
        seen == old,
        "a reader of the old export saw it change under it"
    );
    assert_ne!(std::fs::metadata(&export).expect("meta").ino(), inode);
    assert!(std::fs::read(&export).expect("new") == new);

    let path = dir.path().join("台账.ron");
    let mut store = Store::create(&path, &generation(1)).expect("create");
    let before = std::fs::read(&path).expect("snapshot");
    let mut reader = std::fs::File::open(&path).expect("reader");
    let inode = std::fs::metadata(&path).expect("meta").ino();
    store.save(&generation(2)).expect("save");
    let mut seen = Vec::new();
    reader.read_to_end(&mut seen).expect("read");
    assert!(
        seen == before,
        "a reader of the old snapshot saw it change under it"
    );
    assert_ne!(std::fs::metadata(&path).expect("meta").ino(), inode);
    assert_eq!(read_ledger(&RealFs, &path).expect("read"), generation(2));
    // The old snapshot is the backup, whole.
    let backups = store.backups();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        read_ledger(&RealFs, &backups[0].path).expect("backup"),
        generation(1)
    );
}

/// A report written as two files at once (`bangfu report` writes the PDF and the XLSX all
/// or nothing): a fault at any step leaves both old files, or both new ones.
#[test]
fn a_fault_at_every_step_of_a_two_file_report_keeps_both_old_or_writes_both_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("汇总.csv");
    let b = dir.path().join("明细.csv");
    let (old_a, new_a) = (
        csv_transfer::export(&generation(1)),
        csv_transfer::export(&generation(2)),
    );
    let (old_b, new_b) = (
        csv_transfer::export(&generation(3)),
        csv_transfer::export(&generation(4)),
    );
    let files: [(&Path, &[u8]); 2] = [(&a, &new_a), (&b, &new_b)];
    let reset = || {
        std::fs::write(&a, &old_a).expect("a");
        std::fs::write(&b, &old_b).expect("b");
    };
    reset();
    let count = FaultyFs::new(usize::MAX, 0);
    atomic::write_files(&count, &files).expect("counting run");
    let ops = count.operations();
    // 2 temps, 2 links of the old files, 2 renames, 2 removals of the links, a flush.
    assert_eq!(ops, 9, "operations of a two-file write");
    for errno in ERRNOS {
        for k in 1..=ops {
            reset();
            let result = atomic::write_files(&FaultyFs::new(k, errno), &files);
            let (now_a, now_b) = (std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
            if result.is_ok() || sync_failed(&result) {
                assert!(now_a == new_a && now_b == new_b, "errno {errno}, op {k}");
            } else {
                assert!(
                    now_a == old_a && now_b == old_b,
                    "errno {errno}, op {k}: one file replaced without the other"
                );
            }
            // Only a kept old copy whose removal failed after success may stay.
            let temps = temps_in(dir.path());
            assert!(
                temps.len() <= usize::from(result.is_ok() || sync_failed(&result)),
                "errno {errno}, op {k}: {temps:?}"
            );
            for t in temps {
                let _ = std::fs::remove_file(dir.path().join(t));
            }
        }
    }
}

/// Sets a file's modification time to `ago` before now.
fn age(path: &Path, ago: std::time::Duration) {
    let f = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    f.set_modified(std::time::SystemTime::now() - ago)
        .expect("set time");
}

/// A killed writer's temp is swept by the next write into its folder: when its process is
/// gone, or when it is older than an hour; a live writer's recent temp, and files that
/// are not temps, are left alone.
#[test]
fn stale_temps_are_swept_by_the_next_write_and_live_ones_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let me = std::process::id();
    let name = |what: &str| dir.path().join(what);
    let dead = name(".导出.csv.tmp-4294967294-1.bangfu-tmp");
    let dead_old = name(".导出.csv.old-4294967294-2.bangfu-tmp");
    let live_recent = name(&format!(".导出.csv.tmp-{me}-900001.bangfu-tmp"));
    let live_ten_minutes = name(&format!(".导出.csv.tmp-{me}-900002.bangfu-tmp"));
    let live_two_hours = name(&format!(".导出.csv.tmp-{me}-900003.bangfu-tmp"));
    let not_a_temp = name(&format!("导出.csv.tmp-{me}-900004.bangfu-tmp"));
    let other_kind = name(".导出.csv.zzz-4294967294-5.bangfu-tmp");
    for p in [
        &dead,
        &dead_old,
        &live_recent,
        &live_ten_minutes,
        &live_two_hours,
        &not_a_temp,
        &other_kind,
    ] {
        std::fs::write(p, b"half").expect("write");
    }
    age(&live_ten_minutes, std::time::Duration::from_secs(10 * 60));
    age(&live_two_hours, std::time::Duration::from_secs(2 * 60 * 60));
    atomic::write_file(&RealFs, &name("导出.csv"), b"a,b\n").expect("write");
    let left = names_in(dir.path());
    let gone = |p: &Path| !left.contains(&p.file_name().expect("n").to_string_lossy().into_owned());
    if cfg!(target_os = "linux") {
        assert!(gone(&dead), "a dead writer's temp stayed: {left:?}");
        assert!(gone(&dead_old), "a dead writer's old copy stayed: {left:?}");
    }
    assert!(
        gone(&live_two_hours),
        "a two-hour-old temp stayed: {left:?}"
    );
    assert!(!gone(&live_recent), "a live writer's temp was removed");
    assert!(
        !gone(&live_ten_minutes),
        "a live writer's ten-minute-old temp was removed"
    );
    assert!(!gone(&not_a_temp), "a file that is not a temp was removed");
    assert!(!gone(&other_kind), "a file of another kind was removed");
    assert_eq!(std::fs::read(name("导出.csv")).expect("out"), b"a,b\n");
}

/// Opening a ledger (with its lock held, so no one else is writing) removes the temps a
/// killed save of that ledger left, even one with a live process id; other files stay.
#[test]
fn opening_a_ledger_removes_its_own_leftover_temps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.ron");
    drop(Store::create(&path, &generation(1)).expect("create"));
    let me = std::process::id();
    let leftover = dir
        .path()
        .join(format!(".台账.ron.tmp-{me}-900100.bangfu-tmp"));
    let other = dir
        .path()
        .join(format!(".别的.ron.tmp-{me}-900101.bangfu-tmp"));
    std::fs::write(&leftover, b"half a ledger").expect("write");
    std::fs::write(&other, b"someone else's").expect("write");
    let (_store, l, _) = Store::open(&path).expect("open");
    assert_eq!(l, generation(1));
    assert!(!leftover.exists(), "the killed save's temp stayed");
    assert!(other.exists(), "another file's temp was removed");
}

/// A file system without hard links (FAT, some shares), with a fault at a chosen
/// operation: every other operation goes to [`FaultyFs`].
#[derive(Debug)]
struct NoLinks(FaultyFs);

impl Forwarding for NoLinks {
    fn to(&self) -> &dyn bangfu::store::fs::Fs {
        &self.0
    }
}

impl bangfu::store::fs::Fs for NoLinks {
    forward_fs!(
        read,
        write_new_synced,
        rename,
        sync_dir,
        copy,
        remove_file,
        create_dir_all,
        metadata,
        list_dir,
    );
    fn hard_link(&self, _: &Path, _: &Path) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Without hard links a new file (a conflict copy, a history segment) is created under the
/// first free name directly: names that are taken are skipped and never changed, and a
/// fault at any step leaves no part of a file under a name, and no temp.
#[test]
fn without_hard_links_a_new_file_takes_the_first_free_name_and_a_fault_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = |n: u32| dir.path().join(format!("台账.conflict-{n}.ron"));
    let new = format::to_ron(&generation(7)).expect("ron").into_bytes();
    let reset = || {
        for n in 0..4 {
            let _ = std::fs::remove_file(name(n));
        }
        std::fs::write(name(0), b"first").expect("0");
        std::fs::write(name(1), b"second").expect("1");
    };
    reset();
    let count = NoLinks(FaultyFs::new(usize::MAX, 0));
    let got = atomic::write_new_unique(&count, &new, name).expect("counting run");
    assert_eq!(got, name(2));
    assert!(std::fs::read(name(2)).expect("2") == new);
    let ops = count.0.operations();
    // Temp, the file itself, the temp removed, the folder flushed.
    assert_eq!(ops, 4);
    for errno in ERRNOS {
        for k in 1..=ops {
            reset();
            let fs = NoLinks(FaultyFs::new(k, errno));
            let result = atomic::write_new_unique(&fs, &new, name);
            assert_eq!(std::fs::read(name(0)).expect("0"), b"first", "op {k}");
            assert_eq!(std::fs::read(name(1)).expect("1"), b"second", "op {k}");
            assert!(!name(3).exists(), "errno {errno}, op {k}: a name too far");
            match &result {
                Ok(p) => assert_eq!(p, &name(2), "errno {errno}, op {k}"),
                Err(_) if sync_failed(&result) => {}
                Err(_) => assert!(!name(2).exists(), "errno {errno}, op {k}: a part left"),
            }
            if name(2).exists() {
                assert!(
                    std::fs::read(name(2)).expect("2") == new,
                    "errno {errno}, op {k}"
                );
            }
            let temps = temps_in(dir.path());
            assert!(
                temps.len() <= usize::from(result.is_ok()),
                "errno {errno}, op {k}: {temps:?}"
            );
            for t in temps {
                let _ = std::fs::remove_file(dir.path().join(t));
            }
        }
    }
}
