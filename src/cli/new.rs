//! `bangfu new FILE [--unit NAME]`: an empty ledger.

use super::{CliError, output};
use crate::i18n::{Lang, cli as words};
use crate::ledger::Ledger;
use crate::ledger::validate::{Field, FieldError, clean_name};
use crate::store::Store;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new file (must not exist).
    pub file: PathBuf,
    /// The assisting unit (帮扶单位).
    #[arg(long, default_value = "帮扶单位")]
    pub unit: String,
}

/// Runs `bangfu new`.
pub fn run(args: &NewArgs, lang: Lang) -> Result<(), CliError> {
    let unit = clean_name(&args.unit)
        .map_err(|p| CliError::BadInput(FieldError::new(Field::AssistingUnit, p).message(lang)))?;
    Store::create(&args.file, &Ledger::new(&unit)).map_err(|e| CliError::store(e, lang))?;
    output::done(&words::created_empty(lang, &args.file), lang)
}
