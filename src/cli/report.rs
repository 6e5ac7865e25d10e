//! `bangfu report FILE --pdf OUT.pdf [--xlsx OUT.xlsx] [--from D] [--to D] [--wan] [--entries]
//! [--other] [--evidence [--evidence-per-page 2|4]]`.
//!
//! Both outputs are made in memory first, then written together by the atomic writer
//! ([`atomic::write_files`]): if either cannot be made or written, neither file is
//! replaced. Exit codes as in [`crate::cli`]: 1 for no output asked for, a bad date, or an
//! output that cannot be written; 2 for a file that is not a valid ledger; 3 locked.

use super::{CliError, LangArg, finish, output};
use crate::i18n::{Lang, cli as words};
use crate::ledger::period::{BoundNames, Period};
use crate::report::evidence::{EvidenceOptions, PerPage};
use crate::report::{ReportOptions, Sections, pdf_at, xlsx};
use crate::store::{self, atomic, fs::RealFs};
use std::path::{Path, PathBuf};

/// Photos per page of the 佐证材料 appendix, as typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PerPageArg {
    /// Two photos, one above the other.
    #[value(name = "2")]
    Two,
    /// Four photos, two by two.
    #[default]
    #[value(name = "4")]
    Four,
}

/// Arguments of `bangfu report`.
#[derive(Clone, Debug, clap::Args)]
pub struct ReportArgs {
    /// The ledger file (.ron).
    pub file: PathBuf,
    /// Write the printed summary to this PDF file.
    #[arg(long, value_name = "OUT.pdf")]
    pub pdf: Option<PathBuf>,
    /// Write the workbook to this XLSX file.
    #[arg(long, value_name = "OUT.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// First day covered (2020-06-01, 2020/6/1 or 2020年6月1日); default: the first entry.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day covered; default: the last entry.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Amounts in 万元 instead of 元.
    #[arg(long)]
    pub wan: bool,
    /// Add every entry as an appendix to the PDF.
    #[arg(long)]
    pub entries: bool,
    /// Add the 佐证材料 appendix to the PDF: the photos attached to the records printed,
    /// each with its date, village and content; other files are listed.
    #[arg(long)]
    pub evidence: bool,
    /// Photos per page in the 佐证材料 appendix.
    #[arg(long, value_enum, value_name = "2|4", default_value = "4")]
    pub evidence_per_page: PerPageArg,
    /// Also show others' input (其他, such as the town's funds for a village) as its own
    /// column and in the pledges; it is never counted as the unit's.
    #[arg(long)]
    pub other: bool,
    /// 制表人 (printed in the footer).
    #[arg(long, value_name = "NAME", default_value = "")]
    pub prepared_by: String,
    /// 审核人 (printed in the footer).
    #[arg(long, value_name = "NAME", default_value = "")]
    pub reviewed_by: String,
    /// Print the rectification ledger (整改台账) and its progress summary instead;
    /// overdue is counted as of --to (default: today).
    #[arg(long)]
    pub findings: bool,
    /// Language of the report and messages (set from the global `--lang`).
    #[arg(skip)]
    pub lang: LangArg,
}

/// Checks the arguments and turns them into report options (printed today).
pub fn options_from_args(args: &ReportArgs) -> Result<ReportOptions, String> {
    let lang = Lang::from(args.lang);
    let period = Period::parse(args.from.as_deref(), args.to.as_deref())
        .map_err(|e| e.message(lang, BoundNames::Flags))?;
    Ok(ReportOptions {
        lang,
        from: period.from,
        to: period.to,
        amounts_in_wan: args.wan,
        include_other: args.other,
        sections: Sections {
            entries: args.entries,
            ..Sections::default()
        },
        prepared_by: args.prepared_by.trim().to_string(),
        reviewed_by: args.reviewed_by.trim().to_string(),
        printed_on: chrono::Local::now().date_naive(),
        evidence: EvidenceOptions {
            include: args.evidence,
            per_page: match args.evidence_per_page {
                PerPageArg::Two => PerPage::Two,
                PerPageArg::Four => PerPage::Four,
            },
        },
    })
}

fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Runs `bangfu report`, prints any error, and returns the exit code.
pub fn run(args: &ReportArgs) -> i32 {
    finish(execute(args))
}

/// Runs `bangfu report`.
pub fn execute(args: &ReportArgs) -> Result<(), CliError> {
    let lang = Lang::from(args.lang);
    if args.pdf.is_none() && args.xlsx.is_none() {
        return Err(CliError::Usage(
            words::REPORT_NO_OUTPUT.get(lang).to_string(),
        ));
    }
    if args.evidence && (args.pdf.is_none() || args.findings) {
        return Err(CliError::Usage(
            crate::i18n::report_evidence::NEEDS_SUMMARY_PDF
                .get(lang)
                .to_string(),
        ));
    }
    let options = options_from_args(args).map_err(CliError::Usage)?;
    let ledger = store::read_ledger(&RealFs, &args.file).map_err(|e| CliError::store(e, lang))?;
    // Make everything first, then write it all at once: a failure replaces nothing.
    let mut outputs: Vec<(&Path, Vec<u8>, String)> = Vec::new();
    if let Some(path) = &args.pdf {
        let report = if args.findings {
            let as_of = options.to.unwrap_or(options.printed_on);
            crate::report::findings::findings_pdf(&ledger, as_of, &options)
        } else {
            pdf_at(&ledger, &args.file, &options)
        }
        .map_err(|e| CliError::report(e, lang))?;
        for warning in [report.missing_warning(lang), report.evidence_warning(lang)]
            .into_iter()
            .flatten()
        {
            output::error(&format!("{}{warning}", words::WARNING.get(lang)));
        }
        let note = words::pdf_note(lang, report.pages, &size_text(report.bytes.len()));
        outputs.push((path, report.bytes, note));
    }
    if let Some(path) = &args.xlsx {
        let bytes = if args.findings {
            let as_of = options.to.unwrap_or(options.printed_on);
            crate::report::findings::findings_xlsx(&ledger, as_of, lang)
        } else {
            xlsx(&ledger, &options)
        }
        .map_err(|e| CliError::report(e, lang))?;
        let note = size_text(bytes.len());
        outputs.push((path, bytes, note));
    }
    let files: Vec<(&Path, &[u8])> = outputs.iter().map(|(p, b, _)| (*p, &b[..])).collect();
    atomic::write_files(&RealFs, &files).map_err(|e| CliError::not_written(e, lang))?;
    outputs.iter().try_for_each(|(path, _, note)| {
        output::done(&words::report_written(lang, path, note), lang)
    })
}
