//! The totals view draws only what is inside its scrolled viewport (issue 13 §5: a frame
//! after an edit within budget at a million entries). What is below the fold is not
//! drawn, yet scrolling to it shows it, with the figures of the latest edit; the space
//! kept for what is not drawn keeps everything where it was.
#![cfg(feature = "gui")]

use bangfu::demo::synthetic_ledger;
use bangfu::i18n::Lang;
use bangfu::ledger::{Edit, Fen, Kind, Ledger, Source, Status};
use bangfu::store::Store;
use bangfu::summary::{Filter, Summary};
use bangfu::ui::{App, Tab};
use chrono::{Datelike, NaiveDate};
use eframe::egui::{self, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::time::Duration;

mod common;
use common::gui::Start;

const HEIGHT: f32 = 900.0;

fn app_on(path: &std::path::Path) -> Harness<'static, App> {
    let mut h = Start::on(NaiveDate::from_ymd_opt(2025, 6, 30).expect("valid date"))
        .size(egui::vec2(1400.0, HEIGHT))
        .open(path);
    h.state_mut().set_tab(Tab::Totals);
    h.run();
    h
}

/// One turn of the mouse wheel over the view (positive: down).
fn wheel(h: &mut Harness<'_, App>, down: f32) {
    h.hover_at(egui::pos2(1380.0, 600.0));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -down),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

/// The top of the (first) node labelled `label`, if it is drawn.
fn top_of(h: &Harness<'_, App>, label: &str) -> Option<f32> {
    h.query_all_by_label(label).next().map(|n| n.rect().top())
}

/// Scrolls down until `label` is drawn inside the window.
fn scroll_to(h: &mut Harness<'_, App>, label: &str) {
    for _ in 0..400 {
        if top_of(h, label).is_some_and(|y| (40.0..HEIGHT - 60.0).contains(&y)) {
            return;
        }
        wheel(h, 300.0);
    }
    panic!("{label} never came into view");
}

fn ledger_file(dir: &std::path::Path, n: usize) -> (std::path::PathBuf, Ledger) {
    let path = dir.join("台账.ron");
    let ledger = synthetic_ledger(n, 7);
    drop(Store::create(&path, &ledger).expect("create"));
    (path, ledger)
}

#[test]
fn below_the_fold_is_not_drawn_until_scrolled_to_and_then_shows_the_latest_edit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut ledger) = ledger_file(dir.path(), 3_000);
    let mut h = app_on(&path);
    // At the top: the headline and the first table, but not the tables far below.
    assert!(top_of(&h, "按村汇总").is_some());
    assert_eq!(top_of(&h, "按类别汇总"), None, "drawn below the fold");
    assert_eq!(top_of(&h, "按月汇总"), None, "drawn below the fold");

    // An edit to an entry whose month is far below: a direct funds entry of 98,765.43 元.
    let before = ledger.entries[ledger.entries.len() / 3].clone();
    let mut after = before.clone();
    after.source = Source::Direct;
    after.kind = Kind::Funds;
    after.trainees = None;
    after.channel.clear();
    after.value_fen = Fen(9_876_543);
    after.status = Status::Delivered;
    let edit = Edit::UpdateEntry {
        before: Box::new(before),
        after: Box::new(after.clone()),
    };
    ledger.apply(&edit).expect("apply");
    h.state_mut().apply_edit(edit);
    h.run();
    assert!(h.state_mut().wait_for_saves(Duration::from_secs(20)));

    // The month's row, worked out from the whole ledger after the edit.
    let summary = Summary::compute(&ledger, &Filter::default());
    let month = format!("{}-{:02}", after.date.year(), after.date.month());
    let row = summary
        .by_month
        .rows
        .iter()
        .find(|r| r.key[0].label(&ledger, Lang::Zh) == month)
        .expect("the edited entry's month");
    let total = row.totals.total_fen().display();
    scroll_to(&mut h, "按月汇总");
    scroll_to(&mut h, &month);
    let y = top_of(&h, &month).expect("the month's row");
    assert!(
        h.query_all_by_label(&total)
            .any(|n| (n.rect().top() - y).abs() < 2.0),
        "{month}: {total} in its row"
    );
}

/// Where each label in the view's scrolled area is, by node (the menu, tabs and status
/// bar stay put, above and below it).
fn places(h: &Harness<'_, App>) -> std::collections::HashMap<(String, String), f32> {
    h.query_all_by_label_contains("")
        .filter(|n| (60.0..HEIGHT - 60.0).contains(&n.rect().top()))
        .filter_map(|n| {
            // A label's text is its value; a button's, its label.
            let node = n.accesskit_node();
            let text = node.label().or_else(|| node.value())?;
            Some(((format!("{:?}", node.id()), text), n.rect().top()))
        })
        .collect()
}

#[test]
fn the_space_kept_for_what_is_not_drawn_keeps_everything_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = ledger_file(dir.path(), 2_000);
    let mut h = app_on(&path);
    // From the top to the bottom, 300 points a turn of the wheel: whatever is on screen
    // before and after a turn moved by that much (less only at the bottom), however many
    // sections above it stopped or started being drawn. (egui_extras' virtual rows give a
    // table one item spacing, 3 points, more or less when its top leaves the viewport.)
    let mut before = places(&h);
    let mut turns = 0;
    let mut checked = 0;
    loop {
        wheel(&mut h, 300.0);
        let after = places(&h);
        let moved: Vec<(&(String, String), f32)> = after
            .iter()
            .filter_map(|(label, y)| Some((label, before.get(label)? - y)))
            .collect();
        let Some(first) = moved.first().map(|m| m.1) else {
            // Only the charts on screen (a plot's bars carry no labels).
            turns += 1;
            assert!(turns < 400, "no bottom");
            before = after;
            continue;
        };
        checked += 1;
        for (label, by) in &moved {
            assert!(
                (by - first).abs() < 0.5,
                "turn {turns}: {label:?} moved {by}, not {first}"
            );
        }
        if (first - 300.0).abs() > 3.5 {
            // Only at the bottom: a further turn moves nothing.
            assert!(first >= 0.0, "turn {turns}: moved back by {first}");
            wheel(&mut h, 300.0);
            assert_eq!(
                places(&h),
                after,
                "turn {turns}: moved {first}, not at the bottom"
            );
            break;
        }
        turns += 1;
        assert!(turns < 400, "no bottom");
        before = after;
    }
    assert!(
        checked > 10,
        "the view is long: {checked} of {turns} turns checked"
    );
    // Back up to 按部门汇总, then the same distance down and up again: it is where it was.
    let mut up = 0;
    while top_of(&h, "按部门汇总").is_none_or(|y| y < 100.0) {
        wheel(&mut h, -300.0);
        up += 1;
        assert!(up < 400, "按部门汇总 never came back");
    }
    let department = top_of(&h, "按部门汇总").expect("drawn");
    for _ in 0..8 {
        wheel(&mut h, 300.0);
    }
    assert_eq!(top_of(&h, "按部门汇总"), None, "scrolled out of view");
    for _ in 0..8 {
        wheel(&mut h, -300.0);
    }
    let back = top_of(&h, "按部门汇总").expect("drawn again");
    assert!((back - department).abs() < 0.5, "{department} then {back}");
}
