//! One writer per ledger: an OS lock on `NAME.ron.lock`, held for the whole session, with
//! who holds it written inside. The OS releases it when the holder dies, however it dies.
//!
//! On Windows the lock is mandatory: while it is held nobody else can read `NAME.ron.lock`,
//! so the holder also writes the same lines to `NAME.ron.lock.info`, which is never locked.
//! A refused opener reads the lock file first (Unix) and the info file when that gives
//! nothing (Windows). The info file is read only after `try_lock` said "would block"; each
//! holder writes it right after taking the lock and deletes it on drop (one left by a crashed
//! holder is overwritten by the next).

use super::names;
use chrono::Local;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Who holds a ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockHolder {
    /// User name.
    pub user: String,
    /// Computer name.
    pub host: String,
    /// Process id.
    pub pid: u32,
    /// When they opened it (`2026-11-28 14:03`).
    pub since: String,
}

impl LockHolder {
    fn me() -> LockHolder {
        LockHolder {
            user: user_name(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            pid: std::process::id(),
            since: Local::now().format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "user={}\nhost={}\npid={}\nsince={}\n",
            self.user, self.host, self.pid, self.since
        )
    }

    fn from_text(text: &str) -> LockHolder {
        let get = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .unwrap_or_default()
                .to_string()
        };
        LockHolder {
            user: get("user"),
            host: get("host"),
            pid: get("pid").parse().unwrap_or(0),
            since: get("since"),
        }
    }
}

/// Who runs this process: `USER`, `USERNAME` or `LOGNAME`, else the OS account's name;
/// empty when nothing tells (shown as "未知用户").
pub(crate) fn user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .or_else(os_user_name)
        .unwrap_or_default()
}

/// The account name of this process's user from `/etc/passwd` (Linux: the uid is the
/// owner of `/proc/self`).
#[cfg(target_os = "linux")]
fn os_user_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(not(target_os = "linux"))]
fn os_user_name() -> Option<String> {
    None
}

/// The lock file's path for a ledger: `NAME.ron.lock` beside it.
/// A ledger whose name is too long for that is given a shortened one (see
/// [`super::names`]).
pub fn lock_path(ledger: &Path) -> PathBuf {
    ledger.with_file_name(names::with_suffix(
        ledger.file_name().unwrap_or_default(),
        ".lock",
    ))
}

/// The holder-info file's path: `NAME.ron.lock.info` beside the ledger. It repeats what the
/// lock file says, readable even where the OS lock blocks reading the lock file (Windows).
pub fn info_path(ledger: &Path) -> PathBuf {
    ledger.with_file_name(names::with_suffix(
        ledger.file_name().unwrap_or_default(),
        ".lock.info",
    ))
}

/// Who holds the lock, as far as the files tell: the lock file's lines if they can be read
/// and name a process, else the info file's, else `?` everywhere.
fn read_holder(lock_file: &mut File, info: &Path) -> LockHolder {
    let mut text = String::new();
    if lock_file.read_to_string(&mut text).is_ok() {
        let holder = LockHolder::from_text(&text);
        if holder.pid != 0 {
            return holder;
        }
    }
    LockHolder::from_text(&fs::read_to_string(info).unwrap_or_default())
}

/// A held lock; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct LedgerLock {
    file: File,
    path: PathBuf,
    info: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it.
    Held(LockHolder),
    /// The lock file could not be opened (read-only folder …).
    Io(io::Error),
}

impl LedgerLock {
    /// Takes the lock for a ledger file, or says who has it.
    pub fn acquire(ledger: &Path) -> Result<LedgerLock, LockError> {
        let path = lock_path(ledger);
        let info = info_path(ledger);
        let mut attempt = 0;
        let mut file = loop {
            attempt += 1;
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(LockError::Io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Held(read_holder(&mut file, &info)));
                }
                Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
            }
            // A holder whose create failed removes its lock file (see `remove`): a lock
            // taken on the removed file locks nothing, so take the one the name now has.
            if attempt >= 10 || still_named(&file, &path) {
                break file;
            }
        };
        let me = LockHolder::me();
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(me.to_text().as_bytes()))
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            // A full disk: no lock file is left behind (it is removed while still locked,
            // as in `remove`), and the caller says why.
            let _ = fs::remove_file(&path);
            return Err(LockError::Io(e));
        }
        // Best effort: without it a Windows opener shows the holder as "?", nothing worse.
        let _ = fs::write(&info, me.to_text());
        Ok(LedgerLock { file, path, info })
    }

    /// Where the lock file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Releases the lock and removes the lock file, for a ledger that was never created.
    /// The file goes while still locked; an opener that locks it after that finds it no
    /// longer named and takes the new one (see `acquire`).
    pub fn remove(self) {
        let _ = fs::remove_file(&self.path);
        drop(self);
    }
}

/// True when `path` still names the open `file` (not removed or replaced since it was
/// opened). Where this cannot be told, true.
fn still_named(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // On Windows a removed file that is still open stays "delete pending" and cannot
        // be opened again until its last handle closes, so no second lock on a new file.
        let _ = (file, path);
        true
    }
}

impl Drop for LedgerLock {
    fn drop(&mut self) {
        // The info file goes first, while the lock still keeps the next holder from writing
        // theirs. The lock file is emptied so no stale holder is shown; it stays (deleting it
        // would let two processes lock two different files of the same name).
        let _ = fs::remove_file(&self.info);
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
