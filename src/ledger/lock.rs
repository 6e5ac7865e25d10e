//! The period lock (结账): once a period has been reported, every entry dated up to its
//! end date is locked. An edit that adds, changes or removes such an entry is refused
//! (see [`refused_date`]); the lock itself is set, moved and lifted by
//! [`super::Edit::SetLock`], so locking and unlocking are in the history and can be undone
//! like any other edit.
//!
//! What the lock covers, and what it does not:
//! - entries dated on or before `until` (adding one there, changing one from or into the
//!   period, deleting one) — these are the reported figures;
//! - not master data (renaming a village or a department changes no figure; merging two
//!   villages moves entries, so it is refused when it moves a locked one), not the
//!   rectification ledger (findings move on after a report), not the indicators' targets
//!   (a plan, not a figure of the period).

use super::Edit;
use super::validate::{MAX_NAME_CHARS, check_date};
use crate::i18n::{Lang, lock as words};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A lock on everything dated up to a day: who set it, when and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodLock {
    /// The last locked day (截至日期), inclusive.
    pub until: NaiveDate,
    /// Why (6月报表已报送领导班子会).
    pub reason: String,
    /// Who locked it: `user@host`, as the journal names who saved an edit.
    pub by: String,
    /// When, with the local offset (as the journal's time stamps).
    pub at: DateTime<FixedOffset>,
}

impl PeriodLock {
    /// True when an entry dated `date` is locked.
    pub fn covers(&self, date: NaiveDate) -> bool {
        date <= self.until
    }

    /// `截至 2020-06-30 已结账（张三@PC-12，2026-11-29 10:31，原因：…）`: the lock in one
    /// line, for `bangfu check`, `bangfu summary` and the app's lock dialog.
    pub fn line(&self, lang: Lang) -> String {
        words::lock_line(lang, self)
    }
}

/// What is wrong with a lock or an unlock; the ledger is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockProblem {
    /// The reason is empty.
    ReasonEmpty,
    /// The reason is longer than this many characters.
    ReasonTooLong(usize),
    /// The date is outside 2000-01-01..=2100-12-31.
    DateOutOfRange,
    /// Who locked it is not said.
    NoOne,
}

impl LockProblem {
    /// The problem in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LockProblem::ReasonEmpty => words::REASON_EMPTY.get(lang).to_string(),
            LockProblem::ReasonTooLong(max) => words::reason_too_long(lang, *max),
            LockProblem::DateOutOfRange => words::UNTIL_OUT_OF_RANGE.get(lang).to_string(),
            LockProblem::NoOne => words::NO_ONE.get(lang).to_string(),
        }
    }
}

/// An edit refused because it touches an entry dated inside the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The lock.
    pub lock: PeriodLock,
    /// The (first) locked date the edit touches.
    pub date: NaiveDate,
}

impl Refusal {
    /// Names the date, the lock, who set it, when and why, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        words::refused(lang, self.date, &self.lock)
    }
}

/// A reason as stored: ends trimmed, 1–200 characters.
pub fn clean_reason(text: &str) -> Result<String, LockProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(LockProblem::ReasonEmpty);
    }
    if t.chars().count() > MAX_NAME_CHARS {
        return Err(LockProblem::ReasonTooLong(MAX_NAME_CHARS));
    }
    Ok(t.to_string())
}

/// Checks a lock before it is set: a date in range, a reason, and who set it.
pub fn check(lock: &PeriodLock) -> Result<(), LockProblem> {
    check_date(lock.until).map_err(|_| LockProblem::DateOutOfRange)?;
    if clean_reason(&lock.reason)? != lock.reason {
        // Stored trimmed, as every name is.
        return Err(LockProblem::ReasonEmpty);
    }
    if lock.by.trim().is_empty() {
        return Err(LockProblem::NoOne);
    }
    Ok(())
}

/// The first date inside `lock` that `edit` touches: the date of an entry it adds or
/// deletes, or an updated entry's date before or after the change (moving an entry out
/// of or into the period both change the period's figures). Every edit of a batch counts.
/// `None` when the edit may go ahead.
pub fn refused_date(edit: &Edit, lock: &PeriodLock) -> Option<NaiveDate> {
    match edit {
        Edit::AddEntry(e) | Edit::DeleteEntry(e) => lock.covers(e.date).then_some(e.date),
        Edit::UpdateEntry { before, after } => [before.date, after.date]
            .into_iter()
            .find(|d| lock.covers(*d)),
        Edit::Batch { edits, .. } => edits.iter().find_map(|e| refused_date(e, lock)),
        _ => None,
    }
}

/// The end of the month before `today`'s: what the lock dialog offers first (a month is
/// locked once it has been reported, early in the next).
pub fn end_of_last_month(today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    today
        .with_day(1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(today)
}

/// The detail column of `bangfu history` for a lock edit, by field name as for every
/// other edit: `until: — → 2020-06-30; reason: — → …; by: …; at: …` when locking, the
/// other way round when unlocking, with `unlock_reason: …`.
pub fn history_detail(
    before: Option<&PeriodLock>,
    after: Option<&PeriodLock>,
    unlock_reason: &str,
) -> String {
    let fields = |l: Option<&PeriodLock>| -> [String; 4] {
        match l {
            Some(l) => [
                l.until.to_string(),
                l.reason.clone(),
                l.by.clone(),
                l.at.to_rfc3339(),
            ],
            None => ["—", "—", "—", "—"].map(String::from),
        }
    };
    let (b, a) = (fields(before), fields(after));
    let mut parts: Vec<String> = ["until", "reason", "by", "at"]
        .iter()
        .zip(b.iter().zip(&a))
        .filter(|(_, (b, a))| b != a)
        .map(|(k, (b, a))| format!("{k}: {b} → {a}"))
        .collect();
    if !unlock_reason.is_empty() {
        parts.push(format!("unlock_reason: {unlock_reason}"));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_ledger;
    use crate::ledger::edit::BatchLabel;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn lock(until: NaiveDate) -> PeriodLock {
        PeriodLock {
            until,
            reason: "6月报表已报送".into(),
            by: "张三@PC-12".into(),
            at: DateTime::parse_from_rfc3339("2026-11-29T10:31:07+08:00").expect("time"),
        }
    }

    #[test]
    fn the_end_of_last_month() {
        assert_eq!(end_of_last_month(day(2020, 7, 15)), day(2020, 6, 30));
        assert_eq!(end_of_last_month(day(2020, 3, 1)), day(2020, 2, 29));
        assert_eq!(end_of_last_month(day(2021, 1, 31)), day(2020, 12, 31));
    }

    #[test]
    fn the_last_day_is_locked_and_the_next_is_not() {
        let l = lock(day(2020, 6, 30));
        assert!(l.covers(day(2020, 6, 30)));
        assert!(l.covers(day(2019, 1, 1)));
        assert!(!l.covers(day(2020, 7, 1)));
    }

    #[test]
    fn an_update_is_refused_when_either_date_is_locked() {
        let l = lock(day(2020, 6, 30));
        let mut before = sample_ledger().entries[0].clone();
        before.date = day(2020, 7, 2);
        let mut after = before.clone();
        after.date = day(2020, 6, 29);
        let into = Edit::UpdateEntry {
            before: Box::new(before.clone()),
            after: Box::new(after.clone()),
        };
        assert_eq!(refused_date(&into, &l), Some(day(2020, 6, 29)));
        assert_eq!(refused_date(&into.inverse(), &l), Some(day(2020, 6, 29)));
        after.date = day(2020, 7, 3);
        let outside = Edit::UpdateEntry {
            before: Box::new(before.clone()),
            after: Box::new(after),
        };
        assert_eq!(refused_date(&outside, &l), None);
        let batch = Edit::Batch {
            label: BatchLabel::Import { entries: 2 },
            edits: vec![outside, Edit::add_entry(sample_ledger().entries[0].clone())],
        };
        assert_eq!(refused_date(&batch, &l), Some(day(2020, 6, 5)));
    }

    #[test]
    fn a_lock_needs_a_reason_and_a_date_in_range() {
        assert_eq!(check(&lock(day(2020, 6, 30))), Ok(()));
        let mut l = lock(day(2020, 6, 30));
        l.reason = "  ".into();
        assert_eq!(check(&l), Err(LockProblem::ReasonEmpty));
        l.reason = "理".repeat(201);
        assert_eq!(check(&l), Err(LockProblem::ReasonTooLong(200)));
        let mut l = lock(day(1999, 12, 31));
        assert_eq!(check(&l), Err(LockProblem::DateOutOfRange));
        l.until = day(2020, 1, 1);
        l.by = String::new();
        assert_eq!(check(&l), Err(LockProblem::NoOne));
        assert_eq!(clean_reason(" 已报送 "), Ok("已报送".to_string()));
    }
}
