//! The one atomic writer: every file the program writes (the ledger, conflict copies, PDF,
//! XLSX, CSV exports) goes through here.
//!
//! A write is: a temp file in the target's folder → write → fsync → rename over the target
//! → fsync the folder. A full disk, an I/O error or a kill at any point leaves the previous
//! file byte for byte. [`write_files`] writes several files all or nothing: every temp is
//! written first, and a failed rename puts back the files already replaced.
//!
//! Temp files are named `.NAME.tmp-PID-N.bangfu-tmp`. A killed writer cannot remove its
//! temp, so every write first sweeps the folder: a `*.bangfu-tmp` file is removed when its
//! process is gone (Linux) or when it is older than [`STALE_AFTER`] (every system).

use super::fs::Fs;
use super::names;
use super::{Doing, StoreError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// The ending of every temp file the writer makes.
pub const TEMP_SUFFIX: &str = ".bangfu-tmp";

/// A temp file this old is stale even if its process id is in use again.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// A file written to its temp and flushed, waiting to be renamed over its target.
#[derive(Debug)]
#[must_use = "a staged file must be committed or discarded"]
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
}

/// Writes `bytes` to `target` atomically (see the module docs). On error the target is
/// unchanged and no temp file is left.
pub fn write_file(fs: &dyn Fs, target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_files(fs, &[(target, bytes)])
}

/// Writes several files all or nothing: every temp is written and flushed before any target
/// is replaced, and if a rename fails the targets already replaced get their previous
/// contents back. On error every target holds its previous contents (or still does not
/// exist) and no temp file is left. Only a failed final folder flush is reported after the
/// targets were replaced (they then hold the new contents).
pub fn write_files(fs: &dyn Fs, files: &[(&Path, &[u8])]) -> Result<(), StoreError> {
    let mut staged: Vec<Staged> = Vec::with_capacity(files.len());
    for (target, bytes) in files {
        match stage(fs, &absolute(target), bytes) {
            Ok(s) => staged.push(s),
            Err(e) => {
                staged.into_iter().for_each(|s| s.discard(fs));
                return Err(e);
            }
        }
    }
    if staged.len() == 1 {
        return staged.remove(0).commit(fs);
    }
    // Keep a second name of each previous file, so a failed rename can be undone.
    let mut kept: Vec<Option<PathBuf>> = Vec::with_capacity(staged.len());
    for s in &staged {
        if fs.metadata(&s.target).is_err() {
            kept.push(None);
            continue;
        }
        let old = temp_path(&s.target, "old");
        let made = fs
            .hard_link(&s.target, &old)
            .or_else(|_| fs.copy(&s.target, &old));
        if let Err(source) = made {
            let _ = fs.remove_file(&old);
            kept.into_iter().flatten().for_each(|p| {
                let _ = fs.remove_file(&p);
            });
            staged.into_iter().for_each(|s| s.discard(fs));
            return Err(StoreError::Io {
                path: old,
                doing: Doing::Backup,
                source,
            });
        }
        kept.push(Some(old));
    }
    let mut failed = None;
    let mut renamed = 0;
    for s in &staged {
        if let Err(source) = fs.rename(&s.temp, &s.target) {
            failed = Some(StoreError::Io {
                path: s.target.clone(),
                doing: Doing::Replace,
                source,
            });
            break;
        }
        renamed += 1;
    }
    if let Some(error) = failed {
        for (s, old) in staged.iter().zip(&kept).take(renamed) {
            let _ = match old {
                Some(old) => fs.rename(old, &s.target),
                None => fs.remove_file(&s.target),
            };
        }
        for s in staged.iter().skip(renamed) {
            let _ = fs.remove_file(&s.temp);
        }
        kept.iter().flatten().for_each(|p| {
            let _ = fs.remove_file(p);
        });
        return Err(error);
    }
    kept.iter().flatten().for_each(|p| {
        let _ = fs.remove_file(p);
    });
    let mut dirs: Vec<&Path> = staged.iter().map(|s| folder(&s.target)).collect();
    dirs.dedup();
    for dir in dirs {
        fs.sync_dir(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            doing: Doing::SyncFolder,
            source,
        })?;
    }
    Ok(())
}

/// Sweeps stale temps from the target's folder, then writes `bytes` to a new temp file
/// beside `target` and flushes it. On error the temp is removed.
pub fn stage(fs: &dyn Fs, target: &Path, bytes: &[u8]) -> Result<Staged, StoreError> {
    sweep_stale(fs, folder(target));
    let temp = temp_path(target, "tmp");
    if let Err(source) = fs.write_new_synced(&temp, bytes) {
        let _ = fs.remove_file(&temp);
        return Err(StoreError::Io {
            path: temp,
            doing: Doing::WriteTemp,
            source,
        });
    }
    Ok(Staged {
        temp,
        target: target.to_path_buf(),
    })
}

/// How many names [`write_new_unique`] tries before giving up.
const NEW_NAME_ATTEMPTS: u32 = 1000;

/// Writes `bytes` to a file that did not exist before, never replacing one that does: the
/// temp is written and flushed, then given the first free name of `name(0)`, `name(1)`, …
/// with a hard link (which fails rather than replace), and the temp is removed. Where hard
/// links are not supported the file is created with `create_new` directly. Returns the
/// name it got. On error no file of those names was made or changed and no temp is left.
pub fn write_new_unique(
    fs: &dyn Fs,
    bytes: &[u8],
    mut name: impl FnMut(u32) -> PathBuf,
) -> Result<PathBuf, StoreError> {
    let first = absolute(&name(0));
    let staged = stage(fs, &first, bytes)?;
    let mut last_error = None;
    for n in 0..NEW_NAME_ATTEMPTS {
        let target = if n == 0 {
            first.clone()
        } else {
            absolute(&name(n))
        };
        let made = match fs.hard_link(&staged.temp, &target) {
            // A link that failed for another reason onto a name that is taken: the name is
            // taken all the same (no hard links here, and a file has it), try the next.
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists && fs.metadata(&target).is_ok() => {
                Err(io::ErrorKind::AlreadyExists.into())
            }
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                // No hard links here (FAT, some shares): create the name itself, never
                // replacing one.
                fs.write_new_synced(&target, bytes).inspect_err(|e| {
                    if e.kind() != io::ErrorKind::AlreadyExists {
                        let _ = fs.remove_file(&target);
                    }
                })
            }
            other => other,
        };
        match made {
            Ok(()) => {
                staged.discard(fs);
                let dir = folder(&target);
                fs.sync_dir(dir).map_err(|source| StoreError::Io {
                    path: dir.to_path_buf(),
                    doing: Doing::SyncFolder,
                    source,
                })?;
                return Ok(target);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some((target, e)),
            Err(source) => {
                staged.discard(fs);
                return Err(StoreError::Io {
                    path: target,
                    doing: Doing::Replace,
                    source,
                });
            }
        }
    }
    staged.discard(fs);
    let (path, source) = last_error.unwrap_or_else(|| (first, io::ErrorKind::AlreadyExists.into()));
    Err(StoreError::Io {
        path,
        doing: Doing::Replace,
        source,
    })
}

impl Staged {
    /// The file this will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames the temp over the target and flushes the folder. If the rename fails the
    /// target is unchanged and the temp is removed.
    pub fn commit(self, fs: &dyn Fs) -> Result<(), StoreError> {
        if let Err(source) = fs.rename(&self.temp, &self.target) {
            let _ = fs.remove_file(&self.temp);
            return Err(StoreError::Io {
                path: self.target,
                doing: Doing::Replace,
                source,
            });
        }
        let dir = folder(&self.target);
        fs.sync_dir(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            doing: Doing::SyncFolder,
            source,
        })
    }

    /// Removes the temp; the target is untouched.
    pub fn discard(self, fs: &dyn Fs) {
        let _ = fs.remove_file(&self.temp);
    }
}

/// Removes the `*.bangfu-tmp` files in `dir` whose writer is gone (see the module docs).
/// Errors are ignored: a temp that cannot be removed now is tried again on the next write.
pub fn sweep_stale(fs: &dyn Fs, dir: &Path) {
    let now = SystemTime::now();
    for file in fs.list_dir(dir).unwrap_or_default() {
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(pid) = temp_pid(name) else {
            continue;
        };
        let old = fs
            .metadata(&file)
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old || !process_alive(pid) {
            let _ = fs.remove_file(&file);
        }
    }
}

/// The writer's process id in a temp file's name `.NAME.tmp-PID-N.bangfu-tmp`.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let mut parts = rest.rsplitn(3, '-');
    let _n: u64 = parts.next()?.parse().ok()?;
    let pid = parts.next()?.parse().ok()?;
    let head = parts.next()?;
    (head.ends_with(".tmp") || head.ends_with(".old")).then_some(pid)
}

/// False only when the process is known to be gone. Linux asks `/proc`; elsewhere every
/// process counts as alive and age alone makes a temp stale.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Bytes a temp name needs besides the target's name: `.` + `.KIND-` + a pid + `-` + a
/// counter + [`TEMP_SUFFIX`], with room to spare.
const TEMP_NAME_RESERVE: usize = 64;

/// The start of every temp name of `kind` beside `target`: `.NAME.KIND-` (`NAME` shortened
/// when a long name would not leave room, see [`super::names`]).
pub fn temp_prefix(target: &Path, kind: &str) -> String {
    let name = names::shorten(target.file_name().unwrap_or_default(), TEMP_NAME_RESERVE);
    format!(".{}.{kind}-", name.to_string_lossy())
}

/// A new temp name beside `target`: `.NAME.KIND-PID-N.bangfu-tmp`.
fn temp_path(target: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let prefix = temp_prefix(target, kind);
    target.with_file_name(format!("{prefix}{}-{n}{TEMP_SUFFIX}", std::process::id()))
}

fn folder(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fs::{FaultyFs, RealFs};

    #[test]
    fn temp_names_carry_the_pid_and_are_recognised() {
        let t = temp_path(Path::new("/x/报告.pdf"), "tmp");
        let name = t.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(name.starts_with(".报告.pdf.tmp-"), "{name}");
        assert_eq!(temp_pid(name), Some(std::process::id()));
        assert_eq!(temp_pid(".a.csv.old-12-3.bangfu-tmp"), Some(12));
        assert_eq!(temp_pid("a.csv"), None);
        assert_eq!(temp_pid(".a.csv.tmp-x-3.bangfu-tmp"), None);
        assert_eq!(temp_pid(".a.csv.zzz-12-3.bangfu-tmp"), None);
    }

    #[test]
    fn a_fault_at_any_step_of_a_pair_keeps_both_old_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.pdf");
        let b = dir.path().join("b.xlsx");
        let fresh = dir.path().join("c.csv"); // does not exist before
        let count = FaultyFs::new(usize::MAX, 0);
        let reset = || {
            std::fs::write(&a, b"old a").expect("a");
            std::fs::write(&b, b"old b").expect("b");
            let _ = std::fs::remove_file(&fresh);
        };
        reset();
        let files: [(&Path, &[u8]); 3] = [(&a, b"new a"), (&b, b"new b"), (&fresh, b"new c")];
        write_files(&count, &files).expect("counting run");
        let ops = count.operations();
        assert!(
            ops >= 8,
            "3 writes, 2 links, 3 renames, a folder flush: {ops}"
        );
        for errno in [28, 5] {
            for k in 1..=ops {
                reset();
                let fs = FaultyFs::new(k, errno);
                let result = write_files(&fs, &files);
                let now_a = std::fs::read(&a).expect("a");
                let now_b = std::fs::read(&b).expect("b");
                let now_c = std::fs::read(&fresh).ok();
                let sync_failed = matches!(
                    &result,
                    Err(StoreError::Io {
                        doing: Doing::SyncFolder,
                        ..
                    })
                );
                if result.is_ok() || sync_failed {
                    assert_eq!(now_a, b"new a", "op {k}");
                    assert_eq!(now_b, b"new b", "op {k}");
                    assert_eq!(now_c.as_deref(), Some(&b"new c"[..]), "op {k}");
                } else {
                    assert_eq!(now_a, b"old a", "errno {errno}, op {k}: a was replaced");
                    assert_eq!(now_b, b"old b", "errno {errno}, op {k}: b was replaced");
                    assert_eq!(now_c, None, "errno {errno}, op {k}: c was created");
                }
                let temps: Vec<PathBuf> = std::fs::read_dir(dir.path())
                    .expect("dir")
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().ends_with(TEMP_SUFFIX))
                    .collect();
                // Only removing a kept old copy after success may fail and leave it behind
                // (the next write sweeps it once this process is gone).
                let allowed = usize::from(result.is_ok() || sync_failed);
                assert!(
                    temps.len() <= allowed,
                    "errno {errno}, op {k}: temps left behind: {temps:?}"
                );
                temps.iter().for_each(|p| {
                    let _ = std::fs::remove_file(p);
                });
            }
        }
    }

    #[test]
    fn a_new_unique_file_never_replaces_one_that_exists() {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = |n: u32| dir.path().join(format!("copy-{n}.ron"));
        std::fs::write(name(0), b"first").expect("write");
        std::fs::write(name(1), b"second").expect("write");
        let got = write_new_unique(&RealFs, b"third", name).expect("write");
        assert_eq!(got, name(2));
        assert_eq!(std::fs::read(name(0)).expect("0"), b"first");
        assert_eq!(std::fs::read(name(1)).expect("1"), b"second");
        assert_eq!(std::fs::read(name(2)).expect("2"), b"third");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(TEMP_SUFFIX))
            .collect();
        assert!(left.is_empty(), "temp left: {left:?}");
    }

    #[test]
    fn a_dead_writers_temp_is_swept_and_a_live_ones_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        // No Linux system hands out pid 4,294,967,294 (pid_max is at most 2^22).
        let dead = dir.path().join(".out.csv.tmp-4294967294-0.bangfu-tmp");
        let mine = dir.path().join(format!(
            ".out.csv.tmp-{}-999999.bangfu-tmp",
            std::process::id()
        ));
        let other = dir.path().join("notes.tmp");
        for p in [&dead, &mine, &other] {
            std::fs::write(p, b"half").expect("write");
        }
        write_file(&RealFs, &dir.path().join("out.csv"), b"a,b\n").expect("write");
        assert!(
            !dead.exists() || !cfg!(target_os = "linux"),
            "dead temp kept"
        );
        assert!(mine.exists(), "a live writer's temp was removed");
        assert!(other.exists(), "a file that is not ours was removed");
        assert_eq!(
            std::fs::read(dir.path().join("out.csv")).expect("out"),
            b"a,b\n"
        );
    }
}
