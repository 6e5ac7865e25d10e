//! Issue 10: merging another ledger (`bangfu merge`, transfer::merge). Names matched by the
//! name rule, near duplicates refused until mapped, entries already present skipped, one
//! undoable batch, merging twice adds nothing, the other file never changed.

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Edit, Entry, EntryId, Fen, Kind, Ledger, MasterKind};
use bangfu::store::Store;
use bangfu::transfer::merge::{Choice, Choices, MergeError, plan_merge};
use chrono::NaiveDate;
use std::path::Path;
use std::process::{Command, Output};

fn bangfu(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run bangfu")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

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
        "图书".into(),
        stamp,
    );
    e.value_fen = Fen::from_yuan(500);
    l.apply(&Edit::AddEntry(e)).expect("adds");
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
