//! `bangfu history FILE`: who changed what, when: every edit on record (the history
//! folder's segments, then the journal), oldest first.

use super::summary::OutputFormat;
use super::{CliError, output};
use crate::i18n::{Lang, store as words};
use crate::ledger::{Edit, EntryId};
use crate::store::{self, fs::RealFs, journal};
use chrono::NaiveDate;
use clap::Args;
use serde_json::Value;
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Arguments of `bangfu history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Only edits of this entry (its id).
    #[arg(long)]
    pub entry: Option<u64>,
    /// Only edits on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// One line of the history, as printed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    /// The edit's number.
    pub seq: u64,
    /// When, `2026-11-29 10:31:07 +08:00`.
    pub time: String,
    /// Who.
    pub user: String,
    /// On which computer.
    pub host: String,
    /// What, in words (`添加 化肥`).
    pub action: String,
    /// The fields, in the order of their names: `value_fen: 10000 → 12000` for a change,
    /// the record's fields for an addition or a removal.
    pub detail: String,
}

/// Runs `bangfu history`.
pub fn run(args: &HistoryArgs, lang: Lang) -> Result<(), CliError> {
    let since = match &args.since {
        Some(d) => Some(
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| CliError::Usage(words::bad_since(lang, d)))?,
        ),
        None => None,
    };
    // The ledger must read (a damaged journal is reported as such).
    store::read_ledger(&RealFs, &args.file).map_err(|e| CliError::store(e, lang))?;
    let history = journal::history(&RealFs, &args.file);
    for bad in &history.unreadable {
        output::error(&words::history_segment_damaged(lang, &bad.path, &bad.error));
    }
    let rows: Vec<Row> = history
        .records
        .into_iter()
        .filter(|r| since.is_none_or(|d| r.at.date_naive() >= d))
        .filter(|r| args.entry.is_none_or(|id| touches(&r.edit, EntryId(id))))
        .map(|r| row(&r, lang))
        .collect();
    let text = match args.format {
        // Serializing plain strings and numbers cannot fail.
        OutputFormat::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        OutputFormat::Csv => csv(&rows),
        OutputFormat::Table => table(&rows, lang),
    };
    output::text(&text, lang)
}

/// The printed line of one record.
pub fn row(r: &journal::Record, lang: Lang) -> Row {
    let (user, host) = match r.by.rsplit_once('@') {
        Some((u, h)) => (u.to_string(), h.to_string()),
        None => (r.by.clone(), String::new()),
    };
    Row {
        seq: r.seq,
        time: r.at.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        user,
        host,
        action: r.edit.describe(lang),
        detail: detail(&r.edit, lang),
    }
}

/// True when the edit adds, changes or removes that entry (in a batch too).
fn touches(edit: &Edit, id: EntryId) -> bool {
    match edit {
        Edit::AddEntry(e) | Edit::DeleteEntry(e) => e.id == id,
        Edit::UpdateEntry { after, .. } => after.id == id,
        Edit::Batch { edits, .. } => edits.iter().any(|e| touches(e, id)),
        _ => false,
    }
}

/// What an edit changed, field by field.
fn detail(edit: &Edit, lang: Lang) -> String {
    if let Edit::Batch { edits, .. } = edit {
        return words::batch_detail(lang, edits.len());
    }
    let Ok(Value::Object(outer)) = serde_json::to_value(edit) else {
        return String::new();
    };
    let Some(content) = outer.into_iter().next().map(|(_, v)| v) else {
        return String::new();
    };
    match &content {
        Value::Object(m) if m.contains_key("before") && m.contains_key("after") => {
            let (Some(Value::Object(b)), Some(Value::Object(a))) =
                (m.get("before"), m.get("after"))
            else {
                return format!("{} → {}", shown(&m["before"]), shown(&m["after"]));
            };
            a.iter()
                .filter(|(k, v)| b.get(*k) != Some(*v) && *k != "modified")
                .map(|(k, v)| {
                    format!(
                        "{k}: {} → {}",
                        b.get(k).map_or(String::new(), shown),
                        shown(v)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        Value::Object(m) => {
            // An entry, or `{index, village}`: the record's fields that say something.
            let record = m
                .values()
                .find_map(|v| v.as_object())
                .filter(|_| !m.contains_key("id"))
                .unwrap_or(m);
            fields(record)
        }
        other => shown(other),
    }
}

/// `key: value` for the fields that are not empty, zero or none.
fn fields(m: &serde_json::Map<String, Value>) -> String {
    m.iter()
        .filter(|(k, v)| {
            !matches!(v, Value::Null)
                && *v != &Value::from(0)
                && *v != &Value::from("")
                && !matches!(k.as_str(), "created" | "modified")
        })
        .map(|(k, v)| format!("{k}: {}", shown(v)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A value as a person reads it: text without quotes.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// The CSV: columns seq,time,user,host,action,detail; a cell a spreadsheet would run as
/// a formula gets an apostrophe first.
fn csv(rows: &[Row]) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(["seq", "time", "user", "host", "action", "detail"]);
    for r in rows {
        let cells = [
            r.seq.to_string(),
            r.time.clone(),
            r.user.clone(),
            r.host.clone(),
            r.action.clone(),
            r.detail.clone(),
        ];
        let _ = w.write_record(
            cells
                .iter()
                .map(|c| crate::transfer::csv::neutralise_formula(c).into_owned()),
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn table(rows: &[Row], lang: Lang) -> String {
    if rows.is_empty() {
        return format!("{}\n", words::NO_HISTORY.get(lang));
    }
    let head = words::history_headings(lang);
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.seq.to_string(),
                r.time.clone(),
                r.user.clone(),
                r.host.clone(),
                r.action.clone(),
                r.detail.clone(),
            ]
        })
        .collect();
    let mut width = head.map(UnicodeWidthStr::width);
    for c in &cells {
        for (w, s) in width.iter_mut().zip(c) {
            *w = (*w).max(s.width());
        }
    }
    let mut out = String::new();
    let mut push = |line: [&str; 6]| {
        let mut text = String::new();
        for (i, (s, w)) in line.iter().zip(width).enumerate() {
            text.push_str(s);
            if i < 5 {
                text.push_str(&" ".repeat(w - s.width() + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    push(head);
    for c in &cells {
        push([&c[0], &c[1], &c[2], &c[3], &c[4], &c[5]]);
    }
    out
}

/// Arguments of `bangfu restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The edit to go back to: the ledger becomes as it was right after it (0: as it was
    /// before the first edit on record).
    #[arg(long)]
    pub to: u64,
}

/// Runs `bangfu restore`: the edits after `--to` are undone, newest first, as one new
/// edit on top (so the restore is itself in the history, and can be undone the same way).
pub fn run_restore(args: &RestoreArgs, lang: Lang) -> Result<(), CliError> {
    let (mut store, mut ledger) = super::open_for_writing(&args.file, lang)?;
    let last = store.last_seq();
    if args.to >= last {
        return Err(CliError::BadInput(words::restore_nothing(
            lang, args.to, last,
        )));
    }
    let records = journal::all_records(&RealFs, store.real_path());
    let after: Vec<&journal::Record> = records.iter().filter(|r| r.seq > args.to).collect();
    // Every edit from `--to` on must be on record, one by one, up to the last.
    let complete = after.len() as u64 == last - args.to
        && after.iter().zip(args.to + 1..).all(|(r, seq)| r.seq == seq);
    if !complete {
        return Err(CliError::BadInput(words::restore_gap(lang, args.to)));
    }
    let edit = Edit::Batch {
        label: crate::ledger::edit::BatchLabel::Restore,
        edits: after.iter().rev().map(|r| r.edit.inverse()).collect(),
    };
    ledger
        .apply(&edit)
        .map_err(|e| CliError::BadInput(e.message(lang)))?;
    match store
        .record(&ledger, &edit)
        .map_err(|e| CliError::store(e, lang))?
    {
        store::Saved::InPlace => {}
        store::Saved::ConflictCopy(p) => {
            return Err(CliError::ConflictCopy(
                crate::i18n::cli::saved_to_conflict_copy(lang, &p),
            ));
        }
    }
    output::line(&words::restored(lang, args.to, after.len(), last + 1), lang)
}

/// Arguments of `bangfu compact`.
#[derive(Debug, Args)]
pub struct CompactArgs {
    /// The ledger file.
    pub file: PathBuf,
}

/// Runs `bangfu compact`: the journal's edits go into a new snapshot now (the old one is
/// kept as a backup) and the journal's lines move to the history.
pub fn run_compact(args: &CompactArgs, lang: Lang) -> Result<(), CliError> {
    let (mut store, ledger) = super::open_for_writing(&args.file, lang)?;
    let edits = store.journal_bytes();
    let last = store.last_seq();
    store
        .compact(&ledger)
        .map_err(|e| CliError::store(e, lang))?;
    let text = if edits == 0 {
        words::compact_nothing(lang)
    } else {
        words::compacted(lang, last)
    };
    output::line(&text, lang)
}

/// Arguments of `bangfu recover`.
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// The ledger file.
    pub file: PathBuf,
}

/// Runs `bangfu recover`: a journal damaged in the middle is kept whole in the history and
/// cut after its last good line, so the ledger opens again at the last good edit.
pub fn run_recover(args: &RecoverArgs, lang: Lang) -> Result<(), CliError> {
    let good = match store::read_ledger(&RealFs, &args.file) {
        Ok(_) => return output::line(&words::recover_nothing(lang), lang),
        Err(store::StoreError::JournalDamaged { good_seq, .. }) => good_seq,
        Err(e) => return Err(CliError::store(e, lang)),
    };
    store::Store::recover_journal(&args.file).map_err(|e| CliError::store(e, lang))?;
    output::line(&words::recovered(lang, good), lang)
}
