//! The journal: every edit appended to `NAME.journal` beside the snapshot as one
//! self-checking line, and flushed to disk. That append is the save.
//!
//! A line is `JSON<TAB>CRC\n`: the JSON object `{"seq":…,"at":…,"by":…,"edit":…}` (the
//! edit's sequence number, the time with its offset, `user@host`, the [`Edit`]) and the
//! CRC-32 of those JSON bytes in eight hex digits. The snapshot says which edit it holds
//! last (`journal_seq`); opening reads the snapshot and replays the journal's edits after
//! it. Compaction writes a new snapshot and moves the journal's lines to the history
//! folder `NAME.history/` as a packed segment `FIRST-LAST.journal.gz` (see
//! [`write_segment`]; never changed or deleted): the audit trail. Plain `.journal`
//! segments of earlier versions are read alike.
//!
//! Reading: a bad last line (torn by a crash or a full disk) is dropped and reported; a
//! bad line with good lines after it is damage: the ledger opens read-only at the last
//! good edit, and [`recover`] can keep the journal up to there.

use super::fs::Fs;
use super::{Doing, StoreError, atomic, names, packed};
use crate::ledger::Edit;
use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One edit on record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Its number: one more than the edit before it.
    pub seq: u64,
    /// When it was saved, with the local offset.
    pub at: DateTime<FixedOffset>,
    /// Who saved it: `user@host`.
    pub by: String,
    /// The change.
    pub edit: Edit,
}

impl Record {
    /// A record of `edit` made now by this process's user on this computer.
    pub fn now(seq: u64, edit: Edit) -> Record {
        Record {
            seq,
            at: Local::now().fixed_offset(),
            by: saved_by(),
            edit,
        }
    }

    /// The record as one journal line, ending in `\n`.
    pub fn to_line(&self) -> Result<String, serde_json::Error> {
        let line = line_of(self.seq, &self.at, &self.by, &self.edit)?;
        // JSON is UTF-8, and so are the tab, the hex digits and the newline.
        Ok(String::from_utf8(line).unwrap_or_default())
    }

    /// True when this record holds exactly these values (how a written line is checked
    /// against what was meant, without a second copy of the edit).
    pub fn is(&self, seq: u64, at: &DateTime<FixedOffset>, by: &str, edit: &Edit) -> bool {
        self.seq == seq && self.at == *at && self.by == by && self.edit == *edit
    }

    /// Reads one line (without its `\n`); `None` when it does not check out.
    pub fn from_line(line: &[u8]) -> Option<Record> {
        let tab = line.iter().rposition(|b| *b == b'\t')?;
        let (json, crc) = (&line[..tab], &line[tab + 1..]);
        let crc = u32::from_str_radix(std::str::from_utf8(crc).ok()?, 16).ok()?;
        if crc32fast::hash(json) != crc {
            return None;
        }
        serde_json::from_slice(json).ok()
    }
}

/// A record as the journal writes it, borrowing the edit: the same JSON as [`Record`]
/// (same fields, same order), so a large edit is never copied to be written.
#[derive(Serialize)]
struct RecordRef<'a> {
    seq: u64,
    at: &'a DateTime<FixedOffset>,
    by: &'a str,
    edit: &'a Edit,
}

/// One journal line for these values, ending in `\n`: the JSON, a tab, its CRC-32 in eight
/// hex digits. Written into one buffer (no second copy of a large edit's text).
pub fn line_of(
    seq: u64,
    at: &DateTime<FixedOffset>,
    by: &str,
    edit: &Edit,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut line = serde_json::to_vec(&RecordRef { seq, at, by, edit })?;
    let crc = crc32fast::hash(&line);
    line.extend_from_slice(format!("\t{crc:08x}\n").as_bytes());
    Ok(line)
}

/// Who saves now: `user@host`.
pub fn saved_by() -> String {
    format!("{}@{}", super::lock::user_name(), host_name())
}

fn host_name() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

/// The journal's path: `NAME.journal` beside the ledger.
pub fn journal_path(ledger: &Path) -> PathBuf {
    ledger.with_file_name(names::with_suffix(
        ledger.file_name().unwrap_or_default(),
        ".journal",
    ))
}

/// The history folder: `NAME.history/` beside the ledger.
pub fn history_dir(ledger: &Path) -> PathBuf {
    ledger.with_file_name(names::with_suffix(
        ledger.file_name().unwrap_or_default(),
        ".history",
    ))
}

/// A history segment's name: the first and last sequence numbers it holds.
pub fn segment_name(first: u64, last: u64) -> String {
    format!("{first:012}-{last:012}.journal")
}

/// The ending of a packed (gzip) segment's name: `FIRST-LAST.journal.gz`.
pub const PACKED_SEGMENT: &str = ".journal.gz";

/// The last sequence number of a segment, plain (`FIRST-LAST.journal`) or packed
/// (`FIRST-LAST.journal.gz`), from its name.
fn segment_last(name: &str) -> Option<u64> {
    let rest = name
        .strip_suffix(PACKED_SEGMENT)
        .or_else(|| name.strip_suffix(".journal"))?;
    let (first, last) = rest.split_once('-')?;
    first.parse::<u64>().ok()?;
    // `FIRST-LAST.N.journal` when the plain name was taken.
    last.split('.').next()?.parse().ok()
}

/// The highest sequence number already in the history folder (0 when none).
pub fn archived_up_to(fs: &dyn Fs, ledger: &Path) -> u64 {
    fs.list_dir(&history_dir(ledger))
        .unwrap_or_default()
        .iter()
        .filter_map(|p| segment_last(&p.file_name()?.to_string_lossy()))
        .max()
        .unwrap_or(0)
}

/// A bad last line, dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TornTail {
    /// Its line number (1-based).
    pub line: usize,
    /// How many bytes were dropped.
    pub bytes: usize,
}

/// A bad line with good lines after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    /// The first bad line (1-based).
    pub line: usize,
    /// The last good edit before it (0: none after the snapshot).
    pub good_seq: u64,
    /// How many good-looking lines come after the bad one (not applied).
    pub lines_after: usize,
}

/// What a journal holds after a snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replay {
    /// The records after the snapshot, in order, up to the first bad line.
    pub records: Vec<Record>,
    /// The bytes of the good lines (the whole journal up to the first bad line).
    pub good_len: u64,
    /// A bad last line, dropped.
    pub torn: Option<TornTail>,
    /// A bad line in the middle.
    pub damaged: Option<Damaged>,
    /// The highest sequence number seen in good lines (those the snapshot already holds
    /// included).
    pub last_seq: u64,
    /// How many lines at the start the snapshot already holds (skipped).
    pub skipped: usize,
}

/// Reads a journal's bytes for a snapshot holding edits up to `base`: lines up to `base`
/// are skipped (a compaction stopped before it emptied the journal); the others must
/// follow on one by one.
pub fn read(bytes: &[u8], base: u64) -> Replay {
    let mut replay = Replay {
        last_seq: base,
        ..Replay::default()
    };
    let mut pos = 0usize;
    let mut line_no = 0usize;
    while pos < bytes.len() {
        line_no += 1;
        let end = bytes[pos..].iter().position(|b| *b == b'\n');
        let (line, next) = match end {
            Some(n) => (&bytes[pos..pos + n], pos + n + 1),
            None => (&bytes[pos..], bytes.len()),
        };
        let good = end
            .and_then(|_| Record::from_line(line))
            .filter(|r| r.seq <= base || r.seq == replay.last_seq + 1);
        match good {
            Some(r) => {
                if r.seq > base {
                    replay.last_seq = r.seq;
                    replay.records.push(r);
                } else {
                    replay.skipped += 1;
                }
                replay.good_len = next as u64;
                pos = next;
            }
            None => {
                let rest = &bytes[next..];
                let lines_after = rest
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count();
                if lines_after == 0 {
                    replay.torn = Some(TornTail {
                        line: line_no,
                        bytes: bytes.len() - pos,
                    });
                } else {
                    replay.damaged = Some(Damaged {
                        line: line_no,
                        good_seq: replay.last_seq,
                        lines_after,
                    });
                }
                break;
            }
        }
    }
    replay
}

/// Compaction is due when the journal is larger than this share of the snapshot (and at
/// least [`COMPACT_MIN_BYTES`]): replaying it then costs less than reading the snapshot.
pub const COMPACT_SHARE: u64 = 4;

/// The smallest journal that is compacted.
pub const COMPACT_MIN_BYTES: u64 = 256 * 1024;

/// True when a journal of `journal` bytes beside a snapshot of `snapshot` bytes is due
/// for compaction.
pub fn compaction_due(journal: u64, snapshot: u64) -> bool {
    journal >= COMPACT_MIN_BYTES && journal >= snapshot / COMPACT_SHARE
}

/// Writes the journal lines `lines` (edits `first` to `last`) as a new packed segment of
/// the history folder, `FIRST-LAST.journal.gz` (`FIRST-LAST.N.journal.gz` when that name is
/// taken): packed and checked, then written atomically (temp, flush, a new name that never
/// replaces a file, folder flush); a segment is never changed after. Returns its path.
pub fn write_segment(
    fs: &dyn Fs,
    ledger: &Path,
    first: u64,
    last: u64,
    lines: &[u8],
) -> Result<PathBuf, StoreError> {
    let dir = history_dir(ledger);
    let io = |path: &Path, source| StoreError::Io {
        path: path.to_path_buf(),
        doing: Doing::ArchiveJournal,
        source,
    };
    let name = segment_name(first, last);
    let packed =
        packed::pack(lines, packed::Effort::Smallest).map_err(|e| io(&dir.join(&name), e))?;
    fs.create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let stem = name.trim_end_matches(".journal");
    atomic::write_new_unique(fs, &packed, |n| {
        if n == 0 {
            dir.join(format!("{stem}{PACKED_SEGMENT}"))
        } else {
            dir.join(format!("{stem}.{n}{PACKED_SEGMENT}"))
        }
    })
}

/// A history segment that could not be read whole (a damaged or cut gzip stream, a read
/// error): the good lines before the damage are still used.
#[derive(Debug)]
pub struct UnreadableSegment {
    /// The segment file.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
}

/// Every record on file for a ledger, and the history segments that could not be read.
#[derive(Debug, Default)]
pub struct History {
    /// The records, oldest first, each sequence number once.
    pub records: Vec<Record>,
    /// Segments that were damaged or unreadable (named, so the user can be told).
    pub unreadable: Vec<UnreadableSegment>,
}

/// Every record on file for a ledger, oldest first: the history folder's segments (plain
/// and packed), then the journal's good lines. Lines that do not check out are skipped; a
/// segment that cannot be read whole is listed in [`History::unreadable`] with the lines
/// read before the damage kept.
pub fn history(fs: &dyn Fs, ledger: &Path) -> History {
    let mut segments: Vec<(u64, PathBuf)> = fs
        .list_dir(&history_dir(ledger))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            let first = segment_first(&p.file_name()?.to_string_lossy())?;
            Some((first, p))
        })
        .collect();
    segments.sort();
    let mut history = History::default();
    let mut files: Vec<Vec<u8>> = Vec::with_capacity(segments.len() + 1);
    for (_, path) in segments {
        let (bytes, error) = match fs.read(&path) {
            Ok(raw) => packed::unpack_partly(&raw),
            Err(e) => (Vec::new(), Some(e)),
        };
        if let Some(error) = error {
            history.unreadable.push(UnreadableSegment { path, error });
        }
        files.push(bytes);
    }
    files.push(fs.read(&journal_path(ledger)).unwrap_or_default());
    for bytes in files {
        for line in bytes.split(|b| *b == b'\n') {
            if let Some(r) = Record::from_line(line)
                && history.records.last().is_none_or(|l| r.seq > l.seq)
            {
                history.records.push(r);
            }
        }
    }
    history
}

/// Every record on file for a ledger, oldest first (see [`history`]).
pub fn all_records(fs: &dyn Fs, ledger: &Path) -> Vec<Record> {
    history(fs, ledger).records
}

/// The first sequence number of a segment, from its name (plain or packed).
fn segment_first(name: &str) -> Option<u64> {
    segment_last(name)?;
    name.split_once('-')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    fn record(seq: u64) -> Record {
        let mut e = sample_ledger().entries[0].clone();
        e.id = crate::ledger::EntryId(500 + seq);
        e.what = format!("第{seq}条").into();
        Record::now(seq, Edit::AddEntry(Box::new(e)))
    }

    #[test]
    fn a_line_checks_itself() {
        let r = record(7);
        let line = r.to_line().expect("line");
        assert!(line.ends_with('\n') && line.contains("\"seq\":7"));
        let body = line.trim_end_matches('\n').as_bytes();
        assert_eq!(Record::from_line(body), Some(r));
        // Any flipped byte of the JSON is caught by the CRC.
        for i in 0..body.len() - 9 {
            let mut bad = body.to_vec();
            bad[i] ^= 0x01;
            assert_eq!(Record::from_line(&bad), None, "byte {i}");
        }
    }

    #[test]
    fn torn_tail_and_damaged_middle() {
        let lines: Vec<String> = (1..=3).map(|s| record(s).to_line().expect("l")).collect();
        let all = lines.concat();
        let r = read(all.as_bytes(), 0);
        assert_eq!(r.records.len(), 3);
        assert_eq!((r.torn.clone(), r.damaged.clone()), (None, None));
        // Cut inside the last line: dropped and reported.
        let cut = &all.as_bytes()[..all.len() - 5];
        let r = read(cut, 0);
        assert_eq!(r.records.len(), 2);
        assert_eq!(
            r.torn,
            Some(TornTail {
                line: 3,
                bytes: lines[2].len() - 5
            })
        );
        assert_eq!(r.good_len, (lines[0].len() + lines[1].len()) as u64);
        // A damaged second line with a good third one: damage, not a torn tail.
        let mut bad = all.clone().into_bytes();
        bad[lines[0].len() + 3] = b'#';
        let r = read(&bad, 0);
        assert_eq!(r.records.len(), 1);
        assert_eq!(
            r.damaged,
            Some(Damaged {
                line: 2,
                good_seq: 1,
                lines_after: 1
            })
        );
        // Lines the snapshot already holds are skipped; a gap in the numbers is damage.
        let r = read(all.as_bytes(), 2);
        assert_eq!(r.records.iter().map(|r| r.seq).collect::<Vec<_>>(), [3]);
        let gap = format!("{}{}", lines[0], lines[2]);
        assert_eq!(read(gap.as_bytes(), 0).records.len(), 1);
    }

    /// A bad line followed by a cut one (no newline at the end) is damage, not a torn
    /// tail: dropping both would lose what the cut line held without a word.
    #[test]
    fn a_bad_line_before_a_cut_last_line_is_damage() {
        let lines: Vec<String> = (1..=3).map(|s| record(s).to_line().expect("l")).collect();
        let mut bytes = lines.concat().into_bytes();
        bytes[lines[0].len() + 3] = b'#';
        bytes.truncate(bytes.len() - 5);
        let r = read(&bytes, 0);
        assert_eq!(r.torn, None);
        assert_eq!(
            r.damaged,
            Some(Damaged {
                line: 2,
                good_seq: 1,
                lines_after: 1
            })
        );
        assert_eq!(r.good_len, lines[0].len() as u64);
    }

    /// Lines the snapshot already holds are counted, so that a later line's number (in
    /// the message for an edit that does not apply) is its line in the file.
    #[test]
    fn lines_the_snapshot_holds_are_counted_as_skipped() {
        let lines: Vec<String> = (1..=4).map(|s| record(s).to_line().expect("l")).collect();
        let all = lines.concat();
        let r = read(all.as_bytes(), 3);
        assert_eq!(r.skipped, 3);
        assert_eq!(r.records.iter().map(|r| r.seq).collect::<Vec<_>>(), [4]);
        assert_eq!((r.last_seq, r.good_len), (4, all.len() as u64));
    }

    /// How a written line is checked: every one of the four values must match, each on
    /// its own (found by `cargo mutants`: nothing failed when `is` answered yes).
    #[test]
    fn a_record_is_only_its_own_values() {
        let r = record(7);
        let other = record(8);
        let later = r.at + chrono::Duration::seconds(1);
        assert!(r.is(7, &r.at, &r.by, &r.edit));
        assert!(!r.is(8, &r.at, &r.by, &r.edit), "another number");
        assert!(!r.is(7, &later, &r.by, &r.edit), "another time");
        assert!(!r.is(7, &r.at, "someone@else", &r.edit), "another user");
        assert!(!r.is(7, &r.at, &r.by, &other.edit), "another edit");
    }

    /// Compaction is due at 256 KiB and a quarter of the snapshot, whichever is larger;
    /// the bounds worked out by hand.
    #[test]
    fn compaction_is_due_at_256_kib_and_a_quarter_of_the_snapshot() {
        const KIB: u64 = 1024;
        // A small snapshot: the 256 KiB floor decides.
        assert!(!compaction_due(256 * KIB - 1, 0));
        assert!(compaction_due(256 * KIB, 0));
        assert!(compaction_due(256 * KIB, KIB * KIB));
        // A 2 MiB snapshot: a quarter is 512 KiB.
        assert!(!compaction_due(300 * KIB, 2 * KIB * KIB));
        assert!(!compaction_due(512 * KIB - 1, 2 * KIB * KIB));
        assert!(compaction_due(512 * KIB, 2 * KIB * KIB));
        // 10 MB and 3 bytes: a quarter is 2,500,000 bytes (rounded down).
        assert!(!compaction_due(2_499_999, 10_000_003));
        assert!(compaction_due(2_500_000, 10_000_003));
    }
}
