//! One writer per ledger: an OS lock on `NAME.ron.lock`, held for the whole session, with
//! who holds it written inside. The OS releases it when the holder dies, however it dies.

use chrono::Local;
use std::fs::{File, OpenOptions, TryLockError};
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
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "?".into()),
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
                .unwrap_or("?")
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

/// The lock file's path for a ledger: `NAME.ron.lock` beside it.
pub fn lock_path(ledger: &Path) -> PathBuf {
    let mut name = ledger.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    ledger.with_file_name(name)
}

/// A held lock; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct LedgerLock {
    file: File,
    path: PathBuf,
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
                let mut text = String::new();
                // On Windows the holder's lock makes the content unreadable: say so.
                let holder = match file.read_to_string(&mut text) {
                    Ok(_) => LockHolder::from_text(&text),
                    Err(_) => LockHolder::from_text(""),
                };
                return Err(LockError::Held(holder));
            }
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        let me = LockHolder::me();
        file.set_len(0).map_err(LockError::Io)?;
        file.seek(SeekFrom::Start(0)).map_err(LockError::Io)?;
        file.write_all(me.to_text().as_bytes())
            .map_err(LockError::Io)?;
        file.sync_all().map_err(LockError::Io)?;
        Ok(LedgerLock { file, path })
    }

    /// Where the lock file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for LedgerLock {
    fn drop(&mut self) {
        // Empty the file so no stale holder is shown; the file itself stays (deleting it
        // would let two processes lock two different files of the same name).
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
