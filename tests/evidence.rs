//! Evidence (佐证材料), issue 14: attach and detach through the library and the CLI, the
//! content-addressed store, the 50 MB refusal, names with any characters, `check`, the
//! pack's bytes and index, merge, restore, journal replay and compaction.

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Attachment, Edit, EditError, EntryId, Ledger, Owner};
use bangfu::store::Store;
use bangfu::store::files::{self, MAX_FILE_BYTES};
use bangfu::store::fs::RealFs;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

mod common;
use common::cli::{bangfu, text};

/// A real (tiny) PNG header, so the type is sniffed as image/png.
const PNG: [u8; 16] = [
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
];

/// Every regular file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under root");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(&p).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn demo(dir: &Path) {
    let o = bangfu(&["demo", "s.ron"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

fn attachment(l: &Ledger, owner: Owner, name: &str) -> Attachment {
    l.attachments_of(owner)
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("{name} on {owner:?}"))
        .clone()
}

#[test]
fn library_attach_detach_undo_journal_replay_and_compaction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.ron");
    let mut l = sample_ledger();
    let mut store = Store::create(&path, &l).expect("create");
    let src = dir.path().join("公厕.png");
    std::fs::write(&src, PNG).expect("write");
    let stored = files::store_file(&RealFs, store.real_path(), &src).expect("stored");
    assert_eq!(stored.mime, "image/png");
    assert_eq!(stored.size, 16);
    // `sha256sum` of the 16 bytes.
    assert_eq!(
        stored.hash,
        "02a3e298f1533f62558c58e4c70edcab9af5a50d62d925fd5390942020fb0fb8"
    );
    let e1 = Owner::Entry(EntryId(1));
    let a = stored.attachment(e1);
    assert!(a.is_image());
    assert!(a.added_by.contains('@'), "{}", a.added_by);
    let attach = Edit::Attach(Box::new(a.clone()));
    l.apply(&attach).expect("attach");
    store.record(&l, &attach).expect("saved");
    // A second, non-image file from memory (a paste).
    let b = files::store_bytes(&RealFs, store.real_path(), "说明.txt", b"hello")
        .expect("stored")
        .attachment(e1);
    assert_eq!(
        b.hash,
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    assert_eq!(b.mime, "application/octet-stream");
    assert!(!b.is_image());
    let attach_b = Edit::Attach(Box::new(b.clone()));
    l.apply(&attach_b).expect("attach b");
    store.record(&l, &attach_b).expect("saved");
    drop(store);

    // Journal replay: the links come back from the journal lines.
    let (mut store, again, _) = Store::open(&path).expect("reopen");
    assert_eq!(again, l);
    assert_eq!(again.attachment_count(e1), 2);
    assert_eq!(attachment(&again, e1, "公厕.png"), a);

    // Detach, then undo (the inverse): the link is back in its place, the file never left.
    let mut l = again;
    let detach = Edit::Detach(Box::new(a.clone()));
    l.apply(&detach).expect("detach");
    store.record(&l, &detach).expect("saved");
    assert_eq!(l.attachment_count(e1), 1);
    assert!(files::is_present(&RealFs, store.real_path(), &a));
    let undo = detach.inverse();
    l.apply(&undo).expect("undo");
    store.record(&l, &undo).expect("saved");
    let names: Vec<&str> = l.attachments_of(e1).map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["公厕.png", "说明.txt"]);

    // Compaction writes the links into the snapshot; reopening reads them from there.
    store.compact(&l).expect("compact");
    drop(store);
    let snapshot = std::fs::read_to_string(&path).expect("snapshot");
    assert!(snapshot.contains("attachments: ["), "{snapshot}");
    assert!(snapshot.contains("公厕.png"));
    let (_, back, _) = Store::open(&path).expect("reopen");
    assert_eq!(back, l);
    assert_eq!(back.attachment_count(e1), 2);
}

#[test]
fn the_same_bytes_are_stored_once_and_not_attached_twice_to_one_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    std::fs::write(d.join("a.png"), PNG).expect("write");
    std::fs::write(d.join("b 副本.png"), PNG).expect("write");
    let o = bangfu(&["attach", "s.ron", "--entry", "1", "a.png"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(&["attach", "s.ron", "--entry", "2", "b 副本.png"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // One stored file for the two records.
    let stored = tree(&d.join("s.files"));
    assert_eq!(stored.len(), 1, "{:?}", stored.keys());
    assert_eq!(stored.values().next().map(Vec::as_slice), Some(&PNG[..]));
    // The same bytes on entry 1 again, under another name: refused, exit 2, unchanged.
    let before = std::fs::read(d.join("s.ron.journal")).expect("journal");
    let o = bangfu(&["attach", "s.ron", "--entry", "1", "b 副本.png"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("b 副本.png"), "{}", text(&o));
    assert_eq!(
        std::fs::read(d.join("s.ron.journal")).expect("journal"),
        before
    );
    assert_eq!(tree(&d.join("s.files")).len(), 1);
}

#[test]
fn a_file_over_50_mb_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    let big = d.join("大照片.jpg");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(MAX_FILE_BYTES + 1).expect("sparse");
    drop(f);
    std::fs::write(d.join("ok.png"), PNG).expect("write");
    let ledger_before = std::fs::read(d.join("s.ron")).expect("ledger");
    // The good file first: still nothing is written, because every path is checked first.
    let o = bangfu(
        &["attach", "s.ron", "--entry", "1", "ok.png", "大照片.jpg"],
        d,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("大照片.jpg"), "{msg}");
    assert!(msg.contains("50.0 MB"), "{msg}");
    assert_eq!(
        std::fs::read(d.join("s.ron")).expect("ledger"),
        ledger_before
    );
    assert!(!d.join("s.ron.journal").exists());
    assert!(tree(&d.join("s.files")).is_empty());
    // English too.
    let o = bangfu(
        &[
            "--lang",
            "en",
            "attach",
            "s.ron",
            "--entry",
            "1",
            "大照片.jpg",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("file too large"), "{}", text(&o));
    // The library refuses before writing too.
    let err = files::store_file(&RealFs, &d.join("s.ron"), &big).expect_err("too big");
    assert!(matches!(err, files::FilesError::TooBig { size, .. } if size == MAX_FILE_BYTES + 1));
    assert!(tree(&d.join("s.files")).is_empty());
    // Exactly 50 MB is accepted.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .expect("open");
    f.set_len(MAX_FILE_BYTES).expect("shrink");
    drop(f);
    let stored = files::store_file(&RealFs, &d.join("s.ron"), &big).expect("50 MB fits");
    assert_eq!(stored.size, MAX_FILE_BYTES);
    // A folder is not a file.
    let o = bangfu(&["attach", "s.ron", "--entry", "1", "s.files"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // A record that does not exist.
    let o = bangfu(&["attach", "s.ron", "--entry", "999", "ok.png"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("#999"), "{}", text(&o));
}

/// Names Linux allows: the Windows-reserved characters, emoji, a 200-byte name, a
/// leading dot, a device name.
fn odd_names() -> Vec<String> {
    vec![
        r#"签收单 :*?"<>|.pdf"#.to_string(),
        "现场照片 📷🌾.jpg".to_string(),
        format!("{}.png", "长".repeat(66)), // 198 + 4 = 202 bytes
        ".隐藏的说明".to_string(),
        "CON.txt".to_string(),
        "末尾有点.".to_string(),
    ]
}

#[test]
fn names_with_any_characters_attach_list_detach_and_pack() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    let names = odd_names();
    for (i, n) in names.iter().enumerate() {
        std::fs::write(d.join(n), format!("file {i}")).expect("write");
    }
    let mut args = vec!["attach", "s.ron", "--entry", "1"];
    args.extend(names.iter().map(String::as_str));
    let o = bangfu(&args, d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(&["evidence", "s.ron", "--list"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let list = text(&o);
    for n in &names {
        assert!(list.contains(n.as_str()), "{n} in {list}");
    }
    assert!(
        list.contains("#1 2020-06-05 九股村 公厕建设（6 个文件）"),
        "{list}"
    );
    // The history says one edit attached six files.
    let o = bangfu(&["history", "s.ron"], d);
    assert!(text(&o).contains("添加佐证 #1（6 个文件）"), "{}", text(&o));

    // The pack: every name made safe for Windows, bytes as attached.
    let o = bangfu(&["evidence", "s.ron", "--zip", "p.zip"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(d.join("p.zip")).expect("zip")).expect("a zip");
    let mut in_zip: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        in_zip.insert(f.name().expect("a UTF-8 name").into_owned(), bytes);
    }
    let folder = "九股村/2020-06-05 公厕建设 #1/";
    let expected_names = [
        "签收单 _______.pdf".to_string(),
        "现场照片 📷🌾.jpg".to_string(),
        // 70 characters: under the pack's 120-character cap, kept whole.
        format!("{}.png", "长".repeat(66)),
        ".隐藏的说明".to_string(),
        "_CON.txt".to_string(),
        "末尾有点".to_string(),
    ];
    for (i, n) in expected_names.iter().enumerate() {
        let key = format!("{folder}{n}");
        assert_eq!(
            in_zip.get(&key).map(Vec::as_slice),
            Some(format!("file {i}").as_bytes()),
            "{key} in {:?}",
            in_zip.keys()
        );
    }
    assert_eq!(in_zip.len(), names.len() + 1, "{:?}", in_zip.keys());

    // Detach by its original name (with the odd characters).
    let o = bangfu(&["detach", "s.ron", "--entry", "1", "--file", &names[0]], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(&["evidence", "s.ron", "--list"], d);
    assert!(text(&o).contains("（5 个文件）"), "{}", text(&o));
    // A name that is not there: exit 2, the record's files listed.
    let o = bangfu(
        &["detach", "s.ron", "--entry", "1", "--file", "nope.jpg"],
        d,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("现场照片 📷🌾.jpg"), "{}", text(&o));
}

#[test]
fn detach_by_hash_prefix_when_two_files_share_a_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    std::fs::create_dir(d.join("a")).expect("dir");
    std::fs::create_dir(d.join("b")).expect("dir");
    std::fs::write(d.join("a/IMG_0001.jpg"), "first").expect("write");
    std::fs::write(d.join("b/IMG_0001.jpg"), "second").expect("write");
    let o = bangfu(
        &[
            "attach",
            "s.ron",
            "--entry",
            "3",
            "a/IMG_0001.jpg",
            "b/IMG_0001.jpg",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(
        &["detach", "s.ron", "--entry", "3", "--file", "IMG_0001.jpg"],
        d,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // sha256("second"), worked out with `printf second | sha256sum`.
    let second = "16367aacb67a4a017c8da8ab95682ccb390863780f7114dda0a0e0c55644c7c4";
    assert!(text(&o).contains(&second[..12]), "{}", text(&o));
    let o = bangfu(
        &["detach", "s.ron", "--entry", "3", "--file", &second[..8]],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The pack has the one left; two files of one name in one folder would be numbered.
    let o = bangfu(&["evidence", "s.ron", "--list"], d);
    let list = text(&o);
    assert!(list.contains("（1 个文件）"), "{list}");
    assert!(!list.contains(&second[..12]), "{list}");
}

#[test]
fn check_reports_a_missing_or_wrong_sized_stored_file_naming_the_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    std::fs::write(d.join("公厕.png"), PNG).expect("write");
    std::fs::write(d.join("签收单.txt"), "32 户签收").expect("write");
    assert_eq!(
        bangfu(&["attach", "s.ron", "--entry", "1", "公厕.png"], d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        bangfu(&["attach", "s.ron", "--entry", "3", "签收单.txt"], d)
            .status
            .code(),
        Some(0)
    );
    let o = bangfu(&["check", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Remove one stored file and cut the other short.
    let stored: Vec<PathBuf> = tree(&d.join("s.files"))
        .keys()
        .map(|k| d.join("s.files").join(k))
        .collect();
    assert_eq!(stored.len(), 2);
    for p in &stored {
        if std::fs::read(p).expect("read") == PNG {
            std::fs::remove_file(p).expect("rm");
        } else {
            std::fs::write(p, "32").expect("cut");
        }
    }
    let o = bangfu(&["check", "s.ron"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("有 2 个佐证文件缺失或大小不符"), "{msg}");
    assert!(
        msg.contains("#1 2020-06-05 九股村 公厕建设：“公厕.png”"),
        "{msg}"
    );
    assert!(
        msg.contains("#3 2020-06-10 九股村 化肥（免费发放）：“签收单.txt”"),
        "{msg}"
    );
    // The list marks them; the pack refuses, naming them, and writes nothing.
    let o = bangfu(&["evidence", "s.ron", "--list"], d);
    assert!(text(&o).contains("[缺失]"), "{}", text(&o));
    let o = bangfu(&["evidence", "s.ron", "--zip", "p.zip"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("公厕.png"), "{}", text(&o));
    assert!(!d.join("p.zip").exists());
    // A file whose entry was deleted is not checked (an orphan link for undo).
    let (mut store, mut l, _) = Store::open(&d.join("s.ron")).expect("open");
    for id in [1, 3] {
        let e = l.entry(EntryId(id)).expect("entry").clone();
        let del = Edit::delete_entry(e);
        l.apply(&del).expect("delete");
        store.record(&l, &del).expect("saved");
    }
    drop(store);
    let o = bangfu(&["check", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn the_pack_holds_the_attached_bytes_and_an_index_row_for_each() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    // Bytes of every value, some large enough to stream in several chunks.
    let photo: Vec<u8> = PNG
        .iter()
        .copied()
        .chain((0..700_000u32).map(|i| (i * 31 % 251) as u8))
        .collect();
    std::fs::write(d.join("公厕.png"), &photo).expect("write");
    std::fs::write(d.join("签收单.pdf"), b"%PDF-1.4\n32 households\n").expect("write");
    for (entry, path) in [("1", "公厕.png"), ("1", "签收单.pdf"), ("3", "公厕.png")] {
        let o = bangfu(&["attach", "s.ron", "--entry", entry, path], d);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let o = bangfu(&["findings", "list", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // A finding's evidence goes under 整改/.
    let (_, l, _) = Store::open(&d.join("s.ron")).expect("open");
    let finding = l.findings.first().expect("the sample has findings").clone();
    let village = l.village_name(finding.village).to_string();
    let fid = finding.id.0.to_string();
    let o = bangfu(&["attach", "s.ron", "--finding", &fid, "签收单.pdf"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let o = bangfu(&["evidence", "s.ron", "--zip", "包.zip"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("3 条记录，4 个文件"), "{}", text(&o));
    let file = std::fs::File::open(d.join("包.zip")).expect("zip");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut got: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        got.insert(f.name().expect("a UTF-8 name").into_owned(), bytes);
    }
    let desc: String = finding.description.chars().take(40).collect();
    let finding_path = format!("整改/{village}/问题#{fid} {desc}/签收单.pdf");
    let expected: BTreeMap<String, Vec<u8>> = [
        (
            "九股村/2020-06-05 公厕建设 #1/公厕.png".to_string(),
            photo.clone(),
        ),
        (
            "九股村/2020-06-05 公厕建设 #1/签收单.pdf".to_string(),
            b"%PDF-1.4\n32 households\n".to_vec(),
        ),
        (
            "九股村/2020-06-10 化肥（免费发放） #3/公厕.png".to_string(),
            photo.clone(),
        ),
        (finding_path.clone(), b"%PDF-1.4\n32 households\n".to_vec()),
    ]
    .into_iter()
    .collect();
    let index = got.remove("index.xlsx").expect("index.xlsx in the pack");
    assert_eq!(got, expected);

    // Names are UTF-8 flagged: bit 11 of every local header's flags.
    let raw = std::fs::read(d.join("包.zip")).expect("zip bytes");
    let mut headers = 0;
    for i in 0..raw.len().saturating_sub(8) {
        if raw[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] {
            let flags = u16::from_le_bytes([raw[i + 6], raw[i + 7]]);
            let name_len = u16::from_le_bytes([raw[i + 26], raw[i + 27]]) as usize;
            let name = &raw[i + 30..i + 30 + name_len];
            if !name.is_ascii() {
                assert_ne!(flags & 0x0800, 0, "{}", String::from_utf8_lossy(name));
                headers += 1;
            }
        }
    }
    assert_eq!(headers, 4);
    // Every entry says it was made on Unix, whatever built the pack: Info-ZIP's unzip
    // reads a FAT-made zip's names through a DOS code page (the Windows smoke caught it).
    // Walk the central directory from the end record (the stored index.xlsx is a zip too,
    // so a byte scan would also find its headers).
    let end = (0..=raw.len().saturating_sub(22))
        .rev()
        .find(|&i| raw[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let count = u16::from_le_bytes([raw[end + 10], raw[end + 11]]) as usize;
    let mut at =
        u32::from_le_bytes([raw[end + 16], raw[end + 17], raw[end + 18], raw[end + 19]]) as usize;
    let mut systems = Vec::new();
    for _ in 0..count {
        assert_eq!(
            raw[at..at + 4],
            [0x50, 0x4b, 0x01, 0x02],
            "a central header"
        );
        systems.push(raw[at + 5]);
        let field = |k: usize| u16::from_le_bytes([raw[at + k], raw[at + k + 1]]) as usize;
        at += 46 + field(28) + field(30) + field(32);
    }
    assert_eq!(systems.len(), got.len() + 1, "one central header per file");
    assert!(systems.iter().all(|&s| s == 3), "{systems:?}");

    // index.xlsx: a header and one row per file, with its record.
    let mut book = Xlsx::new(std::io::Cursor::new(index)).expect("a workbook");
    let sheet = book.worksheet_range("佐证材料清单").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        [
            "村",
            "日期",
            "部门",
            "内容",
            "金额（元）",
            "文件名",
            "包内路径",
            "大小（字节）",
            "SHA-256",
            "添加人",
            "添加时间"
        ]
    );
    assert_eq!(rows.len(), 5);
    let photo_hash = l.attachments.first().map(|a| a.hash.clone());
    let photo_size = photo.len().to_string();
    assert_eq!(
        rows[1][..9],
        [
            "九股村",
            "2020-06-05",
            "学院党委/校领导",
            "公厕建设",
            "40000",
            "公厕.png",
            "九股村/2020-06-05 公厕建设 #1/公厕.png",
            photo_size.as_str(),
            photo_hash.as_deref().unwrap_or_default(),
        ]
    );
    assert_eq!(rows[2][5], "签收单.pdf");
    assert_eq!(rows[2][7], "23"); // 8 + 1 + 13 + 1 bytes
    assert_eq!(
        rows[3][..6],
        [
            "九股村",
            "2020-06-10",
            "农业工程系",
            "化肥（免费发放）",
            "0",
            "公厕.png"
        ]
    );
    assert_eq!(rows[4][0], village);
    assert_eq!(rows[4][3], finding.description);
    assert_eq!(rows[4][4], "", "a finding has no amount");
    assert_eq!(rows[4][6], finding_path);
    for r in &rows[1..] {
        assert!(r[9].contains('@'), "{r:?}");
        assert_eq!(r[10].len(), "2026-11-29 10:31:07".len(), "{r:?}");
    }

    // Filters: --from 2020-06-06 leaves entry 3 and maybe the finding; --village 海子村
    // none of the entries.
    let o = bangfu(
        &[
            "evidence",
            "s.ron",
            "--zip",
            "later.zip",
            "--from",
            "2020-06-06",
            "--to",
            "2020-06-30",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let zip = zip::ZipArchive::new(std::fs::File::open(d.join("later.zip")).expect("zip"))
        .expect("a zip");
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a UTF-8 name").into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n == "九股村/2020-06-10 化肥（免费发放） #3/公厕.png"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("#1/")), "{names:?}");
    let o = bangfu(&["evidence", "s.ron", "--list", "--village", "不存在村"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // No temp left beside the pack.
    let left: Vec<String> = std::fs::read_dir(d)
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn missing_lists_the_records_without_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    std::fs::write(d.join("a.png"), PNG).expect("write");
    assert_eq!(
        bangfu(&["attach", "s.ron", "--entry", "1", "a.png"], d)
            .status
            .code(),
        Some(0)
    );
    let l = sample_ledger();
    let o = bangfu(&["evidence", "s.ron", "--list", "--missing"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    let without = l.entries.len() - 1 + l.findings.len();
    assert!(
        out.starts_with(&format!("缺少佐证：{without} 条记录\n")),
        "{out}"
    );
    assert!(!out.contains("#1 2020-06-05"), "{out}");
    assert!(
        out.contains("#2 2020-06-10 九股村 出诊箱、电动消毒背壶"),
        "{out}"
    );
}

#[test]
fn merge_brings_the_files_and_restore_brings_a_detached_file_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    std::fs::write(d.join("公厕.png"), PNG).expect("write");
    let o = bangfu(&["attach", "s.ron", "--entry", "1", "公厕.png"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Merge into an empty ledger elsewhere: the file is copied into its own store.
    std::fs::create_dir(d.join("office")).expect("dir");
    let o = bangfu(&["new", "office/总.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(&["merge", "office/总.ron", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("随记录并入 1 个佐证文件"), "{}", text(&o));
    let copied = tree(&d.join("office/总.files"));
    assert_eq!(copied.values().collect::<Vec<_>>(), [&PNG.to_vec()]);
    let (_, merged, _) = Store::open(&d.join("office/总.ron")).expect("open");
    let a = merged.attachments.first().expect("a link").clone();
    assert_eq!(a.name, "公厕.png");
    let Owner::Entry(id) = a.owner else {
        panic!("an entry");
    };
    assert_eq!(merged.entry(id).map(|e| e.what.as_str()), Some("公厕建设"));
    let o = bangfu(&["check", "office/总.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Merging again adds nothing.
    let o = bangfu(&["merge", "office/总.ron", "s.ron"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (_, again, _) = Store::open(&d.join("office/总.ron")).expect("open");
    assert_eq!(again.attachments.len(), 1);
    // A merge whose file is gone from their store: refused, nothing merged.
    std::fs::write(d.join("b.png"), "b").expect("write");
    assert_eq!(
        bangfu(&["attach", "s.ron", "--entry", "2", "b.png"], d)
            .status
            .code(),
        Some(0)
    );
    let (_, s, _) = Store::open(&d.join("s.ron")).expect("open");
    let b = attachment(&s, Owner::Entry(EntryId(2)), "b.png");
    std::fs::remove_file(files::stored_path(&d.join("s.ron"), &b.hash)).expect("rm");
    let before = std::fs::read(d.join("office/总.ron.journal")).expect("journal");
    let o = bangfu(&["merge", "office/总.ron", "s.ron"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(
        std::fs::read(d.join("office/总.ron.journal")).expect("journal"),
        before
    );

    // Restore to before a detach (the journal way): the file shows again.
    let o = bangfu(
        &["detach", "s.ron", "--entry", "1", "--file", "公厕.png"],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(&["evidence", "s.ron", "--list"], d);
    assert!(!text(&o).contains("公厕.png"), "{}", text(&o));
    let (store, _, _) = Store::open(&d.join("s.ron")).expect("open");
    let last = store.last_seq();
    drop(store);
    let to = (last - 1).to_string();
    let o = bangfu(&["restore", "s.ron", "--to", &to], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = bangfu(&["evidence", "s.ron", "--list"], d);
    assert!(text(&o).contains("公厕.png"), "{}", text(&o));
}

#[test]
fn restoring_a_backup_from_before_a_detach_shows_the_file_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.ron");
    let mut l = sample_ledger();
    let store = Store::create(&path, &l).expect("create");
    let e1 = Owner::Entry(EntryId(1));
    let a = files::store_bytes(&RealFs, store.real_path(), "公厕.jpg", b"jpeg bytes")
        .expect("stored")
        .attachment(e1);
    l.apply(&Edit::Attach(Box::new(a.clone()))).expect("attach");
    let backup = l.clone(); // the backup's content
    l.apply(&Edit::Detach(Box::new(a.clone()))).expect("detach");
    // A later attach on another record, and an entry deleted with its file (orphan link).
    let b = files::store_bytes(&RealFs, store.real_path(), "b.jpg", b"b")
        .expect("stored")
        .attachment(Owner::Entry(EntryId(2)));
    l.apply(&Edit::Attach(Box::new(b))).expect("attach b");
    let now = l.clone();
    let restore = bangfu::ledger::changes::restore_backup_edit(&l, &backup);
    l.apply(&restore).expect("restore applies");
    assert_eq!(l.attachment_count(e1), 1);
    assert_eq!(attachment(&l, e1, "公厕.jpg"), a);
    assert_eq!(l.attachment_count(Owner::Entry(EntryId(2))), 0);
    assert!(files::is_present(&RealFs, store.real_path(), &a));
    // Undoing the restore gives the ledger as it was.
    l.apply(&restore.inverse()).expect("undo restore");
    assert_eq!(l, now);
}

#[test]
fn refusals_of_the_model() {
    let mut l = sample_ledger();
    let a = files::StoredFile {
        hash: "ab".repeat(32),
        name: "x.jpg".into(),
        size: 1,
        mime: "image/jpeg".into(),
    }
    .attachment(Owner::Entry(EntryId(424242)));
    assert_eq!(
        l.apply(&Edit::Attach(Box::new(a.clone()))),
        Err(EditError::Missing)
    );
    assert_eq!(l.apply(&Edit::Detach(Box::new(a))), Err(EditError::Missing));
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_link_and_a_full_disk_are_refused_with_nothing_left() {
    use bangfu::i18n::Lang;
    use bangfu::store::fs::FaultyFs;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    demo(d);
    let fifo = d.join("管道");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.jpg")).expect("symlink");
    for name in ["管道", "zero.jpg"] {
        let o = bangfu(&["attach", "s.ron", "--entry", "1", name], d);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
    }
    assert!(tree(&d.join("s.files")).is_empty());
    assert!(!d.join("s.ron.journal").exists());
    // A full disk at each step of storing pasted bytes: a clear message, no temp and no
    // partial file left (a failed folder flush after the rename leaves the whole file).
    let ledger = d.join("s.ron");
    let mut failures = 0;
    for k in 1.. {
        let fs = FaultyFs::new(k, 28);
        match files::store_bytes(&fs, &ledger, "粘贴.png", &PNG) {
            Ok(_) => break,
            Err(e) => {
                failures += 1;
                let m = e.message(Lang::Zh);
                assert!(m.contains("磁盘已满"), "step {k}: {m}");
                for (name, bytes) in tree(&d.join("s.files")) {
                    assert_eq!(bytes, PNG, "step {k}: {name}");
                    assert!(!name.contains("tmp"), "step {k}: {name}");
                }
                let _ = std::fs::remove_dir_all(d.join("s.files"));
            }
        }
        assert!(k < 20, "never succeeded");
    }
    assert!(
        failures >= 3,
        "write, rename and flush each failed once: {failures}"
    );
    assert_eq!(tree(&d.join("s.files")).len(), 1);
}
