//! lock words of the catalog (see the module docs of `crate::i18n`): the period lock
//! (结账), in the model's messages, the history, the CLI and the app's dialog.

use super::{Lang, Text};
use crate::ledger::lock::PeriodLock;
use chrono::NaiveDate;

/// When a lock was set, as its line shows it: `2026-11-29 10:31`.
fn when(lock: &PeriodLock) -> String {
    lock.at.format("%Y-%m-%d %H:%M").to_string()
}

/// `截至 2020-06-30 已结账（张三@PC-12，2026-11-29 10:31，原因：6月报表已报送）`.
pub fn lock_line(lang: Lang, lock: &PeriodLock) -> String {
    match lang {
        Lang::Zh => format!(
            "截至 {} 已结账（{}，{}，原因：{}）",
            lock.until,
            lock.by,
            when(lock),
            lock.reason
        ),
        Lang::En => format!(
            "locked up to {} (by {}, {}, reason: {})",
            lock.until,
            lock.by,
            when(lock),
            lock.reason
        ),
    }
}

/// An edit touching a locked entry: the date, the lock, who set it, when, why, and what
/// to do.
pub fn refused(lang: Lang, date: NaiveDate, lock: &PeriodLock) -> String {
    match lang {
        Lang::Zh => format!(
            "{date} 的记录在已结账期间内，不能添加、修改或删除：{}。如需修改，请先取消结账",
            lock_line(lang, lock)
        ),
        Lang::En => format!(
            "the entry dated {date} is in a locked period and cannot be added, changed or deleted: {}; unlock first to change it",
            lock_line(lang, lock)
        ),
    }
}

/// The status bar: `已结账至 2020-06-30`.
pub fn locked_until(lang: Lang, until: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("已结账至 {until}"),
        Lang::En => format!("locked up to {until}"),
    }
}

/// The history and the undo menu: `结账 截至 2020-06-30（原因：…）`, or with the date moved
/// `结账 截至 2020-05-31 → 2020-06-30（原因：…）`.
pub fn describe_lock(lang: Lang, before: Option<NaiveDate>, lock: &PeriodLock) -> String {
    let dates = match before {
        Some(b) if b != lock.until => format!("{b} → {}", lock.until),
        _ => lock.until.to_string(),
    };
    match lang {
        Lang::Zh => format!("结账 截至 {dates}（原因：{}）", lock.reason),
        Lang::En => format!("lock up to {dates} (reason: {})", lock.reason),
    }
}

/// The history and the undo menu: `取消结账 截至 2020-06-30（原因：…）`; without a reason
/// (a lock undone) `（撤销结账）`.
pub fn describe_unlock(lang: Lang, lock: &PeriodLock, reason: &str) -> String {
    match (lang, reason.is_empty()) {
        (Lang::Zh, false) => format!("取消结账 截至 {}（原因：{reason}）", lock.until),
        (Lang::Zh, true) => format!("取消结账 截至 {}（撤销结账）", lock.until),
        (Lang::En, false) => format!("unlock up to {} (reason: {reason})", lock.until),
        (Lang::En, true) => format!("unlock up to {} (lock undone)", lock.until),
    }
}

/// A lock without a reason.
pub const REASON_EMPTY: Text = Text("原因：不能为空", "reason: must not be empty");
/// A reason that is too long.
pub fn reason_too_long(lang: Lang, max: usize) -> String {
    match lang {
        Lang::Zh => format!("原因：不能超过 {max} 个字"),
        Lang::En => format!("reason: at most {max} characters"),
    }
}
/// A lock date out of range.
pub const UNTIL_OUT_OF_RANGE: Text = Text(
    "截至日期：须在 2000-01-01 至 2100-12-31 之间",
    "lock date: must be between 2000-01-01 and 2100-12-31",
);
/// A lock that does not say who set it.
pub const NO_ONE: Text = Text("结账人：不能为空", "locked by: must not be empty");
/// `bangfu unlock` (or the dialog) on a ledger that is not locked.
pub const NOT_LOCKED: Text = Text("台账未结账，无需取消结账", "the ledger is not locked");
/// The status bar after an unlock in the app.
pub const UNLOCKED: Text = Text("已取消结账", "Unlocked");
/// The dialog when nothing is locked.
pub const NOT_LOCKED_NOW: Text = Text("尚未结账", "Nothing is locked");

/// `bangfu lock --until` that is not a date.
pub fn bad_until(lang: Lang, typed: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("--until 日期“{typed}”：{why}"),
        Lang::En => format!("--until “{typed}”: {why}"),
    }
}

/// `bangfu lock` done.
pub fn locked_done(lang: Lang, lock: &PeriodLock) -> String {
    match lang {
        Lang::Zh => format!("已结账：{}", lock_line(lang, lock)),
        Lang::En => format!("locked: {}", lock_line(lang, lock)),
    }
}

/// `bangfu unlock` done.
pub fn unlocked_done(lang: Lang, until: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("已取消结账（原为截至 {until}）"),
        Lang::En => format!("unlocked (was locked up to {until})"),
    }
}

// ---- the app ----

/// The menu item.
pub const LOCK_MENU: Text = Text("结账…", "Lock period…");
/// The menu item's tooltip.
pub const LOCK_TIP: Text = Text(
    "锁定已上报期间的记录：截至日期（含）以前的记录不能再添加、修改或删除",
    "Lock a reported period: entries dated up to the day can no longer be added, changed or deleted",
);
/// The dialog's title.
pub const DIALOG_TITLE: Text = Text("结账", "Lock period");
/// What a lock does, in the dialog.
pub const DIALOG_EXPLAIN: Text = Text(
    "结账后，截至日期（含）以前的记录不能再添加、修改或删除；村、部门等基础资料、目标和整改台账不受影响。结账和取消结账都记入修改记录。",
    "Once locked, entries dated up to the day (inclusive) can no longer be added, changed or deleted; master data, targets and the rectification ledger are not locked. Locking and unlocking are in the history.",
);
/// The date field.
pub const UNTIL_LABEL: Text = Text("截至日期", "Lock up to");
/// The reason field.
pub const REASON_LABEL: Text = Text("原因", "Reason");
/// The hint in the reason field.
pub const REASON_HINT: Text = Text("如：2020年6月报表已报送", "e.g. June 2020 report submitted");
/// The unlock reason field.
pub const UNLOCK_REASON_LABEL: Text = Text("取消原因", "Reason to unlock");
/// The lock button.
pub const LOCK_BUTTON: Text = Text("结账", "Lock");
/// The lock button when a lock is there: its date moves.
pub const MOVE_BUTTON: Text = Text("改为此日期", "Move the lock here");
/// The unlock button.
pub const UNLOCK_BUTTON: Text = Text("取消结账", "Unlock");
/// The close button.
pub const CLOSE: Text = Text("关闭", "Close");
/// A date that cannot be read, in the dialog.
pub const BAD_DATE: Text = Text(
    "截至日期：不是有效日期（如 2020-06-30）",
    "lock date: not a valid date (e.g. 2020-06-30)",
);
/// The mark before a locked row's date in the ledger table.
pub const ROW_MARK: Text = Text("已结", "locked");
/// The tooltip on a locked row's date.
pub const ROW_LOCKED_TIP: Text = Text(
    "已结账：不能修改或删除",
    "Locked: cannot be changed or deleted",
);
