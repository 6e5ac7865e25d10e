#![cfg(feature = "gui")]
//! The real app driven through egui_kittest (no window, no GPU): typing into labelled
//! fields, clicking buttons and menus, and checking the table, the totals and the file.

use bangfu::demo::sample_ledger;
use bangfu::ledger::{Fen, Ledger};
use bangfu::store::fs::RealFs;
use bangfu::store::{Store, read_ledger};
use bangfu::summary::{Filter, Summary};
use bangfu::ui::platform::ScriptedPlatform;
use bangfu::ui::{App, Tab};
use chrono::NaiveDate;
use eframe::egui::{self, Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

mod common;
use common::gui::*;
use common::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn app_on(path: &Path, today: NaiveDate) -> Harness<'static, App> {
    Start::on(today).open(path)
}

fn app_with(
    path: &Path,
    today: NaiveDate,
    platform: Arc<ScriptedPlatform>,
) -> Harness<'static, App> {
    Start::on(today).platform(platform).open(path)
}

fn save_and_wait(h: &mut Harness<'_, App>) {
    click_button(h, "保存");
    assert!(
        h.state_mut().wait_for_saves(Duration::from_secs(10)),
        "saved"
    );
    h.run();
}

fn fill_entry(h: &mut Harness<'_, App>, village: &str, what: &str, value: &str) {
    type_into(h, "日期", "2020-06-30");
    type_into(h, "村", village);
    type_into(h, "部门", "团委");
    type_into(h, "内容", what);
    type_into(h, "金额", value);
}

#[test]
fn adds_an_entry_by_typing_then_finds_it_in_the_table_and_the_village_totals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    assert_eq!(h.state().status_text(), "已保存");

    fill_entry(&mut h, "海子村", "测试化肥", "0.5万");
    // The value is read as yuan, 万 included.
    assert!(has_text_containing(&h, "5,000.00 元"));
    save_and_wait(&mut h);

    let disk = on_disk(&path);
    let added = disk
        .entries
        .iter()
        .find(|e| e.what == "测试化肥")
        .expect("entry saved to the file");
    assert_eq!(added.value_fen, Fen(500_000));
    assert_eq!(disk.village_name(added.village), "海子村");
    assert_eq!(h.state().status_text(), "已保存");
    // In the table.
    assert!(has_text(&h, "测试化肥"));

    // In the per-village totals.
    h.get_by_label("汇总").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Totals);
    let summary = Summary::compute(&disk, &Filter::default());
    let haizi = summary
        .by_village
        .rows
        .iter()
        .find(|r| r.key[0].label(&disk, bangfu::i18n::Lang::Zh) == "海子村")
        .expect("海子村 row");
    assert!(haizi.totals.total_fen() >= Fen(500_000));
    assert!(has_text(&h, &haizi.totals.total_fen().display()));
}

#[test]
fn edits_then_undoes_and_redoes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    fill_entry(&mut h, "九股村", "测试口罩", "300");
    save_and_wait(&mut h);

    // The new entry is selected: edit it.
    click_button(&mut h, "修改");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "内容")
            .value()
            .as_deref(),
        Some("测试口罩")
    );
    type_into(&mut h, "内容", "测试口罩（改）");
    type_into(&mut h, "金额", "4,000.50");
    save_and_wait(&mut h);
    let e = on_disk(&path)
        .entries
        .into_iter()
        .find(|e| e.what == "测试口罩（改）")
        .expect("edited entry on disk");
    assert_eq!(e.value_fen, Fen(400_050));

    // Undo from the menu, named with the action.
    h.get_by_label("编辑").click();
    h.run();
    click_button_containing(&mut h, "撤销：修改 测试口罩（改）");
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    let disk = on_disk(&path);
    assert!(disk.entries.iter().any(|e| e.what == "测试口罩"));
    assert!(!disk.entries.iter().any(|e| e.what == "测试口罩（改）"));

    // Redo with the keyboard.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert!(
        on_disk(&path)
            .entries
            .iter()
            .any(|e| e.what == "测试口罩（改）")
    );

    // Undo twice with Ctrl+Z: the entry is gone again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert_eq!(on_disk(&path).entries.len(), sample_ledger().entries.len());
}

#[test]
fn filters_by_village_and_by_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let sample = sample_ledger();
    let total = sample.entries.len();
    let mut h = app_on(&path, date(2020, 7, 10));
    assert!(has_text_containing(
        &h,
        &format!("显示 {total} 条（共 {total} 条）")
    ));

    // Village: 海子村 only.
    let haizi = sample.village_by_name("海子村").expect("海子村").id;
    let n = sample.entries.iter().filter(|e| e.village == haizi).count();
    h.get_by_role_and_label(Role::ComboBox, "村").click();
    h.run();
    h.get_all_by_label("海子村")
        .find(|n| n.accesskit_node().role() != Role::Label)
        .expect("海子村 in the list")
        .click();
    h.run();
    assert!(has_text_containing(
        &h,
        &format!("显示 {n} 条（共 {total} 条）")
    ));
    click_button(&mut h, "清除筛选");

    // Dates: this month (July 2020) has nothing, this year has everything.
    h.get_by_label("本月").click();
    h.run();
    assert!(has_text_containing(
        &h,
        &format!("显示 0 条（共 {total} 条）")
    ));
    h.get_by_label("本年").click();
    h.run();
    assert!(has_text_containing(
        &h,
        &format!("显示 {total} 条（共 {total} 条）")
    ));
}

#[test]
fn a_bad_amount_shows_its_message_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let before = std::fs::read(&path).expect("read file");
    let mut h = app_on(&path, date(2020, 6, 30));

    fill_entry(&mut h, "九股村", "坏金额", "-5");
    // Messages sit below the buttons (the fields never move), each naming its field.
    assert!(has_text(&h, "金额：不能为负数"));
    assert!(
        h.get_by_role_and_label(Role::Button, "保存")
            .accesskit_node()
            .is_disabled()
    );
    click_button(&mut h, "保存");
    // Enter in the field does not save either.
    h.get_by_role_and_label(Role::TextInput, "金额").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();

    type_into(&mut h, "金额", "abc");
    // What was typed, and what would be accepted.
    assert!(has_text(
        &h,
        "金额：“abc”不是金额；可写 40000、4,000.50、4万、0.5万元、４０００"
    ));
    click_button(&mut h, "保存");
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(5)));
    assert_eq!(std::fs::read(&path).expect("read file"), before);
    assert!(
        !h.state()
            .ledger()
            .expect("open")
            .entries
            .iter()
            .any(|e| e.what == "坏金额")
    );
}

#[test]
fn switches_to_english_and_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    assert!(has_text(&h, "保存"));
    h.get_by_label("中文 / English").click();
    h.run();
    assert_eq!(h.state().lang(), bangfu::i18n::Lang::En);
    assert!(h.query_by_role_and_label(Role::Button, "Save").is_some());
    assert!(h.query_by_role_and_label(Role::TextInput, "what").is_some());
    assert_eq!(h.state().status_text(), "Saved");
    assert_eq!(h.state().settings().lang, bangfu::i18n::Lang::En);
    h.get_by_label("中文 / English").click();
    h.run();
    assert_eq!(h.state().lang(), bangfu::i18n::Lang::Zh);
    assert!(h.query_by_role_and_label(Role::Button, "保存").is_some());
}

#[test]
fn a_new_ledger_offers_the_sample_and_loading_it_is_one_undo_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("新台账.ron");
    let mut h = app_on(&path, date(2020, 6, 30));
    assert!(path.is_file(), "created on first start");
    click_button(&mut h, "载入示例");
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    let n = sample_ledger().entries.len();
    let disk = on_disk(&path);
    assert_eq!(disk.entries.len(), n);
    assert_eq!(disk.unit, "毕节职业技术学院");
    h.get_by_label("编辑").click();
    h.run();
    click_button_containing(&mut h, &format!("撤销：导入 {n} 条"));
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert!(on_disk(&path).entries.is_empty());
}

#[test]
fn a_second_copy_opens_read_only_and_says_who_holds_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let _holder = Store::open(&path).expect("first copy holds the lock");
    let h = app_on(&path, date(2020, 6, 30));
    assert!(h.state().status_text().starts_with("只读"));
    assert!(has_text_containing(&h, "只读：此台账正由"));
    assert!(
        h.get_by_role_and_label(Role::Button, "保存")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn renaming_a_village_is_one_edit_shown_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    h.get_by_label("基础资料").click();
    h.run();
    // The first 修改 button of the villages list is 九股村's.
    h.get_all_by_role_and_label(Role::Button, "修改")
        .nth(1)
        .expect("rename button of the first village")
        .click();
    h.run();
    type_into(&mut h, "名称", "九股村（新）");
    click_button(&mut h, "确定");
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    let disk = on_disk(&path);
    assert!(disk.village_by_name("九股村（新）").is_some());
    h.get_by_label("台账").click();
    h.run();
    assert!(has_text(&h, "九股村（新）"));
}

#[test]
fn a_hundred_thousand_entries_are_indexed_once_and_drawn_lazily() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    let t = std::time::Instant::now();
    drop(Store::create(&path, &bangfu::demo::synthetic_ledger(100_000, 7)).expect("create"));
    eprintln!("create 100k file: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut h = app_on(&path, date(2025, 6, 30));
    eprintln!("open + first frames: {:?}", t.elapsed());
    let (index_builds, _) = h.state().rebuild_counts();
    let t = std::time::Instant::now();
    for _ in 0..20 {
        h.step();
    }
    eprintln!("20 frames at 100k rows: {:?} per frame", t.elapsed() / 20);
    // The cached row index is not rebuilt per frame.
    assert_eq!(h.state().rebuild_counts().0, index_builds);
    assert!(has_text_containing(&h, "显示 100,000 条"));
    // Sorting by value rebuilds it once.
    h.get_by_label("金额（元）").click();
    h.run();
    assert_eq!(h.state().rebuild_counts().0, index_builds + 1);
    // The totals are computed once, however many frames are drawn.
    h.get_by_label("汇总").click();
    h.run();
    let t = std::time::Instant::now();
    for _ in 0..10 {
        h.step();
    }
    eprintln!(
        "10 totals frames at 100k rows: {:?} per frame",
        t.elapsed() / 10
    );
    assert_eq!(h.state().rebuild_counts().1, 1);
}

#[test]
fn keyboard_enter_saves_and_ctrl_n_keeps_village_and_department() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    fill_entry(&mut h, "海子", "回车保存", "100");
    // "海子" is completed to the one village that matches.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "村")
            .value()
            .as_deref(),
        Some("海子村")
    );
    h.get_by_role_and_label(Role::TextInput, "金额").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert!(on_disk(&path).entries.iter().any(|e| e.what == "回车保存"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    let field =
        |h: &Harness<'_, App>, label: &str| h.get_by_role_and_label(Role::TextInput, label).value();
    assert_eq!(field(&h, "村").as_deref(), Some("海子村"));
    assert_eq!(field(&h, "部门").as_deref(), Some("团委"));
    assert_eq!(field(&h, "内容").as_deref(), Some(""));
}

#[test]
fn restoring_a_backup_keeps_the_current_state_as_a_backup_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let original = on_disk(&path);
    let mut h = app_on(&path, date(2020, 6, 30));
    fill_entry(&mut h, "九股村", "备份前新增", "1");
    save_and_wait(&mut h);
    let with_entry = on_disk(&path);
    // An edit is a journal line; closing writes a new snapshot, and the original becomes
    // a backup.
    drop(h);
    let mut h = app_on(&path, date(2020, 6, 30));
    let backups = bangfu::store::backup::list(&RealFs, &path);
    let oldest = backups
        .last()
        .expect("a backup of the original")
        .path
        .clone();
    h.state_mut().restore_backup(&oldest);
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert_eq!(on_disk(&path), original);
    let kept: Vec<Ledger> = bangfu::store::backup::list(&RealFs, &path)
        .iter()
        .filter_map(|b| read_ledger(&RealFs, &b.path).ok())
        .collect();
    assert!(
        kept.contains(&with_entry),
        "the state before restoring is a backup"
    );
    // And the restore is one undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert_eq!(on_disk(&path), with_entry);
}

#[test]
fn a_failed_save_keeps_the_edit_and_offers_a_retry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("共享盘");
    std::fs::create_dir(&folder).expect("folder");
    let path = sample_file(&folder);
    let mut h = app_on(&path, date(2020, 6, 30));
    // The share disappears.
    std::fs::remove_dir_all(&folder).expect("remove folder");
    fill_entry(&mut h, "九股村", "断网时新增", "1");
    click_button(&mut h, "保存");
    assert!(!h.state_mut().wait_for_saves(Duration::from_secs(10)));
    h.run();
    assert!(h.state().status_text().starts_with("保存失败"));
    assert!(!h.state().is_saved());
    assert!(
        h.state()
            .ledger()
            .expect("open")
            .entries
            .iter()
            .any(|e| e.what == "断网时新增")
    );
    // The share comes back: retry.
    std::fs::create_dir(&folder).expect("folder again");
    h.get_all_by_role_and_label(Role::Button, "重试")
        .next()
        .expect("retry button")
        .click();
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    h.run();
    assert!(h.state().is_saved());
}

/// Clicks the last button with this label (a dialog is drawn after the views behind it).
fn click_last_button(h: &mut Harness<'_, App>, label: &str) {
    h.query_all_by_label(label)
        .rfind(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {label}"))
        .click();
    h.run();
}

#[test]
fn print_dialog_writes_the_summary_with_the_names_and_remembers_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_with(&path, date(2020, 6, 30), Arc::clone(&platform));
    click_button(&mut h, "文件");
    click_button_containing(&mut h, "打印汇总");
    assert!(has_text(&h, "打印汇总 / 导出 Excel"), "the dialog is open");
    click_last_button(&mut h, "本月");
    h.get_by_label("万元").click();
    h.run();
    type_into(&mut h, "制表人", "王小玥");
    type_into(&mut h, "审核人", "李堃");
    // A bad custom date says why and keeps the buttons off.
    click_button(&mut h, "自定义");
    type_into(&mut h, "从", "2020-02-30");
    assert!(has_text_containing(&h, "起始日期：不是有效日期"));
    click_last_button(&mut h, "本月");
    // The (scripted) save dialog answers; the report is made and written off the UI
    // thread and then opened in the viewer.
    let pdf = dir.path().join("汇总.pdf");
    platform.answer(&pdf);
    click_button(&mut h, "生成 PDF…");
    h.state_mut().wait_for_jobs(Duration::from_secs(60));
    h.run();
    assert!(has_text_containing(&h, "已生成"));
    assert_eq!(platform.viewed(), std::slice::from_ref(&pdf));
    assert_eq!(h.state().settings().prepared_by, "王小玥");
    assert_eq!(h.state().settings().reviewed_by, "李堃");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("王小玥") && text.contains("李堃"), "{text}");
    assert!(text.contains("6.70"), "amounts in 万元: {text}");
    assert!(
        text.contains("2020年6月1日至2020年6月30日"),
        "this month: {text}"
    );
    let xlsx = dir.path().join("汇总.xlsx");
    platform.answer(&xlsx);
    click_last_button(&mut h, "导出 Excel…");
    h.state_mut().wait_for_jobs(Duration::from_secs(60));
    assert!(std::fs::metadata(&xlsx).is_ok_and(|m| m.len() > 1000));
}

#[test]
fn an_action_does_the_same_from_the_menu_and_from_its_shortcut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    let before = h.state().ledger().expect("open").clone();
    fill_entry(&mut h, "九股村", "菜单与快捷键", "10");
    save_and_wait(&mut h);
    let after = h.state().ledger().expect("open").clone();
    assert_ne!(before, after);

    // Undo from the menu.
    h.get_by_label("编辑").click();
    h.run();
    click_button_containing(&mut h, "撤销：添加 菜单与快捷键");
    let by_menu = (
        h.state().ledger().expect("open").clone(),
        h.state().message().map(str::to_string),
    );
    assert_eq!(by_menu.0, before);

    // Redo, then undo with Ctrl+Z (the focus is in no text field).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().ledger().expect("open"), &after);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let by_key = (
        h.state().ledger().expect("open").clone(),
        h.state().message().map(str::to_string),
    );
    assert_eq!(by_key, by_menu);
    assert_eq!(by_key.1.as_deref(), Some("撤销：添加 菜单与快捷键"));
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(10)));
    assert_eq!(on_disk(&path), before);
}

#[test]
fn menu_items_show_their_shortcut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    h.get_by_label("编辑").click();
    h.run();
    // The button's text is its label and then its shortcut, as egui writes it here.
    assert!(
        h.query_by_role_and_label(Role::Button, "新增记录 Ctrl+N")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "撤销 Ctrl+Z")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("文件").click();
    h.run();
    let labels: Vec<String> = h
        .query_all_by_label_contains("Ctrl")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(labels.iter().any(|l| l == "打开… Ctrl+O"), "{labels:?}");
    // The toolbar's short labels carry no shortcut text.
    assert!(h.query_by_role_and_label(Role::Button, "＋ 新增").is_some());
}

#[test]
fn the_report_is_written_by_a_background_job_through_the_platform() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let platform = Arc::new(ScriptedPlatform::new());
    let mut h = app_with(&path, date(2020, 6, 30), Arc::clone(&platform));
    // Ctrl+P opens the print dialog, as 文件 → 打印汇总 does.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(has_text(&h, "打印汇总 / 导出 Excel"), "the dialog is open");

    // A cancelled dialog writes nothing and opens nothing.
    click_last_button(&mut h, "导出 Excel…");
    h.state_mut().wait_for_jobs(Duration::from_secs(60));
    assert!(platform.viewed().is_empty());
    let asked = platform.asked();
    assert_eq!(asked.len(), 1);
    assert!(asked[0].file_name.ends_with(".xlsx"), "{:?}", asked[0]);
    assert_eq!(asked[0].folder.as_deref(), Some(dir.path()));

    let xlsx = dir.path().join("out.xlsx");
    platform.answer(&xlsx);
    click_last_button(&mut h, "导出 Excel…");
    h.state_mut().wait_for_jobs(Duration::from_secs(60));
    h.run();
    assert_eq!(h.state().running_job(), None);
    let bytes = std::fs::read(&xlsx).expect("the workbook was written");
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
    assert_eq!(platform.viewed(), std::slice::from_ref(&xlsx));
    assert_eq!(
        h.state().message(),
        Some(format!("已生成：{}", xlsx.display()).as_str())
    );
}

#[test]
fn the_english_ui_shows_no_chinese_units() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    h.get_by_label("中文 / English").click();
    h.run();
    // The form echoes a typed amount with its unit.
    type_into(&mut h, "value", "0.5万");
    assert!(has_text_containing(&h, "5,000.00 yuan"));
    let chinese_units = |h: &Harness<'_, App>| -> Vec<String> {
        h.query_all_by_label_contains("元")
            .filter_map(|n| text_of(&n))
            .collect()
    };
    for tab in ["Ledger", "Totals", "Master data"] {
        h.get_by_label(tab).click();
        h.run();
        assert!(
            chinese_units(&h).is_empty(),
            "{tab}: {:?}",
            chinese_units(&h)
        );
        // The totals view draws what is on screen: every screenful of it.
        if tab == "Totals" {
            scroll_through_totals(&mut h, |h| {
                assert!(chinese_units(h).is_empty(), "{tab}: {:?}", chinese_units(h));
            });
        }
    }
}

#[test]
fn a_village_the_ledger_lacks_is_created_from_the_form_then_the_entry_saves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    fill_entry(&mut h, "新寨村", "化肥", "500");
    // The name is not in the ledger: the field says so and offers to create it.
    assert!(has_text_containing(&h, "新寨村"));
    click_button(&mut h, "新建村“新寨村”");
    assert!(
        h.state()
            .ledger()
            .and_then(|l| l.village_by_name("新寨村"))
            .is_some(),
        "the village was added"
    );
    save_and_wait(&mut h);
    let disk = on_disk(&path);
    let village = disk.village_by_name("新寨村").expect("saved village");
    assert!(
        disk.entries
            .iter()
            .any(|e| e.village == village.id && e.what == "化肥")
    );
}

#[test]
fn the_totals_view_shows_every_measure_column_of_the_report_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let mut h = app_on(&path, date(2020, 6, 30));
    h.get_by_label("汇总").click();
    h.run();
    // The same headings as the printed tables, 服务 included.
    for heading in [
        "条数",
        "资金（元）",
        "物资（元）",
        "服务（元）",
        "合计（元）",
        "受益户次",
        "人次",
    ] {
        assert!(has_text(&h, heading), "{heading}");
    }
    assert!(has_text(&h, "按村汇总"));
    assert!(has_text(&h, "67,000.00"));
    // 服务 is in the overview and in each of the four per-X tables (the app's own
    // column list had lost it from the tables). The view draws only what is on screen:
    // scroll through it as a user would, noting under which title each 服务 heading is.
    let titles = ["按村汇总", "按部门汇总", "按类别汇总", "按月汇总"];
    let mut seen: Vec<String> = Vec::new();
    scroll_through_totals(&mut h, |h| {
        let title_tops: Vec<(&str, f32)> = titles
            .iter()
            .flat_map(|t| h.query_all_by_label(t).map(move |n| (*t, n.rect().top())))
            .collect();
        let mut here: Vec<String> = h
            .query_all_by_label("服务（元）")
            .map(|n| {
                let top = n.rect().top();
                title_tops
                    .iter()
                    .filter(|(_, y)| *y < top)
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or("overview".to_string(), |(t, _)| t.to_string())
            })
            .collect();
        let drawn = here.len();
        here.sort();
        here.dedup();
        assert_eq!(here.len(), drawn, "one 服务 heading per table: {here:?}");
        seen.extend(here);
    });
    seen.sort();
    seen.dedup();
    let mut expected = [
        "overview",
        "按村汇总",
        "按部门汇总",
        "按类别汇总",
        "按月汇总",
    ];
    expected.sort();
    assert_eq!(seen, expected.map(String::from));
}

/// What a node reads as: a label's text is its value, a button's its label.
fn text_of(n: &egui_kittest::Node<'_>) -> Option<String> {
    let node = n.accesskit_node();
    node.label().or_else(|| node.value())
}

/// Scrolls the totals view from its top to its bottom with the mouse wheel, a screenful
/// less a little at a time, calling `at` at every position (the top included).
fn scroll_through_totals(h: &mut Harness<'_, App>, mut at: impl FnMut(&Harness<'_, App>)) {
    let spot = egui::pos2(1380.0, 600.0);
    h.hover_at(spot);
    h.run();
    let mut last: Option<Vec<(String, f32)>> = None;
    for _ in 0..200 {
        at(h);
        // Where every label is: when a scroll moves nothing, the bottom is reached.
        let place: Vec<(String, f32)> = h
            .query_all_by_label_contains("")
            .filter_map(|n| Some((text_of(&n)?, n.rect().top())))
            .collect();
        if last.as_ref() == Some(&place) {
            return;
        }
        last = Some(place);
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -600.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    panic!("the totals view did not reach its bottom");
}
