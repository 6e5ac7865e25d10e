//! Gzip for the files kept only for the record: backups (`….ron.gz`) and history segments
//! (`FIRST-LAST.journal.gz`). A packed file is never changed after it is written; readers
//! take packed and plain files alike (see [`unpack`]).

use super::fs::MAX_READ_BYTES;
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use std::io::{self, Read, Write};

/// The two bytes every gzip stream starts with. No ledger (RON text) or journal (JSON
/// lines) starts with them: they are not printable.
const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The ending of a packed file's name.
pub const GZ: &str = ".gz";

/// True when `bytes` are a gzip stream.
pub fn is_packed(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// How hard to pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// Small files (history segments): the smallest result.
    Smallest,
    /// Whole ledgers (backups, tens or hundreds of MB): gzip's fastest level, about six
    /// times faster than the default for an eighth of the size instead of a twelfth.
    Fast,
}

/// How much of a file one gzip member holds: a ledger is packed in members of this size
/// on all cores at once. A gzip file may hold members one after another; gzip and every
/// reader here read them as one stream.
const MEMBER: usize = 4 << 20;

/// `bytes` packed with gzip, checked by unpacking them again: what comes back is what went
/// in, or the packing is refused (an error, never a wrong file).
pub fn pack(bytes: &[u8], effort: Effort) -> io::Result<Vec<u8>> {
    pack_in_members(bytes, effort, MEMBER)
}

fn pack_in_members(bytes: &[u8], effort: Effort, member: usize) -> io::Result<Vec<u8>> {
    use rayon::prelude::*;
    let level = match effort {
        Effort::Smallest => Compression::best(),
        Effort::Fast => Compression::fast(),
    };
    if bytes.len() <= member {
        return pack_member(bytes, level);
    }
    let members = bytes
        .par_chunks(member)
        .map(|chunk| pack_member(chunk, level))
        .collect::<io::Result<Vec<Vec<u8>>>>()?;
    Ok(members.concat())
}

/// One gzip member of `chunk`, checked by unpacking it again.
fn pack_member(chunk: &[u8], level: Compression) -> io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(chunk.len() / 8), level);
    encoder.write_all(chunk)?;
    let packed = encoder.finish()?;
    if unpack_slice(&packed)? != chunk {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "gzip did not read back the same bytes",
        ));
    }
    Ok(packed)
}

/// The bytes of a file as written: a gzip stream unpacked (at most
/// [`MAX_READ_BYTES`]), anything else as it is. A damaged or cut stream is an error
/// (`InvalidData` or `UnexpectedEof`).
pub fn unpack(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
    if is_packed(&bytes) {
        unpack_slice(&bytes)
    } else {
        Ok(bytes)
    }
}

fn unpack_slice(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let (out, error) = unpack_partly(bytes);
    match error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Like [`unpack`], but keeps what was unpacked before a damaged or cut part: the bytes,
/// and the error that stopped it (none when the whole stream was good).
pub fn unpack_partly(bytes: &[u8]) -> (Vec<u8>, Option<io::Error>) {
    if !is_packed(bytes) {
        return (bytes.to_vec(), None);
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4));
    let mut decoder = MultiGzDecoder::new(bytes).take(MAX_READ_BYTES + 1);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match decoder.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (out, Some(e)),
        }
        if out.len() as u64 > MAX_READ_BYTES {
            out.truncate(usize::try_from(MAX_READ_BYTES).unwrap_or(usize::MAX));
            let e = io::Error::new(io::ErrorKind::FileTooLarge, "unpacked file too large");
            return (out, Some(e));
        }
    }
    (out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_unpacks_and_passes_plain_bytes_through() {
        let text = "(version: 2, entries: [])\n".repeat(200);
        let packed = pack(text.as_bytes(), Effort::Smallest).expect("pack");
        assert!(is_packed(&packed));
        assert!(packed.len() < text.len() / 10, "{} bytes", packed.len());
        assert_eq!(unpack(packed.clone()).expect("unpack"), text.as_bytes());
        assert_eq!(unpack(b"(plain)".to_vec()).expect("plain"), b"(plain)");
    }

    #[test]
    fn a_file_packed_in_members_reads_back_whole_and_a_cut_member_is_an_error() {
        let text: String = (0..3000)
            .map(|i| format!("        (id:{i},what:\"第{i}件\"),\n"))
            .collect();
        let bytes = text.as_bytes();
        let packed = pack_in_members(bytes, Effort::Fast, 1000).expect("pack");
        // One gzip header per member of 1000 bytes (worked out: bytes / 1000, rounded up).
        let headers = packed.windows(3).filter(|w| *w == [0x1f, 0x8b, 8]).count();
        assert_eq!(headers, bytes.len().div_ceil(1000));
        assert_eq!(unpack(packed.clone()).expect("unpack"), bytes);
        // gzip itself reads the members as one file.
        if let Ok(mut gz) = std::process::Command::new("gzip")
            .args(["-dc"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
        {
            let mut stdin = gz.stdin.take().expect("stdin");
            let feed = packed.clone();
            let writer = std::thread::spawn(move || stdin.write_all(&feed));
            let out = gz.wait_with_output().expect("gzip ran");
            writer.join().expect("joined").expect("fed");
            assert_eq!(out.stdout, bytes);
        } else {
            assert!(std::env::var_os("CI").is_none(), "gzip is missing");
        }
        // Cut inside the third member: the first two come back, and an error.
        let third = packed
            .windows(3)
            .enumerate()
            .filter(|(_, w)| *w == [0x1f, 0x8b, 8])
            .nth(2)
            .map(|(at, _)| at)
            .expect("a third member");
        let (partial, error) = unpack_partly(&packed[..third + 30]);
        assert!(error.is_some(), "a cut member read as whole");
        assert!(partial.len() >= 2000 && bytes.starts_with(&partial));
    }

    #[test]
    fn a_cut_or_flipped_stream_is_an_error_keeping_what_came_before() {
        let text: String = (0..5000)
            .map(|i| format!("line {i} {}\n", i * 7919))
            .collect();
        let packed = pack(text.as_bytes(), Effort::Smallest).expect("pack");
        let cut = &packed[..packed.len() - 20];
        let (partial, error) = unpack_partly(cut);
        assert!(error.is_some(), "a cut stream read as whole");
        assert!(text.as_bytes().starts_with(&partial));
        assert!(unpack(cut.to_vec()).is_err());
        let mut flipped = packed.clone();
        let at = packed.len() / 2;
        flipped[at] ^= 0x40;
        assert!(unpack(flipped).is_err(), "a flipped byte read as good");
    }
}
