//! What the app remembers between runs (eframe storage): language, recent files and the
//! names printed under a summary. Never ledger data.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The key under which the settings live in eframe's storage.
pub const STORAGE_KEY: &str = "bangfu-settings";

/// The file eframe keeps the settings in, inside the folder `BANGFU_HOME` names
/// (portable installs, tests). eframe takes a persistence path as the file itself: given
/// the folder, it could neither read nor write it, and the 制表人 / 审核人 names, the
/// language and the recent files were forgotten at every start.
pub const STORAGE_FILE: &str = "app.ron";

/// The settings file inside a data folder.
pub fn storage_file(home: &Path) -> PathBuf {
    home.join(STORAGE_FILE)
}

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

    /// Takes the names typed for the printed summary (trimmed); true when they changed.
    pub fn remember_names(&mut self, prepared_by: &str, reviewed_by: &str) -> bool {
        let (p, r) = (prepared_by.trim(), reviewed_by.trim());
        if self.prepared_by == p && self.reviewed_by == r {
            return false;
        }
        self.prepared_by = p.to_string();
        self.reviewed_by = r.to_string();
        true
    }

    /// The last file used that still exists.
    pub fn last_file(&self) -> Option<&Path> {
        self.recent
            .iter()
            .map(PathBuf::as_path)
            .find(|p| p.is_file())
    }
}

impl super::app::App {
    /// Writes the settings to eframe's storage as soon as they differ from what was last
    /// written (a name typed in the print dialog, the language, a recent file), not only
    /// every 30 s and at a clean exit: a killed app or a switched-off PC keeps them too.
    /// The encoding is eframe's own (`eframe::set_value`). A frame without a change costs
    /// one comparison with the copy kept from the last write: nothing is encoded.
    pub(super) fn persist_settings(&mut self, frame: &mut eframe::Frame) {
        if self.persisted.as_ref() == Some(&self.settings) {
            return;
        }
        let Some(storage) = frame.storage_mut() else {
            return;
        };
        let Ok(text) = ron::ser::to_string(&self.settings) else {
            return;
        };
        if storage.get_string(STORAGE_KEY).as_deref() != Some(text.as_str()) {
            storage.set_string(STORAGE_KEY, text);
            storage.flush();
        }
        self.persisted = Some(self.settings.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// eframe's storage as a map, as its file keeps it.
    #[derive(Default)]
    struct MapStorage(HashMap<String, String>);

    impl eframe::Storage for MapStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn names_survive_a_round_trip_through_eframe_storage() {
        let mut s = Settings::default();
        assert!(s.remember_names(" 王明 ", "李华"));
        assert!(!s.remember_names("王明", "李华 "), "unchanged");
        let mut storage = MapStorage::default();
        eframe::set_value(&mut storage, STORAGE_KEY, &s);
        let back: Option<Settings> = eframe::get_value(&storage, STORAGE_KEY);
        let back = back.expect("settings read back");
        assert_eq!(back.prepared_by, "王明");
        assert_eq!(back.reviewed_by, "李华");
        // The settings file is a file inside the data folder, not the folder itself.
        let dir = Path::new("/tmp/bangfu-home");
        assert_eq!(storage_file(dir), dir.join("app.ron"));
        assert_ne!(storage_file(dir), dir);
    }

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
