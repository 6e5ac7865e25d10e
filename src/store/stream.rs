//! Reading a ledger file in blocks: its entry lines are parsed as they arrive, so the
//! file's bytes and the parsed ledger are never both held whole. A million-entry file is
//! about 320 MB of text and 230 MB of entries; read whole, both were in memory at once.
//!
//! Only a file in exactly the shape this program writes is read this way (the same shape
//! [`super::format`]'s fast path accepts). Anything else — an older or newer version, a
//! hand-edited line, a file cut short, bytes that are not UTF-8, a ledger that breaks a
//! rule — makes [`read`] answer `None`, and the caller reads the file whole with
//! [`super::format::parse`], which gives the precise line, column and reason. So this
//! path can only ever agree with the full parser or step aside; the tests hold it to that.

use super::format::{ENTRIES_CLOSE_LINES, ENTRIES_OPEN, Head, Parsed, parse_entry_lines_into};
use crate::ledger::{Entry, validate::validate_entry};
use rayon::prelude::*;
use std::io::{self, Read};
use std::sync::mpsc;

/// How much is read at a time once the entry lines start.
const BLOCK: usize = 4 << 20;

/// The shortest line an entry can be written as (every field it always has, at its
/// shortest: `        (id:1,date:"2020-01-01",…,modified:"2020-01-01T00:00:00"),`).
const MIN_LINE: usize = 200;

/// The most read while looking for the entry list: the master lists, findings and
/// evidence links before it are small next to the entries. A file whose head is bigger
/// is read whole instead.
const MAX_HEAD: usize = 64 << 20;

/// Reads and parses a ledger from `input` (`len`: the file's size, to reserve the entry
/// list once). `Ok(None)`: not a file this path reads; read it whole with
/// [`super::format::parse`] instead. Errors are the reader's.
///
/// A second thread reads the next block while the current one is parsed, and each
/// block's lines are found, checked as UTF-8, parsed and checked against the ledger's
/// rules in parallel, so opening is bound by the parse alone.
pub fn read(input: &mut (dyn Read + Send), len: u64) -> io::Result<Option<Parsed>> {
    read_in_blocks(input, len, BLOCK)
}

fn read_in_blocks(
    input: &mut (dyn Read + Send),
    len: u64,
    block: usize,
) -> io::Result<Option<Parsed>> {
    let open = ENTRIES_OPEN.as_bytes();
    let mut buf: Vec<u8> = Vec::with_capacity(block + 4096);
    // The head: everything up to the first entry line.
    let mut searched = 0;
    let head_end = loop {
        if let Some(at) = memchr::memmem::find(&buf[searched..], open) {
            break searched + at;
        }
        searched = buf.len().saturating_sub(open.len());
        if buf.len() > MAX_HEAD || fill(input, &mut buf, block)? == 0 {
            return Ok(None);
        }
    };
    let Some(head) = std::str::from_utf8(&buf[..head_end])
        .ok()
        .and_then(Head::parse)
    else {
        return Ok(None);
    };
    let consumed = (head_end + open.len()) as u64;
    buf.drain(..head_end + open.len());
    // The master lists the entries refer to, checked against as each line is parsed.
    let started = head.start();

    let mut entries: Vec<Entry> = Vec::new();
    let mut reserved = false;
    // Lines after the one that closes the entry list, once it has been read: one, `)`.
    let mut after_close: Option<usize> = None;
    std::thread::scope(|scope| {
        let (blocks, from_reader) = mpsc::sync_channel(2);
        let (back, spent) = mpsc::channel();
        scope.spawn(move || send_lines(input, buf, block, &blocks, &spent));
        for received in from_reader {
            let (buf, filled) = received?;
            let bytes = &buf[..filled];
            // Every line ends in a line break, the last one too.
            if bytes.last() != Some(&b'\n') {
                return Ok(None);
            }
            let mut lines = lines_of(bytes, (block / 8).max(1));
            match after_close {
                Some(seen) => {
                    if seen + lines.len() > 1
                        || lines
                            .iter()
                            .any(|l| *l != ENTRIES_CLOSE_LINES[1].as_bytes())
                    {
                        return Ok(None);
                    }
                    after_close = Some(seen + lines.len());
                    lines.clear();
                }
                None => {
                    if let Some(end) = lines
                        .iter()
                        .position(|l| *l == ENTRIES_CLOSE_LINES[0].as_bytes())
                    {
                        let rest = &lines[end + 1..];
                        if rest.len() > 1
                            || rest.iter().any(|l| *l != ENTRIES_CLOSE_LINES[1].as_bytes())
                        {
                            return Ok(None);
                        }
                        after_close = Some(rest.len());
                        lines.truncate(end);
                    }
                }
            }
            // No entry line is that short; without this, a block of empty lines would
            // stand in a placeholder entry for each (4 MB of line breaks: a gigabyte).
            if lines.iter().any(|l| l.len() < MIN_LINE) {
                return Ok(None);
            }
            if !reserved && !lines.is_empty() && len > 0 {
                // Entries to come, judged by the lines at hand (a little over, so the
                // list is not moved while it holds most of them).
                // No entry line is shorter than MIN_LINE, so a file of short lines (an
                // attack, or damage) reserves no more than entries could fill; and room
                // the system will not give is not an error, only not reserved.
                let per_line = (bytes.len() / lines.len()).max(MIN_LINE) as u64;
                let left = len.saturating_sub(consumed) / per_line;
                let _ = entries.try_reserve(usize::try_from(left + left / 50 + 16).unwrap_or(0));
                advise_huge_pages(&mut entries);
                reserved = true;
            }
            let from = entries.len().saturating_sub(1);
            let ledger = &started.ledger;
            let accept = |e: &Entry| validate_entry(e, ledger).is_ok();
            if !parse_entry_lines_into(&lines, &mut entries, accept)
                || !entries[from..].windows(2).all(|w| w[0].id < w[1].id)
            {
                return Ok(None);
            }
            drop(lines);
            // The reader may fill it again.
            let _ = back.send(buf);
        }
        Ok(Some(()))
    })
    .map(|read| {
        read.filter(|()| after_close == Some(1))
            .and_then(|()| started.finish(entries).ok())
    })
}

/// A block of whole lines, `.0[..len]`: the rest of the buffer is room, kept filled so
/// that reusing it costs no clearing.
type Block = (Vec<u8>, usize);

/// The reader's side: `input` read in blocks of whole lines after `carry`, sent on
/// `blocks` (the last block holds what follows the last line break, if anything). It
/// stops at the end, at an error (sent on), or when nobody receives any more; buffers
/// come back on `spent` to be filled again.
fn send_lines(
    input: &mut (dyn Read + Send),
    mut carry: Vec<u8>,
    block: usize,
    blocks: &mpsc::SyncSender<io::Result<Block>>,
    spent: &mpsc::Receiver<Vec<u8>>,
) {
    loop {
        let mut buf = spent.try_recv().unwrap_or_default();
        let mut want = carry.len() + block;
        if buf.len() < want {
            buf.resize(want, 0);
        }
        buf[..carry.len()].copy_from_slice(&carry);
        let mut filled = carry.len();
        let mut end = false;
        // Read until the block holds a line break after the carried part line, or the
        // input ends; a line longer than a block grows this buffer (never copied again).
        let whole = loop {
            let from = filled;
            while filled < want {
                match input.read(&mut buf[filled..want]) {
                    Ok(0) => {
                        end = true;
                        break;
                    }
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = blocks.send(Err(e));
                        return;
                    }
                }
            }
            if end {
                break filled;
            }
            if let Some(last) = memchr::memrchr(b'\n', &buf[from..filled]) {
                break from + last + 1;
            }
            want += block;
            buf.resize(want, 0);
        };
        // The part line after the last line break starts the next block.
        carry.clear();
        carry.extend_from_slice(&buf[whole..filled]);
        if whole > 0 && blocks.send(Ok((buf, whole))).is_err() {
            return;
        }
        if end {
            return;
        }
    }
}

/// The lines of `bytes` (which ends in a line break), without their line breaks, found
/// in parallel in pieces of about `piece` bytes cut after a line break.
fn lines_of(bytes: &[u8], piece: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = match bytes
            .get(start + piece..)
            .and_then(|r| memchr::memchr(b'\n', r))
        {
            Some(at) => start + piece + at + 1,
            None => bytes.len(),
        };
        pieces.push(&bytes[start..end]);
        start = end;
    }
    fn split(piece: &[u8]) -> Vec<&[u8]> {
        let mut lines = Vec::with_capacity(piece.len() / 256);
        let mut at = 0;
        for end in memchr::memchr_iter(b'\n', piece) {
            lines.push(&piece[at..end]);
            at = end + 1;
        }
        lines
    }
    let parts: Vec<Vec<&[u8]>> = pieces.par_iter().map(|p| split(p)).collect();
    parts.concat()
}

/// Asks Linux to back the room reserved for the entries with huge pages: a million
/// entries are some 230 MB, and touching them 4 KB at a time (57,000 page faults, taken
/// by both parsing threads at once) was a tenth of opening. Advice only: where the
/// kernel does not take it, nothing changes.
#[cfg(target_os = "linux")]
fn advise_huge_pages<T>(list: &mut Vec<T>) {
    const HUGE: usize = 2 << 20;
    let spare = list.spare_capacity_mut();
    let start = spare.as_mut_ptr() as usize;
    let end = start + std::mem::size_of_val(spare);
    let (from, to) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
    if to > from {
        // SAFETY: the range lies inside the list's own allocation, which stays where it is
        // while the list is filled (the room was reserved for that), and MADV_HUGEPAGE
        // changes no memory's contents, only how it is backed.
        unsafe {
            libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages<T>(_list: &mut Vec<T>) {}

/// Reads up to `block` more bytes onto `buf`; how many were read (0 at the end).
fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, block: usize) -> io::Result<usize> {
    let before = buf.len();
    input.take(block as u64).read_to_end(buf)?;
    Ok(buf.len() - before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{sample_ledger, synthetic_ledger};
    use crate::store::format;

    fn streamed(text: &[u8], block: usize) -> Option<Parsed> {
        read_in_blocks(&mut &text[..], text.len() as u64, block).expect("in memory")
    }

    /// What this path reads from `bytes`, if anything, is what the full parser reads.
    fn steps_aside_or_agrees(bytes: &[u8], block: usize, case: &str) {
        if let Some(s) = streamed(bytes, block) {
            let whole = std::str::from_utf8(bytes)
                .ok()
                .and_then(|t| format::parse_reference(t).ok());
            assert_eq!(Some(s), whole, "{case}");
        }
    }

    #[test]
    fn reads_what_the_full_parser_reads_at_every_block_size() {
        let mut ledger = synthetic_ledger(300, 7);
        ledger.entries[5].notes = "备注，含逗号,\n和换行".into();
        let text = format::to_ron_at(&ledger, 42).expect("written");
        let whole = format::parse_reference(&text).expect("parses");
        assert_eq!(whole.journal_seq, 42);
        for block in [1, 2, 3, 7, 64, 1000, 4096, 1 << 20] {
            let s = streamed(text.as_bytes(), block)
                .unwrap_or_else(|| panic!("block {block}: stepped aside"));
            assert_eq!(s, whole, "block {block}");
        }
    }

    #[test]
    fn a_ledger_with_findings_lock_and_evidence_reads_the_same() {
        use crate::ledger::{Attachment, EntryId, Owner, lock::PeriodLock};
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:31:07+08:00").expect("time");
        let mut ledger = sample_ledger();
        assert!(!ledger.findings.is_empty());
        ledger.lock = Some(Box::new(PeriodLock {
            until: chrono::NaiveDate::from_ymd_opt(2020, 6, 30).expect("date"),
            reason: "6月报表已报送".into(),
            by: "张三@PC-12".into(),
            at,
        }));
        ledger.attachments.push(Attachment {
            owner: Owner::Entry(EntryId(1)),
            hash: "ab".repeat(32),
            name: "签收单.jpg".into(),
            size: 1234,
            mime: "image/jpeg".into(),
            added_by: "张三@PC-12".into(),
            added_at: at,
        });
        let text = format::to_ron(&ledger).expect("written");
        let whole = format::parse_reference(&text).expect("parses");
        assert_eq!(whole.ledger.attachments.len(), 1);
        assert!(whole.ledger.lock.is_some());
        assert_eq!(streamed(text.as_bytes(), 5), Some(whole));
    }

    #[test]
    fn every_cut_of_a_file_steps_aside_or_reads_as_the_full_parser_does() {
        let text = format::to_ron(&synthetic_ledger(8, 3)).expect("written");
        let bytes = text.as_bytes();
        // Every cut near the end (where a file that looks complete ends), every third
        // byte before it (each cut after the head costs a parse of the head).
        let end = bytes.len().saturating_sub(400);
        for cut in (0..end).step_by(3).chain(end..bytes.len()) {
            let prefix = &bytes[..cut];
            // A cut file is never read as a ledger by this path unless the full parser
            // reads it too, and then the same.
            steps_aside_or_agrees(prefix, 97, &format!("cut at {cut}"));
        }
    }

    #[test]
    fn any_changed_byte_steps_aside_or_reads_as_the_full_parser_does() {
        let text = format::to_ron(&synthetic_ledger(6, 5)).expect("written");
        let bytes = text.as_bytes().to_vec();
        let start = text.find(ENTRIES_OPEN).expect("entries") - 40;
        for at in (start..bytes.len()).step_by(5) {
            for b in [b' ', b',', b'\n', 0xE4, b'9', b')'] {
                let mut changed = bytes.clone();
                changed[at] = b;
                steps_aside_or_agrees(&changed, 50, &format!("byte {at} set to {b:#x}"));
            }
        }
    }

    #[test]
    fn an_entry_that_breaks_a_rule_is_caught_as_it_is_parsed() {
        // 5,000 entries: past the size where lines are parsed in parallel.
        let ledger = synthetic_ledger(5000, 2);
        let text = format::to_ron(&ledger).expect("written");
        assert!(streamed(text.as_bytes(), 64 << 10).is_some());
        // Each rule the full parser's validation holds, broken once near the end.
        let line = |id: u64| {
            let start = text.find(&format!("(id:{id},")).expect("line");
            let end = start + text[start..].find('\n').expect("end");
            (start, end)
        };
        let (start, end) = line(4990);
        let original = &text[start..end];
        let village = original.find(",village:").expect("village") + ",village:".len();
        let digits = original[village..].find(',').expect("comma");
        for (case, changed) in [
            (
                "a village nobody has",
                format!(
                    "{},village:999{}",
                    &original[..village - 9],
                    &original[village + digits..]
                ),
            ),
            (
                "a date before 2000",
                original.replacen("date:\"20", "date:\"19", 1),
            ),
            (
                "a negative value",
                original.replacen("value_fen:", "value_fen:-", 1),
            ),
            (
                "an id out of order",
                original.replacen("(id:4990,", "(id:4989,", 1),
            ),
        ] {
            assert_ne!(changed, original, "{case}: nothing changed");
            let bad = format!("{}{changed}{}", &text[..start], &text[end..]);
            assert!(
                format::parse_reference(&bad).is_err(),
                "{case}: the full parser took it"
            );
            assert_eq!(streamed(bad.as_bytes(), 64 << 10), None, "{case}");
        }
    }

    #[test]
    fn lines_far_longer_than_a_block_read_as_the_full_parser_reads_them() {
        let mut ledger = synthetic_ledger(20, 4);
        // A note of 9,000 characters (27,000 bytes) in the middle of the entries.
        ledger.entries[10].notes = "长备注".repeat(3000).into();
        let text = format::to_ron(&ledger).expect("written");
        let whole = format::parse_reference(&text).expect("parses");
        for block in [7, 64, 4096] {
            assert_eq!(
                streamed(text.as_bytes(), block).as_ref(),
                Some(&whole),
                "block {block}"
            );
        }
        // A last "line" of a megabyte with no line break: refused, read block by block.
        let mut cut = text[..text.find("        (id:11,").expect("line")].to_string();
        cut.push_str(&"x".repeat(1 << 20));
        assert_eq!(streamed(cut.as_bytes(), 64), None);
    }

    #[test]
    fn lines_are_found_alike_in_pieces_of_any_size() {
        let text = "a\nbb\n\nccc\n第四行\n";
        let whole: Vec<&[u8]> = text.split_terminator('\n').map(str::as_bytes).collect();
        for piece in [1, 2, 3, 5, 8, 100] {
            assert_eq!(lines_of(text.as_bytes(), piece), whole, "pieces of {piece}");
        }
    }

    #[test]
    fn a_bad_first_block_stops_the_reader_without_reading_the_rest() {
        // A reader that would give 1 GB of entry lines, after a head and one bad line.
        struct Endless {
            given: u64,
            start: Vec<u8>,
        }
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.given >= 1 << 30 {
                    return Ok(0);
                }
                let at = self.given as usize;
                let n = if at < self.start.len() {
                    let n = buf.len().min(self.start.len() - at);
                    buf[..n].copy_from_slice(&self.start[at..at + n]);
                    n
                } else {
                    buf.fill(b'\n');
                    buf.len()
                };
                self.given += n as u64;
                Ok(n)
            }
        }
        let text = format::to_ron(&synthetic_ledger(3, 1)).expect("written");
        let open = text.find(ENTRIES_OPEN).expect("entries") + ENTRIES_OPEN.len();
        let start = format!("{}        (not an entry),\n", &text[..open]).into_bytes();
        let mut input = Endless { given: 0, start };
        let read = read_in_blocks(&mut input, 1 << 30, 1 << 16).expect("read");
        assert_eq!(read, None);
        // The reader is at most a few blocks ahead of the block that was refused.
        assert!(input.given < 1 << 20, "read {} bytes", input.given);
    }

    #[test]
    fn what_it_steps_aside_for() {
        let text = format::to_ron(&synthetic_ledger(10, 1)).expect("written");
        // Lines after the file's end.
        let mut more = text.clone();
        more.push_str(")\n");
        assert_eq!(streamed(more.as_bytes(), 64), None);
        // No line break at the very end.
        assert_eq!(streamed(text.trim_end().as_bytes(), 64), None);
        // An older version (migrated by the full parser, original kept).
        let old = text.replacen("version: 4,", "version: 2,", 1);
        assert_eq!(streamed(old.as_bytes(), 64), None);
        // A newer version (read-only, fields named by the full parser).
        let newer = text.replacen("version: 4,", "version: 9,", 1);
        assert_eq!(streamed(newer.as_bytes(), 64), None);
        // A broken rule: two entries with one id.
        let dup = text.replacen("(id:2,", "(id:1,", 1);
        assert!(format::parse_reference(&dup).is_err());
        assert_eq!(streamed(dup.as_bytes(), 64), None);
        // A BOM is read as the full parser reads it.
        let bom = format!("\u{feff}{text}");
        assert_eq!(
            streamed(bom.as_bytes(), 64),
            format::parse_reference(&bom).ok()
        );
    }

    #[test]
    fn a_read_error_is_the_readers() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("disk gone"));
                }
                let n = buf.len().min(self.0);
                buf[..n].fill(b' ');
                self.0 -= n;
                Ok(n)
            }
        }
        let e = read_in_blocks(&mut Failing(10), 100, 4).expect_err("fails");
        assert_eq!(e.to_string(), "disk gone");
    }
}
