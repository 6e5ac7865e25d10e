//! Everything the CLI prints goes through here, and nothing here panics.
//!
//! `println!` panics when stdout is a closed pipe (`bangfu import … | head -1`) or a full
//! disk (`> /dev/full`), which would end the process with 101 *after* the ledger was saved.
//! [`line`], [`text`] and [`done`] return the error instead, as [`CliError::Output`]
//! (exit 4); after a save or a written file ([`done`]) its message says not to retry. Messages to stderr are best effort: if stderr is gone too, they are
//! dropped.

use super::CliError;
use crate::i18n::Lang;
use std::io::Write;

/// Writes `text` and a newline to stdout and flushes it.
pub fn line(text: &str, lang: Lang) -> Result<(), CliError> {
    write_stdout(&[text.as_bytes(), b"\n"], lang)
}

/// Writes `text` as it is to stdout and flushes it.
pub fn text(text: &str, lang: Lang) -> Result<(), CliError> {
    write_stdout(&[text.as_bytes()], lang)
}

/// Writes the line that reports work already done (a save, a written file): if it cannot
/// be written, the error says the work was done and must not be retried.
pub fn done(text: &str, lang: Lang) -> Result<(), CliError> {
    write_all(&[text.as_bytes(), b"\n"]).map_err(|e| CliError::output_after_work(e, lang))
}

fn write_stdout(parts: &[&[u8]], lang: Lang) -> Result<(), CliError> {
    write_all(parts).map_err(|e| CliError::output(e, lang))
}

fn write_all(parts: &[&[u8]]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    parts
        .iter()
        .try_for_each(|p| out.write_all(p))
        .and_then(|()| out.flush())
}

/// Writes a message and a newline to stderr; a failure is ignored (there is nowhere left
/// to report it).
pub fn error(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(text.as_bytes())
        .and_then(|()| err.write_all(b"\n"))
        .and_then(|()| err.flush());
}
