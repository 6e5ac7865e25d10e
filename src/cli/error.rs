//! [`CliError`]: every way a command can fail, and the exit code each one means.

use super::{EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_OTHER, EXIT_OUTPUT_LOST, is_locked};
use crate::i18n::{Lang, cli as words};
use crate::report::ReportError;
use crate::store::{ReadOnly, StoreError};
use std::io;

/// A failed command. The message is already in the user's language; [`CliError::exit_code`]
/// is the one place that maps failures to exit codes (see the table in [`crate::cli`]).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments, or anything not covered below (exit 1).
    #[error("{0}")]
    Usage(String),
    /// Bad input: a field, a CSV row, an unknown name; nothing was written (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// Reading, creating or saving a file failed (exit 2 for a file that is not a valid
    /// ledger, 3 for a ledger another process holds, else 1).
    #[error("{message}")]
    Store {
        /// The message.
        message: String,
        /// What the store said.
        #[source]
        source: StoreError,
    },
    /// The ledger opened read-only, so nothing can be saved (exit 3 when another process
    /// holds it, else 1).
    #[error("{message}")]
    ReadOnly {
        /// The message.
        message: String,
        /// Why it is read-only.
        reason: ReadOnly,
    },
    /// The file was changed by someone else; the save went to a conflict copy (exit 1).
    #[error("{0}")]
    ConflictCopy(String),
    /// A report could not be made; nothing was written (exit 1).
    #[error("{message}")]
    Report {
        /// The message.
        message: String,
        /// What the report said.
        #[source]
        source: ReportError,
    },
    /// Writing to stdout failed (a closed pipe, a full disk): exit 4. The message says
    /// whether the work (a save, a written file) was already done.
    #[error("{message}")]
    Output {
        /// The message.
        message: String,
        /// The write error (a closed pipe, a full disk).
        #[source]
        source: io::Error,
    },
}

impl CliError {
    /// A store error, in the user's language.
    pub fn store(source: StoreError, lang: Lang) -> CliError {
        CliError::Store {
            message: source.message(lang),
            source,
        }
    }

    /// A store error while writing output files: nothing was replaced.
    pub fn not_written(source: StoreError, lang: Lang) -> CliError {
        CliError::Store {
            message: words::cannot_write(lang, &source.message(lang)),
            source,
        }
    }

    /// The ledger is read-only.
    pub fn read_only(reason: ReadOnly, lang: Lang) -> CliError {
        CliError::ReadOnly {
            message: reason.message(lang),
            reason,
        }
    }

    /// A report could not be made.
    pub fn report(source: ReportError, lang: Lang) -> CliError {
        CliError::Report {
            message: source.message(lang),
            source,
        }
    }

    /// Output to stdout failed; the command only read.
    pub fn output(source: io::Error, lang: Lang) -> CliError {
        CliError::Output {
            message: words::output_failed(lang, &source),
            source,
        }
    }

    /// Output to stdout failed after the work was done (saved, or a file written).
    pub fn output_after_work(source: io::Error, lang: Lang) -> CliError {
        CliError::Output {
            message: words::output_failed_after_work(lang, &source),
            source,
        }
    }

    /// The process exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) => EXIT_BAD_INPUT,
            CliError::Store { source, .. } => match source {
                StoreError::Format { .. } | StoreError::JournalDamaged { .. } => EXIT_BAD_INPUT,
                StoreError::Locked(_) => EXIT_LOCKED,
                StoreError::ReadOnly(r) if is_locked(r) => EXIT_LOCKED,
                _ => EXIT_OTHER,
            },
            CliError::ReadOnly { reason, .. } if is_locked(reason) => EXIT_LOCKED,
            CliError::Output { .. } => EXIT_OUTPUT_LOST,
            CliError::Usage(_)
            | CliError::ReadOnly { .. }
            | CliError::ConflictCopy(_)
            | CliError::Report { .. } => EXIT_OTHER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::lock::LockHolder;

    fn holder() -> LockHolder {
        LockHolder {
            user: "王明".into(),
            host: "PC-12".into(),
            pid: 7,
            since: "2026-11-28 14:03".into(),
        }
    }

    #[test]
    fn each_failure_has_its_documented_code() {
        let zh = Lang::Zh;
        let io = || io::Error::from_raw_os_error(28);
        let cases = [
            (CliError::Usage("x".into()), 1),
            (CliError::BadInput("x".into()), 2),
            (CliError::store(StoreError::Locked(holder()), zh), 3),
            (
                CliError::store(StoreError::ReadOnly(ReadOnly::LockedBy(holder())), zh),
                3,
            ),
            (CliError::read_only(ReadOnly::LockedBy(holder()), zh), 3),
            (CliError::read_only(ReadOnly::NewerVersion(9), zh), 1),
            (CliError::store(StoreError::Verify, zh), 1),
            (CliError::ConflictCopy("x".into()), 1),
            (CliError::report(ReportError::Pdf("x".into()), zh), 1),
            (CliError::output(io(), zh), 4),
        ];
        for (e, code) in cases {
            assert_eq!(e.exit_code(), code, "{e:?}");
        }
        let e = CliError::output_after_work(io(), Lang::En);
        assert_eq!(e.exit_code(), 4);
        assert!(
            std::error::Error::source(&e).is_some(),
            "the io error is the source"
        );
        assert!(e.to_string().contains("do not retry"), "{e}");
        // A command that only read must not warn against a retry.
        let e = CliError::output(io(), Lang::En);
        assert!(!e.to_string().contains("retry"), "{e}");
    }
}
