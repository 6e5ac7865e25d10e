//! Where things live: the default ledger in the user's data folder.
//!
//! Linux: `~/.local/share/bangfu/帮扶台账.ron`; Windows: `%APPDATA%\bangfu\data\帮扶台账.ron`.
//! `BANGFU_HOME`, when set, replaces the data folder (tests, portable installs).

use std::path::PathBuf;

/// The folder for the default ledger.
pub fn data_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("BANGFU_HOME") {
        return PathBuf::from(home);
    }
    directories::ProjectDirs::from("", "", "bangfu")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The default ledger a first start creates.
pub fn default_ledger() -> PathBuf {
    data_dir().join("帮扶台账.ron")
}
