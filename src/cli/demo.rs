//! `bangfu demo OUT [--entries N] [--seed S]`: the sample ledger of the real case, or N
//! synthetic entries.

use super::{CliError, output};
use crate::demo;
use crate::i18n::{Lang, cli as words};
use crate::store::Store;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The new file (must not exist).
    pub out: PathBuf,
    /// Number of synthetic entries (over ~30 villages and ~15 departments).
    #[arg(long)]
    pub entries: Option<usize>,
    /// Seed for the synthetic entries.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs `bangfu demo`.
pub fn run(args: &DemoArgs, lang: Lang) -> Result<(), CliError> {
    let ledger = match args.entries {
        Some(n) => demo::synthetic_ledger(n, args.seed),
        None => demo::sample_ledger(),
    };
    Store::create(&args.out, &ledger).map_err(|e| CliError::store(e, lang))?;
    output::done(
        &words::demo_written(lang, ledger.entries.len(), &args.out),
        lang,
    )
}
