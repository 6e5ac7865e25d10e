//! `bangfu export FILE --csv OUT.csv`: every entry as CSV, written atomically.

use super::{CliError, output, read};
use crate::i18n::{Lang, cli as words};
use crate::store::{atomic, fs::RealFs};
use crate::transfer::csv as csv_transfer;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Where to write the CSV.
    #[arg(long)]
    pub csv: PathBuf,
}

/// Runs `bangfu export`.
pub fn run(args: &ExportArgs, lang: Lang) -> Result<(), CliError> {
    let ledger = read(&args.file, lang)?;
    let bytes = csv_transfer::export(&ledger);
    atomic::write_file(&RealFs, &args.csv, &bytes).map_err(|e| CliError::store(e, lang))?;
    output::done(
        &words::exported(lang, ledger.entries.len(), &args.csv),
        lang,
    )
}
