//! Backups: every whole save (a compaction, a restore, a save after a failed append) keeps
//! the previous snapshot in `NAME.ron.backups/`. Every edit is also in the journal and the
//! history (`NAME.ron.history/`), so a backup is only a starting point: rotation keeps the
//! last [`KEEP_RECENT`] plus the newest of each of the last [`KEEP_DAYS`] days, and packs
//! each kept one with gzip (`…-STAMP.ron.gz`, a tenth of the size or less). The copies of an
//! older version's original (`NAME.ron.v2-original`) are not backups of this kind and are
//! never rotated.
//!
//! A backup is first a hard link to the replaced file (free, made before the rename); after
//! the save, rotation writes its packed copy atomically and only then removes the plain
//! one, so at every moment a whole copy exists under one of the two names.

use super::fs::Fs;
use super::{atomic, names, packed};
use chrono::{Local, NaiveDate, NaiveDateTime};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How many of the most recent backups are always kept.
pub const KEEP_RECENT: usize = 5;
/// For how many days one backup a day is kept.
pub const KEEP_DAYS: i64 = 7;

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

/// Bytes a backup's name needs after the stem: `-20261128-140312-123-NNNNNN.ron.gz`.
const BACKUP_NAME_RESERVE: usize = 40;

/// A new, unused backup path for now: `NAME-20261128-140312-123.ron`.
pub fn new_backup_path(fs: &dyn Fs, ledger: &Path) -> PathBuf {
    let dir = backup_dir(ledger);
    let now = Local::now().naive_local();
    let base = format!("{}-{}", stem(ledger), now.format("%Y%m%d-%H%M%S-%3f"));
    let mut candidate = dir.join(format!("{base}.ron"));
    let mut n = 1;
    // A name is free only when neither the plain nor the packed backup has it (a packed
    // copy is never written over by another backup's).
    let taken = |p: &Path| {
        let mut gz = p.as_os_str().to_os_string();
        gz.push(packed::GZ);
        fs.metadata(p).is_ok() || fs.metadata(Path::new(&gz)).is_ok()
    };
    while taken(&candidate) {
        candidate = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    candidate
}

fn parse_taken(ledger: &Path, file: &Path) -> Option<NaiveDateTime> {
    let rest = name_without_ending(file)?
        .strip_prefix(&stem(ledger))?
        .strip_prefix('-')?;
    let stamp = rest.get(..19)?; // 20261128-140312-123
    NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S-%3f").ok()
}

/// A backup's name without `.ron` or `.ron.gz`; `None` for any other file.
fn name_without_ending(file: &Path) -> Option<&str> {
    let name = file.file_name()?.to_str()?;
    name.strip_suffix(PACKED)
        .or_else(|| name.strip_suffix(".ron"))
}

/// The ending of a packed backup's name.
pub const PACKED: &str = ".ron.gz";

/// True when `file` is a packed backup (`….ron.gz`).
pub fn is_packed(file: &Path) -> bool {
    file.to_str().is_some_and(|n| n.ends_with(PACKED))
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
    // Within one millisecond the counter tells the order (`…-123.ron`, `…-123-1.ron`, …).
    out.sort_by(|a, b| {
        b.taken
            .cmp(&a.taken)
            .then(counter(&b.path).cmp(&counter(&a.path)))
            .then(b.path.cmp(&a.path))
    });
    out
}

/// The counter of a backup made in the same millisecond as another (`…-123-2.ron`: 2;
/// none: 0).
fn counter(file: &Path) -> u32 {
    name_without_ending(file)
        .and_then(|stem| {
            // `…-YYYYMMDD-HHMMSS-mmm-N`: N follows the stamp's three-digit milliseconds.
            let parts: Vec<&str> = stem.rsplitn(2, '-').collect();
            let (last, before) = (parts.first()?, parts.get(1)?);
            // A stamp's own milliseconds are three digits after "HHMMSS-".
            let before_is_stamp_end = before.len() >= 3
                && before[before.len() - 3..]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && before.as_bytes().get(before.len().wrapping_sub(4)) == Some(&b'-');
            (before_is_stamp_end && last.bytes().all(|b| b.is_ascii_digit()))
                .then(|| last.parse().ok())
                .flatten()
        })
        .unwrap_or(0)
}

/// Which backups rotation deletes, given the list newest first and today. A backup and
/// its packed copy (both there when a packing was cut short) are one backup: they are
/// kept or deleted together, and count once.
pub fn to_delete(backups: &[Backup], today: NaiveDate) -> Vec<PathBuf> {
    let mut recent: Vec<PathBuf> = Vec::with_capacity(KEEP_RECENT);
    let mut keep: HashSet<PathBuf> = HashSet::new();
    let mut days_seen = HashSet::new();
    for b in backups {
        let one = unpacked_name(&b.path);
        if recent.len() < KEEP_RECENT && !recent.contains(&one) {
            recent.push(one.clone());
            keep.insert(one.clone());
        }
        let day = b.taken.date();
        if (today - day).num_days() < KEEP_DAYS && days_seen.insert(day) {
            keep.insert(one);
        }
    }
    backups
        .iter()
        .filter(|b| !keep.contains(&unpacked_name(&b.path)))
        .map(|b| b.path.clone())
        .collect()
}

/// A backup's path without the packed ending: the same for a backup and its packed copy.
fn unpacked_name(path: &Path) -> PathBuf {
    let text = path.as_os_str().to_string_lossy();
    match text.strip_suffix(packed::GZ) {
        Some(plain) => PathBuf::from(plain),
        None => path.to_path_buf(),
    }
}

/// Deletes backups past the rotation rule, then packs the plain ones that are kept.
/// Failures are ignored: a backup too many (or left plain) is better than a failed save;
/// the next rotation tries again.
pub fn rotate(fs: &dyn Fs, ledger: &Path) {
    let backups = list(fs, ledger);
    let doomed = to_delete(&backups, Local::now().date_naive());
    for path in &doomed {
        let _ = fs.remove_file(path);
    }
    for b in backups.iter().filter(|b| !doomed.contains(&b.path)) {
        if !is_packed(&b.path) {
            let _ = pack(fs, &b.path);
        }
    }
}

/// Replaces a plain backup by its packed copy `….ron.gz`: the packed copy is written and
/// checked first (atomically: temp, flush, rename, folder flush), and only then the plain
/// one is removed. A packed copy left by an earlier, interrupted packing is replaced.
pub fn pack(fs: &dyn Fs, plain: &Path) -> Result<PathBuf, super::StoreError> {
    let io = |path: &Path, source| super::StoreError::Io {
        path: path.to_path_buf(),
        doing: super::Doing::Backup,
        source,
    };
    let bytes = fs.read(plain).map_err(|e| io(plain, e))?;
    let packed_bytes = packed::pack(&bytes, packed::Effort::Fast).map_err(|e| io(plain, e))?;
    let mut name = plain.as_os_str().to_os_string();
    name.push(packed::GZ);
    let target = PathBuf::from(name);
    atomic::write_file(fs, &target, &packed_bytes)?;
    fs.remove_file(plain).map_err(|e| io(plain, e))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_of_one_millisecond_are_listed_by_their_counter() {
        assert_eq!(counter(Path::new("/b/台账-20261128-140312-123.ron")), 0);
        assert_eq!(counter(Path::new("/b/台账-20261128-140312-123-1.ron")), 1);
        assert_eq!(counter(Path::new("/b/台账-20261128-140312-123-12.ron")), 12);
        assert_eq!(
            counter(Path::new(&format!(
                "/b/{}-20261128-140312-123-3.ron",
                "账".repeat(80)
            ))),
            3
        );
        // A stem that ends in digits is not a counter.
        assert_eq!(counter(Path::new("/b/a-2-20261128-140312-123.ron")), 0);
    }

    #[test]
    fn keeps_five_recent_and_one_a_day_for_a_week() {
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
        // 5 recent (the 3 of day 0, 2 of day 1) + the newest of each of days 2 to 6.
        assert_eq!(kept, 5 + 5);
        assert!(!deleted.contains(&PathBuf::from("b-1-1")));
        assert!(deleted.contains(&PathBuf::from("b-1-0")));
        assert!(!deleted.contains(&PathBuf::from("b-6-2")));
        assert!(deleted.contains(&PathBuf::from("b-7-2")));
        assert!(!deleted.contains(&PathBuf::from("b-0-2")));
        assert!(deleted.contains(&PathBuf::from("b-99-2")));
    }
}
