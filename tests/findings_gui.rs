#![cfg(feature = "gui")]
//! The 整改台账 tab driven through egui_kittest: the per-village counts against the
//! app's date, the keyboard form saving a new finding, the bulk status change as one undo
//! step, and a link followed to the ledger tab.

use bangfu::ledger::EntryId;
use bangfu::ledger::findings::FindingStatus;
use bangfu::ui::{App, Tab};
use chrono::NaiveDate;
use eframe::egui::{self, Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;

mod common;
use common::gui::{Start, saved_on_disk, type_into_field};
use common::sample_file;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn app_on(path: &Path, today: NaiveDate) -> Harness<'static, App> {
    app_sized(path, today, 900.0)
}

/// The app on the 整改台账 tab, in a window this tall (the lists under the form need room).
fn app_sized(path: &Path, today: NaiveDate, height: f32) -> Harness<'static, App> {
    let mut h = Start::on(today).size(egui::vec2(1400.0, height)).open(path);
    h.get_by_label("整改台账").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Findings);
    h
}

fn has_text(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_by_label_contains(text).is_some()
}

#[test]
fn counts_per_village_follow_the_app_date() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let h = app_on(&path, date(2020, 6, 25));
    assert!(has_text(&h, "九股村 44：已销号 30 / 超期 0"));
    assert!(has_text(&h, "海子村 6：已销号 4 / 超期 0"));
    assert!(has_text(&h, "显示 50 / 50 条"));
    // A typed as-of date counts against that day instead.
    let mut h = h;
    type_into_field(&mut h, "截至", "2020-07-01");
    assert!(has_text(&h, "九股村 44：已销号 30 / 超期 8"));
    type_into_field(&mut h, "截至", "七月一日");
    assert!(has_text(&h, "截至：“七月一日”不是日期"));
    drop(h);
    let h = app_on(&path, date(2020, 7, 1));
    // After the deadline every 未整改 / 整改中 finding is overdue: 2 + 6 and 1.
    assert!(has_text(&h, "九股村 44：已销号 30 / 超期 8"));
    assert!(has_text(&h, "海子村 6：已销号 4 / 超期 1"));
}

#[test]
fn the_keyboard_form_saves_a_new_finding_and_refuses_a_bad_date() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 25));
    type_into_field(&mut h, "问题来源", "第二轮督战");
    type_into_field(&mut h, "问题类别", "饮水安全");
    type_into_field(&mut h, "问题描述", "七组蓄水池渗漏");
    type_into_field(&mut h, "责任人", "站长");
    type_into_field(&mut h, "整改时限", "七月");
    h.key_press(Key::Enter);
    h.run();
    assert!(
        has_text(&h, "整改时限：“七月”不是日期"),
        "the bad date is named"
    );
    assert_eq!(
        saved_on_disk(&mut h, &path).findings.len(),
        50,
        "nothing saved"
    );
    type_into_field(&mut h, "整改时限", "2020-07-10");
    type_into_field(&mut h, "关联帮扶记录", "1");
    h.key_press(Key::Enter);
    h.run();
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.findings.len(), 51);
    let f = l.findings.last().expect("new");
    assert_eq!(f.id.0, 51);
    assert_eq!(
        l.village_name(f.village),
        "九股村",
        "the first village by default"
    );
    assert_eq!(l.round_name(f.round), "第二轮督战");
    assert_eq!(l.finding_category_name(f.category), "饮水安全");
    assert_eq!(f.description, "七组蓄水池渗漏");
    assert_eq!(f.person, "站长");
    assert_eq!(f.deadline, date(2020, 7, 10));
    assert_eq!(f.status, FindingStatus::Open);
    assert_eq!(f.links, vec![EntryId(1)]);
    assert!(!f.illustrative);
}

#[test]
fn bulk_status_change_is_one_undo_step_and_a_link_opens_the_entry() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 25));
    let before = saved_on_disk(&mut h, &path);
    // The three clean-up findings are 团委's.
    type_into_field(&mut h, "责任单位/人", "团委");
    assert!(has_text(&h, "显示 3 / 50 条"));
    h.get_by_role_and_label(Role::Button, "全选").click();
    h.run();
    assert!(has_text(&h, "已选 3 条"));
    type_into_field(&mut h, "日期", "2020-06-29");
    h.get_by_role_and_label(Role::Button, "批量修改状态")
        .click();
    h.run();
    let l = saved_on_disk(&mut h, &path);
    let team: Vec<_> = l
        .findings
        .iter()
        .filter(|f| f.responsible.name(&l) == "团委")
        .collect();
    assert_eq!(team.len(), 3);
    for f in &team {
        assert_eq!(f.status, FindingStatus::Done, "#{}", f.id.0);
        assert_eq!(f.done_on, Some(date(2020, 6, 29)));
        assert!(f.verified_by.is_empty() && f.verified_on.is_none());
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        saved_on_disk(&mut h, &path),
        before,
        "one undo restores all three"
    );
    // The link #10 (the volunteers' clean-up) opens that entry in the ledger tab.
    h.query_all_by_label("#10")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("a #10 link")
        .click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Ledger);
}

#[test]
fn finding_categories_are_an_editable_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = sample_file(dir.path());
    let mut h = app_sized(&path, date(2020, 6, 25), 1600.0);
    h.get_by_label("问题类别（8）").click();
    h.run();
    type_into_field(&mut h, "新问题类别", "产业发展");
    h.query_all_by_label("添加")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("添加")
        .click();
    h.run();
    let l = saved_on_disk(&mut h, &path);
    assert_eq!(l.finding_categories.len(), 9);
    assert_eq!(l.finding_categories[8].name, "产业发展");
    // An unused category can go; one in use cannot, and says so.
    let deletes: Vec<_> = h
        .query_all_by_label("删除")
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .collect();
    assert_eq!(deletes.len(), 9);
    deletes[0].click();
    h.run();
    assert!(has_text(&h, "仍有 4 条记录在使用，不能删除"));
    let deletes: Vec<_> = h
        .query_all_by_label("删除")
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .collect();
    deletes[8].click();
    h.run();
    assert_eq!(saved_on_disk(&mut h, &path).finding_categories.len(), 8);
}
