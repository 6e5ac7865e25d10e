//! The headless command line over the same library as the app: `bangfu COMMAND …`.
//!
//! `main.rs` chooses: with no command it opens the app (feature `gui`), otherwise [`run`]
//! runs the command. This module never starts the app.
//!
//! One file per subcommand; [`CliError`] owns the exit codes, and every line the CLI
//! prints goes through [`output`], which never panics:
//!
//! | code | meaning | what a script should do |
//! | --- | --- | --- |
//! | 0 | done | nothing |
//! | 1 | usage or another error (bad flag, unwritable output, conflict copy, app missing) | fix and retry |
//! | 2 | bad input file or bad data; nothing was written | fix the input, then retry |
//! | 3 | the ledger is locked by another process; nothing was written | retry later |
//! | 4 | done and saved, but the output to stdout could not be written | do **not** retry |

mod add;
mod check;
mod demo;
mod error;
mod evidence;
mod export;
mod findings;
mod history;
mod import;
mod merge;
mod new;
pub mod output;
pub mod report;
mod summary;
mod targets;

pub use error::CliError;

use crate::i18n::{Lang, cli as words};
use crate::ledger::{Edit, Ledger, Stamp};
use crate::store::{self, ReadOnly, Saved, Store, fs::RealFs};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: usage or other error.
pub const EXIT_OTHER: i32 = 1;
/// Exit code: bad input file or bad data; nothing was written.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code: the ledger is locked by another process; nothing was written.
pub const EXIT_LOCKED: i32 = 3;
/// Exit code: the work was done and saved, but its output could not be written (a closed
/// pipe, a full disk behind stdout). A script must not retry: that would do it twice.
pub const EXIT_OUTPUT_LOST: i32 = 4;

/// Bangfu Ledger (帮扶台账): without a command, opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "bangfu", version, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// Ledger file to open in the app (default: the last one used, else your default ledger).
    pub file: Option<PathBuf>,
    /// Language of messages and tables.
    #[arg(long, value_enum, global = true, default_value = "zh")]
    pub lang: LangArg,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--lang zh|en`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 简体中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

impl From<Lang> for LangArg {
    fn from(l: Lang) -> LangArg {
        match l {
            Lang::Zh => LangArg::Zh,
            Lang::En => LangArg::En,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty ledger.
    New(new::NewArgs),
    /// Write the sample ledger of the real case, or N synthetic entries.
    Demo(demo::DemoArgs),
    /// Check that a ledger file is valid.
    Check(check::CheckArgs),
    /// Print totals grouped by village, department, category, kind, month, quarter or year.
    Summary(summary::SummaryArgs),
    /// Add one entry (validated, saved safely).
    Add(Box<add::AddArgs>),
    /// The rectification ledger (整改台账): import, summary, list, set.
    Findings(findings::FindingsArgs),
    /// Append the rows of a CSV file or a spreadsheet (.xlsx, .xls, .ods), all or nothing.
    Import(import::ImportArgs),
    /// Merge another ledger's entries into this one (its file is only read).
    Merge(merge::MergeArgs),
    /// Write the printed summary: an A4 PDF and/or an Excel workbook.
    Report(report::ReportArgs),
    /// Write every entry as CSV (UTF-8 with BOM, Chinese headers).
    Export(export::ExportArgs),
    /// Show a year's indicators (target, completed, rate); --set saves targets.
    Targets(targets::TargetsArgs),
    /// Who changed what, when: every edit on record (CSV columns seq,time,user,host,action,detail).
    History(history::HistoryArgs),
    /// Bring the ledger back to how it was right after edit SEQ, as one new edit on top.
    Restore(history::RestoreArgs),
    /// Write a new snapshot now and move the journal's edits to the history.
    Compact(history::CompactArgs),
    /// Keep a damaged journal up to its last good edit (the whole journal is kept in the history).
    Recover(history::RecoverArgs),
    /// Attach files (photos, scans, PDFs, invoices) to an entry or a finding as evidence.
    Attach(evidence::AttachArgs),
    /// Remove a file from a record's evidence (the stored file is kept; undo brings it back).
    Detach(evidence::DetachArgs),
    /// List the evidence (--list, --missing) or write an evidence pack (--zip OUT.zip).
    Evidence(evidence::EvidenceArgs),
}

/// Parses the process's arguments. On `--help`, `--version` or a usage error, clap's text
/// is printed and the exit code comes back instead.
pub fn parse() -> Result<Cli, i32> {
    Cli::try_parse().map_err(|e| {
        let _ = e.print();
        match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => EXIT_OK,
            _ => EXIT_OTHER,
        }
    })
}

/// Runs one command; prints its error, if any, and returns the exit code.
pub fn run(command: Command, lang: Lang) -> i32 {
    let result = match command {
        Command::New(a) => new::run(&a, lang),
        Command::Demo(a) => demo::run(&a, lang),
        Command::Check(a) => check::run(&a, lang),
        Command::Summary(a) => summary::run(&a, lang),
        Command::Add(a) => add::run(&a, lang),
        Command::Findings(a) => findings::run(&a, lang),
        Command::Import(a) => import::run(&a, lang),
        Command::Merge(a) => merge::run(&a, lang),
        Command::Export(a) => export::run(&a, lang),
        Command::Targets(a) => targets::run(&a, lang),
        Command::History(a) => history::run(&a, lang),
        Command::Restore(a) => history::run_restore(&a, lang),
        Command::Compact(a) => history::run_compact(&a, lang),
        Command::Recover(a) => history::run_recover(&a, lang),
        Command::Attach(a) => evidence::run_attach(&a, lang),
        Command::Detach(a) => evidence::run_detach(&a, lang),
        Command::Evidence(a) => evidence::run_evidence(&a, lang),
        Command::Report(mut a) => {
            a.lang = LangArg::from(lang);
            report::execute(&a)
        }
    };
    finish(result)
}

/// Prints an error (if any) to stderr and gives the exit code.
pub fn finish(result: Result<(), CliError>) -> i32 {
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            output::error(&e.to_string());
            e.exit_code()
        }
    }
}

/// `bangfu` with no command in a build without the app: says so, prints the help to
/// stderr, and gives [`EXIT_OTHER`].
pub fn no_app(lang: Lang) -> i32 {
    let help = Cli::command().render_help();
    output::error(&format!("{}\n\n{help}", words::NO_APP.get(lang)));
    EXIT_OTHER
}

// Shared by the subcommands.

/// Now, to the second, in local time: the stamp of new entries.
fn now() -> Stamp {
    use chrono::Timelike;
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Reads a ledger without locking it.
fn read(file: &Path, lang: Lang) -> Result<Ledger, CliError> {
    store::read_ledger(&RealFs, file).map_err(|e| CliError::store(e, lang))
}

/// Opens a ledger for writing; fails (exit 3) if another process holds it.
fn open_for_writing(file: &Path, lang: Lang) -> Result<(Store, Ledger), CliError> {
    let (store, ledger, notes) = Store::open(file).map_err(|e| CliError::store(e, lang))?;
    if let Some(note) = notes.message(lang) {
        output::error(&note);
    }
    if let Some(r) = store.read_only() {
        return Err(CliError::read_only(r.clone(), lang));
    }
    Ok((store, ledger))
}

/// The whole write of `add` and `import`: opens the ledger for writing, makes a plan
/// from it (`make`), applies the plan's edit (`edit_of`) and saves. Returns the saved
/// ledger and the plan. Nothing is written when `make` fails.
fn edit_and_save<T>(
    file: &Path,
    lang: Lang,
    make: impl FnOnce(&Ledger) -> Result<T, CliError>,
    edit_of: impl FnOnce(&T) -> &Edit,
) -> Result<(Ledger, T), CliError> {
    let (mut store, mut ledger) = open_for_writing(file, lang)?;
    let plan = make(&ledger)?;
    let edit = edit_of(&plan);
    ledger
        .apply(edit)
        .map_err(|e| CliError::BadInput(e.message(lang)))?;
    // The edit's save is one journal line (the snapshot is rewritten only when the
    // journal has grown large).
    match store
        .record(&ledger, edit)
        .map_err(|e| CliError::store(e, lang))?
    {
        Saved::InPlace => {}
        Saved::ConflictCopy(p) => {
            return Err(CliError::ConflictCopy(words::saved_to_conflict_copy(
                lang, &p,
            )));
        }
    }
    Ok((ledger, plan))
}

/// True when a read-only reason means "someone else holds it".
fn is_locked(r: &ReadOnly) -> bool {
    matches!(r, ReadOnly::LockedBy(_))
}
