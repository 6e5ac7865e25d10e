// On Windows a GUI-subsystem program: double-clicking it opens no console window. The CLI
// subcommands attach to the console they were started from instead (see `win_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]
//! `bangfu`: the desktop app, or with a subcommand the same ledger from the command line.

#[cfg(windows)]
mod win_console;

fn main() {
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        win_console::attach_parent_console();
    }
    std::process::exit(bangfu::cli::main());
}
