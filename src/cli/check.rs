//! `bangfu check FILE`: is it a valid ledger?

use super::{CliError, output, read};
use crate::i18n::{Lang, cli as words};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The ledger file.
    pub file: PathBuf,
}

/// Runs `bangfu check`.
pub fn run(args: &CheckArgs, lang: Lang) -> Result<(), CliError> {
    let l = read(&args.file, lang)?;
    super::evidence::check_files(&l, &args.file, lang)?;
    output::line(
        &words::check_ok(
            lang,
            &args.file,
            l.entries.len(),
            l.villages.len(),
            l.departments.len(),
            l.categories.len(),
        ),
        lang,
    )
}
