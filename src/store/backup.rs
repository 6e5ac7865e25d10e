//! Backups: every save keeps the previous file in `NAME.ron.backups/`; rotation keeps the
//! last 20 saves plus the newest of each of the last 60 days.

use super::fs::Fs;
use super::names;
use chrono::{Local, NaiveDate, NaiveDateTime};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How many of the most recent backups are always kept.
pub const KEEP_RECENT: usize = 20;
/// For how many days one backup a day is kept.
pub const KEEP_DAYS: i64 = 60;

/// One backup file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// Its path.
    pub path: PathBuf,
    /// When the file it keeps was replaced.
    pub taken: NaiveDateTime,
    /// Size in bytes.
    pub bytes: u64,
}

/// The backup folder for a ledger: `NAME.ron.backups` beside it.
/// A ledger whose name is too long for that gets a shortened folder name (see
/// [`super::names`]).
pub fn backup_dir(ledger: &Path) -> PathBuf {
    ledger.with_file_name(names::with_suffix(
        ledger.file_name().unwrap_or_default(),
        ".backups",
    ))
}

/// The start of every backup's name: the ledger's stem, shortened when the stamp and a
/// counter would not fit after it.
fn stem(ledger: &Path) -> String {
    match ledger.file_stem() {
        Some(s) => names::shorten(s, BACKUP_NAME_RESERVE)
            .to_string_lossy()
            .into_owned(),
        None => "ledger".into(),
    }
}

/// Bytes a backup's name needs after the stem: `-20261128-140312-123-NNNNNN.ron`.
const BACKUP_NAME_RESERVE: usize = 40;

/// A new, unused backup path for now: `NAME-20261128-140312-123.ron`.
pub fn new_backup_path(fs: &dyn Fs, ledger: &Path) -> PathBuf {
    let dir = backup_dir(ledger);
    let now = Local::now().naive_local();
    let base = format!("{}-{}", stem(ledger), now.format("%Y%m%d-%H%M%S-%3f"));
    let mut candidate = dir.join(format!("{base}.ron"));
    let mut n = 1;
    while fs.metadata(&candidate).is_ok() {
        candidate = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    candidate
}

fn parse_taken(ledger: &Path, file: &Path) -> Option<NaiveDateTime> {
    let name = file.file_name()?.to_str()?;
    let rest = name.strip_prefix(&stem(ledger))?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".ron")?;
    let stamp = rest.get(..19)?; // 20261128-140312-123
    NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S-%3f").ok()
}

/// The backups of a ledger, newest first.
pub fn list(fs: &dyn Fs, ledger: &Path) -> Vec<Backup> {
    let Ok(files) = fs.list_dir(&backup_dir(ledger)) else {
        return Vec::new();
    };
    let mut out: Vec<Backup> = files
        .into_iter()
        .filter_map(|path| {
            let taken = parse_taken(ledger, &path)?;
            let bytes = fs.metadata(&path).map(|m| m.len()).unwrap_or(0);
            Some(Backup { path, taken, bytes })
        })
        .collect();
    out.sort_by(|a, b| b.taken.cmp(&a.taken).then(b.path.cmp(&a.path)));
    out
}

/// Which backups rotation deletes, given the list newest first and today.
pub fn to_delete(backups: &[Backup], today: NaiveDate) -> Vec<PathBuf> {
    let mut keep: HashSet<&Path> = backups
        .iter()
        .take(KEEP_RECENT)
        .map(|b| b.path.as_path())
        .collect();
    let mut days_seen = HashSet::new();
    for b in backups {
        let day = b.taken.date();
        if (today - day).num_days() < KEEP_DAYS && days_seen.insert(day) {
            keep.insert(&b.path);
        }
    }
    backups
        .iter()
        .filter(|b| !keep.contains(b.path.as_path()))
        .map(|b| b.path.clone())
        .collect()
}

/// Deletes backups past the rotation rule. Failures are ignored: a backup too many is
/// better than a failed save.
pub fn rotate(fs: &dyn Fs, ledger: &Path) {
    let backups = list(fs, ledger);
    for path in to_delete(&backups, Local::now().date_naive()) {
        let _ = fs.remove_file(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_twenty_recent_and_one_a_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
        let mut backups = Vec::new();
        // 100 days, 3 backups each, newest first.
        for day in 0..100i64 {
            for hour in (0..3).rev() {
                let taken = (today - chrono::Duration::days(day))
                    .and_hms_opt(10 + hour, 0, 0)
                    .expect("time");
                backups.push(Backup {
                    path: PathBuf::from(format!("b-{day}-{hour}")),
                    taken,
                    bytes: 1,
                });
            }
        }
        let deleted = to_delete(&backups, today);
        let kept = backups.len() - deleted.len();
        // 20 recent (days 0..6 + 2 of day 6) + one for each other day of the 60.
        assert_eq!(kept, 20 + (60 - 7));
        assert!(!deleted.contains(&PathBuf::from("b-0-2")));
        assert!(deleted.contains(&PathBuf::from("b-99-2")));
    }
}
