//! Progress of the rectification ledger (整改进度): findings counted by status per village,
//! category, source (round) or responsible unit, with overdue counts and the completion
//! rate, all against an as-of date.

use crate::ledger::Ledger;
use crate::ledger::findings::{Finding, FindingStatus, Responsible};
use chrono::NaiveDate;

/// What findings are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingKey {
    /// 村.
    Village,
    /// 问题类别.
    Category,
    /// 问题来源.
    Source,
    /// 责任单位.
    Responsible,
}

/// Counts of one group of findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindingCounts {
    /// 问题数.
    pub findings: u64,
    /// 未整改.
    pub open: u64,
    /// 整改中.
    pub in_progress: u64,
    /// 已整改.
    pub done: u64,
    /// 已销号.
    pub verified: u64,
    /// 已超时限: open or in progress with a deadline before the as-of date.
    pub overdue: u64,
}

impl FindingCounts {
    /// Counts one finding.
    pub fn add(&mut self, f: &Finding, as_of: NaiveDate) {
        self.findings += 1;
        match f.status {
            FindingStatus::Open => self.open += 1,
            FindingStatus::InProgress => self.in_progress += 1,
            FindingStatus::Done => self.done += 1,
            FindingStatus::Verified => self.verified += 1,
        }
        if f.is_overdue(as_of) {
            self.overdue += 1;
        }
    }

    /// The count of one status.
    pub fn of(&self, status: FindingStatus) -> u64 {
        match status {
            FindingStatus::Open => self.open,
            FindingStatus::InProgress => self.in_progress,
            FindingStatus::Done => self.done,
            FindingStatus::Verified => self.verified,
        }
    }

    /// Completion rate in basis points (10,000 = 100 %): (done + verified) / findings,
    /// rounded half up to one decimal of a percent (so always a multiple of 10); `None`
    /// without findings.
    pub fn completion_bp(&self) -> Option<u32> {
        if self.findings == 0 {
            return None;
        }
        let fixed = self.done + self.verified;
        // permille, rounded half up: (2·1000·fixed + n) / 2n
        let permille = (2 * 1000 * fixed + self.findings) / (2 * self.findings);
        u32::try_from(permille * 10).ok()
    }

    /// The completion rate as `61.4` (percent, one decimal, no sign); empty without findings.
    pub fn completion_text(&self) -> String {
        self.completion_bp()
            .map(|bp| format!("{}.{}", bp / 100, (bp / 10) % 10))
            .unwrap_or_default()
    }
}

/// One group's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    /// The group's name (九股村, 饮水安全, 第二轮督战, 妈姑镇人民政府).
    pub key: String,
    /// Its counts.
    pub counts: FindingCounts,
}

/// The findings summary: one row per group that has findings, and the total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingSummary {
    /// Grouped by.
    pub by: FindingKey,
    /// The as-of date of overdue.
    pub as_of: NaiveDate,
    /// Groups in the ledger's order (villages, categories, rounds as listed; responsible
    /// units: departments as listed, then outside bodies in order of first finding).
    pub rows: Vec<FindingRow>,
    /// All findings.
    pub total: FindingCounts,
}

/// The group name of a finding.
pub fn key_of(ledger: &Ledger, f: &Finding, by: FindingKey) -> String {
    match by {
        FindingKey::Village => ledger.village_name(f.village).to_string(),
        FindingKey::Category => ledger.finding_category_name(f.category).to_string(),
        FindingKey::Source => ledger.round_name(f.round).to_string(),
        FindingKey::Responsible => f.responsible.name(ledger).to_string(),
    }
}

/// Counts every finding the filter keeps, grouped.
pub fn summarize(
    ledger: &Ledger,
    findings: &[&Finding],
    by: FindingKey,
    as_of: NaiveDate,
) -> FindingSummary {
    let order: Vec<String> = match by {
        FindingKey::Village => ledger.villages.iter().map(|v| v.name.clone()).collect(),
        FindingKey::Category => ledger
            .finding_categories
            .iter()
            .map(|c| c.name.clone())
            .collect(),
        FindingKey::Source => ledger.rounds.iter().map(|r| r.name.clone()).collect(),
        FindingKey::Responsible => {
            let mut names: Vec<String> =
                ledger.departments.iter().map(|d| d.name.clone()).collect();
            for f in findings {
                if let Responsible::Outside(t) = &f.responsible
                    && !names.contains(t)
                {
                    names.push(t.clone());
                }
            }
            names
        }
    };
    let mut rows: Vec<FindingRow> = order
        .into_iter()
        .map(|key| FindingRow {
            key,
            counts: FindingCounts::default(),
        })
        .collect();
    let mut total = FindingCounts::default();
    for f in findings {
        total.add(f, as_of);
        let key = key_of(ledger, f, by);
        match rows.iter_mut().find(|r| r.key == key) {
            Some(r) => r.counts.add(f, as_of),
            None => {
                let mut counts = FindingCounts::default();
                counts.add(f, as_of);
                rows.push(FindingRow { key, counts });
            }
        }
    }
    rows.retain(|r| r.counts.findings > 0);
    FindingSummary {
        by,
        as_of,
        rows,
        total,
    }
}

/// Which findings to show (the view's filters, `findings list`'s flags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingFilter {
    /// Only this village (by name).
    pub village: Option<String>,
    /// Only this round (by name).
    pub round: Option<String>,
    /// Only this category (by name).
    pub category: Option<String>,
    /// Only these statuses (empty = all).
    pub statuses: Vec<FindingStatus>,
    /// Responsible unit or person contains this text.
    pub responsible: String,
    /// Only overdue findings.
    pub overdue: bool,
    /// Only pending findings due within this many days of the as-of date (not overdue).
    pub due_within: Option<u32>,
}

impl FindingFilter {
    /// Whether a finding passes.
    pub fn keeps(&self, ledger: &Ledger, f: &Finding, as_of: NaiveDate) -> bool {
        let name_is =
            |want: &Option<String>, have: &str| want.as_ref().is_none_or(|w| w.trim() == have);
        name_is(&self.village, ledger.village_name(f.village))
            && name_is(&self.round, ledger.round_name(f.round))
            && name_is(&self.category, ledger.finding_category_name(f.category))
            && (self.statuses.is_empty() || self.statuses.contains(&f.status))
            && (self.responsible.trim().is_empty()
                || f.responsible.name(ledger).contains(self.responsible.trim())
                || f.person.contains(self.responsible.trim()))
            && (!self.overdue || f.is_overdue(as_of))
            && self.due_within.is_none_or(|d| f.is_due_soon(as_of, d))
    }

    /// The findings that pass, in id order.
    pub fn apply<'a>(&self, ledger: &'a Ledger, as_of: NaiveDate) -> Vec<&'a Finding> {
        ledger
            .findings
            .iter()
            .filter(|f| self.keeps(ledger, f, as_of))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_rate_rounds_half_up_to_one_decimal() {
        let c = |findings, done, verified| FindingCounts {
            findings,
            done,
            verified,
            ..FindingCounts::default()
        };
        // 34 / 50 = 68.0 %
        assert_eq!(c(50, 4, 30).completion_text(), "68.0");
        // 2 / 3 = 66.666… → 66.7
        assert_eq!(c(3, 1, 1).completion_text(), "66.7");
        // 1 / 8 = 12.5 exactly; 1/16 = 6.25 → 6.3 (half up)
        assert_eq!(c(8, 1, 0).completion_text(), "12.5");
        assert_eq!(c(16, 0, 1).completion_text(), "6.3");
        assert_eq!(c(0, 0, 0).completion_text(), "");
        assert_eq!(c(3, 1, 1).completion_bp(), Some(6670));
    }
}
