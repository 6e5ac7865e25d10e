//! `bangfu import FILE --csv ROWS.csv`: append every row of a CSV file, all or nothing.

use super::{CliError, edit_and_save, now, output};
use crate::i18n::{Lang, cli as words};
use crate::ledger::{Ledger, MasterKind};
use crate::transfer::csv as csv_transfer;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The CSV file (UTF-8 or GBK; Chinese or English headers).
    #[arg(long)]
    pub csv: PathBuf,
}

/// Runs `bangfu import`.
pub fn run(args: &ImportArgs, lang: Lang) -> Result<(), CliError> {
    let csv_path = &args.csv;
    let bytes = std::fs::read(csv_path)
        .map_err(|e| CliError::BadInput(words::cannot_read_file(lang, csv_path, &e)))?;
    let refuse = |errors: csv_transfer::ImportErrors| {
        let mut lines = vec![words::import_errors(lang, csv_path, errors.total())];
        lines.extend(errors.lines(lang));
        CliError::BadInput(lines.join("\n"))
    };
    let text = csv_transfer::decode(&bytes).map_err(refuse)?;
    let make = |ledger: &Ledger| csv_transfer::plan_import(ledger, &text, now()).map_err(refuse);
    let (_, plan) = edit_and_save(&args.file, lang, make, |p| &p.edit)?;
    let list = |names: &[String]| names.join(words::LIST_SEPARATOR.get(lang));
    let mut lines = vec![words::imported(lang, plan.entries)];
    if !plan.ignored_columns.is_empty() {
        let names = plan.ignored_columns.join(words::LIST_SEPARATOR.get(lang));
        lines.push(crate::i18n::model::csv_ignored_columns(lang, &names));
    }
    if !plan.new_villages.is_empty() {
        lines.push(words::new_villages(lang, &list(&plan.new_villages)));
    }
    if !plan.new_departments.is_empty() {
        lines.push(words::new_departments(lang, &list(&plan.new_departments)));
    }
    if !plan.new_categories.is_empty() {
        lines.push(words::new_categories(lang, &list(&plan.new_categories)));
    }
    // The name rule lets a unique part stand for a name: say which were read so,
    // once each.
    let mut matched: Vec<&(MasterKind, String, String)> = Vec::new();
    for m in &plan.matched_by_part {
        if !matched.contains(&m) {
            matched.push(m);
        }
    }
    lines.extend(matched.iter().map(|(kind, typed, name)| {
        words::name_read_as(lang, kind.field().label(lang), typed, name)
    }));
    lines.iter().try_for_each(|l| output::line(l, lang))
}
