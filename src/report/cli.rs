//! `bangfu report FILE --pdf OUT.pdf [--xlsx OUT.xlsx] [--from D] [--to D] [--wan] [--entries]`.
//!
//! Exit codes: 0 done; 1 usage or anything else (no output asked for, a bad date, an output
//! file that cannot be written); 2 the ledger file is not a valid ledger (nothing written;
//! the code comes from [`StoreError::exit_code`], so a locked or unreadable file gives its
//! own code). Messages are in Chinese, or English with `--lang en`, and name the file.

use super::{ReportOptions, Sections, pdf, xlsx};
use crate::i18n::Lang;
use crate::ledger::validate::parse_date;
use crate::store::{self, StoreError};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The language of the report and the messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 中文.
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
    /// 制表人 (printed in the footer).
    #[arg(long, value_name = "NAME", default_value = "")]
    pub prepared_by: String,
    /// 审核人 (printed in the footer).
    #[arg(long, value_name = "NAME", default_value = "")]
    pub reviewed_by: String,
    /// Language of the report and messages (set from the global `--lang`).
    #[arg(skip)]
    pub lang: LangArg,
}

fn parse_day(text: Option<&str>, flag: &str, lang: Lang) -> Result<Option<NaiveDate>, String> {
    match text {
        None => Ok(None),
        Some(t) => parse_date(t).map(Some).map_err(|p| match lang {
            Lang::Zh => format!("{flag} 日期“{t}”{}", p.message(lang)),
            Lang::En => format!("{flag} date “{t}” {}", p.message(lang)),
        }),
    }
}

/// Checks the arguments and turns them into report options (printed today).
pub fn options_from_args(args: &ReportArgs) -> Result<ReportOptions, String> {
    let lang = Lang::from(args.lang);
    let from = parse_day(args.from.as_deref(), "--from", lang)?;
    let to = parse_day(args.to.as_deref(), "--to", lang)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(lang
            .pick("--from 不能晚于 --to", "--from must not be after --to")
            .to_string());
    }
    Ok(ReportOptions {
        lang,
        from,
        to,
        amounts_in_wan: args.wan,
        sections: Sections {
            entries: args.entries,
            ..Sections::default()
        },
        prepared_by: args.prepared_by.trim().to_string(),
        reviewed_by: args.reviewed_by.trim().to_string(),
        printed_on: chrono::Local::now().date_naive(),
    })
}

fn write_out(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| match lang {
        Lang::Zh => format!("无法写入“{}”：{e}", path.display()),
        Lang::En => format!("cannot write “{}”: {e}", path.display()),
    })
}

fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Runs `bangfu report`; returns the exit code.
pub fn run(args: &ReportArgs) -> i32 {
    let lang = Lang::from(args.lang);
    if args.pdf.is_none() && args.xlsx.is_none() {
        eprintln!(
            "{}",
            lang.pick(
                "请用 --pdf 输出.pdf 或 --xlsx 输出.xlsx 指定要生成的文件",
                "say what to write: --pdf OUT.pdf and/or --xlsx OUT.xlsx"
            )
        );
        return 1;
    }
    let options = match options_from_args(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return 1;
        }
    };
    let ledger = match store::read_ledger(&store::fs::RealFs, &args.file) {
        Ok(l) => l,
        Err(e) => return report_store_error(&e, lang),
    };
    // Make everything first, then write: a failure leaves no half of the output behind.
    let mut outputs: Vec<(&Path, Vec<u8>, String)> = Vec::new();
    if let Some(path) = &args.pdf {
        match pdf(&ledger, &options) {
            Ok(report) => {
                if let Some(warning) = report.missing_warning(lang) {
                    eprintln!("{}{warning}", lang.pick("警告：", "warning: "));
                }
                let note = match lang {
                    Lang::Zh => format!("{} 页，{}", report.pages, size_text(report.bytes.len())),
                    Lang::En => {
                        format!("{} pages, {}", report.pages, size_text(report.bytes.len()))
                    }
                };
                outputs.push((path, report.bytes, note));
            }
            Err(e) => {
                eprintln!("{}", e.message(lang));
                return 1;
            }
        }
    }
    if let Some(path) = &args.xlsx {
        match xlsx(&ledger, &options) {
            Ok(bytes) => {
                let note = size_text(bytes.len());
                outputs.push((path, bytes, note));
            }
            Err(e) => {
                eprintln!("{}", e.message(lang));
                return 1;
            }
        }
    }
    for (path, bytes, note) in &outputs {
        if let Err(message) = write_out(path, bytes, lang) {
            eprintln!("{message}");
            return 1;
        }
        match lang {
            Lang::Zh => println!("已生成“{}”（{note}）", path.display()),
            Lang::En => println!("wrote “{}” ({note})", path.display()),
        }
    }
    0
}

fn report_store_error(e: &StoreError, lang: Lang) -> i32 {
    eprintln!("{}", e.message(lang));
    e.exit_code()
}
