//! Runs the desktop app directly (`cargo run --example app -- [FILE]`), the same as
//! `bangfu [FILE]`, for screenshots and for trying the app before the CLI wires it up.

fn main() {
    let file = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    std::process::exit(bangfu::ui::run_app(file));
}
