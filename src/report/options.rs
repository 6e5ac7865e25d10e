//! What a printed summary covers and how it looks; the app remembers the last choice.

use crate::i18n::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which tables of the summary are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sections {
    /// 责任书完成情况: the year's targets, completion and 完成率.
    pub targets: bool,
    /// 按村: totals per village, with a bar chart.
    pub per_village: bool,
    /// 按部门: totals per department, with a bar chart.
    pub per_department: bool,
    /// 村×部门: the village × department matrix with row and column totals.
    pub village_by_department: bool,
    /// 按类别: totals per category.
    pub per_category: bool,
    /// 按月: totals per month (printed only when the period spans more than one month).
    pub per_month: bool,
    /// 同比: per village and per department, this year against last year.
    pub year_over_year: bool,
    /// 明细: every entry as an appendix (off by default: it can run to hundreds of pages).
    pub entries: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            targets: true,
            per_village: true,
            per_department: true,
            village_by_department: true,
            per_category: true,
            per_month: true,
            year_over_year: true,
            entries: false,
        }
    }
}

/// Everything that shapes a printed summary (PDF) or a workbook (XLSX).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportOptions {
    /// Language of the headings and labels.
    pub lang: Lang,
    /// First day covered; `None` = from the first entry.
    pub from: Option<NaiveDate>,
    /// Last day covered; `None` = to the last entry.
    pub to: Option<NaiveDate>,
    /// Show amounts in 万元 (two decimals) instead of 元.
    pub amounts_in_wan: bool,
    /// Show others' input (其他: such as the town's funds for a village) as its own column
    /// and in the pledges; never counted as the unit's.
    pub include_other: bool,
    /// Which tables are printed.
    pub sections: Sections,
    /// 制表人 (empty: a line to sign on).
    pub prepared_by: String,
    /// 审核人 (empty: a line to sign on).
    pub reviewed_by: String,
    /// The date printed on the summary (injected so tests do not depend on today).
    pub printed_on: NaiveDate,
    /// The 佐证材料 appendix of the PDF (photos of the records printed).
    pub evidence: super::evidence::EvidenceOptions,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            lang: Lang::Zh,
            from: None,
            to: None,
            amounts_in_wan: false,
            include_other: false,
            sections: Sections::default(),
            prepared_by: String::new(),
            reviewed_by: String::new(),
            printed_on: chrono::Local::now().date_naive(),
            evidence: Default::default(),
        }
    }
}

impl ReportOptions {
    /// Default options in a language, printed on a given day.
    pub fn new(lang: Lang, printed_on: NaiveDate) -> ReportOptions {
        ReportOptions {
            lang,
            printed_on,
            ..ReportOptions::default()
        }
    }
}
