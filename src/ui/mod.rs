//! The desktop app (egui). Not built yet: the CLI says so.

use std::path::PathBuf;

/// Opens the desktop app on a ledger file (or the last/default ledger) and returns the
/// process exit code.
pub fn run_app(file: Option<PathBuf>) -> i32 {
    let _ = file;
    eprintln!(
        "桌面程序尚未完成，请先使用命令行（bangfu --help）。 / The desktop app is not built yet; use the CLI (bangfu --help)."
    );
    1
}
