//! Helpers shared by the integration tests: ledger files in a temp folder, the `bangfu`
//! binary ([`cli`]) and the app under egui_kittest ([`gui`], with the `gui` feature).
//! Each test file takes it in with `mod common;`.

// Every test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

pub mod cli;
pub mod fs;
#[cfg(feature = "gui")]
pub mod gui;

use bangfu::demo::sample_ledger;
use bangfu::ledger::Ledger;
use bangfu::store::Store;
use std::path::{Path, PathBuf};

/// `ledger` written as 台账.ron in `dir` (the store's lock is released again).
pub fn ledger_file(dir: &Path, ledger: &Ledger) -> PathBuf {
    let path = dir.join("台账.ron");
    drop(Store::create(&path, ledger).expect("create ledger"));
    path
}

/// The path of a ledger 台账.ron in `dir` (the file itself not made) whose backup folder
/// holds a file of each of `names`, with the bytes `content(name)`.
pub fn ledger_with_backups(
    dir: &Path,
    names: &[&str],
    content: impl Fn(&str) -> Vec<u8>,
) -> PathBuf {
    let ledger = dir.join("台账.ron");
    let backups = bangfu::store::backup::backup_dir(&ledger);
    std::fs::create_dir_all(&backups).expect("backup folder");
    for name in names {
        std::fs::write(backups.join(name), content(name)).expect("backup");
    }
    ledger
}

/// The last part of `path`, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

/// The sample ledger written as 台账.ron in `dir` (the store's lock is released again).
pub fn sample_file(dir: &Path) -> PathBuf {
    ledger_file(dir, &sample_ledger())
}
