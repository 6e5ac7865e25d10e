//! Names of the files kept beside a ledger (lock, backups, temps, conflict copies), kept
//! inside the file system's limit on one name (`NAME_MAX`, 255 bytes on Linux and macOS,
//! 255 UTF-16 units on Windows).
//!
//! A side file's name is the ledger's name plus a suffix. When that would be too long, the
//! ledger's name is cut (at a character boundary) and a hash of the whole name is put in
//! its place (`很长的名字…~1a2b3c4d.lock`), so two long names that share their start still
//! get different side files. Names that fit are exactly as before.

use std::ffi::{OsStr, OsString};

/// The longest name of one file, in bytes (UTF-8). Side names are kept to this everywhere,
/// which also fits Windows' 255 UTF-16 units.
pub const NAME_MAX: usize = 255;

/// The length of `name` as the file system counts it: bytes on Unix, UTF-16 units on
/// Windows.
pub fn name_len(name: &OsStr) -> usize {
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        name.encode_wide().count()
    }
    #[cfg(not(windows))]
    {
        name.as_encoded_bytes().len()
    }
}

/// True when the file system takes `name` as one file's name.
pub fn fits(name: &OsStr) -> bool {
    name_len(name) <= NAME_MAX
}

/// `name` itself when `reserve` more bytes still fit in [`NAME_MAX`]; else its start cut
/// at a character boundary and `~` with eight hex digits of its hash, short enough that
/// `reserve` more bytes fit.
pub fn shorten(name: &OsStr, reserve: usize) -> OsString {
    let bytes = name.as_encoded_bytes();
    if bytes.len() + reserve <= NAME_MAX {
        return name.to_os_string();
    }
    let text = name.to_string_lossy();
    let tag = format!("~{:08x}", fnv1a(bytes) as u32);
    let room = NAME_MAX.saturating_sub(reserve + tag.len());
    let mut cut = room.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = OsString::from(&text[..cut]);
    out.push(tag);
    out
}

/// `name` + `suffix`, with `name` shortened (see [`shorten`]) when both would not fit.
pub fn with_suffix(name: &OsStr, suffix: &str) -> OsString {
    let mut out = shorten(name, suffix.len());
    out.push(suffix);
    out
}

/// FNV-1a, 64 bits: a hash that is the same in every build and on every system (the
/// names it makes must stay the same from one version to the next).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_unchanged_and_long_ones_fit_with_a_hash() {
        assert_eq!(
            with_suffix(OsStr::new("台账.ron"), ".lock"),
            "台账.ron.lock"
        );
        // 80 three-byte characters + ".ron": 244 bytes; with ".lock" 249 fits.
        let name = format!("{}.ron", "账".repeat(80));
        assert_eq!(
            with_suffix(OsStr::new(&name), ".lock"),
            OsString::from(format!("{name}.lock"))
        );
        // With ".backups" it would be 252: still fits; ".lock.info" (254) too.
        assert_eq!(name_len(&with_suffix(OsStr::new(&name), ".lock.info")), 254);
        // 84 characters: 256 bytes with ".ron" alone is too long for a side name.
        let long = format!("{}.ron", "账".repeat(83)); // 253 bytes
        let lock = with_suffix(OsStr::new(&long), ".lock");
        let text = lock.to_string_lossy();
        assert!(name_len(&lock) <= NAME_MAX, "{}", name_len(&lock));
        assert!(
            text.ends_with(".lock") && text.starts_with("账账账"),
            "{text}"
        );
        // Cut at a character boundary: only whole 账 before the tag.
        let head = text.split('~').next().unwrap_or_default();
        assert!(head.chars().all(|c| c == '账'), "{text}");
        // Two names with the same start get different side names.
        let other = format!("{}.ron", "账".repeat(82) + "帐");
        assert_ne!(with_suffix(OsStr::new(&other), ".lock"), lock);
        // The hash is FNV-1a: the empty input gives the offset basis.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
