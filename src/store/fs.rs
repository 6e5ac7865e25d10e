//! The filesystem seam: every write the store makes goes through [`Fs`], so tests can
//! fail the k-th operation (ENOSPC, EIO) and check that nothing is lost.

use std::fmt::Debug;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The file operations the store needs. One method = one operation that can fail.
pub trait Fs: Send + Sync + Debug {
    /// Reads a whole regular file (see [`read_regular`]).
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Opens a regular file to read in blocks, bounded as [`Fs::read`] is: the reader and
    /// the file's size. By default the file is read whole first.
    fn open_read(&self, path: &Path) -> io::Result<(Box<dyn Read + Send>, u64)> {
        let bytes = self.read(path)?;
        let len = bytes.len() as u64;
        Ok((Box::new(io::Cursor::new(bytes)), len))
    }
    /// Creates `path` (which must not exist), writes `bytes` and flushes them to disk.
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Atomically replaces `to` with `from`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Flushes a folder's entries to disk (so a rename survives a power cut).
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Makes `link` a second name of `original` (a free backup of an unchanged file).
    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()>;
    /// Copies a file.
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Deletes a file.
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Creates a folder and its parents.
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Size and modification time.
    fn metadata(&self, path: &Path) -> io::Result<fs::Metadata>;
    /// The files in a folder.
    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>>;
    /// Appends `bytes` to `path` (created if missing) and flushes them to disk: a journal
    /// line's save.
    fn append_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f = OpenOptions::new().create(true).append(true).open(path)?;
        f.write_all(bytes)?;
        f.sync_data()
    }
    /// Cuts `path` to its first `len` bytes and flushes (a torn journal tail, a journal
    /// moved to the history).
    fn truncate(&self, path: &Path, len: u64) -> io::Result<()> {
        let f = OpenOptions::new().write(true).open(path)?;
        f.set_len(len)?;
        f.sync_all()
    }
}

/// The largest file read as a ledger (2 GiB, about six times a million-entry ledger). A
/// read never takes more than this, whatever the file claims.
pub const MAX_READ_BYTES: u64 = 2 << 30;

/// What a path that is not a regular file is instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    /// A named pipe (FIFO): reading would wait for a writer forever.
    Fifo,
    /// A character or block device (`/dev/zero`): reading may never end.
    Device,
    /// A folder.
    Folder,
    /// A socket.
    Socket,
    /// Anything else that is not a regular file.
    Other,
}

impl Special {
    /// What `file_type` is, or `None` for a regular file.
    pub fn of(file_type: fs::FileType) -> Option<Special> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(Special::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return Some(Special::Device);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
        }
        Some(Special::Other)
    }
}

/// Why [`Fs::read`] refused a path; carried inside the `io::Error` it returns (see
/// [`Refused::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not a regular file.
    #[error("not a regular file ({0:?})")]
    Special(Special),
    /// Larger than [`MAX_READ_BYTES`].
    #[error("larger than {0} bytes")]
    TooLarge(u64),
}

impl Refused {
    /// The refusal inside an error from [`Fs::read`], if that is what it is.
    pub fn of(e: &io::Error) -> Option<Refused> {
        e.get_ref()?.downcast_ref::<Refused>().copied()
    }

    fn into_io(self) -> io::Error {
        let kind = match self {
            Refused::Special(_) => io::ErrorKind::InvalidInput,
            Refused::TooLarge(_) => io::ErrorKind::FileTooLarge,
        };
        io::Error::new(kind, self)
    }
}

/// Reads a whole regular file, at most [`MAX_READ_BYTES`]. Anything else (a FIFO, a device,
/// a folder) is refused before it is opened, so a read never waits on a pipe or runs on
/// without end; the open handle is checked again in case the path changed in between.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let (mut reader, len) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    reader.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens a regular file to read, checked as [`read_regular`] checks it: the reader (which
/// fails once more than [`MAX_READ_BYTES`] come, whatever the file claimed) and the size.
pub fn open_regular(path: &Path) -> io::Result<(Bounded, u64)> {
    let refuse = |m: &fs::Metadata| match Special::of(m.file_type()) {
        Some(special) => Err(Refused::Special(special).into_io()),
        None if m.len() > MAX_READ_BYTES => Err(Refused::TooLarge(MAX_READ_BYTES).into_io()),
        None => Ok(m.len()),
    };
    refuse(&fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    let len = refuse(&file.metadata()?)?;
    Ok((
        Bounded {
            file: file.take(MAX_READ_BYTES + 1),
        },
        len,
    ))
}

/// A file read no further than [`MAX_READ_BYTES`]: one byte more is an error.
#[derive(Debug)]
pub struct Bounded {
    file: io::Take<File>,
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        if self.file.limit() == 0 {
            return Err(Refused::TooLarge(MAX_READ_BYTES).into_io());
        }
        Ok(n)
    }
}

/// Opens `path` for reading without waiting: on Unix with `O_NONBLOCK`, so a FIFO put in
/// its place after the check (or any special file) opens at once and is refused by the
/// check of the open handle that follows, instead of waiting for a writer. On a regular
/// file the flag changes nothing.
pub fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// The real filesystem.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealFs;

impl Fs for RealFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_regular(path)
    }

    fn open_read(&self, path: &Path) -> io::Result<(Box<dyn Read + Send>, u64)> {
        let (reader, len) = open_regular(path)?;
        Ok((Box::new(reader), len))
    }

    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        retry_while_busy(|| fs::rename(from, to))
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            File::open(dir)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            // Windows has no folder fsync; NTFS journals the rename itself.
            let _ = dir;
            Ok(())
        }
    }

    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        fs::hard_link(original, link)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::copy(from, to)?;
        File::open(to)?.sync_all()
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        retry_while_busy(|| fs::remove_file(path))
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<fs::Metadata> {
        fs::metadata(path)
    }

    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect()
    }
}

/// On Windows an antivirus or a viewer that holds the file open makes a rename fail with
/// "access denied" / "sharing violation" for a moment: try again a few times, then report.
/// Never falls back to delete-then-copy.
fn retry_while_busy(mut op: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    const ATTEMPTS: u32 = if cfg!(windows) { 10 } else { 1 };
    let mut attempt = 1;
    loop {
        match op() {
            Err(e) if attempt < ATTEMPTS && is_transient(&e) => {
                std::thread::sleep(std::time::Duration::from_millis(50 * u64::from(attempt)));
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn is_transient(e: &io::Error) -> bool {
    // 5 = ERROR_ACCESS_DENIED, 32 = ERROR_SHARING_VIOLATION, 33 = ERROR_LOCK_VIOLATION.
    e.kind() == io::ErrorKind::PermissionDenied || matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// A filesystem that fails its `fail_at`-th write operation (1-based) with a chosen error;
/// reads never fail. For fault-injection tests.
#[derive(Debug)]
pub struct FaultyFs {
    inner: RealFs,
    count: AtomicUsize,
    fail_at: usize,
    kind: io::ErrorKind,
    raw: Option<i32>,
}

impl FaultyFs {
    /// Fails the `fail_at`-th operation with an OS error code (e.g. `libc::ENOSPC` = 28, EIO = 5).
    pub fn new(fail_at: usize, raw_os_error: i32) -> FaultyFs {
        FaultyFs {
            inner: RealFs,
            count: AtomicUsize::new(0),
            fail_at,
            kind: io::ErrorKind::Other,
            raw: Some(raw_os_error),
        }
    }

    /// How many write operations were attempted.
    pub fn operations(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    fn step(&self) -> io::Result<()> {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at {
            Err(match self.raw {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::from(self.kind),
            })
        } else {
            Ok(())
        }
    }
}

impl Fs for FaultyFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.inner.read(path)
    }

    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Err(e) = self.step() {
            // A full disk fails part-way: leave half a file behind, as the OS would.
            let _ = fs::write(path, &bytes[..bytes.len() / 2]);
            return Err(e);
        }
        self.inner.write_new_synced(path, bytes)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step()?;
        self.inner.rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.step()?;
        self.inner.sync_dir(dir)
    }

    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        self.step()?;
        self.inner.hard_link(original, link)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step()?;
        self.inner.copy(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.step()?;
        self.inner.remove_file(path)
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        self.step()?;
        self.inner.create_dir_all(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<fs::Metadata> {
        self.inner.metadata(path)
    }

    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        self.inner.list_dir(path)
    }

    fn append_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Err(e) = self.step() {
            // Half the line lands, as on a disk that fills up part-way.
            let _ = self.inner.append_synced(path, &bytes[..bytes.len() / 2]);
            return Err(e);
        }
        self.inner.append_synced(path, bytes)
    }

    fn truncate(&self, path: &Path, len: u64) -> io::Result<()> {
        self.step()?;
        self.inner.truncate(path, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The open itself never waits on a FIFO, even when the path was a regular file at the
    /// check before it (the race: the check passes, then a FIFO takes the name).
    #[cfg(unix)]
    #[test]
    fn a_fifo_that_takes_the_name_after_the_check_is_refused_without_waiting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("swap.ron");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let opened = open_nonblocking(&path).and_then(|f| f.metadata());
            let _ = tx.send(opened.map(|m| Special::of(m.file_type())));
        });
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("the open waited for a writer");
        assert_eq!(got.expect("opened"), Some(Special::Fifo));
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.ron");
        // Sparse: takes no disk space, but claims more than the limit.
        File::create(&big)
            .and_then(|f| f.set_len(MAX_READ_BYTES + 1))
            .expect("sparse file");
        let e = RealFs.read(&big).expect_err("refused");
        assert_eq!(Refused::of(&e), Some(Refused::TooLarge(MAX_READ_BYTES)));
        let small = dir.path().join("small.ron");
        fs::write(&small, b"(x)").expect("write");
        assert_eq!(RealFs.read(&small).expect("read"), b"(x)");
        let e = RealFs.read(dir.path()).expect_err("a folder is refused");
        assert_eq!(Refused::of(&e), Some(Refused::Special(Special::Folder)));
    }
}
