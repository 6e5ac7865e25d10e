//! The evidence pack (佐证材料包): a zip with one folder per village and per record, the
//! attached files under their original names, and `index.xlsx` listing each file with its
//! record. Sent upward as it is.
//!
//! ```text
//! index.xlsx
//! 九股村/2020-06-05 公厕建设 #1/公厕.jpg
//! 九股村/2020-06-05 公厕建设 #1/签收单.pdf
//! 整改/九股村/问题#3 饮水管道老化/整改后.jpg
//! ```
//!
//! Names are made safe for Windows (`\/:*?"<>|` and control characters become `_`, no
//! trailing dot or space, `CON`/`NUL`/`COM1`… get a `_` in front) and are UTF-8 flagged in
//! the zip. Every file is streamed from `NAME.files/` into the zip and its SHA-256 checked
//! on the way: a pack never holds bytes other than those attached. The zip is written to a
//! temp file beside `out` and renamed over it only when complete.

use crate::i18n::{Lang, evidence as words};
use crate::ledger::{Attachment, Entry, Finding, Ledger, Owner, VillageId};
use crate::store::atomic;
use crate::store::files::{self, FilesError};
use crate::store::fs::{Fs, RealFs};
use chrono::{Datelike, NaiveDate, Timelike};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Which records go into a pack (all when every field is `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackFilter {
    /// First day (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day (inclusive).
    pub to: Option<NaiveDate>,
    /// Only this village.
    pub village: Option<VillageId>,
}

impl PackFilter {
    fn takes(&self, date: NaiveDate, village: VillageId) -> bool {
        self.from.is_none_or(|d| date >= d)
            && self.to.is_none_or(|d| date <= d)
            && self.village.is_none_or(|v| v == village)
    }
}

/// What went into a pack.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackSummary {
    /// Records (entries and findings) with at least one file in the pack.
    pub records: usize,
    /// Files in the pack (a file attached to two records counts twice).
    pub files: usize,
    /// Bytes of those files.
    pub bytes: u64,
}

/// Why a pack could not be made; `out` is unchanged and no temp is left.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::Zh))]
pub enum PackError {
    /// Stored files are missing or have the wrong size: (record, file name) each.
    Missing(Vec<(String, String)>),
    /// A stored file could not be read or is damaged.
    #[error(transparent)]
    Files(#[from] FilesError),
    /// Writing the pack failed.
    Write {
        /// The file written.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The index workbook could not be made.
    Index(String),
}

impl PackError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PackError::Missing(list) => {
                let mut lines = vec![words::pack_missing(lang, list.len())];
                lines.extend(
                    list.iter()
                        .map(|(record, name)| format!("  {record}: {name}")),
                );
                lines.join("\n")
            }
            PackError::Files(e) => e.message(lang),
            PackError::Write { path, source } => {
                words::pack_cannot_write(lang, &path.display().to_string(), &source.to_string())
            }
            PackError::Index(why) => words::pack_index_failed(lang, why),
        }
    }
}

/// One record with files, as the pack and the list show it.
#[derive(Clone, Debug)]
pub struct PackRecord<'a> {
    /// Whose files.
    pub owner: Owner,
    /// The record's village.
    pub village: VillageId,
    /// Its date (an entry's date; a finding's completion date, else its deadline).
    pub date: NaiveDate,
    /// The entry, when it is one.
    pub entry: Option<&'a Entry>,
    /// The finding, when it is one.
    pub finding: Option<&'a Finding>,
    /// Its files, in attach order.
    pub files: Vec<&'a Attachment>,
}

impl PackRecord<'_> {
    /// What the record is about: the entry's `what`, the finding's description.
    pub fn what(&self) -> &str {
        match (self.entry, self.finding) {
            (Some(e), _) => &e.what,
            (_, Some(f)) => &f.description,
            _ => "",
        }
    }
}

/// A finding's date for filters and folders: done on, else the deadline.
fn finding_date(f: &Finding) -> NaiveDate {
    f.done_on.unwrap_or(f.deadline)
}

/// The records the filter takes, entries (by id) then findings (by id); with
/// `with_files` only those with files, else only those without (the 缺少佐证 list).
pub fn records<'a>(
    ledger: &'a Ledger,
    filter: &PackFilter,
    with_files: bool,
) -> Vec<PackRecord<'a>> {
    let mut out = Vec::new();
    for e in &ledger.entries {
        let owner = Owner::Entry(e.id);
        if filter.takes(e.date, e.village) && (ledger.attachment_count(owner) > 0) == with_files {
            out.push(PackRecord {
                owner,
                village: e.village,
                date: e.date,
                entry: Some(e),
                finding: None,
                files: ledger.attachments_of(owner).collect(),
            });
        }
    }
    for f in &ledger.findings {
        let owner = Owner::Finding(f.id);
        if filter.takes(finding_date(f), f.village)
            && (ledger.attachment_count(owner) > 0) == with_files
        {
            out.push(PackRecord {
                owner,
                village: f.village,
                date: finding_date(f),
                entry: None,
                finding: Some(f),
                files: ledger.attachments_of(owner).collect(),
            });
        }
    }
    out
}

/// Writes the pack in Chinese (folder words and index headers); see [`write_pack_in`].
pub fn write_pack(
    ledger: &Ledger,
    ledger_path: &Path,
    filter: &PackFilter,
    out: &Path,
) -> Result<PackSummary, PackError> {
    write_pack_in(ledger, ledger_path, filter, out, Lang::Zh)
}

/// Writes the pack of the records the filter takes to `out` (see the module docs): a temp
/// file renamed over `out` when complete, streaming file by file (memory stays flat).
/// Refuses, before writing, when any stored file is missing, naming each.
pub fn write_pack_in(
    ledger: &Ledger,
    ledger_path: &Path,
    filter: &PackFilter,
    out: &Path,
    lang: Lang,
) -> Result<PackSummary, PackError> {
    let fs = RealFs;
    let records = records(ledger, filter, true);
    let missing: Vec<(String, String)> = records
        .iter()
        .flat_map(|r| r.files.iter().map(move |a| (r, a)))
        .filter(|(_, a)| !files::is_present(&fs, ledger_path, a))
        .map(|(r, a)| (record_label(ledger, r, lang), a.name.clone()))
        .collect();
    if !missing.is_empty() {
        return Err(PackError::Missing(missing));
    }
    let placed = place(ledger, &records, lang);
    let index = index_xlsx(ledger, &records, &placed, lang)?;

    let out = absolute(out);
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    atomic::sweep_stale(&fs, &dir);
    let temp = dir.join(format!(
        "{}{}-{}{}",
        atomic::temp_prefix(&out, "tmp"),
        std::process::id(),
        unique(),
        atomic::TEMP_SUFFIX
    ));
    let result = write_zip(ledger_path, &records, &placed, &index, &temp).and_then(|summary| {
        fs.rename(&temp, &out).map_err(|source| PackError::Write {
            path: out.clone(),
            source,
        })?;
        let _ = fs.sync_dir(&dir);
        Ok(summary)
    });
    if result.is_err() {
        let _ = fs.remove_file(&temp);
    }
    result
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    }
}

/// `#1 2020-06-05 九股村 公厕建设` / `问题#3 九股村 饮水管道老化`: a record in messages.
pub fn record_label(ledger: &Ledger, r: &PackRecord<'_>, lang: Lang) -> String {
    format!(
        "{} {} {} {}",
        r.owner.label(lang),
        r.date,
        ledger.village_name(r.village),
        r.what()
    )
}

/// Each record's files' paths in the pack, in the same order as `records` and their files.
fn place(ledger: &Ledger, records: &[PackRecord<'_>], lang: Lang) -> Vec<Vec<String>> {
    records
        .iter()
        .map(|r| {
            let village = safe_component(ledger.village_name(r.village), 60);
            let folder = match r.owner {
                Owner::Entry(id) => format!(
                    "{village}/{}",
                    safe_component(&format!("{} {} #{}", r.date, short(r.what(), 40), id.0), 90)
                ),
                Owner::Finding(_) => format!(
                    "{}/{village}/{}",
                    safe_component(words::FINDINGS_FOLDER.get(lang), 20),
                    safe_component(
                        &format!("{} {}", r.owner.label(lang), short(r.what(), 40)),
                        90
                    )
                ),
            };
            let mut taken: HashSet<String> = HashSet::new();
            r.files
                .iter()
                .map(|a| {
                    let name = unique_name(&safe_component(&a.name, 120), &mut taken);
                    format!("{folder}/{name}")
                })
                .collect()
        })
        .collect()
}

fn short(text: &str, chars: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one_line.chars().take(chars).collect()
}

/// `IMG.jpg`, then `IMG (2).jpg`, `IMG (3).jpg` …: unique in one folder (ignoring case, as
/// Windows does).
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut candidate = name.to_string();
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = format!("{stem} ({n}){ext}");
        n += 1;
    }
    candidate
}

/// One path component safe on Windows, macOS and Linux: `\/:*?"<>|` and control
/// characters become `_`; no trailing dot or space (Windows drops them); a reserved device
/// name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, with any extension) gets
/// `_` in front; at most `max_chars` characters, the extension kept; never empty, `.` or
/// `..`.
pub fn safe_component(name: &str, max_chars: usize) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if s.chars().count() > max_chars {
        let ext: String = match s.rfind('.') {
            Some(i) if s.len() - i <= 10 && i > 0 => s[i..].to_string(),
            _ => String::new(),
        };
        let keep = max_chars.saturating_sub(ext.chars().count());
        s = s.chars().take(keep).collect::<String>() + &ext;
    }
    while s.ends_with('.') || s.ends_with(' ') {
        s.pop();
    }
    let s = s.trim_start_matches(' ').to_string();
    if s.is_empty() {
        return "_".into();
    }
    let base = s
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0');
    if reserved { format!("_{s}") } else { s }
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn zip_time(a: &Attachment) -> Option<zip::DateTime> {
    let t = a.added_at;
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok()
}

fn write_zip(
    ledger_path: &Path,
    records: &[PackRecord<'_>],
    placed: &[Vec<String>],
    index: &[u8],
    temp: &Path,
) -> Result<PackSummary, PackError> {
    let werr = |source: io::Error| PackError::Write {
        path: temp.to_path_buf(),
        source,
    };
    let zerr = |e: zip::result::ZipError| PackError::Write {
        path: temp.to_path_buf(),
        source: io::Error::other(e),
    };
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(werr)?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, file));
    // Made by "Unix" on every platform: a zip made on Windows would say FAT, and Info-ZIP's
    // unzip then runs the UTF-8 names through a DOS code page (garbled Chinese folders).
    // Windows Explorer, 7-Zip and WinRAR read the names by their UTF-8 flag either way.
    let mut index_options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .system(zip::System::Unix);
    let now = chrono::Local::now();
    if let Ok(t) = zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        now.month() as u8,
        now.day() as u8,
        now.hour() as u8,
        now.minute() as u8,
        now.second() as u8,
    ) {
        index_options = index_options.last_modified_time(t);
    }
    zip.start_file(words::INDEX_FILE, index_options)
        .map_err(zerr)?;
    zip.write_all(index).map_err(werr)?;
    let mut summary = PackSummary::default();
    for (r, paths) in records.iter().zip(placed) {
        summary.records += 1;
        for (a, path) in r.files.iter().zip(paths) {
            // Stored as they are: photos, PDFs and office files are compressed already, and
            // deflating the rest would cost more time than the few bytes it saves.
            let mut options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Stored)
                .system(zip::System::Unix)
                .large_file(a.size >= u64::from(u32::MAX));
            if let Some(t) = zip_time(a) {
                options = options.last_modified_time(t);
            }
            zip.start_file(path.as_str(), options).map_err(zerr)?;
            let mut source = files::open_stored(ledger_path, a)?;
            let mut sink = Hashing {
                inner: &mut zip,
                hasher: Sha256::new(),
                bytes: 0,
            };
            io::copy(&mut source, &mut sink).map_err(|source| {
                PackError::Files(FilesError::Read {
                    path: files::stored_path(ledger_path, &a.hash),
                    source,
                })
            })?;
            let (hash, bytes) = (files::hex(&sink.hasher.finalize()), sink.bytes);
            if hash != a.hash || bytes != a.size {
                return Err(PackError::Files(FilesError::Damaged {
                    path: files::stored_path(ledger_path, &a.hash),
                    name: a.name.clone(),
                }));
            }
            summary.files += 1;
            summary.bytes += bytes;
        }
    }
    let buffered = zip.finish().map_err(zerr)?;
    let file = buffered.into_inner().map_err(|e| werr(e.into_error()))?;
    file.sync_all().map_err(werr)?;
    Ok(summary)
}

/// `index.xlsx`: one row per file in the pack, with its record.
fn index_xlsx(
    ledger: &Ledger,
    records: &[PackRecord<'_>],
    placed: &[Vec<String>],
    lang: Lang,
) -> Result<Vec<u8>, PackError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| PackError::Index(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(words::INDEX_SHEET.get(lang)).map_err(err)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let count = Format::new().set_num_format("#,##0");
    let headers = words::index_headers(lang);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    let widths = [
        10.0, 11.0, 14.0, 24.0, 12.0, 24.0, 48.0, 10.0, 66.0, 16.0, 18.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    let mut row = 1u32;
    for (r, paths) in records.iter().zip(placed) {
        let department = match (r.entry, r.finding) {
            (Some(e), _) => ledger.department_name(e.department).to_string(),
            (_, Some(f)) => f.responsible.name(ledger).to_string(),
            _ => String::new(),
        };
        for (a, path) in r.files.iter().zip(paths) {
            ws.write_string(row, 0, ledger.village_name(r.village))
                .map_err(err)?;
            ws.write_string(row, 1, r.date.to_string()).map_err(err)?;
            ws.write_string(row, 2, &department).map_err(err)?;
            ws.write_string(row, 3, r.what()).map_err(err)?;
            if let Some(e) = r.entry {
                // Display only: the ledger keeps integer fen.
                let yuan = e.value_fen.0 as f64 / 100.0;
                ws.write_number_with_format(row, 4, yuan, &money)
                    .map_err(err)?;
            }
            ws.write_string(row, 5, &a.name).map_err(err)?;
            ws.write_string(row, 6, path).map_err(err)?;
            ws.write_number_with_format(row, 7, a.size as f64, &count)
                .map_err(err)?;
            ws.write_string(row, 8, &a.hash).map_err(err)?;
            ws.write_string(row, 9, &a.added_by).map_err(err)?;
            ws.write_string(row, 10, a.added_at.format("%Y-%m-%d %H:%M:%S").to_string())
                .map_err(err)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_on_windows() {
        assert_eq!(
            safe_component(r#"a\b/c:d*e?f"g<h>i|j.jpg"#, 120),
            "a_b_c_d_e_f_g_h_i_j.jpg"
        );
        assert_eq!(safe_component("照片. . ", 120), "照片");
        assert_eq!(safe_component("CON", 120), "_CON");
        assert_eq!(safe_component("con.txt", 120), "_con.txt");
        assert_eq!(safe_component("COM1.jpg", 120), "_COM1.jpg");
        assert_eq!(safe_component("COM0.jpg", 120), "COM0.jpg");
        assert_eq!(safe_component("CONSOLE.jpg", 120), "CONSOLE.jpg");
        assert_eq!(safe_component("...", 120), "_");
        assert_eq!(safe_component("", 120), "_");
        assert_eq!(safe_component(".hidden", 120), ".hidden");
        assert_eq!(safe_component("a\tb\nc", 120), "a_b_c");
        let long = "长".repeat(200) + ".jpg";
        let s = safe_component(&long, 120);
        assert_eq!(s.chars().count(), 120);
        assert!(s.ends_with("长.jpg"), "{s}");
    }

    #[test]
    fn same_names_in_one_folder_get_numbers() {
        let mut taken = HashSet::new();
        assert_eq!(unique_name("IMG.jpg", &mut taken), "IMG.jpg");
        assert_eq!(unique_name("img.JPG", &mut taken), "img (2).JPG");
        assert_eq!(unique_name("IMG.jpg", &mut taken), "IMG (3).jpg");
        assert_eq!(unique_name("README", &mut taken), "README");
        assert_eq!(unique_name("README", &mut taken), "README (2)");
    }
}
