//! The desktop app (egui / eframe).
//!
//! Layout: a menu bar (文件 / 编辑 / views / 中文 ⇄ English), banners (read-only, failed
//! save, sample offer), the current view, and a status bar (已保存 / 正在保存 / the error /
//! a running job).
//!
//! Data flows one way: views and windows return [`commands::Command`]s; the
//! [`handler`] runs them after the frame's UI (dialogs and the system viewer through the
//! [`platform::Platform`] seam, slow work as [`jobs`]), changes the
//! [`document::Document`] (edits, undo and redo over [`crate::ledger::history`]) and its
//! save worker ([`saver`]) writes it.
//!
//! - [`app`]: the `App`, its options and the frame's layout;
//! - [`commands`]: the table of actions (label, shortcut, tooltip) and every command;
//! - [`handler`]: runs commands; the only place with side effects;
//! - [`document`], [`saver`], [`jobs`], [`platform`]: the open ledger, its saves, the
//!   background jobs and the desktop seam;
//! - [`menu_bar`], [`banners`], [`ledger_tab`], [`windows`]: the frame around the views;
//! - [`entry_form`], [`ledger_view`], [`totals_view`], [`master_data`]: the views;
//! - [`print_dialog`], [`backups_window`], [`new_ledger_window`], [`settings_window`],
//!   [`close_dialog`], [`findings_import`], [`history_window`]: the windows.

pub mod app;
pub mod backups_window;
pub mod banners;
pub mod close_dialog;
pub mod commands;
pub mod document;
pub mod entry_form;
pub mod evidence_pack_dialog;
pub mod evidence_panel;
pub mod evidence_viewer;
pub mod finding_form;
pub mod finding_lists;
pub mod findings_import;
pub mod findings_view;
pub mod fonts;
pub mod handler;
pub mod history_window;
pub mod import_wizard;
pub mod jobs;
pub mod ledger_tab;
pub mod ledger_view;
pub mod lock_dialog;
pub mod master_data;
pub mod menu_bar;
pub mod merge_dialog;
pub mod new_ledger_window;
pub mod ops;
pub mod platform;
pub mod print_dialog;
pub mod saver;
pub mod settings;
pub mod settings_window;
pub mod targets_panel;
pub mod thumbs;
pub mod totals_view;
pub mod windows;

pub use app::{App, AppOptions, Tab};

use std::path::{Path, PathBuf};

/// Opens the desktop app on a ledger file (or the last/default ledger) and returns the
/// process exit code.
pub fn run_app(file: Option<PathBuf>) -> i32 {
    let mut options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title(crate::i18n::ui::APP_NAME.get(crate::i18n::Lang::Zh))
            .with_app_id("bangfu")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            // Evidence files are dropped on the window (on by default; said here).
            .with_drag_and_drop(true),
        ..Default::default()
    };
    // Tests and portable installs keep the app's settings beside their ledgers.
    if let Some(home) = std::env::var_os("BANGFU_HOME") {
        options.persistence_path = Some(settings::storage_file(Path::new(&home)));
    }
    let result = eframe::run_native(
        "bangfu",
        options,
        Box::new(move |cc| {
            Ok(Box::new(App::new(
                cc,
                AppOptions {
                    file,
                    ..AppOptions::default()
                },
            )))
        }),
    );
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{}: {e}", crate::i18n::ui::CANNOT_START);
            1
        }
    }
}
