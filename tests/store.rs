//! The storage guarantees: nothing is lost on a kill, a full disk or a bad file, and a
//! second writer is refused.

mod common;

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Entry, EntryId, Fen, Ledger};
use bangfu::store::atomic::{TEMP_SUFFIX, write_new_unique};
use bangfu::store::format::{self, FormatError};
use bangfu::store::fs::{FaultyFs, Fs, RealFs};
use bangfu::store::{ReadOnly, Saved, Store, StoreError};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::fs::{Forwarding, forward_fs};

const CHILD_ENV: &str = "BANGFU_TEST_CHILD";

/// The ledger of generation `g`: the sample plus `g` entries.
fn generation(base: &Ledger, g: u64) -> Ledger {
    let mut l = base.clone();
    let template = l.entries[0].clone();
    for i in 1..=g {
        let id = EntryId(1000 + i);
        l.entries.push(Entry {
            id,
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

/// Runs this test binary again as a child, with one test selected.
fn child(test: &str, file: &Path) -> std::process::Child {
    let exe = std::env::current_exe().expect("test binary");
    Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child")
}

/// Child role: keep saving new generations and report each after it is saved.
#[test]
fn child_saver() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let path = PathBuf::from(path);
    let (mut store, ledger, _) = Store::open(&path).expect("open");
    assert!(store.read_only().is_none(), "child must get the lock");
    let base = sample_ledger();
    let mut g = generation_of(&ledger);
    loop {
        g += 1;
        store.save(&generation(&base, g)).expect("save");
        println!("saved {g}");
    }
}

/// Child role: hold the lock until killed.
#[test]
fn child_holder() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let (store, _, _) = Store::open(Path::new(&path)).expect("open");
    assert!(store.read_only().is_none());
    println!("holding");
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

#[test]
fn kill_9_never_loses_a_saved_generation() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kill.ron");
    drop(Store::create(&path, &sample_ledger()).expect("create"));
    let mut seed: u64 = 0x5eed;
    let mut last_reported = 0;
    let kills = 200;
    for round in 0..kills {
        let mut c = child("child_saver", &path);
        let stdout = c.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(g) = line
                    .strip_prefix("saved ")
                    .and_then(|g| g.parse::<u64>().ok())
                {
                    let _ = tx.send(g);
                }
            }
        });
        // Wait for at least one save now and then, else kill at a random moment.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait = Duration::from_micros(2_000 + (seed >> 33) % 40_000);
        if round % 4 == 0
            && let Ok(g) = rx.recv_timeout(Duration::from_secs(20))
        {
            last_reported = last_reported.max(g);
        }
        std::thread::sleep(wait);
        c.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
        c.wait().expect("reap");
        while let Ok(g) = rx.recv_timeout(Duration::from_millis(200)) {
            last_reported = last_reported.max(g);
        }
        let text = std::fs::read_to_string(&path).expect("file exists after every kill");
        let parsed = format::parse(&text).unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        let on_disk = generation_of(&parsed.ledger);
        assert!(
            on_disk >= last_reported,
            "round {round}: file has generation {on_disk}, child had reported {last_reported}"
        );
    }
    assert!(
        last_reported > 10,
        "the child saved only {last_reported} generations"
    );
    // The next holder sweeps the temp files killed savers left behind.
    drop(Store::open(&path).expect("open"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert_eq!(leftovers.len(), 0, "temp files left behind");
}

#[test]
fn a_failed_operation_leaves_the_old_file_or_the_new_one() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("faults.ron");
    let old = sample_ledger();
    let new = generation(&old, 3);
    let old_bytes = format::to_ron(&old).expect("ron").into_bytes();
    let new_bytes = format::to_ron(&new).expect("ron").into_bytes();
    // How many write operations a good save takes.
    drop(Store::create(&path, &old).expect("create"));
    let counting = Arc::new(FaultyFs::new(usize::MAX, 0));
    {
        let (mut s, _, _) = Store::open_with(&path, counting.clone()).expect("open");
        s.save(&new).expect("save");
    }
    let ops = counting.operations();
    assert!(ops >= 3, "a save is at least write, rename, sync: {ops}");
    for errno in [28 /* ENOSPC */, 5 /* EIO */] {
        for k in 1..=ops {
            std::fs::remove_file(&path).expect("reset");
            std::fs::write(&path, &old_bytes).expect("reset");
            let fs = Arc::new(FaultyFs::new(k, errno));
            let (mut s, _, _) = Store::open_with(&path, fs).expect("open");
            let result = s.save(&new);
            drop(s);
            let now = std::fs::read(&path).expect("target exists");
            assert!(
                now == old_bytes || now == new_bytes,
                "errno {errno}, op {k}: target is neither old nor new"
            );
            match result {
                Err(StoreError::Io { source, .. }) => {
                    assert_eq!(source.raw_os_error(), Some(errno));
                }
                Err(e) => panic!("errno {errno}, op {k}: unexpected error {e}"),
                // A failure in backup rotation is deliberately not an error.
                Ok(Saved::InPlace) => assert_eq!(now, new_bytes),
                Ok(other) => panic!("unexpected {other:?}"),
            }
            let temps = std::fs::read_dir(dir.path())
                .expect("dir")
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .count();
            assert_eq!(temps, 0, "errno {errno}, op {k}: temp file left behind");
        }
    }
}

#[test]
fn every_prefix_and_flipped_byte_is_an_error_with_a_position_and_nothing_is_written() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let text = format::to_ron(&sample_ledger()).expect("ron");
    let bytes = text.as_bytes();
    for cut in 0..bytes.len() {
        let Ok(prefix) = std::str::from_utf8(&bytes[..cut]) else {
            continue;
        };
        match format::parse(prefix) {
            Err(FormatError::Syntax(e)) => assert!(e.line >= 1 && e.column >= 1, "cut {cut}"),
            Err(FormatError::NotALedger | FormatError::Invalid(_)) => {}
            Err(e) => panic!("cut {cut}: {e:?}"),
            Ok(_) => assert!(
                bytes[cut..].iter().all(u8::is_ascii_whitespace),
                "a prefix of {cut} bytes parsed"
            ),
        }
    }
    // Flipped bytes: parse or fail, never panic; through the store, the file is untouched.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("flip.ron");
    for (n, i) in (0..bytes.len()).step_by(7).enumerate() {
        let mut flipped = bytes.to_vec();
        flipped[i] ^= if n % 2 == 0 { 0x01 } else { 0x80 };
        std::fs::write(&path, &flipped).expect("write");
        match Store::open(&path) {
            Ok((s, l, _)) => {
                drop((s, l));
            }
            Err(StoreError::Format { error, .. }) => {
                if let FormatError::Syntax(e) = &error {
                    assert!(e.line >= 1, "byte {i}: {error:?}");
                }
            }
            Err(e) => panic!("byte {i}: {e}"),
        }
        assert_eq!(
            std::fs::read(&path).expect("read"),
            flipped,
            "byte {i}: file was written"
        );
    }
}

#[test]
fn second_opener_is_read_only_and_the_cli_exits_3_until_the_holder_dies() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("帮扶 台账.ron");
    drop(Store::create(&path, &sample_ledger()).expect("create"));
    let mut holder = child("child_holder", &path);
    let mut lines = BufReader::new(holder.stdout.take().expect("stdout")).lines();
    let start = Instant::now();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("holding") => break,
            Some(_) if start.elapsed() < Duration::from_secs(30) => continue,
            other => panic!("holder did not start: {other:?}"),
        }
    }
    let (store, _, _) = Store::open(&path).expect("opens read-only");
    let Some(ReadOnly::LockedBy(h)) = store.read_only() else {
        panic!("expected read-only, got {:?}", store.read_only());
    };
    assert_eq!(h.pid, holder.id());
    drop(store);
    let add = |p: &Path| {
        Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .args(["add"])
            .arg(p)
            .args([
                "--date",
                "2020-06-30",
                "--village",
                "九股村",
                "--department",
                "团委",
            ])
            .args(["--kind", "services", "--what", "测试"])
            .output()
            .expect("run bangfu")
    };
    let out = add(&path);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("正由") && msg.contains(&holder.id().to_string()),
        "{msg}"
    );
    holder.kill().expect("kill");
    holder.wait().expect("reap");
    let out = add(&path);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_holder_is_named_from_the_info_file_when_the_lock_file_cannot_be_read() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("帮扶 台账.ron");
    let holder = Store::create(&path, &sample_ledger()).expect("create");
    let lock = dir.path().join("帮扶 台账.ron.lock");
    let info = dir.path().join("帮扶 台账.ron.lock.info");
    let text = std::fs::read_to_string(&info).expect("the holder writes the info file");
    assert!(
        text.contains(&format!("pid={}", std::process::id())),
        "{text}"
    );
    // On Windows the holder's lock makes the lock file unreadable to everyone else; an
    // empty lock file gives a second opener just as little.
    std::fs::write(&lock, "").expect("empty the lock file");
    let (second, _, _) = Store::open(&path).expect("opens read-only");
    let Some(ReadOnly::LockedBy(h)) = second.read_only() else {
        panic!("expected read-only, got {:?}", second.read_only());
    };
    assert_eq!(h.pid, std::process::id());
    drop(second);
    drop(holder);
    assert!(!info.exists(), "the info file goes with the lock");
}

#[test]
fn a_change_by_someone_else_goes_to_a_conflict_copy() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.ron");
    let mut store = Store::create(&path, &sample_ledger()).expect("create");
    // Someone edits the file by hand meanwhile.
    let theirs = format::to_ron(&generation(&sample_ledger(), 1)).expect("ron");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, &theirs).expect("write");
    let ours = generation(&sample_ledger(), 2);
    let Ok(Saved::ConflictCopy(copy)) = store.save(&ours) else {
        panic!("expected a conflict copy");
    };
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        theirs,
        "their file is kept"
    );
    let copied = format::parse(&std::fs::read_to_string(&copy).expect("copy")).expect("parses");
    assert_eq!(copied.ledger, ours);
}

#[test]
fn backups_are_kept_and_a_migrated_file_keeps_its_original() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ron");
    let mut store = Store::create(&path, &sample_ledger()).expect("create");
    for g in 1..=25 {
        store.save(&generation(&sample_ledger(), g)).expect("save");
    }
    let backups = store.backups();
    assert_eq!(
        backups.len(),
        bangfu::store::backup::KEEP_RECENT,
        "the last saves (all today)"
    );
    let newest = store.read_file(&backups[0].path).expect("backup parses");
    assert_eq!(
        generation_of(&newest),
        24,
        "the newest backup is the previous save"
    );
    drop(store);

    let v1 = dir.path().join("old.ron");
    std::fs::write(
        &v1,
        r#"(format: "bangfu-ledger", version: 1, min_reader: 1, unit: "毕节职业技术学院",
    villages: [(id: 1, name: "九股村", town: "妈姑镇", county: "赫章县")],
    departments: [(id: 1, name: "农业工程系")],
    entries: [(id: 1, date: "2020-06-05", department: 1, village: 1, kind: Goods,
               what: "化肥", quantity: Some("32"), unit: "户", value_fen: 0,
               households: 32, persons: 0, status: Delivered, notes: "")])"#,
    )
    .expect("write v1");
    let original = std::fs::read(&v1).expect("read");
    let (mut s, l, notes) = Store::open(&v1).expect("v1 opens");
    let Some((1, Some(copy))) = notes.migrated_from else {
        panic!("expected a migration note: {notes:?}");
    };
    assert_eq!(std::fs::read(&copy).expect("copy"), original);
    s.save(&l).expect("saves as the current version");
    assert!(
        std::fs::read_to_string(&v1)
            .expect("read")
            .contains(&format!("version: {}", format::CURRENT_VERSION))
    );

    // A newer file opens read-only and is never saved over.
    let newer = dir.path().join("newer.ron");
    let text = format::to_ron(&sample_ledger()).expect("ron").replacen(
        &format!("version: {}", format::CURRENT_VERSION),
        "version: 9",
        1,
    );
    std::fs::write(&newer, &text).expect("write");
    let (mut s, l, _) = Store::open(&newer).expect("opens");
    assert!(matches!(s.read_only(), Some(ReadOnly::NewerVersion(9))));
    assert!(matches!(s.save(&l), Err(StoreError::ReadOnly(_))));
    assert_eq!(std::fs::read_to_string(&newer).expect("read"), text);
}

/// Attack: many saves in the same second each meet someone else's change. Each conflict
/// copy must be a file of its own; none may replace another.
#[test]
fn conflict_copies_made_in_the_same_second_all_survive() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("same.ron");
    drop(Store::create(&path, &sample_ledger()).expect("create"));
    let theirs = format::to_ron(&generation(&sample_ledger(), 100)).expect("ron");
    let mut copies = Vec::new();
    let start = Instant::now();
    for g in 1..=6 {
        let (mut store, _, _) = Store::open(&path).expect("open");
        // Someone rewrites the file by hand (a different length, so the change shows).
        let mut changed = theirs.clone();
        changed.push_str(&" ".repeat(g as usize));
        std::fs::write(&path, &changed).expect("write");
        let Ok(Saved::ConflictCopy(copy)) = store.save(&generation(&sample_ledger(), g)) else {
            panic!("expected a conflict copy");
        };
        copies.push((g, copy));
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "too slow to test saves within a second"
    );
    for (g, copy) in &copies {
        let text = std::fs::read_to_string(copy).expect("every conflict copy survives");
        let copied = format::parse(&text).expect("parses").ledger;
        assert_eq!(generation_of(&copied), *g, "{copy:?} holds another save");
    }
}

/// Attack: the ledger is a symlink. A save must go through the link to the real file and
/// keep the link.
#[cfg(unix)]
#[test]
fn a_symlinked_ledger_is_saved_through_the_link() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).expect("mkdir");
    let real = real_dir.join("账.ron");
    drop(Store::create(&real, &sample_ledger()).expect("create"));
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");

    let (mut store, _, _) = Store::open(&link).expect("open through the link");
    assert!(store.read_only().is_none());
    for g in 1..=2 {
        assert_eq!(
            store.save(&generation(&sample_ledger(), g)).expect("save"),
            Saved::InPlace
        );
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link was replaced by a plain file"
    );
    assert_eq!(std::fs::read_link(&link).expect("link"), real);
    let on_disk = format::parse(&std::fs::read_to_string(&real).expect("real")).expect("parses");
    assert_eq!(
        generation_of(&on_disk.ledger),
        2,
        "the real file has the save"
    );
    assert_eq!(
        generation_of(&store.read_file(&store.backups()[0].path).expect("backup")),
        1,
        "backups are kept"
    );
}

/// Attack: two paths to one ledger (the file and a symlink to it). Only one may write.
#[cfg(unix)]
#[test]
fn two_paths_to_one_ledger_cannot_both_write() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("r.ron");
    drop(Store::create(&real, &sample_ledger()).expect("create"));
    let link = dir.path().join("l.ron");
    std::os::unix::fs::symlink("r.ron", &link).expect("symlink");

    let (first, _, _) = Store::open(&link).expect("open the link");
    assert!(first.read_only().is_none());
    let (second, _, _) = Store::open(&real).expect("open the file");
    assert!(
        matches!(second.read_only(), Some(ReadOnly::LockedBy(_))),
        "the real path got a second writer: {:?}",
        second.read_only()
    );
    drop((first, second));
    let (first, _, _) = Store::open(&real).expect("open the file");
    assert!(first.read_only().is_none());
    let (second, _, _) = Store::open(&link).expect("open the link");
    assert!(
        matches!(second.read_only(), Some(ReadOnly::LockedBy(_))),
        "the link got a second writer: {:?}",
        second.read_only()
    );
}

/// Runs `f` on another thread and fails the test if it takes longer than 10 s (a hang).
fn within_10s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("{what} hung"))
}

/// Runs the CLI and fails the test if it takes longer than 10 s; kills it then.
fn bangfu_within_10s(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bangfu");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bangfu {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Opening `path` (the store, a plain read and the CLI's `check` and `add`) fails at once
/// with an error that names the path and says what it is.
fn refused_as_special(path: &Path, what: &str) {
    let p = path.to_path_buf();
    let opened = within_10s("Store::open", move || Store::open(&p).map(|_| ()));
    let Err(e) = opened else {
        panic!("{path:?} opened as a ledger");
    };
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains(what),
        "{msg}"
    );
    let p = path.to_path_buf();
    let read = within_10s("read_ledger", move || {
        bangfu::store::read_ledger(&bangfu::store::fs::RealFs, &p).map(|_| ())
    });
    assert!(read.is_err(), "{path:?} read as a ledger");
    let check = bangfu_within_10s(&["check".as_ref(), path.as_os_str()]);
    let add = bangfu_within_10s(&[
        "add".as_ref(),
        path.as_os_str(),
        "--date".as_ref(),
        "2020-06-30".as_ref(),
        "--village".as_ref(),
        "九股村".as_ref(),
        "--department".as_ref(),
        "团委".as_ref(),
        "--kind".as_ref(),
        "services".as_ref(),
        "--what".as_ref(),
        "测试".as_ref(),
    ]);
    for out in [check, add] {
        assert_ne!(out.status.code(), Some(0));
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(msg.contains(what), "{msg}");
    }
}

/// Attack: a FIFO as the ledger used to hang `check` and `add` (and the hung `add` held the
/// lock).
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("管道.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    refused_as_special(&fifo, "命名管道");
}

/// Attack: a symlink to /dev/zero used to read without limit.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_a_device_is_refused_at_once() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let zero = dir.path().join("zero.ron");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    refused_as_special(&zero, "设备");
}

/// Attack: a failed open or create used to leave a `.lock` file beside a missing or bad
/// path.
#[test]
fn a_failed_open_or_create_leaves_no_lock_file() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.ron");
    assert!(Store::open(&missing).is_err());
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format: \"bangfu-ledger\", vers").expect("write");
    assert!(matches!(Store::open(&bad), Err(StoreError::Format { .. })));
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).expect("mkdir");
    assert!(Store::open(&folder).is_err());
    assert!(matches!(
        Store::create(&bad, &sample_ledger()),
        Err(StoreError::Exists(_))
    ));
    // A create whose first save fails (the temp write hits a full disk).
    let full = dir.path().join("full.ron");
    let faulty = Arc::new(FaultyFs::new(2, 28));
    assert!(Store::create_with(&full, &sample_ledger(), faulty).is_err());
    assert!(!full.exists());
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".lock"))
        .collect();
    assert!(left.is_empty(), "lock files left: {left:?}");
}

/// Attack: with USER unset the holder showed as "? 在 ? 上".
#[cfg(target_os = "linux")]
#[test]
fn the_holder_has_a_real_name_when_user_is_unset() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("u.ron");
    drop(Store::create(&path, &sample_ledger()).expect("create"));
    let exe = std::env::current_exe().expect("test binary");
    let mut holder = Command::new(exe)
        .args(["child_holder", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let mut lines = BufReader::new(holder.stdout.take().expect("stdout")).lines();
    while let Some(Ok(line)) = lines.next() {
        if line.contains("holding") {
            break;
        }
    }
    let me = Command::new("id").arg("-un").output().expect("id -un");
    let me = String::from_utf8_lossy(&me.stdout).trim().to_string();
    let (store, _, _) = Store::open(&path).expect("opens read-only");
    holder.kill().expect("kill");
    holder.wait().expect("reap");
    let Some(ReadOnly::LockedBy(h)) = store.read_only() else {
        panic!("expected read-only, got {:?}", store.read_only());
    };
    assert_eq!(h.user, me, "the holder's user");
    let msg = store
        .read_only()
        .expect("read-only")
        .message(bangfu::i18n::Lang::Zh);
    assert!(!msg.contains('?'), "{msg}");
}

/// When to play the other program in [`MeddlingFs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meddle {
    /// Right after our temp file is written and flushed.
    AfterTemp,
    /// Right after the backup link of the old file is made.
    AfterBackup,
    /// As AfterTemp, but the other program replaces the file by a rename, same size.
    ReplaceAfterTemp,
}

/// The real filesystem, where another program edits the ledger once, at a chosen moment
/// inside our save: the window between the change check and the rename.
#[derive(Debug)]
struct MeddlingFs {
    ledger: PathBuf,
    theirs: Vec<u8>,
    when: Meddle,
    armed: std::sync::atomic::AtomicBool,
}

impl MeddlingFs {
    fn meddle(&self, now: Meddle) {
        use std::sync::atomic::Ordering;
        if self.when != now || !self.armed.swap(false, Ordering::SeqCst) {
            return;
        }
        if now == Meddle::ReplaceAfterTemp {
            let other = self.ledger.with_file_name("their-editor.tmp");
            std::fs::write(&other, &self.theirs).expect("their temp");
            std::fs::rename(&other, &self.ledger).expect("their rename");
        } else {
            std::fs::write(&self.ledger, &self.theirs).expect("their edit");
        }
    }
}

impl Forwarding for MeddlingFs {
    fn to(&self) -> &dyn Fs {
        &RealFs
    }
}

impl Fs for MeddlingFs {
    forward_fs!(
        read,
        rename,
        sync_dir,
        copy,
        remove_file,
        create_dir_all,
        metadata,
        list_dir,
    );
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        RealFs.write_new_synced(path, bytes)?;
        if path.to_string_lossy().ends_with(TEMP_SUFFIX) {
            self.meddle(Meddle::AfterTemp);
            self.meddle(Meddle::ReplaceAfterTemp);
        }
        Ok(())
    }
    fn hard_link(&self, original: &Path, link: &Path) -> std::io::Result<()> {
        RealFs.hard_link(original, link)?;
        if original == self.ledger {
            self.meddle(Meddle::AfterBackup);
        }
        Ok(())
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Attack: someone else's edit lands after the change check, while our new file is being
/// written and flushed (or after the backup link). It must not be replaced: the save goes
/// to a conflict copy, and the backup made for the abandoned rename is taken back.
#[test]
fn an_edit_that_lands_while_the_new_file_is_written_goes_to_a_conflict_copy() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    for when in [
        Meddle::AfterTemp,
        Meddle::AfterBackup,
        Meddle::ReplaceAfterTemp,
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("窗口.ron");
        let first = generation(&sample_ledger(), 1);
        drop(Store::create(&path, &first).expect("create"));
        let real = std::fs::canonicalize(&path).expect("real");
        // Theirs has the same length as what is on disk (one digit changed), so only the
        // time or the file's identity tells.
        let on_disk = std::fs::read_to_string(&path).expect("read");
        let theirs = on_disk.replacen("第1代", "第9代", 1).into_bytes();
        assert_eq!(theirs.len(), on_disk.len());
        let fs = Arc::new(MeddlingFs {
            ledger: real.clone(),
            theirs: theirs.clone(),
            when,
            armed: std::sync::atomic::AtomicBool::new(false),
        });
        let (mut store, _, _) = Store::open_with(&path, fs.clone()).expect("open");
        // A first save with nobody meddling replaces the file and keeps a backup.
        let second = generation(&sample_ledger(), 2);
        assert_eq!(store.save(&second).expect("save"), Saved::InPlace);
        let backups_before = store.backups().len();
        assert_eq!(backups_before, 1, "{when:?}");
        fs.armed.store(true, std::sync::atomic::Ordering::SeqCst);
        let ours = generation(&sample_ledger(), 3);
        let Ok(Saved::ConflictCopy(copy)) = store.save(&ours) else {
            panic!("{when:?}: their edit in the window was not noticed");
        };
        assert!(
            !fs.armed.load(std::sync::atomic::Ordering::SeqCst),
            "{when:?}: the meddling never happened"
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            theirs,
            "{when:?}: their edit was overwritten"
        );
        let copied = format::parse(&std::fs::read_to_string(&copy).expect("copy"))
            .expect("parses")
            .ledger;
        assert_eq!(copied, ours, "{when:?}");
        assert_eq!(store.backups().len(), backups_before, "{when:?}");
        let temps: Vec<String> = names_in(dir.path())
            .into_iter()
            .filter(|n| n.ends_with(TEMP_SUFFIX))
            .collect();
        assert!(temps.is_empty(), "{when:?}: {temps:?}");
        // Later saves keep going to that same copy.
        let fourth = generation(&sample_ledger(), 4);
        assert_eq!(
            store.save(&fourth).expect("save"),
            Saved::ConflictCopy(copy.clone())
        );
        assert_eq!(std::fs::read(&path).expect("read"), theirs);
    }
}

/// Attack: ledgers with names of 236 to 255 bytes (ASCII and Chinese) are created, saved
/// with backups, conflict-copied, locked against a second opener and opened again; every
/// file beside them has a name the file system takes. A 256-byte name is refused at
/// creation with a message that says so, and nothing is made.
#[test]
fn long_file_names_save_back_up_and_lock() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let mut names: Vec<String> = [236usize, 240, 245, 250, 255]
        .iter()
        .map(|n| format!("{}.ron", "a".repeat(n - 4)))
        .collect();
    // 83 three-byte characters + "x" + ".ron" = 254 bytes; 84 + ".ron" = 256 (too long).
    names.push(format!("{}x.ron", "账".repeat(83)));
    for name in &names {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(name);
        let mut store = Store::create(&path, &sample_ledger())
            .unwrap_or_else(|e| panic!("{} bytes: create: {e}", name.len()));
        for g in 1..=3 {
            assert_eq!(
                store
                    .save(&generation(&sample_ledger(), g))
                    .unwrap_or_else(|e| panic!("{} bytes: save {g}: {e}", name.len())),
                Saved::InPlace
            );
        }
        assert_eq!(store.backups().len(), 3, "{} bytes", name.len());
        let kept = store
            .read_file(&store.backups()[0].path)
            .expect("backup reads");
        assert_eq!(
            generation_of(&kept),
            2,
            "the newest backup is the save before"
        );
        // A second opener is refused by the same (shortened) lock.
        let (second, _, _) = Store::open(&path).expect("second opens");
        assert!(
            matches!(second.read_only(), Some(ReadOnly::LockedBy(_))),
            "{} bytes: the lock did not hold",
            name.len()
        );
        drop(second);
        // Someone else's edit: the conflict copy gets a name too.
        std::thread::sleep(Duration::from_millis(20));
        let theirs = format::to_ron(&generation(&sample_ledger(), 7)).expect("ron");
        std::fs::write(&path, &theirs).expect("their edit");
        let Ok(Saved::ConflictCopy(copy)) = store.save(&generation(&sample_ledger(), 4)) else {
            panic!("{} bytes: expected a conflict copy", name.len());
        };
        assert_eq!(
            generation_of(&store.read_file(&copy).expect("copy reads")),
            4
        );
        drop(store);
        let (again, l, _) = Store::open(&path).expect("opens again");
        assert!(again.read_only().is_none(), "{} bytes", name.len());
        assert_eq!(generation_of(&l), 7);
        for side in names_in(dir.path()) {
            assert!(side.len() <= 255, "{side}");
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let too_long = dir.path().join(format!("{}.ron", "账".repeat(84)));
    let e = Store::create(&too_long, &sample_ledger()).expect_err("refused");
    assert!(
        matches!(e, StoreError::NameTooLong { len: 256, .. }),
        "{e:?}"
    );
    let zh = e.message(bangfu::i18n::Lang::Zh);
    assert!(
        zh.starts_with("文件名太长（256 字节，最多 255），无法创建“"),
        "{zh}"
    );
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
}

/// A newer version's file with fields this build does not know opens read-only, shows
/// every value it knows, names what it left out, and is never written.
#[test]
fn a_newer_file_with_a_new_field_opens_read_only() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v5.ron");
    let l = sample_ledger();
    let text = format::to_ron(&l)
        .expect("ron")
        .replacen("version: 4", "version: 5", 1)
        .replace(",date:", ",photo:\"ab12\",date:");
    std::fs::write(&path, &text).expect("write");
    let (mut store, read, notes) = Store::open(&path).expect("opens");
    assert_eq!(read, l);
    assert!(matches!(store.read_only(), Some(ReadOnly::NewerVersion(5))));
    // Entries and inspection rounds both have a `date:` field, so both got the photo.
    assert_eq!(notes.ignored_fields, ["rounds.photo", "entries.photo"]);
    assert!(matches!(store.save(&read), Err(StoreError::ReadOnly(_))));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    assert_eq!(
        names_in(dir.path()),
        ["v5.ron", "v5.ron.lock", "v5.ron.lock.info"]
    );
}

/// Faults at every operation of making a conflict copy (`write_new_unique`): the names
/// already taken keep their contents, and on error no new copy and no temp exist; a half
/// write (the fault seam leaves half the bytes) never shows under a real name.
#[test]
fn a_fault_at_any_step_of_a_new_unique_file_leaves_no_copy_and_changes_nothing() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let name = |n: u32| dir.path().join(format!("c-{n}.ron"));
    let ours = b"our whole save, every byte".to_vec();
    let reset = || {
        for p in names_in(dir.path()) {
            std::fs::remove_file(dir.path().join(p)).expect("clean");
        }
        std::fs::write(name(0), b"first copy").expect("0");
        std::fs::write(name(1), b"second copy").expect("1");
    };
    reset();
    let counting = FaultyFs::new(usize::MAX, 0);
    assert_eq!(
        write_new_unique(&counting, &ours, name).expect("counting run"),
        name(2)
    );
    let ops = counting.operations();
    assert!(ops >= 4, "temp write, 3 links, remove, folder flush: {ops}");
    for errno in [28, 5] {
        for k in 1..=ops {
            reset();
            let fs = FaultyFs::new(k, errno);
            let result = write_new_unique(&fs, &ours, name);
            assert_eq!(std::fs::read(name(0)).expect("0"), b"first copy", "op {k}");
            assert_eq!(std::fs::read(name(1)).expect("1"), b"second copy", "op {k}");
            let left = names_in(dir.path());
            match result {
                Ok(p) => {
                    assert_eq!(p, name(2));
                    assert_eq!(std::fs::read(&p).expect("new"), ours, "op {k}");
                }
                // Only the last folder flush may fail after the copy exists; it is whole.
                Err(StoreError::Io {
                    doing: bangfu::store::Doing::SyncFolder,
                    ..
                }) => assert_eq!(std::fs::read(name(2)).expect("new"), ours, "op {k}"),
                Err(_) => assert!(!name(2).exists(), "errno {errno}, op {k}: {left:?}"),
            }
            // A temp may stay only when removing it was the failed step (the next write
            // sweeps it once this process is gone); it never holds a real name.
            let temps = left.iter().filter(|n| n.ends_with(TEMP_SUFFIX)).count();
            assert!(temps <= 1, "errno {errno}, op {k}: {left:?}");
            assert!(
                left.iter()
                    .all(|n| n.ends_with(TEMP_SUFFIX) || n.starts_with("c-")),
                "{left:?}"
            );
        }
    }
}
