//! What the app remembers between runs (eframe storage): language, recent files and the
//! names printed under a summary. Never ledger data.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The key under which the settings live in eframe's storage.
pub const STORAGE_KEY: &str = "bangfu-settings";

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 8;

/// Settings remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The UI language.
    pub lang: Lang,
    /// Recently used ledger files, newest first.
    pub recent: Vec<PathBuf>,
    /// 制表人: who prepares printed summaries.
    pub prepared_by: String,
    /// 审核人: who reviews them.
    pub reviewed_by: String,
    /// The ledger table's columns the user chose (their CSV names, `date`, `notes` …);
    /// `None`: the default set. The 列 menu changes it.
    pub table_columns: Option<Vec<String>>,
    /// Import column mappings the user corrected, by header layout (the header texts):
    /// each column's field code (`transfer::table::ColumnMap::code`).
    pub import_mappings: std::collections::BTreeMap<String, Vec<String>>,
}

impl Settings {
    /// Puts a file at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
    }

    /// The last file used that still exists.
    pub fn last_file(&self) -> Option<&Path> {
        self.recent
            .iter()
            .map(PathBuf::as_path)
            .find(|p| p.is_file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_and_bounded() {
        let mut s = Settings::default();
        for i in 0..20 {
            s.remember(Path::new(&format!("/tmp/{i}.ron")));
        }
        s.remember(Path::new("/tmp/5.ron"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], PathBuf::from("/tmp/5.ron"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.ron")).count(), 1);
    }
}
