//! Printed summaries: a PDF for leadership meetings and an XLSX workbook for further work,
//! both computed from a [`Summary`] of the ledger over a period.
//!
//! - [`pdf()`]: A4 pages with the overview, tables, bar charts, a footer to sign on and
//!   "第 X 页 共 Y 页"; the bundled CJK font is embedded as a subset, so the text can be
//!   selected and searched. Characters the font lacks are reported, never printed blank.
//! - [`xlsx()`]: one sheet per table with totals written as `=SUM(..)` formulas that carry
//!   their computed values.
//! - [`table`]: the neutral tables both are drawn from (and the CLI's and the app's totals);
//!   [`text`] renders them as an aligned terminal table, CSV or JSON.
//!
//! Everything here returns bytes or text; writing files is the caller's job.

pub mod findings;
pub mod options;
pub mod pdf;
pub mod table;
pub mod text;
pub mod xlsx;

pub use options::{ReportOptions, Sections};
pub use pdf::{PdfReport, pdf};
pub use table::{Table, TotalsColumn};
pub use xlsx::xlsx;

use crate::i18n::{Lang, report as words};
use crate::ledger::{Fen, Ledger};
use crate::summary::{Filter, Summary};
use chrono::NaiveDate;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The PDF writer failed (a font that cannot be embedded, a broken page).
    #[error("PDF: {0}")]
    Pdf(String),
    /// The XLSX writer failed.
    #[error("XLSX: {0}")]
    Xlsx(#[source] rust_xlsxwriter::XlsxError),
}

impl ReportError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReportError::Pdf(e) => words::pdf_failed(e, lang),
            ReportError::Xlsx(e) => words::xlsx_failed(&e.to_string(), lang),
        }
    }
}

/// The summary a report prints: the options' period over the whole ledger.
pub fn summary_for(ledger: &Ledger, options: &ReportOptions) -> Summary {
    Summary::compute(ledger, &Filter::period(options.from, options.to))
}

/// The period a report covers: the options' dates, or the first / last entry's date when
/// a side is open. `None` on a side with no date and no entries.
pub fn period_bounds(
    ledger: &Ledger,
    options: &ReportOptions,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let first = ledger.entries.iter().map(|e| e.date).min();
    let last = ledger.entries.iter().map(|e| e.date).max();
    (options.from.or(first), options.to.or(last))
}

/// `2020年6月1日` / `1 June 2020`.
pub fn date_text(date: NaiveDate, lang: Lang) -> String {
    words::date_text(date, lang)
}

/// `2020年6月1日至2020年6月30日` / `1 June 2020 – 30 June 2020`.
pub fn period_text(ledger: &Ledger, options: &ReportOptions) -> String {
    let lang = options.lang;
    let d = |x: NaiveDate| date_text(x, lang);
    match period_bounds(ledger, options) {
        (Some(from), Some(to)) => words::period_between(&d(from), &d(to), lang),
        (Some(from), None) => words::period_from(&d(from), lang),
        (None, Some(to)) => words::period_to(&d(to), lang),
        (None, None) => words::ALL_RECORDS.get(lang).to_string(),
    }
}

/// `毕节职业技术学院帮扶工作汇总` / `毕节职业技术学院 — Assistance summary`.
pub fn title(ledger: &Ledger, lang: Lang) -> String {
    words::title(&ledger.unit, lang)
}

/// An amount as printed: `40,000.00` in yuan or `4.00` in 万元.
pub fn money_text(fen: Fen, in_wan: bool) -> String {
    if in_wan {
        fen.display_wan()
    } else {
        fen.display()
    }
}

/// `元` / `万元` (`yuan` / `10,000 yuan`).
pub fn amount_unit(lang: Lang, in_wan: bool) -> &'static str {
    words::amount_unit(lang, in_wan)
}

/// A heading with its amount unit: `合计（元）` / `Total (yuan)`.
pub fn with_unit(label: &str, lang: Lang, in_wan: bool) -> String {
    words::with_unit(label, lang, in_wan)
}

/// `合计` / `Total`: the label of totals rows and columns.
pub fn total_label(lang: Lang) -> &'static str {
    crate::i18n::fields::TOTAL.get(lang)
}

/// Whether the period covers more than one calendar month (the per-month table is only
/// worth printing then).
pub fn spans_months(summary: &Summary) -> bool {
    summary.by_month.rows.len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;

    #[test]
    fn period_from_options_or_entries() {
        let ledger = sample_ledger();
        let day = NaiveDate::from_ymd_opt(2020, 7, 1).unwrap_or_default();
        let mut o = ReportOptions::new(Lang::Zh, day);
        assert_eq!(period_text(&ledger, &o), "2020年6月5日至2020年6月28日");
        o.from = NaiveDate::from_ymd_opt(2020, 6, 1);
        o.to = NaiveDate::from_ymd_opt(2020, 6, 30);
        assert_eq!(period_text(&ledger, &o), "2020年6月1日至2020年6月30日");
        o.lang = Lang::En;
        assert_eq!(period_text(&ledger, &o), "1 June 2020 – 30 June 2020");
        assert_eq!(title(&ledger, Lang::Zh), "毕节职业技术学院帮扶工作汇总");
    }
}
