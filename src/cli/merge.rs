//! `bangfu merge FILE OTHER.ron [--map THEIRS=OURS]... [--new NAME]...`: add another
//! ledger's entries (a department's own ledger), skipping those already present. The other
//! ledger is only read, never locked or changed.

use super::{CliError, edit_and_save, output, read};
use crate::i18n::{Lang, cli as words, transfer as tw};
use crate::ledger::Ledger;
use crate::transfer::merge::{Choice, Choices, MergeError, plan_merge};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `bangfu merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The ledger to merge into.
    pub file: PathBuf,
    /// The other ledger (read only).
    pub other: PathBuf,
    /// Take one of their names as one of ours: `--map 九股村委会=九股村`.
    #[arg(long = "map", value_name = "THEIRS=OURS")]
    pub map: Vec<String>,
    /// Add one of their names as a new record although it is close to one of ours.
    #[arg(long = "new", value_name = "NAME")]
    pub new: Vec<String>,
}

/// Runs `bangfu merge`.
pub fn run(args: &MergeArgs, lang: Lang) -> Result<(), CliError> {
    let mut choices = Choices::default();
    for m in &args.map {
        let Some((theirs, ours)) = m.split_once('=') else {
            return Err(CliError::Usage(tw::bad_map(lang, m)));
        };
        choices.0.insert(
            theirs.trim().to_string(),
            Choice::Map(ours.trim().to_string()),
        );
    }
    for n in &args.new {
        choices.0.insert(n.trim().to_string(), Choice::New);
    }
    let theirs = read(&args.other, lang)?;
    let make = |ours: &Ledger| {
        let plan = plan_merge(ours, &theirs, &choices).map_err(|e| match e {
            MergeError::NearDuplicates(near) => {
                let mut lines = vec![tw::near_duplicates(lang, near.len())];
                lines.extend(near.iter().map(|n| {
                    tw::near_duplicate(
                        lang,
                        n.kind.field().label(lang),
                        &n.theirs,
                        &n.ours.join(words::LIST_SEPARATOR.get(lang)),
                    )
                }));
                CliError::BadInput(lines.join("\n"))
            }
            MergeError::NoSuchTarget { theirs, ours } => {
                CliError::BadInput(tw::map_target_missing(lang, &theirs, &ours))
            }
        })?;
        // Their evidence files come first: a merge never links a file that is not here.
        super::evidence::copy_files(&args.other, &args.file, &plan.attachments, lang)?;
        Ok(plan)
    };
    let (_, plan) = edit_and_save(&args.file, lang, make, |p| &p.edit)?;
    let list = |names: &[String]| names.join(words::LIST_SEPARATOR.get(lang));
    let mut lines = vec![tw::merged(lang, plan.added, plan.skipped)];
    if !plan.attachments.is_empty() {
        lines.push(crate::i18n::evidence::merged_files(
            lang,
            plan.attachments.len(),
        ));
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
    lines.extend(
        plan.mapped
            .iter()
            .map(|(_, theirs, ours)| tw::mapped_as(lang, theirs, ours)),
    );
    lines.iter().try_for_each(|l| output::line(l, lang))
}
