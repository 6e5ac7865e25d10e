//! `bangfu lock FILE --until D --reason TEXT` and `bangfu unlock FILE --reason TEXT`: the
//! period lock (结账). Each is one edit, saved as a journal line, so both are in
//! `bangfu history` with who and when. While a period is locked, `add`, `import` and
//! `merge` touching an entry dated in it exit 2 and write nothing.

use super::{CliError, edit_and_save, output};
use crate::i18n::{Lang, lock as words};
use crate::ledger::lock::{PeriodLock, clean_reason};
use crate::ledger::validate::parse_date;
use crate::ledger::{Edit, Ledger};
use chrono::Timelike;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu lock`.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The last day to lock (YYYY-MM-DD; 2020/6/30 and 2020年6月30日 too): every entry
    /// dated up to it, inclusive. A lock already there moves to this day.
    #[arg(long, allow_hyphen_values = true)]
    pub until: String,
    /// Why (6月报表已报送), kept with the lock and in the history.
    #[arg(long, allow_hyphen_values = true)]
    pub reason: String,
}

/// Arguments of `bangfu unlock`.
#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Why the lock is lifted, kept in the history.
    #[arg(long, allow_hyphen_values = true)]
    pub reason: String,
}

/// Runs `bangfu lock`. A bad date or an empty reason is exit 1 before the file is opened.
pub fn run_lock(args: &LockArgs, lang: Lang) -> Result<(), CliError> {
    let until = parse_date(&args.until)
        .map_err(|p| CliError::Usage(words::bad_until(lang, &args.until, &p.message(lang))))?;
    let reason = clean_reason(&args.reason).map_err(|p| CliError::Usage(p.message(lang)))?;
    let lock = PeriodLock {
        until,
        reason,
        by: crate::store::journal::saved_by(),
        // To the second, as the journal's stamps are shown.
        at: chrono::Local::now()
            .fixed_offset()
            .with_nanosecond(0)
            .unwrap_or_else(|| chrono::Local::now().fixed_offset()),
    };
    let make = |ledger: &Ledger| {
        Ok(Edit::SetLock {
            before: ledger.lock.as_deref().cloned(),
            after: Some(lock.clone()),
            unlock_reason: String::new(),
        })
    };
    let (ledger, _) = edit_and_save(&args.file, lang, make, |edit| edit)?;
    let lock = ledger.lock.as_deref().unwrap_or(&lock);
    output::line(&words::locked_done(lang, lock), lang)
}

/// Runs `bangfu unlock`: exit 2 when nothing is locked.
pub fn run_unlock(args: &UnlockArgs, lang: Lang) -> Result<(), CliError> {
    let reason = clean_reason(&args.reason).map_err(|p| CliError::Usage(p.message(lang)))?;
    let make = |ledger: &Ledger| match ledger.lock.as_deref() {
        Some(lock) => Ok((
            Edit::SetLock {
                before: Some(lock.clone()),
                after: None,
                unlock_reason: reason.clone(),
            },
            lock.until,
        )),
        None => Err(CliError::BadInput(words::NOT_LOCKED.get(lang).to_string())),
    };
    let (_, (_, until)) = edit_and_save(&args.file, lang, make, |(edit, _)| edit)?;
    output::line(&words::unlocked_done(lang, until), lang)
}

/// The lock's line for `check` and `summary`, when there is a lock.
pub fn lock_line(ledger: &Ledger, lang: Lang) -> Option<String> {
    ledger.lock.as_deref().map(|l| l.line(lang))
}
