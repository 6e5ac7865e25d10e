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

pub mod evidence;
pub mod findings;
pub mod options;
pub mod pdf;
pub mod table;
pub mod text;
pub mod xlsx;

pub use options::{ReportOptions, Sections};
pub use pdf::{PdfReport, pdf, pdf_at, pdf_with_files};
pub use table::{Table, TotalsColumn};
pub use xlsx::xlsx;

use crate::i18n::{Lang, report as words};
use crate::ledger::{Fen, Ledger};
use crate::summary::{Filter, SourceTotals, Summary, Totals};
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

/// The pledges a report shows: the unit's own and those it brought in; others' (such as
/// the town's funds for a village) only when asked for.
pub fn pledges_part(t: &Totals, include_other: bool) -> SourceTotals {
    let mut part = t.direct;
    part.merge(&t.introduced);
    if include_other {
        part.merge(&t.other);
    }
    part
}

/// The year a report's year-over-year and targets tables are about: the year of the
/// period's end date (the last entry's when the period is open), `None` for an empty
/// ledger with no end date.
pub fn report_year(ledger: &Ledger, options: &ReportOptions) -> Option<i32> {
    use chrono::Datelike;
    period_bounds(ledger, options).1.map(|d| d.year())
}

/// Every table of a report, built once for the PDF and the workbook (which prints which
/// is their choice), in the order they are printed.
#[derive(Clone, Debug)]
pub struct ReportTables {
    /// The year of the targets and year-over-year tables.
    pub year: i32,
    /// 责任书完成情况.
    pub targets: Table,
    /// 按村汇总.
    pub by_village: Table,
    /// 按部门汇总.
    pub by_department: Table,
    /// 按村同比.
    pub yoy_village: Table,
    /// 按部门同比.
    pub yoy_department: Table,
    /// 村×部门.
    pub cross: Table,
    /// 按类别汇总.
    pub by_category: Table,
    /// 按月汇总.
    pub by_month: Table,
}

impl ReportTables {
    /// The tables of a report over `summary` (computed with [`summary_for`]).
    pub fn new(ledger: &Ledger, options: &ReportOptions, summary: &Summary) -> ReportTables {
        use chrono::Datelike;
        let year = report_year(ledger, options).unwrap_or(options.printed_on.year());
        let progress = crate::summary::progress(ledger, year, options.lang);
        let yoy = crate::summary::year_over_year(ledger, year);
        ReportTables::from_parts(ledger, options, summary, &progress, &yoy)
    }

    /// The tables from figures already computed: the summary, the indicators' progress
    /// and the year over year of the report's year (`yoy.year`); the app keeps them up
    /// to date from each edit.
    pub fn from_parts(
        ledger: &Ledger,
        options: &ReportOptions,
        summary: &Summary,
        progress: &[crate::summary::IndicatorProgress],
        yoy: &crate::summary::YearOverYear,
    ) -> ReportTables {
        let lang = options.lang;
        let wan = options.amounts_in_wan;
        let other = options.include_other;
        let s = summary;
        let year = yoy.year;
        ReportTables {
            year,
            targets: table::targets(progress, year, lang),
            by_village: table::by_village(ledger, s, lang, wan, other),
            by_department: table::by_department(ledger, s, lang, wan, other),
            yoy_village: table::yoy_by_village(ledger, yoy, lang, wan),
            yoy_department: table::yoy_by_department(ledger, yoy, lang, wan),
            cross: table::cross(ledger, s, lang, wan),
            by_category: table::by_category(ledger, s, lang, wan, other),
            by_month: table::by_month(ledger, s, lang, wan, other),
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

/// The unit's name as printed, or `None` when the ledger has none yet: empty, or still
/// the placeholder 帮扶单位 a new ledger starts with (never printed as if it were a name).
pub fn unit_name(ledger: &Ledger) -> Option<&str> {
    let unit = ledger.unit.trim();
    let placeholder = crate::i18n::fields::ASSISTING_UNIT;
    let is_placeholder = unit == placeholder.0 || unit.eq_ignore_ascii_case(placeholder.1);
    (!unit.is_empty() && !is_placeholder).then_some(unit)
}

/// `毕节职业技术学院帮扶工作汇总表` / `毕节职业技术学院 — Assistance summary`; without a
/// unit's name `帮扶工作汇总表` / `Assistance summary`.
pub fn title(ledger: &Ledger, lang: Lang) -> String {
    words::title(unit_name(ledger).unwrap_or(""), lang)
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
        assert_eq!(title(&ledger, Lang::Zh), "毕节职业技术学院帮扶工作汇总表");
    }

    #[test]
    fn the_title_names_the_unit_never_the_placeholder() {
        let mut ledger = Ledger::new("帮扶单位");
        assert_eq!(unit_name(&ledger), None);
        assert_eq!(title(&ledger, Lang::Zh), "帮扶工作汇总表");
        assert_eq!(title(&ledger, Lang::En), "Assistance summary");
        ledger.unit = "  ".into();
        assert_eq!(title(&ledger, Lang::Zh), "帮扶工作汇总表");
        ledger.unit = "毕节职业技术学院".into();
        assert_eq!(title(&ledger, Lang::Zh), "毕节职业技术学院帮扶工作汇总表");
        assert_eq!(
            title(&ledger, Lang::En),
            "毕节职业技术学院 — Assistance summary"
        );
    }
}
