//! Issue 10: merging another ledger (`bangfu merge`, transfer::merge). Names matched by the
//! name rule, near duplicates refused until mapped, entries already present skipped, one
//! undoable batch, merging twice adds nothing, the other file never changed.

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Edit, Entry, EntryId, Fen, Kind, Ledger, MasterKind};
use bangfu::store::Store;
use bangfu::transfer::merge::{Choice, Choices, MergeError, plan_merge};
use chrono::NaiveDate;
use std::path::Path;

mod common;
use common::cli::{bangfu, text};

/// A department's own ledger: the sample with 九股村 spelled 九股村委会, and one entry the
/// office does not have yet (a 500-yuan gift of books to 海子村 by 团委).
fn theirs() -> Ledger {
    let mut l = sample_ledger();
    for v in &mut l.villages {
        if v.name == "九股村" {
            v.name = "九股村委会".into();
        }
    }
    let haizi = l.village_by_name("海子村").map(|v| v.id).expect("海子村");
    let league = l.department_by_name("团委").map(|d| d.id).expect("团委");
    let stamp = NaiveDate::from_ymd_opt(2020, 7, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("stamp");
    let mut e = Entry::new(
        l.next_entry_id(),
        NaiveDate::from_ymd_opt(2020, 7, 1).expect("day"),
        league,
        haizi,
        Kind::Goods,
        "图书",
        stamp,
    );
    e.value_fen = Fen::from_yuan(500);
    l.apply(&Edit::AddEntry(Box::new(e))).expect("adds");
    l
}

#[test]
fn near_duplicates_are_refused_until_mapped_and_a_second_merge_adds_nothing() {
    let ours = sample_ledger();
    let other = theirs();
    match plan_merge(&ours, &other, &Choices::default()) {
        Err(MergeError::NearDuplicates(near)) => {
            assert_eq!(near.len(), 1, "{near:?}");
            assert_eq!(near[0].kind, MasterKind::Village);
            assert_eq!(near[0].theirs, "九股村委会");
            assert_eq!(near[0].ours, vec!["九股村".to_string()]);
        }
        other => panic!("not refused: {other:?}"),
    }
    let mut choices = Choices::default();
    choices
        .0
        .insert("九股村委会".into(), Choice::Map("九股村".into()));
    let plan = plan_merge(&ours, &other, &choices).expect("plans");
    // The sample's 12 entries are all present already; only 图书 is new.
    assert_eq!((plan.added, plan.skipped), (1, 12));
    assert!(plan.new_villages.is_empty());
    let mut merged = ours.clone();
    merged.apply(&plan.edit).expect("applies");
    assert_eq!(merged.entries.len(), 13);
    let last = merged.entries.last().expect("entry");
    assert_eq!(last.what, "图书");
    assert_eq!(merged.village_name(last.village), "海子村");
    assert_eq!(last.id, EntryId(ours.next_entry_id().0));
    // Merging the same ledger again adds nothing.
    let again = plan_merge(&merged, &other, &choices).expect("plans");
    assert_eq!((again.added, again.skipped), (0, 13));
    // One undoable batch.
    merged.apply(&plan.edit.inverse()).expect("undoes");
    assert_eq!(merged, ours);

    // --new: 九股村委会 becomes a village of its own, and its entries are new.
    let mut choices = Choices::default();
    choices.0.insert("九股村委会".into(), Choice::New);
    let plan = plan_merge(&ours, &other, &choices).expect("plans");
    assert_eq!(plan.new_villages, vec!["九股村委会".to_string()]);
    let jiugu_entries = ours
        .entries
        .iter()
        .filter(|e| ours.village_name(e.village) == "九股村")
        .count();
    assert_eq!(plan.added, jiugu_entries + 1);

    // A map to a name we do not have is refused, naming it.
    let mut choices = Choices::default();
    choices
        .0
        .insert("九股村委会".into(), Choice::Map("九股镇".into()));
    assert_eq!(
        plan_merge(&ours, &other, &choices),
        Err(MergeError::NoSuchTarget {
            theirs: "九股村委会".into(),
            ours: "九股镇".into()
        })
    );
}

#[test]
fn the_cli_merges_reads_the_other_file_only_and_exits_2_on_near_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    assert!(bangfu(&["demo", "office.ron"], d).status.success());
    drop(Store::create(&d.join("dept.ron"), &theirs()).expect("writes"));
    let dept_before = std::fs::read(d.join("dept.ron")).expect("dept");
    let office_before = std::fs::read(d.join("office.ron")).expect("office");

    let o = bangfu(&["merge", "office.ron", "dept.ron"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains(
            "村“九股村委会”与本台账的“九股村”相近：请用 --map 九股村委会=九股村 或 --new 九股村委会"
        ),
        "{out}"
    );
    assert_eq!(
        std::fs::read(d.join("office.ron")).expect("office"),
        office_before
    );

    let o = bangfu(
        &[
            "merge",
            "office.ron",
            "dept.ron",
            "--map",
            "九股村委会=九股村",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("已合并 1 条记录，跳过 12 条已有记录"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("“九股村委会”记为“九股村”"),
        "{}",
        text(&o)
    );
    let o = bangfu(
        &[
            "merge",
            "office.ron",
            "dept.ron",
            "--map",
            "九股村委会=九股村",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("已合并 0 条记录，跳过 13 条已有记录"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::read(d.join("dept.ron")).expect("dept"),
        dept_before
    );

    let o = bangfu(
        &["merge", "office.ron", "dept.ron", "--map", "九股村委会"],
        d,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

/// 文件 → 合并台账… and 文件 → 导出 CSV… in the real app (egui_kittest).
#[cfg(feature = "gui")]
mod app {
    use super::*;
    use crate::common::gui::{Start, click_button_containing};
    use bangfu::ui::platform::ScriptedPlatform;

    use bangfu::ui::App;
    use eframe::egui::{self};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use std::sync::Arc;
    use std::time::Duration;

    fn app(path: &Path, platform: Arc<ScriptedPlatform>) -> Harness<'static, App> {
        Start::on(NaiveDate::from_ymd_opt(2020, 7, 2).expect("valid date"))
            .size(egui::vec2(1366.0, 768.0))
            .platform(platform)
            .open(path)
    }

    #[test]
    fn the_merge_dialog_asks_for_near_duplicates_then_merges_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let office = dir.path().join("office.ron");
        let dept = dir.path().join("dept.ron");
        drop(Store::create(&office, &sample_ledger()).expect("office"));
        drop(Store::create(&dept, &theirs()).expect("dept"));
        let dept_before = std::fs::read(&dept).expect("dept");
        let platform = Arc::new(ScriptedPlatform::new());
        let mut h = app(&office, Arc::clone(&platform));
        platform.answer(&dept);
        click_button_containing(&mut h, "文件");
        click_button_containing(&mut h, "合并台账…");
        h.state_mut().wait_for_jobs(Duration::from_secs(30));
        h.run();
        assert!(
            h.query_all_by_label("九股村委会").next().is_some(),
            "the near duplicate is listed"
        );
        // Each starts as 记为“九股村” (our close name): only 图书 is new.
        click_button_containing(&mut h, "合并");
        assert_eq!(
            h.state().message(),
            Some("已合并 1 条记录，跳过 12 条已有记录")
        );
        assert_eq!(h.state().ledger().map(|l| l.entries.len()), Some(13));
        // The same file again: nothing more.
        platform.answer(&dept);
        click_button_containing(&mut h, "文件");
        click_button_containing(&mut h, "合并台账…");
        h.state_mut().wait_for_jobs(Duration::from_secs(30));
        h.run();
        click_button_containing(&mut h, "合并");
        assert_eq!(
            h.state().message(),
            Some("已合并 0 条记录，跳过 13 条已有记录")
        );
        assert_eq!(h.state().ledger().map(|l| l.entries.len()), Some(13));
        assert_eq!(std::fs::read(&dept).expect("dept"), dept_before);
    }

    /// Their evidence comes along: the file is copied into our store (off the UI thread)
    /// before the merge is applied, and the new entry has it.
    #[test]
    fn the_app_merge_copies_their_evidence_files() {
        use bangfu::ledger::Owner;
        use bangfu::store::files;
        use bangfu::store::fs::RealFs;
        let dir = tempfile::tempdir().expect("tempdir");
        let office = dir.path().join("office.ron");
        let dept = dir.path().join("dept.ron");
        drop(Store::create(&office, &sample_ledger()).expect("office"));
        let mut l = theirs();
        for v in &mut l.villages {
            if v.name == "九股村委会" {
                v.name = "九股村".into();
            }
        }
        let books = l
            .entries
            .iter()
            .find(|e| e.what == "图书")
            .expect("图书")
            .id;
        let bytes = "团委 图书 签收单：共 120 册\n".as_bytes();
        let stored =
            files::store_bytes(&RealFs, &dept, "签收单.txt", bytes).expect("stored in dept");
        let link = stored.attachment(Owner::Entry(books));
        l.apply(&Edit::Attach(Box::new(link.clone())))
            .expect("attached");
        drop(Store::create(&dept, &l).expect("dept"));
        assert!(
            !files::stored_path(&office, &link.hash).exists(),
            "not in the office's store before the merge"
        );

        let platform = Arc::new(ScriptedPlatform::new());
        let mut h = app(&office, Arc::clone(&platform));
        platform.answer(&dept);
        click_button_containing(&mut h, "文件");
        click_button_containing(&mut h, "合并台账…");
        // Reading the other ledger, then copying its files: two jobs.
        for _ in 0..2 {
            h.state_mut().wait_for_jobs(Duration::from_secs(30));
            h.run();
        }
        assert_eq!(
            h.state().message(),
            Some("已合并 1 条记录，跳过 12 条已有记录")
        );
        let ledger = h.state().ledger().expect("a ledger").clone();
        let ours = ledger
            .entries
            .iter()
            .find(|e| e.what == "图书")
            .expect("图书 merged")
            .id;
        let links: Vec<_> = ledger.attachments_of(Owner::Entry(ours)).collect();
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(links[0].name, "签收单.txt");
        assert_eq!(links[0].hash, link.hash);
        assert_eq!(
            std::fs::read(files::stored_path(&office, &link.hash)).expect("copied"),
            bytes
        );
    }

    #[test]
    fn export_csv_writes_what_the_cli_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let office = dir.path().join("office.ron");
        drop(Store::create(&office, &sample_ledger()).expect("office"));
        let platform = Arc::new(ScriptedPlatform::new());
        let mut h = app(&office, Arc::clone(&platform));
        let out = dir.path().join("明细.csv");
        platform.answer(&out);
        click_button_containing(&mut h, "文件");
        click_button_containing(&mut h, "导出 CSV…");
        h.state_mut().wait_for_jobs(Duration::from_secs(30));
        h.run();
        let o = bangfu(&["export", "office.ron", "--csv", "cli.csv"], dir.path());
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(
            std::fs::read(&out).expect("written"),
            std::fs::read(dir.path().join("cli.csv")).expect("cli")
        );
        assert!(
            h.state().message().is_some_and(|m| m.contains("明细.csv")),
            "{:?}",
            h.state().message()
        );
        let xlsx = dir.path().join("明细.xlsx");
        platform.answer(&xlsx);
        click_button_containing(&mut h, "文件");
        click_button_containing(&mut h, "导出明细 Excel…");
        h.state_mut().wait_for_jobs(Duration::from_secs(60));
        h.run();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("a workbook");
        use calamine::Reader;
        let names = book.sheet_names();
        assert_eq!(names.last().map(String::as_str), Some("明细"));
        let details = book.worksheet_range("明细").expect("details");
        // A header row, one row per entry, and the totals row.
        assert_eq!(details.height(), 1 + 12 + 1);
    }
}
