// On Windows the app is a GUI-subsystem program: double-clicking it opens no console
// window. The CLI subcommands attach to the console they were started from instead (see
// `win_console`). The headless build (no `gui` feature) is a plain console program.
#![cfg_attr(all(windows, feature = "gui"), windows_subsystem = "windows")]
//! `bangfu`: the desktop app, or with a subcommand the same ledger from the command line.
//!
//! This file only chooses: no subcommand (or just a FILE) opens the app
//! (`bangfu::ui::run_app`, feature `gui`); a subcommand runs `bangfu::cli`. Without the
//! `gui` feature, no subcommand prints the help and exits with 1.

#[cfg(all(windows, feature = "gui"))]
mod win_console;

use bangfu::i18n::Lang;
use std::path::PathBuf;

fn main() {
    #[cfg(all(windows, feature = "gui"))]
    if std::env::args_os().len() > 1 {
        win_console::attach_parent_console();
    }
    let cli = match bangfu::cli::parse() {
        Ok(cli) => cli,
        Err(code) => std::process::exit(code),
    };
    let lang = Lang::from(cli.lang);
    let code = match cli.command {
        Some(command) => bangfu::cli::run(command, lang),
        None => open_app(cli.file, lang),
    };
    std::process::exit(code);
}

/// Opens the desktop app on `file` (or the last / default ledger).
#[cfg(feature = "gui")]
fn open_app(file: Option<PathBuf>, _lang: Lang) -> i32 {
    bangfu::ui::run_app(file)
}

/// A build without the app: says so and shows the commands.
#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<PathBuf>, lang: Lang) -> i32 {
    bangfu::cli::no_app(lang)
}
