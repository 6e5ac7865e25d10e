//! `bangfu history FILE`: who changed what, when: every edit on record (the history
//! folder's segments, then the journal), oldest first.

use super::summary::OutputFormat;
use super::{CliError, output};
use crate::i18n::{Lang, store as words};
use crate::ledger::EntryId;
use crate::ledger::changes::{self, detail, touches};
use crate::store::{self, fs::RealFs, journal};
use chrono::NaiveDate;
use clap::Args;
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
    let records = journal::all_records(&RealFs, store.real_path());
    let (edit, undone) =
        changes::restore_edit(records.iter().map(|r| (r.seq, &r.edit)), args.to, last)
            .map_err(|e| CliError::BadInput(e.message(lang)))?;
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
    output::done(&words::restored(lang, args.to, undone, last + 1), lang)
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
    output::done(&text, lang)
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
    output::done(&words::recovered(lang, good), lang)
}
