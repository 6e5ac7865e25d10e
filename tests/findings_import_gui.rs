#![cfg(feature = "gui")]
//! Issue 12, item 4: findings come into the app from CSV and spreadsheets through the
//! 整改台账 tab's 导入问题…: a preview first, one undoable edit, every problem named with
//! its row and field and nothing written, a spreadsheet under its title row on a sheet
//! chosen in the window.

use bangfu::ledger::Ledger;
use bangfu::ledger::findings::{Finding, FindingStatus, Responsible};
use bangfu::store::fs::RealFs;
use bangfu::store::read_ledger;
use bangfu::ui::platform::ScriptedPlatform;
use bangfu::ui::{App, Tab};
use chrono::NaiveDate;
use eframe::egui::{Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

mod common;
use common::gui::{Start, has_text_containing, saved_on_disk};
use common::sample_file;

const HEADER: &str =
    "序号,村,问题来源,问题类别,问题描述,整改措施,责任单位,责任人,整改时限,整改状态,完成时间,备注";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The app on the sample's 整改台账 tab, its dialogs answered by `platform`.
fn app_on(path: &Path, platform: Arc<ScriptedPlatform>) -> Harness<'static, App> {
    let mut h = Start::on(date(2020, 6, 25)).platform(platform).open(path);
    h.get_by_label("整改台账").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Findings);
    h
}

/// Lets the reading and the checking jobs finish and the window show their results.
fn settle(h: &mut Harness<'_, App>) {
    for _ in 0..4 {
        h.state_mut().wait_for_jobs(Duration::from_secs(30));
        h.run();
    }
}

/// Chooses `file` with 导入问题… and waits for the preview.
fn import_file(h: &mut Harness<'_, App>, platform: &ScriptedPlatform, file: &Path) {
    platform.answer(file);
    h.get_by_role_and_label(Role::Button, "导入问题…").click();
    h.run();
    settle(h);
}

fn button_disabled(h: &Harness<'_, App>, label: &str) -> bool {
    h.query_all_by_label_contains(label)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("a button {label}"))
        .accesskit_node()
        .is_disabled()
}

fn by_description<'a>(l: &'a Ledger, text: &str) -> &'a Finding {
    l.findings
        .iter()
        .find(|f| f.description == text)
        .unwrap_or_else(|| panic!("a finding {text}"))
}

#[test]
fn a_csv_of_two_findings_imports_both_and_undo_removes_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let csv = dir.path().join("问题清单.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}\n\
             1,九股村,第二轮督战,饮水安全,七组蓄水池渗漏,更换防渗层,农业工程系,张站长,2020-07-15,已整改,2020-07-10,复查一次\n\
             2,海子村,第三轮督战,道路硬化,三组入户路未硬化,硬化入户路,妈姑镇,李主任,2020-08-01,整改中,,\n"
        ),
    )
    .expect("write csv");
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_on(&path, Arc::clone(&platform));
    import_file(&mut h, &platform, &csv);
    // The dialog asked for the formats the import reads.
    let asked = platform.asked();
    let last = asked.last().expect("a dialog");
    assert_eq!(last.title, "导入整改问题");
    for ext in ["csv", "xlsx", "xls", "ods"] {
        assert!(last.filter.extensions.iter().any(|e| e == ext), "{ext}");
    }
    // The preview: the count, no new village, both rows as they will be stored.
    assert!(has_text_containing(&h, "将导入 2 条问题，不新建村"));
    for cell in [
        "七组蓄水池渗漏",
        "三组入户路未硬化",
        "第三轮督战",
        "2020-08-01",
        "整改中",
    ] {
        assert!(has_text_containing(&h, cell), "the preview shows {cell}");
    }
    assert_eq!(
        saved_on_disk(&mut h, &path).findings.len(),
        50,
        "nothing yet"
    );
    h.get_by_role_and_label(Role::Button, "导入 2 条").click();
    h.run();
    assert_eq!(h.state().message(), Some("已导入 2 条整改问题"));
    assert!(
        !has_text_containing(&h, "将导入 2 条问题"),
        "the window closed"
    );
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.findings.len(), 52, "50 of the sample and 2 imported");
    let f = by_description(&l, "七组蓄水池渗漏");
    assert_eq!(l.village_name(f.village), "九股村");
    assert_eq!(l.round_name(f.round), "第二轮督战");
    assert_eq!(l.finding_category_name(f.category), "饮水安全");
    assert_eq!(f.measures, "更换防渗层");
    let dept = l.department_by_name("农业工程系").expect("a department").id;
    assert_eq!(f.responsible, Responsible::Department(dept));
    assert_eq!(f.person, "张站长");
    assert_eq!(f.deadline, date(2020, 7, 15));
    assert_eq!(f.status, FindingStatus::Done);
    assert_eq!(f.done_on, Some(date(2020, 7, 10)));
    assert_eq!(f.verified_by, "");
    assert_eq!(f.verified_on, None);
    assert_eq!(f.notes, "复查一次");
    assert!(f.links.is_empty());
    let g = by_description(&l, "三组入户路未硬化");
    assert_eq!(l.village_name(g.village), "海子村");
    assert_eq!(
        l.round_name(g.round),
        "第三轮督战",
        "a new source is created"
    );
    assert_eq!(g.responsible, Responsible::Outside("妈姑镇".to_string()));
    assert_eq!(g.status, FindingStatus::InProgress);
    assert_eq!(g.done_on, None);
    assert_eq!(l.rounds.len(), 2);
    // One undo step takes both findings and the new source away.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.findings.len(), 50);
    assert!(l.findings.iter().all(|f| f.description != "七组蓄水池渗漏"));
    assert_eq!(l.rounds.len(), 1);
}

#[test]
fn a_bad_status_is_named_with_its_row_and_field_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let csv = dir.path().join("问题清单.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}\n\
             1,九股村,第二轮督战,饮水安全,七组蓄水池渗漏,,,,2020-07-15,未整改,,\n\
             2,河坝村,第二轮督战,道路硬化,入户路未硬化,,,,2020-07-15,完成了,,\n"
        ),
    )
    .expect("write csv");
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_on(&path, Arc::clone(&platform));
    import_file(&mut h, &platform, &csv);
    // Row 3 of the file (the header is row 1): the unknown village and the status.
    assert!(has_text_containing(&h, "有 2 处问题"));
    assert!(has_text_containing(&h, "第 3 行 村：没有名为“河坝村”的村"));
    assert!(has_text_containing(
        &h,
        "第 3 行 整改状态：“完成了”不是整改状态"
    ));
    assert!(button_disabled(&h, "导入 0 条"), "nothing bad is imported");
    assert!(has_text_containing(&h, "勾选“新建未知的村”可新建这些村"));
    // 新建未知的村 takes the village problem away; the status is still refused.
    h.get_by_label("新建未知的村").click();
    h.run();
    settle(&mut h);
    assert!(has_text_containing(&h, "有 1 处问题"));
    assert!(!has_text_containing(&h, "没有名为“河坝村”的村"));
    assert!(
        !has_text_containing(&h, "可新建这些村"),
        "no hint once ticked"
    );
    assert!(has_text_containing(
        &h,
        "第 3 行 整改状态：“完成了”不是整改状态"
    ));
    assert!(button_disabled(&h, "导入 0 条"));
    h.get_by_role_and_label(Role::Button, "取消").click();
    h.run();
    assert!(
        !has_text_containing(&h, "整改状态：“完成了”"),
        "the window closed"
    );
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.findings.len(), 50);
    assert!(l.village_by_name("河坝村").is_none());
    assert_eq!(l.rounds.len(), 1);
}

#[test]
fn a_dialog_that_cannot_open_is_reported() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_on(&path, Arc::clone(&platform));
    platform.fail("no file portal");
    h.get_by_role_and_label(Role::Button, "导入问题…").click();
    h.run();
    let message = h.state().message().unwrap_or_default().to_string();
    assert!(message.contains("导入整改问题"), "{message}");
    assert!(message.contains("no file portal"), "{message}");
    assert!(!has_text_containing(&h, "新建未知的村"), "no window opened");
}

#[test]
fn a_workbook_sheet_under_its_title_row_imports_after_choosing_the_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let xlsx = dir.path().join("督战问题.xlsx");
    let mut wb = Workbook::new();
    // The first sheet has words but no list: the window says so and offers the others.
    let notes = wb.add_worksheet();
    notes.set_name("说明").expect("name");
    notes
        .write_string(0, 0, "本表由督战组填写")
        .expect("a note");
    let ws = wb.add_worksheet();
    ws.set_name("督战问题").expect("name");
    ws.write_string(0, 0, "九股村督战问题整改落实情况台账")
        .expect("title");
    let header = [
        "序号",
        "村",
        "问题来源",
        "问题类别",
        "问题描述",
        "责任人",
        "整改时限",
        "整改状态",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    let rows = [
        [
            "1",
            "九股村",
            "第二轮督战",
            "室内外卫生",
            "二组垃圾未清运",
            "王组长",
        ],
        [
            "2",
            "海子村",
            "第二轮督战",
            "饮水安全",
            "水管破损",
            "李站长",
        ],
    ];
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r, c as u16, *text).expect("cell");
        }
    }
    // A date cell and a typed date.
    let day = ExcelDateTime::from_ymd(2020, 6, 30).expect("a date");
    ws.write_datetime_with_format(2, 6, &day, &date_format)
        .expect("date");
    ws.write_string(3, 6, "2020-07-20").expect("text date");
    ws.write_string(2, 7, "已整改").expect("status");
    ws.write_string(3, 7, "未整改").expect("status");
    wb.save(&xlsx).expect("save");

    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_on(&path, Arc::clone(&platform));
    import_file(&mut h, &platform, &xlsx);
    assert!(has_text_containing(
        &h,
        "工作表“说明”前 20 行中找不到问题清单的表头行"
    ));
    h.get_by_role_and_label(Role::ComboBox, "工作表").click();
    h.run();
    h.get_by_label("督战问题").click();
    h.run();
    settle(&mut h);
    assert!(has_text_containing(&h, "工作表“督战问题”，第 2 行为表头"));
    assert!(has_text_containing(&h, "将导入 2 条问题，不新建村"));
    h.get_by_role_and_label(Role::Button, "导入 2 条").click();
    h.run();
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.findings.len(), 52);
    let f = by_description(&l, "二组垃圾未清运");
    assert_eq!(l.village_name(f.village), "九股村");
    assert_eq!(l.finding_category_name(f.category), "室内外卫生");
    assert_eq!(f.person, "王组长");
    assert_eq!(f.deadline, date(2020, 6, 30), "the date cell");
    assert_eq!(f.status, FindingStatus::Done);
    let g = by_description(&l, "水管破损");
    assert_eq!(l.village_name(g.village), "海子村");
    assert_eq!(g.deadline, date(2020, 7, 20), "the typed date");
    assert_eq!(g.status, FindingStatus::Open);
}

/// The CLI reads the same way and says how to create an unknown village.
#[test]
fn the_cli_names_the_same_problems_and_how_to_create_the_village() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let csv = dir.path().join("问题清单.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}\n1,河坝村,第二轮督战,道路硬化,入户路未硬化,,,,2020-07-15,完成了,,\n"),
    )
    .expect("write csv");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["--lang", "zh", "findings", "import"])
        .arg(&path)
        .arg("--csv")
        .arg(&csv)
        .output()
        .expect("run bangfu");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    // Two problems counted: the hint is not one of them.
    assert!(err.contains("有 2 处错误，未导入任何记录："), "{err}");
    assert!(err.contains("第 2 行 村：没有名为“河坝村”的村\n"), "{err}");
    assert!(
        err.contains("第 2 行 整改状态：“完成了”不是整改状态"),
        "{err}"
    );
    assert!(err.contains("加 --create 可新建这些村"), "{err}");
    let l = read_ledger(&RealFs, &path).expect("reads");
    assert_eq!(l.findings.len(), 50);
}

/// A ledger changed after the check (here a village added) is checked again before
/// anything is imported; the second 导入 imports against the ledger as it is now.
#[test]
fn a_ledger_changed_after_the_check_is_checked_again_first() {
    use bangfu::ledger::{Edit, Village};
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let csv = dir.path().join("问题清单.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}\n1,九股村,第二轮督战,饮水安全,七组蓄水池渗漏,,,,2020-07-15,,,\n"),
    )
    .expect("write csv");
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_on(&path, Arc::clone(&platform));
    import_file(&mut h, &platform, &csv);
    assert!(has_text_containing(&h, "将导入 1 条问题"));
    let edit = {
        let l = h.state().ledger().expect("open");
        Edit::AddVillage {
            index: l.villages.len(),
            village: Village::new(l.next_village_id(), "河坝村", "妈姑镇", "赫章县"),
        }
    };
    h.state_mut().apply_edit(edit);
    h.run();
    h.get_by_role_and_label(Role::Button, "导入 1 条").click();
    h.run();
    assert_eq!(
        saved_on_disk(&mut h, &path).findings.len(),
        50,
        "checked again first"
    );
    settle(&mut h);
    assert!(has_text_containing(&h, "将导入 1 条问题"));
    h.get_by_role_and_label(Role::Button, "导入 1 条").click();
    h.run();
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.findings.len(), 51);
    assert!(l.village_by_name("河坝村").is_some());
    assert_eq!(h.state().message(), Some("已导入 1 条整改问题"));
}
