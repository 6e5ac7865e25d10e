//! The evidence store: attached files kept beside the ledger in `NAME.files/`, one file per
//! content (named by its SHA-256), never modified and never deleted.
//!
//! `台账.ron` keeps its files in `台账.files/ab/abcdef…` (`ab` = the hash's first two hex
//! digits, so no folder grows past a few thousand files). A file comes in through a temp
//! file in `NAME.files/` that is hashed while it is written, flushed, then renamed to its
//! hash: a kill or a full disk leaves at most a temp that the next write sweeps away
//! (see [`super::atomic`]), never a half file under a hash name. The same bytes attached
//! twice are stored once. Detach, undo and restore only change links in the ledger, so
//! backups and history need no copy of these files.

use super::atomic;
use super::fs::{Fs, Special, open_nonblocking};
use super::names;
use crate::i18n::{Lang, evidence as words};
use crate::ledger::{Attachment, Owner};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Largest file accepted (50 MB).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Bytes looked at to tell a file's type.
const SNIFF_BYTES: usize = 64 * 1024;

/// The type of files whose bytes say nothing known.
pub const UNKNOWN_MIME: &str = "application/octet-stream";

/// `NAME.files/` beside the ledger (`台账.ron` → `台账.files`; shortened like the other
/// side files when too long).
pub fn files_dir(ledger: &Path) -> PathBuf {
    let name = ledger.file_name().unwrap_or_default();
    let text = name.to_string_lossy();
    let base = match text.len().checked_sub(4) {
        Some(cut) if text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(".ron") => {
            std::ffi::OsString::from(&text[..cut])
        }
        _ => name.to_os_string(),
    };
    ledger.with_file_name(names::with_suffix(&base, ".files"))
}

/// Where the file with this hash lives: `NAME.files/ab/<hash>` (ab = first two hex digits).
/// A hash that is not 64 lowercase hex digits (a hand-edited file) names no stored file,
/// never a path outside the folder.
pub fn stored_path(ledger: &Path, hash: &str) -> PathBuf {
    if !Attachment::hash_is_valid(hash) {
        return files_dir(ledger).join("00").join("not-a-sha256");
    }
    files_dir(ledger).join(&hash[..2]).join(hash)
}

/// A file in the store, ready to be linked to a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// SHA-256, 64 lowercase hex digits.
    pub hash: String,
    /// The name the user had for it.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// Sniffed from the bytes (see [`sniff_mime`]).
    pub mime: String,
}

impl StoredFile {
    /// The link to attach it to `owner`, added now by this user on this computer.
    pub fn attachment(self, owner: Owner) -> Attachment {
        Attachment {
            owner,
            hash: self.hash,
            name: self.name,
            size: self.size,
            mime: self.mime,
            added_by: super::journal::saved_by(),
            added_at: chrono::Local::now().fixed_offset(),
        }
    }
}

/// Why a file could not be stored (or read back); nothing under a hash name was written.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::Zh))]
pub enum FilesError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooBig {
        /// The file as the user named it.
        path: PathBuf,
        /// Its size (at least this many bytes).
        size: u64,
    },
    /// Not a regular file (a folder, a FIFO, a device).
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is.
        what: Special,
    },
    /// The file to attach could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// Writing into `NAME.files/` failed (a full disk, no permission).
    Write {
        /// The file or folder written.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// A stored file's bytes do not have the hash it is stored under (damaged on disk).
    Damaged {
        /// The stored file.
        path: PathBuf,
        /// The original name it was attached as.
        name: String,
    },
}

impl FilesError {
    /// The error in the user's language, naming the file.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FilesError::TooBig { path, size } => {
                words::too_big(lang, &show(path), *size, MAX_FILE_BYTES)
            }
            FilesError::NotAFile { path, .. } => words::not_a_file(lang, &show(path)),
            FilesError::Read { path, source } => {
                words::cannot_read(lang, &show(path), &source.to_string())
            }
            FilesError::Write { path, source } => {
                if source.kind() == io::ErrorKind::StorageFull {
                    words::disk_full(lang, &show(path))
                } else {
                    words::cannot_write(lang, &show(path), &source.to_string())
                }
            }
            FilesError::Damaged { path, name } => words::damaged(lang, name, &show(path)),
        }
    }
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

/// The MIME type the first bytes of a file show (the `infer` crate's table: jpeg, png,
/// gif, webp, heif/heic, pdf, docx/xlsx/pptx, zip …), or [`UNKNOWN_MIME`].
pub fn sniff_mime(head: &[u8]) -> String {
    infer::get(head).map_or_else(|| UNKNOWN_MIME.to_string(), |t| t.mime_type().to_string())
}

/// Checks, before anything is written, that `source` can be attached: a regular file, not
/// over [`MAX_FILE_BYTES`]. Returns its size.
pub fn check_source(source: &Path) -> Result<u64, FilesError> {
    let m = std::fs::metadata(source).map_err(|e| FilesError::Read {
        path: source.to_path_buf(),
        source: e,
    })?;
    if let Some(what) = Special::of(m.file_type()) {
        return Err(FilesError::NotAFile {
            path: source.to_path_buf(),
            what,
        });
    }
    if m.len() > MAX_FILE_BYTES {
        return Err(FilesError::TooBig {
            path: source.to_path_buf(),
            size: m.len(),
        });
    }
    Ok(m.len())
}

/// Copies `source` in (hashing while copying; temp + fsync + rename; nothing done when the
/// hash is already there; refuses > [`MAX_FILE_BYTES`] before writing anything).
pub fn store_file(fs: &dyn Fs, ledger: &Path, source: &Path) -> Result<StoredFile, FilesError> {
    store_file_tracked(fs, ledger, source).map(|(f, _)| f)
}

/// [`store_file`], also saying whether the stored file is new (it was not there before), so
/// a command that fails later can take back exactly the files it brought in.
pub fn store_file_tracked(
    fs: &dyn Fs,
    ledger: &Path,
    source: &Path,
) -> Result<(StoredFile, bool), FilesError> {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.to_string_lossy().into_owned());
    let read_err = |source_err: io::Error| FilesError::Read {
        path: source.to_path_buf(),
        source: source_err,
    };
    let check = |m: &std::fs::Metadata| -> Result<(), FilesError> {
        if let Some(what) = Special::of(m.file_type()) {
            return Err(FilesError::NotAFile {
                path: source.to_path_buf(),
                what,
            });
        }
        if m.len() > MAX_FILE_BYTES {
            return Err(FilesError::TooBig {
                path: source.to_path_buf(),
                size: m.len(),
            });
        }
        Ok(())
    };
    check(&std::fs::metadata(source).map_err(read_err)?)?;
    let file = open_nonblocking(source).map_err(read_err)?;
    check(&file.metadata().map_err(read_err)?)?;
    // A file that grows past the limit while it is read is refused too.
    let mut reader = file.take(MAX_FILE_BYTES + 1);
    let mut head = Vec::new();
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(read_err)?;
    let incoming = Incoming::start(fs, ledger)?;
    let result = (|| {
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        incoming.write(&head)?;
        hasher.update(&head);
        size += head.len() as u64;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_err(e)),
            };
            size += n as u64;
            if size > MAX_FILE_BYTES {
                return Err(FilesError::TooBig {
                    path: source.to_path_buf(),
                    size,
                });
            }
            hasher.update(&buf[..n]);
            incoming.write(&buf[..n])?;
        }
        Ok((hex(&hasher.finalize()), size))
    })();
    let (hash, size) = match result {
        Ok(v) => v,
        Err(e) => {
            incoming.discard(fs);
            return Err(e);
        }
    };
    let created = incoming.finish(fs, ledger, &hash, size)?;
    Ok((
        StoredFile {
            hash,
            name,
            size,
            mime: sniff_mime(&head),
        },
        created,
    ))
}

/// Removes stored files that a failed command brought in a moment ago and that no record
/// links to (the ledger's lock is held, so no one else linked them meanwhile). Errors are
/// ignored: an unlinked stored file is harmless.
pub fn take_back(fs: &dyn Fs, ledger: &Path, hashes: &[String]) {
    for h in hashes {
        let _ = fs.remove_file(&stored_path(ledger, h));
    }
}

/// The same for bytes in memory (a pasted image), with the name to show.
pub fn store_bytes(
    fs: &dyn Fs,
    ledger: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<StoredFile, FilesError> {
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(FilesError::TooBig {
            path: PathBuf::from(name),
            size,
        });
    }
    let hash = hex(&Sha256::digest(bytes));
    let stored = StoredFile {
        hash: hash.clone(),
        name: name.to_string(),
        size,
        mime: sniff_mime(&bytes[..bytes.len().min(SNIFF_BYTES)]),
    };
    let target = stored_path(ledger, &hash);
    if has_size(fs, &target, size) {
        return Ok(stored);
    }
    let dir = files_dir(ledger);
    create_dir(fs, &dir)?;
    atomic::sweep_stale(fs, &dir);
    let temp = temp_in(&dir);
    fs.write_new_synced(&temp, bytes).map_err(|source| {
        let _ = fs.remove_file(&temp);
        FilesError::Write {
            path: temp.clone(),
            source,
        }
    })?;
    put_in_place(fs, &temp, &target)?;
    Ok(stored)
}

/// Is the stored file there with the right size? (for `check` and the app's "missing" mark)
pub fn is_present(fs: &dyn Fs, ledger: &Path, a: &Attachment) -> bool {
    has_size(fs, &stored_path(ledger, &a.hash), a.size)
}

/// Opens a stored file for reading (a regular file only, never waiting on a FIFO).
pub fn open_stored(ledger: &Path, a: &Attachment) -> Result<File, FilesError> {
    let path = stored_path(ledger, &a.hash);
    let file = open_nonblocking(&path).map_err(|source| FilesError::Read {
        path: path.clone(),
        source,
    })?;
    let m = file.metadata().map_err(|source| FilesError::Read {
        path: path.clone(),
        source,
    })?;
    if let Some(what) = Special::of(m.file_type()) {
        return Err(FilesError::NotAFile { path, what });
    }
    Ok(file)
}

/// Copies the stored files of `attachments` from another ledger's store into this one's
/// (a merge), checking each file's bytes against its hash. Files already here are left.
pub fn copy_from(
    fs: &dyn Fs,
    other_ledger: &Path,
    ledger: &Path,
    attachments: &[Attachment],
) -> Result<(), FilesError> {
    for a in attachments {
        if is_present(fs, ledger, a) {
            continue;
        }
        let from = stored_path(other_ledger, &a.hash);
        let stored = store_file(fs, ledger, &from)?;
        if stored.hash != a.hash {
            return Err(FilesError::Damaged {
                path: from,
                name: a.name.clone(),
            });
        }
    }
    Ok(())
}

fn has_size(fs: &dyn Fs, path: &Path, size: u64) -> bool {
    fs.metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == size)
}

fn create_dir(fs: &dyn Fs, dir: &Path) -> Result<(), FilesError> {
    fs.create_dir_all(dir).map_err(|source| FilesError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// A temp name in `dir` that [`atomic::sweep_stale`] recognises.
fn temp_in(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let prefix = atomic::temp_prefix(&dir.join("incoming"), "tmp");
    dir.join(format!(
        "{prefix}{}-{n}{}",
        std::process::id(),
        atomic::TEMP_SUFFIX
    ))
}

/// Renames a flushed temp to its hash name (replacing a damaged file of that name) and
/// flushes the folder; on error the temp is removed.
fn put_in_place(fs: &dyn Fs, temp: &Path, target: &Path) -> Result<(), FilesError> {
    let fail = |path: &Path, source: io::Error| {
        let _ = fs.remove_file(temp);
        FilesError::Write {
            path: path.to_path_buf(),
            source,
        }
    };
    let shard = target.parent().unwrap_or(Path::new("."));
    fs.create_dir_all(shard).map_err(|e| fail(shard, e))?;
    fs.rename(temp, target).map_err(|e| fail(target, e))?;
    fs.sync_dir(shard).map_err(|source| FilesError::Write {
        path: shard.to_path_buf(),
        source,
    })
}

/// A file being copied in: its temp, written as it is read.
struct Incoming {
    temp: PathBuf,
    file: File,
}

impl Incoming {
    fn start(fs: &dyn Fs, ledger: &Path) -> Result<Incoming, FilesError> {
        let dir = files_dir(ledger);
        create_dir(fs, &dir)?;
        atomic::sweep_stale(fs, &dir);
        let temp = temp_in(&dir);
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|source| FilesError::Write {
                path: temp.clone(),
                source,
            })?;
        Ok(Incoming { temp, file })
    }

    fn write(&self, bytes: &[u8]) -> Result<(), FilesError> {
        (&self.file)
            .write_all(bytes)
            .map_err(|source| FilesError::Write {
                path: self.temp.clone(),
                source,
            })
    }

    fn discard(self, fs: &dyn Fs) {
        drop(self.file);
        let _ = fs.remove_file(&self.temp);
    }

    /// Flushes the temp and gives it its hash name, unless that file is already there.
    /// True when the file is new.
    fn finish(self, fs: &dyn Fs, ledger: &Path, hash: &str, size: u64) -> Result<bool, FilesError> {
        let target = stored_path(ledger, hash);
        if has_size(fs, &target, size) {
            self.discard(fs);
            return Ok(false);
        }
        if let Err(source) = self.file.sync_all() {
            let path = self.temp.clone();
            self.discard(fs);
            return Err(FilesError::Write { path, source });
        }
        drop(self.file);
        put_in_place(fs, &self.temp, &target).map(|()| true)
    }
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fs::RealFs;

    #[test]
    fn files_dir_beside_the_ledger() {
        assert_eq!(
            files_dir(Path::new("/d/台账.ron")),
            PathBuf::from("/d/台账.files")
        );
        assert_eq!(
            files_dir(Path::new("/d/x.RON")),
            PathBuf::from("/d/x.files")
        );
        assert_eq!(
            files_dir(Path::new("/d/x.files")),
            PathBuf::from("/d/x.files.files")
        );
        let h = "ab".to_string() + &"0".repeat(62);
        assert_eq!(
            stored_path(Path::new("/d/a.ron"), &h),
            PathBuf::from(format!("/d/a.files/ab/{h}"))
        );
        // A hand-edited hash never leads out of the folder.
        for bad in ["../../etc/passwd", "AB", &h.to_uppercase(), &h[1..]] {
            assert_eq!(
                stored_path(Path::new("/d/a.ron"), bad),
                PathBuf::from("/d/a.files/00/not-a-sha256"),
                "{bad}"
            );
        }
    }

    #[test]
    fn stores_once_by_content_and_sniffs_the_type() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("台账.ron");
        let png = [
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
        ];
        let src = dir.path().join("照片 1.png");
        std::fs::write(&src, png).unwrap();
        let a = store_file(&RealFs, &ledger, &src).unwrap();
        // sha256 of those 16 bytes, worked out with `sha256sum`.
        let expected = "02a3e298f1533f62558c58e4c70edcab9af5a50d62d925fd5390942020fb0fb8";
        assert_eq!(a.hash, expected);
        assert_eq!(a.name, "照片 1.png");
        assert_eq!(a.size, 16);
        assert_eq!(a.mime, "image/png");
        assert_eq!(std::fs::read(stored_path(&ledger, &a.hash)).unwrap(), png);
        let b = store_bytes(&RealFs, &ledger, "粘贴.png", &png).unwrap();
        assert_eq!(b.hash, a.hash);
        let text = store_bytes(&RealFs, &ledger, "a.txt", b"hello").unwrap();
        assert_eq!(text.mime, UNKNOWN_MIME);
        assert_eq!(
            text.hash,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        // Two stored files, no temp left.
        let mut all: Vec<PathBuf> = walk(&files_dir(&ledger));
        all.sort();
        assert_eq!(all.len(), 2, "{all:?}");
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
