//! `bangfu findings import|summary|list|set`: the rectification ledger (整改台账) from the
//! command line.
//!
//! - `import FILE --csv IN.csv [--create]` or `import FILE --xlsx IN.xlsx [--sheet NAME]
//!   [--create]` (also .xls, .ods): all or nothing; every bad row named.
//! - `summary FILE --by village|category|source|responsible [--as-of DATE] [--format …]`.
//! - `list FILE [--overdue] [--village V] [--as-of DATE] [--format …]`.
//! - `set FILE --id N --status S [--date D] [--by NAME]`.

use super::summary::OutputFormat;
use super::{CliError, edit_and_save, output, read};
use crate::i18n::{Lang, cli as cli_words, findings as words};
use crate::ledger::findings::{FindingField, FindingId, FindingProblem, FindingStatus};
use crate::ledger::findings_import::plan_findings_import;
use crate::ledger::validate::parse_date;
use crate::ledger::{Edit, Ledger};
use crate::report::findings::{RateCell, ledger_table, summary_table};
use crate::report::table::Table;
use crate::report::text;
use crate::summary::findings::{FindingFilter, FindingKey, summarize};
use crate::transfer::findings::{self as findings_table, FindingsTable};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Arguments of `bangfu findings`.
#[derive(Debug, Args)]
pub struct FindingsArgs {
    /// What to do with the findings.
    #[command(subcommand)]
    pub action: Action,
}

/// The `findings` subcommands.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Append the findings of a CSV file or a spreadsheet (all or nothing).
    Import(ImportArgs),
    /// Count findings by status per village, category, source or responsible unit.
    Summary(SummaryArgs),
    /// List findings in the ledger's column layout.
    List(ListArgs),
    /// Change one finding's status (已销号 needs --by and --date).
    Set(SetArgs),
}

/// `findings import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The CSV file (UTF-8 or GBK; Chinese or English headers).
    #[arg(long, required_unless_present = "xlsx", conflicts_with = "xlsx")]
    pub csv: Option<PathBuf>,
    /// A spreadsheet: .xlsx, .xls or .ods (also given as --xls or --ods); the header row is
    /// found under any title rows.
    #[arg(long, visible_aliases = ["xls", "ods"])]
    pub xlsx: Option<PathBuf>,
    /// The sheet to import (default: the first sheet with data).
    #[arg(long, requires = "xlsx")]
    pub sheet: Option<String>,
    /// Create villages the ledger does not have yet (otherwise they are errors).
    #[arg(long)]
    pub create: bool,
}

/// `--by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// 村.
    Village,
    /// 问题类别.
    Category,
    /// 问题来源.
    Source,
    /// 责任单位.
    Responsible,
}

impl From<ByArg> for FindingKey {
    fn from(b: ByArg) -> FindingKey {
        match b {
            ByArg::Village => FindingKey::Village,
            ByArg::Category => FindingKey::Category,
            ByArg::Source => FindingKey::Source,
            ByArg::Responsible => FindingKey::Responsible,
        }
    }
}

/// `findings summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Group by.
    #[arg(long, value_enum, default_value = "village")]
    pub by: ByArg,
    /// Overdue against this day (default: today).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// `findings list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Only findings past their deadline and not yet fixed.
    #[arg(long)]
    pub overdue: bool,
    /// Only this village.
    #[arg(long)]
    pub village: Option<String>,
    /// Overdue against this day (default: today).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// `findings set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The finding's 序号.
    #[arg(long)]
    pub id: u32,
    /// 未整改, 整改中, 已整改, 已销号 (or open, in_progress, done, verified).
    #[arg(long)]
    pub status: String,
    /// 完成时间 for 已整改, 验收时间 for 已销号.
    #[arg(long)]
    pub date: Option<String>,
    /// 验收人 (for 已销号).
    #[arg(long)]
    pub by: Option<String>,
}

/// Runs `bangfu findings …`.
pub fn run(args: &FindingsArgs, lang: Lang) -> Result<(), CliError> {
    match &args.action {
        Action::Import(a) => import(a, lang),
        Action::Summary(a) => summary(a, lang),
        Action::List(a) => list(a, lang),
        Action::Set(a) => set(a, lang),
    }
}

/// A date option, or today.
fn as_of(text: Option<&str>, option: &str, lang: Lang) -> Result<NaiveDate, CliError> {
    match text {
        None => Ok(chrono::Local::now().date_naive()),
        Some(t) => parse_date(t).map_err(|_| {
            let p = FindingProblem::NotADate(t.to_string());
            CliError::Usage(words::bad_option(
                lang,
                option,
                &words::field_problem(lang, FindingField::Deadline.text().get(lang), &p),
            ))
        }),
    }
}

fn write(table: &Table, format: OutputFormat, lang: Lang) -> Result<(), CliError> {
    let out = match format {
        OutputFormat::Table => text::aligned(table, text::Headings::Display),
        OutputFormat::Csv => text::csv(table),
        OutputFormat::Json => text::json(table),
    };
    output::text(&out, lang)
}

fn rate_cell(format: OutputFormat) -> RateCell {
    if format == OutputFormat::Table {
        RateCell::Percent
    } else {
        RateCell::Plain
    }
}

fn import(args: &ImportArgs, lang: Lang) -> Result<(), CliError> {
    let Some(path) = args.csv.as_ref().or(args.xlsx.as_ref()) else {
        return Err(CliError::Usage(
            crate::i18n::transfer::ONE_SOURCE.get(lang).to_string(),
        ));
    };
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::BadInput(cli_words::cannot_read_file(lang, path, &e)))?;
    let refuse = |lines: Vec<String>| {
        let mut out = vec![cli_words::import_errors(lang, path, lines.len())];
        out.extend(lines);
        CliError::BadInput(out.join("\n"))
    };
    let read = if args.csv.is_some() {
        findings_table::read_csv(&bytes)
    } else {
        findings_table::read_sheet(path, bytes, args.sheet.as_deref())
    };
    let FindingsTable {
        header,
        rows,
        first_row,
        ..
    } = read.map_err(|e| {
        if e.is_row_problem() {
            refuse(e.lines(lang))
        } else {
            CliError::BadInput(e.lines(lang).join("\n"))
        }
    })?;
    let make = |ledger: &Ledger| {
        plan_findings_import(ledger, &header, &rows, first_row, args.create).map_err(|ps| {
            let mut e = refuse(ps.iter().map(|p| p.message(lang)).collect());
            if ps.iter().any(findings_table::is_unknown_village)
                && let CliError::BadInput(m) = &mut e
            {
                m.push('\n');
                m.push_str(words::CREATE_HINT_CLI.get(lang));
            }
            e
        })
    };
    let (_, plan) = edit_and_save(&args.file, lang, make, |p| &p.edit)?;
    let mut lines = vec![words::imported(
        lang,
        plan.findings,
        &args.file.display().to_string(),
    )];
    if !plan.new_villages.is_empty() {
        lines.push(cli_words::new_villages(
            lang,
            &plan.new_villages.join(cli_words::LIST_SEPARATOR.get(lang)),
        ));
    }
    lines.iter().try_for_each(|l| output::done(l, lang))
}

fn summary(args: &SummaryArgs, lang: Lang) -> Result<(), CliError> {
    let day = as_of(args.as_of.as_deref(), "--as-of", lang)?;
    let ledger = read(&args.file, lang)?;
    let all: Vec<_> = ledger.findings.iter().collect();
    let s = summarize(&ledger, &all, args.by.into(), day);
    write(
        &summary_table(&s, lang, rate_cell(args.format)),
        args.format,
        lang,
    )
}

fn list(args: &ListArgs, lang: Lang) -> Result<(), CliError> {
    let day = as_of(args.as_of.as_deref(), "--as-of", lang)?;
    let ledger = read(&args.file, lang)?;
    if let Some(v) = &args.village
        && ledger.village_by_name(v).is_none()
    {
        let p = FindingProblem::UnknownVillage(v.trim().to_string());
        return Err(CliError::BadInput(words::field_problem(
            lang,
            FindingField::Village.text().get(lang),
            &p,
        )));
    }
    let filter = FindingFilter {
        village: args.village.clone(),
        overdue: args.overdue,
        ..FindingFilter::default()
    };
    let shown = filter.apply(&ledger, day);
    write(
        &ledger_table(&ledger, &shown, lang, false),
        args.format,
        lang,
    )
}

fn set(args: &SetArgs, lang: Lang) -> Result<(), CliError> {
    let status = FindingStatus::parse(&args.status).ok_or_else(|| {
        let p = FindingProblem::UnknownStatus(args.status.clone());
        CliError::BadInput(words::field_problem(
            lang,
            FindingField::Status.text().get(lang),
            &p,
        ))
    })?;
    let on = match &args.date {
        None => None,
        Some(t) => Some(parse_date(t).map_err(|_| {
            let p = FindingProblem::NotADate(t.clone());
            let field = if status == FindingStatus::Verified {
                FindingField::VerifiedOn
            } else {
                FindingField::DoneOn
            };
            CliError::BadInput(words::field_problem(lang, field.text().get(lang), &p))
        })?),
    };
    let by = args.by.clone().unwrap_or_default();
    let make = |ledger: &Ledger| -> Result<Edit, CliError> {
        ledger
            .set_finding_status(FindingId(args.id), status, on, &by)
            .ok_or_else(|| CliError::BadInput(words::no_such_finding(lang, args.id)))
    };
    edit_and_save(&args.file, lang, make, |e| e)?;
    output::done(&words::status_set(lang, args.id, status.label(lang)), lang)
}
