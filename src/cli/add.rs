//! `bangfu add FILE --date … --village … --department … --kind … --what … [...]`: one
//! entry, validated before the file is touched, saved safely.
//!
//! The flags come from the field registry ([`ENTRY_FIELDS`]): each entry field gives
//! one flag (its name, help and whether it is required), so a new field needs no change
//! here.

use super::{CliError, edit_and_save, now, output};
use crate::i18n::{Lang, cli as words};
use crate::ledger::edit::BatchLabel;
use crate::ledger::entry_text::{CreateNames, EntryText};
use crate::ledger::{ENTRY_FIELDS, Edit, FieldError, Ledger};
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Arguments of `bangfu add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// The entry's fields.
    #[command(flatten)]
    pub fields: FieldFlags,
    /// Create the village or department if it does not exist.
    #[arg(long)]
    pub create: bool,
}

/// The entry's fields as typed: one flag per field of [`ENTRY_FIELDS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldFlags {
    /// The typed text of each field, in the registry's order; empty when not given.
    values: Vec<String>,
}

impl FieldFlags {
    /// The fields as an [`EntryText`].
    pub fn text(&self) -> EntryText<'_> {
        let mut text = EntryText::default();
        for (f, value) in ENTRY_FIELDS.iter().zip(&self.values) {
            (f.set)(&mut text, value);
        }
        text
    }
}

/// The value names in the help (`--person-times <PERSON_TIMES>`): each field's CSV header
/// in capitals, made once.
fn value_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| ENTRY_FIELDS.iter().map(|f| f.csv.to_uppercase()).collect())
}

impl Args for FieldFlags {
    fn augment_args(cmd: Command) -> Command {
        ENTRY_FIELDS
            .iter()
            .zip(value_names())
            .fold(cmd, |cmd, (f, name)| {
                // The id is the CSV header: unique, and how the value is found again.
                cmd.arg(
                    Arg::new(f.csv)
                        .long(f.flag)
                        .value_name(name.as_str())
                        .help(f.help.get(Lang::En))
                        .required(f.required)
                        .action(ArgAction::Set)
                        // Any text reaches the field's parser (`-5`, `- see notes`), which
                        // says what is wrong with it in the catalog's words.
                        .allow_hyphen_values(true),
                )
            })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        FieldFlags::augment_args(cmd)
    }
}

impl FromArgMatches for FieldFlags {
    fn from_arg_matches(m: &ArgMatches) -> Result<FieldFlags, clap::Error> {
        let values = ENTRY_FIELDS
            .iter()
            .map(|f| m.get_one::<String>(f.csv).cloned().unwrap_or_default())
            .collect();
        Ok(FieldFlags { values })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        for (f, value) in ENTRY_FIELDS.iter().zip(&mut self.values) {
            if let Some(v) = m.get_one::<String>(f.csv) {
                value.clone_from(v);
            }
        }
        Ok(())
    }
}

/// Every bad field, one a line; a name that is not found lists the known ones and, when
/// `create_hint`, says how to create it.
fn bad_fields(errors: &[FieldError], lang: Lang, create_hint: bool) -> CliError {
    CliError::BadInput(
        errors
            .iter()
            .map(|e| e.detailed_message(lang, create_hint))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Runs `bangfu add`.
pub fn run(a: &AddArgs, lang: Lang) -> Result<(), CliError> {
    let text = a.fields.text();
    // Parse every field first: a bad value is reported before the file is touched.
    text.parse()
        .map_err(|errors| bad_fields(&errors, lang, !a.create))?;
    let create = CreateNames {
        villages: a.create,
        departments: a.create,
        categories: true,
    };
    let make = |ledger: &Ledger| {
        let stamp = now();
        let (entry, mut edits) = text
            .to_entry(ledger, ledger.next_entry_id(), stamp, stamp, create)
            .map_err(|errors| bad_fields(&errors, lang, !a.create))?;
        edits.push(Edit::AddEntry(Box::new(entry.clone())));
        let edit = if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch {
                label: BatchLabel::Import { entries: 1 },
                edits,
            }
        };
        Ok((edit, entry))
    };
    let (ledger, (_, entry)) = edit_and_save(&a.file, lang, make, |(edit, _)| edit)?;
    output::done(
        &words::entry_added(
            lang,
            entry.id.0,
            &entry.date.to_string(),
            ledger.village_name(entry.village),
            &entry.what,
            &entry.value_fen.display(),
        ),
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::{CommandFactory, Parser};

    fn add_args(argv: &[&str]) -> Result<AddArgs, clap::Error> {
        let cli = Cli::try_parse_from(["bangfu", "add", "l.ron"].iter().chain(argv))?;
        match cli.command {
            Some(crate::cli::Command::Add(a)) => Ok(*a),
            other => panic!("not an add: {other:?}"),
        }
    }

    #[test]
    fn every_entry_field_is_a_flag_with_its_help() {
        let cmd = Cli::command();
        let add = cmd.find_subcommand("add").expect("add");
        for f in &ENTRY_FIELDS {
            let arg = add
                .get_arguments()
                .find(|a| a.get_long() == Some(f.flag))
                .unwrap_or_else(|| panic!("no --{}", f.flag));
            assert_eq!(
                arg.get_help().map(|h| h.to_string()),
                Some(f.help.get(Lang::En).to_string())
            );
            assert_eq!(arg.is_required_set(), f.required, "--{}", f.flag);
        }
    }

    #[test]
    fn the_flags_fill_the_entry_text_field_by_field() {
        let argv = "--date 2020-06-01 --village 九股村 --department 团委 --kind 物资 --what 书包 \
                    --value -5 --person-times 7 --delivered 1";
        let a = add_args(&argv.split_whitespace().collect::<Vec<_>>()).expect("parses");
        let t = a.fields.text();
        assert_eq!(
            (t.date, t.village, t.department, t.kind, t.what),
            ("2020-06-01", "九股村", "团委", "物资", "书包")
        );
        assert_eq!((t.value, t.person_times, t.delivered), ("-5", "7", "1"));
        assert_eq!((t.category, t.quantity, t.notes), ("", "", ""));
        assert!(!a.create);
    }

    #[test]
    fn a_required_field_left_out_is_a_usage_error() {
        let e = add_args(&["--date", "2020-06-01", "--village", "九股村"]).expect_err("missing");
        assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        let text = e.to_string();
        assert!(text.contains("--department <DEPARTMENT>"), "{text}");
        assert!(text.contains("--what <WHAT>"), "{text}");
    }
}
