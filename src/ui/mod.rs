//! The desktop app (egui / eframe).
//!
//! Layout: a menu bar (文件 / 编辑 / views / 中文 ⇄ English), banners (read-only, failed
//! save, sample offer), the current view, and a status bar (已保存 / 正在保存 / the error).
//!
//! Data flows one way: widgets push [`commands::Command`]s; [`app::App`] runs them after
//! the frame's UI (dialogs, file I/O), applies [`crate::ledger::Edit`]s, and hands a copy
//! of the ledger to the save worker ([`saver`]).

pub mod app;
pub mod commands;
pub mod entry_form;
pub mod fonts;
pub mod ledger_view;
pub mod master_data;
pub mod ops;
pub mod print_dialog;
pub mod saver;
pub mod settings;
pub mod text;
pub mod totals_view;
pub mod undo;

pub use app::{App, AppOptions, Tab};

use std::path::PathBuf;

/// Opens the desktop app on a ledger file (or the last/default ledger) and returns the
/// process exit code.
pub fn run_app(file: Option<PathBuf>) -> i32 {
    let mut options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title(text::APP_NAME.get(crate::i18n::Lang::Zh))
            .with_app_id("bangfu")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    // Tests and portable installs keep the app's settings beside their ledgers.
    if let Some(home) = std::env::var_os("BANGFU_HOME") {
        options.persistence_path = Some(PathBuf::from(home));
    }
    let result = eframe::run_native(
        "bangfu",
        options,
        Box::new(move |cc| {
            Ok(Box::new(App::new(
                cc,
                AppOptions {
                    file,
                    real_dialogs: true,
                    ..AppOptions::default()
                },
            )))
        }),
    );
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("无法启动桌面程序 / cannot start the desktop app: {e}");
            1
        }
    }
}
