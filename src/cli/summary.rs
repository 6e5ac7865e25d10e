//! `bangfu summary FILE --by KEYS [--from D] [--to D] [--format table|csv|json] [--other]`.
//!
//! Every row's kind columns, 合计 and counts are the unit's own input (本单位投入);
//! grouped `--by source`, each row shows its own source (see `summary::Row::shown`).

use super::{CliError, output, read};
use crate::i18n::{Lang, cli as words};
use crate::ledger::period::{BoundNames, Period};
use crate::report::table::{self, TotalsColumn};
use crate::report::text;
use crate::summary::{Filter, GroupKey, group};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Arguments of `bangfu summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Group keys, comma-separated: village, department, category, kind, month, quarter,
    /// year, source (本单位投入 / 引进 / 其他: each row shows its own source's columns).
    #[arg(long, value_delimiter = ',', required = true)]
    pub by: Vec<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
    /// Also show others' input (其他, never counted as the unit's) as its own column.
    #[arg(long)]
    pub other: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned, with thousands separators and a total row.
    Table,
    /// A header row, amounts with two decimals, no separators.
    Csv,
    /// An array of objects.
    Json,
}

/// Runs `bangfu summary`.
pub fn run(args: &SummaryArgs, lang: Lang) -> Result<(), CliError> {
    let mut keys = Vec::new();
    for k in &args.by {
        let key = GroupKey::parse(k).ok_or_else(|| {
            let known: Vec<&str> = GroupKey::ALL.iter().map(|k| k.code()).collect();
            CliError::Usage(words::unknown_group_key(lang, k, &known))
        })?;
        keys.push(key);
    }
    let period = Period::parse(args.from.as_deref(), args.to.as_deref())
        .map_err(|e| CliError::Usage(e.message(lang, BoundNames::Flags)))?;
    let filter = Filter::period(period.from, period.to);
    let ledger = read(&args.file, lang)?;
    let g = group(&ledger, &filter, &keys);
    let measures: Vec<TotalsColumn> = if args.format == OutputFormat::Json {
        TotalsColumn::machine(args.other)
    } else {
        TotalsColumn::printed(args.other).to_vec()
    };
    let t = table::grouping(&ledger, &g, &measures, "", lang, false);
    let out = match args.format {
        // The period lock (结账) under the table; CSV and JSON stay data only.
        OutputFormat::Table => match super::lock::lock_line(&ledger, lang) {
            Some(lock) => format!(
                "{}{lock}\n",
                text::aligned(&t, text::Headings::for_terminal(lang))
            ),
            None => text::aligned(&t, text::Headings::for_terminal(lang)),
        },
        OutputFormat::Csv => text::csv(&t),
        OutputFormat::Json => text::json(&t),
    };
    output::text(&out, lang)
}
