//! Tests written for mutants that `cargo mutants` found alive in the journal, the backups
//! and the packed files (see README, "cargo mutants"): each one fails when the mutant is
//! put back by hand, and passes on the real code.

mod common;

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Edit, Entry, EntryId, Fen};
use bangfu::store::backup;
use bangfu::store::fs::{Fs, RealFs};
use bangfu::store::journal::{self, Record};
use chrono::{Local, NaiveDate, NaiveDateTime};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::fs::{Forwarding, forward_fs};

/// Journal records `first..first + n`, each adding an entry named after its number.
fn records(first: u64, n: u64) -> Vec<Record> {
    let template = sample_ledger().entries[0].clone();
    (first..first + n)
        .map(|seq| {
            Record::now(
                seq,
                Edit::AddEntry(Box::new(Entry {
                    id: EntryId(3000 + seq),
                    what: format!("第{seq}次修改").into(),
                    value_fen: Fen(seq as i64 * 100),
                    ..template.clone()
                })),
            )
        })
        .collect()
}

/// The journal lines of `rs`, one after another.
fn lines_of(rs: &[Record]) -> Vec<u8> {
    rs.iter()
        .flat_map(|r| r.to_line().expect("line").into_bytes())
        .collect()
}

/// A file in the history folder whose name is not a segment's (a copy a file manager
/// made, here holding a line numbered 7 that belongs to no segment) is not read: the
/// history is the segment's edits 1–3 and the journal's 4–6, in order.
#[test]
fn a_file_in_the_history_folder_not_named_as_a_segment_is_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("台账.ron");
    let all = records(1, 6);
    let foreign = records(7, 1);
    journal::write_segment(&RealFs, &ledger, 1, 3, &lines_of(&all[0..3])).expect("segment");
    let history = journal::history_dir(&ledger);
    std::fs::write(
        history.join("000000000001-000000000003 (copy).journal"),
        lines_of(&foreign),
    )
    .expect("stray copy");
    std::fs::write(journal::journal_path(&ledger), lines_of(&all[3..6])).expect("journal");
    let read = journal::history(&RealFs, &ledger);
    let seqs: Vec<u64> = read.records.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
    assert_eq!(read.records, all);
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    assert_eq!(journal::archived_up_to(&RealFs, &ledger), 3);
}

/// A file system on which, whatever the millisecond, the backup name of that millisecond
/// is taken by a packed backup only (`…-mmm.ron.gz`) and the first counter by a plain one
/// (`…-mmm-1.ron`); nothing else exists. Everything but `metadata` goes to the disk.
#[derive(Debug)]
struct TakenFs {
    /// A real file whose metadata stands for "exists".
    some_file: PathBuf,
}

impl TakenFs {
    fn exists(name: &str) -> bool {
        let packed_first = name.strip_suffix(".ron.gz").is_some_and(|rest| {
            // `…-HHMMSS-mmm`: the last part is the three-digit millisecond.
            rest.rsplit_once('-').is_some_and(|(_, ms)| ms.len() == 3)
        });
        let plain_second = name
            .strip_suffix(".ron")
            .is_some_and(|rest| rest.ends_with("-1"));
        packed_first || plain_second
    }
}

impl Forwarding for TakenFs {
    fn to(&self) -> &dyn Fs {
        &RealFs
    }
}

impl Fs for TakenFs {
    forward_fs!(
        read,
        write_new_synced,
        rename,
        sync_dir,
        hard_link,
        copy,
        remove_file,
        create_dir_all,
        list_dir,
    );
    fn metadata(&self, path: &Path) -> std::io::Result<std::fs::Metadata> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(TakenFs::exists) {
            std::fs::metadata(&self.some_file)
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }
}

/// A new backup never takes a name whose packed copy exists (packing it later would
/// replace that older backup), nor a taken counter: with `NAME-STAMP.ron.gz` and
/// `NAME-STAMP-1.ron` there, the new one is `NAME-STAMP-2.ron`.
#[test]
fn a_new_backup_skips_names_taken_by_a_packed_or_a_plain_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("台账.ron");
    let fs = TakenFs {
        some_file: dir.path().to_path_buf(),
    };
    let before = Local::now().naive_local();
    // On a fault the loop would never end: fail instead of hanging.
    let (tx, rx) = std::sync::mpsc::channel();
    let for_thread = ledger.clone();
    std::thread::spawn(move || {
        let _ = tx.send(backup::new_backup_path(&fs, &for_thread));
    });
    let path = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("new_backup_path hung");
    let after = Local::now().naive_local();
    assert_eq!(path.parent(), Some(backup::backup_dir(&ledger).as_path()));
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let stamp = name
        .strip_prefix("台账-")
        .and_then(|r| r.strip_suffix("-2.ron"))
        .unwrap_or_else(|| panic!("not 台账-STAMP-2.ron: {name}"));
    let taken = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S-%3f")
        .unwrap_or_else(|e| panic!("stamp {stamp}: {e}"));
    let ms = Duration::from_millis(1);
    assert!(
        taken + ms > before && taken <= after,
        "{taken} not between {before} and {after}"
    );
}

/// A listed backup carries the time in its name, to the millisecond, plain or packed.
#[test]
fn a_listed_backup_carries_the_time_of_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let names = [
        "台账-20261128-140312-123-1.ron",
        "台账-20261127-090005-007.ron.gz",
    ];
    let ledger = common::ledger_with_backups(dir.path(), &names, |_| b"x".to_vec());
    let at = |d: u32, h: u32, m: u32, s: u32, ms: u32| {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .and_then(|day| day.and_hms_milli_opt(h, m, s, ms))
            .expect("time")
    };
    let listed: Vec<(String, NaiveDateTime, u64)> = backup::list(&RealFs, &ledger)
        .into_iter()
        .map(|b| (common::file_name(&b.path), b.taken, b.bytes))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "台账-20261128-140312-123-1.ron".to_string(),
                at(28, 14, 3, 12, 123),
                1
            ),
            (
                "台账-20261127-090005-007.ron.gz".to_string(),
                at(27, 9, 0, 5, 7),
                1
            ),
        ]
    );
}
