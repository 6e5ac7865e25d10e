//! A fast writer and reader for the exact entry lines this program writes.
//!
//! `ron` takes ~6 µs to write or read one entry; at 100,000 entries that is over half a
//! second each way. The lines this program writes always have the same shape, so this
//! module writes them directly and reads them back with a small strict scanner, in
//! parallel. Anything the scanner does not fully understand (a hand-edited line, fields
//! in another order, a comment) makes it give up, and the caller falls back to the full
//! `ron` parser, which also produces the precise line:column error. Property tests check
//! that both paths agree byte for byte and value for value.

use crate::ledger::{
    CategoryId, CompactString, DepartmentId, Entry, EntryId, Fen, Kind, Quantity, Source, Status,
    TraineeGroup, VillageId,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::fmt::Write as _;

/// Appends one entry exactly as `ron::to_string(entry)` writes it. Numbers, dates and
/// stamps are written by hand, not through `fmt` (that was half of a save's time).
pub fn write_entry(out: &mut String, e: &Entry) {
    out.push_str("(id:");
    push_int(out, e.id.0);
    out.push_str(",date:\"");
    push_date(out, e.date);
    out.push_str("\",department:");
    push_int(out, e.department.0);
    out.push_str(",village:");
    push_int(out, e.village.0);
    // Fields at their default are skipped, as serde's `skip_serializing_if` does.
    if !e.source.is_direct() {
        out.push_str(",source:");
        out.push_str(source_name(e.source));
    }
    if !e.giver.is_empty() {
        out.push_str(",giver:");
        write_str(out, &e.giver);
    }
    out.push_str(",kind:");
    out.push_str(kind_name(e.kind));
    if let Some(g) = e.trainees {
        out.push_str(",trainees:Some(");
        out.push_str(trainees_name(g));
        out.push(')');
    }
    if !e.channel.is_empty() {
        out.push_str(",channel:");
        write_str(out, &e.channel);
    }
    match e.category {
        Some(c) => {
            out.push_str(",category:Some(");
            push_int(out, c.0);
            out.push(')');
        }
        None => out.push_str(",category:None"),
    }
    out.push_str(",what:");
    write_str(out, &e.what);
    match e.quantity {
        Some(q) => {
            let _ = write!(out, ",quantity:Some(\"{q}\")");
        }
        None => out.push_str(",quantity:None"),
    }
    out.push_str(",unit:");
    write_str(out, &e.unit);
    out.push_str(",value_fen:");
    push_int(out, e.value_fen.0);
    out.push_str(",households:");
    push_int(out, e.households);
    out.push_str(",persons:");
    push_int(out, e.persons);
    out.push_str(",person_times:");
    push_int(out, e.person_times);
    out.push_str(",status:");
    match e.status {
        Status::Delivered => out.push_str("Delivered"),
        Status::Pledged { delivered_fen } => {
            out.push_str("Pledged(delivered_fen:");
            push_int(out, delivered_fen.0);
            out.push(')');
        }
    }
    out.push_str(",notes:");
    write_str(out, &e.notes);
    out.push_str(",created:\"");
    push_stamp(out, e.created);
    out.push_str("\",modified:\"");
    push_stamp(out, e.modified);
    out.push_str("\")");
}

fn push_int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// `2020-06-05`, as chrono's `Debug` writes a date of the years 0 to 9999.
fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        let _ = write!(out, "{d:?}");
        return;
    }
    push_digits(out, year.unsigned_abs(), 4);
    out.push('-');
    push_digits(out, d.month(), 2);
    out.push('-');
    push_digits(out, d.day(), 2);
}

/// `2020-06-05T09:30:00`, as chrono's `Debug` writes a stamp to the whole second; with a
/// fraction of a second, through chrono itself.
fn push_stamp(out: &mut String, t: NaiveDateTime) {
    use chrono::Timelike;
    if t.nanosecond() != 0 || !(0..=9999).contains(&chrono::Datelike::year(&t)) {
        let _ = write!(out, "{t:?}");
        return;
    }
    push_date(out, t.date());
    out.push('T');
    push_digits(out, t.hour(), 2);
    out.push(':');
    push_digits(out, t.minute(), 2);
    out.push(':');
    push_digits(out, t.second(), 2);
}

/// `v`'s last `width` decimal digits, zero-padded.
fn push_digits(out: &mut String, v: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (v / 10u32.pow(place) % 10) as u8));
    }
}

const KINDS: [(Kind, &str); 6] = [
    (Kind::Funds, "Funds"),
    (Kind::Goods, "Goods"),
    (Kind::Services, "Services"),
    (Kind::Training, "Training"),
    (Kind::Purchase, "Purchase"),
    (Kind::SalesHelp, "SalesHelp"),
];

const SOURCES: [(Source, &str); 3] = [
    (Source::Direct, "Direct"),
    (Source::Introduced, "Introduced"),
    (Source::Other, "Other"),
];

const TRAINEES: [(TraineeGroup, &str); 4] = [
    (TraineeGroup::Cadres, "Cadres"),
    (TraineeGroup::Leaders, "Leaders"),
    (TraineeGroup::Technicians, "Technicians"),
    (TraineeGroup::Farmers, "Farmers"),
];

/// The variant's name as serde writes it.
fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], v: T) -> &'static str {
    table.iter().find(|(x, _)| *x == v).map_or("", |(_, n)| n)
}

fn kind_name(k: Kind) -> &'static str {
    name_of(&KINDS, k)
}

fn source_name(s: Source) -> &'static str {
    name_of(&SOURCES, s)
}

fn trainees_name(g: TraineeGroup) -> &'static str {
    name_of(&TRAINEES, g)
}

/// Writes a string the way ron does: `char::escape_debug` inside double quotes.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    if s.chars().any(needs_escape) {
        for c in s.chars() {
            let _ = write!(out, "{}", c.escape_debug());
        }
    } else {
        out.push_str(s);
    }
    out.push('"');
}

fn needs_escape(c: char) -> bool {
    match c {
        '"' | '\\' | '\'' => true,
        ' '..='~' => false,
        // Printed as they are (a test holds these ranges to `escape_debug`): CJK
        // Unified Ideographs, Chinese punctuation (、。《》「」【】) and full-width forms
        // (（），：；！？). Anything else asks `escape_debug`, which is slow.
        '\u{4E00}'..='\u{9FFF}' | '\u{3001}'..='\u{3011}' | '\u{FF01}'..='\u{FF5E}' => false,
        c => c.escape_debug().len() > 1,
    }
}

/// A strict cursor over one line (checked as UTF-8 first, in one pass).
struct Cursor<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    // The literal's length is a constant of each call, so the comparison is a few loads
    // and no `memcmp` call (one per field was a quarter of the parse).
    #[inline(always)]
    fn lit<const N: usize>(&mut self, l: &[u8; N]) -> Option<()> {
        if self.s.get(self.i..self.i + N) == Some(l.as_slice()) {
            self.i += N;
            Some(())
        } else {
            None
        }
    }

    fn uint(&mut self) -> Option<u64> {
        let start = self.i;
        let mut v: u64 = 0;
        while let Some(&b) = self.s.get(self.i) {
            if !b.is_ascii_digit() {
                break;
            }
            v = v.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
            self.i += 1;
        }
        // ron writes no leading zeros; refuse them so both parsers agree.
        let len = self.i - start;
        (len > 0 && (len == 1 || self.s[start] != b'0')).then_some(v)
    }

    fn int(&mut self) -> Option<i64> {
        if self.lit(b"-").is_some() {
            let v = self.uint()?;
            return (v <= i64::MAX as u64 && v > 0).then(|| -(v as i64));
        }
        i64::try_from(self.uint()?).ok()
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    /// The text from here up to the next `"` or `\\` (not taken).
    fn plain(&mut self) -> Option<&'a str> {
        let start = self.i;
        let len = memchr::memchr2(b'"', b'\\', &self.s[start..])?;
        self.i += len;
        // Both ends are at ASCII bytes (or the start of the string), so at characters.
        self.text.get(start..self.i)
    }

    /// A quoted string with ron's escapes.
    fn string(&mut self) -> Option<CompactString> {
        self.lit(b"\"")?;
        let mut out = CompactString::new(self.plain()?);
        loop {
            match *self.s.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => {
                    // A backslash: an escape, then plain text again.
                    let esc = *self.s.get(self.i + 1)?;
                    self.i += 2;
                    match esc {
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'0' => out.push('\0'),
                        b'\\' => out.push('\\'),
                        b'"' => out.push('"'),
                        b'\'' => out.push('\''),
                        b'u' => {
                            self.lit(b"{")?;
                            let hs = self.i;
                            while self.s.get(self.i)?.is_ascii_hexdigit() {
                                self.i += 1;
                            }
                            let hex = std::str::from_utf8(&self.s[hs..self.i]).ok()?;
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            self.lit(b"}")?;
                            out.push(char::from_u32(code)?);
                        }
                        _ => return None,
                    }
                    out.push_str(self.plain()?);
                }
            }
        }
    }

    /// One of the names of `table`: the whole name, up to the first byte that cannot be
    /// part of one (so no name is read as the prefix of another).
    fn variant<T: Copy>(&mut self, table: &[(T, &str)]) -> Option<T> {
        let rest = &self.s[self.i..];
        let len = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let (v, _) = table.iter().find(|(_, n)| n.as_bytes() == word)?;
        self.i += len;
        Some(*v)
    }

    /// A quoted quantity: as this program writes it without a copy, else through
    /// [`Quantity::parse`] as `ron`'s path reads it.
    fn quantity(&mut self) -> Option<Quantity> {
        let rest = self.s.get(self.i + 1..)?;
        if self.s.get(self.i) == Some(&b'"')
            && let Some(end) = memchr::memchr(b'"', rest)
            && let Some(q) = Quantity::parse_written(&rest[..end])
        {
            self.i += end + 2;
            return Some(q);
        }
        Quantity::parse(&self.string()?).ok()
    }

    fn date(&mut self) -> Option<NaiveDate> {
        self.lit(b"\"")?;
        let d = parse_date(self.s.get(self.i..self.i + 10)?)?;
        self.i += 10;
        self.lit(b"\"")?;
        Some(d)
    }

    fn stamp(&mut self) -> Option<NaiveDateTime> {
        self.lit(b"\"")?;
        let start = self.i;
        // As this program writes them, 19 bytes long: no search.
        self.i += if self.s.get(start + 19) == Some(&b'"') {
            19
        } else {
            memchr::memchr(b'"', &self.s[start..])?
        };
        let raw = &self.s[start..self.i];
        self.i += 1;
        if raw.len() == 19 && raw[10] == b'T' {
            let date = parse_date(&raw[..10])?;
            let n = |a: usize| -> Option<u32> {
                let (x, y) = (raw[a], raw[a + 1]);
                (x.is_ascii_digit() && y.is_ascii_digit())
                    .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
            };
            if raw[13] != b':' || raw[16] != b':' {
                return None;
            }
            let time = NaiveTime::from_hms_opt(n(11)?, n(14)?, n(17)?)?;
            return Some(date.and_time(time));
        }
        std::str::from_utf8(raw).ok()?.parse().ok()
    }
}

fn parse_date(raw: &[u8]) -> Option<NaiveDate> {
    if raw.len() != 10 || raw[4] != b'-' || raw[7] != b'-' {
        return None;
    }
    let digits = |r: &[u8]| -> Option<u32> {
        r.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(
        digits(&raw[..4])? as i32,
        digits(&raw[5..7])?,
        digits(&raw[8..10])?,
    )
}

/// Reads one entry written by [`write_entry`], or `None` if the line is anything else
/// (bytes that are not UTF-8 included).
pub fn parse_entry(line: &[u8]) -> Option<Entry> {
    let text = simdutf8::basic::from_utf8(line).ok()?;
    let mut c = Cursor {
        s: line,
        text,
        i: 0,
    };
    c.lit(b"(id:")?;
    let id = EntryId(c.uint()?);
    c.lit(b",date:")?;
    let date = c.date()?;
    c.lit(b",department:")?;
    let department = DepartmentId(c.u32()?);
    c.lit(b",village:")?;
    let village = VillageId(c.u32()?);
    let source = if c.lit(b",source:").is_some() {
        // ron would accept `source:Direct` too; this writer never writes it.
        Some(c.variant(&SOURCES)?).filter(|s| !s.is_direct())?
    } else {
        Source::Direct
    };
    let giver = if c.lit(b",giver:").is_some() {
        Some(c.string()?).filter(|g| !g.is_empty())?
    } else {
        CompactString::default()
    };
    c.lit(b",kind:")?;
    let kind = c.variant(&KINDS)?;
    let trainees = if c.lit(b",trainees:Some(").is_some() {
        let g = c.variant(&TRAINEES)?;
        c.lit(b")")?;
        Some(g)
    } else {
        None
    };
    let channel = if c.lit(b",channel:").is_some() {
        Some(c.string()?).filter(|g| !g.is_empty())?
    } else {
        CompactString::default()
    };
    c.lit(b",category:")?;
    let category = if c.lit(b"None").is_some() {
        None
    } else {
        c.lit(b"Some(")?;
        let v = CategoryId(c.u32()?);
        c.lit(b")")?;
        Some(v)
    };
    c.lit(b",what:")?;
    let what = c.string()?;
    c.lit(b",quantity:")?;
    let quantity = if c.lit(b"None").is_some() {
        None
    } else {
        c.lit(b"Some(")?;
        let q = c.quantity()?;
        c.lit(b")")?;
        Some(q)
    };
    c.lit(b",unit:")?;
    let unit = c.string()?;
    c.lit(b",value_fen:")?;
    let value_fen = Fen(c.int()?);
    c.lit(b",households:")?;
    let households = c.u32()?;
    c.lit(b",persons:")?;
    let persons = c.u32()?;
    c.lit(b",person_times:")?;
    let person_times = c.u32()?;
    c.lit(b",status:")?;
    let status = if c.lit(b"Delivered").is_some() {
        Status::Delivered
    } else {
        c.lit(b"Pledged(delivered_fen:")?;
        let d = Fen(c.int()?);
        c.lit(b")")?;
        Status::Pledged { delivered_fen: d }
    };
    c.lit(b",notes:")?;
    let notes = c.string()?;
    c.lit(b",created:")?;
    let created_at = c.i;
    let created = c.stamp()?;
    let created_len = c.i - created_at;
    c.lit(b",modified:")?;
    // Mostly the same text as the stamp before it: then the same stamp, unparsed again.
    let modified = match c.s.get(c.i..c.i + created_len) {
        Some(same) if same == &c.s[created_at..created_at + created_len] => {
            c.i += created_len;
            created
        }
        _ => c.stamp()?,
    };
    c.lit(b")")?;
    (c.i == c.s.len()).then_some(Entry {
        id,
        date,
        department,
        village,
        source,
        giver,
        kind,
        trainees,
        channel,
        category,
        what,
        quantity,
        unit,
        value_fen,
        households,
        persons,
        person_times,
        status,
        notes,
        created,
        modified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{sample_ledger, synthetic_ledger};

    #[test]
    fn matches_ron_on_the_sample_and_synthetic_entries() {
        let mut l = sample_ledger();
        l.entries.extend(synthetic_ledger(300, 5).entries);
        let mut e = l.entries[0].clone();
        e.what = "引号\"、反斜杠\\、单引号'、换行\n、制表\t、\u{7}响铃、😀、\u{301}组合".into();
        e.created += chrono::Duration::nanoseconds(123_456_789);
        e.value_fen = Fen(-5);
        l.entries.push(e.clone());
        // Every new field, each value of each enum.
        for (i, source) in Source::ALL.iter().enumerate() {
            for (k, _) in KINDS {
                let mut x = e.clone();
                x.source = *source;
                x.giver = if source.is_direct() {
                    String::new().into()
                } else {
                    format!("出资方\"{i}").into()
                };
                x.kind = k;
                x.trainees = (k == Kind::Training).then_some(TRAINEES[i % 4].0);
                x.channel = if k.is_consumption() {
                    "832平台".into()
                } else {
                    String::new().into()
                };
                l.entries.push(x);
            }
        }
        for (g, _) in TRAINEES {
            let mut x = e.clone();
            x.kind = Kind::Training;
            x.trainees = Some(g);
            l.entries.push(x);
        }
        for e in &l.entries {
            let mut ours = String::new();
            write_entry(&mut ours, e);
            let theirs = ron::to_string(e).expect("ron");
            assert_eq!(ours, theirs);
            assert_eq!(parse_entry(ours.as_bytes()).as_ref(), Some(e));
        }
    }

    #[test]
    fn the_quick_escape_check_is_escape_debug_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let ron_escapes = matches!(c, '"' | '\\' | '\'') || c.escape_debug().len() > 1;
            assert_eq!(needs_escape(c), ron_escapes, "{:?} (U+{:04X})", c, c as u32);
        }
    }

    #[test]
    fn dates_and_stamps_are_written_as_chrono_writes_them() {
        let days = [
            (2000, 1, 1),
            (2020, 6, 5),
            (2099, 12, 31),
            (999, 3, 4),
            (5, 10, 20),
        ];
        for (y, m, d) in days {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let mut ours = String::new();
            push_date(&mut ours, date);
            assert_eq!(ours, format!("{date:?}"));
            for (h, min, sec, nano) in [(0, 0, 0, 0), (9, 5, 7, 0), (23, 59, 59, 0), (12, 0, 0, 5)]
            {
                let t = date.and_hms_nano_opt(h, min, sec, nano).expect("time");
                let mut ours = String::new();
                push_stamp(&mut ours, t);
                assert_eq!(ours, format!("{t:?}"));
            }
        }
    }

    #[test]
    fn gives_up_on_anything_else() {
        let mut s = String::new();
        write_entry(&mut s, &sample_ledger().entries[0]);
        assert!(parse_entry(s.as_bytes()).is_some());
        for bad in [
            s.replace("id:1,", "id:01,"),
            s.replace("(id:", "( id:"),
            s.replace(",notes:", ",colour:1,notes:"),
            s[..s.len() - 1].to_string(),
            format!("{s} // comment"),
            s.replace("\"2020-06-05\"", "\"2020-02-30\""),
            s.replace("value_fen:4000000", "value_fen:99999999999999999999"),
            s.replace(",kind:", ",source:Direct,kind:"),
            s.replace(",kind:", ",giver:\"\",kind:"),
            s.replace(",kind:Funds", ",kind:Fund"),
            s.replace(",kind:Funds", ",kind:Funds,trainees:None"),
            s.replace(",kind:", ",source:Elsewhere,kind:"),
        ] {
            assert_eq!(parse_entry(bad.as_bytes()), None, "{bad}");
        }
    }
}
