//! Printed summaries: a PDF for leadership meetings and an XLSX workbook for further work,
//! both computed from a [`Summary`] of the ledger over a period.
//!
//! - [`pdf()`]: A4 pages with the overview, tables, bar charts, a footer to sign on and
//!   "第 X 页 共 Y 页"; the bundled CJK font is embedded as a subset, so the text can be
//!   selected and searched. Characters the font lacks are reported, never printed blank.
//! - [`xlsx()`]: one sheet per table with totals written as `=SUM(..)` formulas that carry
//!   their computed values.

pub mod options;
pub mod pdf;
pub mod xlsx;

pub use options::{ReportOptions, Sections};
pub use pdf::{PdfReport, pdf};
pub use xlsx::xlsx;

use crate::i18n::Lang;
use crate::ledger::{Fen, Ledger};
use crate::summary::{Filter, Summary, Totals};
use chrono::{Datelike, NaiveDate};

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The PDF writer failed (a font that cannot be embedded, a broken page).
    #[error("PDF: {0}")]
    Pdf(String),
    /// The XLSX writer failed.
    #[error("XLSX: {0}")]
    Xlsx(String),
}

impl ReportError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReportError::Pdf(e), Lang::Zh) => format!("生成 PDF 失败：{e}"),
            (ReportError::Pdf(e), Lang::En) => format!("could not make the PDF: {e}"),
            (ReportError::Xlsx(e), Lang::Zh) => format!("生成 XLSX 失败：{e}"),
            (ReportError::Xlsx(e), Lang::En) => format!("could not make the XLSX: {e}"),
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
    match lang {
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2020年6月1日至2020年6月30日` / `1 June 2020 – 30 June 2020`.
pub fn period_text(ledger: &Ledger, options: &ReportOptions) -> String {
    let lang = options.lang;
    match period_bounds(ledger, options) {
        (Some(from), Some(to)) => match lang {
            Lang::Zh => format!("{}至{}", date_text(from, lang), date_text(to, lang)),
            Lang::En => format!("{} – {}", date_text(from, lang), date_text(to, lang)),
        },
        (Some(from), None) => match lang {
            Lang::Zh => format!("{}起", date_text(from, lang)),
            Lang::En => format!("from {}", date_text(from, lang)),
        },
        (None, Some(to)) => match lang {
            Lang::Zh => format!("截至{}", date_text(to, lang)),
            Lang::En => format!("up to {}", date_text(to, lang)),
        },
        (None, None) => lang.pick("全部记录", "all records").to_string(),
    }
}

/// `毕节职业技术学院帮扶工作汇总` / `毕节职业技术学院 — Assistance summary`.
pub fn title(ledger: &Ledger, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}帮扶工作汇总", ledger.unit),
        Lang::En if ledger.unit.is_empty() => "Assistance summary".to_string(),
        Lang::En => format!("{} — Assistance summary", ledger.unit),
    }
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
    match (lang, in_wan) {
        (Lang::Zh, false) => "元",
        (Lang::Zh, true) => "万元",
        (Lang::En, false) => "yuan",
        (Lang::En, true) => "10,000 yuan",
    }
}

/// A heading with its amount unit: `合计（元）` / `Total (yuan)`.
pub fn with_unit(label: &str, lang: Lang, in_wan: bool) -> String {
    match lang {
        Lang::Zh => format!("{label}（{}）", amount_unit(lang, in_wan)),
        Lang::En => format!("{label} ({})", amount_unit(lang, in_wan)),
    }
}

/// The columns of every totals table (per village, department, category, month), after
/// the label column. Used by both the PDF and the workbook so they print the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TotalsColumn {
    /// 条数.
    Entries,
    /// 资金.
    Funds,
    /// 物资.
    Goods,
    /// 服务.
    Services,
    /// 合计.
    Total,
    /// 受益户数.
    Households,
    /// 受益人数.
    Persons,
    /// 人次.
    PersonTimes,
}

impl TotalsColumn {
    /// Every column in printed order.
    pub const ALL: [TotalsColumn; 8] = [
        TotalsColumn::Entries,
        TotalsColumn::Funds,
        TotalsColumn::Goods,
        TotalsColumn::Services,
        TotalsColumn::Total,
        TotalsColumn::Households,
        TotalsColumn::Persons,
        TotalsColumn::PersonTimes,
    ];

    /// True for money columns.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            TotalsColumn::Funds
                | TotalsColumn::Goods
                | TotalsColumn::Services
                | TotalsColumn::Total
        )
    }

    /// The heading, with the amount unit on money columns.
    pub fn heading(self, lang: Lang, in_wan: bool) -> String {
        let base = match self {
            TotalsColumn::Entries => lang.pick("条数", "Entries"),
            TotalsColumn::Funds => lang.pick("资金", "Funds"),
            TotalsColumn::Goods => lang.pick("物资", "Goods"),
            TotalsColumn::Services => lang.pick("服务", "Services"),
            TotalsColumn::Total => lang.pick("合计", "Total"),
            TotalsColumn::Households => lang.pick("受益户数", "Households"),
            TotalsColumn::Persons => lang.pick("受益人数", "Persons"),
            TotalsColumn::PersonTimes => lang.pick("人次", "Person-times"),
        };
        if self.is_money() {
            with_unit(base, lang, in_wan)
        } else {
            base.to_string()
        }
    }

    /// The money value of a money column.
    pub fn fen(self, t: &Totals) -> Option<Fen> {
        match self {
            TotalsColumn::Funds => Some(t.funds_fen),
            TotalsColumn::Goods => Some(t.goods_fen),
            TotalsColumn::Services => Some(t.services_fen),
            TotalsColumn::Total => Some(t.total_fen()),
            _ => None,
        }
    }

    /// The count of a count column.
    pub fn count(self, t: &Totals) -> Option<u64> {
        match self {
            TotalsColumn::Entries => Some(t.entries),
            TotalsColumn::Households => Some(t.households),
            TotalsColumn::Persons => Some(t.persons),
            TotalsColumn::PersonTimes => Some(t.person_times),
            _ => None,
        }
    }

    /// The cell as printed.
    pub fn text(self, t: &Totals, in_wan: bool) -> String {
        match (self.fen(t), self.count(t)) {
            (Some(f), _) => money_text(f, in_wan),
            (_, Some(n)) => crate::ledger::money::group_count(n),
            _ => String::new(),
        }
    }
}

/// `合计` / `Total`: the label of totals rows and columns.
pub fn total_label(lang: Lang) -> &'static str {
    lang.pick("合计", "Total")
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
