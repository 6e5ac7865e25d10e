//! Running the `bangfu` binary and reading what it printed.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `bangfu args…` in `dir` and waits for it.
pub fn bangfu(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run bangfu")
}

/// What it printed, stdout then stderr.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// What it printed on stdout.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What it printed on stderr.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
