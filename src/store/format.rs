//! The ledger file: RON that says what it is and which version wrote it.
//!
//! ```ron
//! (
//!     format: "bangfu-ledger",
//!     version: 4,
//!     min_reader: 3,
//!     unit: "毕节职业技术学院",
//!     lock: (until:"2020-06-30",reason:"6月报表已报送",by:"zhangsan@PC-12",at:"2026-11-29T10:31:07+08:00"),
//!     villages: [
//!         (id:1,name:"九股村",town:"妈姑镇",county:"赫章县"),
//!     ],
//!     …
//!     indicators: [
//!     ],
//!     targets: [
//!         (year:2020,indicator:Default(IntroducedFunds),amount:10000000),
//!     ],
//!     entries: [
//!         (id:1,date:"2020-06-05",department:1,village:1,kind:Funds,…),
//!         (id:12,date:"2020-06-28",department:1,village:1,source:Other,giver:"妈姑镇人民政府",kind:Funds,…),
//!     ],
//! )
//! ```
//!
//! Version 3 added the source, giver, trainees and channel of an entry, the registered
//! households of a village, user-defined indicators and annual targets. Fields at their
//! default (本单位投入, empty, none, zero) are not written, so an entry of the unit's own
//! input reads as it did in version 2. Versions 1 and 2 are migrated in memory (every
//! entry the unit's own input); the store keeps the original beside the backups.
//!
//! Version 4 adds the period lock (`lock`, 结账) and the ledger's evidence list
//! (`attachments`), each written only when there is one, so a version-3 file reads as it
//! is (nothing to migrate, no original kept). `min_reader` stays 3: a version-3 build opens
//! a version-4 file read-only, naming `lock` as a field it left out, so nobody edits past
//! a lock with an old copy of the program.
//!
//! One record per line, so a diff of two saves shows exactly the entries that changed.
//! Parsing is strict: an unknown field, a missing field or a wrong type is an error with
//! line, column and the field path (`entries[3].value_fen`).

use crate::i18n::{Lang, model};
use crate::ledger::lock::PeriodLock;
use crate::ledger::{
    Category, CustomIndicator, Department, DepartmentId, Entry, EntryId, Fen, Kind, Ledger,
    Quantity, Status, Target, Village, VillageId,
    validate::{LedgerProblem, validate_ledger, validate_masters},
};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The `format` tag every ledger file starts with.
pub const FORMAT_TAG: &str = "bangfu-ledger";
/// The version this build writes.
pub const CURRENT_VERSION: u32 = 4;
/// The oldest reader that can read what this build writes: a version-3 reader opens it
/// read-only (leaving out the lock it does not know, and saying so); a version-2 reader
/// would refuse the version-3 fields.
pub const MIN_READER: u32 = 3;
/// The oldest version read as it is; older files are migrated in memory and their
/// original kept (version 4 only added fields, so a version-3 file needs no migration).
const READ_AS_IS: u32 = 3;

/// Where and why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The field path, e.g. `entries[3].value_fen`, when known.
    pub path: String,
    /// The parser's description.
    pub detail: String,
}

impl ParseError {
    /// `第 12 行第 5 列，字段 entries[3].value_fen：…`.
    pub fn message(&self, lang: Lang) -> String {
        model::parse_error(lang, self.line, self.column, &self.path, &self.detail)
    }
}

/// Why the text is not a ledger this build can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not RON of the expected shape.
    Syntax(ParseError),
    /// Well-formed, but not a bangfu ledger (wrong or missing `format`).
    NotALedger,
    /// Written by a newer version whose `min_reader` is above this build.
    TooNew {
        /// The file's version.
        version: u32,
        /// The oldest version that can read it.
        min_reader: u32,
    },
    /// Parsed, but breaks the ledger's rules (bad amounts, unknown ids …).
    Invalid(Vec<LedgerProblem>),
    /// Parsed, but a finding, round or finding category breaks the rectification
    /// ledger's rules (where, what).
    InvalidFindings(Vec<(String, crate::ledger::findings::FindingError)>),
}

impl FormatError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormatError::Syntax(e) => e.message(lang),
            FormatError::NotALedger => model::NOT_A_LEDGER.get(lang).to_string(),
            FormatError::TooNew {
                version,
                min_reader,
            } => model::too_new(lang, *version, *min_reader, CURRENT_VERSION),
            FormatError::Invalid(problems) => {
                let shown: Vec<String> = problems.iter().take(5).map(|p| p.message(lang)).collect();
                model::invalid_data(lang, &shown, problems.len())
            }
            FormatError::InvalidFindings(problems) => {
                let shown: Vec<String> = problems
                    .iter()
                    .take(5)
                    .map(|(path, e)| format!("{path} {}", e.message(lang)))
                    .collect();
                model::invalid_data(lang, &shown, problems.len())
            }
        }
    }
}

/// A ledger read from text, and what the text said about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The ledger.
    pub ledger: Ledger,
    /// The file's `version`.
    pub version: u32,
    /// Set when the file was an older version and was migrated in memory.
    pub migrated_from: Option<u32>,
    /// Fields of a newer version this build does not know and left out (`entries.colour`);
    /// such a file is only ever opened read-only.
    pub ignored: Vec<String>,
    /// The last journal edit the snapshot holds: the journal's edits after it are replayed
    /// on top (see `super::journal`).
    pub journal_seq: u64,
}

impl Parsed {
    /// True when the file comes from a newer version (open read-only: saving it would drop
    /// whatever the newer version knows that this one does not).
    pub fn is_newer(&self) -> bool {
        self.version > CURRENT_VERSION
    }
}

/// The file as serde sees it (current version; a version-2 file reads the same way,
/// every new field taking its default).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV3 {
    format: String,
    version: u32,
    min_reader: u32,
    /// The last journal edit this snapshot holds (0: none, no journal yet).
    #[serde(default)]
    journal_seq: u64,
    unit: String,
    villages: Vec<Village>,
    departments: Vec<Department>,
    categories: Vec<Category>,
    #[serde(default)]
    indicators: Vec<CustomIndicator>,
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    rounds: Vec<crate::ledger::Round>,
    #[serde(default)]
    finding_categories: Vec<crate::ledger::FindingCategory>,
    #[serde(default)]
    findings: Vec<crate::ledger::Finding>,
    /// The period lock (version 4), written as the bare lock when there is one.
    #[serde(default, deserialize_with = "some_lock")]
    lock: Option<PeriodLock>,
    #[serde(default)]
    attachments: Vec<crate::ledger::Attachment>,
    entries: Vec<Entry>,
}

fn some_lock<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PeriodLock>, D::Error> {
    PeriodLock::deserialize(d).map(Some)
}

/// Version 1 (the design sketch): no categories, no stamps, no person-times.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    min_reader: u32,
    unit: String,
    villages: Vec<Village>,
    departments: Vec<Department>,
    entries: Vec<EntryV1>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryV1 {
    id: EntryId,
    date: NaiveDate,
    department: DepartmentId,
    village: VillageId,
    kind: Kind,
    what: String,
    #[serde(default)]
    quantity: Option<Quantity>,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    value_fen: Fen,
    #[serde(default)]
    households: u32,
    #[serde(default)]
    persons: u32,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    notes: String,
}

/// Reads `version:` and `min_reader:` from the first lines, without parsing the rest.
fn scan_header(text: &str) -> Option<(bool, u32, u32)> {
    let head: String = text.lines().take(16).collect::<Vec<_>>().join("\n");
    let number_after = |key: &str| -> Option<u32> {
        let at = head.find(key)? + key.len();
        let rest = head[at..].trim_start().strip_prefix(':')?.trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let is_ledger = head.contains(&format!("format: \"{FORMAT_TAG}\""))
        || head.contains(&format!("format:\"{FORMAT_TAG}\""));
    Some((
        is_ledger,
        number_after("version")?,
        number_after("min_reader")?,
    ))
}

fn strict<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ParseError> {
    strict_or_unknown(text).map_err(|(e, _)| e)
}

/// [`strict`], and when the error is a field this build does not know, where it is: the
/// chain of field names down to it (`entries.colour`; list positions left out).
fn strict_or_unknown<'de, T: Deserialize<'de>>(
    text: &'de str,
) -> Result<T, (ParseError, Option<String>)> {
    let mut de = ron::Deserializer::from_str(text).map_err(|e| (spanned(e), None))?;
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let mut chain: Vec<String> = e
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .collect();
        let inner = e.into_inner();
        let unknown = match &inner {
            ron::Error::NoSuchStructField { found, .. } => {
                if chain.last() != Some(found) {
                    chain.push(found.clone());
                }
                Some(chain.join("."))
            }
            _ => None,
        };
        let mut pe = spanned(de.span_error(inner));
        pe.path = path;
        (pe, unknown)
    })?;
    de.end().map_err(|e| (spanned(de.span_error(e)), None))?;
    Ok(value)
}

/// How many different unknown fields a newer file may have before it is refused.
const MAX_UNKNOWN_FIELDS: usize = 64;

/// Reads a file from a newer version (whose `min_reader` allows this build): every field
/// this build does not know is left out, wherever it is, and named in the result. A new
/// kind of value (an enum variant) is still an error. Each round finds one unknown field
/// and removes it everywhere (one pass over the text), so a new field on every entry costs
/// one extra parse, not one per entry.
fn parse_newer(text: &str, fast: bool) -> Result<(FileV3, Vec<String>), FormatError> {
    let mut ignored: Vec<String> = Vec::new();
    let mut current = std::borrow::Cow::Borrowed(text);
    loop {
        if let Some(f) = fast.then(|| parse_fast(&current)).flatten() {
            return Ok((f, ignored));
        }
        match strict_or_unknown::<FileV3>(&current) {
            Ok(f) => return Ok((f, ignored)),
            Err((_, Some(field)))
                if !ignored.contains(&field) && ignored.len() < MAX_UNKNOWN_FIELDS =>
            {
                ignored.push(field);
                current = std::borrow::Cow::Owned(strip_fields(text, &ignored));
            }
            Err((e, _)) => return Err(FormatError::Syntax(e)),
        }
    }
}

/// `text` without the struct fields whose chain of field names (see [`strict_or_unknown`])
/// is in `fields`: `name: value` and its comma are cut out. Strings, raw strings, chars
/// and comments are skipped over, so a field name inside a text is never touched.
fn strip_fields(text: &str, fields: &[String]) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Each open bracket: its kind and the field chain its contents belong to.
    let mut stack: Vec<(u8, Vec<String>)> = Vec::new();
    // The field whose value we are in, per paren level (its name extends the chain).
    let mut field: Option<String> = None;
    let mut copied = 0; // text[copied..i] is still to be copied
    let mut item_start = true; // just after `(` or `,` (a field name may start here)
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(end) = skip_literal(b, i) {
            i = end;
            item_start = false;
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => {
                let mut chain = stack.last().map(|(_, c)| c.clone()).unwrap_or_default();
                if let Some(f) = field.take() {
                    chain.push(f);
                }
                stack.push((c, chain));
                item_start = true;
                i += 1;
            }
            b')' | b']' | b'}' => {
                stack.pop();
                field = None;
                item_start = false;
                i += 1;
            }
            b',' => {
                if stack.last().is_some_and(|(k, _)| *k == b'(') {
                    field = None;
                }
                item_start = true;
                i += 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ if item_start && (c.is_ascii_alphabetic() || c == b'_') => {
                item_start = false;
                let name_end = b[i..]
                    .iter()
                    .position(|x| !(x.is_ascii_alphanumeric() || *x == b'_'))
                    .map_or(b.len(), |n| i + n);
                let mut j = name_end;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let in_struct = stack.last().is_some_and(|(k, _)| *k == b'(');
                let is_field = in_struct && b.get(j) == Some(&b':') && b.get(j + 1) != Some(&b':');
                if !is_field {
                    i = name_end;
                    continue;
                }
                let name = &text[i..name_end];
                let mut chain = stack.last().map(|(_, c)| c.join(".")).unwrap_or_default();
                if !chain.is_empty() {
                    chain.push('.');
                }
                chain.push_str(name);
                if fields.contains(&chain) {
                    out.push_str(&text[copied..i]);
                    let end = value_end(b, j + 1);
                    // The comma after it goes too.
                    i = if b.get(end) == Some(&b',') {
                        end + 1
                    } else {
                        end
                    };
                    copied = i;
                    item_start = true;
                } else {
                    field = Some(name.to_string());
                    i = j + 1;
                }
            }
            _ => {
                item_start = false;
                i += 1;
            }
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Where the value starting at `from` ends: the first `,` or closing bracket outside any
/// bracket or literal of its own.
fn value_end(b: &[u8], from: usize) -> usize {
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        if let Some(end) = skip_literal(b, i) {
            i = end;
            continue;
        }
        match b[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return i,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// When a string, raw string, char literal or comment starts at `i`: the index after it.
fn skip_literal(b: &[u8], i: usize) -> Option<usize> {
    let escaped_until = |quote: u8, mut j: usize| {
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                x if x == quote => return j + 1,
                _ => j += 1,
            }
        }
        b.len()
    };
    match (b[i], b.get(i + 1)) {
        (b'"', _) => Some(escaped_until(b'"', i + 1)),
        (b'\'', _) => Some(escaped_until(b'\'', i + 1)),
        (b'/', Some(b'/')) => Some(
            b[i..]
                .iter()
                .position(|x| *x == b'\n')
                .map_or(b.len(), |n| i + n),
        ),
        (b'/', Some(b'*')) => Some(
            b[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(b.len(), |n| i + 2 + n + 2),
        ),
        (b'r', Some(b'"' | b'#')) if i == 0 || !is_ident_byte(b[i - 1]) => {
            let hashes = b[i + 1..].iter().take_while(|x| **x == b'#').count();
            let open = i + 1 + hashes;
            if b.get(open) != Some(&b'"') {
                return None;
            }
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            Some(
                b[open + 1..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |n| open + 1 + n + close.len()),
            )
        }
        _ => None,
    }
}

fn is_ident_byte(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'_'
}

fn spanned(e: ron::error::SpannedError) -> ParseError {
    ParseError {
        line: e.span.start.line,
        column: e.span.start.col,
        path: String::new(),
        detail: e.code.to_string(),
    }
}

/// Parses a ledger file's text: strict, versioned, validated.
pub fn parse(text: &str) -> Result<Parsed, FormatError> {
    parse_inner(text, true, true)
}

/// Reads back text this program has just written, to check it round-trips before it
/// replaces a file. The ledger was validated edit by edit, so the rules are not checked
/// again (that is a third of the cost at 100,000 entries).
pub fn parse_written(text: &str) -> Result<Ledger, FormatError> {
    parse_inner(text, true, false).map(|p| p.ledger)
}

/// [`parse`] through the full `ron` parser only, skipping the fast path: the reference the
/// fast path is tested against.
pub fn parse_reference(text: &str) -> Result<Parsed, FormatError> {
    parse_inner(text, false, true)
}

fn parse_inner(text: &str, fast: bool, validate: bool) -> Result<Parsed, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (is_ledger, version, min_reader) = match scan_header(text) {
        Some(h) => h,
        None => {
            // Let the strict parser say where the text goes wrong.
            let _: FileV3 = strict(text).map_err(FormatError::Syntax)?;
            return Err(FormatError::NotALedger);
        }
    };
    if !is_ledger {
        return Err(FormatError::NotALedger);
    }
    if min_reader > CURRENT_VERSION {
        return Err(FormatError::TooNew {
            version,
            min_reader,
        });
    }
    let mut ignored = Vec::new();
    let mut journal_seq = 0;
    let (ledger, migrated_from) = if version <= 1 {
        let f: FileV1 = strict(text).map_err(FormatError::Syntax)?;
        check_tag(&f.format, f.version, f.min_reader, version)?;
        (migrate_v1(f), Some(version))
    } else {
        let f: FileV3 = if version > CURRENT_VERSION {
            let (f, fields) = parse_newer(text, fast)?;
            ignored = fields;
            f
        } else {
            match if fast { parse_fast(text) } else { None } {
                Some(f) => f,
                None => strict(text).map_err(FormatError::Syntax)?,
            }
        };
        check_tag(&f.format, f.version, f.min_reader, version)?;
        journal_seq = f.journal_seq;
        (into_ledger(f), (version < READ_AS_IS).then_some(version))
    };
    checked(
        Parsed {
            ledger,
            version,
            migrated_from,
            ignored,
            journal_seq,
        },
        validate,
    )
}

fn into_ledger(f: FileV3) -> Ledger {
    Ledger {
        unit: f.unit,
        villages: f.villages,
        departments: f.departments,
        categories: f.categories,
        indicators: f.indicators,
        targets: f.targets,
        entries: f.entries,
        rounds: f.rounds,
        finding_categories: f.finding_categories,
        findings: f.findings,
        lock: f.lock.map(Box::new),
        attachments: f.attachments,
        attachment_index: Default::default(),
    }
}

/// The parsed ledger, once it passes the rules (when `validate`).
fn checked(parsed: Parsed, validate: bool) -> Result<Parsed, FormatError> {
    if !validate {
        return Ok(parsed);
    }
    let problems = validate_ledger(&parsed.ledger, 100);
    passes(parsed, problems)
}

/// The parsed ledger, when `problems` (what its rules found) is empty and its findings
/// pass their rules.
fn passes(parsed: Parsed, problems: Vec<LedgerProblem>) -> Result<Parsed, FormatError> {
    if !problems.is_empty() {
        return Err(FormatError::Invalid(problems));
    }
    let findings = crate::ledger::findings::check_all(&parsed.ledger, 100);
    if !findings.is_empty() {
        return Err(FormatError::InvalidFindings(findings));
    }
    Ok(parsed)
}

fn check_tag(format: &str, version: u32, min_reader: u32, scanned: u32) -> Result<(), FormatError> {
    if format != FORMAT_TAG {
        return Err(FormatError::NotALedger);
    }
    if min_reader > CURRENT_VERSION {
        return Err(FormatError::TooNew {
            version,
            min_reader,
        });
    }
    if version != scanned {
        return Err(FormatError::NotALedger);
    }
    Ok(())
}

fn migrate_v1(f: FileV1) -> Ledger {
    let mut ledger = Ledger::new(&f.unit);
    ledger.unit = f.unit;
    ledger.villages = f.villages;
    ledger.departments = f.departments;
    ledger.entries = f
        .entries
        .into_iter()
        .map(|e| {
            let stamp = e.date.and_hms_opt(0, 0, 0).unwrap_or_default();
            Entry {
                category: None,
                quantity: e.quantity,
                unit: e.unit.into(),
                value_fen: e.value_fen,
                households: e.households,
                persons: e.persons,
                status: e.status,
                notes: e.notes.into(),
                ..Entry::new(e.id, e.date, e.department, e.village, e.kind, e.what, stamp)
            }
        })
        .collect();
    ledger
}

/// Writes the entry lines, in parallel chunks for big ledgers.
fn write_entries(out: &mut String, entries: &[Entry]) {
    const CHUNK: usize = 8192;
    let write_chunk = |chunk: &[Entry]| {
        let mut s = String::with_capacity(chunk.len() * 320);
        for e in chunk {
            s.push_str("        ");
            super::fast::write_entry(&mut s, e);
            s.push_str(",\n");
        }
        s
    };
    if entries.len() > CHUNK {
        let parts: Vec<String> = entries.par_chunks(CHUNK).map(write_chunk).collect();
        for p in parts {
            out.push_str(&p);
        }
    } else {
        out.push_str(&write_chunk(entries));
    }
}

/// The fast path: the header and master lists through `ron` (they are small), the entry
/// lines through [`super::fast`], in parallel. `None` when the text is not exactly in the
/// shape this program writes; the caller then uses the full parser.
fn parse_fast(text: &str) -> Option<FileV3> {
    let open = text.find(ENTRIES_OPEN)?;
    let body_start = open + ENTRIES_OPEN.len();
    let body_end = text.len().checked_sub(ENTRIES_CLOSE.len())?;
    if !text.ends_with(ENTRIES_CLOSE) || body_end < body_start {
        return None;
    }
    let file = parse_head(&text[..open])?;
    let lines: Vec<&str> = text[body_start..body_end].split_terminator('\n').collect();
    Some(FileV3 {
        entries: parse_entry_lines(&lines)?,
        ..file
    })
}

/// Where the entry lines start, in a file this program wrote.
pub(super) const ENTRIES_OPEN: &str = "\n    entries: [\n";
/// How a file this program wrote ends, after the last entry line.
const ENTRIES_CLOSE: &str = "    ],\n)\n";
/// The line that closes the entry list, and the last line of the file after it.
pub(super) const ENTRIES_CLOSE_LINES: [&str; 2] = ["    ],", ")"];

/// Everything before the entry list, through the full parser, as a file without entries.
fn parse_head(head: &str) -> Option<FileV3> {
    let mut text = String::with_capacity(head.len() + 32);
    text.push_str(head);
    text.push_str("\n    entries: [],\n)\n");
    let file: FileV3 = strict(&text).ok()?;
    file.entries.is_empty().then_some(file)
}

/// Entry lines as this program writes them (`        (…),`), in parallel when there are
/// many; `None` when any line is anything else.
pub(super) fn parse_entry_lines(lines: &[&str]) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    parse_entry_lines_into(lines, &mut entries, |_| true).then_some(entries)
}

/// [`parse_entry_lines`] onto the end of `entries`, written in place by the parallel
/// workers (no list per worker to join and copy); false when any line is anything else
/// or an entry is not `accept`ed (`entries` then holds placeholders and is to be thrown
/// away).
pub(super) fn parse_entry_lines_into<L: AsRef<[u8]> + Sync>(
    lines: &[L],
    entries: &mut Vec<Entry>,
    accept: impl Fn(&Entry) -> bool + Sync,
) -> bool {
    let bad = std::sync::atomic::AtomicBool::new(false);
    let parse_line = |line: &L| -> Entry {
        line.as_ref()
            .strip_prefix(b"        ")
            .and_then(|l| l.strip_suffix(b","))
            .and_then(super::fast::parse_entry)
            .filter(|e| accept(e))
            .unwrap_or_else(|| {
                bad.store(true, std::sync::atomic::Ordering::Relaxed);
                placeholder()
            })
    };
    if lines.len() > 4096 {
        entries.par_extend(lines.par_iter().map(parse_line));
    } else {
        entries.extend(lines.iter().map(parse_line));
    }
    !bad.into_inner()
}

/// What stands for a line that did not parse, until the whole list is thrown away.
fn placeholder() -> Entry {
    let day = NaiveDate::MIN;
    Entry::new(
        EntryId(0),
        day,
        DepartmentId(0),
        VillageId(0),
        Kind::Funds,
        String::new(),
        day.and_hms_opt(0, 0, 0).unwrap_or_default(),
    )
}

/// The part of a file before its entry list, read by the full parser: what a file read in
/// blocks ([`super::stream`]) needs before its entry lines.
pub(super) struct Head {
    file: FileV3,
    version: u32,
}

impl Head {
    /// The text before [`ENTRIES_OPEN`], when it is a ledger of a version read as it is
    /// (3 or 4) in exactly the shape this program writes; `None` for anything else (older
    /// and newer versions, hand-edited files), which is then read whole by [`parse`].
    pub(super) fn parse(text: &str) -> Option<Head> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (is_ledger, version, min_reader) = scan_header(text)?;
        if !is_ledger
            || min_reader > CURRENT_VERSION
            || !(READ_AS_IS..=CURRENT_VERSION).contains(&version)
        {
            return None;
        }
        let file = parse_head(text)?;
        check_tag(&file.format, file.version, file.min_reader, version).ok()?;
        Some(Head { file, version })
    }

    /// The ledger of the head, its entries to come: what each entry line is checked
    /// against as it is parsed.
    pub(super) fn start(self) -> Started {
        Started {
            journal_seq: self.file.journal_seq,
            ledger: into_ledger(self.file),
            version: self.version,
        }
    }
}

/// A ledger read in blocks ([`super::stream`]) while its entries are being parsed.
pub(super) struct Started {
    /// The ledger of the head, without entries.
    pub(super) ledger: Ledger,
    version: u32,
    journal_seq: u64,
}

impl Started {
    /// The ledger with its `entries`, which passed [`crate::ledger::validate::validate_entry`]
    /// against it in rising id order; everything else is validated as [`parse`] validates.
    pub(super) fn finish(self, entries: Vec<Entry>) -> Result<Parsed, FormatError> {
        let mut ledger = self.ledger;
        ledger.entries = entries;
        let problems = validate_masters(&ledger, 100);
        let parsed = Parsed {
            ledger,
            version: self.version,
            migrated_from: None,
            ignored: Vec::new(),
            journal_seq: self.journal_seq,
        };
        passes(parsed, problems)
    }
}

/// Serializes a ledger to the current file format.
pub fn to_ron(ledger: &Ledger) -> Result<String, ron::Error> {
    to_ron_at(ledger, 0)
}

/// Serializes a ledger as the snapshot that holds the journal's edits up to `journal_seq`
/// (written only when above 0, so a ledger without a journal reads as before).
pub fn to_ron_at(ledger: &Ledger, journal_seq: u64) -> Result<String, ron::Error> {
    fn line<T: Serialize>(v: &T) -> Result<String, ron::Error> {
        ron::to_string(v)
    }
    fn list<T: Serialize + Sync>(
        out: &mut String,
        name: &str,
        items: &[T],
    ) -> Result<(), ron::Error> {
        let lines: Vec<String> = if items.len() > 4096 {
            items.par_iter().map(line).collect::<Result<_, _>>()?
        } else {
            items.iter().map(line).collect::<Result<_, _>>()?
        };
        out.push_str("    ");
        out.push_str(name);
        out.push_str(": [\n");
        for l in lines {
            out.push_str("        ");
            out.push_str(&l);
            out.push_str(",\n");
        }
        out.push_str("    ],\n");
        Ok(())
    }
    let mut out = String::with_capacity(256 + ledger.entries.len() * 300);
    out.push_str("(\n");
    let _ = writeln!(out, "    format: \"{FORMAT_TAG}\",");
    let _ = writeln!(out, "    version: {CURRENT_VERSION},");
    let _ = writeln!(out, "    min_reader: {MIN_READER},");
    if journal_seq > 0 {
        let _ = writeln!(out, "    journal_seq: {journal_seq},");
    }
    let _ = writeln!(out, "    unit: {},", line(&ledger.unit)?);
    list(&mut out, "villages", &ledger.villages)?;
    list(&mut out, "departments", &ledger.departments)?;
    list(&mut out, "categories", &ledger.categories)?;
    list(&mut out, "indicators", &ledger.indicators)?;
    list(&mut out, "targets", &ledger.targets)?;
    // The rectification ledger, only when there is one (files without it stay as they were).
    if !ledger.rounds.is_empty()
        || !ledger.finding_categories.is_empty()
        || !ledger.findings.is_empty()
    {
        list(&mut out, "rounds", &ledger.rounds)?;
        list(&mut out, "finding_categories", &ledger.finding_categories)?;
        list(&mut out, "findings", &ledger.findings)?;
    }
    // The period lock, only when there is one (a file without it reads as in version 3).
    if let Some(lock) = &ledger.lock {
        let _ = writeln!(out, "    lock: {},", line(lock)?);
    }
    // Evidence links, only when there are any (files without them stay as they were).
    if !ledger.attachments.is_empty() {
        list(&mut out, "attachments", &ledger.attachments)?;
    }
    out.push_str("    entries: [\n");
    write_entries(&mut out, &ledger.entries);
    out.push_str("    ],\n)\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    #[test]
    fn sample_round_trips() {
        let l = sample_ledger();
        let text = to_ron(&l).expect("serializes");
        let back = parse(&text).expect("parses");
        assert_eq!(back.ledger, l);
        assert_eq!(back.version, CURRENT_VERSION);
        assert!(text.contains("九股村"), "Chinese is written as is:\n{text}");
    }

    #[test]
    fn unknown_field_names_line_and_path() {
        let l = sample_ledger();
        let text =
            to_ron(&l)
                .expect("serializes")
                .replacen("persons:120", "persons:120,colour:1", 1);
        let Err(FormatError::Syntax(e)) = parse(&text) else {
            panic!("expected a syntax error");
        };
        let line_no = text
            .lines()
            .position(|l| l.contains("colour"))
            .expect("line")
            + 1;
        assert_eq!(e.line, line_no);
        assert!(e.path.starts_with("entries["), "{e:?}");
        assert!(
            e.message(Lang::Zh).contains("行"),
            "{}",
            e.message(Lang::Zh)
        );
    }

    #[test]
    fn v1_migrates() {
        let v1 = r#"(
    format: "bangfu-ledger",
    version: 1,
    min_reader: 1,
    unit: "毕节职业技术学院",
    villages: [(id: 1, name: "九股村", town: "妈姑镇", county: "赫章县")],
    departments: [(id: 1, name: "农业工程系")],
    entries: [
        (id: 1, date: "2020-06-05", department: 1, village: 1, kind: Goods,
         what: "化肥", quantity: Some("32"), unit: "户", value_fen: 0,
         households: 32, persons: 0, status: Delivered, notes: ""),
    ],
)"#;
        let p = parse(v1).expect("v1 parses");
        assert_eq!(p.migrated_from, Some(1));
        assert_eq!(p.ledger.entries[0].households, 32);
        assert_eq!(p.ledger.categories.len(), 7);
    }

    #[test]
    fn a_newer_file_with_new_fields_reads_without_them() {
        let l = sample_ledger();
        let text = to_ron(&l).expect("serializes");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for line in &mut lines {
            if line.starts_with("        (id:") && line.contains("date:") {
                // A new field on every record with a date (entries, findings, inspection
                // rounds), first and last, with a nested value holding a text that looks
                // like a field.
                *line = line.replacen("(id:", "(colour:(r:1,note:\"what: x, y\"),id:", 1);
                let end = line.rfind("),").expect("entry end");
                line.insert_str(end, ",grade:[1,2]");
            }
        }
        let newer = lines
            .join("\n")
            .replacen("version: 4", "version: 5", 1)
            .replacen("    unit:", "    region: Some(\"毕节\"),\n    unit:", 1)
            .replacen("town:\"妈姑镇\"", "town:\"妈姑镇\",code:\"520527\"", 1)
            + "\n";
        assert!(newer.contains("colour:(r:1") && newer.contains("code:"));
        let p = parse(&newer).expect("a newer file with new fields reads");
        assert_eq!(p.ledger, l, "every known value is read as written");
        assert!(p.is_newer());
        let mut ignored = p.ignored.clone();
        ignored.sort();
        assert_eq!(
            ignored,
            [
                "entries.colour",
                "entries.grade",
                "findings.colour",
                "findings.grade",
                "region",
                "rounds.colour",
                "rounds.grade",
                "villages.code"
            ]
        );
        // The same through the reference parser.
        assert_eq!(parse_reference(&newer).expect("reference").ledger, l);
        // A text that merely looks like a field is kept.
        let mut with_text = l.clone();
        with_text.entries[0].notes = "colour:1, grade:[2]".into();
        let t = to_ron(&with_text)
            .expect("serializes")
            .replacen("version: 4", "version: 5", 1)
            .replacen("(id:1,date:", "(id:1,colour:7,date:", 1);
        let p = parse(&t).expect("reads");
        assert_eq!(p.ledger, with_text);
        assert_eq!(p.ignored, ["entries.colour"]);
        // The current version stays strict, and a new kind of value is still an error.
        let strict_now = text.replacen("(id:1,", "(id:1,colour:7,", 1);
        assert!(matches!(parse(&strict_now), Err(FormatError::Syntax(_))));
        let new_kind =
            text.replacen("version: 4", "version: 5", 1)
                .replacen("kind:Funds", "kind:Loan", 1);
        assert!(matches!(parse(&new_kind), Err(FormatError::Syntax(_))));
    }

    #[test]
    fn stripping_fields_cuts_only_those_fields() {
        let text = "(a:1,b:(c:\"x:1,\",d:[(e:2,f:'(')]),g:r#\"e:\"#,e:3)";
        assert_eq!(
            strip_fields(text, &["b.d.e".into(), "e".into()]),
            "(a:1,b:(c:\"x:1,\",d:[(f:'(')]),g:r#\"e:\"#,)"
        );
        assert_eq!(strip_fields(text, &["b".into()]), "(a:1,g:r#\"e:\"#,e:3)");
        assert_eq!(strip_fields(text, &["c".into()]), text);
    }

    #[test]
    fn newer_versions() {
        let text = to_ron(&sample_ledger()).expect("serializes");
        let newer = text.replacen("version: 4", "version: 5", 1);
        assert!(parse(&newer).expect("readable").is_newer());
        let refused = newer.replacen("min_reader: 3", "min_reader: 5", 1);
        assert_eq!(
            parse(&refused),
            Err(FormatError::TooNew {
                version: 5,
                min_reader: 5
            })
        );
    }

    fn locked_sample() -> Ledger {
        let mut l = sample_ledger();
        l.lock = Some(Box::new(PeriodLock {
            until: NaiveDate::from_ymd_opt(2020, 6, 30).expect("date"),
            reason: "6月报表已报送".into(),
            by: "张三@PC-12".into(),
            at: chrono::DateTime::parse_from_rfc3339("2026-11-29T10:31:07+08:00").expect("time"),
        }));
        l
    }

    #[test]
    fn a_lock_is_one_line_and_reads_back() {
        let l = locked_sample();
        let text = to_ron(&l).expect("serializes");
        assert!(text.starts_with(
            "(\n    format: \"bangfu-ledger\",\n    version: 4,\n    min_reader: 3,\n"
        ));
        let lines: Vec<&str> = text.lines().filter(|x| x.contains("lock")).collect();
        assert_eq!(
            lines,
            [
                "    lock: (until:\"2020-06-30\",reason:\"6月报表已报送\",by:\"张三@PC-12\",at:\"2026-11-29T10:31:07+08:00\"),"
            ]
        );
        let back = parse(&text).expect("parses");
        assert_eq!(back.ledger, l);
        assert_eq!(parse_reference(&text).expect("reference").ledger, l);
        // Without a lock nothing is written: the file is the version-3 file but for its
        // version line.
        let plain = to_ron(&sample_ledger()).expect("serializes");
        assert!(!plain.contains("lock"), "{plain}");
        assert_eq!(
            text.replace(lines[0], "").replace("\n\n", "\n"),
            plain,
            "the lock is the only difference"
        );
    }

    #[test]
    fn a_version_3_file_reads_as_it_is() {
        let text =
            to_ron(&sample_ledger())
                .expect("serializes")
                .replacen("version: 4", "version: 3", 1);
        let p = parse(&text).expect("a v3 file reads");
        assert_eq!(p.ledger, sample_ledger());
        assert_eq!(
            (p.version, p.migrated_from),
            (3, None),
            "nothing to migrate"
        );
        assert!(!p.is_newer());
    }

    /// What a version-3 build does with a version-4 file: it does not know `lock`, so it
    /// leaves it out (the same cut as [`strip_fields`]) and, the file being newer, opens it
    /// read-only. The cut leaves every other value as written.
    #[test]
    fn an_older_reader_cuts_the_lock_and_keeps_the_rest() {
        let text = to_ron(&locked_sample()).expect("serializes");
        let cut = strip_fields(&text, &["lock".to_string()]);
        assert!(!cut.contains("lock"), "{cut}");
        let p = parse(&cut).expect("reads without the lock");
        assert_eq!(p.ledger, sample_ledger());
        assert_eq!(p.version, 4);
    }
}
