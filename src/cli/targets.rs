//! `bangfu targets FILE --year Y [--set INDICATOR=AMOUNT]... [--format table|csv|json]`:
//! the responsibility letter's indicators for a year, each with its target, what the
//! entries of the year completed, and the completion rate. `--set` saves targets through
//! the safe store first (money in yuan, `10万` accepted; counts as whole numbers; an
//! empty amount clears the target).

use super::summary::OutputFormat;
use super::{CliError, edit_and_save, output, read};
use crate::i18n::{Lang, cli as words, fields};
use crate::ledger::edit::BatchLabel;
use crate::ledger::targets::{check_year, parse_amount};
use crate::ledger::{Edit, IndicatorRef, Ledger};
use crate::report::table::{Cell, Column, ColumnKind, Row, RowKind, Table};
use crate::report::text;
use crate::summary::{IndicatorProgress, progress};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu targets`.
#[derive(Debug, Args)]
pub struct TargetsArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The calendar year.
    #[arg(long)]
    pub year: i32,
    /// Sets a target: INDICATOR=AMOUNT (the indicator by its Chinese or English name or
    /// code; money in yuan, `10万` accepted; an empty amount clears the target).
    #[arg(
        long = "set",
        value_name = "INDICATOR=AMOUNT",
        allow_hyphen_values = true
    )]
    pub set: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// Runs `bangfu targets`.
pub fn run(args: &TargetsArgs, lang: Lang) -> Result<(), CliError> {
    check_year(args.year).map_err(|_| CliError::Usage(words::target_bad_year(lang, args.year)))?;
    // A `--set` without `=` is wrong whatever the ledger holds: say so before opening it.
    for spec in &args.set {
        split(spec, lang)?;
    }
    let ledger = if args.set.is_empty() {
        read(&args.file, lang)?
    } else {
        let make = |ledger: &Ledger| set_edit(ledger, args.year, &args.set, lang);
        edit_and_save(&args.file, lang, make, |edit| edit)?.0
    };
    let rows = progress(&ledger, args.year, lang);
    let table = table(&rows, lang, args.format == OutputFormat::Table);
    let out = match args.format {
        OutputFormat::Table => text::aligned(&table, text::Headings::Display),
        OutputFormat::Csv => text::csv(&table),
        OutputFormat::Json => text::json(&table),
    };
    output::text(&out, lang)
}

/// `指标=金额` split at the first `=` (or full-width `＝`).
fn split(spec: &str, lang: Lang) -> Result<(&str, &str), CliError> {
    spec.split_once('=')
        .or_else(|| spec.split_once('＝'))
        .map(|(i, a)| (i.trim(), a.trim()))
        .filter(|(i, _)| !i.is_empty())
        .ok_or_else(|| CliError::BadInput(words::target_needs_equals(lang, spec)))
}

/// The edit of every `--set`, checked against the ledger; the first bad one is the error.
fn set_edit(ledger: &Ledger, year: i32, specs: &[String], lang: Lang) -> Result<Edit, CliError> {
    let mut edits = Vec::new();
    let mut after = ledger.clone();
    for spec in specs {
        let (name, amount) = split(spec, lang)?;
        let indicator = ledger.find_indicator(name).ok_or_else(|| {
            let known: Vec<String> = IndicatorRef::all(ledger)
                .iter()
                .map(|i| i.name(ledger, lang))
                .collect();
            CliError::BadInput(words::target_unknown_indicator(lang, name, &known))
        })?;
        let value = if amount.is_empty() {
            None
        } else {
            Some(
                parse_amount(amount, indicator.is_money(ledger)).map_err(|p| {
                    CliError::BadInput(words::target_bad_amount(
                        lang,
                        &indicator.name(ledger, lang),
                        amount,
                        &p.message(lang),
                    ))
                })?,
            )
        };
        // Build each edit on the ledger as the earlier ones left it (the same indicator
        // may be set twice; the last wins).
        let edit = after.set_target(year, indicator, value);
        after
            .apply(&edit)
            .map_err(|e| CliError::BadInput(e.message(lang)))?;
        edits.push(edit);
    }
    Ok(if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch {
            label: BatchLabel::Targets { year },
            edits,
        }
    })
}

/// The table: indicator, unit, target, completed, rate; the terminal table adds a column
/// saying 超额完成 where the target was exceeded. Money is yuan (two decimals in CSV).
fn table(rows: &[IndicatorProgress], lang: Lang, note_column: bool) -> Table {
    let mut columns = vec![
        Column::new(fields::INDICATOR.get(lang), "indicator", ColumnKind::Text),
        Column::new(fields::UNIT.get(lang), "unit", ColumnKind::Text),
        Column::new(fields::TARGET.get(lang), "target", ColumnKind::Count),
        Column::new(fields::COMPLETED.get(lang), "actual", ColumnKind::Count),
        Column::new(
            fields::COMPLETION_RATE.get(lang),
            "rate",
            ColumnKind::Percent,
        ),
    ];
    if note_column {
        columns.push(Column::new(
            fields::NOTES.get(lang),
            "note",
            ColumnKind::Text,
        ));
    }
    let amount = |money: bool, n: i64| {
        if money {
            Cell::Money(crate::ledger::Fen(n))
        } else {
            Cell::Count(u64::try_from(n).unwrap_or(0))
        }
    };
    let rows = rows
        .iter()
        .map(|p| {
            let unit = if p.money {
                fields::YUAN.get(lang).to_string()
            } else {
                p.unit.clone()
            };
            let mut cells = vec![
                Cell::Text(p.name.clone()),
                Cell::Text(unit),
                p.target.map_or(Cell::Empty, |t| amount(p.money, t)),
                amount(p.money, p.actual),
                Cell::Percent(p.rate_bp),
            ];
            if note_column {
                let note = if p.over {
                    words::TARGET_OVER.get(lang)
                } else {
                    ""
                };
                cells.push(Cell::Text(note.to_string()));
            }
            Row {
                cells,
                kind: RowKind::Body,
            }
        })
        .collect();
    Table {
        title: String::new(),
        columns,
        key_columns: 1,
        rows,
        in_wan: false,
        notes: Vec::new(),
    }
}
